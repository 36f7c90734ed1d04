"""The workbook a department fills in each month (``kpi template``), and reads back unchanged.

One data sheet, 填报, holds a row per indicator of the department: its id, name, unit and
target, what it last reported and when, then empty cells for the new figure, its date and a
note. Everything but those three cells is locked, the value cells accept numbers only (or a
stage from a drop-down for a milestone), and the date cells dates only, so what comes back
imports with no questions asked. A 填表说明 sheet in front says how to fill it in, and says
what the validation enforces: numbers only, in the 单位 column's unit, and for a running
total the total since the period began — never an increment (Excel reads a typed +3 as 3).

Text from targets.yaml and the database is written as text, never a formula, and without a
character Excel cannot hold (kpitrack.plaintext.cell_text).

The headings are ones kpitrack.sheets reads (指标编号, 单位, 本期完成, 截至日期, 备注); the
others (目标, 上次填报, 上次日期) are for the clerk and ignored on import. The unit cell holds
the indicator's own unit, so a bare number is read in it, as the clerk meant.

Writing replaces a template kpitrack wrote with nothing filled in (so a monthly loop can run
again), and refuses any other file — a filled-in template, a file of someone else's — unless
forced: a clerk's work is never overwritten by accident.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpitrack.errors import KpiError
from kpitrack.frozen import frozen
from kpitrack.messages import t
from kpitrack.model import Indicator, Measure, Targets
from kpitrack.plaintext import cell_text
from kpitrack.progress import History
from kpitrack.publish import ensure_folder, publish
from kpitrack.quantity import format_quantity
from kpitrack.results import scored
from kpitrack.sheets import MILESTONE_UNIT
from kpitrack.status import in_period, indicator_status, select_period

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

DATA_SHEET = "填报"
GUIDE_SHEET = "填表说明"
MARK = "kpitrack-template"  # the workbook's keywords: a template kpitrack wrote
HEADINGS = (
    "指标编号",
    "指标名称",
    "单位",
    "目标",
    "上次填报",
    "上次日期",
    "本期完成",
    "截至日期",
    "备注",
    "确认",
)
FILLED = (7, 8, 9, 10)  # the columns a clerk fills in: value, date, note, confirmation
# Under the table, unlocked: the importer reads it as a footer, never as data.
SIGNATURE = "填报人：　　　　　审核人：　　　　　联系电话："
HEADER_ROW = 2  # row 1 is the title
EXCEL_EPOCH = date(1899, 12, 30)
LIMIT = 10**15  # as kpitrack.quantity.LIMIT: no figure is larger

HistoryFor = Callable[[Indicator, date], History]


@frozen
class TemplateRow:
    indicator: Indicator
    last: Decimal | str | None  # the period-to-date figure, or the stage, as of the date
    last_day: date | None


def owners(targets: Targets, period: str | None = None) -> list[str]:
    """The owners of the period's indicators (default: the latest period), in file order."""
    chosen = select_period(targets, period)
    return list(
        dict.fromkeys(
            i.owner
            for i in targets.indicators()
            if i.owner and not i.retired and scored(i) and in_period(i.period, chosen)
        )
    )


def template_rows(
    targets: Targets,
    history_for: HistoryFor,
    as_of: date,
    owner: str | None = None,
    period: str | None = None,
) -> list[TemplateRow]:
    """The owner's indicators of the period (default: the latest), with what they last said."""
    chosen = select_period(targets, period)
    wanted = [
        i
        for i in targets.indicators()
        if in_period(i.period, chosen)
        and not i.retired
        and scored(i)  # a result or a context figure is shown, never asked for
        and not i.named_in_full  # asked through its members, as `kpi due` does
        and (owner is None or i.owner == owner)
    ]
    if owner is not None and not wanted:
        known = "、".join(owners(targets, chosen)) or "—"
        raise KpiError("template.no_owner", owner=owner, period=chosen, owners=known)
    rows = []
    for indicator in wanted:
        status = indicator_status(
            indicator, history_for(indicator, as_of), as_of, targets.thresholds
        )
        last: Decimal | str | None = status.latest_note or status.stage
        if status.actual is not None:
            last = Decimal(str(status.actual))  # a float or a Decimal alike
        rows.append(TemplateRow(indicator, last, status.last_update))
    return rows


