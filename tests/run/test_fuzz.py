"""Fuzzing: whatever a brief holds, the answer is a PDF that reads back or located errors.

Hypothesis generates valid briefs (any Unicode text, random list lengths,
random optional fields, Markdown with citations, links, HTML and reportlab
markup) and breaks valid briefs (keys deleted, values of the wrong type,
random bytes written into the file). No exception may escape `build_brief`.

The default run is quick and the same on every machine: the "deterministic"
profile draws a fixed dozen examples per test (derandomize, no example database),
so the suite and CI fail or pass together and never at random. A long random
campaign is one setting away (the "random" profile, chosen by FUZZ_EXAMPLES or by
HYPOTHESIS_PROFILE=random, which runs 2000 examples per test unless told):

    FUZZ_EXAMPLES=2000 python -m pytest tests/run/test_fuzz.py
"""

from __future__ import annotations

import os
import re
import string
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from policybrief.diagnostics import Severity
from policybrief.load.layouts import LAYOUTS_DIR
from policybrief.run.build import Options, Report, build_brief

from ..conftest import MINIMAL

settings.register_profile("deterministic", derandomize=True, database=None, max_examples=12)
settings.register_profile(
    "random", derandomize=False, max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000"))
)
PROFILE = os.environ.get(
    "HYPOTHESIS_PROFILE", "random" if "FUZZ_EXAMPLES" in os.environ else "deterministic"
)
# Applied to these tests only: loading a profile would change every Hypothesis test.
FUZZ = settings(
    settings.get_profile(PROFILE),
    deadline=None,  # a build takes a tenth of a second or more; no timing here
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- text ---------------------------------------------------------------------------------

# Any character but surrogates (not encodable as UTF-8), controls and U+FFFE/U+FFFF
# (errors by design, tested in the catalogue): letters of every script, marks,
# emoji, private use, noncharacters, unassigned code points, bidi and zero-width.
# Not '@' either: beside a generated '[' it would cite a reference that is not there;
# nor '^': after a '[' it marks a footnote '[^…]' that no line defines (an error).
CHARS = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff@^")
ANY_CHARS = st.characters(exclude_categories=("Cs",))
# The loader removes bidi controls and marks, zero-width spaces and joiners and stray
# BOMs, and turns line separators into spaces (with warnings); a word must still
# have something left.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u2028\u2029]")
# ...and a letter or digit: a word of marks alone ("*", "---", ">") is Markdown that
# prints nothing, an error at its line by design (the catalogue tests it).
WORD = st.text(CHARS, min_size=1, max_size=12).filter(
    lambda w: any(c.isalnum() for c in INVISIBLE.sub("", w))
)
# A URL may hold any character but spaces, quotes and angle brackets (brief format),
# and, like all of a brief, no U+FFFE/U+FFFF (the loader refuses them anywhere).
URL_PATH = st.text(
    st.characters(
        exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), exclude_characters='<>"\ufffe\uffff'
    ),
    max_size=12,
)
LAYOUTS = sorted(p.stem for p in LAYOUTS_DIR.glob("*.yaml"))
LINE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)


def markdown(refs: list[str]) -> st.SearchStrategy[str]:
    """Markdown built from pieces a user (or a hostile user) might write."""
    pieces = [
        WORD,
        WORD.map(lambda w: f"*{w}*"),
        WORD.map(lambda w: f"**{w}**"),
        WORD.map(lambda w: f"`{w}`"),
        st.builds(lambda w, u: f"[{w}](https://example.org/{u})", WORD, URL_PATH),
        # No `![…](…)` image or `# heading`: errors by design (spec 1.1), in the catalogue.
        st.sampled_from(
            [
                "<b>bold?</b>",
                '<img src="/etc/passwd"/>',
                "<font color=red>x</font>",
                "<para>",
                "&amp;",
                "&#60;",
                "\\",
                "*",
                "[",
                # A stray "](" after a "[" makes a link; its target must be allowed
                # (a relative "](x" is an error by design, tested in the catalogue).
                "](https://example.org/x",
                "\n\n",
                "\n- item\n- item\n\n",
                "\n1. one\n2. two\n\n",
                "\n> quoted\n\n",
                "\n    code block\n\n",
                "<div>\nblock\n</div>\n\n",
                "[@",
                "mailto:a@example.org",
                "[mail](mailto:a@example.org)",
            ]
        ),
    ]
    if refs:
        pieces.append(
            st.lists(st.sampled_from(refs), min_size=1, max_size=3, unique=True).map(
                lambda ids: "[" + "; ".join(f"@{i}" for i in ids) + "]"
            )
        )
    return (
        st.lists(st.one_of(pieces), min_size=1, max_size=12)
        .map(" ".join)
        # Something that prints: text of marks alone ("*", "\\", "[@") is Markdown that
        # prints nothing, an error at its line by design (the catalogue tests it).
        .filter(lambda text: any(c.isalnum() for c in INVISIBLE.sub("", text)))
    )


