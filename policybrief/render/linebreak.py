"""Paragraph-wide line breaking (Knuth and Plass's total fit) over reportlab's words.

reportlab breaks first-fit: each line takes as many words as fit and the spaces
of the line stretch to fill what is left, however much that is, so one long
word pushed to the next line leaves a line with gaping spaces (+130 % and more,
measured by `benchmarks/typography.py`). Here the breaks of the whole paragraph
are chosen together, minimising the sum of each line's demerits: its spaces may
stretch or shrink a little, a hyphen costs, two hyphens in a row cost more, and
a line whose spaces would have to shrink past their limit is never chosen while
a looser one exists (looseness is never traded for overflow).

The model is the usual one: boxes (word pieces), glue (spaces, with stretch and
shrink) and penalties (places to break inside a word, at the price of a hyphen).
`Paragraph.breakLines` turns reportlab's words into these items and the chosen
breaks back into the per-line widths that make reportlab's own breaker build the
same lines (`render/paragraph.py`), so that drawing and splitting stay reportlab's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as _paragraph

from policybrief.render.hyphenation import Hyphenator, positions
from policybrief.render.tracking import SHRINK, STRETCH, letters_room

rl: Any = _paragraph  # reportlab's private helpers and word classes, not in types-reportlab

INFINITY = 1e9  # a forced break (penalty -INFINITY) or a forbidden one (+INFINITY)
HYPHEN_PENALTY = 300.0
OWN_HYPHEN_PENALTY = 150.0  # a break after a compound's hyphen adds no character
PRETOLERANCE = 1.0  # adjustment ratio of a first try with no hyphens (TeX's \pretolerance)
DOUBLE_HYPHEN_DEMERITS = 3000.0
FITNESS_DEMERITS = 1000.0  # between neighbouring lines of very different looseness
LINE_PENALTY = 10.0
TOLERANCES = (1.0, 2.0, 10.0)  # adjustment ratios tried in turn (1 = the full STRETCH)
# Break points open at once: TeX keeps every feasible one, which is as many as a
# line holds words, times four fitness classes; a line of a hundred one-character
# words (a storm of `<`, issue 13) made each break cost hundreds of comparisons,
# minutes per MiB. Past this the paragraph is set first fit (reportlab's, or
# `greedy` when ragged), in time linear in its length.
MAX_ACTIVE = 160


@dataclass(frozen=True, slots=True)
class Box:
    width: float


@dataclass(frozen=True, slots=True)
class Glue:
    width: float
    stretch: float
    shrink: float


@dataclass(frozen=True, slots=True)
class Penalty:
    width: float  # drawn only when the line breaks here (a hyphen)
    cost: float
    flagged: bool = False  # a hyphen: two in a row cost DOUBLE_HYPHEN_DEMERITS
    # After a compound's own hyphen (the box before holds it): the width of the hyphen
    # reportlab measures there but is not drawn (_own_hyphen_only); 0 elsewhere.
    own_hyphen: float = 0.0


Item = Box | Glue | Penalty


@dataclass(slots=True)
class _Node:
    position: int  # the item broken at
    line: int  # lines before this break
    fitness: int
    width: float  # sums of the items before the break (after discarding glue)
    stretch: float
    shrink: float
    demerits: float
    previous: _Node | None


def breaks(items: list[Item], widths: list[float], ragged: float = 0.0) -> list[int] | None:
    """The item positions to break at (the last is the paragraph's end), or None
    when no breaking keeps every line within the loosest tolerance.

    `widths[i]` is line i's measure (the last repeats). `ragged`, when not 0, is
    the stretch every line end has (ragged-right setting: spaces keep their width
    and lines of even length are preferred).
    """
    # As TeX: a paragraph that can be set without hyphens at a little more than
    # the full stretch is set so; a hyphen in every third line otherwise (the
    # penalty alone trades a hyphen for a line only a little looser).
    plain = [Penalty(i.width, INFINITY) if _flagged(i) else i for i in items]
    try:
        found = _breaks(plain, widths, PRETOLERANCE, ragged)
        if found is not None:
            return found
        for tolerance in TOLERANCES:
            found = _breaks(items, widths, tolerance, ragged)
            if found is not None:
                return found
    except _TooMany:
        pass
    return None


class _TooMany(Exception):
    """More than MAX_ACTIVE break points open at once: set first fit instead."""


RAGGED_SHORT = 0.3  # of the measure: a ragged line falling shorter takes a hyphen


def greedy(items: list[Item], widths: list[float]) -> list[int] | None:
    """First-fit breaks: each line takes the words that fit at their natural
    spacing, and a hyphenated piece only when the line would otherwise fall short
    by more than RAGGED_SHORT of the measure. A word wider than the measure (a long
    URL) starts a line of its own, and the breaks end there: the lines before it,
    without the paragraph's end (reportlab sets the rest, cutting that word where
    the line ends); None when the paragraph starts with it."""
    out: list[int] = []
    i = 0
    while i < len(items):
        measure = widths[min(len(out), len(widths) - 1)]
        while i < len(items) and not isinstance(items[i], Box):
            i += 1  # glue and penalties after a break are discarded
        width = 0.0
        glue: tuple[int, float] | None = None  # the last break at a space: (position, width)
        hyphen: int | None = None  # the last hyphen that fits after it
        end: int | None = None
        while i < len(items):
            item = items[i]
            if isinstance(item, Box):
                width += item.width
                if width > measure + 1e-6:
                    break
            elif isinstance(item, Glue):
                if isinstance(items[i - 1], Box):
                    glue, hyphen = (i, width), None
                width += item.width
            elif item.cost <= -INFINITY:
                end = i
                break
            elif item.cost < INFINITY and width + item.width <= measure:
                hyphen = i
            i += 1
        if end is None and i < len(items):
            if glue is None and hyphen is None:
                return out or None  # reportlab put "h" at a line's end, "ttps://…" next
            short = glue is None or glue[1] < measure * (1 - RAGGED_SHORT)
            end = hyphen if hyphen is not None and short else glue[0] if glue else None
        if end is None:
            return None
        out.append(end)
        i = end + 1
    return out


def _breaks(
    items: list[Item], widths: list[float], tolerance: float, ragged: float
) -> list[int] | None:
    active = [_Node(0, 0, 1, 0.0, 0.0, 0.0, 0.0, None)]
    width = stretch = shrink = 0.0
    for i, item in enumerate(items):
        if isinstance(item, Box):
            width += item.width
            continue
        if isinstance(item, Glue):
            # A break at glue only after a box.
            if i > 0 and isinstance(items[i - 1], Box):
                active = _try(items, i, active, widths, tolerance, ragged, width, stretch, shrink)
            width += item.width
            stretch += item.stretch
            shrink += item.shrink
        elif item.cost < INFINITY:
            active = _try(items, i, active, widths, tolerance, ragged, width, stretch, shrink)
        if not active:
            return None
        if len(active) > MAX_ACTIVE:
            raise _TooMany
    best = min(active, key=lambda node: node.demerits, default=None)
    if best is None or best.position != len(items) - 1:
        return None
    out: list[int] = []
    node: _Node | None = best
    while node is not None and node.previous is not None:
        out.append(node.position)
        node = node.previous
    return out[::-1]


def _try(
    items: list[Item],
    i: int,
    active: list[_Node],
    widths: list[float],
    tolerance: float,
    ragged: float,
    width: float,
    stretch: float,
    shrink: float,
) -> list[_Node]:
    """The active nodes after considering a break at item i."""
    item = items[i]
    penalty = item.cost if isinstance(item, Penalty) else 0.0
    extra = item.width if isinstance(item, Penalty) else 0.0
    forced = penalty <= -INFINITY
    keep: list[_Node] = []
    best: dict[int, _Node] = {}
    for node in active:
        measure = widths[min(node.line, len(widths) - 1)]
        natural = width - node.width + extra
        if natural < measure:
            room = stretch - node.stretch + ragged
            ratio = (measure - natural) / room if room > 0 else INFINITY
        elif natural > measure:
            room = shrink - node.shrink
            ratio = (measure - natural) / room if room > 0 else -INFINITY
        else:
            ratio = 0.0
        if ratio >= -1 and not forced:
            keep.append(node)  # later breaks may still be reached from it
        if not -1 <= ratio <= tolerance:
            continue
        demerits = (LINE_PENALTY + 100 * abs(ratio) ** 3) ** 2
        if penalty > 0:
            demerits += penalty**2
        elif not forced:
            demerits -= penalty**2
        if isinstance(item, Penalty) and item.flagged and _flagged(items[node.position]):
            demerits += DOUBLE_HYPHEN_DEMERITS
        fitness = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1 else 3
        if abs(fitness - node.fitness) > 1:
            demerits += FITNESS_DEMERITS
        total = node.demerits + demerits
        if fitness not in best or total < best[fitness].demerits:
            best[fitness] = _Node(i, node.line + 1, fitness, 0, 0, 0, total, node)
    if best:
        after = _after(items, i, width, stretch, shrink)
        for node in best.values():
            node.width, node.stretch, node.shrink = after
            keep.append(node)
    return keep


def _flagged(item: Item) -> bool:
    return isinstance(item, Penalty) and item.flagged


def _after(
    items: list[Item], i: int, width: float, stretch: float, shrink: float
) -> tuple[float, float, float]:
    """The sums at the start of the next line: glue after a break is discarded."""
    for item in itertools.islice(items, i, None):  # not items[i:], a copy of the rest
        if isinstance(item, Box):
            break
        if isinstance(item, Glue):
            width += item.width
            stretch += item.stretch
            shrink += item.shrink
        elif item.cost <= -INFINITY and item is not items[i]:
            break
    return width, stretch, shrink


# --- reportlab's words as items, and the chosen breaks back as reportlab's lines ------


class _SHYTail(rl._SHYWord, rl._SplitFrag):  # type: ignore[misc]
    """The rest of a word split at a soft hyphen, with no space after it."""


def _shyphenate(word: Any, new_width: float, max_width: float) -> Any:
    """reportlab's split of a word at a soft hyphen, its rest followed by a space
    only where the word was: reportlab always adds one, so "<b>resilience</b>
    sharing" split after "re-" drew "silience  sharing", two spaces (the word and
    the empty word that carries the space both have one), a space wider than
    the line was measured for and past the right margin when justified."""
    pair = _SHY_SPLIT(word, new_width, max_width)
    if pair and not isinstance(word, rl._HSFrag):
        pair[1].__class__ = _SHYTail
    if pair:
        _own_hyphen_only(pair[0])
    return pair


class _OwnHyphenIndexed(rl._SHYIndexedStr):  # type: ignore[misc]
    """A word's head ending in its own hyphen (kept when the word is joined again)."""


