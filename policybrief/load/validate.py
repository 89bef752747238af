"""Validation: pydantic errors -> located diagnostics, plus whole-brief checks.

Messages are keyed on pydantic's error *type* (one table, `_MESSAGES`), never
on its English text. Whole-brief checks cover what a field alone cannot know:
citations against references, audience tags against editions, unique ids,
link schemes, and each edition's overrides validated as a whole brief.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from policybrief.diagnostics import Diagnostic, FieldPath, Severity, dotted
from policybrief.load import labels, markup
from policybrief.load.yamlsource import SourceDoc
from policybrief.model.brief import NOT_OVERRIDABLE, Brief, Edition, Point

M = TypeVar("M", bound=BaseModel)


def validate_model(
    model: type[M], doc: SourceDoc, data: Any = None, base: FieldPath = ()
) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` (default: the whole document) located under `base`."""
    data = doc.data if data is None else data
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_diagnostic(doc, base, err, model, data) for err in exc.errors()]


def _diagnostic(
    doc: SourceDoc, base: FieldPath, err: Any, model: type[BaseModel], data: Any
) -> Diagnostic:
    path = (*base, *_user_path(data, err["loc"]))
    kind = err["type"]
    if kind == "missing":
        name = path[-1]
        return doc.diagnostic(path, f"required field '{name}' is missing", at=path[:-1])
    if kind == "extra_forbidden":
        name = str(path[-1])
        return doc.diagnostic(path, _unknown_key(name, model), prefer_key=True)
    # A mapping key itself is at fault (an edition id): point at the key, not its value.
    at_key = err["loc"][-1:] == ("[key]",)
    return doc.diagnostic(path, _message(kind, err, path), prefer_key=at_key)


def _user_path(data: Any, loc: tuple[Any, ...]) -> FieldPath:
    """`loc` without the union tags pydantic adds, walking the data the user wrote.

    A key the user wrote is always kept, even one that looks like a tag
    (`Summary:`, `"a[1]":`); only what is not in the data can be a tag.
    """
    out: list[Any] = []
    node = data
    for part in loc:
        written, child = _step(node, part)
        if not written and _is_union_tag(part):
            continue
        node = child
        out.append(part)
    return tuple(out)


def _step(node: Any, part: Any) -> tuple[bool, Any]:
    """Whether the user's data has `part` under `node`, and what is there."""
    if isinstance(node, dict) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


