"""Reproducible output: the same brief, layout and version give the same bytes.

The PDF's dates come from the brief's `date` (or SOURCE_DATE_EPOCH), never the
clock; nothing of the machine (paths, hash seeds, time) reaches the file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..conftest import EXAMPLE, MINIMAL, ROOT, CliResult


def _build(cli: Callable[..., CliResult], folder: Path, *args: str) -> bytes:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "brief.yaml").write_text(MINIMAL, encoding="utf-8")
    result = cli("brief.yaml", *args, cwd=folder)
    assert result.code == 0, result.err
    return (folder / "build" / "brief.pdf").read_bytes()


def _dates(pdf: bytes, folder: Path) -> tuple[str, str]:
    (folder / "read.pdf").write_bytes(pdf)
    info = PdfReader(folder / "read.pdf").metadata
    assert info is not None
    return str(info["/CreationDate"]), str(info["/ModDate"])


def test_building_twice_gives_the_same_bytes(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    first = _build(cli, tmp_path / "one")
    second = _build(cli, tmp_path / "one")
    # Another folder too: no path of the machine is written into the PDF.
    elsewhere = _build(cli, tmp_path / "somewhere" / "else")
    assert first == second == elsewhere


def test_another_process_with_another_hash_seed_gives_the_same_bytes(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """The example brief, every edition: set and dict order must not leak into the PDF."""
    ours = tmp_path / "ours"
    result = cli(EXAMPLE, "--out-dir", ours, "-q", cwd=tmp_path)
    assert result.code == 0, result.err
    theirs = tmp_path / "theirs"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run(
        [sys.executable, str(ROOT / "make_brief.py"), str(EXAMPLE), "--out-dir", str(theirs), "-q"],
        cwd=tmp_path,
        env=env,
        check=True,
    )
    names = sorted(p.name for p in ours.iterdir())
    assert names == sorted(p.name for p in theirs.iterdir())
    assert len(names) >= 2
    for name in names:
        assert (ours / name).read_bytes() == (theirs / name).read_bytes(), name


def test_the_dates_are_the_briefs_date(
    cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    pdf = _build(cli, tmp_path)
    assert _dates(pdf, tmp_path) == ("D:20250115000000+00'00'",) * 2  # MINIMAL's date


def test_source_date_epoch_sets_the_dates(
    cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pdf = _build(cli, tmp_path / "a")
    assert _dates(pdf, tmp_path) == ("D:20231114221320+00'00'",) * 2
    assert pdf == _build(cli, tmp_path / "b")


@pytest.mark.parametrize("epoch", ["yesterday", "-5", "1e9", "99999999999999999999999", "٣"])
def test_a_source_date_epoch_that_is_not_a_time_is_a_usage_error(
    cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    """reproducible-builds.org: a malformed SOURCE_DATE_EPOCH fails the build."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    (tmp_path / "brief.yaml").write_text(MINIMAL, encoding="utf-8")
    result = cli("brief.yaml", cwd=tmp_path)
    assert result.code == 2
    assert f"make-brief: SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds" in result.err
    assert not (tmp_path / "build").exists()


def test_a_warm_process_gives_the_bytes_of_a_fresh_one(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """Paragraphs are parsed and broken once per process and reused by later builds
    (render/blocks.py): whatever was built before, a PDF must not change."""
    long_brief = tmp_path / "long.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "20", "-o", str(long_brief)],
        check=True,
    )
    runs = [(brief, layout) for brief in (EXAMPLE, long_brief) for layout in LAYOUTS]
    fresh = {}
    for brief, layout in runs:
        out = tmp_path / "fresh" / f"{brief.stem}-{layout}"
        command = [sys.executable, str(ROOT / "make_brief.py"), str(brief), "--layout", layout]
        subprocess.run(
            [*command, "--out-dir", str(out), "-q"],
            cwd=tmp_path,
            check=True,
        )
        fresh.update({(p.name, layout): p.read_bytes() for p in out.iterdir()})
    for round_ in ("a", "b"):  # the second round finds every paragraph already broken
        for brief, layout in runs if round_ == "a" else runs[::-1]:
            out = tmp_path / round_ / f"{brief.stem}-{layout}"
            result = cli(brief, "--layout", layout, "--out-dir", out, "-q", cwd=tmp_path)
            assert result.code == 0, result.err
            for pdf in out.iterdir():
                assert pdf.read_bytes() == fresh[(pdf.name, layout)], (round_, pdf.name, layout)
    assert len(fresh) == 5 * len(LAYOUTS)  # the example: full and 3 editions; the long brief


LAYOUTS = ("standard", "letter", "briefing", "handout")
