"""Handouts: annexes, imposition, page budgets and even pages, read back from the PDFs."""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.pdfgen.canvas import Canvas

from policybrief.finish.impose import booklet_order
from policybrief.load.labels import language
from policybrief.load.layouts import LAYOUTS_DIR
from policybrief.load.layouts import load as load_layout
from policybrief.model.layout import Layout
from policybrief.render import fit, fonts
from policybrief.render.document import Rendered, render
from policybrief.render.styles import Tight
from policybrief.resolve import Target, resolve
from policybrief.run import build

from ..conftest import MINIMAL, CliResult, page_fonts

Cli = Callable[..., CliResult]
MM = 72 / 25.4
PAGE_LABEL = re.compile(r"Page (\d+) of (\d+)")


def make_pdf(path: Path, pages: int, size: tuple[float, float] = A4, tag: str = "ANNEX") -> Path:
    """A small annex: each page says `TAG page N` in the project's own font."""
    font = fonts.family("sans").bold
    canv = Canvas(str(path), pagesize=size, invariant=1, initialFontName=font)
    for n in range(1, pages + 1):
        canv.setFont(font, 20)
        canv.drawString(72, size[1] - 144, f"{tag} page {n}")
        canv.showPage()
    canv.save()
    return path


def layout_file(folder: Path, text: str, name: str = "mine.yaml") -> Path:
    path = folder / name
    path.write_text("extends: standard\n" + textwrap.dedent(text), encoding="utf-8")
    return path


def with_layout(brief: str, layout: str) -> str:
    return f"layout: {layout}\n{brief}"


def labels_on(page: object) -> list[tuple[int, int]]:
    text = page.extract_text() or ""  # type: ignore[attr-defined]
    return [(int(a), int(b)) for a, b in PAGE_LABEL.findall(text)]


def outline_titles(reader: PdfReader) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return out


def page_of(text: str) -> int | None:
    """Which page of the test documents a text run belongs to.

    The brief's option text is on page 1 (its title is in every annex page's running
    header too); annex page N says "ANNEX page N" and follows a one-page brief.
    (Running footers are drawn in form XObjects, for which pypdf's text visitor does
    not report the page's transformation, so they cannot be used.)
    """
    if "Leave things as they are" in text:
        return 1
    found = re.search(r"ANNEX page (\d+)", text)
    return int(found.group(1)) + 1 if found else None


def sides_of(path: Path) -> list[tuple[int | None, int | None]]:
    """Each sheet side of an imposed file: the pages found on its left and right halves."""
    return [_halves(sheet, float(sheet.mediabox.width) / 2) for sheet in PdfReader(path).pages]


def _halves(sheet: PageObject, middle: float) -> tuple[int | None, int | None]:
    halves: dict[str, int] = {}

    def visit(text: str, cm: list, tm: list, font: object, size: float) -> None:
        page = page_of(text)
        if page is not None:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            halves["left" if x < middle else "right"] = page

    sheet.extract_text(visitor_text=visit)
    return halves.get("left"), halves.get("right")


# --- annexes ----------------------------------------------------------------------------

ANNEXED = (
    MINIMAL
    + """\
annexes:
  - title: Annex A — Treaty text
    file: treaty.pdf
  - title: Annex B — Map
    file: map.pdf
"""
)


