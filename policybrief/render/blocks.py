"""One builder per kind of block: resolved sections -> a list of flowables.

Every heading carries its outline entry (title, level, key) so that the
document can bookmark it when it lands on a page.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab import platypus
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Spacer,
    Table,
    TableStyle,
)

from policybrief.diagnostics import BriefError, Diagnostic
from policybrief.load import files as assets
from policybrief.load.labels import Language
from policybrief.load.markup import Block, ListBlock, Para
from policybrief.model.brief import SectionName
from policybrief.model.layout import Layout
from policybrief.model.resolved import ResolvedBrief, RPoint, RReference, RSection
from policybrief.render import inline
from policybrief.render.styles import Styles, colour, markup_colour


class Paragraph(platypus.Paragraph):
    """reportlab's Paragraph, parsed and broken into lines once per process.

    Platypus asks wrap() again and again (frame, keep groups, tables, splits) and
    reportlab re-breaks every time; with embeddedHyphenation a second break of a
    compound split at its hyphen drops the hyphen ("Non-Proliferation" printed
    "NonProliferation"). So a paragraph breaks once per width, and the parse and
    the lines are kept (`_MEMO`) for the next paragraph with the same markup and
    style: a rebuild after a save re-breaks only what changed, which is most of
    what makes a warm rebuild cheap. Drawing only reads the shared lines;
    splitting rewrites words in place, so lines that were shared are broken
    again privately first, and lines split in place are dropped from the memo.
    """

    def __init__(
        self, text: str, style: ParagraphStyle, bulletText: str | None = None, **kw: Any
    ) -> None:
        if kw:  # reportlab's own split parts, built from lines rather than markup
            super().__init__(text, style, bulletText, **kw)
            return
        key = (type(self), text, style, bulletText)
        memo = _MEMO.get(key)
        if memo is None:
            super().__init__(text, style, bulletText)
            memo = _MEMO[key] = _Memo(dict(self.__dict__))
            if len(_MEMO) > MEMO_SIZE:
                _MEMO.popitem(last=False)  # the least recently used
        else:
            _MEMO.move_to_end(key)
            self.__dict__.update(memo.parsed)
        self._memo = memo

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.__dict__.get("_wrapped_width") == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        memo: _Memo | None = self.__dict__.get("_memo")
        if memo is None:
            size = super().wrap(availWidth, availHeight)
            self._wrapped_width = availWidth
            return size
        lines = memo.broken.get(availWidth)
        if lines is None:
            self.__dict__.update(memo.parsed)  # break the parse, not another width's words
            before = dict(self.__dict__)
            super().wrap(availWidth, availHeight)
            self._wrapped_width = availWidth
            changed = {k: v for k, v in self.__dict__.items() if before.get(k, self) is not v}
            lines = memo.broken[availWidth] = _Lines(changed)
            self._lines = (lines, True)
        else:
            lines.shares += 1
            self.__dict__.update(lines.state)
            self._lines = (lines, False)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if "blPara" not in self.__dict__:  # reportlab would wrap inside split: do it here
            self.wrap(availWidth, availHeight)
        held = self.__dict__.pop("_lines", None)
        if held is not None:
            lines, owner = held
            if owner and lines.shares == 0:
                # No other paragraph has these lines: split them in place, and
                # never hand them out again.
                memo: _Memo = self._memo
                if memo.broken.get(self._wrapped_width) is lines:
                    del memo.broken[self._wrapped_width]
            else:
                self.__dict__.update(self._memo.parsed)
                self.__dict__.pop("blPara", None)
                super().wrap(availWidth, availHeight)
                self._wrapped_width = availWidth
        return super().split(availWidth, availHeight)


MEMO_SIZE = 1_000  # paragraphs: a 30-page brief


@dataclass
class _Lines:
    state: dict[str, Any]  # what wrap() set: the lines (blPara), width, height, ...
    shares: int = 0  # paragraphs given these lines besides the one that broke them


@dataclass
class _Memo:
    parsed: dict[str, Any]  # the instance right after parsing
    broken: dict[float, _Lines] = field(default_factory=dict)  # by width


_MEMO: OrderedDict[tuple[type, str, ParagraphStyle, str | None], _Memo] = OrderedDict()


class Heading(Paragraph):
    """A heading that knows its outline entry (`document` bookmarks it on its page)."""

    def __init__(
        self, markup: str, style: ParagraphStyle, outline: str, level: int, key: str
    ) -> None:
        super().__init__(markup, style)
        self.outline_title = outline
        self.outline_level = level
        self.outline_key = key


class Bookmark(Flowable):
    """An outline entry with no ink, for headings drawn inside tables and bands."""

    def __init__(self, outline: str, level: int, key: str) -> None:
        super().__init__()
        self.outline_title = outline
        self.outline_level = level
        self.outline_key = key
        self.keepWithNext = 1  # land on the page of what it names

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


@dataclass
class Builder:
    brief: ResolvedBrief
    layout: Layout
    styles: Styles
    lang: Language
    frame_width: float
    qr_code: object = None  # callable(url) -> Flowable, set when the layout asks for QR codes

    def __post_init__(self) -> None:
        self.ctx = inline.InlineContext(
            mono=self.styles.mono_font.regular,
            link_colour=markup_colour(self.layout.palette.link, self.layout.color_model),
            cite_numbers=self.brief.cite_numbers,
            superscript=self.layout.citations.style == "superscript",
            links_to_references=bool(self.brief.references),
        )
        self._keys = 0
        if self.qr_code is None and self.layout.references.qr_codes:
            self.qr_code = self.qr_beside

    # --- generic ---------------------------------------------------------------------

    def blocks(
        self, blocks: Iterable[Block], style: ParagraphStyle | None = None, lead: str = ""
    ) -> list[Flowable]:
        """Markdown blocks as flowables; `lead` (a bold label) opens the first paragraph."""
        style = style or self.styles.body
        out: list[Flowable] = []
        for block in blocks:
            if isinstance(block, Para):
                if block.code_block:
                    text = inline.text(block.inlines[0].text).replace("\n", "<br/>")  # type: ignore[union-attr]
                    out.append(Paragraph(text, self.styles.code))
                    continue
                out.append(Paragraph(lead + inline.runs(block.inlines, self.ctx), style))
            else:
                if lead:
                    out.append(Paragraph(lead, style))
                out.append(self._list(block, style))
            lead = ""
        if lead:
            out.append(Paragraph(lead, style))
        return out

    def _list(self, block: ListBlock, style: ParagraphStyle) -> Flowable:
        item_style = self.styles.bullet if style is self.styles.body else style
        items = [ListItem(self.blocks(item, item_style) or [Spacer(0, 0)]) for item in block.items]
        s = self.styles
        kwargs: dict[str, object] = {
            "bulletFontName": s.body_font.regular,
            "bulletFontSize": s.size,
            "leftIndent": s.size * 1.6,
            "spaceAfter": s.spacing,
            "bulletColor": colour(self.layout.palette.accent, self.layout.color_model),
        }
        if block.ordered:
            return ListFlowable(
                items, bulletType="1", start=str(block.start), bulletFormat="%s.", **kwargs
            )
        return ListFlowable(items, bulletType="bullet", start="•", **kwargs)

    def heading(self, text: str, level: int, number: str = "") -> Heading:
        self._keys += 1
        style = (self.styles.h1, self.styles.h2, self.styles.h3)[min(level, 2)]
        shown = f"{number} {text}" if number else text
        if self.layout.headings.uppercase and level == 0:
            shown = shown.upper()
        return Heading(inline.text(shown), style, shown, level, f"h{self._keys}")

    def point_markup_lead(self, point: RPoint) -> str:
        if not point.label:
            return ""
        label = point.label.rstrip()
        sep = "" if label.endswith((".", ":", "?", "!")) else "."
        return f"<b>{inline.text(label + sep)}</b> "

    def points(self, points: Iterable[RPoint], style: ParagraphStyle | None = None) -> Flowable:
        style = style or self.styles.bullet
        items = [ListItem(self.blocks(p.blocks, style, self.point_markup_lead(p))) for p in points]
        s = self.styles
        return ListFlowable(
            items,
            bulletType="bullet",
            start="•",
            bulletFontName=s.body_font.regular,
            bulletFontSize=s.size,
            leftIndent=s.size * 1.6,
            spaceAfter=s.spacing,
            bulletColor=colour(self.layout.palette.accent, self.layout.color_model),
        )

    def table_base(self) -> list[tuple[Any, ...]]:
        """Table defaults are Helvetica and RGB black: name our font and ink instead."""
        s = self.styles
        return [
            ("FONT", (0, 0), (-1, -1), s.body_font.regular, s.size),
            ("TEXTCOLOR", (0, 0), (-1, -1), s.body.textColor),
        ]

    # --- sections ----------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        out: list[Flowable] = []
        number = 0
        for section in self.brief.sections:
            numbered = self.layout.headings.numbering and section.kind not in (
                SectionName.SUMMARY,
                SectionName.KEY_TAKEAWAYS,
                SectionName.REFERENCES,
            )
            if numbered:
                number += 1
            label = f"{number}." if numbered else ""
            out += self.section(section, label)
        return out

    def section(self, section: RSection, number: str) -> list[Flowable]:
        kind = section.kind
        if kind is SectionName.KEY_TAKEAWAYS:
            return self.takeaways(section)
        if kind is SectionName.REFERENCES:
            return self.references(section, number)
        out: list[Flowable] = [
            CondPageBreak(self.styles.size * 6),
            self.heading(section.heading, 0, number),
        ]
        out += self.blocks(section.blocks)
        if section.points:
            _keep_with_next(out)
            out.append(self.points(section.points))
        if kind is SectionName.OPTIONS:
            out += self.options(section, number)
        elif kind is SectionName.ANALYSIS:
            for sub in section.subsections:
                sub_number = f"{number}{sub.number}." if number else f"{sub.number}."
                out.append(self.heading(sub.heading, 1, sub_number))
                out += self.blocks(sub.blocks)
                if sub.points:
                    _keep_with_next(out)
                    out.append(self.points(sub.points))
        elif kind is SectionName.PROS_CONS:
            out += self.pros_cons_table(section.pros, section.cons, compact=False)
        return out

    def options(self, section: RSection, number: str) -> list[Flowable]:
        out: list[Flowable] = []
        for i, option in enumerate(section.options, start=1):
            prefix = self.lang.labels.option.format(n=i)
            out.append(self.heading(f"{prefix}: {option.title}", 1))
            out += self.blocks(option.blocks)
            if option.pros or option.cons:
                _keep_with_next(out)
                out += self.pros_cons_table(option.pros, option.cons, compact=True)
        return out

    def takeaways(self, section: RSection) -> list[Flowable]:
        s = self.styles
        box = self.layout.takeaways
        model = self.layout.color_model
        title = Paragraph(inline.text(section.heading), s.box_title)
        rows: list[list[object]] = [[title]]
        for point in section.points:
            paras = self.blocks(point.blocks, s.box_item, self.point_markup_lead(point))
            if not paras:  # Markdown that prints nothing (a lone `***` rule)
                continue
            first = paras[0]
            if isinstance(first, Paragraph):
                paras[0] = Paragraph(first.text, s.box_bullet, bulletText="•")
            rows.append([paras])
        pad = s.size * 0.9
        table = RowTable(rows, colWidths=[self.frame_width], repeatRows=1, hAlign="LEFT")
        table.page_height = self._frame_height()
        table.setStyle(
            TableStyle(
                [
                    *self.table_base(),
                    ("BACKGROUND", (0, 0), (-1, -1), colour(box.background, model)),
                    ("BOX", (0, 0), (-1, -1), box.border_width, colour(box.border, model)),
                    (
                        "LINEBEFORE",
                        (0, 0),
                        (0, -1),
                        box.border_width * 4,
                        colour(box.border, model),
                    ),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), s.spacing * 0.3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), s.spacing * 0.3),
                    ("TOPPADDING", (0, 0), (-1, 0), pad),
                    ("BOTTOMPADDING", (0, 0), (-1, 0), pad * 0.5),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
                ]
            )
        )
        mark = Bookmark(section.heading, 0, "takeaways")
        space = Spacer(0, s.spacing * 2)
        # A small box stays whole; a tall one splits between points (title row repeated)
        # rather than leave most of a page empty, once nearly half of it fits here.
        height = table.wrap(self.frame_width, 1e9)[1]
        if height <= self._frame_height() / 3:
            return [space, KeepTogether([mark, table]), Spacer(0, s.spacing * 2)]
        mark.keepWithNext = 0
        need = min(max(s.leading * 8, height * 0.45), self._frame_height() * 0.3)
        return [space, CondPageBreak(need), mark, table, Spacer(0, s.spacing * 2)]

    def _frame_height(self) -> float:
        m = self.layout.page.margins
        return self.layout.page.trim_size()[1] - m.top - m.bottom

    def pros_cons_table(
        self, pros: tuple[RPoint, ...], cons: tuple[RPoint, ...], compact: bool
    ) -> list[Flowable]:
        s = self.styles
        pc = self.layout.pros_cons
        model = self.layout.color_model
        labels = self.lang.labels
        cell = s.cell
        rows: list[list[object]] = [
            [
                Paragraph(inline.text(labels.pros), s.table_head),
                Paragraph(inline.text(labels.cons), s.table_head),
            ]
        ]
        for i in range(max(len(pros), len(cons))):
            row: list[object] = []
            for side in (pros, cons):
                row.append(
                    self.blocks(side[i].blocks, cell, self.point_markup_lead(side[i]))
                    if i < len(side)
                    else ""
                )
            rows.append(row)
        width = self.frame_width
        table = RowTable(rows, colWidths=[width / 2, width / 2], repeatRows=1, hAlign="LEFT")
        table.page_height = self._frame_height()
        pad = s.size * (0.5 if compact else 0.7)
        rule = colour(pc.rule, model)
        table.setStyle(
            TableStyle(
                [
                    *self.table_base(),
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
            )
        )
        # Space belongs to the table itself, so that a lead-in kept with it is kept
        # with the table (not with a spacer); RowTable keeps a small table whole.
        table.spaceBefore = table.spaceAfter = s.spacing
        return [table]

    def references(self, section: RSection, number: str) -> list[Flowable]:
        out: list[Flowable] = [
            CondPageBreak(self.styles.size * 6),
            self.heading(section.heading, 0, number),
        ]
        out += [self.reference(ref) for ref in self.brief.references]
        return out

    def reference(self, ref: RReference) -> Flowable:
        s = self.styles
        parts: list[str] = []
        if ref.author:
            parts.append(inline.text(ref.author) + ".")
        parts.append(f"<i>{inline.text(ref.title.rstrip('.'))}</i>.")
        source = ", ".join(filter(None, (ref.publisher, str(ref.year) if ref.year else None)))
        if source:
            parts.append(inline.text(source) + ".")
        if ref.note:
            note = inline.runs(_first_para(ref.note), self.ctx).rstrip()
            parts.append(note if note.endswith((".", "!", "?")) else note + ".")
        if ref.url:
            shown = inline.text(ref.url)
            parts.append(inline.link(ref.url, shown, self.ctx.link_colour))
        if ref.accessed:
            parts.append(f"({inline.text(self.lang.labels.accessed.format(date=ref.accessed))})")
        anchor = f'<a name="ref-{ref.number}"/>'
        para = Paragraph(anchor + " ".join(parts), s.reference, bulletText=f"[{ref.number}]")
        if self.qr_code is not None and ref.url:
            return self.qr_code(para, ref.url)  # type: ignore[operator]
        return para

    def qr_beside(self, para: Paragraph, url: str) -> Flowable:
        """A reference with its URL as a QR code at the right: paper has no links."""
        if len(url.encode("utf-8")) > QR_MAX_BYTES:  # more than any QR code holds
            return para
        from policybrief.render.qr import InkQrCode  # reportlab's barcode package: 10 ms of imports

        size = self.layout.references.qr_size
        ink = colour(self.layout.palette.text, self.layout.color_model)
        code = InkQrCode(url, ink, width=size, height=size, qrLevel="M")
        table = RowTable([[para, code]], colWidths=[self.frame_width - size, size], hAlign="LEFT")
        table.page_height = self._frame_height()
        table.setStyle(
            TableStyle(
                [
                    *self.table_base(),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, 0), self.styles.size),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), self.styles.spacing),
                ]
            )
        )
        return table


class RowTable(Table):
    """A table that never leaves a lone row at a page foot or head, and cuts a
    row only when it is taller than a whole page.

    A split must leave at least `MIN_ROWS` body rows on each side; otherwise
    it splits a row earlier, or moves the whole table on (unless it already
    starts a page, where any split is better than none). A row that does not
    fit even on a page of its own (a pros/cons item or a takeaway of a page
    and more) is cut inside, in pieces of at least `MIN_PIECE` points.
    """

    MIN_ROWS = 2
    MIN_PIECE = 36.0

    def split(self, aW: float, aH: float) -> list[Flowable]:
        page_height = getattr(self, "page_height", float("inf"))
        if self._row_taller_than(aW, aH, page_height):
            # In-row splitting first (reportlab would cut at the last whole row
            # and repeat the header above the rest on the same page).
            self.splitByRow, self.splitInRow = 0, self.MIN_PIECE
            try:
                parts = super().split(aW, aH)
            finally:
                self.splitByRow, self.splitInRow = 1, 0
        else:
            parts = self._split_at_rows(aW, aH, starts_page=aH >= page_height * 0.9)
        for part in parts:  # reportlab makes the parts: they keep these rules
            part.page_height = page_height
            part.splitByRow, part.splitInRow = 1, 0
        return parts

    def _row_taller_than(self, aW: float, aH: float, page_height: float) -> bool:
        """Whether a body row would not fit even on a page of its own."""
        self._calc(aW, aH)
        heads = sum(self._rowHeights[: self.repeatRows])
        return max(self._rowHeights[self.repeatRows :], default=0) > page_height - heads

    def _split_at_rows(self, aW: float, aH: float, starts_page: bool) -> list[Flowable]:
        parts = super().split(aW, aH)
        if len(parts) != 2:
            return parts
        head, tail = (part._nrows - self.repeatRows for part in parts)
        if head >= self.MIN_ROWS and tail >= self.MIN_ROWS:
            return parts
        if head < self.MIN_ROWS:
            return parts if starts_page else []
        parts[0].wrap(aW, aH)
        shorter = sum(parts[0]._rowHeights[-(self.MIN_ROWS - tail) :])
        retry = super().split(aW, aH - shorter)
        if len(retry) == 2 and retry[0]._nrows - self.repeatRows >= self.MIN_ROWS:
            return retry
        return parts if starts_page else []


def _keep_with_next(story: list[Flowable]) -> None:
    """A lead-in paragraph ("... several factors:") never ends a page above its list."""
    if story and isinstance(story[-1], Paragraph):
        story[-1].keepWithNext = 1


# A version-40 code at level M holds 17,728 bits; as UTF-8 bytes with the mode
# header, 2,200 bytes fit. A longer URL is printed without a code.
QR_MAX_BYTES = 2_200


def _first_para(blocks: tuple[Block, ...]) -> tuple:
    for block in blocks:
        if isinstance(block, Para):
            return block.inlines
    return ()


class TooTall(Exception):
    """A block that cannot be split is taller than a page's text area."""

    def __init__(self, field: tuple[str, ...], what: str, needed: float, room: float) -> None:
        super().__init__(what)
        self.field, self.what, self.needed, self.room = field, what, needed, room


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
        y = self.height - self.pad
        for flowable, (_, h) in zip(self.content, self._sizes, strict=True):
            y -= h
            flowable.drawOn(canv, 0, y)
            y -= flowable.getSpaceAfter()


