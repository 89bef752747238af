"""Paragraphs that are parsed and broken into lines once per process, and headings
that carry their outline entry and origin."""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from reportlab import platypus
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import sameFrag
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from policybrief.model.paths import Origin
from policybrief.render import linebreak
from policybrief.render.tagging import HyphenText, Tagged, keep_struct


class Paragraph(Tagged, platypus.Paragraph):
    """reportlab's Paragraph, parsed and broken into lines once per process.

    Platypus asks wrap() again and again (frame, keep groups, tables, splits) and
    reportlab re-breaks every time; with embeddedHyphenation a second break of a
    compound split at its hyphen drops the hyphen ("Non-Proliferation" printed
    "NonProliferation"). So a paragraph breaks once per width, and the parse and
    the lines are kept (`_MEMO`) for the next paragraph with the same markup and
    style: a rebuild after a save re-breaks only what changed, which is most of
    what makes a warm rebuild cheap. Drawing only reads the shared lines;
    splitting rewrites words in place, so lines that were shared are broken
    again privately first, and lines split in place are dropped from the memo.
    """

    def __init__(
        self, text: str, style: ParagraphStyle, bulletText: str | None = None, **kw: Any
    ) -> None:
        if kw:  # reportlab's own split parts, built from lines rather than markup
            super().__init__(text, style, bulletText, **kw)
            return
        key = (type(self), text, style, bulletText)
        memo = _MEMO.get(key)
        if memo is None:
            super().__init__(text, style, bulletText)
            self._mark()  # per fragment as parsed (see linebreak.mark_breaks)
            if len(self.frags) > MERGE_FRAGS:
                self.frags = _merged(self.frags)
            memo = _MEMO[key] = _Memo(dict(self.__dict__))
            if len(_MEMO) > MEMO_SIZE:
                _MEMO.popitem(last=False)  # the least recently used
        else:
            _MEMO.move_to_end(key)
            self.__dict__.update(memo.parsed)
        self._memo = memo

    def breakLines(self, width: Any) -> Any:
        # The whole paragraph's best breaks, built as reportlab's lines (linebreak.py).
        return linebreak.break_lines(self, width, super().breakLines)

    def beginText(self, x: float, y: float) -> Any:
        # drawPara's text object: hyphens inserted at line ends read as soft hyphens.
        hyphens = linebreak.inserted_hyphens(self)
        text = super().beginText(x, y) if not hyphens else HyphenText(self.canv, x, y, hyphens)
        space = self.char_space()
        if space:  # Tc inside drawPara's q ... Q: the text after it is not spaced
            text.setCharSpace(space)
        return text

    def char_space(self) -> float:
        """Points of letter-spacing (PDF `Tc`): the style's `caps_tracking` times the
        type size when every letter of the text is a capital, else 0."""
        tracking: float = getattr(self.style, "caps_tracking", 0.0)
        if not tracking:
            return 0.0
        if not capitals("".join(getattr(f, "text", "") for f in self.frags)):
            return 0.0
        return tracking * float(self.style.fontSize)

    def _mark(self) -> None:
        linebreak.mark_breaks(self)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Lines broken to fit `availWidth`; letter-spaced lines (`char_space`) are
        broken narrower until the widest, spaced, fits: reportlab measures words
        without `Tc`, which adds its width after every glyph."""
        space = self.char_space()
        if not space:
            return self._wrap_at(availWidth, availHeight)
        measure = availWidth
        for _ in range(SPACED_TRIES):
            size = self._wrap_at(measure, availHeight)
            over = _widest_spaced(self, measure, space) - availWidth
            if over <= 0.01:
                break
            measure -= max(over, 0.5)
        return size

    def _wrap_at(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.__dict__.get("_wrapped_width") == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        memo: _Memo | None = self.__dict__.get("_memo")
        if memo is None:
            size = super().wrap(availWidth, availHeight)
            self._wrapped_width = availWidth
            return size
        lines = memo.broken.get(availWidth)
        if lines is None:
            self.__dict__.update(memo.parsed)  # break the parse, not another width's words
            before = dict(self.__dict__)
            super().wrap(availWidth, availHeight)
            self._wrapped_width = availWidth
            changed = {k: v for k, v in self.__dict__.items() if before.get(k, self) is not v}
            # A value the wrap set to what was there already (the same width object,
            # from an earlier wrap of this paragraph) is no change, but the lines need it.
            changed.update({k: self.__dict__[k] for k in _WRAP_STATE if k in self.__dict__})
            lines = memo.broken[availWidth] = _Lines(changed)
            self._lines = (lines, True)
        else:
            lines.shares += 1
            self.__dict__.update(lines.state)
            self._lines = (lines, False)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if "blPara" not in self.__dict__:  # reportlab would wrap inside split: do it here
            self.wrap(availWidth, availHeight)
        if self.char_space():  # split the lines as broken, at the narrower measure
            availWidth = self.__dict__.get("_wrapped_width", availWidth)
        held = self.__dict__.pop("_lines", None)
        if held is not None:
            lines, owner = held
            if owner and lines.shares == 0:
                # No other paragraph has these lines: split them in place, and
                # never hand them out again.
                memo: _Memo = self._memo
                if memo.broken.get(self._wrapped_width) is lines:
                    del memo.broken[self._wrapped_width]
            else:
                # Break privately at the width the held lines were broken at, as a
                # cold split would use them: a table splits a cell at its full width
                # but measured it without padding, and lines broken at the wider
                # width may all fit (one part: reportlab's _splitCell IndexError).
                width = self._wrapped_width
                self.__dict__.update(self._memo.parsed)
                self.__dict__.pop("blPara", None)
                super().wrap(width, availHeight)
                self._wrapped_width = width
        hyphens = linebreak.hyphens(self)  # of the lines as they are before the split
        availHeight = _before_a_broken_word(self, hyphens, availHeight)
        parts: list[Flowable] = super().split(availWidth, availHeight)
        linebreak.keep_lines(self, parts)
        linebreak.keep_source(self, hyphens, parts)
        keep_struct(self, parts)  # both parts are the one structure element (tagging)
        return parts


def _before_a_broken_word(para: Paragraph, hyphens: linebreak.Hyphens, height: float) -> float:
    """The height to split `para` at so that the page's last line does not end in a
    hyphen the breaker inserted (the word would be read across the page turn): a line
    earlier (or more, past consecutive ones), when two lines or more stay on each side."""
    leading = float(para.style.leading)
    if not hyphens.lines or leading <= 0 or getattr(para.style, "autoLeading", None):
        return height
    fit = int(height / leading + 1e-6)  # reportlab's own count of the lines that fit
    if fit > len(para.__dict__["blPara"].lines) - 2:
        return height
    lines = fit
    while lines - 1 in hyphens.lines and lines >= 3:
        lines -= 1
    return height if lines == fit else lines * leading + 0.01


SPACED_TRIES = 6  # narrower measures tried for letter-spaced lines (one or two suffice)


def capitals(text: str) -> bool:
    """All its letters capitals, and at least two of them ("NATO", "POLICY BRIEF
    2025/07"; not "A", "Pros" or a script without case)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _widest_spaced(para: Paragraph, measure: float, space: float) -> float:
    """The widest line of `para` as drawn with `space` points after every glyph."""
    widest = 0.0
    for line in para.__dict__["blPara"].lines:  # set by the wrap just done
        if isinstance(line, tuple):  # kind 0: (extra space, words) of one font
            extra, words = line
            glyphs = len(" ".join(words))
        else:  # kind 1: a line of fragments, their texts with the spaces between
            extra = line.extraSpace
            glyphs = sum(len(getattr(f, "text", "")) for f in line.words)
        widest = max(widest, measure - extra + glyphs * space)
    return widest


# What reportlab's wrap and ours set: kept with the lines even when unchanged.
_WRAP_STATE = ("width", "height", "blPara", "_wrapped_width", "_width_max", "_wrapWidths")

CHUNK_LINES = 100  # hard breaks: a paragraph with more is set as pieces of this many


def pieces(para: Paragraph) -> list[Flowable]:
    """`para`, or when it holds more than CHUNK_LINES hard breaks, consecutive
    paragraphs of CHUNK_LINES lines each, set as the one was (issue 13).

    reportlab sets the rest of a split paragraph anew from its words: one
    paragraph of 25,000 hard-broken lines (Markdown `\\` at line ends) was broken
    again on each of its 500 pages, quadratic (over 5 minutes for 100,000
    characters). Cut at its hard breaks, each piece is broken once; only the
    first keeps the space above, indent and bullet, only the last the space below.
    """
    frags = para.frags
    cuts = [i for i, f in enumerate(frags) if getattr(f, "lineBreak", False)]
    if len(cuts) > CHUNK_LINES:
        ends = cuts[CHUNK_LINES - 1 :: CHUNK_LINES]
        starts = [0, *(end + 1 for end in ends)]
        spans = [(a, b) for a, b in zip(starts, [*ends, len(frags)], strict=True) if a < b]
    else:
        frags, spans = _word_spans(frags)
        if len(spans) < 2:
            return [para]
    out: list[Flowable] = []
    for k, (a, b) in enumerate(spans):
        style = _piece_style(para.style, first=k == 0, last=k == len(spans) - 1)
        bullet = para.bulletText if k == 0 else None
        piece = Paragraph("", style, bullet, frags=frags[a:b])
        piece._memo = _Memo(dict(piece.__dict__))  # broken paragraph-wide, as the whole
        out.append(piece)
    keep_struct(para, out)
    return out


CHUNK_WORDS = 2_000  # words: a paragraph with more is set as pieces of about this many


def _word_spans(frags: list[Any]) -> tuple[list[Any], list[tuple[int, int]]]:
    """The fragments, a long one cut at spaces, and spans of about CHUNK_WORDS words
    that each end after a space (issue 13: reportlab takes each word off the front of
    a list, which is quadratic in a paragraph's words, and breaks the rest of a split
    paragraph anew; 50,000 one-letter words in one paragraph cost seconds a page)."""
    total = sum(str(getattr(f, "text", "")).count(" ") for f in frags)
    if total <= CHUNK_WORDS:
        return frags, [(0, len(frags))]
    cut: list[Any] = []
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or text.count(" ") <= CHUNK_WORDS or hasattr(frag, "cbDefn"):
            cut.append(frag)
            continue
        words = text.split(" ")
        for k in range(0, len(words), CHUNK_WORDS):
            last = k + CHUNK_WORDS >= len(words)
            part = " ".join(words[k : k + CHUNK_WORDS]) + ("" if last else " ")
            cut.append(frag.clone(text=part))
    spans: list[tuple[int, int]] = []
    start, words_so_far = 0, 0
    for i, frag in enumerate(cut):
        text = str(getattr(frag, "text", ""))
        words_so_far += text.count(" ")
        if words_so_far >= CHUNK_WORDS and text.endswith(" ") and i + 1 < len(cut):
            spans.append((start, i + 1))
            start, words_so_far = i + 1, 0
    spans.append((start, len(cut)))
    return cut, spans


_PIECE_STYLES: dict[tuple[int, bool, bool], tuple[ParagraphStyle, ParagraphStyle]] = {}


def _piece_style(style: ParagraphStyle, first: bool, last: bool) -> ParagraphStyle:
    key = (id(style), first, last)
    cached = _PIECE_STYLES.get(key)
    if cached is None or cached[0] is not style:
        piece = ParagraphStyle(f"{style.name}-piece", parent=style)
        if not first:
            piece.spaceBefore = 0
            piece.firstLineIndent = 0
        if not last:
            piece.spaceAfter = 0
        cached = _PIECE_STYLES[key] = (style, piece)
    return cached[1]


MEMO_SIZE = 1_000  # paragraphs: a 30-page brief


# Fragments in one paragraph past which neighbours of one style are joined. Only
# then: the breaks chosen for a paragraph of one fragment and of several can
# differ (linebreak._items), and ordinary paragraphs must not change.
MERGE_FRAGS = 1_000


def _merged(frags: list[Any]) -> list[Any]:
    """Neighbouring fragments of one style as one.

    reportlab's parser makes a fragment of every entity: "&lt; &lt;" is three,
    and a storm of `<` (issue 13) a paragraph of 100,000 fragments, which its
    breaker walks with a list.pop(0) each (quadratic: 40 s per 0.1 MiB).
    reportlab joins such fragments again when it builds a line (`sameFrag`), so
    what is drawn is the same."""
    out: list[Any] = []
    for frag in frags:
        last = out[-1] if out else None
        if (
            last is not None and type(last) is type(frag)
            and isinstance(getattr(last, "text", None), str)
            and isinstance(getattr(frag, "text", None), str)
            and sameFrag(last, frag)
        ):
            merged = last.clone()
            merged.text = last.text + frag.text
            out[-1] = merged
        else:
            out.append(frag)
    return out


@dataclass
class _Lines:
    state: dict[str, Any]  # what wrap() set: the lines (blPara), width, height, ...
    shares: int = 0  # paragraphs given these lines besides the one that broke them


@dataclass
class _Memo:
    parsed: dict[str, Any]  # the instance right after parsing
    broken: dict[float, _Lines] = field(default_factory=dict)  # by width
    source: str | None = None  # the text as drawn, for linebreak.hyphens


_MEMO: OrderedDict[tuple[type, str, ParagraphStyle, str | None], _Memo] = OrderedDict()


class Balanced(Paragraph):
    """Display text (a heading, the title, subtitle and standfirst) broken into lines
    of even length, as CSS's `text-wrap: balance` sets them: at the narrowest width
    that keeps as few lines as the whole width gives, so that no line is a lone word
    ("Can US Security Guarantees Truly End the War in / Ukraine?"). Left-aligned text
    only; the lines and the page's height are what they were. A number keeps to the
    word it counts ("$3.78 billion") and to the name it follows ("Year 2027"),
    which a narrower line would otherwise part."""

    def _mark(self) -> None:
        super()._mark()
        linebreak.bind_numbers(self)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, height = super().wrap(self._balanced(availWidth, availHeight), availHeight)
        return availWidth, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return super().split(self._balanced(availWidth, availHeight), availHeight)

    def _balanced(self, width: float, height: float) -> float:
        if self.style.alignment != TA_LEFT:
            return width
        if "_widest_word" not in self.__dict__:  # of the parse, before a wrap rewrites frags
            self._widest_word = _widest_word(self.frags)
        super().wrap(width, height)
        lines = len(self.__dict__["blPara"].lines)
        if lines < 2:
            return width
        # Never narrower than its widest word, which reportlab would cut to fit.
        narrow, wide = max(width / 2, self._widest_word + BALANCE_STEP), width
        while wide - narrow > BALANCE_STEP:
            middle = (narrow + wide) / 2
            super().wrap(middle, height)
            if len(self.__dict__["blPara"].lines) > lines:
                narrow = middle
            else:
                wide = middle
        return wide


BALANCE_STEP = 2.0  # points: how near the narrowest width the search comes


def _widest_word(frags: list[Any]) -> float:
    """The widest run of text between spaces, across fragments (a word half bold)."""
    widest = word = 0.0
    for frag in frags:
        for piece in re.split(r"(\s+)", getattr(frag, "text", "")):
            if piece[:1].isspace():
                word = 0.0
                continue
            word += stringWidth(piece, frag.fontName, frag.fontSize)
            widest = max(widest, word)
    return widest


class Heading(Balanced):
    """A heading that knows its outline entry (`document` bookmarks it on its page)
    and the section it opens (`origin`: page budgets are measured per section)."""

    def __init__(
        self,
        markup: str,
        style: ParagraphStyle,
        outline: str,
        level: int,
        key: str,
        origin: Origin | None = None,
    ) -> None:
        super().__init__(markup, style)
        self.outline_title = outline
        self.outline_level = level
        self.outline_key = key
        self.origin = origin


class Bookmark(Flowable):
    """An outline entry with no ink, for headings drawn inside tables and bands."""

    def __init__(self, outline: str, level: int, key: str, origin: Origin | None = None) -> None:
        super().__init__()
        self.outline_title = outline
        self.outline_level = level
        self.outline_key = key
        self.origin = origin
        self.keepWithNext = 1  # land on the page of what it names

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass
