"""Footnotes (spec 1.1): at the foot of the page where their mark is, numbered
through the edition, under a short rule, never overlapped by the text above;
a note too long for its page continues on the next under "(continued)";
`notes: endnotes` gathers them as a Notes section before the references.

The placement test reads each PDF back: on every page, the notes are what is
drawn last (after the body's text, in the note type), so the page's text splits
into the body and the notes at the foot; each note's number must have its mark
in the body of that same page, and the body's lowest line must be above the notes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from tests import structure
from tests.conftest import MINIMAL, CliResult, normalise, pdf_text

WORDS = [
    *("security", "guarantee", "treaty", "alliance", "deterrence", "assurance", "budget"),
    *("parliament", "ceasefire", "reconstruction", "sanctions", "partners", "commitment"),
    *("credibility", "Kyiv"),
]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def sixty_notes_brief() -> str:
    """A brief with 60 footnotes of mixed length: marks in paragraphs, takeaways,
    pros and cons, a box's text and a data table's cells; one note of a page's length."""
    rng = random.Random(16)
    count = 0

    def note(length: int | None = None) -> str:
        nonlocal count
        count += 1
        size = length or rng.choice((4, 9, 25, 60))
        return f"^[Note {count}: {_words(rng, size)}.]"

    takeaways = [f"Takeaway {i} {_words(rng, 8)}{note(6)}" for i in range(3)]
    long_note = note(1400)  # longer than the room at any page's foot: continued
    box = {"title": "Inside a box", "body": f"Boxed {_words(rng, 20)}{note(10)} and{note(20)}."}
    table = {
        "title": "Notes in cells",
        "columns": ["Item", "Value"],
        "rows": [[f"Cell one{note(5)}", "10"], [f"Cell two{note(12)}", "20"]],
    }
    analysis = [
        {
            "heading": f"Section {s}",
            "body": "\n\n".join(
                " ".join(f"{_words(rng, 18)}{note()}" for _ in range(2)) + f" {_words(rng, 30)}."
                for _ in range(3)
            ),
        }
        for s in range(6)
    ]
    pros = [f"Cheap{note(5)}", f"Quick{note(30)}"]
    cons = [f"Ineffective{note(8)}"]
    tail = " ".join(f"{_words(rng, 12)}{note()}" for _ in range(60 - count))
    brief = {
        "title": "Sixty footnotes",
        "date": "2025-01-15",
        "key_takeaways": takeaways,
        "background": {
            "body": [
                f"Background {_words(rng, 30)}{long_note} {_words(rng, 40)}.",
                {"box": box},
                {"table": table},
                tail,
            ]
        },
        "options": {"items": [{"title": "Do nothing", "text": "Leave things as they are."}]},
        "analysis": analysis,
        "pros_cons": {"pros": pros, "cons": cons},
        "outlook": "It will be fine.",
        "call_to_action": "Act now.",
    }
    assert count == 60
    return yaml.safe_dump(brief, allow_unicode=True, sort_keys=False, width=1000)


@dataclass
class Frag:
    text: str
    x: float
    y: float
    size: float


def _fragments(page: object) -> list[Frag]:
    out: list[Frag] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = abs(tm[3]) * abs(cm[3]) or 1.0
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            out.append(Frag(text.strip(), x, y, size * scale))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return out


def _split_page(frags: list[Frag], note_size: float) -> tuple[list[Frag], list[Frag]]:
    """The page's body text and its notes: the notes are the trailing run in the
    note type, drawn last."""
    end = len(frags)  # the running header and footer come last: not the notes' size
    while end > 0 and abs(frags[end - 1].size - note_size) >= 0.05:
        end -= 1
    if end == 0:  # no notes on this page
        return frags, []
    i = end
    while i > 0 and abs(frags[i - 1].size - note_size) < 0.05:
        i -= 1
    # A mark in the note type just before them is the body's: the notes begin at the
    # first fragment at their left edge (a number, or "(continued)").
    left = min((f.x for f in frags[i:end]), default=0.0)
    while i < end and frags[i].x > left + 1.0 and frags[i].text != "(continued)":
        i += 1
    # A mark ending the last body line sits on that line's baseline, raised a little
    # (pypdf gives a run drawn within a line the line's start as its x).
    body_lines = [f.y for f in frags[:i] if abs(f.size - note_size) >= 0.05]
    while i < end and any(0 <= frags[i].y - y < note_size for y in body_lines[-3:]):
        i += 1
    return frags[:i], frags[i:end]


