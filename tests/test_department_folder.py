"""A month's folder of department sheets, as they really arrive: every figure lands exactly
right, or its file is refused with row numbers and nothing of it is written.

The folder holds the shapes offices send: a 填表说明 sheet before the data, a title above the
header, headings in the clerk's words, a unit column, a unit in the heading, a percentage
cell, Excel serial dates and months, a signature line, a GBK CSV, a copy re-sent under
another name, a sheet with a wrong unit, and a falling total confirmed in its 确认 column.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from .conftest import Invoke
from .test_sheets import entry_count, workbook

TARGETS = """\
report: 某区2024年政府工作报告
defaults:
  period: 2024
areas:
  - id: economy
    name: 稳增长
    owner: 区发展改革委
    indicators:
      - id: fixed-investment
        name: 固定资产投资
        target: 120亿元
      - id: tourism-income
        name: 旅游综合收入
        target: 80亿元
        owner: 区文广旅局
  - id: people
    name: 惠民生
    owner: 区教育局
    indicators:
      - id: urbanisation
        name: 常住人口城镇化率
        measure: level
        target: 75%
        owner: 区统计局
      - id: school-places
        name: 新增学位
        target: 0.5万个
      - id: clinic
        name: 社区卫生服务中心建设
        measure: milestone
        stages: [开工, 建成, 投用]
        owner: 区卫生健康委
