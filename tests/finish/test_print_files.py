"""Imposed print files (`--impose`) read back: the standard asked for, the /ID, the
structure tree, the bleed and the crop marks of a print-shop layout (issue 17)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import page as validator
import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader

from policybrief.cli import main

from .. import structure
from ..conftest import EXAMPLE, MINIMAL, CliResult
from ..render.test_print import ink

MM = 72 / 25.4
SRA3 = (450 * MM, 320 * MM)


def _build(folder: Path, name: str, *args: str) -> tuple[Path, Path]:
    out = folder / f"{name}.pdf"
    code = main([str(EXAMPLE), "--edition", "full", "-o", str(out), "--quiet", *args])
    assert code == 0
    return out, out.with_name(f"{name}.print.pdf")


@pytest.fixture(scope="module")
def handout_booklet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("print")
    args = ("--layout", "handout", "--impose", "booklet", "--pdf-standard", "pdfa-2b")
    return _build(folder, "booklet", *args)


@pytest.fixture(scope="module")
def handout_two_up(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("print")
    args = ("--layout", "handout", "--impose", "2up", "--pdf-standard", "pdfa-2a,ua-1")
    return _build(folder, "two-up", *args)


def test_a_pdfa_print_file_is_pdfa_with_the_briefs_identity(
    handout_booklet: tuple[Path, Path],
) -> None:
    brief, printed = handout_booklet
    result = validator.validate_pdf(str(printed), profile="2b")
    assert result.is_compliant, [f.rule_id for f in result.failures]
    reader, original = PdfReader(printed), PdfReader(brief)
    root = reader.trailer["/Root"]
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"  # the CMYK handout's profile
    xmp = root["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>2</pdfaid:part>" in xmp and b"<pdfaid:conformance>B<" in xmp
    assert xmp == original.trailer["/Root"]["/Metadata"].get_object().get_data()
    ids, theirs = reader.trailer["/ID"], original.trailer["/ID"]
    # The same document (permanent identifier, the XMP's DocumentID), another file of it.
    assert len(ids) == 2 and ids[0] == theirs[0] and ids[1] != theirs[1]
    assert reader.metadata is not None and reader.metadata.title == "A Fragile Shield"


def test_a_print_file_keeps_pdfa_2a_and_pdf_ua_and_reads_as_the_brief(
    handout_two_up: tuple[Path, Path],
) -> None:
    brief, printed = handout_two_up
    for profile in ("2a", "ua1"):
        result = validator.validate_pdf(str(printed), profile=profile)
        assert result.is_compliant, (profile, [f.rule_id for f in result.failures])
    data = printed.read_bytes()
    assert structure.check(data) == []  # 2-up: the sheets are in the pages' order
    assert structure.reading_order(data) == structure.reading_order(brief.read_bytes())
    reader = PdfReader(printed)
    assert all("/Annots" not in sheet for sheet in reader.pages)  # paper has no links
    assert "/Outlines" not in reader.trailer["/Root"]  # bookmarks pointed at the pages


def test_a_booklet_reads_in_the_briefs_order_not_the_sheets(
    handout_booklet: tuple[Path, Path],
) -> None:
    brief, printed = handout_booklet
    data = printed.read_bytes()
    assert structure.reading_order(data) == structure.reading_order(brief.read_bytes())
    # The one invariant a booklet breaks on purpose: sheet 1 carries the last page first.
    assert all(p.startswith("reading order differs") for p in structure.check(data))


def test_a_print_shop_sheet_has_room_for_bleed_and_marks(
    handout_booklet: tuple[Path, Path], handout_two_up: tuple[Path, Path]
) -> None:
    for _, printed in (handout_booklet, handout_two_up):
        reader = PdfReader(printed)
        for sheet in reader.pages:
            w, h = float(sheet.mediabox.width), float(sheet.mediabox.height)
            assert (round(w / MM), round(h / MM)) == (450, 320)  # SRA3 for A4 pages
            trim, bleed = sheet.trimbox, sheet.bleedbox
            assert round(float(trim.height) / MM) == 297
            assert round((float(trim.left) - float(bleed.left)) / MM, 1) == 3.0


def test_booklet_pages_keep_their_bleed_but_not_across_the_fold(
    handout_booklet: tuple[Path, Path],
) -> None:
    _, printed = handout_booklet
    reader = PdfReader(printed)
    sheet = reader.pages[0]  # front of sheet 1: [blank page 8, page 1 with its title band]
    x0, _, x1, y1 = (float(v) for v in sheet.trimbox)
    fold = (x0 + x1) / 2
    image = pdfium.PdfDocument(printed)[0].render(scale=1).to_pil().convert("L")
    height = image.height

    def grey(x: float, y: float) -> int:  # PDF points from the lower left
        return int(image.getpixel((round(x), round(height - y))))

    band_y = y1 - 10 * MM
    assert grey(fold + 20 * MM, band_y) < 100  # the band, on page 1
    assert grey(x1 + 1.5 * MM, band_y) < 100  # ... into the bleed at the outer edge
    assert grey((fold + x1) / 2, y1 + 1.5 * MM) < 100  # ... and at the top
    assert grey(x1 + 3.5 * MM, band_y) > 200  # but not past the bleed
    assert grey(fold - 1.5 * MM, band_y) > 200  # nor across the fold onto the blank page


def test_crop_marks_sit_at_the_cut_lines_outside_the_bleed(
    handout_booklet: tuple[Path, Path], handout_two_up: tuple[Path, Path]
) -> None:
    """Read as the paper shows it: every dark pixel outside the bleed is on a cut line
    (or the booklet's fold), and every cut line has its marks, in registration colour."""
    for (_, printed), two_up in ((handout_booklet, False), (handout_two_up, True)):
        reader = PdfReader(printed)
        sheet = reader.pages[0]
        tx0, ty0, tx1, ty1 = (float(v) for v in sheet.trimbox)
        bx0, by0, bx1, by1 = (float(v) for v in sheet.bleedbox)
        # 2-up: each page is cut on its own (a gutter of two bleeds); booklet: the spread.
        inner = (tx0 + tx1) / 2 + 3 * MM
        cuts_x = [tx0, inner - 6 * MM, inner, tx1] if two_up else [tx0, (tx0 + tx1) / 2, tx1]
        cuts_y = [ty0, ty1]
        scale = 3
        image = pdfium.PdfDocument(printed)[0].render(scale=scale).to_pil().convert("L")
        dark = _dark_outside(image, scale, (bx0 - 1, by0 - 1, bx1 + 1, by1 + 1))
        assert dark
        for x, y in dark:
            near = min(abs(x - c) for c in cuts_x) < 1 or min(abs(y - c) for c in cuts_y) < 1
            assert near, (x / MM, y / MM)
        for c in cuts_x:
            assert any(abs(x - c) < 1 and y > by1 for x, y in dark), c / MM
        marks = {colour for colour, _ in ink(reader, sheet).lines}
        assert (1, 1, 1, 1) in marks  # all four inks: the marks print on every plate


def _dark_outside(
    image: Image.Image, scale: int, box: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """The dark pixels of `image` outside `box` (PDF points), as points."""
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    height = image.height
    strips = [  # (left, top, right, bottom) in pixels: above, below, left of, right of box
        (0, 0, image.width, height - y1),
        (0, height - y0, image.width, height),
        (0, height - y1, x0, height - y0),
        (x1, height - y1, image.width, height - y0),
    ]
    out = []
    for left, top, right, bottom in strips:
        pixels = image.crop((left, top, right, bottom)).tobytes()  # one byte a pixel (L)
        width = right - left
        for i, value in enumerate(pixels):
            if value < 200:
                px, py = left + i % width, top + i // width
                out.append((px / scale, (height - py) / scale))
    return out


def test_an_office_print_file_is_tagged_with_an_id_and_no_marks(
    tmp_path: Path,
) -> None:
    _, printed = _build(tmp_path, "office", "--impose", "booklet")  # standard: no bleed
    reader = PdfReader(printed)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (420, 297)  # A3
    assert len(reader.trailer["/ID"]) == 2
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "/TrimBox" not in reader.pages[0]  # the sheet is the paper: nothing is cut


def test_a_named_sheet_scales_pages_with_their_bleed_and_marks(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "onto-a3.yaml").write_text("extends: handout\nprint_sheet: A3\n")
    result = cli(brief_file("layout: onto-a3.yaml\n" + MINIMAL), "-o", "b.pdf", "--impose", "2up")
    assert result.code == 0, result.err
    assert "(2up: 1 sheet A3 landscape)" in result.out
    sheet = PdfReader(tmp_path / "b.print.pdf").pages[0]
    assert (round(float(sheet.mediabox.width) / MM), round(float(sheet.mediabox.height) / MM)) == (
        420,
        297,
    )
    trim, bleed = sheet.trimbox, sheet.bleedbox
    scale = float(trim.height) / (297 * MM)
    assert 0.9 < scale < 0.95  # two A4 pages, a gutter, bleed and marks on A3: about 92 %
    assert float(trim.bottom) - float(bleed.bottom) == pytest.approx(3 * MM * scale)
    assert float(bleed.bottom) > 4 * MM * scale  # room left below the bleed for the marks
