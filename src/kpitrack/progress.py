"""The arithmetic of progress: actuals, pace (序时进度), completion, state and forecast.

Pure functions over plain values: no database, no terminal, no clock. Status reports, tests
and property checks all call these, so a rule is written once. Shares are fractions (0.5 is
50%); gaps are percentage points, as offices read them (完成率 − 序时进度).

Exact throughout. Figures are ``Decimal``: sums of what people typed stay what they typed, so
ten ``+1000万元`` make exactly 1亿元. Ratios (completion, pace, gaps, forecasts) are worked out
as ``Fraction`` and only then turned into a ``Decimal``: pace is elapsed days over period days,
a ratio of integers that a decimal of any fixed precision cannot hold (182/366), and a state
decided on a rounded ratio would put a gap of exactly −5 on the wrong side of the threshold.
A fraction compares exactly; the decimal that reports show is rounded once, at the end, to
:data:`RATIO_DIGITS` significant digits, far below anything a report displays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Context, Decimal, Inexact, InvalidOperation, localcontext
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from itertools import pairwise

from kpitrack.frozen import frozen
from kpitrack.model import Checkpoint, Direction, Indicator, Measure, Period, Thresholds

RATIO_DIGITS = 28
_RATIO = Context(prec=RATIO_DIGITS)
# Sums of entries: wide enough that adding figures of at most 15 integer digits never rounds.
_SUMS = Context(prec=60)
INFINITE = Decimal("Infinity")  # the completion of a zero target that was exceeded

Share = Fraction | Decimal  # an exact ratio; a Decimal may also be INFINITE


def to_decimal(share: Share) -> Decimal:
    """A ratio as a decimal: exact when it terminates, else to RATIO_DIGITS digits."""
    if isinstance(share, Decimal):
        return share
    if share.denominator == 1:
        return Decimal(share.numerator)
    return _RATIO.divide(Decimal(share.numerator), Decimal(share.denominator))


def exact(share: Share) -> Fraction | None:
    """A share as an exact fraction; None for an infinite one."""
    if isinstance(share, Fraction):
        return share
    return None if share.is_infinite() else Fraction(share)


class Mode(StrEnum):
    SET = "set"  # a period-to-date figure, or a level reading
    ADD = "add"  # an increment on top of the latest figure
    STAGE = "stage"  # a milestone reached


class State(StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    FAR_BEHIND = "far_behind"
    MISSED = "missed"  # the period is over and the target was not reached: final
    IN_PROGRESS = "in_progress"  # a milestone with no stage dates, before the period's end
    BREACHED = "breached"
    NO_DATA = "no_data"
    RESULT = "result"  # a closed year's figure with the report's verdict: never scored
    CONTEXT = "context"  # a figure shown beside its area (背景): never scored

    @property
    def light(self) -> str:
        """红黄绿灯: green on track or done, yellow behind, red far behind or breached."""
        return {
            State.DONE: "green",
            State.ON_TRACK: "green",
            State.BEHIND: "yellow",
            State.FAR_BEHIND: "red",
            State.MISSED: "red",
            State.IN_PROGRESS: "green",
            State.BREACHED: "red",
            State.NO_DATA: "grey",
            State.RESULT: "green",  # a result's own light comes from its verdict (results.py)
            State.CONTEXT: "grey",
        }[self]


@frozen
class Point:
    """One logged entry as the maths sees it; ``seq`` orders entries of the same day."""

    as_of: date
    seq: int
    mode: Mode
    value: Decimal | None = None
    stage: str | None = None
    qualifier: str | None = None  # the figure's own 余/多/突破…, kept as typed
    note: str | None = None  # a task's progress note (see tasks.py)


@frozen
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


def actual_at(points: Iterable[Point], day: date) -> Decimal | None:
    """The latest figure at or before ``day`` plus the increments logged after it.

    Increments before any figure count from zero. None when nothing is logged by ``day``.
    """
    actual: Decimal | None = None
    with localcontext(_SUMS):
        for point in in_order(p for p in points if p.as_of <= day):
            if point.mode is Mode.SET:
                actual = point.value
            elif point.mode is Mode.ADD:
                actual = (actual or Decimal(0)) + (point.value or Decimal(0))
    return actual


def stage_at(points: Iterable[Point], day: date) -> str | None:
    """The stage most recently logged at or before ``day``."""
    stage = None
    for point in in_order(p for p in points if p.as_of <= day and p.mode is Mode.STAGE):
        stage = point.stage or stage  # a task's note reaches no stage
    return stage


def elapsed_ratio(period: Period, day: date) -> Fraction:
    """Days of the period gone by ``day``, the day itself included: 时间过半 at mid-year.

    The same for every indicator of a period on one day: worked out once (a report of 1,000
    indicators asks for it 1,000 times)."""
    return _elapsed(period.start, period.end, day)


@lru_cache(maxsize=256)
def _elapsed(start: date, end: date, day: date) -> Fraction:
    days = (end - start).days + 1
    return Fraction(min(max((day - start).days + 1, 0), days), days)


def elapsed_share(period: Period, day: date) -> Decimal:
    return to_decimal(elapsed_ratio(period, day))


def checkpoint_ratio(period: Period, checkpoints: Sequence[Checkpoint], day: date) -> Fraction:
    """Linear between declared checkpoints, from 0 before the start to 100% at the end."""
    before = period.start.toordinal() - 1
    knots = [(before, Fraction(0)), *((c.day.toordinal(), Fraction(c.share)) for c in checkpoints)]
    if knots[-1][0] < period.end.toordinal():
        knots.append((period.end.toordinal(), Fraction(1)))
    x = day.toordinal()
    if x <= knots[0][0]:
        return Fraction(0)
    for (x0, y0), (x1, y1) in pairwise(knots):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return knots[-1][1]


def checkpoint_share(period: Period, checkpoints: Sequence[Checkpoint], day: date) -> Decimal:
    return to_decimal(checkpoint_ratio(period, checkpoints, day))


def pace_ratio(indicator: Indicator, day: date) -> Fraction:
    """序时进度: the share of the target that should be done by ``day``.

    A level should hold its target all along, so its pace is 100% throughout. A milestone
    with due dates is paced by the share of stages (up to the target stage) already due; one
    without any is due whole at the period's end.
    """
    if indicator.measure is Measure.LEVEL and not indicator.pace:
        return Fraction(1)
    if indicator.measure is Measure.MILESTONE:
        stages = indicator.stages[indicator.start_stage_index : indicator.target_stage_index]
        if any(stage.due for stage in stages):
            due = sum(1 for stage in stages if stage.due and stage.due <= day)
            return Fraction(due, len(stages))
        if not indicator.pace:
            # No stage has a date: the project is expected by the period's end, and until then
            # it is in progress, never behind (a December opening is on plan in September).
            return Fraction(1) if day >= indicator.period.end else Fraction(0)
    if indicator.pace:
        return checkpoint_ratio(indicator.period, indicator.pace, day)
    return elapsed_ratio(indicator.period, day)


def pace_share(indicator: Indicator, day: date) -> Decimal:
    return to_decimal(pace_ratio(indicator, day))


def completion_ratio(
    indicator: Indicator, actual: Decimal | None, stage: str | None = None
) -> Share | None:
    """完成率: actual over target; for a milestone, stages reached over stages to reach.

    A milestone's stage true at the start (``start:``) is not progress: completion runs from
    it, (reached − start) / (target − start), so a project at its start stage is at 0%.
    """
    if indicator.measure is Measure.MILESTONE:
        if stage is None:
            return None
        start = indicator.start_stage_index
        reached = indicator.stage_names.index(stage) + 1
        return Fraction(max(reached - start, 0), indicator.target_stage_index - start)
    if actual is None or indicator.target is None:
        return None
    if indicator.target == 0:
        return Fraction(1) if actual <= 0 else INFINITE
    return Fraction(actual) / Fraction(indicator.target)


def completion(
    indicator: Indicator, actual: Decimal | None, stage: str | None = None
) -> Decimal | None:
    done = completion_ratio(indicator, actual, stage)
    return None if done is None else to_decimal(done)


def _gap(indicator: Indicator, done_share: Share, pace: Share) -> Fraction | None:
    """The exact gap; None when a share is infinite (a zero target exceeded)."""
    done, planned = exact(done_share), exact(pace)
    if done is None or planned is None:
        return None
    if _at_most(indicator):
        return (planned - done) * 100
    return (done - planned) * 100


def _at_most(indicator: Indicator) -> bool:
    """Whether a larger share (actual ÷ target) is worse: a limit. A target below zero turns
    the share around — 单位GDP能耗下降 declared as ``target: -3%, direction: at_most`` is
    reached at −3.5 % (a share of 116.7 %) and not yet at −2 % (66.7 %) — so it is scored
    as "at least" is, and an "at least −2 %" (a fall of no more than 2 %) as a limit."""
    if indicator.measure is Measure.MILESTONE:
        return False
    at_most = indicator.direction is Direction.AT_MOST
    below_zero = indicator.target is not None and indicator.target < 0
    return at_most is not below_zero


def gap_points(indicator: Indicator, done_share: Share | None, pace: Share) -> Decimal | None:
    """完成率 − 序时进度 in percentage points; for at_most, how far usage stays below pace."""
    if done_share is None:
        return None
    if _at_most(indicator) and indicator.target == 0 and exact(done_share) is not None:
        return None  # 0 of 0 allowed: no allowance to spend ahead of or behind the year
    gap = _gap(indicator, done_share, pace)
    if gap is None:
        return -INFINITE if _at_most(indicator) else INFINITE
    return to_decimal(gap)


def state_of(
    indicator: Indicator,
    done_share: Share | None,
    pace: Share,
    day: date,
    thresholds: Thresholds,
    stage: str | None = None,
    closed: bool = False,
    met: bool | None = None,
) -> State:
    """The traffic-light state; thresholds are strict: a gap equal to one is the better state.

    Decided on exact fractions, so a gap of exactly −5 is −5 and not −5.000000000000002.
    Once the period is ``closed`` (the date is after its end) the state is final: done, or
    missed — never behind, which would ask for a catching-up that can no longer happen. An
    indicator never reported by then is missed too: a closed year does not wait for a report.
    ``met``, when given, says whether the target is reached (qualifiers.target_met: a target
    of 30多个 is not reached by 30个, though its share is 100%).
    """
    if done_share is None:
        return State.MISSED if closed else State.NO_DATA
    done = exact(done_share)
    reached = (done is None or done >= 1) if met is None else met
    if closed and not _at_most(indicator):
        return State.DONE if reached else State.MISSED
    if _at_most(indicator):
        if done is None or done > 1:
            return State.BREACHED
        if day >= indicator.period.end:
            return State.DONE
        if indicator.measure is Measure.LEVEL or indicator.target == 0:
            return State.ON_TRACK  # none allowed and none so far: there is no pace to use up
    elif reached:
        return State.DONE
    if undated_milestone(indicator) and day < indicator.period.end:
        return State.IN_PROGRESS
    gap = _gap(indicator, done_share, pace)
    assert gap is not None  # an infinite share is done or breached above
    if gap < _fraction(thresholds.far_behind):
        return State.FAR_BEHIND
    if gap < _fraction(thresholds.behind) or _stage_overdue(indicator, stage, day):
        return State.BEHIND
    return State.ON_TRACK


@lru_cache(maxsize=64)
def _fraction(threshold: Decimal) -> Fraction:
    """A threshold as a fraction: the same few for every row of a report."""
    return Fraction(threshold)


def undated_milestone(indicator: Indicator) -> bool:
    """A milestone whose stages carry no dates: expected whole by the period's end, with no
    序时进度 to show before then (0 % would read as "ahead by its whole completion")."""
    return (
        indicator.measure is Measure.MILESTONE
        and not indicator.pace
        and not any(stage.due for stage in indicator.stages)
    )


def _stage_overdue(indicator: Indicator, stage: str | None, day: date) -> bool:
    if indicator.measure is not Measure.MILESTONE:
        return False
    reached = indicator.stage_names.index(stage) + 1 if stage else 0
    return any(s.due and s.due < day for s in indicator.stages[reached:])


def forecast_ratio(
    indicator: Indicator, actual: Decimal | None, pace: Share, day: date
) -> Fraction | None:
    """The figure expected at the period end.

    A total keeps its present ratio to the planned curve: actual ÷ 序时进度 (with linear pace,
    the run-rate). A level is expected to stay at its latest reading. After the period ends
    the forecast is the actual. Milestones have no numeric forecast.
    """
    if actual is None or indicator.measure is Measure.MILESTONE:
        return None
    if indicator.measure is Measure.LEVEL or day >= indicator.period.end:
        return Fraction(actual)
    planned = exact(pace)
    if planned is None or planned <= 0:
        return None
    return Fraction(actual) / planned


def forecast(
    indicator: Indicator, actual: Decimal | None, pace: Share, day: date
) -> Decimal | None:
    projected = forecast_ratio(indicator, actual, pace, day)
    return None if projected is None else to_decimal(projected)


def will_miss(indicator: Indicator, projected: Share | None, strictly_above: bool = False) -> bool:
    """Whether the forecast falls short; ``strictly_above`` when the target asks for more
    than its number (30多个) and the forecast does not itself say more (qualifiers.py)."""
    if projected is None or indicator.target is None:
        return False
    expected = exact(projected)
    if expected is None:
        return indicator.direction is Direction.AT_MOST
    target = Fraction(indicator.target)
    if indicator.direction is Direction.AT_MOST:
        return expected > target
    return expected <= target if strictly_above else expected < target


def needed_per_cycle(indicator: Indicator, actual: Decimal | None, day: date) -> Decimal | None:
    """What is still to do, spread over the reporting cycles left (剩余每月需完成…).

    At least one cycle is assumed, so in the last days the whole remainder is due at once.
    None when nothing is left to do, the period is over, or the idea does not apply.
    """
    if indicator.measure is not Measure.TOTAL or indicator.direction is Direction.AT_MOST:
        return None
    if indicator.target is None or day >= indicator.period.end:
        return None
    remaining = Fraction(indicator.target) - Fraction(actual or 0)
    if remaining <= 0:
        return None
    days_left = (indicator.period.end - max(day, indicator.period.start)).days
    cycle = indicator.cycle.days
    if days_left > cycle:  # spread over days_left / cycle cycles; else all due in this one
        remaining = remaining * Fraction(cycle) / days_left
    return to_decimal(remaining)


def rollup(shares: Iterable[Share | None]) -> Decimal | None:
    """An area's completion: its indicators' completion, capped at 100%, averaged.

    An indicator without data counts as 0: nothing reported is nothing shown done.
    """
    values = [_capped(share) for share in shares]
    return to_decimal(_exact_sum(values) / len(values)) if values else None


def _capped(share: Share | None) -> Share:
    """A share counted towards a roll-up: none is 0, more than done is just done."""
    if share is None:
        return _NONE_DONE
    if isinstance(share, Decimal) and share.is_finite():
        return share if share < 1 else _ALL_DONE
    done = exact(share)
    return Fraction(1) if done is None else min(done, Fraction(1))


_NONE_DONE, _ALL_DONE = Decimal(0), Decimal(1)
# Decimal sums that are exact or refused: completions are decimals, and a thousand of them
# add up sooner as decimals than as fractions (each fraction's sum is reduced by a gcd).
_EXACT_SUMS = Context(prec=80, traps=[Inexact, InvalidOperation])


def _exact_sum(values: list[Share]) -> Fraction:
    decimals = [value for value in values if isinstance(value, Decimal)]
    if len(decimals) == len(values):
        total = _NONE_DONE
        try:
            for value in decimals:
                total = _EXACT_SUMS.add(total, value)
        except (Inexact, InvalidOperation):
            pass
        else:
            return Fraction(total)
    return sum((Fraction(value) for value in values), Fraction(0))
