"""The one walker over a brief's content fields, in reading order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from policybrief.model.brief import Brief, Point
from policybrief.model.paths import FieldPath


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


def texts(
    value: object, skip: frozenset[str], path: FieldPath = ()
) -> Iterator[tuple[FieldPath, str]]:
    """Every text value under `value` (a model, a mapping, a list), with its field path,
    except under the keys in `skip`: for checks that look at every character printed."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for key in type(value).model_fields:
            if key not in skip:
                yield from texts(getattr(value, key), skip, (*path, key))
    elif isinstance(value, dict):
        for key, item in value.items():
            if str(key) not in skip:
                yield from texts(item, skip, (*path, key))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from texts(item, skip, (*path, i))
