"""Figures, data tables, boxes and quotations as flowables (spec 1.1 "Blocks").

What real briefs do (GAO, CRS, OECD, CBO): "Figure 1. Title" above the exhibit
(or below, by the layout's `exhibits.caption`), a subtitle with the units,
then the exhibit, then "Source:" and "Note:" lines; a figure is kept together
with its caption. A data table is in the pros/cons table's family (header
band, rules), numeric columns right-aligned, split only between rows with its
caption repeated as "Table 2 (continued)" and its header row; a box is a
shaded panel, "Box 1. Title", whole when short and split with "(continued)"
when long. Tagged for screen readers through `render.tagging`: a figure is a
`Figure` with `/Alt`, a data table `Table > TH/TD`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle

from policybrief.model.inline import Inline, PipeTable, Quote
from policybrief.model.numbers import column_alignment
from policybrief.model.paths import Origin
from policybrief.model.resolved import Box, DataTable, Figure
from policybrief.render import inline
from policybrief.render import styles as roles
from policybrief.render.charts import ChartLook, draw
from policybrief.render.floats import FLOATS
from policybrief.render.images import PAPER, Sized, Vector, picture_flowable
from policybrief.render.paragraph import Paragraph  # Tagged: drawn as marked content
from policybrief.render.styles import colour
from policybrief.render.tables import RowTable
from policybrief.render.tagging import cell_flowables, data_table, keep_struct, tag

if TYPE_CHECKING:
    from policybrief.render.blocks import Builder

# A picture is never placed larger than its pixels at this resolution (spec 1.1).
MIN_DPI = 150
# No column of a data table asks for more than this share of the text width.
MAX_SHARE = 0.35


class ExhibitTable(RowTable):
    """A RowTable whose first row (the caption) reads "(continued)" on later pages."""

    continued: Any = None
    # A data table is cut between rows only. A box is not a grid of data: like a
    # Typst block it breaks inside a point (two lines at least on each side, the
    # paragraphs' own widow and orphan control) rather than move on whole and
    # leave the page foot empty (`box_of_text`).
    breaks_in_rows = False
    IN_ROW_PIECE = 24  # points: two lines of a box's text

    def _split_at_rows(self, aW: float, aH: float, starts_page: bool) -> list[RowTable]:
        if self.breaks_in_rows and self._only_paragraphs():
            parts = self._split_in_row(aW, aH, self.IN_ROW_PIECE)
            if len(parts) == 2 and parts[0]._nrows > self.repeatRows:
                for part in parts:
                    part.__dict__["breaks_in_rows"] = True  # parts are of this class
                return parts
        return super()._split_at_rows(aW, aH, starts_page)

    def _only_paragraphs(self) -> bool:
        """Whether every point is paragraphs: reportlab splits a list inside a cell into
        new list items whose marked content the structure tree does not hold."""
        return all(
            isinstance(f, Paragraph | Spacer)
            for row in self._cellvalues[self.repeatRows :]
            for cell in row
            for f in cell_flowables(cell)
        )

    def split(self, aW: float, aH: float) -> list[Flowable]:
        parts: list[Any] = super().split(aW, aH)
        for part in parts[1:]:
            if self.continued is not None:
                # A new row: reportlab's parts share their repeated rows' lists with the
                # first part, whose caption (and link target) setting one in place lost.
                first = part._cellvalues[0]
                part._cellvalues = [[self.continued, *first[1:]], *part._cellvalues[1:]]
                # reportlab hands the parts the heights it measured: the caption row's
                # held the subtitle too, a blank line under "(continued)". Measured again.
                part._argH = part._rowHeights = [None, *part._argH[1:]]
            part.continued = self.continued
        keep_struct(self, parts)
        return parts


def box_of_text(rows: list[list[object]], width: float) -> ExhibitTable:
    """A box (key takeaways, an exhibit box): one column of text, its title row first."""
    box = ExhibitTable(rows, colWidths=[width], repeatRows=1, hAlign="LEFT")
    box.breaks_in_rows = True
    return box


WHOLE_BOX = 1 / 6  # of the frame's height: a box this short is never split


def stays_whole(box: RowTable, width: float, frame_height: float) -> bool:
    """Whether a box (takeaways, an exhibit box) is kept whole: when it is short, or
    has fewer than three rows (its title and two points: no split leaves a point on
    each side)."""
    height = box.wrap(width, 1e9)[1]
    rows = box._nrows - box.repeatRows
    return height <= frame_height * WHOLE_BOX or rows < 3


class ChartFlowable(Vector):
    """A chart Drawing (tagged, as every Sized picture is, as a Figure with its alt)."""


def flowables(builder: Builder, block: Any) -> list[Flowable]:
    match block:
        case Figure():
            return wide(figure(builder, block))
        case DataTable():
            return wide(table(builder, block))
        case Box():
            return wide(box(builder, block))
        case PipeTable(header=header, rows=rows, align=align):
            texts = [[_plain(c) for c in row] for row in rows]
            declared = align if all(align) else None
            aligned = column_alignment(len(header), texts, declared)
            shown = DataTable(Origin(()), 0, None, None, None, header, rows, aligned, (), ())
            return wide(table(builder, shown))
        case Quote(blocks=blocks):
            return builder.blocks(
                blocks, roles.exhibit_styles(builder.styles, builder.layout).quote
            )
    return []


WIDE = "at_frame_width"  # a flowable's attribute: set at the frame's width, not the measure


def wide(story: list[Flowable]) -> list[Flowable]:
    """An exhibit's flowables (its caption, notes and spaces too) marked to take the
    frame's whole width when running text is set to a narrower `type.measure`."""
    for flowable in story:
        setattr(flowable, WIDE, True)
    return story


