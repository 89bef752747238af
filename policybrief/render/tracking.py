"""Letter-spacing of justified lines: what a line has to fill is shared between its
word spaces and its letters, as pdfTeX's font expansion and InDesign's letter
spacing share it, rather than put in the spaces alone.

reportlab justifies a line by word spacing only (`Tw`, the extra space over the
spaces). Here its two justifying line drawers are wrapped: a line's `Tc` (the
space after every glyph) takes the letters' share, in proportion with the
spaces' stretch or shrink and never past TRACK_STRETCH or TRACK_SHRINK, and the
spaces take the rest. The line breaker (`linebreak._space`) counts the same
room, so that a line it chooses is one this can draw. reportlab measures where
a fragment ends (for links, underlines and the next fragment) by the canvas's
`stringWidth`: while a tracked line is drawn, that width counts the `Tc` too.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import paragraph as _paragraph

rl: Any = _paragraph  # reportlab's private line drawers, not in types-reportlab

STRETCH = 0.6  # of a space's width: spaces may grow to 1.6x
SHRINK = 1 / 3  # of a space's width: spaces may close to 2/3 (TeX's interword glue)
# Letter-spacing at a line's full stretch or shrink, in ems per glyph: about 1 % of a
# glyph's width, the range of pdfTeX's expansion. On the example (benchmarks/
# typography.py) it halves the hyphens and brings the loosest spaces in.
TRACK_STRETCH = 0.015
TRACK_SHRINK = 0.01
_FUZZ = 1e-8


def char_space(extra: float, spaces: int, glyphs: int, space: float, size: float) -> float:
    """The Tc of a justified line with `extra` points to fill (negative: to take in)
    over `spaces` word spaces of `space` points and `glyphs` glyphs of `size`."""
    if glyphs < 2 or spaces <= 0:
        return 0.0
    if extra > 0:
        room = spaces * space * STRETCH + glyphs * size * TRACK_STRETCH
        return min(extra / room, 1.0) * size * TRACK_STRETCH
    room = spaces * space * SHRINK + glyphs * size * TRACK_SHRINK
    return max(extra / room, -1.0) * size * TRACK_SHRINK


def _untracked(extra: float, last: int, preformatted: bool = False) -> bool:
    """reportlab's own test for a line it draws without word spacing."""
    return preformatted or -_FUZZ < extra <= _FUZZ or bool(last and extra > -_FUZZ)


def _draw_tracked(tx: Any, tc: float, draw: Callable[[], Any]) -> Any:
    canvas = tx._canvas
    before = getattr(tx, "_charSpace", 0.0)  # a capitals paragraph's own (Paragraph.char_space)
    tx.setCharSpace(before + tc)
    canvas._line_char_space = tc
    try:
        return draw()
    finally:
        canvas._line_char_space = 0.0
        tx.setCharSpace(before)


def _justify_line(tx: Any, offset: float, extra: float, words: list[str], last: int = 0) -> Any:
    """One line of a one-fragment paragraph (reportlab's `_justifyDrawParaLine`)."""
    if _untracked(extra, last, getattr(tx, "preformatted", False)):
        return _JUSTIFY(tx, offset, extra, words, last)
    text = " ".join(words)
    spaces = len(words) + rl._nbspCount(text) - 1
    size = tx._fontsize
    tc = char_space(extra, spaces, len(text), stringWidth(" ", tx._fontname, size), size)
    if not tc:
        return _JUSTIFY(tx, offset, extra, words, last)
    rest = extra - tc * (len(text) - 1)  # Tc follows every glyph; after the last it shows not
    return _draw_tracked(tx, tc, lambda: _JUSTIFY(tx, offset, rest, words, last))


def _justify_frag_line(tx: Any, offset: float, line: Any, last: int = 0) -> Any:
    """One line of fragments (reportlab's `_justifyDrawParaLineX`)."""
    extra = line.extraSpace
    if line.lineBreak or _untracked(extra, last):
        return _JUSTIFY_X(tx, offset, line, last)
    texts = [w.text for w in line.words if not hasattr(w, "cbDefn")]
    glyphs = sum(len(t) for t in texts)
    spaces = line.wordCount + sum(rl._nbspCount(t) for t in texts) - 1
    style = tx.XtraState.style
    size = style.fontSize
    tc = char_space(extra, spaces, glyphs, stringWidth(" ", style.fontName, size), size)
    if not tc:
        return _JUSTIFY_X(tx, offset, line, last)
    line.extraSpace = extra - tc * (glyphs - 1)
    try:
        return _draw_tracked(tx, tc, lambda: _JUSTIFY_X(tx, offset, line, last))
    finally:
        line.extraSpace = extra


def _string_width(
    self: Canvas, text: str, fontName: str | None = None, fontSize: float | None = None
) -> float:
    """The canvas's width of `text`, with the letter-spacing of the line being drawn."""
    width: float = _STRING_WIDTH(self, text, fontName, fontSize)
    tc = self.__dict__.get("_line_char_space", 0.0)
    return width + len(text) * tc if tc else width


def _links_start_at_their_words() -> None:
    """reportlab (5.1) starts a link's box at its fragment's x before the word spacing
    of the line's spaces so far is added (its underlines add it): on a justified line
    the box began left of its word by that much, up to 20 pt on a loose line. One
    name of its `_putFragLine` corrected; a reportlab without that line is left as
    it is."""
    try:
        source = inspect.getsource(rl._putFragLine)
    except (OSError, TypeError):  # no source to read (a frozen install)
        return
    wrong = "links[l] = (l,cur_x),nlo,nhi"
    if source.count(wrong) != 1:
        return
    fixed = textwrap.dedent(source.replace(wrong, "links[l] = (l,cur_x_s),nlo,nhi"))
    namespace: dict[str, Any] = {}
    exec(compile(fixed, rl.__file__, "exec"), rl.__dict__, namespace)  # reportlab's own code
    rl._putFragLine = namespace["_putFragLine"]


_links_start_at_their_words()
_JUSTIFY = rl._justifyDrawParaLine
_JUSTIFY_X = rl._justifyDrawParaLineX
_STRING_WIDTH = Canvas.stringWidth
rl._justifyDrawParaLine = _justify_line
rl._justifyDrawParaLineX = _justify_frag_line
Canvas.stringWidth = _string_width  # type: ignore[method-assign]
