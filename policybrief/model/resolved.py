"""A brief resolved for one edition: what the renderer draws, nothing more.

Sections are chosen and ordered, audiences filtered, overrides applied,
labels picked for the language and citations numbered. Markdown is already
parsed into blocks. One frozen class per kind of section (`Section`, matched
with `match` by the renderer and the `--check` report); every section, point
and option keeps its `Origin`, the field it was written in, so that a problem
found while laying it out is reported at that line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from policybrief.model.brief import SectionName
from policybrief.model.inline import Block
from policybrief.model.paths import Origin


@dataclass(frozen=True, slots=True)
class RPoint:
    origin: Origin
    label: str | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ROption:
    origin: Origin
    title: str
    blocks: tuple[Block, ...]
    pros: tuple[RPoint, ...]
    cons: tuple[RPoint, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    origin: Origin
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Takeaways:
    origin: Origin
    heading: str
    points: tuple[RPoint, ...]


@dataclass(frozen=True, slots=True)
class Prose:
    """A section of text and points: background, outlook or call to action (`name`)."""

    origin: Origin
    name: SectionName
    heading: str
    blocks: tuple[Block, ...]
    points: tuple[RPoint, ...]


@dataclass(frozen=True, slots=True)
class Options:
    origin: Origin
    heading: str
    intro: tuple[Block, ...]
    items: tuple[ROption, ...]


@dataclass(frozen=True, slots=True)
class AnalysisSection:
    origin: Origin
    number: int  # among the edition's analysis sections, from 1
    heading: str
    blocks: tuple[Block, ...]
    points: tuple[RPoint, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    origin: Origin
    heading: str
    sections: tuple[AnalysisSection, ...]


@dataclass(frozen=True, slots=True)
class ProsCons:
    origin: Origin
    heading: str
    intro: tuple[Block, ...]
    pros: tuple[RPoint, ...]
    cons: tuple[RPoint, ...]


@dataclass(frozen=True, slots=True)
class RReference:
    origin: Origin
    number: int
    id: str
    title: str
    author: str | None
    publisher: str | None
    year: int | None
    url: str | None
    accessed: str | None
    note: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class References:
    origin: Origin
    heading: str
    entries: tuple[RReference, ...]


@dataclass(frozen=True, slots=True)
class RAnnex:
    origin: Origin
    title: str
    file: str


# What the renderer draws, in order. Annexes are appended after layout, not drawn.
Section = Summary | Takeaways | Prose | Options | Analysis | ProsCons | References


def section_name(section: Section) -> SectionName:
    """The name an edition's `sections` uses for this section."""
    match section:
        case Summary():
            return SectionName.SUMMARY
        case Takeaways():
            return SectionName.KEY_TAKEAWAYS
        case Prose(name=name):
            return name
        case Options():
            return SectionName.OPTIONS
        case Analysis():
            return SectionName.ANALYSIS
        case ProsCons():
            return SectionName.PROS_CONS
        case References():
            return SectionName.REFERENCES


@dataclass(frozen=True)
class Author:
    name: str
    line: str  # name, role and affiliation, as the byline prints it
    email: str | None  # the byline links the name to it


@dataclass(frozen=True)
class ResolvedBrief:
    source: str  # the brief file, for diagnostics
    edition: str | None
    edition_label: str | None
    language: str
    title: str
    subtitle: str | None
    standfirst: str | None
    series: str | None
    date: dt.date
    date_text: str
    authors: tuple[Author, ...]
    organization: str | None
    logo: str | None  # the file `organization.logo` names; decoded by the run stage
    classification: str | None
    draft: bool
    keywords: tuple[str, ...]
    sections: tuple[Section, ...]
    annexes: tuple[RAnnex, ...]
    cite_numbers: dict[str, int] = field(default_factory=dict)

    @property
    def references(self) -> tuple[RReference, ...]:
        for section in self.sections:
            if isinstance(section, References):
                return section.entries
        return ()
