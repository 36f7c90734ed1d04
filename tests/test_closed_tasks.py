"""A task of a year that has ended is final too: done, or missed — reported or not."""

from __future__ import annotations

import json
from typing import Any

from .conftest import Invoke


def task_row(kpi: Invoke, indicator_id: str, as_of: str) -> dict[str, Any]:
    result = kpi("status", "--period", "2024", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = [r for area in json.loads(result.stdout)["areas"] for r in area["indicators"]]
    return next(r for r in rows if r["id"] == indicator_id)


def test_a_task_never_reported_is_missed_once_its_year_is_over(kpi: Invoke) -> None:
    assert task_row(kpi, "urban-renewal", "2024-11-30")["state"] == "no_data"
    final = task_row(kpi, "urban-renewal", "2025-01-15")  # 实施城市更新行动, never reported
    assert (final["state"], final["will_miss"]) == ("missed", True)


def test_a_task_with_notes_but_never_done_is_missed_and_keeps_its_last_note(kpi: Invoke) -> None:
    kpi("log", "urban-renewal", "完成3个老旧小区改造方案", "--date", "2024-05-20")
    assert task_row(kpi, "urban-renewal", "2024-11-30")["state"] == "in_progress"
    final = task_row(kpi, "urban-renewal", "2025-01-15")
    assert (final["state"], final["latest_note"]) == ("missed", "完成3个老旧小区改造方案")


def test_a_task_done_in_its_year_stays_done(kpi: Invoke) -> None:
    kpi("log", "urban-renewal", "完成", "--date", "2024-12-20")
    final = task_row(kpi, "urban-renewal", "2025-01-15")
    assert (final["state"], final["will_miss"]) == ("done", False)


def test_the_note_given_with_done_is_the_latest_even_when_logged_before_an_older_one(
    kpi: Invoke,
) -> None:
    kpi("log", "leading-industries", "完成", "--date", "2024-10-20", "--note", "两链图谱已印发")
    kpi("log", "leading-industries", "两链图谱编制中", "--date", "2024-08-03")  # sent in late
    row = task_row(kpi, "leading-industries", "2024-12-31")
    assert (row["state"], row["latest_note"]) == ("done", "两链图谱已印发")
    assert task_row(kpi, "leading-industries", "2024-09-30")["latest_note"] == "两链图谱编制中"


def test_a_tasks_history_has_no_pace_and_is_full_once_done(kpi: Invoke) -> None:
    kpi("log", "leading-industries", "两链图谱编制中", "--date", "2024-08-03")
    kpi("log", "leading-industries", "完成", "--date", "2024-10-20")
    report = json.loads(kpi("history", "leading-industries", "--format", "json").stdout)
    series = [(p["date"], p["completion"], p["pace"]) for p in report["series"]]
    assert series == [("2024-08-03", None, None), ("2024-10-20", 1, None)]


def test_a_seeded_done_task_shows_done_not_the_reports_sentence(kpi: Invoke) -> None:
    """完善招商引资"两库一单" is done in the report: its words are the source, not a note."""
    result = kpi("status", "--period", "2023", "--format", "json")
    rows = [r for area in json.loads(result.stdout)["areas"] for r in area["indicators"]]
    row = next(r for r in rows if r["id"] == "two-banks-one-list")
    assert (row["state"], row["stage"], row["latest_note"]) == ("done", "完成", None)


def test_done_said_as_a_clerk_says_it_marks_the_task_done(kpi: Invoke) -> None:
    for said, task in [("已完成", "research-platforms"), ("完成了。", "urban-renewal")]:
        assert kpi("log", task, said, "--date", "2024-10-20").exit_code == 0
        assert task_row(kpi, task, "2024-12-31")["state"] == "done"
    kpi("log", "leading-industries", "已完成方案编制", "--date", "2024-10-20")  # a note
    row = task_row(kpi, "leading-industries", "2024-12-31")
    assert (row["state"], row["latest_note"]) == ("in_progress", "已完成方案编制")
