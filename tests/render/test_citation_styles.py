"""Citation styles and reference libraries (spec 1.1, "References, fuller"; issue 18),
read back from the PDFs: the in-text form of each style, the narrative `@id`,
2020a/2020b, the list's order, a link from every citation to its entry, and a
Zotero CSL-JSON export and a BibTeX file giving the same pages as the same
references written inline."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..conftest import MINIMAL, CliResult, pdf_text

DATA = Path(__file__).parent.parent / "data" / "references"

# Cites works of real.bib: two by the same authors in one year, a narrative form,
# a group written out of list order, and one organisation twice in 2020.
TEXT = """\
summary: >-
  Clubs can fix free-riding [@nordhaus2015]. As @pisaniferry2024 argue, security
  is economic. Debt matters [@reinhart2010growth; @reinhart2010crash; @fearon1995].
background: >-
  The GAO's guides [@gao2020cost; @gao2020agile] and the law [@ira2022] say so.
"""


def brief_text(references: str, layout: str | None = None) -> str:
    body = MINIMAL.replace("background: Some background.\n", "")
    head = f"layout: {layout}\n" if layout else ""
    if references.startswith("call_to_action: "):  # cites every work
        cta, references = references.split("\n", 1)
        body = body.replace("call_to_action: Act now.", cta)
    return head + body + TEXT + references


def author_year_layout(folder: Path) -> None:
    (folder / "layouts").mkdir(exist_ok=True)
    layout = "extends: standard\ncitations:\n  style: author-year\n"
    (folder / "layouts" / "ay.yaml").write_text(layout)


def built(
    brief_file: Callable[..., Path],
    cli: Callable[..., CliResult],
    references: str,
    layout: str | None = None,
) -> Path:
    path = brief_file(brief_text(references, layout))
    for name in ("real.bib", "real.json"):
        shutil.copy(DATA / name, path.parent / name)
    author_year_layout(path.parent)
    result = cli(path.name, "-o", "out.pdf", cwd=path.parent)
    assert result.code == 0, result.err
    return path.parent / "out.pdf"


def flat(path: Path) -> str:
    """The PDF's text on one line, hyphenation and line breaks undone."""
    text = pdf_text(path).replace("-\n", "").replace("\n", " ")
    return re.sub(r"\s+", " ", text)


def reference_list(path: Path) -> str:
    text = flat(path)
    return text[text.rindex("References") :]


LIBRARY = "references: real.bib\n"


