"""The in-process `cli` fixture: an exception escaping `main()` fails the test as one.

Without this, a test asserting "no traceback" on stderr could never fail: the
exception would leave `main()` before anything was read from stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from ..conftest import CliResult


def test_an_exception_escaping_main_fails_with_its_traceback(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(argv: list[str]) -> int:
        print("brief.yaml:1:1: error: before the crash", file=sys.stderr)
        raise KeyError("deep inside")

    monkeypatch.setattr(sys.modules[CliResult.__module__], "main", broken)
    with pytest.raises(pytest.fail.Exception) as failed:
        cli("brief.yaml")
    message = str(failed.value)
    assert message.startswith("make-brief brief.yaml raised instead of reporting; a user sees:\n")
    assert "brief.yaml:1:1: error: before the crash\nTraceback (most recent call last):" in message
    assert message.rstrip().endswith("KeyError: 'deep inside'")


def test_a_usage_error_is_an_exit_status_not_a_failure(cli: Callable[..., CliResult]) -> None:
    result = cli("--no-such-flag")
    assert result.code == 2
    assert "unrecognized arguments: --no-such-flag" in result.err
