"""Annexes: PDF files beside a brief, checked before layout and appended after it.

`check` runs once per brief, before anything is rendered, so that a missing,
foreign, encrypted or broken annex is an error at its line in the brief and
never a half-written PDF; it also counts the annex pages, which the brief's own
footer needs ("Page 3 of 9") before it is laid out.

`annex_pages` appends them to the finished brief.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policybrief.diagnostics import Diagnostic, FieldPath
from policybrief.load.files import AssetError, checked_file
from policybrief.load.yamlsource import SourceDoc
from policybrief.model.brief import Brief

# What a damaged file can make pypdf raise besides its own errors (PyPdfError).
_BROKEN = (ValueError, KeyError, TypeError, AttributeError, IndexError, OSError)


@dataclass(frozen=True)
class AnnexFile:
    """An annex that passed the checks: where it is and how many pages it adds."""

    path: Path
    pages: int


@dataclass(frozen=True)
class Attached:
    """One annex as a built edition appends it."""

    title: str
    file: AnnexFile


class AnnexError(ValueError):
    """Why an annex file cannot be appended; the caller locates it in the brief."""


@contextlib.contextmanager
def quiet_pypdf() -> Iterator[None]:
    """pypdf logs warnings about damaged files; only the CLI may print, and it says why."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def check(
    brief: Brief, editions: dict[str, Brief], doc: SourceDoc, base_dir: Path
) -> tuple[dict[str, AnnexFile], list[Diagnostic]]:
    """Every annex the brief or an edition's `overrides` names: checked, keyed by its `file`."""
    found: dict[str, AnnexFile] = {}
    problems: list[Diagnostic] = []
    for base, annexes in _named(brief, editions, doc):
        for i, annex in enumerate(annexes):
            if annex.file in found:
                continue
            try:
                found[annex.file] = read_annex(base_dir, annex.file)
            except (AssetError, AnnexError) as exc:
                problems.append(doc.diagnostic((*base, i, "file"), str(exc)))
    return found, problems


def _named(
    brief: Brief, editions: dict[str, Brief], doc: SourceDoc
) -> Iterator[tuple[FieldPath, Sequence[Any]]]:
    yield ("annexes",), brief.annexes or []
    data = doc.data.get("editions") if isinstance(doc.data, dict) else None
    for name, merged in editions.items():
        overrides = ((data or {}).get(name) or {}).get("overrides") or {}
        # An edition's own list, written at its own lines (`is not`: an edition
        # whose overrides failed stands as the brief itself).
        if "annexes" in overrides and merged.annexes is not brief.annexes:
            yield ("editions", name, "overrides", "annexes"), merged.annexes or []


def read_annex(base_dir: Path, name: str) -> AnnexFile:
    """Open the annex as the build will: inside the folder, a PDF, unencrypted, readable."""
    path, _ = checked_file(base_dir, name, ("pdf",))
    # pypdf takes 45 ms to import: only briefs with annexes pay for it.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    with quiet_pypdf():
        try:
            reader = PdfReader(path)
            if reader.is_encrypted:
                raise AnnexError(
                    f"'{name}' is encrypted (password-protected); append an unprotected copy"
                )
            count = len(reader.pages)
            for page in reader.pages:  # parse every page now, not halfway through a build
                _ = page.cropbox
                contents = page.get_contents()
                if contents is not None:
                    _ = contents.operations
        except AnnexError:
            raise
        except (PyPdfError, *_BROKEN) as exc:
            raise AnnexError(f"'{name}' is not a readable PDF ({_reason(exc)})") from None
    if count == 0:
        raise AnnexError(f"'{name}' has no pages")
    return AnnexFile(path, count)


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
