"""Spreadsheets as departments send them: the figure a person reads is the figure stored.

Each workbook here is written with openpyxl the way Excel or WPS would save it: title rows,
headings in the clerk's words, unit columns, percentage and date formats, a 填表说明 sheet, a
signature line under the data.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from kpitrack.sheets import HEADINGS, cell_decimal, read_heading, serial_day

from .conftest import Invoke, declare
from .test_import_export import entry_count

# Figures in 亿元 and a percent level with a target: the report states its 2023 money and rates
# as results (which take no entry without --force), so the sheets here report on these.
MONEY = """
  - id: sheets-money
    name: 投资与比率
    period: 2023
    indicators:
      - id: investment-2023
        name: 重点项目完成投资
        target: 60亿元
      - id: tech-investment-2023
        name: 技术改造投资
        target: 60亿元
      - id: completion-rate-2023
        name: 项目投资完成率
        measure: level
        target: 100%
"""


@pytest.fixture(autouse=True)
def money(workdir: Path) -> None:
    declare(workdir, MONEY)


def latest(workdir: Path, count: int = 1) -> list[tuple[Any, ...]]:
    """The newest entries: (indicator, value, input as stored, date), newest first."""
    conn = sqlite3.connect(workdir / "kpi.db")
    try:
        return conn.execute(
            "select indicator_id, value, input, as_of from entries order by id desc limit ?",
            (count,),
        ).fetchall()
    finally:
        conn.close()


def refused_import(kpi: Invoke, workdir: Path, path: Path) -> Any:
    """Import a sheet that must be refused whole: exit 2, and not one entry written."""
    kpi("init")
    before = entry_count(workdir)
    result = kpi("import", str(path))
    assert result.exit_code == 2, result.stderr
    assert entry_count(workdir) == before
    return result


def workbook(path: Path, *sheets: tuple[str, list[list[Any]]]) -> Path:
    """Sheets in order, each a title and its rows; a cell may be (value, number_format)."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(r, c)
                if isinstance(value, tuple):
                    cell.value, cell.number_format = value
                else:
                    cell.value = value
    book.save(path)
    return path


def test_a_unit_column_converts_the_bare_number(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "投资.xlsx",
        ("Sheet1", [
            ["指标名称", "数值", "单位", "日期"],
            ["“重点项目”完成投资", 950000, "万元", date(2023, 12, 31)],
        ]),
    )  # fmt: skip
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("investment-2023", 95.0, "950000万元", "2023-12-31")]


def test_a_unit_in_the_heading_applies_to_the_column(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            ["指标编号", "数值（万元）", "截至日期"],
            ["tech-investment-2023", 610000, date(2023, 12, 31)],
            ["investment-2023", 593000, date(2023, 12, 31)],
        ]),
    )  # fmt: skip
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir, 2) == [
        ("investment-2023", 59.3, "593000万元", "2023-12-31"),
        ("tech-investment-2023", 61.0, "610000万元", "2023-12-31"),
    ]


def test_a_unit_written_in_the_cell_wins_over_the_column(kpi: Invoke, workdir: Path) -> None:
    """The template's clerk writes 3500万元 in a 亿元 row, or 37亿: the cell says what it is."""
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            ["指标编号", "数值（万元）", "单位", "截至日期"],
            ["investment-2023", "59.2亿元", "", date(2023, 11, 30)],
            ["tech-investment-2023", "3500万元", "亿元", date(2023, 11, 30)],
            ["investment-2023", "60亿", "亿元", date(2023, 12, 31)],
        ]),
    )  # fmt: skip
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir, 3) == [
        ("investment-2023", 60.0, "60亿元", "2023-12-31"),
        ("tech-investment-2023", 0.35, "3500万元", "2023-11-30"),
        ("investment-2023", 59.2, "59.2亿元", "2023-11-30"),
    ]


def test_a_unit_of_another_kind_in_the_cell_is_still_refused(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            ["指标编号", "数值", "单位", "截至日期"],
            ["investment-2023", "5个", "亿元", date(2023, 12, 31)],
        ]),
    )  # fmt: skip
    result = refused_import(kpi, workdir, path)
    assert "第 2 行：" in result.stderr and "「5个」" in result.stderr


def test_a_heading_unit_and_a_unit_column_that_disagree_are_a_row_error(
    kpi: Invoke, workdir: Path
) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            ["指标编号", "数值（亿元）", "单位", "截至日期"],
            ["investment-2023", 59.3, "亿元", date(2023, 12, 31)],
            ["tech-investment-2023", 610000, "万元", date(2023, 12, 31)],
        ]),
    )  # fmt: skip
    result = refused_import(kpi, workdir, path)
    listed = [line for line in result.stderr.splitlines() if line.startswith("第 ")]
    assert len(listed) == 1 and listed[0].startswith("第 3 行：")
    assert "「亿元」" in listed[0] and "「万元」" in listed[0]


