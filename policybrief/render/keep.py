"""Keeping a heading (or a lead-in) with what follows, without wasting pages.

ReportLab's KeepTogether moves the whole group to the next page whenever it
does not fit, so a heading followed by a long paragraph leaves half a page
empty. A group here breaks the page only when what must stay together (the
heading, any lead-ins) plus the first piece of what follows cannot be placed
on this page; otherwise it starts here and the last flowable splits as usual
(widow and orphan control keep at least two lines on each side).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.doctemplate import FrameBreak


class KeepWithNext(KeepTogether):
    _content: list[Flowable]  # set by KeepTogether.__init__; the stubs do not declare it

    def split(self, aW: float, aH: float) -> list[Flowable]:
        content = list(self._content)
        frame = getattr(self, "_frame", None)
        at_top = bool(frame and getattr(frame, "_atTop", False))
        if at_top or self._fits_start(content, aW, aH):
            if len(content) == 1:
                # reportlab places the first part whole: a lone flowable that does
                # not fit must come back split, or the build fails (n==1).
                parts = content[0].splitOn(self.canv, aW, aH)
                return parts or ([] if at_top else [FrameBreak(), *content])
            return content
        return [FrameBreak(), *content]

    def _fits_start(self, content: list[Flowable], aW: float, aH: float) -> bool:
        *leading, last = content
        room = aH
        for flowable in leading:
            _, height = flowable.wrapOn(self.canv, aW, room)
            room -= height + flowable.getSpaceAfter()
            if room <= 0:
                return False
        if isinstance(last, KeepTogether):  # a block that must stay whole, e.g. a small table
            last.wrapOn(self.canv, aW, room)
            # wrap() answers 0xffffff (to force a split) and keeps the true height in _H
            whole: float = last._H  # type: ignore[attr-defined]  # not in types-reportlab
            return room >= whole
        return self._can_start(last, aW, room, depth=3)

    def _can_start(self, flowable: Flowable, aW: float, room: float, depth: int) -> bool:
        """Whether some first piece of `flowable` can be placed in `room`."""
        _, height = flowable.wrapOn(self.canv, aW, room)
        if height <= room:
            return True
        parts = flowable.splitOn(self.canv, aW, room)
        if not parts or depth == 0:
            return False
        # A list splits into its items whatever the room: ask whether the first one starts.
        return parts[0] is not flowable and self._can_start(parts[0], aW, room, depth - 1)
