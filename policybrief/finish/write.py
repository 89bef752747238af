"""After layout: appending annexes and pads (pypdf, imported only then), and
writing files so that a build never loses a good PDF."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policybrief.load.annexes import Attached
from policybrief.model.profiles import Profiles


def assemble(
    pdf: bytes,
    annexes: Sequence[Attached],
    extras: bytes | None,
    profiles: Profiles | None = None,
    room: tuple[float, float, float, float] | None = None,
) -> bytes:
    """The rendered brief, then its annexes, then the pages that make the count even.

    `extras` holds the pages the renderer drew after layout: one furniture overlay
    per annex page, then the padding page if there is one; `room` is where annex
    pages go on the paper, clear of that furniture (`Rendered.annex_room`). The
    brief itself is cloned, so its outline, links, metadata and XMP survive untouched.
    `profiles`: a CMYK build's, that its annexes' RGB is separated through
    (`annex_colour.CannotSeparate` for what cannot be).
    """
    if not annexes and extras is None:
        return pdf
    # pypdf takes 45 ms to import: a brief without annexes or pads never needs it.
    from pypdf import PdfReader, PdfWriter

    from policybrief.finish import annexes as annex_pages
    from policybrief.finish import structure

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    stamps = list(PdfReader(io.BytesIO(extras)).pages) if extras else []
    used, appended = annex_pages.append(writer, annexes, stamps, profiles, room)
    # A tagged annex keeps its own tree, in a Sect of the brief's; an untagged one's
    # pages are each a Figure (the append drops the annex's tags).
    for part, annex in enumerate(appended, start=1):
        title = annex.annex.title
        if not structure.carry_annex_tree(writer, annex.reader, part, title, annex.moved):
            pages = writer.pages[annex.start : annex.end]
            alts = [f"Annex: {title}, page {n}" for n in range(1, len(pages) + 1)]
            structure.tag_annex_pages(writer, list(zip(pages, alts, strict=True)))
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
    """Rename every staged file into place, all or nothing: when one rename fails, the
    files already renamed go back to what they were (or away, if they were new) and
    the rest are removed, so a brief's set of PDFs is the old one or the new one."""
    done: list[tuple[Staged, Path | None]] = []  # renamed so far, with the old file kept
    try:
        for file in staged:
            kept = _keep(file.final)
            try:
                os.replace(file.temp, file.final)
            except BaseException:
                if kept is not None:
                    os.unlink(kept)
                raise
            done.append((file, kept))
    except BaseException:
        for file, kept in reversed(done):
            with contextlib.suppress(OSError):
                if kept is not None:
                    os.replace(kept, file.final)
                else:
                    os.unlink(file.final)
        discard(staged)
        raise
    for _, kept in done:
        if kept is not None:
            with contextlib.suppress(OSError):
                os.unlink(kept)


def _keep(path: Path) -> Path | None:
    """A second name for the file at `path` (a hard link beside it), or None if none is there."""
    if not path.exists():
        return None
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
    os.close(fd)
    os.unlink(name)
    try:
        os.link(path, name)
    except OSError:  # a file system without hard links: a copy does as well
        shutil.copy2(path, name)
    return Path(name)


def discard(staged: Sequence[Staged]) -> None:
    for file in staged:
        with contextlib.suppress(OSError):
            os.unlink(file.temp)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (see `stage`)."""
    commit([stage(path, data)])
