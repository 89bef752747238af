"""A meeting pack's own pages, and the furniture of every page of the pack.

The pack's pages (cover, agenda, attendees, contents, tab dividers, blank
pages) are laid out here in the pack's layout, with the same `Chrome` as a
brief: its running header and footer and classification. Brief pages are
never laid out again: `furniture` draws, for each of a brief's pages, the
chrome that brief's layout would draw, with the pack's page numbers and
classification, one PDF page each; finish/pack.py turns those pages into the
form XObjects (`chrome{N}`) the brief's pages already draw their furniture
from. `copy_marks` draws "Copy for NAME — N of M" once per attendee, for the
copies to swap in without touching anything else.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageBreak, Spacer, Table

from policybrief import __version__
from policybrief.model.fonts import FontFile
from policybrief.model.labels import Language
from policybrief.model.layout import SAFE, Layout
from policybrief.model.pack import Pack
from policybrief.model.resolved import ResolvedBrief
from policybrief.render import fonts, inline, tagging, textruns
from policybrief.render.pages import Chrome, Geometry, templates
from policybrief.render.paragraph import Paragraph
from policybrief.render.styles import Styles, build_styles, colour, pack_table
from policybrief.render.tables import RowTable
from policybrief.render.title import TitleBand

# What the pack's pages print, by page of the PDF being drawn: (page, pages) as text.
Numbers = Callable[[int], tuple[str, str]]


@dataclass(frozen=True)
class TabEntry:
    """What the agenda and contents say of one tab."""

    letter: str
    item: str
    title: str  # the brief's (or edition's) title
    edition: str | None  # the edition's label
    start: str  # the page the tab starts on, as printed


@dataclass(frozen=True)
class LinkBox:
    """A contents entry: where it is drawn (page of the front matter, rect) and its tab."""

    page: int  # 0-based, in the front matter
    rect: tuple[float, float, float, float]
    letter: str


@dataclass(frozen=True)
class OwnPages:
    pdf: bytes
    pages: int
    links: tuple[LinkBox, ...]
    starts: dict[str, int]  # 0-based page of each part: cover, agenda, attendees, contents


@dataclass
class PackChrome(Chrome):
    """A brief's or the pack's chrome, printing the numbers the pack gives each page."""

    numbers: Numbers = field(default=lambda page: (str(page), ""))
    fallbacks: tuple[FontFile, ...] = ()  # the layout's `fonts.fallback`, read by load
    # 1: no page is a title page (dividers, blanks): each gets the running header, and
    # its classification is not in the title band's ink. Chrome knows page 1 as the title's.
    shift: int = 0
    # True for the pack's own pages: page 1 is the pack's cover, unnumbered as a brief's
    # title page is (layout `page_numbers.first_page`). A brief's pages in the pack are
    # numbered through, its title page too: the contents send the reader there by number.
    cover: bool = False

    def _draw(self, canv: Canvas, page: int, total: int) -> None:
        super()._draw(canv, page + self.shift, total)

    def numbered(self, page: int) -> bool:
        return super().numbered(page) if self.cover else True

    def values(self, page: int, total: int) -> dict[str, str]:
        out = super().values(page, total)
        shown, pages = self.numbers(page - self.shift)
        out["page"], out["pages"] = shown, pages
        out["page_label"] = self.page_label(shown, pages)
        return out


def as_brief(pack: Pack, lang: Language) -> ResolvedBrief:
    """The pack as the chrome and title band see a brief: title, date, classification."""
    return ResolvedBrief(
        source="",
        edition=None,
        edition_label=None,
        language=pack.language,
        title=pack.title,
        subtitle=pack.subtitle,
        standfirst=None,
        series=None,
        date=pack.date,
        date_text=lang.format_date(pack.date),
        authors=(),
        organization=pack.organization,
        logo=None,
        classification=pack.classification,
        draft=False,
        keywords=(),
        sections=(),
        annexes=(),
    )


def pack_chrome(
    brief: ResolvedBrief,
    layout: Layout,
    lang: Language,
    layout_dir: Path | None,
    numbers: Numbers,
    fallbacks: tuple[FontFile, ...] = (),
) -> PackChrome:
    styles = build_styles(layout, brief.language, lang.hyphenation, layout_dir)
    geometry = Geometry.of(layout)
    return PackChrome(
        brief, layout, styles, lang, geometry, numbers=numbers, fallbacks=fallbacks
    )


@contextmanager
def _falling_back(chrome: Chrome) -> Iterator[None]:
    """The pack's pages print what the layout's fonts lack from the fallback faces, as
    a brief's do (`render.document`)."""
    own = chrome.fallbacks if isinstance(chrome, PackChrome) else ()
    with fonts.falling_back((chrome.styles.body_font, chrome.styles.heading_font), own):
        yield


