"""Tables that split only where a reader expects it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable, Table

from policybrief.render.tagging import TableTags


class RowTable(Table):
    """A table that never leaves a lone row at a page foot or head, and cuts a
    row only when it is taller than a whole page.

    A split must leave at least `MIN_ROWS` body rows on each side, or one row of
    at least `TALL_ROW` points (a lone tall row reads as a block of text; moving
    the table on for it would leave a hole as tall); otherwise it splits a row
    earlier, or moves the whole table on (unless it already starts a page, where
    any split is better than none). A row that does not
    fit even on a page of its own (a pros/cons item or a takeaway of a page
    and more) is cut inside, in pieces of at least `MIN_PIECE` points.
    """

    MIN_ROWS = 2
    TALL_ROW = 48  # points (four lines and more): a row this tall may stand alone
    MIN_PIECE = 36  # points
    page_height: float = float("inf")  # the frame's height on a page of its own
    repeated_head: bool = False  # a later part: its header rows are a repeat (tagging)
    # reportlab's own, which the stubs do not declare
    splitByRow: int
    splitInRow: int
    repeatRows: int
    _nrows: int
    _cellvalues: list[list[Any]]
    _rowHeights: list[float]
    _calc: Callable[[float, float], None]

    def __init__(self, data: Any, *args: Any, **kw: Any) -> None:
        # Rules and backgrounds as artifacts, a repeated header row too (tagging).
        kw.setdefault("renderCB", _TAGS)
        super().__init__(data, *args, **kw)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        return list(self.split_parts(aW, aH))

    def split_parts(self, aW: float, aH: float) -> list[RowTable]:
        page_height = self.page_height
        if self._row_taller_than(aW, aH, page_height):
            # In-row splitting first (reportlab would cut at the last whole row
            # and repeat the header above the rest on the same page).
            parts = self._split_in_row(aW, aH, self.MIN_PIECE)
        else:
            parts = self._split_at_rows(aW, aH, starts_page=aH >= page_height * 0.9)
        for i, part in enumerate(parts):  # reportlab makes the parts: they keep these rules
            part.page_height = page_height
            part.splitByRow, part.splitInRow = 1, 0
            # Every part but the first starts with the header row again (an artifact).
            part.repeated_head = i > 0 or self.repeated_head
            for key in ("struct_header_rows", "struct_caption_rows"):  # tagging.data_table
                if key in self.__dict__:
                    part.__dict__[key] = self.__dict__[key]
        return parts

    def _row_taller_than(self, aW: float, aH: float, page_height: float) -> bool:
        """Whether a body row would not fit even on a page of its own."""
        self._calc(aW, aH)
        heads = sum(self._rowHeights[: self.repeatRows])
        return max(self._rowHeights[self.repeatRows :], default=0) > page_height - heads

    def _split_in_row(self, aW: float, aH: float, piece: int) -> list[RowTable]:
        """reportlab's split cutting the row that crosses the foot, each piece at least
        `piece` points (its paragraphs keep two lines on each side)."""
        self.splitByRow, self.splitInRow = 0, piece
        try:
            return self._table_split(aW, aH)
        finally:
            self.splitByRow, self.splitInRow = 1, 0

    def _table_split(self, aW: float, aH: float) -> list[RowTable]:
        """reportlab's split; its parts are of this class (it builds them with __class__)."""
        return [part for part in super().split(aW, aH) if isinstance(part, RowTable)]

    def _split_at_rows(self, aW: float, aH: float, starts_page: bool) -> list[RowTable]:
        parts = self._table_split(aW, aH)
        if len(parts) != 2:
            return parts
        head, tail = (part._nrows - self.repeatRows for part in parts)
        head_ok = head >= self.MIN_ROWS or self._tall_alone(parts[0], aW, aH)
        tail_ok = tail >= self.MIN_ROWS or self._tall_alone(parts[1], aW, aH)
        if head_ok and tail_ok:
            return parts
        if not head_ok:
            return parts if starts_page else []
        parts[0].wrap(aW, aH)
        shorter = sum(parts[0]._rowHeights[-(self.MIN_ROWS - tail) :])
        retry = self._table_split(aW, aH - shorter)
        if len(retry) == 2 and (
            retry[0]._nrows - self.repeatRows >= self.MIN_ROWS
            or self._tall_alone(retry[0], aW, aH)
        ):
            return retry
        return parts if starts_page else []

    def _tall_alone(self, part: RowTable, aW: float, aH: float) -> bool:
        """A part of one body row that is tall enough to stand alone on a page: moving
        the whole table on for it would leave that much of the page empty."""
        part.wrap(aW, aH)
        rows = part._rowHeights[self.repeatRows :]
        return len(rows) == 1 and rows[0] >= self.TALL_ROW


_TAGS = TableTags()  # stateless: what it knows is on the table it is called for
