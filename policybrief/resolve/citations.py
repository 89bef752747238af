"""Citations resolved into what to print, per the layout's `citations.style`.

`brackets` "[1, 3]" and `superscript` "¹" number in order of first citation;
`author-year` prints "(Pisani-Ferry et al. 2024)", or "Pisani-Ferry et al.
(2024)" for the narrative `@id`, two works of the same authors and year as
2024a and 2024b, and sorts the reference list by author, then year. Every part
of a mark that names an entry links to it (`ref-N`, N its place in the list).
The renderer only prints the `CiteMark`s made here.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from policybrief.model.brief import Reference
from policybrief.model.inline import Cite, CiteMark, Inline, Run
from policybrief.model.labels import LabelSet
from policybrief.model.resolved import RReference

AUTHOR_YEAR = "author-year"
SUPERSCRIPT = "superscript"

Parts = list[tuple[str, str | None]]


def family(name: str) -> str:
    """"Pisani-Ferry, Jean" -> "Pisani-Ferry"; an organisation stays whole."""
    return name.split(",", 1)[0].strip()


def names_of(ref: Reference) -> list[str]:
    """Who the work is by, for labels and sorting: its authors, else its one-line
    author, else its publisher (an organisation), else nothing."""
    if ref.authors:
        return list(ref.authors)
    return [n for n in (ref.author or ref.publisher,) if n]


def cite_names(ref: Reference, labels: LabelSet) -> str:
    """"Nordhaus"; "Reinhart and Rogoff"; "Pisani-Ferry et al."; else the title."""
    if not ref.authors:
        return ref.author or ref.publisher or ref.title
    families = [family(a) for a in ref.authors]
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} {labels.ref_and} {families[1]}"
    return f"{families[0]} {labels.ref_et_al}"


def sort_key(ref: Reference) -> tuple[Any, ...]:
    """By author (family names in order), then year, then title; accents and case
    do not decide (Álvaro sorts with Alvaro)."""
    names = tuple(_folded(family(n)) + " " + _folded(n) for n in names_of(ref)) or (
        _folded(ref.title),
    )
    return (names, ref.year_of or 0, _folded(ref.title))


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def author_year_labels(refs: Iterable[Reference], labels: LabelSet) -> dict[str, tuple[str, str]]:
    """Each reference's (names, year) label: two works whose labels would be the same
    get 2024a, 2024b, in the order the list prints them (by title)."""
    groups: dict[tuple[str, str], list[Reference]] = {}
    for ref in sorted(refs, key=sort_key):
        year = str(ref.year_of) if ref.year_of else labels.ref_no_date
        groups.setdefault((cite_names(ref, labels), year), []).append(ref)
    out: dict[str, tuple[str, str]] = {}
    for (names, year), same in groups.items():
        for i, ref in enumerate(same):
            suffix = _letters(i) if len(same) > 1 else ""
            out[ref.id] = (names, f"{year}{suffix}")
    return out


def _letters(i: int) -> str:
    """a, b, …, z, aa, ab, …"""
    out = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


class Citer:
    """Turns each `Cite` of a resolved brief into the `CiteMark` it prints."""

    def __init__(
        self,
        style: str,
        entries: tuple[RReference, ...],
        fallback: dict[str, tuple[str, str]],
    ) -> None:
        """`entries`: the edition's reference list; `fallback`: author–year labels of
        every reference, for an edition that prints no list (the text still names
        the work, unlinked)."""
        self.style = style
        self.by_id = {e.id: e for e in entries}
        self.fallback = fallback

    def mark(self, cite: Cite) -> list[Inline]:
        ids = [i for i in cite.ids if i in self.by_id or i in self.fallback]
        if not ids:
            return []
        if self.style == AUTHOR_YEAR:
            parts = self._narrative(ids) if cite.narrative else self._parenthetical(ids)
            return [CiteMark(tuple(parts))]
        numbers = sorted({self.by_id[i].number for i in ids if i in self.by_id})
        out: list[Inline] = []
        if cite.narrative:  # "Nordhaus [1]": the sentence needs the name
            out.append(Run(self._label(ids[0])[0] + ("" if self.style == SUPERSCRIPT else " ")))
        if not numbers:
            return out
        if self.style == SUPERSCRIPT:
            parts = _joined([[(str(n), f"ref-{n}")] for n in numbers], ",")
            return [*out, CiteMark(tuple(parts), superscript=True)]
        linked = _joined([[(str(n), f"ref-{n}")] for n in numbers], ", ")
        return [*out, CiteMark((("[", None), *linked, ("]", None)))]

    def _label(self, ref_id: str) -> tuple[str, str]:
        entry = self.by_id.get(ref_id)
        if entry is not None and entry.cite_names is not None and entry.cite_year is not None:
            return entry.cite_names, entry.cite_year
        return self.fallback[ref_id]

    def _anchor(self, ref_id: str) -> str | None:
        entry = self.by_id.get(ref_id)
        return f"ref-{entry.number}" if entry is not None else None

    def _parenthetical(self, ids: list[str]) -> Parts:
        """"(Nordhaus 2015; Reinhart and Rogoff 2010a, 2010b)": as written, the years
        of one author's works side by side after one name."""
        groups: list[Parts] = []
        last = None
        for ref_id in dict.fromkeys(ids):
            names, year = self._label(ref_id)
            if names == last:
                groups[-1] += [(", ", None), (year, self._anchor(ref_id))]
            else:
                groups.append([(f"{names} {year}", self._anchor(ref_id))])
            last = names
        return [("(", None), *_joined(groups, "; "), (")", None)]

    def _narrative(self, ids: list[str]) -> Parts:
        """"Pisani-Ferry et al. (2024)"."""
        names, year = self._label(ids[0])
        anchor = self._anchor(ids[0])
        return [(names, anchor), (" (", None), (year, anchor), (")", None)]

    def resolve(self, node: Any) -> Any:
        """`node` with every citation in it replaced by its mark."""
        return _mapped(node, self.mark, superscript=self.style == SUPERSCRIPT)