def build(rows: list[TemplateRow], owner: str | None, as_of: date) -> Workbook:
    from openpyxl import Workbook  # imported here: it takes a tenth of a second

    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = GUIDE_SHEET
    _fill_guide(guide, owner, as_of)
    data = book.create_sheet(DATA_SHEET)
    _fill_data(data, rows, owner, as_of)
    book.active = 1  # opens on the data sheet
    book.properties.creator = "kpitrack"
    book.properties.keywords = MARK
    book.properties.title = f"{owner or '全部指标'} 填报表"
    return book


GUIDE = (
    "填表说明",
    "",
    "本表由 kpitrack（kpi template）生成，供 {owner} 填报指标完成情况；"
    "「上次填报」「上次日期」为截至 {as_of} 已填报的数据，从未填报的留空。",
    "1. 请在「填报」工作表中填写，只需填写「本期完成」「截至日期」「备注」三列"
    "（必要时「确认」列），其余各列已锁定。",
    "2. 「本期完成」：累计类指标填写本周期开始以来的累计完成数，不要填当月增量"
    "（填 3 即表示累计共 3）。比率类指标填写当前数值。",
    "3. 除任务外，「本期完成」只能填数字，不写单位，按「单位」列的单位填写："
    "单位为亿元时，3500万元请填 0.35。百分比填 76 或 76% 均可。",
    "4. 里程碑指标（单位为「阶段」）请在下拉列表中选择已达到的阶段。"
    "任务（「目标」列为「任务」）请在「本期完成」写明进展情况，已全部完成的只填「完成」二字。",
    "5. 填了「本期完成」的行必须填写「截至日期」，即数据对应的日期，如 2024-09-30；"
    "只写月份（如 2024年9月）按月末记录。未填日期的行导入时报错。",
    "6. 没有新数据的指标整行留空即可，导入时跳过。请勿增删行列、修改表头或工作表名称。",
    "7. 表下可写填报人、审核人、联系电话，导入时忽略。",
    "8. 导入时如提示某行数据异常（如累计数减少、比上次大幅增加），经核实无误的，"
    "请在该行「确认」列选择“确认”后重新发回。",
    "9. 填好后发回统计人员，由其执行：kpi import 本文件.xlsx",
)