PROSE = (
    "Deterrence depends on credibility, capability and communication; each of the three"
    " must be present for a guarantee to shape the calculations of an adversary."
)


# Hyphenated compounds: reportlab re-wraps a split line that breaks at a hyphen.
COMPOUNDS = (
    "The medium-term outlook of the long-standing arrangement rests on well-known"
    " cost-benefit trade-offs and a self-sustaining post-war settlement."
)


def paragraphs(refs: list[str]) -> st.SearchStrategy[str]:
    """Sections long enough to cross page breaks: prose paragraphs around generated text."""
    prose = st.builds(
        lambda n, text: " ".join([text] * n), st.integers(1, 6), st.sampled_from([PROSE, COMPOUNDS])
    )
    return st.lists(st.one_of(prose, markdown(refs)), min_size=1, max_size=5).map("\n\n".join)


def optional(draw: st.DrawFn, strategy: st.SearchStrategy[Any]) -> Any:
    return draw(strategy) if draw(st.booleans()) else None


def point(draw: st.DrawFn, refs: list[str]) -> Any:
    text = draw(markdown(refs))
    if draw(st.booleans()):
        return text
    return _clean({"label": optional(draw, LINE), "text": text})


def points(draw: st.DrawFn, refs: list[str], least: int = 1, most: int = 4) -> list[Any]:
    return [point(draw, refs) for _ in range(draw(st.integers(least, most)))]


def section(draw: st.DrawFn, refs: list[str]) -> Any:
    if draw(st.booleans()):
        return draw(markdown(refs))
    body = optional(draw, markdown(refs))
    found = points(draw, refs, 0, 3)
    if body is None and not found:
        body = draw(markdown(refs))
    return _clean({"heading": optional(draw, LINE), "body": body, "points": found or None})


def _clean(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}


SLUG = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,10}", fullmatch=True)
SECTIONS = [
    "summary",
    "key_takeaways",
    "background",
    "options",
    "analysis",
    "pros_cons",
    "outlook",
    "call_to_action",
    "references",
    "annexes",
]


