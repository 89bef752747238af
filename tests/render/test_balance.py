"""Display text balanced (render/paragraph.Balanced): the title block's lines and a
heading's are of even length, no lone word on the last one, in as many lines as the
whole width sets them."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from policybrief.render import inline
from policybrief.render.paragraph import Balanced, Paragraph

from ..conftest import EXAMPLE, CliResult

STYLE = ParagraphStyle("display", fontName="Helvetica-Bold", fontSize=20, leading=24)


def test_the_example_title_block_has_no_lone_word(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """At the whole width the subtitle ended in "Ukraine?" alone and the standfirst
    in "peace." alone (the page review of the 134.9 mm measure)."""
    assert cli(EXAMPLE, "--out-dir", tmp_path, "--quiet").code == 0
    text = PdfReader(tmp_path / "us-security-guarantees-ukraine.pdf").pages[0].extract_text()
    assert "Can US Security Guarantees\nTruly End the War in Ukraine?\n" in text
    assert "Washington, the debate intensifies over whether\n" in text
    assert "\nAmerican assurances can forge a lasting peace.\n" in text


def _lines(para: Paragraph, width: float) -> list[float]:
    """The drawn width of each line: the width less what reportlab left over."""
    para.wrap(width, 1000)
    lines = para.__dict__["blPara"].lines
    return [para.width - line[0] for line in lines]  # (extra space, words): one font


def test_balanced_lines_are_even_and_as_few_as_unbalanced() -> None:
    text = "Can US Security Guarantees Truly End the Long War in Ukraine Before Winter?"
    for width in range(180, 700, 23):
        plain = _lines(Paragraph(text, STYLE), width)
        balanced = _lines(Balanced(text, STYLE), width)
        assert len(balanced) == len(plain), width
        if len(plain) > 1:
            assert min(balanced) >= min(plain) - 0.01, width  # the short line grew
            assert max(balanced) - min(balanced) <= max(plain) - min(plain) + 0.01, width
        assert Balanced(text, STYLE).wrap(width, 1000)[0] == width  # it keeps its room


def test_a_word_wider_than_half_the_line_is_never_cut() -> None:
    """Balancing narrows the lines: never below the widest word, which reportlab
    would cut ("title</" / "font>", found by the markup test)."""
    text = "A <font color=red>title</font> & <para>"
    for width in range(280, 520, 16):
        para = Balanced(inline.text(text), STYLE)
        para.wrap(width, 1000)
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=(width + 20, 400))
        para.drawOn(canvas, 10, 10)
        canvas.save()
        lines = PdfReader(out).pages[0].extract_text().splitlines()
        assert " ".join(line.strip() for line in lines) == text, (width, lines)  # words whole


def test_a_number_keeps_to_its_word_in_display_text(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """Balanced narrower, the GAO titles read "oversaw $3.78 / billion" and "Fiscal
    Year / 2027" (second page review): a number keeps to the word it counts and to
    the name it follows."""
    firsts = {}
    for name in ("gao-ukraine-refugee-assistance", "gao-fy2027-budget-request"):
        brief = EXAMPLE.parent / f"{name}.yaml"
        assert cli(brief, "--out-dir", tmp_path, "--quiet").code == 0
        firsts[name] = PdfReader(tmp_path / f"{name}.pdf").pages[0].extract_text()
    refugees = firsts["gao-ukraine-refugee-assistance"]
    assert "\n$3.78 billion of Ukraine supplemental funds\n" in refugees
    assert "GAO’s Fiscal Year 2027\nBudget Request\n" in firsts["gao-fy2027-budget-request"]
