"""Figures that float past running text to the next page's top, as LaTeX's and
InDesign's do, rather than leave the page foot empty.

A figure (a chart or picture with its caption and notes, kept whole) that does not
fit in what is left of the page, when that is more than FLOAT_ROOM of the frame,
is held back while the paragraphs and lists after it fill the page whole; it goes
back in front of the first that does not fit whole or has a footnote mark (its
note's room could split it around the figure), or of anything else (a heading, a
lead-in, a table, a box, another exhibit), and so opens the next page.
No paragraph is split around it, so that the page reads in one order, which the
structure tree follows: its elements move after the paragraphs that passed it.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Indenter, KeepTogether, ListFlowable, Spacer

from policybrief.render.footnotes import marks_in
from policybrief.render.paragraph import Heading, Paragraph
from policybrief.render.tagging import Node

FLOATS = "floats"  # a figure's attribute: it may float (exhibits.figure sets it)
FLOAT_ROOM = 0.15  # of the frame's height: a smaller gap at the foot is left as it is
_PUT_BACK = "floated_back_on"  # the page a held figure was put back on


def place(doc: Any, flowables: list[Flowable], root: Node | None) -> None:
    """Before flowables[0] is placed: a figure that does not fit is held while whole
    paragraphs follow it; a held one goes back in front of what does not."""
    frame = getattr(doc, "frame", None)
    if frame is None or not flowables:
        return
    held: list[Flowable] = doc.__dict__.setdefault("_floating", [])
    passed: list[Flowable] = doc.__dict__.setdefault("_passed", [])
    if not held:
        _hold(doc, flowables)
        if not held:
            return
    front: Any = flowables[0]
    if isinstance(front, Indenter) and front.left > 0 and not frame._atTop:
        return  # back to the measure after the figure's place: it passes too (a table's,
        # taking the frame's width, does not: the figure is put back before it)
    if not frame._atTop and _is_text(front) and _fits_whole(doc, front):
        passed.append(front)
        return
    if passed and root is not None:
        _read_after(root, _nodes(held), _nodes(passed[-1:]))
    for flowable in held:  # put back, it is not held again on this page
        flowable.__dict__[_PUT_BACK] = doc.page
    flowables[0:0] = held
    held.clear()
    passed.clear()


def _hold(doc: Any, flowables: list[Flowable]) -> None:
    frame = doc.frame
    at = _figure_at(flowables)
    if at is None or frame._atTop:
        return
    figure = flowables[at]
    if figure.__dict__.get(_PUT_BACK) == doc.page:
        return
    after = flowables[at + 1 : at + 2]
    closes = bool(after) and isinstance(after[0], Indenter)  # the measure resumes after it
    if not _text_then_more(flowables, at + 1 + closes):
        return
    room = frame._y - frame._y1p
    figure.wrapOn(doc.canv, frame._aW, room)
    height = float(getattr(figure, "_H", 0.0))  # a KeepTogether's own height
    if height <= room or room <= FLOAT_ROOM * frame._height:
        return
    held: list[Flowable] = doc._floating
    if at and closes:  # its own pair of Indenters to the frame's width and back: all three
        held.extend(flowables[: at + 2])
        del flowables[: at + 2]
        return
    if closes:  # wide after a table, the measure after it: it takes a pair of its own
        back: Any = after[0]
        held.extend([Indenter(-back.left, -back.right), figure, Indenter(back.left, back.right)])
    else:
        held.append(figure)
    del flowables[at]


def _figure_at(flowables: list[Flowable]) -> int | None:
    """Where the figure at the front is (after the Indenter that takes it to the
    frame's width), or None when the front is no figure."""
    for at, flowable in enumerate(flowables[:2]):
        if getattr(flowable, FLOATS, False):
            return at
        if not isinstance(flowable, Indenter):
            return None
    return None


def _is_text(flowable: Flowable) -> bool:
    if isinstance(flowable, Heading) or getattr(flowable, "keepWithNext", False):
        return False  # a heading, or a lead-in kept with what follows
    return isinstance(flowable, Paragraph | ListFlowable) and not isinstance(flowable, KeepTogether)


def _text_then_more(flowables: list[Flowable], start: int) -> bool:
    """Whether running text follows the figure, and something after that text which
    puts the figure back (the document does not end in the text)."""
    rest = flowables[start:]
    return bool(rest) and _is_text(rest[0]) and any(not _is_text(f) for f in rest)


def _fits_whole(doc: Any, flowable: Flowable) -> bool:
    """Whether `flowable` fits whole in what is left of the page, and has no footnote
    mark to place: its notes would take room at the foot, and it might be split for
    them around the figure."""
    frame = doc.frame
    room = frame._y - frame._y1p - flowable.getSpaceBefore()
    _, height = flowable.wrapOn(doc.canv, frame._getAvailableWidth(), room)
    placed = doc.foot.placed if doc.foot is not None else set()
    return bool(height <= room) and all(n in placed for n in marks_in(flowable))


def _nodes(flowables: list[Flowable]) -> list[Node]:
    """The structure elements the flowables draw into, in order, once each."""
    out: list[Node] = []
    for flowable in flowables:
        if isinstance(flowable, Indenter | Spacer):
            continue  # no ink (a split's node may have been handed to them)
        inner = getattr(flowable, "_content", None)
        node = flowable.__dict__.get("struct")
        found = _nodes(list(inner)) if inner is not None else []
        for each in found or ([node] if isinstance(node, Node) else []):
            if not any(each is n for n in out):
                out.append(each)
    return out


def _read_after(root: Node, moved: list[Node], last: list[Node]) -> None:
    """`moved` (siblings, in order) put after `last[0]` in their parent's children."""
    if not moved or not last:
        return
    parent = _parent_of(root, moved[0])
    if parent is None or any(n not in parent.children for n in [*moved, last[0]]):
        return  # not siblings: the tree keeps the brief's order
    kids = [k for k in parent.children if not any(k is n for n in moved)]
    at = next(i for i, k in enumerate(kids) if k is last[0]) + 1
    parent.children[:] = [*kids[:at], *moved, *kids[at:]]


def _parent_of(node: Node, child: Node) -> Node | None:
    for kid in node.children:
        if kid is child:
            return node
        if isinstance(kid, Node):
            found = _parent_of(kid, child)
            if found is not None:
                return found
    return None
