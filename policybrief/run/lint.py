"""`--lint`: advice a head of unit would give on a brief, as `note:` diagnostics.

Each finding says why, and the threshold it used (a key under the layout's `lint:`,
`model/layout.py`), per edition, each target resolved as `run/report.py` does.
`--strict` makes them errors. Checks:

- words per section and in total against `lint.words` / `lint.section_words`, and the
  summary against `lint.summary_words`;
- the number of key takeaways and of recommendations (call-to-action points), and a
  takeaway longer than `lint.takeaway_lines` lines at the layout's measure (its width
  in the body font by reportlab's metrics, `render/measure.py`, loaded only here);
- balance: an option with pros and no cons (or the reverse), an options section with one
  option, a pros/cons table with `lint.pros_per_con` times as many on one side;
- a call to action without an actor. Heuristic: a recommendation names who should act
  when its text (or its section's text) has a word from `_ACTORS` ("government",
  "Congress", "you", ...), or says "<someone> should/must/will"; else it is a note;
- readability against the layout's target: Flesch-Kincaid grade for English, Flesch
  reading ease for the other languages textstat covers (de, es, fr, it, nl, pl, ru,
  hu); other languages (uk) are skipped with a warning, so that `--strict` passes;
- an acronym used before it is expanded as "Long Name (ACR)" in the edition, unless
  `lint.known_acronyms` lists it or a capitalised word follows it (a name: "RAND
  Corporation");
- an exhibit (figure, table, box with an id) that no cross-reference names;
- one URL given by two references;
- double spaces, and a heading in capitals (a layout's `headings.uppercase`
  capitalises for you). Straight quotes need no finding: the typographer prints
  them curly in the language's style (load/typography.py).

A reference never cited is already a warning of the checks (load/checks.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from policybrief.diagnostics import Diagnostic, Severity
from policybrief.load.labels import language
from policybrief.load.layouts import LoadedLayout
from policybrief.load.yamlsource import SourceDoc
from policybrief.model.inline import Cite, Note, NoteRef, Run, XRef, inline_groups
from policybrief.model.layout import Layout
from policybrief.model.paths import Origin
from policybrief.model.resolved import (
    Analysis,
    Options,
    ProsCons,
    Prose,
    ResolvedBrief,
    RPoint,
    Summary,
    Takeaways,
)
from policybrief.resolve import FULL, resolve
from policybrief.resolve.edition import language_of
from policybrief.run.build import Report, target_of

_WORD = re.compile(r"\w[\w'’-]*")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,}s?\b")
_ACTORS = re.compile(
    r"\b(government|governments|ministry|ministries|minister|ministers|parliament|congress"
    r"|senate|administration|president|department|agency|agencies|council|commission"
    r"|allies|members|states|legislators|policymakers|authorities|leaders|we|you|citizens"
    r"|ukraine|washington|kyiv|brussels|nato|eu|us|uk|un)\b",
    re.IGNORECASE,
)
_SHOULD = re.compile(r"\b\w+\s+(should|must|will|needs? to|ought to)\b", re.IGNORECASE)
_TEXTSTAT_EASE = ("de", "es", "fr", "it", "nl", "pl", "ru", "hu")  # textstat 0.7.4's tables


@dataclass(frozen=True)
class Finding:
    origin: Origin | None  # None: the edition as a whole (its first line)
    message: str


def lint(report: Report, strict: bool) -> list[Diagnostic]:
    """Every finding of every target of a valid brief; errors under `strict`."""
    if report.valid is None or report.doc is None:
        return []
    doc = report.doc
    out: list[Diagnostic] = []
    seen: set[tuple[str, int, int, str]] = set()
    for edition, loaded in report.layouts_used.items():
        target = target_of(report.valid, edition)
        resolved = resolve(
            target,
            source=doc.file,
            lang=language(language_of(target)),
            takeaways_first=loaded.layout.takeaways.position == "before_summary",
        )
        for finding, severity in _findings(resolved, loaded):
            d = _locate(doc, finding, edition)
            d = replace(
                d, severity=Severity.ERROR if strict and severity is Severity.NOTE else severity
            )
            key = (d.file, d.line, d.column, d.message)
            if key not in seen:  # an edition that shares a section says it once
                seen.add(key)
                out.append(d)
    out += [replace(d, severity=Severity.ERROR) if strict else d for d in _urls_twice(report)]
    return out


def _locate(doc: SourceDoc, finding: Finding, edition: str) -> Diagnostic:
    who = "" if edition == FULL else f"edition '{edition}': "
    path = finding.origin.path if finding.origin else ()
    return replace(doc.diagnostic(path, who + finding.message), severity=Severity.NOTE)


def _findings(brief: ResolvedBrief, loaded: LoadedLayout) -> Iterator[tuple[Finding, Severity]]:
    rules = loaded.layout.lint
    for f in (
        *_words(brief, loaded.layout),
        *_takeaways(brief, loaded),
        *_balance(brief, rules.pros_per_con),
        *_actors(brief, rules.recommendations_max),
        *_acronyms(brief, set(rules.known_acronyms)),
        *_exhibits(brief),
        *_typography(brief),
    ):
        yield f, Severity.NOTE
    yield from _readability(brief, loaded.layout)


# --- text of the resolved brief -------------------------------------------------


def _text(blocks: tuple[Any, ...]) -> str:
    """The words of Markdown blocks (and of exhibits' own blocks), citations left out."""
    parts: list[str] = []
    for block in blocks:
        inner = getattr(block, "blocks", None)
        if inner is not None and not hasattr(block, "inlines"):
            parts.append(_text(tuple(inner)))
            parts.extend(_text(p.blocks) for p in getattr(block, "points", ()))
            continue
        try:
            groups = inline_groups(block)
        except (AttributeError, TypeError):  # an exhibit kind with no text of its own
            continue
        for group in groups:
            parts.append("".join(_inline_text(i) for i in group))
    return "\n\n".join(p for p in parts if p)


def _inline_text(inline: Any) -> str:
    if isinstance(inline, Run):
        return inline.text
    if isinstance(inline, XRef):
        return "".join(text for text, _ in inline.parts)
    if isinstance(inline, Cite | Note | NoteRef):  # a footnote's mark: not a word break
        return ""
    parts = getattr(inline, "parts", None)  # a citation mark resolved to its numbers
    return "" if parts is not None else " "


def _points_text(points: tuple[RPoint, ...]) -> str:
    return "\n\n".join(f"{p.label + '. ' if p.label else ''}{_text(p.blocks)}" for p in points)


def _sections(brief: ResolvedBrief) -> Iterator[tuple[str, Origin, str]]:
    """(heading, origin, text) of every section with prose, references apart."""
    for s in brief.sections:
        match s:
            case Summary(heading=h, origin=o, blocks=b):
                yield h, o, _text(b)
            case Takeaways(heading=h, origin=o, points=p):
                yield h, o, _points_text(p)
            case Prose(heading=h, origin=o, blocks=b, points=p):
                yield h, o, _text(b) + "\n\n" + _points_text(p)
            case Options(heading=h, origin=o, intro=i, items=items):
                text = [_text(i)] + [
                    f"{x.title}. {_text(x.blocks)}\n\n{_points_text((*x.pros, *x.cons))}"
                    for x in items
                ]
                yield h, o, "\n\n".join(text)
            case Analysis(heading=h, origin=o, sections=subs):
                yield (
                    h,
                    o,
                    "\n\n".join(
                        f"{sub.heading}. {_text(sub.blocks)}\n\n{_points_text(sub.points)}"
                        for sub in subs
                    ),
                )
            case ProsCons(heading=h, origin=o, intro=i, pros=pros, cons=cons):
                yield h, o, f"{_text(i)}\n\n{_points_text(pros)}\n\n{_points_text(cons)}"


def _count(text: str) -> int:
    return len(_WORD.findall(text))


# --- the checks --------------------------------------------------------------


def _words(brief: ResolvedBrief, layout: Layout) -> Iterator[Finding]:
    rules = layout.lint
    total = 0
    first: Origin | None = None
    for heading, origin, text in _sections(brief):
        n = _count(text)
        total += n
        first = first or origin
        summary = isinstance(_section_at(brief, origin), Summary)
        budget = rules.summary_words if summary else rules.section_words
        key = "lint.summary_words" if summary else "lint.section_words"
        if budget is not None and n > budget:
            why = (
                "the summary is what a busy reader reads, beside the title on page one"
                if summary
                else "one section should not outweigh the brief"
            )
            yield Finding(origin, f"'{heading}' has {n} words, over {budget} ({key}): {why}")
    if rules.words is not None and total > rules.words:
        yield Finding(
            first,
            f"{total} words in all, over {rules.words} (lint.words): a policy briefing is read"
            " in minutes; cut, or move detail to an annex",
        )


def _section_at(brief: ResolvedBrief, origin: Origin) -> object:
    return next((s for s in brief.sections if s.origin is origin), None)


def _takeaways(brief: ResolvedBrief, loaded: LoadedLayout) -> Iterator[Finding]:
    rules = loaded.layout.lint
    for s in brief.sections:
        if not isinstance(s, Takeaways):
            continue
        n = len(s.points)
        if not rules.takeaways_min <= n <= rules.takeaways_max:
            yield Finding(
                s.origin,
                f"{n} key takeaways, outside {rules.takeaways_min}-{rules.takeaways_max}"
                " (lint.takeaways_min, lint.takeaways_max): a reader keeps three to five",
            )
        measure = _measure(loaded.layout)
        for point in s.points:
            lines = _lines(_points_text((point,)), loaded, measure)
            if lines > rules.takeaway_lines:
                yield Finding(
                    point.origin,
                    f"this takeaway runs to about {lines} lines, over {rules.takeaway_lines}"
                    " (lint.takeaway_lines): a takeaway is read at a glance",
                )


def _measure(layout: Layout) -> float:
    """The takeaways box's line width: the text width less the box's padding (6 pt a side)."""
    width, _ = layout.page.trim_size()
    margins = layout.page.margins
    return width - margins.left - margins.right - 2 * 6 - layout.type.size  # bullet indent


def _lines(text: str, loaded: LoadedLayout, measure: float) -> int:
    from policybrief.render.measure import body_width  # reportlab: only with --lint

    lines, current = 1, ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and body_width(trial, loaded.layout, loaded.path.parent) > measure:
            lines, current = lines + 1, word
        else:
            current = trial
    return lines


def _balance(brief: ResolvedBrief, ratio: float) -> Iterator[Finding]:
    for s in brief.sections:
        if isinstance(s, Options):
            if len(s.items) == 1:
                yield Finding(
                    s.origin, "an options section with one option: a choice needs two at least"
                )
            for item in s.items:
                if item.pros and not item.cons:
                    yield Finding(
                        item.origin,
                        f"option '{item.title}' has {len(item.pros)} pros and no cons: every"
                        " option has a cost, and a reader who sees none distrusts the rest",
                    )
                elif item.cons and not item.pros:
                    yield Finding(
                        item.origin,
                        f"option '{item.title}' has {len(item.cons)} cons and no pros: say why"
                        " anyone proposes it, or leave it out",
                    )
        if isinstance(s, ProsCons) and s.pros and s.cons:
            more, fewer = max(len(s.pros), len(s.cons)), min(len(s.pros), len(s.cons))
            yield from _ratio(s, more, fewer, ratio)


def _ratio(s: ProsCons, more: int, fewer: int, ratio: float) -> Iterator[Finding]:
    if more >= ratio * fewer:
        side = "pros" if len(s.pros) > len(s.cons) else "cons"
        yield Finding(
            s.origin,
            f"{len(s.pros)} pros and {len(s.cons)} cons: {more}:{fewer} {side} reads as advocacy,"
            f" not analysis (lint.pros_per_con {ratio:g})",
        )


def _actors(brief: ResolvedBrief, most: int) -> Iterator[Finding]:
    english = brief.language.split("-")[0].lower() == "en"  # the actor words are English
    for s in brief.sections:
        if not (isinstance(s, Prose) and s.name.value == "call_to_action"):
            continue
        if len(s.points) > most:
            yield Finding(
                s.origin,
                f"{len(s.points)} recommendations, over {most} (lint.recommendations_max):"
                " a reader acts on a few",
            )
        intro = _text(s.blocks)
        for point in s.points:
            text = _points_text((point,))
            named = _ACTORS.search(text) or _SHOULD.search(text) or _ACTORS.search(intro)
            if english and not named:
                yield Finding(
                    point.origin,
                    "this recommendation names no one to act (no government, body or reader"
                    " named, no 'X should'): say who should do it",
                )


def _readability(brief: ResolvedBrief, layout: Layout) -> Iterator[tuple[Finding, Severity]]:
    rules = layout.lint
    text = "\n\n".join(t for _, _, t in _sections(brief))
    first = brief.sections[0].origin if brief.sections else None
    if not text.strip():
        return
    lang = brief.language.split("-")[0].lower()
    import textstat  # pure Python on pyphen: only with --lint

    if lang == "en" and rules.grade is not None:
        textstat.set_lang("en")
        grade = float(textstat.flesch_kincaid_grade(text))
        if grade > rules.grade:
            yield (
                Finding(
                    first,
                    f"reads at Flesch-Kincaid grade {grade:.1f}, above the target {rules.grade:g}"
                    " (lint.grade): shorter sentences and words reach more readers",
                ),
                Severity.NOTE,
            )
    elif lang in _TEXTSTAT_EASE and rules.reading_ease is not None:
        textstat.set_lang(lang)
        ease = float(textstat.flesch_reading_ease(text))
        if ease < rules.reading_ease:
            yield (
                Finding(
                    first,
                    f"Flesch reading ease {ease:.0f}, below the target {rules.reading_ease:g}"
                    " (lint.reading_ease): shorter sentences and words reach more readers",
                ),
                Severity.NOTE,
            )
    elif lang not in _TEXTSTAT_EASE and lang != "en":
        yield (
            Finding(
                first,
                f"readability not checked: textstat has no rules for '{brief.language}' (covered:"
                f" en, {', '.join(_TEXTSTAT_EASE)})",
            ),
            Severity.WARNING,
        )


def _acronyms(brief: ResolvedBrief, known: set[str]) -> Iterator[Finding]:
    expanded: set[str] = set()
    flagged: set[str] = set()
    for heading, origin, text in _sections(brief):
        for found in re.finditer(r"\(([A-Z][A-Z0-9]+)s?\)", text):
            expanded.add(found.group(1))
        for match in _ACRONYM.finditer(f"{heading}\n{text}"):
            word = match.group(0).rstrip("s") if match.group(0).endswith("s") else match.group(0)
            if word in known or word in expanded or word in flagged or len(word) < 2:
                continue
            # three characters: the space and two letters of "Corporation" (two missed it)
            after = f"{heading}\n{text}"[match.end() : match.end() + 3]
            before = f"{heading}\n{text}"[max(0, match.start() - 1) : match.start()]
            if before == "(":
                expanded.add(word)
                continue
            if re.match(r"\s[A-Z][a-z]", after):  # part of a name: "RAND Corporation"
                continue
            flagged.add(word)
            yield Finding(
                origin,
                f"'{word}' in '{heading}' is used before it is expanded: write it out on first"
                f" use, as 'Full Name ({word})' (or list it in lint.known_acronyms)",
            )


def _exhibits(brief: ResolvedBrief) -> Iterator[Finding]:
    """An exhibit with an id that no cross-reference of the edition names."""
    anchors: dict[str, tuple[Origin, str]] = {}
    referenced: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, XRef):
            referenced.update(a for _, a in node.parts if a)
            return
        if isinstance(node, (tuple, list)):
            for item in node:
                visit(item)
            return
        if not hasattr(node, "__dataclass_fields__"):
            return
        anchor = getattr(node, "anchor", None)
        number = getattr(node, "number", None)
        kind = type(node).__name__
        if anchor and kind in ("Figure", "DataTable", "Box") and number:
            anchors[anchor] = (node.origin, kind)
        for name in node.__dataclass_fields__:
            if name not in ("origin", "picture", "chart"):
                visit(getattr(node, name))

    visit(brief.sections)
    names = {"Figure": "figure", "DataTable": "table", "Box": "box"}
    for anchor, (origin, kind) in anchors.items():
        if anchor not in referenced:
            yield Finding(
                origin,
                f"{names[kind]} '{anchor}' is never cross-referenced: point the reader to it"
                f" from the text ([@{anchor}])",
            )


def _typography(brief: ResolvedBrief) -> Iterator[Finding]:
    for heading, origin, text in _sections(brief):
        if len(heading) > 3 and heading.isupper():
            yield Finding(
                origin,
                f"the heading '{heading}' is in capitals: write it in normal case (the layout's"
                " headings.uppercase capitalises it, if the design wants that)",
            )
        if re.search(r"\S  +\S", text):
            yield Finding(origin, f"a double space in '{heading}': one space between words")


def _urls_twice(report: Report) -> list[Diagnostic]:
    assert report.valid is not None and report.doc is not None
    seen: dict[str, int] = {}
    out = []
    for i, ref in enumerate(report.valid.brief.references or []):
        url = str(getattr(ref, "url", "") or "").rstrip("/").lower()
        if not url:
            continue
        if url in seen:
            first = report.valid.brief.references[seen[url]].id  # type: ignore[index]
            message = (
                f"this URL is also reference '{first}': one source, one reference"
                " (cite the one id twice)"
            )
            d = report.doc.diagnostic(("references", i, "url"), message)
            out.append(replace(d, severity=Severity.NOTE))
        else:
            seen[url] = i
    return out
