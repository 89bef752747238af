"""Where a file is expected, a folder, a FIFO, a dangling link or a name longer than
the file system allows is reported (or passed over), never a traceback or a hang.

The catalogue (tests/bad/name-too-long-*) holds the over-long names a brief writes;
these are the cases a catalogue file cannot hold: FIFOs, links, the command line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..conftest import MINIMAL, CliResult

LONG = "a" * 260  # NAME_MAX is 255 on Linux file systems


def test_list_layouts_passes_over_folders_fifos_and_dangling_links_named_yaml(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    layouts = tmp_path / "briefs" / "layouts"
    layouts.mkdir(parents=True)
    (layouts / "folder.yaml").mkdir()
    os.mkfifo(layouts / "fifo.yaml")
    (layouts / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (layouts / "house.yaml").write_text("extends: standard\ndescription: House\n")

    result = cli("--list-layouts")

    assert result.code == 0, result.err
    names = [line.split()[0] for line in result.out.splitlines()]
    assert "house" in names and "standard" in names
    assert not {"folder", "fifo", "dangling"} & set(names)


def test_a_brief_named_longer_than_the_file_system_allows_is_an_error(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    result = cli(f"{LONG}.yaml")

    assert result.code == 1
    assert result.err.endswith(": error: cannot read file: File name too long\n"), result.err


def test_a_brief_that_is_a_fifo_is_an_error_not_a_hang(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "brief.yaml")

    result = cli("brief.yaml")

    assert (result.code, result.err) == (1, "brief.yaml:1:1: error: not a regular file\n")


def test_an_annex_that_is_a_fifo_is_an_error_at_its_line(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "annex.pdf")
    brief = MINIMAL + "annexes:\n  - title: T\n    file: annex.pdf\n"
    (tmp_path / "brief.yaml").write_text(brief, encoding="utf-8")

    result = cli("brief.yaml", "--out-dir", "out")

    expected = "brief.yaml:15:11: error: annexes[0].file: 'annex.pdf' is not a file\n"
    assert (result.code, result.err) == (1, expected)
    assert not (tmp_path / "out").exists()