# --- the pack's own pages ----------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    """The words of the pack's own pages (English; the pack's language for the rest)."""

    agenda: str = "Agenda"
    attendees: str = "Attendees"
    contents: str = "Contents"
    time: str = "Time"
    item: str = "Item"
    lead: str = "Lead"
    tab: str = "Tab"
    brief: str = "Brief"
    page: str = "Page"
    name: str = "Name"
    role: str = "Role"


LABELS = Labels()


class _Contents(RowTable):
    """The contents: a data table whose rows record where they are drawn, for their links.

    `letters` holds each row's tab (None: the header row); a split passes each part
    its rows' letters (a later part starts with the header again)."""

    letters: list[str | None]
    found: list[LinkBox]

    def split_parts(self, aW: float, aH: float) -> list[RowTable]:
        parts = super().split_parts(aW, aH)
        rest = list(self.letters)
        for part in parts:
            rows = len(part._cellvalues)  # reportlab's
            head = [None] * part.repeatRows if part is not parts[0] else []
            taken = rows - len(head)
            part.letters, rest = [*head, *rest[:taken]], rest[taken:]  # type: ignore[attr-defined]
            part.found = self.found  # type: ignore[attr-defined]
        return parts

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # reportlab takes _sW
        page = canvas.getPageNumber() - 1
        width = self._width  # type: ignore[attr-defined]  # set by wrap()
        tops = self._rowpositions  # type: ignore[attr-defined]  # from the top, down to 0
        for row, letter in enumerate(self.letters):
            if letter is not None:
                rect = (x, y + tops[row + 1], x + width, y + tops[row])
                self.found.append(LinkBox(page, rect, letter))


class _Mark(Flowable):
    """Zero-size: records the page a part of the front matter starts on."""

    def __init__(self, name: str, found: dict[str, int]) -> None:
        super().__init__()
        self.name, self.found = name, found

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.found[self.name] = self.canv.getPageNumber() - 1


def own_pages(
    pack: Pack,
    layout: Layout,
    lang: Language,
    layout_dir: Path | None,
    tabs: Sequence[TabEntry],
    numbers: Numbers,
    epoch: int | None = None,
    fallbacks: tuple[FontFile, ...] = (),
) -> OwnPages:
    """Cover, agenda and attendees, contents: laid out in the pack's layout."""
    brief = as_brief(pack, lang)
    chrome = pack_chrome(brief, layout, lang, layout_dir, numbers, fallbacks)
    with _falling_back(chrome):
        return _own_pages(pack, dataclasses.replace(chrome, cover=True), tabs, epoch)


def _own_pages(
    pack: Pack, chrome: PackChrome, tabs: Sequence[TabEntry], epoch: int | None
) -> OwnPages:
    layout = chrome.layout
    s = chrome.styles
    m = layout.page.margins
    width = chrome.geometry.trim_width - m.left - m.right
    links: list[LinkBox] = []
    starts: dict[str, int] = {}
    story = _cover(pack, chrome, width)
    story += [PageBreak(), _Mark("agenda", starts), _heading(LABELS.agenda, s)]
    story.append(_agenda(pack, tabs, s, layout, width))
    if pack.attendees:
        story += [Spacer(0, s.spacing * 2), _Mark("attendees", starts)]
        story += [_heading(LABELS.attendees, s), _attendees(pack, s, layout, width)]
    story += [PageBreak(), _Mark("contents", starts), _heading(LABELS.contents, s)]
    story += _contents(tabs, s, layout, width, links)
    pdf = _build(story, chrome, pack.title, epoch)
    return OwnPages(pdf, len(chrome.pages), tuple(links), starts)


def _heading(text: str, s: Styles) -> Flowable:
    """A part of the front matter: H2 under the pack's title (H1), as PDF/UA nests them."""
    return tagging.tag(Paragraph(inline.text(text), s.h1), "H2")


