"""A reference list entry as a publisher prints it, per `type` (spec 1.1).

The templates follow The Chicago Manual of Style (17th ed.): its bibliography
form for the numbered styles (year last) and its author-date form for
`author-year` (year after the authors, "2020a" as the text cites it). Every
field is printed in its place; the words around them ("vol.", "no.", "In",
"and") are the language's labels. A DOI prints and links as its
https://doi.org/ address, in place of the URL. Markup comes from `inline`,
which escapes all text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from policybrief.model.labels import LabelSet
from policybrief.model.resolved import RReference
from policybrief.render import inline


# The fields of spec 1.1: a reference with none of them (and no type) prints as before.
def is_plain(ref: RReference) -> bool:
    fuller = (ref.type, ref.container, ref.volume, ref.issue, ref.pages, ref.work_number)
    return not ref.authors and all(v is None for v in (*fuller, ref.date, ref.doi))


def page_range(pages: str) -> str:
    """Chicago 9.64: "1339–1370" -> "1339–70", "101–108" -> "101–8", "71–72" and
    "100–104" as written; anything that is not two numbers stays as written."""
    match = re.fullmatch(r"(\d+)\s*[-–—]+\s*(\d+)", pages.strip())
    if not match:
        return pages
    first, last = match.groups()
    if len(first) != len(last) or int(first) < 100 or int(first) % 100 == 0:
        return f"{first}–{last}"
    keep = 1 if int(first) % 100 < 10 else 2  # 101–8; 321–28
    cut = next((i for i in range(len(first)) if first[i] != last[i]), len(first))
    cut = min(cut, len(last) - keep)
    return f"{first}–{last[cut:]}"


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


def full_stop(markup: str) -> str:
    """One full stop at the end, never two ("et al.", “Why now?”)."""
    bare = markup.rstrip()
    tail = bare.rstrip("”’\"')»")
    return bare if tail.endswith((".", "?", "!", ":", "…")) else bare + "."


class Entry:
    """Builds one entry's markup; `link(href, label)` makes a link, `note` is the
    note's first paragraph as markup (or "")."""

    def __init__(
        self,
        labels: LabelSet,
        language: str,
        link: Callable[[str, str], str],
        *,
        author_year: bool,
    ) -> None:
        self.labels = labels
        self.english = language.lower().startswith("en")
        self.link = link
        self.author_year = author_year

    def markup(self, ref: RReference, note: str) -> str:
        if ref.pages:
            ref = replace(ref, pages=page_range(ref.pages))
        parts = [p for p in self._parts(ref) if p]
        if note:
            parts.append(full_stop(note))
        if ref.doi:
            url = doi_url(ref.doi)
            parts.append(self.link(url, inline.text(url)))
        elif ref.url:
            parts.append(self.link(ref.url, inline.text(ref.url)))
        if ref.accessed:
            parts.append(f"({inline.text(self.labels.accessed.format(date=ref.accessed))})")
        return " ".join(parts)

    # --- the pieces, in order ------------------------------------------------------------

    def _parts(self, ref: RReference) -> list[str]:
        names = self._names(ref)
        when = ref.date or (str(ref.year) if ref.year else None)
        title = self._title(ref)
        if self.author_year:
            year = ref.cite_year or when or self.labels.ref_no_date
            if not names and ref.publisher:  # an organisation as author leads (Chicago 15.36)
                names = inline.text(ref.publisher)
                ref = replace(ref, publisher=None)
            if not names:  # the title takes the authors' place: "Title. 2022."
                lead = [full_stop(title.rstrip(",")), full_stop(inline.text(year))]
            else:
                lead = [full_stop(names), full_stop(inline.text(year))]
            body = self._body(ref, when=ref.date)
            return [*lead, *([] if not names else [title]), *body]
        return [full_stop(names) if names else "", title, *self._body(ref, when=when)]

    def _title(self, ref: RReference) -> str:
        text = ref.title.rstrip(".")
        if ref.type in ("article", "chapter", "web"):
            return inline.text(self.labels.ref_quoted.format(title=text + "."))
        if ref.type == "law":
            return inline.text(text) + ("," if ref.work_number else ".")
        return inline.italic(inline.text(text)) + "."

    def _body(self, ref: RReference, when: str | None) -> list[str]:
        t = inline.text
        kind = ref.type
        if kind == "article":
            where = inline.italic(t(ref.container)) if ref.container else ""
            where += self._volume_issue(ref)
            if not self.author_year and (ref.date or ref.year):
                where += f" ({t(ref.date or str(ref.year))})"
            if ref.pages:
                where += f": {t(ref.pages)}"
            return [full_stop(where)] if where else []
        if kind == "chapter":
            book = ""
            if ref.container:
                book = f"{t(self.labels.ref_in)} {inline.italic(t(ref.container))}"
            if book and ref.pages:
                book += f", {t(ref.pages)}"
            return [full_stop(book) if book else "", self._published(ref, when)]
        if kind == "law":
            # A treaty or statute by its series and volume, then its number: "United
            # Nations Treaty Series 3007, I-52241" (Chicago 14.288).
            series = " ".join(p for p in (ref.container, ref.volume) if p)
            law = ", ".join(t(p) for p in (series, ref.work_number, ref.pages) if p)
            if when:
                law += f" ({t(when)})" if law else t(when)
            return [full_stop(law)] if law else []
        if kind == "dataset":
            return [t(self.labels.ref_dataset) + ".", self._published(ref, when)]
        series = self._series(ref)
        return [series, self._published(ref, when)]

    def _series(self, ref: RReference) -> str:
        """A report's "Report GAO-20-195G" or "NBER Working Paper 15795"; a web page's site."""
        t = inline.text
        if ref.type == "web":
            return full_stop(t(ref.container)) if ref.container else ""
        if ref.container and ref.work_number:
            return full_stop(t(f"{ref.container} {ref.work_number}"))
        if ref.work_number:
            return full_stop(t(self.labels.ref_report.format(number=ref.work_number)))
        if ref.container:
            where = inline.italic(t(ref.container)) + self._volume_issue(ref)
            if ref.pages:
                where += f": {t(ref.pages)}"
            return full_stop(where)
        return ""

    def _volume_issue(self, ref: RReference) -> str:
        """Chicago: "105, no. 4" (bibliography), "105 (4)" (author-date)."""
        t = inline.text
        out = f" {t(ref.volume)}" if ref.volume else ""
        if ref.issue:
            if self.author_year:
                out += f" ({t(ref.issue)})"
            else:
                out += f"{',' if out else ''} {t(self.labels.ref_issue)} {t(ref.issue)}"
        return out

    def _published(self, ref: RReference, when: str | None) -> str:
        text = ", ".join(p for p in (ref.publisher, when) if p)
        return full_stop(inline.text(text)) if text else ""

    def _names(self, ref: RReference) -> str:
        """Chicago: the first author inverted, the others in natural order."""
        if not ref.authors:
            return inline.text(ref.author) if ref.author else ""
        names = [ref.authors[0], *(_natural(a) for a in ref.authors[1:])]
        word = self.labels.ref_and
        if len(names) == 1:
            return inline.text(names[0])
        if self.english:  # the serial comma, also after an inverted first name
            joined = ", ".join(names[:-1]) + f", {word} " + names[-1]
        else:
            joined = ", ".join(names[:-1]) + f" {word} " + names[-1]
        return inline.text(joined)


def _natural(name: str) -> str:
    """"Rogoff, Kenneth S." -> "Kenneth S. Rogoff"; an organisation stays as written."""
    family, _, given = name.partition(",")
    return f"{given.strip()} {family.strip()}" if given.strip() else name
