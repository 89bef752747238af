"""Pages: geometry, page templates and the chrome drawn around the story.

"Page N of M" needs M before the last page is laid out. Instead of laying
the brief out twice, each page draws a form XObject (`chrome{N}`) that is
defined only when the document is saved and M is known (PDF allows a
page to use a form defined later in the file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate

from ..labels import Language
from ..model.layout import Layout, Running
from ..model.resolved import ResolvedBrief
from .styles import Styles, colour

MARKS_ROOM = 8 * 72 / 25.4  # room outside the bleed for crop marks


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
        return self.bleed + self.marks

    @property
    def media(self) -> tuple[float, float]:
        return (self.trim_width + 2 * self.offset, self.trim_height + 2 * self.offset)

    def trim_box(self) -> tuple[float, float, float, float]:
        o = self.offset
        return (o, o, o + self.trim_width, o + self.trim_height)

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
            "page_label": self.lang.page_label(page, total),
        }

    def on_page(self, canv: Canvas, doc: Any) -> None:
        page = canv.getPageNumber()
        self.pages.append(page)
        canv.doForm(f"chrome{page}")

    def on_page_end(self, canv: Canvas, doc: Any) -> None:
        if self.brief.draft:
            self._watermark(canv)

    def draw_all(self, canv: Canvas) -> None:
        """Define each page's chrome form, now that the page count is known."""
        total = len(self.pages)
        for page in self.pages:
            canv.beginForm(f"chrome{page}")
            self._draw(canv, page, total)
            canv.endForm()

    def _draw(self, canv: Canvas, page: int, total: int) -> None:
        lay = self.layout
        m = lay.page.margins
        w, h = self.geometry.trim_width, self.geometry.trim_height
        values = self.values(page, total)
        size = self.styles.running.fontSize
        if page > 1:
            self._running(canv, lay.header, values, h - m.top * 0.55, size, above=False)
        self._running(canv, lay.footer, values, m.bottom * 0.45, size, above=True)
        if self.brief.classification:
            self._classification(canv, w, h)

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
        canv.saveState()
        canv.setFillColor(self.styles.running.textColor)
        canv.setFont(font, size)
        right = running.right.format(**values)
        center = running.center.format(**values)
        room = width - stringWidth(right, font, size) - stringWidth(center, font, size) - 24
        left = _fit(running.left.format(**values), font, size, max(room, width * 0.3))
        canv.drawString(m.left, y, left)
        canv.drawCentredString(m.left + width / 2, y, center)
        canv.drawRightString(w - m.right, y, right)
        if running.rule and (left or center or right):
            canv.setStrokeColor(colour(self.layout.palette.rule, self.layout.color_model))
            canv.setLineWidth(0.5)
            rule_y = y + size * 1.1 if above else y - size * 0.6
            canv.line(m.left, rule_y, w - m.right, rule_y)
        canv.restoreState()

    def _classification(self, canv: Canvas, w: float, h: float) -> None:
        text = self.brief.classification or ""
        size = self.styles.size * 0.9
        canv.saveState()
        canv.setFont(self.styles.heading_font.bold, size)
        canv.setFillColor(colour(self.layout.palette.accent, self.layout.color_model))
        top = self.layout.page.margins.top
        canv.drawCentredString(w / 2, h - min(top * 0.3, 14), text)
        canv.drawCentredString(w / 2, min(self.layout.page.margins.bottom * 0.2, 10), text)
        canv.restoreState()

    def _watermark(self, canv: Canvas) -> None:
        w, h = self.geometry.trim_width, self.geometry.trim_height
        canv.saveState()
        canv.setFont(self.styles.heading_font.bold, 110)
        canv.setFillColor(colour(self.layout.palette.muted, self.layout.color_model))
        canv.setFillAlpha(0.16)
        canv.translate(w / 2, h / 2)
        canv.rotate(50)
        canv.drawCentredString(0, -40, self.lang.labels.draft)
        canv.restoreState()


def _fit(text: str, font: str, size: float, room: float) -> str:
    """Shorten a running-header text with an ellipsis so it never overlaps."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def templates(chrome: Chrome) -> list[PageTemplate]:
    lay = chrome.layout
    m = lay.page.margins
    g = chrome.geometry
    frame_args = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
    width = g.trim_width - m.left - m.right
    height = g.trim_height - m.top - m.bottom
    first = Frame(m.left, m.bottom, width, height, id="first", **frame_args)
    later = Frame(m.left, m.bottom, width, height, id="later", **frame_args)
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