"""

# Excel's serial for 2024-09-30 (1900 date system).
SEPT_30 = 45565


@pytest.fixture
def folder(workdir: Path) -> Path:
    """The working folder with this district's targets.yaml and September's mail."""
    (workdir / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    mail = workdir / "2024-09"
    mail.mkdir()
    workbook(
        mail / "发改委.xlsx",
        ("填表说明", [["请在「9月」表中填写本月完成情况，数值按计量单位填写。"]]),
        ("9月", [
            ["2024年9月重点指标完成情况表"],
            [],
            ["指标", "完成值", "计量单位", "截至日期", "备注"],
            ["固定资产投资", 950000, "万元", SEPT_30, "含两个新开工项目"],
            [],
            ["填报人：王芳    审核人：李强    联系电话：0371-12345678"],
        ]),
    )  # fmt: skip
    workbook(
        mail / "统计局.xlsx",
        ("Sheet1", [
            ["常住人口城镇化率（2024年三季度）"],
            ["指标名称", "本期完成", "统计时间"],
            ["常住人口城镇化率", (0.76, "0%"), "2024年9月"],
        ]),
    )  # fmt: skip
    workbook(
        mail / "文广旅局.xlsx",
        ("报表", [
            ["指标编号", "数值（亿元）", "日期"],
            ["tourism-income", 41.25, SEPT_30],
        ]),
    )  # fmt: skip
    (mail / "教育局.csv").write_bytes(
        "指标编号,实际完成,截至日期,备注\n"
        "school-places,3200个,2024-09,秋季开学新增\n"
        "clinic,建成,2024/9/20,主体完工\n".encode("gbk")
    )
    return workdir


def statuses(kpi: Invoke) -> dict[str, dict[str, Any]]:
    result = kpi("status", "--as-of", "2024-09-30", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout, parse_float=Decimal)
    return {row["id"]: row for area in data["areas"] for row in area["indicators"]}


def run_import(kpi: Invoke, path: Path) -> Any:
    return kpi("import", str(path))


def test_every_figure_of_the_folder_lands_exactly_right(folder: Path, kpi: Invoke) -> None:
    for sheet in sorted((folder / "2024-09").iterdir()):
        result = run_import(kpi, sheet)
        assert result.exit_code == 0, f"{sheet.name}: {result.stderr}"
    figures = statuses(kpi)
    # 950000 in a 万元 unit column is 95亿元, not 950000亿元
    assert figures["fixed-investment"]["actual"] == Decimal("95")
    # a cell shown as 76 % is 76 %, not 0.76 %
    assert figures["urbanisation"]["actual"] == Decimal("76")
    assert figures["urbanisation"]["state"] == "done"
    # 数值（亿元） applies to the bare number
    assert figures["tourism-income"]["actual"] == Decimal("41.25")
    # 3200个 against a target in 万个
    assert figures["school-places"]["actual"] == Decimal("0.32")
    assert figures["clinic"]["stage"] == "建成"
    history = json.loads(kpi("history", "fixed-investment", "--format", "json").stdout)
    assert [e["as_of"] for e in history["entries"]] == ["2024-09-30"]  # the serial date


def test_what_the_import_says_names_the_sheet_the_month_end_and_the_footer(
    folder: Path, kpi: Invoke
) -> None:
    result = run_import(kpi, folder / "2024-09" / "发改委.xlsx")
    assert "工作表「9月」" in result.stderr and "表头在第 3 行" in result.stderr
    assert "忽略表尾 1 行" in result.stderr
    said = run_import(kpi, folder / "2024-09" / "统计局.xlsx").stderr
    assert "「2024年9月」按月末 2024-09-30 记录" in said


def test_a_resent_copy_under_another_name_adds_nothing(folder: Path, kpi: Invoke) -> None:
    original = folder / "2024-09" / "发改委.xlsx"
    assert run_import(kpi, original).exit_code == 0
    before = entry_count(folder)
    copy = folder / "2024-09" / "发改委(1).xlsx"
    copy.write_bytes(original.read_bytes())
    again = run_import(kpi, copy)
    assert again.exit_code == 0
    assert "1 行已在库中，未重复记录" in again.stderr
    assert entry_count(folder) == before
    assert statuses(kpi)["fixed-investment"]["actual"] == Decimal("95")


def test_a_sheet_with_a_wrong_row_is_refused_whole_with_its_row_numbers(
    folder: Path, kpi: Invoke
) -> None:
    assert run_import(kpi, folder / "2024-09" / "发改委.xlsx").exit_code == 0
    before = entry_count(folder)
    bad = workbook(
        folder / "2024-09" / "教育局-补报.xlsx",
        ("Sheet1", [
            ["指标名称", "数值", "单位", "日期"],
            ["新增学位", 300, "所", "2024-09-30"],
            ["旅游综合收入", 42, "亿元", "2024-09-30"],
            ["社区卫生服务中心", "投用", None, "2024-09-30"],
        ]),
    )  # fmt: skip
    result = run_import(kpi, bad)
    assert result.exit_code == 2
    rows = [line.split("：")[0] for line in result.stderr.splitlines() if line.startswith("第 ")]
    assert rows == ["第 2 行", "第 4 行"]  # a measure word of another kind; a near-miss name
    assert "社区卫生服务中心建设（clinic）" in result.stderr  # the name, with its id
    assert entry_count(folder) == before


def test_a_falling_total_is_refused_until_its_confirm_cell_says_so(
    folder: Path, kpi: Invoke
) -> None:
    assert run_import(kpi, folder / "2024-09" / "发改委.xlsx").exit_code == 0
    before = entry_count(folder)
    rows: list[list[Any]] = [
        ["指标", "完成值", "计量单位", "截至日期"],
        ["固定资产投资", 3520, "万元", "2024-09-30"],
    ]
    refused = run_import(kpi, workbook(folder / "更正.xlsx", ("Sheet1", rows)))
    assert refused.exit_code == 2
    assert "第 2 行" in refused.stderr and "确认" in refused.stderr
    assert entry_count(folder) == before
    rows[0].append("确认")
    rows[1].append("确认")
    confirmed = run_import(kpi, workbook(folder / "更正-确认.xlsx", ("Sheet1", rows)))
    assert confirmed.exit_code == 0, confirmed.stderr
    assert statuses(kpi)["fixed-investment"]["actual"] == Decimal("0.352")


def test_an_id_and_a_name_that_disagree_refuse_the_row(folder: Path, kpi: Invoke) -> None:
    """A paste one row off puts figures on the neighbouring indicator: refused, not stored."""
    shifted = workbook(
        folder / "错位.xlsx",
        ("Sheet1", [
            ["指标编号", "指标名称", "完成值", "截至日期"],
            ["school-places", "固定资产投资", 3200, "2024-09-30"],
            ["fixed-investment", "固定资产投资", 95, "2024-09-30"],
            ["tourism-income", "旅游收入", 40, "2024-09-30"],  # a short name: the id decides
        ]),
    )  # fmt: skip
    result = run_import(kpi, shifted)
    assert result.exit_code == 2
    assert "第 2 行" in result.stderr and "fixed-investment" in result.stderr
    assert "第 3 行" not in result.stderr and "第 4 行" not in result.stderr


def test_beside_this_periods_amount_the_running_total_is_recorded(
    folder: Path, kpi: Invoke
) -> None:
    """本期完成 beside 累计完成 on one form is the month's amount beside the running total."""
    both = workbook(
        folder / "双列.xlsx",
        ("Sheet1", [
            ["指标编号", "本期完成", "累计完成", "截至日期"],
            ["school-places", "800个", "3200个", "2024-09-30"],
        ]),
    )  # fmt: skip
    result = run_import(kpi, both)
    assert result.exit_code == 0, result.stderr
    assert "本期完成（本期数；按累计列「累计完成」记录）" in result.stderr
    assert statuses(kpi)["school-places"]["actual"] == Decimal("0.32")


