"""No rule under 0.3 pt in any shipped layout, read back from the PDF.

A press (and an office printer's toner) breaks up or drops a rule finer than
about 0.3 pt, so every line the renderer strokes (table rules, box borders, the
running header's and footer's rules, chart grids and axes, the footnote rule)
is at least that heavy. Measured from the content streams as the printer sees
them: the line width (`w`) in force at each stroke, scaled by the CTM, through
q/Q and form XObjects. Crop marks (outside the trim, a hairline by convention)
are not rules. The layout floor itself is `model.layout.RuleWidth`, an error at
the layout file's line (`tests/bad/layout-rules-too-thin.yaml`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from policybrief.finish.matrix import IDENTITY, Matrix, apply, mul

from ..conftest import EXAMPLE, ROOT

LAYOUTS = ["standard", "letter", "briefing", "handout"]
CHART_BRIEF = ROOT / "briefs" / "gao-ukraine-refugee-assistance.yaml"  # a bar chart
STROKES = {b"S", b"s", b"B", b"B*", b"b", b"b*"}


def stroked_widths(pdf: Path) -> list[float]:
    """The width of every stroke inside the trim box, in points on the page."""
    reader = PdfReader(pdf)
    widths: list[float] = []
    for page in reader.pages:
        trim = tuple(float(v) for v in page.trimbox)
        _walk(reader, page.get_contents(), page.get("/Resources"), IDENTITY, trim, widths, 0)
    return widths


def _walk(
    reader: PdfReader,
    content: Any,
    resources: Any,
    ctm: Matrix,
    trim: tuple[float, ...],
    widths: list[float],
    depth: int,
) -> None:
    if content is None or depth > 8:
        return
    res = resources.get_object() if resources is not None else {}
    xobjects = res.get("/XObject") or {}
    width = 1.0  # the PDF default line width
    stack: list[tuple[Matrix, float]] = []
    points: list[tuple[float, float]] = []
    for operands, op in ContentStream(content, reader).operations:
        nums = [float(v) for v in operands if isinstance(v, int | float)]
        if op == b"q":
            stack.append((ctm, width))
        elif op == b"Q":
            ctm, width = stack.pop()
        elif op == b"cm":
            ctm = mul(tuple(nums), ctm)  # type: ignore[arg-type]
        elif op == b"w":
            width = nums[0]
        elif op in (b"m", b"l"):
            points.append(apply(ctm, nums[0], nums[1]))
        elif op == b"c":
            points.append(apply(ctm, nums[4], nums[5]))
        elif op == b"re":
            x, y, w, h = nums
            points += [apply(ctm, x, y), apply(ctm, x + w, y + h)]
        elif op in STROKES:
            if any(_inside(p, trim) for p in points):  # not a crop mark
                scale = math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]))
                widths.append(width * scale)
            points = []
        elif op in (b"f", b"F", b"f*", b"n"):
            points = []
        elif op == b"Do":
            form = xobjects[operands[0]].get_object()
            if form.get("/Subtype") == "/Form":
                matrix = tuple(float(v) for v in form.get("/Matrix", IDENTITY))
                inner = mul(matrix, ctm)  # type: ignore[arg-type]
                _walk(reader, form, form.get("/Resources"), inner, trim, widths, depth + 1)


def _inside(point: tuple[float, float], trim: tuple[float, ...]) -> bool:
    x, y = point
    return trim[0] - 0.01 <= x <= trim[2] + 0.01 and trim[1] - 0.01 <= y <= trim[3] + 0.01


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_rule_under_0_3_pt(cli, tmp_path, layout) -> None:  # type: ignore[no-untyped-def]
    for brief in (EXAMPLE, CHART_BRIEF):
        result = cli(brief, "--edition", "full", "--layout", layout, "--out-dir", tmp_path, "-q")
        assert result.code == 0, result.err
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        widths = stroked_widths(pdf)
        assert len(widths) >= 10, (pdf.name, widths)  # header and footer rules at least
        assert min(widths) >= 0.3 - 1e-6, f"{pdf.name} under {layout}: a rule of {min(widths)} pt"
