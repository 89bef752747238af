"""The Markdown of a brief as typed data: blocks and inline runs.

The renderer receives data, never markup: a `Run` carries its text and its
emphasis flags, so nothing typed in a brief can reach reportlab as markup.
`load.markup` makes these from Markdown text.
"""

from __future__ import annotations

from dataclasses import dataclass

# The only link schemes a brief may use (spec: http, https and mailto).
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Cite:
    """`[@a; @b]`, or `@a` written without brackets (`narrative`, Pandoc's form:
    "Pisani-Ferry et al. (2024)" in the author–year style)."""

    ids: tuple[str, ...]
    narrative: bool = False


@dataclass(frozen=True, slots=True)
class CiteMark:
    """A citation resolved for one edition and citation style: "[1, 3]", "¹",
    "(Nordhaus 2015; Fearon 1995)". `parts` are (text, anchor or None), each
    anchor the entry's in the reference list; `superscript` raises the whole mark.
    The renderer only prints them."""

    parts: tuple[tuple[str, str | None], ...]
    superscript: bool = False


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


@dataclass(frozen=True, slots=True)
class XRef:
    """A cross-reference resolved for one edition: "Figures 1 and 2", each number
    linked. `parts` are (text, anchor or None); the renderer only prints them."""

    parts: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote as written (`^[text]`, or `[^label]` with its definition): its
    content, in the place of its mark. The resolve stage numbers it for the edition."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A footnote's mark, numbered through the edition: the renderer prints the number
    and places the note (`ResolvedBrief.notes[number]`) at the foot of that page."""

    number: int


Inline = Run | Cite | CiteMark | LineBreak | XRef | Note | NoteRef


@dataclass(frozen=True, slots=True)
class Para:
    inlines: tuple[Inline, ...]
    code_block: bool = False


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True, slots=True)
class PipeTable:
    """A GFM pipe table in Markdown: an uncaptioned table. `align` per column:
    "left", "right", "center" or "" (unsaid)."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    align: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """A `>` blockquote: someone else's words, printed as an indented quotation."""

    blocks: tuple[Block, ...]


Block = Para | ListBlock | PipeTable | Quote


def inline_groups(block: Block) -> list[tuple[Inline, ...]]:
    """Every run of inlines in a block, in reading order (cells row by row)."""
    match block:
        case Para(inlines=inlines):
            # A footnote's text is read where its mark stands (its citations counted there).
            notes = [
                group
                for note in inlines
                if isinstance(note, Note)
                for b in note.blocks
                for group in inline_groups(b)
            ]
            return [inlines, *notes]
        case ListBlock(items=items):
            return [group for item in items for b in item for group in inline_groups(b)]
        case PipeTable(header=header, rows=rows):
            return [*header, *(cell for row in rows for cell in row)]
        case Quote(blocks=blocks):
            return [group for b in blocks for group in inline_groups(b)]
    return []


def cited_ids(blocks: tuple[Block, ...]) -> list[str]:
    """Citation ids in reading order, repeats included."""
    return [
        i
        for block in blocks
        for group in inline_groups(block)
        for inline in group
        if isinstance(inline, Cite)
        for i in inline.ids
    ]


def link_targets(blocks: tuple[Block, ...]) -> list[str]:
    return [
        r.href
        for block in blocks
        for group in inline_groups(block)
        for r in group
        if isinstance(r, Run) and r.href
    ]
