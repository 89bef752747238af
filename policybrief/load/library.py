"""`references: refs.bib` or `refs.json`: a reference library (a Zotero export) as
the brief's references (spec 1.1, "References, fuller").

The file is read inside the brief's folder like a logo (`files.resolve_inside`,
a size bound), parsed by a library (BibTeX by `bibtexparser`, CSL-JSON by
`json`), each entry mapped onto the fields of `model.brief.Reference` and
validated by that same model, its problems located in the library file
(`refs.bib:48:3: error: references.nordhaus2015.doi: ...`). The entries that
validate stand in the brief's data for the file's name, so every later check
and stage sees a reference list; `only_cited` then keeps what the brief cites
(a library holds hundreds).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from policybrief.diagnostics import Diagnostic
from policybrief.load.files import AssetError, read_bounded, resolve_inside
from policybrief.load.located import validate_model
from policybrief.load.yamlsource import SourceDoc, Span
from policybrief.model.base import Strict
from policybrief.model.brief import Reference

MAX_LIBRARY_BYTES = 20 * 1024 * 1024  # some 50,000 entries; a Zotero library is a few MB


class _Library(Strict):
    references: dict[str, Reference]


@dataclass(frozen=True)
class Library:
    """What the brief's `references` file gave: `failed` when it could not be read
    at all (its citations are then not checked against it)."""

    name: str
    failed: bool = False


def attach(doc: SourceDoc) -> tuple[SourceDoc, Library | None, list[Diagnostic]]:
    """The brief's document with its library's valid entries as `references`."""
    data = doc.data
    name = data.get("references") if isinstance(data, dict) else None
    if not isinstance(name, str):
        return doc, None, []
    try:
        libdoc = read(Path(doc.file).parent, name, shown_as=_shown(doc.file, name))
    except AssetError as exc:
        without = {k: v for k, v in data.items() if k != "references"}
        return replace(doc, data=without), Library(name, failed=True), [
            doc.diagnostic(("references",), str(exc))
        ]
    _, problems = validate_model(_Library, libdoc)
    entries = [
        entry if _valid(entry) and not any(_under(p, key) for p in problems) else _stand_in(key)
        for key, entry in libdoc.data["references"].items()
    ]
    problems += libdoc.warnings
    return replace(doc, data={**data, "references": entries}), Library(name), problems


def _stand_in(key: str) -> dict[str, Any]:
    """A failed entry's place: its error is reported in the library; a citation of it
    is not also reported as unknown (and the brief does not build)."""
    return {"id": key, "title": key}


def _valid(entry: dict[str, Any]) -> bool:
    try:
        Reference.model_validate(entry)
    except ValidationError:
        return False
    return True


def _under(problem: Diagnostic, key: str) -> bool:
    return problem.path.startswith(f"references.{key}.") or problem.path == f"references.{key}"


def _shown(brief_file: str, name: str) -> str:
    """The library as messages name it: beside the brief's own name."""
    return str(Path(brief_file).parent / name) if Path(brief_file).parent != Path() else name


