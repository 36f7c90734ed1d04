"""A Chinese Windows office: a GBK console and pipes, PowerShell scripts (issue 14).

Python on a Chinese Windows writes pipes and redirected files in the ANSI code page, GBK (936).
Here a legacy encoding is forced on the real process's streams with PYTHONIOENCODING, as a
GBK console would set it: tables must read in GBK, and data formats stay UTF-8 files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO_TARGETS
from .test_process import kpi_executable

ROOT = Path(__file__).resolve().parent.parent


def run(folder: Path, encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "COLUMNS"))}
    env.update(KPI_LANG="zh", PYTHONIOENCODING=encoding, COLUMNS="200")
    return subprocess.run(
        [kpi_executable(), *args], cwd=folder, env=env, capture_output=True, timeout=60
    )


@pytest.fixture
def office(tmp_path: Path) -> Path:
    shutil.copy(REPO_TARGETS, tmp_path / "targets.yaml")
    logged = run(tmp_path, "utf-8", "log", "fitness-paths", "6", "--date", "2024-06-30")
    assert logged.returncode == 0, logged.stderr.decode()
    return tmp_path


def test_the_status_table_reads_in_gbk(office: Path) -> None:
    done = run(office, "gbk", "status", "--as-of", "2024-07-10")
    assert done.returncode == 0, done.stderr.decode("gbk")
    table = done.stdout.decode("gbk")
    assert "序时进度" in table and "差距" in table and "更新健身路径" in table
    assert "░" not in table  # the bar's empty part, which GBK lacks, is drawn with "-"


def test_a_confirmation_on_a_gbk_console_is_chinese(office: Path) -> None:
    done = run(office, "gbk", "log", "fitness-paths", "+1", "--date", "2024-07-31")
    assert done.returncode == 0
    assert "已记录 fitness-paths" in done.stderr.decode("gbk")


@pytest.mark.parametrize("form", ["json", "csv", "markdown"])
def test_data_formats_are_utf8_files_whatever_the_console(office: Path, form: str) -> None:
    """`kpi status --format csv > 状态.csv` on a Chinese Windows: the same bytes as anywhere."""
    args = ("status", "--as-of", "2024-07-10", "--format", form)
    legacy, utf8 = run(office, "gbk", *args), run(office, "utf-8", *args)
    assert legacy.returncode == utf8.returncode == 0
    assert legacy.stdout == utf8.stdout
    text = legacy.stdout.decode("utf-8")
    if form == "json":
        names = [i["name"] for a in json.loads(text)["areas"] for i in a["indicators"]]
        assert "更新健身路径" in names
    if form == "csv":
        assert "\r\r\n" not in text  # newlines are CSV's own, never translated twice


def test_an_encoding_without_chinese_is_refused_not_question_marks(office: Path) -> None:
    done = run(office, "ascii", "status", "--as-of", "2024-07-10")
    assert done.returncode == 3
    assert b"?" * 4 not in done.stdout


def test_the_powershell_weekly_summary_asks_kpi_what_the_shell_one_does() -> None:
    """No PowerShell here to run it: the two scripts must at least ask kpi the same thing,
    so the Windows one does not drift from the one the tests run (test_weekly_script.py)."""
    shell = (ROOT / "examples" / "weekly-summary.sh").read_text(encoding="utf-8")
    power = (ROOT / "examples" / "weekly-summary.ps1").read_text(encoding="utf-8")
    for option in ("summary", "--format", "markdown", "--fail-on", "behind", "--week"):
        assert option in shell and f'"{option}"' in power
    assert re.search(r"OutputEncoding\s*=\s*\[System\.Text\.UTF8Encoding\]", power)
    assert "summary-$Week.md" in power and "summary-$week.md" in shell
