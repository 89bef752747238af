"""Data files a brief names for its exhibits, read and checked once by the load stage."""

from __future__ import annotations

from dataclasses import dataclass, field

from policybrief.model.picture import Picture


@dataclass(frozen=True)
class CsvData:
    """A CSV file's cells as written (text), header row apart; checked rectangular
    (and, for a chart, numeric) when loaded."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class BriefFiles:
    """Figures' images and exhibits' CSV files, by the name the brief writes."""

    pictures: dict[str, Picture] = field(default_factory=dict)
    tables: dict[str, CsvData] = field(default_factory=dict)
