"""`--pdf-standard pdfa-2b` never writes a file the validator rejects (issue 13).

The example and briefs with annex PDFs, built under PDF/A-2b: each either exits 0
with a file that `page` (PyPI page-validation) accepts, or exits 1 saying what
fails and writes nothing. The annexes are drawn here with an embedded font (an
unembedded one is refused before) and then given one thing PDF/A forbids.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from policybrief.render.fonts import FONTS_DIR

from ..conftest import EXAMPLE, MINIMAL, CliResult

try:
    import page
except ImportError as exc:  # a test dependency: never skip these quietly
    raise ImportError("page-validation is missing: pip install -e '.[test]'") from exc

Mutation = Callable[[PdfWriter], None]


def _annex() -> bytes:
    """One page: text in an embedded font, a link, a half-transparent image."""
    from PIL import Image

    pdfmetrics.registerFont(TTFont("AnnexSans", str(FONTS_DIR / "NotoSans-Regular.ttf")))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(300, 400), initialFontName="AnnexSans")
    c.setFont("AnnexSans", 12)
    c.drawString(50, 300, "The annex")
    c.linkURL("https://example.org", (40, 290, 200, 320))
    c.setFillAlpha(0.5)
    c.drawImage(ImageReader(Image.new("RGBA", (20, 20), (0, 255, 0, 128))), 120, 120, mask="auto")
    c.showPage()
    c.save()
    return buffer.getvalue()


def _sticky_note(writer: PdfWriter) -> None:
    note = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 30, 30)]),
            NameObject("/Contents"): TextStringObject("a note"),
        }
    )
    writer.pages[0][NameObject("/Annots")].append(writer._add_object(note))


def _need_appearances(writer: PdfWriter) -> None:
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/NeedAppearances"): BooleanObject(True)}
    )


def _interpolated(writer: PdfWriter) -> None:
    for image in writer.pages[0]["/Resources"]["/XObject"].values():
        image.get_object()[NameObject("/Interpolate")] = BooleanObject(True)


def _graphics_state(key: str, value: str) -> Mutation:
    def mutate(writer: PdfWriter) -> None:
        for state in writer.pages[0]["/Resources"]["/ExtGState"].values():
            state.get_object()[NameObject(key)] = NameObject(value)

    return mutate


def _write(folder: Path, mutate: Mutation | None) -> Path:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_annex())))
    if mutate:
        mutate(writer)
    (folder / "files").mkdir(exist_ok=True)
    writer.write(folder / "files" / "annex.pdf")
    brief = folder / "brief.yaml"
    brief.write_text(MINIMAL + "annexes:\n  - title: The annex\n    file: files/annex.pdf\n")
    return brief


def _failures(path: Path) -> list[str]:
    report = page.validate_pdf(str(path), profile="2b")
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


def test_the_example_under_pdfa_2b_passes(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    result = cli(EXAMPLE, "--pdf-standard", "pdfa-2b", "--out-dir", tmp_path / "out", "-q")
    assert result.code == 0, result.err
    built = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(built) == 4
    for pdf in built:
        assert _failures(pdf) == [], pdf.name


@pytest.mark.parametrize(
    "mutate", [None, _need_appearances], ids=["links-and-transparency", "need-appearances"]
)
def test_an_annex_that_can_conform_builds_a_valid_file(
    cli: Callable[..., CliResult], tmp_path: Path, mutate: Mutation | None
) -> None:
    brief = _write(tmp_path, mutate)
    result = cli(brief, "--pdf-standard", "pdfa-2b", "-o", "out.pdf")
    assert result.code == 0, result.err
    assert len(PdfReader(tmp_path / "out.pdf").pages) == 2
    assert _failures(tmp_path / "out.pdf") == []


@pytest.mark.parametrize(
    ("mutate", "says"),
    [
        (_sticky_note, "page 2: a Text annotation has no appearance stream"),
        (_interpolated, "/Interpolate is not false"),
        (_graphics_state("/TR", "/Identity"), "contains /TR"),
        (_graphics_state("/BM", "/Weird"), "unsupported blend mode /Weird"),
    ],
    ids=["sticky-note", "interpolate", "transfer-function", "blend-mode"],
)
def test_an_annex_that_cannot_conform_is_an_error_and_writes_nothing(
    cli: Callable[..., CliResult], tmp_path: Path, mutate: Mutation, says: str
) -> None:
    brief = _write(tmp_path, mutate)
    result = cli(brief, "--pdf-standard", "pdfa-2b", "-o", "out.pdf")
    assert result.code == 1
    item = brief.read_text().splitlines().index("annexes:") + 2  # its first item, "- title"
    assert result.err.startswith(f"brief.yaml:{item}:3: error: annexes: cannot make PDF/A-2b: ")
    assert says in result.err
    assert result.err.rstrip().endswith("leave the annex out, or fix its PDF")
    assert not (tmp_path / "out.pdf").exists()
