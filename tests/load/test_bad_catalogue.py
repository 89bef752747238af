"""Bad and hostile input: the catalogue in tests/bad/, limits, and text that stays text.

Every case is built through the real CLI, as a user would: its whole stderr
must be the one recorded in cases.yaml (each problem at its file, line and
column, nothing more), and it must exit 1 and write nothing (or, for a warning,
exit 0 with a PDF that reads back).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from policybrief.load import yamlsource

from ..conftest import MINIMAL, ROOT, CliResult, assert_same_text, pdf_text
from ..render.test_separation import icc_cmyk

BAD = ROOT / "tests" / "bad"
CASES: list[dict[str, Any]] = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))


def _folder(tmp_path: Path) -> Path:
    """A brief's folder with the support files, and files just outside it."""
    outside = tmp_path / "outside"
    folder = outside / "brief"
    shutil.copytree(BAD / "files", folder / "files")
    # A layout's own fallback font (fonts.fallback): the OFL test fixture and its licence.
    shutil.copytree(ROOT / "tests" / "data" / "fonts", folder / "files" / "fonts")
    shutil.copy(BAD / "files" / "logo.png", outside / "secret.png")
    shutil.copy(BAD / "files" / "not-an-image.png", outside / "secret.ttf")
    (outside / "outside-layout.yaml").write_text("extends: standard\n", encoding="utf-8")
    return folder


def test_the_catalogue_lists_every_file_and_has_at_least_forty() -> None:
    listed = [case["file"] for case in CASES]
    on_disk = sorted(p.name for p in BAD.glob("*.yaml") if p.name != "cases.yaml")
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c["file"].removesuffix(".yaml") for c in CASES])
def test_catalogue_case_reports_exactly_its_diagnostics(
    cli: Callable[..., CliResult], tmp_path: Path, case: dict[str, Any], update_golden: bool
) -> None:
    folder = _folder(tmp_path)
    shutil.copy(BAD / case["file"], folder / case["file"])
    before = (folder / case["file"]).read_bytes()
    # A meeting pack (pack-*.yaml, issue 19) is built as one: with --pack.
    given = ("--pack", case["file"]) if case["file"].startswith("pack-") else (case["file"],)
    result = cli(*given, "--out-dir", "out", cwd=folder)
    if update_golden:
        _record(case["file"], result.err)
    else:
        assert_same_text(case.get("stderr", ""), result.err, f"stderr of tests/bad/{case['file']}")
    assert (folder / case["file"]).read_bytes() == before
    if case.get("warning"):
        assert result.code == 0, result.err
        pdf = folder / "out" / case["file"].replace(".yaml", ".pdf")
        assert len(PdfReader(pdf).pages) >= 1
    else:
        assert result.code == 1
        assert not (folder / "out").exists()


def _record(name: str, err: str) -> None:
    """Write ERR as case NAME's `stderr` in cases.yaml, leaving the rest of the file as it is.

    The YAML library finds where the case's value lies (node marks); only that span
    of the text is replaced, so comments and layout survive an update.
    """
    path = BAD / "cases.yaml"
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text)
    assert isinstance(root, yaml.SequenceNode)
    for item in root.value:
        pairs = {key.value: (key, value) for key, value in item.value}
        if pairs["file"][1].value != name:
            continue
        if "stderr" in pairs:
            key, value = pairs["stderr"]
            start, end = key.start_mark.index, value.end_mark.index
            old = text[start:end]
            block = _block(err) + "\n" * (len(old) - len(old.rstrip("\n")))
        else:  # a new case: its output goes right under its `file:`
            start = end = pairs["file"][1].end_mark.index
            block = "\n  " + _block(err)
        path.write_text(text[:start] + block + text[end:], encoding="utf-8")
        return
    raise AssertionError(f"{name} is not in cases.yaml")