def title_block(builder: Builder, extend: tuple[float, float, float]) -> list[Flowable]:
    """Series, title, subtitle and edition on the band; standfirst and byline below it."""
    b, s, lay = builder.brief, builder.styles, builder.layout
    model = lay.color_model
    content: list[Flowable] = _logo(builder)
    if b.series:
        content.append(Paragraph(inline.text(b.series.upper()), s.series))
    content.append(Paragraph(inline.text(b.title), s.title))
    if b.subtitle:
        content.append(Paragraph(inline.text(b.subtitle), s.subtitle))
    if b.edition_label:
        content.append(Spacer(0, s.size * 0.6))
        content.append(Paragraph(inline.text(b.edition_label.upper()), s.series))
    band = lay.title_block.style == "band"
    fill = colour(lay.title_block.background, model) if band else None
    pad = s.size * 1.6 if band else 0
    title_band = TitleBand(content, fill, pad, extend if band else (0, 0, 0))
    _, needed = title_band.wrap(builder.frame_width, builder._frame_height())
    if needed > builder._frame_height():  # one piece: it cannot go on over two pages
        raise TooTall(("title",), "the title block", needed, builder._frame_height())
    out: list[Flowable] = [title_band]
    if not band:
        out.append(_Rule(colour(lay.palette.accent, model), 1.5, s.size * 0.8))
    if b.standfirst:
        out.append(Paragraph(inline.text(b.standfirst), s.standfirst))
    byline = [*b.author_lines]
    if b.organization and not any(b.organization in line for line in byline):
        byline.append(b.organization)
    byline.append(b.date_text)
    shown = [inline.text(x) for x in byline]
    ink = markup_colour(lay.palette.muted, model)  # in the byline's colour: paper shows no link
    for i, email in enumerate(b.author_emails):
        if email:
            shown[i] = inline.link(f"mailto:{email}", shown[i], ink)
    out.append(Paragraph(" · ".join(shown), s.meta))
    return out


