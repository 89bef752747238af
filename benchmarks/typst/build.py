# ruff: noqa: E501  (the Typst template is kept as Typst lines, not wrapped Python)
"""A Typst reference for the example brief: the same content under each shipped layout.

    python benchmarks/typst/build.py                 # every layout -> benchmarks/typst/out/
    python benchmarks/typst/build.py --layout letter --out-dir /tmp/typst/ty

Issue 17 asks that every page of the example, under every layout, be looked at
beside Typst's rendering of the same content. This script resolves the example
(`briefs/us-security-guarantees-ukraine.yaml`, full edition) with make_brief's own
loader and resolver, so that the text, its quotes and dashes, the citation marks,
the footnote numbers, the heading numbers and the reference entries are exactly
those make_brief prints, and writes a Typst source per layout that sets them on
that layout's page (trim size, margins, bleed and crop-mark area), in its fonts
(the project's own Noto files only: Typst's embedded and the system fonts are
off) at its size, leading, paragraph and section spacing, colours, justification
and hyphenation. It compiles each source with the `typst` Python binding (Typst
0.15; `pip install typst`, a dev tool, not a project dependency).

The blocks follow make_brief's renderer (render/blocks.py, render/styles.py):
title band or rule, standfirst and byline, headings h1 (size x scale^2) and h2
(size x scale) in the heading face and accent colour, the key-takeaways panel,
the exhibit box, options with their compact pros/cons grids, points as bullet
lists with bold lead-ins, the data table with caption, source and notes, the
pros/cons table, references with hanging numbers, publication details, and
footnotes at the page foot. What Typst is left to decide is what is compared:
line breaking (Knuth-Plass, spaces that stretch and shrink), hyphenation, and
where pages break (Typst keeps a heading with what follows and lets lists,
tables and boxes split; it has no widow/orphan rule stricter than its default
two lines). The handout's QR codes are drawn as empty squares of the same size.
"""

from __future__ import annotations

import argparse
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from policybrief.model import inline as mi  # noqa: E402
from policybrief.model import resolved as mr  # noqa: E402

EXAMPLE = ROOT / "briefs" / "us-security-guarantees-ukraine.yaml"
FONTS = ROOT / "policybrief" / "fonts"
LAYOUTS = ("standard", "letter", "briefing", "handout")
OUT = Path(__file__).resolve().parent / "out"
MARKS = 10 * 72 / 25.4  # the crop-mark area make_brief adds outside the bleed (10 mm)
FACES = {"serif": "Noto Serif", "sans": "Noto Sans", "mono": "Noto Sans Mono"}
LANGS = {"en": "en", "uk": "uk", "de": "de", "fr": "fr", "es": "es", "pl": "pl"}


# --- text ----------------------------------------------------------------------------


def esc(text: str) -> str:
    """Plain text as Typst markup: every ASCII punctuation mark escaped (so that no
    `#`, `*`, `_`, `@`, `<`, `//`, `--`, `...`, URL or quote is read as markup or
    made smart), line breaks as spaces."""
    out = []
    for ch in text.replace("\n", " "):
        if ch.isascii() and not ch.isalnum() and not ch.isspace():
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


class Ctx:
    """What inline conversion needs: the footnotes by number, the link colour."""

    def __init__(self, notes: dict[int, tuple[mi.Block, ...]]) -> None:
        self.notes = notes


