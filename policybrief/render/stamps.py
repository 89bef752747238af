"""Pages drawn after layout: furniture overlays for annex pages, and the even-page pad.

Annex pages come from other PDFs, so the brief's running header and footer
("Page 7 of 9") are drawn on transparent pages of the brief's own size that
`annexes.append` stamps onto them (each annex page placed, by then, inside
`Chrome.annex_room`, clear of them). The pad that makes a duplex print come out even is drawn
here whole: the chrome of any brief page, and optionally the language's
"This page is intentionally left blank." Both use `Chrome`'s own drawing and
the brief's registered fonts, so nothing here can drift from the brief's look.
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from policybrief.render.pages import Chrome
from policybrief.render.tagging import artifact
from policybrief.render.textruns import draw


def extras(chrome: Chrome, notice: str | None) -> bytes | None:
    """Overlays for pages len(chrome.pages)+1 .. chrome.total; None when there are none.

    The last page is the pad when the count was made even; `notice` is printed on it.
    """
    first = len(chrome.pages) + 1
    padded = chrome.total > len(chrome.pages) + chrome.extra_pages
    if chrome.total < first:
        return None
    styles = chrome.styles
    buffer = io.BytesIO()
    canv = Canvas(
        buffer,
        pagesize=chrome.geometry.media,
        invariant=1,
        # types-reportlab types this as a number; reportlab takes a font name
        initialFontName=styles.body_font.regular,  # type: ignore[arg-type]
        initialFontSize=styles.size,
        enforceColorSpace="cmyk" if chrome.layout.color_model == "cmyk" else None,
    )
    for page in range(first, chrome.total + 1):
        pad = padded and page == chrome.total
        chrome.stamp(canv, page)
        if pad and notice:
            _notice(canv, chrome, notice)
        canv.showPage()
    canv.save()
    return buffer.getvalue()


def _notice(canv: Canvas, chrome: Chrome, text: str) -> None:
    g = chrome.geometry
    styles = chrome.styles
    with artifact(canv):  # the notice says something of the print, not of the brief
        canv.saveState()
        canv.setFillColor(styles.running.textColor)
        x, y = g.offset + g.trim_width / 2, g.offset + g.trim_height / 2
        draw(canv, x, y, text, styles.body_font.italic, styles.size, "middle")
        canv.restoreState()
