"""The workbooks kpitrack writes to be forwarded, as the person who opens them sees them.

A leader opens the status workbook: a title with the date on top, coloured rows that say their
state in words too, numbers that sum, dates that are dates, a frozen header and a filter. A
clerk opens the entries workbook: numbers with their unit beside them, and it imports again.
"""

from __future__ import annotations

import json
import os
import subprocess
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpitrack.sheets import Cell as SheetCell
from kpitrack.sheets import value_text
from kpitrack.workbook_out import FILLS, column_width, display_width, sheet_names

from .conftest import PACED, Invoke, declare
from .test_process import kpi_executable

AS_OF = "2024-07-10"
STATUS = ("--what", "status", "--as-of", AS_OF)


def status_book(kpi: Invoke, path: Path, *more: str) -> Worksheet:
    result = kpi("export", str(path), *STATUS, *more)
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(path).worksheets[0]
    return sheet


def status_json(kpi: Invoke, *more: str) -> list[dict[str, Any]]:
    result = kpi("status", "--as-of", AS_OF, "--format", "json", *more)
    document = json.loads(result.stdout, parse_float=Decimal, parse_int=Decimal)
    return [row for area in document["areas"] for row in area["indicators"]]


def headings(sheet: Worksheet) -> list[str]:
    return [str(cell.value) for cell in sheet[2]]


def rows_by_id(sheet: Worksheet) -> dict[str, dict[str, Any]]:
    """Each data row as heading -> cell, by its indicator id."""
    names = headings(sheet)
    found = {}
    for row in sheet.iter_rows(min_row=3):
        cells = dict(zip(names, row, strict=True))
        found[str(cells["指标编号"].value)] = cells
    return found


def as_decimal(value: object) -> Decimal:
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def test_the_title_row_says_what_as_of_when_and_the_header_under_it_stays_in_view(
    landed: Invoke, workdir: Path
) -> None:
    sheet = status_book(landed, workdir / "完成情况.xlsx")
    assert (
        sheet["A1"].value == '郑州市中原区2024"九个持续抓好"工作报告 · 截至 2024-07-10 · 周期 2024'
    )
    assert headings(sheet)[:3] == ["领域", "指标编号", "指标名称"]
    assert sheet.freeze_panes == "D3"  # the title and header rows, and the names beside
    assert (
        sheet.auto_filter.ref
        == f"A2:{sheet.cell(2, sheet.max_column).column_letter}{sheet.max_row}"
    )
    assert sheet.print_title_rows == "$2:$2"  # every printed page repeats the header


def test_a_closed_period_says_its_figures_are_final_in_the_title(
    landed: Invoke, workdir: Path
) -> None:
    path = workdir / "2024.xlsx"
    result = landed("export", str(path), "--what", "status", "--as-of", "2025-01-10")
    assert result.exit_code == 0, result.stderr
    title = load_workbook(path).worksheets[0]["A1"].value
    assert "截至 2025-01-10 · 周期 2024 已于 2024-12-31 结束" in str(title)


def test_every_row_is_filled_with_its_light_and_says_its_state_in_words(
    landed: Invoke, workdir: Path
) -> None:
    sheet = status_book(landed, workdir / "s.xlsx")
    rows = rows_by_id(sheet)
    seen = set()
    for figures in status_json(landed):
        cells = rows[figures["id"]]
        assert cells["状态"].value == figures["display"]["state"]  # greyscale print keeps it
        colours = {cell.fill.fgColor.rgb for cell in cells.values() if cell.fill.fill_type}
        light = figures["light"]
        if light in FILLS:
            assert colours == {"00" + FILLS[light]}, figures["id"]
        else:  # not scored, not reported: no colour that would claim a verdict
            assert colours == set(), figures["id"]
        seen.add(light)
    assert {"red", "green", "grey"} <= seen
    assert rows["key-projects-2024"]["状态"].value == "严重滞后"
    assert rows["key-projects-2024"]["状态"].fill.fgColor.rgb == "00FFC7CE"