def _cover(pack: Pack, chrome: PackChrome, width: float) -> list[Flowable]:
    s, lay = chrome.styles, chrome.layout
    content: list[Flowable] = []
    if pack.organization:
        content.append(Paragraph(inline.text(pack.organization.upper()), s.series))
    content.append(Paragraph(inline.text(pack.title), s.title))
    if pack.subtitle:
        content.append(Paragraph(inline.text(pack.subtitle), s.subtitle))
    band = lay.title_block.style == "band"
    fill = colour(lay.title_block.background, lay.color_model) if band else None
    m, bleed = lay.page.margins, chrome.geometry.bleed
    extend = (m.left + bleed, m.right + bleed, m.top + bleed) if band else (0.0, 0.0, 0.0)
    out: list[Flowable] = [TitleBand(content, fill, s.size * 1.6 if band else 0, extend)]
    out.append(Spacer(0, s.spacing * 2))
    out.append(Paragraph(inline.text(chrome.brief.date_text), s.meta))
    if pack.classification:
        out += [
            Spacer(0, s.spacing * 2),
            Paragraph(inline.bold(inline.text(pack.classification)), s.h2),
        ]
    return out


def _cell(text: str, style: Any) -> Paragraph:
    return Paragraph(inline.text(text), style)


def _agenda(pack: Pack, tabs: Sequence[TabEntry], s: Styles, layout: Layout, width: float) -> Table:
    head = [_cell(t, s.table_head) for t in (LABELS.time, LABELS.item, LABELS.lead, LABELS.tab)]
    rows: list[list[Any]] = [head]
    letters = iter(tabs)
    for item in pack.agenda:
        letter = next(letters).letter if item.brief is not None else "—"  # tabs in agenda order
        rows.append(
            [
                _cell(item.time or "", s.cell),
                _cell(item.item, s.cell),
                _cell(item.lead or "", s.cell),
                _cell(letter, s.cell),
            ]
        )
    widths = [width * 0.12, width * 0.5, width * 0.28, width * 0.1]
    return RowTable(rows, colWidths=widths, repeatRows=1, style=pack_table(s, layout))


def _attendees(pack: Pack, s: Styles, layout: Layout, width: float) -> Table:
    rows: list[list[Any]] = [[_cell(LABELS.name, s.table_head), _cell(LABELS.role, s.table_head)]]
    rows += [[_cell(a.name, s.cell), _cell(a.role or "", s.cell)] for a in pack.attendees]
    return RowTable(
        rows, colWidths=[width * 0.45, width * 0.55], repeatRows=1, style=pack_table(s, layout)
    )


def _contents(
    tabs: Sequence[TabEntry], s: Styles, layout: Layout, width: float, links: list[LinkBox]
) -> list[Flowable]:
    widths = [width * 0.12, width * 0.74, width * 0.14]
    rows: list[list[Any]] = [
        [_cell(t, s.table_head) for t in (LABELS.tab, LABELS.brief, LABELS.page)]
    ]
    for entry in tabs:
        title = inline.bold(inline.text(entry.item)) + "<br/>" + inline.text(entry.title)
        if entry.edition:
            title += " — " + inline.italic(inline.text(entry.edition))
        rows.append(
            [_cell(entry.letter, s.cell), Paragraph(title, s.cell), _cell(entry.start, s.cell)]
        )
    table = _Contents(rows, colWidths=widths, repeatRows=1, style=pack_table(s, layout))
    table.letters = [None, *(entry.letter for entry in tabs)]
    table.found = links
    return [table]


def dividers(
    pack: Pack,
    layout: Layout,
    lang: Language,
    layout_dir: Path | None,
    pages: Sequence[str | None],
    numbers: Numbers,
    epoch: int | None = None,
    fallbacks: tuple[FontFile, ...] = (),
) -> bytes:
    """One page per entry: a tab divider ("Tab A — item"), or None for a blank page
    that says so (the layouts' `even_pages: notice`)."""
    brief = as_brief(pack, lang)
    chrome = pack_chrome(brief, layout, lang, layout_dir, numbers, fallbacks)
    with _falling_back(chrome):
        return _dividers(pack, dataclasses.replace(chrome, shift=1), pages, epoch)


def _dividers(
    pack: Pack, chrome: PackChrome, pages: Sequence[str | None], epoch: int | None
) -> bytes:
    lang = chrome.lang
    s = chrome.styles
    story: list[Flowable] = []
    for i, text in enumerate(pages):
        if i:
            story.append(PageBreak())
        if text is None:
            story.append(_Notice(lang.labels.blank_page, s))
            continue
        tab, _, item = text.partition(" — ")
        story += [Spacer(0, chrome.geometry.trim_height * 0.25), _heading(tab, s)]
        story.append(Paragraph(inline.text(item), s.h2))
    return _build(story, chrome, pack.title, epoch, first_template="later")


