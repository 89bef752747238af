"""Whole-brief checks: what a field alone cannot know.

Citations against references, audience tags against editions, unique ids,
link schemes, and each edition's overrides validated as a whole brief. When
fields fail validation the checks still run on the rest of the brief, so that
every problem of the file is reported at once.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from policybrief.diagnostics import Diagnostic, FieldPath, Severity, dotted
from policybrief.load import labels, library, markup, xrefs
from policybrief.load.located import step, unknown_key, user_path, validate_model
from policybrief.load.yamlsource import SourceDoc
from policybrief.model.brief import NOT_OVERRIDABLE, Brief, Edition
from policybrief.model.files import BriefFiles
from policybrief.model.inline import ALLOWED_SCHEMES, cited_ids, link_targets
from policybrief.model.walk import markdown_fields, tagged_items


@dataclass(frozen=True)
class ValidBrief:
    """A valid brief, each edition's merged brief, and the ids nothing cites.

    `overridden`: by edition, the top-level fields its `overrides` replace
    (written at `editions.NAME.overrides.FIELD`), so that later stages locate
    an edition's problem without reading the YAML again.
    """

    brief: Brief
    editions: dict[str, Brief]
    uncited: frozenset[str]
    overridden: dict[str, frozenset[str]] = field(default_factory=dict)
    files: BriefFiles = field(default_factory=BriefFiles)  # exhibits' images and CSV files
    library: str | None = None  # `references: refs.bib`: the library file, as written

    def written_at(self, edition: str | None, name: str) -> FieldPath:
        """Where the brief, or the edition's override, writes the top-level field `name`."""
        if edition is not None and name in self.overridden.get(edition, ()):
            return ("editions", edition, "overrides", name)
        return (name,)


def validate_brief(doc: SourceDoc) -> tuple[ValidBrief | None, list[Diagnostic]]:
    """The brief as a model, plus every problem found in it, all at once."""
    checked, problems = check_brief(doc)
    failed = any(p.severity is Severity.ERROR for p in problems)
    return (None if failed else checked), problems


def check_brief(doc: SourceDoc) -> tuple[ValidBrief | None, list[Diagnostic]]:
    """Every problem of the brief, and the brief the whole-brief checks ran on.

    When fields fail validation, the whole-brief checks (citations, audiences,
    ids, edition overrides) still run on the rest: the failed fields are left
    out (a required one stood in for), so that all problems of the file are
    reported at once, not one stage per run. The brief returned is then that
    stand-in brief: good for finding problems, never for building.
    """
    # `references: refs.bib`: the library's entries stand in for the name from here on.
    doc, lib, problems = library.attach(doc)
    unread = frozenset({"references"}) if lib is not None and lib.failed else frozenset()
    brief, found = validate_model(Brief, doc)
    problems += found
    if brief is not None:
        checked, found = _whole_brief(brief, doc, unread, lib)
        return checked, _in_order(problems + found)
    mended = _mended(doc)
    if mended is None:
        return None, _in_order(problems)
    brief, cut = mended
    # A cut field skips the checks it would fool: a reference list that failed
    # would make every citation "unknown", a failed `editions` every audience.
    checked, found = _whole_brief(brief, doc, frozenset(cut) | unread, lib)
    found = [p for p in found if p.is_error and p not in problems]
    return checked, _in_order(problems + found)