def _fill_guide(sheet: Worksheet, owner: str | None, as_of: date) -> None:
    from openpyxl.styles import Alignment, Font

    for line in GUIDE:
        text = line.format(owner=owner or "各单位", as_of=as_of.isoformat())
        sheet.append([cell_text(text)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110
    for row in sheet.iter_rows(min_row=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _fill_data(sheet: Worksheet, rows: list[TemplateRow], owner: str | None, as_of: date) -> None:
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    sheet.append(
        [cell_text(f"{owner or '全部指标'} 指标完成情况填报表（截至 {as_of.isoformat()}）")]
    )
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(HEADINGS))
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for row in rows:
        sheet.append(_cells(row))
        for cell in sheet[sheet.max_row]:
            if cell.column in FILLED:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = grey
        sheet.cell(sheet.max_row, 6).number_format = "yyyy-mm-dd"
        sheet.cell(sheet.max_row, 8).number_format = "yyyy-mm-dd"
    signature = sheet.max_row + 2  # a blank row, then the line the clerk signs, left open
    sheet.cell(signature, 1, SIGNATURE)
    for column in range(1, len(HEADINGS) + 1):
        sheet.cell(signature, column).protection = Protection(locked=False)
    _validate(sheet, rows)
    widths = (30, 36, 8, 12, 12, 12, 14, 14, 30, 8)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C3"
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False  # a clerk may still widen a column
    protection.formatRows = False


def _cells(row: TemplateRow) -> list[Any]:
    indicator = row.indicator
    target: Decimal | str | None = indicator.target
    if indicator.measure is Measure.MILESTONE:
        target = indicator.target_stage
    elif indicator.measure is Measure.TASK:  # a task's cell takes words: a note, or 完成
        target = t("task.target")
    elif indicator.target is not None and indicator.approx:  # 30多, as the report states it
        target = format_quantity(indicator.target, "", approx=indicator.approx)
    return [
        cell_text(indicator.id),
        cell_text(indicator.name),
        cell_text(unit_cell(indicator)),
        cell_text(target),
        cell_text(row.last, note=True),  # a task's latest note, or a stage
        row.last_day,
        None,
        None,
        None,
    ]


def _validate(sheet: Worksheet, rows: list[TemplateRow]) -> None:
    """Numbers only for figures, a stage from the list for milestones, dates in the period."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if not rows:
        return
    first = HEADER_ROW + 1
    numbers = DataValidation(
        type="decimal", operator="between", formula1=str(-LIMIT), formula2=str(LIMIT),
        allow_blank=True, showErrorMessage=True, showInputMessage=True,
        errorTitle="请填写数字",
        error="请只填写数字，不写单位，按「单位」列的单位；累计类指标填累计数，不是增量。",
        promptTitle="本期完成", prompt="截至本期的累计数（比率类为当前值），按「单位」列的单位。",
    )  # fmt: skip
    stage_lists: dict[tuple[str, ...], DataValidation] = {}
    for offset, row in enumerate(rows):
        cell = f"G{first + offset}"
        names = tuple(row.indicator.stage_names)
        if row.indicator.measure is Measure.TASK:
            continue
        if row.indicator.measure is not Measure.MILESTONE:
            numbers.add(cell)
            continue
        listed = ",".join(names)
        if "," in "".join(names) or len(listed) > 250:
            continue  # Excel's list cannot hold it; the importer still checks the stage
        if names not in stage_lists:
            stage_lists[names] = DataValidation(
                type="list", formula1=f'"{listed}"', allow_blank=True, showErrorMessage=True,
                errorTitle="请选择阶段", error=f"请在下拉列表中选择：{listed}",
            )  # fmt: skip
        stage_lists[names].add(cell)
    start = min(row.indicator.period.start for row in rows)
    end = max(row.indicator.period.end for row in rows)
    dates = DataValidation(
        type="date", operator="between",
        formula1=str((start - EXCEL_EPOCH).days), formula2=str((end - EXCEL_EPOCH).days),
        allow_blank=True, showErrorMessage=True,
        errorTitle="请填写日期", error=f"请填写 {start} 至 {end} 之间的日期，如 {end}。",
    )  # fmt: skip
    dates.add(f"H{first}:H{first + len(rows) - 1}")
    confirm = DataValidation(
        type="list", formula1='"确认"', allow_blank=True, showErrorMessage=True,
        errorTitle="确认", error="如经核实无误，请选择“确认”；否则留空。",
    )  # fmt: skip
    confirm.add(f"J{first}:J{first + len(rows) - 1}")
    for validation in (numbers, dates, confirm, *stage_lists.values()):
        if validation.sqref:
            sheet.add_data_validation(validation)


def write(book: Workbook, path: Path, force: bool = False) -> bool:
    """Save whole or not at all; True when a file was there before (a blank template, or forced).

    A file that was not there when the command looked is never replaced, even one that
    appears while the workbook is saved (see :mod:`kpitrack.publish`).
    """
    if path.suffix.lower() != ".xlsx":
        raise KpiError("template.bad_type", path=path)
    ensure_folder(path)
    replaced = os.path.lexists(path)
    if replaced and not force and not is_blank_template(path):
        raise KpiError("template.exists", path=path)
    publish(path, book.save, replace=replaced)
    return replaced


def is_blank_template(path: Path) -> bool:
    """A workbook kpitrack wrote as a template, with none of its cells to fill filled in."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # not a workbook at all: someone else's file
        return False
    try:
        if book.properties.keywords != MARK or DATA_SHEET not in book.sheetnames:
            return False
        sheet = book[DATA_SHEET]
        filled = sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=FILLED[0], max_col=FILLED[-1])
        return not any(_has_value(row) for row in filled)
    finally:
        book.close()


def _has_value(cells: Iterable[Any]) -> bool:
    return any(getattr(cell, "value", None) not in (None, "") for cell in cells)


def unit_cell(indicator: Indicator) -> str:
    """What the unit column says: the indicator's unit; 阶段 for a milestone."""
    return MILESTONE_UNIT if indicator.measure is Measure.MILESTONE else indicator.unit
