"""Print-ready and archival output, read back from the PDF as a printer and an archive see it.

Page boxes, crop marks, the title band in the bleed, CMYK-only content,
classification and DRAFT on every page, QR codes, PDF/A-2b. Content streams
are walked with a small interpreter (`Ink`) that follows q/Q, cm, colours,
rectangles and lines through form XObjects, so assertions are about where
ink lands on the paper.
"""

from __future__ import annotations

import io
import itertools
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ContentStream, DecodedStreamObject, NameObject

from policybrief.finish import pdfa
from policybrief.finish.matrix import IDENTITY, Matrix, apply, mul
from policybrief.load import layouts

from ..conftest import EXAMPLE, MINIMAL, page_fonts

MM = 72 / 25.4
HANDOUT = layouts.load(layouts.LAYOUTS_DIR / "handout.yaml").layout
A4 = (210 * MM, 297 * MM)
LETTER = (8.5 * 72, 11 * 72)

# --- reading ink back -----------------------------------------------------------------

COLOUR_OPS = {b"rg", b"RG", b"k", b"K", b"g", b"G", b"sc", b"SC", b"scn", b"SCN"}


@dataclass
class Ink:
    """What a page puts on paper: filled rectangles, stroked lines, colour operators."""

    rects: list[tuple[tuple[float, ...], tuple[float, float, float, float]]] = field(
        default_factory=list
    )  # (fill colour, (x0, y0, x1, y1) on the page)
    lines: list[tuple[tuple[float, ...], tuple[float, float, float, float]]] = field(
        default_factory=list
    )  # (stroke colour, (x0, y0, x1, y1) on the page)
    colour_ops: list[tuple[bytes, tuple[float, ...]]] = field(default_factory=list)
    colour_spaces: list[str] = field(default_factory=list)  # names given to cs/CS
    forms: list[tuple[str, Matrix]] = field(default_factory=list)  # (name, where it is drawn)


def ink(reader: PdfReader, page: PageObject) -> Ink:
    out = Ink()
    _walk(reader, page.get_contents(), page.get("/Resources"), IDENTITY, out, 0)
    return out


def _walk(reader: PdfReader, content: object, resources: object, ctm: Matrix, out: Ink, depth: int):
    if content is None or depth > 8:
        return
    res = resources.get_object() if resources is not None else {}  # type: ignore[attr-defined]
    xobjects = res.get("/XObject") or {}
    stack: list[tuple[Matrix, tuple[float, ...], tuple[float, ...]]] = []
    fill: tuple[float, ...] = (0.0,)
    stroke: tuple[float, ...] = (0.0,)
    point = (0.0, 0.0)
    for operands, op in ContentStream(content, reader).operations:
        nums = tuple(float(v) for v in operands if isinstance(v, int | float))
        if op == b"q":
            stack.append((ctm, fill, stroke))
        elif op == b"Q":
            ctm, fill, stroke = stack.pop()
        elif op == b"cm":
            ctm = mul(nums, ctm)  # type: ignore[arg-type]
        elif op in COLOUR_OPS:
            out.colour_ops.append((op, nums))
            if op in (b"rg", b"k", b"g", b"sc", b"scn"):
                fill = nums
            else:
                stroke = nums
        elif op in (b"cs", b"CS"):
            out.colour_spaces.append(str(operands[0]))
        elif op == b"re":
            x, y, w, h = nums
            (x0, y0), (x1, y1) = apply(ctm, x, y), apply(ctm, x + w, y + h)
            out.rects.append((fill, (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))))
        elif op == b"m":
            point = apply(ctm, *nums)
        elif op == b"l":
            end = apply(ctm, *nums)
            out.lines.append((stroke, (*point, *end)))
            point = end
        elif op == b"Do":
            form = xobjects[operands[0]].get_object()
            out.forms.append((str(operands[0]), ctm))
            if form.get("/Subtype") == "/Form":
                matrix = tuple(float(v) for v in form.get("/Matrix", IDENTITY))
                _walk(reader, form, form.get("/Resources"), mul(matrix, ctm), out, depth + 1)  # type: ignore[arg-type]


def every_object(reader: PdfReader) -> Iterator[object]:
    for number in range(1, reader.trailer["/Size"]):
        try:
            yield reader.get_object(number)
        except Exception:  # free entries in the xref table
            continue