@st.composite
def briefs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid brief as data: every optional field may or may not be there."""
    refs = draw(st.lists(SLUG, max_size=4, unique=True))
    brief: dict[str, Any] = {
        "title": draw(LINE),
        "subtitle": optional(draw, LINE),
        "standfirst": optional(draw, LINE),
        "series": optional(draw, LINE),
        "date": draw(st.dates()).isoformat(),
        "language": optional(draw, st.sampled_from(["en", "de", "fr", "uk", "pl", "es", "no"])),
        "authors": optional(
            draw,
            st.lists(
                st.builds(
                    lambda n, a: _clean({"name": n, "affiliation": a}),
                    LINE,
                    st.none() | LINE,
                ),
                min_size=1,
                max_size=3,
            ),
        ),
        "organization": optional(draw, LINE.map(lambda n: {"name": n})),
        "classification": optional(draw, LINE),
        "status": optional(draw, st.sampled_from(["draft", "final"])),
        "layout": optional(draw, st.sampled_from(LAYOUTS)),
        "keywords": optional(draw, st.lists(LINE, min_size=1, max_size=4)),
        "summary": optional(draw, markdown(refs)),
        "key_takeaways": points(draw, refs, 1, 12) if draw(st.booleans()) else None,
        "background": section(draw, refs),
        "options": {
            "items": [
                _clean(
                    {
                        "title": draw(LINE),
                        "text": draw(paragraphs(refs)),
                        "pros": points(draw, refs, 0, 3) or None,
                        "cons": points(draw, refs, 0, 3) or None,
                    }
                )
                for _ in range(draw(st.integers(1, 8)))
            ]
        },
        "analysis": [
            _clean(
                {
                    "heading": draw(LINE),
                    "body": draw(paragraphs(refs)),
                    "points": points(draw, refs, 0, 4) or None,
                }
            )
            for _ in range(draw(st.integers(0, 6)))
        ]
        or None,
        "pros_cons": {"pros": points(draw, refs), "cons": points(draw, refs)},
        "outlook": section(draw, refs),
        "call_to_action": section(draw, refs),
        "references": [
            _clean(
                {
                    "id": ref,
                    "title": draw(LINE),
                    "author": optional(draw, LINE),
                    "year": optional(draw, st.integers(1000, 2999)),
                    "url": optional(draw, URL_PATH.map(lambda u: f"https://example.org/{u}")),
                    "note": optional(draw, markdown([])),
                }
            )
            for ref in refs
        ]
        or None,
    }
    if draw(st.booleans()):
        brief["editions"] = {
            "public": _clean(
                {
                    "label": optional(draw, LINE),
                    "sections": optional(
                        draw, st.lists(st.sampled_from(SECTIONS), min_size=1, unique=True)
                    ),
                }
            )
        }
    return _clean(brief)


def dump(brief: dict[str, Any]) -> bytes:
    return yaml.safe_dump(brief, allow_unicode=True, sort_keys=False, width=80).encode("utf-8")


# --- the property -------------------------------------------------------------------------


def build(raw: bytes) -> Report:
    """Build `raw` as a brief; a PDF that reads back, or errors at real places."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "brief.yaml"
        path.write_bytes(raw)
        report = build_brief(path, Options(out_dir=Path(folder) / "out"))
        lines = raw.count(b"\n") + 1
        for d in report.diagnostics:
            assert d.message.strip(), d
            assert d.line >= 1 and d.column >= 1, d
            if d.file.endswith("brief.yaml"):
                assert d.line <= lines, (d.format(), lines)
        if not report.failed:
            assert report.outputs
        for output in report.outputs:
            reader = PdfReader(output.path)
            assert len(reader.pages) == output.pages >= 1
            assert reader.pages[0].extract_text() is not None
        return report


@FUZZ
@given(briefs())
def test_a_valid_brief_builds_a_pdf_that_reads_back(brief: dict[str, Any]) -> None:
    report = build(dump(brief))
    # Valid by construction: only the loader's character warnings, never an error.
    errors = [d.format() for d in report.diagnostics if d.severity is Severity.ERROR]
    assert not errors


@FUZZ
@given(st.text(ANY_CHARS, min_size=1, max_size=80), st.sampled_from(["title", "background"]))
def test_any_text_at_all_builds_or_is_reported(text: str, field: str) -> None:
    brief = yaml.safe_load(MINIMAL)
    brief[field] = text
    build(dump(brief))


WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(
        st.text(string.ascii_lowercase, min_size=1, max_size=5), st.integers(), max_size=3
    ),
    st.text(max_size=5),
)


