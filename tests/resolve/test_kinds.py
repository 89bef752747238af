"""Kinds (spec 1.1): `kind: general` needs only a title, a date and one content
section, and prints only what it has; `kind: policy` (the default) keeps version 1's rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import CliResult, normalise, pdf_text

GENERAL = """\
kind: general
title: What quantum computing means for encryption
date: 2025-01-15
summary: Quantum computers could one day break today's public-key encryption.
analysis:
  - heading: Why this matters
    body: Agencies hold data that must stay secret for decades.
"""


def test_general_brief_builds_with_only_its_own_sections(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    path = brief_file(GENERAL)
    result = cli(path, "--out-dir", tmp_path / "out")
    assert result.code == 0, result.err
    text = normalise(pdf_text(tmp_path / "out" / "brief.pdf"))
    assert normalise("Analysis 1 Why this matters Agencies hold data") in text
    # Nothing of a policy brief's scaffolding is printed for sections it does not have.
    for absent in ("Policy options", "Pros", "Outlook", "Call to action"):
        assert normalise(absent) not in text
    assert len(PdfReader(tmp_path / "out" / "brief.pdf").pages) == 1


def test_check_says_the_kind(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    result = cli(brief_file(GENERAL), "--check")
    assert result.code == 0, result.err
    assert "  full (standard, en; kind general): 0 points, 0 options, 0 references" in result.out


def test_policy_is_the_default_kind(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    result = cli(brief_file(GENERAL.replace("kind: general\n", "")), "--check")
    assert result.code == 1
    assert "error: background: required field 'background' is missing" in result.err


def test_the_general_example_builds_on_every_layout(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    from tests.conftest import ROOT

    example = ROOT / "briefs" / "gao-fy2027-budget-request.yaml"
    for layout in ("standard", "letter", "briefing", "handout"):
        result = cli(example, "--layout", layout, "--out-dir", tmp_path / layout)
        assert result.code == 0, result.err
        pdf = tmp_path / layout / "gao-fy2027-budget-request.pdf"
        text = normalise(pdf_text(pdf)).lower()  # the handout sets headings in capitals
        assert normalise("What GAO Found").lower() in text
        assert normalise("License: Public domain").lower() in text
        assert normalise("Policy options").lower() not in text
