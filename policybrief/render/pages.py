"""Pages: geometry, page templates and the chrome drawn around the story.

"Page N of M" needs M before the last page is laid out. Instead of laying
the brief out twice, each page draws a form XObject (`chrome{N}`) that is
defined only when the document is saved and M is known (PDF allows a
page to use a form defined later in the file).

With bleed or crop marks the paper (MediaBox) is larger than the page a
reader holds (TrimBox): the story and chrome are drawn in trim coordinates,
shifted by `Geometry.offset`, and the marks sit outside the bleed so that
no trace of them survives the guillotine.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate

from policybrief.model.labels import Language
from policybrief.model.layout import (
    MARKING_SCALE,
    SAFE,
    Layout,
    LineBox,
    Running,
    marking_lines,
    running_lines,
)
from policybrief.model.resolved import ResolvedBrief
from policybrief.render.paragraph import capitals
from policybrief.render.styles import Styles, colour
from policybrief.render.tagging import artifact
from policybrief.render.textruns import draw
from policybrief.render.textruns import width as text_width

MM = 72 / 25.4
MARKS_ROOM = 10 * MM  # paper outside the bleed that carries the crop marks
MARK_GAP = 1 * MM  # marks start this far outside the bleed, never inside it
MARK_WIDTH = 0.25  # points: a hairline, as printers expect


@dataclass(frozen=True)
class Geometry:
    """Trim size plus bleed and mark room; all story drawing is in trim coordinates."""

    trim_width: float
    trim_height: float
    bleed: float
    marks: float

    @classmethod
    def of(cls, layout: Layout) -> Geometry:
        w, h = layout.page.trim_size()
        marks = MARKS_ROOM if layout.page.crop_marks else 0.0
        return cls(w, h, layout.page.bleed, marks)

    @property
    def offset(self) -> float:
        """Where the trimmed page's lower-left corner sits on the paper."""
        return self.bleed + self.marks

    @property
    def media(self) -> tuple[float, float]:
        return (self.trim_width + 2 * self.offset, self.trim_height + 2 * self.offset)

    def trim_box(self) -> tuple[float, float, float, float]:
        o = self.offset
        return (o, o, o + self.trim_width, o + self.trim_height)

    def crop_box(self) -> tuple[float, float, float, float] | None:
        """With bleed but no crop marks, viewers (and office printing) show the trimmed
        page, and the print shop finds the bleed around it; crop marks are for seeing."""
        return self.trim_box() if self.bleed and not self.marks else None

    def bleed_box(self) -> tuple[float, float, float, float]:
        o = self.marks
        return (o, o, o + self.trim_width + 2 * self.bleed, o + self.trim_height + 2 * self.bleed)


