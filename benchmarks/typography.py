"""The typography benchmark: texture and page fill, read back from the PDFs.

    python benchmarks/typography.py                  # example x 4 layouts + generated 5, 50 pages
    python benchmarks/typography.py --json out.json  # the same, also as JSON
    python benchmarks/typography.py FILE.pdf --layout standard   # one PDF already built

It builds the example (`briefs/us-security-guarantees-ukraine.yaml`, every edition)
under each shipped layout, and generated briefs of 5 and 50 pages
(`benchmarks/generate.py`) under the standard layout, then reads every PDF back
with pypdf and prints one row per file:

- empty: mean and worst empty share of the non-final pages, where the empty share
  of a page is the frame height below its lowest text or painted path (rule,
  box, background, image) inside the frame, divided by the frame height;
- stretch: median, p90 and max of (actual space width / natural space width) - 1
  over the inter-word spaces of justified, non-final lines (a line drawn with word
  spacing `Tw`, or one that runs to the frame's right edge at natural spacing);
  negative values are shrunk spaces; `>100%` counts such lines;
- hyph: the share of those lines that end in a hyphen, and runs of 3 or more
  consecutive hyphenated line ends;
- out: text lines whose glyphs leave the frame (or the trim);
- widows / orphans: a paragraph's last line alone at a page head / its first line
  alone at a page foot (a paragraph boundary is a gap of more than 1.2 leadings);
- heads@foot: a bold line larger than body text as the last line of a page.

The frame is the layout's trim box less its margins. The content stream is
interpreted here (text matrix, word and character spacing, the widths of the
embedded subsets), not the extracted text, because spacing is what is measured;
page furniture drawn in form XObjects (running header, footer) is outside the
frame and not read. A glyph code 45 is a hyphen: reportlab's subsets keep ASCII
at its own codes, and code 32 is always the space (which `Tw` widens).

It also reads PDFs written by Typst 0.15 (`benchmarks/typst/compare.py` sets the
same content with Typst and prints both engines' rows):

- Type0 (CID, Identity-H) fonts: two-byte codes, widths from `/W` and `/DW`; which
  code is the space and which the hyphen is read from the font's ToUnicode map
  (reportlab's simple subsets keep code 32 and 45, as before);
- Typst sets no `Tw`: it widens or narrows a space by a TJ number right after the
  space glyph (and kerns with TJ numbers elsewhere), so a space's actual width is
  its natural width less that number (1/1000 em); other TJ numbers move the glyphs
  after them and count in the line's extent, as before;
- Typst lets hyphens and punctuation hang into the margin (`text(overhang: true)`,
  its default): a line counts as running to the measure when it ends within
  `--protrusion` points (default 3) past the frame's right edge, and only glyphs
  beyond that count as outside the frame;
- Typst's PDFs carry no TrimBox: when a layout has bleed or crop marks the trim is
  the media box less the bleed and the 10 mm mark area make_brief adds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from policybrief.finish.matrix import IDENTITY, Matrix, apply, mul  # noqa: E402

EXAMPLE = ROOT / "briefs" / "us-security-guarantees-ukraine.yaml"
LAYOUTS = ("standard", "letter", "briefing", "handout")


@dataclass
class Run:
    """One text-showing operator's glyphs, in user space."""

    x0: float
    x1: float
    y: float
    size: float
    font: str
    codes: bytes  # the text as UTF-8 (reportlab's codes are ASCII where it matters)
    spaces: list[tuple[float, float]]  # (natural, actual) width of each space glyph
    tw: float
    trail: float = 0.0  # the width of the spaces the run ends with (Typst keeps them)
    ntrail: int = 0  # and how many they are


@dataclass
class Line:
    runs: list[Run]

    @property
    def x0(self) -> float:
        return self.runs[0].x0

    @property
    def x1(self) -> float:
        return self.runs[-1].x1 - self.runs[-1].trail

    @property
    def y(self) -> float:
        return self.runs[0].y

    @property
    def size(self) -> float:
        return max(r.size for r in self.runs)

    @property
    def codes(self) -> bytes:
        return b"".join(r.codes for r in self.runs).strip(b" ")

    @property
    def bold(self) -> bool:
        return all("Bold" in r.font for r in self.runs if r.codes.strip())

    @property
    def word_spaced(self) -> bool:
        return any(abs(r.tw) > 1e-3 for r in self.runs)

    def inner_spaces(self) -> list[tuple[float, float]]:
        out = [s for r in self.runs for s in r.spaces]
        return out[: len(out) - self.runs[-1].ntrail] if self.runs[-1].ntrail else out


