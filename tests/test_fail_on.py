"""--fail-on: exit code 1 exactly when the condition a script asked about holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import PACED, Invoke, declare


def exit_code(kpi: Invoke, *args: str) -> int:
    return kpi(*args).exit_code


@pytest.mark.parametrize(
    ("value", "behind"),
    [
        ("5", False),  # 50.0% of 10 against a pace of 49.7%: on track
        ("4", True),  # 40.0%: 9.7 points short, behind
        ("3", True),  # 30.0%: behind
        ("1", True),  # 10.0%: far behind, which is behind too
        ("10", False),  # done
    ],
)
def test_status_fails_on_behind_exactly_when_something_is_behind(
    kpi: Invoke, value: str, behind: bool
) -> None:
    kpi("log", PACED, value, "--date", "2024-06-30")
    args = ("status", "--as-of", "2024-06-30", "--fail-on", "behind")
    assert exit_code(kpi, *args) == (1 if behind else 0)
    assert exit_code(kpi, "status", "--as-of", "2024-06-30") == 0  # only when asked


def test_far_behind_is_stricter_than_behind(kpi: Invoke) -> None:
    kpi("log", PACED, "3", "--date", "2024-06-30")  # 30.0% against 49.7%: behind
    assert exit_code(kpi, "status", "--as-of", "2024-06-30", "--fail-on", "behind") == 1
    assert exit_code(kpi, "status", "--as-of", "2024-06-30", "--fail-on", "far-behind") == 0
    kpi("log", PACED, "1", "--date", "2024-06-30", "--force")  # a falling total: 10.0%
    assert exit_code(kpi, "status", "--as-of", "2024-06-30", "--fail-on", "far-behind") == 1


def test_the_output_is_written_before_failing(kpi: Invoke) -> None:
    kpi("log", "key-projects-2024", "5", "--date", "2024-06-30")
    result = kpi("status", "--as-of", "2024-06-30", "--fail-on", "behind", "--format", "json")
    assert result.exit_code == 1
    assert result.stdout.startswith("{")
    assert "behind" in result.stderr


def test_due_fails_when_a_report_is_overdue(logged: Invoke) -> None:
    assert exit_code(logged, "due", "--as-of", "2024-07-10", "--fail-on", "due") == 1
    assert exit_code(logged, "due", "--as-of", "2024-01-15", "--fail-on", "due") == 0
    assert exit_code(logged, "status", "--as-of", "2024-07-10", "--fail-on", "due") == 1


def test_summary_fails_on_the_state_at_the_window_end(logged: Invoke) -> None:
    assert exit_code(logged, "summary", "--week", "2024-W27", "--fail-on", "behind") == 1
    assert exit_code(logged, "summary", "--week", "2024-W01", "--fail-on", "behind") == 0


def test_several_conditions_may_be_asked_for(kpi: Invoke) -> None:
    kpi("log", PACED, "4", "--date", "2024-07-10")  # 40.0% against 192 / 366 = 52.5%: behind
    args = ("status", "--as-of", "2024-07-10", "--fail-on", "breached", "--fail-on", "far-behind")
    assert exit_code(kpi, *args) == 0
    assert exit_code(kpi, *args, "--fail-on", "behind") == 1


def test_breached_applies_to_at_most_indicators(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "targets.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - id: safety-2024\n    name: 安全生产\n    indicators:\n"
        "      - id: serious-accidents\n        name: 较大及以上生产安全事故\n"
        "        target: 0起\n        direction: at_most\n",
        encoding="utf-8",
    )
    assert kpi("log", "serious-accidents", "0", "--date", "2024-05-31").exit_code == 0
    assert exit_code(kpi, "status", "--as-of", "2024-06-30", "--fail-on", "breached") == 0
    # none allowed and none so far is on track, not far behind a pace of allowance to use
    quiet = json.loads(kpi("status", "--as-of", "2024-06-30", "--format", "json").stdout)
    zero = next(
        i for a in quiet["areas"] for i in a["indicators"] if i["id"] == "serious-accidents"
    )
    assert (zero["state"], zero["gap_pp"]) == ("on_track", None)
    assert kpi("log", "serious-accidents", "+1", "--date", "2024-06-15").exit_code == 0
    assert exit_code(kpi, "status", "--as-of", "2024-06-30", "--fail-on", "breached") == 1
    out = kpi("status", "--as-of", "2024-06-30", "--format", "json").stdout
    report = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    row = next(
        i for a in report["areas"] for i in a["indicators"] if i["id"] == "serious-accidents"
    )
    assert (row["state"], row["actual"], row["completion"]) == ("breached", 1, None)


def test_an_unknown_condition_is_a_usage_error(kpi: Invoke) -> None:
    assert exit_code(kpi, "status", "--fail-on", "late") == 2


def test_missed_is_the_year_end_check(kpi: Invoke, workdir: Path) -> None:
    """Once 2024 is over, behind never holds; missed says a target was not met."""
    kpi("log", PACED, "9", "--date", "2024-12-31")  # 签约项目落地 ends at 9 of 确保10个
    after = ("status", "--as-of", "2025-01-06")
    assert exit_code(kpi, *after, "--fail-on", "behind") == 0
    result = kpi(*after, "--fail-on", "missed")
    assert result.exit_code == 1 and "missed" in result.stderr
    assert exit_code(kpi, "status", "--as-of", "2024-09-30", "--fail-on", "missed") == 0
    assert exit_code(kpi, "summary", "--week", "2025-W01", "--fail-on", "missed") == 1
    # a period whose every target was met does not fail
    declare(workdir, ONE_TARGET)
    kpi("log", "parks-2025", "3", "--date", "2025-06-30")
    met = ("status", "--period", "2025", "--as-of", "2026-01-05", "--fail-on", "missed")
    assert exit_code(kpi, *met) == 0


ONE_TARGET = """\
  - id: parks-2025
    name: 2025年园区
    indicators:
      - id: parks-2025
        name: 新建产业园区
        target: 3个
        period: 2025
"""
