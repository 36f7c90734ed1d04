"""examples/weekly-summary.sh, run as cron would: a dated Markdown file and a telling exit code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import HISTORY, LANDED, REPO_TARGETS, ROOT

SCRIPT = ROOT / "examples" / "weekly-summary.sh"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A department's folder with targets.yaml and a database holding HISTORY and LANDED, made
    once."""
    made = tmp_path_factory.mktemp("template")
    shutil.copy(REPO_TARGETS, made / "targets.yaml")
    for indicator_id, value, day in HISTORY + LANDED:
        run_kpi(made, "log", indicator_id, value, "--date", day)
    return made


@pytest.fixture
def folder(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "department"
    shutil.copytree(template, copy)
    return copy


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "COLUMNS"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["KPI_LANG"] = "zh"
    return env


def run_kpi(folder: Path, *args: str) -> None:
    subprocess.run(["kpi", *args], cwd=folder, env=environment(), check=True, capture_output=True)


def run_script(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), *args],
        cwd=cwd,
        env=env or environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_week_with_something_behind_writes_the_summary_and_exits_1(folder: Path) -> None:
    result = run_script(str(folder), "2024-W27", cwd=folder.parent)
    assert result.returncode == 1, result.stderr
    report = folder / "reports" / "summary-2024-W27.md"
    assert result.stdout.strip() == "reports/summary-2024-W27.md"
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# 指标周报 2024-W27（2024-07-01 至 2024-07-07）")
    # hospitals-in-use (1 of 3, 33.3% against 51.6%) is behind; 签约项目落地 caught up with its pace
    assert "| 医院及卫生服务中心建成投用 | 33.3% | 51.6% | -18.3 | 🟡 滞后 |" in text
    assert "| 签约项目落地 | 滞后 → 🟢 正常推进 | 恢复正常 |" in text


def test_a_quiet_week_exits_0(folder: Path) -> None:
    result = run_script(str(folder), "2024-W01", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert (folder / "reports" / "summary-2024-W01.md").exists()


def test_the_report_folder_and_database_come_from_the_environment(
    folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (folder / "kpi.db").rename(elsewhere / "kpi.db")
    for suffix in ("-wal", "-shm"):
        if (folder / f"kpi.db{suffix}").exists():
            (folder / f"kpi.db{suffix}").rename(elsewhere / f"kpi.db{suffix}")
    env = environment() | {
        "KPI_DB": str(elsewhere / "kpi.db"),
        "KPI_REPORTS": str(elsewhere / "out"),
    }
    result = run_script(str(folder), "2024-W27", cwd=folder, env=env)
    assert result.returncode == 1, result.stderr
    assert "2024-07-03 | 全年谋划重点推进项目 | 5个" in (
        elsewhere / "out" / "summary-2024-W27.md"
    ).read_text(encoding="utf-8")


def test_bad_input_exits_2_and_leaves_no_file(folder: Path) -> None:
    result = run_script(str(folder), "2024-27", cwd=folder)
    assert result.returncode == 2
    assert "2024-W27" in result.stderr
    assert list((folder / "reports").iterdir()) == []


def test_the_default_week_is_last_week(folder: Path) -> None:
    result = run_script(str(folder), cwd=folder)
    assert result.returncode in (0, 1), result.stderr
    (written,) = (folder / "reports").iterdir()
    assert written.name.startswith("summary-") and "-W" in written.name


def test_once_every_period_has_ended_the_weekly_job_writes_the_final_week_and_exits_0(
    folder: Path,
) -> None:
    """Cron runs it every Monday; after 2024 it must not fail for ever on a year that is over."""
    for _ in range(2):  # the next Monday rewrites the same file, it does not add a new empty one
        result = run_script(str(folder), cwd=folder)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "reports/summary-2025-W01.md"
    assert "没有进行中的周期" in result.stderr
    (written,) = (folder / "reports").iterdir()
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# 指标周报 2025-W01（2024-12-30 至 2025-01-05）")
    assert "到期未完成" in text
