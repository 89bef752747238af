"""Inline runs -> reportlab paragraph markup, escaping every character of text.

This is the one place where brief text meets reportlab's markup language:
`escape` turns `<`, `>` and `&` into entities, so `<img src=...>`, `<font>`,
`<a>` or `&amp;` typed in a brief are printed as typed, never interpreted.
Only this module writes tags, and only from typed runs.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import groupby

from policybrief.model.inline import (
    ALLOWED_SCHEMES,
    CiteMark,
    Inline,
    LineBreak,
    NoteRef,
    Run,
    XRef,
)


@dataclass(frozen=True)
class Fallback:
    """`face_for`: a character's fallback face when the layout's fonts lack it (a face's
    name, None when they have it, MISSING when no font does); `ascii_drawn`: whether
    they draw all of printable ASCII, so that ASCII text needs no look-up."""

    face_for: Callable[[str], str | None]
    ascii_drawn: bool = True


# While a document is drawn: its Fallback (render.fonts.fallback_for), set by
# `render.document` (and a pack's pages) around the build.
FALLBACK: ContextVar[Fallback | None] = ContextVar("fallback", default=None)
MISSING = ""
# What a character no font has prints as: a visible mark, where reportlab would draw
# nothing (code 0, .notdef, which reads back as nothing and which PDF/UA forbids).
REPLACEMENT = "\ufffd"


def pieces(value: str) -> list[tuple[str | None, str]]:
    """`value` cut where the face changes: (None, text) where the layout's fonts have
    every character, (fallback face, text) where they lack them, and '\ufffd' for
    each character no font has (a warning at its line says so: `run.glyphs`). The
    one place text is split by font: paragraphs (`escape`), chart labels and page
    furniture drawn on the canvas (`render.textruns`) all draw these pieces."""
    fallback = FALLBACK.get()
    if fallback is None or (fallback.ascii_drawn and value.isascii()):
        return [(None, value)] if value else []
    face_for = fallback.face_for
    out: list[tuple[str | None, str]] = []
    for face, chars in groupby(value, face_for):
        text = "".join(chars)
        out.append((face, text) if face != MISSING else _replaced(len(text), face_for))
    return out


def _replaced(count: int, face_for: Callable[[str], str | None]) -> tuple[str | None, str]:
    face = face_for(REPLACEMENT)
    if face == MISSING:  # a layout font without U+FFFD, and no fallback has it: '?'
        return None, "?" * count
    return face, REPLACEMENT * count


def escape(value: str) -> str:
    """`<`, `>` and `&` as entities (quotes need none outside attributes), and each
    run of characters the layout's fonts lack in the fallback face that has them.

    `html`, not `xml.sax.saxutils`: the same three replacements, but saxutils
    imports urllib.request, http.client and email (5 ms of every start-up),
    while reportlab's paragraph parser has already imported `html`.
    """
    fallback = FALLBACK.get()
    if fallback is None or (fallback.ascii_drawn and value.isascii()):  # the common case
        return html.escape(value, quote=False)
    out: list[str] = []
    for face, piece in pieces(value):
        text = html.escape(piece, quote=False)
        out.append(f"<font name={quoteattr(face)}>{text}</font>" if face else text)
    return "".join(out)


def quoteattr(value: str) -> str:
    """A double-quoted attribute value; reportlab's parser unescapes it to `value`."""
    return f'"{html.escape(value, quote=True)}"'


def text(value: str) -> str:
    """Plain brief text as paragraph markup."""
    return escape(value)


def bold(markup: str) -> str:
    return f"<b>{markup}</b>"


def italic(markup: str) -> str:
    return f"<i>{markup}</i>"


def anchor(name: str) -> str:
    """A link destination (`#name`) at this point of a paragraph."""
    return f"<a name={quoteattr(name)}/>"


def code_block(value: str) -> str:
    """Preformatted text: its line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def runs(inlines: Iterable[Inline], ctx: InlineContext) -> str:
    out: list[str] = []
    for item in inlines:
        if isinstance(item, Run):
            out.append(_run(item, ctx))
        elif isinstance(item, CiteMark):
            out.append(_cite(item, ctx))
        elif isinstance(item, LineBreak):
            out.append("<br/>")
        elif isinstance(item, XRef):
            out.append(_xref(item, ctx))
        elif isinstance(item, NoteRef):
            out.append(note_mark(item.number, ctx.link_colour))
    return "".join(out)


# The name of the canvas method each footnote mark calls as it is drawn, with its
# number: how the renderer learns on which page a mark landed (render/footnotes.py).
NOTE_MARK_CALLBACK = "footnote_mark"


def note_mark(number: int, colour: str) -> str:
    """A footnote's raised number, linked to its note, that reports where it is drawn."""
    target = quoteattr(f"#fn-{number}")
    return (
        f"<a href={target} color={quoteattr(colour)}><super>{number}</super></a>"
        f"<onDraw name={quoteattr(NOTE_MARK_CALLBACK)} label={quoteattr(str(number))}/>"
    )


class InlineContext:
    """What inline rendering needs to know about the document."""

    def __init__(
        self,
        *,
        mono: str,
        link_colour: str,
        links_to_references: bool,
    ) -> None:
        self.mono = mono
        self.link_colour = link_colour
        self.links_to_references = links_to_references


def link(href: str, label_markup: str, colour: str) -> str:
    if not href.startswith(ALLOWED_SCHEMES):  # validation rejects these; never emit them
        return label_markup
    return f"<a href={quoteattr(href)} color={quoteattr(colour)}>{label_markup}</a>"


def _run(run: Run, ctx: InlineContext) -> str:
    body = escape(run.text)
    if run.code:
        body = f"<font face={quoteattr(ctx.mono)}>{body}</font>"
    if run.italic:
        body = f"<i>{body}</i>"
    if run.bold:
        body = f"<b>{body}</b>"
    if run.href:
        body = link(run.href, body, ctx.link_colour)
    return body


def _xref(xref: XRef, ctx: InlineContext) -> str:
    """A cross-reference as resolve made it ("Figures 1 and 2"): each number links to
    its exhibit or section."""
    return "".join(
        f'<a href={quoteattr("#" + anchor)} color={quoteattr(ctx.link_colour)}>{escape(text)}</a>'
        if anchor
        else escape(text)
        for text, anchor in xref.parts
    )


def _cite(cite: CiteMark, ctx: InlineContext) -> str:
    """A citation as resolve made it ("[1, 3]", "¹", "(Nordhaus 2015)"): each part
    that names an entry links to it."""
    parts = [
        f'<a href={quoteattr("#" + anchor)} color={quoteattr(ctx.link_colour)}>{escape(text)}</a>'
        if anchor and ctx.links_to_references
        else escape(text)
        for text, anchor in cite.parts
    ]
    if cite.superscript:
        return f"<super>{''.join(parts)}</super>"
    return "".join(parts)
