"""Worst cases within the limits: time and memory per MiB of hostile input (issue 13).

    python benchmarks/limits.py               # each case at 4 MiB (the brief limit)
    python benchmarks/limits.py --size 256K   # smaller, to see the growth
    python benchmarks/limits.py --case lt     # one case

Each case is a whole `make_brief` process on a brief built to stress one step:
ordinary prose (the baseline), one-letter words, a storm of `<`, Markdown hard
line breaks, citations in one paragraph (refused past 10,000 a brief:
`cites-limit` builds that many), a footer template of one whole field on every
page of prose, a 16-megapixel RGBA PNG logo in a CMYK layout, a large SVG logo.
Text is spread over analysis sections of at most 100,000 characters (the limit
of one field). Prints seconds and peak resident memory (`ru_maxrss` of the child,
from `os.wait4`) and seconds per MiB; exits 1 when a case exceeds the budget the
README promises: 60 s and 1 GiB on the 2-core development machine. Not a test:
it takes minutes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 60.0
BUDGET_BYTES = 1 << 30
FIELD = 100_000  # characters in one text field (load/yamlsource.py)
HEAD = """title: Limits
date: 2025-01-15
background: Some background.
options:
  items:
    - title: Do nothing
      text: Leave things as they are.
pros_cons:
  pros: [Cheap]
  cons: [Ineffective]
outlook: It will be fine.
call_to_action: Act now.
"""
CITED = "references:\n  - id: a\n    title: A source\n"
Case = Callable[[Path, int], Path]


def _sections(unit: str, size: int, extra: str = "") -> str:
    """`unit` repeated to about `size` bytes, as analysis sections of one field each."""
    per_field = max(1, FIELD // len(unit))
    body = json.dumps(unit * per_field)
    # Sized by the field as written (JSON escapes a backslash or a newline in two bytes).
    count = max(1, size // len(body.encode()))
    parts = [f"  - heading: Part {i}\n    body: {body}\n" for i in range(count)]
    return HEAD + "analysis:\n" + "".join(parts) + extra


def _text(unit: str, extra: str = "") -> Case:
    def write(folder: Path, size: int) -> Path:
        path = folder / "brief.yaml"
        path.write_text(_sections(unit, size, extra), encoding="utf-8")
        return path

    return write


def _png_logo(folder: Path, size: int) -> Path:
    from PIL import Image

    # 16 megapixels that compress under the 10 MB logo limit
    image = Image.radial_gradient("L").resize((4000, 4000)).convert("RGBA")
    image.save(folder / "logo.png", compress_level=1)
    layout = (ROOT / "layouts" / "standard.yaml").read_text(encoding="utf-8")
    (folder / "cmyk.yaml").write_text(
        layout.replace("color_model: rgb", "color_model: cmyk")
        if "color_model:" in layout
        else layout + "\ncolor_model: cmyk\n",
        encoding="utf-8",
    )
    brief = HEAD + "layout: cmyk.yaml\norganization:\n  name: Institute\n  logo: logo.png\n"
    (folder / "brief.yaml").write_text(brief, encoding="utf-8")
    return folder / "brief.yaml"


def _svg_logo(folder: Path, size: int) -> Path:
    out = io.StringIO()
    out.write('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100">\n')
    i = 0
    while out.tell() < size:
        x, y = i % 400, (i // 400) % 100
        out.write(f'<path d="M{x} {y} L{x + 3} {y} L{x + 3} {y + 3} Z" fill="#036"/>\n')
        i += 1
    out.write("</svg>\n")
    (folder / "logo.svg").write_text(out.getvalue(), encoding="utf-8")
    brief = HEAD + "organization:\n  name: Institute\n  logo: logo.svg\n"
    (folder / "brief.yaml").write_text(brief, encoding="utf-8")
    return folder / "brief.yaml"


def _citations_at_limit(folder: Path, size: int) -> Path:
    """As many citations as a brief may have (load/checks.py MAX_LINKS), in one paragraph."""
    body = json.dumps("[@a] " * 10_000)
    brief = HEAD + f"analysis:\n  - heading: Part\n    body: {body}\n"
    (folder / "brief.yaml").write_text(brief + CITED, encoding="utf-8")
    return folder / "brief.yaml"


def _footer(folder: Path, size: int) -> Path:
    """A footer template of one whole field (100,000 characters, some 14,000 words) on
    every page of a quarter of `size` in ordinary prose (some 250 pages at 4 MiB): each
    page fits it to the line. (The prose is a quarter so that its own cost, measured
    apart, does not hide the footer's.)"""
    words = " ".join(f"word{i}" for i in range(FIELD // 9))[: FIELD - 40]
    template = json.dumps(f"{words} {{title}} page {{page}} of {{pages}}")
    (folder / "house.yaml").write_text(
        f"extends: standard\nfooter: {{left: {template}}}\n", encoding="utf-8"
    )
    brief = _sections("Plain words of a policy brief. ", max(size // 4, 1))
    (folder / "brief.yaml").write_text(brief + "layout: house.yaml\n", encoding="utf-8")
    return folder / "brief.yaml"


CASES: dict[str, tuple[str, Case]] = {
    "prose": (
        "ordinary prose, one paragraph a field",
        _text("The guarantee must be credible to deter a renewed attack on Ukraine. "),
    ),
    "words": ("one-letter words", _text("a ")),
    "lt": ("a storm of '<'", _text("< ")),
    "breaks": ("Markdown hard line breaks", _text("x\\\n")),
    "cites": (
        "citations in one paragraph",
        _text("[@a] ", CITED),
    ),
    "cites-limit": ("10,000 citations in one paragraph (the limit)", _citations_at_limit),
    "footer": ("footer template of 100,000 characters", _footer),
    "png": ("16-megapixel RGBA PNG logo, CMYK layout", _png_logo),
    "svg": ("large SVG logo", _svg_logo),
}


def measure(brief: Path) -> tuple[float, int, int]:
    """Seconds, peak resident bytes and exit code of one make_brief process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "make_brief.py"), str(brief), "--out-dir",
         str(brief.parent / "out"), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    return seconds, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def _size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].isalpha() else int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="4M", help="bytes of hostile text per case (4M)")
    parser.add_argument("--case", action="append", choices=sorted(CASES))
    args = parser.parse_args(argv)
    size = _size(args.size)
    over = False
    print(f"{'case':<42} {'input':>9} {'seconds':>8} {'s/MiB':>7} {'peak MB':>8}  exit")
    for key in args.case or list(CASES):
        title, write = CASES[key]
        with tempfile.TemporaryDirectory() as folder:
            brief = write(Path(folder), size)
            given = sum(p.stat().st_size for p in Path(folder).iterdir() if p.is_file())
            seconds, peak, code = measure(brief)
        per_mib = seconds / (given / (1 << 20))
        flag = seconds > BUDGET_SECONDS or peak > BUDGET_BYTES
        over = over or flag
        print(
            f"{title:<42} {given / (1 << 20):>7.2f}Mi {seconds:>8.1f} {per_mib:>7.1f}"
            f" {peak / 1e6:>8.0f}  {code}{'  OVER BUDGET' if flag else ''}"
        )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
