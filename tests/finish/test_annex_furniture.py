"""Annex pages under the brief's furniture (issue 17 item 5), read back from the PDF:
each page scaled into the room the running header and footer leave, turned when
landscape on a portrait brief, with the same header and footer as the brief's pages,
its links, bookmarks and structure tree carried along."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A5, LETTER, landscape
from reportlab.pdfgen.canvas import Canvas

from policybrief.render import fonts

from ..conftest import MINIMAL, CliResult
from ..structure import check

Cli = Callable[..., CliResult]
MM = 72 / 25.4
SAFE = 5 * MM
A4_W, A4_H = A4


def _annex(path: Path, size: tuple[float, float], tag: str) -> None:
    """One page in the project's font: its tag at the top, a line at the foot, a link
    over the tag and a bookmark that lands on the tag (/XYZ left top)."""
    font = fonts.family("sans").bold
    h = size[1]
    canv = Canvas(str(path), pagesize=size, invariant=1, initialFontName=font)
    canv.setFont(font, 18)
    canv.drawString(40, h - 60, f"{tag} TOP")
    canv.drawString(40, 20, f"{tag} FOOT")
    canv.linkURL("https://example.org/annex", (40, h - 66, 240, h - 42))
    canv.bookmarkHorizontal("tag", 40, h - 42)
    canv.addOutlineEntry(f"{tag} heading", "tag")
    canv.showPage()
    canv.save()


def _cm(page: Any) -> list[float]:
    """The matrix the annex's content is drawn with (fitting puts it before everything)."""
    for operands, operator in page.get_contents().operations:
        if operator == b"cm":
            return [float(v) for v in operands]
    return [1, 0, 0, 1, 0, 0]


