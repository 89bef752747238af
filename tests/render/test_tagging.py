"""The structure tree of the example, read back as a screen reader meets it (issue 14)."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from policybrief.cli import main

from ..conftest import EXAMPLE, MINIMAL, page_fonts
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
            rows.append([tree[j].strip() for j in cells[:2]])
    # A cell of one paragraph holds its text itself (TD: ..., not TD > P: ...).
    assert rows[0] == ["TH [Scope /Column]: Pros", "TH [Scope /Column]: Cons"]
    assert all(len(row) == 2 for row in rows)
    # A pro, then the con beside it: reading goes across, then down.
    first = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["options"]["items"][0]
    for row, pro, con in zip(rows[1:3], first["pros"], first["cons"], strict=False):
        assert row[0].startswith("TD: " + " ".join(pro.split()[:4]))
        assert row[1].startswith("TD: " + " ".join(con.split()[:4]))


def test_a_header_row_repeated_on_a_later_page_is_not_a_second_header(
    tmp_path: Path,
) -> None:
    """A pros/cons table over three pages has one header row, met once."""
    pros = "".join(f"  - {{label: Pro {i}, text: {'Words of the pro. ' * 40}}}\n" for i in range(9))
    cons = "".join(f"  - {{label: Con {i}, text: {'Words of the con. ' * 40}}}\n" for i in range(9))
    brief = MINIMAL.replace("pros_cons:\n  pros: [Cheap]\n  cons: [Ineffective]\n", "")
    brief += f"pros_cons:\n pros:\n{pros} cons:\n{cons}".replace("\n  - ", "\n  - ")
    path = tmp_path / "long.yaml"
    path.write_text(brief, encoding="utf-8")
    assert main([str(path), "--out-dir", str(tmp_path), "-q"]) == 0
    pdf = (tmp_path / "long.pdf").read_bytes()
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    lines = [line.strip() for line in reading_order(pdf, width=200)]
    heads = [line for line in lines if line.startswith("TH [")]
    assert heads == ["TH [Scope /Column]: Pros", "TH [Scope /Column]: Cons"]
    assert lines.count("THead") == 1 and lines.count("TR") == 1 + 9


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


def test_a_paragraph_split_over_pages_is_one_element(tmp_path: Path) -> None:
    words = " ".join(f"word{i}" for i in range(1500))
    path = tmp_path / "split.yaml"
    path.write_text(MINIMAL.replace("Some background.", words), encoding="utf-8")
    assert main([str(path), "--out-dir", str(tmp_path), "-q"]) == 0
    pdf = (tmp_path / "split.pdf").read_bytes()
    lines = [line.strip() for line in reading_order(pdf, width=100_000)]
    (paragraph,) = [line for line in lines if "word0 " in line]
    assert paragraph.startswith("P: word0 word1") and "word1499" in paragraph
    reader = PdfReader(io.BytesIO(pdf))
    element = next(e for e in _all_elements(reader.trailer["/Root"]["/StructTreeRoot"]) if _mcrs(e))
    assert element["/S"] == "/P"


def _all_elements(node: Any) -> list[Any]:
    kids = node.get("/K")
    out = []
    for kid in kids if isinstance(kids, list) else [kids]:
        if kid is None or isinstance(kid, int):
            continue
        obj = kid.get_object()
        if "/S" in obj:
            out += [obj, *_all_elements(obj)]
    return out


def _mcrs(element: Any) -> list[Any]:
    kids = element.get("/K")
    kids = kids if isinstance(kids, list) else [kids]
    return [k for k in kids if not isinstance(k, int) and k.get_object().get("/Type") == "/MCR"]


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
