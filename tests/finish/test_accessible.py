"""Accessible output (issue 14), read back: the validator `page` and our own invariants.

`page` (PyPI page-validation) checks PDF/UA-1 and PDF/A; `tests/structure.py`
checks what it misses (every MCID in the ParentTree once, /StructParents on
every page with marked content, links inside Link elements, nothing painted
outside tags and artifacts, reading order = page order). Builds are made once
per module and shared.
"""

from __future__ import annotations

import io
import re
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from policybrief.cli import main
from policybrief.render.fonts import FONTS_DIR

from ..conftest import EXAMPLE, MINIMAL, page_fonts
from ..structure import check, reading_order

try:
    import page
except ImportError as exc:  # a test dependency: never skip these quietly
    raise ImportError("page-validation is missing: pip install -e '.[test]'") from exc

LAYOUTS = ("standard", "letter", "briefing", "handout")
# What a default build lacks for PDF/UA is only what --pdf-standard ua-1 declares.
IDENTIFICATION = {
    "PDFUA1-ID-PART-001",
    "PDFUA1-ID-SCHEMA-001",
    "PDFUA1-METADATA-TITLE-001",
    "PDFUA1-METADATA-STRUCTURE-001",
}


def failures(path: Path, profile: str) -> list[str]:
    report = page.validate_pdf(str(path), profile=profile)
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


def build(out: Path, *args: str | Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    assert main([*map(str, args), "--out-dir", str(out), "--quiet"]) == 0
    return sorted(out.glob("*.pdf"))


@pytest.fixture(scope="module")
def ua_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """The example, every edition, under every shipped layout, with pdfa-2a,ua-1."""
    root = tmp_path_factory.mktemp("ua")
    return {
        layout: build(root / layout, EXAMPLE, "--layout", layout, "--pdf-standard", "pdfa-2a,ua-1")
        for layout in LAYOUTS
    }


@pytest.fixture(scope="module")
def default_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("default")
    return {layout: build(root / layout, EXAMPLE, "--layout", layout) for layout in LAYOUTS}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_example_passes_pdf_ua_1_and_pdf_a_2a(
    ua_builds: dict[str, list[Path]], layout: str
) -> None:
    assert len(ua_builds[layout]) == 4  # the full build and three editions
    for pdf in ua_builds[layout]:
        assert failures(pdf, "ua1") == [], pdf.name
        assert failures(pdf, "2a") == [], pdf.name
        assert check(pdf.read_bytes()) == [], pdf.name


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_default_build_is_tagged(default_builds: dict[str, list[Path]], layout: str) -> None:
    """Tagged without being asked: only the XMP identification is missing for PDF/UA."""
    for pdf in default_builds[layout]:
        assert check(pdf.read_bytes()) == [], pdf.name
        rules = {f.split(":")[0] for f in failures(pdf, "ua1")}
        assert rules <= IDENTIFICATION, (pdf.name, rules - IDENTIFICATION)
        root = PdfReader(pdf).trailer["/Root"]
        assert root["/ViewerPreferences"]["/DisplayDocTitle"] is not None
        assert str(root["/Lang"]) in ("en", "uk")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_font_maps_a_code_to_nul_or_a_byte_order_mark(
    default_builds: dict[str, list[Path]], layout: str
) -> None:
    """Issue 17 item 3, under every layout and edition (reportlab gave every unused code
    0-31 of a subset U+0000): each ToUnicode entry of each font, annex forms included."""
    for pdf in default_builds[layout]:
        for font in page_fonts(PdfReader(pdf)):
            data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            targets = set(re.findall(r"<[0-9A-F]{2}> <([0-9A-F]{4,8})>", data))
            assert targets, (pdf.name, font["/BaseFont"])
            assert not {"0000", "FEFF", "FFFE"} & targets, (pdf.name, font["/BaseFont"])


def test_pdfa_2b_alone_still_passes(tmp_path: Path) -> None:
    for pdf in build(tmp_path, EXAMPLE, "--pdf-standard", "pdfa-2b"):
        assert failures(pdf, "2b") == [], pdf.name
        assert "<pdfuaid:part>" not in _xmp(pdf)


def test_a_layout_asks_for_a_list_of_standards(tmp_path: Path) -> None:
    (tmp_path / "brief.yaml").write_text(MINIMAL + "layout: house\n", encoding="utf-8")
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "house.yaml").write_text(
        "extends: standard\npdf_standard: [pdfa-2a, ua-1]\n", encoding="utf-8"
    )
    (pdf,) = build(tmp_path / "out", tmp_path / "brief.yaml")
    assert failures(pdf, "ua1") == [] and failures(pdf, "2a") == []
    assert "<pdfaid:conformance>A</pdfaid:conformance>" in _xmp(pdf)


def _xmp(pdf: Path) -> str:
    data: bytes = PdfReader(pdf).trailer["/Root"]["/Metadata"].get_data()
    return data.decode("utf-8")


# --- a brief with everything: logo, QR codes, watermark, classification, annexes ------

PNG_LOGO = FONTS_DIR.parent.parent / "docs" / "example-page1.png"