class _OwnHyphenSHY(rl._SHYStr):  # type: ignore[misc]
    """The same, in a one-fragment paragraph."""


def _own_hyphen_only(head: Any) -> None:
    """A split after a compound's own hyphen ("decision-" + soft hyphen) draws that
    hyphen alone: reportlab adds one at every soft hyphen ("decision--")."""
    font, text = head[-1]
    if text.endswith("--"):
        indices = getattr(text, "_shyIndices", [])
        head[-1] = (font, _OwnHyphenIndexed(text[:-1], indices))
        head[0] -= stringWidth("-", font.fontName, font.fontSize)
        # Not a head "with a hyphen to remove" when the word is joined again.
        head.__class__ = _SplitFragSH


class _SplitFragSH(rl._SHYWord, rl._SplitFragH):  # type: ignore[misc]
    """A word's head split after its own hyphen: nothing to take off when rejoined."""


def _shy_unsplit(s: Any, ss: Any = None) -> Any:
    """reportlab's join of a word split at a soft hyphen (a split paragraph's rest is
    rebuilt from its lines) strips every "-" ending the head: a compound broken at
    its own hyphen came back "postwar". That hyphen is the text's: kept."""
    if not isinstance(s, (_OwnHyphenIndexed, _OwnHyphenSHY)):
        return _SHY_UNSPLIT(s, ss)
    if ss is None:
        return s
    indices = list(getattr(s, "_shyIndices", ()))
    if indices and hasattr(ss, "_shyIndices"):
        indices += [i + indices[-1] for i in ss._shyIndices]
    return rl._SHYIndexedStr(str(s) + ss, indices)


