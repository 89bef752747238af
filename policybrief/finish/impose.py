"""Imposition: the finished brief laid out two pages to a sheet for an office printer.

`2up` puts pages 1-2, 3-4, ... side by side. `booklet` orders them for saddle
stitching: the page count is padded with blank pages to a multiple of four,
and sheet k (from 0) carries, front: [n-2k, 2k+1], back: [2k+2, n-2k-1]. Print
the file duplex, flipping on the short edge, fold the stack in the middle and
staple: the pages read in order.

A brief with nothing around its trimmed page (no bleed, no crop marks: an
office layout) goes onto the standard sheet that holds two pages (A5 -> A4,
A4 -> A3, letter -> tabloid), or exactly two pages when no standard size does.
A print-shop brief (bleed or crop marks) keeps its bleed on the sheet, except
where two booklet pages meet at the fold (2-up pages get a gutter of two
bleeds), and gets crop marks at the sheet's cut lines, outside the bleed: the
sheet is the print-shop size that holds all that (SRA3 for A4 pages, 12 x 18 in
for letter), or one of exactly that size. A layout's `print_sheet` chooses a
sheet instead, and pages are then scaled down to fit it.

The print file is the same document as the brief: its XMP (and so its PDF/A
identification), output intent, language and structure tree come along
(impose_structure.py); bookmarks and links, which point at the brief's pages,
do not.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject, PdfWriter, Transformation
from pypdf.generic import ArrayObject, ByteStringObject, ContentStream, NameObject, RectangleObject

from policybrief.finish.impose_structure import Sheets
from policybrief.model.layout import PAGE_SIZES_MM

MM = 72 / 25.4
SHEETS_MM = PAGE_SIZES_MM  # a sheet is named like a page
SNAP = 1.02  # a sheet up to 2% larger than two pages counts as "the" sheet for them

# Print-shop sheets that hold two pages with bleed and marks around them: the SRA sizes
# (ISO 217) and 12 x 18 in, the oversize sheet US shops print tabloid spreads on.
PRINT_SHEETS_MM = {
    "SRA4": (225, 320),
    "SRA3": (320, 450),
    "12×18 in": (304.8, 457.2),
    "SRA2": (450, 640),
}
MARK_GAP = 1 * MM  # crop marks start this far outside the bleed
MARK_LENGTH = 6 * MM
MARKS_MIN = MARK_GAP + 4 * MM  # the least paper outside the bleed that carries a mark
MARK_WIDTH = 0.25

Slot = int | None  # a page index, or None for a blank half


@dataclass(frozen=True)
class Imposed:
    pdf: bytes
    sides: int  # PDF pages: sheet sides
    sheets: int  # paper sheets, printed duplex for a booklet
    sheet: str  # e.g. "A4 landscape"


def booklet_order(pages: int) -> list[tuple[Slot, Slot]]:
    """Sheet sides (left, right) in print order, 0-based page indices, None for blanks."""
    n = -(-pages // 4) * 4

    def real(index: int) -> Slot:
        return index if index < pages else None

    sides: list[tuple[Slot, Slot]] = []
    for k in range(n // 4):
        sides.append((real(n - 1 - 2 * k), real(2 * k)))  # front: outer pages of this sheet
        sides.append((real(2 * k + 1), real(n - 2 - 2 * k)))  # back: the pages behind them
    return sides


def two_up_order(pages: int) -> list[tuple[Slot, Slot]]:
    return [(i, i + 1 if i + 1 < pages else None) for i in range(0, pages, 2)]


def sheet_for(page_w: float, page_h: float, named: str | None) -> tuple[float, float, str]:
    """Width, height and name of the sheet that carries two pages side by side."""
    return _sheet(2 * page_w, page_h, named, SHEETS_MM, exact=False)


def _sheet(
    need_w: float,
    need_h: float,
    named: str | None,
    sizes: dict[str, tuple[float, float]],
    exact: bool,
) -> tuple[float, float, str]:
    """The named sheet, else the first of `sizes` that holds `need_w` x `need_h` (and,
    unless `exact`, is at most SNAP larger: "the" sheet for them), else one of that size."""
    landscape = need_w >= need_h
    chosen = {named: PAGE_SIZES_MM[named]} if named else sizes
    for name, (a, b) in chosen.items():
        w, h = (max(a, b), min(a, b)) if landscape else (min(a, b), max(a, b))
        w, h = w * MM, h * MM
        fits = w >= need_w * 0.995 and h >= need_h * 0.995
        snug = exact or (w <= need_w * SNAP and h <= need_h * SNAP)
        if named or (fits and snug):
            return w, h, f"{name} {'landscape' if landscape else 'portrait'}"
    return need_w, need_h, f"{need_w / MM:.0f}×{need_h / MM:.0f} mm"


@dataclass(frozen=True)
class Plan:
    """Where the pages go on a sheet side, in sheet coordinates."""

    sheet: tuple[float, float, str]
    scale: float
    lefts: tuple[float, float]  # x of each half's trimmed page
    bottom: float  # y of the trimmed pages
    trim: tuple[float, float]  # a placed page's trimmed size (scaled)
    bleed: float  # scaled; 0 for an office print file
    fold: bool  # booklet: the two pages meet at the fold, no bleed between them
    marks: bool  # a print-shop sheet: crop marks at its cut lines


def plan(
    trim: tuple[float, float], bleed: float, mode: str, named: str | None, marks: bool
) -> Plan:
    """The office plan (no paper around the page: two trims side by side, nothing else)
    or the print shop's (bleed kept, a gutter of two bleeds between 2-up pages, room
    for crop marks around)."""
    w, h = trim
    fold = mode == "booklet"
    gutter = 0.0 if fold or not bleed else 2 * bleed
    room = bleed + MARKS_MIN if marks else 0.0
    if marks:
        need = (2 * w + gutter + 2 * room, h + 2 * room)
        sheet = _sheet(*need, named, PRINT_SHEETS_MM, exact=True)
    else:
        need = (2 * w, h)
        sheet = sheet_for(w, h, named)
    sheet_w, sheet_h, _ = sheet
    scale = min(sheet_w / need[0], sheet_h / need[1], 1.0)
    block = (2 * w + gutter) * scale
    x = (sheet_w - block) / 2
    if not marks and not fold:  # office 2-up: each page centred in its half
        half_gap = sheet_w / 2 - w * scale
        lefts = (half_gap / 2, sheet_w / 2 + half_gap / 2)
    else:
        lefts = (x, x + (w + gutter) * scale)
    y = (sheet_h - h * scale) / 2
    return Plan(sheet, scale, lefts, y, (w * scale, h * scale), bleed * scale, fold, marks)


def impose(
    pdf: bytes, mode: str, named_sheet: str | None = None, colour_model: str = "rgb"
) -> Imposed:
    """`pdf` imposed as `2up` or `booklet`; the document's standard (XMP, output intent),
    its /ID, its language and its structure tree come with it."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    pages = list(writer.pages)
    first = pages[0]
    trim = first.trimbox
    paper = first.mediabox
    around = float(trim.left) - float(paper.left) > 0.01  # bleed or crop marks: a print-shop file
    bleed = _bleed_of(first) if around else 0.0
    plan_ = plan((float(trim.width), float(trim.height)), bleed, mode, named_sheet, around)
    order = booklet_order(len(pages)) if mode == "booklet" else two_up_order(len(pages))
    structure = Sheets.of(writer)
    sides: list[PageObject] = []
    for left, right in order:
        side = writer.add_blank_page(*plan_.sheet[:2])
        assert side.indirect_reference is not None  # a writer's page is an indirect object
        structure.new_side()
        for half, index in ((0, left), (1, right)):
            if index is not None:
                structure.renumber(pages[index], side.indirect_reference)
                _place(side, pages[index], half, plan_)
        if plan_.marks:
            _marks(side, plan_, colour_model)
        sides.append(side)
    structure.finish(writer, sides)
    listed: Any = writer.pages  # pypdf's page list deletes (its type says Sequence)
    del listed[: len(pages)]
    _print_file_catalog(writer)
    writer._ID = _print_id(writer, mode)
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    count = len(order)
    return Imposed(
        out.getvalue(), count, count // 2 if mode == "booklet" else count, plan_.sheet[2]
    )


