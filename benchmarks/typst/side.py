"""Side-by-side page images: make_brief's page at the left, Typst's at the right.

    python benchmarks/typst/side.py --mb /tmp/typst/mb --typst benchmarks/typst/out \
        --out /tmp/typst/side

For each layout L it renders `MB/L/*.pdf` and `TYPST/L.pdf` at 70 dpi with
`pdftoppm` (poppler) and writes `OUT/L-pN.png`, one per page number of the longer
of the two, each half labelled; a page one of them does not have is left blank.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

LAYOUTS = ("standard", "letter", "briefing", "handout")
BAR = 22


def render(pdf: Path, into: Path, dpi: int) -> list[Path]:
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(into / "p")], check=True)
    return sorted(into.glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))


def compose(left: Path | None, right: Path | None, labels: tuple[str, str], out: Path) -> None:
    images = [Image.open(p).convert("RGB") if p else None for p in (left, right)]
    w = max(im.width for im in images if im)
    h = max(im.height for im in images if im)
    sheet = Image.new("RGB", (2 * w + 10, h + BAR), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (im, label) in enumerate(zip(images, labels, strict=True)):
        x = i * (w + 10)
        draw.rectangle([x, 0, x + w - 1, BAR - 3], fill=(40, 40, 40))
        draw.text((x + 6, 4), label if im else f"{label} (no such page)", fill="white")
        if im:
            sheet.paste(im, (x, BAR))
            draw.rectangle([x, BAR, x + im.width - 1, BAR + im.height - 1], outline=(150, 150, 150))
    draw.line([w + 4, 0, w + 4, h + BAR], fill=(200, 0, 0), width=2)
    sheet.save(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--mb", type=Path, required=True, help="folder of make_brief PDFs, one per layout"
    )
    parser.add_argument("--typst", type=Path, required=True, help="folder of Typst PDFs (L.pdf)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--layout", action="append", choices=LAYOUTS)
    parser.add_argument("--dpi", type=int, default=70)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for lay in args.layout or LAYOUTS:
            mb = render(next((args.mb / lay).glob("*.pdf")), Path(tmp) / "mb" / lay, args.dpi)
            ty = render(args.typst / f"{lay}.pdf", Path(tmp) / "ty" / lay, args.dpi)
            for n in range(1, max(len(mb), len(ty)) + 1):
                left = mb[n - 1] if n <= len(mb) else None
                right = ty[n - 1] if n <= len(ty) else None
                labels = (
                    f"make_brief  {lay}  page {n} of {len(mb)}",
                    f"Typst 0.15  {lay}  page {n} of {len(ty)}",
                )
                compose(left, right, labels, args.out / f"{lay}-p{n}.png")
                print(args.out / f"{lay}-p{n}.png")


if __name__ == "__main__":
    main()