_SHY_UNSPLIT = rl._shyUnsplit
rl._shyUnsplit = _shy_unsplit


_SHY_SPLIT = rl._SHYWord.shyphenate
rl._SHYWord.shyphenate = _shyphenate


def _shysplit(word: Any, *args: Any, **kw: Any) -> Any:
    """reportlab's split of a one-fragment paragraph's word at a soft hyphen, with
    the hyphen it adds left out after a compound's own ("post-" + "war", not "post--")."""
    pair = _SHYSTR_SPLIT(word, *args, **kw)
    if pair and pair[0].endswith("--"):
        head = _OwnHyphenSHY(pair[0][:-1])
        head.__sp__ = pair[0].__sp__
        pair[0] = head
    return pair


_SHYSTR_SPLIT = rl._SHYStr.__shysplit__
rl._SHYStr.__shysplit__ = _shysplit

SHY = "\xad"
FIT = 0.01  # points over a line's natural width given to reportlab's breaker


def break_lines(para: Any, width: Any, first_fit: Callable[[Any], Any]) -> Any:
    """reportlab's `blPara` for `para` at `width`, with the lines chosen here.

    reportlab's own breaker (`first_fit`) is given one width per line, each just
    wider than the line chosen here, so that it builds exactly those lines with
    its own structures (fragments, hyphens, split words); each line's unused
    width is then set to what it is at the true measure, which is what
    justification (or shrinking, when negative) draws from.
    """
    style: ParagraphStyle = para.style
    if style.alignment not in (TA_JUSTIFY, TA_LEFT) or getattr(style, "endDots", None):
        return first_fit(width)
    asked = list(width) if isinstance(width, (list, tuple)) else [width]
    real = list(asked)
    rl._handleBulletWidth(para.bulletText, style, real)
    # Kept, not taken: reportlab may break a part again (a wrap after its split), and
    # its own first fit set the rest of a split paragraph anew, a line at +161 %.
    lines: list[float] | None = para.__dict__.get("kept_lines")
    if para.__dict__.get("kept_measure", real[-1]) != real[-1]:
        lines = None  # a second part set in a measure other than the whole's
    if lines is None:
        lines = _choose(para, style, real)
        if lines is None:
            return first_fit(width)
    para.chosen_lines = lines  # a split's parts keep them (`keep_lines`)
    para.chosen_measure = real[-1]
    given = list(lines)
    given[0] += asked[0] - real[0]  # reportlab takes the bullet's overhang off again
    para.style = _plain(style)
    try:
        blpara = first_fit(given)
    finally:
        para.style = style
    for i, line in enumerate(blpara.lines):
        measure = real[min(i, len(real) - 1)]
        used = lines[min(i, len(lines) - 1)]
        if isinstance(line, tuple):
            blpara.lines[i] = (line[0] + measure - used, line[1])
        else:
            line.extraSpace += measure - used
            line.maxWidth = measure
    return blpara


