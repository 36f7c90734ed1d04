"""Pace (序时进度), actuals, completion, states, forecasts: the rules offices read by."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitrack.model import (
    Checkpoint,
    Cycle,
    Direction,
    Indicator,
    Measure,
    Period,
    Stage,
    Thresholds,
)
from kpitrack.progress import (
    Mode,
    Point,
    State,
    actual_at,
    checkpoint_share,
    completion,
    elapsed_ratio,
    elapsed_share,
    forecast,
    needed_per_cycle,
    pace_share,
    rollup,
    stage_at,
    state_of,
    to_decimal,
)

Y2024 = Period.year(2024)
THRESHOLDS = Thresholds(behind=Decimal(-5), far_behind=Decimal(-30))
D = Decimal


def make(**changes: object) -> Indicator:
    fields: dict[str, object] = {
        "id": "key-projects-2024",
        "name": "全年谋划重点推进项目",
        "area_id": "a",
        "unit": "个",
        "target": Decimal(21),
        "period": Y2024,
    }
    fields.update(changes)
    return Indicator(**fields)  # type: ignore[arg-type]


def test_pace_at_mid_year_is_about_half() -> None:
    assert elapsed_ratio(Y2024, date(2024, 6, 30)) == Fraction(182, 366)
    assert elapsed_share(Y2024, date(2024, 6, 30)) == D("0.4972677595628415300546448087")
    assert elapsed_share(Y2024, date(2024, 12, 31)) == 1
    assert elapsed_ratio(Y2024, date(2024, 1, 1)) == Fraction(1, 366)
    assert elapsed_share(Y2024, date(2023, 12, 31)) == 0
    assert elapsed_share(Y2024, date(2025, 3, 1)) == 1


def test_pace_of_a_period_with_round_days_is_an_exact_decimal() -> None:
    """73 of 365 days is 20%, not 0.19999999999999998."""
    assert elapsed_share(Period.year(2023), date(2023, 3, 14)) == D("0.2")


@given(st.dates(min_value=date(2023, 6, 1), max_value=date(2025, 6, 1)))
def test_linear_pace_is_elapsed_days_over_period_days(day: date) -> None:
    expected = min(max(Fraction((day - date(2024, 1, 1)).days + 1, 366), Fraction(0)), Fraction(1))
    assert elapsed_ratio(Y2024, day) == expected
    assert abs(Fraction(elapsed_share(Y2024, day)) - expected) < Fraction(1, 10**27)


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 30)))
def test_pace_never_falls_as_days_pass(day: date) -> None:
    checkpoints = (Checkpoint(date(2024, 3, 31), D("0.1")), Checkpoint(date(2024, 6, 30), D("0.5")))
    later = day + timedelta(days=1)
    assert checkpoint_share(Y2024, checkpoints, later) >= checkpoint_share(Y2024, checkpoints, day)
    assert elapsed_share(Y2024, later) >= elapsed_share(Y2024, day)


def test_checkpoints_replace_linear_pace() -> None:
    indicator = make(pace=(Checkpoint(date(2024, 6, 30), D("0.3")),))
    assert pace_share(indicator, date(2024, 6, 30)) == D("0.3")
    assert pace_share(indicator, date(2024, 12, 31)) == 1
    # halfway between the checkpoint and the year end, halfway between 30% and 100%
    mid = date(2024, 6, 30) + timedelta(days=(date(2024, 12, 31) - date(2024, 6, 30)).days // 2)
    assert abs(pace_share(indicator, mid) - D("0.65")) < D("0.01")


def test_a_level_should_hold_its_target_all_year() -> None:
    assert pace_share(make(measure=Measure.LEVEL), date(2024, 3, 1)) == 1


def test_a_milestone_with_due_dates_is_paced_by_stages_due() -> None:
    stages = (Stage("在建"), Stage("建成", date(2024, 6, 30)), Stage("投用", date(2024, 10, 31)))
    indicator = make(measure=Measure.MILESTONE, stages=stages, target=None, target_stage="投用")
    assert pace_share(indicator, date(2024, 7, 1)) == D(1) / 3
    assert pace_share(indicator, date(2024, 11, 1)) == D(2) / 3


def P(day: str, seq: int, mode: Mode, value: int | None = None, stage: str | None = None) -> Point:
    return Point(date.fromisoformat(day), seq, mode, None if value is None else D(value), stage)


def test_actual_is_latest_figure_plus_later_increments() -> None:
    points = [
        P("2024-03-31", 1, Mode.SET, 4),
        P("2024-04-15", 2, Mode.ADD, 2),
        P("2024-05-31", 3, Mode.SET, 5),
        P("2024-06-10", 4, Mode.ADD, 1),
    ]
    assert actual_at(points, date(2024, 3, 30)) is None
    assert actual_at(points, date(2024, 4, 30)) == 6
    assert actual_at(points, date(2024, 5, 31)) == 5
    assert actual_at(points, date(2024, 6, 30)) == 6


def test_same_day_entries_count_in_the_order_they_were_logged() -> None:
    points = [P("2024-06-30", 2, Mode.SET, 10), P("2024-06-30", 1, Mode.ADD, 3)]
    assert actual_at(points, date(2024, 6, 30)) == 10
    points = [P("2024-06-30", 1, Mode.SET, 10), P("2024-06-30", 2, Mode.ADD, 3)]
    assert actual_at(points, date(2024, 6, 30)) == 13


POINTS = st.lists(
    st.tuples(
        st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)),
        st.sampled_from([Mode.SET, Mode.ADD]),
        st.integers(min_value=0, max_value=1000),
    ),
    max_size=30,
)


@given(POINTS, st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)))
def test_actual_agrees_with_replaying_entries_in_order(raw: list, day: date) -> None:
    points = [Point(d, seq, mode, D(v)) for seq, (d, mode, v) in enumerate(raw)]
    # reference: walk day by day, then log order, applying each entry to a running figure
    running: Decimal | None = None
    for point in sorted(points, key=lambda p: (p.as_of, p.seq)):
        if point.as_of > day:
            break
        running = point.value if point.mode is Mode.SET else (running or 0) + (point.value or 0)
    assert actual_at(points, day) == running


def test_milestone_stage_is_the_latest_logged() -> None:
    points = [
        P("2024-03-01", 1, Mode.STAGE, stage="在建"),
        P("2024-08-01", 2, Mode.STAGE, stage="建成"),
    ]
    assert stage_at(points, date(2024, 7, 1)) == "在建"
    assert stage_at(points, date(2024, 9, 1)) == "建成"


def test_completion_is_actual_over_target_and_stages_for_milestones() -> None:
    assert completion(make(), D(5)) == D(5) / 21
    milestone = make(
        measure=Measure.MILESTONE,
        stages=(Stage("在建"), Stage("建成"), Stage("投用")),
        target=None,
        target_stage="投用",
    )
    assert completion(milestone, None, "建成") == D(2) / 3
    assert completion(milestone, None, None) is None


@pytest.mark.parametrize(
    ("done", "pace", "expected"),
    [
        ("0.45", "0.50", State.ON_TRACK),  # gap exactly −5: still on track
        ("0.4499", "0.50", State.BEHIND),  # just below −5
        ("0.20", "0.50", State.BEHIND),  # gap exactly −30: behind, not far behind
        ("0.1999", "0.50", State.FAR_BEHIND),
        ("1.00", "0.50", State.DONE),
        ("0.60", "0.50", State.ON_TRACK),
        (None, "0.50", State.NO_DATA),
    ],
)
def test_states_change_exactly_at_the_thresholds(
    done: str | None, pace: str, expected: State
) -> None:
    share = None if done is None else D(done)
    assert state_of(make(), share, D(pace), date(2024, 6, 30), THRESHOLDS) is expected


def test_thresholds_come_from_targets_yaml() -> None:
    strict = Thresholds(behind=D(-1), far_behind=D(-10))
    assert state_of(make(), D("0.48"), D("0.5"), date(2024, 6, 30), strict) is State.BEHIND
    assert state_of(make(), D("0.39"), D("0.5"), date(2024, 6, 30), strict) is State.FAR_BEHIND


def test_at_most_is_breached_once_over_target() -> None:
    cap = make(direction=Direction.AT_MOST, target=Decimal(10))
    assert state_of(cap, D("1.01"), D("0.5"), date(2024, 6, 30), THRESHOLDS) is State.BREACHED
    assert state_of(cap, D("0.40"), D("0.5"), date(2024, 6, 30), THRESHOLDS) is State.ON_TRACK
    assert state_of(cap, D("0.90"), D("0.5"), date(2024, 6, 30), THRESHOLDS) is State.FAR_BEHIND
    assert state_of(cap, D("0.90"), D(1), date(2024, 12, 31), THRESHOLDS) is State.DONE


def test_a_milestone_is_behind_once_a_stage_is_overdue() -> None:
    stages = (Stage("在建"), Stage("建成", date(2024, 6, 30)), Stage("投用"))
    milestone = make(measure=Measure.MILESTONE, stages=stages, target=None, target_stage="投用")
    third = Fraction(1, 3)
    on_time = state_of(milestone, third, third, date(2024, 6, 30), THRESHOLDS, "在建")
    late = state_of(milestone, third, third, date(2024, 7, 1), THRESHOLDS, "在建")
    assert (on_time, late) == (State.ON_TRACK, State.BEHIND)


def test_forecast_keeps_the_present_ratio_to_pace() -> None:
    day = date(2024, 6, 30)
    pace = elapsed_ratio(Y2024, day)
    assert forecast(make(), D(5), pace, day) == D(5 * 366) / 182
    assert forecast(make(measure=Measure.LEVEL), D(95), D(1), day) == 95
    assert forecast(make(), D(5), pace, date(2024, 12, 31)) == 5
    assert forecast(make(), None, pace, day) is None


def test_needed_per_cycle_spreads_the_rest_over_cycles_left() -> None:
    day = date(2024, 6, 30)
    days_left = (date(2024, 12, 31) - day).days  # 184 days: 184 / 30.4375 months
    assert needed_per_cycle(make(), D(5), day) == D(16) * D("30.4375") / days_left
    weekly = needed_per_cycle(make(cycle=Cycle.WEEKLY), D(5), day)
    assert weekly == D(16 * 7) / days_left
    assert needed_per_cycle(make(), D(21), day) is None
    assert needed_per_cycle(make(), D(5), date(2024, 12, 31)) is None
    # in the last days the whole rest is due at once
    assert needed_per_cycle(make(), D(5), date(2024, 12, 25)) == 16


def test_rollup_caps_each_indicator_at_full_and_counts_no_data_as_zero() -> None:
    assert rollup([D("1.5"), D("0.5"), None]) == D("0.5")
    assert rollup([]) is None


SHARES = st.one_of(
    st.none(),
    st.decimals(allow_nan=False, min_value=-5, max_value=5, places=30),
    st.decimals(allow_nan=False, allow_infinity=False).filter(lambda d: abs(d) < D("1E+30")),
    st.just(D("Infinity")),
    st.fractions(min_value=-3, max_value=3, max_denominator=400),
)


@given(st.lists(SHARES, max_size=30))
def test_an_area_rollup_is_the_exact_average_of_capped_shares(shares: list) -> None:
    """Summed as decimals where that is exact, the roll-up is still the average of fractions."""

    def capped(share: object) -> Fraction:
        if share is None:
            return Fraction(0)
        if isinstance(share, Decimal) and share.is_infinite():
            return Fraction(1)
        return min(Fraction(share), Fraction(1))  # type: ignore[arg-type]

    expected = sum(map(capped, shares), Fraction(0)) / len(shares) if shares else None
    found = rollup(shares)
    assert found == (None if expected is None else to_decimal(expected))


@given(
    st.dates(min_value=date(2023, 6, 1), max_value=date(2025, 6, 1)),
    st.decimals(min_value=0, max_value=10_000, places=2),
    st.sampled_from(list(Cycle)),
)
def test_needed_per_cycle_is_the_rest_over_at_least_one_cycle(
    day: date, actual: Decimal, cycle: Cycle
) -> None:
    indicator = make(cycle=cycle)
    found = needed_per_cycle(indicator, actual, day)
    rest = Fraction(indicator.target) - Fraction(actual)  # type: ignore[arg-type]
    if day >= indicator.period.end or rest <= 0:
        assert found is None
        return
    days_left = (indicator.period.end - max(day, indicator.period.start)).days
    cycles = max(Fraction(days_left) / Fraction(cycle.days), Fraction(1))
    assert found == to_decimal(rest / cycles)


FLIPPED = {Direction.AT_LEAST: Direction.AT_MOST, Direction.AT_MOST: Direction.AT_LEAST}


def scored(indicator: Indicator, actual: Decimal, day: date) -> tuple[Decimal | None, State]:
    """Completion and state as a status row works them out."""
    from kpitrack.qualifiers import target_met

    assert indicator.target is not None
    share = completion(indicator, actual)
    met = target_met(actual, None, indicator.target, None, indicator.direction)
    closed = day > indicator.period.end
    pace = elapsed_share(indicator.period, day)
    return share, state_of(indicator, share, pace, day, THRESHOLDS, None, closed, met)


@given(
    target=st.integers(1, 500).map(Decimal),
    actual=st.integers(-1000, 1500).map(Decimal),
    direction=st.sampled_from(list(Direction)),
    measure=st.sampled_from([Measure.TOTAL, Measure.LEVEL]),
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 2, 1)),
)
def test_a_target_below_zero_is_scored_as_its_mirror_above_zero(
    target: Decimal, actual: Decimal, direction: Direction, measure: Measure, day: date
) -> None:
    """能耗下降 declared as −3 % at most is reached at −3.5 % as 3 % at least is at 3.5 %:
    negating target and actual and turning the direction round changes neither the
    completion nor the state (a fall of 3.5 % against a limit of −3 % is no breach)."""
    above = make(target=target, direction=direction, measure=measure)
    below = make(target=-target, direction=FLIPPED[direction], measure=measure)
    assert scored(below, -actual, day) == scored(above, actual, day)


def test_an_energy_fall_beyond_its_limit_is_done_not_breached() -> None:
    energy = make(target=D(-3), unit="%", direction=Direction.AT_MOST, measure=Measure.LEVEL)
    assert scored(energy, D("-3.5"), date(2024, 12, 31))[1] is State.DONE
    assert scored(energy, D("-2"), date(2024, 12, 31))[1] is not State.BREACHED
    assert scored(energy, D("-2"), date(2025, 1, 5))[1] is State.MISSED
