"""The status report as plain data: one row per indicator, grouped by area.

Built here once, then rendered per format (a Rich table, JSON…), so every surface shows the
same figures. Entries come in through a callable, so this module needs no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from kpitrack.errors import KpiError
from kpitrack.frozen import frozen
from kpitrack.groups import counted_in_area, gathered
from kpitrack.messages import t
from kpitrack.model import Area, Indicator, Measure, Period, Targets, Thresholds
from kpitrack.progress import (
    History,
    State,
    actual_at,
    completion_ratio,
    forecast_ratio,
    gap_points,
    needed_per_cycle,
    pace_ratio,
    rollup,
    stage_at,
    state_of,
    to_decimal,
    undated_milestone,
    will_miss,
)
from kpitrack.qualifiers import qualifier_at, says_above, target_met
from kpitrack.results import scored, unscored_state
from kpitrack.tasks import DONE_WORD, task_figures

ALL_PERIODS = "all"

HistoryFor = Callable[[Indicator, date], History]
Fetch = Callable[[list[Indicator], date], None]  # histories read at once before they are asked


@frozen
class IndicatorStatus:
    indicator: Indicator
    day: date  # the date the figures are for: the as-of date, or the period end if earlier
    actual: Decimal | None
    stage: str | None
    completion: Decimal | None
    pace: Decimal | None  # None for a figure that is not scored (results.py)
    gap: Decimal | None
    state: State
    forecast: Decimal | None
    will_miss: bool
    needed: Decimal | None
    last_update: date | None
    entries: int
    actual_approx: str | None = None  # the actual's own qualifier: 突破60亿元, 750余家
    latest_note: str | None = None  # a task's latest progress note


@frozen
class AreaStatus:
    area: Area
    rows: tuple[IndicatorStatus, ...]

    @cached_property  # asked by the area's line and its bar: worked out once
    def completion(self) -> Decimal | None:
        counted = {i.id for i in counted_in_area([row.indicator for row in self.rows])}
        return rollup(
            row.completion
            for row in self.rows
            if row.indicator.id in counted and scored(row.indicator)
        )


@frozen
class StatusReport:
    as_of: date
    period: str
    thresholds: Thresholds
    areas: tuple[AreaStatus, ...]

    def rows(self) -> list[IndicatorStatus]:
        return [row for area in self.areas for row in area.rows]

    def counts(self) -> dict[State, int]:
        found = Counter(row.state for row in self.rows())
        return {state: found.get(state, 0) for state in State}

    def ended(self) -> date | None:
        """The day the period shown ended, when every indicator shown is past its period's end:
        then its states are final, and the report must say so where it is read, not only on
        stderr (a mailed table or a script's JSON never sees stderr)."""
        ends = [row.indicator.period.end for row in self.rows()]
        return max(ends) if ends and all(end < self.as_of for end in ends) else None


def indicator_status(
    indicator: Indicator,
    history: History,
    as_of: date,
    thresholds: Thresholds,
    floor: Decimal | None = None,
) -> IndicatorStatus:
    """Figures for one indicator as of a date; ``history`` holds its entries up to then.

    The target is the one that held on that date, so a revision never rewrites the past.
    Completion, pace and forecast stay exact fractions until every decision is taken on them.
    ``floor`` is a group's members done: its actual is never below it (see groups.py).
    """
    day = min(as_of, indicator.period.end)
    indicator = indicator.as_on(day)
    seen = history.points
    if not scored(indicator):
        return _unscored_status(indicator, history, day)
    if indicator.measure is Measure.TASK:
        return task_status(indicator, history, as_of, day)
    is_milestone = indicator.measure is Measure.MILESTONE
    actual = None if is_milestone else at_least(actual_at(seen, day), floor)
    stage = stage_at(seen, day) if is_milestone else None
    done = completion_ratio(indicator, actual, stage)
    pace = pace_ratio(indicator, day) if day >= indicator.period.start else Fraction(0)
    projected = forecast_ratio(indicator, actual, pace, day)
    closed = as_of > indicator.period.end
    approx = qualifier_at(seen, day)
    met = None
    if actual is not None and indicator.target is not None:
        met = target_met(actual, approx, indicator.target, indicator.approx, indicator.direction)
    state = state_of(indicator, done, pace, day, thresholds, stage, closed, met)
    if closed:  # final: what was not reached was missed, reported or not
        missing = state in {State.MISSED, State.BREACHED}
    else:
        # a forecast that is the actual itself keeps the actual's qualifier
        above = says_above(indicator.approx) and not (projected == actual and says_above(approx))
        missing = will_miss(indicator, projected, above) if actual is not None else False
    unplanned = undated_milestone(indicator) and day < indicator.period.end
    return IndicatorStatus(
        indicator=indicator,
        day=day,
        actual=actual,
        stage=stage,
        completion=None if done is None else to_decimal(done),
        pace=None if unplanned else to_decimal(pace),
        gap=None if unplanned else gap_points(indicator, done, pace),
        state=state,
        forecast=None if projected is None else to_decimal(projected),
        will_miss=missing,
        needed=needed_per_cycle(indicator, actual, day),
        last_update=history.last_update,
        entries=history.count,
        actual_approx=approx,
    )


def _unscored_status(indicator: Indicator, history: History, day: date) -> IndicatorStatus:
    """A result or context row: its figure as logged, nothing measured against a target."""
    return IndicatorStatus(
        indicator=indicator,
        day=day,
        actual=actual_at(history.points, day),
        stage=None,
        completion=None,
        pace=None,
        gap=None,
        state=unscored_state(indicator),
        forecast=None,
        will_miss=False,
        needed=None,
        last_update=history.last_update,
        entries=history.count,
        actual_approx=qualifier_at(history.points, day),
    )


def task_status(indicator: Indicator, history: History, as_of: date, day: date) -> IndicatorStatus:
    """A task's row: its state and latest note; no figure, no pace to be behind."""
    closed = as_of > indicator.period.end
    figures = task_figures(history.points, day, closed)
    done = figures.state is State.DONE
    return IndicatorStatus(
        indicator=indicator,
        day=day,
        actual=None,
        stage=DONE_WORD if done else None,
        completion=Decimal(1) if done else None,
        pace=None,  # a task has no 序时进度: it is in progress or done, never behind
        gap=None,
        state=figures.state,
        forecast=None,
        will_miss=closed and not done,
        needed=None,
        last_update=history.last_update,
        entries=history.count,
        latest_note=figures.latest_note,
    )


def at_least(actual: Decimal | None, floor: Decimal | None) -> Decimal | None:
    """A group's actual: the logged figure, but never fewer than its members done."""
    if floor is None or not floor:
        return actual
    return floor if actual is None else max(actual, floor)


def row_of(
    indicator: Indicator,
    targets: Targets,
    history_for: HistoryFor,
    as_of: date,
    by_id: Mapping[str, Indicator] | None = None,
) -> IndicatorStatus:
    """An indicator's row; a group's actual is never below its members done (groups.py).

    A count its members name in full (2 of 2) needs no report of its own: a member's entry is
    its latest report too, so it is not asked for one each cycle. ``by_id``: the targets'
    indicators by id, when the caller has them (a report's groups share one).
    """
    history = history_for(indicator, as_of)
    if not indicator.members:
        return indicator_status(indicator, history, as_of, targets.thresholds)
    if by_id is None:
        by_id = targets.by_id()
    members = [
        indicator_status(m, history_for(m, as_of), as_of, targets.thresholds)
        for m in (by_id[member_id] for member_id in indicator.members)
    ]
    done = sum(1 for m in members if m.completion is not None and m.completion >= 1)
    row = indicator_status(indicator, history, as_of, targets.thresholds, Decimal(done))
    if not indicator.named_in_full:
        return row
    updates = [day for day in (row.last_update, *(m.last_update for m in members)) if day]
    row = replace(row, last_update=max(updates, default=None))
    return named_in_full(row, members) if as_of <= indicator.period.end else row


def named_in_full(row: IndicatorStatus, members: list[IndicatorStatus]) -> IndicatorStatus:
    """A count its members name in full keeps their time, not a straight line through the year.

    项目建成投用 2个 is the two projects: while neither is late by its own stage dates, the
    count is in progress like them, not behind a linear pace that nobody planned. Its pace is
    its members' pace, averaged (none while no member has stage dates); its state is the worst
    of theirs until it is done.
    """
    if row.state is State.DONE:
        return row
    paces = [Fraction(m.pace or 0) for m in members]
    pace = (
        sum(paces, Fraction(0)) / len(members) if any(m.pace is not None for m in members) else None
    )
    states = {m.state for m in members}
    if State.FAR_BEHIND in states:
        state = State.FAR_BEHIND
    elif State.BEHIND in states:
        state = State.BEHIND
    elif row.actual is None and states == {State.NO_DATA}:
        state = State.NO_DATA
    elif states <= {State.DONE, State.ON_TRACK}:
        state = State.ON_TRACK
    else:
        state = State.IN_PROGRESS
    done = None if row.completion is None else Fraction(row.completion)
    return replace(
        row,
        pace=None if pace is None else to_decimal(pace),
        gap=None if done is None or pace is None else to_decimal((done - pace) * 100),
        state=state,
        forecast=None,
        will_miss=False,
        needed=None,
    )


def select_period(targets: Targets, wanted: str | None) -> str:
    """The period to report: as asked (a label, a year, or 'all'), else the latest declared."""
    periods = targets.periods()
    if wanted is None:
        return periods[0].label if periods else ALL_PERIODS
    if wanted == ALL_PERIODS or any(p.matches(wanted) for p in periods):
        return wanted
    labels = ", ".join(p.label for p in periods) + f", {ALL_PERIODS}"
    raise KpiError("cli.bad_period", value=wanted, periods=labels)


def select_areas(targets: Targets, wanted: str | None) -> list[Area]:
    if wanted is None:
        return list(targets.areas)
    needle = wanted.strip().lower()
    chosen = [a for a in targets.areas if a.id == needle or needle in a.name.lower()]
    if not chosen:
        names = t("words.separator").join(
            t("words.aside", text=a.id, aside=short_name(a.name)) for a in targets.areas
        )
        raise KpiError("cli.bad_area", value=wanted, areas=names)
    return chosen


def short_name(area_name: str) -> str:
    """聚焦项目建设抓经济，综合实力更加厚实 -> 聚焦项目建设抓经济: the heading's first clause."""
    for mark in ("，", ",", "："):
        if mark in area_name:
            return area_name.split(mark, 1)[0]
    return area_name


def in_period(period: Period, wanted: str) -> bool:
    return wanted == ALL_PERIODS or period.matches(wanted)


@frozen
class Selection:
    """The indicators a report covers: one period (or all), some areas, in file order."""

    period: str
    areas: tuple[tuple[Area, tuple[Indicator, ...]], ...]

    def indicators(self) -> list[Indicator]:
        return [indicator for _, indicators in self.areas for indicator in indicators]


def select(targets: Targets, period: str | None = None, area: str | None = None) -> Selection:
    chosen_period = select_period(targets, period)
    areas = []
    for chosen in select_areas(targets, area):
        indicators = tuple(i for i in chosen.indicators if in_period(i.period, chosen_period))
        if indicators:
            areas.append((chosen, indicators))
    return Selection(chosen_period, gathered(areas))


def build_status(
    targets: Targets,
    history_for: HistoryFor,
    as_of: date,
    period: str | None = None,
    area: str | None = None,
    fetch: Fetch | None = None,
) -> StatusReport:
    """``fetch``, when given, is told every indicator the rows will ask ``history_for`` about
    (those shown and their groups' members), so a store reads them in one query."""
    selection = select(targets, period, area)
    shown = selection.indicators()
    by_id = targets.by_id() if any(indicator.members for indicator in shown) else None
    if fetch is not None:
        fetch(asked_about(shown, by_id), as_of)
    areas = tuple(
        AreaStatus(
            chosen,
            tuple(row_of(i, targets, history_for, as_of, by_id) for i in indicators),
        )
        for chosen, indicators in selection.areas
    )
    return StatusReport(as_of, selection.period, targets.thresholds, areas)


def asked_about(shown: list[Indicator], by_id: Mapping[str, Indicator] | None) -> list[Indicator]:
    """The indicators whose histories the rows shown read (row_of): each, and a group's
    members (``by_id``: every indicator by id, when any shown is a group)."""
    if by_id is None:
        return shown
    members = (by_id.get(m) for indicator in shown for m in indicator.members)
    return shown + [member for member in members if member is not None]
