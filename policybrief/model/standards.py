"""The PDF standards a build can be asked to meet (`--pdf-standard`, layout `pdf_standard`).

A list, comma-separated on the command line or in a layout (a YAML list works
too): at most one PDF/A level (`pdfa-2b`, `pdfa-2u`, `pdfa-2a`, `pdfa-3b`,
`pdfa-3a`) and `ua-1` (PDF/UA-1), e.g. `pdfa-2a,ua-1`. `none` asks for none.
"""

from __future__ import annotations

from dataclasses import dataclass

PDFA = ("pdfa-2b", "pdfa-2u", "pdfa-2a", "pdfa-3b", "pdfa-3a")
UA = "ua-1"
KNOWN = (*PDFA, UA)


@dataclass(frozen=True)
class Standards:
    pdfa: str | None = None  # one of PDFA
    ua: bool = False

    @property
    def part(self) -> int:
        """The PDF/A part (2 or 3)."""
        return int(self.pdfa[5]) if self.pdfa else 0

    @property
    def conformance(self) -> str:
        """The PDF/A conformance level: A, U or B."""
        return self.pdfa[6].upper() if self.pdfa else ""

    @property
    def text(self) -> str:
        """The canonical spelling: `pdfa-2a,ua-1`, or `none`."""
        names = [n for n in (self.pdfa, UA if self.ua else None) if n]
        return ",".join(names) or "none"

    @property
    def title(self) -> str:
        """As people write them: "PDF/A-2a and PDF/UA-1"."""
        names = [f"PDF/A-{self.pdfa[5:]}" if self.pdfa else "", "PDF/UA-1" if self.ua else ""]
        return " and ".join(n for n in names if n) or "no standard"

    def __bool__(self) -> bool:
        return self.pdfa is not None or self.ua


def parse(value: object) -> Standards:
    """`"pdfa-2a, ua-1"`, `["pdfa-2a", "ua-1"]`, `"none"` or None; ValueError says what is wrong."""
    if value is None:
        return Standards()
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    names = [str(item).strip().lower() for item in items if str(item).strip()]
    if names in ([], ["none"]):
        return Standards()
    unknown = [n for n in names if n not in KNOWN]
    if unknown:
        raise ValueError(
            f"unknown PDF standard '{unknown[0]}': use {', '.join(KNOWN)}, comma-separated"
            " (e.g. pdfa-2a,ua-1), or none"
        )
    levels = sorted({n for n in names if n in PDFA}, key=PDFA.index)
    if len(levels) > 1:
        raise ValueError(f"a PDF conforms to one PDF/A level, not {' and '.join(levels)}: keep one")
    return Standards(levels[0] if levels else None, UA in names)
