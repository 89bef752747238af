"""Footnotes at the foot of the page where their mark is (spec 1.1, `notes: footnotes`).

Platypus has no footnote area, so the document keeps one (`FootArea`): before a
flowable that holds footnote marks is placed, the document asks for the height of
its notes (under a short rule, in smaller type) and raises the frame's bottom by
that much, so that the text above never runs into them; when the flowable and its
notes do not fit together, the flowable is split where its first part and that
part's own notes fit, and the rest goes on (to the next page, with its notes).
At the end of each page the notes placed on it are drawn in the room reserved.
A note taller than the room left continues on the next page under "(continued)".

Which marks a flowable holds is read from its paragraphs before drawing (each
mark is an `<onDraw>` fragment with the note's number); while drawing, each mark
reports its page (`mark_drawn`), which `pages_of_marks` keeps for checking: a
mark is never on a different page from its note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from reportlab import platypus
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import FrameBreak

from policybrief.render import tagging
from policybrief.render.inline import NOTE_MARK_CALLBACK
from policybrief.render.keep import KeepWithNext

# The short rule above the notes: a fifth of the text width, with this much space
# above it (in leading units of the note type) and below it.
RULE_SHARE = 0.2
GAP_ABOVE = 0.9
GAP_BELOW = 0.5


def marks_in(flowable: Any) -> list[int]:
    """The footnote numbers whose marks `flowable` draws, in reading order."""
    out: list[int] = []
    _collect(flowable, out, 0)
    return out


def _collect(node: Any, out: list[int], depth: int) -> None:
    if depth > 12 or node is None or isinstance(node, str | int | float):
        return
    if isinstance(node, list | tuple):
        for item in node:
            _collect(item, out, depth + 1)
        return
    if isinstance(node, platypus.Paragraph):
        out += _paragraph_marks(node)
        return
    for name in ("_cellvalues", "_content", "_flowables", "_flowable", "_list"):
        inner = node.__dict__.get(name) if hasattr(node, "__dict__") else None
        if inner is not None:
            _collect(inner, out, depth + 1)


def _paragraph_marks(para: platypus.Paragraph) -> list[int]:
    lines = getattr(para.__dict__.get("blPara"), "lines", None)
    frags: Iterable[Any]
    if lines and all(hasattr(line, "words") for line in lines):
        frags = (word for line in lines for word in line.words)
    else:
        frags = getattr(para, "frags", ()) or ()
    out: list[int] = []
    for frag in frags:
        cb = getattr(frag, "cbDefn", None)
        if cb is not None and getattr(cb, "name", "") == NOTE_MARK_CALLBACK:
            out.append(int(cb.label))
    return out


@dataclass
class FootArea:
    """The footnotes of the page being laid out, and those carried to the next.

    `build(number)`: a note's flowables (its number hanging, its text in the
    footnote style); `continued(flowables)`: the same under "(continued)"."""

    build: Callable[[int], list[Flowable]]
    continued: Callable[[], Flowable]
    rule_colour: Any
    leading: float
    body_leading: float = 12.0  # the body text's: how tall "a few lines" are
    root: tagging.Node | None = None  # the structure tree (a note whose mark is outside it)
    # Points between the frame's sides and the notes' (as the running text's, under a
    # `type.measure`), and the notes' width, the frame's less that (begin_frame).
    inset: float = 0.0
    width: float = 0.0
    # number -> the element that drew its mark: the note's Note goes in it (ISO 32000-1
    # 14.8.4.3: a note may be a child of the element that refers to it), read after it.
    anchors: dict[int, tagging.Node] = field(default_factory=dict)
    placed: set[int] = field(default_factory=set)  # numbers placed on any page so far
    page: list[Flowable] = field(default_factory=list)  # this page's note flowables
    carry: list[Flowable] = field(default_factory=list)  # for the next page, continued
    height: float = 0.0  # reserved on this page, the rule included
    drawn_on: dict[int, int] = field(default_factory=dict)  # number -> page of its mark
    placed_on: dict[int, int] = field(default_factory=dict)  # number -> page of its note
    _made: dict[int, list[Flowable]] = field(default_factory=dict)
    _nodes: dict[int, tagging.Node] = field(default_factory=dict)  # each note's Note
    _attached: set[int] = field(default_factory=set)

    def _note(self, number: int) -> list[Flowable]:
        """The note's flowables, each a `P` of its `Note` (attached once drawn)."""
        if number not in self._made:
            flows = self._made[number] = self.build(number)
            note = self._nodes[number] = tagging.Node("Note", ident=f"fn-{number}")
            for flow in flows:
                if getattr(flow, "struct", None) is None:
                    flow.struct = note.add("P")  # type: ignore[attr-defined]
        return self._made[number]

    def _rule_room(self) -> float:
        return self.leading * (GAP_ABOVE + GAP_BELOW)

    def need(self, numbers: Iterable[int], rule: bool = False) -> float:
        """The height these notes add to this page (the rule too, if it has none yet;
        `rule`: the rule's alone, when there are no notes)."""
        todo = [n for n in dict.fromkeys(numbers) if n not in self.placed]
        if not todo:
            return self._rule_room() if rule and not self.page else 0.0
        extra = sum(_height(f, self.width) for n in todo for f in self._note(n))
        return extra + (0.0 if self.page else self._rule_room())

    def reserve(self, numbers: Iterable[int], room: float, page: int) -> float:
        """Put these notes on this page, as much of them as `room` holds (the rest is
        carried, continued); the height taken."""
        # In number order: a table's marks read across its rows, its notes by number.
        todo = sorted(n for n in set(numbers) if n not in self.placed)
        if not todo:
            return 0.0
        taken = 0.0 if self.page else self._rule_room()
        flows = [f for n in todo for f in self._note(n)]
        fit, rest = _fill(flows, self.width, room - taken)
        taken += sum(_height(f, self.width) for f in fit)
        self.page += fit
        if rest:
            self.carry = [self.continued(), *rest, *self.carry]
        for n in todo:
            self.placed.add(n)
            self.placed_on[n] = page
        self.height += taken
        return taken

    def start_page(self, frame_width: float, room: float) -> float:
        """A new page: what was carried goes first, as much as `room` holds."""
        self.page, self.height = [], 0.0
        self.width = frame_width - 2 * self.inset
        if not self.carry:
            return 0.0
        carried, self.carry = self.carry, []
        fit, rest = _fill(carried, self.width, room - self._rule_room())
        if not fit:  # not even a line: the whole page is for notes, rest carried on
            fit, rest = carried[:1], carried[1:]
        self.carry = [self.continued(), *rest] if rest else []
        self.page = fit
        self.height = self._rule_room() + sum(_height(f, self.width) for f in fit)
        return self.height

    def draw(self, canv: Canvas, frame_x: float, bottom: float) -> None:
        """This page's notes, from `bottom` up to the reserved height, under the rule."""
        if not self.page:
            return
        x, width = frame_x + self.inset, self.width
        top = bottom + self.height
        rule_y = top - self.leading * GAP_ABOVE
        with tagging.artifact(canv):
            canv.saveState()
            canv.setStrokeColor(self.rule_colour)
            canv.setLineWidth(0.5)
            canv.line(x, rule_y, x + width * RULE_SHARE, rule_y)
            canv.restoreState()
        y = rule_y - self.leading * GAP_BELOW
        self._attach()
        for flow in self.page:
            _, h = flow.wrap(width, 1e6)
            if getattr(flow, "struct", None) is None:  # "(continued)": furniture
                with tagging.artifact(canv):
                    flow.drawOn(canv, x, y - h)
            else:
                flow.drawOn(canv, x, y - h)
            y -= h + flow.getSpaceAfter()

    def _attach(self) -> None:
        """Each note placed so far into the element that drew its mark (its marks are
        all drawn by the time the page's notes are)."""
        for number, note in self._nodes.items():
            if number in self._attached or number not in self.placed:
                continue
            holder = self.anchors.get(number, self.root)
            if holder is not None:
                holder.children.append(note)
                self._attached.add(number)


