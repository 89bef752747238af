"""The trim edge (issue 17): every text run at least 5 mm inside the trim, where office
printers still print, in every shipped layout; nothing printed to the edge of a layout
without bleed; a layout that would break either is refused at its line."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from policybrief.cli import main
from policybrief.finish.preflight import Expectation, preflight
from policybrief.load.layouts import LAYOUTS_DIR
from policybrief.load.layouts import load as load_layout
from policybrief.model.layout import running_size
from policybrief.render import fonts
from policybrief.render.styles import build_styles

from ..conftest import EXAMPLE, MINIMAL, CliResult
from .test_print import ink

MM = 72 / 25.4
SHIPPED = ("standard", "letter", "briefing", "handout")
WHITE = {(1.0, 1.0, 1.0), (0.0, 0.0, 0.0, 0.0)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example (classified PUBLIC, so with the marking top and bottom) in every layout."""
    folder = tmp_path_factory.mktemp("safe")
    out = {}
    for name in SHIPPED:
        out[name] = folder / f"{name}.pdf"
        args = [str(EXAMPLE), "--edition", "full", "--layout", name, "-o", str(out[name]), "-q"]
        assert main(args) == 0
    return out


def closest_text(path: Path) -> tuple[float, str, int]:
    """The least distance (mm) from a glyph's line box (its font's ascent to descent, as
    a viewer selects it) to the nearest trim edge, with the character and page."""
    reader, document = PdfReader(path), pdfium.PdfDocument(path)
    worst = (float("inf"), "", 0)
    for number, (page, drawn) in enumerate(zip(reader.pages, document, strict=True), 1):
        x0, y0, x1, y1 = (float(v) for v in page.trimbox)
        # pdfium measures from the lower-left corner of the page as shown (the CropBox).
        ox, oy = float(page.cropbox.left), float(page.cropbox.bottom)
        text = drawn.get_textpage()
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if not char.strip():
                continue
            left, bottom, right, top = text.get_charbox(i, loose=True)
            left, right, bottom, top = left + ox, right + ox, bottom + oy, top + oy
            distance = min(left - x0, bottom - y0, x1 - right, y1 - top) / MM
            worst = min(worst, (distance, char, number))
    return worst


@pytest.mark.parametrize("name", SHIPPED)
def test_every_text_run_is_at_least_5mm_inside_the_trim(name: str, built: dict[str, Path]) -> None:
    distance, char, page = closest_text(built[name])
    assert distance >= 5 - 0.01, f"{char!r} on page {page} is {distance:.2f} mm from the trim"


@pytest.mark.parametrize("name", ["standard", "letter", "briefing"])
def test_a_layout_without_bleed_prints_nothing_to_the_trim_edge(
    name: str, built: dict[str, Path]
) -> None:
    reader = PdfReader(built[name])
    for page in reader.pages:
        x0, y0, x1, y1 = (float(v) for v in page.trimbox)
        for colour, (a, b, c, d) in ink(reader, page).rects:
            if colour in WHITE:
                continue
            inside = min(a - x0, b - y0, x1 - c, y1 - d)
            assert inside >= 5 * MM - 0.01, (colour, (a, b, c, d))


@pytest.mark.parametrize("name", ["standard", "briefing"])
def test_the_title_band_stops_5mm_inside_the_trim_on_three_sides(
    name: str, built: dict[str, Path]
) -> None:
    """Under a `type.measure` (standard's 134.9 mm, briefing's 150 mm) the band stands
    in the text's indent: it must still reach the 5 mm line, not stop the indent short
    of it (it did, by 15.5 mm and 6 mm)."""
    reader = PdfReader(built[name])
    page = reader.pages[0]
    x0, _, x1, y1 = (float(v) for v in page.trimbox)
    _, (a, _, c, d) = max(ink(reader, page).rects, key=lambda r: (r[1][2] - r[1][0]) * r[1][3])
    assert (a - x0, x1 - c, y1 - d) == pytest.approx((5 * MM, 5 * MM, 5 * MM), abs=0.01)


