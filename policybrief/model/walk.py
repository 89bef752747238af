"""The one walker over a brief's content fields, in reading order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from policybrief.model.brief import (
    BoxBlock,
    Brief,
    Exhibit,
    Figure,
    FigureBlock,
    Option,
    PointItem,
    RecommendationItem,
    SummaryBody,
    Table,
    TableBlock,
    TakeawaysBody,
)
from policybrief.model.paths import FieldPath


def markdown_fields(brief: Brief) -> Iterator[tuple[FieldPath, str]]:
    """Every Markdown field of a brief with its path, in reading order."""
    if brief.summary_text:
        mapping = isinstance(brief.summary, SummaryBody)
        yield (("summary", "body") if mapping else ("summary",)), brief.summary_text
    yield from _points(_takeaways_path(brief), brief.takeaway_points)
    yield from _section(("background",), brief.background)
    options = brief.options
    if options and options.intro:
        yield ("options", "intro"), options.intro
    for i, option in enumerate(options.items if options else []):
        yield from _body(("options", "items", i, "text"), option.text)
        yield from _points(("options", "items", i, "pros"), option.pros)
        yield from _points(("options", "items", i, "cons"), option.cons)
    for i, section in enumerate(brief.analysis or []):
        yield from _section(("analysis", i), section)
    pros_cons = brief.pros_cons
    if pros_cons and pros_cons.intro:
        yield ("pros_cons", "intro"), pros_cons.intro
    if pros_cons:
        yield from _points(("pros_cons", "pros"), pros_cons.pros)
        yield from _points(("pros_cons", "cons"), pros_cons.cons)
    if brief.recommendations:
        if brief.recommendations.intro:
            yield ("recommendations", "intro"), brief.recommendations.intro
        yield from _points(("recommendations", "points"), brief.recommendations.points)
    yield from _section(("outlook",), brief.outlook)
    yield from _section(("call_to_action",), brief.call_to_action)
    for i, ref in enumerate(brief.references or []):
        if ref.note:
            yield ("references", i, "note"), ref.note
    for i, author in enumerate(brief.authors or []):
        if author.bio:
            yield ("authors", i, "bio"), author.bio
    for name in ("acknowledgements", "funding", "disclaimer"):
        text = getattr(brief.publication, name, None) if brief.publication else None
        if text:
            yield ("publication", name), text


def _section(path: FieldPath, section: Any) -> Iterator[tuple[FieldPath, str]]:
    if section is None:  # a section a `kind: general` brief leaves out
        return
    if section.body:
        # A bare-text section has no `body` node; locating falls back to `path`.
        yield from _body((*path, "body"), section.body)
    yield from _points((*path, "points"), section.points)


def _body(path: FieldPath, body: Any) -> Iterator[tuple[FieldPath, str]]:
    """A body's Markdown: the text itself, or that of each block and inside each exhibit."""
    if isinstance(body, str):
        yield path, body
        return
    for i, block in enumerate(body):
        if isinstance(block, str):
            yield (*path, i), block
        else:
            yield from _exhibit_text((*path, i), block)


def _exhibit_text(path: FieldPath, block: Any) -> Iterator[tuple[FieldPath, str]]:
    """Captions' sources and notes, table cells, a box's body and points."""
    match block:
        case FigureBlock(figure=figure):
            at = (*path, "figure")
            yield from _notes(at, figure)
        case TableBlock(table=table):
            at = (*path, "table")
            for c, cell in enumerate(table.columns or []):
                yield (*at, "columns", c), cell
            for r, row in enumerate(table.rows or []):
                for c, cell in enumerate(row):
                    yield (*at, "rows", r, c), cell
            yield from _notes(at, table)
        case BoxBlock(box=box):
            yield from _body((*path, "box", "body"), box.body)
            yield from _points((*path, "box", "points"), box.points)


def _notes(path: FieldPath, exhibit: Figure | Table) -> Iterator[tuple[FieldPath, str]]:
    if exhibit.source:
        yield (*path, "source"), exhibit.source
    if exhibit.notes:
        yield (*path, "notes"), exhibit.notes


def _points(
    path: FieldPath, points: Sequence[PointItem | RecommendationItem] | None
) -> Iterator[tuple[FieldPath, str]]:
    for i, point in enumerate(points or []):
        yield (*path, i, "text"), point.text


def exhibits(brief: Brief) -> Iterator[tuple[FieldPath, Exhibit]]:
    """Every figure, table and box of a brief with its path, in reading order."""
    bodies: list[tuple[FieldPath, Any]] = []
    if brief.background:
        bodies.append((("background", "body"), brief.background.body))
    bodies += [(("options", "items", i, "text"), o.text) for i, o in enumerate(_options(brief))]
    bodies += [(("analysis", i, "body"), s.body) for i, s in enumerate(brief.analysis or [])]
    bodies += [
        ((name, "body"), getattr(brief, name).body)
        for name in ("outlook", "call_to_action")
        if getattr(brief, name) is not None
    ]
    for path, body in bodies:
        yield from _exhibits_in(path, body)


def _exhibits_in(path: FieldPath, body: Any) -> Iterator[tuple[FieldPath, Exhibit]]:
    if not isinstance(body, list):
        return
    for i, block in enumerate(body):
        match block:
            case FigureBlock(figure=figure):
                yield (*path, i, "figure"), figure
            case TableBlock(table=table):
                yield (*path, i, "table"), table
            case BoxBlock(box=box):
                yield (*path, i, "box"), box
                yield from _exhibits_in((*path, i, "box", "body"), box.body)


def tagged_items(brief: Brief) -> Iterator[tuple[FieldPath, list[str]]]:
    """Every point, option and analysis section that carries `audiences`."""
    groups: list[tuple[FieldPath, list[Any] | None]] = [
        (_takeaways_path(brief), brief.takeaway_points),
        (("options", "items"), _options(brief)),
        (("analysis",), brief.analysis),
        (("pros_cons", "pros"), brief.pros_cons.pros if brief.pros_cons else None),
        (("pros_cons", "cons"), brief.pros_cons.cons if brief.pros_cons else None),
        (("recommendations", "points"), _recommendations(brief)),
    ]
    for i, option in enumerate(_options(brief)):
        groups += [
            (("options", "items", i, "pros"), option.pros),
            (("options", "items", i, "cons"), option.cons),
        ]
    for name in ("background", "outlook", "call_to_action"):
        section = getattr(brief, name)
        groups.append(((name, "points"), section.points if section else None))
    for i, section in enumerate(brief.analysis or []):
        groups.append((("analysis", i, "points"), section.points))
    for base, items in groups:
        for i, item in enumerate(items or []):
            if item.audiences:
                yield (*base, i), item.audiences


def _takeaways_path(brief: Brief) -> FieldPath:
    """Where the points are written: the list itself, or a mapping's `points`."""
    mapping = isinstance(brief.key_takeaways, TakeawaysBody)
    return ("key_takeaways", "points") if mapping else ("key_takeaways",)


def _recommendations(brief: Brief) -> list[RecommendationItem]:
    return brief.recommendations.points if brief.recommendations else []


def recommendation_ids(brief: Brief) -> Iterator[tuple[FieldPath, str]]:
    """Every recommendation's id, with the path of the recommendation."""
    for i, item in enumerate(_recommendations(brief)):
        if item.id:
            yield ("recommendations", "points", i), item.id


def _options(brief: Brief) -> list[Option]:
    return brief.options.items if brief.options else []


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
