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
