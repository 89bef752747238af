"""Per-language labels, date formats and hyphenation, one data file a language.

`labels/xx.yaml` holds everything a language needs (`model.labels.Language`);
adding a language is adding one file. Files are parsed once per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from policybrief.diagnostics import BriefError
from policybrief.load.located import validate_model
from policybrief.load.yamlsource import load_file
from policybrief.model.labels import Language

LABELS_DIR = Path(__file__).parents[1] / "labels"
DEFAULT_LANGUAGE = "en"


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
    path = file_for(tag) or file_for(DEFAULT_LANGUAGE)
    assert path is not None
    doc = load_file(path)
    model, problems = validate_model(Language, doc)
    if model is None:
        raise BriefError(problems)
    return model
