"""A resolved brief + layout -> PDF bytes, laid out once by Platypus."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import TimeStamp  # type: ignore[attr-defined]  # not in types-reportlab
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable
from reportlab.platypus.doctemplate import LayoutError

from policybrief import __version__
from policybrief.model.brief import SectionName
from policybrief.model.fonts import FontFile
from policybrief.model.labels import Language
from policybrief.model.layout import SAFE, Layout
from policybrief.model.paths import Origin
from policybrief.model.picture import Picture
from policybrief.model.profiles import Profiles
from policybrief.model.resolved import ResolvedBrief
from policybrief.render import blocks, floats, fonts, footnotes, separation, stamps, tagging
from policybrief.render.inline import NOTE_MARK_CALLBACK
from policybrief.render.keep import KeepWithNext
from policybrief.render.origins import mark, origin_of
from policybrief.render.pages import Chrome, Geometry, templates
from policybrief.render.paragraph import Bookmark, Heading
from policybrief.render.styles import NO_TIGHTENING, Styles, Tight, build_styles
from policybrief.render.title import title_block


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int  # the brief's own pages; annexes and the even-page pad come on top
    extras: bytes | None = None  # pages drawn after layout, see `stamps.extras`
    extent: float = 0.0  # how far the story runs, in pages: 2.25 = a quarter into page 3
    sections: tuple[Room, ...] = ()  # what each top-level section takes
    total: int = 0  # pages of the finished PDF: the brief's, its annexes' and the pad
    # Each footnote: (number, page of its mark, page of its note), pages from 1.
    notes: tuple[tuple[int, int, int], ...] = ()
    # Where annex pages go on the paper, clear of the furniture (`Chrome.annex_room`).
    annex_room: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class Room:
    """How much of the story one top-level section takes, in pages."""

    heading: str
    origin: Origin | None
    pages: float


class CannotLayOut(Exception):
    """reportlab could not place a flowable: at the field it came from, on its page."""

    def __init__(self, origin: Origin | None, page: int, reason: str) -> None:
        super().__init__(reason)
        self.origin, self.page, self.reason = origin, page, reason


# No PDF of more pages: 4 MiB of hard-broken one-character lines would make some
# 22,000 pages and take minutes (issue 13); a real brief, or a book, is far shorter.
MAX_PAGES = 5_000


class TooManyPages(Exception):
    """The layout passed MAX_PAGES pages: at the field of the block that got there."""

    def __init__(self, origin: Origin | None) -> None:
        super().__init__(f"more than {MAX_PAGES:,} pages")
        self.origin = origin


class _BriefDoc(BaseDocTemplate):
    starts: list[tuple[str, Origin | None, float]]  # where each top-level section begins
    end: float = 0.0  # where the last flowable ended
    foot: footnotes.FootArea | None = None  # the footnotes' room at the page foot
    structure: tagging.Node | None = None  # the structure tree (a floated figure moves in it)

    def handle_frameBegin(self, resume: int = 0, pageTopFlowables: Any = None) -> None:
        super().handle_frameBegin(resume, pageTopFlowables)
        if self.foot is not None:
            footnotes.begin_frame(self.frame, self.foot)

    def handle_pageEnd(self) -> None:
        if self.foot is not None:
            footnotes.end_page(self.canv, self.frame, self.foot)
        super().handle_pageEnd()

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        floats.place(self, flowables, self.structure)
        if not flowables:
            return
        if self.foot is not None and flowables and flowables[0] is not None:
            footnotes.make_room(self, self.foot, flowables)
        origin = origin_of(flowables[0]) if flowables else None
        if self.page > MAX_PAGES:
            raise TooManyPages(origin)
        first = flowables[0] if flowables else None
        waiting = {id(f) for f in flowables[:2]}
        try:
            super().handle_flowable(flowables)
        except LayoutError as exc:
            raise CannotLayOut(origin, self.page, _reason(str(exc))) from None
        # The parts of a split go back to the front of the list: they keep its origin.
        parts = [part for part in flowables[:2] if id(part) not in waiting]
        mark(origin, parts)
        if first is not None:
            tagging.keep_struct(first, parts)  # and its structure element

    def afterFlowable(self, flowable: Flowable) -> None:
        self.end = self.position()
        if isinstance(flowable, Heading | Bookmark):
            canv = self.canv
            canv.bookmarkPage(flowable.outline_key)
            canv.addOutlineEntry(
                flowable.outline_title, flowable.outline_key, flowable.outline_level, closed=False
            )
            if flowable.outline_level == 0:
                self.starts.append((flowable.outline_title, flowable.origin, self.position()))

    def position(self) -> float:
        """Pages laid out so far, counting the current page by how much of its frame is used."""
        frame = getattr(self, "frame", None)
        if frame is None:  # between pages (an action such as a page break): no progress
            return self.end
        used = float((frame._y2 - frame._y) / frame._height)
        return float(self.canv.getPageNumber() - 1 + min(max(used, 0.0), 1.0))

    def measured(self) -> tuple[float, tuple[Room, ...]]:
        if not self.starts:  # an edition whose sections are all empty: a title page only
            return self.end, ()
        bounds = [*(start for _, _, start in self.starts[1:]), self.end]
        return self.end, tuple(
            Room(title, origin, stop - start)
            for (title, origin, start), stop in zip(self.starts, bounds, strict=True)
        )


def _reason(reportlab_message: str) -> str:
    """reportlab's "Flowable <...0x7f...> too large on page 3 ..." as a reader's sentence."""
    if "too large" in reportlab_message:
        return "it is taller than a page's text area and cannot be split"
    return "reportlab could not place it on the page"


def render(
    brief: ResolvedBrief,
    layout: Layout,
    lang: Language,
    layout_dir: Path | None,
    tight: Tight = NO_TIGHTENING,
    extra_pages: int = 0,
    *,
    logo: Picture | None = None,
    epoch: int | None = None,
    fallbacks: tuple[FontFile, ...] = (),
    profiles: Profiles | None = None,
) -> Rendered:
    """`extra_pages`: annex pages appended later, counted in every "Page N of M";
    `logo`: the organisation's logo, read by the load stage; `epoch`: the
    document's date in seconds (SOURCE_DATE_EPOCH), else the brief's date;
    `profiles`: the ICC profiles a cmyk layout converts images, logos and chart
    colours through (read by the load stage; needed only by a cmyk layout);
    `fallbacks`: the layout's `fonts.fallback` files, read by the load stage."""
    # Page streams Flate-compressed only, without an ASCII85 layer on top (reportlab's
    # default adds one): a PDF is a binary file anyway, and encoding every stream in
    # pure Python cost about 7 ms of a 77 ms rebuild of the example. Looks identical.
    rl_config.useA85 = 0
    if brief.labels is not None:  # the layout's and the brief's own labels (spec 1.1)
        lang = lang.model_copy(update={"labels": brief.labels})
    press = separation.PRESS.set(_press(layout, profiles))  # the styles' colours too
    try:
        styles = build_styles(layout, brief.language, lang.hyphenation, layout_dir, tight)
        # Characters the body or heading fonts lack print from a fallback face
        # (docs/fonts.md): for everything made and drawn inside, furniture included.
        with fonts.falling_back((styles.body_font, styles.heading_font), fallbacks):
            return _render(brief, layout, lang, styles, extra_pages, logo, epoch)
    finally:
        separation.PRESS.reset(press)


