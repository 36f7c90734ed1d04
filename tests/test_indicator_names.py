"""An indicator is named by id or by name, however typed, and never guessed among several."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .conftest import Invoke

TWO_PERIODS = """\
areas:
  - name: 经济发展
    indicators:
      - id: gdp-growth-2023
        name: 增长
        target: 8%
        measure: level
        period: 2023
      - id: gdp-growth-2024
        name: 增长
        target: 7%
        measure: level
        period: 2024
      - id: fitness-paths
        name: 更新健身路径
        target: 10条
        period: 2024
"""


def last_indicator(workdir: Path) -> str:
    conn = sqlite3.connect(workdir / "kpi.db")
    try:
        row = conn.execute("select indicator_id from entries order by id desc").fetchone()
        return str(row[0]) if row else ""
    finally:
        conn.close()


def test_a_name_of_two_indicators_is_refused_with_each_candidate(
    kpi: Invoke, workdir: Path
) -> None:
    (workdir / "targets.yaml").write_text(TWO_PERIODS, encoding="utf-8")
    result = kpi("log", "增长", "12%", "--date", "2024-06-30")
    assert result.exit_code == 2
    assert "「增长」是 2 个指标的名称" in result.stderr
    assert "增长（gdp-growth-2023，2023）" in result.stderr
    assert "增长（gdp-growth-2024，2024）" in result.stderr
    assert "请改用指标编号" in result.stderr
    assert not (workdir / "kpi.db").exists() or last_indicator(workdir) == ""
    assert kpi("log", "gdp-growth-2024", "12%", "--date", "2024-06-30").exit_code == 0


def test_a_spreadsheet_row_naming_two_indicators_is_a_row_error(kpi: Invoke, workdir: Path) -> None:
    (workdir / "targets.yaml").write_text(TWO_PERIODS, encoding="utf-8")
    path = workdir / "x.csv"
    path.write_text("指标,数值,日期\n更新健身路径,3,2024-06-30\n增长,12%,2024-06-30\n", "utf-8")
    result = kpi("import", str(path))
    assert result.exit_code == 2
    assert "第 3 行：「增长」是 2 个指标的名称" in result.stderr


def test_a_near_miss_name_suggests_names_with_their_ids(kpi: Invoke, workdir: Path) -> None:
    result = kpi("log", "更新健身路经", "4", "--date", "2024-06-30")
    assert result.exit_code == 2
    assert "您是否要找：更新健身路径（fitness-paths）" in result.stderr


def test_a_near_miss_id_suggests_the_indicator_it_resembles(kpi: Invoke) -> None:
    result = kpi("log", "key-project-2024", "5", "--date", "2024-06-30")
    assert result.exit_code == 2
    assert "全年谋划重点推进项目（key-projects-2024）" in result.stderr


def test_names_match_whatever_the_quotes_spaces_and_width(kpi: Invoke, workdir: Path) -> None:
    for typed in (
        "健全“五医”联动机制",
        "健全「五医」联动机制",
        "健全五医联动机制",
        " 健全 五医 联动机制 ",
    ):
        assert kpi("log", typed, "专家下沉12人次", "--date", "2024-06-30").exit_code == 0, typed
        assert last_indicator(workdir) == "five-doctor-linkage"
    assert kpi("log", "ＦＩＴＮＥＳＳ-ＰＡＴＨＳ", "4", "--date", "2024-06-30").exit_code == 0
    assert last_indicator(workdir) == "fitness-paths"


def test_validate_refuses_two_names_alike_in_one_period(kpi: Invoke, workdir: Path) -> None:
    text = TWO_PERIODS.replace("name: 更新健身路径", "name: “增长”")
    text = text.replace("period: 2024\n", "period: 2023\n", 1)
    (workdir / "targets.yaml").write_text(text, encoding="utf-8")
    result = kpi("validate")
    assert result.exit_code == 2
    assert (
        "targets.yaml:9: gdp-growth-2024.name: 指标名称「增长」在周期 2023 中重复" in result.stderr
    )
    assert "第 4 行的 gdp-growth-2023" in result.stderr
    assert "fitness-paths" not in result.stderr  # in 2024, “增长” is alone


def test_the_repo_targets_validate(kpi: Invoke) -> None:
    assert kpi("validate").exit_code == 0
