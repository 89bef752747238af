"""An edition's layout, as the README and run/choice.py state it (issue 13): `--layout`,
then the edition's `layout`, then its `overrides.layout`, then the brief's own.
`overrides: {layout: …}` was silently ignored; the page size read back says which won."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from ..conftest import MINIMAL, CliResult

A4 = (595, 842)
LETTER = (612, 792)
BRIEF = (
    MINIMAL
    + "layout: standard\n"
    + "editions:\n"
    + "  us:\n    overrides:\n      layout: letter\n"
    + "  own:\n    layout: standard\n    overrides:\n      layout: letter\n"
)


def _size(path: Path) -> tuple[int, int]:
    box = PdfReader(path).pages[0].trimbox
    return round(float(box.width)), round(float(box.height))


def test_overrides_layout_is_honoured_and_the_editions_own_layout_wins(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    brief_file(BRIEF)
    result = cli("brief.yaml", "--out-dir", "out")
    assert result.code == 0, result.err
    assert _size(tmp_path / "out" / "brief.pdf") == A4
    assert _size(tmp_path / "out" / "brief--us.pdf") == LETTER
    assert _size(tmp_path / "out" / "brief--own.pdf") == A4


def test_the_command_line_layout_wins_over_overrides(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    brief_file(BRIEF)
    result = cli("brief.yaml", "--edition", "us", "--layout", "standard", "--out-dir", "out")
    assert result.code == 0, result.err
    assert _size(tmp_path / "out" / "brief--us.pdf") == A4
