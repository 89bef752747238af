"""Letter-spaced capitals, read back from the PDF.

Text set all in capitals (the kicker "POLICY BRIEF 2025/07", the edition label,
the handout's capital headings, the classification marking) is drawn with PDF
character spacing (`Tc`) of `type.caps_tracking` times the type size (6 %);
mixed-case text is not. The spacing must not show in the extracted text (no
"S U M M A R Y"), must not change the tagging, and a spaced heading that wraps
must still end inside the frame: reportlab measures words without `Tc`. (Justified
lines carry a Tc of their own, at most TRACK_STRETCH of the em: render/tracking.py.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from benchmarks import typography
from policybrief.render.paragraph import capitals
from policybrief.render.tracking import TRACK_STRETCH

from ..conftest import EXAMPLE, MINIMAL
from ..structure import check

TRACKING = 0.06  # model/layout.py Type.caps_tracking


def shown_with_spacing(pdf: Path) -> list[tuple[str, float, float]]:
    """(text, Tc, font size) of every text chunk, pages and their forms alike."""
    shown: list[tuple[str, float, float]] = []
    for page in PdfReader(pdf).pages:
        _read(page, shown)
    return shown


def _read(page: Any, shown: list[tuple[str, float, float]]) -> None:
    tc = [0.0]  # the current Tc, then those saved by q

    def before(op: bytes, args: Any, *_: Any) -> None:
        if op == b"Tc":
            tc[-1] = float(args[0])
        elif op == b"q":
            tc.append(tc[-1])
        elif op == b"Q" and len(tc) > 1:
            tc.pop()

    def text(chunk: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        scale = abs(float(tm[0]) * float(cm[0])) or 1.0
        if chunk.strip():
            shown.append((chunk.strip(), tc[-1], size * scale))

    page.extract_text(visitor_operand_before=before, visitor_text=text)


@pytest.fixture(scope="module")
def handout_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from policybrief.cli import main

    out = tmp_path_factory.mktemp("caps")
    args = [str(EXAMPLE), "--edition", "public", "--layout", "handout", "--out-dir", str(out)]
    assert main([*args, "--quiet"]) == 0
    return out / "us-security-guarantees-ukraine--public.pdf"


def test_capitals_are_letter_spaced_and_lower_case_is_not(handout_public: Path) -> None:
    shown = shown_with_spacing(handout_public)
    caps = {t: (tc, size) for t, tc, size in shown if capitals(t) and len(t) >= 4}
    for expected in ("POLICY BRIEF 2025/07", "PUBLIC HANDOUT", "SUMMARY", "PUBLIC"):
        assert expected in caps, (expected, sorted(caps))
    assert any(t.startswith("1.") and capitals(t) for t in caps)  # "1. PROS AND CONS"
    for t, (tc, size) in caps.items():
        assert tc == pytest.approx(TRACKING * size, rel=0.02), (t, tc, size)
    # Mixed-case text is spaced only as justification shares a line's fill with its
    # letters (render/tracking.py): a percent or so of the em, never the capitals' 6 %.
    mixed = [(t, tc, size) for t, tc, size in shown if not capitals(t)]
    assert len(mixed) > 50
    loose = [m for m in mixed if abs(m[1]) > TRACK_STRETCH * m[2] + 1e-6]
    assert not loose, loose[:5]


def test_spaced_capitals_read_as_words_and_stay_tagged(handout_public: Path) -> None:
    text = "\n".join(page.extract_text() for page in PdfReader(handout_public).pages)
    for words in ("POLICY BRIEF 2025/07", "PUBLIC HANDOUT", "SUMMARY", "REFERENCES"):
        assert words in text
    assert "S U M" not in text and "P O L" not in text
    assert check(handout_public.read_bytes()) == []


def test_a_spaced_heading_that_wraps_stays_inside_the_frame(cli, brief_file, tmp_path) -> None:  # type: ignore[no-untyped-def]
    heading = " ".join(["Deterrence, reassurance and the burden of guarantees"] * 4)
    brief = brief_file(
        MINIMAL.replace(
            "background: Some background.\n",
            f"background: {{heading: '{heading}', body: Some background.}}\n",
        )
    )
    out = tmp_path / "wrap.pdf"
    result = cli(brief, "--layout", "handout", "-o", out, "--quiet")
    assert result.code == 0, result.err
    margins, _, _ = typography.layout_metrics("handout")
    reader = PdfReader(out)
    spaced = 0
    for raw in reader.pages:
        page = typography.read_page(raw, reader, margins)
        for line in typography.lines_of(page):
            if typography.in_frame(page, line.y) and any(r.size > 12 for r in line.runs):
                assert line.x1 <= page.frame[2] + 0.5, (line.codes, line.x1, page.frame[2])
                spaced += 1
    assert spaced >= 3  # the heading wrapped onto several lines, each measured
