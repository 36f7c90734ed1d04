"""kpi template: the workbook a department fills in, and kpi import reading it back as filled."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from .conftest import PACED, REPO_TARGETS, ROOT, Invoke, declare

SCRIPT = ROOT / "examples" / "monthly-templates.sh"
# every owner of 2024 with something to report, in file order: the report's sections in words
# are tasks, so nearly every department has a row
OWNERS_2024 = [
    "现代服务业开发区管委会", "区发展改革委", "区科技局", "区工业和信息化局", "区商务局",
    "区文化广电和旅游局", "区委督查局", "区营商环境办", "区委宣传部", "区行政审批和政务信息管理局",
    "区财政局", "区城市运行管理中心", "区应急管理局", "区委政法委", "区生态环境分局",
    "区住房和城乡建设局", "区卫生健康委", "区民政局", "区教育局", "区体育局", "区人力资源社会保障局",
]  # fmt: skip


def entries(workdir: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(workdir / "kpi.db")
    try:
        return conn.execute(
            "select indicator_id, value, stage, input, as_of, note from entries "
            "where author != 'targets.yaml' order by id"
        ).fetchall()
    finally:
        conn.close()


def data_rows(path: Path) -> list[tuple[Any, ...]]:
    """The indicators' rows: not the blank row and the signature line under them."""
    sheet = load_workbook(path)["填报"]
    rows = sheet.iter_rows(min_row=3, values_only=True)
    return [row for row in rows if row[0] and not str(row[0]).startswith("填报人")]


