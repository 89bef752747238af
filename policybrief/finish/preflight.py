"""Print pre-flight (`--preflight`): what a printer or web team asks of a PDF, in plain
words, every figure read back from the file itself (pypdf), not from the layout.

One line per finding and a verdict. What it reads:

- the pages: count and trimmed size (TrimBox, else MediaBox), TrimBox/BleedBox on each;
- fonts: every font of every page and form embedded (FontFile, FontFile2, FontFile3);
- colour: the colour operators of the content streams (rg/RG, k/K, g/G, cs/CS and
  images' /ColorSpace) per page, so that "RGB on page 7 in a CMYK edition" is found;
  total ink (C+M+Y+K of vector colour) over 300 %;
- text: the smallest size as drawn (Tf size times the text and current matrices),
  the lightest tint text is drawn in, and any glyph origin outside the trim, or a
  run whose line box (its font descriptor's Ascent and Descent) reaches into the 5 mm
  safety margin;
- images: their pixels over their placed size (ppi), below 225 ppi reported;
- backgrounds: a filled rectangle that reaches the trim edge, with or without bleed;
- structure: tagged (MarkInfo /Marked and a StructTreeRoot) or not;
- standards: checked with the validator `page` (PyPI page-validation) when installed.

Only what can be told from the operators is told: text drawn as images or ink
coverage inside images is not measured, and the report says "not checked" where a
tool is missing.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

from policybrief.finish.matrix import IDENTITY, Matrix, apply, mul

MM = 72 / 25.4
SAFETY = 5 * MM  # the printer's safety margin inside the trim
MIN_PPI = 225  # below this a photo prints soft at its placed size
MAX_INK = 3.0  # 300 %: what coated-paper sheetfed printing accepts (ISO 12647-2, FOGRA39)
MIN_TEXT_PT = 7.0  # below this text is hard to read on paper (what a designer signs off)
MIN_TEXT_TINT = 0.7  # text lighter than K70 greys out on press
PROFILES = (("2b", "PDF/A-2b"), ("2u", "PDF/A-2u"), ("2a", "PDF/A-2a"), ("ua1", "PDF/UA-1"))

@dataclass
class PageFacts:
    number: int
    spaces: set[str] = field(default_factory=set)  # "RGB", "CMYK", "Gray", "ICC", "spot"...
    max_ink: float = 0.0
    min_text: float = math.inf
    lightest: float = math.inf  # of text: ink from 0 (white) to 1 (full); white apart
    white_text: bool = False
    in_margin: int = 0  # glyph runs starting inside the safety margin
    outside: int = 0  # glyph runs starting outside the trim
    low_ppi: list[tuple[str, float]] = field(default_factory=list)
    unembedded: set[str] = field(default_factory=set)
    to_edge: bool = False  # a filled area reaches the trim edge


@dataclass(frozen=True)
class Expectation:
    """What the build asked for, to weigh the findings against (never a figure printed)."""

    color_model: str = "rgb"
    max_pages: int | None = None
    standards: str = ""  # e.g. "pdfa-2b"


def preflight(pdf: bytes, expected: Expectation) -> list[str]:
    """The report: one line per finding, the verdict last."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = [_scan_page(reader, i) for i in range(len(reader.pages))]
    lines: list[str] = []
    problems = 0

    def say(line: str, problem: bool = False) -> None:
        nonlocal problems
        problems += problem
        lines.append(("PROBLEM  " if problem else "ok       ") + line)

    say(*_pages_line(reader, expected))
    say(*_boxes_line(reader))
    say(*_fonts_line(pages))
    say(*_colour_line(pages, expected))
    say(*_ink_line(pages))
    say(*_text_line(pages))
    say(*_tint_line(pages))
    say(*_margin_line(pages))
    say(*_bleed_line(reader, pages))
    say(*_images_line(pages))
    say(*_tagged_line(reader))
    lines.append("         " + _standards_line(pdf, expected))
    verdict = "ready to print" if problems == 0 else f"not ready: {problems} problem(s) above"
    lines.append(f"verdict: {verdict}")
    return lines


def _mm(value: float) -> str:
    return f"{value / MM:.0f}"


