"""A layout's own fallback fonts (`fonts.fallback`, issue 17 item 3) and fallback faces
in text the renderer draws outside paragraphs (chart labels, page furniture).

The user's font is `tests/data/fonts/TestHan-Regular.ttf` (OFL, drawn by
`make_fixture.py` beside it): nine Han characters and '■'. Everything is read back
from the PDF: the text extracts as itself, the characters are drawn in the fallback
subset (its BaseFont, its embedded program, its ToUnicode entries), and a character
no font has is a warning at its own line and column.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import page
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from tests.conftest import MINIMAL, ROOT, CliResult, page_fonts
from tests.structure import check

FIXTURE = ROOT / "tests" / "data" / "fonts" / "TestHan-Regular.ttf"
HAN = "中日田王一二三十口"

LAYOUT = """\
extends: standard
fonts:
  fallback: [fonts/TestHan-Regular.ttf]
"""
BRIEF = (
    MINIMAL.replace("title: Test Brief", "title: Reserves ≠ insurance 中日\nlayout: han.yaml")
    .replace("Some background.", f"'Han: {HAN}. Square: ■. Sign: ≠.'")
    .replace("pros: [Cheap]", "pros: ['Cheap 田']")
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A brief folder with the layout `han.yaml` and its font in `fonts/`."""
    (tmp_path / "fonts").mkdir()
    shutil.copy(FIXTURE, tmp_path / "fonts")
    (tmp_path / "han.yaml").write_text(LAYOUT, encoding="utf-8")
    return tmp_path


def build(cli: Callable[..., CliResult], folder: Path, brief: str) -> tuple[CliResult, PdfReader]:
    (folder / "brief.yaml").write_text(brief, encoding="utf-8")
    result = cli(folder / "brief.yaml", "-o", folder / "b.pdf")
    assert result.code == 0, result.err
    return result, PdfReader(folder / "b.pdf")


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def font_named(reader: PdfReader, face: str) -> dict[str, Any]:
    found = [f for f in page_fonts(reader) if str(f["/BaseFont"]).endswith(f"+{face}")]
    assert found, f"no {face} in {[str(f['/BaseFont']) for f in page_fonts(reader)]}"
    return found[0]


def to_unicode(font: dict[str, Any]) -> dict[int, str]:
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    pairs = re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4,8})>", data)
    return {int(code, 16): bytes.fromhex(value).decode("utf-16-be") for code, value in pairs}


def drawn_in(reader: PdfReader, face: str) -> str:
    """Every character shown with `face` on any page, read through its ToUnicode map
    (NUL for a code the map leaves out)."""
    names = {
        name
        for p in reader.pages
        for name, font in p["/Resources"]["/Font"].items()
        if str(font.get_object()["/BaseFont"]).endswith(f"+{face}")
    }
    cmap = to_unicode(font_named(reader, face))
    out = []
    for p in reader.pages:
        current = None
        for operands, operator in ContentStream(p.get_contents(), reader).operations:
            if operator == b"Tf":
                current = str(operands[0])
            elif operator == b"Tj" and current in names:
                out += [cmap.get(code, "\0") for code in bytes(operands[0].original_bytes)]
    return "".join(out)


def test_characters_only_the_layouts_own_font_has_print_from_it(
    cli: Callable[..., CliResult], project: Path
) -> None:
    result, reader = build(cli, project, BRIEF)
    assert "warning" not in result.err
    text = text_of(reader)
    assert f"Han: {HAN}. Square: ■. Sign: ≠." in text  # body text
    assert "Reserves ≠ insurance 中日" in text  # the title block
    assert "Cheap 田" in text  # a table cell
    han = font_named(reader, "TestHan-Regular")
    assert "/FontFile2" in han["/FontDescriptor"]  # embedded, as a TrueType subset
    assert set(HAN) | {"■"} <= set(to_unicode(han).values())
    drawn = drawn_in(reader, "TestHan-Regular")
    assert set(drawn) == set(HAN) | {"■"}  # and only those: Latin stays in Noto
    # The layout's own fallbacks come before the shipped ones: '■', which Noto Sans
    # Math has too, is drawn in the layout's font; '≠', which it lacks, in Noto's.
    assert "■" not in drawn_in(reader, "NotoSansMath-Regular")
    assert "≠" in drawn_in(reader, "NotoSansMath-Regular")
    assert check((project / "b.pdf").read_bytes()) == []


