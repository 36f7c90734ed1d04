"""`kpi init`, `kpi validate`, `kpi list`, help and the files every command finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpitrack import __version__
from kpitrack.cli import app

from .conftest import Invoke

COMMANDS = [
    "init", "validate", "list", "log", "status", "summary", "due", "history", "undo", "amend",
    "import", "export", "backup",
]  # fmt: skip


def test_init_creates_the_database_and_is_safe_to_repeat(kpi: Invoke, workdir: Path) -> None:
    first = kpi("init")
    assert first.exit_code == 0
    assert "96 个指标，45 条记录（其中来自报告的 45 条）" in first.stderr
    again = kpi("init")
    assert again.exit_code == 0
    assert "45 条记录" in again.stderr
    assert (workdir / "kpi.db").exists()


def test_db_and_targets_can_be_given_by_option_or_environment(kpi: Invoke, workdir: Path) -> None:
    other = workdir / "elsewhere"
    other.mkdir()
    (workdir / "targets.yaml").rename(other / "t.yaml")
    assert (
        kpi("init", "--targets", str(other / "t.yaml"), "--db", str(workdir / "x.db")).exit_code
        == 0
    )
    assert (workdir / "x.db").exists()
    env = {"KPI_TARGETS": str(other / "t.yaml"), "KPI_DB": str(workdir / "y.db")}
    assert kpi("init", env=env).exit_code == 0
    assert (workdir / "y.db").exists()
    assert not (other / "kpi.db").exists()


def test_validate_accepts_the_repo_file(kpi: Invoke) -> None:
    result = kpi("validate")
    assert result.exit_code == 0
    assert "有效：16 个领域，96 个指标（周期 2024, 2023）" in result.stdout


def test_validate_names_file_line_and_key_and_exits_2(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "targets.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("target: 21个", "target: 21光年"), encoding="utf-8"
    )
    result = kpi("validate")
    assert result.exit_code == 2
    line = path.read_text(encoding="utf-8").splitlines().index("        target: 21光年") + 1
    assert f"targets.yaml:{line}: key-projects-2024.target:" in result.stderr
    assert "Traceback" not in result.stderr
    assert kpi("status").exit_code == 2  # every command refuses a broken file the same way


def test_a_list_where_a_target_goes_is_named_for_what_it_is(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8").replace("target: 10条", "target: [1, 2]", 1)
    path.write_text(text, encoding="utf-8")
    result = kpi("validate")
    assert result.exit_code == 2
    assert (
        "fitness-paths.target: 应为一个数（如 10条 或 59.2亿元），不是列表或映射" in result.stderr
    )
    assert "None" not in result.stderr


def test_list_shows_every_indicator(kpi: Invoke) -> None:
    listed = json.loads(kpi("list", "--format", "json").stdout)["indicators"]
    assert len(listed) == 96
    assert {"id", "name", "area", "unit", "target", "period", "owner", "source"} <= set(listed[0])
    assert json.loads(kpi("list", "--period", "2024", "--format", "json").stdout)["count"] == 50
    table = kpi("list").stdout
    assert (
        "key-projects-2024" in table and "全年谋划重点推进项目" in table and "区发展改革委" in table
    )


def test_a_missing_targets_file_is_one_sentence_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["status"])
    assert result.exit_code == 2
    assert "找不到 targets.yaml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_db_path_in_a_missing_folder_is_refused(kpi: Invoke, workdir: Path) -> None:
    result = kpi("status", "--db", str(workdir / "no" / "such" / "kpi.db"))
    assert result.exit_code == 2
    assert f"{workdir / 'no' / 'such'} 不存在" in result.stderr
    assert not (workdir / "no").exists()


def test_a_folder_given_as_the_database_is_refused(kpi: Invoke, workdir: Path) -> None:
    result = kpi("status", "--db", str(workdir))
    assert result.exit_code == 2
    assert "是文件夹" in result.stderr and "--db" in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "示例：" in result.stdout
    result = CliRunner().invoke(app, [command, "--help", "--lang", "en"])
    assert "Example" in result.stdout


def test_top_help_states_the_exit_codes() -> None:
    out = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200", "KPI_LANG": "en"}).stdout
    assert "Exit codes: 0 fine; 1 a condition asked for with --fail-on holds; 2 bad usage" in out
    zh = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"}).stdout
    assert "退出码：0 正常；1 --fail-on 指定的情况出现；2 用法或输入有误" in zh
    for command in COMMANDS:
        assert f" {command} " in out


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.stdout.strip() == f"kpi {__version__}"


def test_an_unknown_option_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["status", "--colour"])
    assert result.exit_code == 2
