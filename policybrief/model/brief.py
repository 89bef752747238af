"""The brief format, version 1 (see docs/format.md)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from policybrief.model.backmatter import check_licence
from policybrief.model.base import (
    Email,
    IsoDate,
    LanguageTag,
    Line,
    Markdown,
    Slug,
    Strict,
    Text,
    Url,
)
from policybrief.model.labels import LabelOverrides


class SectionName(StrEnum):
    SUMMARY = "summary"
    KEY_TAKEAWAYS = "key_takeaways"
    BACKGROUND = "background"
    OPTIONS = "options"
    ANALYSIS = "analysis"
    PROS_CONS = "pros_cons"
    RECOMMENDATIONS = "recommendations"
    OUTLOOK = "outlook"
    CALL_TO_ACTION = "call_to_action"
    NOTES = "notes"  # endnotes, under the layout's `notes: endnotes`
    REFERENCES = "references"
    ABOUT = "about"  # about the authors
    PUBLICATION = "publication"  # publication details and contact
    ANNEXES = "annexes"


# Sections that open without a number when the layout numbers headings: the renderer
# numbers them, and cross-references ("section 4") count them, by this one list.
UNNUMBERED_SECTIONS = frozenset(
    {
        SectionName.SUMMARY,
        SectionName.KEY_TAKEAWAYS,
        SectionName.NOTES,
        SectionName.REFERENCES,
        SectionName.ABOUT,
        SectionName.PUBLICATION,
    }
)


def _text_as(field: str, model: type) -> Any:
    """Accept the short form: a bare Markdown string means `{field: text}`.

    The JSON Schema says so too, so editors accept both forms."""

    def widen(value: Any) -> Any:
        return {field: value} if isinstance(value, str) else value

    return BeforeValidator(widen, json_schema_input_type=str | model)


class PointItem(Strict):
    label: Line | None = Field(
        None, description="A short bold lead-in printed before the text (one line)."
    )
    text: Markdown = Field(description="The point itself, in Markdown with citations [@id].")
    audiences: list[Slug] | None = Field(
        None, description="Edition ids this point is limited to (and the full build)."
    )


Point = Annotated[PointItem, _text_as("text", PointItem)]


# --- blocks (version 1.1): a body is Markdown, or a list of text, figures, tables and boxes


_ID = r"[a-z0-9][a-z0-9._-]*$"
FigureId = Annotated[str, StringConstraints(pattern=rf"^fig-{_ID}")]
TableId = Annotated[str, StringConstraints(pattern=rf"^tbl-{_ID}")]
BoxId = Annotated[str, StringConstraints(pattern=rf"^box-{_ID}")]
SectionId = Annotated[str, StringConstraints(pattern=rf"^sec-{_ID}")]
RecommendationId = Annotated[str, StringConstraints(pattern=rf"^rec-{_ID}")]
# What a cross-reference's id starts with, by kind; a reference id may not start so.
XREF_PREFIXES = ("fig-", "tbl-", "box-", "sec-", "rec-")


def _cell_text(value: Any) -> Any:
    """A cell prints exactly as written: the YAML loader keeps `1.10` as that text;
    a number from JSON becomes its text. `yes`/`true` was read as a boolean."""
    if isinstance(value, bool):
        raise ValueError("reads as true/false: put the cell in quotes to print it as written")
    if isinstance(value, int | float):
        return str(value)
    return value


Cell = Annotated[str, BeforeValidator(_cell_text, json_schema_input_type=str | float)]
ChartType = Literal["column", "bar", "stacked-column", "stacked-bar", "line"]


def _width(value: Any) -> Any:
    text = str(value).strip()
    if text == "full":
        return 1.0
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", text)
    if not match or not 10 <= float(match.group(1)) <= 100:
        raise ValueError(
            "write 'full' or a percentage of the text width from 10% to 100%, e.g. 80%"
        )
    return float(match.group(1)) / 100


Width = Annotated[float, BeforeValidator(_width, json_schema_input_type=str)]


class Chart(Strict):
    type: ChartType = Field(description="column, bar, stacked-column, stacked-bar or line.")
    categories: list[Cell] | None = Field(
        None, description="The category labels along the axis, in order (or use data)."
    )
    series: dict[Line, list[float | None]] | None = Field(
        None, description="Series name -> one number (or null, a gap) per category, legend order."
    )
    data: Line | None = Field(
        None, description="A CSV file beside the brief: first column categories, one per series."
    )
    unit: Line | None = Field(None, description="The unit of the values, e.g. US$ bn.")
    labels: Literal["values", "none"] = Field(
        "none", description="values prints each value beside its bar or point."
    )

    @model_validator(mode="after")
    def _one_source(self) -> Chart:
        if self.data is not None and (self.categories is not None or self.series is not None):
            raise ValueError("give data (a CSV file) or categories and series, not both")
        if self.data is None and (self.categories is None or not self.series):
            raise ValueError("a chart needs categories and series, or data (a CSV file)")
        return self


class Figure(Strict):
    id: FigureId | None = Field(
        None, description="An id starting fig-, for cross-references [@fig-...]."
    )
    title: Line = Field(description='Printed after the number: "Figure 1. Title".')
    subtitle: Line | None = Field(None, description="A line under the title, say the units.")
    image: Line | None = Field(
        None, description="A PNG, JPEG or SVG file inside the brief's folder (or chart)."
    )
    chart: Chart | None = Field(None, description="A chart drawn from data (or image).")
    alt: Text | None = Field(
        None,
        description="What a screen reader says: required for an image; a chart's defaults "
        "to a sentence made from its data.",
    )
    source: Markdown | None = Field(None, description='Printed under the exhibit after "Source:".')
    notes: Markdown | None = Field(None, description='Printed under the exhibit after "Note:".')
    width: Width = Field(1.0, description="full (default) or a percentage of the text width: 80%.")

    @model_validator(mode="after")
    def _image_or_chart(self) -> Figure:
        if (self.image is None) == (self.chart is None):
            raise ValueError("a figure has exactly one of image and chart")
        if self.image is not None and self.alt is None:
            raise ValueError("an image needs alt: the text a screen reader speaks in its place")
        return self


class Table(Strict):
    id: TableId | None = Field(
        None, description="An id starting tbl-, for cross-references [@tbl-...]."
    )
    title: Line = Field(description='Printed after the number: "Table 1. Title".')
    subtitle: Line | None = Field(None, description="A line under the title, say the units.")
    columns: list[Cell] | None = Field(
        None, description="The header cells (with data, the CSV's header row is the header)."
    )
    rows: list[list[Cell]] | None = Field(
        None, description="One list of cells per row, one cell per column, printed as written."
    )
    data: Line | None = Field(
        None, description="A CSV file beside the brief (UTF-8, header row first), for rows."
    )
    source: Markdown | None = Field(None, description='Printed under the table after "Source:".')
    notes: Markdown | None = Field(None, description='Printed under the table after "Note:".')
    align: list[Literal["left", "right", "center"]] | None = Field(
        None, description="One of left, right, center per column (default: numbers right)."
    )

    @model_validator(mode="after")
    def _one_source(self) -> Table:
        if (self.rows is None) == (self.data is None):
            raise ValueError("a table has exactly one of rows and data (a CSV file)")
        if self.data is not None and self.columns is not None:
            raise ValueError("with data, the CSV's header row names the columns: drop columns")
        return self


class FigureBlock(Strict):
    figure: Figure = Field(description="A figure: an image or a chart, numbered and captioned.")


class TableBlock(Strict):
    table: Table = Field(description="A data table, numbered and captioned.")


def _block_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "text"
    if isinstance(value, FigureBlock | TableBlock | BoxBlock):
        return next(iter(type(value).model_fields))
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return key if key in ("figure", "table", "box") else None
    return None


InBox = Annotated[
    Annotated[Markdown, Tag("text")]
    | Annotated[FigureBlock, Tag("figure")]
    | Annotated[TableBlock, Tag("table")],
    Discriminator(
        _block_kind,
        custom_error_type="block_in_box",
        custom_error_message="a block in a box is Markdown text or a mapping with one key:"
        " figure or table (a box holds no boxes)",
    ),
]


def _body_kind(value: Any) -> str:
    return "blocks" if isinstance(value, list) else "text"


# Text or a list: tagged, so that a mistake in a block is reported once, not
# once more as "should be a valid string".
BoxBody = Annotated[
    Annotated[Markdown, Tag("text")] | Annotated[list[InBox], Tag("blocks")],
    Discriminator(_body_kind),
]


class Box(Strict):
    id: BoxId | None = Field(
        None, description="An id starting box-, for cross-references [@box-...]."
    )
    title: Line = Field(description='Printed after the number: "Box 1. Title".')
    body: BoxBody = Field(
        description="The box's text: Markdown, or a list of text, figure and table blocks."
    )
    points: list[Point] | None = Field(None, description="Bulleted points after the body.")


class BoxBlock(Strict):
    box: Box = Field(description="A shaded panel, numbered: Box 1. Title.")


BodyBlock = Annotated[
    Annotated[Markdown, Tag("text")]
    | Annotated[FigureBlock, Tag("figure")]
    | Annotated[TableBlock, Tag("table")]
    | Annotated[BoxBlock, Tag("box")],
    Discriminator(
        _block_kind,
        custom_error_type="block",
        custom_error_message="a block is Markdown text or a mapping with exactly one key:"
        " figure, table or box",
    ),
]
Body = Annotated[
    Annotated[Markdown, Tag("text")] | Annotated[list[BodyBlock], Tag("blocks")],
    Discriminator(_body_kind),
]
Exhibit = Figure | Table | Box


class SectionBody(Strict):
    id: SectionId | None = Field(
        None, description="An id starting sec-, for cross-references [@sec-...] to this section."
    )
    heading: Line | None = Field(
        None, description="Replaces the section's default heading (from the language's labels)."
    )
    body: Body | None = Field(
        None,
        description="The section's text: Markdown, or a list of blocks (text, figure, table, box).",
    )
    points: list[Point] | None = Field(
        None,
        description="Bulleted points after the body: bare Markdown or {label, text, audiences}.",
    )

    @model_validator(mode="after")
    def _has_content(self) -> SectionBody:
        if self.body is None and not self.points:
            raise ValueError("a section needs a body or points")
        return self


Section = Annotated[SectionBody, _text_as("body", SectionBody)]


class AnalysisSection(SectionBody):
    """A numbered analysis section: its heading is required, and it may be tagged."""

    heading: Line = Field(
        description='The section\'s heading (required); printed numbered under "Analysis".'
    )
    audiences: list[Slug] | None = Field(
        None, description="Edition ids this section is limited to (and the full build)."
    )


class Author(Strict):
    name: Line = Field(description="The author's name, printed in the byline and the PDF metadata.")
    affiliation: Line | None = Field(
        None, description="The author's organisation, printed in the byline."
    )
    role: Line | None = Field(
        None, description="The author's role or title, printed in the byline."
    )
    email: Email | None = Field(
        None, description="Email address: the author's name in the title block links to it."
    )
    bio: Markdown | None = Field(
        None, description='A few lines about the author, printed under "About the authors".'
    )
    photo: Line | None = Field(
        None,
        description="A PNG, JPEG or SVG portrait beside the brief, printed beside the bio"
        " (its alt text: the author's name).",
    )


class Contact(Strict):
    name: Line | None = Field(None, description="Who to contact about the brief.")
    email: Email | None = Field(None, description="Their email address.")
    phone: Line | None = Field(None, description="Their telephone number, as printed.")
    url: Url | None = Field(None, description="A contact page.")


Licence = Annotated[str, AfterValidator(check_licence)]


class Publication(Strict):
    doi: Doi | None = Field(
        None, description="The brief's DOI, printed as its https://doi.org/ link."
    )
    url: Url | None = Field(
        None, description="The brief's online home (a QR code on layouts that print them)."
    )
    isbn: Line | None = Field(None, description="ISBN, as printed.")
    issn: Line | None = Field(None, description="ISSN of the series, as printed.")
    license: Licence | None = Field(
        None, description="An SPDX id (CC-BY-4.0, CC-BY-NC-ND-4.0, CC0-1.0, …) or public-domain."
    )
    copyright: Line | None = Field(None, description="The copyright line, e.g. © 2025 Institute.")
    disclaimer: Markdown | None = Field(None, description="The disclaimer, in Markdown.")
    acknowledgements: Markdown | None = Field(None, description="Thanks, in Markdown.")
    funding: Markdown | None = Field(None, description="Who funded the work, in Markdown.")
    citation: Text | None = Field(
        None,
        description="The suggested citation; made from authors, year, title, series,"
        " organization and DOI or URL when not given.",
    )


class Organization(Strict):
    name: Line = Field(description="The publishing organisation, printed in the byline.")
    url: Url | None = Field(
        None, description="The organisation's web address (http, https or mailto)."
    )
    logo: Line | None = Field(
        None, description="A PNG, JPEG or SVG file beside the brief, shown in the title block."
    )


class Option(Strict):
    id: Slug | None = Field(None, description="A slug unique among the options.")
    title: Line = Field(description='The option\'s title, printed as "Option N: title".')
    text: Body = Field(
        description="The option's description: Markdown, or a list of blocks"
        " (text, figure, table, box)."
    )
    pros: list[Point] | None = Field(
        None, description="Points for this option, drawn as a small table under it."
    )
    cons: list[Point] | None = Field(
        None, description="Points against this option, drawn as a small table under it."
    )
    audiences: list[Slug] | None = Field(
        None, description="Edition ids this option is limited to (and the full build)."
    )


class Options(Strict):
    heading: Line | None = Field(None, description='Replaces the default heading "Policy options".')
    intro: Markdown | None = Field(None, description="Markdown printed before the first option.")
    items: Annotated[list[Option], Field(min_length=1)] = Field(
        description="The options, at least one, numbered in each PDF after audience filtering."
    )


class ProsCons(Strict):
    heading: Line | None = Field(
        None, description="Replaces the default heading of the pros and cons table."
    )
    intro: Markdown | None = Field(None, description="Markdown printed before the table.")
    pros: Annotated[list[Point], Field(min_length=1)] = Field(
        description="The left column: at least one point."
    )
    cons: Annotated[list[Point], Field(min_length=1)] = Field(
        description="The right column: at least one point."
    )


class RecommendationItem(Strict):
    id: RecommendationId | None = Field(
        None, description="An id starting rec-, for cross-references [@rec-...]."
    )
    to: Line | None = Field(
        None,
        description="Who should act, printed as the lead-in: The Secretary of Transportation.",
    )
    text: Markdown = Field(description="The recommendation, in Markdown with citations [@id].")
    audiences: list[Slug] | None = Field(
        None, description="Edition ids this recommendation is limited to (and the full build)."
    )


Recommendation = Annotated[RecommendationItem, _text_as("text", RecommendationItem)]


class Recommendations(Strict):
    heading: Line | None = Field(
        None, description='Replaces the default heading "Recommendations".'
    )
    intro: Markdown | None = Field(None, description="Markdown printed before the first one.")
    points: Annotated[list[Recommendation], Field(min_length=1)] = Field(
        description='The recommendations, numbered "Recommendation 1", … in each PDF.'
    )


# What a reference is (spec 1.1 "References, fuller"): the list's style prints each
# kind as publishers do (a report's number, an article's journal, volume and pages).
REFERENCE_TYPES = ("report", "article", "book", "chapter", "web", "law", "dataset")
ReferenceType = Literal["report", "article", "book", "chapter", "web", "law", "dataset"]

# A reference id: a slug (version 1, so `nato.` stays valid), or a BibTeX/Zotero
# citation key such as `nordhaus2015` or `Fearon:1995` (either case, and `:`).
CITE_KEY = r"[A-Za-z0-9][A-Za-z0-9._:-]*"
# The narrative `@id` in running text ends before trailing punctuation ("@fearon1995.").
NARRATIVE_KEY = r"[A-Za-z0-9](?:[A-Za-z0-9_-]|[.:](?=[A-Za-z0-9_-]))*"


def _cite_key(value: str) -> str:
    if not re.fullmatch(CITE_KEY, value):
        raise ValueError(
            f"'{value}' is not a valid reference id (a letter or digit, then letters, digits,"
            " '.', '_', ':' or '-')"
        )
    return value


def _doi(value: str) -> str:
    """A DOI as printed or linked anywhere: `10.1257/aer.15000001`, also written
    `doi:…` or as its https://doi.org/ link; kept as the bare name."""
    bare = re.sub(r"^(doi:\s*|https?://(dx\.)?doi\.org/)", "", value.strip(), flags=re.I)
    if not re.fullmatch(r"10\.\d{4,9}/\S+", bare):
        raise ValueError(
            f"'{value}' is not a DOI: a DOI is '10.', a registrant number, '/' and a suffix,"
            " e.g. 10.1257/aer.15000001"
        )
    return bare


