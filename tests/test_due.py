"""`kpi due`: who has not reported for a cycle that has passed, and for how long."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitrack.cycles import cycles_in, iso_week, last_complete_week
from kpitrack.due import due_item
from kpitrack.model import Cycle, Indicator, Period

from .conftest import Invoke

Y2024 = Period.year(2024)


def indicator(cycle: Cycle = Cycle.MONTHLY) -> Indicator:
    return Indicator("x", "指标", "a", "个", Decimal(10), Y2024, cycle=cycle)


def test_cycles_cut_the_period_into_calendar_spans() -> None:
    months = cycles_in(Y2024, Cycle.MONTHLY)
    assert len(months) == 12 and months[1] == (date(2024, 2, 1), date(2024, 2, 29))
    quarters = cycles_in(Y2024, Cycle.QUARTERLY)
    assert quarters[2] == (date(2024, 7, 1), date(2024, 9, 30))
    weeks = cycles_in(Y2024, Cycle.WEEKLY)
    assert weeks[0] == (date(2024, 1, 1), date(2024, 1, 7))  # 2024-01-01 is a Monday
    assert weeks[-1] == (date(2024, 12, 30), date(2024, 12, 31))  # clipped at the period end


@given(
    st.sampled_from(list(Cycle)), st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
)
def test_cycles_cover_the_period_without_gaps_or_overlaps(cycle: Cycle, start: date) -> None:
    period = Period(start, date(start.year + 1, 12, 31))
    spans = cycles_in(period, cycle)
    assert spans[0][0] == period.start and spans[-1][1] == period.end
    for (_, end), (next_start, _) in pairwise(spans):
        assert (next_start - end).days == 1


def test_iso_weeks() -> None:
    assert iso_week("2024-W27") == (date(2024, 7, 1), date(2024, 7, 7))
    assert last_complete_week(date(2024, 7, 10)) == (date(2024, 7, 1), date(2024, 7, 7))
    assert last_complete_week(date(2024, 7, 8)) == (date(2024, 7, 1), date(2024, 7, 7))
    assert last_complete_week(date(2024, 7, 7)) == (date(2024, 6, 24), date(2024, 6, 30))


def test_a_report_falls_due_at_the_end_of_its_cycle() -> None:
    assert due_item(indicator(), None, date(2024, 1, 31)) is None  # due today, not yet late
    late = due_item(indicator(), None, date(2024, 2, 1))
    assert late is not None and (late.due_since, late.days_overdue, late.missed) == (
        date(2024, 1, 31),
        1,
        1,
    )


def test_a_later_figure_covers_the_cycles_before_it() -> None:
    assert due_item(indicator(), date(2024, 6, 3), date(2024, 6, 30)) is None
    item = due_item(indicator(), date(2024, 3, 15), date(2024, 7, 20))
    assert item is not None
    assert (item.due_since, item.days_overdue, item.missed) == (date(2024, 4, 30), 81, 3)


def test_weekly_indicators_fall_due_weekly() -> None:
    item = due_item(indicator(Cycle.WEEKLY), date(2024, 7, 2), date(2024, 7, 22))
    assert item is not None and (item.due_since, item.missed) == (date(2024, 7, 14), 2)


def due(kpi: Invoke, *args: str) -> dict:
    result = kpi("due", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_due_groups_overdue_indicators_by_owner(logged: Invoke) -> None:
    report = due(logged, "--as-of", "2024-07-10")
    owners = [group["owner"] for group in report["owners"]]
    assert owners == sorted(owners)
    by_id = {i["id"]: i for g in report["owners"] for i in g["indicators"]}
    assert "fitness-paths" not in by_id  # reported on 2024-07-05
    assert by_id["hospitals-in-use"]["last_report"] == "2024-05-31"
    assert (by_id["hospitals-in-use"]["due_since"], by_id["hospitals-in-use"]["days_overdue"]) == (
        "2024-06-30",
        10,
    )
    assert by_id["projects-started-2024"]["missed_cycles"] == 6
    # 50 items in 2024 less the context figure: 49 reportable; reported in July are fitness
    # paths, the key projects and 腾讯电竞, whose entry also reports its fully named group
    # 项目建成投用 (2 of 2): 45 due, the 33 tasks among them
    assert "projects-in-use-2024" not in by_id and "industrial-parks" not in by_id
    assert report["count"] == len(by_id) == 45


def test_done_indicators_are_never_due(kpi: Invoke) -> None:
    kpi("log", "fitness-paths", "10", "--date", "2024-03-31")
    ids = {i["id"] for g in due(kpi, "--as-of", "2024-12-31")["owners"] for i in g["indicators"]}
    assert "fitness-paths" not in ids and "schools-ready-2024" in ids


def test_the_2023_results_from_the_report_are_not_due(kpi: Invoke) -> None:
    assert due(kpi, "--as-of", "2024-03-01", "--period", "2023")["count"] == 0


def test_due_as_csv_lists_the_overdue_owners(logged: Invoke) -> None:
    result = logged("due", "--as-of", "2024-07-10", "--format", "csv", "--owner", "卫生")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["owner"] for row in rows} == {"区卫生健康委"}
    assert {row["id"] for row in rows} == {
        "hospitals-in-use", "hospitals-under-construction", "district-peoples-hospital",
        "five-doctor-linkage",
    }  # fmt: skip
    assert next(r for r in rows if r["id"] == "hospitals-in-use")["days_overdue"] == "10"


def test_an_unknown_owner_names_the_owners_there_are(kpi: Invoke) -> None:
    result = kpi("due", "--owner", "交通局")
    assert result.exit_code == 2
    assert "交通局" in result.stderr and "区教育局" in result.stderr


@pytest.mark.parametrize("output", ["table", "markdown"])
def test_nothing_due_says_so(kpi: Invoke, output: str) -> None:
    result = kpi("due", "--as-of", "2024-01-15", "--format", output)
    assert result.exit_code == 0
    assert "所有指标均已按期填报" in result.stdout
