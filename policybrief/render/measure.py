"""Text widths in a layout's body font, for the lint's line estimates (`run/lint.py`):
the one reportlab call `--lint` needs, so that `--check` alone loads no reportlab."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth

from policybrief.model.layout import Layout
from policybrief.render import fonts


def body_width(text: str, layout: Layout, layout_dir: Path) -> float:
    """Points `text` takes on one line in the layout's body font and size."""
    face = fonts.family(layout.fonts.body, layout_dir).regular
    return float(stringWidth(text, face, layout.type.size))