def box(value: object) -> tuple[float, ...]:
    return tuple(round(float(v), 2) for v in value)  # type: ignore[attr-defined]


# --- building ---------------------------------------------------------------------------

LONG_BACKGROUND = "background: |\n" + "\n".join(
    f"  Paragraph {n} of the background, long enough that the brief runs over more than one"
    " page in every layout, so that what must be on every page is tested on several.\n"
    for n in range(40)
)
DRAFT_CLASSIFIED = (
    MINIMAL.replace(
        "title: Test Brief\n",
        "title: Test Brief\nclassification: OFFICIAL-SENSITIVE\nstatus: draft\n",
    ).replace("background: Some background.\n", LONG_BACKGROUND)
    + "references:\n"
    "  - id: a\n    title: First source\n    url: https://example.org/a\n"
    "  - id: b\n    title: Second source\n    url: https://example.org/some/longer/path?q=1\n"
    "  - id: c\n    title: Third source, no URL\n"
)


def build(cli, brief: Path, *args: str) -> Path:  # type: ignore[no-untyped-def]
    out = brief.with_name(f"{brief.stem}-{abs(hash(args))}.pdf")
    result = cli(brief, "--edition", "full", "-o", out, "--quiet", *args)
    assert result.code == 0, result.err
    return out


@pytest.fixture
def handout_draft(cli, brief_file) -> Path:  # type: ignore[no-untyped-def]
    return build(cli, brief_file(DRAFT_CLASSIFIED), "--layout", "handout")


# --- page boxes -------------------------------------------------------------------------


@pytest.mark.parametrize(("layout", "size"), [("standard", A4), ("letter", LETTER)])
def test_without_bleed_every_box_is_the_trimmed_page(cli, brief_file, layout, size) -> None:
    reader = PdfReader(build(cli, brief_file(), "--layout", layout))
    expected = (0.0, 0.0, round(size[0], 2), round(size[1], 2))
    for page in reader.pages:
        assert box(page.mediabox) == expected
        assert box(page.trimbox) == expected
        assert box(page.bleedbox) == expected


def test_bleed_and_crop_marks_make_room_around_the_trim(handout_draft: Path) -> None:
    reader = PdfReader(handout_draft)
    bleed, marks = 3 * MM, 10 * MM  # handout: 3 mm bleed; the renderer adds 10 mm for marks
    w, h = A4
    o = bleed + marks
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert box(page.mediabox) == box((0, 0, w + 2 * o, h + 2 * o))
        assert box(page.trimbox) == box((o, o, o + w, o + h))
        assert box(page.bleedbox) == box(
            (marks, marks, marks + w + 2 * bleed, marks + h + 2 * bleed)
        )


def test_crop_marks_line_up_with_the_trim_and_stay_outside_the_bleed(handout_draft: Path) -> None:
    reader = PdfReader(handout_draft)
    for page in reader.pages:
        x0, y0, x1, y1 = (float(v) for v in page.trimbox)
        bx0, by0, bx1, by1 = (float(v) for v in page.bleedbox)
        marks = [seg for colour, seg in ink(reader, page).lines if colour == (1, 1, 1, 1)]
        assert len(marks) == 8  # two per corner, in registration colour (all four inks)
        for ax, ay, bx, by in marks:
            if ay == by:  # horizontal: in line with a horizontal trim edge, beside the bleed
                assert round(ay, 2) in (round(y0, 2), round(y1, 2))
                assert max(ax, bx) <= bx0 or min(ax, bx) >= bx1
            else:  # vertical: in line with a vertical trim edge, above or below the bleed
                assert ax == bx and round(ax, 2) in (round(x0, 2), round(x1, 2))
                assert max(ay, by) <= by0 or min(ay, by) >= by1


def test_title_band_runs_into_the_bleed(handout_draft: Path) -> None:
    reader = PdfReader(handout_draft)
    page = reader.pages[0]
    bx0, _, bx1, by1 = (float(v) for v in page.bleedbox)
    band = (0.0, 0.0, 0.0, 0.85)  # handout title_block.background: cmyk(0, 0, 0, 85)
    rects = [r for colour, r in ink(reader, page).rects if colour == band]
    assert rects, "no title band"
    x0, _, x1, top = max(rects, key=lambda r: (r[2] - r[0]) * (r[3] - r[1]))
    assert x0 <= bx0 + 0.01 and x1 >= bx1 - 0.01 and top >= by1 - 0.01


