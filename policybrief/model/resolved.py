"""A brief resolved for one edition: what the renderer draws, nothing more.

Sections are chosen and ordered, audiences filtered, overrides applied,
labels picked for the language and citations numbered. Markdown is already
parsed into blocks. Every block keeps the field path it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from policybrief.load.markup import Block
from policybrief.model.brief import SectionName


@dataclass(frozen=True, slots=True)
class RPoint:
    label: str | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ROption:
    title: str
    blocks: tuple[Block, ...]
    pros: tuple[RPoint, ...]
    cons: tuple[RPoint, ...]


@dataclass(frozen=True, slots=True)
class RSection:
    """One section as drawn. Which fields are filled depends on `kind`."""

    kind: SectionName
    heading: str
    path: str
    number: int | None = None
    blocks: tuple[Block, ...] = ()
    points: tuple[RPoint, ...] = ()
    options: tuple[ROption, ...] = ()
    pros: tuple[RPoint, ...] = ()
    cons: tuple[RPoint, ...] = ()
    subsections: tuple[RSection, ...] = ()


@dataclass(frozen=True, slots=True)
class RReference:
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
class RAnnex:
    title: str
    file: str


@dataclass(frozen=True)
class ResolvedBrief:
    source: str  # the brief file, for diagnostics
    stem: str
    edition: str | None
    edition_label: str | None
    language: str
    title: str
    subtitle: str | None
    standfirst: str | None
    series: str | None
    date: dt.date
    date_text: str
    authors: tuple[str, ...]
    author_lines: tuple[str, ...]
    author_emails: tuple[str | None, ...]  # by author line: its name links to the address
    organization: str | None
    organization_url: str | None
    logo: str | None
    classification: str | None
    draft: bool
    keywords: tuple[str, ...]
    layout: str | None
    sections: tuple[RSection, ...]
    references: tuple[RReference, ...]
    annexes: tuple[RAnnex, ...]
    cite_numbers: dict[str, int] = field(default_factory=dict)