FIELDS = ["title", "summary", "text", "label", "items", "heading", "body", "id", "url", "layout"]
# Unknown keys as people write them: a capital, a plural, brackets, or anything at all.
KEYS = st.one_of(
    st.sampled_from(FIELDS).map(str.capitalize),
    st.sampled_from(FIELDS).map(lambda k: k + "s"),
    st.sampled_from(FIELDS).map(lambda k: f"{k}[0]"),
    st.text(ANY_CHARS, min_size=1, max_size=10),
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `node`."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*path, i))
    return found


def _node(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    return _node(data, path[:-1])


@st.composite
def broken(draw: st.DrawFn) -> bytes:
    """A valid brief with one thing done to it: a key deleted or added, a wrong type, bytes."""
    brief = draw(briefs())
    how = draw(st.sampled_from(["delete", "wrong type", "unknown key", "bytes", "truncate"]))
    if how in ("delete", "wrong type"):
        path = draw(st.sampled_from(_paths(brief)))
        parent = _parent(brief, path)
        if how == "delete":
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(WRONG)
        return dump(brief)
    if how == "unknown key":  # a typo, a capital, brackets, any character at all
        mappings = [brief, *(_node(brief, p) for p in _paths(brief))]
        mappings = [node for node in mappings if isinstance(node, dict)]
        target = brief if draw(st.booleans()) else draw(st.sampled_from(mappings))
        target[draw(KEYS)] = draw(WRONG)
        return dump(brief)
    raw = dump(brief)
    at = draw(st.integers(0, len(raw)))
    if how == "truncate":
        return raw[:at]
    return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]


@FUZZ
@given(broken())
def test_a_broken_brief_builds_or_is_reported_never_raises(raw: bytes) -> None:
    build(raw)


# --- found by generating longer briefs ------------------------------------------------


def _long_brief(**fields: Any) -> bytes:
    brief = yaml.safe_load(MINIMAL)
    brief.update(fields)
    return dump(brief)


def test_options_with_text_and_tables_across_page_breaks_build() -> None:
    """A lone kept paragraph too tall for the room left failed with 'Splitting error'."""
    prose = " ".join([PROSE] * 4)
    options = [
        {"title": f"Option {i}", "text": prose, "pros": ["Cheap", "Fast"], "cons": ["Weak"]}
        for i in range(7)
    ]
    report = build(_long_brief(options={"items": options}))
    assert not report.failed, [d.format() for d in report.diagnostics]
    assert report.outputs[0].pages >= 2


def test_sections_with_lead_ins_and_points_across_page_breaks_build() -> None:
    """The same failure, for a paragraph kept with the list of points after it."""
    prose = " ".join([PROSE.replace("adversary.", "adversary [@r1].")] * 4)
    analysis = [
        {
            "heading": f"Section {i}",
            "body": "\n\n".join([prose] * 3),
            "points": [{"label": "Point", "text": prose[:300]}] * 2,
        }
        for i in range(3)
    ]
    references = [{"id": "r1", "title": "A source"}]
    report = build(_long_brief(analysis=analysis, references=references, background="B [@r1]."))
    assert not report.failed, [d.format() for d in report.diagnostics]
    assert report.outputs[0].pages >= 3


# --- files a brief names: annex PDFs and SVG logos (issue 13) ---------------------------
#
# Real files, mutated as a damaged download or a hostile sender would: bytes flipped,
# a run of bytes cut out, objects removed, the file cut short. Whatever is left, the
# answer is a PDF that reads back or errors at the line that names the file.


def _seed_annex() -> bytes:
    """Two pages: text, a link, a half-transparent image and a form XObject."""
    import io

    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(300, 400))
    for number in (1, 2):
        c.drawString(40, 350, f"Annex page {number}")
        c.linkURL("https://example.org", (40, 340, 200, 365))
        c.setFillAlpha(0.5)
        c.drawImage(ImageReader(Image.new("RGBA", (8, 8), (0, 90, 0, 128))), 40, 40, mask="auto")
        c.beginForm(f"form{number}")
        c.rect(10, 10, 50, 50, fill=1)
        c.endForm()
        c.doForm(f"form{number}")
        c.showPage()
    c.save()
    return buffer.getvalue()


def _rich_annex() -> bytes:
    """The seed with what `append` also copies: an outline (nested, an /XYZ destination),
    named destinations and a link to another page; its content streams uncompressed, so
    that token mutations reach operators and operands too."""
    import io

    from pypdf import PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import Fit

    writer = PdfWriter(clone_from=io.BytesIO(_seed_annex()))
    writer.add_outline_item(title="One", page_number=0)
    two = writer.add_outline_item(title="Two", page_number=1)
    writer.add_outline_item(title="Two.a", page_number=1, parent=two, fit=Fit.xyz(10, 20, 1))
    writer.add_named_destination("first", 0)
    writer.add_named_destination("second", 1)
    writer.add_annotation(0, Link(rect=(10, 10, 100, 30), target_page_index=1))
    for page in writer.pages:
        contents = page.get_contents()
        if contents is not None:
            page.replace_contents(contents)  # decoded: written back unfiltered
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


SEED_ANNEX = _seed_annex()
RICH_ANNEX = _rich_annex()
SEED_SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">
  <rect x="1" y="1" width="38" height="38" rx="4" fill="#036" fill-opacity="0.8"/>
  <g transform="translate(44 8) scale(1.2) rotate(3)">
    <path d="M0 0 L20 0 C25 5 25 15 20 20 Q10 25 0 20 Z" fill="#c30" stroke="#000"/>
    <circle cx="40" cy="10" r="8" fill="none" stroke="#333" stroke-width="2"/>
  </g>
