"""The report names no department: wherever an owner is shown, it is marked as assumed."""

from __future__ import annotations

import json

from .conftest import Invoke


def test_history_names_the_owner_as_this_file_s_assumption(kpi: Invoke) -> None:
    kpi("log", "fitness-paths", "4", "--date", "2024-05-31")
    head = kpi("history", "fitness-paths").stdout.splitlines()[0]
    assert "责任单位 区体育局（暂定）" in head


def test_status_says_once_that_owners_are_assumed(kpi: Invoke) -> None:
    shown = kpi("status", "--as-of", "2024-05-31").stdout
    assert shown.count("责任单位为本文件暂定（报告未列明）。") == 1


def test_due_asks_an_assumed_owner_and_says_so(kpi: Invoke) -> None:
    """A department named by this file, not by the report, may not be the one to ask."""
    table = kpi("due", "--as-of", "2024-07-10", "--owner", "卫生").stdout
    assert "区卫生健康委（暂定）" in table
    assert table.count("责任单位为本文件暂定（报告未列明）。") == 1
    markdown = kpi("due", "--as-of", "2024-07-10", "--owner", "卫生", "--format", "markdown")
    assert "### 区卫生健康委（暂定）（4）" in markdown.stdout
    report = json.loads(kpi("due", "--as-of", "2024-07-10", "--format", "json").stdout)
    assert all(group["owner_assumed"] for group in report["owners"])
    assert all(item["owner_assumed"] for g in report["owners"] for item in g["indicators"])
