"""`load.fontfiles`: a layout's fallback font checked, and its character map read,
without reportlab (issue 17 item 3).

What it reads must be what reportlab draws with: the test compares the two on every
shipped font and the test fixture. A damaged or hostile file is an AssetError with a
reason, never another exception, and never a walk of millions of codes.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import struct
import time
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from policybrief.load import fontfiles
from policybrief.load.files import AssetError
from policybrief.load.fontfiles import checked_font

from ..conftest import ROOT

FONTS = sorted((ROOT / "policybrief" / "fonts").glob("*.ttf"))
FIXTURE = ROOT / "tests" / "data" / "fonts" / "TestHan-Regular.ttf"


def codes(folder: Path, name: str) -> set[int]:
    coverage = checked_font(folder, name).coverage
    return {c for a, b in zip(coverage.starts, coverage.ends, strict=True) for c in range(a, b + 1)}


@pytest.mark.parametrize("path", [*FONTS, FIXTURE], ids=lambda p: p.name)
def test_the_character_map_read_is_the_one_reportlab_draws_with(path: Path) -> None:
    drawn = {c for c, glyph in TTFontFile(str(path)).charToGlyph.items() if glyph != 0}
    assert codes(path.parent, path.name) == drawn


def test_the_fixture_has_its_han_characters_and_nothing_else_printable() -> None:
    found = codes(FIXTURE.parent, FIXTURE.name)
    assert {chr(c) for c in found} == set("中日田王一二三十口■ \u00a0")


def copy_as(tmp_path: Path, name: str, data: bytes) -> str:
    (tmp_path / name).write_bytes(data)
    return name


@pytest.mark.parametrize(
    ("head", "says"),
    [
        (b"OTTO", "an OpenType font with PostScript (CFF) outlines"),
        (b"ttcf", "a font collection (.ttc)"),
        (b"wOFF", "a web font (WOFF)"),
        (b"wOF2", "a web font (WOFF2)"),
        (b"\x89PNG", "is not a TrueType font (its content says otherwise"),
    ],
)
def test_a_file_that_is_no_truetype_font_says_what_it_is(
    tmp_path: Path, head: bytes, says: str
) -> None:
    name = copy_as(tmp_path, "font.ttf", head + b"\0" * 200)
    with pytest.raises(AssetError) as refused:
        checked_font(tmp_path, name)
    assert str(refused.value).startswith("'font.ttf' ")
    assert says in str(refused.value)


def test_files_follow_the_layouts_folder_rules(tmp_path: Path) -> None:
    (tmp_path / "layout").mkdir()
    shutil.copy(FIXTURE, tmp_path / "outside.ttf")
    refused = {
        "../outside.ttf": "'../outside.ttf' is outside the layout's folder",
        "https://example.org/f.ttf": "is a URL; only files beside the layout can be used",
        "missing.ttf": "file 'missing.ttf' not found",
    }
    for name, message in refused.items():
        with pytest.raises(AssetError, match=re.escape(message)):
            checked_font(tmp_path / "layout", name)


def test_a_font_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(FIXTURE, tmp_path)
    monkeypatch.setattr(fontfiles, "MAX_FONT_BYTES", 1000)
    with pytest.raises(AssetError, match=r"is \d+ bytes; the limit for a font is 1000"):
        checked_font(tmp_path, FIXTURE.name)


def test_every_truncation_and_every_damaged_byte_is_an_asset_error_or_a_font(
    tmp_path: Path,
) -> None:
    data = FIXTURE.read_bytes()
    variants = [data[:n] for n in range(0, len(data), 7)]
    variants += [data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :] for i in range(0, len(data), 5)]
    for variant in variants:
        (tmp_path / "f.ttf").write_bytes(variant)
        with contextlib.suppress(AssetError):
            checked_font(tmp_path, "f.ttf")


# --- hand-made fonts: only the tables the reader looks at carry content -------------------


def sfnt(tables: dict[str, bytes]) -> bytes:
    """A TrueType file of these tables (and empty ones for the rest reportlab needs)."""
    tables = dict.fromkeys(("glyf", "loca", "head", "hhea", "hmtx", "name"), b"") | tables
    out = struct.pack(">4sHHHH", b"\0\1\0\0", len(tables), 0, 0, 0)
    offset = 12 + 16 * len(tables)
    body = b""
    for tag, content in tables.items():
        out += struct.pack(">4sLLL", tag.encode(), 0, offset + len(body), len(content))
        body += content
    return out + body


def maxp(glyphs: int) -> bytes:
    return struct.pack(">LH", 0x5000, glyphs)


def cmap_format12(groups: list[tuple[int, int, int]]) -> bytes:
    sub = struct.pack(">HHLLL", 12, 0, 16 + 12 * len(groups), 0, len(groups))
    sub += b"".join(struct.pack(">LLL", *g) for g in groups)
    return struct.pack(">HHHHL", 0, 1, 3, 10, 12) + sub


def test_a_group_of_every_code_point_is_read_as_a_range_not_walked(tmp_path: Path) -> None:
    groups = [(0, 0xFFFFFFFF, 1)] * 2000  # 2,000 groups of every code point, and more
    font = sfnt({"maxp": maxp(100), "cmap": cmap_format12(groups)})
    name = copy_as(tmp_path, "wide.ttf", font)
    started = time.perf_counter()
    coverage = checked_font(tmp_path, name).coverage
    assert time.perf_counter() - started < 1.0
    # Codes 0..98 reach glyphs 1..99; the rest would be glyphs the font does not have.
    # (A no-break space prints as the space, as reportlab sets it.)
    assert (coverage.starts, coverage.ends) == ((0, 0xA0), (98, 0xA0))


def test_a_group_starting_on_notdef_leaves_that_code_out(tmp_path: Path) -> None:
    groups = [(0x4E00, 0x4E02, 0)]
    name = copy_as(tmp_path, "f.ttf", sfnt({"maxp": maxp(10), "cmap": cmap_format12(groups)}))
    coverage = checked_font(tmp_path, name).coverage
    assert (coverage.starts, coverage.ends) == ((0x4E01,), (0x4E02,))


def test_a_font_whose_licence_forbids_embedding_is_refused(tmp_path: Path) -> None:
    os2 = struct.pack(">HhHHH", 4, 500, 400, 5, 0x0002) + b"\0" * 80
    font = sfnt({"maxp": maxp(10), "cmap": cmap_format12([(65, 66, 1)]), "OS/2": os2})
    name = copy_as(tmp_path, "f.ttf", font)
    with pytest.raises(AssetError, match=r"its licence bits \(OS/2 fsType 0x0002\) forbid"):
        checked_font(tmp_path, name)


def test_a_font_without_a_table_reportlab_needs_names_it(tmp_path: Path) -> None:
    font = sfnt({"maxp": maxp(10)})
    name = copy_as(tmp_path, "f.ttf", font)
    expected = "'f.ttf' is not a usable TrueType font (it has no cmap"
    with pytest.raises(AssetError, match=re.escape(expected)):
        checked_font(tmp_path, name)