def test_yellow_is_behind(kpi: Invoke, workdir: Path) -> None:
    kpi("log", PACED, "4", "--date", "2024-07-03")  # 40 % against a pace of about 50 %
    sheet = status_book(kpi, workdir / "s.xlsx")
    cells = rows_by_id(sheet)[PACED]
    assert cells["状态"].value == "滞后"
    assert cells["指标名称"].fill.fgColor.rgb == "00" + FILLS["yellow"]


def test_numbers_are_numbers_and_their_columns_sum_to_the_json_figures(
    landed: Invoke, workdir: Path
) -> None:
    sheet = status_book(landed, workdir / "s.xlsx")
    figures = status_json(landed)
    names = headings(sheet)
    for heading, key in [("目标", "target"), ("实际", "actual"), ("全期预计", "forecast")]:
        column = names.index(heading) + 1
        cells = [sheet.cell(r, column).value for r in range(3, sheet.max_row + 1)]
        numbers = [as_decimal(v) for v in cells if isinstance(v, (int, float))]
        expected = [row[key] for row in figures if row[key] is not None]
        assert len(numbers) == len(expected) and sum(numbers) == sum(expected), heading
        assert not any(isinstance(v, str) and v[:1].isdigit() for v in cells), heading


def test_formats_percentages_dates_and_a_forecast_with_two_decimals(
    landed: Invoke, workdir: Path
) -> None:
    cells = rows_by_id(status_book(landed, workdir / "s.xlsx"))[PACED]
    assert cells["完成率"].value == 0.5 and cells["完成率"].number_format == "0.0%"
    assert cells["序时进度"].number_format == "0.0%" and 0.5 < cells["序时进度"].value < 0.6
    assert cells["最近更新"].value == datetime(2024, 7, 3)
    assert cells["最近更新"].number_format == "yyyy-mm-dd"
    forecast = cells["全期预计"]
    assert forecast.value != round(forecast.value)  # the exact figure is kept…
    # …and shown with two places, as the terminal does: a rate of 0.4963个 a month is not "0"
    assert forecast.number_format == "#,##0.00"
    assert (cells["单位"].value, cells["目标"].value) == ("个", 10)


def test_a_milestone_shows_the_stage_it_aims_at(landed: Invoke, workdir: Path) -> None:
    cells = rows_by_id(status_book(landed, workdir / "s.xlsx"))["tencent-esports"]
    assert (cells["目标"].value, cells["阶段"].value) == ("投用", "建成")


TWO_COUNTS = """\
  - id: parks-area
    name: 园区建设
    indicators:
      - id: parks-new
        name: 新建产业园区
        target: 4个
      - id: parks-renewed
        name: 改造提升园区
        target: 6个
      - id: parks-hq
        name: 园区总部建成
        measure: milestone
        stages: [开工, 建成]
        target: 建成
"""


def test_a_shared_unit_goes_in_the_heading_instead_of_a_unit_column(
    kpi: Invoke, workdir: Path
) -> None:
    declare(workdir, TWO_COUNTS)
    kpi("log", "parks-new", "1", "--date", "2024-06-30")
    sheet = status_book(kpi, workdir / "s.xlsx", "--area", "parks-area")
    names = headings(sheet)
    assert "单位" not in names
    assert {"目标（个）", "实际（个）", "全期预计（个）"} <= set(names)
    assert rows_by_id(sheet)["parks-renewed"]["目标（个）"].value == 6


def test_columns_are_as_wide_as_their_chinese_text(landed: Invoke, workdir: Path) -> None:
    sheet = status_book(landed, workdir / "s.xlsx")
    names = headings(sheet)
    for heading in ("指标名称", "指标编号", "领域", "状态"):
        column = sheet.cell(2, names.index(heading) + 1).column_letter
        texts = [str(c.value) for c in sheet[column][2:] if c.value is not None]
        widest = max(display_width(text) for text in texts)
        assert sheet.column_dimensions[column].width >= min(widest, 58), heading
    assert column_width(["全年谋划重点推进项目"]) > column_width(["key-projects-20"])


