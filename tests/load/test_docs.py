"""The briefs shown in docs/format.md are valid: each block marked `<!-- brief -->`
is checked with `--check`, so the documentation's examples cannot go stale."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from ..conftest import ROOT, CliResult

FORMAT_DOC = ROOT / "docs" / "format.md"
MARKER = "<!-- brief -->"


def marked_briefs(markdown: str) -> list[tuple[int, str]]:
    """(line, YAML) of every ```yaml block that directly follows the marker comment."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    found = []
    for before, token in pairwise(tokens):
        marked = before.type == "html_block" and before.content.strip() == MARKER
        if marked and token.type == "fence" and token.info.strip() == "yaml":
            assert token.map is not None
            found.append((token.map[0] + 1, token.content))
    return found


BRIEFS = marked_briefs(FORMAT_DOC.read_text(encoding="utf-8"))


def test_the_format_doc_marks_its_complete_briefs() -> None:
    # Guards the test below: a renamed marker must not make it pass on nothing.
    assert len(BRIEFS) >= 2
    assert FORMAT_DOC.read_text(encoding="utf-8").count(MARKER) == len(BRIEFS)


@pytest.mark.parametrize(("line", "text"), BRIEFS, ids=[f"line-{n}" for n, _ in BRIEFS])
def test_documented_brief_is_valid(
    line: int, text: str, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    path = tmp_path / "briefs" / "example.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    result = cli("--check", path)
    assert result.code == 0, f"docs/format.md line {line}:\n{result.err}"
    assert result.err == "", f"docs/format.md line {line} warns:\n{result.err}"
    assert "valid;" in result.out
