"""docs/brief.schema.json is what `--schema` prints, and every field says what it is for."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from ..conftest import ROOT, CliResult

PUBLISHED = ROOT / "docs" / "brief.schema.json"


def _fields(schema: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of every object in the schema, with its place."""
    if isinstance(schema, dict):
        for name, spec in schema.get("properties", {}).items():
            yield f"{where}.{name}", spec
        for key, value in schema.items():
            yield from _fields(value, f"{where}/{key}" if key != "properties" else where)
    elif isinstance(schema, list):
        for value in schema:
            yield from _fields(value, where)


def test_the_published_schema_is_what_schema_prints(cli: Callable[..., CliResult]) -> None:
    result = cli("--schema")
    assert result.code == 0
    # `make-brief --schema > docs/brief.schema.json` updates it
    assert PUBLISHED.read_text(encoding="utf-8") == result.out


def test_every_field_has_a_one_line_description() -> None:
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    fields = list(_fields(schema))
    assert len(fields) >= 60
    undescribed = [where for where, spec in fields if not spec.get("description")]
    assert undescribed == []
    long = [where for where, spec in fields if "\n" in spec["description"]]
    assert long == []
