"""A hyphen that hyphenation puts at a line end is marked as a soft hyphen for
assistive technology (issue 14 item 3): `/Span <</ActualText <FEFF00AD>>> BDC
(-) Tj EMC`, so the word reads whole; a hyphen the text has is left as it is.
Read back from drawn PDFs, as a reader that honours ActualText reads them."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from policybrief.render.hyphenation import Hyphenator
from policybrief.render.paragraph import Paragraph
from tests.conftest import EXAMPLE

from ..structure import check

SOFT = "\xad"
STYLE = ParagraphStyle(
    "hyphen-spans",
    fontName="Times-Roman",
    fontSize=10,
    leading=12,
    alignment=TA_JUSTIFY,
    hyphenationLang=Hyphenator("en_US"),
    embeddedHyphenation=0,
)
# Long words to break, compounds whose own hyphens are not breaks, and suspended
# hyphens ("pre- and post-war"), a hyphen the author typed that can end a line.
TEXT = (
    "International reconstruction commitments regarding decision-making require "
    "extraordinary administrative coordination between pre- and post-war "
    "governments, intergovernmental organisations and non-governmental "
    "representatives; counterbalancing disproportionate responsibilities, "
    "the long-term reconstruction consortium demands transparency, accountability "
    "and a well-understood, internationally recognised verification mechanism "
    "for short- and medium-term disbursements."
)
BOLD = TEXT.replace("reconstruction commitments", "<b>reconstruction</b> commitments").replace(
    "consortium", "<i>consortium</i>"
)


def _draw(parts: list[Paragraph], width: float) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width + 20, 1000))
    for part in parts:
        part.wrap(width, 1000)
        part.drawOn(canvas, 10, 10)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _read(pdf: bytes) -> tuple[list[list[tuple[str, str | None]]], int]:
    """Each line drawn as (text shown, the ActualText it is inside or None) pieces,
    and how many Spans held anything but one "-"."""
    lines: list[list[tuple[str, str | None]]] = []
    odd = 0
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        line: list[tuple[str, str | None]] = []
        actual: list[str | None] = []
        inside: list[str] = []
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"BDC":
                props = operands[1]
                text = props.get("/ActualText") if isinstance(props, DictionaryObject) else None
                actual.append(None if text is None else str(text))
                inside = []
            elif op == b"BMC":
                actual.append(None)
            elif op == b"EMC":
                if actual and actual.pop() is not None and inside != ["-"]:
                    odd += 1
            elif op == b"Tj":
                shown = str(operands[0])
                held = next((a for a in reversed(actual) if a is not None), None)
                if held is not None:
                    inside.append(shown)
                line.append((shown, held))
            elif op in (b"T*", b"ET") and line:
                lines.append(line)
                line = []
    return lines, odd


def _as_read(lines: list[list[tuple[str, str | None]]]) -> str:
    """The text as a screen reader gets it: ActualText for what it covers, a soft
    hyphen at a line end joining the word across the break."""
    text = "\n".join("".join(a if a is not None else s for s, a in line) for line in lines)
    return text.replace(SOFT + "\n", "")


def _words(markup: str) -> list[str]:
    return re.sub(r"<[^>]+>", "", markup).split()


def _sweep(text: str, style: ParagraphStyle, widths: range) -> tuple[int, int]:
    """Draw `text` at each width, whole and split at every line; each reads as its
    words. Returns (inserted hyphens spanned, author's hyphens ending a line)."""
    spanned = typed = 0
    for width in widths:
        whole = Paragraph(text, style)
        _, height = whole.wrap(width, 1000)
        drawings = [_draw([whole], width)]
        for at in range(2, int(height / style.leading)):
            parts = Paragraph(text, style).split(width, style.leading * at + 1)
            if len(parts) == 2:
                drawings.append(_draw(parts, width))
        for pdf in drawings:
            lines, odd = _read(pdf)
            assert odd == 0, (width, "a Span around something other than one hyphen")
            read = _as_read(lines)
            # Every character once, in order, no inserted hyphen among them (a compound
            # broken at its own hyphen, "decision-" / "making", reads as its halves).
            assert "".join(read.split()) == "".join(_words(text)), (width, read)
            if "-\n" not in read:
                assert read.split() == _words(text), (width, read)
            for line in lines:
                shown, actual = line[-1]
                if actual == SOFT:
                    assert shown == "-" and len(line) > 1, (width, line)
                    spanned += 1
                elif shown.rstrip().endswith("-"):
                    typed += 1
                assert all(a is None for _, a in line[:-1]), (width, line)  # only at the end
    return spanned, typed


def test_inserted_hyphens_read_as_soft_hyphens_and_typed_ones_as_hyphens() -> None:
    """One fragment (a line is one string) and several (bold and italic words):
    every hyphen hyphenation inserted is inside a Span with ActualText U+00AD, at
    the line's end, around the "-" alone; "pre-", "short-" ending a line and
    "decision-making" are read with their hyphens. Whole and split paragraphs."""
    for text in (TEXT, BOLD):
        spanned, typed = _sweep(text, STYLE, range(120, 260, 9))
        assert spanned > 20, text  # the sweep did break words
        assert typed > 0, text  # and ended lines at the author's own hyphens


def test_paragraphs_that_reportlab_breaks_itself_are_marked_too() -> None:
    """Centred and ragged-right text (reportlab's breaker and ours set first fit):
    the same reading."""
    for alignment in (TA_CENTER, TA_LEFT):
        style = ParagraphStyle(f"hyphen-spans-{alignment}", parent=STYLE, alignment=alignment)
        spanned, _ = _sweep(TEXT, style, range(110, 200, 11))
        assert spanned > 5, alignment


def test_the_span_sits_inside_the_paragraphs_marked_content(example_pdf: Path) -> None:
    """In the example: the Span is no structure element (the tree and its
    invariants are as before), every Span is an inserted hyphen's, and the
    paragraphs' hyphenated line ends are all marked."""
    pdf = example_pdf.read_bytes()
    assert check(pdf) == []
    lines, odd = _read(pdf)
    assert odd == 0
    spans = sum(1 for line in lines if line[-1][1] == SOFT)
    assert spans > 3  # the example hyphenates little (letter-spacing, ragged cells first fit)
    # A line-end "-" that is not marked is a compound's own hyphen ("decision-" /
    # "making"): the brief has the two halves joined, as typed.
    typed = " ".join(EXAMPLE.read_text(encoding="utf-8").split())
    for i, line in enumerate(lines[:-1]):
        if line[-1][1] is None and line[-1][0].endswith("-"):
            head = "".join(s for s, _ in line).split()[-1]
            tail = "".join(s for s, _ in lines[i + 1]).split()[0].rstrip(".,;:")
            assert head + tail in typed, (head, tail)