def test_annex_pages_are_appended_bookmarked_and_numbered(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    make_pdf(tmp_path / "treaty.pdf", 2, tag="TREATY")
    make_pdf(tmp_path / "map.pdf", 1, size=A5, tag="MAP")
    result = cli(brief_file(ANNEXED), "--out-dir", "out")
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out" / "brief.pdf")
    total = len(reader.pages)
    own = total - 3
    texts = [page.extract_text() or "" for page in reader.pages]
    assert [
        ("TREATY page 1" in t, "TREATY page 2" in t, "MAP page 1" in t) for t in texts[own:]
    ] == [
        (True, False, False),
        (False, True, False),
        (False, False, True),
    ]
    # The running footer counts annex pages on every page, the brief's own ones too
    # (but the title page, which prints no page number: layout `page_numbers`).
    assert [labels_on(page) for page in reader.pages] == [[]] + [
        [(n, total)] for n in range(2, total + 1)
    ]
    titles = outline_titles(reader)
    assert ("Annex A — Treaty text", own + 1) in titles
    assert ("Annex B — Map", own + 3) in titles
    assert ("Background", 1) in titles  # the brief's own outline is kept
    assert reader.metadata is not None and reader.metadata.title == "Test Brief"
    # Annex pages take the brief's page size (the A5 map is centred, not enlarged).
    assert {tuple(round(float(v)) for v in p.mediabox) for p in reader.pages} == {(0, 0, 595, 842)}
    assert f"{total} pages" in result.out
    # The stamped footer uses the brief's embedded fonts, no base-14 font sneaks in.
    assert all("/FontFile2" in f["/FontDescriptor"] for f in _descendants(page_fonts(reader)))


def _descendants(found: list[dict]) -> list[dict]:
    return [f["/DescendantFonts"][0].get_object() if "/DescendantFonts" in f else f for f in found]


def test_a_landscape_annex_page_is_turned_onto_the_portrait_page_not_shrunk_sideways(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    wide = landscape(A4)
    canv = Canvas(str(tmp_path / "wide.pdf"), pagesize=wide, invariant=1)
    canv.setFont(fonts.family("sans").bold, 20)
    canv.drawString(72, wide[1] - 100, "WIDE TABLE")
    canv.linkURL("https://example.org/wide", (72, wide[1] - 110, 300, wide[1] - 80))
    canv.showPage()
    canv.save()
    make_pdf(tmp_path / "map.pdf", 1, size=A5, tag="MAP")
    annexed = ANNEXED.replace("treaty.pdf", "wide.pdf")
    result = cli(brief_file(annexed), "--out-dir", "out")
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out" / "brief.pdf")
    turned, small = reader.pages[-2], reader.pages[-1]
    assert "WIDE TABLE" in (turned.extract_text() or "")
    # Paper stays portrait A4; viewers show the page upright, turned a quarter.
    assert [round(float(v)) for v in turned.mediabox] == [0, 0, 595, 842]
    assert turned.rotation == 90 and small.rotation == 0
    # The link over the title, now upright, scaled as the page was into the room the
    # running header and footer leave (tests/finish/test_annex_furniture.py): by about
    # 0.9 (A4's height less the furniture's strips), not the 0.7 of the page unturned.
    [link] = [a.get_object() for a in turned["/Annots"]]
    x1, y1, x2, y2 = (float(v) for v in link["/Rect"])
    scale = (y2 - y1) / 228
    assert (x2 - x1) / 30 == pytest.approx(scale) and 0.85 < scale < 1


def test_annex_in_a_bleed_layout_lands_on_the_trim(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    make_pdf(tmp_path / "treaty.pdf", 2)
    make_pdf(tmp_path / "map.pdf", 1, size=A5)
    layout_file(tmp_path, "page: {bleed: 3mm, crop_marks: true}\n")
    result = cli(brief_file(with_layout(ANNEXED, "mine.yaml")), "--out-dir", "out")
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out" / "brief.pdf")
    first, annex = reader.pages[0], reader.pages[-3]
    for box in ("/MediaBox", "/TrimBox", "/BleedBox"):
        assert [round(float(v), 2) for v in annex[box]] == [round(float(v), 2) for v in first[box]]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("missing.pdf", "file 'missing.pdf' not found"),
        ("notes.pdf", "'notes.pdf' is not a PDF file"),
        ("locked.pdf", "'locked.pdf' is encrypted"),
        ("broken.pdf", "'broken.pdf' is not a readable PDF"),
        ("../outside.pdf", "'../outside.pdf' is outside the brief's folder"),
        ("link.pdf", "'link.pdf' is outside the brief's folder"),
        ("empty.pdf", "'empty.pdf' has no pages"),
    ],
)
def test_bad_annex_is_an_error_at_its_line(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path, entry: str, message: str
) -> None:
    folder = tmp_path / "brief"
    folder.mkdir()
    (folder / "notes.pdf").write_text("just some notes, not a PDF\n")
    locked = PdfWriter(clone_from=make_pdf(folder / "plain.pdf", 1))
    locked.encrypt("secret")
    locked.write(folder / "locked.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF garbage")
    make_pdf(tmp_path / "outside.pdf", 1)
    (folder / "link.pdf").symlink_to(tmp_path / "outside.pdf")
    empty = PdfWriter()
    empty.write(folder / "empty.pdf")
    brief = brief_file(
        MINIMAL
        + f"""\
annexes:
  - title: Fine
    file: plain.pdf
  - title: Bad
    file: {entry}
""",
        name="brief/brief.yaml",
    )
    line = MINIMAL.count("\n") + 5
    result = cli(brief, "--out-dir", "out")
    assert result.code == 1
    assert f"brief.yaml:{line}:11: error: annexes[1].file: {message}" in result.err
    assert not (tmp_path / "out").exists()  # nothing written, not even the full build


def test_annex_of_an_edition_override_is_reported_at_the_override(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    make_pdf(tmp_path / "treaty.pdf", 1)
    text = (
        MINIMAL
        + """\
annexes:
  - {title: Treaty, file: treaty.pdf}
editions:
  press:
    overrides:
      annexes:
        - {title: Press pack, file: press.pdf}
"""
    )
    result = cli(brief_file(text), "--out-dir", "out")
    assert result.code == 1
    line = text.splitlines().index("        - {title: Press pack, file: press.pdf}") + 1
    assert (
        f"brief.yaml:{line}:37: error: editions.press.overrides.annexes[0].file:"
        " file 'press.pdf' not found"
    ) in result.err


# --- imposition ---------------------------------------------------------------------------


def test_booklet_order_of_a_six_page_brief(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    make_pdf(tmp_path / "rest.pdf", 5)
    brief = brief_file(MINIMAL + "annexes:\n  - {title: Rest, file: rest.pdf}\n")
    result = cli(brief, "--out-dir", "out", "--impose", "booklet")
    assert result.code == 0, result.err
    normal = PdfReader(tmp_path / "out" / "brief.pdf")
    assert len(normal.pages) == 6  # one page of brief, five of annex
    printed = tmp_path / "out" / "brief.print.pdf"
    assert f"+ {Path('out/brief.print.pdf')} (booklet: 2 sheets A3 landscape" in result.out
    # 6 pages pad to 8: sheet 1 front [8, 1], back [2, 7]; sheet 2 front [6, 3], back [4, 5].
    assert sides_of(printed) == [(None, 1), (2, None), (6, 3), (4, 5)]


def test_booklet_sheets_read_in_order_once_folded() -> None:
    for pages in (4, 5, 8, 12, 16):
        sides = booklet_order(pages)
        fronts, backs = sides[0::2], sides[1::2]  # sheet k: sides[2k] front, [2k+1] back
        # Nested and folded, sheet 0 outside: the first half of the booklet is each
        # sheet's front-right then back-left, from the outside in; the second half is
        # each sheet's back-right then front-left, from the inside out.
        reading = [p for f, b in zip(fronts, backs, strict=True) for p in (f[1], b[0])]
        reading += [
            p for f, b in reversed(list(zip(fronts, backs, strict=True))) for p in (b[1], f[0])
        ]
        padded = -(-pages // 4) * 4
        assert reading == [*range(pages), *[None] * (padded - pages)]


@pytest.mark.parametrize(
    ("size", "sheet_mm"),
    [("A5", (297, 210)), ("A4", (420, 297)), ("letter", (431.8, 279.4))],
)
def test_two_up_sheet_sizes(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path, size: str, sheet_mm: tuple
) -> None:
    layout_file(tmp_path, f"page: {{size: {size}, margins: {{left: 15mm, right: 15mm}}}}\n")
    result = cli(
        brief_file(with_layout(MINIMAL, "mine.yaml")), "--out-dir", "out", "--impose", "2up"
    )
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out" / "brief.print.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)) == sheet_mm
    assert (tmp_path / "out" / "brief.pdf").is_file()  # the normal PDF is kept


def test_layout_sheet_scales_pages_and_trims_bleed(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    make_pdf(tmp_path / "rest.pdf", 3)
    layout_file(
        tmp_path,
        "page: {bleed: 3mm, crop_marks: true}\nimpose: 2up\nprint_sheet: A4\n",
    )
    brief = brief_file(
        with_layout(MINIMAL, "mine.yaml") + "annexes:\n  - {title: R, file: rest.pdf}\n"
    )
    result = cli(brief, "--out-dir", "out")  # the layout asks for imposition, no flag needed
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out" / "brief.print.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (297, 210)
    assert sides_of(tmp_path / "out" / "brief.print.pdf") == [(1, 2), (3, 4)]


# --- page budgets -------------------------------------------------------------------------


def long_brief(words: int) -> str:
    """MINIMAL with a background of `words` words in paragraphs of 40: length as a dial."""
    words_ = [f"word{i % 97}" for i in range(words)]
    paragraphs = [" ".join(words_[i : i + 40]) for i in range(0, words, 40)]
    body = "\n\n".join(f"  {p}" for p in paragraphs)
    return MINIMAL.replace("background: Some background.", f"background: |\n{body}")


def extent(text: str, tmp_path: Path) -> float:
    """How far the untightened brief runs, in pages (2.3 = a third into page 3)."""
    path = tmp_path / "probe.yaml"
    path.write_text(text, encoding="utf-8")
    _, valid, _ = build.load(path)
    assert valid is not None
    resolved = resolve(Target(valid.brief), source=str(path), lang=language("en"))
    loaded = load_layout(LAYOUTS_DIR / "standard.yaml")
    return render(resolved, loaded.layout, language("en"), None).extent


def words_for(pages: float, tmp_path: Path) -> int:
    """Background words that make the standard layout run `pages` pages."""
    a, b = 400, 1600
    ea, eb = extent(long_brief(a), tmp_path), extent(long_brief(b), tmp_path)
    return round(a + (pages - ea) * (b - a) / (eb - ea))


def test_over_budget_without_fit_says_by_how_much(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    layout_file(tmp_path, "max_pages: 1\n")
    text = with_layout(long_brief(words_for(3.5, tmp_path)), "mine.yaml")
    result = cli(brief_file(text), "--out-dir", "out")
    assert result.code == 1
    assert "the brief is 3 pages over a budget of 1 (layout 'mine', max_pages)" in result.err
    assert "most room, in pages: Background 3." in result.err
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("background")))
    assert f"brief.yaml:{line + 1}:1: error: background:" in result.err
    assert not (tmp_path / "out" / "brief.pdf").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_edition_over_its_budget_writes_no_pdf_of_the_brief(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path, jobs: str
) -> None:
    """The spec: a brief with an error writes no PDF and replaces none, even the
    full build and editions that built, which keep their previous PDFs."""
    layout_file(tmp_path, "max_pages: 1\n")
    text = long_brief(words_for(2.5, tmp_path))
    text += "editions:\n  tight:\n    layout: mine.yaml\n  roomy:\n    label: Roomy\n"
    path = brief_file(text)
    out = tmp_path / "out"
    out.mkdir()
    old = {name: f"previous {name}".encode() for name in ("brief.pdf", "brief--roomy.pdf")}
    for name, data in old.items():
        (out / name).write_bytes(data)
    result = cli(path, "--out-dir", "out", "-j", jobs)
    assert result.code == 1
    assert "edition 'tight' is 2 pages over a budget of 1" in result.err
    assert result.out == ""  # no "PATH  N pages" line: nothing was written
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old  # no temporary file left


def test_brief_that_fits_only_after_shrinking(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    text = long_brief(words_for(2.1, tmp_path))
    layout_file(tmp_path, "max_pages: 2\n", "strict.yaml")
    layout_file(tmp_path, "max_pages: 2\nfit: {mode: shrink, floor: 0.9}\n", "shrink.yaml")
    strict = cli(brief_file(with_layout(text, "strict.yaml")), "--out-dir", "out")
    assert strict.code == 1
    assert "1 page over a budget of 2" in strict.err
    result = cli(brief_file(with_layout(text, "shrink.yaml")), "--out-dir", "out")
    assert result.code == 0, result.err
    assert len(PdfReader(tmp_path / "out" / "brief.pdf").pages) == 2
    tightened = re.search(r"\(tightened to fit: ([^)]*)\)", result.out)
    assert tightened is not None, result.out
    found = re.findall(r"(\w+) (\d+)%", tightened.group(1))
    shares = {name: int(value) for name, value in found}
    assert shares and shares.get("leading", 100) >= 92 and shares.get("type", 100) >= 90
    assert next(iter(shares)) == "leading"  # leading goes first


def test_brief_that_cannot_fit_names_the_biggest_sections(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    layout_file(tmp_path, "max_pages: 1\nfit: {mode: shrink, floor: 0.9}\n")
    text = with_layout(long_brief(words_for(2.6, tmp_path)), "mine.yaml")
    result = cli(brief_file(text), "--out-dir", "out")
    assert result.code == 1
    found = re.search(r"the brief is (\d+) pages? over a budget of 1", result.err)
    assert found is not None, result.err
    assert (
        "even tightened to the layout's floors (leading 92%, spacing 50%, type 90%)" in result.err
    )
    assert "most room, in pages: Background 2." in result.err


def test_type_is_never_shrunk_below_the_floor(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    layout_file(tmp_path, "max_pages: 1\nfit: {mode: shrink, floor: 0.95, spacing_floor: 0.8}\n")
    text = with_layout(long_brief(words_for(1.5, tmp_path)), "mine.yaml")
    result = cli(brief_file(text), "--out-dir", "out")
    assert result.code == 1
    assert "tightened to the layout's floors (leading 92%, spacing 80%, type 95%)" in result.err
    layout = Layout.model_validate({"fit": {"mode": "shrink", "floor": 0.95}})
    sizes = [fit.tightening(share / 100, layout).size for share in range(0, 101, 5)]
    assert min(sizes) == 0.95 and max(sizes) == 1.0


def test_fitting_takes_few_renders() -> None:
    """A stand-in renderer whose story follows the model only roughly (type counts 10% more)."""
    layout = Layout.model_validate({"max_pages": 4, "fit": {"mode": "shrink", "floor": 0.85}})
    for natural in (4.2, 4.5, 4.9, 5.3):
        calls: list[Tight] = []

        def fake(tight: Tight, natural: float = natural, calls: list = calls) -> Rendered:
            calls.append(tight)
            extent = natural * fit.predicted(tight) * (1.1 * tight.size if tight.size < 1 else 1)
            return Rendered(b"", math.ceil(extent), extent=extent)

        fitted = fit.render_within(layout, fake)
        assert fitted.rendered.pages <= 4
        assert len(calls) <= 3, (natural, calls)
        # Leading goes first: no spacing or type change while leading alone would do.
        if fitted.tight.spacing < 1:
            assert fitted.tight.leading == layout.fit.leading_floor
        if fitted.tight.size < 1:
            assert fitted.tight.spacing == layout.fit.spacing_floor


# --- even pages ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["blank", "notice"])
def test_even_pages_pad_with_a_page_that_keeps_the_footer(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path, mode: str
) -> None:
    layout_file(tmp_path, f"even_pages: {mode}\n")
    result = cli(brief_file(with_layout(MINIMAL, "mine.yaml")), "--out-dir", "out")
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out" / "brief.pdf")
    assert len(reader.pages) == 2
    pad = reader.pages[1].extract_text() or ""
    assert labels_on(reader.pages[1]) == [(2, 2)]
    assert labels_on(reader.pages[0]) == []  # the title page: no page number
    assert "Test Brief" in pad  # and the running header of any later page
    notice = "This page is intentionally left blank."
    assert (notice in pad) is (mode == "notice")
    assert "Do nothing" not in pad


def test_even_pages_count_annex_pages(
    cli: Cli, brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    make_pdf(tmp_path / "two.pdf", 2)
    layout_file(tmp_path, "even_pages: notice\n")
    brief = brief_file(
        with_layout(MINIMAL, "mine.yaml") + "annexes:\n  - {title: T, file: two.pdf}\n"
    )
    result = cli(brief, "--out-dir", "out")
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out" / "brief.pdf")
    assert len(reader.pages) == 4  # 1 + 2 annex pages + the pad, after the annex
    assert "intentionally left blank" in (reader.pages[3].extract_text() or "")
    assert [labels_on(p) for p in reader.pages] == [[]] + [[(n, 4)] for n in range(2, 5)]
