"""Brief + edition -> ResolvedBrief: pure, no I/O beyond cached label files.

Chooses and orders sections, drops content tagged for other audiences,
applies the language's labels and numbers citations in reading order
(spec: numbered in order of first citation; never-cited references follow in
the order listed; an edition's list holds only what that edition cites).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from policybrief.load import markup
from policybrief.load.labels import Language, language
from policybrief.model.brief import Brief, Edition, Option, Point, SectionName
from policybrief.model.resolved import RAnnex, ResolvedBrief, ROption, RPoint, RReference, RSection

FULL = "full"
DEFAULT_ORDER: tuple[SectionName, ...] = tuple(SectionName)


def resolve(
    brief: Brief,
    *,
    source: str,
    stem: str,
    edition: str | None,
    spec: Edition | None,
    uncited: frozenset[str],
    takeaways_first: bool = False,
) -> ResolvedBrief:
    """`brief` is the edition's merged brief, `spec` its entry under `editions`;
    `uncited` holds the ids that the whole brief (every edition included) never cites.

    `takeaways_first` is the layout's `takeaways.position: before_summary`: it
    moves the box ahead of the summary when the edition sets no order of its
    own (an edition's `sections` always decide). Citations are numbered in the
    order the sections are drawn, so both follow this one order.
    """
    lang_tag = (spec.language if spec and spec.language else None) or brief.language
    lang = language(lang_tag)
    order = tuple(spec.sections) if spec and spec.sections else DEFAULT_ORDER
    if takeaways_first and not (spec and spec.sections):
        order = _takeaways_before_summary(order)
    keep = _audience_filter(edition)
    sections = [s for name in order if (s := _section(brief, name, lang, keep)) is not None]
    # Without a reference list a citation number would point nowhere: drop the markers.
    numbers = _number_citations(sections) if SectionName.REFERENCES in order else {}
    references = (
        _references(brief, numbers, None if edition is None else uncited, lang)
        if SectionName.REFERENCES in order
        else ()
    )
    if references:
        sections = [
            RSection(SectionName.REFERENCES, lang.labels.references, "references")
            if s.kind is SectionName.REFERENCES
            else s
            for s in sections
        ]
    else:
        sections = [s for s in sections if s.kind is not SectionName.REFERENCES]
    annexes = (
        tuple(RAnnex(a.title, a.file) for a in brief.annexes or [])
        if SectionName.ANNEXES in order
        else ()
    )
    authors = brief.authors or []
    return ResolvedBrief(
        source=source,
        stem=stem,
        edition=edition,
        edition_label=spec.label if spec else None,
        language=lang_tag,
        title=brief.title,
        subtitle=brief.subtitle,
        standfirst=brief.standfirst,
        series=brief.series,
        date=brief.date,
        date_text=lang.format_date(brief.date),
        authors=tuple(a.name for a in authors),
        author_lines=tuple(
            ", ".join(filter(None, (a.name, a.role, a.affiliation))) for a in authors
        ),
        author_emails=tuple(a.email for a in authors),
        organization=brief.organization.name if brief.organization else None,
        organization_url=brief.organization.url if brief.organization else None,
        logo=brief.organization.logo if brief.organization else None,
        classification=brief.classification,
        draft=brief.status == "draft",
        keywords=tuple(brief.keywords or ()),
        layout=(spec.layout if spec and spec.layout else None) or brief.layout,
        sections=tuple(sections),
        references=references,
        annexes=annexes,
        cite_numbers=numbers,
    )


def _takeaways_before_summary(order: tuple[SectionName, ...]) -> tuple[SectionName, ...]:
    if SectionName.KEY_TAKEAWAYS not in order or SectionName.SUMMARY not in order:
        return order
    rest = [name for name in order if name is not SectionName.KEY_TAKEAWAYS]
    at = rest.index(SectionName.SUMMARY)
    return (*rest[:at], SectionName.KEY_TAKEAWAYS, *rest[at:])


def _audience_filter(edition: str | None) -> Any:
    def keep(item: Any) -> bool:
        tags = getattr(item, "audiences", None)
        return edition is None or not tags or edition in tags

    return keep


def _points(points: Iterable[Point] | None, keep: Any) -> tuple[RPoint, ...]:
    return tuple(RPoint(p.label, markup.parse(p.text)) for p in points or () if keep(p))


def _blocks(text: str | None) -> tuple[markup.Block, ...]:
    return markup.parse(text) if text else ()


def _section(brief: Brief, name: SectionName, lang: Language, keep: Any) -> RSection | None:
    labels = lang.labels
    heading = getattr(labels, name.value)
    if name is SectionName.SUMMARY:
        return (
            RSection(name, heading, "summary", blocks=_blocks(brief.summary))
            if brief.summary
            else None
        )
    if name is SectionName.KEY_TAKEAWAYS:
        points = _points(brief.key_takeaways, keep)
        return RSection(name, heading, "key_takeaways", points=points) if points else None
    if name in (SectionName.BACKGROUND, SectionName.OUTLOOK, SectionName.CALL_TO_ACTION):
        body = getattr(brief, name.value)
        points = _points(body.points, keep)
        if not body.body and not points:
            return None
        return RSection(
            name, body.heading or heading, name.value, blocks=_blocks(body.body), points=points
        )
    if name is SectionName.OPTIONS:
        options = tuple(_option(o, keep) for o in brief.options.items if keep(o))
        if not options:
            return None
        return RSection(
            name,
            brief.options.heading or heading,
            "options",
            blocks=_blocks(brief.options.intro),
            options=options,
        )
    if name is SectionName.ANALYSIS:
        subs = tuple(
            RSection(
                name,
                s.heading,
                f"analysis[{i}]",
                number=n,
                blocks=_blocks(s.body),
                points=_points(s.points, keep),
            )
            for n, (i, s) in enumerate(
                ((i, s) for i, s in enumerate(brief.analysis or []) if keep(s)), start=1
            )
        )
        return RSection(name, heading, "analysis", subsections=subs) if subs else None
    if name is SectionName.PROS_CONS:
        pc = brief.pros_cons
        pros, cons = _points(pc.pros, keep), _points(pc.cons, keep)
        if not pros and not cons:
            return None
        return RSection(
            name, pc.heading or heading, "pros_cons", blocks=_blocks(pc.intro), pros=pros, cons=cons
        )
    if name is SectionName.REFERENCES:
        return RSection(name, heading, "references") if brief.references else None
    return None  # annexes are appended after layout, not drawn as a section


def _option(option: Option, keep: Any) -> ROption:
    return ROption(
        option.title,
        markup.parse(option.text),
        _points(option.pros, keep),
        _points(option.cons, keep),
    )


def section_blocks(section: RSection) -> Iterable[tuple[markup.Block, ...]]:
    """Every block group of a section, in reading order."""
    yield section.blocks
    for point in section.points:
        yield point.blocks
    for option in section.options:
        yield option.blocks
        yield from _row_by_row(option.pros, option.cons)
    for sub in section.subsections:
        yield from section_blocks(sub)
    yield from _row_by_row(section.pros, section.cons)


def _row_by_row(
    pros: tuple[RPoint, ...], cons: tuple[RPoint, ...]
) -> Iterable[tuple[markup.Block, ...]]:
    """Pros and cons sit side by side in a table: they are read row by row."""
    for i in range(max(len(pros), len(cons))):
        for side in (pros, cons):
            if i < len(side):
                yield side[i].blocks


def _number_citations(sections: list[RSection]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for section in sections:
        for blocks in section_blocks(section):
            for ref in markup.cited_ids(blocks):
                numbers.setdefault(ref, len(numbers) + 1)
    return numbers


def _references(
    brief: Brief, numbers: dict[str, int], uncited: frozenset[str] | None, lang: Language
) -> tuple[RReference, ...]:
    by_id = {r.id: r for r in brief.references or []}
    order = sorted((i for i in numbers if i in by_id), key=numbers.__getitem__)
    # The full build (uncited is None) lists every reference; an edition adds only
    # those that nothing in the brief cites (spec: "plus uncited references").
    order += [
        r.id
        for r in brief.references or []
        if r.id not in numbers and (uncited is None or r.id in uncited)
    ]
    out = []
    for n, ref_id in enumerate(order, start=1):
        ref = by_id[ref_id]
        numbers.setdefault(ref_id, n)
        out.append(
            RReference(
                number=n,
                id=ref.id,
                title=ref.title,
                author=ref.author,
                publisher=ref.publisher,
                year=ref.year,
                url=ref.url,
                accessed=lang.format_date(ref.accessed) if ref.accessed else None,
                note=_blocks(ref.note),
            )
        )
    return tuple(out)
