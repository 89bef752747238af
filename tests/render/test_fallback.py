"""Every character prints (issue 17 item 3): one the layout's fonts lack is drawn from
a shipped fallback face (Noto Sans Math, then Noto Sans Symbols 2) wherever brief text
is printed, and reads back as itself; one no shipped font has is a warning saying so
(a layout's own fallback fonts: test_own_fallbacks.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import MINIMAL, CliResult, page_fonts

SYMBOLS = "≠ − → ≤ ≥ ✓ ✗ ■ □ ● ◦ ▪"
BRIEF = (
    MINIMAL.replace("title: Test Brief", "title: Reserves ≠ insurance")
    .replace("Some background.", f"'Signs: {SYMBOLS}.'")
    .replace("pros: [Cheap]", "pros: ['Cheap ≠ free']")
    .replace("- title: Do nothing", "- title: Do nothing → wait")
)


def test_characters_the_fonts_lack_print_from_the_fallback_faces(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    result = cli(brief_file(BRIEF), "-o", tmp_path / "b.pdf", "--layout", "briefing")
    assert result.code == 0, result.err
    assert "blank box" not in result.err  # every one of them has a face now
    reader = PdfReader(tmp_path / "b.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert f"Signs: {SYMBOLS}." in " ".join(text.split())  # body text
    assert "Reserves ≠ insurance" in text  # the title
    assert "Cheap ≠ free" in text  # a table cell
    assert "Do nothing → wait" in text  # a heading
    faces = {str(f["/BaseFont"]).split("+")[1] for f in page_fonts(reader)}
    assert {"NotoSansMath-Regular", "NotoSansSymbols2-Regular"} <= faces
    for font in page_fonts(reader):  # embedded subsets, as every face is
        assert "/FontFile2" in font["/FontDescriptor"]


def test_a_character_no_shipped_font_has_is_a_warning_at_its_column(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    path = brief_file(MINIMAL.replace("Some background.", "'A face: 😀 and ≠.'"))
    result = cli(path, "-o", tmp_path / "b.pdf")
    assert result.code == 0, result.err
    assert result.err == (
        "brief.yaml:3:22: warning: background: U+1F600 '😀' (GRINNING FACE) is in no font of"
        " layout 'standard' and prints as '\ufffd': add a TrueType font that has it to the"
        " layout's fonts.fallback, e.g. Noto Emoji\n"
    )
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "b.pdf").pages)
    assert "A face: \ufffd and ≠." in text  # a visible mark, not a blank
