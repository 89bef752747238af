"""Figures, charts, data tables and boxes as a reader meets them (issue 15).

Read back from the PDFs with pypdf: captions, cells and chart labels as text;
cross-references as links whose destinations land on the caption they name;
the chart's fonts embedded and no RGB colour anywhere in a CMYK layout (chart
forms included); a 40-row table split between rows with its header and
"Table 2 (continued)" repeated and every row's text on one page; a long box
split with "(continued)"; every chart type built; rebuilds byte-identical.
Each PDF is built once per module (the builds are the slow part).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

from policybrief.cli import main

from ..conftest import MINIMAL, ROOT, page_fonts

CHARTS = ROOT / "tests" / "data" / "exhibits" / "charts.yaml"
BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")

ROWS = "\n".join(
    f"            - [Row {n:02d}, '{n}.10', start{n:02d} words that wrap over more than one"
    f" line of the cell so that a row cut across two pages would show finish{n:02d}]"
    for n in range(1, 41)
)
PARAGRAPHS = "\n\n".join(
    f"          Paragraph b{n:02d} of the long box, long enough to take two or three lines"
    f" of the box's width so that thirty of them run past a page, ending e{n:02d}."
    for n in range(1, 31)
)
EXHIBITS = MINIMAL.replace(
    "outlook: It will be fine.\n",
    f"""\
outlook:
  body:
    - See [@fig-growth], [@tbl-issuers] and [@box-what] for the story, and
      [@tbl-long] for every row.
    - figure:
        id: fig-growth
        title: Stablecoins in circulation
        subtitle: US$ billion
        chart:
          type: column
          categories: [2019, 2020, 2021]
          series:
            USDT: [4, 21, 78]
          labels: values
        source: Issuers' attestations.
        notes: End of year.
    - table:
        id: tbl-issuers
        title: Issuers compared
        columns: [Issuer, Reserve ratio, Holders]
        rows:
          - [Tether, '1.10', '1,200']
          - [Circle, '1.00', '950']
        source: Annual reports.
    - box:
        id: box-what
        title: What a stablecoin is
        body: A token whose issuer promises to redeem it at par.
    - table:
        id: tbl-long
        title: Forty rows
        columns: [Row, Value, Description]
        rows:
{ROWS}
    - box:
        id: box-long
        title: A long box
        body: |
{PARAGRAPHS}
""",
)


def _build(brief: Path, out: Path, *args: str) -> Path:
    code = main([str(brief), "--edition", "full", "-o", str(out), "--quiet", *args])
    assert code == 0
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("exhibits")
    (here / "exhibits.yaml").write_text(EXHIBITS, encoding="utf-8")
    (here / "charts.yaml").write_text(CHARTS.read_text(encoding="utf-8"), encoding="utf-8")
    return here


@pytest.fixture(scope="module")
def standard(folder: Path) -> PdfReader:
    return PdfReader(_build(folder / "exhibits.yaml", folder / "exhibits.pdf"))


@pytest.fixture(scope="module")
def handout(folder: Path) -> PdfReader:
    pdf = _build(folder / "exhibits.yaml", folder / "exhibits-handout.pdf", "--layout", "handout")
    return PdfReader(pdf)


@pytest.fixture(scope="module", params=["standard", "handout"])
def charts(folder: Path, request: pytest.FixtureRequest) -> tuple[str, PdfReader]:
    layout = str(request.param)
    pdf = _build(folder / "charts.yaml", folder / f"charts-{layout}.pdf", "--layout", layout)
    return layout, PdfReader(pdf)


# --- reading back -----------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x: float
    y: float  # baseline, in page space


def words(reader: PdfReader) -> list[Word]:
    """Every text fragment pypdf extracts, with its page and where it is drawn (once)."""
    if id(reader) in _WORDS:
        return _WORDS[id(reader)]
    out: list[Word] = _WORDS.setdefault(id(reader), [])
    for number, page in enumerate(reader.pages):

        def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip():
                out.append(Word(number, text, x, y))  # noqa: B023 (called at once)

        page.extract_text(visitor_text=visit)
    return out


# By id: every reader is a module fixture's, alive (and its id its own) for the module.
_TEXTS: dict[int, list[str]] = {}
_WORDS: dict[int, list[Word]] = {}


def page_texts(reader: PdfReader) -> list[str]:
    """Each page's text, extracted once per reader (extraction is the slow part)."""
    if id(reader) not in _TEXTS:
        _TEXTS[id(reader)] = [page.extract_text() or "" for page in reader.pages]
    return _TEXTS[id(reader)]


def pages_with(reader: PdfReader, needle: str) -> list[int]:
    return [i for i, text in enumerate(page_texts(reader)) if needle in text]


def one_page(reader: PdfReader, needle: str) -> int:
    found = pages_with(reader, needle)
    assert len(found) == 1, f"{needle!r} on pages {found}"
    return found[0]


def where(reader: PdfReader, needle: str) -> Word:
    found = [w for w in words(reader) if needle in w.text]
    assert len(found) == 1, f"{needle!r} drawn {len(found)} times"
    return found[0]


