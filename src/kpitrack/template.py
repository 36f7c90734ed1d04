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

The headings are ones kpitrack.sheets reads (指标编号, 单位, 本期完成, 截至日期, 备注, or in
English id, unit, value, date, note); the others (目标, 上次填报, 上次日期: target, last value,
last date) are for the clerk and ignored on import. The unit cell holds
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
from kpitrack.messages import CATALOGUE, t
from kpitrack.model import Indicator, Measure, Targets
from kpitrack.plaintext import cell_text
from kpitrack.progress import History
from kpitrack.publish import ensure_folder, publish
from kpitrack.quantity import format_quantity
from kpitrack.results import scored
from kpitrack.status import in_period, indicator_status, select_period

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# The words the workbook is written in are the catalogue's (template.*), in the language: an
# English template reads back as a Chinese one does (kpitrack.sheets knows both's headings).
DATA_SHEETS = frozenset(CATALOGUE["template.sheet.data"].values())  # either, when replacing
MARK = "kpitrack-template"  # the workbook's keywords: a template kpitrack wrote
HEADINGS = ("id", "name", "unit", "target", "last", "last_day", "value", "date", "note", "confirm")
FILLED = (7, 8, 9, 10)  # the columns a clerk fills in: value, date, note, confirmation
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
    guide.title = t("template.sheet.guide")
    _fill_guide(guide, owner, as_of)
    data = book.create_sheet(t("template.sheet.data"))
    _fill_data(data, rows, owner, as_of)
    book.active = 1  # opens on the data sheet
    book.properties.creator = "kpitrack"
    book.properties.keywords = MARK
    book.properties.title = t("template.book_title", owner=owner or t("template.all"))
    return book


def _fill_guide(sheet: Worksheet, owner: str | None, as_of: date) -> None:
    from openpyxl.styles import Alignment, Font

    guide = t("template.guide", owner=owner or t("template.offices"), as_of=as_of.isoformat())
    for line in guide.split("\n"):
        sheet.append([cell_text(line)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110
    for row in sheet.iter_rows(min_row=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _fill_data(sheet: Worksheet, rows: list[TemplateRow], owner: str | None, as_of: date) -> None:
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    title = t("template.title", owner=owner or t("template.all"), as_of=as_of.isoformat())
    sheet.append([cell_text(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([t(f"template.col.{key}") for key in HEADINGS])
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
    sheet.cell(signature, 1, t("template.signature"))  # the importer reads it as a footer
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
        errorTitle=t("template.number_title"), error=t("template.number_error"),
        promptTitle=t("template.col.value"), prompt=t("template.number_prompt"),
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
                errorTitle=t("template.stage_title"),
                error=t("template.stage_error", stages=listed),
            )  # fmt: skip
        stage_lists[names].add(cell)
    start = min(row.indicator.period.start for row in rows)
    end = max(row.indicator.period.end for row in rows)
    dates = DataValidation(
        type="date", operator="between",
        formula1=str((start - EXCEL_EPOCH).days), formula2=str((end - EXCEL_EPOCH).days),
        allow_blank=True, showErrorMessage=True,
        errorTitle=t("template.date_title"), error=t("template.date_error", start=start, end=end),
    )  # fmt: skip
    dates.add(f"H{first}:H{first + len(rows) - 1}")
    confirm = DataValidation(
        type="list", formula1=f'"{t("export.confirmed")}"', allow_blank=True,
        showErrorMessage=True, errorTitle=t("template.col.confirm"),
        error=t("template.confirm_error", word=t("export.confirmed")),
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
        data = next((name for name in book.sheetnames if name in DATA_SHEETS), None)
        if book.properties.keywords != MARK or data is None:
            return False
        sheet = book[data]
        filled = sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=FILLED[0], max_col=FILLED[-1])
        return not any(_has_value(row) for row in filled)
    finally:
        book.close()


def _has_value(cells: Iterable[Any]) -> bool:
    return any(getattr(cell, "value", None) not in (None, "") for cell in cells)


def unit_cell(indicator: Indicator) -> str:
    """What the unit column says: the indicator's unit; 阶段 (stage) for a milestone."""
    return t("template.stage_unit") if indicator.measure is Measure.MILESTONE else indicator.unit
