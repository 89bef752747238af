"""Recommendations (spec 1.1): numbered per edition after audiences, led by who
should act, cross-referenced as "Recommendation N" linked to the recommendation,
set apart as the layout's `recommendations.style` says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import MINIMAL, CliResult, normalise, pdf_text
from tests.render.test_exhibits import internal_links

BRIEF = MINIMAL + """\
recommendations:
  intro: We make recommendations; see [@rec-audit].
  points:
    - id: rec-plan
      to: The Secretary of Transportation
      text: should publish a plan for the program by 2026.
      audiences: [public]
    - id: rec-audit
      to: The Administrator
      text: should audit the program every year.
editions:
  public: { sections: [recommendations, call_to_action] }
  short: { sections: [recommendations, references] }
"""


def _built(cli: Callable[..., CliResult], path: Path, out: Path) -> None:
    result = cli(path, "--out-dir", out)
    assert result.code == 0, result.err


def test_numbered_per_edition_and_cross_referenced(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    _built(cli, brief_file(BRIEF), tmp_path)
    full = normalise(pdf_text(tmp_path / "brief.pdf"))
    assert normalise(
        "Recommendations We make recommendations; see Recommendation 2."
        " Recommendation 1 The Secretary of Transportation should publish a plan"
        " for the program by 2026. Recommendation 2 The Administrator should audit"
        " the program every year. Outlook"
    ) in full
    # The edition without the first one numbers the second as 1, and says so.
    short = normalise(pdf_text(tmp_path / "brief--short.pdf"))
    assert normalise(
        "see Recommendation 1. Recommendation 1 The Administrator should audit"
    ) in short
    assert normalise("Secretary") not in short


def test_cross_reference_links_to_the_recommendation(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    _built(cli, brief_file(BRIEF), tmp_path)
    reader = PdfReader(tmp_path / "brief.pdf")
    [link] = internal_links(reader)
    assert link.target_page == link.page == 0
    # It lands on Recommendation 2: below the intro's line, two lines of text and more
    # (Recommendation 1 and its text) further down the page, and above the Outlook.
    assert link.target_top is not None
    assert link.rect[1] - 60 < link.target_top < link.rect[1] - 20


def test_default_order_puts_them_after_pros_and_cons(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    result = cli(brief_file(BRIEF), "--check")
    assert (
        "    sections: background, options, pros_cons, recommendations, outlook, call_to_action"
        in result.out
    )


def test_panel_style_tints_each(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    path = brief_file(BRIEF + "layout: house.yaml\n")
    (path.parent / "house.yaml").write_text(
        "extends: standard\nrecommendations: { style: panel, background: '#ffeedd' }\n",
        encoding="utf-8",
    )
    _built(cli, path, tmp_path / "out")
    page = PdfReader(tmp_path / "out" / "brief.pdf").pages[0]
    content = page.get_contents()
    assert content is not None
    # #ffeedd as reportlab writes an RGB fill: one panel per recommendation.
    assert content.get_data().count(b"1 .933333 .866667 rg") == 2
