"""Text drawn straight on the canvas or in a chart, in the faces that have its characters.

Paragraphs get fallback faces through their markup (`inline.escape`); the running
header and footer, the classification marking, the draft watermark, the annex
stamps and chart labels are drawn as plain strings in one font (reportlab's
canvas and its graphics renderer), so here each is cut into the same pieces
(`inline.pieces`) and each piece drawn in its face. Text the layout's fonts draw
whole goes through reportlab's own calls unchanged.
"""

from __future__ import annotations

from typing import Literal

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from policybrief.render.inline import pieces

Anchor = Literal["start", "middle", "end"]


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """(face, text) pieces of `text` set in `font`: `font` wherever it will do."""
    return [(face or font, piece) for face, piece in pieces(text)]


def width(text: str, font: str, size: float, char_space: float = 0.0) -> float:
    """The width of `text` as `draw` sets it (`char_space`: points after each glyph but
    the last, PDF's Tc, as letter-spaced capitals have)."""
    glyphs = float(sum(stringWidth(piece, face, size) for face, piece in runs(text, font)))
    return glyphs + char_space * max(len(text) - 1, 0)


def draw(
    canv: Canvas,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    anchor: Anchor = "start",
    char_space: float = 0.0,
) -> None:
    """`text` with its start, middle or end at `x` on the baseline `y`, `char_space`
    points after each glyph."""
    parts = runs(text, font)
    if len(parts) <= 1:  # one face: as reportlab's own calls draw it
        if (getattr(canv, "_fontname", None), getattr(canv, "_fontsize", None)) != (font, size):
            canv.setFont(font, size)
        {"start": canv.drawString, "middle": canv.drawCentredString, "end": canv.drawRightString}[
            anchor
        ](x, y, text, charSpace=char_space)
        return
    total = width(text, font, size, char_space)
    start = x - {"start": 0.0, "middle": total / 2, "end": total}[anchor]
    line = canv.beginText(start, y)
    if char_space:
        line.setCharSpace(char_space)
    for face, piece in parts:
        line.setFont(face, size)
        line.textOut(piece)
    if char_space:  # Tc outlives the text object: what is drawn next is not spaced
        line.setCharSpace(0)
    canv.drawText(line)
    canv.setFont(font, size)
