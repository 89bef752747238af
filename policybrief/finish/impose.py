"""Imposition: the finished brief laid out two pages to a sheet for an office printer.

`2up` puts pages 1-2, 3-4, ... side by side. `booklet` orders them for saddle
stitching: the page count is padded with blank pages to a multiple of four,
and sheet k (from 0) carries, front: [n-2k, 2k+1], back: [2k+2, n-2k-1]. Print
the file duplex, flipping on the short edge, fold the stack in the middle and
staple: the pages read in order.

Each page is placed by its TrimBox (bleed and crop marks are for the print
shop's file, not for a sheet folded at a desk). The sheet is the standard size
that holds two pages (A5 -> A4, A4 -> A3, letter -> tabloid) or exactly two
pages when no standard size does; a layout's `print_sheet` chooses a sheet
instead, and pages are then scaled down to fit it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, RectangleObject

from policybrief.model.layout import PAGE_SIZES_MM

MM = 72 / 25.4
SHEETS_MM = PAGE_SIZES_MM  # a sheet is named like a page
SNAP = 1.02  # a sheet up to 2% larger than two pages counts as "the" sheet for them

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
    pair_w, pair_h = 2 * page_w, page_h
    landscape = pair_w >= pair_h
    sizes = {named: SHEETS_MM[named]} if named else SHEETS_MM
    for name, (a, b) in sizes.items():
        w, h = (max(a, b), min(a, b)) if landscape else (min(a, b), max(a, b))
        w, h = w * MM, h * MM
        fits = w >= pair_w * 0.995 and h >= pair_h * 0.995
        if named or (fits and w <= pair_w * SNAP and h <= pair_h * SNAP):
            return w, h, f"{name} {'landscape' if landscape else 'portrait'}"
    return pair_w, pair_h, f"{pair_w / MM:.0f}×{pair_h / MM:.0f} mm"


def impose(pdf: bytes, mode: str, named_sheet: str | None = None) -> Imposed:
    """`pdf` imposed as `2up` or `booklet` on the sheet `sheet_for` chooses."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    for page in pages:
        # Merging clips to the CropBox: cropping to the trim leaves bleed and marks out.
        page.cropbox = RectangleObject(page.trimbox)
        if "/Annots" in page:  # links mean nothing on paper, and would land in wrong places
            del page[NameObject("/Annots")]
    trim = pages[0].trimbox
    page_w, page_h = float(trim.width), float(trim.height)
    sheet_w, sheet_h, name = sheet_for(page_w, page_h, named_sheet)
    order = booklet_order(len(pages)) if mode == "booklet" else two_up_order(len(pages))
    writer = PdfWriter()
    for left, right in order:
        side = writer.add_blank_page(sheet_w, sheet_h)
        for half, index in ((0, left), (1, right)):
            if index is not None:
                _place(side, pages[index], half, sheet_w, sheet_h, to_fold=mode == "booklet")
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    out = io.BytesIO()
    writer.write(out)
    sides = len(order)
    return Imposed(out.getvalue(), sides, sides // 2 if mode == "booklet" else sides, name)


def _place(
    side: PageObject, page: PageObject, half: int, sheet_w: float, sheet_h: float, to_fold: bool
) -> None:
    """Scale (never up) `page` into one half of the sheet; booklet pages meet at the fold."""
    box = page.trimbox
    w, h = float(box.width), float(box.height)
    scale = min(sheet_w / 2 / w, sheet_h / h, 1.0)
    gap = sheet_w / 2 - w * scale
    # Booklet pages sit flush against the fold, so the spine gutter is the page's own margin.
    flush = gap if half == 0 else sheet_w / 2
    x = flush if to_fold else half * sheet_w / 2 + gap / 2
    y = (sheet_h - h * scale) / 2
    moved = (
        Transformation()
        .translate(-float(box.left), -float(box.bottom))
        .scale(scale, scale)
        .translate(x, y)
    )
    side.merge_transformed_page(page, moved)
