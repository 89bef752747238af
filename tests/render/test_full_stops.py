"""A label or a reference's author gets a full stop only when it has no end punctuation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..conftest import MINIMAL, CliResult, pdf_text

BRIEF = MINIMAL + """\
summary: Cited [@a] and [@b].
key_takeaways:
  - { label: "Why now?”", text: Because the fleet is old. }
  - { label: Cost, text: Low. }
  - { label: "Savings (est.)", text: High. }
references:
  - { id: a, title: A study, author: Smith et al., year: 2024 }
  - { id: b, title: A report, author: Jones, year: 2023 }
"""


def test_no_second_full_stop(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    result = cli(brief_file(BRIEF), "-o", "b.pdf")
    assert result.code == 0, result.err
    text = " ".join(pdf_text(tmp_path / "b.pdf").split())
    assert "Why now?” Because" in text
    assert "Cost. Low." in text
    assert "Savings (est.) High." in text
    assert "Smith et al. A study." in text
    assert "Jones. A report." in text
    assert ".." not in text
