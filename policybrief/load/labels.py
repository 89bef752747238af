"""Per-language labels, date formats and hyphenation, one data file a language.

`labels/xx.yaml` holds everything a language needs; adding a language is
adding one file. Files are parsed once per process.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field

from policybrief.diagnostics import BriefError
from policybrief.load.yamlsource import load_file
from policybrief.model.base import Line, Strict

LABELS_DIR = Path(__file__).parents[1] / "labels"
DEFAULT_LANGUAGE = "en"


class LabelSet(Strict):
    summary: Line
    key_takeaways: Line
    background: Line
    options: Line
    option: Line
    analysis: Line
    pros_cons: Line
    pros: Line
    cons: Line
    outlook: Line
    call_to_action: Line
    references: Line
    annexes: Line
    page: Line
    draft: Line
    accessed: Line
    edition: Line
    authors: Line
    blank_page: Line


class Language(Strict):
    name: Line
    hyphenation: Line
    date: Line
    months: Annotated[list[Line], Field(min_length=12, max_length=12)]
    labels: LabelSet

    def format_date(self, value: dt.date) -> str:
        month = self.months[value.month - 1]
        return self.date.format(day=value.day, month=month, year=value.year)

    def page_label(self, page: int, pages: int) -> str:
        return self.labels.page.format(page=page, pages=pages)


def available() -> list[str]:
    return sorted(p.stem for p in LABELS_DIR.glob("*.yaml"))


def file_for(tag: str) -> Path | None:
    """`uk-UA` -> labels/uk.yaml (exact tag first, then the primary subtag)."""
    lowered = tag.lower()
    for name in (lowered, lowered.replace("-", "_"), lowered.split("-")[0]):
        candidate = LABELS_DIR / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    return None


@cache
def language(tag: str) -> Language:
    """The language for a BCP 47 tag, falling back to English when none is shipped."""
    from policybrief.load.validate import validate_model

    path = file_for(tag) or file_for(DEFAULT_LANGUAGE)
    assert path is not None
    doc = load_file(path)
    model, problems = validate_model(Language, doc)
    if model is None:
        raise BriefError(problems)
    return model
