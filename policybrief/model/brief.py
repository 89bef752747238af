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
    label: Line | None = None
    text: Markdown
    audiences: list[Slug] | None = None


Point = Annotated[PointItem, _text_as("text", PointItem)]


class SectionBody(Strict):
    heading: Line | None = None
    body: Markdown | None = None
    points: list[Point] | None = None

    @model_validator(mode="after")
    def _has_content(self) -> SectionBody:
        if self.body is None and not self.points:
            raise ValueError("a section needs a body or points")
        return self


Section = Annotated[SectionBody, _text_as("body", SectionBody)]


class AnalysisSection(SectionBody):
    """A numbered analysis section: its heading is required, and it may be tagged."""

    heading: Line
    audiences: list[Slug] | None = None


class Author(Strict):
    name: Line
    affiliation: Line | None = None
    role: Line | None = None
    email: Email | None = None  # the author's name in the title block links to it


class Organization(Strict):
    name: Line
    url: Url | None = None
    logo: Line | None = None


class Option(Strict):
    id: Slug | None = None
    title: Line
    text: Markdown
    pros: list[Point] | None = None
    cons: list[Point] | None = None
    audiences: list[Slug] | None = None


class Options(Strict):
    heading: Line | None = None
    intro: Markdown | None = None
    items: Annotated[list[Option], Field(min_length=1)]


class ProsCons(Strict):
    heading: Line | None = None
    intro: Markdown | None = None
    pros: Annotated[list[Point], Field(min_length=1)]
    cons: Annotated[list[Point], Field(min_length=1)]


class Reference(Strict):
    id: Slug
    title: Text
    author: Line | None = None
    publisher: Line | None = None
    year: Annotated[int, Field(ge=1000, le=2999)] | None = None
    url: Url | None = None
    accessed: IsoDate | None = None
    note: Text | None = None


class Annex(Strict):
    title: Line
    file: Line


class Edition(Strict):
    label: Line | None = None
    layout: Line | None = None
    language: LanguageTag | None = None
    sections: list[SectionName] | None = None
    overrides: dict[str, Any] | None = None


class Brief(Strict):
    title: Line
    subtitle: Line | None = None
    standfirst: Text | None = None
    series: Line | None = None
    date: IsoDate
    language: LanguageTag = "en"
    authors: list[Author] | None = None
    organization: Organization | None = None
    classification: Line | None = None
    status: Literal["draft", "final"] = "final"
    layout: Line | None = None
    keywords: list[Line] | None = None
    summary: Markdown | None = None
    key_takeaways: Annotated[list[Point], Field(min_length=1, max_length=12)] | None = None
    background: Section
    options: Options
    analysis: list[AnalysisSection] | None = None
    pros_cons: ProsCons
    outlook: Section
    call_to_action: Section
    references: list[Reference] | None = None
    annexes: list[Annex] | None = None
    editions: dict[Slug, Edition] | None = None


# Fields an edition's `overrides` may replace: every top-level field but these.
NOT_OVERRIDABLE = frozenset({"editions"})