def _apply(cm: list[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = cm
    return a * x + c * y + e, b * x + d * y + f


def _placed(page: Any, size: tuple[float, float]) -> tuple[float, float, float, float]:
    """Where the annex's page (of `size`) landed on the paper: x0, y0, x1, y1."""
    cm = _cm(page)
    corners = [_apply(cm, x, y) for x in (0, size[0]) for y in (0, size[1])]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _runs_all(page: Any) -> dict[str, list[tuple[float, float]]]:
    """Each text run's (baseline y, size) on the paper, by its text, in drawing order."""
    found: dict[str, list[tuple[float, float]]] = {}

    def visit(text: str, cm: list, tm: list, font: object, size: float) -> None:
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.setdefault(text.strip(), []).append((y, size * max(abs(cm[0]), abs(cm[1]))))

    page.extract_text(visitor_text=visit)
    return found


def _runs(page: Any) -> dict[str, tuple[float, float]]:
    """Each text run's (baseline y, size), by its text (the last one of that text)."""
    return {text: at[-1] for text, at in _runs_all(page).items()}


def _build(cli: Cli, folder: Path, brief: str, *extra: str) -> PdfReader:
    (folder / "brief.yaml").write_text(brief, encoding="utf-8")
    result = cli("brief.yaml", "--out-dir", "out", *extra)
    assert result.code == 0, result.err
    return PdfReader(folder / "out" / "brief.pdf")


SIZES = {
    "A4": A4,
    "A4 landscape": landscape(A4),
    "A5": A5,
    "letter landscape": landscape(LETTER),
}


@pytest.mark.parametrize("marking", ["", "classification: OFFICIAL-SENSITIVE\n"])
@pytest.mark.parametrize("name", list(SIZES))
def test_an_annex_page_sits_between_the_running_header_and_footer(
    cli: Cli, tmp_path: Path, name: str, marking: str
) -> None:
    size = SIZES[name]
    _annex(tmp_path / "annex.pdf", size, "ANNEX")
    brief = MINIMAL + marking + "annexes:\n  - {title: The annex, file: annex.pdf}\n"
    reader = _build(cli, tmp_path, brief)
    page = reader.pages[-1]
    runs = _runs(page)
    # The brief's own running header (its title) and footer, as on its later pages.
    header_y, header_size = runs["Test Brief"]
    footer_y, footer_size = runs[f"Page {len(reader.pages)} of {len(reader.pages)}"]
    assert {"ANNEX TOP", "ANNEX FOOT"} <= set(runs)
    x0, y0, x1, y1 = _placed(page, size)
    # Clear of both lines and their rules (a rule sits 0.6 size below the header's
    # baseline, 1.1 above the footer's), and of the 5 mm next to the trim.
    assert y1 < header_y - header_size * 0.6
    assert y0 > footer_y + footer_size * 1.1
    assert x0 >= SAFE - 0.01 and x1 <= A4_W - SAFE + 0.01
    if marking:  # the marking, at top and bottom, stays clear of the page too
        (low, size_m), (high, _) = sorted(_runs_all(page)["OFFICIAL-SENSITIVE"])
        assert y1 < high - size_m * 0.25 and y0 > low + size_m * 0.75
    # As large as that room lets it be: it touches the room on one axis at least
    # (an A5 page is never enlarged: it stays at its size, centred).
    width, height = x1 - x0, y1 - y0
    if name == "A5":
        assert (width, height) == pytest.approx(size)
        assert (x0 + x1) / 2 == pytest.approx(A4_W / 2)
    else:
        assert height > 0.86 * A4_H or width > A4_W - 2 * SAFE - 1
    # A landscape page on the portrait brief is turned a quarter to fill it.
    turned = size[0] > size[1]
    assert page.rotation == (90 if turned else 0)
    assert height > width  # portrait on the portrait paper, turned or not


def test_a_landscape_page_turned_keeps_its_link_and_bookmark_on_what_they_point_at(
    cli: Cli, tmp_path: Path
) -> None:
    size = landscape(A4)
    _annex(tmp_path / "wide.pdf", size, "WIDE")
    brief = MINIMAL + "annexes:\n  - {title: Wide, file: wide.pdf}\n"
    reader = _build(cli, tmp_path, brief)
    page = reader.pages[-1]
    cm = _cm(page)
    assert cm[0] == pytest.approx(0) and cm[1] > 0  # a quarter turn, scaled
    [link] = [a.get_object() for a in page["/Annots"]]
    corners = [_apply(cm, x, y) for x in (40, 240) for y in (size[1] - 66, size[1] - 42)]
    expected = [min(p[0] for p in corners), min(p[1] for p in corners)]
    expected += [max(p[0] for p in corners), max(p[1] for p in corners)]
    assert [float(v) for v in link["/Rect"]] == pytest.approx(expected, abs=0.01)
    [item] = [o for o in reader.outline if not isinstance(o, list) and o.title == "Wide"]
    [child] = reader.outline[reader.outline.index(item) + 1]
    assert child.title == "WIDE heading"
    assert reader.get_destination_page_number(child) == len(reader.pages) - 1
    left, top = _apply(cm, 40, size[1] - 42)
    assert (float(child.left), float(child.top)) == pytest.approx((left, top), abs=0.01)


def test_a_tagged_landscape_annex_keeps_its_tree_and_its_links_land_in_place(
    cli: Cli, tmp_path: Path, example_pdf: Path
) -> None:
    """A brief of make_brief's, on A4 landscape, as the annex: its tree is carried,
    its citation links still land inside its own (moved) pages."""
    (tmp_path / "wide.yaml").write_text(
        "extends: standard\npage: {orientation: landscape}\n", encoding="utf-8"
    )
    annex = tmp_path / "annex"
    annex.mkdir()
    shutil.copy(tmp_path / "wide.yaml", annex / "wide.yaml")
    text = MINIMAL.replace("Some background.", "Some background [@ref-a].")
    text += "references:\n  - {id: ref-a, title: A report, year: 2020}\nlayout: wide.yaml\n"
    (annex / "annex.yaml").write_text(text, encoding="utf-8")
    made = cli("annex/annex.yaml", "-o", "wide.pdf")
    assert made.code == 0, made.err
    source = PdfReader(tmp_path / "wide.pdf")
    brief = MINIMAL + "annexes:\n  - {title: Wide report, file: wide.pdf}\n"
    reader = _build(cli, tmp_path, brief, "--pdf-standard", "ua-1")
    assert check((tmp_path / "out" / "brief.pdf").read_bytes()) == []
    first = len(reader.pages) - len(source.pages)
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    landed = 0
    for k, page in enumerate(reader.pages[first:]):
        assert page.rotation == 90
        x0, y0, x1, y1 = _placed(page, (float(source.pages[k].mediabox.width),
                                        float(source.pages[k].mediabox.height)))
        assert "Test Brief" in (page.extract_text() or "")  # the running header
        for annot in page.get("/Annots") or []:
            dest = annot.get_object().get("/Dest")
            if dest is None:
                continue
            target = reader.pages[pages[dest[0].idnum]]
            tx0, ty0, tx1, ty1 = _placed(target, (float(source.pages[0].mediabox.width),
                                                  float(source.pages[0].mediabox.height)))
            assert tx0 <= float(dest[2]) <= tx1 and ty0 <= float(dest[3]) <= ty1
            landed += 1
        assert y1 - y0 > x1 - x0  # turned
    assert landed >= 1  # the citation's link into the annex's reference list
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    document = root["/K"].get_object()
    kids = [k.get_object() for k in document["/K"]]
    assert any(k.get("/T") == "Annex: Wide report" for k in kids)


PACK = """\
title: Board meeting
date: 2026-03-01
classification: OFFICIAL-SENSITIVE
dividers: false
agenda:
  - item: The brief
    brief: ../briefs/brief.yaml
"""


def test_in_a_pack_an_annex_page_sits_clear_of_the_packs_furniture(
    cli: Cli, tmp_path: Path
) -> None:
    """The pack gives the brief's pages its numbers and its marking (the brief has
    none of its own): its annex page, turned, gets the brief's running header too and
    is placed clear of that furniture (run/pack.py measures the room with the pack's
    marking; in the standard layout it moves the lines by less than the gap kept)."""
    (tmp_path / "briefs").mkdir()
    (tmp_path / "packs").mkdir()
    _annex(tmp_path / "briefs" / "wide.pdf", landscape(A4), "WIDE")
    brief = MINIMAL + "annexes:\n  - {title: Wide, file: wide.pdf}\n"
    (tmp_path / "briefs" / "brief.yaml").write_text(brief, encoding="utf-8")
    (tmp_path / "packs" / "meeting.yaml").write_text(PACK, encoding="utf-8")
    result = cli("--pack", "packs/meeting.yaml", "--out-dir", "out")
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out" / "meeting.pack.pdf")
    page = reader.pages[-1]
    runs = _runs(page)  # the pack's furniture is a form drawn at the trim's corner, (0, 0)
    total = len(reader.pages)
    header_y, header_size = runs["Test Brief"]
    footer_y, footer_size = runs[f"Page {total} of {total}"]
    assert "WIDE TOP" in runs and page.rotation == 90
    x0, y0, x1, y1 = _placed(page, landscape(A4))
    assert y1 < header_y - header_size * 0.6 and y0 > footer_y + footer_size * 1.1
    assert y1 - y0 > x1 - x0


def test_a_carried_elements_bbox_moves_with_its_turned_page(cli: Cli, tmp_path: Path) -> None:
    """A Figure's (any element's) layout /BBox in a tagged annex's tree is where it is
    on its page: fitted into the furniture's room and turned, the page's content moved,
    and the box with it (it kept the old place, on the paper's margin)."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    (tmp_path / "wide.yaml").write_text(
        "extends: standard\npage: {orientation: landscape}\n", encoding="utf-8"
    )
    (tmp_path / "annex.yaml").write_text(MINIMAL + "layout: wide.yaml\n", encoding="utf-8")
    made = cli("annex.yaml", "-o", "plain.pdf")
    assert made.code == 0, made.err
    writer = PdfWriter(clone_from=str(tmp_path / "plain.pdf"))
    tree = writer.root_object["/StructTreeRoot"].get_object()
    document = tree["/K"].get_object()
    element = next(
        k.get_object() for k in document["/K"] if "/Pg" in k.get_object()
    )  # the first element on a page (the title's heading)
    box = (100.0, 300.0, 400.0, 360.0)
    element[NameObject("/A")] = DictionaryObject(
        {
            NameObject("/O"): NameObject("/Layout"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in box),
        }
    )
    with open(tmp_path / "wide.pdf", "wb") as out:
        writer.write(out)
    size = (float(writer.pages[0].mediabox.width), float(writer.pages[0].mediabox.height))
    brief = MINIMAL + "annexes:\n  - {title: Wide report, file: wide.pdf}\n"
    reader = _build(cli, tmp_path, brief)
    assert check((tmp_path / "out" / "brief.pdf").read_bytes()) == []
    first = len(reader.pages) - len(writer.pages)
    page = reader.pages[first]
    cm = _cm(page)
    corners = [_apply(cm, x, y) for x in box[::2] for y in box[1::2]]
    expected = (
        min(c[0] for c in corners),
        min(c[1] for c in corners),
        max(c[0] for c in corners),
        max(c[1] for c in corners),
    )
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    stack, found = [root["/K"].get_object()], []
    while stack:
        node = stack.pop()
        attributes = node.get("/A")
        if attributes is not None and "/BBox" in attributes.get_object():
            found.append(tuple(float(v) for v in attributes.get_object()["/BBox"]))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            child = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(child, dict) and "/S" in child:
                stack.append(child)
    assert len(found) == 1 and size[0] > size[1]
    assert all(abs(a - b) < 0.01 for a, b in zip(found[0], expected, strict=True)), found
