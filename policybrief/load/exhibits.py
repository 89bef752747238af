"""The files and shapes of a brief's exhibits, checked with the brief (`--check` too).

A figure's image is checked like a logo (`files.checked_image`: inside the
brief's folder, content sniffed, size bounded, SVG closed over itself) and read
once. A chart's or table's `data` is a CSV file inside the brief's folder,
UTF-8, read with Python's `csv` module; a problem in it is reported at
`FILE.csv:ROW:COL`. Inline data is checked for its shape here too, where each
problem can be located at the series or row that has it. Once the layouts are
known, `low_resolution` warns of an image too small for the width it is given,
and `print_resolution` of a logo, figure image or author photo that a print
layout (`Layout.for_print`) places at under 225 ppi.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief.diagnostics import Diagnostic, FieldPath
from policybrief.load.files import AssetError, checked_image, logo_fields, resolve_inside
from policybrief.load.yamlsource import SourceDoc
from policybrief.model.brief import Brief, Chart, Exhibit, Figure, Table
from policybrief.model.files import BriefFiles, CsvData
from policybrief.model.picture import PRINT_PPI, Picture, logo_width, photo_width
from policybrief.model.walk import exhibits

if TYPE_CHECKING:
    from policybrief.load.checks import ValidBrief
    from policybrief.load.layouts import LoadedLayout
    from policybrief.model.layout import Layout

MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_CSV_ROWS = 5_000
MAX_CSV_COLUMNS = 50
# A picture is never placed larger than its pixels at this resolution (spec 1.1; the
# renderer's `render.exhibits.MIN_DPI`): an image with fewer is placed narrower.
MIN_DPI = 150
MM = 72 / 25.4


class _CsvError(ValueError):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def check(valid: ValidBrief, doc: SourceDoc, base_dir: Path) -> tuple[BriefFiles, list[Diagnostic]]:
    """Every exhibit of the brief and of each edition's overrides, each file read once by
    name, problems at their lines."""
    files = BriefFiles()
    problems: list[Diagnostic] = []
    seen: set[tuple[str, bool]] = set()
    for base, path, exhibit in _every_exhibit(valid):
        problems += _shape(doc, (*base, *path), exhibit)
        for where, name, numeric in _files_of(exhibit):
            if (name, numeric) in seen:
                continue
            seen.add((name, numeric))
            problems += _read(files, doc, base_dir, (*base, *path, *where), name, numeric)
    for path, photo in _photos(valid):
        if (photo, False) not in seen:
            seen.add((photo, False))
            problems += _read(files, doc, base_dir, path, photo, False)
    return files, problems


def _photos(valid: ValidBrief) -> Iterator[tuple[FieldPath, str]]:
    """Each `authors[].photo`: the brief's, then those an edition's overrides write."""
    sources: list[tuple[FieldPath, Brief]] = [((), valid.brief)]
    for name, merged in valid.editions.items():
        if merged is not valid.brief and "authors" in valid.overridden.get(name, ()):
            sources.append((("editions", name, "overrides"), merged))
    for base, brief in sources:
        for i, author in enumerate(brief.authors or []):
            if author.photo:
                yield (*base, "authors", i, "photo"), author.photo


def _every_exhibit(valid: ValidBrief) -> Iterator[tuple[FieldPath, FieldPath, Exhibit]]:
    """(base, path, exhibit): the brief's, then those an edition's overrides write."""
    for path, exhibit in exhibits(valid.brief):
        yield (), path, exhibit
    for name, merged in valid.editions.items():
        replaced = valid.overridden.get(name, frozenset())
        if merged is valid.brief:  # its overrides failed: reported already
            continue
        for path, exhibit in exhibits(merged):
            if str(path[0]) in replaced:
                yield ("editions", name, "overrides"), path, exhibit


def _files_of(exhibit: Exhibit) -> Iterator[tuple[FieldPath, str, bool]]:
    match exhibit:
        case Figure(image=str(image)):
            yield ("image",), image, False
        case Figure(chart=Chart(data=str(data))):
            yield ("chart", "data"), data, True
        case Table(data=str(data)):
            yield ("data",), data, False


def _read(
    files: BriefFiles, doc: SourceDoc, base_dir: Path, path: FieldPath, name: str, numeric: bool
) -> list[Diagnostic]:
    try:
        if path[-1] in ("image", "photo"):
            files.pictures[name] = checked_image(base_dir, name)
        else:
            files.tables[name] = read_csv(base_dir, name, numeric)
    except AssetError as exc:
        return [doc.diagnostic(path, str(exc))]
    except _CsvError as exc:
        shown = str(Path(doc.file).parent / name)
        return [Diagnostic(shown, exc.line, exc.column, "", str(exc))]
    return []


def read_csv(base_dir: Path, name: str, numeric: bool) -> CsvData:
    """A CSV file's header and rows, checked rectangular; for a chart (`numeric`) every
    cell after the first column a number or empty (a gap)."""
    found = resolve_inside(base_dir, name)
    try:
        raw = found.read_bytes()
    except OSError as exc:
        raise AssetError(f"cannot read '{name}': {exc.strerror or exc}") from None
    if len(raw) > MAX_CSV_BYTES:
        raise AssetError(f"'{name}' is {len(raw)} bytes; the limit is {MAX_CSV_BYTES}")
    text = _utf8(raw)
    rows = list(_rows(text))
    if not rows:
        raise _CsvError(1, 1, "the file is empty: a CSV file starts with a header row")
    (head_line, header), body = rows[0], rows[1:]
    if len(header) > MAX_CSV_COLUMNS or len(body) > MAX_CSV_ROWS:
        raise _CsvError(1, 1, f"more than {MAX_CSV_ROWS} rows or {MAX_CSV_COLUMNS} columns")
    if numeric and len(header) < 2:
        raise _CsvError(
            head_line, 1, "a chart's CSV needs a column of categories and at least one series"
        )
    for line, cells in body:
        if len(cells) != len(header):
            column = _column(text, line, min(len(cells), len(header)))
            raise _CsvError(
                line, column, f"this row has {len(cells)} cells; the header has {len(header)}"
            )
        if numeric:
            for i, cell in enumerate(cells[1:], start=1):
                if cell.strip() and not _is_number(cell):
                    raise _CsvError(
                        line,
                        _column(text, line, i),
                        f"'{cell}' in column '{header[i]}' is not a number"
                        " (leave the cell empty for a gap)",
                    )
    return CsvData(name, tuple(header), tuple(tuple(cells) for _, cells in body))


def _utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        byte = raw[exc.start]
        raise _CsvError(
            line, column, f"not UTF-8 text (byte 0x{byte:02X}): save the file as UTF-8"
        ) from None


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every non-blank row, by Python's csv module."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                yield line, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _CsvError(reader.line_num, 1, f"not a readable CSV file ({exc})") from None


def _column(text: str, line: int, index: int) -> int:
    """The character column where cell `index` of `line` starts (1 past the end if absent)."""
    raw = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
    column, quoted = 0, False
    for i, char in enumerate(raw):
        if index == 0:
            return column + 1
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            index -= 1
            column = i + 1
    return column + 1 if index == 0 else len(raw) + 1


def _is_number(cell: str) -> bool:
    try:
        return math.isfinite(float(cell.strip()))
    except ValueError:
        return False


def _shape(doc: SourceDoc, path: FieldPath, exhibit: Exhibit) -> list[Diagnostic]:
    """Inline data that does not add up: a series too short, a row with a cell too many."""
    out: list[Diagnostic] = []
    match exhibit:
        case Figure(chart=Chart(categories=list(categories), series=dict(series))):
            for name, values in series.items():
                if len(values) != len(categories):
                    out.append(
                        doc.diagnostic(
                            (*path, "chart", "series", name),
                            f"{name} has {len(values)} values for {len(categories)} categories",
                        )
                    )
        case Table(rows=list(rows)):
            width = len(exhibit.columns) if exhibit.columns else len(rows[0]) if rows else 0
            what = "columns" if exhibit.columns else "cells in the first row"
            for i, row in enumerate(rows):
                if len(row) != width:
                    out.append(
                        doc.diagnostic(
                            (*path, "rows", i), f"this row has {len(row)} cells for {width} {what}"
                        )
                    )
            if exhibit.align and len(exhibit.align) != width:
                out.append(
                    doc.diagnostic(
                        (*path, "align"), f"{len(exhibit.align)} alignments for {width} columns"
                    )
                )
    return out


def low_resolution(
    valid: ValidBrief, doc: SourceDoc, layouts: dict[str, LoadedLayout]
) -> list[Diagnostic]:
    """A warning at each figure whose PNG or JPEG has too few pixels for its `width` at
    MIN_DPI in the widest text of the layouts of the targets that carry it: it is then
    placed narrower than the brief asks, and the warning says how much."""
    out: list[Diagnostic] = []
    for base, path, exhibit in _every_exhibit(valid):
        if not isinstance(exhibit, Figure) or exhibit.image is None:
            continue
        picture = valid.files.pictures.get(exhibit.image)
        if picture is None or picture.kind == "svg":  # a vector has no pixels to run out of
            continue
        carrying = [
            loaded
            for target, loaded in layouts.items()
            if (base[1] == target if base else str(path[0]) not in valid.overridden.get(target, ()))
        ]
        if not carrying:
            continue
        loaded = max(carrying, key=lambda loaded: _text_width(loaded.layout))
        asked = _text_width(loaded.layout) * exhibit.width
        pixels = _pixel_width(picture.data)
        if pixels * 72 / MIN_DPI >= asked:
            continue
        dpi = pixels * 72 / asked
        out.append(
            doc.diagnostic(
                (*base, *path),
                f"'{exhibit.image}' is {pixels} px wide: at width {exhibit.width:.0%}"
                f" ({asked / MM:.0f} mm in layout '{loaded.name}') it would print at"
                f" {dpi:.0f} dpi, below {MIN_DPI}, so it is placed at"
                f" {pixels * 72 / MIN_DPI / MM:.0f} mm; give an image at least"
                f" {math.ceil(asked / 72 * MIN_DPI)} px wide, or a smaller width",
                warning=True,
            )
        )
    return out


def print_resolution(
    valid: ValidBrief,
    doc: SourceDoc,
    layouts: dict[str, LoadedLayout],
    logos: dict[str, Picture],
) -> list[Diagnostic]:
    """A warning at each PNG or JPEG (logo, figure image, author photo) that a print
    layout of a target carrying it places at under PRINT_PPI pixels per inch, at the
    layout that places it largest. A figure already placed narrower for want of
    pixels (`low_resolution`) is warned of there, once."""
    out: list[Diagnostic] = []
    for path, name, placed in _placements(valid):
        picture = valid.files.pictures.get(name) or logos.get(name)
        if picture is None or picture.kind == "svg":  # a vector prints sharp at any size
            continue
        pixels = _pixel_size(picture.data)
        worst: tuple[float, float, str] | None = None  # (ppi, width, layout name)
        for target, loaded in layouts.items():
            if not loaded.layout.for_print or not _carries(valid, target, path):
                continue
            width = placed(loaded.layout, pixels)
            if width is None:
                continue
            ppi = pixels[0] * 72 / width
            if worst is None or ppi < worst[0]:
                worst = (ppi, width, loaded.name)
        if worst is not None and worst[0] < PRINT_PPI - 0.5:
            ppi, width, layout = worst
            out.append(
                doc.diagnostic(
                    path,
                    f"'{name}' is {pixels[0]} px wide: placed {width / MM:.0f} mm wide in"
                    f" print layout '{layout}' it prints at {ppi:.0f} ppi, below"
                    f" {PRINT_PPI}, and will look soft on paper; give an image at least"
                    f" {math.ceil(width / 72 * PRINT_PPI)} px wide",
                    warning=True,
                )
            )
    return out


Placement = Callable[["Layout", tuple[int, int]], float | None]


def _placements(valid: ValidBrief) -> Iterator[tuple[FieldPath, str, Placement]]:
    """(field, file, how wide a layout draws it from its pixels) of every picture."""

    def logo(layout: Layout, pixels: tuple[int, int]) -> float:
        return logo_width(pixels[1] / pixels[0], _text_width(layout))

    def photo(layout: Layout, _pixels: tuple[int, int]) -> float:
        return photo_width(_text_width(layout))

    def figure(share: float) -> Placement:
        def width(layout: Layout, pixels: tuple[int, int]) -> float | None:
            asked = _text_width(layout) * share
            # fewer pixels than MIN_DPI wants: placed narrower, low_resolution says so
            return None if pixels[0] * 72 / MIN_DPI < asked else asked

        return width

    for path, name in logo_fields(valid):
        yield path, name, logo
    for path, name in _photos(valid):
        yield path, name, photo
    for base, path, exhibit in _every_exhibit(valid):
        if isinstance(exhibit, Figure) and exhibit.image is not None:
            yield (*base, *path, "image"), exhibit.image, figure(exhibit.width)


def _carries(valid: ValidBrief, target: str, path: FieldPath) -> bool:
    """Whether the PDF of `target` (an edition, or "full") holds what `path` writes:
    an edition's override only its edition, the brief's own field every target
    that does not override it."""
    if path[0] == "editions":
        return path[1] == target
    return str(path[0]) not in valid.overridden.get(target, ())


def _pixel_size(data: bytes) -> tuple[int, int]:
    from PIL import Image  # only a brief with an image pays for importing Pillow

    with Image.open(io.BytesIO(data)) as image:  # the header only: decoded once already
        return int(image.size[0]), int(image.size[1])


def _text_width(layout: Layout) -> float:
    """The frame the renderer lays a figure out in: the trimmed page within its margins."""
    return layout.page.frame_width()


def _pixel_width(data: bytes) -> int:
    from PIL import Image  # only a brief with an image figure pays for importing Pillow

    with Image.open(io.BytesIO(data)) as image:  # the header only: decoded once already
        return int(image.size[0])