def test_a_pdf_ua_build_with_a_fallback_font_conforms(
    cli: Callable[..., CliResult], project: Path
) -> None:
    (project / "brief.yaml").write_text(BRIEF, encoding="utf-8")
    result = cli(project / "brief.yaml", "-o", project / "b.pdf", "--pdf-standard", "pdfa-2a,ua-1")
    assert result.code == 0, result.err
    for profile in ("ua1", "2a"):
        report = page.validate_pdf(str(project / "b.pdf"), profile=profile)
        assert [f"{f.rule_id}: {f.message}" for f in report.failures] == [], profile


def test_a_character_in_no_font_is_a_warning_at_its_column_and_prints_visibly(
    cli: Callable[..., CliResult], project: Path
) -> None:
    brief = MINIMAL.replace("title: Test Brief", "title: Test Brief\nlayout: han.yaml").replace(
        "Some background.", "|\n  Known: 中.\n  Unknown: 文 and 😀."
    )
    result, reader = build(cli, project, brief)
    assert result.err.splitlines() == [
        "brief.yaml:6:12: warning: background: U+6587 '文' (CJK UNIFIED IDEOGRAPH-6587) is in"
        " no font of layout 'han' and prints as '\ufffd': add a TrueType font that has it to"
        " the layout's fonts.fallback, e.g. Noto Sans SC (Chinese; Noto Sans JP, KR or TC for"
        " Japanese, Korean, traditional)",
        "brief.yaml:6:18: warning: background: U+1F600 '😀' (GRINNING FACE) is in no font of"
        " layout 'han' and prints as '\ufffd': add a TrueType font that has it to the layout's"
        " fonts.fallback, e.g. Noto Emoji",
    ]
    # Never a silent blank: a visible replacement mark, never .notdef (code 0, which
    # reads back as nothing and which PDF/UA forbids).
    assert "Known: 中. Unknown: \ufffd and \ufffd." in text_of(reader)
    for font in page_fonts(reader):
        assert 0 not in to_unicode(font)


