"""The example brief, read back from its PDF as a reader and a printer see it."""

from __future__ import annotations

from pathlib import Path

import yaml
from pypdf import PdfReader

from ..conftest import EXAMPLE, normalise, page_fonts, pdf_text

A4 = (595.28, 841.89)


def _source() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def test_every_heading_label_and_reference_title_is_in_the_pdf(example_pdf: Path) -> None:
    text = normalise(pdf_text(example_pdf))
    src = _source()
    expected = [
        src["title"],
        src["subtitle"],
        "Key takeaways",
        src["background"]["heading"],
        src["pros_cons"]["heading"],
        "Pros",
        "Cons",
        "References",
        src["outlook"]["heading"],
        src["call_to_action"]["heading"],
    ]
    expected += [s["heading"] for s in src["analysis"]]
    expected += [o["title"] for o in src["options"]["items"]]
    expected += [p["label"] for p in src["pros_cons"]["pros"] + src["pros_cons"]["cons"]]
    expected += [r["title"] for r in src["references"]]
    missing = [e for e in expected if normalise(e) not in text]
    assert missing == []


def test_all_eight_takeaways_and_every_point_label(example_pdf: Path) -> None:
    text = normalise(pdf_text(example_pdf))
    src = _source()
    assert len(src["key_takeaways"]) == 8
    labels = [p["label"] for s in src["analysis"] for p in s.get("points", [])]
    labels += [p["label"] for p in src["outlook"]["points"] + src["call_to_action"]["points"]]
    assert len(labels) >= 12
    takeaways = [t if isinstance(t, str) else t["text"] for t in src["key_takeaways"]]
    assert [t for t in takeaways if normalise(t[:60]) not in text] == []
    assert [lab for lab in labels if normalise(lab) not in text] == []


def test_every_reference_url_is_a_uri_annotation(example_pdf: Path) -> None:
    reader = PdfReader(example_pdf)
    uris = {
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if annot.get_object().get("/A", {}).get("/S") == "/URI"
    }
    urls = {r["url"] for r in _source()["references"]}
    assert urls <= uris


def test_citations_are_numbered_links_to_the_reference_list(example_pdf: Path) -> None:
    reader = PdfReader(example_pdf)
    internal = [
        annot.get_object()
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if annot.get_object().get("/Dest") is not None
        or annot.get_object().get("/A", {}).get("/S") == "/GoTo"
    ]
    refs = _source()["references"]
    assert len(internal) >= len(refs)
    text = pdf_text(example_pdf)
    # First citation in reading order is the Budapest Memorandum, numbered 1.
    assert "[1]" in text and f"[{len(refs)}]" in text


def test_every_font_is_embedded_and_subset_and_none_is_base14(example_pdf: Path) -> None:
    fonts = page_fonts(PdfReader(example_pdf))
    assert fonts
    for font in fonts:
        name = str(font["/BaseFont"])
        assert "+" in name, f"{name} is not a subset"
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} is not an embedded TrueType font"
        assert "Helvetica" not in name and "Times" not in name and "Courier" not in name


def test_bookmarks_for_every_section_and_metadata(example_pdf: Path) -> None:
    reader = PdfReader(example_pdf)

    def titles(items: list) -> list[str]:
        out: list[str] = []
        for item in items:
            out += titles(item) if isinstance(item, list) else [item.title]
        return out

    outline = titles(reader.outline)
    src = _source()
    for heading in (
        "Key takeaways",
        src["background"]["heading"],
        src["pros_cons"]["heading"],
        "References",
        src["outlook"]["heading"],
        src["call_to_action"]["heading"],
    ):
        assert heading in outline
    assert any(src["analysis"][0]["heading"] in t for t in outline)
    meta = reader.metadata
    assert meta.title == src["title"]
    assert meta.author == "Security Policy Unit"
    assert meta.subject == src["subtitle"]
    assert "Ukraine" in str(meta.get("/Keywords"))
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"


def test_page_is_a4_and_footer_says_page_n_of_m(example_pdf: Path) -> None:
    reader = PdfReader(example_pdf)
    total = len(reader.pages)
    assert 4 <= total <= 12
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == (595.3, 841.9)
        text = page.extract_text()
        # The title page prints no page number (layout `page_numbers.first_page`).
        assert (f"Page {number} of {total}" in text) is (number > 1), number
        assert number > 1 or "Page " not in text


def test_no_compound_word_loses_its_hyphen(example_pdf: Path) -> None:
    import re

    text = pdf_text(example_pdf)
    source = EXAMPLE.read_text("utf-8")
    compounds = set(re.findall(r"\b([A-Za-z]+)-([A-Za-z]+)\b", source))
    joined = [a + b for a, b in compounds if a + b in text and a + b not in source]
    assert joined == []
