"""Pictures on the page: logos (raster or vector), converted for CMYK layouts."""

from __future__ import annotations

import copy
import io
from typing import TYPE_CHECKING, Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from policybrief.model.picture import Picture
from policybrief.model.values import Colour
from policybrief.render.tagging import Tagged

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage


def picture_flowable(picture: Picture, cmyk: bool, under: tuple[float, ...]) -> Sized:
    """`picture` as a flowable at its natural size; in CMYK when the layout is.

    `under`: the RGB colour the picture sits on (its transparency is flattened
    onto it for CMYK)."""
    if picture.vector is not None:
        shape = picture.vector
        if cmyk:  # the checked drawing serves every edition: convert a copy
            shape = copy.deepcopy(shape)
            to_cmyk(shape)
        return Vector(shape)
    source: Any = io.BytesIO(picture.data)
    if cmyk:  # reportlab draws images as they are: convert them
        source = open_cmyk(picture.data, under)
    return Raster(ImageReader(source))


def open_cmyk(data: bytes, background: tuple[float, ...]) -> PILImage:
    """The image in CMYK, transparency flattened onto `background` (RGB, 0-1).

    A CMYK layout promises no RGB anywhere in the PDF, and reportlab draws
    images as they are. The conversion is the one layout colours use
    (`Colour.as_cmyk`: full black generation), so a logo's transparent parts
    match the band they sit on; Pillow's own conversion never uses black.
    """
    from PIL import Image, ImageChops, ImageMath

    fill = tuple(round(v * 255) for v in background)
    with Image.open(io.BytesIO(data)) as image:
        rgba = image.convert("RGBA")
    flat = Image.new("RGBA", rgba.size, (*fill, 255))
    flat.alpha_composite(rgba)
    r, g, b = flat.convert("RGB").split()
    top = ImageChops.lighter(ImageChops.lighter(r, g), b)  # max(r, g, b) = 255 - k

    def ink(channel: PILImage) -> PILImage:
        # round(255 * (top - v) / top), in the integers ImageMath computes with
        # (it divides by zero as 0: black has no colour ink, only black).
        inked = ImageMath.lambda_eval(
            lambda a: ((a["top"] - a["v"]) * 510 + a["top"]) / (a["top"] * 2),
            top=top,
            v=channel,
        )
        assert isinstance(inked, Image.Image)  # an image in, an image out
        return inked.convert("L")

    return Image.merge("CMYK", (ink(r), ink(g), ink(b), ImageChops.invert(top)))


def to_cmyk(node: Any) -> None:
    """Every fill and stroke of a drawing in CMYK, by the conversion layout colours use."""
    for attr in ("fillColor", "strokeColor"):
        value = getattr(node, attr, None)
        if isinstance(value, Color) and not isinstance(value, CMYKColor):
            rgb = Colour("rgb", (value.red, value.green, value.blue))
            c, m, y, k = rgb.as_cmyk().values
            setattr(node, attr, CMYKColor(c, m, y, k, alpha=value.alpha))
    for child in getattr(node, "contents", ()):
        to_cmyk(child)


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