def _bleed_of(page: PageObject) -> float:
    if "/BleedBox" not in page:
        return 0.0
    return max(float(page.trimbox.left) - float(page.bleedbox.left), 0.0)


def _place(side: PageObject, page: PageObject, half: int, plan_: Plan) -> None:
    """Draw `page` on its half: clipped to its bleed, but at its trim on the fold side."""
    if "/Annots" in page:  # links mean nothing on paper, and would land in wrong places
        del page[NameObject("/Annots")]
    trim = page.trimbox
    b = plan_.bleed / plan_.scale
    x0, y0, x1, y1 = (float(v) for v in (trim.left, trim.bottom, trim.right, trim.top))
    left, right = x0 - b, x1 + b
    if plan_.fold:  # the spine: neither page's bleed may cover its neighbour
        right, left = (x1, left) if half == 0 else (right, x0)
    page.cropbox = RectangleObject((left, y0 - b, right, y1 + b))  # merging clips to it
    moved = (
        Transformation()
        .translate(-x0, -y0)
        .scale(plan_.scale, plan_.scale)
        .translate(plan_.lefts[half], plan_.bottom)
    )
    side.merge_transformed_page(page, moved)


def _marks(side: PageObject, plan_: Plan, colour_model: str) -> None:
    """Crop marks at the sheet's cut lines, outside the bleed; a fold mark for a booklet;
    TrimBox and BleedBox around the placed pages. The marks are artifacts."""
    w, h = plan_.trim
    b = plan_.bleed
    y0, y1 = plan_.bottom, plan_.bottom + h
    cuts = [plan_.lefts[0], plan_.lefts[1] + w]
    if not plan_.fold:
        cuts[1:1] = [plan_.lefts[0] + w, plan_.lefts[1]]
    near, far_x, far_y = b + MARK_GAP, cuts[0] - MARK_GAP / 2, y0 - MARK_GAP / 2
    lines: list[tuple[float, float, float, float]] = []
    for x in cuts:
        lines += [(x, y0 - near, x, y0 - min(far_y, near + MARK_LENGTH))]
        lines += [(x, y1 + near, x, y1 + min(far_y, near + MARK_LENGTH))]
    for y in (y0, y1):
        lines += [(cuts[0] - near, y, cuts[0] - min(far_x, near + MARK_LENGTH), y)]
        lines += [(cuts[-1] + near, y, cuts[-1] + min(far_x, near + MARK_LENGTH), y)]
    ink = "1 1 1 1 K" if colour_model == "cmyk" else "0 0 0 RG"
    drawn = " ".join(f"{a:.3f} {c:.3f} m {d:.3f} {e:.3f} l S" for a, c, d, e in lines)
    if plan_.fold:  # a dashed fold mark in line with the spine, top and bottom
        x = plan_.lefts[1]
        half = MARK_LENGTH / 2
        drawn += f" [2 2] 0 d {x:.3f} {y0 - near:.3f} m {x:.3f} {y0 - near - half:.3f} l S"
        drawn += f" {x:.3f} {y1 + near:.3f} m {x:.3f} {y1 + near + half:.3f} l S"
    stream = f"/Artifact BMC q {MARK_WIDTH} w {ink} {drawn} Q EMC".encode("ascii")
    contents = side.get_contents()
    data = (contents.get_data() if contents is not None else b"") + b"\n" + stream
    written = ContentStream(None, side.pdf)
    written.set_data(data)
    side.replace_contents(written)
    x_left, x_right = cuts[0], cuts[-1]
    side.trimbox = RectangleObject((x_left, y0, x_right, y1))
    side.bleedbox = RectangleObject((x_left - b, y0 - b, x_right + b, y1 + b))


