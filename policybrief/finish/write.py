"""After layout: appending annexes and pads (pypdf, imported only then), and
writing files so that a build never loses a good PDF."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policybrief.load.annexes import Attached


def assemble(pdf: bytes, annexes: Sequence[Attached], extras: bytes | None) -> bytes:
    """The rendered brief, then its annexes, then the pages that make the count even.

    `extras` holds the pages the renderer drew after layout: one footer overlay
    per annex page, then the padding page if there is one. The brief itself is
    cloned, so its outline, links, metadata and XMP survive untouched.
    """
    if not annexes and extras is None:
        return pdf
    # pypdf takes 45 ms to import: a brief without annexes or pads never needs it.
    from pypdf import PdfReader, PdfWriter

    from policybrief.finish import annexes as annex_pages

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    stamps = list(PdfReader(io.BytesIO(extras)).pages) if extras else []
    used = annex_pages.append(writer, annexes, stamps)
    model = writer.pages[0]
    for stamp in stamps[used:]:
        page = writer.add_page(stamp)
        annex_pages.copy_boxes(page, model)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_path(path: Path) -> Path:
    """`build/x.pdf` -> `build/x.print.pdf`: the imposed file sits beside the normal one."""
    return path.with_name(f"{path.stem}.print.pdf")


@dataclass(frozen=True)
class Staged:
    """A finished file written beside its final path, not yet renamed into place."""

    temp: Path
    final: Path


def stage(path: Path, data: bytes) -> Staged:
    """Write `data` to a temporary file beside `path`; `commit` renames it into place.

    A build killed at any moment leaves either the old file or the new one,
    never a partial file; two builds racing leave one complete file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Staged(Path(tmp), path)


def commit(staged: Sequence[Staged]) -> None:
    """Rename every staged file into place; on a failure the rest are removed."""
    for i, file in enumerate(staged):
        try:
            os.replace(file.temp, file.final)
        except BaseException:
            discard(staged[i:])
            raise


def discard(staged: Sequence[Staged]) -> None:
    for file in staged:
        with contextlib.suppress(OSError):
            os.unlink(file.temp)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (see `stage`)."""
    commit([stage(path, data)])
