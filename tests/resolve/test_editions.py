"""Audience editions and languages, read back from the PDFs each edition builds."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..conftest import MINIMAL, CliResult, page_fonts, pdf_text

EDITIONED = """\
title: Water Security
date: 2025-03-09
summary: Rivers are drying [@alpha]. Cities must adapt [@beta].
key_takeaways:
  - Everyone sees this takeaway.
  - text: Only ministers see this takeaway.
    audiences: [ministers]
  - text: Only the public sees this takeaway.
    audiences: [public]
background: Droughts grew longer [@gamma].
options:
  items:
    - title: Build reservoirs
      text: Store winter rain [@gamma].
    - title: Secret option for ministers
      text: Ration water quietly.
      audiences: [ministers]
pros_cons:
  pros: [Cheaper bills]
  cons: [Slow to build]
outlook: Uncertain.
call_to_action: Act.
references:
  - {id: alpha, title: Alpha Report}
  - {id: beta, title: Beta Study}
  - {id: gamma, title: Gamma Survey}
  - {id: delta, title: Delta Never Cited}
editions:
  ministers:
    label: For ministers
    sections: [key_takeaways, background, options, references]
  public:
    label: For the public
    sections: [summary, key_takeaways, references]
    overrides:
      summary: Plain words for everyone [@beta].
  uk:
    label: Для партнерів
    language: uk
    sections: [summary, key_takeaways, pros_cons, references]
    overrides:
      title: Водна безпека
      summary: Річки пересихають [@alpha].
      pros_cons:
        pros: [Дешевші рахунки]
        cons: [Довго будувати]