def test_standard_has_no_crop_marks(cli, brief_file) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(build(cli, brief_file()))
    assert all(colour != (1, 1, 1, 1) for colour, _ in ink(reader, reader.pages[0]).lines)


# --- colour ---------------------------------------------------------------------------------


def test_cmyk_layout_puts_no_rgb_anywhere(handout_draft: Path) -> None:
    """Text, tables, links, QR codes, chrome, watermark: only k/K (DeviceCMYK) operators."""
    reader = PdfReader(handout_draft)
    ops = [op for page in reader.pages for op in ink(reader, page).colour_ops]
    assert ops
    assert {name for name, _ in ops} <= {b"k", b"K"}
    assert all(len(values) == 4 for _, values in ops)
    assert not [s for page in reader.pages for s in ink(reader, page).colour_spaces]
    for obj in every_object(reader):
        if isinstance(obj, dict):
            assert obj.get("/ColorSpace") not in ("/DeviceRGB", "/CalRGB")


def test_rgb_layout_draws_with_rgb(example_pdf: Path) -> None:
    """The converse, so that the CMYK test can fail: the standard layout is RGB."""
    reader = PdfReader(example_pdf)
    assert any(op == b"rg" and len(v) == 3 for op, v in ink(reader, reader.pages[0]).colour_ops)


def test_handout_fonts_are_embedded_even_with_qr_codes(handout_draft: Path) -> None:
    fonts = page_fonts(PdfReader(handout_draft))
    assert fonts
    for font in fonts:
        assert "Helvetica" not in str(font["/BaseFont"])
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_a_qr_code_beside_each_reference_url(handout_draft: Path) -> None:
    reader = PdfReader(handout_draft)
    codes = 0
    for page in reader.pages:
        right = float(page.trimbox[2]) - HANDOUT.page.margins.right  # the text column's edge
        # A QR code is many small dark modules, in the last 15 mm of the text column.
        modules = [
            r for colour, r in ink(reader, page).rects if colour == (0, 0, 0, 1) and r[2] - r[0] < 3
        ]
        assert all(right - 15 * MM - 1 <= r[0] and r[2] <= right + 1 for r in modules)
        if modules:
            assert len(modules) > 50
            codes += _clusters(sorted({round(r[3]) for r in modules}), gap=4)
    assert codes == 2  # two URLs, two codes; the third reference has none


def _clusters(values: list[int], gap: float) -> int:
    return 1 + sum(1 for a, b in itertools.pairwise(values) if b - a > gap)


# --- markings -----------------------------------------------------------------------------


