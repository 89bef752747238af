"""A CMYK build separates RGB through the shipped ICC profiles (sRGB -> ISO Coated v2 /
FOGRA39), not by formula: read back from the PDF, images and chart colours carry the
inks LittleCMS computes for them, a gray prints on the black plate alone, and a
logo's transparent parts print exactly as the band under it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageCms
from pypdf import PdfReader

from ..conftest import MINIMAL, CliResult

ICC = Path(__file__).resolve().parents[2] / "policybrief" / "icc"
BAND = (0, 0, 0, 0.85)  # the handout's title_block.background: cmyk(0, 0, 0, 85)


def icc_cmyk(rgb: tuple[int, int, int]) -> tuple[float, ...]:
    """`rgb` (0-255) through the shipped profiles by LittleCMS directly (0-1 inks)."""
    out = ImageCms.profileToProfile(
        Image.new("RGB", (1, 1), rgb),
        str(ICC / "sRGB.icc"),
        str(ICC / "ISOcoated_v2_300_bas.icc"),
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        outputMode="CMYK",
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )
    assert out is not None
    pixel = out.getpixel((0, 0))
    assert isinstance(pixel, tuple)
    return tuple(v / 255 for v in pixel)


def close(a: tuple[float, ...], b: tuple[float, ...], within: float = 0.01) -> bool:
    return all(abs(x - y) <= within for x, y in zip(a, b, strict=True))


def test_pure_red_separates_as_a_press_prints_it() -> None:
    """The expectation itself, so that the tests below compare with plausible inks:
    RGB red is about C0 M90-100 Y80-100 K0 on coated paper (the formula said C0 M100
    Y100 K0; they differ most on darker colours, below)."""
    c, m, y, k = icc_cmyk((255, 0, 0))
    assert c < 0.02 and 0.9 <= m <= 1 and 0.8 <= y <= 1 and k < 0.02


def _handout_with_logo(folder: Path, logo: Image.Image) -> PdfReader:
    from policybrief.cli import main

    logo.save(folder / "logo.png")
    text = MINIMAL.replace(
        "date: 2025-01-15\n",
        "date: 2025-01-15\nlayout: handout\norganization:\n  name: Institute\n  logo: logo.png\n",
    )
    (folder / "brief.yaml").write_text(text, encoding="utf-8")
    assert main([str(folder / "brief.yaml"), "-q", "--out-dir", str(folder)]) == 0
    return PdfReader(folder / "brief.pdf")


@pytest.fixture(scope="module")
def logo_pdf(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    """The handout (CMYK, band title) with a PNG logo: a dark red third, a mid-gray
    third and a transparent third."""
    logo = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    logo.paste((150, 20, 40, 255), (0, 0, 100, 100))
    logo.paste((128, 128, 128, 255), (100, 0, 200, 100))
    return _handout_with_logo(tmp_path_factory.mktemp("logo"), logo)


def _logo_pixels(reader: PdfReader) -> Image.Image:
    (image,) = [
        x.get_object()
        for x in reader.pages[0]["/Resources"]["/XObject"].values()
        if x.get_object()["/Subtype"] == "/Image"
    ]
    assert image["/ColorSpace"] == "/DeviceCMYK"
    assert (image["/Width"], image["/Height"]) == (300, 100)
    return Image.frombytes("CMYK", (300, 100), image.get_data())


def test_a_logo_is_separated_through_the_output_profile(logo_pdf: PdfReader) -> None:
    pixels = _logo_pixels(logo_pdf)
    red = tuple(v / 255 for v in pixels.getpixel((50, 50)))  # type: ignore[union-attr]
    expected = icc_cmyk((150, 20, 40))
    assert close(red, expected), (red, expected)
    formula = (0.0, 0.8667, 0.7333, 0.4118)  # what full black generation gave
    assert not close(red, formula, 0.05)


def test_a_gray_in_a_colour_logo_goes_through_the_profile(logo_pdf: PdfReader) -> None:
    """Per picture, not per pixel: a colour image (a photo) keeps its neutrals in the
    profile's four-colour gray, so that its shadows do not jump to a lighter K-only."""
    gray = tuple(v / 255 for v in pixels_at(logo_pdf, (150, 50)))
    assert close(gray, icc_cmyk((128, 128, 128))), gray


