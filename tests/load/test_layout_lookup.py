"""Where a layout named without a path is found: one rule, whatever the working directory.

`layouts/` beside the brief, then `layouts/` beside its `briefs/` folder, then the
shipped layouts; never `./layouts` of wherever the command runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from ..conftest import MINIMAL, CliResult

HOUSE = 'extends: standard\ndescription: House style\npalette: {accent: "#b00020"}\n'
DECOY = 'extends: standard\ndescription: Not ours\npalette: {accent: "#00b020"}\n'
HOUSE_INK, DECOY_INK = b".690196 0 .12549 rg", b"0 .690196 .12549 rg"  # the accents


def _page_one(pdf: Path) -> bytes:
    return PdfReader(pdf).pages[0].get_contents().get_data()  # type: ignore[union-attr]


def _project(root: Path) -> Path:
    """project/briefs/b.yaml naming `house`, kept in project/layouts/."""
    (root / "project" / "layouts").mkdir(parents=True)
    (root / "project" / "layouts" / "house.yaml").write_text(HOUSE, encoding="utf-8")
    (root / "project" / "briefs").mkdir()
    brief = root / "project" / "briefs" / "b.yaml"
    brief.write_text(f"layout: house\n{MINIMAL}", encoding="utf-8")
    return brief


def test_a_layout_beside_the_briefs_folder_builds_the_same_from_any_folder(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    brief = _project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "layouts").mkdir(parents=True)  # a decoy the working directory holds
    (elsewhere / "layouts" / "house.yaml").write_text(DECOY, encoding="utf-8")
    pdfs = []
    for n, cwd in enumerate([tmp_path / "project", brief.parent, elsewhere]):
        out = tmp_path / f"out{n}.pdf"
        result = cli(brief, "-o", out, cwd=cwd)
        assert result.code == 0, result.err
        pdfs.append(out.read_bytes())
    assert pdfs[0] == pdfs[1] == pdfs[2]
    assert HOUSE_INK in _page_one(tmp_path / "out0.pdf")  # the house accent, not the decoy's
    listed = cli("--list-layouts", brief, cwd=elsewhere)
    assert "house          House style" in listed.out
    on_the_command_line = cli(brief, "--layout", "house", "-o", "cli.pdf", cwd=elsewhere)
    assert on_the_command_line.code == 0, on_the_command_line.err
    assert (elsewhere / "cli.pdf").read_bytes() == pdfs[0]


def test_a_layouts_folder_beside_the_brief_comes_first(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    brief = _project(tmp_path)
    (brief.parent / "layouts").mkdir()
    (brief.parent / "layouts" / "house.yaml").write_text(DECOY, encoding="utf-8")
    result = cli(brief, "-o", "b.pdf", cwd=tmp_path)
    assert result.code == 0, result.err
    assert DECOY_INK in _page_one(tmp_path / "b.pdf")  # the nearer one


def test_the_working_directorys_layouts_folder_is_never_searched(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "house.yaml").write_text(HOUSE, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    brief = tmp_path / "elsewhere" / "b.yaml"
    brief.write_text(f"layout: house\n{MINIMAL}", encoding="utf-8")
    result = cli(brief, cwd=tmp_path)
    assert result.code == 1
    assert result.err.startswith(
        "elsewhere/b.yaml:1:9: error: layout: unknown layout 'house' (layouts: briefing, handout,"
    )
    named = cli(brief, "--layout", "house", cwd=tmp_path)
    assert named.code == 2
    assert named.err.startswith("make-brief: --layout: unknown layout 'house' (layouts: briefing,")


def test_a_projects_standard_may_extend_the_shipped_standard(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    brief = _project(tmp_path)
    (brief.parent.parent / "layouts" / "standard.yaml").write_text(HOUSE, encoding="utf-8")
    brief.write_text(MINIMAL, encoding="utf-8")  # the default layout: the project's own
    result = cli(brief, "-o", "b.pdf", cwd=tmp_path)
    assert result.code == 0, result.err
    assert HOUSE_INK in _page_one(tmp_path / "b.pdf")