@pytest.mark.parametrize(
    "heading", ["数值(亿元)", "完成值/亿元", "完成值（单位：亿元）", " 数 值 （亿元）"]
)
def test_the_ways_a_heading_names_its_unit(heading: str) -> None:
    assert read_heading(heading) == ("value", "亿元")


def test_a_percentage_cell_is_the_percent_it_shows(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "rate.xlsx",
        ("Sheet1", [
            ["指标", "完成值", "截至日期"],
            ["项目投资完成率", (0.76, "0%"), date(2023, 11, 30)],
        ]),
    )  # fmt: skip
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("completion-rate-2023", 76.0, "76%", "2023-11-30")]


def test_a_sheet_as_a_person_makes_it(kpi: Invoke, workdir: Path) -> None:
    """A 填表说明 sheet first; a title row; headings 指标 / 完成值 / 截至日期; an Excel serial
    date, a month, a date cell shown as a month; a blank row and a signature line under it."""
    path = workbook(
        workdir / "区体育局9月.xlsx",
        ("填表说明", [["填表说明"], ["请在「完成值」列填写截至本月底的累计数。"]]),
        ("9月填报", [
            ["区体育局 2024年9月 重点指标完成情况表"],
            [],
            ["指标", "完成值", "截至日期", "备注"],
            ["fitness-paths", 6, 45565, ""],
            ["key-projects-2024", 7, "2024年9月", ""],
            ["hospitals-in-use", 2, (datetime(2024, 8, 1), 'yyyy"年"m"月"'), "联系人：刘医生"],
            [],
            ["填报人：张三    审核人：李四    联系电话：6788 1234"],
            ["单位负责人：王五"],
        ]),
    )  # fmt: skip
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir, 3) == [
        ("hospitals-in-use", 2.0, "2", "2024-08-31"),
        ("key-projects-2024", 7.0, "7", "2024-09-30"),
        ("fitness-paths", 6.0, "6", "2024-09-30"),
    ]
    lines = result.stderr.splitlines()
    assert "工作表「9月填报」（共 2 个工作表），表头在第 3 行" in lines[0]
    assert "第 5 行：「2024年9月」按月末 2024-09-30 记录" in lines
    assert "第 6 行：「2024年8月」按月末 2024-08-31 记录" in lines
    assert "忽略表尾 2 行（签字、合计或说明，不是数据）。" in lines
    assert "已写入 3 条记录" in result.stderr


def test_a_bad_row_in_the_middle_is_an_error_with_the_row_excel_shows(
    kpi: Invoke, workdir: Path
) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("填报", [
            ["2024年重点指标"],
            ["指标编号", "数值", "单位", "日期"],
            ["fitness-paths", 6, "条", date(2024, 6, 30)],
            ["合计", 13, "", ""],  # a total between data rows needs a person's look
            ["key-projects-2024", "5家", "个", date(2024, 6, 30)],
            ["key-projects-2024", 5, "光年", date(2024, 6, 30)],
            ["key-projects-2024", 5, "个", date(2024, 6, 30)],
            ["合计", 16, "", ""],
            ["制表：区发展改革委"],
        ]),
    )  # fmt: skip
    result = refused_import(kpi, workdir, path)
    listed = [line for line in result.stderr.splitlines() if line.startswith("第 ")]
    assert [line.split("：")[0] for line in listed] == ["第 4 行", "第 5 行", "第 6 行"]
    assert "合计" in listed[0]
    assert "「5家」" in listed[1] and "「个」" in listed[1]
    assert "「光年」" in listed[2]
    assert "忽略表尾 2 行" in result.stderr


def test_excel_float_noise_never_becomes_stored_digits(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            ["id", "value", "date"],
            ["fitness-paths", 0.1 + 0.2, date(2024, 6, 30)],
            ["investment-2023", 59.5 * 3 / 3 + 0.0000000001, date(2023, 12, 31)],
        ]),
    )  # fmt: skip
    assert kpi("import", str(path)).exit_code == 0
    assert [row[2] for row in latest(workdir, 2)] == ["59.5", "0.3"]


@pytest.mark.parametrize("typed", [2024, "2024", 20240930, "2024-13"])
def test_a_number_no_one_means_as_a_date_is_refused(
    kpi: Invoke, workdir: Path, typed: object
) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [["指标编号", "数值", "日期"], ["fitness-paths", 6, typed]]),
    )
    result = kpi("import", str(path))
    assert result.exit_code == 2
    assert "第 2 行：" in result.stderr and f"「{typed}」" in result.stderr