@dataclass
class Page:
    frame: tuple[float, float, float, float]
    trim: tuple[float, float, float, float]
    runs: list[Run] = field(default_factory=list)
    paths: list[tuple[float, float, float, float]] = field(default_factory=list)


class _Fonts:
    """Widths (1/1000 em) of each font resource, by code; Type0 fonts by CID."""

    def __init__(self, resources: Any) -> None:
        self.widths: dict[str, tuple[int, list[float], str]] = {}
        self.cid: dict[str, tuple[dict[int, float], float, dict[int, str]]] = {}
        fonts = resources.get("/Font", {}) if resources else {}
        for name, ref in fonts.items():
            font = ref.get_object()
            base = str(font.get("/BaseFont", name))
            if font.get("/Subtype") == "/Type0":
                desc = font["/DescendantFonts"][0].get_object()
                self.cid[name] = (
                    _cid_widths(desc.get("/W", [])),
                    float(desc.get("/DW", 1000)),
                    _to_unicode(font),
                )
                self.widths[name] = (0, [], base)
                continue
            first = int(font.get("/FirstChar", 0))
            widths = [float(w) for w in font.get("/Widths", [])]
            self.widths[name] = (first, widths, base)

    def two_byte(self, font: str) -> bool:
        return font in self.cid

    def width(self, font: str, code: int) -> float:
        if font in self.cid:
            widths, default, _ = self.cid[font]
            return widths.get(code, default)
        first, simple, _ = self.widths.get(font, (0, [], font))
        i = code - first
        return simple[i] if 0 <= i < len(simple) else 500.0

    def char(self, font: str, code: int) -> str:
        if font in self.cid:
            return self.cid[font][2].get(code, "\ufffd")
        return chr(code)

    def base(self, font: str) -> str:
        return self.widths.get(font, (0, [], font))[2]


def _cid_widths(w: Any) -> dict[int, float]:
    out: dict[int, float] = {}
    items = list(w)
    i = 0
    while i < len(items):
        first = int(items[i])
        nxt = items[i + 1]
        if isinstance(nxt, list) or (
            hasattr(nxt, "__iter__") and not isinstance(nxt, (int, float))
        ):
            for k, v in enumerate(nxt):
                out[first + k] = float(v)
            i += 2
        else:
            last, v = int(nxt), float(items[i + 2])
            for c in range(first, last + 1):
                out[c] = v
            i += 3
    return out


