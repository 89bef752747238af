"""Bodies with exhibits, their numbers per edition, and cross-references as text.

`body` turns a brief's body (Markdown, or a list of blocks) into resolved
blocks, exhibits numbered 0. `number_and_link` then numbers the edition's
figures, tables and boxes each in their own series, in the order they are
drawn (spec 1.1), and replaces each cross-reference `[@fig-…]` by its text
("Figure 2", "Figures 1 and 2", "section 4" or a heading in quotes) with a
link to its target: the renderer only prints. Pure, no I/O: images and CSV
files were read by the load stage (`BriefFiles`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from policybrief.model import brief as spec
from policybrief.model.brief import UNNUMBERED_SECTIONS
from policybrief.model.files import BriefFiles, CsvData
from policybrief.model.inline import Block, Cite, Inline, PipeTable, XRef
from policybrief.model.labels import LabelSet
from policybrief.model.numbers import column_alignment, format_number
from policybrief.model.paths import Origin
from policybrief.model.resolved import (
    Analysis,
    AnalysisSection,
    BodyBlock,
    Box,
    Cells,
    ChartData,
    DataTable,
    Figure,
    Prose,
    Recommendations,
    RPoint,
    Section,
    section_name,
)
from policybrief.resolve.typeset import ENGLISH, Setter

_KINDS = {"fig-": "figure", "tbl-": "table", "box-": "box", "sec-": "section", "rec-": "rec"}

Points = Callable[[Origin, Any], tuple[RPoint, ...]]


@dataclass(frozen=True)
class BodyMaker:
    """Resolves bodies for one edition: `points` filters and resolves a box's points."""

    files: BriefFiles
    language: str
    points: Points
    set: Setter = ENGLISH

    def body(self, body: str | list[Any] | None, at: Origin) -> tuple[BodyBlock, ...]:
        if body is None:
            return ()
        if isinstance(body, str):
            return self.set.blocks(body)
        out: list[BodyBlock] = []
        for i, block in enumerate(body):
            here = at.child(i)
            match block:
                case str():
                    out += self.set.blocks(block)
                case spec.FigureBlock(figure=figure):
                    out.append(self.figure(figure, here.child("figure")))
                case spec.TableBlock(table=table):
                    out.append(self.table(table, here.child("table")))
                case spec.BoxBlock(box=box):
                    out.append(self.box(box, here.child("box")))
        return tuple(out)

    def figure(self, figure: spec.Figure, at: Origin) -> Figure:
        chart = self.chart(figure.chart) if figure.chart else None
        picture = self.files.pictures.get(figure.image) if figure.image else None
        alt = figure.alt or (chart_alt(figure.title, chart, self.language) if chart else "")
        return Figure(
            origin=at,
            number=0,
            anchor=figure.id,
            title=self.set.line(figure.title),
            subtitle=self.set.maybe(figure.subtitle),
            picture=picture,
            chart=chart,
            alt=alt,
            source=self.set.blocks(figure.source),
            notes=self.set.blocks(figure.notes),
            width=figure.width,
        )

    def chart(self, chart: spec.Chart) -> ChartData:
        if chart.data is not None:
            data = self.files.tables[chart.data]
            categories = tuple(row[0] for row in data.rows)
            series = tuple(
                (name, tuple(_number(row[i]) for row in data.rows))
                for i, name in enumerate(data.header[1:], start=1)
            )
        else:
            categories = tuple(chart.categories or ())
            series = tuple((name, tuple(values)) for name, values in (chart.series or {}).items())
        return ChartData(chart.type, categories, series, chart.unit, chart.labels == "values")

    def table(self, table: spec.Table, at: Origin) -> DataTable:
        header, rows = _cells_of(table, self.files.tables)
        return DataTable(
            origin=at,
            number=0,
            anchor=table.id,
            title=self.set.line(table.title),
            subtitle=self.set.maybe(table.subtitle),
            columns=tuple(self.set.inline(c) for c in header),
            rows=tuple(tuple(self.set.inline(c) for c in row) for row in rows),
            align=column_alignment(len(header) or len(rows[0]), rows, table.align),
            source=self.set.blocks(table.source),
            notes=self.set.blocks(table.notes),
        )

    def box(self, box: spec.Box, at: Origin) -> Box:
        return Box(
            origin=at,
            number=0,
            anchor=box.id,
            title=self.set.line(box.title),
            blocks=self.body(box.body, at.child("body")),
            points=self.points(at.child("points"), box.points),
        )