def _joined(groups: list[Parts], separator: str) -> Parts:
    out: Parts = []
    for i, group in enumerate(groups):
        if i:
            out.append((separator, None))
        out += group
    return out


def _mapped(node: Any, mark: Callable[[Cite], list[Inline]], superscript: bool) -> Any:
    """Every resolved dataclass and IR tuple rebuilt with citations replaced; before
    a superscript mark the space the source has is dropped ("effectiveness¹.")."""
    if isinstance(node, tuple):
        out: list[Any] = []
        for item in node:
            if isinstance(item, Cite):
                made = mark(item)
                if superscript and made and isinstance(made[0], CiteMark) and out:
                    _drop_space(out)
                out += made
            else:
                out.append(_mapped(item, mark, superscript))
        return tuple(out)
    if dataclasses.is_dataclass(node) and not isinstance(node, type) and _ours(node):
        changes = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if isinstance(value, tuple) or (
                dataclasses.is_dataclass(value) and not isinstance(value, type)
            ):
                new = _mapped(value, mark, superscript)
                if new is not value:
                    changes[f.name] = new
        return dataclasses.replace(node, **changes) if changes else node
    return node


def _drop_space(out: list[Any]) -> None:
    last = out[-1]
    if isinstance(last, Run) and last.text != last.text.rstrip():
        trimmed = last.text.rstrip()
        if trimmed:
            out[-1] = dataclasses.replace(last, text=trimmed)
        else:
            out.pop()


def _ours(node: Any) -> bool:
    """Resolved blocks and Markdown IR; never pictures, origins or chart data."""
    return type(node).__module__ in ("policybrief.model.resolved", "policybrief.model.inline")
