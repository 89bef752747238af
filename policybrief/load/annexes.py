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
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from policybrief.diagnostics import Diagnostic, FieldPath, Severity
from policybrief.load.files import AssetError, checked_file
from policybrief.load.yamlsource import SourceDoc
from policybrief.model.brief import Brief

# What a damaged file can make pypdf raise besides its own errors (PyPdfError).
_BROKEN = (
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    OSError,
    AssertionError,
    NotImplementedError,  # pypdf: a stream filter it does not know (a damaged name)
    StopIteration,  # pypdf: an outline or page tree that ends early
)


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


@dataclass(frozen=True)
class Checked:
    """An annex that can be appended, and the unsafe actions appending it will remove."""

    file: AnnexFile
    removed: tuple[str, ...] = ()


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
                checked = read_annex(base_dir, annex.file)
            except (AssetError, AnnexError) as exc:
                problems.append(doc.diagnostic((*base, i, "file"), str(exc)))
                continue
            found[annex.file] = checked.file
            if checked.removed:
                problems.append(_removed(doc, (*base, i, "file"), annex.file, checked.removed))
    return found, problems


def _removed(doc: SourceDoc, path: FieldPath, name: str, removed: tuple[str, ...]) -> Diagnostic:
    more = f" ({len(removed) - 1} more removed)" if len(removed) > 1 else ""
    message = (
        f"'{name}' {removed[0]}: removed, as brief text never allows it{more}"
    )
    return replace(doc.diagnostic(path, message), severity=Severity.WARNING)


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


def read_annex(base_dir: Path, name: str) -> Checked:
    """Open the annex as the build will: inside the folder, a PDF, unencrypted, and
    every structure the build touches well formed (see `_check_page`)."""
    path, _ = checked_file(base_dir, name, ("pdf",))
    # pypdf takes 45 ms to import: only briefs with annexes pay for it.
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, DeprecationError, PyPdfError

    where = f"'{name}'"
    with quiet_pypdf():
        try:
            reader = PdfReader(path)
            if reader.is_encrypted:  # before any object is read: they are ciphertext
                raise AnnexError(f"{where} is encrypted; remove the password")
            count = len(reader.pages)
            removed: list[str] = []
            for number, page in enumerate(reader.pages, 1):
                where = f"'{name}' page {number}"
                _check_page(page)  # parse every page now, not halfway through a build
                removed += [f"page {number} {what}" for what in unsafe_actions(page)]
            where = f"'{name}'"
            if count == 0:
                raise AnnexError(f"'{name}' has no pages")
            _trial_append(reader)
        except AnnexError:
            raise
        except DependencyError:  # AES without `cryptography`: opening tried the empty password
            raise AnnexError(f"{where} is encrypted; remove the password") from None
        except _Malformed as exc:
            where = f"'{name}' page {exc.page}" if exc.page else where
            raise AnnexError(f"{where}: {exc}") from None
        except RecursionError:
            raise AnnexError(f"{where}: objects nested too deeply to read") from None
        except (PyPdfError, DeprecationError, *_BROKEN) as exc:  # not a PyPdfError
            raise AnnexError(f"{where} is not a readable PDF ({_reason(exc)})") from None
    return Checked(AnnexFile(path, count), tuple(removed))


def _trial_append(reader: Any) -> None:
    """`finish.annexes` appends the whole file, its page tree, outline and named
    destinations too: done once here into a scratch document, so that what pypdf
    cannot follow there (a page tree node that is not a page, an outline entry
    that is a name, a dropped object) is this file's error, not a traceback
    halfway through a build (found by fuzzing mutated annexes)."""
    from pypdf import PdfWriter

    scratch = PdfWriter()
    scratch.append(reader, outline_item="annex")
    for number, page in enumerate(scratch.pages, 1):  # as appended, inherited keys too
        _ = page.mediabox, page.cropbox
        _check_resources(page.get("/Resources"), number)


def _check_resources(resources: Any, number: int) -> None:
    """The brief's footer is merged into each annex page's /Resources."""
    if resources is None:
        return
    resources = resources.get_object()
    if not isinstance(resources, dict):
        raise _Malformed(f"/Resources is {_shown(resources)}, not a dictionary", number)
    for key, ref in resources.items():
        value = ref.get_object() if ref is not None else None
        if key == "/ProcSet":
            _check_procset(value, number)
        elif not isinstance(value, dict):
            shown = _shown(value)
            raise _Malformed(f"/Resources {key} is {shown}, not a dictionary", number)