def _is_union_tag(part: Any) -> bool:
    # pydantic puts a union member's name into `loc`; users never wrote it.
    return isinstance(part, str) and ("[" in part or part.endswith("Item") or part[:1].isupper())


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (a true/false value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _message(kind: str, err: Any, path: FieldPath) -> str:
    ctx = err.get("ctx") or {}
    found = _describe(err.get("input"))
    field = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    if kind == "string_pattern_mismatch":
        return _PATTERN_MESSAGES.get(field, _PATTERN_MESSAGES["id"])(found)
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    template = _MESSAGES.get(kind)
    if template is None:
        return str(err["msg"])
    return template.format(found=found, **{k: _plain(v) for k, v in ctx.items()})


def _plain(value: Any) -> str:
    return str(value).replace("'", "")


_MESSAGES: dict[str, str] = {
    "string_type": "expected text, found {found}",
    "model_type": "expected a mapping of fields, found {found}",
    "model_attributes_type": "expected a mapping of fields, found {found}",
    "dict_type": "expected a mapping, found {found}",
    "list_type": "expected a list, found {found}",
    "literal_error": "must be one of {expected}, found {found}",
    "enum": "must be one of {expected}, found {found}",
    "too_short": "needs at least {min_length} item(s), found {actual_length}",
    "too_long": "allows at most {max_length} items, found {actual_length}",
    "int_parsing": "expected a whole number, found {found}",
    "int_type": "expected a whole number, found {found}",
    "float_parsing": "expected a number, found {found}",
    "float_type": "expected a number, found {found}",
    "bool_type": "expected true or false, found {found}",
    "bool_parsing": "expected true or false, found {found}",
    "greater_than_equal": "must be at least {ge}, found {found}",
    "less_than_equal": "must be at most {le}, found {found}",
    "greater_than": "must be more than {gt}, found {found}",
    "less_than": "must be less than {lt}, found {found}",
    "date_type": "expected an ISO date YYYY-MM-DD, found {found}",
}

_PATTERN_MESSAGES: dict[str, Callable[[str], str]] = {
    "url": lambda v: f"{v} is not an http, https or mailto address",
    "email": lambda v: f"{v} is not an email address such as 'name@example.org'",
    "language": lambda v: f"{v} is not a BCP 47 language tag such as 'en' or 'uk-UA'",
    "id": lambda v: f"{v} is not a valid id (lowercase letters, digits, '.', '_' and '-')",
}


def _unknown_key(name: str, model: type[BaseModel]) -> str:
    known = sorted(_field_names(model))
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown key '{name}'{hint}"


def _field_names(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """Every field name reachable from `model`: the vocabulary for suggestions."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        for sub in _models_in(info.annotation):
            names |= _field_names(sub, seen)
    return names


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and hasattr(annotation, "__metadata__"):
        yield from _models_in(origin)


# --- whole-brief checks --------------------------------------------------------------


@dataclass(frozen=True)
class ValidBrief:
    """A valid brief, each edition's merged brief, and the ids nothing cites."""

    brief: Brief
    editions: dict[str, Brief]
    uncited: frozenset[str]


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
    brief, problems = validate_model(Brief, doc)
    if brief is not None:
        checked, found = _whole_brief(brief, doc)
        return checked, _in_order(problems + found)
    mended = _mended(doc)
    if mended is None:
        return None, _in_order(problems)
    brief, cut = mended
    checked, found = _whole_brief(brief, doc)
    # Only errors, and none a cut field could cause: a reference list that failed
    # would make every citation "unknown", a failed `editions` every audience.
    found = [
        p
        for p in found
        if p.is_error
        and not (("references" in cut) and "unknown reference" in p.message)
        and not (("editions" in cut) and "not a declared edition" in p.message)
        and p not in problems
    ]
    return checked, _in_order(problems + found)


def _whole_brief(brief: Brief, doc: SourceDoc) -> tuple[ValidBrief, list[Diagnostic]]:
    declared = set(brief.editions or {})
    problems = _edition_names(brief, doc)
    problems += check_content(brief, doc, (), declared)
    merged: dict[str, Brief] = {}
    base_data = {k: v for k, v in doc.data.items() if k != "editions"}
    for name, edition in (brief.editions or {}).items():
        model, found = _check_edition(name, edition, base_data, doc, brief)
        problems += found
        merged[name] = model or brief
    cited = {
        ref
        for b in (brief, *merged.values())
        for _, text in markdown_fields(b)
        for ref in markup.cited_ids(markup.parse(text))
    }
    problems += _uncited(brief, doc, cited)
    problems += _languages(brief, doc)
    uncited = frozenset(r.id for r in brief.references or [] if r.id not in cited)
    return ValidBrief(brief, merged, uncited), problems


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
            paths = {_user_path(data, err["loc"]) for err in exc.errors()}
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
        ok, node = _step(node, part)
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
) -> list[Diagnostic]:
    """Citations, links, ids and audiences of one brief, or of an edition's merged brief.

    For an edition (`base` is its `overrides` path) the overridden fields are
    checked at the override's lines; the others were checked for the brief
    itself, except that they may cite a reference the override removed."""
    overridden = _override_keys(doc, base) if base else None

    def own(field: str) -> bool:
        return overridden is None or field in overridden

    problems: list[Diagnostic] = []
    ref_ids = [r.id for r in brief.references or []]
    if own("references"):
        problems += _duplicates(doc, ref_ids, (*base, "references"), "reference id")
    if own("options"):
        option_ids = [o.id for o in brief.options.items if o.id]
        problems += _duplicates(doc, option_ids, (*base, "options", "items"), "option id")
    for path, text in markdown_fields(brief):
        mine = own(str(path[0]))
        where = (*base, *path) if mine else path
        blocks = markup.parse(text)
        for ref in markup.cited_ids(blocks):
            if ref in ref_ids:
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
        if mine:
            problems += [
                _at_text(
                    doc,
                    where,
                    href,
                    f"link to '{href}': only http, https and mailto addresses are allowed",
                )
                for href in markup.link_targets(blocks)
                if not href.startswith(markup.ALLOWED_SCHEMES)
            ]
    problems += _check_audiences(brief, doc, base, declared, own)
    return problems


def _override_keys(doc: SourceDoc, base: FieldPath) -> set[str]:
    node: Any = doc.data
    for part in base:
        node = node[part]
    return set(node)


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
            else _unknown_key(key, Brief),
            prefer_key=True,
        )
        for key in overrides
        if key in NOT_OVERRIDABLE or key not in Brief.model_fields
    ]
    if out or not overrides:
        return None, out
    merged = {**base_data, **overrides}
    model, problems = validate_model(Brief, doc, merged, base)
    # Problems outside the overridden fields were reported for the brief itself.
    out += [p for p in problems if p.path.startswith(dotted(base))]
    if model is not None:
        refs = frozenset(r.id for r in brief.references or [])
        out += check_content(model, doc, base, set(brief.editions or {}), refs)
    return model, out


