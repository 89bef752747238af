"""Page previews (`--png`): a PNG of every page beside its PDF, for e-mail, chat and
the web team. Rendered by PDFium through `pypdfium2` (the optional extra `[png]`:
8 MB of native library that a print build never needs)."""

from __future__ import annotations

import io
from pathlib import Path


class PreviewUnavailable(Exception):
    """pypdfium2 is not installed."""


def png_paths(pdf: Path, pages: int) -> list[Path]:
    """`build/x.pdf` -> `build/x-1.png`, `build/x-2.png`, ..."""
    return [pdf.with_name(f"{pdf.stem}-{n}.png") for n in range(1, pages + 1)]


def write_pngs(pdf: Path, dpi: int) -> list[Path]:
    """Render every page of `pdf` at `dpi` into PNGs beside it (the TrimBox's page,
    crop marks and bleed included, as the PDF's MediaBox shows them)."""
    try:
        import pypdfium2
    except ImportError:
        raise PreviewUnavailable(
            "--png needs pypdfium2: pip install 'make-brief[png]' (or pip install pypdfium2)"
        ) from None
    from policybrief.finish.write import write_atomically

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        written = []
        for page, target in zip(document, png_paths(pdf, len(document)), strict=True):
            image = page.render(scale=dpi / 72).to_pil()
            image.info.pop("dpi", None)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", dpi=(dpi, dpi))
            write_atomically(target, buffer.getvalue())
            written.append(target)
        return written
    finally:
        document.close()