def _choose(para: Any, style: ParagraphStyle, real: list[float]) -> list[float] | None:
    """The width to give reportlab's breaker for each line, or None (its own breaks)."""
    model = _items(para, real[0])
    if model is None:
        return None
    # Ragged text (reference lists, table cells) is set first fit, as reportlab
    # sets it, not evened out paragraph-wide (lines of nearly one length are
    # not ragged-right), but by these items: reportlab's own first fit breaks
    # a compound at its hyphen and, broken again, drops it ("nonNATO").
    found = greedy(model, real) if style.alignment == TA_LEFT else breaks(model, real)
    if found is None:
        return None
    given = [w + FIT for w in _naturals(model, found)]
    rest = found[-1] != len(model) - 1  # greedy's lines stop before an overlong word
    for i, end in enumerate(found):
        item = model[end]
        if isinstance(item, Penalty):
            # reportlab measures a split at a soft hyphen with the hyphen it would add,
            # which _own_hyphen_only takes off again: room for it, or it splits earlier.
            given[i] += item.own_hyphen
    if rest:
        given.append(real[min(len(given), len(real) - 1)])
    else:
        given[-1] = max(given[-1], real[min(len(given), len(real)) - 1])
    return given


def keep_lines(whole: Any, parts: list[Any]) -> None:
    """A split's parts are broken again by reportlab (from their lines' words).
    The first must get the lines it was split with, or it may come out a line
    taller than the room it was split for (reportlab's "Splitting error"); the
    second gets the rest of the whole's lines, which reportlab's first fit would
    otherwise set anew, looser and hyphenated more, when it is set in the same
    measure."""
    if len(parts) == 2:
        # The second part can begin with the break after a soft hyphen, which
        # reportlab draws as a space too many ("silience  sharing"), overflowing.
        frags = parts[1].frags
        while frags and isinstance(frags[0], rl._InjectedFrag):
            del frags[0]  # the line break after the first part's hyphen
    chosen = whole.__dict__.get("chosen_lines")
    if chosen is None or len(parts) != 2 or not hasattr(parts[0], "blPara"):
        return
    built = getattr(whole.__dict__.get("blPara"), "lines", None)
    if built is None or len(built) != len(chosen):
        # reportlab built other lines than those chosen (a part of a part, its first line
        # given another width): the chosen ones would be handed to the wrong words.
        return
    first = len(parts[0].blPara.lines)
    parts[0].kept_lines = chosen[:first]
    if len(chosen) > first:
        parts[1].kept_lines = chosen[first:]
        parts[1].kept_measure = whole.chosen_measure


