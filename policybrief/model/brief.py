"""The brief format, version 1 (see docs/format.md)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

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


class SectionName(StrEnum):
    SUMMARY = "summary"
    KEY_TAKEAWAYS = "key_takeaways"
    BACKGROUND = "background"
    OPTIONS = "options"
    ANALYSIS = "analysis"
    PROS_CONS = "pros_cons"
    OUTLOOK = "outlook"
    CALL_TO_ACTION = "call_to_action"
    REFERENCES = "references"
    ANNEXES = "annexes"


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


class SectionBody(Strict):
    heading: Line | None = Field(
        None, description="Replaces the section's default heading (from the language's labels)."
    )
    body: Markdown | None = Field(
        None, description="The section's text, in Markdown; a section needs a body or points."
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
    text: Markdown = Field(description="The option's description, in Markdown.")
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


class Reference(Strict):
    id: Slug = Field(description="A slug unique in the brief: what citations [@id] name.")
    title: Text = Field(description="The work's title (text), printed in italics.")
    author: Line | None = Field(None, description="The work's author(s), one line.")
    publisher: Line | None = Field(None, description="The work's publisher, one line.")
    year: Annotated[int, Field(ge=1000, le=2999)] | None = Field(
        None, description="Year of publication, a whole number from 1000 to 2999."
    )
    url: Url | None = Field(None, description="http, https or mailto address, printed as a link.")
    accessed: IsoDate | None = Field(
        None, description="Date the URL was read, YYYY-MM-DD, printed in the brief's language."
    )
    note: Text | None = Field(None, description="Markdown; only its first paragraph is printed.")


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
    summary: Markdown | None = Field(
        None, description="The executive summary, in Markdown, first after the title block."
    )
    key_takeaways: Annotated[list[Point], Field(min_length=1, max_length=12)] | None = Field(
        None, description="1 to 12 points, boxed near the top."
    )
    background: Section = Field(
        description="Context and history: Markdown, or {heading, body, points}."
    )
    options: Options = Field(description="The policy options: {heading, intro, items}.")
    analysis: list[AnalysisSection] | None = Field(
        None, description='Numbered sections printed under "Analysis".'
    )
    pros_cons: ProsCons = Field(
        description="The two-column pros and cons table: {heading, intro, pros, cons}."
    )
    outlook: Section = Field(
        description="The future outlook: Markdown, or {heading, body, points}."
    )
    call_to_action: Section = Field(
        description="What the reader should do: Markdown, or {heading, body, points}."
    )
    references: list[Reference] | None = Field(
        None, description="The numbered reference list; citations [@id] name its entries."
    )
    annexes: list[Annex] | None = Field(
        None, description="PDF files appended after the references."
    )
    editions: dict[Slug, Edition] | None = Field(
        None, description="Audience-specific editions, by edition id (a slug)."
    )


# Fields an edition's `overrides` may replace: every top-level field but these.
NOT_OVERRIDABLE = frozenset({"editions"})
