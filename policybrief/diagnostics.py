"""Diagnostics: problems in a user's files, reported as data.

Every problem a user can fix is a `Diagnostic`; code that finds several
collects them and raises one `BriefError` so that all problems of a file are
reported at once. Only the CLI prints them (`Diagnostic.format`), in the spec's
one-line form `FILE:LINE:COLUMN: error: FIELD.PATH: message`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from policybrief.model.paths import FieldPath

# FieldPath lives with the model; it is named here too because every stage that
# reports a problem needs it beside Diagnostic (and mypy --strict wants re-exports said).
__all__ = ["BriefError", "Diagnostic", "FieldPath", "Severity", "dotted"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # advice (`--lint`): the brief builds as it is; `--strict` makes it an error


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    line: int
    column: int
    path: str
    message: str
    severity: Severity = Severity.ERROR
    usage: bool = False  # the command line asked for it (`--edition`, `-o`): exit status 2

    def format(self) -> str:
        """One line, whatever the message quotes: a brief cannot drive the terminal."""
        where = f"{self.path}: " if self.path else ""
        text = f"{self.file}:{self.line}:{self.column}: {self.severity}: {where}{self.message}"
        return _visible(text)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class BriefError(Exception):
    """A user error: the brief, layout or command cannot be built as given."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


# Line breaks, controls (terminal escapes among them) and invisible format
# characters (bidi overrides) in quoted text are shown as escapes, \n or \u202e.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _visible(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(_escape(ch) if unicodedata.category(ch) in _HIDDEN else ch for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in "\n\t\r":
        return repr(ch)[1:-1]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def dotted(path: FieldPath) -> str:
    """`("analysis", 2, "points", 0)` -> `analysis[2].points[0]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
