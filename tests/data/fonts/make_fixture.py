"""Makes `TestHan-Regular.ttf`, the test fixture of a user's own fallback font.

No CJK TrueType font is on the test machines, so this one is drawn here: nine
Han characters made only of straight strokes (一 二 三 十 口 日 中 田 王) and a
black square ■ (which the shipped Noto Sans Math has too: the tests see which face
draws it), each glyph a few rectangles on a 1000-unit em, plus .notdef and the
space. It is a
real TrueType (glyf) font that reportlab embeds as a subset, a few KB in size,
released under the SIL Open Font License 1.1 (OFL.txt beside it).

Run once with fontTools (a test-time tool, never a dependency of make_brief):
    python tests/data/fonts/make_fixture.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

Box = tuple[int, int, int, int]  # x0, y0, x1, y1

H = (100, 380, 900, 460)  # a horizontal stroke through the middle
STROKES: dict[str, list[Box]] = {
    "一": [H],
    "二": [(180, 620, 820, 700), (100, 120, 900, 200)],
    "三": [(180, 680, 820, 760), (220, 400, 780, 480), (100, 100, 900, 180)],
    "十": [H, (460, -60, 540, 820)],
    "口": [(180, 100, 260, 700), (740, 100, 820, 700), (180, 620, 820, 700), (180, 100, 820, 180)],
    "日": [(220, -20, 300, 760), (700, -20, 780, 760), (220, 680, 780, 760),
           (220, 340, 780, 420), (220, -20, 780, 60)],
    "中": [(160, 180, 240, 620), (760, 180, 840, 620), (160, 540, 840, 620),
           (160, 180, 840, 260), (460, -80, 540, 840)],
    "田": [(140, 0, 220, 740), (780, 0, 860, 740), (460, 0, 540, 740), (140, 660, 860, 740),
           (140, 330, 860, 410), (140, 0, 860, 80)],
    "王": [(160, 700, 840, 780), (220, 360, 780, 440), (100, 0, 900, 80), (460, 0, 540, 740)],
    "■": [(150, 0, 850, 700)],
}


def glyph(boxes: list[Box]) -> object:
    pen = TTGlyphPen(None)
    for x0, y0, x1, y1 in boxes:  # clockwise, as TrueType outlines go
        pen.moveTo((x0, y0))
        pen.lineTo((x0, y1))
        pen.lineTo((x1, y1))
        pen.lineTo((x1, y0))
        pen.closePath()
    return pen.glyph()


def build(path: Path) -> None:
    names = [".notdef", "space", *(f"uni{ord(c):04X}" for c in STROKES)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    cmap = {0x20: "space", **{ord(c): f"uni{ord(c):04X}" for c in STROKES}}
    builder.setupCharacterMap(cmap)
    glyphs = {".notdef": glyph([(100, 0, 900, 80), (100, 0, 180, 800)]), "space": glyph([])}
    glyphs |= {f"uni{ord(c):04X}": glyph(boxes) for c, boxes in STROKES.items()}
    builder.setupGlyf(glyphs)
    # Advance 1000 (a full em, as CJK faces set ideographs); left side bearing: the
    # leftmost stroke.
    metrics = {".notdef": (1000, 100), "space": (320, 0)}
    for char, boxes in STROKES.items():
        metrics[f"uni{ord(char):04X}"] = (1000, min(box[0] for box in boxes))
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable(
        {
            "familyName": "Test Han",
            "styleName": "Regular",
            "psName": "TestHan-Regular",
            "copyright": "Copyright 2026 the make_brief authors",
            "licenseDescription": "This Font Software is licensed under the SIL Open Font"
            " License, Version 1.1.",
            "licenseInfoURL": "https://openfontlicense.org",
        }
    )
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120,
                     fsType=0)
    builder.setupPost()
    builder.save(str(path))


if __name__ == "__main__":
    build(Path(__file__).with_name("TestHan-Regular.ttf"))