def test_brackets_number_in_order_of_first_citation_and_the_list_follows(
    brief_file: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    text = flat(built(brief_file, cli, LIBRARY))
    assert "free-riding [1]." in text
    assert "As Pisani-Ferry et al. [2] argue" in text
    assert "Debt matters [3, 4, 5]." in text
    listed = reference_list(built(brief_file, cli, LIBRARY))
    firsts = re.findall(r"\[(\d+)\] (\S+)", listed)
    assert [n for n, _ in firsts] == [str(n) for n in range(1, 9)]
    assert [name for _, name in firsts][:3] == ["Nordhaus,", "Pisani-Ferry,", "Reinhart,"]


def test_superscript_marks_touch_the_word_before_them(
    brief_file: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    text = flat(built(brief_file, cli, LIBRARY, layout="letter"))
    assert "free-riding1." in text  # the source has a space before [@nordhaus2015]
    assert "Debt matters3,4,5." in text
    assert "As Pisani-Ferry et al.2 argue" in text


def test_author_year_prints_names_and_years_and_sorts_the_list(
    brief_file: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    pdf = built(brief_file, cli, LIBRARY, layout="ay")
    text = flat(pdf)
    assert "free-riding (Nordhaus 2015)." in text
    # a group as written; one authors' works of one year: 2010a and 2010b, side by side
    assert "(Reinhart and Rogoff 2010b, 2010a; Fearon 1995)" in text
    assert "(U.S. Government Accountability Office 2020b, 2020a)" in text
    assert "As Pisani-Ferry et al. (2024) argue" in text  # the narrative @id
    listed = reference_list(pdf)
    assert "[1]" not in listed
    order = [
        "Fearon, James D. 1995.",
        "Inflation Reduction Act of 2022. 2022.",
        "Nordhaus, William D. 2015.",
        "Pisani-Ferry, Jean, Beatrice Weder di Mauro, and Jeromin Zettelmeyer. 2024.",
        "Reinhart, Carmen M., and Kenneth S. Rogoff. 2010a. From Financial Crash",
        "Reinhart, Carmen M., and Kenneth S. Rogoff. 2010b. “Growth in a Time of Debt.”",
        "U.S. Government Accountability Office. 2020a. Agile Assessment Guide",
        "U.S. Government Accountability Office. 2020b. GAO Cost Estimating",
    ]
    at = [listed.find(entry) for entry in order]
    assert -1 not in at, [e for e, i in zip(order, at, strict=True) if i < 0]
    assert at == sorted(at)


def test_entries_print_each_field_in_its_place_per_type(
    brief_file: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    listed = reference_list(built(brief_file, cli, LIBRARY))
    # an article: journal, volume, issue, year, pages and the DOI as its link
    assert (
        "Nordhaus, William D. “Climate Clubs: Overcoming Free-Riding in International Climate"
        " Policy.” American Economic Review 105, no. 4 (2015): 1339–70."
        " https://doi.org/10.1257/aer.15000001"
    ) in listed
    # a report: its number, place and publisher
    assert "Report GAO-20-195G. Washington, D.C.: U.S. Government Accountability Office, 2020." in (
        listed
    )
    assert "NBER Working Paper 15795. National Bureau of Economic Research, 2010." in listed
    # a law: its number and date
    assert "Inflation Reduction Act of 2022, Pub. L. 117-169, 136 Stat. 1818 (16 August 2022)." in (
        listed
    )


def _internal_links(path: Path) -> list[tuple[int, float]]:
    """Every internal link's destination (page number, height), in page order."""
    reader = PdfReader(path)
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    out = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            dest = annot.get_object().get("/Dest")
            if dest is not None:
                out.append((pages[dest[0].idnum], round(float(dest[3]), 1)))
    return out


@pytest.mark.parametrize("layout", [None, "letter", "ay"])
def test_every_citation_links_to_its_entry(
    brief_file: Callable[..., Path], cli: Callable[..., CliResult], layout: str | None
) -> None:
    """Eight numbers linked: [1], [2], [3, 4, 5], [6, 7], [8]; or nine names and years
    (the narrative form links both); they land on the eight entries."""
    pdf = built(brief_file, cli, LIBRARY, layout=layout)
    links = _internal_links(pdf)
    assert len(links) >= (9 if layout == "ay" else 8)  # a mark broken over two lines: two
    assert len(set(links)) == 8
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    listed_from = max(n for n, text in enumerate(pages) if "References" in text)
    assert all(page >= listed_from for page, _ in links)  # on the reference list


def _rendered(path: Path) -> bytes:
    """The PDF as rendered, byte for byte: up to the update that embeds the brief's own
    source (which names its references differently in each of the three)."""
    data = path.read_bytes()
    return data[: data.index(b"%%EOF")]


KEYS = re.findall(r"^@\w+\{([^,]+),", (DATA / "real.bib").read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize("layout", [None, "ay"])
def test_a_csl_json_and_a_bibtex_library_print_what_the_same_yaml_prints(
    brief_file: Callable[..., Path], cli: Callable[..., CliResult], layout: str | None
) -> None:
    """28 real works (accents, braces, organisations): the Zotero CSL-JSON export, the
    BibTeX file and the same references written in the brief give the same PDF."""
    every = "call_to_action: Read [@" + "; @".join(KEYS) + "].\n"
    inline = (DATA / "real.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
    pdfs = [
        _rendered(built(brief_file, cli, every + references, layout=layout))
        for references in (inline, "references: real.bib\n", "references: real.json\n")
    ]
    assert len(KEYS) >= 20
    assert pdfs[0] == pdfs[1] == pdfs[2]
    listed = reference_list(built(brief_file, cli, every + "references: real.bib\n", layout))
    assert "Blanchard, Olivier, Álvaro Leandro" in listed and "Économie du bien commun" in listed
    assert "Le Capital au XXIe siècle" in listed  # {XXI}e: braces kept the capitals, not printed


def test_only_the_cited_entries_of_a_library_print(
    brief_file: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    listed = reference_list(built(brief_file, cli, LIBRARY))
    assert "Hardin" not in listed and "Ostrom" not in listed
    assert len(re.findall(r"\[\d+\]", listed)) == 8


def test_a_bibtex_url_and_doi_are_verbatim_and_latex_elsewhere_is_decoded(tmp_path: Path) -> None:
    """A URL's % and _ are not LaTeX (a % would start a comment and cut the URL)."""
    from policybrief.load.library import read

    (tmp_path / "refs.bib").write_text(
        "@misc{unts,\n  title = {Memorandum, {UN} Treaty Series, vol. 3007},\n"
        "  url = {https://treaties.un.org/doc/Publication/UNTS/Volume%203007/Part/"
        "volume-3007-I-52241.pdf},\n  doi = {10.1000/a_b%c},\n"
        "  author = {Tirole, Jean and M{\\\"u}ller, J{\\'e}r{\\^o}me},\n}\n",
        encoding="utf-8",
    )
    entry = read(tmp_path, "refs.bib", "refs.bib").data["references"]["unts"]
    assert entry["url"].endswith("Volume%203007/Part/volume-3007-I-52241.pdf")
    assert entry["doi"] == "10.1000/a_b%c"
    assert entry["authors"] == ["Tirole, Jean", "Müller, Jérôme"]
    assert entry["title"] == "Memorandum, UN Treaty Series, vol. 3007"
    assert entry["type"] == "web"


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("1339–1370", "1339–70"),  # Chicago 9.64, each rule's own examples
        ("101–108", "101–8"),
        ("1103–1104", "1103–4"),
        ("321–328", "321–28"),
        ("498–532", "498–532"),
        ("1496–1500", "1496–500"),
        ("12991–13001", "12991–3001"),
        ("71–72", "71–72"),
        ("100–104", "100–104"),
        ("1100–1113", "1100–1113"),
        ("1339--1370", "1339–70"),
        ("L 119", "L 119"),
    ],
)
def test_page_ranges_print_as_chicago_abbreviates_them(written: str, printed: str) -> None:
    from policybrief.render.refentry import page_range

    assert page_range(written) == printed


@pytest.mark.parametrize("layout", ["standard", "letter", "briefing", "handout"])
@pytest.mark.parametrize("style", ["brackets", "superscript", "author-year"])
def test_every_layout_builds_in_every_citation_style(
    brief_file: Callable[..., Path], cli: Callable[..., CliResult], layout: str, style: str
) -> None:
    path = brief_file(brief_text(LIBRARY, layout=f"{layout}-{style}"))
    shutil.copy(DATA / "real.bib", path.parent / "real.bib")
    (path.parent / "layouts").mkdir()
    (path.parent / "layouts" / f"{layout}-{style}.yaml").write_text(
        f"extends: {layout}\ncitations:\n  style: {style}\n"
    )
    result = cli(path.name, "-o", "out.pdf", cwd=path.parent)
    assert result.code == 0, result.err
    text = flat(path.parent / "out.pdf")
    expected = {
        "brackets": "free-riding [1].",
        "superscript": "free-riding1.",
        "author-year": "free-riding (Nordhaus 2015).",
    }
    assert expected[style] in text


def test_the_output_never_replaces_the_reference_library(
    brief_file: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    path = brief_file(brief_text(LIBRARY))
    library = path.parent / "real.bib"
    shutil.copy(DATA / "real.bib", library)
    result = cli(path.name, "-o", "real.bib", cwd=path.parent)
    assert result.code == 1
    assert "will not write real.bib: it is one of this build's own input files" in result.err
    assert library.read_bytes() == (DATA / "real.bib").read_bytes()
