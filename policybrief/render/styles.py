"""Layout roles -> reportlab styles. The one place reportlab style keywords are spelt.

`ParagraphStyle` ignores a misspelt keyword silently, so every keyword lives
here and `tests/test_styles.py` checks the attributes actually took.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from policybrief.model.layout import Layout
from policybrief.model.values import Colour
from policybrief.render import fonts, separation
from policybrief.render.hyphenation import hyphenator


def colour(value: Colour, model: str) -> Color:
    """A layout colour in the layout's colour model (no RGB at all in a cmyk layout):
    a hex one through the output profile, as pictures go, when a CMYK build is drawn
    (`separation.current`); outside one (a style read before drawing), by formula."""
    if model == "cmyk":
        press = separation.current() if value.space == "rgb" else None
        if press is not None:
            return CMYKColor(*press.cmyk(value.values))
        c, m, y, k = value.as_cmyk().values
        return CMYKColor(c, m, y, k)
    return Color(*value.as_rgb().values)


def separated(values: Sequence[Colour], model: str) -> tuple[Color, ...]:
    """Colours a figure shows (chart series) in the layout's colour model: in a cmyk
    layout an RGB one goes through the output profile, as images do (separation.py)."""
    press = separation.current() if model == "cmyk" else None
    if press is not None:  # in one call: LittleCMS takes milliseconds a call
        press.prepare(v.values for v in values if v.space == "rgb")
    return tuple(colour(value, model) for value in values)


def hex_of(value: Colour) -> str:
    """`#rrggbb` of a colour (RGB only: in paragraph markup use `markup_colour`)."""
    r, g, b = value.as_rgb().values
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def markup_colour(value: Colour, model: str) -> str:
    """A paragraph markup `color=` value in the layout's colour model.

    Hex in markup always means RGB; a cmyk layout must write `cmyk(c,m,y,k)`
    (which reportlab's `toColor` reads) or its links would be RGB ink.
    """
    if model == "cmyk":
        return "cmyk({},{},{},{})".format(*(f"{v:.4g}" for v in value.as_cmyk().values))
    return hex_of(value)


@dataclass(frozen=True)
class Tight:
    """How much the fit-to-budget step has tightened the layout (1.0 = not at all)."""

    size: float = 1.0
    leading: float = 1.0
    spacing: float = 1.0


NO_TIGHTENING = Tight()


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    bullet: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    series: ParagraphStyle
    standfirst: ParagraphStyle
    meta: ParagraphStyle
    box_title: ParagraphStyle
    box_item: ParagraphStyle
    box_bullet: ParagraphStyle  # box_item with the accent bullet of a key takeaway
    table_head: ParagraphStyle
    cell: ParagraphStyle
    reference: ParagraphStyle
    reference_hanging: ParagraphStyle  # author-year: no number, a hanging indent
    running: ParagraphStyle
    code: ParagraphStyle
    body_font: fonts.Family
    heading_font: fonts.Family
    mono_font: fonts.Family
    size: float
    leading: float
    spacing: float
    footnote: ParagraphStyle  # a note at the page foot or among endnotes, its number hanging


# Styles per layout object (held here, so its id cannot be reused by another
# layout while cached), language, folder and tightening; a watch session that
# edits its layout makes new layout objects, so only the latest few are kept.
MIN_TEXT = 7.0  # points: no text smaller, the running header and footer included

_cache: dict[tuple[int, str, Path | None, Tight], tuple[Layout, Styles]] = {}
_CACHE_SIZE = 32


def build_styles(
    layout: Layout,
    language: str,
    hyphenation: str,
    layout_dir: Path | None,
    tight: Tight = NO_TIGHTENING,
) -> Styles:
    key = (id(layout), language, layout_dir, tight)
    cached = _cache.pop(key, None)
    if cached is None or cached[0] is not layout:
        cached = (layout, _build(layout, hyphenation, layout_dir, tight))
    _cache[key] = cached  # most recently used last
    while len(_cache) > _CACHE_SIZE:
        del _cache[next(iter(_cache))]
    return cached[1]


def _build(layout: Layout, hyphenation: str, layout_dir: Path | None, tight: Tight) -> Styles:
    body_font = fonts.family(layout.fonts.body, layout_dir)
    head_font = fonts.family(layout.fonts.headings, layout_dir)
    mono_font = fonts.family(layout.fonts.mono, layout_dir)
    t = layout.type
    size = t.size * tight.size
    leading = size * t.leading * tight.leading
    space = t.paragraph_space * tight.spacing
    section_space = t.section_space * tight.spacing
    model = layout.color_model
    pal = layout.palette
    ink = colour(pal.text, model)
    accent = colour(pal.accent, model)
    muted = colour(pal.muted, model)
    hyph = hyphenator(hyphenation) if layout.text.hyphenate else None
    align = TA_JUSTIFY if layout.text.justify else TA_LEFT

    def style(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": body_font.regular,
            "fontSize": size,
            "leading": leading,
            "textColor": ink,
            "bulletFontName": body_font.regular,
            "allowWidows": 0,
            "allowOrphans": 0,
            "hyphenationLang": hyph,
            # 0: reportlab's break at a compound's own hyphen drops the hyphen when
            # a paragraph is re-wrapped ("NonProliferation") and can split a
            # paragraph one line too tall ("Splitting error(n==2)").
            "embeddedHyphenation": 0,
            "uriWasteReduce": 0.3,
            "splitLongWords": 1,
        }
        base.update(kw)
        return ParagraphStyle(f"{name}-{id(layout)}", **base)  # type: ignore[arg-type]

    def head(name: str, factor: float, **kw: object) -> ParagraphStyle:
        hsize = size * factor
        return style(
            name,
            fontName=head_font.bold,
            fontSize=hsize,
            leading=hsize * 1.25,
            textColor=accent,
            keepWithNext=1,
            hyphenationLang=None,
            bulletFontName=head_font.bold,
            caps_tracking=t.caps_tracking,
            **kw,
        )

    scale = t.scale
    title_size = t.title_size * tight.size
    title_ink = (
        colour(layout.title_block.text, model) if layout.title_block.style == "band" else accent
    )
    return Styles(
        body=style("body", alignment=align, spaceAfter=space),
        bullet=style("bullet", alignment=align, spaceAfter=space * 0.4),
        h1=head("h1", scale**2, spaceBefore=section_space, spaceAfter=space * 1.2),
        h2=head("h2", scale, spaceBefore=section_space * 0.6, spaceAfter=space * 0.8),
        h3=head("h3", 1.0, spaceBefore=space, spaceAfter=space * 0.5),
        title=style(
            "title",
            fontName=head_font.bold,
            fontSize=title_size,
            leading=title_size * 1.15,
            textColor=title_ink,
            hyphenationLang=None,
            spaceAfter=size * 0.5,
        ),
        subtitle=style(
            "subtitle",
            fontName=head_font.regular,
            fontSize=size * scale**2,
            leading=size * scale**2 * 1.3,
            textColor=title_ink,
            hyphenationLang=None,
        ),
        series=style(
            "series",
            fontName=head_font.bold,
            fontSize=size * 0.85,
            leading=size * 1.2,
            textColor=title_ink,
            spaceAfter=size * 0.6,
            hyphenationLang=None,
            caps_tracking=t.caps_tracking,
        ),
        standfirst=style(
            "standfirst",
            fontName=body_font.italic,
            fontSize=size * 1.2,
            leading=size * 1.2 * t.leading,
            spaceBefore=space * 2,
            spaceAfter=space,
            textColor=ink,
        ),
        meta=style(
            "meta",
            fontName=head_font.regular,
            fontSize=size * 0.9,
            leading=size * 1.3,
            textColor=muted,
            spaceAfter=space * 2,
            hyphenationLang=None,
        ),
        box_title=style(
            "box_title",
            fontName=head_font.bold,
            fontSize=size * scale,
            leading=size * scale * 1.3,
            textColor=colour(layout.takeaways.title, model),
            hyphenationLang=None,
            caps_tracking=t.caps_tracking,
        ),
        box_item=style("box_item", leftIndent=size * 1.2, bulletIndent=0, alignment=TA_LEFT),
        box_bullet=style(
            "box_bullet",
            leftIndent=size * 1.2,
            bulletIndent=0,
            alignment=TA_LEFT,
            bulletFontName=body_font.regular,
            bulletFontSize=size * 1.1,
            bulletColor=accent,
        ),
        table_head=style(
            "table_head",
            fontName=head_font.bold,
            fontSize=size,
            leading=size * 1.3,
            textColor=colour(layout.pros_cons.header_text, model),
            hyphenationLang=None,
            alignment=TA_LEFT,
            caps_tracking=t.caps_tracking,
        ),
        cell=style(
            "cell",
            fontSize=size * 0.95,
            leading=leading * 0.95,
            alignment=TA_LEFT,
            spaceAfter=space * 0.4,
        ),
        reference=style(
            "reference",
            fontSize=size * 0.9,
            leading=leading * 0.9,
            leftIndent=size * 2.2,
            bulletIndent=0,
            bulletFontSize=size * 0.9,  # the number "[3]" matches its entry's text
            alignment=TA_LEFT,
            spaceAfter=space * 0.6,
            hyphenationLang=None,
        ),
        # An author-date list has no numbers: each entry's first line is flush and the
        # rest hang under it (The Chicago Manual of Style 15.10), so that names lead.
        footnote=style(
            "footnote",
            fontSize=size * 0.8,
            leading=leading * 0.8,
            leftIndent=size * 1.4,
            bulletIndent=0,
            bulletFontSize=size * 0.8,
            alignment=TA_LEFT,
            spaceAfter=space * 0.25,
            hyphenationLang=None,
        ),
        reference_hanging=style(
            "reference_hanging",
            fontSize=size * 0.9,
            leading=leading * 0.9,
            leftIndent=size * 1.8,
            firstLineIndent=-size * 1.8,
            alignment=TA_LEFT,
            spaceAfter=space * 0.6,
            hyphenationLang=None,
        ),
        running=style(
            "running",
            fontName=head_font.regular,
            fontSize=max(size * 0.75, MIN_TEXT),
            leading=size * 0.9,
            textColor=muted,
            hyphenationLang=None,
        ),
        code=style(
            "code",
            fontName=mono_font.regular,
            fontSize=size * 0.85,
            leading=size * 1.15,
            alignment=TA_LEFT,
            hyphenationLang=None,
            leftIndent=size,
            spaceAfter=space,
        ),
        body_font=body_font,
        heading_font=head_font,
        mono_font=mono_font,
        size=size,
        leading=leading,
        spacing=space,
    )


# --- tables and lists: their reportlab commands and keywords, spelt only here -----------

TableCommands = list[tuple[Any, ...]]


def table_base(styles: Styles) -> TableCommands:
    """Table defaults are Helvetica and RGB black: name our font and ink instead."""
    return [
        ("FONT", (0, 0), (-1, -1), styles.body_font.regular, styles.size),
        ("TEXTCOLOR", (0, 0), (-1, -1), styles.body.textColor),
    ]


def takeaways_box(styles: Styles, layout: Layout) -> TableCommands:
    """The key-takeaways panel: a tinted box with a thick rule at its left."""
    box, model = layout.takeaways, layout.color_model
    pad = styles.size * 0.9
    border = colour(box.border, model)
    return [
        *table_base(styles),
        ("BACKGROUND", (0, 0), (-1, -1), colour(box.background, model)),
        ("BOX", (0, 0), (-1, -1), box.border_width, border),
        ("LINEBEFORE", (0, 0), (0, -1), box.border_width * 4, border),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.3),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), styles.spacing * 0.3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), styles.spacing * 0.3),
        ("TOPPADDING", (0, 0), (-1, 0), pad * 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, 0), pad * 0.25),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
    ]


def pros_cons_grid(styles: Styles, layout: Layout, compact: bool) -> TableCommands:
    """The two-column Pros / Cons table: header band, tinted columns, rules."""
    pc, model = layout.pros_cons, layout.color_model
    pad = styles.size * (0.5 if compact else 0.7)
    rule = colour(pc.rule, model)
    return [
        *table_base(styles),
        ("BACKGROUND", (0, 0), (-1, 0), colour(pc.header_background, model)),
        ("BACKGROUND", (0, 1), (0, -1), colour(pc.pros_background, model)),
        ("BACKGROUND", (1, 1), (1, -1), colour(pc.cons_background, model)),
        ("LINEBELOW", (0, 0), (-1, -1), pc.rule_width, rule),
        ("LINEAFTER", (0, 0), (0, -1), pc.rule_width, rule),
        ("BOX", (0, 0), (-1, -1), pc.rule_width, rule),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.4),
    ]


def recommendation_box(styles: Styles, layout: Layout) -> TableCommands:
    """One recommendation set apart: a rule at its left, on a tint for `panel`."""
    rec, model = layout.recommendations, layout.color_model
    pad = styles.size * 0.8
    out = [
        *table_base(styles),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * (1.4 if rec.style == "panel" else 1.0)),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad if rec.style == "panel" else 0),
        ("TOPPADDING", (0, 0), (-1, -1), styles.spacing * 0.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), styles.spacing * 0.2),
        ("LINEBEFORE", (0, 0), (0, -1), rec.rule_width, colour(rec.rule, model)),
    ]
    if rec.style == "panel":
        out += [
            ("BACKGROUND", (0, 0), (-1, -1), colour(rec.background, model)),
            ("TOPPADDING", (0, 0), (-1, 0), pad * 0.6),
            ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.7),
        ]
    return out


def qr_row(styles: Styles) -> TableCommands:
    """A reference with its QR code at the right, no frame."""
    return [
        *table_base(styles),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, 0), styles.size),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), styles.spacing),
    ]


def photo_beside_text(styles: Styles) -> TableCommands:
    """An author's photo at the left of their bio, no frame; the gap is in the first column."""
    return [
        *table_base(styles),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]


def pack_table(styles: Styles, layout: Layout, body: bool = False) -> TableCommands:
    """A meeting pack's agenda, attendees and contents: a header band, a rule under each
    row (`body`: a row of its own, without the band)."""
    model = layout.color_model
    pad = styles.size * 0.5
    out = [
        *table_base(styles),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colour(layout.palette.rule, model)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.8),
    ]
    if not body:
        out.append(
            ("BACKGROUND", (0, 0), (-1, 0), colour(layout.pros_cons.header_background, model))
        )
    return out