def _whole_brief(
    brief: Brief, doc: SourceDoc, cut: frozenset[str], lib: library.Library | None = None
) -> tuple[ValidBrief, list[Diagnostic]]:
    declared = set(brief.editions or {})
    problems = _edition_names(brief, doc)
    problems += check_content(brief, doc, (), declared, skip=cut)
    merged: dict[str, Brief] = {}
    base_data = {k: v for k, v in doc.data.items() if k != "editions"}
    for name, edition in (brief.editions or {}).items():
        model, found = _check_edition(name, edition, base_data, doc, brief)
        problems += found
        merged[name] = model or brief
    problems += _left_out(brief, merged, doc)
    cited = {
        ref
        for b in (brief, *merged.values())
        for _, text in markdown_fields(b)
        for ref in cited_ids(markup.parse(text))
    }
    if lib is not None:  # a library holds hundreds: only what the brief cites prints
        brief, merged = (
            _cited_only(brief, cited),
            {name: _cited_only(b, cited) for name, b in merged.items()},
        )
    else:
        problems += _uncited(brief, doc, cited)
    problems += _languages(brief, doc)
    uncited = frozenset(r.id for r in brief.references or [] if r.id not in cited)
    overridden = {
        name: frozenset(edition.overrides or {}) for name, edition in (brief.editions or {}).items()
    }
    library_file = lib.name if lib is not None else None
    return ValidBrief(brief, merged, uncited, overridden, library=library_file), problems


# Required top-level fields, stood in for when the brief's own value failed: no
# citation, link or audience in them, so the checks find only the brief's own.
_STAND_INS: dict[str, Any] = {
    "title": "-",
    "date": "2000-01-01",
    "background": "-",
    "options": {"items": [{"title": "-", "text": "-"}]},
    "pros_cons": {"pros": ["-"], "cons": ["-"]},
    "outlook": "-",
    "call_to_action": "-",
}


def _mended(doc: SourceDoc) -> tuple[Brief, set[str]] | None:
    """The brief with what failed validation taken out, and the top-level keys cut.

    A failed field is removed where it is written (a reference's `url`, one
    key of an edition); if that is not enough (a required field), the whole
    top-level field goes, or is stood in for. None if nothing validates.
    """
    if not isinstance(doc.data, dict):
        return None
    data = copy.deepcopy(doc.data)
    cut: set[str] = set()
    mended: set[FieldPath] = set()
    for _ in range(6):
        try:
            return Brief.model_validate(data), cut
        except ValidationError as exc:
            paths = {user_path(data, err["loc"]) for err in exc.errors()}
        for path in sorted(paths, key=len, reverse=True):
            if not path:
                return None
            top = str(path[0])
            if len(path) > 1 and path not in mended and _remove(data, _removable(path)):
                mended.add(path)
                continue
            cut.add(top)
            if top in _STAND_INS:
                data[top] = copy.deepcopy(_STAND_INS[top])
            else:
                data.pop(top, None)
    return None


def _removable(path: FieldPath) -> FieldPath:
    """The key to remove for a failure at `path`: the field itself, or for an
    edition, its key under `editions.NAME` (so the edition stays declared)."""
    if path[0] == "editions" and len(path) > 3:
        return path[:3]
    return path


def _remove(data: Any, path: FieldPath) -> bool:
    node = data
    for part in path[:-1]:
        ok, node = step(node, part)
        if not ok:
            return False
    if isinstance(node, dict) and path[-1] in node:
        del node[path[-1]]
        return True
    return False


def _in_order(problems: list[Diagnostic]) -> list[Diagnostic]:
    """Report in reading order, as an editor would walk through them."""
    return sorted(problems, key=lambda d: (d.file, d.line, d.column))


def _edition_names(brief: Brief, doc: SourceDoc) -> list[Diagnostic]:
    # `full` names the full build on the command line and in output names.
    return [
        doc.diagnostic(
            ("editions", name),
            f"'{name}' is reserved for the full build; choose another edition name",
            prefer_key=True,
        )
        for name in brief.editions or {}
        if name == "full"
    ]


def _languages(brief: Brief, doc: SourceDoc) -> list[Diagnostic]:
    tags = [(("language",), brief.language)] + [
        (("editions", name, "language"), e.language)
        for name, e in (brief.editions or {}).items()
        if e.language
    ]
    return [
        doc.diagnostic(
            path,
            f"no labels for language '{tag}'; English labels are used "
            f"(shipped: {', '.join(labels.available())})",
            warning=True,
        )
        for path, tag in tags
        if labels.file_for(tag) is None
    ]