@dataclass
class Chrome:
    """Everything drawn around the story on every page."""

    brief: ResolvedBrief
    layout: Layout
    styles: Styles
    lang: Language
    geometry: Geometry
    pages: list[int] = field(default_factory=list)
    extra_pages: int = 0  # annex pages appended after layout: "Page N of M" counts them
    pad_to_even: bool = False  # a page is added after them when the count is odd

    @property
    def total(self) -> int:
        total = len(self.pages) + self.extra_pages
        return total + total % 2 if self.pad_to_even else total

    def values(self, page: int, total: int) -> dict[str, str]:
        b = self.brief
        return {
            "title": b.title,
            "subtitle": b.subtitle or "",
            "series": b.series or "",
            "edition": b.edition_label or "",
            "classification": b.classification or "",
            "date": b.date_text,
            "organization": b.organization or "",
            "page": str(page),
            "pages": str(total),
            "page_label": self.page_label(str(page), str(total)),
        }

    def page_label(self, shown: str, pages: str) -> str:
        """The language's "Page N of M"; "Page 1" alone when the PDF has one page."""
        template = self.lang.labels.page
        if pages == "1" and not self.layout.page_numbers.one_page_total:
            template = without_total(template)
        return template.format(page=shown, pages=pages)

    def numbered(self, page: int) -> bool:
        """Whether this page prints its number: not the title page, unless the layout asks."""
        return page > 1 or self.layout.page_numbers.first_page

    def on_page(self, canv: Canvas, doc: Any) -> None:
        """Nothing before the story: the chrome goes on top (the title band must not hide it)."""

    def on_page_end(self, canv: Canvas, doc: Any) -> None:
        page = canv.getPageNumber()
        self.pages.append(page)
        with artifact(canv):  # running header and footer, watermark, marks: not content
            canv.saveState()
            canv.translate(self.geometry.offset, self.geometry.offset)
            canv.doForm(f"chrome{page}")
            if self.brief.draft:
                self._watermark(canv)
            canv.restoreState()
            if self.geometry.marks:
                self._crop_marks(canv)

    def draw_all(self, canv: Canvas) -> None:
        """Define each page's chrome form, now that the page count is known."""
        total = self.total
        for page in self.pages:
            canv.beginForm(f"chrome{page}")
            self._draw(canv, page, total)
            canv.endForm()

    def stamp(self, canv: Canvas, page: int) -> None:
        """The chrome of a page added after layout (annex page, even-page pad): the
        running header and footer of any brief page after the first."""
        with artifact(canv):
            canv.saveState()
            canv.translate(self.geometry.offset, self.geometry.offset)
            self._draw(canv, page, self.total)
            if self.brief.draft:
                self._watermark(canv)
            canv.restoreState()
            if self.geometry.marks:
                self._crop_marks(canv)

    def _draw(self, canv: Canvas, page: int, total: int) -> None:
        """A page's header (not on the title page), footer and marking, in trim coordinates."""
        lay = self.layout
        w, h = self.geometry.trim_width, self.geometry.trim_height
        values = self.values(page, total)
        size = self.styles.running.fontSize
        header_y, footer_y = self._running_lines()
        shown = self._as_printed(page, values)
        if page > 1:
            self._running(canv, shown(lay.header), values, h - header_y, size, above=False)
        self._running(canv, shown(lay.footer), values, footer_y, size, above=True)
        if self.brief.classification:
            self._classification(canv, w, h, on_band=page == 1 and lay.title_block.style == "band")

    def _as_printed(self, page: int, values: dict[str, str]) -> Callable[[Running], Running]:
        """A header's or footer's templates as this page prints them: on an unnumbered
        page without the slots that print a page number, on a one-page PDF without
        the total (layout `page_numbers`)."""
        numbered = self.numbered(page)
        alone = values["pages"] == "1" and not self.layout.page_numbers.one_page_total

        def slot(template: str) -> str:
            if not numbered and _fields(template) & _NUMBERS:
                return ""
            return without_total(template) if alone else template

        def printed(running: Running) -> Running:
            slots = {k: slot(getattr(running, k)) for k in ("left", "center", "right")}
            return running.model_copy(update=slots)

        return printed

    def annex_room(self) -> tuple[float, float, float, float]:
        """Where an annex page goes on the paper (x0, y0, x1, y1): the trim less the
        strips its running header, footer and classification marking take, a line of
        the running text's size apart from them, and SAFE at the sides."""
        w, h = self.geometry.trim_width, self.geometry.trim_height
        size = self.styles.running.fontSize
        values = self.values(max(self.total, 2), max(self.total, 2))
        header_y, footer_y = self._running_lines()
        top, bottom = h - SAFE, SAFE
        if self.brief.classification:  # the marking's line box, its inset from the trim
            face = _line_box(self.styles.heading_font.bold)
            taken = self.layout.marking.inset + (face.ascent + face.descent) * self._marking_size()
            top, bottom = h - taken, taken
        if _prints(self.layout.header, values):
            top = min(top, h - header_y - size * 0.6)  # the rule under the header's line
        if _prints(self.layout.footer, values):
            bottom = max(bottom, footer_y + size * 1.1)  # the rule above the footer's line
        o = self.geometry.offset
        return (o + SAFE, o + bottom + size, o + w - SAFE, o + top - size)

    def _marking_size(self) -> float:
        return self.styles.size * MARKING_SCALE

    def _running_lines(self) -> tuple[float, float]:
        """Baselines of header (from the top) and footer (from the bottom): in the
        margins, 5 mm inside the trim at the least, clear of the marking (model/layout.py)."""
        marked = bool(self.brief.classification)
        running = self.styles.running.fontSize
        face = _line_box(self.styles.heading_font.regular)
        marking = _line_box(self.styles.heading_font.bold)
        return running_lines(self.layout, self.styles.size, running, marked, face, marking)

    def _running(
        self,
        canv: Canvas,
        running: Running,
        values: dict[str, str],
        y: float,
        size: float,
        above: bool,
    ) -> None:
        m = self.layout.page.margins
        w = self.geometry.trim_width
        width = w - m.left - m.right
        font = self.styles.heading_font.regular
        gap = size * 2
        center = _fit(running.center.format(**values), font, size, width * 0.5)
        center_w = text_width(center, font, size)
        side = (width - center_w) / 2 - gap if center else width
        right = _fit(running.right.format(**values), font, size, side * (1 if center else 0.45))
        right_w = text_width(right, font, size)
        left_room = side if center else width - right_w - gap
        left = _fit(running.left.format(**values), font, size, left_room)
        canv.saveState()
        canv.setFillColor(self.styles.running.textColor)
        draw(canv, m.left, y, left, font, size)
        draw(canv, m.left + width / 2, y, center, font, size, "middle")
        draw(canv, w - m.right, y, right, font, size, "end")
        if running.rule and (left or center or right):
            canv.setStrokeColor(colour(self.layout.palette.rule, self.layout.color_model))
            canv.setLineWidth(0.5)
            rule_y = y + size * 1.1 if above else y - size * 0.6
            canv.line(m.left, rule_y, w - m.right, rule_y)
        canv.restoreState()

    def _classification(self, canv: Canvas, w: float, h: float, on_band: bool) -> None:
        """The marking, centred at the top and bottom of every page, inside the safe area."""
        lay = self.layout
        text = self.brief.classification or ""
        size = self._marking_size()
        canv.saveState()
        font = self.styles.heading_font.bold
        ink = lay.title_block.text if on_band else lay.palette.accent
        canv.setFillColor(colour(ink, lay.color_model))
        top, bottom = marking_lines(lay, self.styles.size, _line_box(font))
        space = self._char_space(text, size)
        draw(canv, w / 2, h - top, text, font, size, "middle", space)
        canv.setFillColor(colour(lay.palette.accent, lay.color_model))
        draw(canv, w / 2, bottom, text, font, size, "middle", space)
        canv.restoreState()

    def _char_space(self, text: str, size: float) -> float:
        """Letter-spacing for a marking in capitals (`type.caps_tracking`), else 0."""
        return self.layout.type.caps_tracking * size if capitals(text) else 0.0

    def _watermark(self, canv: Canvas) -> None:
        """DRAFT across the page diagonal, light enough to read the text through."""
        w, h = self.geometry.trim_width, self.geometry.trim_height
        text = self.lang.labels.draft
        font = self.styles.heading_font.bold
        spaced = self._char_space(text, 1)  # the spacing's width per glyph at 1 pt
        size = min(120.0, 0.7 * math.hypot(w, h) / max(text_width(text, font, 1, spaced), 1))
        canv.saveState()
        canv.setFillColor(colour(self.layout.palette.muted, self.layout.color_model))
        canv.setFillAlpha(0.16)  # constant alpha (ca) is allowed in PDF/A-2
        canv.translate(w / 2, h / 2)
        canv.rotate(math.degrees(math.atan2(h, w)))
        draw(canv, 0, -size * 0.35, text, font, size, "middle", self._char_space(text, size))
        canv.restoreState()

    def _crop_marks(self, canv: Canvas) -> None:
        """Hairlines in line with the trim edges, in the margin outside the bleed."""
        g = self.geometry
        x0, y0, x1, y1 = g.trim_box()
        near = g.bleed + MARK_GAP  # distance from the trim edge where a mark starts
        far = g.offset - MARK_GAP / 2
        canv.saveState()
        canv.setStrokeColor(_registration(self.layout.color_model))
        canv.setLineWidth(MARK_WIDTH)
        lines = []
        for x, sx in ((x0, -1), (x1, 1)):
            for y, sy in ((y0, -1), (y1, 1)):
                lines.append((x + sx * near, y, x + sx * far, y))  # horizontal, beside
                lines.append((x, y + sy * near, x, y + sy * far))  # vertical, above/below
        canv.lines(lines)
        canv.restoreState()