def _press(layout: Layout, profiles: Profiles | None) -> Profiles | None:
    """What a cmyk layout separates RGB pictures and chart colours through (None for rgb)."""
    if layout.color_model != "cmyk":
        return None
    if profiles is None:
        raise ValueError("a cmyk layout is rendered without the ICC profiles it converts through")
    return profiles


def _render(
    brief: ResolvedBrief,
    layout: Layout,
    lang: Language,
    styles: Styles,
    extra_pages: int,
    logo: Picture | None,
    epoch: int | None,
) -> Rendered:
    geometry = Geometry.of(layout)
    chrome = Chrome(brief, layout, styles, lang, geometry, extra_pages=extra_pages)
    chrome.pad_to_even = layout.even_pages != "no"
    m = layout.page.margins
    width = geometry.trim_width - m.left - m.right
    builder = blocks.Builder(brief, layout, styles, lang, width)
    # The title band runs past the trim into the bleed; without bleed it stops SAFE inside
    # the trim, so that nothing is printed to an edge a printer cannot reach or cut true.
    # It stands in the measure's indent with the text (its lines align with the text's),
    # so it reaches past that as well.
    reach = geometry.bleed or -SAFE
    side = reach + builder.text_inset
    story = title_block(builder, (m.left + side, m.right + side, m.top + reach), logo)
    story = blocks.at_measure(story + builder.story(), builder.text_inset)
    structure = tagging.Log(tagging.Node("Document"))
    tagging.tag_story(story, _roles(brief, styles), structure.root)
    buffer = io.BytesIO()
    doc = _BriefDoc(
        buffer,
        pagesize=geometry.media,
        pageTemplates=templates(chrome),
        **_metadata(brief),
        creator=f"make_brief {__version__}",
        producer=f"make_brief {__version__} (ReportLab)",
        invariant=1,
        keepTogetherClass=KeepWithNext,
        initialFontName=styles.body_font.regular,
        initialFontSize=styles.size,
        enforceColorSpace="cmyk" if layout.color_model == "cmyk" else None,
        trimBox=geometry.trim_box(),
        cropBox=geometry.crop_box(),
        bleedBox=geometry.bleed_box(),
        displayDocTitle=1,  # viewers show the title, not the file name (PDF/UA)
    )
    doc.starts = []
    doc.structure = structure.root
    doc.foot = builder.foot_area(structure.root) if brief.notes else None
    stamp = _timestamp(brief.date, epoch)
    drawn = doc.foot.drawn_on if doc.foot else {}
    anchors = doc.foot.anchors if doc.foot else {}
    canvas = _canvas_class(chrome, stamp, structure, _destinations(lang), drawn, anchors)
    doc.build(story, canvasmaker=canvas)
    notice = lang.labels.blank_page if layout.even_pages == "notice" else None
    extent, sections = doc.measured()
    pdf, pages = buffer.getvalue(), len(chrome.pages)
    extras = stamps.extras(chrome, notice)
    placed = doc.foot.placed_on if doc.foot else {}
    notes = tuple((n, drawn.get(n, 0), placed.get(n, 0)) for n in range(1, len(brief.notes) + 1))
    room = chrome.annex_room()
    return Rendered(
        pdf, pages, extras, extent, sections, chrome.total, notes=notes, annex_room=room
    )