def _trim(page: Any) -> tuple[float, float, float, float]:
    box = page.trimbox if "/TrimBox" in page else page.mediabox
    return (float(box.left), float(box.bottom), float(box.right), float(box.top))


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:6])
    more = f" and {len(numbers) - 6} more" if len(numbers) > 6 else ""
    return f"page{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _pages_line(reader: PdfReader, expected: Expectation) -> tuple[str, bool]:
    x0, y0, x1, y1 = _trim(reader.pages[0])
    count = len(reader.pages)
    text = (
        f"{count} page{'s' if count != 1 else ''}, trimmed size {_mm(x1 - x0)} x {_mm(y1 - y0)} mm"
    )
    sizes = {tuple(round(v) for v in _trim(p)) for p in reader.pages}
    odd = len(sizes) > 1
    if odd:
        text += " (pages differ in size)"
    if expected.max_pages is not None:
        over = count > expected.max_pages
        text += f"; budget {expected.max_pages}" + (
            f": {count - expected.max_pages} over" if over else ""
        )
        return text, over or odd
    return text, odd


def _boxes_line(reader: PdfReader) -> tuple[str, bool]:
    trims = [n for n, p in enumerate(reader.pages, 1) if "/TrimBox" in p]
    bleeds = [n for n, p in enumerate(reader.pages, 1) if "/BleedBox" in p]
    count = len(reader.pages)
    if not trims and not bleeds:
        return "no TrimBox or BleedBox: the page is the sheet (fine for office printing)", False
    page = reader.pages[0]
    if len(trims) == len(bleeds) == count:
        bleed = float(page.trimbox.left) - float(page.bleedbox.left)
        return f"TrimBox and BleedBox on every page; bleed {bleed / MM:.0f} mm", False
    return f"TrimBox on {len(trims)} of {count} pages, BleedBox on {len(bleeds)}", True


def _fonts_line(pages: list[PageFacts]) -> tuple[str, bool]:
    missing = sorted({f for p in pages for f in p.unembedded})
    if missing:
        where = _pages([p.number for p in pages if p.unembedded])
        return f"fonts not embedded: {', '.join(missing[:4])} ({where})", True
    return "every font is embedded", False


def _colour_line(pages: list[PageFacts], expected: Expectation) -> tuple[str, bool]:
    used = sorted({s for p in pages for s in p.spaces})
    text = f"colour: {', '.join(used) or 'none'}"
    if expected.color_model == "cmyk":
        rgb = [p.number for p in pages if "RGB" in p.spaces]
        if rgb:
            return f"{text}: RGB found on {_pages(rgb)} in a CMYK edition", True
        return f"{text} (a CMYK edition: no RGB)", False
    return text, False


def _ink_line(pages: list[PageFacts]) -> tuple[str, bool]:
    heavy = [p.number for p in pages if p.max_ink > MAX_INK + 1e-6]
    most = max((p.max_ink for p in pages), default=0.0)
    if heavy:
        return f"total ink up to {most * 100:.0f} % on {_pages(heavy)} (limit 300 %)", True
    if most == 0:
        return "total ink: no CMYK colour to measure", False
    return f"total ink at most {most * 100:.0f} % (limit 300 %)", False


def _text_line(pages: list[PageFacts]) -> tuple[str, bool]:
    sized = [p for p in pages if p.min_text < math.inf]
    if not sized:
        return "no text drawn as text", False
    smallest = min(p.min_text for p in sized)
    where = [p.number for p in sized if abs(p.min_text - smallest) < 0.05]
    small = smallest < MIN_TEXT_PT - 0.05
    return f"smallest text {smallest:.1f} pt ({_pages(where)})" + (
        f", under {MIN_TEXT_PT:.0f} pt" if small else ""
    ), small


def _tint_line(pages: list[PageFacts]) -> tuple[str, bool]:
    tinted = [p for p in pages if p.lightest < math.inf]
    white = " ; white text reversed out of a background" if any(p.white_text for p in pages) else ""
    if not tinted:
        return f"no coloured text{white}", False
    lightest = min(p.lightest for p in tinted)
    where = [p.number for p in tinted if abs(p.lightest - lightest) < 0.005]
    faint = lightest < MIN_TEXT_TINT
    line = f"lightest text tint {lightest * 100:.0f} % ({_pages(where)}){white}"
    warning = f": under {MIN_TEXT_TINT * 100:.0f} %, may print too faint" if faint else ""
    return line + warning, faint


