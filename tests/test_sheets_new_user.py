"""What a new user's spreadsheets found: a figure is stored right, or refused with its row.

Never dated today because a date heading was not recognised, never dropped because a footer
sat in two cells, never scaled by a unit the clerk did not write.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kpitrack.sheets import Cell, date_text, read_heading

from .conftest import Invoke
from .test_sheets import entry_count, latest, refused_import, workbook


def stderr_lines(result: object) -> list[str]:
    return str(getattr(result, "stderr", "")).splitlines()


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading", ["时间", "月份", "报告期", "统计期", "截至时间", "截止时间", "数据截至"]
)
def test_a_date_column_under_a_statisticians_heading_dates_its_rows(
    kpi: Invoke, workdir: Path, heading: str
) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [["指标编号", "数值", heading], ["fitness-paths", 6, "2024年9月"]]),
    )
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("fitness-paths", 6.0, "6", "2024-09-30")]
    assert "没有日期列" not in result.stderr


def test_the_day_a_form_was_filled_in_is_not_the_day_its_figures_are_true_for() -> None:
    assert read_heading("填报日期") == (None, "")


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2024年1-9月", "2024-09-30"),
        ("2024年1—9月", "2024-09-30"),
        ("2024年1至9月", "2024-09-30"),
        ("2024年1～9月", "2024-09-30"),
        ("2024年10月底", "2024-10-31"),
        ("2024年10月末", "2024-10-31"),
    ],
)
def test_a_cumulative_period_or_a_month_end_is_the_last_day_with_a_note(
    kpi: Invoke, workdir: Path, written: str, day: str
) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [["指标编号", "累计完成", "报告期"], ["fitness-paths", 6, written]]),
    )
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("fitness-paths", 6.0, "6", day)]
    assert f"第 2 行：「{written}」按月末 {day} 记录" in stderr_lines(result)


def test_a_period_of_2026_reads_as_the_end_of_its_last_month() -> None:
    notes: list[str] = []
    assert date_text(Cell("2026年1-9月"), date(1899, 12, 30), 4, notes) == "2026-09-30"
    assert notes == ["第 4 行：「2026年1-9月」按月末 2026-09-30 记录"]


def test_a_period_running_backwards_is_not_a_date(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [["指标编号", "数值", "报告期"], ["fitness-paths", 6, "2024年9-1月"]]),
    )
    result = refused_import(kpi, workdir, path)
    assert "第 2 行：" in result.stderr and "2024年9-1月" in result.stderr


def test_a_filled_row_with_a_blank_date_cell_is_refused_with_its_row(
    kpi: Invoke, workdir: Path
) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            ["区体育局 9月填报"],
            ["指标编号", "数值", "截至日期"],
            ["fitness-paths", 6, date(2024, 9, 30)],
            ["key-projects-2024", 7, None],
            ["hospitals-in-use", None, None],  # not filled in: skipped, as before
        ]),
    )  # fmt: skip
    result = refused_import(kpi, workdir, path)
    assert "第 4 行：截至日期为空，请填写数据对应的日期" in stderr_lines(result)
    assert [line for line in stderr_lines(result) if line.startswith("第 ")] == [
        "第 4 行：截至日期为空，请填写数据对应的日期"
    ]


def test_a_sheet_without_a_date_column_says_it_used_today(kpi: Invoke, workdir: Path) -> None:
    kpi("init")
    before = entry_count(workdir)
    path = workbook(workdir / "x.xlsx", ("Sheet1", [["指标编号", "数值"], ["fitness-paths", 6]]))
    result = kpi("import", str(path))
    today = date.today().isoformat()
    assert f"表中没有日期列，全部按 {today} 记录；可用 --date 指定。" in stderr_lines(result)
    # the 2024 indicator's period is over, so today is refused for it rather than stored
    assert result.exit_code == 2
    assert f"第 2 行：日期 {today} 不在指标" in result.stderr
    assert entry_count(workdir) == before


def test_date_dates_every_row_of_a_sheet_without_a_date_column(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            ["指标编号", "完成数", "填报日期"],
            ["fitness-paths", 6, date(2024, 10, 8)],
            ["key-projects-2024", 7, date(2024, 10, 8)],
        ]),
    )  # fmt: skip
    result = kpi("import", str(path), "--date", "2024-09-30")
    assert result.exit_code == 0, result.stderr
    assert latest(workdir, 2) == [
        ("key-projects-2024", 7.0, "7", "2024-09-30"),
        ("fitness-paths", 6.0, "6", "2024-09-30"),
    ]
    lines = stderr_lines(result)
    assert "表中没有日期列，全部按 --date 指定的 2024-09-30 记录。" in lines
    assert "未识别的列（已忽略）：填报日期" in lines


def test_date_leaves_a_sheet_with_a_date_column_alone_and_says_so(
    kpi: Invoke, workdir: Path
) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [["指标编号", "数值", "截至日期"], ["fitness-paths", 6, date(2024, 8, 31)]]),
    )
    result = kpi("import", str(path), "--date", "2024-09-30")
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("fitness-paths", 6.0, "6", "2024-08-31")]
    assert "表中有日期列，按各行的日期记录；--date 2024-09-30 未使用。" in stderr_lines(result)


def test_columns_not_recognised_are_named_in_one_line(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            ["序号", "指标编号", "年度目标", "数值", "截至日期", "牵头领导"],
            [1, "fitness-paths", 10, 6, date(2024, 9, 30), "张副区长"],
        ]),
    )  # fmt: skip
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "未识别的列（已忽略）：年度目标、牵头领导" in stderr_lines(result)


def test_a_second_column_of_one_meaning_is_named_as_ignored(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            ["指标编号", "数值", "报告期", "截至日期"],
            ["fitness-paths", 6, "2024年1-9月", date(2024, 8, 31)],
        ]),
    )  # fmt: skip
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("fitness-paths", 6.0, "6", "2024-09-30")]
    assert "未识别的列（已忽略）：截至日期（与「报告期」含义相同，以前者为准）" in stderr_lines(
        result
    )


def test_a_returned_template_names_no_column_as_unrecognised(logged: Invoke, workdir: Path) -> None:
    path = workdir / "区体育局.xlsx"
    logged("template", "--owner", "区体育局", "-o", str(path))
    book = load_workbook(path)
    sheet = book["填报"]
    sheet.cell(3, 7).value, sheet.cell(3, 8).value = 9, datetime(2024, 9, 30)
    book.save(path)
    result = logged("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "未识别" not in result.stderr and "没有日期列" not in result.stderr


# -- text files -----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excels_unicode_text_is_read_tab_separated(
    kpi: Invoke, workdir: Path, encoding: str
) -> None:
    """Excel writes its byte-order mark; another program may leave it out."""
    text = "指标编号\t完成值\t截至日期\r\nfitness-paths\t6\t2024-09-30\r\n"
    path = workdir / "体育局.txt"
    path.write_bytes(text.encode(encoding))
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("fitness-paths", 6.0, "6", "2024-09-30")]


def test_a_semicolon_csv_is_read_by_its_header(kpi: Invoke, workdir: Path) -> None:
    text = "区体育局 9月;;\n指标编号;数值;截至日期\nfitness-paths;6;2024-09-30\n"
    path = workdir / "体育局.csv"
    path.write_text(text, encoding="utf-8")
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("fitness-paths", 6.0, "6", "2024-09-30")]


@pytest.mark.parametrize("raw", [b"\xff\xfe\x41", b"\x80\x80\x80\n"])
def test_a_file_in_no_encoding_kpitrack_reads_is_one_sentence(
    kpi: Invoke, workdir: Path, raw: bytes
) -> None:
    path = workdir / "乱码.csv"
    path.write_bytes(raw)
    result = kpi("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"无法读取 {path} 的文字编码（支持 UTF-8、UTF-16 和 GBK）。"
        "请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再导入。"
    ]


def test_a_csv_without_a_header_is_a_file_not_sheets(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "x.csv"
    path.write_text("项目,金额\n体育公园,3\n", encoding="utf-8")
    result = kpi("import", str(path))
    assert result.exit_code == 2
    assert f"{path} 中找不到表头" in result.stderr
    assert "工作表" not in result.stderr and "项目、金额" in result.stderr


# -- the end of the data --------------------------------------------------------------------


def test_a_signature_label_in_its_own_cell_ends_the_data(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            ["指标编号", "累计完成值", "截至日期"],
            ["fitness-paths", 6, date(2024, 9, 30)],
            [],
            ["联系电话", 13800138000],
            ["填报人", "张三", "审核人：", "李四"],
        ]),
    )  # fmt: skip
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("fitness-paths", 6.0, "6", "2024-09-30")]
    assert "忽略表尾 2 行（签字、合计或说明，不是数据）。" in stderr_lines(result)


# -- the template says what it accepts ------------------------------------------------------


def test_the_templates_instructions_agree_with_its_validation(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "区体育局.xlsx"
    assert (
        kpi("template", "--owner", "区体育局", "--as-of", "2024-09-30", "-o", str(path)).exit_code
        == 0
    )
    book = load_workbook(path)
    guide = "\n".join(str(c.value or "") for c in book["填表说明"]["A"])
    sheet = book["填报"]
    numbers = next(dv for dv in sheet.data_validations.dataValidation if dv.type == "decimal")
    for text in (guide, numbers.error):
        assert "+3" not in text and "也可写明单位" not in text
        assert "不写单位" in text and "增量" in text
    assert "只能填数字" in guide and "累计完成数" in guide
    # nothing was ever reported: the title does not claim a last report
    assert sheet["A1"].value == "区体育局 指标完成情况填报表（截至 2024-09-30）"