@dataclass(frozen=True)
class Link:
    page: int  # where the link is
    rect: tuple[float, float, float, float]
    target_page: int
    target_top: float | None


def internal_links(reader: PdfReader) -> list[Link]:
    """Links that jump inside the document, with the page and height they land at."""
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}  # type: ignore[union-attr]
    named = reader.named_destinations
    out: list[Link] = []
    for number, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            action = annot.get("/A")
            dest = annot.get("/Dest")
            if isinstance(action, DictionaryObject) and action.get("/S") == "/GoTo":
                dest = action.get("/D")
            if dest is None:
                continue
            rect = tuple(float(v) for v in annot["/Rect"])
            if isinstance(dest, ArrayObject):
                target = dest[0]
                assert isinstance(target, IndirectObject)
                top = float(dest[3]) if len(dest) > 3 and dest[1] == "/XYZ" else None
                out.append(Link(number, rect, pages[target.idnum], top))  # type: ignore[arg-type]
            else:
                d = named[str(dest)]
                top = float(d.top) if d.top is not None else None
                out.append(Link(number, rect, reader.get_destination_page_number(d), top))  # type: ignore[arg-type]
    return out


# --- text and numbers -------------------------------------------------------------------


def test_captions_sources_and_cells_print_as_written(standard: PdfReader) -> None:
    text = "\n".join(page_texts(standard))
    for line in (
        "Figure 1. Stablecoins in circulation",
        "US$ billion",
        "Source: Issuers’ attestations.",  # the apostrophe typeset
        "Note: End of year.",
        "Table 1. Issuers compared",
        "Source: Annual reports.",
        "Box 1. What a stablecoin is",
        "A token whose issuer promises to redeem it at par.",
        "Table 2. Forty rows",
        "Box 2. A long box",
    ):
        assert line in text, line
    # A cell prints exactly as written: `1.10` stays `1.10`, `1,200` stays `1,200`.
    for cell in ("Tether", "1.10", "1,200", "Circle", "1.00", "950"):
        assert cell in text
    # The chart's direct value labels and its categories.
    for label in ("4", "21", "78", "2019", "2020", "2021"):
        assert any(w.text.strip() == label for w in words(standard)), label


def test_cross_references_print_the_numbers_and_link_to_their_captions(
    standard: PdfReader,
) -> None:
    sentence = "See Figure 1, Table 1 and Box 1 for the story, and Table 2 for every row."
    assert sentence in " ".join(page_texts(standard)[0].split())
    line = where(standard, "See Figure 1")
    # One link per cross-reference on the sentence's line, in reading order.
    links = sorted(
        (
            link
            for link in internal_links(standard)
            if link.page == line.page and link.rect[1] - 1 <= line.y <= link.rect[3] + 1
        ),
        key=lambda link: link.rect[0],
    )
    captions = ["Figure 1.", "Table 1.", "Box 1.", "Table 2."]
    assert len(links) == len(captions)
    for link, caption in zip(links, captions, strict=True):
        head = where(standard, caption)
        assert link.target_page == head.page, caption
        # The view opens with the caption at its top: the destination is the top of
        # the caption's line (a line's height above its baseline), not a line away.
        assert link.target_top is not None
        assert 0 <= link.target_top - head.y <= 16, (caption, link.target_top, head.y)
    # Each link covers its words: as wide as "Figure 1" at the body size, not the line.
    assert all(20 < link.rect[2] - link.rect[0] < 60 for link in links)


# --- the 40-row table ---------------------------------------------------------------------


def test_a_long_table_splits_between_rows_with_its_header_and_caption_repeated(
    standard: PdfReader,
) -> None:
    texts = page_texts(standard)
    spans = sorted({p for n in range(1, 41) for p in pages_with(standard, f"start{n:02d}")})
    assert len(spans) >= 2, "the 40-row table fits one page: the test tests nothing"
    first, *later = spans
    assert "Table 2. Forty rows" in texts[first]
    for page in later:
        assert "Table 2 (continued)" in texts[page], page
        assert "Table 2. Forty rows" not in texts[page]
    # The header row at the top of every part, above its first row.
    table_words = [w for w in words(standard) if w.page in spans]
    for page in spans:
        header = [w for w in table_words if w.page == page and w.text.strip() == "Description"]
        assert len(header) == 1, page
        rows = [w.y for w in table_words if w.page == page and w.text.startswith("Row ")]
        assert rows and header[0].y > max(rows), page
    # No row cut: each row's first and last words are on one page, and each row once.
    for n in range(1, 41):
        assert pages_with(standard, f"start{n:02d}") == pages_with(standard, f"finish{n:02d}")
        assert len(pages_with(standard, f"start{n:02d}")) == 1
        assert len(pages_with(standard, f"Row {n:02d}")) == 1
    # Not a lone row: the part on each page holds at least two rows.
    for page in spans:
        assert sum(f"start{n:02d}" in texts[page] for n in range(1, 41)) >= 2, page