</svg>
"""
_OBJECT = re.compile(rb"\d+ 0 obj.*?endobj", re.S)
_SVG_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")
_TOKEN = re.compile(rb"\d+ 0 R|/[A-Za-z]+|\([^()]*\)|\[[^\[\]]*\]|-?\d+(?:\.\d+)?")
# What found the /ProcSet and content-operator crashes (issue 13): strings, names,
# numbers and references where another kind was expected.
_TOKENS = [b"(x)", b"/Foo", b"3", b"[]", b"<<>>", b"null", b"(first)", b"/first", b"[0 /XYZ]",
           b"true", b"1 0 R", b"99 0 R", b"(/Foo)", b"<>", b"[(x) 1 0 R]", b"<</A (x)>>", b"/Fit"]
HOSTILE_NUMBERS = st.sampled_from(
    [b"0", b"-1", b"1e308", b"-1e308", b"inf", b"nan", b"1e-300", b"9" * 40, b"", b"1km", b"%"]
)


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """`seed` with one to three things done to it."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["flip", "cut", "drop object", "truncate", "repeat", "token"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if how == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif how == "drop object":
            objects = list(_OBJECT.finditer(bytes(data)))
            if objects:
                found = draw(st.sampled_from(objects))
                del data[found.start() : found.end()]
        elif how == "truncate":
            del data[at:]
        elif how == "token":  # one object, name, string, array or number for another
            tokens = list(_TOKEN.finditer(bytes(data)))
            if tokens:
                found = draw(st.sampled_from(tokens))
                data[found.start() : found.end()] = draw(st.sampled_from(_TOKENS))
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


@st.composite
def hostile_svgs(draw: st.DrawFn) -> bytes:
    """The seed SVG with numbers replaced by hostile ones, or bytes mutated."""
    if draw(st.booleans()):
        return draw(mutated(SEED_SVG))
    numbers = list(_SVG_NUMBER.finditer(SEED_SVG))
    chosen = sorted(
        draw(st.lists(st.sampled_from(range(len(numbers))), min_size=1, max_size=4, unique=True))
    )
    out, last = b"", 0
    for index in chosen:
        found = numbers[index]
        out += SEED_SVG[last : found.start()] + draw(HOSTILE_NUMBERS)
        last = found.end()
    return out + SEED_SVG[last:]


def build_with(brief: str, files: dict[str, bytes], **options: Any) -> Report:
    """Build `brief` beside `files/NAME`: a PDF that reads back, or located errors."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "files").mkdir()
        for name, data in files.items():
            (root / "files" / name).write_bytes(data)
        path = root / "brief.yaml"
        path.write_text(brief, encoding="utf-8")
        report = build_brief(path, Options(out_dir=root / "out", **options))
        lines = brief.count("\n") + 1
        for d in report.diagnostics:
            assert d.message.strip(), d
            assert d.line >= 1 and d.column >= 1, d
            if d.file.endswith("brief.yaml"):
                assert d.line <= lines, (d.format(), lines)
        if not report.failed:
            assert report.outputs
        for output in report.outputs:
            reader = PdfReader(output.path)
            assert len(reader.pages) == output.pages >= 1
            for page in reader.pages:
                page.extract_text()
        return report


ANNEXED = MINIMAL + "annexes:\n  - title: The annex\n    file: files/annex.pdf\n"
LOGO = MINIMAL + "organization:\n  name: Example Institute\n  logo: files/logo.svg\n"


def test_the_seed_files_build() -> None:
    for report in (
        build_with(ANNEXED, {"annex.pdf": SEED_ANNEX}),
        build_with(ANNEXED, {"annex.pdf": RICH_ANNEX}, impose="2up"),
        build_with(LOGO, {"logo.svg": SEED_SVG}),
    ):
        assert not report.failed, [d.format() for d in report.diagnostics]


@FUZZ
@given(
    st.one_of(mutated(SEED_ANNEX), mutated(RICH_ANNEX)),
    st.sampled_from([None, "pdfa-2b", "pdfa-2a", "ua-1"]),
    st.sampled_from([None, "2up"]),
    st.sampled_from([None, "handout"]),  # CMYK: the annex separated (finish/annex_colour.py)
)
def test_a_mutated_annex_pdf_builds_or_is_reported(
    annex: bytes, standard: str | None, impose: str | None, layout: str | None
) -> None:
    build_with(
        ANNEXED, {"annex.pdf": annex}, pdf_standard=standard, impose=impose, layout=layout
    )


@FUZZ
@given(hostile_svgs())
def test_a_hostile_svg_logo_builds_or_is_reported(logo: bytes) -> None:
    build_with(LOGO, {"logo.svg": logo})