def _to_unicode(font: Any) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries (two-byte codes)."""
    import re

    ref = font.get("/ToUnicode")
    if ref is None:
        return {}
    data = ref.get_object().get_data().decode("latin-1")
    out: dict[int, str] = {}

    def text(h: str) -> str:
        raw = bytes.fromhex(h)
        return raw.decode("utf-16-be", "replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = text(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for a, b, dst in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block
        ):
            lo, hi = int(a, 16), int(b, 16)
            if dst.startswith("["):
                for k, h in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", dst)):
                    out[lo + k] = text(h)
            else:
                start = int(dst[1:-1], 16)
                for k in range(hi - lo + 1):
                    out[lo + k] = chr(start + k)
    return out


OUTER = [0.0]  # bleed + mark area to take off a media box that has no TrimBox
PROTRUSION = [0.6]  # how far past the frame a line may end and still run to the measure
PROTRUSION_TYPST = [3.0]  # that allowance for Typst's PDFs (`--protrusion`)


def read_page(page: Any, reader: PdfReader, margins: tuple[float, float, float, float]) -> Page:
    untrimmed = page.get("/TrimBox") is None  # before `trimbox`, which defaults it
    tb = page.trimbox
    trim = (float(tb.left), float(tb.bottom), float(tb.right), float(tb.top))
    if untrimmed and OUTER[0]:
        o = OUTER[0]
        trim = (trim[0] + o, trim[1] + o, trim[2] - o, trim[3] - o)
    top, bottom, left, right = margins
    out = Page((trim[0] + left, trim[1] + bottom, trim[2] - right, trim[3] - top), trim)
    state = _Interpreter(out, page.get("/Resources") or {})
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        handler = _OPS.get(op)
        if handler is not None:
            handler(state, operands)
    return out


class _Interpreter:
    """What a page's content stream has set so far: matrices, text state, path."""

    def __init__(self, page: Page, resources: Any) -> None:
        self.page = page
        self.fonts = _Fonts(resources)
        self.xobjects = resources.get("/XObject", {})
        self.ctm, self.stack = IDENTITY, list[tuple[Matrix, tuple[Any, ...]]]()
        self.tm = self.tlm = IDENTITY
        self.font, self.size, self.tc, self.tw, self.tz, self.tl, self.rise = (
            "",
            0.0,
            0.0,
            0.0,
            100.0,
            0.0,
            0.0,
        )
        self.path: list[tuple[float, float]] = []

    # The text state (Tc, Tw, Tz, TL, Tf, Ts) is part of the graphics state that q
    # saves and Q restores (PDF 32000-1, 8.4.1): a paragraph's letter-spacing (Tc of
    # capitals, drawn inside q ... Q) must not carry over to the text after it.
    _TEXT_STATE = ("font", "size", "tc", "tw", "tz", "tl", "rise")

    def push(self, _: list[Any]) -> None:
        self.stack.append((self.ctm, tuple(getattr(self, k) for k in self._TEXT_STATE)))

    def pop(self, _: list[Any]) -> None:
        if not self.stack:
            self.ctm = IDENTITY
            return
        self.ctm, state = self.stack.pop()
        for key, value in zip(self._TEXT_STATE, state, strict=True):
            setattr(self, key, value)

    def concat(self, ops: list[Any]) -> None:
        self.ctm = mul(_matrix(ops), self.ctm)

    def begin_text(self, _: list[Any]) -> None:
        self.tm = self.tlm = IDENTITY

    def move(self, ops: list[Any]) -> None:
        self.tlm = self.tm = mul((1, 0, 0, 1, float(ops[0]), float(ops[1])), self.tlm)

    def move_leading(self, ops: list[Any]) -> None:
        self.tl = -float(ops[1])
        self.move(ops)

    def set_matrix(self, ops: list[Any]) -> None:
        self.tm = self.tlm = _matrix(ops)

    def next_line(self, _: list[Any]) -> None:
        self.move([0, -self.tl])

    def set_font(self, ops: list[Any]) -> None:
        self.font, self.size = str(ops[0]), float(ops[1])

    @staticmethod
    def set_number(name: str) -> Any:
        def handler(self: _Interpreter, ops: list[Any]) -> None:
            setattr(self, name, float(ops[0]))

        return handler

    def show_next(self, ops: list[Any]) -> None:
        if len(ops) == 3:  # "
            self.tw, self.tc = float(ops[0]), float(ops[1])
        self.next_line([])
        self.show([ops[-1]])

    def show_array(self, ops: list[Any]) -> None:
        self.show(list(ops[0]))

    def show_one(self, ops: list[Any]) -> None:
        self.show([ops[0]])

    def show(self, items: list[Any]) -> None:
        m = mul(self.tm, self.ctm)
        x_start, y = apply(m, 0, self.rise)
        text: list[str] = []
        spaces: list[tuple[float, float]] = []
        advance, scale = 0.0, self.tz / 100
        wide = self.fonts.two_byte(self.font)
        last_space = False  # the glyph before a TJ number was a space: it is that space's width
        for item in items:
            if not isinstance(item, (str, bytes)):
                shift = -float(item) / 1000 * self.size * scale
                advance += shift
                if last_space and spaces:
                    natural, actual = spaces[-1]
                    spaces[-1] = (natural, actual + shift)
                last_space = False
                continue
            raw: bytes = getattr(item, "original_bytes", None) or (
                item if isinstance(item, bytes) else item.encode("latin-1")
            )
            codes = (
                [raw[i] << 8 | raw[i + 1] for i in range(0, len(raw) - 1, 2)] if wide else list(raw)
            )
            for code in codes:
                ch = self.fonts.char(self.font, code)
                is_space = ch == " "
                natural = self.fonts.width(self.font, code) / 1000 * self.size
                step = (natural + self.tc + (self.tw if is_space and not wide else 0)) * scale
                if is_space:
                    spaces.append((natural * scale, step))
                advance += step
                text.append(ch)
                last_space = is_space
        self.tm = mul((1, 0, 0, 1, advance, 0), self.tm)
        x_end, _ = apply(mul(self.tm, self.ctm), 0, self.rise)
        ntrail = len("".join(text)) - len("".join(text).rstrip(" ")) if wide else 0
        trail = sum(a for _, a in spaces[len(spaces) - ntrail :]) if ntrail else 0.0
        if text:
            size = self.size * (m[0] ** 2 + m[1] ** 2) ** 0.5
            self.page.runs.append(
                Run(
                    x_start,
                    x_end,
                    y,
                    size,
                    self.fonts.base(self.font),
                    "".join(text).encode("utf-8"),
                    spaces,
                    self.tw,
                    trail * (m[0] ** 2 + m[1] ** 2) ** 0.5,
                    ntrail,
                )
            )

    def point(self, ops: list[Any]) -> None:
        self.path.append(apply(self.ctm, float(ops[-2]), float(ops[-1])))

    def rect(self, ops: list[Any]) -> None:
        x, y, w, h = (float(v) for v in ops)
        self.path += [apply(self.ctm, x, y), apply(self.ctm, x + w, y + h)]

    def paint(self, _: list[Any]) -> None:
        self._box(self.path)
        self.path = []

    def discard(self, _: list[Any]) -> None:
        self.path = []

    def draw_object(self, ops: list[Any]) -> None:
        xo = self.xobjects.get(ops[0])
        if xo is not None and xo.get_object().get("/Subtype") == "/Image":
            self._box([apply(self.ctm, x, y) for x in (0, 1) for y in (0, 1)])

    def _box(self, points: list[tuple[float, float]]) -> None:
        if points:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            self.page.paths.append((min(xs), min(ys), max(xs), max(ys)))