def _cells_of(table: spec.Table, tables: dict[str, CsvData]) -> tuple[list[str], list[list[str]]]:
    if table.data is not None:
        data = tables[table.data]
        return list(data.header), [list(row) for row in data.rows]
    return list(table.columns or []), [list(row) for row in table.rows or []]


def _number(cell: str) -> float | None:
    return float(cell) if cell.strip() else None


def markdown_groups(blocks: tuple[BodyBlock, ...]) -> Iterator[tuple[Block, ...]]:
    """The Markdown of a body in reading order, exhibits opened: captions' sources
    and notes, table cells (as a pipe table), a box's body and points."""
    plain: list[Block] = []
    for block in blocks:
        if not isinstance(block, Figure | DataTable | Box):
            plain.append(block)
            continue
        if plain:
            yield tuple(plain)
            plain = []
        match block:
            case Figure(source=source, notes=notes):
                yield source
                yield notes
            case DataTable(columns=columns, rows=rows, align=align, source=source, notes=notes):
                yield (PipeTable(columns, rows, align),)
                yield source
                yield notes
            case Box(blocks=inner, points=points):
                yield from markdown_groups(inner)
                for point in points:
                    yield from markdown_groups(point.blocks)
    if plain:
        yield tuple(plain)


# --- alt text ---------------------------------------------------------------------------

_CHART_NAMES = {
    "column": "Column chart",
    "bar": "Bar chart",
    "stacked-column": "Stacked column chart",
    "stacked-bar": "Stacked bar chart",
    "line": "Line chart",
}


def chart_alt(title: str, chart: ChartData, language: str) -> str:
    """A sentence a screen reader can speak in place of the chart, made from its data:
    "Line chart of …, 2019 to 2025: USDT rose from 4 to 150; USDC …"."""
    cats = chart.categories
    span = f"{cats[0]} to {cats[-1]}" if len(cats) > 1 else (cats[0] if cats else "")
    unit = f" ({chart.unit})" if chart.unit else ""
    parts = [_series_alt(name, values, cats, language) for name, values in chart.series]
    head = f"{_CHART_NAMES.get(chart.type, 'Chart')} of {title}{unit}, {span}"
    return f"{head}: {'; '.join(p for p in parts if p)}."


def _series_alt(
    name: str, values: tuple[float | None, ...], cats: tuple[str, ...], language: str
) -> str:
    known = [(c, v) for c, v in zip(cats, values, strict=False) if v is not None]
    if not known:
        return f"{name} has no values"
    (first_c, first), (last_c, last) = known[0], known[-1]

    def num(value: float) -> str:
        return format_number(value, language)

    if len(known) == 1:
        return f"{name} {num(first)} in {first_c}"
    trend = "rose" if last > first else "fell" if last < first else "stayed"
    top_c, top = max(known, key=lambda cv: cv[1])
    peak = f", peaking at {num(top)} in {top_c}" if top not in (first, last) else ""
    if trend == "stayed":
        return f"{name} stayed at {num(first)} from {first_c} to {last_c}{peak}"
    return f"{name} {trend} from {num(first)} in {first_c} to {num(last)} in {last_c}{peak}"


# --- numbering and cross-references -----------------------------------------------------


@dataclass(frozen=True)
class Target:
    kind: str  # figure | table | box | section
    number: str  # "2", "4", "3.2"; "" when headings are unnumbered
    heading: str  # a section's heading (quoted when it has no number)
    anchor: str


def number_and_link(
    sections: list[Section], labels: LabelSet, numbered_headings: bool
) -> list[Section]:
    """The edition's exhibits numbered in order, and cross-references resolved."""
    counters = {"figure": 0, "table": 0, "box": 0}
    found: dict[str, Target] = {}

    def numbered(node: Any) -> Any:
        if isinstance(node, Figure | DataTable | Box) and node.title is not None:
            kind = {Figure: "figure", DataTable: "table", Box: "box"}[type(node)]
            counters[kind] += 1
            node = dataclasses.replace(node, number=counters[kind])
            if node.anchor:
                found[node.anchor] = Target(kind, str(node.number), node.title, node.anchor)
        return node

    sections = [_map(s, numbered) for s in sections]
    found.update(_section_targets(sections, numbered_headings))
    return [_map(s, lambda node: node, _linker(found, labels)) for s in sections]


