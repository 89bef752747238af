"""A plain `pip install .` (not editable) must build as a checkout does.

Building a wheel in the suite is too slow; instead: every file the package reads
at run time is package data in pyproject.toml, and the shipped layouts are found
through the installed package, not beside the source tree.
"""

from __future__ import annotations

import fnmatch
import tomllib
from importlib import resources
from pathlib import Path

from policybrief.load import layouts

from .conftest import ROOT

PACKAGE = ROOT / "policybrief"
SHIPPED = ["briefing", "handout", "letter", "standard"]


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
