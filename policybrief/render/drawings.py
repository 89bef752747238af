"""reportlab Drawings (charts, SVG logos) drawn on the canvas, their strings in the
faces that have their characters.

reportlab's graphics renderer draws each String in one font; a chart's label with
a character that font lacks (a '≠' in a category, the '−' of a negative tick)
would print nothing there. This renderer draws such a String piece by piece
(`render.textruns`); any other shape, and a String its font draws whole, as
reportlab does. Imported when the first drawing is drawn: reportlab.graphics is
not needed by a brief without one.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.renderbase import renderScaledDrawing
from reportlab.graphics.renderPDF import _PDFRenderer
from reportlab.graphics.shapes import String
from reportlab.pdfgen.canvas import Canvas

from policybrief.render.textruns import Anchor, draw, runs


def render_drawing(drawing: Any, canv: Canvas) -> None:
    """`renderPDF.draw(drawing, canv, 0, 0)`, each String that needs more than its one
    font in pieces."""
    scaled: Any = renderScaledDrawing(drawing)  # type: ignore[no-untyped-call]
    _PiecesRenderer().draw(scaled, canv, 0, 0)


class _PiecesRenderer(_PDFRenderer):
    def drawString(self, stringObj: String) -> None:  # reportlab's names
        renderer: Any = self  # its drawing state is not in the stubs
        state = renderer._tracker.getState()
        font, size, anchor = state["fontName"], state["fontSize"], state["textAnchor"]
        plain = getattr(stringObj, "textRenderMode", 0) == 0 and renderer._fill
        if not plain or len(runs(stringObj.text, font)) <= 1 or anchor not in _ANCHORS:
            super().drawString(stringObj)
            return
        x, y, text = stringObj.x, stringObj.y, stringObj.text
        draw(renderer._canvas, x, y, text, font, size, _ANCHORS[anchor])


# reportlab's text anchors that `draw` sets the same way ('numeric', aligned on the
# decimal point, is left to reportlab: no chart of ours uses it).
_ANCHORS: dict[str, Anchor] = {
    "start": "start",
    "inherited": "start",
    "middle": "middle",
    "end": "end",
}