def _one_of(other: str, *, same: str) -> Any:
    """`date` or `year`, `authors` or `author`: one of the two, never both."""

    def check(value: Any, info: ValidationInfo) -> Any:
        if value is not None and info.data.get(other) is not None:
            raise ValueError(f"give {same} or {other}, not both")
        return value

    return AfterValidator(check)


CiteKey = Annotated[
    str, AfterValidator(_cite_key), Field(json_schema_extra={"pattern": f"^{CITE_KEY}$"})
]
Doi = Annotated[str, AfterValidator(_doi)]


class Reference(Strict):
    id: CiteKey = Field(
        description="Unique in the brief: what citations [@id] name (a library's citation key)."
    )
    type: ReferenceType | None = Field(
        None,
        description="What the work is: report, article, book, chapter, web, law or dataset.",
    )
    title: Text = Field(description="The work's title (text), printed in italics.")
    author: Line | None = Field(None, description="The work's author(s), one line.")
    authors: Annotated[
        Annotated[list[Line], Field(min_length=1)] | None, _one_of("author", same="authors")
    ] = Field(
        None,
        description='Authors in order, each "Family, Given" or an organisation name'
        " (in place of author).",
    )
    container: Line | None = Field(
        None, description="Where the work appears: the journal, book or website."
    )
    volume: Line | None = Field(None, description="Volume of the journal or series.")
    issue: Line | None = Field(None, description="Issue of the journal.")
    pages: Line | None = Field(None, description="Pages, e.g. 1339–70.")
    number: Line | None = Field(
        None, description="A report's or law's number, e.g. GAO-26-107841 or Pub. L. 117-169."
    )
    publisher: Line | None = Field(None, description="The work's publisher, one line.")
    year: Annotated[int, Field(ge=1000, le=2999)] | None = Field(
        None, description="Year of publication, a whole number from 1000 to 2999."
    )
    date: Annotated[IsoDate | None, _one_of("year", same="date")] = Field(
        None, description="Date of publication, YYYY-MM-DD (in place of year)."
    )
    url: Url | None = Field(None, description="http, https or mailto address, printed as a link.")
    doi: Doi | None = Field(
        None,
        description="The DOI, e.g. 10.1257/aer.15000001, printed as its https://doi.org/ link.",
    )
    accessed: IsoDate | None = Field(
        None, description="Date the URL was read, YYYY-MM-DD, printed in the brief's language."
    )
    note: Text | None = Field(None, description="Markdown; only its first paragraph is printed.")

    @property
    def year_of(self) -> int | None:
        """The year an author–year label and the list print: `year`, or `date`'s."""
        return self.year if self.year is not None else (self.date.year if self.date else None)