_PLAIN: dict[int, tuple[ParagraphStyle, ParagraphStyle]] = {}


def _plain(style: ParagraphStyle) -> ParagraphStyle:
    """`style` for reportlab's breaker taking our widths: no breaks of its own."""
    cached = _PLAIN.get(id(style))
    if cached is None or cached[0] is not style:
        plain = ParagraphStyle(f"{style.name}-plain", parent=style)
        plain.hyphenationLang = ""  # reportlab reads "" as none
        plain.uriWasteReduce = 0
        plain.embeddedHyphenation = 0
        plain.spaceShrinkage = 0
        cached = _PLAIN[id(style)] = (style, plain)
    return cached[1]


def _items(para: Any, measure: float) -> list[Item] | None:
    """The paragraph as boxes, glue and penalties; None where reportlab's words are
    of a kind not modelled here (it then breaks the paragraph itself)."""
    frags = para.frags
    style = para.style
    if not frags or "_memo" not in para.__dict__:
        # A split's second part (built from lines, not markup) can begin "silience
        # sharing" with two spaces, both drawn (reportlab's join of a hyphenated
        # word): measured here it would overflow, so reportlab breaks it.
        return None
    items: list[Item] = []
    simple = len(frags) == 1 and not (
        hasattr(frags[0], "cbDefn") or hasattr(frags[0], "backColor")
        or rl._processed_frags(frags)
    )
    if simple:
        f = frags[0]
        words = rl.split(rl.strip(f.text)) if hasattr(f, "text") else list(f.words)
        if not words or any(isinstance(w, rl._SplitWord) for w in words):
            return None
        space = stringWidth(" ", f.fontName, f.fontSize)
        previous = ""
        for word in words:
            if items:
                width = stringWidth(previous, f.fontName, f.fontSize)
                items.append(_space(space, len(previous) + 1, width, f.fontSize))
            _word(items, _pieces(word), f.fontName, f.fontSize)
            previous = word.replace(SHY, "")
    else:
        if style.justifyBreaks or getattr(para, "_splitpara", 0):
            return None
        glue: Glue | None = None
        for w in rl._getFragWords(frags, measure):
            if isinstance(w, (rl._SplitFragH, rl._InjectedFrag)):
                return None  # a word already split: reportlab's own re-break handles it
            first, last = w[1][0], w[-1][0]
            if first._fkind == rl._FK_BREAK:
                items += [Glue(0, INFINITY, 0), Penalty(0, -INFINITY)]
                glue = None
                continue
            if glue is not None:
                items.append(glue)
            if len(w) == 2 and first._fkind == rl._FK_TEXT and not hasattr(first, "cbDefn"):
                text = w[1][1]
                if w[0] > measure and _ADDRESS.search(text):
                    _url(items, text, first.fontName, first.fontSize)
                else:
                    _word(items, _pieces(text), first.fontName, first.fontSize)
            else:
                items.append(Box(w[0]))
            glue = None
            if isinstance(w, rl._HSFrag):
                space = stringWidth(" ", last.fontName, last.fontSize)
                glyphs = sum(len(str(t).replace(SHY, "")) for _, t in w[1:]) + 1
                glue = _space(space, glyphs, w[0], last.fontSize)
    if not items:
        return None
    if isinstance(items[-1], Penalty):
        items = items[:-2]  # a trailing <br/>: the paragraph's end breaks there anyway
    return [*items, Glue(0, INFINITY, 0), Penalty(0, -INFINITY)]


