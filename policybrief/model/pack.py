"""The meeting pack format, version 1 (README "Meeting packs").

A pack gathers the briefs of one meeting into one PDF: cover, agenda,
attendees, contents, then each brief (or one edition of it) behind its tab.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from policybrief.model.base import IsoDate, LanguageTag, Line, Slug, Strict

TabLetter = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{0,5}$")]


class AgendaItem(Strict):
    time: Line | None = Field(None, description='When the item starts, as printed ("09:00").')
    item: Line = Field(
        description="What the meeting discusses: printed in the agenda and on its tab."
    )
    brief: Line | None = Field(
        None, description="The brief behind this item's tab: a path relative to the pack file."
    )
    edition: Slug | None = Field(
        None, description="Which edition of the brief to use (default: the full build)."
    )
    tab: TabLetter | None = Field(
        None,
        description="The tab's letter (default: A, B, C ... in order of the items with a brief).",
    )
    lead: Line | None = Field(None, description="Who leads the item (a person or a unit).")


class Attendee(Strict):
    name: Line = Field(description="The attendee's name: listed, and printed on their copy.")
    role: Line | None = Field(
        None, description="Their role at the meeting, listed beside the name."
    )


class Pack(Strict):
    title: Line = Field(description="The meeting pack's title, on the cover and in the metadata.")
    subtitle: Line | None = Field(None, description="A line under the title: place and date.")
    date: IsoDate = Field(description="The meeting's date, YYYY-MM-DD.")
    classification: Line | None = Field(
        None, description="A protective marking printed at the top and bottom of every page."
    )
    organization: Line | None = Field(None, description="Who issues the pack, on the cover.")
    layout: Line = Field(
        "standard",
        description="The layout of the cover, agenda and contents pages; each brief keeps its own.",
    )
    language: LanguageTag = Field(
        "en", description="Labels and date format of the pack's own pages."
    )
    numbering: Literal["pack", "brief"] = Field(
        "pack",
        description='pack: "Page N of M" through the whole pack; brief: each brief keeps its own.',
    )
    recto: bool = Field(
        False, description="Every tab starts on a right-hand page (blank pages are added)."
    )
    fit: Literal["none", "scale"] = Field(
        "none",
        description="none: a brief on another page size than the pack layout's is an error;"
        " scale: its pages are scaled onto the pack's page, centred, keeping their proportions.",
    )
    dividers: bool = Field(True, description='A divider page ("Tab A — item") before each brief.')
    agenda: list[AgendaItem] = Field(
        min_length=1, description="The meeting's items in order; those with a brief get a tab."
    )
    attendees: list[Attendee] = Field(
        default_factory=list, description="Who attends: listed after the agenda."
    )
    copies: Literal["none", "per-attendee"] = Field(
        "none",
        description="per-attendee: one PDF per attendee, NAME--SLUG.pack.pdf, each page marked.",
    )


def tab_letter(index: int) -> str:
    """A, B, ... Z, AA, AB ...: the default tab of the index-th item with a brief."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def slug(name: str) -> str:
    """'Dr. B. Example-Smith' -> 'dr-b-example-smith': a copy's file name (the spec's SLUG)."""
    return "-".join(re.findall(r"[^\W_]+", name.lower())) or "attendee"