def _logo(builder: Builder) -> list[Flowable]:
    """`organization.logo` above the series line: 12 mm high, at most 40% of the width.

    The file was checked when the brief was loaded; it is checked again here,
    through the same function, in case it changed since.
    """
    b, lay = builder.brief, builder.layout
    if not b.logo:
        return []
    try:
        path, shape = assets.checked_image(Path(b.source).parent, b.logo)
    except assets.AssetError as exc:
        raise BriefError([Diagnostic(b.source, 1, 1, "organization.logo", str(exc))]) from None
    logo: _Sized
    if shape is not None:  # an SVG
        if lay.color_model == "cmyk":
            from policybrief.load.svg import to_cmyk

            to_cmyk(shape)
        logo = _Vector(shape)
    else:
        source: Any = str(path)
        if lay.color_model == "cmyk":  # reportlab draws images as they are: convert them
            band = lay.title_block.style == "band"
            under = lay.title_block.background.as_rgb().values if band else (1.0, 1.0, 1.0)
            source = assets.open_cmyk(path, under)
        logo = _Image(ImageReader(source))
    ratio = logo.height / logo.width
    logo.width = min(12 * mm / ratio, builder.frame_width * 0.4)
    logo.height = logo.width * ratio
    return [logo, Spacer(0, builder.styles.size * 0.8)]


