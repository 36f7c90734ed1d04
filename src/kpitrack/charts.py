"""An indicator's chart as an SVG picture: its series, the pace line, the target, the forecast.

One drawing for every surface — the report page embeds it, ``kpi chart`` writes it (or a PNG
made from it) — so a leader sees the same picture on paper, on a phone and in a WeChat group.
Pure functions of an :class:`~kpitrack.history.IndicatorHistory`: no JavaScript, no fonts
fetched, every coordinate computed exactly (Fraction) and rounded only as it is written.

A figure with a number (a total, a level, a result) is drawn in its unit; a milestone or a
task, whose progress is stages, is drawn as its completion in per cent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from html import escape

from kpitrack.frozen import frozen
from kpitrack.history import IndicatorHistory, pace_on
from kpitrack.messages import t
from kpitrack.model import Indicator, Measure
from kpitrack.quantity import format_number

# Windows, macOS, Linux: the first one installed draws the Chinese text.
FONT_STACK = (
    '"Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", "Noto Sans SC", sans-serif'
)

ACTUAL_COLOUR = "#1f5fbf"
PACE_COLOUR = "#7a7a7a"
TARGET_COLOUR = "#2e7d32"
AXIS_COLOUR = "#9e9e9e"


@frozen
class Size:
    """A chart's size and the margins its labels need."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font: int
    legend: bool


SMALL = Size(width=320, height=150, left=46, right=10, top=14, bottom=22, font=10, legend=False)
LARGE = Size(width=720, height=400, left=72, right=24, top=72, bottom=40, font=14, legend=True)


@frozen
class Frame:
    """Where a value on a day goes: days along the x axis, values up the y axis (0 at the
    bottom). Coordinates are exact; they become floats only when written."""

    size: Size
    start: date
    end: date
    top_value: Decimal

    @property
    def plot_left(self) -> int:
        return self.size.left

    @property
    def plot_right(self) -> int:
        return self.size.width - self.size.right

    @property
    def plot_top(self) -> int:
        return self.size.top

    @property
    def plot_bottom(self) -> int:
        return self.size.height - self.size.bottom

    def x(self, day: date) -> Fraction:
        span = max((self.end - self.start).days, 1)
        elapsed = min(max((day - self.start).days, 0), span)
        return self.plot_left + Fraction(elapsed, span) * (self.plot_right - self.plot_left)

    def y(self, value: Decimal) -> Fraction:
        top = Fraction(self.top_value) if self.top_value > 0 else Fraction(1)
        share = min(max(Fraction(value) / top, Fraction(0)), Fraction(1))
        return self.plot_bottom - share * (self.plot_bottom - self.plot_top)


def coordinate(value: Fraction) -> str:
    """The one place a coordinate becomes a float: two decimals, enough for any screen."""
    return f"{float(value):.2f}"


@frozen
class Plot:
    """What a chart shows, in the unit it is drawn in."""

    unit: str
    series: tuple[tuple[date, Decimal], ...]
    pace: tuple[tuple[date, Decimal], ...]
    target: Decimal | None
    forecast: tuple[tuple[date, Decimal], tuple[date, Decimal]] | None


def plot_of(story: IndicatorHistory) -> Plot:
    indicator = story.indicator
    period = indicator.period
    as_percent = indicator.measure in {Measure.MILESTONE, Measure.TASK}
    hundred = Decimal(100)
    series: list[tuple[date, Decimal]] = []
    for point in story.series:
        if as_percent:
            if point.completion is not None:
                series.append((point.day, point.completion * hundred))
        elif point.actual is not None:
            series.append((point.day, point.actual))
    pace = []
    for day in _pace_days(indicator):
        share = pace_on(indicator, day)
        scale = hundred if as_percent else indicator.target_on(day)
        if share is not None and scale is not None:
            pace.append((day, share * scale))
    target = hundred if as_percent else indicator.as_on(story.as_of).target
    if as_percent and story.status.pace is None and indicator.measure is Measure.TASK:
        target = hundred
    forecast = None
    status = story.status
    if not as_percent and status.forecast is not None and series and story.as_of < period.end:
        forecast = (series[-1], (period.end, status.forecast))
    unit = "%" if as_percent else indicator.unit
    return Plot(unit, tuple(series), tuple(pace), target, forecast)