def test_by_section_gives_the_whole_table_then_one_sheet_per_area(
    landed: Invoke, workdir: Path
) -> None:
    path = workdir / "分领域.xlsx"
    status_book(landed, path, "--by-section")
    book = load_workbook(path)
    document = json.loads(landed("status", "--as-of", AS_OF, "--format", "json").stdout)
    assert book.sheetnames[0] == "完成情况"
    assert len(book.sheetnames) == 1 + len(document["areas"])
    assert len(set(name.casefold() for name in book.sheetnames)) == len(book.sheetnames)
    for sheet, area in zip(book.worksheets[1:], document["areas"], strict=True):
        assert len(sheet.title) <= 31 and not set(sheet.title) & set("[]:*?/\\")
        ids = [row[1].value for row in sheet.iter_rows(min_row=3)]
        assert ids == [row["id"] for row in area["indicators"]]
        assert sheet["A1"].value == book.worksheets[0]["A1"].value
        assert sheet.freeze_panes == "D3" and sheet.auto_filter.ref


def test_sheet_names_excel_accepts() -> None:
    long = "持续抓好以科技创新推动产业创新，加快建设现代化产业体系的各项重点工作"
    names = sheet_names(["完成情况", "a/b:c*d?", long, long, "完成情况", "[]", "History", "'引号'"])
    assert names[:2] == ["完成情况", "abcd"]
    assert len(names[2]) == 31 and names[3] != names[2] and len(names[3]) <= 31
    assert names[4] == "完成情况(2)"
    assert names[5] and names[6] != "History" and names[7] == "引号"
    assert len({n.casefold() for n in names}) == len(names)


def test_by_section_is_for_a_status_workbook_only(landed: Invoke, workdir: Path) -> None:
    csv = landed("export", str(workdir / "s.csv"), *STATUS, "--by-section")
    assert csv.exit_code == 2 and "--by-section 只用于 .xlsx" in csv.stderr
    entries = landed("export", str(workdir / "e.xlsx"), "--by-section")
    assert entries.exit_code == 2 and "--what status" in entries.stderr
    assert not (workdir / "s.csv").exists() and not (workdir / "e.xlsx").exists()


def test_an_existing_workbook_is_left_alone_without_force(landed: Invoke, workdir: Path) -> None:
    path = workdir / "完成情况.xlsx"
    path.write_bytes(b"last month's")
    for args in [STATUS, (*STATUS, "--by-section"), ()]:
        refused = landed("export", str(path), *args)
        assert refused.exit_code == 2 and "已存在，未覆盖" in refused.stderr
        assert path.read_bytes() == b"last month's"
    assert landed("export", str(path), *STATUS, "--by-section", "--force").exit_code == 0
    assert len(load_workbook(path).sheetnames) > 1