def _at_text(doc: SourceDoc, path: FieldPath, needle: str, message: str) -> Diagnostic:
    """Point at the exact line and column of `needle` inside the field's text."""
    span = doc.span(path)
    pattern = re.compile(re.escape(needle) + r"(?![a-z0-9._-])") if needle.startswith("@") else None
    for number in range(span.line, min(span.end_line, len(doc.lines)) + 1):
        line = doc.lines[number - 1]
        hit = pattern.search(line) if pattern else None
        column = hit.start() if hit else (-1 if pattern else line.find(needle))
        if column >= 0:
            return Diagnostic(doc.file, number, column + 1, dotted(path), message)
    return doc.diagnostic(path, message)


# --- walking a brief's content ----------------------------------------------------------


def markdown_fields(brief: Brief) -> Iterator[tuple[FieldPath, str]]:
    """Every Markdown field of a brief with its path, in reading order."""
    if brief.summary:
        yield ("summary",), brief.summary
    yield from _points(("key_takeaways",), brief.key_takeaways)
    yield from _section(("background",), brief.background)
    if brief.options.intro:
        yield ("options", "intro"), brief.options.intro
    for i, option in enumerate(brief.options.items):
        yield ("options", "items", i, "text"), option.text
        yield from _points(("options", "items", i, "pros"), option.pros)
        yield from _points(("options", "items", i, "cons"), option.cons)
    for i, section in enumerate(brief.analysis or []):
        yield from _section(("analysis", i), section)
    if brief.pros_cons.intro:
        yield ("pros_cons", "intro"), brief.pros_cons.intro
    yield from _points(("pros_cons", "pros"), brief.pros_cons.pros)
    yield from _points(("pros_cons", "cons"), brief.pros_cons.cons)
    yield from _section(("outlook",), brief.outlook)
    yield from _section(("call_to_action",), brief.call_to_action)
    for i, ref in enumerate(brief.references or []):
        if ref.note:
            yield ("references", i, "note"), ref.note


def _section(path: FieldPath, section: Any) -> Iterator[tuple[FieldPath, str]]:
    if section.body:
        # A bare-text section has no `body` node; locating falls back to `path`.
        yield (*path, "body"), section.body
    yield from _points((*path, "points"), section.points)


def _points(path: FieldPath, points: list[Point] | None) -> Iterator[tuple[FieldPath, str]]:
    for i, point in enumerate(points or []):
        yield (*path, i, "text"), point.text


def tagged_items(brief: Brief) -> Iterator[tuple[FieldPath, list[str]]]:
    """Every point, option and analysis section that carries `audiences`."""
    groups: list[tuple[FieldPath, list[Any] | None]] = [
        (("key_takeaways",), brief.key_takeaways),
        (("options", "items"), brief.options.items),
        (("analysis",), brief.analysis),
        (("pros_cons", "pros"), brief.pros_cons.pros),
        (("pros_cons", "cons"), brief.pros_cons.cons),
    ]
    for i, option in enumerate(brief.options.items):
        groups += [
            (("options", "items", i, "pros"), option.pros),
            (("options", "items", i, "cons"), option.cons),
        ]
    for name in ("background", "outlook", "call_to_action"):
        groups.append(((name, "points"), getattr(brief, name).points))
    for i, section in enumerate(brief.analysis or []):
        groups.append((("analysis", i, "points"), section.points))
    for base, items in groups:
        for i, item in enumerate(items or []):
            if item.audiences:
                yield (*base, i), item.audiences
