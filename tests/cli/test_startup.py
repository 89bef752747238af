"""A cold build does only the work its brief needs: measured in a fresh process,
because this test process has long since imported and registered everything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from ..conftest import EXAMPLE, ROOT

PROBE = """
import json, sys
from policybrief.cli import main
code = main(sys.argv[1:])
from reportlab.pdfbase import pdfmetrics
parsed = sorted(
    pdfmetrics.getFont(name).face.name.decode()
    for name in pdfmetrics.getRegisteredFontNames()
    if "_unparsed" not in vars(pdfmetrics.getFont(name).face)
)
print(json.dumps({"code": code, "parsed": parsed, "modules": sorted(sys.modules)}))
"""


def _cold_build(tmp_path: Path, *args: str) -> dict:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args, "--quiet", "--out-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


def _embedded_fonts(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_a_cold_build_parses_only_the_fonts_it_prints(tmp_path: Path) -> None:
    result = _cold_build(tmp_path, str(EXAMPLE), "--edition", "full")
    assert result["code"] == 0
    printed = _embedded_fonts(tmp_path / "us-security-guarantees-ukraine.pdf")
    assert set(result["parsed"]) == printed
    assert "NotoSansMono-Regular" not in printed  # the example has no code: mono stays unread


def test_a_brief_without_qr_codes_never_imports_the_qr_encoder(tmp_path: Path) -> None:
    # pypdf is imported by every build since every PDF carries its provenance (spec cli.md
    # 1.1), written as an incremental update that costs only the objects it adds.
    result = _cold_build(tmp_path, str(EXAMPLE), "--edition", "full")
    assert result["code"] == 0
    assert "reportlab.graphics.barcode.qr" not in result["modules"]


def test_the_parsed_hyphenation_dictionary_is_cached_and_a_bad_cache_is_ignored(
    tmp_path: Path, monkeypatch
) -> None:
    import pyphen

    from policybrief.render import hyphenation

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dic = Path(pyphen.LANGUAGES["en_GB"])
    parsed = hyphenation._cached_dictionary(dic, pyphen)
    [cached_file] = hyphenation.cache_dir().glob("*.marshal")
    reread = hyphenation._cached_dictionary(dic, pyphen)
    assert reread.patterns == pyphen.HyphDict(dic).patterns == parsed.patterns
    words = ["international", "nonproliferation", "guarantees", "unprecedented"]
    assert [reread.positions(w) for w in words] == [parsed.positions(w) for w in words]

    cached_file.write_bytes(b"\xff not marshal data")
    assert hyphenation._cached_dictionary(dic, pyphen).patterns == parsed.patterns
    assert hyphenation._read(cached_file) is not None  # rewritten whole


def test_an_unwritable_cache_folder_costs_a_parse_not_a_build(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    env = {**os.environ, "XDG_CACHE_HOME": str(blocked)}
    first = tmp_path / "first.pdf"
    for out in (first, tmp_path / "second.pdf"):
        subprocess.run(
            [sys.executable, "make_brief.py", str(EXAMPLE), "--edition", "full", "-o", str(out)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    assert first.read_bytes() == (tmp_path / "second.pdf").read_bytes()
    assert blocked.is_file()


def test_no_home_folder_for_the_cache_costs_a_parse_not_a_build(monkeypatch) -> None:
    import pyphen

    from policybrief.render import hyphenation

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", no_home)
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation._pyphen.cache_clear()
    try:
        pairs = list(hyphenation.Hyphenator("en_GB")("international"))
    finally:
        hyphenation._pyphen.cache_clear()
    assert ("inter", "national") in pairs