def caption(builder: Builder, label: str, number: int, title: str, anchor: str | None) -> Paragraph:
    es = roles.exhibit_styles(builder.styles, builder.layout)
    mark = inline.anchor(anchor) if anchor else ""
    head = inline.bold(inline.text(f"{label} {number}."))
    return Paragraph(f"{mark}{head} {inline.text(title)}", es.caption)


def _notes(builder: Builder, exhibit: Figure | DataTable) -> list[Flowable]:
    es = roles.exhibit_styles(builder.styles, builder.layout)
    labels = builder.lang.labels
    out: list[Flowable] = []
    for label, blocks in ((labels.source, exhibit.source), (labels.note, exhibit.notes)):
        for i, made in enumerate(builder.blocks(blocks, es.source)):
            if i == 0 and isinstance(made, Paragraph):
                lead = inline.italic(inline.text(f"{label}:")) + " "
                made = Paragraph(lead + made.text, es.source)  # noqa: PLW2901
            out.append(made)
    return out


def _heading(builder: Builder, exhibit: Figure | DataTable, label: str) -> list[Flowable]:
    es = roles.exhibit_styles(builder.styles, builder.layout)
    if exhibit.title is None:
        return []
    out: list[Flowable] = [caption(builder, label, exhibit.number, exhibit.title, exhibit.anchor)]
    if exhibit.subtitle:
        out.append(Paragraph(inline.text(exhibit.subtitle), es.subtitle))
    return out


def figure(builder: Builder, fig: Figure) -> list[Flowable]:
    es = roles.exhibit_styles(builder.styles, builder.layout)
    width = builder.frame_width * fig.width
    body: Flowable
    if fig.chart is not None:
        layout = builder.layout
        model = layout.color_model
        look = ChartLook(
            font=builder.styles.heading_font.regular,
            size=builder.styles.size * 0.8,
            ink=colour(layout.palette.text, model),
            muted=colour(layout.palette.muted, model),
            rule=colour(layout.palette.rule, model),
            series=roles.separated(layout.exhibits.series, model),
            language=builder.brief.language,
        )
        drawing = draw(fig.chart, width, look)
        body = ChartFlowable(drawing)
    else:
        assert fig.picture is not None
        body = picture_flowable(fig.picture, builder.layout.color_model == "cmyk", PAPER)
        _fit(body, width, fig.picture.kind != "svg")
    tag(body, "Figure", alt=fig.alt)
    body.hAlign = "LEFT"
    top = _heading(builder, fig, builder.lang.labels.figure)
    notes = _notes(builder, fig)
    parts = [*top, Spacer(0, es.gap), body, Spacer(0, es.gap), *notes]
    if builder.layout.exhibits.caption == "below":
        parts = [body, Spacer(0, es.gap), *top, *notes]
    whole = KeepTogether([Spacer(0, es.around), *parts, Spacer(0, es.around)])
    setattr(whole, FLOATS, True)  # it may float past text to the next page (render/floats)
    return [whole]


def _fit(picture: Sized, width: float, raster: bool) -> None:
    """At `width`, but never larger than its pixels at MIN_DPI (a raster's size is pixels)."""
    natural_w, natural_h = picture.width, picture.height
    target = width
    if raster:
        target = min(width, natural_w * 72 / MIN_DPI)
    picture.width, picture.height = target, natural_h * target / natural_w