def inlines(items: tuple[mi.Inline, ...], ctx: Ctx) -> str:
    out: list[str] = []
    for item in items:
        match item:
            case mi.Run(text=text, bold=bold, italic=italic, code=code, href=href):
                s = f"#raw({string(text)})" if code else esc(text)
                if italic:
                    s = f"#emph[{s}]"
                if bold:
                    s = f"#strong[{s}]"
                if href:
                    s = f"#link({string(href)})[#text(fill: linkc)[{s}]]"
                out.append(s)
            case mi.CiteMark(parts=parts, superscript=sup):
                s = "".join(
                    f"#link(<{target}>)[#text(fill: linkc)[{esc(t)}]]" if target else esc(t)
                    for t, target in parts
                )
                out.append(f"#super[{s}]" if sup else s)
            case mi.XRef(parts=parts):
                out.append(
                    "".join(
                        f"#link(<{target}>)[#text(fill: linkc)[{esc(t)}]]" if target else esc(t)
                        for t, target in parts
                    )
                )
            case mi.NoteRef(number=n):
                body = " ".join(block(b, ctx, note=True) for b in ctx.notes.get(n, ()))
                out.append(f"#footnote[{body}]")
            case mi.LineBreak():
                out.append("\\ ")
            case mi.Cite(ids=ids):  # resolved briefs carry CiteMarks; kept for safety
                out.append(esc("[" + "; ".join(ids) + "]"))
            case _:
                out.append(esc(str(getattr(item, "text", ""))))
    return "".join(out)


def block(b: Any, ctx: Ctx, lead: str = "", note: bool = False) -> str:
    match b:
        case mi.Para(inlines=items, code_block=code):
            if code:
                return (
                    "#raw(block: true, "
                    + string("".join(getattr(i, "text", "") for i in items))
                    + ")"
                )
            return lead + inlines(items, ctx)
        case mi.ListBlock(ordered=ordered, items=items):
            parts = ["#" + ("enum" if ordered else "list") + "("]
            for it in items:
                parts.append("[" + "\n\n".join(block(x, ctx) for x in it) + "],")
            return "".join(parts) + ")"
        case mi.Quote(blocks=blocks):
            return "#quote(block: true)[" + "\n\n".join(block(x, ctx) for x in blocks) + "]"
        case mr.Box():
            return box_exhibit(b, ctx)
        case mr.DataTable():
            return data_table(b, ctx)
        case mr.Figure():
            return f"#block[{esc(b.title)}]"
        case _:
            return ""


def blocks(items: tuple[Any, ...], ctx: Ctx, lead: str = "") -> str:
    out = []
    for i, b in enumerate(items):
        out.append(block(b, ctx, lead if i == 0 else ""))
    return "\n\n".join(x for x in out if x)


def point_lead(p: mr.RPoint) -> str:
    if not p.label:
        return ""
    label = p.label.rstrip()
    if not label.endswith((".", "?", "!", ":")):
        label += "."
    return f"#strong[{esc(label)}] "


def points(pts: tuple[mr.RPoint, ...], ctx: Ctx) -> str:
    items = ",".join("[" + blocks(p.blocks, ctx, point_lead(p)) + "]" for p in pts)
    return f"#list({items})"


