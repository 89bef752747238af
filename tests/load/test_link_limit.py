"""At most MAX_LINKS citations and links in a brief (issue 13): each is an annotation and
a structure element of the PDF, and 20,000 in one paragraph took 19 s and 500 MB."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from policybrief.load.checks import MAX_LINKS

from ..conftest import MINIMAL, CliResult

REFS = "references:\n  - id: a\n    title: A source\n"
SAID = "citations and links in the brief"


def _brief(tmp_path: Path, text: str) -> None:
    (tmp_path / "brief.yaml").write_text(text, encoding="utf-8")


def test_one_citation_more_than_the_limit_is_an_error_at_its_field(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    half = MAX_LINKS // 2  # over three fields, each within its 100,000 characters
    brief = MINIMAL.replace("Some background.", f'"{"[@a] " * half}"')
    brief = brief.replace("It will be fine.", f'"{"[x](https://a.b) " * (half - 1)}"')
    _brief(tmp_path, brief.replace("Act now.", '"Act [@a] now [@a]."') + REFS)

    result = cli("brief.yaml", "--out-dir", "out")

    assert result.code == 1
    assert result.err == (
        f"brief.yaml:12:17: error: call_to_action: more than {MAX_LINKS:,} {SAID}"
        f" ({MAX_LINKS + 1:,} up to the end of this field); cite a source once where it"
        " supports a passage, or split the brief\n"
    )
    assert not (tmp_path / "out").exists()


def test_exactly_the_limit_is_valid(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    _brief(tmp_path, MINIMAL.replace("It will be fine.", f'"{"[@a] " * MAX_LINKS}"') + REFS)

    result = cli("brief.yaml", "--check")

    assert result.code == 0, result.err


def test_an_edition_counts_its_own_overrides(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    many = "[@a] " * (MAX_LINKS + 1)
    edition = f'editions:\n  public:\n    label: Public\n    overrides:\n      outlook: "{many}"\n'
    _brief(tmp_path, MINIMAL + REFS + edition)

    result = cli("brief.yaml", "--check")

    assert result.code == 1
    assert result.err.startswith(
        f"brief.yaml:20:16: error: editions.public.overrides.outlook: more than {MAX_LINKS:,}"
    ), result.err
    assert result.err.count("error:") == 1
