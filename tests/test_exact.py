"""Exact arithmetic: what people typed is what is summed, compared and written out.

Ten increments of 1000万元 make exactly 1亿元; a gap of exactly −5 points is on track. The
references here are written with ``fractions.Fraction``, independently of the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitrack.model import Direction, Indicator, Period, Thresholds
from kpitrack.progress import History, Mode, Point, State, actual_at
from kpitrack.status import indicator_status
from kpitrack.store import open_store
from kpitrack.workspace import open_workspace

from .conftest import DATA, REPO_TARGETS, Invoke

# Two indicators of our own: a sum of money against 1亿元, and a count over 2023, whose 365
# days make the pace on 2023-03-14 (day 73) exactly 20%.
TARGETS = """\
thresholds:
  behind: -5
  far_behind: -30
areas:
  - id: exact
    name: 精确计算
    owner: 区财政局
    indicators:
      - id: special-funds
        name: 争取上级专项资金
        target: 1亿元
        period: 2024
      - id: key-projects
        name: 重点项目开工
        target: 100个
        period: 2023
"""
TEN_DAYS = [date(2024, 1, 10) + timedelta(days=n) for n in range(10)]


@pytest.fixture
def exact(kpi: Invoke, workdir: Path) -> Invoke:
    (workdir / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    return kpi


def log_ten_increments(kpi: Invoke, raw: str = "+1000万元") -> None:
    for day in TEN_DAYS:
        result = kpi("log", "special-funds", raw, "--date", day.isoformat(), "--by", "财政局")
        assert result.exit_code == 0, result.output


def as_json(kpi: Invoke, *args: str) -> dict:
    result = kpi(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout, parse_float=Decimal)


def indicator_row(data: dict, indicator_id: str) -> dict:
    rows = [i for area in data["areas"] for i in area["indicators"]]
    return next(row for row in rows if row["id"] == indicator_id)


# -- the two reported cases, through the CLI --------------------------------------------------


def test_ten_increments_of_a_tenth_reach_the_target_and_are_done(exact: Invoke) -> None:
    log_ten_increments(exact)
    status = as_json(exact, "status", "--as-of", "2024-07-10", "--period", "2024")
    row = indicator_row(status, "special-funds")
    assert (row["actual"], row["completion"], row["state"]) == (1, 1, "done")
    assert row["display"]["completion"] == "100.0%"
    table = exact("status", "--as-of", "2024-07-10", "--period", "2024").stdout
    assert "已完成" in table


def test_a_target_reached_by_increments_is_not_due(exact: Invoke) -> None:
    log_ten_increments(exact)
    due = as_json(exact, "due", "--as-of", "2024-07-10", "--period", "2024")
    listed = [i["id"] for owner in due["owners"] for i in owner["indicators"]]
    assert "special-funds" not in listed
    assert "special-funds" not in exact("due", "--as-of", "2024-07-10", "--period", "2024").stdout


def test_one_increment_short_is_still_due(exact: Invoke) -> None:
    """The reference case for the one above: nine tenths are not done, so it is listed."""
    for day in TEN_DAYS[:9]:
        exact("log", "special-funds", "+1000万元", "--date", day.isoformat())
    due = as_json(exact, "due", "--as-of", "2024-07-10", "--period", "2024")
    assert "special-funds" in [i["id"] for owner in due["owners"] for i in owner["indicators"]]


@pytest.mark.parametrize(
    ("actual", "gap", "state"),
    [("15", "-5", "on_track"), ("14.99", "-5.01", "behind"), ("15.01", "-4.99", "on_track")],
)
def test_a_gap_of_exactly_minus_five_is_on_track(
    exact: Invoke, actual: str, gap: str, state: str
) -> None:
    """15 of 100 on day 73 of 365: completion 15%, pace 20%, gap exactly −5 points."""
    assert exact("log", "key-projects", actual, "--date", "2023-03-14").exit_code == 0
    status = as_json(exact, "status", "--as-of", "2023-03-14", "--period", "2023")
    row = indicator_row(status, "key-projects")
    assert (row["pace"], row["gap_pp"], row["state"]) == (Decimal("0.2"), Decimal(gap), state)


# -- JSON carries the exact digits ------------------------------------------------------------


def test_json_writes_the_sum_of_tenths_as_one_not_float_noise(exact: Invoke) -> None:
    log_ten_increments(exact, "+0.1亿")
    status = exact("status", "--as-of", "2024-07-10", "--period", "2024", "--format", "json")
    assert '"actual": 1,' in status.stdout
    assert "0.9999" not in status.stdout
    history = as_json(exact, "history", "special-funds", "--as-of", "2024-07-10")
    assert [entry["value"] for entry in history["entries"]] == [Decimal("0.1")] * 10
    assert history["series"][-1]["actual"] == 1
    assert history["indicator"]["target"] == 1


def test_exported_json_carries_exact_values(exact: Invoke, workdir: Path) -> None:
    log_ten_increments(exact, "+0.1亿")
    out = workdir / "status.json"
    args = ("--what", "status", "--as-of", "2024-07-10", "--period", "2024")
    assert exact("export", str(out), *args).exit_code == 0
    row = indicator_row(json.loads(out.read_text(encoding="utf-8")), "special-funds")
    assert (row["actual"], row["state"]) == (1, "done")
    entries = workdir / "entries.json"
    assert exact("export", str(entries)).exit_code == 0
    text = entries.read_text(encoding="utf-8")
    assert text.count('"value": 0.1,') == 10 and "0.1000000" not in text


def test_csv_and_table_show_the_same_figures_as_json(exact: Invoke) -> None:
    log_ten_increments(exact, "+0.1亿")
    out = exact("status", "--as-of", "2024-07-10", "--period", "2024", "--format", "csv").stdout
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["id"] == "special-funds")
    assert (row["target"], row["actual"], row["completion"], row["gap_pp"]) == (
        "1", "1", "1", "47.54",
    )  # fmt: skip
    table = exact("status", "--as-of", "2024-07-10", "--period", "2024").stdout
    assert "1亿元" in table and "100.0%" in table


# -- the store keeps the digits ---------------------------------------------------------------


def test_the_store_keeps_the_exact_decimal_beside_the_real(exact: Invoke, workdir: Path) -> None:
    log_ten_increments(exact, "+0.1亿")
    db = sqlite3.connect(workdir / "kpi.db")
    rows = db.execute("select value, amount from entries where indicator_id = 'special-funds'")
    assert set(rows.fetchall()) == {(0.1, "0.1")}
    target = db.execute("select target, target_amount from indicators where id = 'special-funds'")
    assert target.fetchone() == (1.0, "1")
    # other tools still read the REAL columns through the view
    view = db.execute("select actual from current_status where id = 'special-funds'").fetchone()
    assert view[0] == pytest.approx(1.0)
    db.close()


def test_an_old_database_gets_its_exact_values_from_the_reals(tmp_path: Path) -> None:
    copy = tmp_path / "kpi.db"
    shutil.copy(DATA / "v1.db", copy)
    store = open_store(copy)
    entries = {e.indicator_id: e for e in store.all_entries() if e.mode == "set"}
    assert entries["three-batch-investment"].value == Decimal("59.2")
    assert entries["rebuild-investment-rate"].value == Decimal("110")
    amounts = store.db.execute(
        "select count(*) from entries where (value is null) != (amount is null)"
    ).fetchone()
    assert amounts == (0,)
    target = store.db.execute(
        "select target_amount from indicators where id = 'three-batch-investment'"
    ).fetchone()
    assert target == ("59.2",)
    history = store.db.execute(
        "select count(*) from target_history where (target is null) != (target_amount is null)"
    ).fetchone()
    assert history == (0,)
    # still append-only after the backfill
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("update entries set amount = '0'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("delete from entries")
    store.close()


def test_resyncing_an_old_database_records_no_target_as_changed(tmp_path: Path) -> None:
    """Its targets were REALs (21.0); read exactly they equal the declared ones (21)."""
    shutil.copy(DATA / "v1.db", tmp_path / "kpi.db")
    text = REPO_TARGETS.read_text(encoding="utf-8") + "\n# edited, so the file is synced again\n"
    (tmp_path / "targets.yaml").write_text(text, encoding="utf-8")
    query = "select indicator_id, target from target_history order by id"
    old = sqlite3.connect(tmp_path / "kpi.db")
    recorded = old.execute(query).fetchall()
    old.close()
    workspace = open_workspace(tmp_path / "targets.yaml", None)
    assert workspace.sync.changed
    after = workspace.store.db.execute(query).fetchall()
    declared = {i.id: i.target for i in workspace.targets.indicators()}
    unchanged = {
        indicator for indicator, target in recorded
        if declared.get(indicator) is not None and Decimal(str(target)) == declared[indicator]
    }  # fmt: skip
    assert unchanged  # 21个 key projects, 10条 fitness paths, …: declared as before
    assert after[: len(recorded)] == recorded
    assert not [row for row in after[len(recorded) :] if row[0] in unchanged]
    assert not any(i.revisions for i in workspace.targets.indicators())
    workspace.close()


def test_an_entry_written_by_another_tool_with_only_the_real_is_read(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kpi.db")
    store.db.execute(
        "insert into indicators (id, name, area_id, area_name, unit, target, direction, measure,"
        " period_start, period_end, cycle, synced_at) values ('x', '指标', 'a', '领域', '亿元',"
        " 1, 'at_least', 'total', '2024-01-01', '2024-12-31', 'monthly', '2024-01-01')"
    )
    store.db.execute(
        "insert into entries (indicator_id, mode, value, unit, input, as_of, logged_at, author)"
        " values ('x', 'add', 0.1, '亿元', '+0.1', '2024-01-02', '2024-01-02', 'other')"
    )
    history = store.histories([("x", ["x"], date(2024, 1, 1), date(2024, 12, 31))])["x"]
    assert history.points[0].value == Decimal("0.1")
    store.close()


# -- properties against a Fraction reference --------------------------------------------------

PERIOD = Period(date(2024, 1, 1), date(2024, 4, 9))  # 100 days: many paces are round decimals
THRESHOLDS = Thresholds(behind=Decimal(-5), far_behind=Decimal(-30))
TARGETS_AT = st.sampled_from(["1", "3", "7", "21", "100", "0.3", "59.2", "1000.05"])
DECIMALS = st.decimals(min_value=0, max_value=200, places=3, allow_nan=False, allow_infinity=False)


def reference_state(done: Fraction, pace: Fraction, at_most: bool, last_day: bool) -> State:
    """The documented rule for totals: done at 100% (for a limit: breached over it, done when
    the period is over), then strict thresholds on the gap."""
    if at_most:
        if done > 1:
            return State.BREACHED
        if last_day:
            return State.DONE
    elif done >= 1:
        return State.DONE
    gap = (pace - done) * 100 if at_most else (done - pace) * 100
    if gap < -30:
        return State.FAR_BEHIND
    if gap < -5:
        return State.BEHIND
    return State.ON_TRACK


@st.composite
def situations(draw: st.DrawFn) -> tuple[Indicator, list[Point], date]:
    """A target, increments and figures, and a day; sometimes the actual sits exactly on a
    threshold or on the target, where rounding would tip the state."""
    target = Decimal(draw(TARGETS_AT))
    day = PERIOD.start + timedelta(days=draw(st.integers(min_value=0, max_value=99)))
    pace = Fraction((day - PERIOD.start).days + 1, PERIOD.days)
    raw = draw(st.lists(st.tuples(st.integers(0, 99), st.booleans(), DECIMALS), max_size=12))
    points = [
        Point(PERIOD.start + timedelta(days=offset), seq, Mode.ADD if add else Mode.SET, value)
        for seq, (offset, add, value) in enumerate(raw)
    ]
    edge = draw(st.sampled_from([None, Fraction(-5, 100), Fraction(-30, 100), Fraction(0)]))
    if edge is not None:
        aimed = Fraction(target) * (pace + edge) if edge else Fraction(target)
        exact_decimal = Decimal(aimed.numerator) / Decimal(aimed.denominator)
        if aimed >= 0 and Fraction(exact_decimal) == aimed:
            points.append(Point(day, len(points), Mode.SET, exact_decimal))
    direction = draw(st.sampled_from([Direction.AT_LEAST, Direction.AT_MOST]))
    indicator = Indicator("x", "指标", "a", "亿元", target, PERIOD, direction=direction)
    return indicator, points, day


def reference_actual(points: list[Point], day: date) -> Fraction | None:
    running: Fraction | None = None
    for point in sorted(points, key=lambda p: (p.as_of, p.seq)):
        if point.as_of <= day:
            value = Fraction(point.value or 0)
            running = value if point.mode is Mode.SET else (running or Fraction(0)) + value
    return running


def close(decimal: Decimal, fraction: Fraction) -> bool:
    """Within the last of 28 significant digits."""
    return abs(Fraction(decimal) - fraction) <= abs(fraction) / 10**27


@given(situations())
def test_status_figures_agree_with_a_fraction_reference(
    situation: tuple[Indicator, list[Point], date],
) -> None:
    indicator, points, day = situation
    row = indicator_status(indicator, History.of(points), day, THRESHOLDS)
    actual = reference_actual(points, day)
    pace = Fraction((day - PERIOD.start).days + 1, PERIOD.days)
    assert close(row.pace, pace)
    if actual is None:
        assert row.actual is None and row.state is State.NO_DATA
        return
    assert row.actual is not None and Fraction(row.actual) == actual
    assert actual_at(points, day) == row.actual
    done = actual / Fraction(indicator.target or 1)
    assert row.completion is not None and close(row.completion, done)
    at_most = indicator.direction is Direction.AT_MOST
    gap = (pace - done) * 100 if at_most else (done - pace) * 100
    assert row.gap is not None and close(row.gap, gap)
    assert row.state is reference_state(done, pace, at_most, day == PERIOD.end)


@given(
    target=TARGETS_AT,
    days=st.integers(min_value=30, max_value=99),
    threshold=st.sampled_from([-5, -30]),
    earlier=st.lists(st.tuples(st.integers(0, 29), st.booleans(), DECIMALS), max_size=5),
)
def test_a_gap_on_a_threshold_is_the_better_state(
    target: str, days: int, threshold: int, earlier: list[tuple[int, bool, Decimal]]
) -> None:
    """Whatever came before, a figure that puts the gap exactly on a threshold is the better
    state: on track at −5, behind (not far behind) at −30."""
    day = PERIOD.start + timedelta(days=days)
    pace = Fraction(days + 1, PERIOD.days)
    aimed = Fraction(Decimal(target)) * (pace + Fraction(threshold, 100))
    figure = Decimal(aimed.numerator) / Decimal(aimed.denominator)
    assert Fraction(figure) == aimed  # a 100-day period keeps it a terminating decimal
    points = [
        Point(PERIOD.start + timedelta(days=offset), seq, Mode.ADD if add else Mode.SET, value)
        for seq, (offset, add, value) in enumerate(earlier)
    ]
    points.append(Point(day, len(points), Mode.SET, figure))
    indicator = Indicator("x", "指标", "a", "亿元", Decimal(target), PERIOD)
    row = indicator_status(indicator, History.of(points), day, THRESHOLDS)
    assert row.gap == threshold
    assert row.state is (State.ON_TRACK if threshold == -5 else State.BEHIND)