def _untagged_annex(path: Path) -> None:
    """A two-page annex drawn with an embedded TrueType font and a link, untagged."""
    pdfmetrics.registerFont(TTFont("AnnexSans", str(FONTS_DIR / "NotoSans-Regular.ttf")))
    drawing = canvas.Canvas(
        str(path), pagesize=(595, 842), invariant=1, initialFontName="AnnexSans"
    )
    for n in (1, 2):
        drawing.setFont("AnnexSans", 12)
        drawing.drawString(72, 720, f"Treaty text, page {n}")
        drawing.linkURL("https://example.org/treaty", (72, 700, 300, 715))
        drawing.showPage()
    drawing.save()


@pytest.fixture(scope="module", params=["standard", "handout"])
def everything(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A draft, classified brief with a logo and two annexes (one of them a tagged PDF
    of make_brief's, in the layout's colour model); `--layout` it with `request.param`."""
    folder = tmp_path_factory.mktemp("everything")
    _untagged_annex(folder / "treaty.pdf")
    layout = ("--layout", str(request.param))
    (tagged,) = build(folder / "first", EXAMPLE, "--edition", "public", *layout)
    shutil.copy(tagged, folder / "handout.pdf")
    shutil.copy(PNG_LOGO, folder / "logo.png")
    text = MINIMAL + textwrap.dedent(
        """\
        status: draft
        classification: OFFICIAL-SENSITIVE
        organization: {name: Example Institute, logo: logo.png}
        annexes:
          - {title: The treaty, file: treaty.pdf}
          - {title: The public handout, file: handout.pdf}
        """
    )
    text += f"layout: {request.param}\n"
    (folder / "brief.yaml").write_text(text, encoding="utf-8")
    return folder / "brief.yaml"


def test_logo_annexes_watermark_classification_pass(everything: Path, tmp_path: Path) -> None:
    (pdf,) = build(tmp_path, everything, "--pdf-standard", "pdfa-2a,ua-1")
    assert failures(pdf, "ua1") == []
    assert failures(pdf, "2a") == []
    assert check(pdf.read_bytes()) == []
    roles = _roles(pdf)
    own = _roles(everything.parent / "handout.pdf")
    # The logo and the untagged treaty's two pages; the tagged handout keeps its own tree
    # (its QR codes are its Figures), in a Sect, instead of a Figure per page.
    assert roles["Figure"] == 1 + 2 + own["Figure"]
    assert roles["H1"] == 1 + own["H1"] and roles["H2"] >= own["H2"]
    alts = _alts(pdf)
    assert "Example Institute logo" in alts
    assert "Annex: The treaty, page 2" in alts
    assert not any(a.startswith("Annex: The public handout") for a in alts)
    sects = [e for e in _elements(pdf) if e["/S"] == "/Sect" and "/T" in e]
    (annex,) = [e for e in sects if e["/T"] == "Annex: The public handout"]
    assert annex["/Lang"] == "en"
    order = reading_order(pdf.read_bytes())
    at = next(i for i, line in enumerate(order) if line.strip() == "Sect")
    assert any("A Fragile Shield" in line for line in order[at:])  # its title, read in place


def test_an_annex_whose_tree_cannot_be_read_is_tagged_as_figures(
    everything: Path, tmp_path: Path
) -> None:
    """Marked as tagged, but its tree's top is a number: its pages become Figures."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    folder = everything.parent
    broken = PdfWriter(clone_from=folder / "handout.pdf")
    broken.root_object["/StructTreeRoot"].get_object()[NameObject("/K")] = NumberObject(7)
    copy = tmp_path / "brief"
    shutil.copytree(folder, copy)
    with open(copy / "handout.pdf", "wb") as out:
        broken.write(out)
    (pdf,) = build(tmp_path / "out", copy / "brief.yaml", "--pdf-standard", "pdfa-2a,ua-1")
    assert "Annex: The public handout, page 1" in _alts(pdf)
    assert check(pdf.read_bytes()) == []
    assert failures(pdf, "ua1") == []


def test_a_default_build_with_annexes_is_tagged(everything: Path, tmp_path: Path) -> None:
    (pdf,) = build(tmp_path, everything)
    assert check(pdf.read_bytes()) == []


def test_a_fifty_page_brief_passes(tmp_path: Path) -> None:
    from benchmarks import generate

    path = generate.write(50, tmp_path / "long.yaml")
    (pdf,) = build(tmp_path / "out", path, "--pdf-standard", "pdfa-2a,ua-1")
    assert len(PdfReader(pdf).pages) >= 40
    assert failures(pdf, "ua1") == [] and failures(pdf, "2a") == []
    assert check(pdf.read_bytes()) == []


def _elements(pdf: Path) -> list[dict[str, object]]:
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    out: list[dict[str, object]] = []

    def walk(node: object) -> None:
        kids = node.get("/K")  # type: ignore[attr-defined]
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is None or isinstance(kid, int):
                continue
            obj = kid.get_object()
            if hasattr(obj, "get") and "/S" in obj:
                out.append(obj)
                walk(obj)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return out


def _roles(pdf: Path) -> Counter[str]:
    return Counter(str(e["/S"])[1:] for e in _elements(pdf))


def _alts(pdf: Path) -> list[str]:
    return [str(e["/Alt"]) for e in _elements(pdf) if "/Alt" in e]
