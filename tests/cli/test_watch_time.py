"""Each round of `--watch` is stamped with its time, so the newest can be told apart."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from ..conftest import MINIMAL, ROOT


def test_each_watch_round_prints_its_time(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(textwrap.dedent(MINIMAL), encoding="utf-8")
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
        assert "brief.pdf" in proc.stdout.readline()  # the first round is done
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert re.search(r"^make-brief: \d\d:\d\d:\d\d built$", err, re.MULTILINE), err
