"""Annexes: PDF files beside a brief, checked before layout and appended after it.

`check` runs once per brief, before anything is rendered, so that a missing,
foreign, encrypted or broken annex is an error at its line in the brief and
never a half-written PDF; it also counts the annex pages, which the brief's own
footer needs ("Page 3 of 9") before it is laid out.

`append` adds the annex pages to the finished brief (pypdf), each annex under
a bookmark with its title (the annex's own outline nested below it), and
fits every annex page onto the brief's page geometry (same MediaBox, TrimBox
and BleedBox, so that printing and imposition see one size) before stamping
the brief's running footer over it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, FloatObject, NameObject, RectangleObject

from .assets import AssetError, checked_file
from .diagnostics import Diagnostic, FieldPath
from .model.brief import Brief
from .yamlsource import SourceDoc

# What a damaged file can make pypdf raise besides its own errors.
_BROKEN = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError)
_BOXES = ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox")


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
        if "annexes" in overrides:  # an edition's own list, written at its own lines
            yield ("editions", name, "overrides", "annexes"), merged.annexes or []


def read_annex(base_dir: Path, name: str) -> AnnexFile:
    """Open the annex as the build will: inside the folder, a PDF, unencrypted, readable."""
    path, _ = checked_file(base_dir, name, ("pdf",))
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
        except _BROKEN as exc:
            raise AnnexError(f"'{name}' is not a readable PDF ({_reason(exc)})") from None
    if count == 0:
        raise AnnexError(f"'{name}' has no pages")
    return AnnexFile(path, count)


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def append(writer: PdfWriter, annexes: Sequence[Attached], stamps: Sequence[PageObject]) -> int:
    """Append the annexes to `writer`, stamping `stamps[k]` onto the k-th annex page.

    The brief's first page gives the geometry every annex page is fitted onto.
    Returns how many stamps were used.
    """
    model = writer.pages[0]
    used = 0
    with quiet_pypdf():
        for annex in annexes:
            start = len(writer.pages)
            writer.append(PdfReader(annex.file.path), outline_item=annex.title)
            for page in writer.pages[start:]:
                fit_onto(page, model)
                if used < len(stamps):
                    page.merge_page(stamps[used])
                    used += 1
    return used


def fit_onto(page: PageObject, model: PageObject) -> None:
    """Give `page` the boxes of `model`, its visible area scaled (never up) into the trim."""
    if page.rotation:
        page.transfer_rotation_to_content()
    box = RectangleObject(page.cropbox)
    trim = model.trimbox
    bw, bh = float(box.width), float(box.height)
    scale = min(float(trim.width) / bw, float(trim.height) / bh, 1.0)
    x = float(trim.left) + (float(trim.width) - bw * scale) / 2
    y = float(trim.bottom) + (float(trim.height) - bh * scale) / 2
    moved = Transformation().translate(-float(box.left), -float(box.bottom))
    moved = moved.scale(scale, scale).translate(x, y)
    if not _identity(moved) or box != RectangleObject(page.mediabox):
        _clip(page, box)
        page.add_transformation(moved)
        _move_annotations(page, moved)
    copy_boxes(page, model)


def copy_boxes(page: PageObject, model: PageObject) -> None:
    """The page boxes of `model` (trim, bleed, ...) on `page`, and no others."""
    for name in _BOXES:
        if name in model:
            page[NameObject(name)] = RectangleObject(model[name])
        elif name in page:
            del page[name]


def _identity(moved: Transformation) -> bool:
    return all(abs(a - b) < 1e-6 for a, b in zip(moved.ctm, (1, 0, 0, 1, 0, 0), strict=True))


def _clip(page: PageObject, box: RectangleObject) -> None:
    """Nothing outside the annex's visible area shows once it sits on a larger page."""
    contents = page.get_contents()
    if contents is None:
        return
    rect = [FloatObject(float(v)) for v in (box.left, box.bottom, box.width, box.height)]
    contents.operations[:0] = [(rect, b"re"), ([], b"W"), ([], b"n")]
    page.replace_contents(contents)


def _move_annotations(page: PageObject, moved: Transformation) -> None:
    """`add_transformation` moves the drawing only; links must follow it."""
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        if "/Rect" in annot:
            r = [float(v) for v in annot["/Rect"]]
            (x1, y1), (x2, y2) = moved.apply_on(r[:2]), moved.apply_on(r[2:])
            annot[NameObject("/Rect")] = RectangleObject(
                (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
            )
        if "/QuadPoints" in annot:
            q = [float(v) for v in annot["/QuadPoints"]]
            annot[NameObject("/QuadPoints")] = ArrayObject(
                FloatObject(v)
                for i in range(0, len(q), 2)
                for v in moved.apply_on((q[i], q[i + 1]))
            )
