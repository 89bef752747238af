"""`--schema` and `--check` never load reportlab: an editor's schema request and a
check of a brief must start fast. Measured in a fresh process, because this test
process has imported everything long ago."""

from __future__ import annotations

import json
import subprocess
import sys

from ..conftest import EXAMPLE, ROOT

# Runs the CLI in-process and reports, whatever it returned, which modules were loaded.
PROBE = """
import json, sys
from policybrief.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
loaded = sorted(m for m in sys.modules if m.partition(".")[0] == "reportlab")
print(json.dumps({"code": code, "reportlab": loaded}), file=sys.stderr)
"""


def _reportlab_modules(*args: str) -> list[str]:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    report = json.loads(run.stderr.splitlines()[-1])
    assert report["code"] in (0, None), run.stderr
    return list(report["reportlab"])


def test_schema_imports_no_reportlab() -> None:
    assert _reportlab_modules("--schema") == []


def test_check_imports_no_reportlab() -> None:
    assert _reportlab_modules("--check", str(EXAMPLE)) == []


def test_only_the_cli_prints() -> None:
    """Errors are data: every stage returns diagnostics, and only `cli.py` prints them."""
    import ast

    printing = []
    for path in sorted((ROOT / "policybrief").rglob("*.py")):
        if path.name == "cli.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        printing += [
            f"{path.relative_to(ROOT)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "print"
        ]
    assert printing == []
