"""A plain `pip install .` (not editable) must build as a checkout does.

Building a wheel in the suite is too slow; instead: every file the package reads
at run time is package data in pyproject.toml, and the shipped layouts are found
through the installed package, not beside the source tree.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from importlib import resources
from pathlib import Path

from policybrief.load import layouts

from .conftest import ROOT

PACKAGE = ROOT / "policybrief"
SHIPPED = ["briefing", "handout", "letter", "standard"]
TEXT = {".py", ".md", ".yaml", ".yml", ".toml", ".txt", ".json", ".svg", ".csv", ".bib"}


def _package_data() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns: list[str] = config["tool"]["setuptools"]["package-data"]["policybrief"]
    return patterns


def test_every_data_file_of_the_package_is_package_data() -> None:
    data = sorted(
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    )
    assert len(data) >= 25  # fonts, labels, layouts, icc
    patterns = _package_data()
    left_out = [f for f in data if not any(fnmatch.fnmatchcase(f, pat) for pat in patterns)]
    assert left_out == []


def test_the_shipped_layouts_are_reached_through_the_package() -> None:
    folder = resources.files("policybrief") / "layouts"
    assert sorted(p.name for p in folder.iterdir()) == [f"{n}.yaml" for n in SHIPPED]
    assert Path(str(folder)).resolve() == layouts.LAYOUTS_DIR
    assert {"layouts/*.yaml"} <= set(_package_data())


def test_the_top_level_layouts_folder_shows_the_shipped_ones() -> None:
    """`layouts/` at the top of the repository is a link to them, for readers."""
    assert (ROOT / "layouts").resolve() == layouts.LAYOUTS_DIR


def test_nothing_in_the_repository_names_a_path_outside_it() -> None:
    """A reader of a clone must be able to open every path the repository names."""
    outside = re.compile(r"/work/|shared/spec|/home/|/Users/")
    folders = ["briefs", "docs", "policybrief", "tests", "benchmarks"]
    files = [ROOT / "README.md", ROOT / "pyproject.toml"]
    files += [p for f in folders for p in (ROOT / f).rglob("*") if p.suffix in TEXT]
    named = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in files
        if p.resolve() != Path(__file__).resolve()
        for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if outside.search(line)
    ]
    assert named == []