def test_a_value_cell_saying_there_is_nothing_to_report_records_nothing(
    folder: Path, kpi: Invoke
) -> None:
    marks = workbook(
        folder / "无数据.xlsx",
        ("Sheet1", [
            ["指标编号", "完成值", "截至日期", "备注"],
            ["fixed-investment", "/", "2024-09-30", "本月未统计"],
            ["tourism-income", "—", None, None],
            ["school-places", "3200个", "2024-09-30", None],
        ]),
    )  # fmt: skip
    result = run_import(kpi, marks)
    assert result.exit_code == 0, result.stderr
    assert "2 行只有指标、未填写数值" in result.stderr
    figures = statuses(kpi)
    assert figures["fixed-investment"]["actual"] is None
    assert figures["school-places"]["actual"] == Decimal("0.32")


def test_a_twin_increment_confirmed_is_recorded_as_confirmed(folder: Path, kpi: Invoke) -> None:
    rows: list[list[Any]] = [
        ["指标编号", "完成值", "截至日期", "备注"],
        ["school-places", "+100个", "2024-09-30", "中原路街道"],
    ]
    assert run_import(kpi, workbook(folder / "a.xlsx", ("Sheet1", rows))).exit_code == 0
    rows[1][3] = "三官庙街道"
    result = kpi("import", str(workbook(folder / "b.xlsx", ("Sheet1", rows))), "--force")
    assert result.exit_code == 0, result.stderr
    history = json.loads(kpi("history", "school-places", "--format", "json").stdout)
    assert "库中已有 2024-09-30 同样的增量" in (history["entries"][-1]["confirmed"] or "")


def test_this_periods_amount_beside_a_blank_running_total_is_refused(
    folder: Path, kpi: Invoke
) -> None:
    """本期 200 with 本年累计 left blank or '/': the figure kpitrack records is missing."""
    before = entry_count(folder) if (folder / "kpi.db").exists() else 0
    sheet = workbook(
        folder / "只填本期.xlsx",
        ("Sheet1", [
            ["指标名称", "单位", "本期完成", "本年累计", "截至日期"],
            ["新增学位", "个", 200, "／", "2024-09-30"],
            ["固定资产投资", "亿元", 10, None, "2024-09-30"],
            ["旅游综合收入", "亿元", None, None, None],
        ]),
    )  # fmt: skip
    result = run_import(kpi, sheet)
    assert result.exit_code == 2
    assert "第 2 行：已填本期完成 200，但累计列「本年累计」为空" in result.stderr
    assert "第 3 行：已填本期完成 10" in result.stderr and "第 4 行" not in result.stderr
    assert (entry_count(folder) if (folder / "kpi.db").exists() else 0) == before


def test_a_full_width_slash_is_nothing_to_report_too(folder: Path, kpi: Invoke) -> None:
    sheet = workbook(
        folder / "斜杠.xlsx",
        ("Sheet1", [["指标编号", "完成值", "截至日期"], ["fixed-investment", "／", "2024-09-30"]]),
    )
    result = run_import(kpi, sheet)
    assert result.exit_code == 0, result.stderr
    assert "1 行只有指标、未填写数值" in result.stderr