def _metadata(brief: ResolvedBrief) -> dict[str, Any]:
    title = f"{brief.title} — {brief.edition_label}" if brief.edition_label else brief.title
    subject = brief.subtitle or brief.standfirst or ""
    author = "; ".join(a.name for a in brief.authors) or brief.organization or ""
    return {
        "title": title,
        "author": author,
        "subject": subject,
        "keywords": list(brief.keywords),
        "lang": brief.language,
    }


def _roles(brief: ResolvedBrief, styles: Styles) -> tagging.Roles:
    logo_alt = f"{brief.organization} logo" if brief.organization else "Logo"
    return tagging.Roles(
        styles.title, styles.box_title, styles.table_head, styles.reference, logo_alt
    )


def _destinations(lang: Language) -> Callable[[str], str]:
    """What an internal link's /Contents says: "References [3]" for a citation."""

    def describe(name: str) -> str:
        if name.startswith("ref-"):
            return f"{lang.labels.references} [{name.removeprefix('ref-')}]"
        return name

    return describe


def _canvas_class(
    chrome: Chrome,
    stamp: TimeStamp,
    structure: tagging.Log,
    describe: Callable[[str], str],
    marks: dict[int, int],
    anchors: dict[int, tagging.Node],
) -> type[Canvas]:
    class BriefCanvas(tagging.TaggingCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.__dict__["_doc"]._timeStamp = stamp  # reportlab's PDFDocument, not in the stubs
            self.structure = structure
            self.describe_destination = describe
            # Each footnote mark's <onDraw> says that it is being drawn: on this page.
            self.setNamedCB(NOTE_MARK_CALLBACK, _note_drawn)

        def save(self) -> None:
            chrome.draw_all(self)
            super().save()

    def _note_drawn(canv: Canvas, kind: str | None, label: str) -> None:
        marks.setdefault(int(label), canv.getPageNumber())
        anchors.setdefault(int(label), structure.holder())

    return BriefCanvas


def _timestamp(date: dt.date, epoch: int | None) -> TimeStamp:
    """The document's dates come from SOURCE_DATE_EPOCH or the brief's date, never the clock."""
    stamp = TimeStamp(invariant=1)
    seconds = (
        epoch
        if epoch is not None
        else int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())
    )
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


__all__ = ["CannotLayOut", "Rendered", "Room", "SectionName", "Styles", "render"]