def read(base_dir: Path, name: str, shown_as: str) -> SourceDoc:
    """The library file as a document `{references: {key: fields}}` with each entry's
    and field's line, so that pydantic's errors are located in it."""
    path = resolve_inside(base_dir, name)
    raw = read_bounded(path, name, MAX_LIBRARY_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AssetError(f"'{name}' is not UTF-8 text (byte {exc.start})") from None
    if name.lower().endswith(".json"):
        return _csl_json(text, name, shown_as)
    if name.lower().endswith(".bib"):
        return _bibtex(text, name, shown_as)
    raise AssetError(f"'{name}' is neither a CSL-JSON (.json) nor a BibTeX (.bib) file")


# --- BibTeX ------------------------------------------------------------------------------

_BIB_TYPES = {
    "article": "article",
    "book": "book",
    "mvbook": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "chapter",
    "techreport": "report",
    "report": "report",
    "phdthesis": "report",
    "mastersthesis": "report",
    "thesis": "report",
    "online": "web",
    "electronic": "web",
    "www": "web",
    "legislation": "law",
    "legal": "law",
    "law": "law",
    "jurisdiction": "law",
    "dataset": "dataset",
    "data": "dataset",
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bibtex(text: str, name: str, shown: str) -> SourceDoc:
    import bibtexparser  # only a brief with a .bib library pays for it
    from bibtexparser import middlewares

    # bibtexparser logs each block it cannot parse; we report those as located errors
    logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
    logging.getLogger("bibtexparser").propagate = False

    library = bibtexparser.parse_string(  # type: ignore[attr-defined]
        text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    )
    doc = SourceDoc(shown, {"references": {}}, text.splitlines())
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        error = getattr(block, "error", None)
        why = getattr(error, "abort_reason", None) or str(error or "") or "a syntax error"
        message = (
            f"duplicate citation key '{block.key}'"  # type: ignore[attr-defined]
            if type(block).__name__ == "DuplicateBlockKeyBlock"
            else f"cannot read this BibTeX entry: {why.rstrip('.')}"
        )
        doc.warnings.append(Diagnostic(shown, line, 1, "references", message))
    for entry in library.entries:
        at: tuple[str, ...] = ("references", entry.key)
        first = (entry.start_line or 0) + 1
        doc.values[at] = doc.keys[at] = Span(first, 1, first)
        fields = {f.key.lower(): f for f in entry.fields}
        mapped: dict[str, Any] = {"id": entry.key}
        kind = _BIB_TYPES.get(entry.entry_type.lower())
        if kind == "report" and "url" in fields and "institution" not in fields:
            kind = "web"
        if entry.entry_type.lower() == "misc":
            kind = "web" if "url" in fields else None
        if kind:
            mapped["type"] = kind
        for target, value, source in _bib_fields(fields, kind):
            mapped[target] = value
            line = (fields[source].start_line or 0) + 1
            doc.values[(*at, target)] = doc.keys[(*at, target)] = Span(line, 3, line)
        doc.data["references"][entry.key] = mapped
    return doc


# What LaTeX decoding can change; a value without any of these is taken as written.
_LATEX = re.compile(r"[\\{}~$%&#^_`']|--")
# Verbatim in BibTeX (a URL's % and _ are not LaTeX): never decoded.
_VERBATIM = frozenset({"url", "doi", "urldate", "date", "year", "month", "day"})


@lru_cache(maxsize=1)
def _latex() -> Callable[[str], str]:
    """pylatexenc's decoder, made once: making one reads its macro tables."""
    from pylatexenc.latex2text import LatexNodes2Text

    decoder: Callable[[str], str] = LatexNodes2Text(strict_latex_spaces=True).latex_to_text
    return decoder


def decode(value: str) -> str:
    """LaTeX accents and braces as the letters they stand for: `{\\'E}conomie` -> Économie."""
    return _latex()(value) if _LATEX.search(value) else value


def _bib_fields(fields: dict[str, Any], kind: str | None) -> list[tuple[str, Any, str]]:
    """(our field, value, the BibTeX field it came from), in the order written."""

    def text(key: str) -> str | None:
        field = fields.get(key)
        if field is None:
            return None
        value = str(field.value)
        return " ".join((value if key in _VERBATIM else decode(value)).split())

    out: list[tuple[str, Any, str]] = []

    def put(target: str, *sources: str) -> None:
        for source in sources:
            value = text(source)
            if value is not None:
                out.append((target, value, source))
                return

    put("title", "title")
    if "author" in fields:
        names = [_bib_name(part) for part in fields["author"].value]
        out.append(("authors", names, "author"))
    # A report's series ("NBER Working Paper" 15795) is BibTeX's `type` of a techreport.
    series = "type" if kind == "report" else ""
    put("container", "journal", "journaltitle", "booktitle", "series" if kind == "book" else series)
    put("volume", "volume")
    put("issue", "issue", "number" if kind == "article" else "")
    if kind != "article":
        put("number", "number")
    put("pages", "pages")
    place, publisher = text("address") or text("location"), None
    for source in ("publisher", "institution", "organization", "school"):
        publisher = text(source)
        if publisher is not None:
            who = f"{place}: {publisher}" if place else publisher
            out.append(("publisher", who, source))
            break
    out += _bib_date(fields, text)
    put("url", "url")
    put("doi", "doi")
    put("accessed", "urldate")
    put("note", "note")
    return out


def _bib_name(parts: Any) -> str:
    """`SplitNameParts`' pieces as "Family, Given", or an organisation's name as written
    in braces (`{U.S. Government Accountability Office}`)."""
    family = " ".join([*parts.von, *parts.last])
    given = " ".join(parts.first)
    suffix = " ".join(parts.jr)
    name = ", ".join(filter(None, (family, suffix, given)))
    return " ".join(decode(name).split())


def _bib_date(fields: dict[str, Any], text: Any) -> list[tuple[str, Any, str]]:
    """`date = {2020-12-10}` (biblatex) or `year`/`month`/`day`: a full date is a
    `date`, a year alone (or with its month) a `year`."""
    date = text("date")
    if date is not None and text("year") is not None:  # both: the model says which to keep
        year = text("year") or ""
        return [("date", date, "date"), ("year", int(year) if year.isdigit() else year, "year")]
    if date is not None:
        if re.fullmatch(r"\d{4}", date):
            return [("year", int(date), "date")]
        if re.fullmatch(r"\d{4}-\d{2}", date):
            return [("year", int(date[:4]), "date")]
        return [("date", date, "date")]
    year = text("year")
    if year is None:
        return []
    day, month = text("day"), (text("month") or "").lower()[:3]
    if day and year.isdigit() and (month in _MONTHS or month.isdigit()):
        number = _MONTHS.index(month) + 1 if month in _MONTHS else int(month)
        return [("date", f"{year}-{number:02d}-{int(day):02d}", "year")]
    return [("year", int(year) if year.isdigit() else year, "year")]


# --- CSL-JSON ----------------------------------------------------------------------------

_CSL_TYPES = {
    "article-journal": "article",
    "article": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "article",
    "book": "book",
    "chapter": "chapter",
    "entry-encyclopedia": "chapter",
    "paper-conference": "chapter",
    "report": "report",
    "thesis": "report",
    "webpage": "web",
    "post": "web",
    "post-weblog": "web",
    "legislation": "law",
    "bill": "law",
    "legal_case": "law",
    "regulation": "law",
    "treaty": "law",
    "dataset": "dataset",
}
# CSL variable -> our field
_CSL_FIELDS = {
    "title": "title",
    "container-title": "container",
    "volume": "volume",
    "issue": "issue",
    "page": "pages",
    "number": "number",
    "URL": "url",
    "DOI": "doi",
    "note": "note",
}


def _csl_json(text: str, name: str, shown: str) -> SourceDoc:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AssetError(
            f"'{name}' is not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(items, list):
        raise AssetError(f"'{name}' is not CSL-JSON: expected a list of items")
    lines = text.splitlines()
    doc = SourceDoc(shown, {"references": {}}, lines)
    cursor = 0
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str | int):
            line = _line_of(text, '"id"', cursor)
            doc.warnings.append(
                Diagnostic(shown, line, 1, f"references[{n}]", "a CSL-JSON item needs an id")
            )
            continue
        key = str(item["id"])
        start = _find(text, rf'"id"\s*:\s*"?{re.escape(key)}"?', cursor)
        cursor = max(cursor, start)
        at = ("references", key)
        if key in doc.data["references"]:
            doc.warnings.append(
                Diagnostic(shown, _line(text, start), 1, "references", f"duplicate id '{key}'")
            )
            continue
        doc.values[at] = doc.keys[at] = Span(_line(text, start), 1, _line(text, start))
        mapped = _csl_item(item)
        for target in mapped:
            line = _line(text, _item_field(text, target, cursor, start))
            doc.values[(*at, target)] = doc.keys[(*at, target)] = Span(line, 1, line)
        doc.data["references"][key] = mapped
    return doc


def _csl_item(item: dict[str, Any]) -> dict[str, Any]:
    mapped: dict[str, Any] = {"id": str(item["id"])}
    kind = _CSL_TYPES.get(str(item.get("type", "")))
    if kind:
        mapped["type"] = kind
    for csl, ours in _CSL_FIELDS.items():
        if item.get(csl) is not None:
            mapped[ours] = item[csl] if isinstance(item[csl], str) else str(item[csl])
    if isinstance(mapped.get("pages"), str):
        mapped["pages"] = re.sub(r"(?<=\d)-(?=\d)", "–", mapped["pages"])
    if item.get("author"):
        mapped["authors"] = [_csl_name(a) for a in item["author"]]
    publisher = item.get("publisher")
    if publisher:
        place = item.get("publisher-place")
        mapped["publisher"] = f"{place}: {publisher}" if place else publisher
    mapped.update(_csl_date(item.get("issued"), "date", "year"))
    accessed = _csl_date(item.get("accessed"), "accessed", None)
    mapped.update(accessed)
    return mapped


def _csl_name(name: Any) -> Any:
    """{family, given} -> "Family, Given"; {literal} (an organisation) as written."""
    if not isinstance(name, dict):
        return name
    if name.get("literal"):
        return name["literal"]
    family = " ".join(filter(None, (name.get("non-dropping-particle"), name.get("family"))))
    return ", ".join(filter(None, (family, name.get("suffix"), name.get("given"))))


def _csl_date(value: Any, full: str, year_only: str | None) -> dict[str, Any]:
    """CSL's {"date-parts": [[2020, 12, 10]]}: a full date, else its year."""
    if not isinstance(value, dict):
        return {}
    parts = (value.get("date-parts") or [[]])[0]
    if isinstance(parts, list) and len(parts) >= 3:
        year, month, day = (int(p) for p in parts[:3])
        return {full: f"{year:04d}-{month:02d}-{day:02d}"}
    if isinstance(parts, list) and parts and year_only:
        return {year_only: int(parts[0])}
    if value.get("raw") and year_only:
        return {full: value["raw"]}
    return {}


_CSL_SOURCE = {v: k for k, v in _CSL_FIELDS.items()} | {
    "authors": "author",
    "date": "issued",
    "year": "issued",
    "accessed": "accessed",
    "publisher": "publisher",
    "type": "type",
    "id": "id",
}


def _item_field(text: str, target: str, item_start: int, fallback: int) -> int:
    """Where an item's CSL variable for `target` is written (its item's line if not found)."""
    key = _CSL_SOURCE.get(target, target)
    found = _find(text, rf'"{re.escape(key)}"\s*:', item_start)
    return found if found >= 0 and _near(text, item_start, found) else fallback


def _near(text: str, start: int, found: int) -> bool:
    """The same item: no `"id"` of another item between its start and `found`."""
    return text.count('"id"', start + 1, found) == 0


def _find(text: str, pattern: str, start: int) -> int:
    match = re.compile(pattern).search(text, max(start, 0))
    return match.start() if match else -1


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, max(index, 0)) + 1


def _line_of(text: str, needle: str, start: int) -> int:
    return _line(text, text.find(needle, start))


def only_cited(references: list[Reference], cited: set[str]) -> list[Reference]:
    """A library's entries that the brief (any edition) cites, in the library's order."""
    return [r for r in references if r.id in cited]
