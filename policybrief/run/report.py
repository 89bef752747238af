"""The edition report of `--check`: what each audience gets, without building.

For every target of a brief (the full build and each edition): its layout,
language, the sections it carries in order, and how many points, options
and references that audience sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from policybrief.load.layouts import LoadedLayout
from policybrief.load.validate import ValidBrief
from policybrief.model.resolved import ResolvedBrief, RSection
from policybrief.resolve.edition import FULL, resolve


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
            f"  {self.edition}{label} ({self.layout}, {self.language}): {counts}",
            f"    sections: {', '.join(self.sections)}",
        ]


def summarise(
    valid: ValidBrief, source: str, stem: str, layouts: dict[str, LoadedLayout]
) -> list[EditionSummary]:
    """One summary per target, each resolved with the layout its build would use."""
    out = []
    for target, loaded in layouts.items():
        edition = None if target == FULL else target
        spec = (valid.brief.editions or {}).get(target) if edition else None
        brief = valid.editions[target] if edition else valid.brief
        resolved = resolve(
            brief,
            source=source,
            stem=stem,
            edition=edition,
            spec=spec,
            uncited=valid.uncited,
            takeaways_first=loaded.layout.takeaways.position == "before_summary",
        )
        out.append(_summary(target, resolved, loaded.name))
    return out


def _summary(target: str, resolved: ResolvedBrief, layout: str) -> EditionSummary:
    return EditionSummary(
        edition=target,
        label=resolved.edition_label,
        layout=layout,
        language=resolved.language,
        sections=tuple(s.kind.value for s in resolved.sections)
        + (("annexes",) if resolved.annexes else ()),
        points=sum(_points(s) for s in resolved.sections),
        options=sum(len(s.options) for s in resolved.sections),
        references=len(resolved.references),
    )


def _points(section: RSection) -> int:
    own = len(section.points) + len(section.pros) + len(section.cons)
    in_options = sum(len(o.pros) + len(o.cons) for o in section.options)
    return own + in_options + sum(_points(s) for s in section.subsections)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
