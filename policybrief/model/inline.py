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
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


Inline = Run | Cite | LineBreak


@dataclass(frozen=True, slots=True)
class Para:
    inlines: tuple[Inline, ...]
    code_block: bool = False


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]


Block = Para | ListBlock


def cited_ids(blocks: tuple[Block, ...]) -> list[str]:
    """Citation ids in reading order, repeats included."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            out.extend(
                i for inline in block.inlines if isinstance(inline, Cite) for i in inline.ids
            )
        else:
            for item in block.items:
                out.extend(cited_ids(item))
    return out


def link_targets(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            out.extend(r.href for r in block.inlines if isinstance(r, Run) and r.href)
        else:
            for item in block.items:
                out.extend(link_targets(item))
    return out
