"""Layouts as validated files: the shipped four, `extends`, typed values, located errors."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from policybrief.diagnostics import BriefError
from policybrief.load import layouts
from policybrief.model.layout import Layout
from policybrief.model.values import Colour, parse_colour, parse_length
from policybrief.render.styles import build_styles

from ..conftest import EXAMPLE, MINIMAL, CliResult, normalise, pdf_text
from ..render.test_print import ink

SHIPPED = ["briefing", "handout", "letter", "standard"]
MM = 72 / 25.4


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --- the shipped layouts -------------------------------------------------------------------


def test_list_layouts_names_the_four_with_a_description(cli: Callable[..., CliResult]) -> None:
    result = cli("--list-layouts")
    assert result.code == 0
    lines = dict(line.split(maxsplit=1) for line in result.out.splitlines())
    assert set(SHIPPED) <= set(lines)
    assert all(lines[name].strip() and "invalid" not in lines[name] for name in SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_layout_builds_the_example(
    name: str, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / f"{name}.pdf"
    result = cli(EXAMPLE, "--edition", "full", "--layout", name, "-o", out)
    assert result.code == 0, result.err
    text = normalise(pdf_text(out)).lower()  # handout sets headings in capitals
    for words in ("A Fragile Shield", "Key takeaways", "Pros", "Cons", "References"):
        assert normalise(words).lower() in text
    assert len(PdfReader(out).pages) >= 3


def test_the_four_layouts_differ_where_a_reader_sees_it() -> None:
    loaded = {name: layouts.load(layouts.find(name)).layout for name in SHIPPED}  # type: ignore[arg-type]
    looks = {
        (lay.page.trim_size(), lay.type.size, lay.palette.accent, lay.title_block.style)
        for lay in loaded.values()
    }
    assert len(looks) == 4
    assert loaded["letter"].page.size == "letter"
    assert loaded["briefing"].type.size > loaded["standard"].type.size
    assert loaded["briefing"].takeaways.position == "before_summary"
    hand = loaded["handout"]
    assert hand.color_model == "cmyk" and hand.page.crop_marks and hand.references.qr_codes
    assert round(hand.page.bleed / MM, 3) == 3


def test_handout_colours_read_in_grayscale() -> None:
    """Text and its background keep their contrast once hue is gone (WCAG luminance)."""
    hand = layouts.load(layouts.find("handout")).layout  # type: ignore[arg-type]
    white = parse_colour("#ffffff")
    pairs = [
        (hand.title_block.text, hand.title_block.background),
        (hand.pros_cons.header_text, hand.pros_cons.header_background),
        (hand.palette.text, hand.pros_cons.pros_background),
        (hand.palette.text, hand.pros_cons.cons_background),
        (hand.palette.text, hand.takeaways.background),
        (hand.palette.accent, white),
    ]
    assert all(a.contrast(b) >= 4.5 for a, b in pairs)
    colours = [hand.palette.text, hand.palette.accent, hand.title_block.background]
    assert all(c.space == "cmyk" and c.is_gray() for c in colours)


def test_briefing_puts_the_takeaways_on_page_one_before_the_summary(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "b.pdf"
    assert cli(EXAMPLE, "--edition", "full", "--layout", "briefing", "-o", out).code == 0
    first = normalise(PdfReader(out).pages[0].extract_text())
    assert "Keytakeaways" in first
    whole = normalise(pdf_text(out))
    assert whole.index("Keytakeaways") < whole.index("Summary")
    standard = tmp_path / "s.pdf"
    assert cli(EXAMPLE, "--edition", "full", "-o", standard).code == 0
    text = normalise(pdf_text(standard))
    assert text.index("Summary") < text.index("Keytakeaways")


# --- a house style in ten lines -------------------------------------------------------------


def test_a_house_style_that_extends_standard_needs_no_code(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    write(
        tmp_path,
        "house.yaml",
        """\
        description: Our house style
        extends: standard
        type:
          size: 12pt
        palette:
          accent: "#aa3300"
        title_block:
          background: "cmyk(0, 80, 100, 10)"
        """,
    )
    brief = brief_file(MINIMAL + "layout: house.yaml\n")
    out = tmp_path / "house.pdf"
    result = cli(brief, "--edition", "full", "-o", out)
    assert result.code == 0, result.err
    reader = PdfReader(out)
    drawn = ink(reader, reader.pages[0])
    fills = {tuple(round(v, 3) for v in values) for _, values in drawn.colour_ops}
    assert tuple(round(v / 255, 3) for v in (0xAA, 0x33, 0x00)) in fills  # heading ink
    band = Colour("cmyk", (0, 0.8, 1, 0.1)).as_rgb().values  # an rgb layout converts it once
    assert tuple(round(v, 3) for v in band) in fills
    assert b" 12 Tf" in reader.pages[0].get_contents().get_data()
    loaded = layouts.load(tmp_path / "house.yaml").layout
    standard = layouts.load(layouts.find("standard")).layout  # type: ignore[arg-type]
    assert loaded.page == standard.page and loaded.fonts == standard.fonts  # inherited


def test_extends_chain_and_layout_relative_to_the_brief(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    style = tmp_path / "styles"
    style.mkdir()
    write(style, "base.yaml", "extends: letter\ntype:\n  size: 11pt\n")
    write(style, "child.yaml", "extends: base.yaml\npalette:\n  accent: '#003300'\n")
    loaded = layouts.load(style / "child.yaml")
    assert loaded.layout.page.size == "letter"  # from letter, two files up
    assert loaded.layout.type.size == 11  # from base
    assert loaded.files == (
        (style / "child.yaml").resolve(),
        (style / "base.yaml").resolve(),
        layouts.find("letter"),
        layouts.find("standard"),
    )
    brief = brief_file(MINIMAL + "layout: styles/child.yaml\n")
    out = tmp_path / "c.pdf"
    assert cli(brief, "--edition", "full", "-o", out).code == 0
    width = float(PdfReader(out).pages[0].mediabox.width)
    assert round(width, 1) == 612.0


def test_an_inherited_measure_wider_than_the_frame_gives_way_to_the_frame(
    tmp_path: Path,
) -> None:
    """Standard's 134.9 mm measure does not fit an A5 page's 104 mm frame: a house
    style that only changes the page gets text across its frame, not an error in a
    file it did not write. Its own measure is kept, and one too wide is an error."""
    a5 = layouts.load(write(tmp_path, "a5.yaml", "extends: standard\npage: {size: A5}\n"))
    assert a5.layout.type.measure is None
    assert layouts.load(layouts.find("standard")).layout.type.measure == pytest.approx(134.9 * MM)
    own = "extends: standard\npage: {size: A5}\ntype: {measure: 90mm}\n"
    assert layouts.load(write(tmp_path, "own.yaml", own)).layout.type.measure == pytest.approx(
        90 * MM
    )
    too_wide = "extends: standard\npage: {size: A5}\ntype: {measure: 120mm}\n"
    wide = write(tmp_path, "wide.yaml", too_wide)
    with pytest.raises(BriefError) as raised:
        layouts.load(wide)
    assert "type.measure: a measure of 120mm is wider than the text frame" in str(raised.value)


# --- located errors ---------------------------------------------------------------------------


def test_a_typo_in_a_child_layout_is_reported_at_the_childs_line(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    write(
        tmp_path,
        "child.yaml",
        """\
        description: A child
        extends: standard
        palette:
          acent: "#aa0000"
        type:
          leading: 9
        """,
    )
    out = tmp_path / "x.pdf"
    result = cli(brief_file(), "--layout", "child.yaml", "--edition", "full", "-o", out)
    assert result.code == 1
    assert "child.yaml:4:3: error: palette.acent: unknown key 'acent' (did you mean 'accent'?)" in (
        result.err
    )
    assert "child.yaml:6:12: error: type.leading: must be at most 3" in result.err
    assert not out.exists()


def test_a_problem_in_the_parent_is_reported_in_the_parent(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    write(tmp_path, "parent.yaml", "extends: standard\npage:\n  margins:\n    top: 2 furlongs\n")
    write(tmp_path, "child.yaml", "extends: parent.yaml\ntype:\n  sise: 11pt\n")
    result = cli(brief_file(), "--layout", "child.yaml", "--check")
    assert result.code == 1
    assert "parent.yaml:4:10: error: page.margins.top: '2 furlongs' is not a length" in result.err
    assert "child.yaml:3:3: error: type.sise: unknown key 'sise' (did you mean 'size'?)" in (
        result.err
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("extends: standrd\n", "1:10: error: extends: extends unknown layout 'standrd'"),
        ("extends: [standard]\n", "1:10: error: extends: expected the name of a layout"),
        ("color_model: cmky\n", "1:14: error: color_model: must be one of rgb or cmyk"),
        ("fonts:\n  body: serf\n", "2:9: error: fonts.body: must be one of serif, sans or mono"),
        ("palette:\n  text: #000\n", "2:8: error: palette.text: no colour given: quote it"),
        ("palette:\n  text: 'cmyk(0, 0, 0, 120)'\n", "CMYK percentages run from 0 to 100"),
        (
            "page:\n  bleed: 30mm\n",
            "2:10: error: page.bleed: 30mm is out of range: use 0mm to 20mm",
        ),
        ("page:\n  size: custom\n", "error: page: size 'custom' needs width and height"),
        ("page:\n  margins: {left: 180mm}\n", "leave less than 40mm for the text"),
        ("header:\n  left: '{titel}'\n", "2:9: error: header.left: unknown placeholder {titel}"),
        ("type:\n  size: -3pt\n", "a length cannot be negative"),
        ("fonts:\n  body: {regular: nowhere.ttf}\n", "fonts.body.regular: font file 'nowhere.ttf'"),
    ],
)
def test_layout_mistakes_are_located(
    text: str,
    expected: str,
    cli: Callable[..., CliResult],
    brief_file: Callable[..., Path],
    tmp_path: Path,
) -> None:
    write(tmp_path, "bad.yaml", text)
    result = cli(brief_file(), "--layout", "bad.yaml", "--check")
    assert result.code == 1
    assert expected in result.err, result.err
    assert "bad.yaml:" in result.err


def test_unknown_layout_named_by_the_brief_is_located(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    result = cli(brief_file(MINIMAL + "layout: handoot\n"), "--check")
    assert result.code == 1
    assert "brief.yaml:13:9: error: layout: unknown layout 'handoot'" in result.err


# --- typed values, parsed once ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "points"),
    [("12mm", 12 * MM), ("0.5in", 36.0), ("10pt", 10.0), ("1cm", 10 * MM), ("7", 7.0), (3, 3.0)],
)
def test_lengths_with_units(text: object, points: float) -> None:
    assert parse_length(text) == pytest.approx(points)


def test_colours_hex_and_cmyk() -> None:
    assert parse_colour("#1f4e79") == Colour("rgb", (0x1F / 255, 0x4E / 255, 0x79 / 255))
    assert parse_colour("#fff") == Colour("rgb", (1.0, 1.0, 1.0))
    assert parse_colour("cmyk(100, 60, 0, 20)") == Colour("cmyk", (1.0, 0.6, 0.0, 0.2))
    assert parse_colour("cmyk(0,0,0,100)").as_rgb().values == (0.0, 0.0, 0.0)
    assert parse_colour("#000000").as_cmyk().values == (0.0, 0.0, 0.0, 1.0)


def test_layout_values_reach_the_styles() -> None:
    """Misspelt ParagraphStyle keywords are ignored silently: check they took."""
    layout = Layout.model_validate(
        {"type": {"size": "11pt", "leading": 1.5}, "text": {"justify": False}}
    )
    styles = build_styles(layout, "en", "en_GB", None)
    assert styles.body.fontSize == 11 and styles.body.leading == pytest.approx(16.5)
    assert styles.body.alignment == 0  # TA_LEFT: justify off
    assert styles.body.hyphenationLang.lang == "en_GB"
    assert styles.body.allowWidows == 0 and styles.body.allowOrphans == 0
    assert styles.h1.keepWithNext == 1 and styles.h2.keepWithNext == 1
    assert styles.reference.bulletFontSize == styles.reference.fontSize


# --- tables and boxes across pages -------------------------------------------------------------


def _long_points(label: str, count: int) -> str:
    sentence = "This point is long enough to take several lines in a half-width table cell. "
    return "\n".join(
        f"    - label: {label} {n}\n      text: {sentence * 3}" for n in range(1, count + 1)
    )


def test_tables_split_between_rows_with_the_header_repeated(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    text = MINIMAL.replace(
        "pros_cons:\n  pros: [Cheap]\n  cons: [Ineffective]\n",
        "pros_cons:\n  pros:\n"
        + _long_points("Gain", 24)
        + "\n  cons:\n"
        + _long_points("Risk", 24)
        + "\n",
    )
    out = tmp_path / "t.pdf"
    result = cli(brief_file(text), "--edition", "full", "-o", out)
    assert result.code == 0, result.err
    pages = [normalise(p.extract_text()) for p in PdfReader(out).pages]
    with_rows = [t for t in pages if "Gain" in t]
    assert len(with_rows) >= 2  # the table really runs over pages
    assert all("ProsCons" in t for t in with_rows)  # the header row on each of them
    for n in range(1, 25):  # a row is never cut: each point whole on one page
        label = normalise(f"Gain {n}. This")
        assert sum(label in t for t in pages) == 1


def test_a_tall_takeaways_box_starts_on_page_one_and_a_small_one_stays_whole(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    sentence = "A takeaway long enough to wrap over two or three lines of the box. " * 4
    many = "key_takeaways:\n" + "".join(f"  - Point {n}. {sentence}\n" for n in range(1, 13))
    tall = tmp_path / "tall.pdf"
    summary = "summary: A short summary.\n"
    assert cli(brief_file(MINIMAL + summary + many), "--layout", "briefing", "-o", tall).code == 0
    pages = [normalise(p.extract_text()) for p in PdfReader(tall).pages]
    assert "Point1" in pages[0] and "Keytakeaways" in pages[0]  # not pushed to page two
    assert "Point12" not in pages[0] and "Keytakeaways" in pages[1]  # title repeated
    short = "A takeaway long enough to wrap over two or three lines of the box. " * 2
    # 22 summary lines bring the box to the foot of page one, where it would split
    filler = "summary: |\n" + "".join(
        f"  Line {n} of a summary that fills page one.\n\n" for n in range(22)
    )

    def pages_holding_points(points: int, text: str) -> list[int]:
        few = "key_takeaways:\n" + "".join(f"  - Point {n}. {text}\n" for n in range(points))
        small = tmp_path / f"small-{points}.pdf"
        assert cli(brief_file(MINIMAL + filler + few), "-o", small).code == 0
        return [n for n, p in enumerate(PdfReader(small).pages) if "Point" in p.extract_text()]

    # Two points cannot leave a point on each side of a split: the box moves whole.
    assert pages_holding_points(2, sentence * 2) == [1]
    # Five fill the foot of page one and continue under the repeated title, as Typst
    # breaks a block, rather than leave that foot empty.
    assert pages_holding_points(5, short) == [0, 1]


def test_a_projects_own_layouts_folder_is_searched_by_name_first(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """spec: `layout` is "a name in `layouts/`": a project keeps its house layouts
    in its own `layouts/` folder, next to `briefs/`, and names them like shipped ones."""
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "house.yaml").write_text(
        'extends: standard\ndescription: Our house style\npalette: {accent: "#b00020"}\n',
        encoding="utf-8",
    )
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "b.yaml").write_text(f"layout: house\n{MINIMAL}", encoding="utf-8")
    listed = cli("--list-layouts", cwd=tmp_path)
    assert "house          Our house style" in listed.out
    assert "standard       A4 think-tank brief" in listed.out
    result = cli(cwd=tmp_path)
    assert result.code == 0, result.err
    page = PdfReader(tmp_path / "build" / "b.pdf").pages[0]
    assert b".690196 0 .12549 rg" in page.get_contents().get_data()  # the house accent
    again = cli("briefs/b.yaml", "--layout", "house", "-o", "again.pdf", cwd=tmp_path)
    assert again.code == 0, again.err


def test_a_plain_run_passes_over_a_layout_kept_beside_the_briefs(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A brief may name a layout file beside it; a plain run builds every YAML file
    of briefs/, and must not fail on that layout as if it were a brief."""
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "b.yaml").write_text(f"layout: house.yaml\n{MINIMAL}", "utf-8")
    (tmp_path / "briefs" / "house.yaml").write_text(
        "extends: standard\ndescription: House style\n", encoding="utf-8"
    )
    result = cli(cwd=tmp_path)
    assert result.code == 0, result.err
    assert "briefs/house.yaml:1:1: warning: a layout, not a brief: not built" in result.err
    assert [p.name for p in (tmp_path / "build").iterdir()] == ["b.pdf"]
    named = cli("briefs/house.yaml", cwd=tmp_path)  # named as a brief: one clear error
    assert named.code == 1
    assert named.err == (
        "briefs/house.yaml:1:1: error: this is a layout, not a brief: a brief names it"
        " with `layout:`, or pass it with --layout\n"
    )
