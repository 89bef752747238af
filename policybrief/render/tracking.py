"""Letters' share of justifying a line: what a line has to fill is shared between
its word spaces and its letters, as pdfTeX's font expansion and InDesign's letter
spacing and glyph scaling share it, rather than put in the spaces alone.

reportlab justifies a line by word spacing only (`Tw`, the extra space over the
spaces). Here its two justifying line drawers are wrapped: a line's letters take
their share, in proportion with the spaces' stretch or shrink, as letter-spacing
(`Tc`, the space after every glyph, never past TRACK_STRETCH or TRACK_SHRINK of
the em) and as glyph scaling (`Tz`, never past EXPAND_STRETCH or EXPAND_SHRINK of
a glyph's width: the 2 % of pdfTeX's expansion, which a reader sees less than
letter-spacing since a glyph's stems and sidebearings widen together); the
spaces take the rest. The line breaker (`linebreak._space`) counts the same
room, so that a line it chooses is one this can draw. reportlab measures where a
fragment ends (for links, underlines and the next fragment) by the canvas's
`stringWidth`: while a line is drawn so, that width counts the `Tc` and the `Tz`.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import paragraph as _paragraph

rl: Any = _paragraph  # reportlab's private line drawers, not in types-reportlab

STRETCH = 0.6  # of a space's width: spaces may grow to 1.6x
SHRINK = 1 / 3  # of a space's width: spaces may close to 2/3 (TeX's interword glue)
# Letter-spacing at a line's full stretch or shrink, in ems per glyph (0.02 em is
# InDesign's +8 % of a space), and glyph scaling, of a glyph's width. Together,
# on the example (benchmarks/typography.py), they take a third of the hyphens
# and the loosest spaces in, at 80 characters a line.
TRACK_STRETCH = 0.02
TRACK_SHRINK = 0.015
EXPAND_STRETCH = 0.02
EXPAND_SHRINK = 0.02
_FUZZ = 1e-8


def letters_room(glyphs: int, width: float, size: float, stretching: bool) -> float:
    """Points the letters of a line (`glyphs` of them, `width` points wide at `size`)
    can take up when it stretches, or give up when it shrinks."""
    if stretching:
        return glyphs * size * TRACK_STRETCH + width * EXPAND_STRETCH
    return glyphs * size * TRACK_SHRINK + width * EXPAND_SHRINK


def letters_share(
    extra: float, spaces: int, glyphs: int, width: float, space: float, size: float
) -> tuple[float, float]:
    """The Tc and the horizontal scale (1 = none) of a justified line with `extra`
    points to fill (negative: to take in) over `spaces` word spaces of `space` points
    and `glyphs` glyphs of `size`, `width` points wide with its spaces."""
    if glyphs < 2 or spaces <= 0:
        return 0.0, 1.0
    stretching = extra > 0
    room = spaces * space * (STRETCH if stretching else SHRINK)
    ratio = extra / (room + letters_room(glyphs, width, size, stretching))
    ratio = max(-1.0, min(ratio, 1.0))
    if stretching:
        return ratio * size * TRACK_STRETCH, 1 + ratio * EXPAND_STRETCH
    return ratio * size * TRACK_SHRINK, 1 + ratio * EXPAND_SHRINK


def spaces_share(extra: float, width: float, glyphs: int, tc: float, scale: float) -> float:
    """What the spaces of a line `width` points wide (natural) still fill once its
    letters are spaced by `tc` and scaled by `scale`: Tz scales Tc and Tw too, and
    the Tc after a line's last glyph shows not."""
    return (width + extra) / scale - width - tc * (glyphs - 1)


def _untracked(extra: float, last: int, preformatted: bool = False) -> bool:
    """reportlab's own test for a line it draws without word spacing."""
    return preformatted or -_FUZZ < extra <= _FUZZ or bool(last and extra > -_FUZZ)


def _draw_tracked(tx: Any, tc: float, scale: float, draw: Callable[[], Any]) -> Any:
    canvas = tx._canvas
    before = getattr(tx, "_charSpace", 0.0)  # a capitals paragraph's own (Paragraph.char_space)
    tx.setCharSpace(before + tc)
    horizontal = scale != 1.0
    if horizontal:
        tx._code.append(f"{fp_str(scale * 100)} Tz")
    canvas._line_char_space = tc
    canvas._line_scale = scale
    try:
        return draw()
    finally:
        canvas._line_char_space = 0.0
        canvas._line_scale = 1.0
        if horizontal:
            tx._code.append("100 Tz")
        tx.setCharSpace(before)


def _justify_line(tx: Any, offset: float, extra: float, words: list[str], last: int = 0) -> Any:
    """One line of a one-fragment paragraph (reportlab's `_justifyDrawParaLine`)."""
    if _untracked(extra, last, getattr(tx, "preformatted", False)):
        return _JUSTIFY(tx, offset, extra, words, last)
    text = " ".join(words)
    spaces = len(words) + rl._nbspCount(text) - 1
    size = tx._fontsize
    space = stringWidth(" ", tx._fontname, size)
    width = stringWidth(text, tx._fontname, size)
    tc, scale = letters_share(extra, spaces, len(text), width, space, size)
    if not tc:
        return _JUSTIFY(tx, offset, extra, words, last)
    rest = spaces_share(extra, width, len(text), tc, scale)
    return _draw_tracked(tx, tc, scale, lambda: _JUSTIFY(tx, offset, rest, words, last))


def _justify_frag_line(tx: Any, offset: float, line: Any, last: int = 0) -> Any:
    """One line of fragments (reportlab's `_justifyDrawParaLineX`)."""
    extra = line.extraSpace
    if line.lineBreak or _untracked(extra, last):
        return _JUSTIFY_X(tx, offset, line, last)
    words = [w for w in line.words if not hasattr(w, "cbDefn")]
    glyphs = sum(len(w.text) for w in words)
    spaces = line.wordCount + sum(rl._nbspCount(w.text) for w in words) - 1
    style = tx.XtraState.style
    size = style.fontSize
    width = sum(stringWidth(w.text, w.fontName, w.fontSize) for w in words)
    space = stringWidth(" ", style.fontName, size)
    tc, scale = letters_share(extra, spaces, glyphs, width, space, size)
    if not tc or any(getattr(w.cbDefn, "kind", "") == "img" for w in line.words if w not in words):
        return _JUSTIFY_X(tx, offset, line, last)  # an inline image: its box is not scaled
    line.extraSpace = spaces_share(extra, width, glyphs, tc, scale)
    try:
        return _draw_tracked(tx, tc, scale, lambda: _JUSTIFY_X(tx, offset, line, last))
    finally:
        line.extraSpace = extra


def _string_width(
    self: Canvas, text: str, fontName: str | None = None, fontSize: float | None = None
) -> float:
    """The canvas's width of `text`, with the letter-spacing and scaling of the line
    being drawn."""
    width: float = _STRING_WIDTH(self, text, fontName, fontSize)
    tc: float = self.__dict__.get("_line_char_space", 0.0)
    if not tc:
        return width
    scale: float = self.__dict__.get("_line_scale", 1.0)
    return (width + len(text) * tc) * scale


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