def _check_procset(value: Any, number: int) -> None:
    """pypdf adds the footer's /ProcSet names to the page's and sorts them: a string there
    is split into characters (written as no PDF object: AttributeError at the final write)
    and a number or mixed kinds cannot be sorted (TypeError); found by fuzzing."""
    from pypdf.generic import NameObject

    if not isinstance(value, list):
        raise _Malformed(f"/Resources /ProcSet is {_shown(value)}, not an array", number)
    for item in value:
        if not isinstance(item, NameObject):
            shown = _shown(item)
            raise _Malformed(f"/Resources /ProcSet holds {shown}, not a name", number)


# Actions that run code, start programs, open or fetch other files, or send data.
# Brief text can only link to web pages and mail; an annex may bring no more.
_RUNS = {
    "/JavaScript": "runs JavaScript",
    "/Launch": "starts a program",
    "/ImportData": "imports a file",
    "/SubmitForm": "sends form data",
    "/GoToR": "opens another file",
    "/GoToE": "opens an embedded file",
    "/Rendition": "plays media",
    "/Movie": "plays media",
    "/Sound": "plays sound",
    "/RichMediaExecute": "runs rich media",
}
_LINKS = ("http://", "https://", "mailto:")


def unsafe_actions(page: Any) -> Iterator[str]:
    """What on `page` would run or open more than a web link: page actions (/AA),
    annotations whose action is unsafe, and annotations with actions of their own."""
    if "/AA" in page:
        yield "has actions run when it opens or closes"
    for i, annot in enumerate(page.get("/Annots") or []):
        why = annotation_risk(annot.get_object())
        if why:
            yield f"annotation {i + 1} {why}"


def annotation_risk(annot: Any) -> str | None:
    """Why an annotation is unsafe (its action, or any action chained after it), or None."""
    if "/AA" in annot:
        return "has actions run on mouse or focus events"
    action = annot.get("/A")
    for _ in range(100):  # a /Next chain, cut short should it loop
        action = action.get_object() if action is not None else None
        if not isinstance(action, dict):
            return None
        kind = action.get("/S")
        if kind in _RUNS:
            return _RUNS[str(kind)]
        uri = str(action.get("/URI") or "").strip()
        if kind == "/URI" and not uri.lower().startswith(_LINKS):
            scheme, colon, _ = uri.partition(":")
            where = f"a '{scheme[:20]}:' address" if colon else "a relative address"
            return f"links to {where}"
        following = action.get("/Next")
        action = following[0] if isinstance(following, list) and following else following
    return None


class _Malformed(ValueError):
    """A structure of one annex page that the build cannot use, and what is wrong;
    `page` when the message is raised past the loop that names the page."""

    def __init__(self, message: str, page: int = 0) -> None:
        super().__init__(message)
        self.page = page


# Larger than any paper (200 inches, PDF's own page-size limit), so that fitting
# a page never meets an infinite or absurd scale.
_MAX_COORDINATE = 1e6
_MAX_PAGE = 14_400.0


def _check_page(page: Any) -> None:
    """What `finish.annexes` reads of a page, checked: boxes, rotation, annotations, content."""
    for name in ("/MediaBox", "/CropBox"):
        # pypdf has copied inherited boxes and /Rotate onto every page it read.
        box = _numbers(page.get(name), name)
        if box is None:
            continue
        if len(box) != 4:
            raise _Malformed(f"{name} holds {_count(box)}, not 4")
        width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
        if min(width, height) < 1 or max(width, height) > _MAX_PAGE:
            raise _Malformed(
                f"{name} is {width:g} × {height:g} points; a page is 1 to {_MAX_PAGE:g} points"
                " on each side"
            )
    rotate = page.get("/Rotate")
    if rotate is not None:
        rotate = rotate.get_object()
        if not isinstance(rotate, int) or isinstance(rotate, bool) or rotate % 90:
            raise _Malformed(f"/Rotate is {_shown(rotate)}, not a multiple of 90")
    annots = page.get("/Annots")
    if annots is not None:
        annots = annots.get_object()
        if not isinstance(annots, list):
            raise _Malformed(f"/Annots is {_shown(annots)}, not an array of annotations")
        for i, ref in enumerate(annots):
            _check_annotation(ref.get_object() if ref is not None else None, i)
    contents = page.get_contents()
    if contents is not None:
        try:
            operations = contents.operations
        except AssertionError:  # pypdf's two asserts in parsing a content stream
            raise _Malformed(
                "content cannot be read (an object reference, or operands before an inline image)"
            ) from None
        _check_operations(operations)