def _margin_line(pages: list[PageFacts]) -> tuple[str, bool]:
    out = [p.number for p in pages if p.outside]
    near = [p.number for p in pages if p.in_margin]
    if out:
        return f"text outside the trim on {_pages(out)}: it will be cut off", True
    if near:
        return f"text inside the 5 mm safety margin on {_pages(near)}: it may be trimmed", True
    return "no text outside the trim or inside the 5 mm safety margin", False


def _bleed_line(reader: PdfReader, pages: list[PageFacts]) -> tuple[str, bool]:
    edge = [p.number for p in pages if p.to_edge]
    if not edge:
        return "no background reaches the trim edge", False
    page = reader.pages[edge[0] - 1]
    has_bleed = "/BleedBox" in page and float(page.bleedbox.left) < float(page.trimbox.left) - 1
    if has_bleed:
        return f"backgrounds reach the trim edge on {_pages(edge)}, with bleed", False
    return (
        f"a background reaches the trim edge on {_pages(edge)} with no bleed: white slivers",
        True,
    )


def _images_line(pages: list[PageFacts]) -> tuple[str, bool]:
    low = [(p.number, name, ppi) for p in pages for name, ppi in p.low_ppi]
    if low:
        number, _name, ppi = min(low, key=lambda item: item[2])
        where = _pages(sorted({n for n, _, _ in low}))
        return (
            f"images below {MIN_PPI} ppi at their placed size on {where}"
            f" (lowest {ppi:.0f} ppi, page {number})",
            True,
        )
    return f"no image below {MIN_PPI} ppi at its placed size", False


def _tagged_line(reader: PdfReader) -> tuple[str, bool]:
    root = reader.root_object
    marked = root.get("/MarkInfo")
    is_marked = bool(marked and marked.get_object().get("/Marked"))
    if is_marked and "/StructTreeRoot" in root:
        return "tagged PDF (structure tree present): screen readers can follow it", False
    return "not tagged: screen readers get no structure", False


def _standards_line(pdf: bytes, expected: Expectation) -> str:
    try:
        import page as validator
    except ImportError:
        return (
            "standards: not checked (the validator 'page', PyPI page-validation, is not installed)"
        )
    met = []
    for profile, name in PROFILES:
        try:
            if not validator.validate_pdf_bytes(pdf, profile=profile).failures:
                met.append(name)
        except Exception:  # a validator's own failure is not a finding about the file
            continue
    asked = (
        f" (asked: {expected.standards})"
        if expected.standards and expected.standards != "none"
        else ""
    )
    return (
        f"standards met: {', '.join(met) if met else 'none of PDF/A-2b, -2u, -2a, PDF/UA-1'}{asked}"
    )


# --- reading one page's content -------------------------------------------------


def _scan_page(reader: PdfReader, index: int) -> PageFacts:
    page = reader.pages[index]
    facts = PageFacts(index + 1)
    resources = page.get("/Resources")
    contents = page.get_contents()
    if contents is None:
        return facts
    scanner = _Scanner(facts, _trim(page))
    scanner.run(ContentStream(contents, reader).operations, _dict(resources), IDENTITY, depth=0)
    return facts


def _dict(value: Any) -> DictionaryObject:
    value = value.get_object() if value is not None else None
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _per_point(descriptor: DictionaryObject, key: str) -> float:
    """A font descriptor's metric (in thousandths of the size) per point; 0 if absent."""
    value = descriptor.get(key, 0)
    return float(value) / 1000 if isinstance(value, int | float) else 0.0


_SPACES = {"/DeviceRGB": "RGB", "/DeviceCMYK": "CMYK", "/DeviceGray": "Gray", "/CalRGB": "RGB"}


