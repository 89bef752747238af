"""Pictures on the page: logos (raster or vector), converted through the ICC profiles
for CMYK layouts (`separation.py`)."""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from policybrief.model.picture import Picture
from policybrief.model.values import Colour
from policybrief.render import separation
from policybrief.render.separation import Separation
from policybrief.render.tagging import Tagged

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

PAPER = Colour("rgb", (1.0, 1.0, 1.0))  # what a picture outside a band or panel sits on


def picture_flowable(picture: Picture, cmyk: bool, under: Colour) -> Sized:
    """`picture` as a flowable at its natural size; in CMYK when the layout is.

    `under`: the colour the picture sits on (its transparency is flattened onto
    it for CMYK, so that it prints as the band or page around it does)."""
    press = separation.current() if cmyk else None
    if cmyk and press is None:
        raise ValueError("a CMYK layout is drawn without its colour profiles")
    if picture.vector is not None:
        shape = picture.vector
        if press is not None:  # the checked drawing serves every edition: convert a copy
            shape = copy.deepcopy(shape)
            to_cmyk(shape, press)
        return Vector(shape)
    source: Any = io.BytesIO(picture.data)
    if press is not None:  # reportlab draws images as they are: convert them
        source = open_cmyk(picture.data, under, press)
    return Raster(ImageReader(source))


def open_cmyk(data: bytes, under: Colour, press: Separation) -> PILImage:
    """The image in CMYK through the output profile, transparency flattened onto
    `under` as the layout draws it (`styles.colour`), so that a logo's transparent
    parts print exactly as the band they sit on."""
    from PIL import Image

    c, m, y, k = under.as_cmyk().values
    with Image.open(io.BytesIO(data)) as image:
        return press.flattened(image, (c, m, y, k))


def to_cmyk(node: Any, press: Separation) -> None:
    """Every fill and stroke of a drawing (an SVG logo) in CMYK through the output profile."""
    painted = list(_painted(node))
    press.prepare((c.red, c.green, c.blue) for _, _, c in painted)
    for shape, attr, value in painted:
        c, m, y, k = press.cmyk((value.red, value.green, value.blue))
        setattr(shape, attr, CMYKColor(c, m, y, k, alpha=value.alpha))


def _painted(node: Any) -> Iterator[tuple[Any, str, Color]]:
    """(shape, attribute, colour) of every RGB fill and stroke in a drawing."""
    for attr in ("fillColor", "strokeColor"):
        value = getattr(node, attr, None)
        if isinstance(value, Color) and not isinstance(value, CMYKColor):
            yield node, attr, value
    for child in getattr(node, "contents", ()):
        yield from _painted(child)


class Sized(Tagged, Flowable):
    """A logo: drawn at whatever `width` and `height` it is given (a `Figure` when tagged)."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height


class Raster(Sized):
    """An image; reportlab's `Image` takes only files."""

    def __init__(self, reader: ImageReader) -> None:
        super().__init__(*reader.getSize())
        self.reader = reader

    def draw(self) -> None:
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height, mask="auto")


class Vector(Sized):
    """A reportlab Drawing (an SVG logo), scaled."""

    def __init__(self, shape: Any) -> None:
        super().__init__(shape.width, shape.height)
        self.shape = shape

    def draw(self) -> None:
        from policybrief.render.drawings import render_drawing

        canv = self.canv
        # reportlab's renderer starts from Helvetica, a base-14 font no PDF of ours
        # may name: start it from the font already in use (SVG logos have no text).
        self.shape.initialFontName = canv.__dict__["_fontname"]  # not in the stubs
        self.shape.initialFontSize = canv.__dict__["_fontsize"]
        canv.saveState()
        canv.scale(self.width / self.shape.width, self.height / self.shape.height)
        render_drawing(self.shape, canv)  # renderPDF's, in fallback faces too
        canv.restoreState()
