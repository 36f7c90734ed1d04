"""Writing a workbook a person forwards: read on screen, printed in greyscale, summed in Excel.

The figures are numbers, never text with a unit glued on (``6次`` cannot be summed): the unit
goes in the heading when every row shares it (目标（个）), else in a 单位 column. How a number
looks is its cell's format, not its value: a forecast keeps its four decimals and shows the
unit's usual ones; an increment and a report's qualifier are shown by the format too (``+2``,
``突破60``), which :func:`kpitrack.sheets.value_text` reads back, so an entries workbook still
imports as it did. Timestamps are local date-times, as the person who logged them saw the clock.

Each row of the status sheet is filled with its traffic light and says its state in words
beside it, so a greyscale print loses nothing. Widths count an East Asian wide character as
two, as Excel draws it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from typing import Any, BinaryIO

from kpitrack.frozen import frozen
from kpitrack.messages import t
from kpitrack.model import Indicator, Measure
from kpitrack.plaintext import cell_text
from kpitrack.quantity import APPROX_PREFIXES
from kpitrack.render import words
from kpitrack.render.status_json import rounded
from kpitrack.status import ALL_PERIODS, IndicatorStatus, StatusReport

DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"
POINTS_FORMAT = "0.0"
MAX_WIDTH = 60
SHEET_NAME_LIMIT = 31  # Excel refuses a longer sheet name
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
FILLS = {"red": "FFC7CE", "yellow": "FFEB9C", "green": "C6EFCE"}  # Excel's own 差 / 适中 / 好
HEADER_FILL = "D9D9D9"


@frozen
class Cell:
    value: Any
    number_format: str | None = None


@dataclass
class Sheet:
    """One sheet: an optional title line, the headings, and rows of cells with their light."""

    name: str
    headings: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    lights: list[str | None] = field(default_factory=list)  # red, yellow, green or None
    title: str | None = None
    frozen_columns: int = 0
    text_keys: frozenset[int] = frozenset()  # columns whose text may span lines


def display_width(text: str) -> int:
    """Columns a line takes on screen: an East Asian wide or full-width character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_width(texts: Sequence[str]) -> int:
    """The width a column needs for its widest line, within reason."""
    widest = max(
        (display_width(line) for text in texts for line in text.splitlines() or [""]), default=0
    )
    return min(widest + 2, MAX_WIDTH)


def sheet_names(wanted: Sequence[str]) -> list[str]:
    """Names Excel accepts for these sheets: no []:*?/\\, at most 31 characters, not blank,
    no apostrophe at either end, and unique regardless of case (Excel compares them so)."""
    names: list[str] = []
    taken: set[str] = set()
    for index, name in enumerate(wanted, start=1):
        clean = _NOT_IN_SHEET_NAMES.sub("", name).strip().strip("'").strip()
        clean = clean[:SHEET_NAME_LIMIT].strip() or f"{index}"
        if clean.casefold() == "history":  # reserved by Excel
            clean = f"{clean}{index}"
        candidate, number = clean, 2
        while candidate.casefold() in taken:
            suffix = f"({number})"
            candidate = clean[: SHEET_NAME_LIMIT - len(suffix)] + suffix
            number += 1
        taken.add(candidate.casefold())
        names.append(candidate)
    return names


# -- status ---------------------------------------------------------------------------------


def status_title(report: StatusReport, title: str | None) -> str:
    """The line above the table: what it is, as of when, for which period."""
    ended = report.ended()
    if ended is not None and report.period == ALL_PERIODS:
        when = t("status.caption_closed_all", as_of=report.as_of, end=ended)
    elif ended is not None:
        when = t("status.caption_closed", as_of=report.as_of, period=report.period, end=ended)
    elif report.period == ALL_PERIODS:
        when = t("export.sheet_as_of_all", as_of=report.as_of)
    else:
        when = t("export.sheet_as_of", as_of=report.as_of, period=report.period)
    return f"{title} · {when}" if title else when


def counted_unit(rows: Sequence[IndicatorStatus]) -> str | None:
    """The unit every figure shown shares, or None when they differ (then a 单位 column)."""
    units = {row.indicator.unit for row in rows if _has_figures(row.indicator)}
    return units.pop() if len(units) == 1 else None


def _has_figures(indicator: Indicator) -> bool:
    return indicator.measure not in {Measure.MILESTONE, Measure.TASK}


def usual_places(indicator: Indicator, actual: Decimal | None = None) -> int:
    """The decimals this indicator's own figures are written with: a count of 21个 none,
    59.2亿元 one; at most two, as a report writes them."""
    figures = [indicator.target, indicator.baseline, actual]
    return min(max((_places(f) for f in figures if f is not None), default=0), 2)