def _pieces(word: str) -> list[str]:
    if SHY in word:
        return word.split(SHY)
    points = getattr(word, "__sp__", None) or getattr(word, "_shyIndices", None)
    if points:
        edges = [0, *points, len(word)]
        return [word[a:b] for a, b in itertools.pairwise(edges)]
    return [word]


def _space(width: float, glyphs: int, word: float, size: float) -> Glue:
    """A word space of `width` points, and the letters' share (render/tracking.py) of
    the word before it, `glyphs` long with the space and `word` points wide."""
    return Glue(
        width,
        width * STRETCH + letters_room(glyphs, word + width, size, True),
        width * SHRINK + letters_room(glyphs, word + width, size, False),
    )


def _word(items: list[Item], pieces: list[str], font: str, size: float) -> None:
    hyphen = stringWidth("-", font, size)
    for j, piece in enumerate(pieces):
        if j:
            if pieces[j - 1].endswith("-"):  # after the compound's own hyphen: none added
                items.append(Penalty(0.0, OWN_HYPHEN_PENALTY, flagged=True, own_hyphen=hyphen))
            else:
                items.append(Penalty(hyphen, HYPHEN_PENALTY, flagged=True))
        items.append(Box(stringWidth(piece, font, size)))


URL_PENALTY = 50.0  # a break after a URL's slash: no hyphen, read as the URL goes on
_AFTER_SLASH = re.compile(r"(?<=/)(?=[^/])")


def _url(items: list[Item], text: str, font: str, size: float) -> None:
    """An address wider than the line, breakable after each slash (Chicago 7.42, and
    Typst): reportlab cuts a word wider than the line where the line's width ends, so
    a line given the width up to a slash ends there ("…/doc/" / "Publication/…")."""
    pieces = [p for p in _AFTER_SLASH.split(str(text)) if p]
    if pieces and pieces[0].endswith("://"):  # never "https://" alone
        pieces[:2] = ["".join(pieces[:2])]
    for j, piece in enumerate(pieces):
        if j:
            items.append(Penalty(0.0, URL_PENALTY))
        items.append(Box(stringWidth(piece, font, size)))


def _naturals(items: list[Item], found: list[int]) -> list[float]:
    """Each chosen line's natural width (a hyphen included where it breaks)."""
    out: list[float] = []
    start = 0
    for end in found:
        width = 0.0
        seen_box = False
        for item in items[start:end]:
            if isinstance(item, Box):
                width += item.width
                seen_box = True
            elif isinstance(item, Glue) and seen_box:
                width += item.width
        last = items[end]
        if isinstance(last, Penalty):
            width += last.width
        out.append(width)
        start = end + 1
    return out


# --- soft hyphens: where a word may break, in its language ------------------------------

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’ʼ\-])*[^\W\d_]")
_JOINS = re.compile(r"(['’ʼ\-])")
_TOKEN = re.compile(r"\S+")
# A web or e-mail address printed as text (a suggested citation's URL): never hyphenated,
# "https://exam-/ple.org" would read as another address.
_ADDRESS = re.compile(r"://|@|^\(?www\.|\.(?:org|com|net|gov|int|edu|eu|uk)\b", re.IGNORECASE)
_LAST_WORD = re.compile(r"\S+\s+$")
MIN_PART = 5  # letters: shorter components are never broken


def mark_breaks(para: Any) -> None:
    """No-break spaces before spaced dashes, and soft hyphens by the style's language,
    in a freshly parsed paragraph's text (none in links and code, whose text is copied
    as it reads)."""
    hyphenator = getattr(para.style, "hyphenationLang", None)
    if not isinstance(hyphenator, Hyphenator):
        hyphenator = None
    for frag in para.frags:
        text = getattr(frag, "text", None)
        if text and not getattr(frag, "link", None) and "Mono" not in frag.fontName:
            text = bind_dashes(text)
            if hyphenator is not None:
                # reportlab drops the space after a soft-hyphenated word that ends its
                # fragment ("entity, &" printed "entity,&"): that word keeps none.
                tail = _LAST_WORD.search(text)
                cut = tail.start() if tail else len(text)
                text = soft_hyphens(text[:cut], hyphenator) + text[cut:]
            frag.text = text


# No line starts with a spaced dash (" — "): a no-break space binds it to the word
# before, as Ukrainian and Russian typography ask and English spaced dashes want.
_SPACED_DASH = re.compile(" (?=[\u2014\u2013] )")


