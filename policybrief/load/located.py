"""pydantic errors -> located diagnostics, for briefs, layouts and label files.

Messages are keyed on pydantic's error *type* (one table, `_MESSAGES`), never
on its English text, and located at the YAML node the user wrote.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from policybrief.diagnostics import Diagnostic, FieldPath
from policybrief.load.yamlsource import SourceDoc

M = TypeVar("M", bound=BaseModel)


def validate_model(
    model: type[M],
    doc: SourceDoc,
    data: Any = None,
    base: FieldPath = (),
    only: Collection[str] | None = None,
    chain: Sequence[SourceDoc] = (),
) -> tuple[M | None, list[Diagnostic]]:
    """Validate `data` (default: the whole document) located under `base`.

    `only`: report just the errors under these top-level keys of `data` (an
    edition's overrides: the rest of its merged brief is the brief's own,
    reported once, at its own line). `chain`: the files `data` was merged from,
    most derived first (a layout and those it `extends`): each problem is
    reported in the first of them that writes the field at fault."""
    data = doc.data if data is None else data
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = [e for e in exc.errors() if only is None or (e["loc"][:1] and e["loc"][0] in only)]
        errors = _one_mistake_once(errors, data)
        return None, [_diagnostic(chain or (doc,), base, err, model, data) for err in errors]


def _one_mistake_once(errors: list[ErrorDetails], data: Any) -> list[ErrorDetails]:
    """`titel:` for `title:` is one mistake: its "unknown key 'titel' (did you mean
    'title'?)" says it all, so the "required field 'title' is missing" beside it goes;
    so does a point's missing `text` beside `- Note: text` read as a mapping."""
    unknown = [e["loc"] for e in errors if e["type"] == "extra_forbidden"]

    def explained(err: ErrorDetails) -> bool:
        parent, name = err["loc"][:-1], err["loc"][-1]
        typed = [str(loc[-1]) for loc in unknown if loc[:-1] == parent]
        if any(_colon_in_point(data, loc) for loc in unknown if loc[:-1] == parent):
            return True
        return isinstance(name, str) and bool(difflib.get_close_matches(name, typed, n=1))

    return [e for e in errors if not (e["type"] == "missing" and explained(e))]


def _diagnostic(
    chain: Sequence[SourceDoc], base: FieldPath, err: Any, model: type[BaseModel], data: Any
) -> Diagnostic:
    path = (*base, *user_path(data, err["loc"]))
    kind = err["type"]
    # A missing key is the fault of the file that wrote the mapping that lacks it.
    doc = _writer(chain, path[:-1] if kind == "missing" else path)
    if kind == "missing":
        name = path[-1]
        return doc.diagnostic(path, f"required field '{name}' is missing", at=path[:-1])
    if kind == "extra_forbidden":
        name = str(path[-1])
        if (hint := _colon_in_point(data, err["loc"])) is not None:
            return doc.diagnostic(path, hint, prefer_key=True)
        vocabulary = _fields_at(model, err["loc"][:-1])
        return doc.diagnostic(path, unknown_key(name, model, vocabulary), prefer_key=True)
    # A mapping key itself is at fault (an edition id): point at the key, not its value.
    at_key = err["loc"][-1:] == ("[key]",)
    return doc.diagnostic(path, _message(kind, err, path), prefer_key=at_key)


_POINT_LISTS = frozenset({"key_takeaways", "points", "pros", "cons"})


def _colon_in_point(data: Any, loc: tuple[Any, ...]) -> str | None:
    """`- Note: text` in a list of points is YAML for a mapping {Note: text}: say so."""
    loc = user_path(data, loc)  # without union tags (key_takeaways' list or mapping form)
    if len(loc) < 3 or not isinstance(loc[-2], int) or loc[-3] not in _POINT_LISTS:
        return None
    item = _node(data, loc[:-1])
    if not (isinstance(item, dict) and len(item) == 1 and isinstance(loc[-1], str)):
        return None
    key = next(iter(item))
    return (
        f"'- {key}: …' is read as a mapping because of the ': ' after '{key}'; for a point"
        f" that starts \"{key}: \", put the whole point in quotes (- \"{key}: …\"), or"
        f" write {{label: {key}, text: …}}"
    )


def _node(data: Any, loc: tuple[Any, ...]) -> Any:
    node = data
    for part in loc:
        _, node = step(node, part)
    return node


def _writer(chain: Sequence[SourceDoc], path: FieldPath) -> SourceDoc:
    """The first file of `chain` that writes the field at `path` (or else the first)."""
    return next((doc for doc in chain if path in doc.values), chain[0])


def user_path(data: Any, loc: tuple[Any, ...]) -> FieldPath:
    """`loc` without the union tags pydantic adds, walking the data the user wrote.

    A key the user wrote is always kept, even one that looks like a tag
    (`Summary:`, `"a[1]":`); only what is not in the data can be a tag.
    """
    out: list[Any] = []
    node = data
    for i, part in enumerate(loc):
        written, child = step(node, part)
        if not written and (_is_union_tag(part) or _tag_before(node, loc[i + 1 :])):
            continue
        if not written and i + 1 == len(loc) and out and out[-1] == part:
            continue  # a block's tag is its one key: `figure` then the field `figure`
        node = child
        out.append(part)
    return tuple(out)


def step(node: Any, part: Any) -> tuple[bool, Any]:
    """Whether the user's data has `part` under `node`, and what is there."""
    if isinstance(node, dict) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


def _tag_before(node: Any, rest: tuple[Any, ...]) -> bool:
    """Whether what follows a part the user did not write is in their data: the part
    was then a discriminated union's tag (a body's `blocks`, a block's `figure`)."""
    return bool(rest) and step(node, rest[0])[0]


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
    return _quoted(str(value))


_NUMBER = re.compile(r"[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?")
_DIGITS = re.compile(r"\d{21,}")
_LONGEST = 80  # characters of a value quoted whole


def _quoted(text: str) -> str:
    """A value as a message quotes it. A number of 400 digits is not read digit by digit
    (nor is a line of them useful): its first digits, '…' and how many it has; any
    other value past 80 characters is cut to its beginning and its length."""
    if len(text) > 20 and _NUMBER.fullmatch(text):
        digits = sum(c.isdigit() for c in text)
        return f"'{text[:12]}…' (a number of {digits:,} digits)"
    text = _DIGITS.sub(lambda run: f"{run[0][:12]}…[{len(run[0]):,} digits]", text)
    if len(text) > _LONGEST:
        return f"'{text[:60]}…' ({len(text):,} characters)"
    return f"'{text}'"


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


def unknown_key(name: str, model: type[BaseModel], known: set[str] | None = None) -> str:
    """"unknown key 'X'", with the closest key of the mapping where it is written
    (`known`), or else of the whole format."""
    close = difflib.get_close_matches(name, sorted(known or _field_names(model)), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown key '{name}'{hint}"


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    """The keys a mapping at `loc` may have, following pydantic's `loc` down the models."""
    models = {model}
    for part in loc:
        if not isinstance(part, str):
            continue  # a list index or a mapping key: the same models below
        inner = {
            sub
            for m in models
            if part in m.model_fields
            for sub in _models_in(m.model_fields[part].annotation)
        }
        # No field of that name: a mapping's own key (an edition id) or a union tag.
        models = inner or models
    return {name for m in models for name in m.model_fields}


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