"""


@pytest.fixture
def built(cli: Callable[..., CliResult], brief_file: Callable[..., Path]) -> Path:
    path = brief_file(EDITIONED, "water.yaml")
    result = cli(path.name, cwd=path.parent)
    assert result.code == 0, result.err
    return path.parent / "build"


def _text(build: Path, name: str) -> str:
    return " ".join(pdf_text(build / name).split())


def test_every_edition_is_written_under_its_spec_name(built: Path) -> None:
    names = sorted(p.name for p in built.glob("*.pdf"))
    assert names == ["water--ministers.pdf", "water--public.pdf", "water--uk.pdf", "water.pdf"]


def test_tagged_content_appears_only_for_its_audience_and_in_the_full_build(built: Path) -> None:
    full = _text(built, "water.pdf")
    ministers = _text(built, "water--ministers.pdf")
    public = _text(built, "water--public.pdf")
    for text in (full, ministers, public):
        assert "Everyone sees this takeaway." in text
    assert "Only ministers see this takeaway." in full
    assert "Only ministers see this takeaway." in ministers
    assert "Only ministers see this takeaway." not in public
    assert "Only the public sees this takeaway." in public
    assert "Only the public sees this takeaway." not in ministers
    assert "Secret option for ministers" in ministers
    assert "Secret option for ministers" in full
    assert "Secret option for ministers" not in public
    assert "Ration water quietly." in full


def test_sections_are_chosen_per_edition(built: Path) -> None:
    ministers = _text(built, "water--ministers.pdf")
    assert "Rivers are drying" not in ministers  # no summary in this edition
    assert "Droughts grew longer" in ministers
    public = _text(built, "water--public.pdf")
    assert "Plain words for everyone" in public
    assert "Droughts grew longer" not in public
    assert "Rivers are drying" not in public  # the override replaced the summary


def test_each_edition_numbers_only_what_it_cites(built: Path) -> None:
    full = _text(built, "water.pdf")
    # Full build: alpha, beta, gamma in order of first citation; delta (never cited) last.
    assert (
        full.index("[1] Alpha Report")
        < full.index("[2] Beta Study")
        < full.index("[3] Gamma Survey")
        < full.index("[4] Delta Never Cited")
    )
    ministers = _text(built, "water--ministers.pdf")
    assert "[1] Gamma Survey" in ministers and "[2] Delta Never Cited" in ministers
    assert "Alpha Report" not in ministers and "Beta Study" not in ministers
    public = _text(built, "water--public.pdf")
    assert "[1] Beta Study" in public and "Gamma Survey" not in public


def test_ukrainian_edition_reads_as_ukrainian(built: Path) -> None:
    path = built / "water--uk.pdf"
    text = _text(built, "water--uk.pdf")
    for label in (
        "Водна безпека",
        "Резюме",
        "Ключові висновки",
        "Переваги",
        "Недоліки",
        "Джерела",
        "9 березня 2025",
        "Річки пересихають",
    ):
        assert label in text, label
    # One page, the title page, prints no page number (tests/render/test_page_numbers.py
    # has the Ukrainian label where a layout asks for it).
    assert "Key takeaways" not in text and "Page 1" not in text and "Сторінка" not in text
    reader = PdfReader(path)
    assert str(reader.trailer["/Root"]["/Lang"]) == "uk"
    assert reader.metadata.title == "Водна безпека — Для партнерів"
    assert all("+" in str(f["/BaseFont"]) for f in page_fonts(reader))


def test_edition_label_is_on_the_cover(built: Path) -> None:
    first = PdfReader(built / "water--public.pdf").pages[0].extract_text()
    assert "FOR THE PUBLIC" in first


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            (
                "    audiences: [ministers]\n  - text: Only the public",
                "    audiences: [minsters]\n  - text: Only the public",
            ),
            "water.yaml:7:17: error: key_takeaways[1].audiences[0]: 'minsters' is not a declared "
            "edition (ministers, public, uk)",
        ),
        (
            (
                "sections: [summary, key_takeaways, references]",
                "sections: [summary, takeaways, references]",
            ),
            "water.yaml:34:25: error: editions.public.sections[1]: must be one of summary, ",
        ),
        (
            ("      summary: Plain words for everyone [@beta].", "      summary: [not, text]"),
            "water.yaml:36:16: error: editions.public.overrides.summary: expected text, "
            "found a list",
        ),
        (
            (
                "      summary: Plain words for everyone [@beta].",
                "      summary: Plain words [@nobody].",
            ),
            "water.yaml:36:29: error: editions.public.overrides.summary: citation of unknown "
            "reference 'nobody'",
        ),
        (
            ("      title: Водна безпека", "      titel: Водна безпека"),
            "water.yaml:42:7: error: editions.uk.overrides.titel: unknown key 'titel' "
            "(did you mean 'title'?)",
        ),
        (
            (
                "      pros_cons:\n        pros: [Дешевші рахунки]",
                "      pros_cons:\n        pros: []",
            ),
            "water.yaml:45:15: error: editions.uk.overrides.pros_cons.pros: needs at least 1 item",
        ),
    ],
)
def test_edition_errors_point_at_their_line(
    cli: Callable[..., CliResult],
    brief_file: Callable[..., Path],
    change: tuple[str, str],
    expected: str,
) -> None:
    assert change[0] in EDITIONED
    path = brief_file(EDITIONED.replace(*change), "water.yaml")
    result = cli(path.name, cwd=path.parent)
    assert result.code == 1
    assert expected in result.err, result.err
    assert not (path.parent / "build").exists()


def test_check_reports_what_each_audience_sees(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    path = brief_file(EDITIONED, "water.yaml")
    result = cli("--check", path.name, cwd=path.parent)
    assert result.code == 0, result.err
    out = result.out
    assert "water.yaml: valid; 4 PDF(s) would be built" in out
    assert "  full (standard, en; kind policy): 5 points, 2 options, 4 references" in out
    assert (
        '  ministers "For ministers" (standard, en; kind policy): 2 points, 2 options, 2 references'
        in out
    )
    assert "    sections: key_takeaways, background, options, references" in out
    assert (
        '  public "For the public" (standard, en; kind policy): 2 points, 0 options, 2 references'
        in out
    )
    assert not (path.parent / "build").exists()


def test_edition_flag_builds_only_the_editions_named(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    path = brief_file(EDITIONED, "water.yaml")
    result = cli(path.name, "--edition", "uk", "--edition", "full", cwd=path.parent)
    assert result.code == 0, result.err
    assert sorted(p.name for p in (path.parent / "build").glob("*.pdf")) == [
        "water--uk.pdf",
        "water.pdf",
    ]
    bad = cli(path.name, "--edition", "press", cwd=path.parent)
    assert bad.code == 2  # the command line asked for it: wrong usage (cli.md)
    assert "no edition 'press' in this brief (editions: full, ministers, public, uk)" in bad.err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_keeps_going_past_a_broken_brief(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], jobs: str
) -> None:
    briefs = brief_file(MINIMAL, "a-good.yaml").parent / "briefs"
    briefs.mkdir()
    (briefs / "a-good.yaml").write_text(MINIMAL, encoding="utf-8")
    (briefs / "b-broken.yaml").write_text(
        MINIMAL.replace("date: 2025-01-15", "date: soon"), encoding="utf-8"
    )
    (briefs / "c-water.yaml").write_text(EDITIONED, encoding="utf-8")
    result = cli("--jobs", jobs, cwd=briefs.parent)
    assert result.code == 1
    assert "briefs/b-broken.yaml:2:7: error: date:" in result.err
    built = sorted(p.name for p in (briefs.parent / "build").glob("*.pdf"))
    assert built == [
        "a-good.pdf",
        "c-water--ministers.pdf",
        "c-water--public.pdf",
        "c-water--uk.pdf",
        "c-water.pdf",
    ]
    assert result.out.count(" page") == 5


def test_missing_glyph_is_a_located_warning(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    path = brief_file(MINIMAL.replace("Act now.", "Act now \U0001f642."))
    result = cli(path.name, cwd=path.parent)
    assert result.code == 0
    assert (  # at the character's own column
        "brief.yaml:12:25: warning: call_to_action: U+1F642 '\U0001f642' "
        "(SLIGHTLY SMILING FACE) is in no font of layout 'standard'"
    ) in result.err


def _run_edited(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], *changes: tuple[str, str]
) -> CliResult:
    text = EDITIONED
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path = brief_file(text, "water.yaml")
    return cli(path.name, cwd=path.parent)


def test_an_edition_cannot_be_called_full(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    result = _run_edited(
        cli,
        brief_file,
        ("  ministers:\n", "  full:\n"),
        ("audiences: [ministers]", "audiences: [full]"),
    )
    assert result.code == 1
    assert (
        "water.yaml:29:3: error: editions.full: 'full' is reserved for the full build" in result.err
    )


def test_audiences_inside_overrides_are_checked(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    result = _run_edited(
        cli,
        brief_file,
        (
            "        pros: [Дешевші рахунки]",
            "        pros: [{text: Дешевші рахунки, audiences: [pubic]}]",
        ),
    )
    assert result.code == 1
    assert (
        "water.yaml:45:52: error: editions.uk.overrides.pros_cons.pros[0].audiences[0]: "
        "'pubic' is not a declared edition"
    ) in result.err


def test_override_that_drops_a_cited_reference_is_an_error_at_the_citation(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    result = _run_edited(
        cli,
        brief_file,
        (
            "      summary: Plain words for everyone [@beta].",
            "      summary: Plain words for everyone [@beta].\n"
            "      references: [{id: beta, title: Beta Study}]",
        ),
    )
    assert result.code == 1
    assert (
        "water.yaml:10:35: error: background: cites 'gamma', which edition 'public' "
        "drops by overriding 'references'"
    ) in result.err


def test_reference_cited_only_by_an_edition_is_not_uncited(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    result = _run_edited(
        cli,
        brief_file,
        (
            "      summary: Plain words for everyone [@beta].",
            "      summary: Plain words for everyone [@delta].",
        ),
    )
    assert result.code == 0, result.err
    assert "never cited" not in result.err
    build = Path(result.out.split()[0]).parent if result.out else None
    assert build is not None
    full = " ".join(pdf_text(build / "water.pdf").split())
    assert "[4] Delta Never Cited" in full  # the full build lists every reference
    public = " ".join(pdf_text(build / "water--public.pdf").split())
    assert "[1] Delta Never Cited" in public and "Beta Study" not in public


def test_language_without_labels_falls_back_to_english_with_a_warning(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    result = _run_edited(cli, brief_file, ("    language: uk\n", "    language: it\n"))
    assert result.code == 0, result.err
    assert (
        "water.yaml:39:15: warning: editions.uk.language: no labels for language 'it'; "
        "English labels are used"
    ) in result.err


def test_problems_are_reported_in_line_order(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    result = _run_edited(
        cli,
        brief_file,
        ("outlook: Uncertain.", "outlook: [1]"),
        ("date: 2025-03-09", "date: 2025-03-99"),
    )
    lines = [line.split(":")[1] for line in result.err.splitlines()]
    assert lines == sorted(lines, key=int) and len(lines) >= 2


def test_a_batch_of_many_briefs_builds_them_all_in_order_and_reports_the_broken_one(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    briefs = brief_file(MINIMAL, "x.yaml").parent / "briefs"
    briefs.mkdir()
    for i in range(5):
        (briefs / f"b{i}.yaml").write_text(MINIMAL, encoding="utf-8")
    (briefs / "b2.yaml").write_text(MINIMAL.replace("title: Test Brief\n", ""), encoding="utf-8")
    result = cli("--jobs", "2", cwd=briefs.parent)
    assert result.code == 1
    assert "briefs/b2.yaml:1:1: error: title: required field 'title' is missing" in result.err
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines] == [f"build/b{i}.pdf" for i in (0, 1, 3, 4)]


ORDERED = """\
title: Order
date: 2025-03-09
summary: The summary cites [@sum].
key_takeaways:
  - A takeaway cites [@take].