class _Sized(Flowable):
    """A logo: drawn at whatever `width` and `height` it is given."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height


class _Image(_Sized):
    """An image; reportlab's `Image` takes only files."""

    def __init__(self, reader: ImageReader) -> None:
        super().__init__(*reader.getSize())
        self.reader = reader

    def draw(self) -> None:
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height, mask="auto")


class _Vector(_Sized):
    """A reportlab Drawing (an SVG logo), scaled."""

    def __init__(self, shape: Any) -> None:
        super().__init__(shape.width, shape.height)
        self.shape = shape

    def draw(self) -> None:
        from reportlab.graphics import renderPDF

        canv = self.canv
        # reportlab's renderer starts from Helvetica, a base-14 font no PDF of ours
        # may name: start it from the font already in use (SVG logos have no text).
        self.shape.initialFontName = canv._fontname
        self.shape.initialFontSize = canv._fontsize
        canv.saveState()
        canv.scale(self.width / self.shape.width, self.height / self.shape.height)
        renderPDF.draw(self.shape, canv, 0, 0)
        canv.restoreState()


class _Rule(Flowable):
    def __init__(self, colour_: Any, width: float, space: float) -> None:
        super().__init__()
        self.colour = colour_
        self.line_width = width
        self.space = space

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.space

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.line_width)
        self.canv.line(0, self.space / 2, self.width, self.space / 2)
