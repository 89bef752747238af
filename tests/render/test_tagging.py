"""The structure tree of the example, read back as a screen reader meets it (issue 14)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from policybrief.cli import main

from ..conftest import EXAMPLE, page_fonts
from ..structure import reading_order


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handout")
    args = [str(EXAMPLE), "--edition", "full", "--layout", "handout", "--out-dir", str(out), "-q"]
    assert main(args) == 0
    return out / "us-security-guarantees-ukraine.pdf"


@pytest.fixture(scope="module")
def tree(example_pdf: Path) -> list[str]:
    return reading_order(example_pdf.read_bytes(), width=200)


def _roles(lines: list[str]) -> list[str]:
    return [line.split(":")[0].split(" [")[0].strip() for line in lines]


def test_the_title_is_the_first_heading_and_no_level_is_skipped(tree: list[str]) -> None:
    headings = [int(r[1]) for r in _roles(tree) if re.fullmatch(r"H[1-6]", r)]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(headings))
    assert [line.strip() for line in tree if line.strip().startswith("H1")] == [
        "H1: A Fragile Shield"
    ]


def test_pros_and_cons_are_a_table_with_column_headers_read_row_by_row(tree: list[str]) -> None:
    start = next(i for i, line in enumerate(tree) if line.strip() == "Table")
    depth = len(tree[start]) - len(tree[start].lstrip())
    end = next(
        (i for i in range(start + 1, len(tree)) if len(tree[i]) - len(tree[i].lstrip()) <= depth),
        len(tree),
    )
    rows: list[list[str]] = []
    for i in range(start, end):
        if tree[i].strip() == "TR":
            cell_depth = len(tree[i]) - len(tree[i].lstrip()) + 2
            cells = [
                j
                for j in range(i + 1, end)
                if len(tree[j]) - len(tree[j].lstrip()) == cell_depth
                and tree[j].strip().startswith(("TH", "TD"))
            ]
            rows.append([tree[j].strip() + " " + tree[j + 1].strip() for j in cells[:2]])
    assert rows[0] == ["TH [Scope /Column] P: Pros", "TH [Scope /Column] P: Cons"]
    assert all(len(row) == 2 for row in rows)
    # A pro, then the con beside it: reading goes across, then down.
    first = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["options"]["items"][0]
    for row, pro, con in zip(rows[1:3], first["pros"], first["cons"], strict=False):
        assert row[0].startswith("TD P: " + " ".join(pro.split()[:4]))
        assert row[1].startswith("TD P: " + " ".join(con.split()[:4]))


def test_a_header_row_repeated_on_a_later_page_is_not_a_second_header(example_pdf: Path) -> None:
    """The options' tables split over pages; each has its two headers once."""
    tree = reading_order(example_pdf.read_bytes(), width=200)
    tables = "\n".join(tree).count("THead")
    assert "\n".join(tree).count("TH [Scope /Column]") == 2 * tables


def test_lists_are_l_li_lbl_lbody(tree: list[str]) -> None:
    roles = _roles(tree)
    for i, role in enumerate(roles):
        if role == "LI":
            assert roles[i + 1] in ("Lbl", "LBody")
        if role == "Lbl":
            assert roles[i + 1] == "LBody"
    assert "Lbl" in roles and "BibEntry" in roles and "Sect" in roles


def test_citations_are_links_that_say_where_they_go(example_pdf: Path) -> None:
    reader = PdfReader(example_pdf)
    contents = [
        str(a.get_object().get("/Contents"))
        for p in reader.pages
        for a in p.get("/Annots") or []
        if a.get_object().get("/Subtype") == "/Link"
    ]
    assert "References [1]" in contents
    assert any(c.startswith("https://") for c in contents)


def test_a_paragraph_split_over_pages_is_one_element(example_pdf: Path) -> None:
    reader = PdfReader(example_pdf)
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    found = []

    def walk(node: object) -> None:
        kids = node.get("/K")  # type: ignore[attr-defined]
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is None or isinstance(kid, int):
                continue
            obj = kid.get_object()
            if obj.get("/Type") == "/MCR":
                found.append(node)
            elif "/S" in obj:
                walk(obj)

    walk(tree)
    assert found, "no element has content on two pages"


def test_qr_codes_are_figures_whose_alt_text_is_the_url(handout: Path) -> None:
    lines = reading_order(handout.read_bytes(), width=300)
    figures = [line for line in lines if line.strip().startswith("Figure")]
    assert figures and all("[Alt: https://" in line for line in figures)


def test_no_font_maps_a_code_to_nul_or_a_byte_order_mark(example_pdf: Path) -> None:
    for font in page_fonts(PdfReader(example_pdf)):
        cmap = font.get("/ToUnicode")
        if cmap is None:
            continue
        data = cmap.get_object().get_data().decode("latin-1")
        targets = re.findall(r"<[0-9A-F]{2}> <([0-9A-F]{4,8})>", data)
        assert targets
        assert not {"0000", "FEFF", "FFFE"} & set(targets)