def table(builder: Builder, exhibit: DataTable) -> list[Flowable]:
    s = builder.styles
    es = roles.exhibit_styles(s, builder.layout)
    columns = max(len(exhibit.columns), max((len(r) for r in exhibit.rows), default=0))
    styles = {"left": es.cell, "right": es.cell_right, "center": es.cell_center}
    heads = {"left": es.head, "right": es.head_right, "center": es.head_center}

    def cell(content: tuple[Inline, ...], style: Any) -> Paragraph:
        return Paragraph(inline.runs(content, builder.ctx), style)

    align = list(exhibit.align) + ["left"] * (columns - len(exhibit.align))
    rows: list[list[Any]] = []
    caption_rows = 0
    if exhibit.title is not None:
        label = builder.lang.labels.table
        first = caption(builder, label, exhibit.number, exhibit.title, exhibit.anchor)
        cap: list[Flowable] = [first]
        if exhibit.subtitle:
            cap.append(Paragraph(inline.text(exhibit.subtitle), es.subtitle))
        rows.append([cap] + [""] * (columns - 1))
        caption_rows = 1
    if exhibit.columns:
        rows.append([cell(c, heads[a]) for c, a in zip(exhibit.columns, align, strict=False)])
    for row in exhibit.rows:
        rows.append([cell(c, styles[a]) for c, a in zip(row, align, strict=False)])
    head_rows = caption_rows + (1 if exhibit.columns else 0)
    widths = _widths(builder, exhibit, columns)
    grid = ExhibitTable(rows, colWidths=widths, repeatRows=head_rows, hAlign="LEFT")
    grid.page_height = builder.frame_height
    if exhibit.title is not None:
        label = builder.lang.labels.table
        grid.continued = Paragraph(
            inline.bold(inline.text(f"{label} {exhibit.number}"))
            + inline.text(f" ({builder.lang.labels.continued})"),
            es.caption,
        )
    grid.setStyle(
        TableStyle(roles.data_table(s, builder.layout, caption_rows, bool(exhibit.columns)))
    )
    if exhibit.columns:
        data_table(grid, header_rows=head_rows, caption_rows=caption_rows)
    grid.spaceBefore = es.around
    notes = _notes(builder, exhibit)
    if notes:
        notes[-1].spaceAfter = es.around
        return [grid, Spacer(0, es.gap), *notes]
    grid.spaceAfter = es.around
    return [grid]


def _widths(builder: Builder, exhibit: DataTable, columns: int) -> list[float]:
    """Column widths as a browser lays out an automatic table: each column at least as
    wide as its longest unbreakable word, at most its longest line of text (capped at
    MAX_SHARE of the frame); what is left shared in proportion to what each still wants.
    Lengths by character count made a short first column as wide as a long one."""
    es = roles.exhibit_styles(builder.styles, builder.layout)
    pad = builder.styles.size * 0.9  # the cell's left and right padding
    frame = builder.frame_width
    least, most = [pad] * columns, [pad] * columns
    for r, row in enumerate((exhibit.columns, *exhibit.rows)):
        style = es.head if r == 0 and exhibit.columns else es.cell
        for i, content in enumerate(row[:columns]):
            text = _plain(content)
            bold = any(getattr(run, "bold", False) for run in content)
            font = builder.styles.body_font.bold if bold and style is es.cell else style.fontName
            words = text.split() or [""]
            word = max(stringWidth(w, font, style.fontSize) for w in words)
            line = stringWidth(text, font, style.fontSize)
            least[i] = max(least[i], min(word, frame * MAX_SHARE) + pad)
            most[i] = max(most[i], min(line, frame * MAX_SHARE) + pad)
    return _shared(least, most, frame)


def _shared(least: list[float], most: list[float], frame: float) -> list[float]:
    """`frame` shared out: every column its least, then the rest towards its most, in
    proportion to what each still wants; room beyond every column's most goes to all."""
    floor = sum(least)
    if floor >= frame:  # even the words do not fit: shrink them alike (Paragraphs wrap)
        return [frame * w / floor for w in least]
    wants = [m - w for w, m in zip(least, most, strict=True)]
    wanted = sum(wants)
    spare = frame - floor
    if wanted > spare:
        return [w + spare * d / wanted for w, d in zip(least, wants, strict=True)]
    full = sum(most)
    return [frame * m / full for m in most]


def box(builder: Builder, exhibit: Box) -> list[Flowable]:
    s = builder.styles
    es = roles.exhibit_styles(s, builder.layout)
    label = builder.lang.labels.box
    title = caption(builder, label, exhibit.number, exhibit.title, exhibit.anchor)
    rows: list[list[Any]] = [[title]]
    for block in exhibit.blocks:
        made = builder.blocks([block], es.box_body)
        if made:
            rows.append([made])
    for point in exhibit.points:  # bulleted paragraphs, as in the takeaways box
        paras = builder.blocks(point.blocks, es.box_point, builder.lead(point))
        if paras and isinstance(paras[0], Paragraph):
            paras[0] = Paragraph(paras[0].text, es.box_point, bulletText="•")
        if paras:
            rows.append([paras])
    grid = box_of_text(rows, builder.frame_width)
    grid.page_height = builder.frame_height
    grid.continued = Paragraph(
        inline.bold(inline.text(f"{label} {exhibit.number}"))
        + inline.text(f" ({builder.lang.labels.continued})"),
        es.caption,
    )
    grid.setStyle(TableStyle(roles.exhibit_box(s, builder.layout)))
    space = Spacer(0, es.around)
    if stays_whole(grid, builder.frame_width, builder.frame_height):
        return [space, KeepTogether([grid]), Spacer(0, es.around)]
    return [space, grid, Spacer(0, es.around)]


def _plain(content: tuple[Inline, ...]) -> str:
    return "".join(getattr(i, "text", "") for i in content)