def from_markup(markup: str) -> str:
    # Each tag closes what it opened: track links separately.
    out: list[str] = []
    stack: list[str] = []

    class P(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "a" and a.get("href"):
                out.append(f"#link({string(a['href'] or '')})[#text(fill: linkc)[")
                stack.append("]]")
            elif tag == "i":
                out.append("#emph[")
                stack.append("]")
            elif tag == "b":
                out.append("#strong[")
                stack.append("]")
            else:
                out.append("#[")
                stack.append("]")

        def handle_endtag(self, tag: str) -> None:
            out.append(stack.pop() if stack else "")

        def handle_data(self, data: str) -> None:
            out.append(esc(data))

    p = P(convert_charrefs=True)
    p.feed(markup)
    p.close()
    out.extend(reversed(stack))
    return "".join(out)


# --- blocks --------------------------------------------------------------------------


def box_exhibit(b: mr.Box, ctx: Ctx) -> str:
    anchor = f" <{b.anchor}>" if b.anchor else ""
    body = blocks(b.blocks, ctx)
    pts = points(b.points, ctx) if b.points else ""
    return (
        "#exbox[#text(font: headf, size: size)[#strong["
        + esc(f"Box {b.number}.")
        + "] "
        + esc(b.title)
        + "]"
        + anchor
        + "][\n"
        + body
        + "\n\n"
        + pts
        + "\n]"
    )


def cells(c: tuple[mi.Inline, ...], ctx: Ctx) -> str:
    return "[" + inlines(c, ctx) + "]"


def data_table(t: mr.DataTable, ctx: Ctx) -> str:
    n = len(t.columns)
    head = ",".join(f"tcellh({cells(c, ctx)})" for c in t.columns)
    rows = ",".join(",".join(f"tcell({cells(c, ctx)})" for c in row) for row in t.rows)
    cap = ""
    if t.title:
        cap = f"#strong[{esc(f'Table {t.number}.')}] {esc(t.title)}"
    src = blocks(t.source, ctx) if t.source else ""
    notes = blocks(t.notes, ctx) if t.notes else ""
    anchor = f"<{t.anchor}>" if t.anchor else ""
    return f"#datatable({n}, [{cap}], ({head},), ({rows},), [{src}], [{notes}])" + (
        anchor and f" {anchor}"
    )


def pros_cons(
    pros: tuple[mr.RPoint, ...], cons: tuple[mr.RPoint, ...], ctx: Ctx, compact: bool
) -> str:
    rows = []
    for i in range(max(len(pros), len(cons))):
        p = "[" + blocks(pros[i].blocks, ctx, point_lead(pros[i])) + "]" if i < len(pros) else "[]"
        c = "[" + blocks(cons[i].blocks, ctx, point_lead(cons[i])) + "]" if i < len(cons) else "[]"
        rows.append(f"{p},{c}")
    return f"#proscons({'true' if compact else 'false'}, {ctx_labels['pros']}, {ctx_labels['cons']}, ({','.join(rows)},))"


ctx_labels: dict[str, str] = {}


def heading(text: str, level: int, number: str, uppercase: bool, anchor: str | None = None) -> str:
    shown = f"{number} {text}" if number else text
    if uppercase and level == 1:
        shown = shown.upper()
    lab = f" <{anchor}>" if anchor else ""
    return "=" * level + " " + esc(shown) + lab


def reference(ref: mr.RReference, brief: mr.ResolvedBrief, ctx: Ctx, qr: float | None) -> str:
    from policybrief.render import inline as ri
    from policybrief.render import refentry

    def link(href: str, label: str) -> str:
        return f"<a href={ri.quoteattr(href)}>{label}</a>"

    note = ""
    if ref.note:
        first = next((b for b in ref.note if isinstance(b, mi.Para)), None)
        if first is not None:
            note = ri.text("".join(getattr(i, "text", "") for i in first.inlines)).rstrip()
    if not refentry.is_plain(ref):
        assert brief.labels is not None
        entry = refentry.Entry(brief.labels, brief.language, link, author_year=False)
        markup = entry.markup(ref, note)
    else:
        parts = []
        if ref.author:
            parts.append(ri.text(ref.author.rstrip(".") + "."))
        parts.append(ri.italic(ri.text(ref.title.rstrip("."))) + ".")
        source = ", ".join(filter(None, (ref.publisher, str(ref.year) if ref.year else None)))
        if source:
            parts.append(ri.text(source) + ".")
        if note:
            parts.append(note if note.endswith((".", "!", "?")) else note + ".")
        if ref.url:
            parts.append(link(ref.url, ri.text(ref.url)))
        if ref.accessed:
            parts.append(f"({ri.text(ctx_labels['accessed'].format(date=ref.accessed))})")
        markup = " ".join(parts)
    body = from_markup(markup)
    q = f"{qr:.2f}pt" if qr else "none"
    return f"#refentry({string(f'[{ref.number}]')}, [{body}], {q}) <ref-{ref.number}>"


def section(s: mr.Section, number: str, brief: mr.ResolvedBrief, ctx: Ctx, lay: Any) -> str:
    up = lay.headings.uppercase
    h1 = heading(s.heading, 1, number, up, getattr(s, "anchor", None))
    match s:
        case mr.Takeaways(heading=head, points=pts):
            items = ",".join("[" + blocks(p.blocks, ctx, point_lead(p)) + "]" for p in pts)
            return f"#takeaways([{esc(head)}], ({items},))"
        case mr.Summary(blocks=bs):
            return h1 + "\n\n" + blocks(bs, ctx)
        case mr.Prose(blocks=bs, points=pts):
            return h1 + "\n\n" + blocks(bs, ctx) + ("\n\n" + points(pts, ctx) if pts else "")
        case mr.Options(intro=intro, items=items):
            out = [h1, blocks(intro, ctx)]
            for i, o in enumerate(items, start=1):
                prefix = ctx_labels["option"].format(n=i)
                out.append(heading(f"{prefix}: {o.title}", 2, "", up))
                out.append(blocks(o.blocks, ctx))
                if o.pros or o.cons:
                    out.append(pros_cons(o.pros, o.cons, ctx, compact=True))
            return "\n\n".join(out)
        case mr.Analysis(sections=subs):
            out = [h1]
            for sub in subs:
                num = f"{number}{sub.number}." if number else f"{sub.number}."
                out.append(heading(sub.heading, 2, num, up, sub.anchor))
                out.append(blocks(sub.blocks, ctx))
                if sub.points:
                    out.append(points(sub.points, ctx))
            return "\n\n".join(out)
        case mr.ProsCons(intro=intro, pros=pros, cons=cons):
            return "\n\n".join([h1, blocks(intro, ctx), pros_cons(pros, cons, ctx, compact=False)])
        case mr.References(entries=entries):
            qr = lay.references.qr_size if lay.references.qr_codes else None
            return "\n\n".join(
                [h1, *(reference(r, brief, ctx, qr if r.url else None) for r in entries)]
            )
        case mr.PublicationDetails(lines=lines, texts=texts):
            out = [h1]
            for line in lines:
                label = f"#strong[{esc(line.label + ':')}] " if line.label else ""
                text = esc(line.text)
                if line.href:
                    text = f"#link({string(line.href)})[#text(fill: linkc)[{text}]]"
                out.append("#publine[" + label + text + "]")
            for label, bs in texts:
                out.append(blocks(bs, ctx, f"#strong[{esc(label + ':')}] "))
            return "\n\n".join(out)
        case mr.Notes(items=items):
            return "\n\n".join([h1, *(blocks(n.blocks, ctx, f"{n.number}. ") for n in items)])
        case _:
            return h1 + "\n\n" + blocks(getattr(s, "blocks", ()), ctx)


# --- the page ------------------------------------------------------------------------


def colour(c: Any) -> str:
    if c.space == "cmyk":
        return "cmyk(" + ", ".join(f"{v * 100:.1f}%" for v in c.values) + ")"
    return "rgb(" + ", ".join(f"{v * 100:.1f}%" for v in c.values) + ")"


def furniture(template: str, brief: mr.ResolvedBrief) -> str:
    """A header or footer slot ({title}, {series}, {date}, {page_label} ...) as Typst."""
    if not template:
        return "[]"
    labels = ctx_labels
    page = "counter(page).display()"
    pages = "counter(page).final().first()"
    values = {
        "title": esc(brief.title),
        "series": esc(brief.series or ""),
        "date": esc(brief.date_text),
        "organization": esc(brief.organization or ""),
        "edition": esc(brief.edition_label or ""),
        "page": f"#context {page}",
        "pages": f"#context {pages}",
        "page_label": "#context " + labels["page_of_typst"],
    }
    out = template
    for key in values:
        out = out.replace("{" + key + "}", "\x00" + key + "\x00")
    parts = out.split("\x00")
    text = "".join(values.get(p, esc(p)) if i % 2 else esc(p) for i, p in enumerate(parts))
    return f"[{text}]"


def preamble(brief: mr.ResolvedBrief, lay: Any) -> str:
    t, pal, m, page = lay.type, lay.palette, lay.page.margins, lay.page
    w, h = page.trim_size()
    outer = page.bleed + MARKS if page.crop_marks or page.bleed else 0.0
    size, lead = t.size, t.size * t.leading
    space, sect, scale = t.paragraph_space, t.section_space, t.scale
    body_face, head_face = FACES[lay.fonts.body], FACES[lay.fonts.headings]
    justify = "true" if lay.text.justify else "false"
    # auto: Typst hyphenates justified text only (its default); make_brief's ragged
    # boxes, cells and lists are not hyphenated either
    hyph = "auto" if lay.text.hyphenate else "false"
    band = lay.title_block.style == "band"
    tb = lay.title_block
    tk, pc = lay.takeaways, lay.pros_cons
    lang = LANGS.get(brief.language.split("-")[0], "en")
    region = ', region: "us"' if brief.language.lower() == "en-us" else ""
    h1s, h2s = size * scale**2, size * scale
    # reportlab: baseline-to-baseline = leading (+ spaceAfter between paragraphs; the
    # larger of one block's spaceAfter and the next one's spaceBefore). Typst with
    # top-edge 0.8em and bottom-edge -0.2em measures the same way: leading - 1em
    # between lines, and block spacing is added to that.
    gap = lead - size
    # The heading offsets (0.65, 0.15, 0.16 x size) match the baseline-to-baseline
    # distances measured in make_brief's PDFs (paragraph -> h1 37.6 pt, h1 ->
    # paragraph 19.6, paragraph -> h2 24.6, h2 -> paragraph 17.0 at 10 pt), so that
    # both engines set the same vertical rhythm and differ only in how they break.
    classification = esc(brief.classification or "")
    return f"""
#let size = {size:.3f}pt
#let lead = {lead:.3f}pt
#let space = {space:.3f}pt
#let headf = "{head_face}"
#let bodyf = "{body_face}"
#let ink = {colour(pal.text)}
#let accent = {colour(pal.accent)}
#let muted = {colour(pal.muted)}
#let rulec = {colour(pal.rule)}
#let linkc = {colour(pal.link)}
#let outer = {outer:.3f}pt
#let bleed = {page.bleed:.3f}pt
#let pagew = {w:.3f}pt
#let mleft = {m.left:.3f}pt
#let mright = {m.right:.3f}pt
#let mtop = {m.top:.3f}pt
#set document(title: {string(brief.title)})
#set page(
  width: {w:.3f}pt + 2 * outer, height: {h:.3f}pt + 2 * outer,
  margin: (top: {m.top:.3f}pt + outer, bottom: {m.bottom:.3f}pt + outer,
           left: {m.left:.3f}pt + outer, right: {m.right:.3f}pt + outer),
  foreground: context {{
    let small = {max(size * 0.75, 6.5):.2f}pt
    let mark = text(font: headf, size: {max(size * 0.8, 6.5):.2f}pt, weight: "bold", fill: accent)[{classification}]
    let frame = pagew - mleft - mright
    place(top + left, dx: outer, dy: outer + {m.top * 0.22:.2f}pt, box(width: pagew, align(center, mark)))
    place(top + left, dx: outer, dy: outer + {h:.3f}pt - {m.bottom * 0.36:.2f}pt, box(width: pagew, align(center, mark)))
    set text(font: headf, size: small, fill: muted, top-edge: "cap-height", bottom-edge: "baseline")
    if counter(page).get().first() > 1 {{
      place(top + left, dx: outer + mleft, dy: outer + {m.top * 0.46:.2f}pt, box(width: frame)[
        {furniture(lay.header.left, brief)[1:-1]} #h(1fr) {furniture(lay.header.right, brief)[1:-1]}])
      place(top + left, dx: outer + mleft, dy: outer + {m.top * 0.58:.2f}pt, line(length: frame, stroke: 0.5pt + rulec))
    }}
    place(top + left, dx: outer + mleft, dy: outer + {h - m.bottom * 0.72:.2f}pt, line(length: frame, stroke: 0.5pt + rulec))
    place(top + left, dx: outer + mleft, dy: outer + {h - m.bottom * 0.62:.2f}pt, box(width: frame,
      grid(columns: (1fr, 1fr, 1fr), align(left, {furniture(lay.footer.left, brief)}),
        align(center, {furniture(lay.footer.center, brief)}), align(right, {furniture(lay.footer.right, brief)}))))
  }},
  background: if {"true" if page.crop_marks else "false"} {{
    for (x, y) in ((outer, outer), (outer + pagew, outer), (outer, 100% - outer), (outer + pagew, 100% - outer)) {{
      place(top + left, dx: x - 0.15pt, dy: if y == outer {{ 0pt }} else {{ y + bleed }},
        line(length: outer - bleed, angle: 90deg, stroke: 0.3pt))
    }}
  }},
)
#set text(font: bodyf, size: size, fill: ink, lang: "{lang}"{region}, hyphenate: {hyph},
  top-edge: 0.8em, bottom-edge: -0.2em, fallback: false)
#set par(justify: {justify}, leading: {gap:.3f}pt, spacing: {gap + space:.3f}pt)
#set list(marker: text(fill: accent)[•], indent: 0pt, body-indent: {size * 0.8:.2f}pt,
  spacing: {gap + space * 0.4:.3f}pt)
#show list: set block(above: {gap + space:.3f}pt, below: {gap + space:.3f}pt)
#set footnote.entry(separator: box(height: {size * 0.7:.2f}pt, line(length: 20%, stroke: 0.5pt + rulec)), gap: {space * 0.25:.2f}pt,
  indent: 0pt, clearance: {size:.2f}pt)
#show footnote.entry: it => {{
  set text(size: {size * 0.8:.2f}pt, hyphenate: false)
  set par(justify: false, leading: {lead * 0.8 - size * 0.8:.3f}pt)
  grid(columns: ({size * 1.4:.2f}pt, 1fr), [#numbering("1", ..counter(footnote).at(it.note.location()))], it.note.body)
}}
#show footnote: set text(fill: accent)
#show heading: set text(font: headf, weight: "bold", fill: accent, hyphenate: false)
#show heading: set par(justify: false, leading: 0.25em)
#show heading.where(level: 1): set text(size: {h1s:.3f}pt)
#show heading.where(level: 1): set block(above: {sect + (h1s * 1.25 - h1s) + 0.65 * size:.3f}pt, below: {space * 1.2 + gap - 0.15 * size:.3f}pt, sticky: true)
#show heading.where(level: 2): set text(size: {h2s:.3f}pt)
#show heading.where(level: 2): set block(above: {sect * 0.6 + (h2s * 1.25 - h2s) + 0.16 * size:.3f}pt, below: {space * 0.8 + gap - 0.16 * size:.3f}pt, sticky: true)
#let takeaways(title, items) = block(width: 100%, fill: {colour(tk.background)},
  stroke: {tk.border_width:.2f}pt + {colour(tk.border)}, inset: (left: {size * 0.9 * 1.3:.2f}pt, right: {size * 0.9:.2f}pt,
  top: {size * 0.9:.2f}pt, bottom: {size * 0.9:.2f}pt), above: {space * 2 + gap:.2f}pt, below: {space * 2 + gap:.2f}pt, breakable: true)[
  #block(sticky: true, below: {size * 0.9 * 0.5 + 2:.2f}pt, text(font: headf, weight: "bold", size: {size * scale:.2f}pt, fill: {colour(tk.title)})[#title])
  #set par(justify: false)
  #list(spacing: {gap + space * 0.6:.2f}pt, ..items)
]
#let exbox(title, body) = block(width: 100%, fill: {colour(tk.background)},
  stroke: (left: 2pt + accent), inset: {size * 0.8:.2f}pt, above: {space + gap:.2f}pt, below: {space + gap + space:.2f}pt, breakable: true)[
  #set par(justify: false)
  #block(sticky: true, title)
  #body
]
#set table.cell(breakable: false)
#let tcellh(c) = text(font: headf, weight: "bold", size: {size * 0.9:.2f}pt, fill: {colour(pc.header_text)}, c)
#let tcell(c) = par(justify: false, text(size: {size * 0.9:.2f}pt, c))
#let datatable(n, cap, head, rows, src, notes) = block(above: {space + gap:.2f}pt, below: {space + gap:.2f}pt)[
  #block(sticky: true, below: {space * 0.6:.2f}pt, text(font: headf, size: size)[#cap])
  #set par(leading: {lead * 0.9 - size * 0.9:.2f}pt)
  #table(columns: (1.1fr,) + (1fr,) * (n - 1), stroke: (x: none, y: 0.5pt + {colour(pc.rule)}),
    fill: (x, y) => if y == 0 {{ {colour(pc.header_background)} }} else if calc.even(y) {{ luma(96%) }} else {{ none }},
    inset: {size * 0.5:.2f}pt, table.header(..head), ..rows)
  #v(-{gap * 0.5:.2f}pt)
  #set text(size: {size * 0.8:.2f}pt, fill: muted)
  #set par(justify: false, leading: {size * 0.25:.2f}pt, spacing: {size * 0.3:.2f}pt)
  #if src != [] [#emph[Source:] #src]

  #if notes != [] [#emph[Note:] #notes]
]
#let proscons(compact, pros, cons, rows) = {{
  let pad = if compact {{ {size * 0.5:.2f}pt }} else {{ {size * 0.7:.2f}pt }}
  set par(justify: false, leading: {lead * 0.95 - size * 0.95:.2f}pt)
  set text(size: {size * 0.95:.2f}pt)
  block(above: {space + gap:.2f}pt, below: {space + gap:.2f}pt, table(columns: (1fr, 1fr),
    stroke: 0.5pt + {colour(pc.rule)}, inset: (x: pad, top: pad * 0.6 + 1pt, bottom: pad * 0.4 + 1pt),
    fill: (x, y) => if y == 0 {{ {colour(pc.header_background)} }} else if x == 0 {{ {colour(pc.pros_background)} }} else {{ {colour(pc.cons_background)} }},
    table.header(tcellh(pros), tcellh(cons)), ..rows.flatten()))
}}
#let refentry(num, body, qr) = block(above: {space * 0.6 + gap * 0.9:.2f}pt, below: {space * 0.6 + gap * 0.9:.2f}pt,
  grid(columns: if qr == none {{ ({size * 2.2:.2f}pt, 1fr) }} else {{ ({size * 2.2:.2f}pt, 1fr, qr) }}, column-gutter: 0pt,
    text(size: {size * 0.9:.2f}pt, num),
    {{ set par(justify: false, leading: {lead * 0.9 - size * 0.9:.2f}pt); set text(size: {size * 0.9:.2f}pt, hyphenate: false); body }},
    ..if qr != none {{ (pad(left: 4pt, rect(width: qr - 4pt, height: qr - 4pt, stroke: 0.5pt + muted)),) }} else {{ () }}))
#let publine(body) = block(above: {gap + 2:.2f}pt, below: {gap + 2:.2f}pt, par(justify: false, body))
""" + title_block(brief, lay, band, tb, outer)


def title_block(brief: mr.ResolvedBrief, lay: Any, band: bool, tb: Any, outer: float) -> str:
    t, m = lay.type, lay.page.margins
    size, scale = t.size, t.scale
    ink = colour(tb.text) if band else "accent"
    pad = size * 1.6 if band else 0
    series = (
        f'#text(font: headf, weight: "bold", size: {size * 0.85:.2f}pt, fill: {ink})[{esc((brief.series or "").upper())}]\n#v({size * 0.6:.2f}pt)\n'
        if brief.series
        else ""
    )
    content = (
        series
        + f'#text(font: headf, weight: "bold", size: {t.title_size:.2f}pt, fill: {ink})[#par(leading: {t.title_size * 0.15:.2f}pt, justify: false)[{esc(brief.title)}]]\n'
        + f"#v({size * 0.5 - 4:.2f}pt)\n"
        + (
            f"#text(font: headf, size: {size * scale**2:.2f}pt, fill: {ink})[#par(leading: {size * scale**2 * 0.3:.2f}pt, justify: false)[{esc(brief.subtitle)}]]\n"
            if brief.subtitle
            else ""
        )
    )
    if band:
        ext = m.left + outer - (lay.page.bleed if outer else 0)
        top = m.top + outer - (lay.page.bleed if outer else 0)
        head = (
            f"#move(dx: -{ext:.2f}pt)[#block(width: 100% + {2 * ext:.2f}pt, fill: {colour(tb.background)}, "
            f"outset: (top: {top:.2f}pt), inset: (left: {ext:.2f}pt, right: {ext:.2f}pt, top: {pad:.2f}pt, bottom: {pad:.2f}pt), "
            f"above: 0pt, below: 0pt)[\n{content}]]\n"
        )
    else:
        head = f"#block(above: 0pt, below: 0pt)[\n{content}#v({size * 0.3:.2f}pt)\n#line(length: 100%, stroke: 1pt + accent)]\n"
    authors = ", ".join(a.line for a in brief.authors)
    meta = " · ".join(p for p in (authors, brief.date_text) if p)
    stand = (
        f'#block(above: {t.paragraph_space * 2:.2f}pt, below: {t.paragraph_space:.2f}pt)[#set par(justify: false, leading: {size * 1.2 * t.leading - size * 1.2:.2f}pt); #text(style: "italic", size: {size * 1.2:.2f}pt)[{esc(brief.standfirst)}]]\n'
        if brief.standfirst
        else ""
    )
    meta_t = f"#block(above: {t.paragraph_space:.2f}pt, below: {t.paragraph_space * 2:.2f}pt)[#text(font: headf, size: {size * 0.9:.2f}pt, fill: muted)[{esc(meta)}]]\n"
    return "\n#let titleblock = [\n" + head + stand + meta_t + "]\n"


def source(layout: str) -> tuple[str, mr.ResolvedBrief]:
    """The Typst source of the example's full build under `layout`."""
    from policybrief.load.labels import language
    from policybrief.model.brief import UNNUMBERED_SECTIONS
    from policybrief.model.labels import relabelled
    from policybrief.resolve import FULL, resolve
    from policybrief.resolve.edition import language_of
    from policybrief.run import choice
    from policybrief.run.build import Options, plan_brief, target_of

    report, _ = plan_brief(EXAMPLE, Options(editions=(FULL,), layout=layout))
    assert report.valid is not None and report.doc is not None, report.diagnostics
    loaded = choice.load(choice.choose(report.valid, FULL, layout), report.brief, report.doc)
    lay = loaded.layout
    target = target_of(report.valid, FULL)
    lang = relabelled(language(language_of(target)), lay.labels)
    brief = resolve(
        target,
        source=str(EXAMPLE),
        lang=lang,
        takeaways_first=lay.takeaways.position == "before_summary",
        numbered_headings=lay.headings.numbering,
        citations=lay.citations.style,
        notes=lay.notes,
    )
    labels = brief.labels or lang.labels
    ctx_labels.clear()
    ctx_labels.update(
        pros=f"[{esc(labels.pros)}]",
        cons=f"[{esc(labels.cons)}]",
        option=labels.option,
        accessed=labels.accessed,
    )
    page_label = labels.page
    ctx_labels["page_of_typst"] = (
        "["
        + esc(page_label)
        .replace(esc("{page}"), "#counter(page).display()")
        .replace(esc("{pages}"), "#counter(page).final().first()")
        + "]"
    )
    ctx = Ctx({n.number: n.blocks for n in brief.notes})
    parts = [preamble(brief, lay), "#titleblock\n"]
    number = 0
    for s in brief.sections:
        numbered = lay.headings.numbering and mr.section_name(s) not in UNNUMBERED_SECTIONS
        if numbered:
            number += 1
        parts.append(section(s, f"{number}." if numbered else "", brief, ctx, lay))
    return "\n\n".join(parts) + "\n", brief


def compile_one(layout: str, out_dir: Path) -> Path:
    import typst

    text, _ = source(layout)
    out_dir.mkdir(parents=True, exist_ok=True)
    typ = out_dir / f"{layout}.typ"
    typ.write_text(text, encoding="utf-8")
    pdf = out_dir / f"{layout}.pdf"
    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONTS)]
    )
    typst.compile(str(typ), output=str(pdf), font_paths=fonts, ignore_system_fonts=True)
    return pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--layout", action="append", choices=LAYOUTS, help="default: all four")
    parser.add_argument("--out-dir", type=Path, default=OUT)
    args = parser.parse_args()
    for layout in args.layout or LAYOUTS:
        print(compile_one(layout, args.out_dir))


if __name__ == "__main__":
    main()