def _texts_in_forms(page: PageObject) -> list[tuple[str, float]]:
    """(text, baseline y) as pypdf reports them: for a form's text, in the form's space."""
    found: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            found.append((text.strip(), tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


def test_classification_at_top_and_bottom_of_every_page(handout_draft: Path) -> None:
    reader = PdfReader(handout_draft)
    assert len(reader.pages) >= 2
    for page in reader.pages:
        x0, y0, _, y1 = (float(v) for v in page.trimbox)
        # The chrome (running lines, marking) is one form, placed at the trim's corner...
        chrome = [m for name, m in ink(reader, page).forms if "chrome" in name]
        assert len(chrome) == 1 and box(chrome[0][4:]) == box((x0, y0))
        # ...and inside it the marking sits in the safe strip at the top and at the bottom.
        ys = sorted(y for text, y in _texts_in_forms(page) if text == "OFFICIAL-SENSITIVE")
        height = y1 - y0
        assert len(ys) == 2, ys
        assert 4 * MM < ys[0] < 15 * MM and height - 15 * MM < ys[1] < height - 4 * MM


def test_draft_watermark_on_every_page_and_translucent(handout_draft: Path) -> None:
    reader = PdfReader(handout_draft)
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert "DRAFT" in page.extract_text()
        states = (page["/Resources"].get("/ExtGState") or {}).values()
        alphas = [float(gs.get_object()["/ca"]) for gs in states if "/ca" in gs.get_object()]
        assert alphas and all(0 < a < 1 for a in alphas)  # constant alpha: allowed in PDF/A-2


def test_final_brief_has_no_watermark(example_pdf: Path) -> None:
    assert "DRAFT" not in "".join(p.extract_text() for p in PdfReader(example_pdf).pages)


# --- PDF/A-2b ---------------------------------------------------------------------------------


def _xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


@pytest.mark.parametrize("layout", ["standard", "handout"])
def test_pdfa_flag_gives_identified_metadata_output_intent_and_id(cli, brief_file, layout) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(
        build(cli, brief_file(DRAFT_CLASSIFIED), "--layout", layout, "--pdf-standard", "pdfa-2b")
    )
    root = reader.trailer["/Root"]
    xmp = _xmp(reader)
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B" in xmp
    assert f">{reader.metadata.title}</rdf:li>" in xmp
    assert f"<pdf:Producer>{reader.metadata.producer}</pdf:Producer>" in xmp
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == (4 if layout == "handout" else 3)
    assert profile.get_data()[36:40] == b"acsp"  # an ICC profile, not a placeholder
    assert len(reader.trailer["/ID"]) == 2
    assert "/Encrypt" not in reader.trailer
    annots = [a.get_object() for p in reader.pages for a in p.get("/Annots") or []]
    assert annots and all(a["/F"] == 4 for a in annots)


def test_pdfa_from_the_layout_key(cli, brief_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "archive.yaml").write_text("extends: standard\npdf_standard: pdfa-2b\n")
    reader = PdfReader(build(cli, brief_file(), "--layout", "archive.yaml"))
    assert "pdfaid:part" in _xmp(reader)


def test_plain_output_does_not_claim_pdfa(example_pdf: Path) -> None:
    # Its XMP holds only the provenance record (finish/provenance.py), no PDF/A identification.
    assert "pdfaid" not in _xmp(PdfReader(example_pdf))
    assert "mbp:manifest" in _xmp(PdfReader(example_pdf))


def test_pdfa_xmp_escapes_brief_text(cli, brief_file) -> None:  # type: ignore[no-untyped-def]
    text = MINIMAL.replace("title: Test Brief", 'title: "Guns & <butter>"')
    reader = PdfReader(build(cli, brief_file(text), "--pdf-standard", "pdfa-2b"))
    assert "Guns &amp; &lt;butter&gt;" in _xmp(reader)


page_validation = pytest.importorskip("page", reason="page-validation (PDF/A validator) missing")


def _validate(pdf: bytes) -> list[str]:
    report = page_validation.validate_pdf_bytes(pdf, profile="2b")
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


@pytest.mark.parametrize("layout", ["standard", "letter", "briefing", "handout"])
def test_every_layout_passes_a_pdfa_2b_validator(cli, brief_file, layout) -> None:  # type: ignore[no-untyped-def]
    """`page` (a Rust PDF/A validator that passes the veraPDF corpus), on a draft brief."""
    path = build(cli, brief_file(DRAFT_CLASSIFIED), "--layout", layout, "--pdf-standard", "pdfa-2b")
    assert _validate(path.read_bytes()) == []


def test_the_validator_rejects_plain_output(example_pdf: Path) -> None:
    failures = _validate(example_pdf.read_bytes())
    assert any("ID-SCHEMA" in f or "pdfaid" in f.lower() for f in failures), failures


def test_pdfa_example_brief(tmp_path: Path) -> None:
    """The full example (links, outline, tables) converts cleanly too."""
    from policybrief.cli import main

    out = tmp_path / "a.pdf"
    code = main(
        [str(EXAMPLE), "--edition", "full", "-o", str(out), "--quiet", "--pdf-standard", "pdfa-2b"]
    )
    assert code == 0
    assert _validate(out.read_bytes()) == []
    assert out.read_bytes().startswith(b"%PDF-1.7")
    intent = PdfReader(io.BytesIO(out.read_bytes())).trailer["/Root"]["/OutputIntents"][0]
    assert intent["/OutputConditionIdentifier"] == pdfa.PROFILES["rgb"].identifier


def _stream_ending_in_cr() -> bytes:
    """Content whose zlib data ends in CR (the Adler-32's last byte), found by trying."""
    n = 0
    while not zlib.compress(f"q 0 0 1 1 re f Q % {n}\n".encode()).endswith(b"\r"):
        n += 1
    return f"q 0 0 1 1 re f Q % {n}\n".encode()


def test_pdfa_leaves_no_stream_ending_in_a_carriage_return() -> None:
    """Such data before `\\nendstream` reads as CRLF and breaks /Length (ISO 19005-2 6.1.7.1)."""
    content = _stream_ending_in_cr()
    writer = PdfWriter()
    page = writer.add_blank_page(100, 100)
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    buffer = io.BytesIO()
    writer.write(buffer)
    assert buffer.getvalue().count(b"\r\nendstream") == 1  # the case is really there
    out = pdfa.conform(buffer.getvalue(), "rgb")
    assert b"\r\nendstream" not in out
    assert PdfReader(io.BytesIO(out)).pages[0].get_contents().get_data() == content
    assert _validate(out) == []


def test_pdfa_refuses_an_annex_that_cannot_conform(cli, brief_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Better no PDF than one labelled PDF/A that is not: an annex with a base-14 font."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(tmp_path / "annex.pdf"))
    canvas.drawString(72, 720, "Helvetica, not embedded")  # reportlab's default font
    canvas.save()
    brief = brief_file(MINIMAL + "annexes:\n  - title: Data\n    file: annex.pdf\n")
    out = tmp_path / "a.pdf"
    plain = cli(brief, "--edition", "full", "-o", out)
    assert plain.code == 0, plain.err  # without PDF/A the annex is welcome
    out.unlink()
    result = cli(brief, "--edition", "full", "-o", out, "--pdf-standard", "pdfa-2b")
    assert result.code == 1
    assert "brief.yaml:14:3: error: annexes: cannot make PDF/A-2b: page 2: font" in result.err
    assert "Helvetica is not embedded" in result.err
    assert not out.exists()


def test_each_font_program_has_a_subset_name_of_its_own(cli, brief_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Subset tags come from the subset's content (issue 17 item 4): with an annex, whose
    footer is drawn on a second canvas, two programs used to share 'AAAAAA+NotoSans-…'."""
    import hashlib
    import re

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from policybrief.render.fonts import FONTS_DIR

    pdfmetrics.registerFont(TTFont("AnnexSerif", str(FONTS_DIR / "NotoSerif-Regular.ttf")))
    annex = Canvas(str(tmp_path / "annex.pdf"), initialFontName="AnnexSerif")
    annex.setFont("AnnexSerif", 12)
    annex.drawString(72, 720, "An annex page")
    annex.save()
    brief = brief_file(MINIMAL + "annexes:\n  - title: Data\n    file: annex.pdf\n")
    pdf = build(cli, brief)
    programs: dict[str, set[str]] = {}
    for font in page_fonts(PdfReader(pdf)):
        name = str(font["/BaseFont"])
        data = font["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        programs.setdefault(name, set()).add(hashlib.sha256(data).hexdigest())
    assert all(re.fullmatch(r"/[A-Z]{6}\+[\w-]+", n) for n in programs), programs
    assert all(len(p) == 1 for p in programs.values()), programs  # one name, one program
    tags = {n.split("+")[0] for n in programs}
    assert "/AAAAAA" not in tags and len(tags) == len(programs)
    # The same brief builds the same tags again.
    again = build(cli, brief, "--quiet")
    assert {str(f["/BaseFont"]) for f in page_fonts(PdfReader(again))} == set(programs)


def test_no_qr_module_is_smaller_than_a_third_of_a_millimetre(cli, brief_file) -> None:  # type: ignore[no-untyped-def]
    """A long URL needs a bigger code (issue 17 item 6): the layout's 15 mm would give
    modules of 0.18 mm for this one; the code grows until each is 0.33 mm."""
    url = "https://example.org/" + "/".join(f"segment-{n:03d}" for n in range(30))
    brief = brief_file(
        MINIMAL.replace("Some background.", "Some background [@long].")
        + f"layout: handout\nreferences:\n  - {{id: long, title: A long address, url: '{url}'}}\n"
    )
    pdf = build(cli, brief)
    reader = PdfReader(pdf)
    heights = [
        r[3] - r[1]
        for page in reader.pages
        for colour, r in ink(reader, page).rects
        if colour == (0, 0, 0, 1) and r[2] - r[0] < 3 and r[3] - r[1] < 3
    ]
    assert len(heights) > 200  # the code is there, drawn as modules
    module = min(heights) / 1.05  # reportlab draws each row 5 % taller, to close the gaps
    assert module >= 0.33 * MM * 0.999