def list_keywords(styles: Styles, layout: Layout) -> dict[str, Any]:
    """ListFlowable's keywords for bullets and numbers in the body font and accent colour."""
    return {
        "bulletFontName": styles.body_font.regular,
        "bulletFontSize": styles.size,
        "leftIndent": styles.size * 1.6,
        "spaceAfter": styles.spacing,
        "bulletColor": colour(layout.palette.accent, layout.color_model),
    }


# --- exhibits: figures, data tables, boxes, quotations (spec 1.1 "Blocks") -------------


@dataclass(frozen=True)
class ExhibitStyles:
    caption: ParagraphStyle  # "Figure 1. Title"
    subtitle: ParagraphStyle  # the units, under the title
    source: ParagraphStyle  # "Source: …", "Note: …"
    head: ParagraphStyle
    head_right: ParagraphStyle
    head_center: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    box_body: ParagraphStyle
    box_point: ParagraphStyle
    quote: ParagraphStyle
    gap: float  # between a caption and its exhibit
    around: float  # above and below an exhibit


_exhibit_cache: dict[int, tuple[Styles, ExhibitStyles]] = {}


def exhibit_styles(styles: Styles, layout: Layout) -> ExhibitStyles:
    """The exhibits' paragraph styles, derived from the brief's (cached per Styles)."""
    cached = _exhibit_cache.get(id(styles))
    if cached is not None and cached[0] is styles:
        return cached[1]
    made = _exhibits(styles, layout)
    _exhibit_cache[id(styles)] = (styles, made)
    while len(_exhibit_cache) > _CACHE_SIZE:
        del _exhibit_cache[next(iter(_exhibit_cache))]
    return made


