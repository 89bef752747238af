"""A resolved brief + layout -> PDF bytes, laid out once by Platypus."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportlab.pdfbase.pdfdoc import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable

from .. import __version__
from ..labels import Language
from ..model.brief import SectionName
from ..model.layout import Layout
from ..model.resolved import ResolvedBrief
from . import blocks
from .pages import Chrome, Geometry, templates
from .styles import NO_TIGHTENING, Styles, Tight, build_styles


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


class _BriefDoc(BaseDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, blocks.Heading | blocks.Bookmark):
            canv = self.canv
            canv.bookmarkPage(flowable.outline_key)
            canv.addOutlineEntry(
                flowable.outline_title, flowable.outline_key, flowable.outline_level, closed=False
            )


def render(
    brief: ResolvedBrief,
    layout: Layout,
    lang: Language,
    layout_dir: Path | None,
    tight: Tight = NO_TIGHTENING,
) -> Rendered:
    styles = build_styles(layout, brief.language, lang.hyphenation, layout_dir, tight)
    geometry = Geometry.of(layout)
    chrome = Chrome(brief, layout, styles, lang, geometry)
    m = layout.page.margins
    width = geometry.trim_width - m.left - m.right
    builder = blocks.Builder(brief, layout, styles, lang, width)
    bleed = geometry.bleed  # the title band runs past the trim into the bleed
    story = blocks.title_block(builder, (m.left + bleed, m.right + bleed, m.top + bleed))
    story += _ordered(builder)
    buffer = io.BytesIO()
    doc = _BriefDoc(
        buffer,
        pagesize=geometry.media,
        pageTemplates=templates(chrome),
        **_metadata(brief),
        creator=f"make_brief {__version__}",
        producer=f"make_brief {__version__} (ReportLab)",
        invariant=1,
        initialFontName=styles.body_font.regular,
        initialFontSize=styles.size,
        enforceColorSpace="cmyk" if layout.color_model == "cmyk" else None,
        trimBox=geometry.trim_box(),
        bleedBox=geometry.bleed_box(),
    )
    doc.build(story, canvasmaker=_canvas_class(chrome, brief))
    return Rendered(buffer.getvalue(), len(chrome.pages))


def _ordered(builder: blocks.Builder) -> list[Flowable]:
    """The story; `takeaways.position: before_summary` puts the box first, on page one."""
    if builder.layout.takeaways.position == "before_summary":
        sections = list(builder.brief.sections)
        kinds = [s.kind for s in sections]
        if SectionName.KEY_TAKEAWAYS in kinds and SectionName.SUMMARY in kinds:
            box = sections.pop(kinds.index(SectionName.KEY_TAKEAWAYS))
            sections.insert([s.kind for s in sections].index(SectionName.SUMMARY), box)
            builder.brief = replace(builder.brief, sections=tuple(sections))
    return builder.story()


def _metadata(brief: ResolvedBrief) -> dict[str, Any]:
    title = f"{brief.title} — {brief.edition_label}" if brief.edition_label else brief.title
    subject = brief.subtitle or brief.standfirst or ""
    author = "; ".join(brief.authors) or brief.organization or ""
    return {
        "title": title,
        "author": author,
        "subject": subject,
        "keywords": list(brief.keywords),
        "lang": brief.language,
    }


def _canvas_class(chrome: Chrome, brief: ResolvedBrief) -> type[Canvas]:
    stamp = _timestamp(brief.date)

    class BriefCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = stamp

        def save(self) -> None:
            chrome.draw_all(self)
            super().save()

    return BriefCanvas


def _timestamp(date: dt.date) -> TimeStamp:
    """The document's dates come from SOURCE_DATE_EPOCH or the brief's date, never the clock."""
    stamp = TimeStamp(invariant=1)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = (
        int(epoch)
        if epoch.isdigit()
        else int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())
    )
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


__all__ = ["Rendered", "SectionName", "Styles", "render"]