def test_a_gray_logo_prints_on_the_black_plate_alone(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    logo = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    logo.paste((128, 128, 128, 255), (0, 0, 200, 100))
    reader = _handout_with_logo(tmp_path_factory.mktemp("gray"), logo)
    c, m, y, k = (v / 255 for v in pixels_at(reader, (50, 50)))
    assert (c, m, y) == (0, 0, 0)
    assert 0.45 < k < 0.65  # sRGB 50 % gray's lightness between paper and K100
    assert close(tuple(v / 255 for v in pixels_at(reader, (250, 50))), BAND, 0.5 / 255)


def test_the_transparent_part_of_a_logo_is_the_band_it_sits_on(logo_pdf: PdfReader) -> None:
    ink = tuple(v / 255 for v in pixels_at(logo_pdf, (250, 50)))
    assert close(ink, BAND, 0.5 / 255)


def pixels_at(reader: PdfReader, xy: tuple[int, int]) -> tuple[int, ...]:
    pixel = _logo_pixels(reader).getpixel(xy)
    assert isinstance(pixel, tuple)
    return pixel


def test_chart_series_colours_are_separated_through_the_output_profile(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """The default series (#1f4e79 dark blue first, #7f7f7f mid gray third) in the handout."""
    chart = (
        "outlook:\n  body:\n    - Charts.\n    - figure:\n        title: A chart\n"
        "        chart:\n          type: column\n          categories: [x, y]\n"
        "          series:\n            A: [1, 2]\n            B: [2, 1]\n            C: [3, 1]\n"
    )
    text = MINIMAL.replace("outlook: It will be fine.\n", chart)
    (tmp_path / "brief.yaml").write_text(text, encoding="utf-8")
    result = cli("brief.yaml", "--layout", "handout", "-o", "out.pdf")
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out.pdf")
    data = b"".join(_streams(reader))
    fills = [
        tuple(float(v) for v in m.groups())
        for m in re.finditer(rb"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) k\b", data)
    ]
    blue = icc_cmyk((0x1F, 0x4E, 0x79))
    assert any(close(f, blue) for f in fills), (blue, sorted(set(fills)))
    grays = [f for f in fills if f[:3] == (0, 0, 0) and 0.5 < f[3] < 0.6]
    assert grays  # #7f7f7f on the black plate alone, a little darker than K50
    assert not re.search(rb"\b(rg|RG)\b", data)


def _streams(reader: PdfReader) -> list[bytes]:
    """Every content stream and form XObject of the file (a chart is a form)."""
    out: list[bytes] = []
    for page in reader.pages:
        out.append(page.get_contents().get_data())
        for x in (page["/Resources"].get("/XObject") or {}).values():
            form = x.get_object()
            if form["/Subtype"] == "/Form":
                out.append(form.get_data())
    return out


def test_a_hex_colour_of_a_cmyk_layout_goes_through_the_output_profile(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A house layout on the handout with its accent written in hex: the headings print
    in the profile's separation of it, as a logo of that colour would: C13 M98 Y77 K6
    for #c8102e, where the formula gave C0 M92 Y77 K22."""
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "house.yaml").write_text(
        'extends: handout\npalette: {accent: "#c8102e"}\n', encoding="utf-8"
    )
    (tmp_path / "brief.yaml").write_text("layout: house\n" + MINIMAL, encoding="utf-8")
    result = cli("brief.yaml", "-o", "out.pdf")
    assert result.code == 0, result.err
    data = b"".join(_streams(PdfReader(tmp_path / "out.pdf")))
    fills = {
        tuple(float(v) for v in m.groups())
        for m in re.finditer(rb"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) k\b", data)
    }
    red = icc_cmyk((200, 16, 46))
    assert any(close(f, red) for f in fills), (red, sorted(fills))
    assert not re.search(rb"\b(rg|RG)\b", data)
