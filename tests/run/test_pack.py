"""Meeting packs (issue 19): the example pack read back as a reader and a printer see it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from policybrief.cli import main

from ..conftest import ROOT, CliResult

PACK = ROOT / "packs" / "nordic-baltic-ministers-2026.yaml"
NAME = PACK.stem
ATTENDEES = ["Minister A. Example", "B. Example", "C. Sample"]
SLUGS = ["minister-a-example", "b-example", "c-sample"]
TABS = ["A", "B", "C", "D"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack")
    assert main(["--pack", str(PACK), "--out-dir", str(out), "--quiet"]) == 0
    return out


def _texts(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def _tab_pages(texts: list[str]) -> dict[str, int]:
    """The divider of each tab: the page whose text is the tab's heading."""
    found: dict[str, int] = {}
    for i, text in enumerate(texts):
        match = re.search(r"(?<![\w])Tab ([A-Z]) ", text)
        if match and "Contents" not in text and "Agenda" not in text:
            found.setdefault(match.group(1), i)
    return found


def test_every_page_prints_its_label_and_its_place(built: Path) -> None:
    path = built / f"{NAME}.pack.pdf"
    reader = PdfReader(path)
    total = len(reader.pages)
    assert total > 20
    for i, text in enumerate(_texts(path)):
        # In the brief's language: "Page 25 of 32", "Сторінка 25 з 32".
        printed = re.findall(r"(?:Page|Сторінка) (\d+) (?:of|з) (\d+)", text)
        # The pack's cover prints no number (layout `page_numbers`); every other page,
        # each brief's title page too, its place in the pack (the brief's own: gone).
        expected = [(str(i + 1), str(total))] if i else []
        assert printed == expected, (i, text[-200:])
        assert reader.page_labels[i] == str(i + 1)


def test_the_classification_is_on_every_page(built: Path) -> None:
    for i, text in enumerate(_texts(built / f"{NAME}.pack.pdf")):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, i  # top and bottom
        assert "PUBLIC" not in text.replace("PUBLIC HANDOUT", ""), i  # the brief's own marking


def test_contents_links_land_on_each_tabs_first_page(built: Path) -> None:
    path = built / f"{NAME}.pack.pdf"
    reader = PdfReader(path)
    tabs = _tab_pages(_texts(path))
    assert sorted(tabs) == TABS
    contents = next(i for i, t in enumerate(_texts(path)) if t.count("Contents") and "Tab" in t)
    targets = []
    for annot in reader.pages[contents]["/Annots"]:
        link = annot.get_object()
        dest = link["/Dest"] if "/Dest" in link else link["/A"]["/D"]
        targets.append(reader.get_page_number(dest[0].get_object()))
    assert targets == [tabs[t] for t in TABS]
    # The page each entry prints is the page it lands on.
    text = _texts(path)[contents]
    for letter in TABS:
        assert re.search(rf"\b{letter} .*? {tabs[letter] + 1}\b", text)


def test_bookmarks_one_per_tab_with_the_briefs_own_nested(built: Path) -> None:
    reader = PdfReader(built / f"{NAME}.pack.pdf")
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[:4] == ["Cover", "Agenda", "Attendees", "Contents"]
    tabs = [t for t in titles if t.startswith("Tab ")]
    assert [t[4] for t in tabs] == TABS
    for i, item in enumerate(outline):
        if not isinstance(item, list) and item.title.startswith("Tab "):
            children = outline[i + 1]
            assert isinstance(children, list) and children, item.title
            start = reader.get_destination_page_number(item)
            for child in children:
                if not isinstance(child, list):
                    assert reader.get_destination_page_number(child) >= start