def _pace_days(indicator: Indicator) -> list[date]:
    """The pace line's corners: the period's ends, every month's first day, and each side of
    a checkpoint or a stage's due date, where the pace may turn or step."""
    start, end = indicator.period.start, indicator.period.end
    turns = [c.day for c in indicator.pace] + [s.due for s in indicator.stages if s.due]
    days = {start, end, *_month_ticks(start, end, 1)}
    for day in turns:
        days.update({day, day - timedelta(days=1)})
    return sorted(d for d in days if start <= d <= end)


def nice_top(highest: Decimal) -> Decimal:
    """The axis top: the next round number (1, 1.2, 1.5, 2 … 8 × 10ⁿ) at or above the highest
    value shown, so the target line sits high in the chart."""
    if highest <= 0:
        return Decimal(1)
    power = Decimal(10) ** (highest.adjusted())
    for step in (
        Decimal(s) for s in ("1", "1.2", "1.5", "2", "2.5", "3", "4", "5", "6", "8", "10")
    ):
        if step * power >= highest:
            return step * power
    return Decimal(10) * power  # pragma: no cover - 10 × 10ⁿ is always enough


def frame_of(plot: Plot, indicator: Indicator, size: Size) -> Frame:
    values = [v for _, v in plot.series] + [v for _, v in plot.pace]
    if plot.target is not None:
        values.append(plot.target)
    if plot.forecast is not None:
        values.append(plot.forecast[1][1])
    highest = max(values, default=Decimal(0))
    return Frame(size, indicator.period.start, indicator.period.end, nice_top(highest))


def chart_svg(story: IndicatorHistory, size: Size = SMALL, *, standalone: bool = False) -> str:
    """The chart of one indicator. ``standalone``: with the XML namespace and a white page,
    as a file of its own; else for inlining in the report page."""
    plot = plot_of(story)
    frame = frame_of(plot, story.indicator, size)
    name = story.indicator.name
    label = t("chart.label", name=name, date=story.as_of.isoformat())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size.width} {size.height}" '
        f'width="{size.width}" height="{size.height}" role="img" aria-label="{escape(label)}" '
        f'class="chart" font-family="{escape(FONT_STACK)}" font-size="{size.font}">',
        f"<title>{escape(label)}</title>",
    ]
    if standalone:
        parts.append(f'<rect width="{size.width}" height="{size.height}" fill="#ffffff"/>')
    if size.legend:
        parts.append(
            f'<text x="{size.left}" y="{size.font + 8}" font-size="{size.font + 4}" '
            f'font-weight="bold" fill="#222">{escape(name)}</text>'
        )
        parts.append(_legend(size, plot))
    parts.extend(_axes(frame, plot.unit))
    if plot.target is not None:
        y = coordinate(frame.y(plot.target))
        parts.append(
            f'<line class="target" x1="{frame.plot_left}" x2="{frame.plot_right}" y1="{y}" '
            f'y2="{y}" stroke="{TARGET_COLOUR}" stroke-width="1.5"/>'
        )
    if plot.pace:
        parts.append(_polyline(frame, plot.pace, "pace", PACE_COLOUR, 'stroke-dasharray="5 3"'))
    if plot.forecast is not None:
        parts.append(
            _polyline(frame, plot.forecast, "forecast", ACTUAL_COLOUR, 'stroke-dasharray="2 3"')
        )
    if plot.series:
        parts.append(_polyline(frame, plot.series, "series", ACTUAL_COLOUR, width="2"))
        radius = 2.5 if size is SMALL else 3.5
        for day, value in plot.series:
            parts.append(
                f'<circle cx="{coordinate(frame.x(day))}" cy="{coordinate(frame.y(value))}" '
                f'r="{radius}" fill="{ACTUAL_COLOUR}"/>'
            )
    else:
        middle = coordinate(Fraction(frame.plot_left + frame.plot_right, 2))
        height = coordinate(Fraction(frame.plot_top + frame.plot_bottom, 2))
        parts.append(
            f'<text x="{middle}" y="{height}" text-anchor="middle" fill="#666">'
            f"{escape(t('chart.no_entries'))}</text>"
        )
    today = min(max(story.as_of, frame.start), frame.end)
    x = coordinate(frame.x(today))
    parts.append(
        f'<line class="as-of" x1="{x}" x2="{x}" y1="{frame.plot_top}" y2="{frame.plot_bottom}" '
        f'stroke="#c62828" stroke-width="0.8" stroke-dasharray="1 2"/>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _polyline(
    frame: Frame,
    points: Sequence[tuple[date, Decimal]],
    role: str,
    colour: str,
    extra: str = "",
    width: str = "1.5",
) -> str:
    shown = " ".join(f"{coordinate(frame.x(d))},{coordinate(frame.y(v))}" for d, v in points)
    return (
        f'<polyline class="{role}" points="{shown}" fill="none" stroke="{colour}" '
        f'stroke-width="{width}" {extra}/>'
    )


