"""The edition report of `--check`: what each audience gets, without building.

For every target of a brief (the full build and each edition): its layout,
language, the sections it carries in order, how many points, options
and references that audience sees, and its exhibits as that edition numbers
them ("Figure 1 (fig-growth), Table 1 (tbl-issuers), Box 1").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from policybrief.load.checks import ValidBrief
from policybrief.load.labels import language
from policybrief.load.layouts import LoadedLayout
from policybrief.model.resolved import (
    Analysis,
    Box,
    DataTable,
    Figure,
    Options,
    ProsCons,
    Prose,
    ResolvedBrief,
    Section,
    Takeaways,
    section_name,
)
from policybrief.resolve import resolve
from policybrief.resolve.edition import language_of
from policybrief.run.build import target_of


@dataclass(frozen=True)
class EditionSummary:
    edition: str
    label: str | None
    layout: str
    language: str
    sections: tuple[str, ...]
    points: int
    options: int
    references: int
    kind: str = "policy"  # the brief's `kind` (an edition's overrides may change it)
    exhibits: tuple[str, ...] = ()  # "Figure 1 (fig-growth)", in reading order

    def lines(self) -> list[str]:
        label = f' "{self.label}"' if self.label else ""
        counts = ", ".join(
            _count(n, what)
            for n, what in (
                (self.points, "point"),
                (self.options, "option"),
                (self.references, "reference"),
            )
        )
        return [
            f"  {self.edition}{label} ({self.layout}, {self.language}; kind {self.kind}):"
            f" {counts}",
            f"    sections: {', '.join(self.sections)}",
            *([f"    exhibits: {', '.join(self.exhibits)}"] if self.exhibits else []),
        ]


def summarise(
    valid: ValidBrief, source: str, layouts: dict[str, LoadedLayout]
) -> list[EditionSummary]:
    """One summary per target, each resolved with the layout its build would use."""
    out = []
    for edition, loaded in layouts.items():
        target = target_of(valid, edition)
        resolved = resolve(
            target,
            source=source,
            lang=language(language_of(target)),
            takeaways_first=loaded.layout.takeaways.position == "before_summary",
            citations=loaded.layout.citations.style,
            numbered_headings=loaded.layout.headings.numbering,
            notes=loaded.layout.notes,
        )
        summary = _summary(edition, resolved, loaded.name, target.brief.kind)
        labels = language(resolved.language).labels
        names = {Figure: labels.figure, DataTable: labels.table, Box: labels.box}
        shown = tuple(_exhibit(names[type(e)], e) for e in _exhibits(resolved.sections))
        out.append(dataclasses.replace(summary, exhibits=shown))
    return out


def _exhibit(label: str, exhibit: Figure | DataTable | Box) -> str:
    named = f" ({exhibit.anchor})" if exhibit.anchor else ""
    return f"{label} {exhibit.number}{named}"


def _exhibits(node: Any) -> Iterator[Figure | DataTable | Box]:
    """The numbered exhibits under `node`, in the order the edition numbers them (a
    box's own exhibits after it); an uncaptioned pipe table has no number."""
    if isinstance(node, tuple | list):
        for item in node:
            yield from _exhibits(item)
        return
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return
    if isinstance(node, Figure | DataTable | Box) and node.number:
        yield node
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if isinstance(value, tuple) or dataclasses.is_dataclass(value):
            yield from _exhibits(value)


def _summary(target: str, resolved: ResolvedBrief, layout: str, kind: str) -> EditionSummary:
    return EditionSummary(
        kind=kind,
        edition=target,
        label=resolved.edition_label,
        layout=layout,
        language=resolved.language,
        sections=tuple(section_name(s).value for s in resolved.sections)
        + (("annexes",) if resolved.annexes else ()),
        points=sum(_points(s) for s in resolved.sections),
        options=sum(len(s.items) for s in resolved.sections if isinstance(s, Options)),
        references=len(resolved.references),
    )


def _points(section: Section) -> int:
    """Points each audience sees: takeaways, a section's points, pros and cons."""
    match section:
        case Takeaways(points=points) | Prose(points=points):
            return len(points)
        case Options(items=items):
            return sum(len(o.pros) + len(o.cons) for o in items)
        case Analysis(sections=subs):
            return sum(len(sub.points) for sub in subs)
        case ProsCons(pros=pros, cons=cons):
            return len(pros) + len(cons)
        case _:
            return 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