def _matrix(ops: list[Any]) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in ops)
    return (a, b, c, d, e, f)


_I = _Interpreter
_OPS: dict[bytes, Any] = {
    b"q": _I.push,
    b"Q": _I.pop,
    b"cm": _I.concat,
    b"BT": _I.begin_text,
    b"Td": _I.move,
    b"TD": _I.move_leading,
    b"Tm": _I.set_matrix,
    b"T*": _I.next_line,
    b"Tf": _I.set_font,
    b"Tc": _I.set_number("tc"),
    b"Tw": _I.set_number("tw"),
    b"Tz": _I.set_number("tz"),
    b"TL": _I.set_number("tl"),
    b"Ts": _I.set_number("rise"),
    b"Tj": _I.show_one,
    b"TJ": _I.show_array,
    b"'": _I.show_next,
    b'"': _I.show_next,
    b"m": _I.point,
    b"l": _I.point,
    b"c": _I.point,
    b"v": _I.point,
    b"y": _I.point,
    b"re": _I.rect,
    b"n": _I.discard,
    b"Do": _I.draw_object,
    **dict.fromkeys((b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"), _I.paint),
}


def lines_of(page: Page) -> list[Line]:
    """Runs on one baseline that touch (within a word space) are one line."""
    runs = sorted(page.runs, key=lambda r: (-round(r.y, 1), r.x0))
    lines: list[Line] = []
    for run in runs:
        last = lines[-1] if lines else None
        if last and abs(last.y - run.y) < 0.6 and run.x0 - last.x1 < 0.6 * run.size:
            last.runs.append(run)
        else:
            lines.append(Line([run]))
    return lines


def in_frame(page: Page, y: float, slack: float = 2.0) -> bool:
    return page.frame[1] - slack <= y <= page.frame[3] + slack


@dataclass
class FileStats:
    file: str
    pages: int
    empty_mean: float
    empty_worst: float
    empty_pages: list[float]
    stretch_median: float
    stretch_p90: float
    stretch_max: float
    stretch_min: float  # the tightest space (-1: none left, words run together)
    over_100: int
    justified_lines: int
    hyphenated: float
    hyphen_runs3: int
    outside: int
    widows: int
    orphans: int
    heads_at_foot: int
    shrunk_lines: float = 0.0  # share of the justified lines whose spaces shrink


def analyse(  # noqa: PLR0915  (typography.py's, one figure more)
    pdf: Path,
    margins: tuple[float, float, float, float],
    body: float,
    leading: float,
    name: str | None = None,
) -> FileStats:
    reader = PdfReader(pdf)
    meta: Any = reader.metadata or {}
    typst = "typst" in f"{meta.get('/Creator', '')} {meta.get('/Producer', '')}".lower()
    PROTRUSION[0] = PROTRUSION_TYPST[0] if typst else 0.6
    pages = [read_page(p, reader, margins) for p in reader.pages]
    stretches: list[float] = []
    over = shrunk = 0
    justified = 0
    hyph_flags: list[bool] = []
    outside = 0
    empties: list[float] = []
    widows = orphans = heads = 0
    page_lines = []
    for page in pages:
        lines = [ln for ln in lines_of(page) if in_frame(page, ln.y)]
        page_lines.append(lines)
        fx0, fy0, fx1, fy1 = page.frame
        for ln in lines_of(page):
            if (
                ln.x0 < page.trim[0]
                or ln.x1 > page.trim[2] + 0.5
                or (
                    in_frame(page, ln.y)
                    and (ln.x0 < fx0 - 1 or ln.x1 > fx1 + max(1, PROTRUSION[0]))
                )
            ):
                outside += 1
        for ln in lines:
            spaces = ln.inner_spaces()
            if not spaces:
                continue
            full = fx1 - 0.6 < ln.x1 < fx1 + PROTRUSION[0]
            if not (ln.word_spaced or full):
                continue
            justified += 1
            line_stretch = [a / n - 1 for n, a in spaces if n > 0]
            stretches += line_stretch
            if line_stretch and max(line_stretch) > 1.0:
                over += 1
            if line_stretch and statistics.fmean(line_stretch) < -0.005:
                shrunk += 1
            hyph_flags.append(ln.codes.endswith((b"-", "\u2010".encode(), "\u00ad".encode())))
        bottoms = [ln.y - 0.25 * ln.size for ln in lines]
        bottoms += [
            p[1]
            for p in page.paths
            if fy0 - 2 <= (p[1] + p[3]) / 2 <= fy1 + 2
            and p[2] > fx0
            and p[0] < fx1
            and p[3] - p[1] < 0.9 * (fy1 - fy0)
        ]  # not a whole-page background
        lowest = min(bottoms, default=fy1)
        empties.append(max(0.0, min(1.0, (lowest - fy0) / (fy1 - fy0))))
    runs3 = _runs(hyph_flags, 3)
    for i, lines in enumerate(page_lines[:-1]):
        if not lines:
            continue
        lead = body * leading
        last = lines[-1]
        if last.bold and last.size > body * 1.05:
            heads += 1
        if len(lines) >= 2:
            prev = lines[-2]
            starts = prev.y - last.y > 1.2 * lead or prev.size != last.size
            if starts and _continues(last, pages[i]) and not last.bold:
                orphans += 1
        nxt = page_lines[i + 1]
        if nxt and _continues(last, pages[i]) and not last.bold:
            first = nxt[0]
            ends = len(nxt) < 2 or first.y - nxt[1].y > 1.2 * lead or nxt[1].size != first.size
            if ends and not _continues(first, pages[i + 1]) and abs(first.size - last.size) < 0.1:
                widows += 1
    non_final = empties[:-1] or [0.0]
    return FileStats(
        file=name or pdf.name,
        pages=len(pages),
        empty_mean=statistics.fmean(non_final),
        empty_worst=max(non_final),
        empty_pages=[round(e, 3) for e in empties[:-1]],
        stretch_median=statistics.median(stretches) if stretches else 0.0,
        stretch_p90=_quantile(stretches, 0.9),
        stretch_max=max(stretches, default=0.0),
        stretch_min=min(stretches, default=0.0),
        over_100=over,
        justified_lines=justified,
        hyphenated=sum(hyph_flags) / len(hyph_flags) if hyph_flags else 0.0,
        hyphen_runs3=runs3,
        outside=outside,
        widows=widows,
        orphans=orphans,
        heads_at_foot=heads,
        shrunk_lines=shrunk / justified if justified else 0.0,
    )


def _continues(line: Line, page: Page) -> bool:
    """A justified line that is not its paragraph's last (it runs to the measure)."""
    return line.word_spaced or page.frame[2] - 0.6 < line.x1 < page.frame[2] + PROTRUSION[0]


def _runs(flags: list[bool], n: int) -> int:
    count = streak = 0
    for flag in flags:
        streak = streak + 1 if flag else 0
        if streak == n:
            count += 1
    return count


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def layout_metrics(name: str) -> tuple[tuple[float, float, float, float], float, float]:
    """The margins (top, bottom, left, right), body size and leading of a layout."""
    from policybrief.load import layouts

    path = layouts.find(name, relative_to=ROOT)
    assert path is not None, name
    lay = layouts.load(path).layout
    m = lay.page.margins
    has_outer = lay.page.bleed or lay.page.crop_marks
    OUTER[0] = lay.page.bleed + 10 * 72 / 25.4 if has_outer else 0.0
    return (m.top, m.bottom, m.left, m.right), lay.type.size, lay.type.leading


def build(brief: Path, layout: str, out: Path, *options: str) -> list[Path]:
    """The brief's PDFs under `layout` (every edition, unless `options` choose)."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "make_brief.py"),
            "-q",
            *options,
            "--layout",
            layout,
            "--out-dir",
            str(out),
            str(brief),
        ],
        check=True,
        cwd=ROOT,
    )
    return sorted(out.glob("*.pdf"))


def pct(value: float) -> str:
    return f"{value * 100:+.0f}%"


def row(s: FileStats) -> str:
    return (
        f"| {s.file} | {s.pages} | {s.empty_mean * 100:.1f}% | {s.empty_worst * 100:.1f}% | "
        f"{pct(s.stretch_median)} / {pct(s.stretch_p90)} / {pct(s.stretch_max)} | "
        f"{s.over_100} | {s.hyphenated * 100:.0f}% ({s.hyphen_runs3}) | {s.outside} | "
        f"{s.widows} | {s.orphans} | {s.heads_at_foot} | {s.justified_lines} | "
        f"{s.shrunk_lines * 100:.0f}% |"
    )


HEADER = (
    "| file | pages | empty mean | empty worst | stretch med / p90 / max | >100% | "
    "hyph ends (runs of 3) | out of frame | widows | orphans | heads@foot | justified lines | "
    "lines shrunk |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def command_line(description: str) -> argparse.ArgumentParser:
    """The options this benchmark and `typst/compare.py` share."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("pdf", nargs="*", type=Path, help="PDFs already built (with --layout)")
    parser.add_argument("--layout", default="standard", help="the layout of the PDFs given")
    parser.add_argument(
        "--protrusion",
        type=float,
        default=3.0,
        help="points a Typst line may hang past the measure (default 3)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser


def read_given(args: argparse.Namespace) -> list[FileStats]:
    """The header printed, and a row for each PDF given on the command line."""
    PROTRUSION_TYPST[0] = args.protrusion
    print(HEADER)
    results: list[FileStats] = []
    margins, body, leading = layout_metrics(args.layout)
    for pdf in args.pdf:
        report(results, analyse(pdf, margins, body, leading))
    return results


def report(results: list[FileStats], stats: FileStats) -> None:
    results.append(stats)
    print(row(stats), flush=True)


def write_json(args: argparse.Namespace, results: list[FileStats]) -> None:
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))


def main() -> None:
    parser = command_line(__doc__.split("\n")[0])
    parser.add_argument(
        "--pages",
        type=int,
        nargs="*",
        default=[5, 50],
        help="sizes of the generated briefs (default 5 50)",
    )
    args = parser.parse_args()
    results = read_given(args)
    if not args.pdf:
        import generate  # type: ignore[import-not-found]  # benchmarks/, a script folder

        with tempfile.TemporaryDirectory() as tmp:
            jobs = [(EXAMPLE, lay) for lay in LAYOUTS]
            for pages in args.pages:
                jobs.append(
                    (generate.write(pages, Path(tmp) / f"generated-{pages}.yaml"), "standard")
                )
            for brief, lay in jobs:
                margins, body, leading = layout_metrics(lay)
                for pdf in build(brief, lay, Path(tmp) / lay / brief.stem):
                    report(results, analyse(pdf, margins, body, leading, f"{lay}/{pdf.stem}"))
    write_json(args, results)


if __name__ == "__main__":
    main()