class _Notice(Flowable):
    """ "This page is intentionally left blank.", centred on the page (furniture, not content)."""

    def __init__(self, text: str, s: Styles) -> None:
        super().__init__()
        self.text, self.s = text, s

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._room = (aw, ah)
        return aw, ah * 0.5

    def draw(self) -> None:
        with tagging.artifact(self.canv):
            self.canv.setFillColor(self.s.running.textColor)
            x, font = self._room[0] / 2, self.s.body_font.italic
            textruns.draw(self.canv, x, 0, self.text, font, self.s.size, "middle")


def _build(
    story: list[Flowable],
    chrome: PackChrome,
    title: str,
    epoch: int | None,
    first_template: str = "first",
) -> bytes:
    _flate_only()
    buffer = io.BytesIO()
    g = chrome.geometry
    page_templates = templates(chrome)
    if first_template == "later":  # a divider's header is a running one: every page alike
        page_templates = page_templates[1:]
    s = chrome.styles
    structure = tagging.Log(tagging.Node("Document"))
    roles = tagging.Roles(s.title, s.box_title, s.table_head, s.reference)
    tagging.tag_story(story, roles, structure.root)
    doc = BaseDocTemplate(
        buffer,
        pagesize=g.media,
        pageTemplates=page_templates,
        title=title,
        lang=chrome.brief.language,
        creator=f"make_brief {__version__}",
        producer=f"make_brief {__version__} (ReportLab)",
        invariant=1,
        initialFontName=chrome.styles.body_font.regular,
        initialFontSize=chrome.styles.size,
        enforceColorSpace="cmyk" if chrome.layout.color_model == "cmyk" else None,
        trimBox=g.trim_box(),
        bleedBox=g.bleed_box(),
    )

    class PackCanvas(tagging.TaggingCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.structure = structure

        def save(self) -> None:
            chrome.draw_all(self)
            super().save()

    doc.build(story, canvasmaker=PackCanvas)
    return buffer.getvalue()


# --- furniture for brief pages, and copy marks ------------------------------------------


def furniture(chrome: PackChrome, pages: int) -> bytes:
    """For each of a brief's pages (its annexes' too): its chrome, drawn in trim
    coordinates on a page of its own (what the brief's form `chrome{page}` holds)."""
    buffer = io.BytesIO()
    canv = _canvas(buffer, chrome)
    total = chrome.total
    with _falling_back(chrome):
        for page in range(1, pages + 1):
            chrome._draw(canv, page, total)
            canv.showPage()
    canv.save()
    return buffer.getvalue()


def copy_marks(chrome: Chrome, names: Sequence[str]) -> bytes:
    """Page k: "Copy for NAME — k+1 of M" at the trim's lower-left corner, in trim
    coordinates, in the pack's fonts (one document: one font subset for every copy)."""
    buffer = io.BytesIO()
    canv = _canvas(buffer, chrome)
    font = chrome.styles.heading_font.bold
    size = chrome.styles.running.fontSize
    with _falling_back(chrome):
        for k, name in enumerate(names):
            text = f"Copy for {name} — {k + 1} of {len(names)}"
            room = chrome.geometry.trim_width / 2 - SAFE - 30 * mm / 2
            while textruns.width(text, font, size) > room and size > 4:
                size -= 0.5
            canv.setFillColor(colour(chrome.layout.palette.accent, chrome.layout.color_model))
            descent = -getAscentDescent(font, size)[1]
            x, y = SAFE + 8 * mm, SAFE + descent  # its descenders 5 mm in
            textruns.draw(canv, x, y, text, font, size)
            canv.showPage()
    canv.save()
    return buffer.getvalue()


def _flate_only() -> None:
    """Streams Flate-compressed only, as `document.render` sets it: else the pack's own
    pages would have an ASCII85 layer when every brief was laid out in a -j worker and
    none in this process, and the pack's bytes would depend on -j."""
    from reportlab import rl_config

    rl_config.useA85 = 0


def _canvas(buffer: io.BytesIO, chrome: Chrome) -> Canvas:
    _flate_only()
    styles = chrome.styles
    return Canvas(
        buffer,
        pagesize=chrome.geometry.media,
        invariant=1,
        initialFontName=styles.body_font.regular,  # type: ignore[arg-type]
        initialFontSize=styles.size,
        enforceColorSpace="cmyk" if chrome.layout.color_model == "cmyk" else None,
    )
