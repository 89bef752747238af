"""The paragraph-wide line breaker (render/linebreak.py), read back from drawn PDFs."""

from __future__ import annotations

import io
import itertools

from pypdf import PdfReader
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from policybrief.render.hyphenation import Hyphenator
from policybrief.render.paragraph import Paragraph

STYLE = ParagraphStyle(
    "body",
    fontName="Times-Roman",
    fontSize=10,
    leading=12,
    alignment=TA_JUSTIFY,
    hyphenationLang=Hyphenator("en_US"),
    embeddedHyphenation=1,
)
TEXT = (
    "Escalation lenders coalition territorial technological civilian treaty legal "
    "observers interim <b>resilience</b> sharing reconstruction energy. Meanwhile, "
    "observers training governance commitment ceasefire assistance negotiation "
    "legitimacy border analysis interim stability lasting benefit."
)


def _drawn(parts: list[Paragraph], width: float) -> str:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width + 20, 400))
    for part in parts:
        part.wrap(width, 400)
        part.drawOn(canvas, 10, 10)
        canvas.showPage()
    canvas.save()
    return "\n".join(page.extract_text() for page in PdfReader(out).pages)


def test_a_bold_word_split_at_a_soft_hyphen_keeps_one_space_after_it() -> None:
    """reportlab gave the rest of a soft-hyphenated word a space of its own, so a
    word ending its fragment ("<b>resilience</b> sharing") printed "silience  sharing",
    one space too many, past the right margin when justified; both in the whole
    paragraph and in the second part of one split after that line."""
    seen = 0
    for width in (*range(100, 108), *range(126, 130), 184, 185, 194, *range(150, 260, 9)):
        whole = Paragraph(TEXT, STYLE)
        _, height = whole.wrap(width, 1000)
        texts = [_drawn([whole], width)]
        for lines in range(2, int(height / 12)):
            parts = Paragraph(TEXT, STYLE).split(width, 12 * lines + 1)
            texts.append(_drawn(parts, width))
        for text in texts:
            assert "  " not in text, (width, text)
            seen += "re-\nsilience" in text or "re- silience" in text
    assert seen  # some width did split the bold word after "re-"


def test_a_split_paragraph_keeps_the_lines_of_the_whole() -> None:
    """Both parts of a paragraph split over a page keep the lines chosen for the
    whole (the second part was set again first-fit: looser lines, more hyphens)."""
    text = " ".join([TEXT.replace("<b>", "").replace("</b>", "")] * 3)
    width = 200
    whole = Paragraph(text, STYLE)
    _, height = whole.wrap(width, 1000)
    lines = _drawn([whole], width)
    for at in range(2, int(height / 12) - 1):
        parts = Paragraph(text, STYLE).split(width, 12 * at + 1)
        assert len(parts) == 2
        assert _lines(_drawn(parts, width)) == _lines(lines), at


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_ragged_text_is_set_first_fit() -> None:
    """A ragged-right paragraph's lines each take every word that fits (a line is
    never left short for the next one to be evened out), and a compound's own
    hyphen is kept."""
    style = ParagraphStyle("ragged", parent=STYLE, alignment=TA_LEFT)
    text = TEXT.replace("<b>", "").replace("</b>", "") + " A non-NATO partner."
    for width in range(150, 260, 7):
        lines = _lines(_drawn([Paragraph(text, style)], width))
        assert "non-NATO" in "\n".join(lines).replace("-\n", "-")  # maybe broken at its hyphen
        for line, after in itertools.pairwise(lines):
            word = after.split()[0]
            if line.endswith("-") or word.endswith("-"):
                continue
            assert stringWidth(f"{line} {word}", "Times-Roman", 10) > width, (width, line)


def test_a_compound_may_break_after_its_own_hyphen_and_keeps_it_when_split() -> None:
    """"decision-" / "making" (no second hyphen drawn, "decision--"), also in a
    paragraph split after that line: reportlab's join of the rest dropped the
    hyphen ("decisionmaking")."""
    text = (
        "Ministries agreed that transparent and accountable governmental decision-making "
        "processes are needed for <b>long-term</b> reconstruction planning and oversight."
    )
    broken_there = 0
    for width in range(150, 330, 3):
        for parts in ([Paragraph(text, STYLE)], Paragraph(text, STYLE).split(width, 25)):
            lines = _lines(_drawn(list(parts), width))
            joined = "\n".join(lines)
            assert "--" not in joined and "decisionmaking" not in joined.replace("\n", "")
            broken_there += any(line.endswith("decision-") for line in lines)
    assert broken_there > 0  # the sweep did end lines at the compound's own hyphen


