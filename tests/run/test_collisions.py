"""Briefs of one run whose PDFs would be the same file: an error for each, before
anything is written (one PDF silently replaced another, every line saying success)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import MINIMAL, CliResult

EDITION = MINIMAL + "editions:\n  public:\n    label: Public edition\n"


@pytest.mark.parametrize(
    ("files", "args", "target"),
    [
        ({"a/x.yaml": MINIMAL, "b/x.yaml": MINIMAL}, (), "build/x.pdf"),
        ({"x.yaml": MINIMAL, "x.yml": MINIMAL}, (), "build/x.pdf"),
        ({"x.yaml": EDITION, "x--public.yaml": MINIMAL}, (), "build/x--public.pdf"),
        ({"x.yaml": MINIMAL, "x.print.yaml": MINIMAL}, ("--impose", "2up"), "build/x.print.pdf"),
    ],
    ids=["same-name-two-folders", "yaml-and-yml", "edition-and-brief", "imposed-and-brief"],
)
def test_briefs_whose_pdfs_collide_build_nothing_and_say_which(
    cli: Callable[..., CliResult],
    tmp_path: Path,
    files: dict[str, str],
    args: tuple[str, ...],
    target: str,
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(MINIMAL, encoding="utf-8")
    first, second = files

    result = cli(*files, "other.yaml", *args)

    assert result.code == 1
    said = " in this run; rename one of them\n"
    assert result.err == (
        f"{first}:1:1: error: its PDF {target} would replace that of {second}{said}"
        f"{second}:1:1: error: its PDF {target} would replace that of {first}{said}"
    )
    built = sorted(p.name for p in (tmp_path / "build").iterdir())
    assert built == (["other.pdf", "other.print.pdf"] if args else ["other.pdf"])


def test_an_edition_named_like_no_other_brief_collides_with_nothing(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    (tmp_path / "x.yaml").write_text(EDITION, encoding="utf-8")
    (tmp_path / "x--press.yaml").write_text(MINIMAL, encoding="utf-8")

    result = cli("x.yaml", "x--press.yaml")

    assert (result.code, result.err) == (0, "")
    built = sorted(p.name for p in (tmp_path / "build").iterdir())
    assert built == ["x--press.pdf", "x--public.pdf", "x.pdf"]