_NUMBERS = frozenset({"page", "pages", "page_label"})
_TOTAL = re.compile(r"\{page\}(?:(?!\{page).)*?\{pages\}|\{pages\}(?:(?!\{page).)*?\{page\}")


def _fields(template: str) -> set[str]:
    """The placeholders a (validated) template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def without_total(template: str) -> str:
    """"Page {page} of {pages}" -> "Page {page}": `{pages}` and the words between it and
    `{page}` left out (either order: "{pages}ページ中{page}ページ" -> "{page}ページ");
    a template without both placeholders as it was."""
    return _TOTAL.sub("{page}", template, count=1)


def _prints(running: Running, values: dict[str, str]) -> bool:
    return any(slot.format(**values) for slot in (running.left, running.center, running.right))


def _fit(text: str, font: str, size: float, room: float) -> str:
    """Shorten a running-header text with an ellipsis so it never overlaps: the longest
    beginning that fits beside "…". A prefix is never narrower than a shorter one, so
    it is found by halving (dropping one character at a time and measuring the rest
    was quadratic: a footer template of 8,000 words took two minutes)."""
    if not text or text_width(text, font, size) <= room:
        return text
    fits, over = 0, len(text)  # text[:fits] + "…" fits (or fits is 0); text[:over] + "…" not
    while over - fits > 1:
        middle = (fits + over) // 2
        if text_width(text[:middle] + "…", font, size) <= room:
            fits = middle
        else:
            over = middle
    return text[:fits].rstrip() + "…"


def _line_box(font: str) -> LineBox:
    """The font's line box per point (its ascent and descent, as viewers and preflight
    tools measure a text run)."""
    ascent, descent = getAscentDescent(font, 1000)
    return LineBox(ascent / 1000, -descent / 1000)


def _registration(model: str) -> Color:
    """Marks print on every separation: all four inks in CMYK, black in RGB."""
    return CMYKColor(1, 1, 1, 1) if model == "cmyk" else Color(0, 0, 0)


def templates(chrome: Chrome) -> list[PageTemplate]:
    lay = chrome.layout
    m = lay.page.margins
    g = chrome.geometry
    frame_args = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
    width = g.trim_width - m.left - m.right
    height = g.trim_height - m.top - m.bottom
    x, y = g.offset + m.left, g.offset + m.bottom
    first = Frame(x, y, width, height, id="first", **frame_args)
    later = Frame(x, y, width, height, id="later", **frame_args)
    return [
        PageTemplate(
            "first",
            [first],
            onPage=chrome.on_page,
            onPageEnd=chrome.on_page_end,
            autoNextPageTemplate="later",
            pagesize=g.media,
        ),
        PageTemplate(
            "later", [later], onPage=chrome.on_page, onPageEnd=chrome.on_page_end, pagesize=g.media
        ),
    ]
