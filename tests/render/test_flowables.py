"""Our own flowables, tested through wrap() and split() as Platypus calls them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from reportlab.platypus import Spacer, TableStyle

from policybrief.load.layouts import LAYOUTS_DIR
from policybrief.load.layouts import load as load_layout
from policybrief.render.exhibits import ExhibitTable, box_of_text
from policybrief.render.paragraph import Paragraph
from policybrief.render.styles import Styles, build_styles
from policybrief.render.tables import RowTable
from policybrief.render.title import Rule, TitleBand

WIDTH = 400.0


@pytest.fixture(scope="module")
def styles() -> Styles:
    layout = load_layout(LAYOUTS_DIR / "standard.yaml").layout
    return build_styles(layout, "en", "en_GB", None)


def words(n: int) -> str:
    return " ".join(f"word{i % 13}" for i in range(n))


def lines(para: Paragraph) -> list[str]:
    return [" ".join(line[1]) for line in para.blPara.lines]


def test_a_paragraph_wraps_to_whole_lines_and_the_same_width_twice(styles: Styles) -> None:
    para = Paragraph(words(120), styles.body)
    w, h = para.wrap(WIDTH, 1e6)
    assert w == WIDTH
    count = len(para.blPara.lines)
    assert count > 3 and h == pytest.approx(count * styles.body.leading)
    assert para.wrap(WIDTH, 1e6) == (w, h)


def test_paragraphs_of_the_same_markup_share_lines_but_a_split_stays_private(
    styles: Styles,
) -> None:
    text = words(200)
    first, second = Paragraph(text, styles.body), Paragraph(text, styles.body)
    first.wrap(WIDTH, 1e6)
    second.wrap(WIDTH, 1e6)
    before = lines(first)
    assert lines(second) == before
    top, rest = second.split(WIDTH, styles.body.leading * 4.5)
    top.wrap(WIDTH, 1e6)
    rest.wrap(WIDTH, 1e6)
    assert len(top.blPara.lines) == 4
    assert len(top.blPara.lines) + len(rest.blPara.lines) == len(before)
    # The other paragraph's lines are untouched by the split.
    assert lines(first) == before
    third = Paragraph(text, styles.body)
    third.wrap(WIDTH, 1e6)
    assert lines(third) == before


def test_a_split_never_leaves_fewer_than_two_lines_on_either_side(styles: Styles) -> None:
    para = Paragraph(words(200), styles.body)
    para.wrap(WIDTH, 1e6)
    assert para.split(WIDTH, styles.body.leading * 1.5) == []  # one line would be an orphan


def table(styles: Styles, rows: int, row_height: float) -> RowTable:
    cells = [[Paragraph("Head", styles.table_head)]]
    cells += [[Spacer(10, row_height)] for _ in range(rows)]
    t = RowTable(cells, colWidths=[WIDTH], repeatRows=1)
    t.page_height = 700.0
    t.setStyle(
        TableStyle([("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    )
    return t


def body_rows(part: RowTable) -> int:
    return part._nrows - part.repeatRows


def test_a_table_splits_between_rows_with_its_header_repeated(styles: Styles) -> None:
    t = table(styles, 10, 50)
    t.wrap(WIDTH, 1e6)
    head = t._rowHeights[0]
    top, rest = t.split(WIDTH, head + 5 * 50 + 1)
    assert (body_rows(top), body_rows(rest)) == (5, 5)
    header = rest._cellvalues[0][0]
    assert [f.text for f in header] == ["Head"]  # the header row, repeated


def test_a_table_never_leaves_a_lone_row_at_the_foot_or_head(styles: Styles) -> None:
    t = table(styles, 6, 30)
    t.wrap(WIDTH, 1e6)
    head = t._rowHeights[0]
    assert t.split(WIDTH, head + 1 * 30 + 1) == []  # one row here: move the table on
    top, rest = t.split(WIDTH, head + 5 * 30 + 1)  # five here would leave one: four
    assert (body_rows(top), body_rows(rest)) == (4, 2)


def test_a_tall_row_may_stand_alone_rather_than_leave_a_hole(styles: Styles) -> None:
    """Issue 17 item 2: a row of four lines and more (`TALL_ROW`) is a block of text
    of its own; moving the table on for it would leave a hole as tall."""
    t = table(styles, 4, 60)
    t.wrap(WIDTH, 1e6)
    head = t._rowHeights[0]
    top, rest = t.split(WIDTH, head + 1 * 60 + 1)  # one tall row here, three after
    assert (body_rows(top), body_rows(rest)) == (1, 3)
    top, rest = t.split(WIDTH, head + 3 * 60 + 1)  # three here, one tall row after
    assert (body_rows(top), body_rows(rest)) == (3, 1)


def test_a_row_taller_than_a_page_is_cut_inside(styles: Styles) -> None:
    tall = Paragraph(words(2500), styles.cell)
    t = RowTable(
        [[Paragraph("Head", styles.table_head)], [[tall]]], colWidths=[WIDTH], repeatRows=1
    )
    t.page_height = 500.0
    parts = t.split(WIDTH, 480)
    assert len(parts) == 2
    h0 = parts[0].wrap(WIDTH, 480)[1]
    assert h0 <= 480


def test_the_title_band_is_as_tall_as_its_content_and_padding(styles: Styles) -> None:
    content = [Paragraph("A title", styles.title), Rule(None, 1, 12)]
    band = TitleBand(content, None, 10, (0, 0, 0))
    _, height = band.wrap(WIDTH, 1e6)
    inner = sum(f.wrap(WIDTH, 1e6)[1] for f in content) + content[0].getSpaceAfter()
    assert height == pytest.approx(inner + 20)


def _text_rows(styles: Styles, make: Callable[[list[list[object]]], RowTable]) -> RowTable:
    """A title row and four rows of eight lines of text each."""
    rows: list[list[object]] = [[Paragraph("Title", styles.table_head)]]
    rows += [[[Paragraph(words(8 * 11), styles.cell)]] for _ in range(4)]
    t = make(rows)
    t.page_height = 700.0
    t.wrap(WIDTH, 1e6)
    return t


def test_a_box_breaks_inside_a_point_but_a_data_table_only_between_rows(
    styles: Styles,
) -> None:
    """Issue 17 item 2: a box of text starts at a page foot with what of its next
    point fits (two lines each side); a data table (an ExhibitTable, as Table 1 is)
    keeps each row whole."""
    box = _text_rows(styles, lambda rows: box_of_text(rows, WIDTH))
    room = box._rowHeights[0] + box._rowHeights[1] * 1.5  # half-way into the second point
    top, rest = box.split(WIDTH, room)
    assert top.wrap(WIDTH, room)[1] > box._rowHeights[0] + box._rowHeights[1] * 1.2
    grid = _text_rows(styles, lambda rows: ExhibitTable(rows, colWidths=[WIDTH], repeatRows=1))
    top, rest = grid.split(WIDTH, room)
    assert (body_rows(top), body_rows(rest)) == (1, 3)  # whole rows, the rest moved on
