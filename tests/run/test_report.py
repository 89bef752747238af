"""`--check` lists each edition's exhibits as that edition numbers them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..conftest import MINIMAL, CliResult

CHART = """\
        chart:
          type: column
          categories: [2023, 2024]
          series:
            Issued: [4, 21]
"""
EXHIBITS = (
    MINIMAL.replace(
        "background: Some background.\n",
        "background:\n"
        "  body:\n"
        "    - See [@fig-early].\n"
        "    - figure:\n"
        "        id: fig-early\n"
        "        title: Early growth\n" + CHART,
    ).replace(
        "outlook: It will be fine.\n",
        "outlook:\n"
        "  body:\n"
        "    - As [@fig-late] and [@tbl-issuers] show.\n"
        "    - figure:\n"
        "        id: fig-late\n"
        "        title: Later growth\n" + CHART + "    - table:\n"
        "        id: tbl-issuers\n"
        "        title: Issuers\n"
        "        columns: [Issuer, Share]\n"
        "        rows: [[Tether, '62'], [Circle, '25']]\n"
        "    - box:\n"
        "        title: In brief\n"
        "        body: A box without an id.\n",
    )
    + "editions:\n"
    "  short:\n"
    "    label: Short\n"
    "    sections: [options, pros_cons, outlook, call_to_action]\n"
)


def test_check_lists_each_editions_exhibits_numbered_as_it_prints_them(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    path = brief_file(EXHIBITS)
    result = cli("--check", path.name, cwd=path.parent)
    assert result.code == 0, result.err
    # Each edition's head line, then its sections and exhibits, indented under it.
    lines = result.out.splitlines()[1:]
    assert [line.split(" (")[0] for line in lines[::3]] == ["  full", '  short "Short"']
    assert [line for line in lines if line.startswith("    ")] == [
        "    sections: background, options, pros_cons, outlook, call_to_action",
        "    exhibits: Figure 1 (fig-early), Figure 2 (fig-late), Table 1 (tbl-issuers), Box 1",
        "    sections: options, pros_cons, outlook, call_to_action",
        "    exhibits: Figure 1 (fig-late), Table 1 (tbl-issuers), Box 1",
    ]


def test_check_prints_no_exhibits_line_for_a_brief_without_any(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    path = brief_file(MINIMAL)
    result = cli("--check", path.name, cwd=path.parent)
    assert result.code == 0, result.err
    assert "exhibits:" not in result.out