def bind_dashes(text: str) -> str:
    return _SPACED_DASH.sub("\xa0", text)


def bind_numbers(para: Any) -> None:
    """No-break spaces in display text (`paragraph.Balanced`) after a number before
    a lower-case word ("$3.78 billion", "25 percent") and before a short number
    after a capitalised word ("Year 2027", "Option 1:")."""
    for frag in para.frags:
        text = getattr(frag, "text", None)
        if text and not getattr(frag, "link", None):
            frag.text = _NUMBER_SPACE.sub(_number_space, text)


_NUMBER_SPACE = re.compile(r"(\S+) (?=(\S+))")
_COUNTED = re.compile(r"\d[%‰]?$")
_SHORT_NUMBER = re.compile(r"\d{1,4}[.,:;)]?$")
_YEAR = re.compile(r"\(?(1[89]|20)\d\d$")  # "in 2027 and": a year counts nothing


def _number_space(match: re.Match[str]) -> str:
    before, after = match.group(1), match.group(2)
    counts = bool(_COUNTED.search(before)) and after[:1].islower() and not _YEAR.match(before)
    named = before[:1].isupper() and before.isalpha() and bool(_SHORT_NUMBER.match(after))
    return before + ("\xa0" if counts or named else " ")


def soft_hyphens(text: str, hyphenator: Hyphenator) -> str:
    """`text` with a soft hyphen at every place its words may break.

    A compound breaks only after its own hyphens ("pay-as-you-go", "re-emerge"),
    and a word with an apostrophe (Ukrainian "з’їжджаються") per part: pyphen
    given the whole would place breaks beside the join ("re-e-merge").
    """
    lang = hyphenator.lang

    def token(match: re.Match[str]) -> str:
        text = match.group(0)
        if _ADDRESS.search(text):  # a hyphen inserted in an address reads as part of it
            return text
        return _WORD.sub(lambda m: _hyphenate_word(m.group(0), lang), text)

    return _TOKEN.sub(token, text)


def _hyphenate_word(word: str, lang: str) -> str:
    parts = _JOINS.split(word)
    # A compound breaks only at its own hyphen ("burden-" / "sharing", never
    # "burden-shar-" / "ing"), as style guides ask; a word with an apostrophe
    # (Ukrainian "з’їжджаються") is one word and breaks inside its parts.
    compound = "-" in parts
    out = [part if compound else _hyphenate_part(part, lang) for part in parts]
    # A compound may also break after its own hyphen ("decision-" / "making"): a soft
    # hyphen there, which draws nothing more than that hyphen (_own_hyphen_only).
    for i in range(1, len(parts) - 1):
        if parts[i] == "-" and len(parts[i - 1]) >= 2 and len(parts[i + 1]) >= 2:
            out[i] = "-" + SHY
    return "".join(out)


def _hyphenate_part(part: str, lang: str) -> str:
    cuts = positions(lang, part) if len(part) >= MIN_PART and not _JOINS.fullmatch(part) else ()
    if not cuts:
        return part
    edges = [0, *sorted({_between_doubled(part, cut) for cut in cuts}), len(part)]
    return SHY.join(part[a:b] for a, b in itertools.pairwise(edges))


_VOWELS = frozenset("аеєиіїоуюяыэёaeiouy")


def _between_doubled(part: str, cut: int) -> int:
    """A break before a doubled consonant moved between the two, as Ukrainian and
    Russian divide them ("зобов'язан-ня", "кас-са"; pyphen's uk patterns give
    "зобов'яза-ння"); Cyrillic words only, two letters kept each side."""
    pair = part[cut : cut + 2]
    if (
        len(pair) == 2
        and pair[0] == pair[1]
        and "\u0400" <= pair[0] <= "\u04ff"
        and pair[0].lower() not in _VOWELS
        and len(part) - cut - 1 >= 2
    ):
        return cut + 1
    return cut


# --- hyphens drawn at line ends that the text does not have ---------------------------
#
# A word broken at a line end is drawn with a hyphen the text does not have ("re-" /
# "garding"); tagging.HyphenText draws that hyphen inside a Span whose ActualText
# says it is a soft hyphen, so that copy-paste and screen readers get "regarding".
# Which hyphens those are is read off the lines as built, against the paragraph's
# text: whatever broke them (our breaker, reportlab's own when it sets a paragraph,
# or its hyphenator), a line whose last character is a "-" that is not the text's
# next character ends in an inserted hyphen, and one whose "-" is ("decision-" /
# "making" broken at its own hyphen) does not.


