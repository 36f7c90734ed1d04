"""The arithmetic of progress: actuals, pace (序时进度), completion, state and forecast.

Pure functions over plain values: no database, no terminal, no clock. Status reports, tests
and property checks all call these, so a rule is written once. Shares are fractions (0.5 is
50%); gaps are percentage points, as offices read them (完成率 − 序时进度).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise

from kpitrack.model import Checkpoint, Direction, Indicator, Measure, Period, Thresholds


class Mode(StrEnum):
    SET = "set"  # a period-to-date figure, or a level reading
    ADD = "add"  # an increment on top of the latest figure
    STAGE = "stage"  # a milestone reached


class State(StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    FAR_BEHIND = "far_behind"
    BREACHED = "breached"
    NO_DATA = "no_data"

    @property
    def light(self) -> str:
        """红黄绿灯: green on track or done, yellow behind, red far behind or breached."""
        return {
            State.DONE: "green",
            State.ON_TRACK: "green",
            State.BEHIND: "yellow",
            State.FAR_BEHIND: "red",
            State.BREACHED: "red",
            State.NO_DATA: "grey",
        }[self]


@dataclass(frozen=True)
class Point:
    """One logged entry as the maths sees it; ``seq`` orders entries of the same day."""

    as_of: date
    seq: int
    mode: Mode
    value: float | None = None
    stage: str | None = None


@dataclass(frozen=True)
class History:
    """What decides an indicator's figures at a date: its entries, and how many there were.

    ``points`` may begin at the latest figure or stage, since nothing logged before it can
    change the actual; that is what lets the store answer from its index without reading an
    indicator's whole past. ``count`` still counts every entry in the window.
    """

    points: tuple[Point, ...]
    count: int

    @classmethod
    def of(cls, points: Iterable[Point]) -> History:
        listed = tuple(points)
        return cls(listed, len(listed))

    @property
    def last_update(self) -> date | None:
        return max((p.as_of for p in self.points), default=None)


def in_order(points: Iterable[Point]) -> list[Point]:
    return sorted(points, key=lambda p: (p.as_of, p.seq))


def actual_at(points: Iterable[Point], day: date) -> float | None:
    """The latest figure at or before ``day`` plus the increments logged after it.

    Increments before any figure count from zero. None when nothing is logged by ``day``.
    """
    actual: float | None = None
    for point in in_order(p for p in points if p.as_of <= day):
        if point.mode is Mode.SET:
            actual = point.value
        elif point.mode is Mode.ADD:
            actual = (actual or 0.0) + (point.value or 0.0)
    return actual


def stage_at(points: Iterable[Point], day: date) -> str | None:
    """The stage most recently logged at or before ``day``."""
    stage = None
    for point in in_order(p for p in points if p.as_of <= day and p.mode is Mode.STAGE):
        stage = point.stage
    return stage


def elapsed_share(period: Period, day: date) -> float:
    """Days of the period gone by ``day``, the day itself included: 时间过半 at mid-year."""
    gone = (day - period.start).days + 1
    return min(max(gone / period.days, 0.0), 1.0)


def checkpoint_share(period: Period, checkpoints: Sequence[Checkpoint], day: date) -> float:
    """Linear between declared checkpoints, from 0 before the start to 100% at the end."""
    before = period.start.toordinal() - 1
    knots = [(before, 0.0), *((c.day.toordinal(), c.share) for c in checkpoints)]
    if knots[-1][0] < period.end.toordinal():
        knots.append((period.end.toordinal(), 1.0))
    x = day.toordinal()
    if x <= knots[0][0]:
        return 0.0
    for (x0, y0), (x1, y1) in pairwise(knots):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return knots[-1][1]


def pace_share(indicator: Indicator, day: date) -> float:
    """序时进度: the share of the target that should be done by ``day``.

    A level should hold its target all along, so its pace is 100% throughout. A milestone
    with due dates is paced by the share of stages (up to the target stage) already due.
    """
    if indicator.measure is Measure.LEVEL and not indicator.pace:
        return 1.0
    if indicator.measure is Measure.MILESTONE:
        stages = indicator.stages[: indicator.target_stage_index]
        if any(stage.due for stage in stages):
            due = sum(1 for stage in stages if stage.due and stage.due <= day)
            return due / len(stages)
    if indicator.pace:
        return checkpoint_share(indicator.period, indicator.pace, day)
    return elapsed_share(indicator.period, day)


def completion(
    indicator: Indicator, actual: float | None, stage: str | None = None
) -> float | None:
    """完成率: actual over target; for a milestone, stages reached over stages to reach."""
    if indicator.measure is Measure.MILESTONE:
        if stage is None:
            return None
        return (indicator.stage_names.index(stage) + 1) / indicator.target_stage_index
    if actual is None or indicator.target is None:
        return None
    target = float(indicator.target)
    if target == 0:
        return 1.0 if actual <= 0 else float("inf")
    return actual / target


def gap_points(indicator: Indicator, done_share: float | None, pace: float) -> float | None:
    """完成率 − 序时进度 in percentage points; for at_most, how far usage stays below pace."""
    if done_share is None:
        return None
    if indicator.direction is Direction.AT_MOST and indicator.measure is not Measure.MILESTONE:
        return (pace - done_share) * 100
    return (done_share - pace) * 100


def state_of(
    indicator: Indicator,
    done_share: float | None,
    pace: float,
    day: date,
    thresholds: Thresholds,
    stage: str | None = None,
) -> State:
    """The traffic-light state; thresholds are strict: a gap equal to one is the better state."""
    if done_share is None:
        return State.NO_DATA
    if indicator.direction is Direction.AT_MOST and indicator.measure is not Measure.MILESTONE:
        if done_share > 1:
            return State.BREACHED
        if day >= indicator.period.end:
            return State.DONE
        if indicator.measure is Measure.LEVEL:
            return State.ON_TRACK
    elif done_share >= 1:
        return State.DONE
    gap = gap_points(indicator, done_share, pace)
    assert gap is not None
    if gap < thresholds.far_behind:
        return State.FAR_BEHIND
    if gap < thresholds.behind or _stage_overdue(indicator, stage, day):
        return State.BEHIND
    return State.ON_TRACK


def _stage_overdue(indicator: Indicator, stage: str | None, day: date) -> bool:
    if indicator.measure is not Measure.MILESTONE:
        return False
    reached = indicator.stage_names.index(stage) + 1 if stage else 0
    return any(s.due and s.due < day for s in indicator.stages[reached:])


def forecast(indicator: Indicator, actual: float | None, pace: float, day: date) -> float | None:
    """The figure expected at the period end.

    A total keeps its present ratio to the planned curve: actual ÷ 序时进度 (with linear pace,
    the run-rate). A level is expected to stay at its latest reading. After the period ends
    the forecast is the actual. Milestones have no numeric forecast.
    """
    if actual is None or indicator.measure is Measure.MILESTONE:
        return None
    if indicator.measure is Measure.LEVEL or day >= indicator.period.end:
        return actual
    if pace <= 0:
        return None
    return actual / pace


def will_miss(indicator: Indicator, projected: float | None) -> bool:
    if projected is None or indicator.target is None:
        return False
    target = float(indicator.target)
    if indicator.direction is Direction.AT_MOST:
        return projected > target
    return projected < target


def needed_per_cycle(indicator: Indicator, actual: float | None, day: date) -> float | None:
    """What is still to do, spread over the reporting cycles left (剩余每月需完成…).

    At least one cycle is assumed, so in the last days the whole remainder is due at once.
    None when nothing is left to do, the period is over, or the idea does not apply.
    """
    if indicator.measure is not Measure.TOTAL or indicator.direction is Direction.AT_MOST:
        return None
    if indicator.target is None or day >= indicator.period.end:
        return None
    remaining = float(indicator.target) - (actual or 0.0)
    if remaining <= 0:
        return None
    days_left = (indicator.period.end - max(day, indicator.period.start)).days
    cycles = max(days_left / indicator.cycle.days, 1.0)
    return remaining / cycles


def rollup(shares: Iterable[float | None]) -> float | None:
    """An area's completion: its indicators' completion, capped at 100%, averaged.

    An indicator without data counts as 0: nothing reported is nothing shown done.
    """
    values = [min(share or 0.0, 1.0) for share in shares]
    return sum(values) / len(values) if values else None