def number_format(places: int) -> str:
    return "#,##0" if places == 0 else "#,##0." + "0" * places


def status_sheets(report: StatusReport, title: str | None, by_section: bool) -> list[Sheet]:
    """The whole table, then, when asked, one sheet per area."""
    line = status_title(report, title)
    every = [(area.area.name, row) for area in report.areas for row in area.rows]
    wanted = [(t("export.sheet.status"), every)]
    if by_section:
        wanted += [
            (area.area.name, [(area.area.name, r) for r in area.rows]) for area in report.areas
        ]
    names = sheet_names([name for name, _ in wanted])
    return [_status_sheet(name, rows, line) for name, (_, rows) in zip(names, wanted, strict=True)]


def _status_sheet(name: str, rows: Sequence[tuple[str, IndicatorStatus]], line: str) -> Sheet:
    shared = counted_unit([row for _, row in rows])
    keys = ["area", "id", "name", "owner"]
    keys += [] if shared else ["unit"]
    keys += [
        "target", "actual", "stage", "completion", "pace", "gap_pp", "state", "forecast",
        "needed_per_cycle", "cycle", "last_update", "commitment", "actual_approx",
    ]  # fmt: skip
    counted = {"target", "actual", "forecast", "needed_per_cycle"}  # their unit in the heading
    headings = [
        t("words.aside", text=t(f"export.col.{key}"), aside=shared)
        if shared and key in counted
        else t(f"export.col.{key}")
        for key in keys
    ]
    sheet = Sheet(name, headings, title=line, frozen_columns=3)
    for area, row in rows:
        sheet.rows.append(_status_cells(area, row, shared is None))
        light = words.row_light(row)
        sheet.lights.append(light if light in FILLS else None)
    return sheet


def _status_cells(area: str, row: IndicatorStatus, unit_column: bool) -> list[Cell]:
    indicator = row.indicator
    shown = number_format(usual_places(indicator, row.actual))
    exact = number_format(max(usual_places(indicator, row.actual), _places(row.actual)))
    target: Cell = (
        Cell(indicator.target, shown)
        if indicator.target is not None
        else Cell(indicator.target_stage)  # a milestone's target is a stage: 建成, 投用
    )
    cells = [
        Cell(area),
        Cell(indicator.id),
        Cell(indicator.name),
        Cell(indicator.owner),
    ]
    cells += [Cell(indicator.unit if _has_figures(indicator) else None)] if unit_column else []
    cells += [
        target,
        Cell(row.actual, exact),
        Cell(row.stage),
        Cell(rounded(row.completion, 4), PERCENT_FORMAT),
        Cell(rounded(row.pace, 4), PERCENT_FORMAT),
        Cell(rounded(row.gap, 2), POINTS_FORMAT),
        Cell(words.row_state(row)),
        # a forecast and a rate are fractions of a unit: two places, as the terminal shows them
        Cell(rounded(row.forecast, 4), number_format(2)),
        Cell(rounded(row.needed, 4), number_format(2)),
        Cell(t(f"cycle.{indicator.cycle.value}")),
        Cell(row.last_update, DATE_FORMAT),
        Cell(indicator.commitment),
        Cell(row.actual_approx),
    ]
    return cells


def _places(value: Decimal | None) -> int:
    if value is None:
        return 0
    exponent = value.normalize().as_tuple().exponent
    return min(max(0, -exponent), 4) if isinstance(exponent, int) else 0


# -- entries --------------------------------------------------------------------------------