@dataclass(frozen=True, slots=True)
class Hyphens:
    lines: frozenset[int]  # lines ending in an inserted hyphen
    ends: tuple[int, ...]  # each line's end in the source (where the next line starts)


_NONE = Hyphens(frozenset(), ())


def _text(frags: list[Any]) -> str:
    """A paragraph's text as the lines draw it: no spaces, no soft hyphens."""
    parts = [f.text if hasattr(f, "text") else " ".join(getattr(f, "words", ())) for f in frags]
    return "".join("".join(parts).split()).replace(SHY, "")


def _source(para: Any) -> tuple[str, int] | None:
    """The text `para`'s lines are drawn from and where its first line starts in it:
    a split part's is the whole's (`keep_source`); otherwise the parse's."""
    held: tuple[str, int] | None = para.__dict__.get("hyphen_source")
    if held is not None:
        return held
    memo = para.__dict__.get("_memo")
    if memo is None:
        return None
    if memo.source is None:
        memo.source = _text(memo.parsed.get("frags") or [])
    return memo.source, 0


def _line_text(line: Any) -> str:
    if isinstance(line, tuple):  # a paragraph of one fragment: (extra space, words)
        return " ".join(line[1])
    return "".join(getattr(w, "text", "") or "" for w in line.words if not hasattr(w, "cbDefn"))


def hyphens(para: Any) -> Hyphens:
    """The lines of `para.blPara` that end in an inserted hyphen (kept on the lines,
    which the memo shares between paragraphs of one text)."""
    blpara = para.__dict__.get("blPara")
    if blpara is None:
        return _NONE
    # Kept with the lines they were read from: reportlab's split clones the whole's
    # blPara, attributes and all, into the frag its part is broken from again.
    cached = blpara.__dict__.get("_hyphens")
    if cached is not None and cached[0] is blpara.lines:
        found: Hyphens = cached[1]
        return found
    held = _source(para)
    if held is None:
        found = _NONE
    else:
        source, pos = held
        lines: set[int] = set()
        ends: list[int] = []
        for i, line in enumerate(blpara.lines):
            drawn = "".join(_line_text(line).split()).replace(SHY, "")
            if source.startswith(drawn, pos):
                pos += len(drawn)
            elif drawn.endswith("-") and source.startswith(drawn[:-1], pos):
                lines.add(i)
                pos += len(drawn) - 1
            else:
                break  # not drawn as the text reads (a transform): nothing more is known
            ends.append(pos)
        found = Hyphens(frozenset(lines), tuple(ends))
    blpara._hyphens = (blpara.lines, found)
    return found


def inserted_hyphens(para: Any) -> dict[int, Any]:
    """Line index -> the text the drawing of that line passes last (reportlab draws
    a fragment's text as it is, so it is found by identity), for each line that ends
    in an inserted hyphen; None for a one-fragment paragraph, whose line is drawn
    as one string."""
    found = hyphens(para)
    if not found.lines:
        return {}
    lines = para.blPara.lines
    out: dict[int, Any] = {}
    for i in found.lines:
        line = lines[i]
        if isinstance(line, tuple):
            out[i] = None
            continue
        last = next(
            (w.text for w in reversed(line.words) if not hasattr(w, "cbDefn") and w.text.strip()),
            None,
        )
        if last is not None and last.rstrip().endswith("-"):
            out[i] = last
    return out


def keep_source(whole: Any, found: Hyphens, parts: list[Any]) -> None:
    """A split's parts are drawn from the whole's text: the first from where the
    whole starts, the second from where the first's lines end (each part's own text,
    rebuilt from the lines, has the first's hyphen as a character). `found` is the
    whole's `hyphens`, read before reportlab split its lines."""
    held = _source(whole)
    if held is None or len(parts) != 2 or not hasattr(parts[0], "blPara"):
        return
    first = len(parts[0].blPara.lines)
    parts[0].hyphen_source = held
    if 0 < first <= len(found.ends):
        parts[1].hyphen_source = (held[0], found.ends[first - 1])
