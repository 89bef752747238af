"""Where a piece of a brief was written: its field path, and the edition it is built for."""

from __future__ import annotations

from dataclasses import dataclass

# `("analysis", 2, "points", 0, "text")`: keys and list indexes from the top of the file.
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Origin:
    """The field a resolved block came from, carried to the page so that a
    problem found during layout is reported at the line that wrote it.

    `path` is as written in the brief, or under `editions.NAME.overrides` when
    the edition replaced that field."""

    path: FieldPath
    edition: str | None = None

    def child(self, *parts: str | int) -> Origin:
        return Origin((*self.path, *parts), self.edition)
