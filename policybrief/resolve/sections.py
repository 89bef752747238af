"""One brief section -> its resolved block, for one edition's audience.

Each builder returns None when the edition has nothing left to show in that
section (every point tagged for another audience, no text).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from policybrief.load import markup
from policybrief.model.brief import Brief, Option, Point, Section, SectionName, TakeawaysBody
from policybrief.model.files import BriefFiles
from policybrief.model.inline import Block
from policybrief.model.labels import LabelSet
from policybrief.model.paths import Origin
from policybrief.model.resolved import (
    Analysis,
    AnalysisSection,
    Options,
    ProsCons,
    Prose,
    Recommendations,
    ROption,
    RPoint,
    RRecommendation,
    Summary,
    Takeaways,
)
from policybrief.model.resolved import Section as Resolved
from policybrief.resolve import backmatter
from policybrief.resolve.exhibits import BodyMaker
from policybrief.resolve.typeset import ENGLISH, Setter


class Tagged(Protocol):
    @property
    def audiences(self) -> list[str] | None: ...


Keep = Callable[[Tagged], bool]


def audience_filter(edition: str | None) -> Keep:
    """The full build shows everything; an edition what is untagged or tagged for it."""

    def keep(item: Tagged) -> bool:
        tags = item.audiences
        return edition is None or not tags or edition in tags

    return keep


class SectionMaker:
    """Builds the resolved sections of one edition's merged brief."""

    def __init__(
        self,
        brief: Brief,
        labels: LabelSet,
        keep: Keep,
        origin: Callable[[str], Origin],
        files: BriefFiles | None = None,
        language: str = "en",
        setter: Setter = ENGLISH,
    ) -> None:
        self.brief, self.labels, self.keep, self.origin = brief, labels, keep, origin
        self.files = files or BriefFiles()
        self.set = setter
        self.bodies = BodyMaker(self.files, language, self.points, setter)

    def make(self, name: SectionName) -> Resolved | None:
        at = self.origin(name.value)
        match name:
            case SectionName.SUMMARY:
                return self.summary(at)
            case SectionName.KEY_TAKEAWAYS:
                return self.takeaways(at)
            case SectionName.BACKGROUND | SectionName.OUTLOOK | SectionName.CALL_TO_ACTION:
                return self.prose(name, at)
            case SectionName.OPTIONS:
                return self.options(at)
            case SectionName.ANALYSIS:
                return self.analysis(at)
            case SectionName.PROS_CONS:
                return self.pros_cons(at)
            case SectionName.RECOMMENDATIONS:
                return self.recommendations(at)
            case SectionName.ABOUT:
                authors = self.origin("authors")
                return backmatter.about(self.brief, self.labels, authors, self.files, self.set)
            case SectionName.PUBLICATION:
                return backmatter.publication(self.brief, self.labels, at, self.set)
        return None  # references are made once citations are numbered; annexes are pages

    def summary(self, at: Origin) -> Summary | None:
        text = self.brief.summary_text
        heading = self.set.line(self.brief.summary_heading or self.labels.summary)
        return Summary(at, heading, self.set.blocks(text)) if text else None

    def takeaways(self, at: Origin) -> Takeaways | None:
        mapping = isinstance(self.brief.key_takeaways, TakeawaysBody)
        points = self.points(at.child("points") if mapping else at, self.brief.takeaway_points)
        heading = self.set.line(self.brief.takeaways_heading or self.labels.key_takeaways)
        return Takeaways(at, heading, points) if points else None

    def prose(self, name: SectionName, at: Origin) -> Prose | None:
        body: Section | None = getattr(self.brief, name.value)
        if body is None:  # left out of a `kind: general` brief
            return None
        points = self.points(at.child("points"), body.points)
        if not body.body and not points:
            return None
        heading = self.set.line(body.heading or getattr(self.labels, name.value))
        blocks = self.bodies.body(body.body, at.child("body"))
        return Prose(at, name, heading, blocks, points, anchor=body.id)

    def options(self, at: Origin) -> Options | None:
        options = self.brief.options
        if options is None:
            return None
        items = tuple(
            self.option(at.child("items", i), o)
            for i, o in enumerate(options.items)
            if self.keep(o)
        )
        if not items:
            return None
        heading = self.set.line(options.heading or self.labels.options)
        return Options(at, heading, self.set.blocks(options.intro), items)

    def option(self, at: Origin, option: Option) -> ROption:
        pros = self.points(at.child("pros"), option.pros)
        cons = self.points(at.child("cons"), option.cons)
        return ROption(
            at,
            self.set.line(option.title),
            self.bodies.body(option.text, at.child("text")),
            pros,
            cons,
        )

    def analysis(self, at: Origin) -> Analysis | None:
        shown = [(i, s) for i, s in enumerate(self.brief.analysis or []) if self.keep(s)]
        sections = tuple(
            AnalysisSection(
                at.child(i),
                number,
                self.set.line(s.heading),
                self.bodies.body(s.body, at.child(i, "body")),
                self.points(at.child(i, "points"), s.points),
                anchor=s.id,
            )
            for number, (i, s) in enumerate(shown, start=1)
        )
        return Analysis(at, self.labels.analysis, sections) if sections else None

    def pros_cons(self, at: Origin) -> ProsCons | None:
        pc = self.brief.pros_cons
        if pc is None:
            return None
        pros = self.points(at.child("pros"), pc.pros)
        cons = self.points(at.child("cons"), pc.cons)
        if not pros and not cons:
            return None
        heading = self.set.line(pc.heading or self.labels.pros_cons)
        return ProsCons(at, heading, self.set.blocks(pc.intro), pros, cons)

    def recommendations(self, at: Origin) -> Recommendations | None:
        given = self.brief.recommendations
        if given is None:
            return None
        shown = [(i, r) for i, r in enumerate(given.points) if self.keep(r)]
        items = tuple(
            RRecommendation(
                at.child("points", i), n, r.id, self.set.maybe(r.to), self.set.blocks(r.text)
            )
            for n, (i, r) in enumerate(shown, start=1)
        )
        if not items:
            return None
        heading = self.set.line(given.heading or self.labels.recommendations)
        return Recommendations(at, heading, self.set.blocks(given.intro), items)

    def points(self, at: Origin, points: Iterable[Point] | None) -> tuple[RPoint, ...]:
        return tuple(
            RPoint(at.child(i), self.set.maybe(p.label), self.set.blocks(p.text))
            for i, p in enumerate(points or ())
            if self.keep(p)
        )


def blocks_of(text: str | None) -> tuple[Block, ...]:
    """Markdown in English typography: a reference's note (references keep their text)."""
    return markup.parse(text) if text else ()
