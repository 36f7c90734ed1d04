"""A count its members name in full keeps their time: 项目建成投用 2个 is the two projects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import Invoke, declare

GROUP = "projects-in-use-2024"  # 河南省冶金产业智能创新中心、腾讯电竞等2个项目建成投用


def row(kpi: Invoke, indicator_id: str, as_of: str) -> dict[str, Any]:
    result = kpi("status", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    rows = [r for area in report["areas"] for r in area["indicators"]]
    return next(r for r in rows if r["id"] == indicator_id)


def test_one_project_open_and_one_on_plan_is_in_progress_not_behind(kpi: Invoke) -> None:
    kpi("log", "metallurgy-innovation-center", "投用", "--date", "2024-09-10")
    kpi("log", "tencent-esports", "建成", "--date", "2024-06-20")
    group = row(kpi, GROUP, "2024-09-30")
    # one of two open: 50 %; neither project has a stage date, so nothing is late before
    # December — a straight line through the year (74.9 % by 30 September) is nobody's plan
    assert (group["actual"], group["completion"]) == (1, 0.5)
    assert group["state"] == "in_progress"
    assert group["pace"] is None and group["will_miss"] is False  # no plan, no 序时进度
    tencent = row(kpi, "tencent-esports", "2024-09-30")
    assert tencent["state"] == "in_progress"
    # nor for the project: 0 % would read as 50 points ahead of a plan that does not exist
    assert (tencent["completion"], tencent["pace"], tencent["gap_pp"]) == (0.5, None, None)


def test_both_open_is_done_without_a_figure_logged_for_the_count(kpi: Invoke) -> None:
    kpi("log", "metallurgy-innovation-center", "投用", "--date", "2024-09-10")
    kpi("log", "tencent-esports", "投用", "--date", "2024-10-08")
    group = row(kpi, GROUP, "2024-10-31")
    assert (group["actual"], group["state"]) == (2, "done")


def test_a_member_late_by_its_own_stage_date_makes_the_count_late(
    kpi: Invoke, workdir: Path
) -> None:
    declare(
        workdir,
        "  - id: parks-planned\n    name: 口袋公园建设\n    owner: 区城市管理局\n"
        "    indicators:\n"
        "      - id: pocket-parks\n        name: 口袋公园建成开放\n        target: 2个\n"
        "        members: [park-east, park-west]\n"
        "      - id: park-east\n        name: 东区口袋公园\n        measure: milestone\n"
        "        stages: [{name: 开工, due: 2024-03-31}, {name: 开放, due: 2024-06-30}]\n"
        "      - id: park-west\n        name: 西区口袋公园\n        measure: milestone\n"
        "        stages: [开工, 开放]\n",
    )
    kpi("log", "park-east", "开工", "--date", "2024-03-20")
    kpi("log", "park-west", "开工", "--date", "2024-04-02")
    # east should have opened by 30 June: it is late, and so is the count it belongs to
    assert row(kpi, "park-east", "2024-07-15")["state"] in ("behind", "far_behind")
    assert row(kpi, "pocket-parks", "2024-07-15")["state"] in ("behind", "far_behind")


def test_after_the_year_a_count_named_in_full_is_final(kpi: Invoke) -> None:
    kpi("log", "metallurgy-innovation-center", "投用", "--date", "2024-09-10")
    group = row(kpi, GROUP, "2025-02-01")
    assert (group["actual"], group["state"], group["will_miss"]) == (1, "missed", True)


def test_the_projects_are_due_and_the_count_they_make_is_not(kpi: Invoke) -> None:
    """A department reports 冶金创新中心 and 腾讯电竞; nobody is asked for "2个" on top."""
    kpi("log", "tencent-esports", "建成", "--date", "2024-07-02")
    report = json.loads(kpi("due", "--as-of", "2024-09-30", "--format", "json").stdout)
    due = {item["id"] for owner in report["owners"] for item in owner["indicators"]}
    assert {"metallurgy-innovation-center", "tencent-esports"} <= due
    assert GROUP not in due
    assert "projects-started-2024" in due  # 6个, of which the report names only 2
