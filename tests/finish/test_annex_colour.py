"""An RGB annex in a CMYK build: read back, no page paints RGB any more (text, fills,
strokes, images, form XObjects), the inks are the output profile's, PDF/A-2b holds;
what cannot be converted is an error at the annex's line naming its file and page,
and leaves the previous PDF alone."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from policybrief.render.fonts import FONTS_DIR

from .. import structure
from ..conftest import MINIMAL, CliResult
from ..render.test_separation import close, icc_cmyk

try:
    import page
except ImportError as exc:  # a test dependency: never skip these quietly
    raise ImportError("page-validation is missing: pip install -e '.[test]'") from exc

WITH_ANNEX = MINIMAL + "annexes:\n  - title: The data\n    file: annex.pdf\n"
RED, BLUE = (255, 0, 0), (0, 0, 255)


def rgb_annex(pages: int = 1, shading: bool = False) -> bytes:
    """Pages drawn in RGB as reportlab draws them: red and black text, a filled and
    stroked rectangle, a red-and-blue image, a form XObject (an orange disc)."""
    pdfmetrics.registerFont(TTFont("AnnexSans", str(FONTS_DIR / "NotoSans-Regular.ttf")))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(595, 842), initialFontName="AnnexSans")
    picture = Image.new("RGB", (64, 32), RED)
    picture.paste(BLUE, (32, 0, 64, 32))
    for n in range(pages):
        c.setFont("AnnexSans", 14)
        c.setFillColorRGB(1, 0, 0)
        c.drawString(72, 760, f"Red text on page {n + 1}")
        c.setFillColorRGB(0, 0, 0)
        c.drawString(72, 740, "Black text")
        c.setFillColorRGB(0.2, 0.5, 0.3)
        c.setStrokeColorRGB(0, 0, 1)
        c.rect(72, 600, 200, 100, fill=1, stroke=1)
        c.drawImage(ImageReader(picture), 300, 600, 128, 64)
        c.beginForm(f"disc{n}")
        c.setFillColorRGB(0.9, 0.6, 0.1)
        c.circle(100, 100, 40, fill=1, stroke=0)
        c.endForm()
        c.doForm(f"disc{n}")
        if shading and n == pages - 1:
            c.linearGradient(72, 300, 272, 400, ((1, 0, 0), (0, 0, 1)))
        c.showPage()
    c.save()
    return buffer.getvalue()


# --- the checker ------------------------------------------------------------------------


def rgb_paint(reader: PdfReader) -> list[str]:
    """Everything on any page that paints or names RGB: colour operators, colour spaces
    set, images (in the page's content and every form it draws), groups."""
    found: list[str] = []
    for number, pg in enumerate(reader.pages, start=1):
        painted = _rgb_in(pg.get_contents(), pg.get("/Resources"), 0)
        found += [f"page {number}: {what}" for what in painted]
        group = pg.get("/Group")
        if group is not None and group.get_object().get("/CS") == "/DeviceRGB":
            found.append(f"page {number}: an RGB transparency group")
    return found


def _rgb_in(content: object, resources: object, depth: int) -> Iterator[str]:
    if content is None or depth > 8:
        return
    res = resources.get_object() if resources is not None else {}  # type: ignore[attr-defined]
    spaces = res.get("/ColorSpace") or {}
    xobjects = res.get("/XObject") or {}
    for operands, op in ContentStream(content, None).operations:
        if op in (b"rg", b"RG"):
            yield f"{op.decode()} {[float(v) for v in operands]}"
        elif op in (b"cs", b"CS"):
            space = spaces.get(operands[0], operands[0])
            if "RGB" in str(space.get_object() if hasattr(space, "get_object") else space):
                yield f"{op.decode()} {operands[0]}"
        elif op == b"Do":
            x = xobjects[operands[0]].get_object()
            if x["/Subtype"] == "/Image" and "RGB" in str(x.get("/ColorSpace")):
                yield f"an RGB image {operands[0]}"
            elif x["/Subtype"] == "/Form":
                yield from _rgb_in(x, x.get("/Resources") or resources, depth + 1)


def fills_before(pg: object, text: str) -> tuple[float, ...]:
    """The last `k` fill set before `text` is shown on the page."""
    fill: tuple[float, ...] = ()
    for operands, op in pg.get_contents().operations:  # type: ignore[attr-defined]
        if op == b"k":
            fill = tuple(float(v) for v in operands)
        elif op == b"Tj" and text in str(operands[0]):
            return fill
    raise AssertionError(f"{text!r} not shown")


# --- building ---------------------------------------------------------------------------


@pytest.fixture
def annexed(tmp_path: Path) -> Path:
    (tmp_path / "annex.pdf").write_bytes(rgb_annex())
    path = tmp_path / "brief.yaml"
    path.write_text(WITH_ANNEX, encoding="utf-8")
    return path


def test_the_checker_sees_the_rgb_of_the_annex_in_an_rgb_layout(
    cli: Callable[..., CliResult], annexed: Path
) -> None:
    """The converse, so that the CMYK test can fail: the standard layout keeps the annex's RGB."""
    assert cli(annexed, "--edition", "full", "-o", "out.pdf").code == 0
    found = rgb_paint(PdfReader(annexed.parent / "out.pdf"))
    assert any("rg" in f for f in found) and any("image" in f for f in found), found


def test_a_cmyk_build_leaves_no_rgb_on_any_annex_page(
    cli: Callable[..., CliResult], annexed: Path
) -> None:
    result = cli(annexed, "--edition", "full", "--layout", "handout", "-o", "out.pdf")
    assert result.code == 0, result.err
    reader = PdfReader(annexed.parent / "out.pdf")
    assert len(reader.pages) == 2
    assert rgb_paint(reader) == []
    red = fills_before(reader.pages[1], "Red text")
    c, m, y, k = red
    assert c < 0.02 and 0.9 <= m <= 1 and 0.8 <= y <= 1 and k < 0.02, red
    assert close(red, icc_cmyk(RED), 0.5 / 255)
    assert fills_before(reader.pages[1], "Black text") == (0, 0, 0, 1)  # the black plate alone
    assert "Red text on page 1" in reader.pages[1].extract_text()


def test_an_annex_image_is_separated_pixel_by_pixel(
    cli: Callable[..., CliResult], annexed: Path
) -> None:
    assert cli(annexed, "--edition", "full", "--layout", "handout", "-o", "out.pdf").code == 0
    reader = PdfReader(annexed.parent / "out.pdf")
    images = [
        x.get_object()
        for x in reader.pages[1]["/Resources"]["/XObject"].values()
        if x.get_object()["/Subtype"] == "/Image"
    ]
    (image,) = images
    assert image["/ColorSpace"] == "/DeviceCMYK"
    pixels = Image.frombytes("CMYK", (64, 32), image.get_data())
    for x, rgb in ((10, RED), (50, BLUE)):
        ink = tuple(v / 255 for v in pixels.getpixel((x, 10)))  # type: ignore[union-attr]
        assert close(ink, icc_cmyk(rgb), 1 / 255), (rgb, ink)


def test_a_cmyk_build_with_an_rgb_annex_passes_pdfa_2b_and_stays_tagged(
    cli: Callable[..., CliResult], annexed: Path
) -> None:
    args = ("--edition", "full", "--layout", "handout", "-o", "out.pdf")
    result = cli(annexed, *args, "--pdf-standard", "pdfa-2b")
    assert result.code == 0, result.err
    out = annexed.parent / "out.pdf"
    report = page.validate_pdf(str(out), profile="2b")
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert structure.check(out.read_bytes()) == []


def test_an_rgb_shading_is_an_error_at_the_annex_naming_file_and_page(
    cli: Callable[..., CliResult], annexed: Path
) -> None:
    (annexed.parent / "annex.pdf").write_bytes(rgb_annex(pages=3, shading=True))
    out = annexed.parent / "out.pdf"
    out.write_bytes(b"%PDF- the previous good build")
    result = cli(annexed, "--edition", "full", "--layout", "handout", "-o", out)
    assert result.code == 1
    assert result.err.startswith(
        "brief.yaml:15:11: error: annexes[0].file: annex 'annex.pdf' page 3 uses a DeviceRGB"
        " shading, which a CMYK build cannot convert: convert the annex to CMYK first, or"
        " use an RGB layout (layout 'handout' is CMYK)"
    ), result.err
    assert "Traceback" not in result.err
    assert out.read_bytes() == b"%PDF- the previous good build"
    # The same annex in an RGB layout is welcome.
    assert cli(annexed, "--edition", "full", "-o", out).code == 0


def test_an_indexed_rgb_image_gets_its_palette_separated(
    cli: Callable[..., CliResult], annexed: Path
) -> None:
    """A palette image (as many PDF producers write PNGs): only its lookup table changes."""
    writer = PdfWriter(clone_from=io.BytesIO(rgb_annex()))
    palette = DecodedStreamObject()
    palette.set_data(bytes((*RED, *BLUE)))
    for ref in writer.pages[0]["/Resources"]["/XObject"].values():
        image = ref.get_object()
        if image["/Subtype"] == "/Image":
            indexed = [NameObject("/Indexed"), NameObject("/DeviceRGB"), NumberObject(1)]
            image[NameObject("/ColorSpace")] = ArrayObject([*indexed, writer._add_object(palette)])
            image.set_data(bytes(i // 32 for _ in range(32) for i in range(64)))
            image.pop("/SMask", None)
    buffer = io.BytesIO()
    writer.write(buffer)
    (annexed.parent / "annex.pdf").write_bytes(buffer.getvalue())
    assert cli(annexed, "--edition", "full", "--layout", "handout", "-o", "out.pdf").code == 0
    reader = PdfReader(annexed.parent / "out.pdf")
    (image,) = [
        x.get_object()
        for x in reader.pages[1]["/Resources"]["/XObject"].values()
        if x.get_object()["/Subtype"] == "/Image"
    ]
    space = image["/ColorSpace"]
    assert space[0] == "/Indexed" and space[1] == "/DeviceCMYK"
    lookup = space[3].get_object()
    table = lookup.get_data() if hasattr(lookup, "get_data") else lookup.original_bytes
    assert close(tuple(v / 255 for v in table[:4]), icc_cmyk(RED), 0.5 / 255)
    assert rgb_paint(reader) == []


def test_separating_an_annex_costs_little(
    cli: Callable[..., CliResult], annexed: Path
) -> None:
    """Five annex pages: the CMYK build's conversion against the same build's RGB copy
    (the commit message gives the numbers measured)."""
    (annexed.parent / "annex.pdf").write_bytes(rgb_annex(pages=5))
    args = ("--edition", "full", "-o", "out.pdf")
    cli(annexed, *args, "--layout", "handout")  # warm
    started = time.perf_counter()
    assert cli(annexed, *args, "--layout", "handout").code == 0
    cmyk = time.perf_counter() - started
    assert cmyk < 5, cmyk  # generous on a shared machine: a guard against a pathological walk


PACK = """\
title: Print-shop meeting
date: 2026-03-01
layout: handout
agenda:
  - item: A brief with an RGB annex (standard layout, laid out in CMYK here)
    brief: ../briefs/brief.yaml
"""


def test_a_cmyk_pack_separates_its_briefs_rgb_annexes(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """The pack's colour model applies to the annexes too: PDF/A-2b with the FOGRA39
    intent holds, where the RGB annex used to make it an error."""
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "annex.pdf").write_bytes(rgb_annex(pages=2))
    (tmp_path / "briefs" / "brief.yaml").write_text(WITH_ANNEX, encoding="utf-8")
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "meeting.yaml").write_text(PACK, encoding="utf-8")
    args = ("--pack", "packs/meeting.yaml", "--pdf-standard", "pdfa-2b", "--out-dir", "o")
    result = cli(*args, cwd=tmp_path)
    assert result.code == 0, result.err
    out = tmp_path / "o" / "meeting.pack.pdf"
    reader = PdfReader(out)
    assert rgb_paint(reader) == []
    assert sum("Red text on page" in p.extract_text() for p in reader.pages) == 2
    report = page.validate_pdf(str(out), profile="2b")
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]


def _with_colour_space(space: object, writer: PdfWriter) -> bytes:
    """The one-page annex with its red text painted in `space` (/CS0 cs 1 0 0 scn)."""
    pg = writer.pages[0]
    resources = pg["/Resources"].get_object()
    resources[NameObject("/ColorSpace")] = writer._add_object(
        DictionaryObject({NameObject("/CS0"): space})
    )
    content = pg.get_contents()
    assert content is not None
    ops = content.operations
    at = next(i for i, (args, op) in enumerate(ops) if op == b"rg")
    ops[at : at + 1] = [([NameObject("/CS0")], b"cs"), (ops[at][0], b"scn")]
    content.operations = ops
    pg.replace_contents(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_an_icc_tagged_rgb_colour_is_separated_from_its_own_profile(
    cli: Callable[..., CliResult], annexed: Path
) -> None:
    from ..render.test_separation import ICC

    writer = PdfWriter(clone_from=io.BytesIO(rgb_annex()))
    profile = DecodedStreamObject()
    profile.set_data((ICC / "sRGB.icc").read_bytes())
    profile[NameObject("/N")] = NumberObject(3)
    space = ArrayObject([NameObject("/ICCBased"), writer._add_object(profile)])
    (annexed.parent / "annex.pdf").write_bytes(_with_colour_space(space, writer))
    result = cli(annexed, "--edition", "full", "--layout", "handout", "-o", "out.pdf")
    assert result.code == 0, result.err
    reader = PdfReader(annexed.parent / "out.pdf")
    ops = reader.pages[1].get_contents().operations
    at = next(i for i, (args, op) in enumerate(ops) if op == b"cs")
    assert ops[at][0] == ["/DeviceCMYK"]
    assert close(tuple(float(v) for v in ops[at + 1][0]), icc_cmyk(RED), 0.5 / 255)
    assert rgb_paint(reader) == []


def test_lab_colour_is_an_error_naming_the_page(
    cli: Callable[..., CliResult], annexed: Path
) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(rgb_annex()))
    white = ArrayObject([FloatObject(v) for v in (0.9505, 1.0, 1.089)])
    lab = ArrayObject([NameObject("/Lab"), DictionaryObject({NameObject("/WhitePoint"): white})])
    (annexed.parent / "annex.pdf").write_bytes(_with_colour_space(lab, writer))
    result = cli(annexed, "--edition", "full", "--layout", "handout", "-o", "out.pdf")
    assert result.code == 1
    assert "annexes[0].file: annex 'annex.pdf' page 1 uses Lab colour, which a CMYK" in result.err
    assert not (annexed.parent / "out.pdf").exists()