class _Scanner:
    """Walks content operators with the graphics state that matters here."""

    def __init__(self, facts: PageFacts, trim: tuple[float, float, float, float]) -> None:
        self.facts = facts
        self.trim = trim
        self.fill: tuple[str, tuple[float, ...]] = ("Gray", (0.0,))
        # The current font's ascent and descent per point: a run's line box, not only its
        # baseline, must keep the safety margin (a marking's caps reach above its baseline).
        self.line_box = (0.0, 0.0)

    def run(
        self, ops: list[tuple[Any, bytes]], res: DictionaryObject, ctm: Matrix, depth: int
    ) -> None:
        if depth > 8:  # forms inside forms: our own PDFs nest two deep at most
            return
        stack: list[tuple[Matrix, tuple[str, tuple[float, ...]]]] = []
        tm = lm = IDENTITY
        size, leading = 0.0, 0.0
        rects: list[tuple[float, float, float, float]] = []
        for operands, op in ops:
            if op == b"q":
                stack.append((ctm, self.fill))
            elif op == b"Q" and stack:
                ctm, self.fill = stack.pop()
            elif op == b"cm":
                ctm = mul(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
            elif op in (
                b"rg",
                b"RG",
                b"k",
                b"K",
                b"g",
                b"G",
                b"sc",
                b"scn",
                b"SC",
                b"SCN",
                b"cs",
                b"CS",
            ):
                self._colour(op, operands, res)
            elif op == b"BT":
                tm = lm = IDENTITY
            elif op == b"Tf":
                size = float(operands[1])
                self._font(res, operands[0])
            elif op == b"TL":
                leading = float(operands[0])
            elif op in (b"Td", b"TD"):
                lm = mul((1, 0, 0, 1, float(operands[0]), float(operands[1])), lm)
                tm = lm
                if op == b"TD":
                    leading = -float(operands[1])
            elif op == b"Tm":
                tm = lm = tuple(float(v) for v in operands)  # type: ignore[assignment]
            elif op in (b"T*", b"'", b'"'):
                lm = mul((1, 0, 0, 1, 0, -leading), lm)
                tm = lm
                if op != b"T*":
                    self._text(size, tm, ctm)
            elif op in (b"Tj", b"TJ"):
                self._text(size, tm, ctm)
            elif op == b"re":
                x, y, w, h = (float(v) for v in operands)
                corners = [apply(ctm, x, y), apply(ctm, x + w, y + h)]
                xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                rects.append((min(xs), min(ys), max(xs), max(ys)))
            elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
                self._filled(rects)
                rects = []
            elif op in (b"n", b"S", b"s"):
                rects = []
            elif op == b"Do":
                self._xobject(res, operands[0], ctm, depth)

    def _colour(self, op: bytes, operands: list[Any], res: DictionaryObject) -> None:
        stroke = op.isupper() or op in (b"SC", b"SCN", b"CS")
        values = tuple(float(v) for v in operands if isinstance(v, (int, float)) or _is_number(v))
        if op in (b"rg", b"RG"):
            space = "RGB"
        elif op in (b"k", b"K"):
            space = "CMYK"
            if op == b"k":  # fills only: crop marks stroke registration (400 %) off the trim
                self.facts.max_ink = max(self.facts.max_ink, sum(values))
        elif op in (b"g", b"G"):
            space = "Gray"
        elif op in (b"cs", b"CS"):
            space = self._named_space(res, operands[0])
            values = ()
        else:
            space = self.fill[0] if not stroke else "?"
        if space != "?":
            self.facts.spaces.add(space)
        if not stroke:
            self.fill = (space, values or self.fill[1])

    def _named_space(self, res: DictionaryObject, name: Any) -> str:
        if str(name) in _SPACES:
            return _SPACES[str(name)]
        entry = _dict(res.get("/ColorSpace")).get(str(name))
        return _describe_space(entry)

    def _font(self, res: DictionaryObject, name: Any) -> None:
        font = _dict(_dict(res.get("/Font")).get(str(name)))
        if not font:
            return
        descendant = font
        if font.get("/Subtype") == "/Type0":
            kids = font.get("/DescendantFonts")
            descendant = _dict(kids.get_object()[0]) if kids else font
        if font.get("/Subtype") == "/Type3":
            return  # drawn by its own procedures: nothing to embed
        descriptor = _dict(descendant.get("/FontDescriptor"))
        self.line_box = (_per_point(descriptor, "/Ascent"), -_per_point(descriptor, "/Descent"))
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            self.facts.unembedded.add(str(font.get("/BaseFont", name)).lstrip("/"))

    def _text(self, size: float, tm: Matrix, ctm: Matrix) -> None:
        m = mul(tm, ctm)
        drawn = abs(size) * math.hypot(m[2], m[3])
        if drawn > 0:
            self.facts.min_text = min(self.facts.min_text, drawn)
        ink = _ink(*self.fill)
        if ink <= 0.001:
            self.facts.white_text = True
        else:
            self.facts.lightest = min(self.facts.lightest, ink)
        x, y = m[4], m[5]
        x0, y0, x1, y1 = self.trim
        ascent, descent = (v * drawn for v in self.line_box)
        inside_x = x0 + SAFETY <= x <= x1 - SAFETY
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            self.facts.outside += 1
        elif not (inside_x and y0 + SAFETY <= y - descent and y + ascent <= y1 - SAFETY):
            self.facts.in_margin += 1

    def _filled(self, rects: list[tuple[float, float, float, float]]) -> None:
        if _ink(*self.fill) <= 0.001:
            return  # white on white paper needs no bleed
        x0, y0, x1, y1 = self.trim
        for left, bottom, right, top in rects:
            spans = right - left > 0.25 * (x1 - x0) or top - bottom > 0.25 * (y1 - y0)
            touches = left <= x0 + 0.5 or right >= x1 - 0.5 or bottom <= y0 + 0.5 or top >= y1 - 0.5
            if spans and touches and left < x1 and right > x0 and bottom < y1 and top > y0:
                self.facts.to_edge = True

    def _xobject(self, res: DictionaryObject, name: Any, ctm: Matrix, depth: int) -> None:
        xobj = _dict(res.get("/XObject")).get(str(name))
        stream = xobj.get_object() if xobj is not None else None
        if stream is None:
            return
        if stream.get("/Subtype") == "/Image":
            self.facts.spaces.add(_describe_space(stream.get("/ColorSpace")))
            placed_w = math.hypot(ctm[0], ctm[1]) / 72
            placed_h = math.hypot(ctm[2], ctm[3]) / 72
            if placed_w > 0 and placed_h > 0:
                ppi = min(float(stream["/Width"]) / placed_w, float(stream["/Height"]) / placed_h)
                if ppi < MIN_PPI - 0.5 and not stream.get("/ImageMask"):
                    self.facts.low_ppi.append((str(name), ppi))
            return
        if stream.get("/Subtype") == "/Form":
            matrix = tuple(float(v) for v in stream.get("/Matrix", IDENTITY))
            inner = _dict(stream.get("/Resources")) or res
            ops = ContentStream(stream, None).operations
            self.run(ops, inner, mul(matrix, ctm), depth + 1)  # type: ignore[arg-type]


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _describe_space(entry: Any) -> str:
    if entry is None:
        return "?"
    entry = entry.get_object()
    if not isinstance(entry, list):
        return _SPACES.get(str(entry), str(entry).lstrip("/"))
    family = str(entry[0])
    if family == "/ICCBased":
        n = int(entry[1].get_object().get("/N", 0))
        return {1: "Gray", 3: "RGB", 4: "CMYK"}.get(n, "ICC")
    if family in ("/Separation", "/DeviceN"):
        return "spot"
    if family == "/Indexed":
        return _describe_space(entry[1])
    return _SPACES.get(family, family.lstrip("/"))


def _ink(space: str, values: tuple[float, ...]) -> float:
    """How much ink a fill puts down, 0 (none: white) to 1 (solid)."""
    if not values:
        return 1.0
    if space == "CMYK" and len(values) == 4:
        return min(1.0, max(values))  # the strongest separation decides how faint
    if space == "RGB" and len(values) == 3:
        r, g, b = values
        return 1.0 - (0.2126 * r + 0.7152 * g + 0.0722 * b)
    if space == "Gray" and len(values) == 1:
        return 1.0 - values[0]
    return 1.0
