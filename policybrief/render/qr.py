"""QR codes for references on paper (imported only by layouts that print them)."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.barcode.qr import QrCode

from policybrief.render.tagging import Tagged


class InkQrCode(Tagged, QrCode):
    """reportlab's QR flowable (modules only, no text, so no font) in the layout's ink;
    tagged as a `Figure` whose alternative text is its URL."""

    def __init__(self, value: str, ink: Any, **kw: Any) -> None:
        super().__init__(value, **kw)
        self.ink = ink

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFillColor(self.ink)
        super().draw()
        self.canv.restoreState()
