"""Issue 20: lint notes, pre-flight, provenance (--verify) and page previews, as users see them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from policybrief.cli import main
from policybrief.finish.preflight import Expectation, preflight

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "briefs" / "us-security-guarantees-ukraine.yaml"

# The briefing layout keeps the guidance's defaults (3-5 takeaways, a 200-word summary);
# the standard layout widens them for a full think-tank brief.
LINTED = """\
title: Lint me
date: 2025-01-01
layout: briefing
summary: |
  The NATO summit met.  It talked.
key_takeaways:
  - One point only.
background: {body: "Some background."}
outlook: {body: "An outlook."}
options:
  items:
    - title: Only option
      text: It is an option.
      pros: [Cheap, Fast]
pros_cons:
  pros: [A, B, C, D, E, F]
  cons: [G]
call_to_action:
  heading: NEXT STEPS
  points:
    - Stay informed about this.
references:
  - {id: a, title: A, url: "https://example.org/x"}
  - {id: b, title: B, url: "https://example.org/x"}
"""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_each_lint_finding_on_a_brief_made_to_trigger_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = tmp_path / "b.yaml"
    brief.write_text(LINTED.replace("summary: |\n", 'summary: |\n  He said "no" plainly.\n'))
    code, _, err = _run(capsys, str(brief), "--check", "--lint")
    assert code == 0
    for expected in (
        "note: key_takeaways: 1 key takeaways, outside 3-5",
        "option 'Only option' has 2 pros and no cons",
        "an options section with one option",
        "6 pros and 1 cons: 6:1 pros reads as advocacy",
        "this recommendation names no one to act",
        "'NATO' in 'Summary' is used before it is expanded",
        "a double space in 'Summary'",
        "the heading 'NEXT STEPS' is in capitals",
        "this URL is also reference 'a'",
    ):
        assert expected in err, expected
    assert "straight quote" not in err  # the typographer curls them: nothing to fix
    strict, _, err = _run(capsys, str(brief), "--check", "--strict")
    assert strict == 1 and "error: key_takeaways: 1 key takeaways" in err


def test_a_takeaway_over_two_lines_and_a_long_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = " ".join(["word"] * 80)
    text = LINTED.replace("  - One point only.", f"  - {long}\n  - b\n  - c")
    text = text.replace("The NATO summit met.  It talked.", " ".join(["Talk."] * 210))
    brief = tmp_path / "b.yaml"
    brief.write_text(text)
    _, _, err = _run(capsys, str(brief), "--check", "--lint")
    assert "key_takeaways[0]: this takeaway runs to about" in err
    assert "'Summary' has 21" in err and "(lint.summary_words)" in err


def test_the_uncovered_language_is_a_warning_not_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = tmp_path / "b.yaml"
    # the standard layout: the summary comes first, where the warning is placed
    brief.write_text(LINTED.replace("layout: briefing\n", "") + "language: uk\n")
    _, _, err = _run(capsys, str(brief), "--check", "--lint")
    assert "warning: summary: readability not checked: textstat has no rules for 'uk'" in err


def _build(tmp_path: Path, *argv: str) -> list[Path]:
    assert main([str(EXAMPLE), "-q", "--out-dir", str(tmp_path), *argv]) == 0
    return sorted(tmp_path.glob("*.pdf"))


def test_verify_round_trips_every_edition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdfs = _build(tmp_path)
    assert len(pdfs) == 4
    for pdf in pdfs:
        code, out, _ = _run(capsys, "--verify", str(pdf))
        assert code == 0 and f"{pdf}: identical: rebuilt from" in out


def test_verify_says_altered_for_one_byte_changed_in_a_text_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = _build(tmp_path, "--edition", "public")[0]
    reader = PdfReader(pdf)
    writer = PdfWriter(clone_from=reader)
    page = writer.pages[0]
    data = page.get_contents().get_data()  # type: ignore[union-attr]
    at = data.index(b"Tj") - 3  # a byte inside a shown string
    page.replace_contents(_stream(data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]))
    out = io.BytesIO()
    writer.write(out)
    pdf.write_bytes(out.getvalue())
    code, _, err = _run(capsys, "--verify", str(pdf))
    assert code == 1 and f"{pdf}: altered: page 1's content differs" in err


def _stream(data: bytes):  # type: ignore[no-untyped-def]
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def test_verify_on_a_foreign_pdf_and_on_a_file_that_is_no_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "foreign.pdf"
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.write(foreign)
    code, _, err = _run(capsys, "--verify", str(foreign))
    assert code == 1
    said = "cannot verify: it carries no make_brief record: it was not made by make_brief"
    assert err == f"{foreign}: {said}\n"
    text = tmp_path / "t.pdf"
    text.write_text("hello")
    code, _, err = _run(capsys, "--verify", str(text))
    assert code == 1 and err.startswith(f"{text}: cannot verify: it cannot be read as a PDF")


def test_no_source_keeps_only_digests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = _build(tmp_path, "--edition", "full", "--no-source")[0]
    assert PdfReader(pdf).attachments == {}
    code, _, err = _run(capsys, "--verify", str(pdf))
    assert code == 1 and "us-security-guarantees-ukraine.yaml: not embedded and not found" in err


def test_pngs_have_the_page_count_and_size(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    from PIL import Image

    pdf = _build(tmp_path, "--edition", "public", "--png", "--png-dpi", "50")[0]
    pngs = sorted(tmp_path.glob("*.png"))
    pages = len(PdfReader(pdf).pages)  # the public handout: 3 pages on its 126 mm column
    assert pages >= 2
    assert [p.name for p in pngs] == [f"{pdf.stem}-{n}.png" for n in range(1, pages + 1)]
    width = float(PdfReader(pdf).pages[0].mediabox.width)
    assert Image.open(pngs[0]).size[0] == round(width * 50 / 72)


def test_preflight_of_the_handout_is_clean(tmp_path: Path) -> None:
    pdf = _build(tmp_path, "--edition", "public")[0]
    lines = preflight(pdf.read_bytes(), Expectation(color_model="cmyk"))
    assert lines[-1] == "verdict: ready to print", "\n".join(lines)
    assert "ok       colour: CMYK (a CMYK edition: no RGB)" in lines


def _page(draw: str, size: tuple[float, float] = (595, 842), extra: dict | None = None) -> bytes:  # type: ignore[type-arg]
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    exec(draw, {"c": canvas})
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_preflight_finds_rgb_in_a_cmyk_edition_a_72_ppi_logo_and_text_in_the_margin() -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    logo = io.BytesIO()
    Image.new("RGB", (72, 72), "red").save(logo, format="PNG")
    pdf = _page(
        "c.setFillColorRGB(1, 0, 0); c.rect(100, 100, 50, 50, fill=1)\n"
        "c.drawImage(IMG, 200, 400, 72, 72)\n"
        "c.setFillColorCMYK(0, 0, 0, 1); c.drawString(5, 5, 'edge')\n".replace(
            "IMG", "__import__('reportlab.lib.utils').lib.utils.ImageReader(LOGO)"
        ).replace("LOGO", "__import__('io').BytesIO(" + repr(logo.getvalue()) + ")")
    )
    assert ImageReader  # the drawing above uses it by name
    lines = preflight(pdf, Expectation(color_model="cmyk"))
    text = "\n".join(lines)
    assert "RGB found on page 1 in a CMYK edition" in text
    assert "images below 225 ppi at their placed size on page 1 (lowest 72 ppi, page 1)" in text
    assert "text inside the 5 mm safety margin on page 1" in text
    assert lines[-1].startswith("verdict: not ready")
