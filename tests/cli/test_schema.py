"""`--schema` prints a JSON Schema that editors can use: it accepts real briefs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import yaml

from ..conftest import EXAMPLE, CliResult


def _as_editor_sees(value: Any) -> Any:
    """YAML as a language server types it: dates stay text, numbers are numbers."""
    if isinstance(value, dict):
        return {k: _as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_schema_accepts_the_example_and_rejects_a_typo(cli: Callable[..., CliResult]) -> None:
    result = cli("--schema")
    assert result.code == 0
    schema = json.loads(result.out)
    brief = _as_editor_sees(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    jsonschema.validate(brief, schema)
    brief["sumary"] = "typo"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(brief))
    assert any("sumary" in e.message for e in errors)
