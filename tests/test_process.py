"""The installed `kpi`, run as a real process in a fresh folder, as a cron job would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PACED, REPO_TARGETS


def kpi_executable() -> str:
    beside_python = Path(sys.executable).parent / "kpi"
    found = shutil.which("kpi") or (str(beside_python) if beside_python.exists() else None)
    assert found, "kpi is not installed: run the README's test command, which installs it"
    return found


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    shutil.copy(REPO_TARGETS, tmp_path / "targets.yaml")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "COLUMNS", "FORCE_COLOR"))
    }
    env["KPI_LANG"] = "zh"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [kpi_executable(), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


def test_status_on_a_fresh_folder_shows_every_indicator(run) -> None:  # type: ignore[no-untyped-def]
    result = run("status", "--period", "all")
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout
    for name in ['"三个一批"项目完成投资', "增加学位", "全年谋划重点推进项目", "更新健身路径"]:
        assert name in result.stdout
    # 2023: 23 results and 23 done; 2024, long ended with nothing logged: 49 missed and the
    # context figure
    assert "合计 96 项：已完成 23，未完成 49，已报告结果 23，背景 1" in result.stdout


def test_log_then_status_json_as_a_script_would(run) -> None:  # type: ignore[no-untyped-def]
    logged = run("log", PACED, "3", "--date", "2024-06-30")
    assert logged.returncode == 0, logged.stderr
    result = run("status", "--as-of", "2024-06-30", "--format", "json")
    report = json.loads(result.stdout)
    row = next(i for a in report["areas"] for i in a["indicators"] if i["id"] == PACED)
    assert (row["actual"], row["state"]) == (3, "behind")  # 30.0% against a pace of 49.7%


def test_bad_input_exits_2_with_one_line_on_stderr(run) -> None:  # type: ignore[no-untyped-def]
    result = run("log", "no-such-id", "5")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no-such-id" in result.stderr


def test_python_dash_m_runs_the_same_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kpitrack", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.startswith("kpi ")