# `references: refs.bib`: the loader (load/library.py) reads the file and puts its
# entries here before the brief is validated, so a name that reaches validation was
# written where no file is read (an edition's overrides).
LIBRARY_FILE = r"^.+\.(bib|json)$"


def _library_read_first() -> Any:
    def refuse(value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError(
                "a reference library file is read only from the brief's own `references`"
            )
        return value

    schema = list[Reference] | Annotated[str, StringConstraints(pattern=LIBRARY_FILE)]
    return BeforeValidator(refuse, json_schema_input_type=schema)


class SummaryBody(Strict):
    heading: Line | None = Field(
        None, description='Replaces the heading "Summary", e.g. Executive summary.'
    )
    body: Markdown = Field(description="The summary, in Markdown.")


TakeawayPoints = Annotated[list[Point], Field(min_length=1, max_length=12)]


class TakeawaysBody(Strict):
    heading: Line | None = Field(
        None, description='Replaces the heading "Key takeaways", e.g. Why this matters.'
    )
    points: TakeawayPoints = Field(description="1 to 12 points, boxed near the top.")


def _mapping_or(other: str) -> Any:
    def kind(value: Any) -> str:
        return "Mapping" if isinstance(value, dict | SummaryBody | TakeawaysBody) else other

    return Discriminator(kind)


# Text (a list) or the mapping with a heading: tagged, so that a mistake in either
# form is reported once, in the form written (spec 1.1 "Headings and labels"). The
# tags are capitalised: located errors leave such union tags out of the field path.
SummaryField = Annotated[
    Annotated[Markdown, Tag("Text")] | Annotated[SummaryBody, Tag("Mapping")],
    _mapping_or("Text"),
]
TakeawaysField = Annotated[
    Annotated[TakeawayPoints, Tag("List")] | Annotated[TakeawaysBody, Tag("Mapping")],
    _mapping_or("List"),
]


class Annex(Strict):
    title: Line = Field(description="The bookmark title of the appended PDF.")
    file: Line = Field(description="A PDF file inside the brief's folder, relative to the brief.")


class Edition(Strict):
    label: Line | None = Field(
        None, description="Printed on the cover and added to the PDF's title metadata."
    )
    layout: Line | None = Field(
        None, description="This edition's layout (a name or a path, as for the brief's layout)."
    )
    language: LanguageTag | None = Field(
        None, description="BCP 47 tag: this edition's labels, dates and hyphenation."
    )
    sections: list[SectionName] | None = Field(
        None,
        description="Which sections appear, in which order (default: all, in the usual order).",
    )
    overrides: dict[str, Any] | None = Field(
        None, description="Top-level fields replaced for this edition (any but editions)."
    )


class Brief(Strict):
    kind: Kind = Field(
        "policy",
        description="policy (default): background, options, pros_cons, outlook and"
        " call_to_action are required; general: only title, date and one content section.",
    )
    title: Line = Field(description="The brief's title (one line).")
    subtitle: Line | None = Field(None, description="A line under the title.")
    standfirst: Text | None = Field(
        None, description="A one-paragraph teaser below the title block (plain text, not Markdown)."
    )
    series: Line | None = Field(
        None, description="Series or number above the title, e.g. Policy Brief 2025/07."
    )
    date: IsoDate = Field(
        description="Publication date, YYYY-MM-DD, printed in the language's format."
    )
    language: LanguageTag = Field(
        "en", description="BCP 47 tag: labels, date format and hyphenation."
    )
    authors: list[Author] | None = Field(
        None, description="The byline and the PDF's author metadata."
    )
    organization: Organization | None = Field(
        None, description="The publishing organisation: byline, link and logo."
    )
    classification: Line | None = Field(
        None, description="A marking printed on every page, e.g. OFFICIAL-SENSITIVE."
    )
    status: Literal["draft", "final"] = Field(
        "final", description="draft puts a DRAFT watermark on every page."
    )
    layout: Line | None = Field(
        None, description="A layout name (see layouts/) or a path to a layout file."
    )
    keywords: list[Line] | None = Field(None, description="Keywords for the PDF metadata.")
    summary: SummaryField | None = Field(
        None,
        description="The executive summary, first after the title block: Markdown, or"
        " {heading, body}.",
    )
    key_takeaways: TakeawaysField | None = Field(
        None, description="1 to 12 points, boxed near the top; or {heading, points}."
    )
    background: Section | None = Field(
        None,
        description="Context and history: Markdown, or {heading, body, points}"
        " (required unless kind: general).",
    )
    options: Options | None = Field(
        None,
        description="The policy options: {heading, intro, items} (required unless kind: general).",
    )
    analysis: list[AnalysisSection] | None = Field(
        None, description='Numbered sections printed under "Analysis".'
    )
    pros_cons: ProsCons | None = Field(
        None,
        description="The two-column pros and cons table: {heading, intro, pros, cons}"
        " (required unless kind: general).",
    )
    recommendations: Recommendations | None = Field(
        None,
        description="Numbered recommendations, each {id, to, text}: {heading, intro, points}.",
    )
    outlook: Section | None = Field(
        None,
        description="The future outlook: Markdown, or {heading, body, points}"
        " (required unless kind: general).",
    )
    call_to_action: Section | None = Field(
        None,
        description="What the reader should do: Markdown, or {heading, body, points}"
        " (required unless kind: general).",
    )
    references: Annotated[list[Reference] | None, _library_read_first()] = Field(
        None,
        description="The reference list (citations [@id] name its entries), or a CSL-JSON"
        " (.json) or BibTeX (.bib) file inside the brief's folder, e.g. a Zotero export.",
    )
    annexes: list[Annex] | None = Field(
        None, description="PDF files appended after the references."
    )
    contact: Contact | None = Field(
        None, description="Who to contact: printed with the publication details."
    )
    publication: Publication | None = Field(
        None,
        description="DOI, URL, ISBN/ISSN, licence, copyright, disclaimer, acknowledgements,"
        " funding and the suggested citation: printed as the last block.",
    )
    labels: LabelOverrides | None = Field(
        None,
        description="Replaces any of the language's labels for this brief, e.g."
        ' {pros: Opportunities, cons: Challenges, option: "Question {n}"}.',
    )
    editions: dict[Slug, Edition] | None = Field(
        None, description="Audience-specific editions, by edition id (a slug)."
    )


    @property
    def summary_text(self) -> str | None:
        s = self.summary
        return s.body if isinstance(s, SummaryBody) else s

    @property
    def summary_heading(self) -> str | None:
        return self.summary.heading if isinstance(self.summary, SummaryBody) else None

    @property
    def takeaway_points(self) -> list[PointItem] | None:
        t = self.key_takeaways
        return t.points if isinstance(t, TakeawaysBody) else t

    @property
    def takeaways_heading(self) -> str | None:
        t = self.key_takeaways
        return t.heading if isinstance(t, TakeawaysBody) else None

    @model_validator(mode="wrap")
    @classmethod
    def _kind_requires(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Brief:
        """A kind's required sections, reported beside every other problem of the brief
        as pydantic's own "missing" errors (so each is located like any missing field)."""
        missing = _missing_for_kind(data)
        try:
            brief = handler(data)
        except ValidationError as exc:
            if not missing:
                raise
            raise _with(exc.errors(), missing, data) from None
        if missing:
            raise _with([], missing, data)
        assert isinstance(brief, Brief)
        return brief


Kind = Literal["policy", "general"]
# Spec 1.1 "Kinds": what `kind: policy` requires on top of title and date, and the
# sections of which `kind: general` needs at least one.
POLICY_REQUIRED = ("background", "options", "pros_cons", "outlook", "call_to_action")
CONTENT_SECTIONS = (
    "summary",
    "key_takeaways",
    "background",
    "options",
    "analysis",
    "pros_cons",
    "recommendations",
    "outlook",
    "call_to_action",
)


def _missing_for_kind(data: Any) -> list[InitErrorDetails]:
    if not isinstance(data, dict):
        return []
    kind = data.get("kind", "policy")
    if kind == "policy":
        return [
            InitErrorDetails(type="missing", loc=(name,), input=data)
            for name in POLICY_REQUIRED
            if name not in data
        ]
    if kind == "general" and not any(data.get(name) is not None for name in CONTENT_SECTIONS):
        names = ", ".join(CONTENT_SECTIONS)
        return [
            InitErrorDetails(
                type=PydanticCustomError(
                    "general_no_content",
                    "a brief of kind general needs at least one content section: {names}",
                    {"names": names},
                ),
                loc=("kind",),  # `kind: general` is what asks for one
                input=kind,
            )
        ]
    return []


def _with(
    errors: list[ErrorDetails], extra: list[InitErrorDetails], data: Any
) -> ValidationError:
    """`errors` (already raised) and `extra` as one ValidationError, each error's type kept."""
    again = [
        InitErrorDetails(
            type=PydanticCustomError(e["type"], e["msg"], e.get("ctx")),
            loc=e["loc"],
            input=e["input"],
        )
        for e in errors
    ]
    return ValidationError.from_exception_data("Brief", [*again, *extra])


# Fields an edition's `overrides` may replace: every top-level field but these.
NOT_OVERRIDABLE = frozenset({"editions"})