def _print_file_catalog(writer: PdfWriter) -> None:
    """What pointed at the brief's pages goes: bookmarks, named destinations, page labels
    (a sheet is not a page). The XMP, output intent, language, structure tree and the
    brief's embedded source stay."""
    root = writer.root_object
    for key in ("/Outlines", "/PageLabels", "/Dests", "/OpenAction"):
        root.pop(NameObject(key), None)
    if root.get("/PageMode") == "/UseOutlines":
        root[NameObject("/PageMode")] = NameObject("/UseNone")
    names = root.get("/Names")
    if names is not None:
        names.get_object().pop(NameObject("/Dests"), None)


def _print_id(writer: PdfWriter, mode: str) -> ArrayObject:
    """The brief's permanent identifier (the XMP's DocumentID is made from it) and an
    instance identifier of its own: the print file is another file of the same document."""
    first = writer._ID[0] if writer._ID else ByteStringObject(b"")
    raw = bytes(first.original_bytes if hasattr(first, "original_bytes") else first)
    if not raw:
        raw = hashlib.md5(b"make_brief print file", usedforsecurity=False).digest()
    instance = hashlib.md5(raw + mode.encode(), usedforsecurity=False).digest()
    return ArrayObject([ByteStringObject(raw), ByteStringObject(instance)])