def _exhibits(s: Styles, layout: Layout) -> ExhibitStyles:
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT

    size = s.size
    font = s.heading_font if layout.exhibits.caption_font == "headings" else s.body_font
    muted = colour(layout.palette.muted, layout.color_model)

    def derive(base: ParagraphStyle, name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(f"{name}-{id(s)}", parent=base, **kw)  # type: ignore[arg-type]

    caption = derive(
        s.body,
        "caption",
        fontName=font.regular,
        fontSize=size * 1.0,
        leading=size * 1.3,
        alignment=TA_LEFT,
        spaceAfter=0,
        hyphenationLang=None,
        keepWithNext=1,
        textColor=s.body.textColor,
    )
    cell = derive(s.cell, "xcell", spaceAfter=0, fontName=s.body_font.regular)
    head = derive(s.table_head, "xhead", fontSize=size * 0.9, leading=size * 1.2)
    return ExhibitStyles(
        caption=caption,
        subtitle=derive(caption, "xsubtitle", fontSize=size * 0.9, textColor=muted),
        source=derive(
            s.body,
            "xsource",
            fontSize=size * 0.8,
            leading=size * 1.05,
            alignment=TA_LEFT,
            spaceAfter=size * 0.15,
            textColor=muted,
            hyphenationLang=None,
        ),
        head=head,
        head_right=derive(head, "xhead_r", alignment=TA_RIGHT),
        head_center=derive(head, "xhead_c", alignment=TA_CENTER),
        cell=cell,
        cell_right=derive(cell, "xcell_r", alignment=TA_RIGHT),
        cell_center=derive(cell, "xcell_c", alignment=TA_CENTER),
        box_body=derive(s.body, "xbox", alignment=TA_LEFT, spaceAfter=s.spacing * 0.6),
        box_point=derive(
            s.body,
            "xboxpoint",
            alignment=TA_LEFT,
            leftIndent=size * 1.2,
            bulletIndent=0,
            spaceAfter=s.spacing * 0.4,
        ),
        quote=derive(
            s.body,
            "xquote",
            leftIndent=size * 2,
            rightIndent=size * 2,
            fontName=s.body_font.italic,
            alignment=TA_LEFT,
        ),
        gap=size * 0.35,
        around=s.spacing * 1.6,
    )


def data_table(
    styles: Styles, layout: Layout, caption_rows: int, header: bool
) -> TableCommands:
    """A data table in the pros/cons family: header band, rules under rows, zebra rows;
    the caption row (when there is one) spans the table, unshaded."""
    pc, ex, model = layout.pros_cons, layout.exhibits, layout.color_model
    pad = styles.size * 0.45
    rule = colour(pc.rule, model)
    top = caption_rows
    first = top + (1 if header else 0)
    out: TableCommands = [
        *table_base(styles),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.6),
        ("LINEBELOW", (0, first), (-1, -1), pc.rule_width, rule),
    ]
    if caption_rows:
        out += [
            ("SPAN", (0, 0), (-1, 0)),
            ("LEFTPADDING", (0, 0), (-1, 0), 0),
            ("BOTTOMPADDING", (0, 0), (-1, 0), styles.size * 0.5),
        ]
    if header:
        out.append(("BACKGROUND", (0, top), (-1, top), colour(pc.header_background, model)))
    if ex.zebra:
        out.append(
            ("ROWBACKGROUNDS", (0, first), (-1, -1), [None, colour(ex.zebra_background, model)])
        )
    return out


def exhibit_box(styles: Styles, layout: Layout) -> TableCommands:
    """A box: a shaded panel with a rule at its left (lighter than the takeaways box)."""
    ex, model = layout.exhibits, layout.color_model
    pad = styles.size * 0.9
    return [
        *table_base(styles),
        ("BACKGROUND", (0, 0), (-1, -1), colour(ex.box_background, model)),
        ("LINEBEFORE", (0, 0), (0, -1), 2.5, colour(ex.box_rule, model)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.2),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), styles.spacing * 0.3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), styles.spacing * 0.3),
        ("TOPPADDING", (0, 0), (-1, 0), pad),
        ("BOTTOMPADDING", (0, 0), (-1, 0), pad * 0.5),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
    ]
