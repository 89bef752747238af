"""Watch mode: a save rebuilds, a bad save reports and keeps watching, Ctrl-C exits 0.

The watcher runs in a thread with a stop event; each test waits for the
rebuild it caused (a generous timeout only guards against a hung test, it
asserts nothing about speed).
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from policybrief.run.build import Options
from policybrief.run.watch import Rebuild, watch, watched_files

from ..conftest import MINIMAL, ROOT, normalise, pdf_text

GUARD = 60  # seconds; only a hung watcher ever waits this long


def save(path: Path, text: str) -> None:
    """Save as many editors do, by renaming a new file over the old one.

    A write in place can be seen half done by a watcher on a very busy machine,
    and then built as such (and rebuilt once finished); a test should not race it.
    """
    new = path.with_name(f".{path.name}.new")
    new.write_text(text, encoding="utf-8")
    os.replace(new, path)


class Watcher:
    """A watcher running in a thread; `next()` is the next round of builds."""

    def __init__(self, briefs: list[Path], options: Options) -> None:
        self.rebuilds: queue.Queue[Rebuild] = queue.Queue()
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=watch,
            args=(briefs, options, self.rebuilds.put),
            kwargs={"interval": 0.02, "stop": self.stop},
            daemon=True,
        )
        self.thread.start()

    def next(self) -> Rebuild:
        """The next round of builds; fails at once if the watcher thread has died."""
        deadline = time.monotonic() + GUARD
        while time.monotonic() < deadline:
            try:
                return self.rebuilds.get(timeout=0.1)
            except queue.Empty:
                if not self.thread.is_alive():
                    raise AssertionError("the watcher stopped (see its exception)") from None
        raise AssertionError(f"no rebuild within {GUARD} s")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(GUARD)


@pytest.fixture
def start(tmp_path: Path) -> Iterator[object]:
    watchers: list[Watcher] = []

    def run(*briefs: Path, **options: object) -> Watcher:
        w = Watcher(list(briefs), Options(out_dir=tmp_path / "out", **options))  # type: ignore[arg-type]
        watchers.append(w)
        return w

    yield run
    for w in watchers:
        w.close()
        assert not w.thread.is_alive()


def test_a_save_rebuilds_and_a_bad_save_keeps_the_watcher_alive(
    tmp_path: Path, start: object
) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(MINIMAL, encoding="utf-8")
    pdf = tmp_path / "out" / "brief.pdf"
    w = start(brief)  # type: ignore[operator]

    first = w.next()
    assert first.changed == ()
    assert first.reports[0].outputs[0].path == pdf
    assert "TestBrief" in normalise(pdf_text(pdf))

    save(brief, MINIMAL.replace("Test Brief", "Second Title"))
    second = w.next()
    assert second.changed == (brief.resolve(),)
    assert not second.reports[0].failed
    assert "SecondTitle" in normalise(pdf_text(pdf))

    save(brief, MINIMAL.replace("2025-01-15", "2025-13-40"))
    broken = w.next()
    (problem,) = [d for d in broken.reports[0].diagnostics if d.is_error]
    assert (problem.line, problem.path) == (2, "date")
    assert broken.reports[0].outputs == []
    assert "SecondTitle" in normalise(pdf_text(pdf)), "a failed build keeps the last good PDF"

    save(brief, MINIMAL.replace("Test Brief", "Third Title"))
    fixed = w.next()
    assert not fixed.reports[0].failed
    assert "ThirdTitle" in normalise(pdf_text(pdf))


def test_saving_the_layout_it_extends_rebuilds(tmp_path: Path, start: object) -> None:
    layout = tmp_path / "house.yaml"
    layout.write_text('extends: standard\nfooter: {left: "First footer"}\n', encoding="utf-8")
    brief = tmp_path / "brief.yaml"
    brief.write_text(MINIMAL + "layout: house.yaml\n", encoding="utf-8")
    pdf = tmp_path / "out" / "brief.pdf"
    w = start(brief)  # type: ignore[operator]
    w.next()
    assert "Firstfooter" in normalise(pdf_text(pdf))

    save(layout, 'extends: standard\nfooter: {left: "Second footer"}\n')
    rebuild = w.next()
    assert rebuild.changed == (layout.resolve(),)
    text = normalise(pdf_text(pdf))
    assert "Secondfooter" in text
    assert "Firstfooter" not in text


def test_only_the_brief_whose_file_was_saved_is_rebuilt(tmp_path: Path, start: object) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text(MINIMAL, encoding="utf-8")
    two.write_text(MINIMAL, encoding="utf-8")
    w = start(one, two)  # type: ignore[operator]
    assert [r.brief for r in w.next().reports] == [one, two]
    save(two, MINIMAL.replace("Test Brief", "Two"))
    assert [r.brief for r in w.next().reports] == [two]


def test_watched_files_are_the_brief_and_its_layout_chain(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text("extends: standard\n", encoding="utf-8")
    (tmp_path / "house.yaml").write_text("extends: base.yaml\n", encoding="utf-8")
    brief = tmp_path / "brief.yaml"
    brief.write_text(MINIMAL + "layout: house.yaml\n", encoding="utf-8")
    from policybrief.run.build import build_brief

    report = build_brief(brief, Options(check_only=True))
    files = watched_files(report, Options(check_only=True))
    names = {p.name for p in files}
    assert {"brief.yaml", "house.yaml", "base.yaml", "standard.yaml"} <= names


def test_ctrl_c_ends_the_watcher_with_status_0(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(textwrap.dedent(MINIMAL), encoding="utf-8")
    # A shell may start background jobs with SIGINT ignored; a terminal's Ctrl-C is not,
    # so the child restores Python's handler before running the program as `python` would.
    program = (
        "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        f"sys.argv = ['make_brief.py', '--watch', {str(brief)!r}, '--out-dir', 'out']; "
        f"runpy.run_path({str(ROOT / 'make_brief.py')!r}, run_name='__main__')"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", program],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # the first build's line: the watcher is running
        assert "brief.pdf" in line
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=GUARD)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "Traceback" not in err
    assert "watching" in err
    assert (tmp_path / "out" / "brief.pdf").is_file()