background: Context.
options:
  items:
    - title: Build
      text: Build it.
      pros:
        - First pro [@p1].
        - Second pro [@p2].
      cons:
        - First con [@c1].
        - Second con [@c2].
pros_cons:
  pros: [Cheap]
  cons: [Slow]
outlook: Uncertain.
call_to_action: Act.
references:
  - {id: sum, title: Summary Source}
  - {id: take, title: Takeaway Source}
  - {id: p1, title: P1}
  - {id: p2, title: P2}
  - {id: c1, title: C1}
  - {id: c2, title: C2}
editions:
  layoutorder:
    layout: briefing
  ownorder:
    layout: briefing
    sections: [summary, key_takeaways, options, references]
"""


def _citations_in_reading_order(pdf: Path) -> list[tuple[str, str]]:
    """(the text a citation follows, its number), in the order a reader meets them."""
    text = " ".join(pdf_text(pdf).split())
    return re.findall(r"(summary cites|takeaway cites|pro|con) \[(\d)\]", text.lower())


def test_sections_and_citation_numbers_follow_one_order(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    """The briefing layout puts the takeaways first, unless the edition orders its
    sections itself; either way citations are numbered in the order drawn, and the
    pros and cons of an option are numbered row by row, as the table reads."""
    path = brief_file(ORDERED)
    result = cli(path.name, cwd=path.parent)
    assert result.code == 0, result.err
    layout_order = _citations_in_reading_order(tmp_path / "build" / "brief--layoutorder.pdf")
    assert layout_order == [
        ("takeaway cites", "1"),
        ("summary cites", "2"),
        ("pro", "3"),
        ("con", "4"),
        ("pro", "5"),
        ("con", "6"),
    ]
    own_order = _citations_in_reading_order(tmp_path / "build" / "brief--ownorder.pdf")
    assert own_order[:2] == [("summary cites", "1"), ("takeaway cites", "2")]
    check = cli(path.name, "--check", cwd=path.parent)
    assert "sections: key_takeaways, summary, background" in check.out
    assert "sections: summary, key_takeaways, options, references" in check.out


def test_american_english_prints_american_dates(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    """spec: the date is printed in the language's own format; en-US is not en-GB."""
    text = MINIMAL.replace("date: 2025-01-15", "date: 2025-08-20\nlanguage: en-US")
    path = brief_file(text)
    result = cli(path.name, cwd=path.parent)
    assert result.code == 0, result.err
    assert "warning" not in result.err  # en-US has labels of its own
    assert "August 20, 2025" in pdf_text(tmp_path / "build" / "brief.pdf")