def local_time(stamp: str | None) -> datetime | None:
    """An ISO timestamp as the local date-time a person reads (no time zone: Excel has none)."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)


def shown_value(
    mode: str, value: Decimal | None, stage: str | None, raw: str, approx: str | None
) -> Cell:
    """An entry's value cell: the number, with an increment's + and a qualifier in its format
    (``+2``, ``突破60``, ``750余``), or a stage's or a task's words."""
    if mode == "stage" or value is None:
        return Cell(stage or raw)
    before = "+" if mode == "add" else ""
    after = ""
    if approx in APPROX_PREFIXES:
        before += approx
    elif approx:
        after = approx
    if not before and not after:
        return Cell(value, "General")
    quoted_before = f'"{before}"' if before else ""
    quoted_after = f'"{after}"' if after else ""
    return Cell(value, f"{quoted_before}General{quoted_after}")


# -- writing --------------------------------------------------------------------------------


def write_book(stream: BinaryIO, sheets: Sequence[Sheet]) -> None:
    from openpyxl import Workbook  # imported here: it takes a tenth of a second

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for sheet in sheets:
        _write_sheet(book.create_sheet(sheet.name), sheet)
    book.save(stream)  # openpyxl takes an open file as well as a path


def _write_sheet(out: Any, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    count = len(sheet.headings)
    last = get_column_letter(count)
    top = 1
    if sheet.title:
        out.append([sheet.title])
        out["A1"].font = Font(bold=True, size=14)
        out.merge_cells(f"A1:{last}1")
        top = 2
    out.append(sheet.headings)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for cell in out[top]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=False)
    fills = {light: PatternFill("solid", fgColor=colour) for light, colour in FILLS.items()}
    for index, cells in enumerate(sheet.rows):
        out.append(
            [_value(cell.value, position in sheet.text_keys) for position, cell in enumerate(cells)]
        )
        written = out[out.max_row]
        light = sheet.lights[index] if index < len(sheet.lights) else None
        for cell, spec in zip(written, cells, strict=True):
            if spec.number_format and cell.value is not None and not isinstance(cell.value, str):
                cell.number_format = spec.number_format
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, whatever it starts with
            if light is not None:
                cell.fill = fills[light]
    for position in range(1, count + 1):
        letter = get_column_letter(position)
        texts = [_shown(c.value, c.number_format) for c in out[letter][top:]]
        texts.append(sheet.headings[position - 1])
        out.column_dimensions[letter].width = column_width(texts)
    end = out.max_row
    out.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}{top + 1}"
    out.auto_filter.ref = f"A{top}:{last}{max(end, top)}"
    out.print_title_rows = f"{top}:{top}"
    out.page_setup.orientation = "landscape"
    out.page_setup.paperSize = out.PAPERSIZE_A4
    out.page_setup.fitToWidth = 1
    out.page_setup.fitToHeight = 0
    out.sheet_properties.pageSetUpPr.fitToPage = True


WIDTH_SAMPLE = 1_000  # rows a streamed sheet's column widths are measured on


def write_rows(
    stream: BinaryIO,
    name: str,
    headings: list[str],
    rows: Iterable[list[Cell]],
    text_keys: frozenset[int] = frozenset(),
) -> None:
    """One sheet of plain rows, streamed (openpyxl's write-only workbook): a million rows
    never stand in memory as cells. The columns are as wide as the first rows need."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    out = book.create_sheet(name)
    iterator = iter(rows)
    first = list(islice(iterator, WIDTH_SAMPLE))
    for position, heading in enumerate(headings):
        texts = [_shown(_value(row[position].value, False), row[position].number_format or "")
                 for row in first] + [heading]  # fmt: skip
        out.column_dimensions[get_column_letter(position + 1)].width = column_width(texts)
    out.freeze_panes = "A2"
    out.print_title_rows = "1:1"
    out.page_setup.orientation = "landscape"
    out.page_setup.paperSize = "9"  # A4, as Worksheet.PAPERSIZE_A4
    out.page_setup.fitToWidth = 1
    out.page_setup.fitToHeight = 0
    out.sheet_properties.pageSetUpPr.fitToPage = True
    font, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    aligned = Alignment(vertical="center", wrap_text=False)
    header = []
    for heading in headings:
        cell = WriteOnlyCell(out, heading)
        cell.font, cell.fill, cell.alignment = font, fill, aligned
        header.append(cell)
    out.append(header)
    count = 0
    for cells in chain(first, iterator):
        out.append([_streamed(out, spec, position in text_keys, WriteOnlyCell)
                    for position, spec in enumerate(cells)])  # fmt: skip
        count += 1
    out.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{count + 1}"
    book.save(stream)


def _streamed(out: Any, spec: Cell, multiline: bool, make: Any) -> Any:
    value = _value(spec.value, multiline)
    if value is None:
        return None
    cell = make(out, value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, whatever it starts with
    elif spec.number_format:
        cell.number_format = spec.number_format
    return cell


def _value(value: Any, multiline: bool) -> Any:
    if isinstance(value, (Decimal, int, float, date)) or value is None:
        return value
    return cell_text(value, multiline)


def _shown(value: Any, fmt: str) -> str:
    """Roughly what the cell shows, for its width."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "2024-06-30 12:00"
    if isinstance(value, date):
        return "2024-06-30"
    if isinstance(value, (int, float, Decimal)):
        if "%" in fmt:
            return f"{float(value) * 100:.1f}%"
        quoted = "".join(re.findall(r'"([^"]*)"', fmt))
        return f"{float(value):,.2f}{quoted}"
    return str(value)