def check_content(
    brief: Brief,
    doc: SourceDoc,
    base: FieldPath,
    declared: set[str],
    base_refs: frozenset[str] = frozenset(),
    overridden: Collection[str] | None = None,
    skip: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Citations, links, ids and audiences of one brief, or of an edition's merged brief.

    For an edition (`base` is its `overrides` path, `overridden` the keys it
    replaces) the overridden fields are checked at the override's lines; the
    others were checked for the brief itself, except that they may cite a
    reference the override removed. `skip`: top-level fields that failed
    validation, whose checks would only report what their failure caused."""

    def own(field: str) -> bool:
        return overridden is None or field in overridden

    problems: list[Diagnostic] = []
    ref_ids = [r.id for r in brief.references or []]
    if own("references"):
        problems += _duplicates(doc, ref_ids, (*base, "references"), "reference id")
    if own("options") and brief.options:
        option_ids = [o.id for o in brief.options.items if o.id]
        problems += _duplicates(doc, option_ids, (*base, "options", "items"), "option id")
    if own("references"):
        problems += xrefs.prefixed_reference_ids(brief, doc, base)
    if overridden is None:
        problems += xrefs.duplicate_ids(brief, doc, base)
    known = xrefs.targets(brief)
    links = 0  # citations and web links, in the fields this call checks as its own
    for path, text in markdown_fields(brief):
        mine = own(str(path[0]))
        where = (*base, *path) if mine else path
        blocks = markup.parse(text)
        if mine:
            before, links = links, links + len(cited_ids(blocks)) + len(link_targets(blocks))
            if before <= MAX_LINKS < links:
                problems.append(doc.diagnostic(doc.written(where), _too_many_links(links)))
        for ref in cited_ids(blocks):
            if xrefs.is_xref(ref):  # a figure, table, box, section or recommendation
                # A reference's id with a prefix is reported at the id: one error, not two.
                why = xrefs.unknown(ref, known) if mine and ref not in ref_ids else None
                if why:
                    problems.append(_at_text(doc, where, f"@{ref}", why))
                continue
            if ref in ref_ids or "references" in skip:
                continue
            if mine:
                hint = difflib.get_close_matches(ref, ref_ids, n=1)
                more = f" (did you mean '{hint[0]}'?)" if hint else ""
                message = f"citation of unknown reference '{ref}'{more}"
            elif ref in base_refs:
                message = (
                    f"cites '{ref}', which edition '{base[1]}' drops by overriding 'references'"
                )
            else:
                continue
            problems.append(_at_text(doc, where, f"@{ref}", message))
        if mine and str(path[0]) not in skip:  # not a failed field's stand-in ("-")
            problems += [
                _at_text(doc, where, needle, message)
                for needle, message in markup.unsupported(text)
            ]
            for needle, message, warning in markup.footnote_problems(text):
                found = _at_text(doc, where, needle, message)
                problems.append(replace(found, severity=Severity.WARNING) if warning else found)
            problems += [
                _at_text(
                    doc,
                    where,
                    href,
                    f"link to '{href}': only http, https and mailto addresses are allowed",
                )
                for href in link_targets(blocks)
                if not href.startswith(ALLOWED_SCHEMES)
            ]
    if "editions" not in skip:
        problems += _check_audiences(brief, doc, base, declared, own)
    return problems


# Each citation and link is an annotation and a structure element in the PDF, about
# 0.6 ms and 25 KB to build: 10,000 take 6.6 s and 290 MB. A 200-page report cites a
# thousand or two; 20,000 citations in one paragraph took 19 s and 500 MB, and 4 MiB
# of them (840,000) would take hours. An edition counts its own fields (overrides), so
# one PDF has at most twice as many.
MAX_LINKS = 10_000


def _too_many_links(links: int) -> str:
    return (
        f"more than {MAX_LINKS:,} citations and links in the brief ({links:,} up to the end"
        " of this field); cite a source once where it supports a passage, or split the brief"
    )


def _left_out(brief: Brief, merged: dict[str, Brief], doc: SourceDoc) -> list[Diagnostic]:
    """Cross-references, in each edition, to what that edition leaves out."""
    out: list[Diagnostic] = []
    for name, edition in (brief.editions or {}).items():
        replaced = set(edition.overrides or {})

        def written_at(
            path: FieldPath, name: str = name, replaced: set[str] = replaced
        ) -> FieldPath:
            if str(path[0]) in replaced:
                return ("editions", name, "overrides", *path)
            return path

        for where, ref, message in xrefs.left_out(name, merged[name], edition.sections, written_at):
            problem = _at_text(doc, where, f"@{ref}", message)
            if problem not in out:
                out.append(problem)
    return out


def _cited_only(brief: Brief, cited: set[str]) -> Brief:
    if brief.references is None:
        return brief
    return brief.model_copy(update={"references": library.only_cited(brief.references, cited)})


def _uncited(brief: Brief, doc: SourceDoc, cited: set[str]) -> list[Diagnostic]:
    return [
        doc.diagnostic(
            ("references", i, "id"), f"reference '{ref.id}' is never cited", warning=True
        )
        for i, ref in enumerate(brief.references or [])
        if ref.id not in cited
    ]


def _duplicates(doc: SourceDoc, ids: list[str], base: FieldPath, what: str) -> list[Diagnostic]:
    seen: set[str] = set()
    out: list[Diagnostic] = []
    items = doc.data
    for part in base:
        items = items.get(part, []) if isinstance(items, dict) else []
    if not isinstance(items, list):  # a brief with errors: the list itself may be broken
        return out
    for i, item in enumerate(items):
        value = item.get("id") if isinstance(item, dict) else None
        if value in seen:
            out.append(doc.diagnostic((*base, i, "id"), f"duplicate {what} '{value}'"))
        if value:
            seen.add(value)
    return out


def _check_audiences(
    brief: Brief, doc: SourceDoc, base: FieldPath, declared: set[str], own: Callable[[str], bool]
) -> list[Diagnostic]:
    names = ", ".join(sorted(declared)) or "none declared"
    return [
        doc.diagnostic(
            (*base, *path, "audiences", i), f"'{name}' is not a declared edition ({names})"
        )
        for path, audiences in tagged_items(brief)
        if own(str(path[0]))
        for i, name in enumerate(audiences)
        if name not in declared
    ]


def _check_edition(
    name: str, edition: Edition, base_data: dict[str, Any], doc: SourceDoc, brief: Brief
) -> tuple[Brief | None, list[Diagnostic]]:
    base: FieldPath = ("editions", name, "overrides")
    overrides = edition.overrides or {}
    out = [
        doc.diagnostic(
            (*base, key),
            f"'{key}' cannot be overridden by an edition"
            if key in NOT_OVERRIDABLE
            else unknown_key(key, Brief),
            prefer_key=True,
        )
        for key in overrides
        if key in NOT_OVERRIDABLE or key not in Brief.model_fields
    ]
    if out or not overrides:
        return None, out
    merged = {**base_data, **overrides}
    # Problems outside the overridden fields are the brief's own, reported once.
    model, problems = validate_model(Brief, doc, merged, base, only=overrides)
    out += problems
    if model is not None:
        refs = frozenset(r.id for r in brief.references or [])
        out += check_content(model, doc, base, set(brief.editions or {}), refs, overrides)
    return model, out


def _at_text(doc: SourceDoc, path: FieldPath, needle: str, message: str) -> Diagnostic:
    """Point at the exact line and column of `needle` inside the field's text."""
    path = doc.written(path)
    span = doc.span(path)
    pattern = re.compile(re.escape(needle) + r"(?![a-z0-9._-])") if needle.startswith("@") else None
    for number in range(span.line, min(span.end_line, len(doc.lines)) + 1):
        line = doc.lines[number - 1]
        hit = pattern.search(line) if pattern else None
        column = hit.start() if hit else (-1 if pattern else line.find(needle))
        if column >= 0:
            return Diagnostic(doc.file, number, column + 1, dotted(path), message)
    return doc.diagnostic(path, message)
