"""Golden dumps: the example brief and each of its editions under every shipped layout.

Each PDF is read back as text (tests/pdfdump.py: per page the text, fonts, link
targets and page boxes; the outline and the document info) and compared whole
with tests/golden/LAYOUT/NAME.txt, so any change to what a reader sees shows as
a diff to review. `pytest --update-golden` rewrites the dumps from this run.

The dates come from the brief's `date`: SOURCE_DATE_EPOCH is removed for the
builds so that a dump does not depend on the environment the suite runs in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policybrief.cli import main

from ..conftest import EXAMPLE, ROOT, assert_same_text
from ..pdfdump import dump

GOLDEN = ROOT / "tests" / "golden"
LAYOUTS = ["standard", "letter", "briefing", "handout"]
EDITIONS = ["full", *yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["editions"]]
CASES = [(layout, edition) for layout in LAYOUTS for edition in EDITIONS]


def _pdf_name(edition: str) -> str:
    return EXAMPLE.stem + ("" if edition == "full" else f"--{edition}") + ".pdf"


def _golden(layout: str, edition: str) -> Path:
    return GOLDEN / layout / _pdf_name(edition).replace(".pdf", ".txt")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every edition under every layout: one run of the CLI per layout."""
    out = tmp_path_factory.mktemp("golden")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        for layout in LAYOUTS:
            args = [str(EXAMPLE), "--layout", layout, "--out-dir", str(out / layout), "--quiet"]
            assert main(args) == 0
    return out


@pytest.mark.parametrize(("layout", "edition"), CASES, ids=[f"{lay}-{ed}" for lay, ed in CASES])
def test_the_pdf_reads_back_as_its_golden_dump(
    built: Path, update_golden: bool, layout: str, edition: str
) -> None:
    actual = dump(built / layout / _pdf_name(edition))
    golden = _golden(layout, edition)
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.exists(), f"{golden} is missing: run pytest --update-golden and review it"
    assert_same_text(golden.read_text(encoding="utf-8"), actual, str(golden.relative_to(ROOT)))


def test_every_golden_dump_belongs_to_a_case() -> None:
    """A dump left behind by a renamed edition or layout would never be compared again."""
    on_disk = sorted(GOLDEN.rglob("*.txt"))
    assert on_disk == sorted(_golden(layout, edition) for layout, edition in CASES)
