"""Markdown (CommonMark via markdown-it-py) -> the typed blocks of `model.inline`.

Raw HTML is disabled, so `<b>` stays the three characters `<b>`. Citations
`[@id]` / `[@a; @b]` and the narrative `@id` are small inline rules added to the parser.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import replace
from functools import cache, lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from policybrief.load import typography as typesetting
from policybrief.model.base import lower_scheme
from policybrief.model.brief import CITE_KEY, NARRATIVE_KEY
from policybrief.model.inline import (
    Block,
    Cite,
    Inline,
    LineBreak,
    ListBlock,
    Note,
    Para,
    PipeTable,
    Quote,
    Run,
)
from policybrief.model.labels import Typography

_KEY = CITE_KEY  # a slug or a BibTeX/Zotero citation key (model.brief)
_CITE = re.compile(rf"\[(@{_KEY}(?:\s*;\s*@{_KEY})*)\]")
# Pandoc's narrative citation: `@id` outside brackets, not inside a word or an
# address (`name@example.org`), its key ending before trailing punctuation.
_NARRATIVE = re.compile(rf"@({NARRATIVE_KEY})")
_WORDLIKE = re.compile(r"[\w@.+-]")



def _cite_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    match = _CITE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("cite", "", 0)
        token.meta = {"ids": tuple(part.strip()[1:] for part in match.group(1).split(";"))}
    state.pos = match.end()
    return True


# Lists and block quotes inside one another print at most this deep: each level
# indents, and past about 9 list levels or 20 quotes markdown-it (maxNesting)
# silently dropped the rest of the field. `unsupported` reports deeper nesting.
MAX_DEPTH = 8
# Two parser levels per list (list, item): the parser keeps every level up to
# MAX_DEPTH + 1, so deeper text is always seen, and its recursion stays bounded.
_MAX_NESTING = 2 * (MAX_DEPTH + 2)
_OPEN = frozenset({"bullet_list_open", "ordered_list_open", "blockquote_open"})
_CLOSE = frozenset({"bullet_list_close", "ordered_list_close", "blockquote_close"})


def _narrative_rule(state: StateInline, silent: bool) -> bool:
    """`@id` in running text: "Nordhaus (2015) argues" (spec 1.1, Pandoc's form)."""
    if state.src[state.pos] != "@":
        return False
    if state.pos > 0 and _WORDLIKE.match(state.src[state.pos - 1]):
        return False
    match = _NARRATIVE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("cite", "", 0)
        token.meta = {"ids": (match.group(1),), "narrative": True}
    state.pos = match.end()
    return True




@cache
def _parser(typography: Typography | None = None) -> MarkdownIt:
    """The parser; with `typography`, one that sets quotes, dashes and no-break spaces
    in that language's style (`load.typography`). The load stage parses without: it
    reads structure, citations and footnotes, which typography never changes."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")  # GFM pipe tables (spec 1.1: an uncaptioned table)
    md.inline.ruler.before("link", "cite", _cite_rule)
    md.inline.ruler.before("link", "narrative_cite", _narrative_rule)
    # Footnotes (spec 1.1): `^[inline]` and `[^label]` with `[^label]: text` in the field.
    md.use(footnote_plugin)
    # Text is data: `&amp;` stays those five characters, as typed.
    md.disable("entity")
    md.options["maxNesting"] = _MAX_NESTING
    # Accept every link target here so that validation can report a bad scheme
    # at its line instead of markdown-it silently turning the link into text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    if typography is not None:
        typesetting.use(md, typography)
    return md


_MD = _parser()


@lru_cache(maxsize=4096)
def parse(text: str, typography: Typography | None = None) -> tuple[Block, ...]:
    """Parse Markdown into blocks, set in `typography` when given. Pure and cached:
    the same text, the same result."""
    tokens = _parser(typography).parse(text)
    notes = _NOTES.set(_note_contents(tokens))
    try:
        blocks, _ = _blocks(tokens, 0, None)
    finally:
        _NOTES.reset(notes)
    return tuple(blocks)


# The footnotes of the field being parsed, by markdown-it's footnote id: a mark's
# `Note` holds its note's blocks (set by `parse` and `parse_inline` around the walk).
_NOTES: ContextVar[dict[int, tuple[Block, ...]]] = ContextVar("notes")


def _note_contents(tokens: list[Token]) -> dict[int, tuple[Block, ...]]:
    """Each footnote's blocks, from the block markdown-it gathers at the end."""
    out: dict[int, tuple[Block, ...]] = {}
    for i, tok in enumerate(tokens):
        if tok.type == "footnote_open":
            blocks, _ = _blocks(tokens, i + 1, "footnote_close")
            out[int(tok.meta["id"])] = tuple(blocks)
    return out


def footnote_problems(text: str) -> list[tuple[str, str, bool]]:
    """(what to point at, message, is a warning) for each footnote mark `[^label]` the
    field does not define (markdown-it leaves it as text) and each definition never used."""
    return list(_footnote_problems(text))


@lru_cache(maxsize=4096)  # pure, and asked again of every field on each rebuild
def _footnote_problems(text: str) -> tuple[tuple[str, str, bool], ...]:
    env: dict[str, Any] = {}
    tokens = _MD.parse(text, env)
    out: list[tuple[str, str, bool]] = []
    for tok in tokens:
        for child in tok.children or []:
            if child.type == "text":
                for label in _UNDEFINED.findall(child.content):
                    out.append(
                        (
                            f"[^{label}]",
                            f"footnote [^{label}] is not defined in this field: add a line"
                            f" '[^{label}]: its text' after the paragraph",
                            False,
                        )
                    )
    for key, used in env.get("footnotes", {}).get("refs", {}).items():
        if used == -1:  # defined, never referenced
            label = key.removeprefix(":")
            out.append((f"[^{label}]:", f"footnote [^{label}] is defined but never used", True))
    return tuple(out)


_UNDEFINED = re.compile(r"\[\^([^\]\s]+)\](?!:)")


@lru_cache(maxsize=4096)
def parse_inline(text: str, typography: Typography | None = None) -> tuple[Inline, ...]:
    """A table cell: inline Markdown only, so `-` or `1.` stay as written, not lists."""
    env: dict[str, Any] = {}
    tokens = _parser(typography).parseInline(text, env)
    listed = env.get("footnotes", {}).get("list", {})
    notes: dict[int, tuple[Block, ...]] = {
        int(i): (Para(tuple(_inlines(n.get("tokens") or []))),)
        for i, n in listed.items()
        if "tokens" in n  # `^[inline]`: a cell defines no labelled notes
    }
    token = _NOTES.set(notes)
    try:
        return tuple(_inlines(tokens[0].children or [])) if tokens else ()
    finally:
        _NOTES.reset(token)


def _blocks(tokens: list[Token], i: int, close: str | None) -> tuple[list[Block], int]:
    out: list[Block] = []
    while i < len(tokens):
        tok = tokens[i]
        if close and tok.type == close:
            return out, i + 1
        if tok.type in ("paragraph_open", "heading_open"):
            inline = tokens[i + 1]
            runs = _inlines(inline.children or [], bold=tok.type == "heading_open")
            out.append(Para(tuple(runs)))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            ordered = tok.type == "ordered_list_open"
            start = int(tok.attrs.get("start", 1)) if ordered else 1
            end = tok.type.replace("_open", "_close")
            items, i = _list_items(tokens, i + 1, end)
            out.append(ListBlock(ordered, start, tuple(items)))
        elif tok.type in ("fence", "code_block"):
            out.append(Para((Run(tok.content.rstrip("\n"), code=True),), code_block=True))
            i += 1
        elif tok.type == "html_block":
            out.append(Para((Run(tok.content.rstrip("\n")),)))
            i += 1
        elif tok.type == "blockquote_open":
            quoted, i = _blocks(tokens, i + 1, "blockquote_close")
            out.append(Quote(tuple(quoted)))
        elif tok.type == "footnote_block_open":  # the notes' text: each in its mark's Note
            while tokens[i].type != "footnote_block_close":
                i += 1
            i += 1
        elif tok.type == "table_open":
            table, i = _table(tokens, i + 1)
            out.append(table)
        else:  # hr: nothing to print
            i += 1
    return out, i


def _table(tokens: list[Token], i: int) -> tuple[PipeTable, int]:
    """A GFM table's cells (th, then td row by row) up to `table_close`."""
    header: list[tuple[Inline, ...]] = []
    rows: list[list[tuple[Inline, ...]]] = []
    align: list[str] = []
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "tr_open" and header:
            rows.append([])
        elif tok.type in ("th_open", "td_open"):
            style = str(tok.attrs.get("style", ""))
            cell = tuple(_inlines(tokens[i + 1].children or []))
            if tok.type == "th_open":
                header.append(cell)
                align.append(style.removeprefix("text-align:"))
            else:
                rows[-1].append(cell)
        i += 1
    return PipeTable(tuple(header), tuple(tuple(r) for r in rows), tuple(align)), i + 1


def unsupported(text: str) -> list[tuple[str, str]]:
    """Markdown the format does not print, as (what to point at, message): an image
    (a figure's `image` holds pictures), a `#` heading (a section has one), nesting
    deeper than MAX_DEPTH, and text that prints nothing at all."""
    return list(_unsupported(text))


@lru_cache(maxsize=4096)  # pure, and asked again of every field on each rebuild
def _unsupported(text: str) -> tuple[tuple[str, str], ...]:
    tokens = _MD.parse(text)
    out: list[tuple[str, str]] = [*_too_deep(tokens, text), *_prints_nothing(text)]
    for tok in tokens:
        if tok.type == "heading_open":
            out.append(
                (
                    tok.markup,
                    "a Markdown heading inside a body is not supported;"
                    " start a section (or an analysis section) for it",
                )
            )
        for child in tok.children or []:
            if child.type == "image":
                src = str(child.attrs.get("src", ""))
                out.append(
                    (
                        f"![{child.content}]",
                        f"an image '{src}' in Markdown is not"
                        " supported; make it a figure block with image and alt",
                    )
                )
    return tuple(out)


def _too_deep(tokens: list[Token], text: str) -> list[tuple[str, str]]:
    """The first list or block quote nested deeper than MAX_DEPTH, at its line."""
    depth = 0
    for tok in tokens:
        depth += (tok.type in _OPEN) - (tok.type in _CLOSE)
        if depth > MAX_DEPTH:
            line = text.splitlines()[tok.map[0]].strip() if tok.map else ""
            message = (
                f"Markdown nested more than {MAX_DEPTH} levels deep (lists and block"
                " quotes inside one another) cannot be printed; flatten it"
            )
            return [(line, message)]
    return []


def _prints_nothing(text: str) -> list[tuple[str, str]]:
    """Text that is only Markdown marks: `---` (a rule), `>` (an empty quote), a
    link definition `[a]: url`: it printed nothing, and a point vanished."""
    if not text.strip() or _prints(parse(text)):
        return []
    message = (
        "this Markdown prints nothing (a rule, an empty quote or a link definition);"
        " write the text, with a backslash before a mark that should print, as in \\---"
    )
    return [(text.strip().splitlines()[0], message)]


def _prints(blocks: tuple[Block, ...]) -> bool:
    for block in blocks:
        if isinstance(block, Para):
            if any(map(_inks, block.inlines)):
                return True
        elif isinstance(block, ListBlock):
            if any(_prints(item) for item in block.items):
                return True
        elif isinstance(block, Quote):
            if _prints(block.blocks):
                return True
        else:  # a table: its grid prints even when empty
            return True
    return False


def _inks(inline: Inline) -> bool:
    if isinstance(inline, Run):
        return bool(inline.text.strip())
    return not isinstance(inline, LineBreak)  # a citation, a cross-reference


def _list_items(tokens: list[Token], i: int, end: str) -> tuple[list[tuple[Block, ...]], int]:
    items: list[tuple[Block, ...]] = []
    while i < len(tokens) and tokens[i].type != end:
        if tokens[i].type == "list_item_open":
            children, i = _blocks(tokens, i + 1, "list_item_close")
            items.append(tuple(children))
        else:
            i += 1
    return items, i + 1


def _inlines(children: list[Token], *, bold: bool = False) -> list[Inline]:
    out: list[Inline] = []
    style = Run("", bold=bold)  # the emphasis and link in force: a Run without text
    for tok in children:
        kind = tok.type
        if kind in {"text", "html_inline", "softbreak", "image"}:
            # An image is never loaded or fetched: in a brief's Markdown it shows as its alt text.
            _append(out, replace(style, text=" " if kind == "softbreak" else tok.content))
        elif kind == "code_inline":
            out.append(replace(style, text=tok.content, code=True))
        elif kind == "hardbreak":
            out.append(LineBreak())
        elif kind in ("strong_open", "strong_close"):
            style = replace(style, bold=kind == "strong_open" or bold)
        elif kind in ("em_open", "em_close"):
            style = replace(style, italic=kind == "em_open")
        elif kind == "link_open":
            style = replace(style, href=lower_scheme(str(tok.attrs.get("href", ""))))
        elif kind == "link_close":
            style = replace(style, href=None)
        elif kind == "cite":
            out.append(Cite(tok.meta["ids"], tok.meta.get("narrative", False)))
        elif kind == "footnote_ref":
            out.append(Note(_NOTES.get({}).get(int(tok.meta["id"]), ())))
    return out


def _append(out: list[Inline], run: Run) -> None:
    """Merge adjacent runs of the same style: fewer, longer runs lay out faster."""
    if not run.text:
        return
    if out and isinstance(out[-1], Run):
        last = out[-1]
        if (last.bold, last.italic, last.code, last.href) == (
            run.bold,
            run.italic,
            run.code,
            run.href,
        ):
            out[-1] = Run(last.text + run.text, last.bold, last.italic, last.code, last.href)
            return
    out.append(run)
