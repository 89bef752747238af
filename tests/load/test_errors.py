"""Bad input: the right message at the right line, exit 1, and no PDF written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import MINIMAL, CliResult

CASES = [
    pytest.param(
        MINIMAL.replace("title: Test Brief\n", ""),
        "brief.yaml:1:1: error: title: required field 'title' is missing",
        id="missing-field",
    ),
    pytest.param(
        MINIMAL.replace("outlook:", "sumary: Oops.\noutlook:"),
        "brief.yaml:11:1: error: sumary: unknown key 'sumary' (did you mean 'summary'?)",
        id="unknown-key",
    ),
    pytest.param(
        MINIMAL.replace("title: Test Brief", "title: [a, b]"),
        "brief.yaml:1:8: error: title: expected text, found a list",
        id="wrong-type",
    ),
    pytest.param(
        MINIMAL.replace("date: 2025-01-15", "date: 2025-02-30"),
        "brief.yaml:2:7: error: date: '2025-02-30' is not a real date",
        id="bad-date",
    ),
    pytest.param(
        MINIMAL.replace("date: 2025-01-15", "date: 15/01/2025"),
        "brief.yaml:2:7: error: date: expected an ISO date YYYY-MM-DD",
        id="date-format",
    ),
    pytest.param(
        MINIMAL + "title: Again\n",
        "brief.yaml:13:1: error: title: duplicate key 'title' (first defined on line 1)",
        id="duplicate-key",
    ),
    pytest.param(
        MINIMAL.replace("Some background.", "Some background [@nowhere]."),
        "brief.yaml:3:30: error: background: citation of unknown reference 'nowhere'",
        id="unknown-citation",
    ),
    pytest.param(
        MINIMAL.replace("  pros: [Cheap]", "  pros: [Cheap"),
        "brief.yaml:10:7: error: YAML syntax error: did not find expected ',' or ']' "
        "(parsing a flow sequence on line 9)",
        id="yaml-syntax",
    ),
    pytest.param(
        MINIMAL.replace("  pros: [Cheap]", "  pros: []"),
        "brief.yaml:9:9: error: pros_cons.pros: needs at least 1 item(s), found 0",
        id="empty-list",
    ),
    pytest.param(
        MINIMAL.replace("title: Test Brief", "title: Test Brief\nstatus: Final"),
        "brief.yaml:2:9: error: status: must be one of draft or final, found 'Final'",
        id="bad-enum",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_bad_brief_is_reported_at_its_line(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], text: str, expected: str
) -> None:
    path = brief_file(text)
    result = cli(path.name, cwd=path.parent)
    assert result.code == 1
    assert expected in result.err
    assert not (path.parent / "build").exists()


def test_all_problems_of_a_file_are_reported_at_once(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    text = MINIMAL.replace("title: Test Brief", "titel: Test Brief").replace(
        "date: 2025-01-15", "date: yesterday"
    )
    path = brief_file(text)
    result = cli(path.name, cwd=path.parent)
    lines = [line for line in result.err.splitlines() if ": error: " in line]
    # Both problems, each once: the misspelt key is not also a "missing 'title'".
    assert len(lines) == 2, result.err
    assert lines[0] == "brief.yaml:1:1: error: titel: unknown key 'titel' (did you mean 'title'?)"
    assert lines[1].startswith("brief.yaml:2:7: error: date:")


def test_failed_build_keeps_the_previous_pdf(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    path = brief_file()
    assert cli(path.name, cwd=path.parent).code == 0
    pdf = path.parent / "build" / "brief.pdf"
    before = pdf.read_bytes()
    brief_file(MINIMAL.replace("title: Test Brief", "title:"))
    assert cli(path.name, cwd=path.parent).code == 1
    assert pdf.read_bytes() == before
    assert [p.name for p in pdf.parent.iterdir()] == ["brief.pdf"]


def test_uncited_reference_is_a_warning_not_an_error(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    path = brief_file(MINIMAL + "references:\n  - id: lonely\n    title: Never cited\n")
    result = cli(path.name, cwd=path.parent)
    assert result.code == 0
    assert (
        "brief.yaml:14:9: warning: references[0].id: reference 'lonely' is never cited"
        in result.err
    )


TINY_LAYOUT = """\
extends: {base}
description: a 70 mm square page
page:
  size: custom
  width: 70mm
  height: 70mm
  margins: {{top: 10mm, bottom: 10mm, left: 10mm, right: 10mm}}
  bleed: 0
type:
  size: 14