def _block(err: str) -> str:
    """`stderr: |` and the lines, indented; a quoted string when a block cannot hold it.

    Ends without the newline that ends the line, as a plain scalar would.
    """
    lines = err.removesuffix("\n").split("\n")
    block = "stderr: |\n" + "\n".join(f"    {line}" if line else "" for line in lines)
    try:
        if err.endswith("\n") and yaml.safe_load(block + "\n") == {"stderr": err}:
            return block
    except yaml.YAMLError:  # a character YAML cannot hold unescaped
        pass
    return "stderr: " + json.dumps(err)  # a JSON string is a YAML double-quoted scalar


# --- limits too big to keep as files ------------------------------------------------------


def _report(brief_file: Callable[..., Path], cli: Callable[..., CliResult], text: str) -> str:
    path = brief_file(text)
    result = cli(path.name, cwd=path.parent)
    assert result.code == 1
    assert not (path.parent / "build").exists()
    return result.err


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    padding = "# " + "x" * 98 + "\n"
    text = MINIMAL + padding * (yamlsource.MAX_FILE_BYTES // len(padding) + 1)
    err = _report(brief_file, cli, text)
    assert (
        f"brief.yaml:1:1: error: file is larger than the limit of {yamlsource.MAX_FILE_BYTES}"
        in err
    )


def test_too_many_nodes_is_refused_at_the_node_over_the_limit(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    text = MINIMAL + "keywords: [" + "k," * yamlsource.MAX_NODES + "k]\n"
    err = _report(brief_file, cli, text)
    assert err.startswith("brief.yaml:13:")  # the keywords line, at the item over the limit
    assert f": error: more than {yamlsource.MAX_NODES} YAML nodes" in err


def test_a_text_over_the_length_limit_is_refused_at_its_line(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    words = "word " * (yamlsource.MAX_TEXT_CHARS // 5 + 1)
    err = _report(brief_file, cli, MINIMAL.replace("It will be fine.", words))
    size = len(words.strip())
    assert (
        f"brief.yaml:11:10: error: outlook: text of {size} characters; the limit is 100000" in err
    )


def test_a_fifo_named_like_a_brief_is_refused_not_waited_on(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    result = cli("pipe.yaml", cwd=tmp_path)
    assert result.code == 1
    assert "pipe.yaml:1:1: error: not a regular file" in result.err


def test_a_200_page_brief_is_inside_every_limit() -> None:
    """The benchmark's generated brief of 200 pages (0.85 MB) loads without a limit hit."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    raw = generate.brief_yaml(200).encode()
    assert len(raw) > 800_000
    doc = yamlsource.load_bytes(raw, "brief-200.yaml")
    assert len(doc.data["analysis"]) > 150 and not doc.warnings
    # Room for the 500-page one too (2.1 MB, 25,000 nodes).
    assert yamlsource.MAX_FILE_BYTES > 2_100_000 + 2_000_000
    assert yamlsource.MAX_NODES >= 4 * 25_000


# --- files outside the brief's folder, through symlinks ------------------------------------


def test_a_symlink_out_of_the_folder_is_outside_the_folder(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    (folder / "logo.png").symlink_to(folder.parent / "secret.png")
    (folder / "house.yaml").symlink_to(folder.parent / "outside-layout.yaml")
    text = MINIMAL.replace(
        "date: 2025-01-15\n",
        "date: 2025-01-15\nlayout: house.yaml\n"
        "organization:\n  name: Institute\n  logo: logo.png\n",
    )
    (folder / "brief.yaml").write_text(text, encoding="utf-8")
    result = cli("brief.yaml", cwd=folder)
    assert result.code == 1
    assert "brief.yaml:6:9: error: organization.logo: 'logo.png' is outside the brief's folder" in (
        result.err
    )
    # A logo problem stops the brief before any layout is read.
    folder.joinpath("logo.png").unlink()
    folder.joinpath("logo.png").symlink_to(folder / "files" / "logo.png")
    result = cli("brief.yaml", cwd=folder)
    assert "brief.yaml:3:9: error: layout: layout 'house.yaml' is outside the brief's folder" in (
        result.err
    )
    assert not (folder / "build").exists()


# --- what a brief says is data --------------------------------------------------------------


def test_yaml_1_1_surprises_stay_text(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    """`no`, `on`, `1.10` and `010` are what the user typed, not False, True, 1.1 and 8."""
    text = MINIMAL.replace(
        "title: Test Brief",
        "title: no\nsubtitle: 010\nseries: 1.10\nlanguage: no\nkeywords: [on, off, yes, 0x1F]",
    )
    path = brief_file(text)
    result = cli(path.name, cwd=path.parent)
    assert result.code == 0, result.err
    reader = PdfReader(path.parent / "build" / "brief.pdf")
    assert reader.metadata is not None
    assert reader.metadata.title == "no"
    assert reader.metadata.subject == "010"
    assert reader.metadata["/Keywords"] == "on, off, yes, 0x1F"
    assert "1.10" in pdf_text(path.parent / "build" / "brief.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "no"


HOSTILE = '<b>x</b> <img src="/etc/passwd"/> <font color=red>&amp; &lt;</font> <para>&#60;'
# The same set in English typography (titles, headings, labels and Markdown are): the
# quotes curled, every character of the markup still printed.
HOSTILE_SET = HOSTILE.replace('"/etc/passwd"', "“/etc/passwd”")


def test_hostile_text_in_every_plain_field_prints_as_typed(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    """Fields that are not Markdown go through reportlab escaping, never its markup."""
    brief = {
        "title": f"T {HOSTILE}",
        "subtitle": f"S {HOSTILE}",
        "series": f"R {HOSTILE}",
        "classification": f"C {HOSTILE}",
        "date": "2025-01-15",
        "authors": [
            {"name": f"A {HOSTILE}", "affiliation": f"F {HOSTILE}", "role": f"O {HOSTILE}"}
        ],
        "organization": {"name": f"G {HOSTILE}"},
        "background": "Some background [@r].",
        "options": {"items": [{"title": f"P {HOSTILE}", "text": "Leave it."}]},
        "analysis": [{"heading": f"H {HOSTILE}", "body": "Body."}],
        "pros_cons": {"pros": [{"label": f"L {HOSTILE}", "text": "Cheap."}], "cons": ["No."]},
        "outlook": "It will be fine.",
        "call_to_action": "Act now.",
        "references": [
            {
                "id": "r",
                "title": f"Q {HOSTILE}",
                "author": f"W {HOSTILE}",
                "publisher": f"U {HOSTILE}",
            }
        ],
        "editions": {"public": {"label": f"E {HOSTILE}"}},
    }
    text = yaml.safe_dump(brief, allow_unicode=True, width=1000)
    path = brief_file(text)
    result = cli(path.name, "--edition", "public", cwd=path.parent)
    assert result.code == 0, result.err
    printed = " ".join(pdf_text(path.parent / "build" / "brief--public.pdf").split())
    for lead in "GAFOQWU":  # names and references print exactly as typed
        assert f"{lead} {HOSTILE}" in printed, lead
    for lead in "TSPHL":  # title, subtitle, option, heading, label: typeset
        assert f"{lead} {HOSTILE_SET}" in printed, lead
    # Upper-cased on the cover, as typed in the header and footer.
    assert f"R {HOSTILE}".upper() in printed
    assert f"E {HOSTILE}".upper() in printed
    assert f"C {HOSTILE}" in printed


def test_raw_html_and_entities_in_markdown_print_as_typed(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    body = '"<div>block</div>\\n\\nAn &amp; entity, &#60;b&#62; and <span>inline</span>."'
    path = brief_file(MINIMAL.replace("Some background.", body))
    result = cli(path.name, cwd=path.parent)
    assert result.code == 0, result.err
    printed = " ".join(pdf_text(path.parent / "build" / "brief.pdf").split())
    assert "<div>block</div>" in printed
    assert "An &amp; entity, &#60;b&#62; and <span>inline</span>." in printed


def test_images_in_markdown_are_never_fetched_and_are_located_errors(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spec 1.1: a Markdown image is an error (a figure block holds pictures), at its
    column; nothing is fetched or read, and no PDF is written."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("make_brief opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    body = (
        '"A chart ![Figure 1: casualties](https://example.org/chart.png) and'
        ' ![local file](/etc/passwd) here."'
    )
    path = brief_file(MINIMAL.replace("Some background.", body))
    result = cli(path.name, cwd=path.parent)
    assert result.code == 1
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if "A chart" in text)
    first, second = lines[line - 1].index("![Figure 1") + 1, lines[line - 1].index("![local") + 1
    assert result.err.splitlines() == [
        f"brief.yaml:{line}:{first}: error: background: an image"
        " 'https://example.org/chart.png' in Markdown is not supported;"
        " make it a figure block with image and alt",
        f"brief.yaml:{line}:{second}: error: background: an image '/etc/passwd'"
        " in Markdown is not supported; make it a figure block with image and alt",
    ]
    assert not (path.parent / "build").exists()


def _images(page: Any) -> list[Any]:
    return [
        x
        for x in page["/Resources"]["/XObject"].values()
        if x.get_object().get("/Subtype") == "/Image"
    ]


# --- the logo ---------------------------------------------------------------------------------


def _with_logo(folder: Path, layout: str = "") -> str:
    extra = f"layout: {layout}\n" if layout else ""
    return MINIMAL.replace(
        "date: 2025-01-15\n",
        f"date: 2025-01-15\n{extra}organization:\n  name: Institute\n  logo: files/logo.png\n",
    )


def test_a_png_logo_is_drawn_on_the_first_page(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    (folder / "brief.yaml").write_text(_with_logo(folder), encoding="utf-8")
    result = cli("brief.yaml", cwd=folder)
    assert result.code == 0, result.err
    first = PdfReader(folder / "build" / "brief.pdf").pages[0]
    (image,) = [x.get_object() for x in _images(first)]
    assert (image["/Width"], image["/Height"]) == (240, 80)
    assert image["/ColorSpace"] == "/DeviceRGB"
    assert "/SMask" in image  # the transparent parts stay transparent on the band


def test_a_logo_in_a_cmyk_layout_is_cmyk(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "print.yaml").write_text("extends: standard\ncolor_model: cmyk\n", encoding="utf-8")
    (folder / "brief.yaml").write_text(_with_logo(folder, "print.yaml"), encoding="utf-8")
    result = cli("brief.yaml", cwd=folder)
    assert result.code == 0, result.err
    first = PdfReader(folder / "build" / "brief.pdf").pages[0]
    (image,) = [x.get_object() for x in _images(first)]
    assert image["/ColorSpace"] == "/DeviceCMYK"


SVG_LOGO = """\
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">
  <style>.a { fill: #c8102e; }</style>
  <rect width="40" height="40" class="a"/>
  <circle cx="60" cy="20" r="18" fill="#0b5563" stroke="#ffffff" stroke-width="2"/>
  <path d="M85 5 L115 5 L100 35 Z" fill="#f2a900"/>
</svg>
"""


@pytest.mark.parametrize("cmyk", [False, True])
def test_an_svg_logo_is_drawn_as_vectors_with_no_font_of_its_own(
    cli: Callable[..., CliResult], tmp_path: Path, cmyk: bool
) -> None:
    """spec: a logo may be PNG, JPEG or SVG. The SVG's shapes are drawn as PDF paths
    (no image), in CMYK for a CMYK layout (through the shipped ICC profiles, not by
    formula), and reportlab's default Helvetica never reaches the file."""

    folder = _folder(tmp_path)
    (folder / "files" / "logo.svg").write_text(SVG_LOGO, encoding="utf-8")
    (folder / "print.yaml").write_text("extends: standard\ncolor_model: cmyk\n", encoding="utf-8")
    text = _with_logo(folder, "print.yaml" if cmyk else "").replace("logo.png", "logo.svg")
    (folder / "brief.yaml").write_text(text, encoding="utf-8")
    result = cli("brief.yaml", cwd=folder)
    assert result.code == 0, result.err
    reader = PdfReader(folder / "build" / "brief.pdf")
    first = reader.pages[0]
    assert not _images(first)
    content = first.get_contents().get_data()
    if cmyk:
        red = icc_cmyk((200, 16, 46))
        # Through FOGRA39: M ~100, K ~6; the formula (full black generation) said K 22.
        assert red[3] < 0.1 and red[1] > 0.9
        fills = [
            tuple(float(v) for v in m.groups())
            for m in re.finditer(rb"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) k\b", content)
        ]
        assert any(all(abs(a - b) < 1e-3 for a, b in zip(f, red, strict=True)) for f in fills)
        assert not re.search(rb"\b(rg|RG)\b", content)
    else:
        assert b".784314 .062745 .180392 rg" in content  # the class's #c8102e
    fonts = {str(f.get_object()["/BaseFont"]) for f in first["/Resources"]["/Font"].values()}
    assert not [f for f in fonts if "Helvetica" in f]


def test_a_jpeg_logo_is_embedded_as_it_is(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    from PIL import Image

    folder = _folder(tmp_path)
    Image.new("RGB", (120, 40), (200, 40, 40)).save(folder / "files" / "logo.jpg", quality=90)
    text = _with_logo(folder).replace("files/logo.png", "files/logo.jpg")
    (folder / "brief.yaml").write_text(text, encoding="utf-8")
    result = cli("brief.yaml", cwd=folder)
    assert result.code == 0, result.err
    first = PdfReader(folder / "build" / "brief.pdf").pages[0]
    (image,) = [x.get_object() for x in _images(first)]
    filters = image["/Filter"]
    filters = filters if isinstance(filters, list) else [filters]
    assert "/DCTDecode" in filters  # the JPEG's own bytes, not decoded and re-encoded
    assert (image["/Width"], image["/Height"]) == (120, 40)


def test_check_reports_a_bad_logo_without_building(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    text = _with_logo(folder).replace("files/logo.png", "files/logo.svg")
    (folder / "brief.yaml").write_text(text, encoding="utf-8")
    result = cli("--check", "brief.yaml", cwd=folder)
    assert result.code == 1
    assert "brief.yaml:5:9: error: organization.logo: 'files/logo.svg' refers to" in result.err


# --- text that costs the engine more than it looks ---------------------------------------


def test_a_url_too_long_for_a_qr_code_prints_without_one(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    """The handout layout prints QR codes; 980 euro signs (3 bytes each) overflow any."""
    url = "https://example.org/" + "€" * 980
    text = (
        MINIMAL.replace("title: Test Brief", "title: Test Brief\nlayout: handout").replace(
            "Some background.", "Some background [@a]."
        )
        + f"references:\n  - id: a\n    title: A long address\n    url: {url}\n"
    )
    path = brief_file(text)
    result = cli(path.name, cwd=path.parent)
    assert result.code == 0, result.err
    printed = "".join(pdf_text(path.parent / "build" / "brief.pdf").split())
    assert "Alongaddress" in printed
    assert "€" * 100 in printed


def test_only_real_words_are_hyphenated() -> None:
    """reportlab measures every hyphenation point: a long non-word must have none."""
    from policybrief.render.hyphenation import MAX_HYPHENATED, Hyphenator

    hyphenate = Hyphenator("en_GB")
    assert list(hyphenate("hyphenation"))  # real words still break at their syllables
    word = "hyphenation" * (MAX_HYPHENATED // 11)
    assert list(hyphenate(word))
    assert list(hyphenate(word + "hyphenation")) == []