# Every operator of PDF 1.7 (ISO 32000-1, Annex A); pypdf names an inline image so.
_OPERATORS = frozenset(
    b"b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID"
    b" j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr"
    b" Ts Tw Tz v w W W* y ' \"".split()
) | {b"INLINE IMAGE"}
# Operators whose operands are all numbers, and how many: the footer's merge, the
# fit's transformation and every reader of the text (pre-flight too) index them.
_NUMBERS = {b"cm": 6, b"Tm": 6, b"Td": 2, b"TD": 2, b"TL": 1, b"Tc": 1, b"Tw": 1, b"Tz": 1,
            b"Ts": 1, b"Tr": 1, b"w": 1, b"re": 4, b"m": 2, b"l": 2, b"c": 6, b"v": 4, b"y": 4}


def _check_operations(operations: list[tuple[Any, bytes]]) -> None:
    """Operators PDF knows, with the operands the build and readers rely on.

    pypdf writes the content back once the page is fitted and stamped: an unknown
    operator after two numbers (`50 1 R61`) then reads back as an object reference
    and the build fails (found by fuzzing). Unknown operators are allowed only in a
    compatibility section (BX ... EX), as PDF allows, and not when they start with R.
    """
    compatible = 0
    for operands, operator in operations:
        compatible += (operator == b"BX") - (operator == b"EX" and compatible > 0)
        if operator not in _OPERATORS and (not compatible or operator.startswith(b"R")):
            raise _Malformed(f"content has the unknown operator {_operator(operator)}")
        if operator == b"Tf":
            _check_operands(operator, operands, 2, name_first=True)
        elif operator in _NUMBERS:
            _check_operands(operator, operands, _NUMBERS[operator])


def _check_operands(operator: bytes, operands: Any, count: int, name_first: bool = False) -> None:
    from pypdf.generic import NameObject

    shown = _operator(operator)
    if not isinstance(operands, list) or len(operands) != count:
        many = len(operands) if isinstance(operands, list) else 0
        raise _Malformed(f"content operator {shown} has {many} operands, not {count}")
    for i, value in enumerate(operands):
        if i == 0 and name_first:
            if not isinstance(value, NameObject):
                raise _Malformed(f"content operator {shown} has {_shown(value)}, not a font name")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise _Malformed(f"content operator {shown} has {_shown(value)}, not a number")


def _operator(operator: bytes) -> str:
    return repr(operator.decode("latin-1")[:20])


def _check_annotation(annot: Any, i: int) -> None:
    if not isinstance(annot, dict):
        raise _Malformed(f"annotation {i + 1} is {_shown(annot)}, not a dictionary")
    rect = _numbers(annot.get("/Rect"), f"annotation {i + 1} /Rect")
    if rect is not None and len(rect) != 4:
        raise _Malformed(f"annotation {i + 1} /Rect holds {_count(rect)}, not 4")
    quads = _numbers(annot.get("/QuadPoints"), f"annotation {i + 1} /QuadPoints")
    if quads is not None and len(quads) % 8:
        raise _Malformed(
            f"annotation {i + 1} /QuadPoints holds {_count(quads)}, not a multiple of 8"
        )


def _numbers(value: Any, what: str) -> list[float] | None:
    """An array of finite numbers within PDF's bounds, or None when it is absent."""
    if value is None:
        return None
    value = value.get_object()
    if not isinstance(value, list):
        raise _Malformed(f"{what} is {_shown(value)}, not an array of numbers")
    out: list[float] = []
    for entry in value:
        item = entry.get_object() if entry is not None else None
        if isinstance(item, bool) or not isinstance(item, int | float):
            raise _Malformed(f"{what} holds {_shown(item)}, not a number")
        if not math.isfinite(item) or abs(item) > _MAX_COORDINATE:
            raise _Malformed(f"{what} holds {item:g}, beyond ±{_MAX_COORDINATE:g}")
        out.append(float(item))
    return out


def _count(numbers: list[float]) -> str:
    return f"{len(numbers)} number{'' if len(numbers) == 1 else 's'}"


def _shown(value: Any) -> str:
    """A PDF object as a message quotes it: its kind, and short."""
    kinds = {str: "a string", int: "a number", float: "a number", dict: "a dictionary",
             list: "an array"}
    for kind, said in kinds.items():
        if isinstance(value, kind) and not isinstance(value, bool):
            text = repr(value) if kind in (str, int, float) else ""
            return f"{said} {text[:40]}".strip()
    return "null" if value is None else type(value).__name__.removesuffix("Object").lower()


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
