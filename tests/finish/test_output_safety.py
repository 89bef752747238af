"""Output is never lost: atomic writes, racing builds, and inputs never touched.

A build writes a temporary file beside the target and renames it into place,
so whatever happens to the process, the target is the old PDF or the new one.
The kill and race tests run the real CLI in child processes that pause halfway
through writing, so that the moment is the same on every run (no timing).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from policybrief.finish import write as finish

from ..conftest import MINIMAL, ROOT, CliResult

# Runs the CLI with the write of the PDF paused halfway: the child prints
# "HALF <temporary file>" and waits until the file named by GO exists.
CHILD = """
import os, sys, time
from pathlib import Path
real_fdopen = os.fdopen

class Halfway:
    def __init__(self, handle, name):
        self.handle, self.name = handle, name
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.handle.__exit__(*exc)
    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        print("HALF", self.name, flush=True)
        for _ in range(6000):  # a minute at most, should the test die first
            if Path(os.environ["GO"]).exists():
                break
            time.sleep(0.01)
        self.handle.write(data[len(data) // 2 :])
    def __getattr__(self, name):
        return getattr(self.handle, name)

def fdopen(fd, *args, **kwargs):
    return Halfway(real_fdopen(fd, *args, **kwargs), os.readlink(f"/proc/self/fd/{fd}"))

os.fdopen = fdopen
from policybrief.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _child(folder: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GO": str(folder / "go")}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _halfway(child: subprocess.Popen[str]) -> Path:
    """Wait (on the pipe, not the clock) until the child is halfway through its write."""
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.startswith("HALF "), (line, child.stderr.read() if child.stderr else "")
    return Path(line.split(" ", 1)[1].strip())


def _title(pdf: Path) -> str:
    metadata = PdfReader(pdf).metadata
    assert metadata is not None
    return str(metadata.title)


@pytest.fixture
def built(cli: Callable[..., CliResult], brief_file: Callable[..., Path]) -> Path:
    """A brief already built once: the "old" PDF that must survive."""
    path = brief_file(MINIMAL.replace("Test Brief", "Old Brief"))
    assert cli(path.name, cwd=path.parent).code == 0
    return path.parent / "build" / "brief.pdf"


def test_a_build_killed_halfway_through_writing_leaves_the_old_pdf(
    built: Path, brief_file: Callable[..., Path]
) -> None:
    old = built.read_bytes()
    brief_file(MINIMAL.replace("Test Brief", "New Brief"))
    child = _child(built.parent.parent, "brief.yaml")
    try:
        temporary = _halfway(child)
        assert temporary.parent == built.parent and temporary.stat().st_size > 0
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert built.read_bytes() == old
    assert _title(built) == "Old Brief"


def test_a_write_that_fails_halfway_keeps_the_old_pdf_and_cleans_up(
    built: Path,
    cli: Callable[..., CliResult],
    brief_file: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = built.read_bytes()
    real_fdopen = os.fdopen

    class DiskFull:
        def __init__(self, fd: int, *args: object) -> None:
            self.handle = real_fdopen(fd, "wb")

        def __enter__(self) -> DiskFull:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> None:
            self.handle.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(finish.os, "fdopen", DiskFull)
    path = brief_file(MINIMAL.replace("Test Brief", "New Brief"))
    result = cli(path.name, cwd=path.parent)
    assert result.code == 1
    assert "brief.yaml:1:1: error: cannot write" in result.err
    assert "No space left on device" in result.err
    assert built.read_bytes() == old
    assert [p.name for p in built.parent.iterdir()] == ["brief.pdf"]


def test_two_builds_racing_for_one_output_leave_one_whole_pdf(tmp_path: Path) -> None:
    for name in ("a", "b"):
        text = MINIMAL.replace("Test Brief", f"Brief {name.upper()}")
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    children = [_child(tmp_path, f"{name}.yaml", "-o", "same.pdf") for name in ("a", "b")]
    try:
        temporaries = [_halfway(child) for child in children]  # both are writing at once
        assert temporaries[0] != temporaries[1]
    finally:
        (tmp_path / "go").touch()
    assert [child.wait() for child in children] == [0, 0]
    assert _title(tmp_path / "same.pdf") in {"Brief A", "Brief B"}
    assert len(PdfReader(tmp_path / "same.pdf").pages) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "go", "same.pdf"]


def test_the_brief_is_never_modified(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    path = brief_file()
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    assert cli(path.name, cwd=path.parent).code == 0
    assert cli(path.name, "--check", cwd=path.parent).code == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# The bold face is named as an imposed PDF would be: `-o Body.pdf --impose 2up`
# writes Body.print.pdf too.
HOUSE = """\
extends: standard
fonts:
  body:
    regular: Body.ttf
    bold: Body.print.pdf
"""


@pytest.mark.parametrize(
    ("output", "args"),
    [
        ("brief.yaml", ()),
        ("sub/../brief.yaml", ()),
        ("house.yaml", ()),
        ("logo.png", ()),  # every file the build reads, not only the YAML and annexes
        ("Body.ttf", ()),
        ("Body.pdf", ("--impose", "2up")),
    ],
)
def test_the_output_may_not_replace_an_input(
    cli: Callable[..., CliResult],
    brief_file: Callable[..., Path],
    output: str,
    args: tuple[str, ...],
) -> None:
    head = "title: Test Brief\nlayout: house.yaml\norganization: {name: X, logo: logo.png}"
    path = brief_file(MINIMAL.replace("title: Test Brief", head))
    (path.parent / "house.yaml").write_text(HOUSE, encoding="utf-8")
    shutil.copy(ROOT / "tests" / "bad" / "files" / "logo.png", path.parent / "logo.png")
    shutil.copy(ROOT / "policybrief" / "fonts" / "NotoSans-Regular.ttf", path.parent / "Body.ttf")
    shutil.copy(path.parent / "Body.ttf", path.parent / "Body.print.pdf")
    before = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    result = cli(path.name, "-o", output, *args, cwd=path.parent)
    assert result.code == 1
    assert (
        f"brief.yaml:1:1: error: will not write {output}: it is one of this build's" in result.err
    )
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == before


def test_an_output_folder_that_cannot_be_written_is_an_error_not_a_traceback(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    path = brief_file()
    (path.parent / "taken").write_text("a file where the output folder should be\n")
    result = cli(path.name, "--out-dir", "taken", cwd=path.parent)
    assert result.code == 1
    assert "brief.yaml:1:1: error: cannot write taken" in result.err


def test_a_failed_rename_puts_back_the_files_already_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A brief's three PDFs: two replace old ones, one is new; the third rename fails.
    (tmp_path / "x.pdf").write_bytes(b"old x")
    (tmp_path / "x--public.pdf").write_bytes(b"old public")
    staged = [
        finish.stage(tmp_path / "x.pdf", b"new x"),
        finish.stage(tmp_path / "x--new.pdf", b"new edition"),
        finish.stage(tmp_path / "x--public.pdf", b"new public"),
    ]
    real_replace = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == "x--public.pdf" and str(src).endswith(".tmp"):
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        finish.commit(staged)

    left = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert left == {"x.pdf": b"old x", "x--public.pdf": b"old public"}


def test_a_commit_that_succeeds_leaves_only_the_new_files(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"old x")
    finish.commit([finish.stage(tmp_path / "x.pdf", b"new x")])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {"x.pdf": b"new x"}
