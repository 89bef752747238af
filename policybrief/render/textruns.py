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


def width(text: str, font: str, size: float) -> float:
    """The width of `text` as `draw` sets it."""
    return float(sum(stringWidth(piece, face, size) for face, piece in runs(text, font)))


def draw(
    canv: Canvas, x: float, y: float, text: str, font: str, size: float, anchor: Anchor = "start"
) -> None:
    """`text` with its start, middle or end at `x` on the baseline `y`."""
    parts = runs(text, font)
    if len(parts) <= 1:  # one face: as reportlab's own calls draw it
        if (getattr(canv, "_fontname", None), getattr(canv, "_fontsize", None)) != (font, size):
            canv.setFont(font, size)
        {"start": canv.drawString, "middle": canv.drawCentredString, "end": canv.drawRightString}[
            anchor
        ](x, y, text)
        return
    total = width(text, font, size)
    start = x - {"start": 0.0, "middle": total / 2, "end": total}[anchor]
    line = canv.beginText(start, y)
    for face, piece in parts:
        line.setFont(face, size)
        line.textOut(piece)
    canv.drawText(line)
    canv.setFont(font, size)