def _height(flow: Flowable, width: float) -> float:
    return float(flow.wrap(width, 1e6)[1]) + float(flow.getSpaceAfter())


def _fill(
    flows: list[Flowable], width: float, room: float
) -> tuple[list[Flowable], list[Flowable]]:
    """The flowables that fit in `room` (the one across the limit split), and the rest."""
    fit: list[Flowable] = []
    for i, flow in enumerate(flows):
        h = _height(flow, width)
        if h <= room:
            fit.append(flow)
            room -= h
            continue
        parts = flow.split(width, room) if room > 0 else []
        if len(parts) >= 2:
            head, *tail = parts
            fit.append(head)
            return fit, [*tail, *flows[i + 1 :]]
        return fit, flows[i:]
    return fit, []


# What may hold text, and so footnote marks.
_HOLDERS = (platypus.Paragraph, platypus.Table, platypus.ListFlowable, platypus.KeepTogether)


def begin_frame(frame: Any, foot: FootArea) -> None:
    """A new page's frame (reused page after page): its bottom set back, then raised
    by what notes carried from the last page take (at most half of it)."""
    frame._y1p = frame._y1 + frame._bottomPadding
    frame._y1p += foot.start_page(frame._aW, (frame._y - frame._y1p) / 2)


def end_page(canv: Canvas, frame: Any, foot: FootArea) -> None:
    """The page's notes, drawn in the room reserved at the frame's foot."""
    bottom = frame._y1 + frame._bottomPadding
    foot.draw(canv, frame._x1 + frame._leftPadding, bottom)