def test_sheet_picks_a_sheet_by_name_or_number(kpi: Invoke, workdir: Path) -> None:
    rows: list[list[Any]] = [["指标编号", "数值", "日期"], ["fitness-paths", 3, date(2024, 5, 31)]]
    other: list[list[Any]] = [["指标编号", "数值", "日期"], ["fitness-paths", 4, date(2024, 6, 30)]]
    path = workbook(workdir / "x.xlsx", ("上月", rows), ("本月", other))
    assert kpi("import", str(path), "--sheet", "本月").exit_code == 0
    assert latest(workdir)[0][2] == "4"
    assert kpi("import", str(path), "--sheet", "1").exit_code == 0
    assert latest(workdir)[0][2] == "3"
    missing = kpi("import", str(path), "--sheet", "七月")
    assert missing.exit_code == 2
    assert "七月" in missing.stderr and "1「上月」、2「本月」" in missing.stderr


def test_a_workbook_without_a_header_names_what_it_found(kpi: Invoke, workdir: Path) -> None:
    path = workbook(workdir / "x.xlsx", ("说明", [["请填写"]]), ("数据", [["项目", "金额"]]))
    result = kpi("import", str(path))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "「说明」、「数据」" in result.stderr and "请填写" in result.stderr


def test_a_gbk_csv_with_a_title_row_and_a_unit_column(kpi: Invoke, workdir: Path) -> None:
    text = (
        "2023年投资情况,,,\n"
        "指标名称,完成值,计量单位,统计时间\n"
        '"重点项目"完成投资,950000,万元,2023-12\n'
        "填报人：赵六,,,\n"
    )
    path = workdir / "gbk.csv"
    path.write_bytes(text.encode("gbk"))
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("investment-2023", 95.0, "950000万元", "2023-12-31")]
    assert "表头在第 2 行" in result.stderr and "忽略表尾 1 行" in result.stderr


def test_a_confirmation_column_is_carried_through() -> None:
    from kpitrack.batch import rows_from_csv_text

    read = rows_from_csv_text("指标编号,数值,确认\nfitness-paths,60,是\n")
    assert read.rows[0].fields == {"id": "fitness-paths", "value": "60", "confirm": "是"}


# -- properties -----------------------------------------------------------------------------


@given(st.integers(min_value=61, max_value=2958465))
def test_serial_days_after_the_1900_leap_bug_count_from_1899_12_30(serial: int) -> None:
    assert serial_day(serial) == date(1899, 12, 30) + timedelta(days=serial)


@given(st.integers(min_value=1, max_value=59))
def test_serial_days_before_the_phantom_29_february_count_from_1900_01_01(serial: int) -> None:
    assert serial_day(serial) == date(1900, 1, 1) + timedelta(days=serial - 1)


def test_serial_45565_is_the_last_day_of_september_2024() -> None:
    assert serial_day(45565) == date(2024, 9, 30)
    assert serial_day(45565.75) == date(2024, 9, 30)  # a time of day does not move the date


FOUR_PLACES = st.decimals(
    min_value=-(10**6), max_value=10**6, places=4, allow_nan=False, allow_infinity=False
)


@given(FOUR_PLACES, FOUR_PLACES)
def test_a_sum_excel_computed_in_floats_reads_as_the_exact_decimal_sum(
    a: Decimal, b: Decimal
) -> None:
    read = cell_decimal(float(a) + float(b)).quantize(Decimal("0.000001"))
    assert read == a + b


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(
    st.sampled_from([(key, name) for key, names in HEADINGS.items() for name in names]),
    st.sampled_from(["", " ", "\u3000"]),
    st.booleans(),
    st.booleans(),
)
def test_a_heading_reads_the_same_however_it_is_typed(
    pair: tuple[str, str], space: str, wide: bool, upper: bool
) -> None:
    key, name = pair
    typed = space + space.join(name) + space
    typed = full_width(typed) if wide else typed
    typed = typed.upper() if upper else typed
    assert read_heading(typed) == (key, "")
    if key == "value":
        assert read_heading(typed + ("（万元）" if wide else "(万元)")) == ("value", "万元")


def test_the_readme_lists_every_heading_kpitrack_reads() -> None:
    """The synonym table a clerk reads in the README is the one the importer uses."""
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## From departments' spreadsheets") :]
    table = section[: section.index("- **Units**")].lower()
    missing = [h for headings in HEADINGS.values() for h in headings if h.lower() not in table]
    assert not missing, f"README's heading table lacks {missing}"
