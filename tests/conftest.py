"""Shared helpers: build briefs through the real CLI and read PDFs back."""

from __future__ import annotations

import difflib
import textwrap
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from policybrief.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "briefs" / "us-security-guarantees-ukraine.yaml"

MINIMAL = """\
title: Test Brief
date: 2025-01-15
background: Some background.
options:
  items:
    - title: Do nothing
      text: Leave things as they are.
pros_cons:
  pros: [Cheap]
  cons: [Ineffective]
outlook: It will be fine.
call_to_action: Act now.
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected outputs (tests/golden/, tests/bad/cases.yaml) from this run",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True under `pytest --update-golden`: tests write what they see instead of comparing."""
    return bool(request.config.getoption("--update-golden"))


def assert_same_text(expected: str, actual: str, what: str) -> None:
    """Fail with a unified diff of the whole text (pytest's own would be truncated)."""
    if actual == expected:
        return
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"expected: {what}",
            "actual",
        )
    )
    pytest.fail(f"{what} differs (pytest --update-golden accepts it):\n{diff}", pytrace=False)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """make_brief's machine-wide cache (hyphenation) goes to a folder of this run."""
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Callable[..., CliResult]:
    """Run `make-brief ARGS` in-process, in a temporary working directory.

    An exception that escapes `main()` is what a user would see as a traceback:
    it fails the test as such, with the traceback and what was printed before it.
    """

    def run(*args: str | Path, cwd: Path | None = None) -> CliResult:
        monkeypatch.chdir(cwd or tmp_path)
        capsys.readouterr()
        argv = [str(a) for a in args]
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse usage errors and --version
            code = int(exc.code or 0)
        except Exception:
            printed = capsys.readouterr().err
            pytest.fail(
                f"make-brief {' '.join(argv)} raised instead of reporting; a user sees:\n"
                f"{printed}{traceback.format_exc()}",
                pytrace=False,
            )
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def brief_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a brief into the temporary folder and return its path."""

    def write(text: str = MINIMAL, name: str = "brief.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example")
    code = main([str(EXAMPLE), "--edition", "full", "--out-dir", str(out), "--quiet"])
    assert code == 0
    return out / "us-security-guarantees-ukraine.pdf"


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def normalise(text: str) -> str:
    """Text extraction breaks lines and hyphenates: compare on letters alone."""
    return "".join(ch for ch in text if ch.isalnum())


def page_fonts(reader: PdfReader) -> list[dict]:
    """Every font dictionary used on any page, including inside form XObjects."""
    found: list[dict] = []

    def walk(resources: object, seen: set[int]) -> None:
        if resources is None:
            return
        res = resources.get_object()  # type: ignore[attr-defined]
        for font in (res.get("/Font") or {}).values():
            found.append(font.get_object())
        for xobj in (res.get("/XObject") or {}).values():
            obj = xobj.get_object()
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            walk(obj.get("/Resources"), seen)

    for page in reader.pages:
        walk(page.get("/Resources"), set())
    return found