def test_the_csv_and_json_status_keep_their_shapes(landed: Invoke, workdir: Path) -> None:
    landed("export", str(workdir / "s.csv"), *STATUS)
    landed("export", str(workdir / "s.json"), *STATUS)
    header = (workdir / "s.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("领域,指标编号,指标名称,责任单位,单位,目标,实际,阶段,完成率")
    assert json.loads((workdir / "s.json").read_text(encoding="utf-8"))["schema"]


# -- entries ------------------------------------------------------------------------------


def entry_rows(path: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    sheet = load_workbook(path).worksheets[0]
    names = [str(cell.value) for cell in sheet[1]]
    return names, [tuple(c for c in row) for row in sheet.iter_rows(min_row=2)]


def test_entries_are_numbers_with_their_unit_beside_them(landed: Invoke, workdir: Path) -> None:
    assert landed("export", str(workdir / "all.xlsx"), "--all").exit_code == 0
    names, rows = entry_rows(workdir / "all.xlsx")
    assert names[3:5] == ["数值", "单位"]
    by_id: dict[str, list[Any]] = {}
    for row in rows:
        by_id.setdefault(str(row[1].value), []).append(row)
    paced = [(r[3].value, r[4].value) for r in by_id[PACED]]
    assert paced == [(3, "个"), (5, "个")]
    increment = by_id["fitness-paths"][-1]
    assert (increment[3].value, increment[3].number_format) == (2, '"+"General')  # shows +2
    parks = by_id["industrial-parks"][0]  # the report's 30多个
    assert (parks[3].value, parks[3].number_format, parks[4].value) == (30, 'General"多"', "个")
    stage = by_id["tencent-esports"][-1]
    assert (stage[3].value, stage[4].value) == ("建成", None)
    logged_at = rows[-1][names.index("记录时间")]
    assert isinstance(logged_at.value, datetime) and logged_at.number_format == "yyyy-mm-dd hh:mm"
    assert all(
        not (isinstance(c.value, str) and "T" in c.value and "+00:00" in c.value)
        for row in rows
        for c in row
        if names[c.column - 1] != "键"  # the key names the entry as stored, on purpose
    )
    assert rows[-1][names.index("日期")].value == datetime(2024, 7, 3)


def test_an_exported_workbook_imports_back_adding_nothing(landed: Invoke, workdir: Path) -> None:
    landed("log", "industrial-parks", "突破40个", "--date", "2024-06-30")
    landed("log", "fitness-paths", "+1", "--date", "2024-07-08")
    assert landed("export", str(workdir / "all.xlsx")).exit_code == 0
    again = landed("import", str(workdir / "all.xlsx"))
    assert again.exit_code == 0 and "没有新记录" in again.stderr


@pytest.mark.parametrize(
    ("value", "number_format", "read"),
    [
        (2, '"+"General', "+2"),
        (60, '"突破"General', "突破60"),
        (60, '"+突破"General', "+突破60"),
        (750, 'General"余"', "750余"),
        (3.5, '0.0"亿元"', "3.5"),  # a person's decoration: left out, as before
        (0.76, "0.0%", "76%"),
        (7, "General", "7"),
    ],
)
def test_an_increment_or_qualifier_shown_by_a_cell_format_is_read_as_shown(
    value: float, number_format: str, read: str
) -> None:
    assert value_text(SheetCell(value, number_format)) == read


# -- the width of a line ------------------------------------------------------------------


@given(st.text(max_size=40))
def test_display_width_counts_wide_characters_twice(text: str) -> None:
    reference = sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)
    assert display_width(text) == reference
    assert len(text) <= display_width(text) <= 2 * len(text)


@given(st.text(max_size=20), st.text(max_size=20))
def test_display_width_adds_up(one: str, other: str) -> None:
    assert display_width(one + other) == display_width(one) + display_width(other)


def test_chinese_is_twice_as_wide_as_latin() -> None:
    assert display_width("完成情况") == 8 and display_width("ABCD") == 4
    assert display_width("ＡＢ") == 4  # full-width Latin, as a Chinese keyboard types it


# -- a real process -------------------------------------------------------------------------


def test_kpi_export_writes_a_status_workbook_as_a_real_process(tmp_path: Path) -> None:
    (tmp_path / "targets.yaml").write_bytes(
        (Path(__file__).resolve().parent.parent / "targets.yaml").read_bytes()
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "COLUMNS"))}
    env["KPI_LANG"] = "zh"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [kpi_executable(), *args], cwd=tmp_path, env=env, capture_output=True, text=True,
            timeout=60,
        )  # fmt: skip

    assert run("log", PACED, "5", "--date", "2024-07-03").returncode == 0
    done = run("export", "周报.xlsx", *STATUS, "--by-section")
    assert done.returncode == 0, done.stderr
    assert "已导出" in done.stderr
    book = load_workbook(tmp_path / "周报.xlsx")
    assert "截至 2024-07-10" in str(book.worksheets[0]["A1"].value)
    assert date(2024, 7, 3) == rows_by_id(book.worksheets[0])[PACED]["最近更新"].value.date()
    again = run("export", "周报.xlsx", *STATUS)
    assert again.returncode == 2 and "未覆盖" in again.stderr