def test_check_reads_the_fallback_font_without_reportlab(project: Path) -> None:
    brief = MINIMAL.replace("title: Test Brief", "title: Test Brief 中文\nlayout: han.yaml")
    (project / "brief.yaml").write_text(brief, encoding="utf-8")
    probe = (
        "import sys; from policybrief.cli import main; code = main(sys.argv[1:]);"
        " print(sorted(m for m in sys.modules if m.startswith('reportlab')), file=sys.stderr)"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe, "--check", str(project / "brief.yaml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    lines = run.stderr.splitlines()
    assert lines[-1] == "[]", run.stderr  # no reportlab module was loaded
    assert any(":1:20: warning: title: U+6587 '文'" in line for line in lines), run.stderr
    assert not any("'中'" in line for line in lines)  # the layout's font has it


def test_check_reads_a_layouts_own_body_font_too(
    cli: Callable[..., CliResult], project: Path
) -> None:
    """A layout whose body font is its own (Han-only) file: --check knows what it draws.
    A character that family has prints in it; one a family lacks and no fallback face
    has is a warning naming that family (the other family's face is not borrowed: a
    `<font>` would take the text out of its bold or italic)."""
    (project / "own.yaml").write_text(
        "extends: standard\nfonts:\n  body: {regular: fonts/TestHan-Regular.ttf}\n",
        encoding="utf-8",
    )
    brief = MINIMAL.replace("title: Test Brief", "title: 中日\nlayout: own.yaml")
    brief = brief.replace("Some background.", "中日田")
    result, reader = build(cli, project, brief)
    warnings = result.err.splitlines()
    assert (
        "brief.yaml:1:8: warning: title: U+4E2D '中' (CJK UNIFIED IDEOGRAPH-4E2D) is not in the"
        " headings font of layout 'own' nor in a fallback font, and does not print in headings:"
        " add a TrueType font that has it to the layout's fonts.fallback, e.g. Noto Sans SC"
        " (Chinese; Noto Sans JP, KR or TC for Japanese, Korean, traditional)"
    ) in warnings
    assert any("U+0044 'D' (LATIN CAPITAL LETTER D) is not in the body font" in w for w in warnings)
    # Checked per character, not per field: '田' would not print in a heading either.
    assert any("'田'" in w and "not in the headings font" in w for w in warnings)
    assert not any("in no font" in w for w in warnings)
    assert set("中日田") <= set(drawn_in(reader, "TestHan-Regular"))


# --- outside paragraphs: charts and page furniture ------------------------------------------

CHART_BRIEF = MINIMAL.replace(
    "background: Some background.",
    """\
classification: OFFICIAL ≠ SECRET
background:
  body:
    - Text.
    - figure:
        id: fig-balance
        title: Balance
        alt: A column chart of the balance by year.
        chart:
          type: column
          categories: [Reserves ≠ insurance, Loans → grants]
          series:
            Balance: [-12, 30]
          labels: values""",
)


def test_chart_labels_and_page_furniture_print_from_the_fallback_faces(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    _, reader = build(cli, tmp_path, CHART_BRIEF)
    text = text_of(reader)
    assert "Reserves ≠ insurance" in text  # a category label, drawn by the chart
    assert "Loans → grants" in text
    assert "−12" in text  # a negative value label: U+2212, which Noto lacks
    assert "−20" in text or "−15" in text or "−10" in text  # a negative tick
    assert text.count("OFFICIAL ≠ SECRET") >= 2  # the marking, top and bottom
    math = drawn_in(reader, "NotoSansMath-Regular")
    assert {"≠", "→", "−"} <= set(math)
    for font in page_fonts(reader):
        assert 0 not in to_unicode(font)


def test_a_chart_without_such_characters_is_drawn_as_before(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    plain = CHART_BRIEF.replace(" ≠ ", " and ").replace(" → ", " to ").replace("-12", "12")
    _, reader = build(cli, tmp_path, plain)
    assert not any("NotoSansMath" in str(f["/BaseFont"]) for f in page_fonts(reader))


PACK = """\
title: Board meeting ≠ read-ahead
date: 2026-03-01
classification: OFFICIAL ≠ SECRET
layout: ../han.yaml
dividers: true
copies: per-attendee
agenda:
  - item: Reserves → insurance 中日
    brief: ../briefs/us-security-guarantees-ukraine.yaml
    edition: public
attendees:
  - name: Li 田王
"""


def test_a_packs_own_pages_and_marks_print_from_the_fallback_faces(
    cli: Callable[..., CliResult], project: Path
) -> None:
    (project / "briefs").mkdir()
    shutil.copy(ROOT / "briefs" / "us-security-guarantees-ukraine.yaml", project / "briefs")
    (project / "packs").mkdir()
    (project / "packs" / "meeting.yaml").write_text(PACK, encoding="utf-8")
    result = cli("--pack", project / "packs" / "meeting.yaml", "--out-dir", "out", cwd=project)
    assert result.code == 0, result.err
    whole = PdfReader(project / "out" / "meeting.pack.pdf")
    text = text_of(whole)
    assert "Board meeting ≠ read-ahead" in text  # the cover, a paragraph
    assert "Reserves → insurance 中日" in text  # the agenda, the contents, the divider
    assert text.count("OFFICIAL ≠ SECRET") >= 2 * len(whole.pages)  # furniture, every page
    assert set("中日") <= set(drawn_in(whole, "TestHan-Regular"))
    (copy_file,) = (project / "out").glob("meeting--*.pack.pdf")
    copy = PdfReader(copy_file)
    assert "Copy for Li 田王" in text_of(copy)  # the copy mark, drawn on the canvas