def test_a_long_box_splits_with_its_title_continued(standard: PdfReader) -> None:
    texts = page_texts(standard)
    spans = sorted({p for n in range(1, 31) for p in pages_with(standard, f"b{n:02d}")})
    assert len(spans) >= 2, "the long box fits one page: the test tests nothing"
    assert "Box 2. A long box" in texts[spans[0]]
    for page in spans[1:]:
        assert "Box 2 (continued)" in texts[page], page
    for n in range(1, 31):  # every paragraph printed once
        assert len(pages_with(standard, f"b{n:02d}")) == 1, n


def test_a_short_box_stays_whole(standard: PdfReader) -> None:
    assert one_page(standard, "Box 1. What a stablecoin is") == one_page(
        standard, "redeem it at par"
    )


# --- fonts and colour ---------------------------------------------------------------------


def test_every_font_is_embedded_and_none_is_base14_charts_included(
    charts: tuple[str, PdfReader],
) -> None:
    fonts = page_fonts(charts[1])
    assert fonts
    for font in fonts:
        name = str(font["/BaseFont"])
        assert not any(base in name for base in BASE14), name
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded"


def colour_operators(reader: PdfReader, page: PageObject) -> Iterator[tuple[str, str]]:
    """(operator, colour space it paints in) for every colour set on the page, in its
    content stream and every form XObject it draws (a chart is one)."""
    yield from _colours(reader, page.get_contents(), page.get("/Resources"), 0)


def _colours(
    reader: PdfReader, content: object, resources: object, depth: int
) -> Iterator[tuple[str, str]]:
    if content is None or depth > 8:
        return
    res = resources.get_object() if resources is not None else {}  # type: ignore[attr-defined]
    spaces = res.get("/ColorSpace") or {}
    xobjects = res.get("/XObject") or {}
    fill = stroke = "/DeviceGray"
    for operands, op in ContentStream(content, reader).operations:
        name = op.decode("latin-1")
        if name in ("cs", "CS"):
            space = str(operands[0])
            if space in spaces:  # a named space: what it is, e.g. [/ICCBased …] with /N 3
                space = _space_kind(spaces[space].get_object())
            fill, stroke = (space, stroke) if name == "cs" else (fill, space)
        elif name in ("rg", "RG"):
            yield name, "/DeviceRGB"
        elif name in ("k", "K"):
            yield name, "/DeviceCMYK"
        elif name in ("sc", "scn"):
            yield name, fill
        elif name in ("SC", "SCN"):
            yield name, stroke
        elif name == "Do":
            form = xobjects[operands[0]].get_object()
            if form.get("/Subtype") == "/Form":
                yield from _colours(reader, form, form.get("/Resources"), depth + 1)


def _space_kind(space: object) -> str:
    if isinstance(space, ArrayObject) and space and space[0] == "/ICCBased":
        channels = int(space[1].get_object()["/N"])
        return {1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}[channels]
    return str(space)


def test_no_rgb_colour_in_a_cmyk_layout_charts_and_tables_included(
    handout: PdfReader, charts: tuple[str, PdfReader]
) -> None:
    layout, reader = charts
    seen = [c for page in reader.pages for c in colour_operators(reader, page)]
    if layout == "standard":  # guards the scan: the same charts in RGB are seen as RGB
        assert any(space == "/DeviceRGB" for _, space in seen)
        return
    seen += [c for page in handout.pages for c in colour_operators(handout, page)]
    assert any(space == "/DeviceCMYK" for _, space in seen)
    rgb = [c for c in seen if c[1] == "/DeviceRGB"]
    assert not rgb, rgb[:5]


# --- every chart type -----------------------------------------------------------------------


def test_every_chart_type_builds_with_its_caption_and_labels(charts: tuple[str, PdfReader]) -> None:
    reader = charts[1]
    text = "\n".join(page_texts(reader))
    for caption in (
        "Figure 1. Column chart with two series",
        "Figure 2. Bar chart with two series",
        "Figure 3. Line chart with three series and a gap",
        "Figure 4. Stacked column",
        "Figure 5. Stacked bar",
    ):
        assert caption in text, caption
    drawn = {w.text.strip() for w in words(reader)}
    # The bar chart's direct value labels, its legend (two series), category names.
    assert {"91", "24", "1.5", "120", "40", "2", "2023", "2024", "Tether", "Paxos"} <= drawn
    assert {"USDT", "USDC", "DAI", "Reserves", "Other"} <= drawn  # legends


def test_charts_rebuild_byte_identical(folder: Path) -> None:
    first = _build(folder / "charts.yaml", folder / "again-1.pdf")
    second = _build(folder / "charts.yaml", folder / "again-2.pdf")
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second)]
    assert digest[0] == digest[1]


@pytest.fixture(scope="module")
def german(folder: Path) -> PdfReader:
    brief = folder / "charts-de.yaml"
    brief.write_text("language: de\n" + CHARTS.read_text(encoding="utf-8"), encoding="utf-8")
    return PdfReader(_build(brief, folder / "charts-de.pdf"))


def test_chart_numbers_and_captions_follow_the_briefs_language(german: PdfReader) -> None:
    drawn = {w.text.strip() for w in words(german)}
    assert "1,5" in drawn and "1.5" not in drawn  # the bar chart's value label, decimal comma
    assert "Abbildung 1." in drawn