def test_a_compound_breaks_only_at_its_own_hyphen() -> None:
    """Never "burden-shar-" / "ing" (the page review found it in four layouts): a
    compound's components are not hyphenated, though "sharing" alone would be."""
    text = (
        "Allies discussed long-term burden-sharing arrangements, and sharing again, "
        "with reconstruction-financing commitments across the whole coalition."
    )
    at_own, inside = 0, 0
    for width in range(120, 330, 3):
        lines = _lines(_drawn([Paragraph(text, STYLE)], width))
        for line in lines:
            at_own += line.endswith(("burden-", "reconstruction-"))
            assert not line.endswith(("burden-shar-", "reconstruction-fi-", "recon-", "long-")), (
                width,
                line,
            )
            inside += line.endswith("shar-")  # the plain word "sharing" still may
    assert at_own > 0 and inside > 0, (at_own, inside)


def test_no_line_starts_with_a_spaced_dash() -> None:
    """" — " goes with the word before it to the next line rather than open one."""
    text = (
        "Guarantees matter for the coalition — and for Ukraine — because credible "
        "deterrence requires sustained attention – and money – from allied partners."
    )
    ended = 0
    for width in range(100, 330, 2):
        for style in (STYLE, ParagraphStyle("ragged", parent=STYLE, alignment=TA_LEFT)):
            lines = _lines(_drawn([Paragraph(text, style)], width))
            assert not any(line.startswith(("—", "–")) for line in lines), (width, lines)
            ended += any(line.endswith(("—", "–")) for line in lines)
    assert ended > 0  # the dash did fall at a line end, kept after its word


def test_a_page_never_ends_in_a_word_broken_by_the_breaker() -> None:
    """Issue 17 item 1: no inserted hyphen on the last line before a split (the page's
    last line), when the split can move a line on and keep two on each side."""
    from policybrief.render import linebreak

    text = TEXT * 3
    moved = 0
    for width in range(150, 260, 4):
        whole = Paragraph(text, STYLE)
        whole.wrap(width, 1000)
        broken = linebreak.hyphens(whole).lines
        total = len(whole.blPara.lines)
        for at in range(3, total - 2):
            parts = Paragraph(text, STYLE).split(width, STYLE.leading * at + 1)
            assert len(parts) == 2
            first = len(parts[0].blPara.lines)
            assert first - 1 not in broken or first == 2, (width, at)
            moved += first < at
    assert moved > 0  # some split did move a line on


def test_a_url_longer_than_the_line_is_cut_after_a_slash() -> None:
    """Ragged text (a reference): a URL wider than the measure is cut after a slash.
    reportlab put its first letter at the end of the line before ("h" /
    "ttps://treaties.un.org/...", the handout's reference [1]) and cut it anywhere."""
    style = ParagraphStyle("ragged-url", parent=STYLE, alignment=TA_LEFT)
    url = "https://treaties.un.org/doc/Publication/UNTS/Volume%203007/Part/volume-3007.pdf"
    text = f'Signed at Budapest by Ukraine and the United States. <a href="{url}">{url}</a> More.'
    for width in range(140, 240, 7):
        lines = _lines(_drawn([Paragraph(text, style)], width))
        first = next(i for i, line in enumerate(lines) if "ttps" in line)
        assert "https://treaties.un.org/" in lines[first], (width, lines)  # never "h" / "ttps"
        # ... and it is cut after a slash, never inside a name ("Par" / "t/volume")
        last = next(i for i, line in enumerate(lines) if ".pdf" in line)
        assert last > first
        assert all(lines[i].endswith("/") for i in range(first, last)), (width, lines)
        assert url in "".join(lines[first : last + 1]), (width, lines)


def test_ukrainian_doubled_consonants_are_divided_between_them() -> None:
    """Ukrainian divides a doubled consonant ("зобов'язан-ня", "питан-ня"); pyphen's
    patterns broke before the pair ("зобов'яза-ння"), found by the page review."""
    from policybrief.render.hyphenation import hyphenator
    from policybrief.render.linebreak import SHY, soft_hyphens

    uk = hyphenator("uk")
    assert uk is not None
    marked = soft_hyphens("зобов’язання питання вирішення", uk).split()
    assert [w.split(SHY)[-2:] for w in marked] == [["бов’язан", "ня"], ["тан", "ня"], ["шен", "ня"]]