def make_room(doc: Any, foot: FootArea, flowables: list[Flowable]) -> None:
    """Before `flowables[0]` is placed: room at the foot for the notes of its marks.

    The flowable and its notes fit: the frame's bottom rises by their height. They
    do not: the flowable is split where its first part and that part's notes fit
    (the rest comes back to the list), or it goes to the next page; at the top of a
    page, where it cannot go further, its notes take at most half the page and
    continue on the next."""
    if getattr(doc, "frame", None) is None or isinstance(flowables[0], platypus.ActionFlowable):
        return  # before the first page, or a page break
    doc.handle_keepWithNext(flowables)  # a heading kept with it is measured with it
    f = flowables[0]
    frame, canv = doc.frame, doc.canv
    # The width it is set at: the measure's for running text, the frame's for a table
    # (an Indenter moves the frame's sides; _aW is the whole frame's).
    width = frame._getAvailableWidth()
    room = frame._y - frame._y1p - (0 if frame._atTop else f.getSpaceBefore())
    if not isinstance(f, _HOLDERS):
        return  # a spacer or a conditional page break holds no marks (and is not wrapped)
    # Wrapped first: a split part's own marks are known only once it is broken into lines.
    f.wrapOn(canv, width, max(room, 1.0))
    marks = [n for n in marks_in(f) if n not in foot.placed]
    if not marks:
        return
    need = foot.need(marks)
    _, height = f.wrapOn(canv, width, max(room - need, 1.0))
    if isinstance(f, platypus.KeepTogether):  # says 0xffffff to be split: its height is _H
        height = float(getattr(f, "_H", height))
    if height + need <= room:
        frame._y1p += foot.reserve(marks, room - height, doc.page)
        return
    split = _split_for_notes(doc, foot, f, width, room)
    if split is None:  # its notes too long for the room left: they continue overleaf
        split = _split_for_notes(doc, foot, f, width, room, notes_share=0.5, lines=3)
    if split is None and not frame._atTop:
        flowables.insert(0, FrameBreak())  # an instance, called as keep.py does
        return
    if split is None:
        frame._y1p += foot.reserve(marks, room / 2, doc.page)
        return
    first, rest, first_marks, first_height = split
    from policybrief.render.origins import mark, origin_of

    parts = [first, *rest]
    mark(origin_of(f), parts)
    tagging.keep_struct(f, parts)
    flowables[0:1] = parts
    frame._y1p += foot.reserve(first_marks, room - first_height, doc.page)


