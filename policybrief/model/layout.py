"""The layout format: everything about how a brief looks, as validated data.

A layout names roles (`takeaways.background`, `pros_cons.header_background`),
never reportlab classes; `render/styles.py` maps roles onto the engine once.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, Tag, model_validator

from policybrief.model import standards
from policybrief.model.base import Line, Strict
from policybrief.model.labels import LabelOverrides
from policybrief.model.values import Color, Colour, Length, between, parse_colour

PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "A3": (297, 420),
    "A4": (210, 297),
    "A5": (148, 210),
    "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
    "tabloid": (279.4, 431.8),
}

Ratio = Annotated[float, Field(gt=0.5, le=3.0)]
MM = 72 / 25.4
# Office printers cannot print within about 5 mm of the sheet's edge (and a guillotine
# wanders): no text or mark sits closer to the trim, and nothing but bleed reaches it.
SAFE = 5 * MM


class Margins(Strict):
    top: Length = 20 * MM
    bottom: Length = 20 * MM
    left: Length = 20 * MM
    right: Length = 20 * MM


class Page(Strict):
    """The trimmed page; `bleed` and `crop_marks` add paper around it for the printer."""

    size: Literal["A3", "A4", "A5", "letter", "legal", "tabloid", "custom"] = "A4"
    width: Length | None = None
    height: Length | None = None
    orientation: Literal["portrait", "landscape"] = "portrait"
    margins: Margins = Margins()
    bleed: Annotated[Length, between(0, 20, "mm")] = 0.0
    crop_marks: bool = False

    @model_validator(mode="after")
    def _custom_size(self) -> Page:
        if (self.width is None) != (self.height is None):
            raise ValueError("give both width and height, or neither")
        if self.size == "custom" and self.width is None:
            raise ValueError("size 'custom' needs width and height")
        w, h = self.trim_size()
        m = self.margins
        if w - m.left - m.right < 40 * MM or h - m.top - m.bottom < 40 * MM:
            raise ValueError("the margins leave less than 40mm for the text")
        return self

    def edge(self) -> str:
        """What reaches the trim edge, in words (`--list-layouts`): a layout with bleed
        prints its title band into it; one without keeps everything inside the trim."""
        bleed = f"{self.bleed / MM:.3g} mm bleed" if self.bleed else ""
        marks = "crop marks" if self.crop_marks else ""
        said = ", ".join(p for p in (bleed, marks) if p)
        return said or "nothing printed to the trim edge"

    def trim_size(self) -> tuple[float, float]:
        """Width and height of the trimmed page in points (explicit width/height win)."""
        if self.width is not None and self.height is not None:
            w, h = self.width, self.height
        else:
            w, h = (v * MM for v in PAGE_SIZES_MM.get(self.size, PAGE_SIZES_MM["A4"]))
        if self.orientation == "landscape":
            w, h = max(w, h), min(w, h)
        return w, h

    def frame_width(self) -> float:
        """Width of the text frame: the trimmed page between its side margins."""
        return self.trim_size()[0] - self.margins.left - self.margins.right


class Marking(Strict):
    """The classification marking, centred at the top and bottom of every page."""

    # From the trim edge to the marking's line (its font's ascent at the top, descent at
    # the bottom): at least SAFE, since office printers clip inside about 5 mm.
    inset: Annotated[Length, between(5, 30, "mm")] = 6 * MM


class FontFiles(Strict):
    """A TrueType family from files beside the layout."""

    regular: Line
    bold: Line | None = None
    italic: Line | None = None
    bold_italic: Line | None = None


def _font_kind(value: Any) -> str:
    return "FontFiles" if isinstance(value, dict | FontFiles) else "FontName"


# Discriminated so that a typo (`serf`) gets one message, not one per union member.
FontChoice = Annotated[
    Annotated[Literal["serif", "sans", "mono"], Tag("FontName")]
    | Annotated[FontFiles, Tag("FontFiles")],
    Discriminator(_font_kind),
]


# A layout's fallback fonts: each face costs a parse when first drawn from, and a
# list longer than this is a mistake, not a design.
MAX_FALLBACK_FONTS = 8


class Fonts(Strict):
    body: FontChoice = "serif"
    headings: FontChoice = "sans"
    mono: FontChoice = "mono"
    # TrueType files beside the layout, tried in order for a character the body,
    # heading or mono font lacks, before the shipped fallbacks (docs/fonts.md).
    fallback: Annotated[tuple[Line, ...], Field(max_length=MAX_FALLBACK_FONTS)] = ()


class Type(Strict):
    size: Annotated[Length, between(5, 30)] = 10.0
    leading: Ratio = 1.4
    scale: Annotated[float, Field(ge=1.0, le=2.0)] = 1.2
    title_size: Annotated[Length, between(8, 96)] = 24.0
    paragraph_space: Length = 5.0
    section_space: Length = 14.0
    # Letter-spacing of text set all in capitals (the kicker, capital headings, the
    # classification marking), a fraction of the type size: capitals set at the
    # spacing made for lower case crowd each other (5-10 % is the usual range).
    caps_tracking: Annotated[float, Field(ge=0.0, le=0.25)] = 0.06
    # The width of running text (paragraphs, lists, headings), centred in the text
    # frame; tables, boxes and exhibits keep the frame's whole width. None: the frame's.
    # A reader's eye finds the next line easily at 55-80 characters; a wide frame set
    # 95 and more, and a narrower frame made every table taller and the pages emptier.
    measure: Annotated[Length, between(40, 400, "mm")] | None = None


def _c(text: str) -> Colour:
    return parse_colour(text)


class Palette(Strict):
    text: Color = _c("#1a1a1a")
    accent: Color = _c("#1f4e79")
    muted: Color = _c("#5b6770")
    rule: Color = _c("#c8d0d8")
    link: Color = _c("#1f4e79")


class Headings(Strict):
    numbering: bool = True  # "1.", "2." before top-level sections (not summary or references)
    uppercase: bool = False  # top-level headings in capitals


MIN_RULE = 0.3  # points: a finer rule breaks up or vanishes on a press (and in toner)


def _rule_weight(points: float) -> float:
    if points < MIN_RULE - 1e-6:
        raise ValueError(
            f"{points:.3g}pt is thinner than {MIN_RULE:g}pt: a finer rule breaks up or"
            " vanishes in print"
        )
    if points > MAX_RULE + 1e-6:
        raise ValueError(f"{points:.4g}pt is out of range: use {MIN_RULE:g}pt to {MAX_RULE:g}pt")
    return points


MAX_RULE = 12.0  # points: heavier is a band, not a rule
# The weight of a rule or border a layout sets: at least MIN_RULE.
RuleWidth = Annotated[Length, AfterValidator(_rule_weight)]


class TitleBlock(Strict):
    style: Literal["band", "plain", "rule"] = "band"
    background: Color = _c("#1f4e79")
    text: Color = _c("#ffffff")


class Takeaways(Strict):
    background: Color = _c("#eef3f8")
    border: Color = _c("#1f4e79")
    border_width: RuleWidth = 1.0
    title: Color = _c("#1f4e79")
    # Where the box goes when an edition sets no `sections` order of its own.
    position: Literal["after_summary", "before_summary"] = "after_summary"


class Recommendations(Strict):
    """How recommendations are set apart (GAO frames each): `rule` a coloured rule at
    the left, `panel` a tinted panel with that rule, `plain` neither; the number bold."""

    style: Literal["plain", "rule", "panel"] = "rule"
    rule: Color = _c("#1f4e79")
    rule_width: RuleWidth = 2.0
    background: Color = _c("#eef3f8")  # the panel's tint


class ProsCons(Strict):
    header_background: Color = _c("#1f4e79")
    header_text: Color = _c("#ffffff")
    pros_background: Color = _c("#f1f7ee")
    cons_background: Color = _c("#fbf0ee")
    rule: Color = _c("#c8d0d8")
    rule_width: RuleWidth = 0.5


def _series_colours() -> list[Colour]:
    # Dark blue, amber, mid grey, light blue, near black: their lightness steps
    # apart (about 32, 72, 53, 83, 20 L*), so the series stay apart in grayscale.
    return [_c(c) for c in ("#1f4e79", "#e8a33d", "#7f7f7f", "#a9c9e8", "#333333")]


class Exhibits(Strict):
    """Figures, data tables and boxes: where captions go, series colours, the box panel."""

    caption: Literal["above", "below"] = "above"  # "Figure 1. Title" above or below
    caption_font: Literal["headings", "body"] = "headings"
    series: Annotated[list[Color], Field(min_length=1, max_length=12)] = Field(
        default_factory=_series_colours
    )
    zebra: bool = True  # alternate rows of a data table tinted (else rules only)
    zebra_background: Color = _c("#f3f5f7")
    box_background: Color = _c("#f1f4f7")
    box_rule: Color = _c("#1f4e79")


def _standards(value: object) -> str:
    """A list or a comma-separated string, in its canonical spelling ("pdfa-2a,ua-1")."""
    return standards.parse(value).text


class Citations(Strict):
    """`brackets` "[1]", `superscript` "¹" (numbered in order of first citation), or
    `author-year` "(Pisani-Ferry et al. 2024)", the list sorted by author and year."""

    style: Literal["brackets", "superscript", "author-year"] = "brackets"


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
        parsed = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(value)]
    except ValueError as exc:
        raise ValueError(f"bad template '{value}': {exc}") from None
    fields = {name for name, _, _ in parsed if name is not None}
    if any(spec or conv for name, spec, conv in parsed if name is not None):
        # `{page:>999999999}` would pad to a gigabyte: placeholders take no format.
        raise ValueError(f"bad template '{value}': write a placeholder as {{name}}, no format")
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


class PageNumbers(Strict):
    """Where the running header and footer print the page number. A title page carries
    none and a one-page brief says "Page 1", not "Page 1 of 1", as printed
    publications do, unless the layout asks for them.

    `first_page`: the first page (the title page; a pack's cover) prints the slots
    that hold `{page}`, `{pages}` or `{page_label}` too; by default they are left out
    there, the other slots of the footer kept. `one_page_total`: a PDF of one page
    prints its total ("of 1") too; by default `{pages}` and the words between it and
    `{page}` are left out of the label and the templates.
    """

    first_page: bool = False
    one_page_total: bool = False


class References(Strict):
    """Paper has no links: `qr_codes` prints a scannable code beside each URL."""

    qr_codes: bool = False
    qr_size: Annotated[Length, between(10, 40, "mm")] = 15 * MM


class TextSettings(Strict):
    justify: bool = True
    hyphenate: bool = True


class Fit(Strict):
    """How a brief over `max_pages` may be tightened: leading, then spacing, then type size.

    Each floor is the smallest share of the layout's own value allowed.
    """

    mode: Literal["none", "shrink"] = "none"
    floor: Annotated[float, Field(ge=0.5, le=1.0)] = 0.9  # type size
    leading_floor: Annotated[float, Field(ge=0.8, le=1.0)] = 0.92
    spacing_floor: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5


class Lint(Strict):
    """Thresholds of `--lint`, the advice on a brief (run/lint.py). Defaults follow the
    published guidance on policy briefs that issue 20 summarises: a policy briefing of
    at most about 1,500 words, 3-5 key takeaways, at most 5 recommendations, and what
    the reader needs on the first page. A layout for longer or plainer editions sets its own."""

    # "at most about 1,500 words" for a policy briefing: the whole edition, references apart
    words: Annotated[int, Field(ge=1)] | None = 1500
    # an executive summary that fits the first page beside the title: about 200 words
    summary_words: Annotated[int, Field(ge=1)] | None = 200
    # one section should not outweigh the brief: 40 % of the 1,500-word budget
    section_words: Annotated[int, Field(ge=1)] | None = 600
    takeaways_min: Annotated[int, Field(ge=0)] = 3  # "3-5 takeaways"
    takeaways_max: Annotated[int, Field(ge=1)] = 5
    recommendations_max: Annotated[int, Field(ge=1)] = 5  # "at most 5 recommendations"
    takeaway_lines: Annotated[int, Field(ge=1)] = 2  # a takeaway is read at a glance
    # Flesch-Kincaid grade for English: 12 is a general educated readership (the US
    # Plain Writing Act guidance aims lower, at 8, for the public: a public layout sets it)
    grade: Annotated[float, Field(ge=1, le=20)] | None = 12
    # Flesch reading ease for the other languages textstat knows (de, es, fr, it, nl, pl,
    # ru, hu): 30 and above is "difficult" rather than "very difficult" (Flesch 1948)
    reading_ease: Annotated[float, Field(ge=0, le=100)] | None = 30
    pros_per_con: Annotated[float, Field(gt=1)] = 6  # "6 pros and 1 con" reads as advocacy
    # initialisms every reader of the language knows, never expanded
    known_acronyms: list[Line] = Field(default_factory=lambda: ["US", "UK", "EU", "UN"])


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
    recommendations: Recommendations = Recommendations()
    # Footnotes at the foot of the page where their mark is, or gathered as endnotes
    # (a Notes section before the references).
    notes: Literal["footnotes", "endnotes"] = "footnotes"
    citations: Citations = Citations()
    exhibits: Exhibits = Exhibits()
    header: Running = Running(left="{title}", right="{series}")
    footer: Running = Running(left="{classification}", right="{page_label}")
    marking: Marking = Marking()
    page_numbers: PageNumbers = PageNumbers()
    references: References = References()
    text: TextSettings = TextSettings()
    # The brief's own pages; annexes and an even-page pad come on top of the budget.
    max_pages: Annotated[int, Field(ge=1)] | None = None
    fit: Fit = Fit()
    lint: Lint = Lint()
    # Any of the language's labels replaced for briefs in this layout (a brief's own win).
    labels: LabelOverrides | None = None
    impose: Literal["none", "2up", "booklet"] = "none"
    # The sheet imposed pages go on; default: the one that holds two (A5 -> A4, A4 -> A3).
    print_sheet: Literal["A5", "A4", "A3", "letter", "legal", "tabloid"] | None = None
    even_pages: Literal["no", "blank", "notice"] = "no"
    # PDF standards to meet: "pdfa-2a,ua-1" or a list of them (model/standards.py), or none
    pdf_standard: Annotated[
        str, BeforeValidator(_standards, json_schema_input_type=str | list[str])
    ] = "none"

    @property
    def for_print(self) -> bool:
        """Made for a press, not an office printer or a screen: CMYK inks or a bleed.
        Such a layout is held to print rules (images of at least PRINT_PPI at their
        placed size) that a screen PDF need not meet."""
        return self.color_model == "cmyk" or self.page.bleed > 0


# --- page furniture: where the running lines and the marking go ---------------------------


@dataclass(frozen=True)
class LineBox:
    """A face's line box per point of type size, from the baseline: the renderer passes
    each font's own; the load-time check assumes the shipped faces' (Noto Sans: ascent
    1.069, descent 0.293) for any font."""

    ascent: float = 1.07
    descent: float = 0.3


MARKING_SCALE = 0.9  # the classification marking's size, of the body text's
RUNNING_SCALE, RUNNING_LEAST = 0.75, 7.0  # the running lines' size, as render/styles.py sets it


def running_size(body: float) -> float:
    return max(body * RUNNING_SCALE, RUNNING_LEAST)

GAP = 0.3  # between the marking's line box and a running line's, of the running size


def marking_lines(layout: Layout, body: float, face: LineBox = LineBox()) -> tuple[float, float]:
    """Baselines of the classification marking: below the top trim edge, above the bottom."""
    size = body * MARKING_SCALE
    inset = layout.marking.inset
    return inset + face.ascent * size, inset + face.descent * size


def running_lines(
    layout: Layout,
    body: float,
    running: float,
    marked: bool,
    face: LineBox = LineBox(),
    marking_face: LineBox = LineBox(),
) -> tuple[float, float]:
    """Baselines of the running header (below the top trim edge) and footer (above the
    bottom one): in the margins, never into the text frame, at least SAFE inside the
    trim, and clear of the classification marking when the brief has one."""
    m = layout.page.margins
    least = (SAFE, SAFE)
    if marked:
        size = body * MARKING_SCALE
        taken = layout.marking.inset + (marking_face.ascent + marking_face.descent) * size
        least = (taken + GAP * running, taken + GAP * running)
    header = max(m.top * 0.55, least[0] + face.ascent * running)
    footer = max(m.bottom * 0.45, least[1] + face.descent * running)
    return min(header, _header_room(m, running)), min(footer, _footer_room(m, running))


def _header_room(m: Margins, running: float) -> float:
    return m.top - running * 0.8  # the header's rule sits below it, above the frame


def _footer_room(m: Margins, running: float) -> float:
    return m.bottom - running * 1.4  # the footer's rule sits above it, below the frame


def furniture_problems(layout: Layout) -> list[tuple[tuple[str, ...], str]]:
    """Margins too narrow to keep the text, the running lines and the classification
    marking (assumed present: any brief may have one) at least SAFE inside the trim and
    apart, or a measure wider than the frame: (the field's path, what it needs). A
    running line whose three slots are empty is never drawn and needs no room."""
    m = layout.page.margins
    face = LineBox()
    running = running_size(layout.type.size)
    # The room `running_lines` keeps between each running line and the frame, added.
    need_top = _need(layout, running, face.ascent) + (m.top - _header_room(m, running))
    need_bottom = _need(layout, running, face.descent) + (m.bottom - _footer_room(m, running))
    out: list[tuple[tuple[str, ...], str]] = []
    if _drawn(layout.header) and m.top < need_top - 1e-6:
        out.append((("page", "margins", "top"), _room_message("top", "header", need_top)))
    if _drawn(layout.footer) and m.bottom < need_bottom - 1e-6:
        out.append((("page", "margins", "bottom"), _room_message("bottom", "footer", need_bottom)))
    frame = layout.page.frame_width()
    if layout.type.measure is not None and layout.type.measure > frame + 1e-6:
        message = (
            f"a measure of {layout.type.measure / MM:.4g}mm is wider than the text frame"
            f" ({frame / MM:.4g}mm between the margins): make it at most {frame / MM:.4g}mm"
        )
        out.append((("type", "measure"), message))
    for side in ("top", "bottom", "left", "right"):
        if getattr(m, side) < SAFE - 1e-6:
            message = (
                f"a {side} margin of {getattr(m, side) / MM:.3g}mm puts text within 5mm of the"
                " trim, where office printers clip: use at least 5mm"
            )
            out.append((("page", "margins", side), message))
    return out


def _drawn(running: Running) -> bool:
    return bool(running.left or running.center or running.right)


def _need(layout: Layout, running: float, extent: float) -> float:
    """From the trim edge to a running line's baseline at the least (marking included)."""
    face = LineBox()
    body = layout.type.size
    taken = layout.marking.inset + (face.ascent + face.descent) * body * MARKING_SCALE
    return taken + GAP * running + extent * running


def _room_message(side: str, line: str, need: float) -> str:
    return (
        f"the {side} margin leaves no room for the running {line} at least 5mm inside the"
        f" trim (office printers clip there) and clear of the classification marking"
        f" (marking.inset): make it at least {need / MM:.3g}mm"
    )
