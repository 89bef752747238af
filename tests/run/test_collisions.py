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


IMPOSING = "extends: standard\nimpose: 2up\n"


@pytest.mark.parametrize(
    ("brief", "other", "target"),
    [
        (MINIMAL + "layout: house.yaml\n", "x.print.yaml", "build/x.print.pdf"),
        (
            EDITION + "    layout: house.yaml\n",
            "x--public.print.yaml",
            "build/x--public.print.pdf",
        ),
    ],
    ids=["brief-layout", "edition-layout"],
)
def test_a_pdf_its_layout_imposes_collides_with_a_brief_of_that_name(
    cli: Callable[..., CliResult], tmp_path: Path, brief: str, other: str, target: str
) -> None:
    # `impose:` in the layout writes NAME.print.pdf as --impose does (only --impose was checked).
    (tmp_path / "house.yaml").write_text(IMPOSING, encoding="utf-8")
    (tmp_path / "x.yaml").write_text(brief, encoding="utf-8")
    (tmp_path / other).write_text(MINIMAL, encoding="utf-8")

    result = cli("x.yaml", other)

    assert result.code == 1
    said = " in this run; rename one of them\n"
    assert result.err == (
        f"x.yaml:1:1: error: its PDF {target} would replace that of {other}{said}"
        f"{other}:1:1: error: its PDF {target} would replace that of x.yaml{said}"
    )
    assert not (tmp_path / "build").exists()


def test_a_brief_named_print_beside_one_that_does_not_impose_builds(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    (tmp_path / "x.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "x.print.yaml").write_text(MINIMAL, encoding="utf-8")

    result = cli("x.yaml", "x.print.yaml")

    assert (result.code, result.err) == (0, "")
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["x.pdf", "x.print.pdf"]


def test_watch_mode_refuses_colliding_briefs_and_builds_them_once_a_save_ends_it(
    tmp_path: Path,
) -> None:
    import queue
    import threading

    from policybrief.run.build import Options
    from policybrief.run.watch import Rebuild, watch

    x, public = tmp_path / "x.yaml", tmp_path / "x--public.yaml"
    x.write_text(EDITION, encoding="utf-8")
    public.write_text(MINIMAL.replace("Test Brief", "Public Brief"), encoding="utf-8")
    rounds: queue.Queue[Rebuild] = queue.Queue()
    stop = threading.Event()
    options = Options(out_dir=tmp_path / "build")
    thread = threading.Thread(
        target=watch, args=([x, public], options, rounds.put),
        kwargs={"interval": 0.02, "stop": stop}, daemon=True,
    )
    thread.start()
    try:
        first = rounds.get(timeout=60)
        errors = [[d.message for d in r.diagnostics] for r in first.reports]
        assert all(len(e) == 1 and "would replace that of" in e[0] for e in errors), errors
        assert not (tmp_path / "build").exists()

        new = tmp_path / ".x.yaml.new"  # saved as editors do: a new file renamed over
        new.write_text(MINIMAL, encoding="utf-8")
        new.replace(x)
        second = rounds.get(timeout=60)
        # The saved brief and the one it blocked (not saved) are both built now.
        assert [(r.brief, r.failed) for r in second.reports] == [(x, False), (public, False)]
        built = sorted(p.name for p in (tmp_path / "build").iterdir())
        assert built == ["x--public.pdf", "x.pdf"]
    finally:
        stop.set()
        thread.join(60)