def _split_for_notes(
    doc: Any,
    foot: FootArea,
    f: Flowable,
    width: float,
    room: float,
    notes_share: float = 1.0,
    lines: int = 1,
) -> tuple[Flowable, list[Flowable], list[int], float] | None:
    """The largest first part of `f` that fits in `room` with its own notes (those
    notes limited to `notes_share` of the room, the rest continued on the next page),
    with the rest and the part's marks; None if no first part of at least `lines`
    lines of body text fits."""
    if isinstance(f, KeepWithNext) and len(f._content) > 1:
        return _split_group_for_notes(doc, foot, f, width, room, notes_share, lines)
    whole = room - min(foot.need(marks_in(f)), room * notes_share)
    found = _split_from(doc, foot, f, width, room, notes_share, lines, whole)
    if found is None and whole < room:
        # No part fits beside all of the whole's notes; one without marks may fit alone
        # (a paragraph whose only mark is in its last line).
        found = _split_from(doc, foot, f, width, room, notes_share, lines, room)
    return found


def _split_from(
    doc: Any,
    foot: FootArea,
    f: Flowable,
    width: float,
    room: float,
    notes_share: float,
    lines: int,
    target: float,
) -> tuple[Flowable, list[Flowable], list[int], float] | None:
    """`_split_for_notes`, its first try at `target`, then at heights its notes leave."""
    canv = doc.canv
    best = None
    for _ in range(6):
        if target <= 0:
            break
        f.wrapOn(canv, width, target)
        parts = f.splitOn(canv, width, target)
        if len(parts) < 2 or any(isinstance(p, platypus.ActionFlowable) for p in parts):
            break
        first = parts[0]
        _, h = first.wrapOn(canv, width, target)
        for part in parts[1:]:
            part.wrapOn(canv, width, room)
        own = [n for n in marks_in(first) if n not in foot.placed]
        need = foot.need(own)
        if need > room * notes_share and own:
            # Only the last note may continue overleaf: the others whole, it 3 lines at least.
            need = foot.need(own[:-1]) or foot.need([], rule=True)
            need += 3 * foot.leading
        if h + need <= room and h >= lines * foot.body_leading:
            best = (first, list(parts[1:]), own, float(h))
            if room - need <= target + 0.5:
                break  # no room left to gain
            target = room - need  # its notes are fewer than the whole's: take more text
        else:
            target -= h + need - room + 0.5
    return best


def _split_group_for_notes(
    doc: Any,
    foot: FootArea,
    group: KeepWithNext,
    width: float,
    room: float,
    notes_share: float,
    lines: int,
) -> tuple[Flowable, list[Flowable], list[int], float] | None:
    """A heading (and lead-ins) kept with the first part of what follows, counting
    only that part's notes: counting the whole paragraph's sent the heading and two
    lines that would have fitted to the next page, a hole at this one's foot."""
    *leading, last = group._content
    if any(n not in foot.placed for f in leading for n in marks_in(f)):
        return None  # a heading or lead-in with a mark of its own: not split here
    held = platypus.KeepTogether(list(leading))
    held.wrapOn(doc.canv, width, room)
    above = float(getattr(held, "_H", 0.0))  # wrap() answers 0xffffff when it overflows
    above += leading[-1].getSpaceAfter() + last.getSpaceBefore()
    part = _split_for_notes(doc, foot, last, width, room - above, notes_share, max(lines, 2))
    if part is None:
        return None
    first, rest, marks, height = part
    return platypus.KeepTogether([*leading, first]), rest, marks, above + height
