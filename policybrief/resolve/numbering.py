"""Citation numbers: in the order a reader meets them (spec: numbered in order of
first citation; never-cited references follow in the order listed; an edition's
list holds only what that edition cites)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from policybrief.model.brief import Brief
from policybrief.model.inline import cited_ids
from policybrief.model.labels import Language
from policybrief.model.paths import Origin
from policybrief.model.resolved import (
    Analysis,
    BodyBlock,
    Options,
    ProsCons,
    Prose,
    References,
    RPoint,
    RReference,
    Section,
    Summary,
    Takeaways,
)
from policybrief.resolve.citations import AUTHOR_YEAR, author_year_labels, sort_key
from policybrief.resolve.exhibits import markdown_groups
from policybrief.resolve.sections import blocks_of


def section_blocks(section: Section) -> Iterator[tuple[BodyBlock, ...]]:
    """Every block group of a section, in reading order."""
    match section:
        case Summary(blocks=blocks):
            yield blocks
        case Takeaways(points=points):
            yield from (p.blocks for p in points)
        case Prose(blocks=blocks, points=points):
            yield blocks
            yield from (p.blocks for p in points)
        case Options(intro=intro, items=items):
            yield intro
            for option in items:
                yield option.blocks
                yield from _row_by_row(option.pros, option.cons)
        case Analysis(sections=subs):
            for sub in subs:
                yield sub.blocks
                yield from (p.blocks for p in sub.points)
        case ProsCons(intro=intro, pros=pros, cons=cons):
            yield intro
            yield from _row_by_row(pros, cons)
        case References(entries=entries):
            yield from (ref.note for ref in entries)


def _row_by_row(
    pros: tuple[RPoint, ...], cons: tuple[RPoint, ...]
) -> Iterable[tuple[BodyBlock, ...]]:
    """Pros and cons sit side by side in a table: they are read row by row."""
    for i in range(max(len(pros), len(cons))):
        for side in (pros, cons):
            if i < len(side):
                yield side[i].blocks


def number_citations(sections: Iterable[Section]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for section in sections:
        for body in section_blocks(section):
            for blocks in markdown_groups(body):  # exhibits' captions and cells too
                for ref in cited_ids(blocks):
                    numbers.setdefault(ref, len(numbers) + 1)
    return numbers


def references(
    brief: Brief,
    numbers: dict[str, int],
    uncited: frozenset[str] | None,
    lang: Language,
    at: Origin,
    style: str = "brackets",
) -> tuple[RReference, ...]:
    """The reference list: cited ones by number, then (spec) those nothing cites;
    in the author–year style (spec 1.1) all of them sorted by author, then year.

    The full build (`uncited` is None) lists every reference; an edition adds
    only those that nothing in the brief cites. `numbers` gains the numbers of
    the uncited ones (in the author–year style: every id its place in the list)."""
    listed = brief.references or []
    index = {r.id: i for i, r in enumerate(listed)}
    order = sorted((i for i in numbers if i in index), key=numbers.__getitem__)
    order += [
        r.id for r in listed if r.id not in numbers and (uncited is None or r.id in uncited)
    ]
    labels: dict[str, tuple[str, str]] = {}
    if style == AUTHOR_YEAR:
        order.sort(key=lambda ref_id: sort_key(listed[index[ref_id]]))
        labels = author_year_labels((listed[index[i]] for i in order), lang.labels)
        numbers.clear()
    out = []
    for n, ref_id in enumerate(order, start=1):
        ref = listed[index[ref_id]]
        numbers.setdefault(ref_id, n)
        names, year = labels.get(ref_id, (None, None))
        out.append(
            RReference(
                origin=at.child(index[ref_id]),
                number=n,
                id=ref.id,
                title=ref.title,
                author=ref.author,
                publisher=ref.publisher,
                year=ref.year,
                url=ref.url,
                accessed=lang.format_date(ref.accessed) if ref.accessed else None,
                note=blocks_of(ref.note),
                type=ref.type,
                authors=tuple(ref.authors or ()),
                container=ref.container,
                volume=ref.volume,
                issue=ref.issue,
                pages=ref.pages,
                work_number=ref.number,
                date=lang.format_date(ref.date) if ref.date else None,
                doi=ref.doi,
                cite_names=names,
                cite_year=year,
            )
        )
    return tuple(out)