def test_the_template_lists_the_owners_indicators_with_their_last_report(
    logged: Invoke, workdir: Path
) -> None:
    path = workdir / "区发展改革委.xlsx"
    result = logged("template", "--owner", "区发展改革委", "--as-of", "2024-07-10", "-o", str(path))
    assert result.exit_code == 0, result.stderr
    # 11 rows in file order: 1 task, the key projects (a level), 2 totals, 5 milestones, and 2
    # more tasks of the project mechanism; 项目建成投用 2个 is asked through its two projects
    assert "projects-in-use-2024" not in {row[0] for row in data_rows(path)}
    assert "区发展改革委 的 11 个指标（周期 2024）" in result.stderr
    book = load_workbook(path)
    assert book.sheetnames == ["填表说明", "填报"]
    sheet = book["填报"]
    assert [c.value for c in sheet[2]] == [
        "指标编号", "指标名称", "单位", "目标", "上次填报", "上次日期", "本期完成", "截至日期", "备注", "确认",
    ]  # fmt: skip
    rows = {row[0]: row for row in data_rows(path)}
    assert rows["key-projects-2024"][2:6] == ("个", 21, 5, datetime(2024, 7, 3))
    assert rows["tencent-esports"][2:6] == ("阶段", "投用", "建成", datetime(2024, 7, 2))
    assert rows["projects-started-2024"][4:] == (None,) * 6
    assert sheet.protection.sheet
    assert not sheet["G3"].protection.locked and not sheet["H3"].protection.locked
    assert sheet["A3"].protection.locked and sheet["C3"].protection.locked
    signature = next(r for r in sheet.iter_rows(min_row=3) if str(r[0].value).startswith("填报人"))
    assert not signature[0].protection.locked  # the clerk signs under the table
    kinds = {dv.type: str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    assert kinds["date"] == "H3:H13"
    assert rows["leading-industries"][3] == "任务"  # row 3: a task takes words, not a number
    assert "G4" in kinds["decimal"] and "G3" not in kinds["decimal"]
    assert "G10" not in kinds["decimal"]  # row 10: 河南省冶金产业智能创新中心, a milestone
    stages = [dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert '"在建,建成,投用"' in stages
    guide = " ".join(str(c.value) for c in book["填表说明"]["A"])
    assert "本期完成" in guide and "kpi import" in guide


def test_a_filled_template_imports_with_no_questions(logged: Invoke, workdir: Path) -> None:
    path = workdir / "区发展改革委.xlsx"
    logged("template", "--owner", "区发展改革委", "-o", str(path))
    book = load_workbook(path)
    sheet = book["填报"]
    row_of = {sheet.cell(r, 1).value: r for r in range(3, sheet.max_row + 1)}
    r = row_of["key-projects-2024"]
    sheet.cell(r, 7).value, sheet.cell(r, 8).value = 8, datetime(2024, 7, 31)
    r = row_of["tencent-esports"]
    sheet.cell(r, 7).value, sheet.cell(r, 8).value = "投用", datetime(2024, 7, 20)
    sheet.cell(r, 9).value = "7月20日正式投用"
    r = row_of["signed-projects-landed"]
    sheet.cell(r, 7).value, sheet.cell(r, 8).value = 4.0, "2024年7月"
    signature = next(
        r
        for r in range(3, sheet.max_row + 1)
        if sheet.cell(r, 1).value and str(sheet.cell(r, 1).value).startswith("填报人")
    )
    sheet.cell(signature, 1).value = "填报人：李明　审核人：王芳　联系电话：0371-1234567"
    book.save(path)
    before = entries(workdir)
    result = logged("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert entries(workdir)[len(before) :] == [
        ("key-projects-2024", 8.0, None, "8个", "2024-07-31", None),
        ("signed-projects-landed", 4.0, None, "4个", "2024-07-31", None),
        ("tencent-esports", None, "投用", "投用", "2024-07-20", "7月20日正式投用"),
    ]
    assert "工作表「填报」" in result.stderr and "8 行只有指标、未填写数值" in result.stderr
    assert "忽略表尾 1 行" in result.stderr


def test_an_unknown_owner_exits_2_listing_the_owners(kpi: Invoke, workdir: Path) -> None:
    result = kpi("template", "--owner", "区体育", "-o", str(workdir / "x.xlsx"))
    assert result.exit_code == 2
    assert "「区体育」" in result.stderr and "区体育局" in result.stderr
    assert not (workdir / "x.xlsx").exists()


def test_list_owners_prints_one_per_line(kpi: Invoke) -> None:
    assert kpi("template", "--list-owners").stdout.splitlines() == OWNERS_2024


def test_a_blank_template_is_replaced_a_filled_one_kept(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "区体育局.xlsx"
    assert kpi("template", "--owner", "区体育局", "-o", str(path)).exit_code == 0
    again = kpi("template", "--owner", "区体育局", "-o", str(path))
    assert again.exit_code == 0 and "已覆盖原有的" in again.stderr
    book = load_workbook(path)
    book["填报"]["G3"] = 7
    book.save(path)
    refused = kpi("template", "--owner", "区体育局", "-o", str(path))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert data_rows(path)[0][6] == 7
    theirs = workdir / "notes.xlsx"
    theirs.write_bytes(b"someone's file")
    assert kpi("template", "-o", str(theirs)).exit_code == 2
    assert theirs.read_bytes() == b"someone's file"
    assert kpi("template", "-o", str(theirs), "--force").exit_code == 0
    # 2024's 50 less the context figure and 项目建成投用 2个, reported through its two projects
    assert len(data_rows(theirs)) == 48


def test_without_a_file_it_says_how(kpi: Invoke) -> None:
    result = kpi("template", "--owner", "区体育局")
    assert result.exit_code == 2 and "-o" in result.stderr


# -- the monthly loop, run as a shell would ------------------------------------------------


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "COLUMNS"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["KPI_LANG"] = "zh"
    return env


def run_script(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), str(folder), *args],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_monthly_script_writes_one_template_per_owner_and_reruns(tmp_path: Path) -> None:
    shutil.copy(REPO_TARGETS, tmp_path / "targets.yaml")
    first = run_script(tmp_path, "2024-07-01")
    assert first.returncode == 0, first.stderr
    folder = tmp_path / "templates" / "2024-07"
    assert first.stdout.splitlines() == [f"templates/2024-07/{o}.xlsx" for o in OWNERS_2024]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{o}.xlsx" for o in OWNERS_2024)
    assert [row[0] for row in data_rows(folder / "区体育局.xlsx")] == ["fitness-paths"]
    again = run_script(tmp_path, "2024-07-01")
    assert again.returncode == 0, again.stderr
    filled = folder / "区教育局.xlsx"
    book = load_workbook(filled)
    book["填报"]["G3"] = 9
    book.save(filled)
    third = run_script(tmp_path, "2024-07-01")
    assert third.returncode == 2 and "--force" in third.stderr
    assert data_rows(filled)[0][6] == 9


# The report's 2024 list has no percent or money target: a department's own, declared here.
OWN_FIGURES = """
  - id: own-figures
    name: 部门自定指标
    owner: 区发展改革委
    indicators:
      - id: investment-2024
        name: 重点项目完成投资
        target: 60亿元
      - id: green-rate
        name: 建成区绿化覆盖率
        measure: level
        target: 75%
      - id: parks-planned
        name: 谋划产业园区
        target: 30多个
"""


def test_a_percent_indicator_reads_a_bare_number_or_a_percentage_cell(
    kpi: Invoke, workdir: Path
) -> None:
    declare(workdir, OWN_FIGURES)
    path = workdir / "own.xlsx"
    assert kpi("template", "--owner", "区发展改革委", "-o", str(path)).exit_code == 0
    book = load_workbook(path)
    sheet = book["填报"]
    row_of = {sheet.cell(r, 1).value: r for r in range(3, sheet.max_row + 1)}
    assert sheet.cell(row_of["green-rate"], 3).value == "%"
    assert sheet.cell(row_of["investment-2024"], 3).value == "亿元"
    r = row_of["green-rate"]
    sheet.cell(r, 7).value, sheet.cell(r, 8).value = 0.76, datetime(2024, 6, 30)
    sheet.cell(r, 7).number_format = "0%"  # the clerk typed 76% into the cell
    r = row_of["investment-2024"]
    sheet.cell(r, 7).value, sheet.cell(r, 8).value = 35.5, datetime(2024, 6, 30)
    book.save(path)
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert entries(workdir)[-2:] == [
        ("investment-2024", 35.5, None, "35.5亿元", "2024-06-30", None),
        ("green-rate", 76.0, None, "76%", "2024-06-30", None),
    ]


def test_the_report_figures_without_a_target_are_never_asked_for(
    kpi: Invoke, workdir: Path
) -> None:
    """2023's results and the present-day 30多个 产业园区 (context) are shown, not reported."""
    out = workdir / "t.xlsx"
    assert kpi("template", "--period", "all", "-o", str(out)).exit_code == 0
    ids = {row[0] for row in data_rows(out)}
    assert "industrial-parks" not in ids and "three-batch-investment" not in ids
    assert "tencent-esports" in ids and "golden-star-award" in ids  # an honour of 2023 is kept
    # 96 less the 23 results, the context figure, and 项目建成投用 2个 (asked through its members)
    assert len(ids) == 96 - 23 - 1 - 1


def test_a_template_is_an_xlsx(kpi: Invoke, workdir: Path) -> None:
    result = kpi("template", "-o", str(workdir / "x.csv"))
    assert result.exit_code == 2 and ".xlsx" in result.stderr
    assert not (workdir / "x.csv").exists()


def test_a_target_the_report_qualifies_keeps_its_qualifier(kpi: Invoke, workdir: Path) -> None:
    """A target of 30多个: the template shows 30多, not a bare 30 that reads as exact."""
    declare(workdir, OWN_FIGURES)
    out = workdir / "t.xlsx"
    result = kpi("template", "--owner", "区发展改革委", "--period", "2024", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    row = next(r for r in data_rows(out) if r[0] == "parks-planned")
    assert row[3] == "30多"


def test_a_questioned_row_of_a_template_is_confirmed_in_its_own_column(
    landed: Invoke, workdir: Path
) -> None:
    """The check's sentence says to write 确认 in the 确认 column: the template has one."""
    path = workdir / "t.xlsx"
    landed("template", "--owner", "区发展改革委", "-o", str(path))
    book = load_workbook(path)
    sheet = book["填报"]
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == PACED)
    sheet.cell(row, 7).value, sheet.cell(row, 8).value = 2, datetime(2024, 7, 31)  # 5 before
    book.save(path)
    refused = landed("import", str(path))
    assert refused.exit_code == 2 and "「确认」列" in refused.stderr
    sheet.cell(row, 10).value = "确认"
    book.save(path)
    confirmed = landed("import", str(path))
    assert confirmed.exit_code == 0, confirmed.stderr
    assert "其中 1 条经确认写入" in confirmed.stderr