def _axes(frame: Frame, unit: str) -> list[str]:
    size = frame.size
    left, right, top, bottom = frame.plot_left, frame.plot_right, frame.plot_top, frame.plot_bottom
    parts = [
        f'<g class="axes" stroke="{AXIS_COLOUR}" stroke-width="1">'
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{bottom}"/>'
        f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}"/></g>'
    ]
    ticks = [frame.top_value * k / 2 for k in range(3)] if size is SMALL else None
    if ticks is None:
        ticks = [frame.top_value * k / 4 for k in range(5)]
    for value in ticks:
        y = coordinate(frame.y(value))
        shown = format_number(value, 2)
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#eeeeee" stroke-width="1"/>'
            f'<text x="{left - 4}" y="{y}" text-anchor="end" dominant-baseline="middle" '
            f'fill="#444">{escape(shown)}</text>'
        )
    parts.append(f'<text x="{left + 4}" y="{top - 3}" fill="#444">{escape(unit)}</text>')
    months = t("chart.months").split(",")
    for day in _month_ticks(frame.start, frame.end, 3 if size is SMALL else 1):
        x = coordinate(frame.x(day))
        parts.append(
            f'<text x="{x}" y="{bottom + size.font + 3}" text-anchor="middle" fill="#444">'
            f"{escape(months[day.month - 1])}</text>"
        )
    return parts


def _month_ticks(start: date, end: date, every: int) -> list[date]:
    """First days of months to label; for a period of a year, 1月 4月 7月 10月 on a small chart."""
    days = []
    day = date(start.year, start.month, 1)
    if day < start:
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    index = 0
    while day <= end:
        if index % every == 0:
            days.append(day)
        index += 1
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return days


def _legend(size: Size, plot: Plot) -> str:
    entries = [("actual", ACTUAL_COLOUR, "")]
    if plot.pace:
        entries.append(("pace", PACE_COLOUR, 'stroke-dasharray="5 3"'))
    if plot.target is not None:
        entries.append(("target", TARGET_COLOUR, ""))
    if plot.forecast is not None:
        entries.append(("forecast", ACTUAL_COLOUR, 'stroke-dasharray="2 3"'))
    parts = ['<g class="legend">']
    x = size.left
    y = size.font * 2 + 18
    for key, colour, dash in entries:
        parts.append(
            f'<line x1="{x}" x2="{x + 24}" y1="{y - 4}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="2" {dash}/>'
            f'<text x="{x + 30}" y="{y}" fill="#333">{escape(t(f"chart.{key}"))}</text>'
        )
        x += 120
    parts.append("</g>")
    return "".join(parts)


def charts_svg(stories: Sequence[IndicatorHistory]) -> str:
    """Several indicators' charts one under another, as one picture (``kpi chart A B``)."""
    size = LARGE
    if len(stories) == 1:
        return chart_svg(stories[0], size, standalone=True)
    height = size.height * len(stories)
    inner = []
    for index, story in enumerate(stories):
        drawn = chart_svg(story, size, standalone=True)
        inner.append(drawn.replace("<svg ", f'<svg y="{index * size.height}" ', 1))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size.width} {height}" '
        f'width="{size.width}" height="{height}">\n' + "\n".join(inner) + "\n</svg>"
    )
