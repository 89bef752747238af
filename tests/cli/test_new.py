"""`--new NAME` writes a starter brief that builds as it is, and never replaces a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from ..conftest import ROOT, CliResult

SCHEMA_LINE = "# yaml-language-server: $schema=../docs/brief.schema.json\n"
WRITTEN = "briefs/bus-fleet.yaml written; build it with: make-brief briefs/bus-fleet.yaml\n"


def test_the_starter_brief_builds_as_it_is(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    made = cli("--new", "bus-fleet", cwd=tmp_path)
    assert made.code == 0, made.err
    assert made.out == WRITTEN
    assert "make-brief --schema > docs/brief.schema.json" in made.err  # none here yet
    text = (tmp_path / "briefs" / "bus-fleet.yaml").read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_LINE)
    assert (ROOT / "briefs" / "../docs/brief.schema.json").is_file()  # the line names it
    built = cli(cwd=tmp_path)  # a plain run, as the starter's comment says
    assert built.code == 0, built.err
    assert built.err == ""  # no warning either
    pages = PdfReader(tmp_path / "build" / "bus-fleet.pdf").pages
    assert "The title of your brief" in pages[0].extract_text()


def test_new_never_replaces_a_brief(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "mine.yaml").write_text("title: Mine\n", encoding="utf-8")
    again = cli("--new", "mine", cwd=tmp_path)
    assert again.code == 1
    assert again.err == (
        "make-brief: briefs/mine.yaml already exists; edit it or choose another NAME\n"
    )
    assert (tmp_path / "briefs" / "mine.yaml").read_text(encoding="utf-8") == "title: Mine\n"


def test_new_wants_a_slug(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    spaced = cli("--new", "Bus Fleet", cwd=tmp_path)
    assert spaced.code == 2
    assert spaced.err == (
        "make-brief: --new: 'Bus Fleet' is not a valid name: lowercase letters, digits, '.',"
        " '_' and '-', starting with a letter or digit (e.g. --new bus-fleet-2025)\n"
    )
    with_extension = cli("--new", "bus.yaml", cwd=tmp_path)
    assert with_extension.code == 2
    assert with_extension.err == (
        "make-brief: --new: give the name without its extension: --new bus\n"
    )
    assert not (tmp_path / "briefs").exists()