# No running lines: 10 mm margins have no room for them 5 mm inside the trim.
header: {{left: "", center: "", right: ""}}
footer: {{left: "", center: "", right: ""}}
"""


def test_a_title_block_taller_than_the_page_is_an_error_at_the_title(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    (tmp_path / "tiny.yaml").write_text(TINY_LAYOUT.format(base="standard"), encoding="utf-8")
    long_title = "A title that keeps going " * 10
    text = MINIMAL.replace("title: Test Brief", f"layout: tiny.yaml\ntitle: {long_title}")
    (tmp_path / "brief.yaml").write_text(text, encoding="utf-8")
    result = cli("brief.yaml", cwd=tmp_path)
    assert result.code == 1
    assert result.err.startswith("brief.yaml:2:8: error: title: the title block is ")
    assert "but a page of layout 'tiny' has 50 mm for text" in result.err
    assert not (tmp_path / "build").exists()


def test_a_block_that_cannot_fit_a_page_is_reported_without_reportlab_internals(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A reference beside its QR code is one piece; on a tiny page it cannot fit."""
    (tmp_path / "tiny.yaml").write_text(TINY_LAYOUT.format(base="handout"), encoding="utf-8")
    text = MINIMAL.replace("title: Test Brief", "layout: tiny.yaml\ntitle: Tiny")
    text = text.replace("Some background.", "Some background [@r1].")
    text += "references:\n  - id: r1\n    title: A report\n"
    text += f"    url: https://example.org/{'a' * 300}\n"
    (tmp_path / "brief.yaml").write_text(text, encoding="utf-8")
    result = cli("brief.yaml", cwd=tmp_path)
    assert result.code == 1
    # At the reference that cannot fit, not at 1:1.
    prefix = "brief.yaml:15:5: error: references[0]: cannot lay out this block on page "
    assert result.err.startswith(prefix), result.err
    assert "is taller than a page's text area and cannot be split" in result.err
    assert "0x" not in result.err and "Flowable" not in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--layout", "nolayout"],
            "make-brief: --layout: unknown layout 'nolayout' (layouts: briefing, "
            "handout, letter, standard)",
        ),
        (
            ["-o", "one.pdf"],
            "brief.yaml:1:1: error: -o/--output names one PDF but this brief builds 2 "
            "(full, press); choose one with --edition",
        ),
        (
            ["--edition", "presss"],
            "error: editions: no edition 'presss' in this brief (editions: full, press)",
        ),
    ],
)
def test_a_wrong_command_line_is_wrong_usage_exit_2(
    cli: Callable[..., CliResult], tmp_path: Path, args: list[str], message: str
) -> None:
    """cli.md: 2 is wrong usage; 1 is a brief that cannot be built."""
    (tmp_path / "brief.yaml").write_text(MINIMAL + "editions:\n  press: {}\n", encoding="utf-8")
    result = cli("brief.yaml", *args, cwd=tmp_path)
    assert result.code == 2
    assert message in result.err
    assert not (tmp_path / "build").exists() and not (tmp_path / "one.pdf").exists()


MANY_PROBLEMS = """\
title: Multi
date: 2025-01-15
organization:
  name: Inst
  logo: missing.png
summary: See [@nope] and [x](javascript:alert(1)).
key_takeaways:
  - text: Tagged for a typo.
    audiences: [typo]
background: Some background.
options:
  items:
    - title: Do nothing
      text: Leave things as they are [@dup].
pros_cons:
  colour: red
  pros: [Cheap]
  cons: [Ineffective]
outlook: It will be fine.
call_to_action: Act now.
references:
  - id: dup
    title: First
    url: ftp://example.org
  - id: dup
    title: Second
annexes:
  - title: Missing annex
    file: nothere.pdf
editions:
  press:
    label: Press
"""


def test_every_kind_of_problem_is_reported_in_one_run(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """The spec: all problems of the file at once. Field errors, whole-brief checks
    (citations, links, audiences, ids) and the files a brief names come together."""
    (tmp_path / "brief.yaml").write_text(MANY_PROBLEMS, encoding="utf-8")
    result = cli("brief.yaml", cwd=tmp_path)
    assert result.code == 1
    assert result.err.splitlines() == [
        "brief.yaml:5:9: error: organization.logo: file 'missing.png' not found",
        "brief.yaml:6:15: error: summary: citation of unknown reference 'nope'",
        "brief.yaml:6:30: error: summary: link to 'javascript:alert(1)': only http, https"
        " and mailto addresses are allowed",
        "brief.yaml:9:17: error: key_takeaways[0].audiences[0]: 'typo' is not a declared"
        " edition (press)",
        "brief.yaml:16:3: error: pros_cons.colour: unknown key 'colour'",
        "brief.yaml:24:10: error: references[0].url: 'ftp://example.org' is not an http,"
        " https or mailto address",
        "brief.yaml:25:9: error: references[1].id: duplicate reference id 'dup'",
        "brief.yaml:29:11: error: annexes[0].file: file 'nothere.pdf' not found",
    ]
    assert not (tmp_path / "build").exists()


def test_checks_on_the_rest_of_a_broken_brief_report_nothing_false(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A field that failed is left out of the later checks: a broken reference list
    does not make every citation unknown, nor a broken title hide a bad citation."""
    text = (
        MINIMAL.replace("title: Test Brief\n", "")
        .replace("Some background.", "Background [@known] and [@unknwn].")
        .replace("It will be fine.", "Fine [@known].")
    )
    text += "references:\n  - {id: known, title: Known, year: soon}\n"
    (tmp_path / "brief.yaml").write_text(text, encoding="utf-8")
    result = cli("brief.yaml", cwd=tmp_path)
    assert result.code == 1
    lines = result.err.splitlines()
    assert any("required field 'title' is missing" in line for line in lines)
    assert any("references[0].year: expected a whole number" in line for line in lines)
    assert [line for line in lines if "unknown reference" in line] == [
        "brief.yaml:2:38: error: background: citation of unknown reference 'unknwn'"
        " (did you mean 'known'?)"
    ]
    broken_list = text.replace("references:\n  - {id: known", "references:\n  {id: known")
    (tmp_path / "brief.yaml").write_text(broken_list, encoding="utf-8")
    result = cli("brief.yaml", cwd=tmp_path)
    assert result.code == 1
    assert "unknown reference" not in result.err
    assert "references: expected a list" in result.err


def test_a_plain_run_builds_yml_briefs_too(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "one.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "briefs" / "two.yml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "briefs" / "notes.txt").write_text("not a brief", encoding="utf-8")
    result = cli(cwd=tmp_path)
    assert result.code == 0, result.err
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["one.pdf", "two.pdf"]