def test_with_bleed_and_no_crop_marks_the_band_bleeds_and_viewers_show_the_trim(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "bleeding.yaml").write_text("extends: standard\npage: {bleed: 3mm}\n")
    brief = brief_file("layout: bleeding.yaml\n" + MINIMAL)
    result = cli(brief, "-o", "out.pdf")
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out.pdf")
    page = reader.pages[0]
    bleed = 3 * MM
    trim = tuple(round(float(v), 2) for v in page.trimbox)
    assert tuple(round(float(v), 2) for v in page.cropbox) == trim  # what a viewer shows
    assert trim[0] == round(bleed, 2)
    band = max(ink(reader, page).rects, key=lambda r: (r[1][2] - r[1][0]) * (r[1][3] - r[1][1]))
    x0, _, x1, top = band[1]
    mx1, my1 = float(page.mediabox.right), float(page.mediabox.top)
    assert x0 <= 0.01 and x1 >= mx1 - 0.01 and top >= my1 - 0.01  # into the bleed


def test_list_layouts_says_what_reaches_the_trim_edge(cli: Callable[..., CliResult]) -> None:
    lines = dict(line.split(maxsplit=1) for line in cli("--list-layouts").out.splitlines())
    assert lines["handout"].endswith("(3 mm bleed, crop marks)")
    for name in ("standard", "letter", "briefing"):
        assert lines[name].endswith("(nothing printed to the trim edge)")


def test_a_margin_too_small_for_the_footer_is_an_error_at_its_line(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "tight.yaml").write_text(
        "extends: standard\npage:\n  margins: {top: 22mm, bottom: 9mm, left: 20mm, right: 4mm}\n"
    )
    result = cli(brief_file("layout: tight.yaml\n" + MINIMAL), "-o", "out.pdf")
    assert result.code == 1
    assert "tight.yaml:3:" in result.err and "page.margins.bottom" in result.err
    assert "running footer at least 5mm inside the trim" in result.err
    assert "page.margins.right" in result.err and "within 5mm of the trim" in result.err
    assert not (tmp_path / "out.pdf").exists()


def test_a_marking_closer_than_5mm_is_an_error_at_its_line(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "close.yaml").write_text("extends: handout\nmarking:\n  inset: 3.2mm\n")
    result = cli(brief_file("layout: close.yaml\n" + MINIMAL), "--check")
    assert result.code == 1
    assert "close.yaml:3:10: error: marking.inset: 3.2mm is out of range" in result.err


@pytest.mark.parametrize("name", SHIPPED)
def test_the_load_time_check_knows_the_running_lines_size(name: str) -> None:
    layout = load_layout(LAYOUTS_DIR / f"{name}.yaml").layout
    styles = build_styles(layout, "en", "en_GB", None)
    assert styles.running.fontSize == pytest.approx(running_size(layout.type.size))


@pytest.mark.parametrize(("baseline_mm", "flagged"), [(5.5, True), (6.5, False)])
def test_preflight_measures_a_runs_line_box_against_the_safety_margin(
    baseline_mm: float, flagged: bool
) -> None:
    """A marking whose baseline is 5.5 mm from the foot has its descent (about 1 mm at
    10 pt) inside the 5 mm the printer clips: preflight says so, from the font's metrics."""
    buffer = io.BytesIO()
    font = fonts.family("sans").bold
    canvas = Canvas(buffer, pagesize=(595, 842), initialFontName=font)
    canvas.setFont(font, 10)
    canvas.drawCentredString(297, 600, "body")
    canvas.drawCentredString(297, baseline_mm * MM, "PUBLIC")
    canvas.showPage()
    canvas.save()
    text = "\n".join(preflight(buffer.getvalue(), Expectation()))
    assert ("text inside the 5 mm safety margin on page 1" in text) is flagged
