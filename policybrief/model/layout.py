"""The layout format: everything about how a brief looks, as validated data.

A layout names roles (`takeaways.background`, `pros_cons.header_background`),
never reportlab classes; `render/styles.py` maps roles onto the engine once.
"""

from __future__ import annotations

import string
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from .base import Line, Strict
from .values import Color, Colour, Length, parse_colour

PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "A3": (297, 420),
    "A4": (210, 297),
    "A5": (148, 210),
    "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
    "tabloid": (279.4, 431.8),
}

Ratio = Annotated[float, Field(gt=0.5, le=3.0)]


class Margins(Strict):
    top: Length = 20 * 72 / 25.4
    bottom: Length = 20 * 72 / 25.4
    left: Length = 20 * 72 / 25.4
    right: Length = 20 * 72 / 25.4


class Page(Strict):
    size: Literal["A3", "A4", "A5", "letter", "legal", "tabloid", "custom"] = "A4"
    width: Length | None = None
    height: Length | None = None
    orientation: Literal["portrait", "landscape"] = "portrait"
    margins: Margins = Margins()
    bleed: Length = 0.0
    crop_marks: bool = False

    @model_validator(mode="after")
    def _custom_size(self) -> Page:
        if (self.width is None) != (self.height is None):
            raise ValueError("give both width and height, or neither")
        return self

    def trim_size(self) -> tuple[float, float]:
        """Width and height of the trimmed page in points."""
        if self.width is not None and self.height is not None:
            w, h = self.width, self.height
        else:
            mm = PAGE_SIZES_MM.get(self.size, PAGE_SIZES_MM["A4"])
            w, h = (v * 72 / 25.4 for v in mm)
        if self.orientation == "landscape":
            w, h = max(w, h), min(w, h)
        return w, h


class FontFiles(Strict):
    """A TrueType family from files beside the layout."""

    regular: Line
    bold: Line | None = None
    italic: Line | None = None
    bold_italic: Line | None = None


FontChoice = Literal["serif", "sans", "mono"] | FontFiles


class Fonts(Strict):
    body: FontChoice = "serif"
    headings: FontChoice = "sans"
    mono: FontChoice = "mono"


class Type(Strict):
    size: Length = 10.0
    leading: Ratio = 1.4
    scale: Annotated[float, Field(ge=1.0, le=2.0)] = 1.2
    title_size: Length = 24.0
    paragraph_space: Length = 5.0
    section_space: Length = 14.0


def _c(text: str) -> Colour:
    return parse_colour(text)


class Palette(Strict):
    text: Color = _c("#1a1a1a")
    accent: Color = _c("#1f4e79")
    muted: Color = _c("#5b6770")
    rule: Color = _c("#c8d0d8")
    link: Color = _c("#1f4e79")
    panel: Color = _c("#eef3f8")


class Headings(Strict):
    numbering: bool = True
    rule_below: bool = False
    uppercase: bool = False


class TitleBlock(Strict):
    style: Literal["band", "plain", "rule"] = "band"
    background: Color = _c("#1f4e79")
    text: Color = _c("#ffffff")


class Takeaways(Strict):
    background: Color = _c("#eef3f8")
    border: Color = _c("#1f4e79")
    border_width: Length = 1.0
    title: Color = _c("#1f4e79")
    position: Literal["after_summary", "before_summary"] = "after_summary"


class ProsCons(Strict):
    header_background: Color = _c("#1f4e79")
    header_text: Color = _c("#ffffff")
    pros_background: Color = _c("#f1f7ee")
    cons_background: Color = _c("#fbf0ee")
    rule: Color = _c("#c8d0d8")
    rule_width: Length = 0.5


class Citations(Strict):
    style: Literal["brackets", "superscript"] = "brackets"


PLACEHOLDERS = frozenset(
    {
        "title",
        "subtitle",
        "series",
        "edition",
        "classification",
        "date",
        "organization",
        "page",
        "pages",
        "page_label",
    }
)


def _template(value: str) -> str:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        raise ValueError(f"bad template '{value}': {exc}") from None
    unknown = sorted(fields - PLACEHOLDERS)
    if unknown:
        allowed = ", ".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS))
        raise ValueError(f"unknown placeholder {{{unknown[0]}}} (allowed: {allowed})")
    return value


Template = Annotated[str, AfterValidator(_template)]


class Running(Strict):
    """A header or footer line: three slots with `{placeholder}` templates."""

    left: Template = ""
    center: Template = ""
    right: Template = ""
    rule: bool = True


class References(Strict):
    qr_codes: bool = False
    qr_size: Length = 42.0


class TextSettings(Strict):
    justify: bool = True
    hyphenate: bool = True


class Fit(Strict):
    mode: Literal["none", "shrink"] = "none"
    floor: Annotated[float, Field(ge=0.5, le=1.0)] = 0.9


class Layout(Strict):
    description: Line = "A layout"
    extends: Line | None = None
    page: Page = Page()
    color_model: Literal["rgb", "cmyk"] = "rgb"
    fonts: Fonts = Fonts()
    type: Type = Type()
    palette: Palette = Palette()
    headings: Headings = Headings()
    title_block: TitleBlock = TitleBlock()
    takeaways: Takeaways = Takeaways()
    pros_cons: ProsCons = ProsCons()
    citations: Citations = Citations()
    header: Running = Running(left="{title}", right="{series}")
    footer: Running = Running(left="{classification}", right="{page_label}")
    references: References = References()
    text: TextSettings = TextSettings()
    max_pages: Annotated[int, Field(ge=1)] | None = None
    fit: Fit = Fit()
    impose: Literal["none", "2up", "booklet"] = "none"
    even_pages: Literal["no", "blank", "notice"] = "no"
    pdf_standard: Literal["none", "pdfa-2b"] = "none"
