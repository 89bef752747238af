"""Labels and headings (spec 1.1): a brief's, an edition's and a layout's `labels`
replace the language's; summary and key takeaways take headings; an option with
pros and no cons prints one list under its label, never an empty column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import MINIMAL, CliResult, normalise, pdf_text

LABELLED = (
    MINIMAL.replace(
        "options:\n  items:\n    - title: Do nothing\n      text: Leave things as they are.\n",
        "options:\n  items:\n    - title: Do nothing\n      text: Leave things as they are.\n"
        "      pros: [It costs nothing]\n",
    )
    + """\
summary: { heading: Executive summary, body: The short of it. }
key_takeaways: { heading: Why this matters, points: [One thing] }
labels: { pros: Opportunities, cons: Challenges, option: "Question {n}" }
editions:
  plain:
    overrides:
      labels: { option: "Issue {n}" }
"""
)


def _build(cli: Callable[..., CliResult], path: Path, out: Path) -> None:
    result = cli(path, "--out-dir", out)
    assert result.code == 0, result.err


def test_labels_and_headings_replace_the_languages(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    _build(cli, brief_file(LABELLED), tmp_path)
    full = pdf_text(tmp_path / "brief.pdf")
    for shown in (
        "Executive summary",
        "Why this matters",
        "Question 1: Do nothing",
        "Opportunities Challenges",  # the pros/cons table's header row
    ):
        assert normalise(shown) in normalise(full), shown
    for gone in ("Summary", "Key takeaways", "Option 1"):
        assert normalise(gone) not in normalise(full), gone
    plain = normalise(pdf_text(tmp_path / "brief--plain.pdf"))
    assert normalise("Issue 1: Do nothing") in plain
    # The edition's `labels` replace the brief's whole mapping, as any override does.
    assert normalise("Pros Cons") in plain


def test_option_with_one_side_prints_one_list(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    _build(cli, brief_file(LABELLED), tmp_path)
    text = normalise(pdf_text(tmp_path / "brief.pdf"))
    # "Opportunities" then its point, and no "Challenges" column beside it.
    assert normalise("Question 1: Do nothing Leave things as they are. Opportunities") in text
    assert normalise("Opportunities It costs nothing") in text
    option = text.split(normalise("Question 1"))[1].split(normalise("Opportunities Challenges"))[0]
    assert normalise("Challenges") not in option


def test_layout_labels(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "house.yaml").write_text(
        "extends: standard\nlabels: { call_to_action: What to do next }\n", encoding="utf-8"
    )
    path = brief_file(MINIMAL + "layout: house.yaml\n")
    (tmp_path / "house.yaml").rename(path.parent / "house.yaml")
    _build(cli, path, tmp_path / "out")
    assert normalise("What to do next Act now") in normalise(pdf_text(tmp_path / "out/brief.pdf"))
