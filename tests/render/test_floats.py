"""A figure that does not fit at a page's foot floats to the next page's top while
the paragraphs after it fill the page (render/floats.py): the GAO refugee brief's
Figure 1 left 77 mm empty under Table 1 and pushed its references to a fourth page.
The structure tree reads as the page does, and nothing passes a heading."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import page
from pypdf import PdfReader

from ..conftest import MINIMAL, ROOT, CliResult
from ..structure import check, reading_order

FILLER = (
    "Filler paragraph {n} sets enough words about deterrence, reassurance and the cost"
    " of commitments to run over several lines of the page, so that the figure after"
    " a number of them falls near the page's foot where it cannot fit whole."
)
FIGURE = """\
    - figure:
        id: fig-flow
        title: Allocations by program
        chart:
          type: bar
          categories: [Support, Cash, Communities, Grants, Help, Other]
          series:
            Allocated: [1660, 1510, 418, 196, 5, 3]
        source: The report's tables.
"""


def _brief(fillers: int) -> str:
    body = "\n".join(f"    - {FILLER.format(n=n)}" for n in range(fillers))
    after = "\n".join(f"    - After the figure, paragraph {w}." for w in ("one", "two", "three"))
    return MINIMAL.replace(
        "background: Some background.\n",
        f"background:\n  body:\n{body}\n{FIGURE}{after}\n",
    )


def test_a_figure_floats_past_text_to_the_next_page_and_reads_in_order(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    floated = 0
    for fillers in range(6, 16):
        path = brief_file(_brief(fillers))
        assert cli(path.name, cwd=path.parent).code == 0
        pdf = path.parent / "build" / "brief.pdf"
        pages = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
        caption = next(i for i, t in enumerate(pages) if "Figure 1. Allocations" in t)
        first_after = next(i for i, t in enumerate(pages) if "paragraph one." in t)
        assert first_after <= caption + 1
        if first_after < caption:  # floated: the text filled the page, the figure opens the next
            floated += 1
            assert "Figure 1." in _topmost(pdf, caption), fillers
        # The heading after the text is never passed: the figure comes before "Options".
        options = next(i for i, t in enumerate(pages) if "Policy options" in t)
        assert caption <= options
        data = pdf.read_bytes()
        assert check(data) == []
        # The tree reads as the page does: the text that passed the figure first.
        order = "\n".join(reading_order(data))
        figure_first = order.index("Allocations by program") < order.index("paragraph one.")
        assert figure_first == (first_after >= caption), fillers
    assert floated >= 2


def test_the_gao_refugee_brief_keeps_to_three_pages(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    brief = ROOT / "briefs" / "gao-ukraine-refugee-assistance.yaml"
    assert cli(brief, "--out-dir", tmp_path, "--pdf-standard", "pdfa-2a,ua-1", "-q").code == 0
    pdf = tmp_path / "gao-ukraine-refugee-assistance.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) == 3
    assert check(pdf.read_bytes()) == []
    assert [f.rule_id for f in page.validate_pdf(str(pdf), profile="ua1").failures] == []
    assert "Figure 1." in _topmost(tmp_path / "gao-ukraine-refugee-assistance.pdf", 2)


def _topmost(pdf: Path, page: int) -> str:
    """The highest line of text inside a page's frame (below the running header)."""
    reader = PdfReader(pdf)
    top = float(reader.pages[page].mediabox.top) - 22 * 72 / 25.4  # standard's top margin
    runs: list[tuple[float, str]] = []

    def seen(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and y < top:
            runs.append((y, text.strip()))

    reader.pages[page].extract_text(visitor_text=seen)
    top_line = max(y for y, _ in runs)
    return " ".join(text for y, text in runs if abs(y - top_line) < 0.5)


NOTE = "^[" + "A long footnote on sources and methods, over several lines at the foot. " * 4 + "]"
TABLE = """\
    - table:
        title: Right after the text
        columns: [Program, Amount]
        rows:
          - [Support, '1,660']
          - [Cash, '1,510']
"""


def test_a_figure_never_floats_past_a_footnote_mark_or_a_table(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    """A paragraph with a footnote mark may be split for its note's room, around the
    figure: the figure goes back before it. A table after the text takes the frame's
    width with an Indenter of its own: the figure goes back before that too, and
    nothing is set outside the frame. Either way the page reads as the tree does."""
    from benchmarks import typography

    margins, body, leading = typography.layout_metrics("standard")
    for fillers in range(6, 13):
        for variant in ("note", "table"):
            text = _brief(fillers)
            if variant == "note":
                text = text.replace("paragraph two.", f"paragraph two, with a note.{NOTE}")
            else:
                text = text.replace(
                    "    - After the figure, paragraph three.\n",
                    "    - After the figure, paragraph three.\n" + TABLE,
                )
            path = brief_file(text)
            assert cli(path.name, cwd=path.parent).code == 0
            pdf = path.parent / "build" / "brief.pdf"
            assert check(pdf.read_bytes()) == [], (fillers, variant)
            stats = typography.analyse(pdf, margins, body, leading, "floats")
            assert stats.outside == 0, (fillers, variant)
            pages = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
            caption = next(i for i, t in enumerate(pages) if "Figure 1. Allocations" in t)
            later = "paragraph two" if variant == "note" else "Right after the text"
            assert caption <= next(i for i, t in enumerate(pages) if later in t)
