"""An image file a brief names, read and checked once by the load stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MM = 72 / 25.4
# Where pictures are placed (the renderer draws them so; the load stage warns from
# the same numbers before anything renders).
LOGO_HEIGHT = 12 * MM  # `organization.logo` in the title block: this high...
LOGO_SHARE = 0.4  # ...and never wider than this share of the text width
PHOTO_WIDTH = 18 * MM  # an author's portrait beside the bio: this wide at most...
PHOTO_SHARE = 0.25  # ...and at most this share of the text width
# Below this many pixels per inch at its placed size a raster image prints soft on a
# press (300 is the usual aim for photos, 225 the floor print shops accept).
PRINT_PPI = 225


def logo_width(aspect: float, text_width: float) -> float:
    """Points a logo of `aspect` (height / width) is drawn wide in `text_width`."""
    return min(LOGO_HEIGHT / aspect, text_width * LOGO_SHARE)


def photo_width(text_width: float) -> float:
    """Points an author's photo is drawn wide in `text_width`."""
    return min(PHOTO_WIDTH, text_width * PHOTO_SHARE)


@dataclass(frozen=True)
class Picture:
    """`data`: the file's bytes (a PNG or JPEG, decoded completely once to check
    it); `vector`: for an SVG, the drawing it was checked by converting (a
    reportlab Drawing, closed over itself). The renderer draws from these and
    never opens the file."""

    name: str
    kind: str  # "png" | "jpeg" | "svg"
    data: bytes
    vector: Any = None