def _section_targets(sections: list[Section], numbered: bool) -> Iterator[tuple[str, Target]]:
    number = 0
    for section in sections:
        counts = numbered and section_name(section) not in UNNUMBERED_SECTIONS
        number += counts
        top = str(number) if counts else ""
        if isinstance(section, Prose) and section.anchor:
            yield section.anchor, Target("section", top, section.heading, section.anchor)
        if isinstance(section, Recommendations):
            for item in section.items:
                if item.anchor:
                    yield item.anchor, Target("rec", str(item.number), "", item.anchor)
        if isinstance(section, Analysis):
            for sub in section.sections:
                if sub.anchor:
                    shown = f"{top}.{sub.number}" if top else ""
                    yield sub.anchor, Target("section", shown, sub.heading, sub.anchor)


def _linker(found: dict[str, Target], labels: LabelSet) -> Callable[[Cite], list[Inline]]:
    def link(cite: Cite) -> list[Inline]:
        xrefs = [found[i] for i in cite.ids if i[:4] in _KINDS and i in found]
        rest = tuple(i for i in cite.ids if i[:4] not in _KINDS)
        out: list[Inline] = []
        if xrefs:
            out.append(XRef(xref_parts(xrefs, labels)))
        if rest:
            if out:
                out.append(XRef(((" ", None),)))
            out.append(Cite(rest, cite.narrative))
        return out

    return link


def xref_parts(targets: list[Target], labels: LabelSet) -> tuple[tuple[str, str | None], ...]:
    """ "Figure 2"; "Figures 1 and 2"; "Figure 1 and Table 2"; "section 4"; "“Outlook”"."""
    by_kind: dict[str, list[Target]] = {}
    for t in targets:
        group = by_kind.setdefault(t.kind, [])
        if t not in group:
            group.append(t)
    groups = [_group(kind, items, labels) for kind, items in by_kind.items()]
    return _joined(groups, labels.xref_and)


def _group(kind: str, items: list[Target], labels: LabelSet) -> list[tuple[str, str | None]]:
    names = {
        "figure": (labels.figure, labels.xref_figures),
        "table": (labels.table, labels.xref_tables),
        "box": (labels.box, labels.xref_boxes),
        "section": (labels.xref_section, labels.xref_sections),
        "rec": (labels.xref_recommendation, labels.xref_recommendations),
    }
    one, many = names[kind]
    numbered = sorted((t for t in items if t.number), key=lambda t: _sort_key(t.number))
    quoted = [t for t in items if not t.number]
    parts: list[list[tuple[str, str | None]]] = []
    if len(numbered) == 1:
        parts.append([(f"{one} {numbered[0].number}", numbered[0].anchor)])
    elif numbered:
        numbers = _joined([[(t.number, t.anchor)] for t in numbered], labels.xref_and)
        parts.append([(f"{many} ", None), *numbers])
    parts += [[(labels.xref_quoted.format(heading=t.heading), t.anchor)] for t in quoted]
    return list(_joined(parts, labels.xref_and))


def _sort_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split(".") if p.isdigit())


def _joined(
    groups: list[list[tuple[str, str | None]]], word: str
) -> tuple[tuple[str, str | None], ...]:
    """A, B and C."""
    out: list[tuple[str, str | None]] = []
    for i, group in enumerate(groups):
        if i:
            out.append((f" {word} " if i == len(groups) - 1 else ", ", None))
        out += group
    return tuple(out)


def _map(
    node: Any, visit: Callable[[Any], Any], cite: Callable[[Cite], list[Inline]] | None = None
) -> Any:
    """`node` with every resolved dataclass rebuilt bottom-up in reading order: `visit`
    sees each before its contents; `cite` replaces each citation by inlines."""
    if isinstance(node, tuple):
        out: list[Any] = []
        for item in node:
            if cite is not None and isinstance(item, Cite):
                out += cite(item)
            else:
                out.append(_map(item, visit, cite))
        return tuple(out)
    if dataclasses.is_dataclass(node) and not isinstance(node, type) and _ours(node):
        node = visit(node)
        changes = {
            f.name: _map(getattr(node, f.name), visit, cite)
            for f in dataclasses.fields(node)
            if isinstance(getattr(node, f.name), tuple | Figure | DataTable | Box)
            or dataclasses.is_dataclass(getattr(node, f.name))
        }
        return dataclasses.replace(node, **changes) if changes else node
    return node


def _ours(node: Any) -> bool:
    """Resolved blocks and Markdown IR; never a Picture, Origin or chart data."""
    return type(node).__module__ in (
        "policybrief.model.resolved",
        "policybrief.model.inline",
    ) and not isinstance(node, ChartData | Origin)


__all__ = ["AnalysisSection", "BodyMaker", "Cells", "chart_alt", "number_and_link"]
