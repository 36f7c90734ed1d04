"""Once a period has ended its indicators take final states — done or missed — never behind;
a closed period is not due, and reports say plainly that it has ended."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import PACED, Invoke, declare


def rows(kpi: Invoke, *args: str) -> dict[str, dict[str, Any]]:
    result = kpi("status", "--period", "2024", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return {i["id"]: i for a in json.loads(result.stdout)["areas"] for i in a["indicators"]}


def test_after_the_year_an_unmet_target_is_missed_and_a_met_one_done(kpi: Invoke) -> None:
    kpi("log", PACED, "3", "--date", "2024-06-30")
    kpi("log", "fitness-paths", "10", "--date", "2024-11-30")
    kpi("log", "tencent-esports", "建成", "--date", "2024-10-01")
    during = rows(kpi, "--as-of", "2024-06-30")
    assert during[PACED]["state"] == "behind"  # 30.0% against a pace of 49.7%
    after = rows(kpi, "--as-of", "2025-03-01")
    assert after[PACED]["state"] == "missed"
    assert after[PACED]["will_miss"] is True
    assert after["fitness-paths"]["state"] == "done"
    assert after["fitness-paths"]["will_miss"] is False
    assert after["tencent-esports"]["state"] == "missed"  # 建成, never 投用
    assert after["hospitals-in-use"]["state"] == "no_data"
    assert after["hospitals-in-use"]["will_miss"] is True  # never reported, never reached
    assert {row["state"] for row in after.values()} <= {"done", "missed", "no_data", "breached"}


def test_a_closed_period_says_it_has_ended_and_shows_final_words(kpi: Invoke) -> None:
    kpi("log", "key-projects-2024", "5", "--date", "2024-06-30")
    result = kpi("status", "--as-of", "2025-03-01")
    assert result.exit_code == 0
    assert "周期 2024 已于 2024-12-31 结束" in result.stderr
    assert "未完成" in result.stdout and "滞后" not in result.stdout.split("截至")[0]
    open_year = kpi("status", "--as-of", "2024-06-30")
    assert "已于" not in open_year.stderr


def test_nothing_behind_in_a_closed_period_fails_a_weekly_check(kpi: Invoke) -> None:
    kpi("log", "key-projects-2024", "5", "--date", "2024-06-30")
    assert kpi("status", "--as-of", "2024-06-30", "--fail-on", "behind").exit_code == 1
    assert kpi("status", "--as-of", "2025-03-01", "--fail-on", "behind").exit_code == 0


def test_a_closed_period_is_not_due(kpi: Invoke) -> None:
    def due(day: str) -> int:
        result = kpi("due", "--as-of", day, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return int(json.loads(result.stdout)["count"])

    assert due("2024-09-30") == 17
    assert due("2025-03-01") == 0


def test_a_milestone_without_stage_dates_is_in_progress_until_the_period_ends(
    kpi: Invoke,
) -> None:
    """腾讯电竞项目 is to open in 2024, no month said: on plan in September, not behind."""
    kpi("log", "tencent-esports", "建成", "--date", "2024-06-20")
    september = rows(kpi, "--as-of", "2024-09-30")["tencent-esports"]
    assert september["state"] == "in_progress"
    assert kpi("status", "--as-of", "2024-09-30", "--fail-on", "behind").exit_code == 0
    table = kpi("status", "--as-of", "2024-09-30").stdout
    line = next(x for x in table.splitlines() if "腾讯电竞项目建成投用" in x)
    assert "进行中" in line
    assert rows(kpi, "--as-of", "2025-01-15")["tencent-esports"]["state"] == "missed"
    kpi("log", "tencent-esports", "投用", "--date", "2024-12-20")
    assert rows(kpi, "--as-of", "2025-01-15")["tencent-esports"]["state"] == "done"


def test_a_rate_at_its_target_stays_due(kpi: Invoke, workdir: Path) -> None:
    """A level touched its target in June; rates fall, so September's reading is still owed."""
    declare(
        workdir,
        "  - id: extra-2024\n    name: 补充指标\n    owner: 区统计局\n    indicators:\n"
        "      - id: urban-rate\n        name: 城镇化率\n        measure: level\n        target: 75%\n",
    )
    assert kpi("log", "urban-rate", "76%", "--date", "2024-06-30").exit_code == 0
    assert rows(kpi, "--as-of", "2024-09-30")["urban-rate"]["state"] == "done"
    due = json.loads(kpi("due", "--as-of", "2024-09-30", "--format", "json").stdout)
    listed = [i["id"] for owner in due["owners"] for i in owner["indicators"]]
    assert "urban-rate" in listed
