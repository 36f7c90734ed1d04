"""`kpi log`: figures, increments, readings and stages; each bad input refused, nothing written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from .conftest import PACED, Invoke, declare, dump


def entries(workdir: Path) -> list[tuple]:
    from sqlite_utils import Database

    db = Database(workdir / "kpi.db")
    rows = db.execute(
        "select indicator_id, mode, value, stage, input, as_of, author from entries order by id"
    )
    return [tuple(r) for r in rows.fetchall()]


def status_of(kpi: Invoke, indicator_id: str, as_of: str) -> dict:
    result = kpi("status", "--as-of", as_of, "--period", "all", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = [i for a in json.loads(result.stdout)["areas"] for i in a["indicators"]]
    return next(i for i in rows if i["id"] == indicator_id)


def test_a_figure_is_recorded_with_its_date_author_and_note(kpi: Invoke, workdir: Path) -> None:
    result = kpi(
        "log",
        "key-projects-2024",
        "5",
        "--date",
        "2024-06-30",
        "--by",
        "区发展改革委",
        "--note",
        "上半年",
    )
    assert result.exit_code == 0, result.output
    assert "已记录 key-projects-2024" in result.stderr
    assert "完成率 23.8%" in result.stderr
    assert entries(workdir)[-1] == (
        "key-projects-2024",
        "set",
        5.0,
        None,
        "5",
        "2024-06-30",
        "区发展改革委",
    )


def test_note_and_source_are_kept_with_the_entry(kpi: Invoke, workdir: Path) -> None:
    args = (
        "fitness-paths",
        "4",
        "--date",
        "2024-06-30",
        "--note",
        "含2条改造",
        "--source",
        "体育局月报",
    )
    assert kpi("log", *args).exit_code == 0
    conn = sqlite3.connect(workdir / "kpi.db")
    row = conn.execute(
        "select note, source, logged_at from entries order by id desc limit 1"
    ).fetchone()
    conn.close()
    assert row[:2] == ("含2条改造", "体育局月报")
    assert row[2][:4] >= "2026"  # logged now, whatever date it is true for


def test_an_increment_adds_to_the_latest_figure(kpi: Invoke) -> None:
    kpi("log", "key-projects-2024", "5", "--date", "2024-05-31")
    result = kpi("log", "key-projects-2024", "+3", "--date", "2024-06-30")
    assert result.exit_code == 0
    assert status_of(kpi, "key-projects-2024", "2024-06-30")["actual"] == 8
    assert status_of(kpi, "key-projects-2024", "2024-06-15")["actual"] == 5


def test_values_convert_into_the_indicator_unit(kpi: Invoke, workdir: Path) -> None:
    declare(
        workdir,
        "  - id: invest-2024\n    name: 完成投资\n    indicators:\n"
        "      - id: investment-2024\n        name: 重点项目完成投资\n        target: 60亿元\n",
    )
    assert kpi("log", "investment-2024", "3520万元", "--date", "2024-03-31").exit_code == 0
    assert kpi("log", "investment-2024", "+1.2亿", "--date", "2024-04-30").exit_code == 0
    assert status_of(kpi, "investment-2024", "2024-04-30")["actual"] == pytest.approx(1.552)


def test_a_milestone_takes_a_stage_name(kpi: Invoke) -> None:
    result = kpi("log", "tencent-esports", "建成", "--date", "2024-09-30")
    assert result.exit_code == 0, result.output
    row = status_of(kpi, "tencent-esports", "2024-10-01")
    # stages 在建 → 建成 → 投用, starting at 在建: one step of two
    assert (row["stage"], row["completion"]) == ("建成", pytest.approx(1 / 2, abs=1e-4))


def test_an_indicator_can_be_named_by_its_chinese_name(kpi: Invoke, workdir: Path) -> None:
    assert kpi("log", "更新健身路径", "4", "--date", "2024-06-30").exit_code == 0
    assert entries(workdir)[-1][0] == "fitness-paths"


def test_dates_may_be_written_the_chinese_way(kpi: Invoke, workdir: Path) -> None:
    assert kpi("log", "fitness-paths", "4", "--date", "2024年6月30日").exit_code == 0
    assert entries(workdir)[-1][5] == "2024-06-30"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ("key-project-2024", "5", "--date", "2024-06-30"),
            ["key-project-2024", "key-projects-2024"],
        ),
        (("key-projects-2024", "5..2", "--date", "2024-06-30"), ["5..2", "不是可识别的数字"]),
        (("key-projects-2024", "5亿元", "--date", "2024-06-30"), ["金额", "按「个」填报"]),
        (("key-projects-2024", "5", "--date", "2199-01-01"), ["2199-01-01", "未来"]),
        (
            ("key-projects-2024", "5", "--date", "2023-06-30"),
            ["2023-06-30", "周期 2024", "--date 2024-12-31"],
        ),
        (("key-projects-2024", "5", "--date", "2024-02-30"), ["2024-02-30", "不是日期"]),
        (("key-projects-2024", "5"), ["周期 2024", "--date 2024-12-31"]),
        (("tencent-esports", "竣工", "--date", "2024-06-30"), ["竣工", "在建 → 建成 → 投用"]),
        (("tencent-esports", "+1", "--date", "2024-06-30"), ["里程碑", "阶段"]),
        (("fitness-paths", "3光年", "--date", "2024-06-30"), ["光年"]),
    ],
)
def test_bad_input_gets_one_sentence_exit_2_and_changes_nothing(
    kpi: Invoke, workdir: Path, args: tuple[str, ...], words: list[str]
) -> None:
    kpi("init")
    before = dump(workdir)
    result = kpi("log", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert "Traceback" not in message
    for word in words:
        assert word in message
    assert dump(workdir) == before


def test_nothing_is_overwritten_a_second_figure_is_a_second_entry(
    kpi: Invoke, workdir: Path
) -> None:
    kpi("log", "fitness-paths", "4", "--date", "2024-06-30")
    kpi("log", "fitness-paths", "5", "--date", "2024-06-30")
    assert [e[2] for e in entries(workdir) if e[0] == "fitness-paths"] == [4.0, 5.0]
    assert status_of(kpi, "fitness-paths", "2024-06-30")["actual"] == 5


def test_a_level_reports_its_reading_not_a_running_total(kpi: Invoke) -> None:
    kpi("init")  # 灾后重建项目投资完成率 is a 2023 result: a reading too, once confirmed
    args = ("log", "rebuild-investment-rate", "95%", "--date", "2023-06-30", "--force")
    result = kpi(*args)
    assert result.exit_code == 0, result.stderr
    assert "该日读数 95%" in result.stderr and "累计" not in result.stderr
    total = kpi("log", PACED, "5", "--date", "2024-06-30")
    assert "该日累计 5个" in total.stderr
    listed = kpi("log", "key-projects-2024", "5", "--date", "2024-06-30")  # the list's size
    assert "该日读数 5个" in listed.stderr and "累计" not in listed.stderr


def test_a_name_that_fits_nothing_says_id_or_name(kpi: Invoke) -> None:
    result = kpi("log", "城镇化", "76%")
    assert result.exit_code == 2
    assert result.stderr.startswith("没有编号或名称为「城镇化」的指标。")


def test_a_date_in_the_value_place_is_named_before_any_date_check(kpi: Invoke) -> None:
    result = kpi("log", "key-projects-2024", "2024-09-30")
    assert result.exit_code == 2
    assert result.stderr.startswith("「2024-09-30」是日期，不是数值")


@pytest.mark.parametrize("month", ["2024年9月", "2024-09", "2024年1-9月", "2024年9月底"])
def test_a_month_as_the_date_is_its_last_day(kpi: Invoke, month: str) -> None:
    result = kpi("log", "key-projects-2024", "5", "--date", month)
    assert result.exit_code == 0, result.stderr
    assert "截至 2024-09-30" in result.stderr


def test_a_unit_of_another_kind_names_the_unit_and_offers_no_number_to_copy(
    kpi: Invoke,
) -> None:
    money_for_count = kpi("log", "key-projects-2024", "500000000元", "--date", "2024-06-30")
    assert money_for_count.exit_code == 2 and "按「个」填报" in money_for_count.stderr
    assert "如 " not in money_for_count.stderr and "500000000个" not in money_for_count.stderr


def test_importing_a_folder_says_it_is_a_folder(kpi: Invoke, workdir: Path) -> None:
    (workdir / "returned").mkdir()
    result = kpi("import", str(workdir / "returned"))
    assert result.exit_code == 2
    assert "是文件夹，不是文件" in result.stderr


def test_a_template_into_a_missing_folder_names_the_folder_not_the_database(
    kpi: Invoke, workdir: Path
) -> None:
    result = kpi("template", "--owner", "区体育局", "-o", str(workdir / "nodir" / "t.xlsx"))
    assert result.exit_code == 2
    assert "文件夹" in result.stderr and "--db" not in result.stderr