def test_recto_every_tab_on_a_right_hand_page_and_blanks_say_so(built: Path) -> None:
    path = built / f"{NAME}.pack.pdf"
    texts = _texts(path)
    tabs = _tab_pages(texts)
    for letter, page in tabs.items():
        assert page % 2 == 0, letter  # page index 0 is page 1: a right-hand page
        assert texts[page + 1].count("intentionally left blank")  # the divider's back
    blanks = [i for i, t in enumerate(texts) if "intentionally left blank" in t]
    assert blanks
    for i in blanks:
        assert len(texts[i]) < 250, texts[i]  # a blank page says so, and carries only furniture


def test_a_copy_per_attendee_marked_on_every_page_and_only_there(built: Path) -> None:
    pack_texts = _texts(built / f"{NAME}.pack.pdf")
    assert not any("Copy for" in text for text in pack_texts)
    for k, (name, slug) in enumerate(zip(ATTENDEES, SLUGS, strict=True)):
        texts = _texts(built / f"{NAME}--{slug}.pack.pdf")
        assert len(texts) == len(pack_texts)
        mark = f"Copy for {name} — {k + 1} of {len(ATTENDEES)}"
        others = [f"Copy for {n}" for n in ATTENDEES if n != name]
        for i, text in enumerate(texts):
            assert text.count(mark) == 1, (slug, i)
            assert not any(other in text for other in others), (slug, i)
            # Nothing else differs: the page is the pack's page plus the mark.
            assert text.replace(mark, "").split() == pack_texts[i].split() or (
                sorted(text.replace(mark, "").split()) == sorted(pack_texts[i].split())
            ), (slug, i)


