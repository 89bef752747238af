"""Charts drawn as vectors by reportlab's own graphics (`reportlab.graphics.charts`).

Column, bar, stacked column and bar, and line charts, in the layout's fonts
(every `fontName` set: reportlab defaults to Helvetica, which is never
embedded; a character they lack prints from the fallback face that has it, as
in paragraphs: `render.drawings` draws every vector figure) and its series
colours (CMYK in CMYK layouts), on a value axis that starts at zero for bars,
with nice ticks and numbers written as the brief's language writes them. A
legend only for two or more series, above the plot (never over the data);
direct value labels when the brief asks; a gap for a null. Pure layout of a
`ChartData`: no files, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color

from policybrief.model.numbers import format_number
from policybrief.model.resolved import ChartData
from policybrief.render.textruns import width as text_width


@dataclass(frozen=True)
class ChartLook:
    """What a chart takes from the layout: fonts, sizes and inks."""

    font: str
    size: float  # the label size; the body size times about 0.8
    ink: Color
    muted: Color
    rule: Color
    series: tuple[Color, ...]
    language: str


def nice_axis(low: float, high: float, ticks: int = 5) -> tuple[float, float, float]:
    """(min, max, step) of an axis holding `low`..`high` on steps of 1, 2, 2.5 or 5 × 10^k."""
    if high <= low:
        high = low + 1
    raw = (high - low) / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def draw(chart: ChartData, width: float, look: ChartLook) -> Drawing:
    """The chart as a Drawing `width` points wide (its height follows its kind)."""
    horizontal = chart.type in ("bar", "stacked-bar")
    stacked = chart.type.startswith("stacked")
    legend = len(chart.series) >= 2
    legend_h = look.size * 2.2 if legend else 0.0
    if horizontal:
        height = max(width * 0.35, len(chart.categories) * look.size * 2.4 + 40) + legend_h
    else:
        height = width * 0.5 + legend_h
    drawing = Drawing(width, height)
    plot: Any = _plot(chart, horizontal, stacked)
    label_room = _label_room(chart, horizontal, look)
    ticks = _tick_labels(chart, stacked, look)
    widest_tick = max((text_width(t, look.font, look.size) for t in ticks), default=0.0)
    # Room for the widest tick label ("2,000") left of a column chart's plot, and for
    # the last one centred under a bar chart's right end: no label runs off the drawing.
    plot.x = label_room if horizontal else widest_tick + look.size * 0.9
    plot.y = look.size * 2.2
    right = widest_tick / 2 + look.size * 0.3 if horizontal else look.size
    if chart.value_labels:
        right = max(right, _widest_value(chart, look) + look.size * 0.8)
    plot.width = width - plot.x - right
    plot.height = height - plot.y - legend_h - look.size
    plot.data, owners = _data(chart, plot)
    if horizontal and not stacked:
        # reportlab draws a group's first series lowest; read top down, as the legend
        plot.data, owners = plot.data[::-1], owners[::-1]
    plot.categoryAxis.categoryNames = list(chart.categories)
    _value_axis(plot, chart, stacked, horizontal, look)
    _category_axis(plot, horizontal, look)
    _series_look(plot, chart, look, owners)
    drawing.add(plot)
    if legend:
        drawing.add(_legend(chart, width, height, look))
    return drawing


def _plot(chart: ChartData, horizontal: bool, stacked: bool) -> Any:
    if chart.type == "line":
        return HorizontalLineChart()
    plot = HorizontalBarChart() if horizontal else VerticalBarChart()
    if stacked:
        plot.categoryAxis.style = "stacked"
    plot.barSpacing = 1
    plot.groupSpacing = 6
    return plot


def _data(chart: ChartData, plot: Any) -> tuple[list[tuple[float | None, ...]], list[int]]:
    """The series as reportlab draws them, and whose each is. A bar's None is a bar not
    drawn; a line joins across a None, so a line with gaps is drawn as one series per
    unbroken run (in its series' colour)."""
    if not isinstance(plot, HorizontalLineChart):
        return [tuple(vs) for _, vs in chart.series], list(range(len(chart.series)))
    data: list[tuple[float | None, ...]] = []
    owners: list[int] = []
    for i, (_, values) in enumerate(chart.series):
        run: list[float | None] = [None] * len(values)
        for j, value in enumerate(values):
            if value is None and any(v is not None for v in run):
                data.append(tuple(run))
                owners.append(i)
                run = [None] * len(values)
            elif value is not None:
                run[j] = value
        if any(v is not None for v in run):
            data.append(tuple(run))
            owners.append(i)
    return data, owners


def _label_room(chart: ChartData, horizontal: bool, look: ChartLook) -> float:
    if not horizontal:
        return 0.0
    widest = max((text_width(c, look.font, look.size) for c in chart.categories), default=0)
    return widest + look.size * 0.8


def _axis_range(chart: ChartData, stacked: bool) -> tuple[float, float, float]:
    """(min, max, step) of the value axis: from zero (bars and lines alike)."""
    values = [v for _, vs in chart.series for v in vs if v is not None]
    if stacked:
        sums = [
            sum(v for v in column if v is not None and v > 0)
            for column in zip(*(vs for _, vs in chart.series), strict=False)
        ]
        values = sums or values
    low = min([0.0, *values]) if chart.type != "line" else min(values, default=0.0)
    if chart.type == "line" and low > 0:
        low = 0.0  # a line's axis from zero too: no exaggerated slopes
    high = max(values, default=1.0)
    return nice_axis(low, high)


def _decimals(step: float) -> int:
    return 0 if step >= 1 else max(0, -math.floor(math.log10(step)) + (step * 10 % 1 != 0))


def _tick_labels(chart: ChartData, stacked: bool, look: ChartLook) -> list[str]:
    vmin, vmax, step = _axis_range(chart, stacked)
    count = round((vmax - vmin) / step)
    decimals = _decimals(step)
    return [format_number(vmin + i * step, look.language, decimals) for i in range(count + 1)]


def _widest_value(chart: ChartData, look: ChartLook) -> float:
    """The widest direct label (a stacked chart's sit inside their bars: none outside)."""
    if chart.type.startswith("stacked"):
        return 0.0
    shown = [format_number(v, look.language) for _, vs in chart.series for v in vs if v is not None]
    return max((text_width(t, look.font, look.size * 0.9) for t in shown), default=0.0)


def _value_axis(
    plot: Any, chart: ChartData, stacked: bool, horizontal: bool, look: ChartLook
) -> None:
    vmin, vmax, step = _axis_range(chart, stacked)
    axis = plot.valueAxis
    axis.valueMin, axis.valueMax, axis.valueStep = vmin, vmax, step
    decimals = _decimals(step)
    axis.labelTextFormat = lambda v: format_number(v, look.language, decimals)
    axis.labels.fontName = look.font
    axis.labels.fontSize = look.size
    axis.labels.fillColor = look.muted
    axis.visibleAxis = 0
    axis.visibleTicks = 0
    axis.visibleGrid = 1
    axis.gridStrokeColor = look.rule
    axis.gridStrokeWidth = 0.4
    if horizontal:
        axis.labels.dy = -look.size * 0.3
    else:
        axis.labels.dx = -look.size * 0.3


def _category_axis(plot: Any, horizontal: bool, look: ChartLook) -> None:
    axis = plot.categoryAxis
    axis.labels.fontName = look.font
    axis.labels.fontSize = look.size
    axis.labels.fillColor = look.ink
    axis.strokeColor = look.muted
    axis.strokeWidth = 0.6
    axis.visibleTicks = 0
    if horizontal:
        axis.reverseDirection = 1  # the first category at the top, as read
        axis.labels.boxAnchor = "e"
        axis.labels.dx = -look.size * 0.4
    else:
        axis.labels.boxAnchor = "n"
        axis.labels.dy = -look.size * 0.3


def _series_look(plot: Any, chart: ChartData, look: ChartLook, owners: list[int]) -> None:
    colours = look.series

    def fmt(value: float) -> str:
        return format_number(value, look.language)

    if isinstance(plot, HorizontalLineChart):
        for i, owner in enumerate(owners):
            plot.lines[i].strokeColor = colours[owner % len(colours)]
            plot.lines[i].strokeWidth = 1.8
        plot.joinedLines = 1
        if chart.value_labels:
            plot.lineLabelFormat = fmt
            plot.lineLabels.fontName = look.font
            plot.lineLabels.fontSize = look.size * 0.9
            plot.lineLabels.fillColor = look.ink
            plot.lineLabels.dy = look.size * 0.7
        return
    bars = plot.bars
    bars.strokeColor = None
    bars.strokeWidth = 0
    for i, owner in enumerate(owners):
        bars[i].fillColor = colours[owner % len(colours)]
        bars[i].strokeColor = None
    if chart.value_labels:
        plot.barLabelFormat = fmt
        labels = plot.barLabels
        labels.fontName = look.font
        labels.fontSize = look.size * 0.9
        labels.fillColor = look.ink
        stacked = chart.type.startswith("stacked")
        labels.boxTarget = "mid" if stacked else "hi"
        # Outside the bar's end, never over it: anchored on the side facing the bar.
        labels.boxAnchor = "c" if stacked else ("w" if chart.type == "bar" else "s")
        labels.nudge = 0 if stacked else look.size * 0.3
        if chart.type == "column":
            labels.dy = look.size * 0.2


def _legend(chart: ChartData, width: float, height: float, look: ChartLook) -> Any:
    legend: Any = Legend()  # reportlab's attributes are untyped
    legend.fontName = look.font
    legend.fontSize = look.size
    legend.fillColor = look.ink
    legend.strokeColor = None
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 0
    legend.dx = legend.dy = look.size * 0.8
    legend.dxTextSpace = look.size * 0.4
    legend.autoXPadding = look.size * 1.5
    legend.boxAnchor = "nw"
    legend.x = look.size * 0.5
    legend.y = height - look.size * 0.2
    legend.colorNamePairs = [
        (look.series[i % len(look.series)], name) for i, (name, _) in enumerate(chart.series)
    ]
    legend.subCols.minWidth = 0
    return legend