def check_placement(pdf: Path, note_size: float, count: int) -> dict[str, int]:
    """Every note on its mark's page, below all of that page's body text."""
    reader = PdfReader(pdf)
    left = None
    seen: dict[int, int] = {}
    continued = 0
    for number, page in enumerate(reader.pages, start=1):
        body, notes = _split_page(_fragments(page), note_size)
        # Neither a page left empty by a note moved on, nor one of only its header.
        assert notes or [f for f in body if 60 < f.y < page.mediabox.height - 60], number
        if not notes:
            continue
        left = min(f.x for f in notes) if left is None else left
        numbers = [int(f.text) for f in notes if f.text.isdigit() and abs(f.x - left) < 1.0]
        continued += sum(1 for f in notes if "(continued)" in f.text)
        marks = {f.text for f in body}
        for n in numbers:
            assert n not in seen, f"note {n} on pages {seen[n]} and {number}"
            seen[n] = number
            assert str(n) in marks, f"note {n} is on page {number}, its mark is not"
        top = max(f.y for f in notes)
        lines = [f.y for f in body if f.y > 60]  # the running header and footer aside
        lowest = min(lines, default=top + 2 * note_size)
        assert lowest > top + note_size, f"page {number}: body text at {lowest} over the notes"
    assert sorted(seen) == list(range(1, count + 1))
    return {"continued": continued}


@pytest.mark.parametrize("layout", ["standard", "briefing", "handout", "letter"])
def test_sixty_footnotes_each_on_the_page_of_its_mark(
    layout: str, cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    path = brief_file(sixty_notes_brief() + f"layout: {layout}\n")
    result = cli(path, "--out-dir", tmp_path / "out")
    assert result.code == 0, result.err
    from policybrief.load import layouts

    found_layout = layouts.find(layout)
    assert found_layout is not None
    size = layouts.load(found_layout).layout.type.size * 0.8
    found = check_placement(tmp_path / "out" / "brief.pdf", size, 60)
    assert found["continued"] >= 1  # the long note went on under "(continued)"
    pdf = (tmp_path / "out" / "brief.pdf").read_bytes()
    assert structure.check(pdf) == []
    assert _notes_in_place(PdfReader(tmp_path / "out" / "brief.pdf")) == 60


def _notes_in_place(reader: PdfReader) -> int:
    """Each Note is read inside the element that holds its mark: a child, after the
    mark's Link, of a paragraph, list body or cell, never of the document itself."""
    count = 0

    def walk(element: object) -> None:
        nonlocal count
        element = element.get_object() if hasattr(element, "get_object") else element
        if not isinstance(element, dict):
            return
        kids = element.get("/K")
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        kids = list(kids) if isinstance(kids, list) else [kids] if kids is not None else []
        seen_link = False
        for kid in kids:
            obj = kid.get_object() if hasattr(kid, "get_object") else kid
            if not isinstance(obj, dict):
                continue
            if obj.get("/S") == "/Link":
                seen_link = True
            if obj.get("/S") == "/Note":
                assert element.get("/S") in ("/P", "/LBody", "/TD", "/TH", "/BibEntry")
                assert seen_link, f"{obj['/ID']} comes before its mark"
                count += 1
            walk(obj)

    walk(reader.root_object["/StructTreeRoot"])
    return count


def test_endnotes_gather_them_before_the_references(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    text = (
        MINIMAL.replace("Some background.", "Some background.^[A note citing [@a].]")
        + "references:\n  - { id: a, title: A source, year: 2020 }\nlayout: house.yaml\n"
    )
    path = brief_file(text)
    (path.parent / "house.yaml").write_text("extends: standard\nnotes: endnotes\n", "utf-8")
    result = cli(path, "--out-dir", tmp_path / "out")
    assert result.code == 0, result.err
    out = normalise(pdf_text(tmp_path / "out" / "brief.pdf"))
    assert normalise("Call to action Act now. Notes 1 A note citing [1]. References [1]") in out


def test_superscript_citations_become_brackets_beside_footnote_marks(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    """A superscript "¹" could be source 1 or note 1: an edition with notes cites in
    brackets even under a superscript layout; one without keeps the superscript."""
    refs = "references:\n  - { id: a, title: A source, year: 2020 }\nlayout: letter\n"
    noted = MINIMAL.replace("Some background.", "'Some background [@a].^[A note.]'") + refs
    plain = MINIMAL.replace("Some background.", "'Some background [@a].'") + refs
    for name, text in (("noted", noted), ("plain", plain)):
        result = cli(brief_file(text, name=f"{name}.yaml"), "-o", tmp_path / f"{name}.pdf")
        assert result.code == 0, result.err
    assert "Some background [1]." in normalise_spaces(pdf_text(tmp_path / "noted.pdf"))
    plain_text = normalise_spaces(pdf_text(tmp_path / "plain.pdf"))
    assert "Some background [1]" not in plain_text and "Some background1." in plain_text


def normalise_spaces(text: str) -> str:
    return " ".join(text.split())
