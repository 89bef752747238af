"""The title block: logo, series, title, subtitle and edition on a band; standfirst and byline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable, Spacer

from policybrief.model.paths import Origin
from policybrief.model.picture import Picture, logo_width
from policybrief.render import inline
from policybrief.render.images import PAPER, picture_flowable
from policybrief.render.paragraph import Balanced, Paragraph
from policybrief.render.styles import colour, markup_colour
from policybrief.render.tagging import artifact

if TYPE_CHECKING:
    from policybrief.render.blocks import Builder


class TooTall(Exception):
    """A block that cannot be split is taller than a page's text area."""

    def __init__(self, origin: Origin, what: str, needed: float, room: float) -> None:
        super().__init__(what)
        self.origin, self.what, self.needed, self.room = origin, what, needed, room


class TitleBand(Flowable):
    """The title block: content on a band of colour running to the page edges."""

    def __init__(
        self, content: list[Flowable], fill: Any, pad: float, extend: tuple[float, float, float]
    ) -> None:
        super().__init__()
        self.content = content
        self.fill = fill
        self.pad = pad
        self.extend_left, self.extend_right, self.extend_top = extend
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        inner = aw
        self._sizes = [f.wrap(inner, ah) for f in self.content]
        spaces = sum(f.getSpaceAfter() for f in self.content[:-1])
        self.width = aw
        self.height = sum(h for _, h in self._sizes) + spaces + 2 * self.pad
        return aw, self.height

    def draw(self) -> None:
        canv = self.canv
        if self.fill is not None:
            with artifact(canv):
                self._fill(canv)
        y = self.height - self.pad
        for flowable, (_, h) in zip(self.content, self._sizes, strict=True):
            y -= h
            flowable.drawOn(canv, 0, y)
            y -= flowable.getSpaceAfter()

    def _fill(self, canv: Any) -> None:
        canv.saveState()
        canv.setFillColor(self.fill)
        canv.rect(
            -self.extend_left,
            0,
            self.width + self.extend_left + self.extend_right,
            self.height + self.extend_top,
            stroke=0,
            fill=1,
        )
        canv.restoreState()


def title_block(
    builder: Builder, extend: tuple[float, float, float], logo: Picture | None
) -> list[Flowable]:
    """Series, title, subtitle and edition on the band; standfirst and byline below it.

    `extend`: how far the band runs past the frame (left, right, top) to the edges."""
    b, s, lay = builder.brief, builder.styles, builder.layout
    model = lay.color_model
    content: list[Flowable] = _logo(builder, logo)
    if b.series:
        content.append(Paragraph(inline.text(b.series.upper()), s.series))
    content.append(Balanced(inline.text(b.title), s.title))
    if b.subtitle:
        content.append(Balanced(inline.text(b.subtitle), s.subtitle))
    if b.edition_label:
        content.append(Spacer(0, s.size * 0.6))
        content.append(Paragraph(inline.text(b.edition_label.upper()), s.series))
    band = lay.title_block.style == "band"
    fill = colour(lay.title_block.background, model) if band else None
    pad = s.size * 1.6 if band else 0
    title_band = TitleBand(content, fill, pad, extend if band else (0, 0, 0))
    _, needed = title_band.wrap(builder.frame_width - 2 * builder.text_inset, builder.frame_height)
    if needed > builder.frame_height:  # one piece: it cannot go on over two pages
        at = Origin(("title",), b.edition)
        raise TooTall(at, "the title block", needed, builder.frame_height)
    out: list[Flowable] = [title_band]
    if not band:
        out.append(Rule(colour(lay.palette.accent, model), 1.5, s.size * 0.8))
    if b.standfirst:
        out.append(Balanced(inline.text(b.standfirst), s.standfirst))
    byline = [a.line for a in b.authors]
    if b.organization and not any(b.organization in line for line in byline):
        byline.append(b.organization)
    byline.append(b.date_text)
    shown = [inline.text(x) for x in byline]
    ink = markup_colour(lay.palette.muted, model)  # in the byline's colour: paper shows no link
    for i, author in enumerate(b.authors):
        if author.email:
            shown[i] = inline.link(f"mailto:{author.email}", shown[i], ink)
    out.append(Paragraph(" · ".join(shown), s.meta))
    return out


def _logo(builder: Builder, picture: Picture | None) -> list[Flowable]:
    """`organization.logo` above the series line: 12 mm high, at most 40% of the width
    (`model.picture.logo_width`, which the load stage's print warning reads too)."""
    if picture is None:
        return []
    lay = builder.layout
    band = lay.title_block.style == "band"
    under = lay.title_block.background if band else PAPER
    logo = picture_flowable(picture, lay.color_model == "cmyk", under)
    ratio = logo.height / logo.width
    logo.width = logo_width(ratio, builder.frame_width)
    logo.height = logo.width * ratio
    return [logo, Spacer(0, builder.styles.size * 0.8)]


class Rule(Flowable):
    """A horizontal rule across the frame, in the middle of `space` points."""

    def __init__(self, colour_: Any, width: float, space: float) -> None:
        super().__init__()
        self.colour = colour_
        self.line_width = width
        self.space = space

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.space

    def draw(self) -> None:
        with artifact(self.canv):  # a rule is decoration, not content
            self.canv.setStrokeColor(self.colour)
            self.canv.setLineWidth(self.line_width)
            self.canv.line(0, self.space / 2, self.width, self.space / 2)
