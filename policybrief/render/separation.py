"""RGB separated into the press's CMYK through ICC profiles (LittleCMS, by Pillow's ImageCms).

A CMYK build prints no RGB: images, logos (raster and vector), chart colours and
annex pages are converted from sRGB (or the profile an annex carries) to the
CMYK output profile the PDF/A output intent names (ISO Coated v2 / FOGRA39).

- Colours go relative colorimetric with black-point compensation, the usual
  choice for graphics: colours inside the press's gamut keep their look, paper
  white stays unprinted, RGB black maps onto the press's darkest black.
- A neutral (r = g = b: black text, gray rules, a gray logo or chart series)
  prints on the black plate alone, with the lightness its gray has between
  paper white and K100 of the profile. Through the profile it would come out
  four-colour (RGB black as C75 M66 Y64 K95): text in rich black, which
  misregisters on press and is what the issue found in an RGB annex.

No file is read here (the profiles arrive as bytes from `load.files`) and no
reportlab is imported: `finish` converts annex pages with the same transform.
"""

from __future__ import annotations

import functools
import io
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING

from policybrief.model.profiles import Profiles

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

CMYK = tuple[float, float, float, float]


class Separation:
    """The RGB -> CMYK conversion of one source and one output profile, each colour
    converted once (a page repeats its few colours thousands of times)."""

    def __init__(self, profiles: Profiles) -> None:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(profiles.source))
        output = ImageCms.ImageCmsProfile(io.BytesIO(profiles.output))
        self._transform = ImageCms.buildTransform(
            source,
            output,
            "RGB",
            "CMYK",
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
        )
        self._black = _black_for_gray(source, output)
        self._colours: dict[tuple[int, int, int], CMYK] = {}

    def cmyk(self, rgb: Sequence[float]) -> CMYK:
        """An RGB colour (components 0-1) as CMYK (0-1), to the precision of 8 bits."""
        key = _key(rgb)
        if key not in self._colours:
            self.prepare([rgb])
        return self._colours[key]

    def prepare(self, colours: Iterable[Sequence[float]]) -> None:
        """Convert these colours now, in one call: LittleCMS takes milliseconds a call
        however few pixels it is given, so a page's colours go through it together."""
        from PIL import Image, ImageCms

        keys = {_key(rgb) for rgb in colours} - self._colours.keys()
        grays = {key for key in keys if key[0] == key[1] == key[2]}
        for key in grays:
            self._colours[key] = (0.0, 0.0, 0.0, round(self._black[key[0]] / 255, 4))
        others = sorted(keys - grays)
        if not others:
            return
        row = Image.new("RGB", (len(others), 1))
        row.putdata(others)
        inked = ImageCms.applyTransform(row, self._transform)
        assert inked is not None  # not converted in place
        for x, key in enumerate(others):
            pixel: tuple[int, ...] = inked.getpixel((x, 0))  # type: ignore[assignment]
            self._colours[key] = tuple(round(v / 255, 4) for v in pixel)  # type: ignore[assignment]

    def image(self, rgb: PILImage) -> PILImage:
        """An RGB image in CMYK; one whose every pixel is gray on the black plate alone."""
        from PIL import Image, ImageChops, ImageCms

        r, g, b = rgb.split()
        if ImageChops.difference(r, g).getbbox() is None and (
            ImageChops.difference(g, b).getbbox() is None
        ):
            blank = Image.new("L", rgb.size, 0)
            return Image.merge("CMYK", (blank, blank, blank, r.point(self._black)))
        converted = ImageCms.applyTransform(rgb, self._transform)
        assert converted is not None  # not converted in place
        return converted

    def flattened(self, picture: PILImage, under: CMYK) -> PILImage:
        """Any image in CMYK, its transparency flattened onto the ink `under` it (the
        band a logo sits on), so that its transparent parts print as that band does."""
        from PIL import Image

        if picture.mode == "CMYK":  # already separated (a CMYK JPEG): as it is
            return picture.copy()
        rgba = picture.convert("RGBA")
        inked = self.image(rgba.convert("RGB"))
        alpha = rgba.getchannel("A")
        if alpha.getextrema() == (255, 255):
            return inked
        back = Image.new("CMYK", rgba.size, tuple(round(v * 255) for v in under))
        return Image.composite(inked, back, alpha)


def _key(rgb: Sequence[float]) -> tuple[int, int, int]:
    r, g, b = (round(min(max(float(v), 0.0), 1.0) * 255) for v in rgb)
    return (r, g, b)


def _black_for_gray(source: object, output: object) -> list[int]:
    """For each 8-bit gray level of `source`, the K (0-255) of `output` that prints the
    same lightness, both scales running from paper white to the darkest black."""
    from PIL import Image, ImageCms

    lab = ImageCms.createProfile("LAB")
    intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
    to_lab = ImageCms.buildTransform(source, lab, "RGB", "LAB", renderingIntent=intent)  # type: ignore[arg-type]
    from_k = ImageCms.buildTransform(output, lab, "CMYK", "LAB", renderingIntent=intent)  # type: ignore[arg-type]
    grays = Image.new("RGB", (256, 1))
    grays.putdata([(v, v, v) for v in range(256)])
    inks = Image.new("CMYK", (256, 1))
    inks.putdata([(0, 0, 0, k) for k in range(256)])
    gray_l = _lightness(ImageCms.applyTransform(grays, to_lab))
    ink_l = _lightness(ImageCms.applyTransform(inks, from_k))  # falls as K grows
    darkest, paper = ink_l[-1], ink_l[0]
    rising = ink_l[::-1]  # lightness from K255 up to K0, for bisecting
    table: list[int] = []
    for level in gray_l:
        share = (level - gray_l[0]) / ((gray_l[-1] - gray_l[0]) or 1.0)
        wanted = darkest + share * (paper - darkest)
        at = min(max(bisect_left(rising, wanted), 1), 255)
        lo, hi = rising[at - 1], rising[at]
        k = 255 - (at - 1 + ((wanted - lo) / (hi - lo) if hi > lo else 0.0))
        table.append(min(max(round(k), 0), 255))
    table[255], table[0] = 0, 255  # paper stays unprinted, black is K100
    return table


def _lightness(image: PILImage | None) -> list[float]:
    """L* (0-100) of each pixel of an 8-bit LAB image's one row."""
    assert image is not None  # not converted in place
    return [image.getpixel((x, 0))[0] * 100 / 255 for x in range(image.width)]  # type: ignore[index]


@functools.lru_cache(maxsize=8)
def separation(profiles: Profiles) -> Separation:
    """One transform per pair of profiles for the whole process (building one takes
    milliseconds; the bytes hash once)."""
    return Separation(profiles)


# The profiles of the CMYK build being drawn (None in an RGB one): set by
# `document.render` around the drawing, as `inline.FALLBACK` is, so that every
# picture and chart colour converts without each builder passing it on.
PRESS: ContextVar[Profiles | None] = ContextVar("press", default=None)


def current() -> Separation | None:
    """The separation of the CMYK build being drawn, built when first needed: importing
    ImageCms and building the transforms takes some 80 ms, which a handout without
    pictures or charts never pays."""
    profiles = PRESS.get()
    return separation(profiles) if profiles is not None else None
