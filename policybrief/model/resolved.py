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

from policybrief.model.backmatter import Rights
from policybrief.model.brief import SectionName
from policybrief.model.inline import Block, Inline
from policybrief.model.labels import LabelSet
from policybrief.model.paths import Origin
from policybrief.model.picture import Picture


@dataclass(frozen=True, slots=True)
class RPoint:
    origin: Origin
    label: str | None
    blocks: tuple[Block, ...]


Cells = tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True, slots=True)
class ChartData:
    """A chart's data, from the brief or its CSV file: one value (or None) per category."""

    type: str  # column | bar | stacked-column | stacked-bar | line
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]  # legend order
    unit: str | None
    value_labels: bool


@dataclass(frozen=True, slots=True)
class Figure:
    """An image or a chart with its caption. `number` counts the edition's figures;
    `anchor` (the figure's id) is the link target of cross-references to it."""

    origin: Origin
    number: int
    anchor: str | None
    title: str
    subtitle: str | None
    picture: Picture | None
    chart: ChartData | None
    alt: str
    source: tuple[Block, ...]
    notes: tuple[Block, ...]
    width: float  # share of the text width


@dataclass(frozen=True, slots=True)
class DataTable:
    """A data table (`number` 0: an uncaptioned Markdown pipe table). `align` per
    column: left, right or center, numeric columns right unless the brief says."""

    origin: Origin
    number: int
    anchor: str | None
    title: str | None
    subtitle: str | None
    columns: Cells
    rows: tuple[Cells, ...]
    align: tuple[str, ...]
    source: tuple[Block, ...]
    notes: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Box:
    origin: Origin
    number: int
    anchor: str | None
    title: str
    blocks: tuple[BodyBlock, ...]
    points: tuple[RPoint, ...]


# A body: Markdown blocks and exhibits, in order.
BodyBlock = Block | Figure | DataTable | Box
Exhibit = Figure | DataTable | Box


@dataclass(frozen=True, slots=True)
class ROption:
    origin: Origin
    title: str
    blocks: tuple[BodyBlock, ...]
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
    blocks: tuple[BodyBlock, ...]
    points: tuple[RPoint, ...]
    anchor: str | None = None  # the section's id: cross-references link to it


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
    blocks: tuple[BodyBlock, ...]
    points: tuple[RPoint, ...]
    anchor: str | None = None  # the section's id: cross-references link to it


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
class RRecommendation:
    """One recommendation: `number` counts the edition's, from 1; `anchor` (its id) is
    the link target of cross-references; `to` who should act, printed as its lead-in."""

    origin: Origin
    number: int
    anchor: str | None
    to: str | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Recommendations:
    origin: Origin
    heading: str
    intro: tuple[Block, ...]
    items: tuple[RRecommendation, ...]


@dataclass(frozen=True, slots=True)
class RNote:
    """A footnote numbered through the edition, in order of its mark."""

    number: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Notes:
    """The edition's footnotes gathered as endnotes (the layout's `notes: endnotes`)."""

    origin: Origin
    heading: str
    items: tuple[RNote, ...]


@dataclass(frozen=True, slots=True)
class RBio:
    name: str
    blocks: tuple[Block, ...]
    named: bool = False  # the bio opens with the name: not printed again before it
    photo: Picture | None = None  # printed beside the bio
    photo_alt: str = ""  # "Photo of NAME", in the edition's language


@dataclass(frozen=True, slots=True)
class About:
    """About the authors: each with a bio, in byline order."""

    origin: Origin
    heading: str
    authors: tuple[RBio, ...]


@dataclass(frozen=True, slots=True)
class PubLine:
    """One line of the publication details: "Licence: … (link)"; `label` may be empty."""

    label: str
    text: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class PublicationDetails:
    """The last block: suggested citation, identifiers, licence, copyright, contact,
    then acknowledgements, funding and disclaimer (Markdown, each under its label)."""

    origin: Origin
    heading: str
    lines: tuple[PubLine, ...]
    texts: tuple[tuple[str, tuple[Block, ...]], ...]
    url: str | None  # the brief's online home: a QR code where the layout prints them


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
    # Spec 1.1, "References, fuller": each printed in its place by the list's style.
    type: str | None = None  # report, article, book, chapter, web, law, dataset
    authors: tuple[str, ...] = ()  # "Family, Given" or an organisation's name
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    work_number: str | None = None  # the reference's own `number` (GAO-20-195G)
    date: str | None = None  # `date` in the language's format
    doi: str | None = None
    # The author–year style: "Pisani-Ferry et al." and "2024a" (None in numbered styles)
    cite_names: str | None = None
    cite_year: str | None = None


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
Section = (
    Summary
    | Takeaways
    | Prose
    | Options
    | Analysis
    | ProsCons
    | Recommendations
    | Notes
    | References
    | About
    | PublicationDetails
)


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
        case Recommendations():
            return SectionName.RECOMMENDATIONS
        case Notes():
            return SectionName.NOTES
        case About():
            return SectionName.ABOUT
        case PublicationDetails():
            return SectionName.PUBLICATION
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
    # The language's labels with the layout's and the brief's replacements (spec 1.1):
    # what the renderer prints in place of its language's own; None: the language's.
    labels: LabelSet | None = None
    # The footnotes at the foot of their marks' pages (`notes: footnotes`), by number
    # from 1; empty under `notes: endnotes` (a Notes section holds them).
    notes: tuple[RNote, ...] = ()
    rights: Rights | None = None  # for the XMP rights metadata (`publication`)

    @property
    def references(self) -> tuple[RReference, ...]:
        for section in self.sections:
            if isinstance(section, References):
                return section.entries
        return ()
