"""The ICC profiles a CMYK build converts RGB through, as data (read by the load stage)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profiles:
    """`source`: the profile RGB is taken to be in (sRGB, for images and colours that
    carry none); `output`: the press's CMYK profile, the one a PDF/A output intent
    names (ISO Coated v2 / FOGRA39). The bytes of each ICC file, unmodified."""

    source: bytes
    output: bytes
