"""Footnotes numbered through one edition (spec 1.1 "Footnotes").

Markdown gives each mark its note's text in place (`inline.Note`); here, once the
edition's sections are final (audiences filtered, citations and cross-references
resolved, so a note's own citations print as the edition numbers them), each mark
becomes its number (`NoteRef`) in reading order and the notes are gathered: for the
foot of the page under `notes: footnotes`, or as a Notes section under `endnotes`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from policybrief.model.brief import SectionName
from policybrief.model.inline import Note, NoteRef
from policybrief.model.paths import Origin
from policybrief.model.resolved import Notes, RNote, Section, section_name


def number_notes(
    sections: tuple[Section, ...], *, drop: bool = False
) -> tuple[tuple[Section, ...], tuple[RNote, ...]]:
    """`sections` with every footnote mark numbered, and the notes in that order;
    `drop`: marks and notes taken out (endnotes in an edition without `notes`)."""
    notes: list[RNote] = []

    def walk(node: Any) -> Any:
        if isinstance(node, tuple):
            out: list[Any] = []
            for item in node:
                if isinstance(item, Note) and drop:
                    continue
                if isinstance(item, Note):
                    number = len(notes) + 1
                    notes.append(RNote(number, ()))  # its place, kept before its content
                    notes[number - 1] = RNote(number, walk(item.blocks))
                    out.append(NoteRef(number))
                else:
                    out.append(walk(item))
            return tuple(out)
        if _ours(node):
            changes = {
                f.name: walk(getattr(node, f.name))
                for f in dataclasses.fields(node)
                if isinstance(getattr(node, f.name), tuple) or _ours(getattr(node, f.name))
            }
            return dataclasses.replace(node, **changes) if changes else node
        return node

    return tuple(walk(s) for s in sections), tuple(notes)


def endnotes(
    sections: tuple[Section, ...],
    notes: tuple[RNote, ...],
    order: tuple[SectionName, ...],
    heading: str,
    at: Origin,
) -> tuple[Section, ...]:
    """The Notes section in its place in the edition's order (before the references
    by default); none when there are no notes or the edition leaves `notes` out."""
    if not notes or SectionName.NOTES not in order:
        return sections
    place = order.index(SectionName.NOTES)
    before = [s for s in sections if order.index(section_name(s)) < place]
    after = list(sections[len(before) :])
    return (*before, Notes(at, heading, notes), *after)


def _ours(node: Any) -> bool:
    return (
        dataclasses.is_dataclass(node)
        and not isinstance(node, type)
        and type(node).__module__ in ("policybrief.model.resolved", "policybrief.model.inline")
        and type(node).__name__ not in ("ChartData",)
    )
