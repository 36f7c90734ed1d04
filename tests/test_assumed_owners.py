"""The report names no department: wherever an owner is shown, it is marked as assumed."""

from __future__ import annotations

from .conftest import Invoke


def test_history_names_the_owner_as_this_file_s_assumption(kpi: Invoke) -> None:
    kpi("log", "fitness-paths", "4", "--date", "2024-05-31")
    head = kpi("history", "fitness-paths").stdout.splitlines()[0]
    assert "责任单位 区体育局（暂定）" in head


def test_status_says_once_that_owners_are_assumed(kpi: Invoke) -> None:
    shown = kpi("status", "--as-of", "2024-05-31").stdout
    assert shown.count("责任单位为本文件暂定（报告未列明）。") == 1
