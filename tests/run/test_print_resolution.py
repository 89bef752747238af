"""A warning for images under 225 ppi at their placed size in print layouts.

A print layout (`Layout.for_print`: CMYK inks or a bleed) goes to a press, where
a raster image under 225 pixels per inch at the size it is drawn prints soft.
The warning comes before anything renders, at the image's own field, and the
ppi it names is the ppi the PDF then holds: read back here from each image's
placement on the page (pixels / drawn width in inches).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..conftest import MINIMAL, CliResult
from ..render.test_print import ink

WARNING = re.compile(
    r"brief\.yaml:(\d+):\d+: warning: ([\w.\[\]]+): '(\w+\.png)' is (\d+) px wide: placed"
    r" \d+ mm wide in print layout '(\w+)' it prints at (\d+) ppi, below 225"
)


def brief(logo: str = "logo.png", layout: str = "handout") -> str:
    return MINIMAL.replace(
        "date: 2025-01-15\n",
        f"date: 2025-01-15\nlayout: {layout}\n"
        f"organization: {{name: Institute, logo: {logo}}}\n"
        "authors:\n  - {name: Ada Analyst, bio: Leads the programme., photo: ada.png}\n",
    ).replace(
        "outlook: It will be fine.\n",
        "outlook:\n  body:\n"
        "    - figure: {title: A map, image: map.png, alt: A map., width: 50%}\n",
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (240, 80), (30, 60, 90)).save(tmp_path / "logo.png")  # 36 mm: 169 ppi
    Image.new("RGB", (720, 240), (30, 60, 90)).save(tmp_path / "sharp.png")  # 508 ppi
    Image.new("RGB", (120, 160), (90, 120, 160)).save(tmp_path / "ada.png")  # 18 mm: 169 ppi
    Image.new("RGB", (500, 300), (200, 200, 180)).save(tmp_path / "map.png")  # 63 mm: 201 ppi
    return tmp_path


def placed_ppi(pdf: Path) -> dict[int, float]:
    """The ppi of every image drawn, by its pixel width (each image here has its own)."""
    reader = PdfReader(pdf)
    found: dict[int, float] = {}
    for page in reader.pages:
        images = page["/Resources"].get("/XObject", {})
        for name, ctm in ink(reader, page).forms:
            image = images[name].get_object()
            if image.get("/Subtype") == "/Image" and not image.get("/ImageMask"):
                found[int(image["/Width"])] = float(image["/Width"]) / (abs(ctm[0]) / 72)
    return found


def test_each_coarse_image_is_warned_of_at_its_field_with_the_ppi_it_prints_at(
    cli: Callable[..., CliResult], folder: Path
) -> None:
    (folder / "brief.yaml").write_text(brief(), encoding="utf-8")
    result = cli("brief.yaml", "--out-dir", "out", cwd=folder)
    assert result.code == 0, result.err
    warned = {m[1]: m for m in WARNING.findall(result.err)}
    assert set(warned) == {"organization.logo", "authors[0].photo", "outlook.body[0].figure.image"}
    lines = (folder / "brief.yaml").read_text(encoding="utf-8").splitlines()
    drawn = placed_ppi(folder / "out" / "brief.pdf")
    for field, (line, _, file, pixels, layout, ppi) in warned.items():
        assert file in lines[int(line) - 1], field  # the line that names the file
        assert layout == "handout"
        assert abs(int(ppi) - drawn[int(pixels)]) <= 1, (field, ppi, drawn)
        assert int(ppi) < 225


def test_enough_pixels_or_a_screen_layout_warns_of_nothing(
    cli: Callable[..., CliResult], folder: Path
) -> None:
    (folder / "sharp.yaml").write_text(brief("sharp.png"), encoding="utf-8")
    result = cli("sharp.yaml", "--out-dir", "out", cwd=folder)
    assert result.code == 0, result.err
    assert "organization.logo" not in result.err  # 508 ppi
    assert "authors[0].photo" in result.err  # the photo is still coarse
    assert placed_ppi(folder / "out" / "sharp.pdf")[720] > 225
    # standard is RGB with no bleed: a screen and office-printer PDF, not held to 225 ppi
    (folder / "screen.yaml").write_text(brief(layout="standard"), encoding="utf-8")
    result = cli("screen.yaml", "--out-dir", "out", cwd=folder)
    assert result.code == 0, result.err
    assert "ppi" not in result.err