def test_a_rebuild_is_byte_identical(built: Path, tmp_path: Path) -> None:
    assert main(["--pack", str(PACK), "--out-dir", str(tmp_path), "--quiet"]) == 0
    names = sorted(p.name for p in built.glob("*.pdf"))
    assert names == sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert len(names) == 1 + len(ATTENDEES)
    for name in names:
        assert (built / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_the_pack_keeps_each_briefs_pages(built: Path) -> None:
    """Each tab carries its brief's text as the brief alone prints it."""
    texts = " ".join(_texts(built / f"{NAME}.pack.pdf"))
    for words in ("Edition for policymakers", "Крихкий щит", "PUBLIC HANDOUT", "A Fragile Shield"):
        assert words in texts


def _project(tmp_path: Path, pack: str) -> Path:
    """A project folder: briefs/ (the example brief) and packs/PACK.yaml."""
    (tmp_path / "briefs").mkdir()
    shutil.copy(ROOT / "briefs" / "us-security-guarantees-ukraine.yaml", tmp_path / "briefs")
    (tmp_path / "packs").mkdir()
    path = tmp_path / "packs" / "meeting.yaml"
    path.write_text(pack, encoding="utf-8")
    return path


BRIEF_NUMBERING = """\
title: Board meeting
date: 2026-03-01
classification: OFFICIAL
numbering: brief
dividers: false
agenda:
  - item: Policymakers' edition
    brief: ../briefs/us-security-guarantees-ukraine.yaml
    edition: policymakers
  - item: Coffee
  - item: Ukrainian edition
    brief: ../briefs/us-security-guarantees-ukraine.yaml
    edition: uk
    tab: K
"""


# The example's editions as the pack's tabs hold them (they follow the layouts' measure):
TAB_A_PAGES = 6  # policymakers, under briefing
TAB_K_PAGES = 4  # uk, under standard
PACK_PAGES = 3 + TAB_A_PAGES + TAB_K_PAGES  # cover, agenda and contents before the tabs


def test_brief_numbering_keeps_each_briefs_own_numbers(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    pack = _project(tmp_path, BRIEF_NUMBERING)
    result = cli("--pack", pack, "--out-dir", "out", cwd=tmp_path)
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out" / "meeting.pack.pdf")
    labels = reader.page_labels
    texts = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    assert labels[:3] == ["i", "ii", "iii"]
    # Each brief's pages are numbered A-1 ... A-n, then K-1 ... K-m, by its own count.
    counts = {tab: sum(label.startswith(f"{tab}-") for label in labels) for tab in "AK"}
    assert min(counts.values()) >= 3, labels
    a, k = counts["A"], counts["K"]
    assert labels[3:] == [f"A-{n}" for n in range(1, a + 1)] + [f"K-{n}" for n in range(1, k + 1)]
    for label, text in zip(labels[3:], texts[3:], strict=True):
        page = label.split("-")[1]
        pages = counts[label[0]]
        assert f"Page {page} of {pages}" in text or f"Сторінка {page} з {pages}" in text, text[-90:]
        assert text.count("OFFICIAL") >= 2
    assert "Page ii of iii" in texts[1]


def test_check_lists_each_tab_and_writes_nothing(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    pack = _project(tmp_path, BRIEF_NUMBERING)
    result = cli("--check", "--pack", pack, "--out-dir", "out", cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.out == (
        f"{pack}: valid; 2 tab(s), {PACK_PAGES} pages\n"
        "  Tab A: briefs/us-security-guarantees-ukraine.yaml policymakers (briefing),"
        f" {TAB_A_PAGES} pages\n"
        f"  Tab K: briefs/us-security-guarantees-ukraine.yaml uk (standard), {TAB_K_PAGES} pages\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_plain_run_builds_every_pack_too(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    _project(tmp_path, BRIEF_NUMBERING)
    result = cli("--quiet", cwd=tmp_path)
    assert result.code == 0, result.err
    built = sorted(p.name for p in (tmp_path / "build").glob("*.pdf"))
    assert "meeting.pack.pdf" in built and "us-security-guarantees-ukraine.pdf" in built


def test_a_booklet_of_the_pack(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    pack = _project(tmp_path, BRIEF_NUMBERING)
    result = cli("--pack", pack, "--impose", "booklet", "--out-dir", "out", cwd=tmp_path)
    assert result.code == 0, result.err
    imposed = PdfReader(tmp_path / "out" / "meeting.pack.print.pdf")
    sheets = -(-PACK_PAGES // 4)  # four pages a sheet, both sides, padded to a multiple
    assert len(imposed.pages) == 2 * sheets
    width, height = (float(v) for v in imposed.pages[0].mediabox[2:])
    assert width > height  # A3 landscape: two A4 pages side by side
    assert f"booklet: {sheets} sheets A3 landscape" in result.out


def test_one_structure_tree_for_the_whole_pack(built: Path) -> None:
    """Merging drops each part's tree: the pack's is rebuilt, every invariant holding
    (tests/structure.py), each tab a Sect with its title and the brief's language."""
    from ..structure import check, reading_order

    for name in (f"{NAME}.pack.pdf", f"{NAME}--{SLUGS[1]}.pack.pdf"):
        pdf = (built / name).read_bytes()
        assert check(pdf) == [], name
    order = reading_order((built / f"{NAME}.pack.pdf").read_bytes())
    top = [line.strip() for line in order if line.startswith("  ") and not line.startswith("   ")]
    assert top[:3] == [
        "P: MINISTRY OF DEFENCE — POLICY DIRECTORATE",
        "H1: Nordic–Baltic Defence Ministers’ Meeting — read-ahead",  # the apostrophe typeset
        "P: Tallinn, 12 February 2026",
    ]
    assert top.count("Sect") == len(TABS) and top.count("Link") == len(TABS)
    reader = PdfReader(built / f"{NAME}.pack.pdf")
    document = reader.trailer["/Root"]["/StructTreeRoot"]["/K"].get_object()
    sects = [k.get_object() for k in document["/K"] if k.get_object()["/S"] == "/Sect"]
    assert [s["/T"][:5] for s in sects] == [f"Tab {t}" for t in TABS]
    assert [s["/Lang"] for s in sects] == ["en", "en", "uk", "en"]


def test_a_pack_passes_pdf_ua_1_and_pdf_a_2a(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """--pdf-standard applies to the whole pack (its briefs in the pack layout's colour model)."""
    import page

    pack = _project(tmp_path, BRIEF_NUMBERING.replace("numbering: brief\n", "recto: true\n"))
    result = cli("--pack", pack, "--pdf-standard", "pdfa-2a,ua-1", "--out-dir", "o", cwd=tmp_path)
    assert result.code == 0, result.err
    for profile in ("ua1", "2a"):
        report = page.validate_pdf(str(tmp_path / "o" / "meeting.pack.pdf"), profile=profile)
        assert [f"{f.rule_id}: {f.message}" for f in report.failures] == [], profile


def test_contents_over_two_pages_link_every_row(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    items = "".join(
        f"  - item: Item {n}\n    brief: ../briefs/us-security-guarantees-ukraine.yaml\n"
        "    edition: uk\n"
        for n in range(1, 31)
    )
    text = f"title: Long meeting\ndate: 2026-03-01\ndividers: false\nagenda:\n{items}"
    pack = _project(tmp_path, text)
    result = cli("--pack", pack, "--out-dir", "o", cwd=tmp_path)
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "o" / "meeting.pack.pdf")
    targets = []
    pages_with_links = 0
    for page in reader.pages[:6]:
        annots = [a.get_object() for a in page.get("/Annots", [])]
        links = [a for a in annots if str(a.get("/Contents", "")).startswith("Tab ")]
        pages_with_links += bool(links)
        targets += [reader.get_page_number(a["/Dest"][0].get_object()) for a in links]
    assert pages_with_links == 2  # the contents runs over two pages
    first = targets[0]
    # each tab: the uk edition's pages
    assert targets == [first + TAB_K_PAGES * n for n in range(30)]


def test_output_names_the_pack_file(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """-o FILE.pdf for one pack: the pack goes there (its imposed file beside it), as a
    brief's single PDF does; nothing goes to the output folder."""
    pack = _project(tmp_path, BRIEF_NUMBERING)
    result = cli("--pack", pack, "-o", "bind/board.pdf", "--impose", "2up", cwd=tmp_path)
    assert result.code == 0, result.err
    assert len(PdfReader(tmp_path / "bind" / "board.pdf").pages) == PACK_PAGES
    assert (tmp_path / "bind" / "board.print.pdf").exists()
    assert result.out.startswith(f"bind/board.pdf  {PACK_PAGES} pages")
    assert not (tmp_path / "build").exists()


def test_output_with_copies_per_attendee_is_wrong_usage(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    text = BRIEF_NUMBERING + "attendees:\n  - name: Ann\n  - name: Bo\ncopies: per-attendee\n"
    pack = _project(tmp_path, text)
    result = cli("--pack", pack, "-o", "board.pdf", cwd=tmp_path)
    assert result.code == 2
    assert result.err == (
        "packs/meeting.yaml:18:9: error: copies: -o/--output names one PDF but this pack"
        " builds 3 (the pack and a copy for each of 2 attendees); leave out -o (the copies"
        " go beside the pack in --out-dir) or set copies: none\n"
    )
    assert not list(tmp_path.glob("*.pdf")) and not (tmp_path / "build").exists()


@pytest.mark.parametrize(
    "more", [["--pack", "PACK"], ["briefs/us-security-guarantees-ukraine.yaml"]]
)
def test_output_with_more_than_one_pack_or_brief_is_wrong_usage(
    cli: Callable[..., CliResult], tmp_path: Path, more: list[str]
) -> None:
    pack = _project(tmp_path, BRIEF_NUMBERING)
    extra = [str(pack) if m == "PACK" else m for m in more]
    result = cli("--pack", pack, *extra, "-o", "board.pdf", cwd=tmp_path)
    assert result.code == 2
    assert (
        "-o/--output needs exactly one brief" in result.err
        and "or exactly one --pack" in result.err
    )
    assert not (tmp_path / "board.pdf").exists()


FIT = """\
title: Transatlantic meeting
date: 2026-03-01
classification: OFFICIAL
fit: scale
dividers: false
agenda:
  - item: A4 brief
    brief: ../briefs/pack-brief.yaml
  - item: US Letter brief
    brief: ../briefs/pack-brief.yaml
    edition: letter
  - item: Print-shop handout (A4 with bleed and crop marks)
    brief: ../briefs/us-security-guarantees-ukraine.yaml
    edition: public
"""


def _first_cm(page: Any) -> list[float]:
    """The matrix the page's content starts with (fitting puts one before everything)."""
    for operands, operator in page.get_contents().operations:
        if operator == b"cm":
            return [float(v) for v in operands]
    return [1, 0, 0, 1, 0, 0]


def test_fit_scale_puts_briefs_of_other_paper_on_the_packs_page(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """`fit: scale`: a US Letter brief in an A4 pack is scaled onto A4, centred; a
    handout with bleed gets the pack's boxes (its trimmed page, crop marks left out);
    the A4 brief is left as it is. Numbering, links and the structure tree hold."""
    from ..structure import check

    pack = _project(tmp_path, FIT)
    shutil.copy(ROOT / "tests" / "bad" / "files" / "pack-brief.yaml", tmp_path / "briefs")
    result = cli("--pack", pack, "--out-dir", "o", cwd=tmp_path)
    assert result.code == 0, result.err
    path = tmp_path / "o" / "meeting.pack.pdf"
    reader = PdfReader(path)
    a4 = [0.0, 0.0, 595.2756, 841.8898]
    for i, page in enumerate(reader.pages):
        for box in (page.mediabox, page.trimbox, page.bleedbox):
            assert [round(float(v), 4) for v in box] == a4, i
    texts = _texts(path)
    letter = max(i for i, t in enumerate(texts) if "US edition" in t)  # not the contents
    handout = next(i for i, t in enumerate(texts) if "PUBLIC HANDOUT" in t)
    scale = 595.2756 / 612
    a, b, c, d, e, f = _first_cm(reader.pages[letter])
    assert (a, d) == (pytest.approx(scale), pytest.approx(scale)) and b == c == e == 0
    assert f == pytest.approx((841.8898 - 792 * scale) / 2)  # centred: as much above as below
    assert _first_cm(reader.pages[handout])[:4] == pytest.approx([1, 0, 0, 1])
    assert "Pack Test Brief" in texts[letter - 1] and "US edition" not in texts[letter - 1]
    assert _first_cm(reader.pages[letter - 1])[:4] == [1, 0, 0, 1]  # the A4 brief: as it was
    for i, text in enumerate(texts):
        numbered = re.search(rf"Page {i + 1} of {len(texts)}|{i + 1} / {len(texts)}", text)
        assert bool(numbered) is (i > 0), i  # all but the pack's cover
    links = [
        annot.get_object() for page in reader.pages[handout:] for annot in page.get("/Annots", [])
    ]
    assert links and all(
        0 <= float(a["/Rect"][0]) < float(a["/Rect"][2]) <= 595.3 for a in links
    )  # moved with the page: inside the pack's, not the handout's paper
    assert check(path.read_bytes()) == []


def test_without_fit_another_page_size_names_the_key(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    pack = _project(tmp_path, FIT.replace("fit: scale\n", ""))
    shutil.copy(ROOT / "tests" / "bad" / "files" / "pack-brief.yaml", tmp_path / "briefs")
    result = cli("--pack", pack, "--out-dir", "o", cwd=tmp_path)
    assert result.code == 1
    assert "set 'fit: scale' in the pack" in result.err and "layout 'letter'" in result.err
    assert not (tmp_path / "o").exists()


CMYK = """\
title: Print-shop meeting
date: 2026-03-01
layout: {layout}
agenda:
  - item: Ukrainian edition (standard layout, RGB)
    brief: ../briefs/us-security-guarantees-ukraine.yaml
    edition: uk
  - item: Public handout (handout layout, CMYK)
    brief: ../briefs/us-security-guarantees-ukraine.yaml
    edition: public
"""


@pytest.mark.parametrize(
    ("layout", "converted"), [("handout", "standard"), ("standard", "handout")]
)
def test_every_brief_in_the_pack_layouts_colour_model(
    cli: Callable[..., CliResult], tmp_path: Path, layout: str, converted: str
) -> None:
    """CMYK (or RGB) applies to the whole pack: a brief whose layout has the other colour
    model is laid out in the pack's (--check says so), so PDF/A holds for a pack that
    mixes an RGB brief and a CMYK handout, whichever the pack's layout is."""
    import page

    pack = _project(tmp_path, CMYK.format(layout=layout))
    check = cli("--check", "--pack", pack, cwd=tmp_path)
    assert check.code == 0, check.err
    model = "cmyk" if layout == "handout" else "rgb"
    assert f"({converted}, in {model})" in check.out
    assert check.out.count(", in ") == 1  # the brief already in the pack's model: as it is
    result = cli("--pack", pack, "--pdf-standard", "pdfa-2b", "--out-dir", "o", cwd=tmp_path)
    assert result.code == 0, result.err
    report = page.validate_pdf(str(tmp_path / "o" / "meeting.pack.pdf"), profile="2b")
    assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []
    ink = {"cmyk": (b"k", b"K"), "rgb": (b"rg", b"RG")}
    other = ink["rgb" if model == "cmyk" else "cmyk"]
    for i, each in enumerate(PdfReader(tmp_path / "o" / "meeting.pack.pdf").pages):
        operators = {op for _, op in each.get_contents().operations}
        assert not operators & set(other), i  # the page's own stream: the pack's ink only


def test_a_pack_and_each_copy_verify_as_identical(
    cli: Callable[..., CliResult], built: Path, tmp_path: Path
) -> None:
    """A pack carries its record as a brief does (the pack file, its layout, every brief
    and the files it read): --verify rebuilds it with --pack; a copy is one of the PDFs
    that rebuild writes. A changed pack is reported."""
    from pypdf import PdfReader as Reader

    names = set(Reader(built / f"{NAME}.pack.pdf").attachments)
    assert {"make_brief.json", f"packs/{NAME}.yaml"} <= names
    assert "briefs/us-security-guarantees-ukraine.yaml" in names
    for name, what in (
        (f"{NAME}.pack.pdf", "the pack"),
        (f"{NAME}--c-sample.pack.pdf", "the copy for C. Sample"),
    ):
        result = cli("--verify", built / name)
        assert result.code == 0, result.out + result.err
        assert f"identical: {what} rebuilt from packs/{NAME}.yaml" in result.out
    changed = tmp_path / "changed.pack.pdf"
    data = (built / f"{NAME}.pack.pdf").read_bytes()
    changed.write_bytes(data.replace(b"/Title (Tab A", b"/Title (Tab Z", 1))
    assert changed.read_bytes() != data
    result = cli("--verify", changed)
    assert result.code == 1 and "altered" in result.out + result.err


def test_the_packs_bytes_do_not_depend_on_jobs(tmp_path: Path) -> None:
    """The pack's own pages were written with an ASCII85 layer when no brief had been laid
    out in this process (every one in a -j worker): other bytes for -j 1 and -j 2."""
    from policybrief.run.build import Options
    from policybrief.run.pack import build_pack

    pack = _project(tmp_path, BRIEF_NUMBERING)
    made = []
    for jobs in (2, 1):
        report = build_pack(pack, Options(out_dir=tmp_path / f"j{jobs}"), jobs=jobs)
        assert not report.failed, [d.format() for d in report.diagnostics]
        made.append(report.outputs[0].path.read_bytes())
    assert made[0] == made[1]
