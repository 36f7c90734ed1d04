"""Reading a department's spreadsheet the way the person who filled it in reads it.

Sheets arrive as people make them: a title row above the header, headings in their own words
(完成值, 截至日期, 数值（亿元）), a unit column, Excel percentages and serial dates, a
填表说明 sheet before the data, a signature line under it. This module turns such a grid of
cells into :class:`~kpitrack.rows.RawRow` s whose fields read as a person would type them at
``kpi log`` — ``950000万元``, ``76%``, ``2024-09-30`` — so that planning a batch needs to know
nothing about spreadsheets.

Decisions, documented in one place:

* **Headings** are matched through :data:`HEADINGS`, the one synonym table, after folding
  (NFKC full-width → half-width, spaces and a trailing ``*`` removed, lower case). A unit in a
  value heading — ``数值（亿元）``, ``数值(万元)``, ``完成值/亿元``, ``完成值（单位：亿元）`` —
  applies to that column's bare numbers.
* **The header row** is the first row with an indicator column (id, name or 指标) and a value
  column; rows above it are titles.
* **指标** may hold ids or names: a column whose every value looks like an id is read as ids.
* **Two value columns** of one meaning (数值 and 完成值): a row takes the one it fills, and two
  different figures are a row error, never the first or the last by position. A running total
  beside 本期完成 is the figure instead. Other fields of one meaning: the first column wins.
* **Control characters** in a cell kpitrack reads are a row error naming the column
  (kpitrack.plaintext); a note or a value cell may hold line breaks.
* **Units**: a bare number takes the row's unit (the unit column, else the heading's) and is
  converted like a typed unit; a heading and a unit column that disagree on it are a row
  error, as is a unit kpitrack does not know. A unit written in the cell is explicit and wins
  (3500万元 in a 亿元 row); the planner converts it or refuses one of another kind. A
  milestone's unit cell reads 阶段 and is left alone.
* **Numbers** from Excel are read through their shortest repr, rounded to Excel's 15
  significant digits and then to 6 decimal places: what lies beyond is binary noise
  (0.1+0.2, 950000.0000001), never a digit anyone typed. A cell formatted as a percentage is a
  percent: 0.76 shown as 76% is ``76%``.
* **Dates**: a date cell is its day; a number in a date column is an Excel serial (in the
  workbook's own 1900 or 1904 system); a month (``2024年9月``, ``2024-09``, ``2024/9``,
  ``2024年9月底``, or a date cell formatted without its day) and a cumulative period
  (``2024年1-9月``, ``2024年1至9月``) mean the last month's last day, and a note says so. A
  filled row with a blank date cell is an error; a sheet with no date column is dated by
  ``kpi import --date`` or today, and the import says so.
* **The end of the data**: trailing rows that are signature or note lines (填报人：, 审核人：,
  联系电话：, 制表：, 单位负责人：, 注：…, or such a label alone in the first cell with its value
  beside it) or totals (合计, 总计, 小计) are ignored and counted.
  The same rows between data rows stay row errors: a total in the middle of a sheet needs a
  person's look. Blank rows are skipped anywhere and not counted.
* **Rows not filled in**: a row naming an indicator with no value, date or note (a template's
  row for an indicator with nothing new this month) is skipped and counted; a date or note
  without a value is still an error.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any

from kpitrack.errors import KpiError, QuantityError
from kpitrack.frozen import frozen
from kpitrack.messages import t
from kpitrack.plaintext import checked_line, checked_note, shown
from kpitrack.plaintext import unneutralise as unneutralise
from kpitrack.quantity import (
    APPROX_PREFIXES,
    APPROX_SUFFIXES,
    format_number,
    normalize,
    parse_quantity,
)
from kpitrack.rows import RawRow, RowProblem
from kpitrack.units import BASE_UNITS, MAGNITUDES, is_magnitude, known_units_hint, resolve_unit

# The one synonym table: field -> headings, as folded by fold_heading. "indicator" (指标) holds
# ids or names; "unit" and "confirm" are read here and passed on.
HEADINGS: dict[str, tuple[str, ...]] = {
    "id": ("id", "指标编号", "编号", "指标id", "指标代码"),
    "name": ("name", "指标名称", "名称"),
    "indicator": ("指标", "指标项", "指标名"),
    "value": (
        "value",
        "数值",
        "完成值",
        "实际完成",
        "本期完成",
        "实际完成值",
        "填报值",
        "值",
        "累计完成",
        "累计完成值",
        "本年累计",
        "年度累计",
        "累计",
        "完成数",
    ),
    # Not 填报日期: that is when the form was filled in, not the day its figures are true for.
    "date": (
        "date",
        "as_of",
        "日期",
        "截至日期",
        "截止日期",
        "统计时间",
        "统计日期",
        "时间",
        "月份",
        "报告期",
        "统计期",
        "截至时间",
        "截止时间",
        "数据截至",
    ),
    "unit": ("unit", "单位", "计量单位"),
    "note": ("note", "备注"),
    "by": ("by", "author", "填报人"),
    "source": ("source", "来源", "数据来源"),
    "key": ("key", "键"),
    "voided": ("voided_at", "作废时间"),
    "confirm": ("confirm", "确认"),
}
_BY_HEADING = {heading: key for key, headings in HEADINGS.items() for heading in headings}

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADING_UNIT = (
    re.compile(r"^(?P<name>[^(]+)\((?:单位:)?(?P<unit>[^)]*)\)$"),
    re.compile(r"^(?P<name>[^/]+)/(?P<unit>.+)$"),
)
_MONTH = (
    re.compile(r"^(\d{4})年(\d{1,2})月(?:份|底|末)?$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
)
# 2024年1-9月, 2024年1—9月, 2024年1至9月: Chinese statistics' cumulative period, as of its end.
_MONTHS = re.compile(r"^(\d{4})年(\d{1,2})(?:-|—|–|~|至|到)+(\d{1,2})月份?(?:底|末)?$")
_FOOTER_LABEL = re.compile(
    r"(填报人|填表人|审核人|审批人|联系电话|联系人|制表人?|单位负责人|负责人|填报单位|填报日期"
    r"|填表日期|审核日期|数据来源|资料来源|签字|盖章"
    r"|(?i:filledinby|checkedby|phone))[:：]"  # kpi template's in English, spaces taken out
)
# A trailing row whose first cell is one of these (colon or not) signs the sheet off.
_FOOTER_LABELS = frozenset(
    {
        "填报人", "填表人", "审核人", "审批人", "联系电话", "电话", "联系人", "制表", "制表人",
        "单位负责人", "负责人", "主要负责人", "分管负责人", "分管领导", "部门负责人",
        "统计负责人", "填报单位", "填报日期", "填表日期", "审核日期", "签字", "盖章",
    }
)  # fmt: skip
# Headings a sheet may carry for the reader that are not worth a mention when ignored: the
# template's own columns for the clerk, and a row count.
QUIET_HEADINGS = frozenset(
    {"目标", "上次填报", "上次日期", "序号", "target", "lastvalue", "lastdate"}
)
_FOOTER_START = re.compile(r"^(注|说明|备注|附注)\s*[:：\d]")
_TOTALS = {"合计", "总计", "小计", "合计:"}
HEADER_SEARCH = 50  # rows searched for the header

# What a clerk writes in a value cell for "nothing to report": the row is not filled in.
NO_DATA = frozenset({"/", "-", "—", "——", "－", "无", "暂无", "n/a", "N/A", "×"})
# Value headings that state a running total: beside a 本期完成 column, they are the figure.
_CUMULATIVE = "累计"
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^]]*\]')
MILESTONE_UNITS = frozenset({"阶段", "stage"})  # a milestone's unit cell in a template
EXCEL_DIGITS = 15  # Excel holds no more significant digits than this
PLACES = 6  # decimal places kept from a spreadsheet number
SMALLEST_SERIAL = 10000  # 1927-05-18: a smaller number in a date column is a year or a typo


@frozen(slots=True)  # an import holds a million of them
class Cell:
    """A cell as a spreadsheet holds it: its value and the number format it is shown with."""

    value: Any
    number_format: str = "General"


@frozen
class Grid:
    """One sheet's cells, row by row; ``name`` is None for a CSV file."""

    name: str | None
    rows: list[list[Cell]]
    epoch: date = date(1899, 12, 30)


@dataclass
class SheetRows:
    """What was read: rows for the planner, rows already refused, and what to tell the user."""

    rows: Iterable[RawRow] = field(default_factory=list)  # a CSV's: read as they are taken
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheet: str | None = None
    sheets: int = 1
    header_row: int = 1
    footer: int = 0
    unfilled: int = 0
    ignored: list[str] = field(default_factory=list)  # headings not recognised, in order
    undated: date | None = None  # the day every row was given: the sheet has no date column
    hidden_sheets: list[str] = field(default_factory=list)  # passed over, as the user saw them
    hidden_rows: list[int] = field(default_factory=list)  # rows with content, left out


# -- headings -------------------------------------------------------------------------------


def fold_heading(text: str) -> str:
    """数值（亿元） and ' 数值(亿元) ' alike: NFKC, no spaces or BOM or required-mark *, lower."""
    folded = unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "")
    return re.sub(r"\s+", "", folded).strip("*").lower()


def read_heading(text: str) -> tuple[str | None, str]:
    """A heading's field (or None) and the unit it names: 数值（亿元） -> ("value", "亿元")."""
    folded = fold_heading(text)
    if folded in _BY_HEADING:
        return _BY_HEADING[folded], ""
    for pattern in _HEADING_UNIT:
        match = pattern.match(folded)
        if match and _BY_HEADING.get(match["name"]) == "value":
            return "value", match["unit"]
    return None, ""


def canonical(heading: str) -> str | None:
    """The field a heading names; 指标 counts as a name."""
    key, _ = read_heading(heading)
    return "name" if key == "indicator" else key


@frozen
class Header:
    row: int  # index in the grid
    columns: dict[int, str]  # column index -> field
    unit: str  # the unit the value heading names, or ""
    ignored: tuple[str, ...] = ()  # headings kpitrack does not read, as written
    period: tuple[int, str] | None = None  # a 本期完成 column beside the running total
    headings: dict[int, str] = field(default_factory=dict)  # column index -> heading, as written
    twins: tuple[int, ...] = ()  # more value columns of the same meaning as the first


def find_header(grid: Grid, resolve: bool = True) -> Header | None:
    """The first row naming an indicator column and a value column; rows above are titles.

    Only the first ``HEADER_SEARCH`` rows are looked at: titles never run longer, and a sheet
    (or a delimiter tried on a CSV) without a header is told apart without reading it all.
    Without ``resolve``, a 指标 column is left as "indicator" for the caller to decide on
    every row (the grid holds only the first ones).
    """
    for index, cells in enumerate(grid.rows[:HEADER_SEARCH]):
        columns: dict[int, str] = {}
        unit = ""
        ignored: list[str] = []
        first: dict[str, str] = {}  # field -> the heading that took it
        period: tuple[int, str] | None = None
        headings: dict[int, str] = {}
        twins: list[int] = []
        for position, cell in enumerate(cells):
            text = _text(cell.value)
            if not text:
                continue
            key, named_unit = read_heading(text) if isinstance(cell.value, str) else (None, "")
            if key == "value" and "value" in first and _takes_over(text, first["value"]):
                # 本期完成 beside 累计完成: this period's amount beside the running total,
                # which is the figure kpitrack records; the other is named as not used
                ignored.append(t("sheet.period_column", heading=first["value"], used=text))
                old = next(p for p, k in columns.items() if k == "value")
                period = (old, first["value"])
                del columns[old]
                del first["value"]
            elif key is not None and key in first:
                # the first of two columns with one meaning wins; the other is named as ignored
                if key == "value" and _CUMULATIVE in first["value"]:
                    ignored.append(t("sheet.period_column", heading=text, used=first[key]))
                    period = (position, text)
                elif key == "value":  # 数值 and 完成值: neither is known to be the figure
                    ignored.append(t("sheet.twin_value_column", heading=text, first=first[key]))
                    headings[position] = text
                    twins.append(position)
                else:
                    ignored.append(t("sheet.duplicate_column", heading=text, first=first[key]))
                continue
            if key is None:
                if fold_heading(text) not in QUIET_HEADINGS:
                    ignored.append(text)
                continue
            first[key] = text
            columns[position] = key
            headings[position] = text
            if key == "value":
                unit = named_unit
        present = set(columns.values())
        if "value" in present and present & {"id", "name", "indicator"}:
            resolved = _resolve_indicator(columns, grid.rows[index + 1 :]) if resolve else columns
            return Header(index, resolved, unit, tuple(ignored), period, headings, tuple(twins))
    return None


def _takes_over(heading: str, taken: str) -> bool:
    """A running-total heading takes the value over from one that is not (本期完成)."""
    return _CUMULATIVE in heading and _CUMULATIVE not in taken


def _resolve_indicator(columns: dict[int, str], rows: list[list[Cell]]) -> dict[int, str]:
    """指标 holds ids when every value in it looks like an id, names otherwise.

    Beside a 指标编号 column it is the name, beside a 指标名称 column the id; beside both it
    says nothing new and is left out.
    """
    resolved = dict(columns)
    for position, key in columns.items():
        if key != "indicator":
            continue
        taken = set(columns.values())
        values = [_text(row[position].value) for row in rows if position < len(row)]
        values = [value for value in values if value]
        looks_like_ids = bool(values) and all(_ID.match(value) for value in values)
        choices = ["id", "name"] if looks_like_ids else ["name", "id"]
        free = [choice for choice in choices if choice not in taken]
        if free:
            resolved[position] = free[0]
        else:
            del resolved[position]
    return resolved


# -- the grid -------------------------------------------------------------------------------


def read_grid(grid: Grid, path: Path | str, undated: date | None = None) -> SheetRows | None:
    """The data rows of one sheet, or None when it has no header kpitrack recognises.

    A sheet with a date column dates each row by its cell, and a filled row with the cell
    blank is an error: today is never a guess for a figure whose sheet says when it is true.
    A sheet without one gives every row ``undated`` (``kpi import --date``, else today), and
    the caller says so; with ``undated`` None (``kpi log -``) rows stay without a date.
    """
    head = grid.rows[:HEADER_SEARCH]
    read = stream_grid(grid.name, head, iter(grid.rows[len(head) :]), path, undated, grid.epoch)
    if read is not None:
        read.rows = list(read.rows)
    return read


Record = Sequence[Cell] | Sequence[str]  # a CSV's record is its texts: a Cell each would cost
FOOTER_LOOKAHEAD = 512  # records read ahead, so that only the last of them is asked "footer?"
KEPT_READINGS = 50_000  # distinct texts a reader keeps what it read of (memory stays bounded)


def stream_grid(
    name: str | None,
    head: list[list[Cell]],
    rest: Iterator[Record],
    path: Path | str,
    undated: date | None = None,
    epoch: date = date(1899, 12, 30),
) -> SheetRows | None:
    """:func:`read_grid` over a sheet read as it goes: ``head`` its first ``HEADER_SEARCH``
    rows, ``rest`` the others. The rows come as an iterator, read as the caller takes them;
    ``problems``, ``notes``, ``footer`` and ``unfilled`` are complete once it is used up.

    Signature lines are passed over only at the end of the sheet: rows are read
    ``FOOTER_LOOKAHEAD`` ahead, and only those after the last row that is neither blank nor a
    footer are held back, so a million-row sheet asks "footer?" of a few rows, not of each.
    """
    header = find_header(Grid(name, head, epoch), resolve=False)
    if header is None:
        return None
    result = SheetRows(sheet=name, header_row=header.row + 1, ignored=list(header.ignored))
    dated = "date" in header.columns.values()
    if not dated and undated is not None:
        result.undated = undated
    body: Iterator[Record] = chain(head[header.row + 1 :], rest)
    if "indicator" in header.columns.values():  # 指标 holds ids or names: every row decides
        rows = list(body)
        cells = [_cells(row) for row in rows]
        header = replace(header, columns=_resolve_indicator(header.columns, cells))
        body = iter(rows)
    result.rows = _read_body(body, header, dated, result, epoch, header.row + 2)
    return result


def _read_body(
    body: Iterator[Record], header: Header, dated: bool, result: SheetRows, epoch: date, first: int
) -> Iterator[RawRow]:
    reader = _RowReader(header, epoch, result.notes)
    number = first  # the row number Excel shows
    held: list[tuple[int, Record]] = []  # blank or footer so far: the sheet may end here
    while True:
        block = list(islice(body, FOOTER_LOOKAHEAD))
        if not block:
            break
        rows = [*held, *zip(range(number, number + len(block)), block, strict=True)]
        number += len(block)
        last = len(rows)
        while last > 0 and (_is_blank(_cells(rows[last - 1][1])) or _is_footer(
            _cells(rows[last - 1][1]), header
        )):  # fmt: skip
            last -= 1
        held = [(n, row) for n, row in rows[last:] if not _is_blank(_cells(row))]
        for row_number, cells in rows[:last]:
            read = _read_one(reader, cells, header, dated, row_number, result)
            if read is not None:
                yield read
    result.footer = len(held)


def _read_one(
    reader: _RowReader,
    record: Record,
    header: Header,
    dated: bool,
    number: int,
    result: SheetRows,
) -> RawRow | None:
    fields = reader.fast(record) if record and isinstance(record[0], str) else None
    if fields is None:
        cells = _cells(record)
        if _is_blank(cells):
            return None
        try:
            fields = read_row(cells, header, reader.epoch, number, result.notes)
        except KpiError as error:
            result.problems.append(RowProblem(number, str(error)))
            return None
        missing = _total_missing(header, cells) if "value" not in fields else None
        if missing is not None:  # 本期 300 filled in, the running total left out
            result.problems.append(RowProblem(number, missing))
            return None
    if fields.pop("blank", None) or fields.keys().isdisjoint(_FILLED):
        result.unfilled += 1  # a template's row for an indicator with nothing new
        return None
    if dated and "date" not in fields and not fields.get("voided") and not _is_total(
        _cells(record)
    ):  # fmt: skip
        result.problems.append(RowProblem(number, t("sheet.no_date")))
        return None
    if result.undated is not None:
        fields["date"] = result.undated.isoformat()
    return RawRow(number, fields)


def _cells(record: Record) -> list[Cell]:
    return [cell if isinstance(cell, Cell) else Cell(cell) for cell in record]


class _RowReader:
    """:func:`read_row` for a record of texts (a CSV's), a column's repeated texts read once.

    A department's sheet repeats its ids, days and figures on every row; each distinct text
    of a column is read by the same code as a spreadsheet's cell, and what it gave is kept.
    Anything out of the ordinary — a control character, a line break, a month for a day,
    a refusal, a second value column — leaves the fast path: ``fast`` gives None and the row
    is read cell by cell by :func:`read_row`, with its messages.
    """

    def __init__(self, header: Header, epoch: date, notes: list[str]) -> None:
        self.header = header
        self.epoch = epoch
        self.usable = not header.twins and header.period is None
        # per column: its position, its field, and what each of its texts read as (a note's
        # are not kept: they rarely repeat)
        self.columns: list[tuple[int, str, dict[str, Any] | None]] = [
            (position, key, None if key == "note" else {})
            for position, key in header.columns.items()
        ]
        self.units: dict[tuple[str, str], str] = {}

    def fast(self, texts: Sequence[Any]) -> dict[str, str] | None:
        """The fields of a record of texts; {} for a blank one; None to read it cell by cell."""
        if not self.usable:
            return None
        fields: dict[str, str] = {}
        size = len(texts)
        for position, key, seen in self.columns:
            if position >= size:
                continue
            raw = texts[position]
            if seen is None:
                if not raw.isprintable():
                    return None
                text = raw.strip()
                if text.startswith("'"):
                    text = unneutralise(text)
            else:
                found = seen.get(raw, _UNREAD)
                if found is _UNREAD:  # a text kept was printable, a new one is looked at
                    if not raw.isprintable():
                        return None
                    found = self._read(key, raw)
                    if found is _UNREAD:
                        return None
                    if len(seen) >= KEPT_READINGS:  # a column of texts that never repeat
                        seen.clear()
                    seen[raw] = found
                if key == "value" and found is None:
                    fields["blank"] = raw.strip()
                    continue
                text = found
            if text:
                fields[key] = text
        if not fields and not any(cell.strip() for cell in texts):
            return None  # blank: read_row's own path passes it over
        unit = fields.pop("unit", "")
        if "value" in fields:
            value = fields["value"]
            joined = self.units.get((value, unit))
            if joined is None:
                try:
                    joined = with_unit(value, unit, self.header.unit)
                except KpiError:
                    return None
                if len(self.units) >= KEPT_READINGS:
                    self.units.clear()
                self.units[value, unit] = joined
            fields["value"] = joined
        return fields

    def _read(self, key: str, raw: str) -> Any:
        """One text of a column as read_row reads it (None: a value that says "no data"),
        or _UNREAD when only the slow path can say."""
        cell = Cell(raw)
        if key == "value":
            text = value_text(cell)
            return None if unicodedata.normalize("NFKC", text).strip() in NO_DATA else text
        if key == "date":
            said: list[str] = []
            try:
                text = date_text(cell, self.epoch, 0, said)
            except KpiError:
                return _UNREAD
            return _UNREAD if said else text
        return unneutralise(_text(raw))


_UNREAD: Any = object()
_FILLED = ("value", "date", "note", "voided", "confirm")  # a row with none of them is unfilled


def no_header(path: Path | str, grids: Sequence[Grid], hidden: Sequence[str] = ()) -> KpiError:
    first = next((row for grid in grids for row in grid.rows if not _is_blank(row)), [])
    found = (
        t("words.separator").join(shown(_text(cell.value)) for cell in first if _text(cell.value))
        or "—"
    )
    if grids and all(grid.name is None for grid in grids):  # a CSV file: one table, no sheets
        return KpiError("sheet.no_header_csv", path=path, found=found)
    sheets = (
        t("words.separator").join(t("words.quoted", text=grid.name) for grid in grids if grid.name)
        or "—"
    )
    if hidden:
        listed = t("words.separator").join(t("words.quoted", text=name) for name in hidden)
        return KpiError(
            "sheet.no_header_hidden", path=path, sheets=sheets, found=found, hidden=listed
        )
    return KpiError("sheet.no_header", path=path, sheets=sheets, found=found)


def _total_missing(header: Header, cells: list[Cell]) -> str | None:
    """A row whose 本期完成 is filled in beside a blank running total: the figure kpitrack
    records is missing, and this period's amount cannot stand for it."""
    if header.period is None or header.period[0] >= len(cells):
        return None
    amount = _text(cells[header.period[0]].value)
    if not amount or unicodedata.normalize("NFKC", amount).strip() in NO_DATA:
        return None
    total = next(header.headings[p] for p, key in header.columns.items() if key == "value")
    return t("sheet.total_missing", period=header.period[1], amount=amount, total=total)


def _is_blank(cells: list[Cell]) -> bool:
    return not any(_text(cell.value) for cell in cells)


def _is_footer(cells: list[Cell], header: Header) -> bool:
    """A signature, contact or note line, or a total: text under a table that is not data."""
    texts = [unicodedata.normalize("NFKC", _text(cell.value)) for cell in cells]
    texts = [re.sub(r"\s+", "", text) for text in texts if text.strip()]
    if texts and texts[0].rstrip(":：") in _FOOTER_LABELS:
        return True  # 联系电话 | 13800138000: a label in its own cell, its value beside it
    line = " ".join(texts)
    if (_FOOTER_LABEL.search(line) or _FOOTER_START.match(line)) and not _has_number(cells, header):
        return True  # a data row whose note reads 联系人：… still has its figure
    names = [
        re.sub(r"\s+", "", _text(cells[position].value))
        for position, key in header.columns.items()
        if key in {"id", "name"} and position < len(cells)
    ]
    return bool(texts) and (texts[0] in _TOTALS or any(name in _TOTALS for name in names))


def _is_total(cells: list[Cell]) -> bool:
    """合计 in the first filled cell: the planner names such a row for what it is."""
    texts = [re.sub(r"\s+", "", _text(cell.value)) for cell in cells]
    return next((text for text in texts if text), "") in _TOTALS


def _has_number(cells: list[Cell], header: Header) -> bool:
    for position, key in header.columns.items():
        if key == "value" and position < len(cells):
            try:
                parse_quantity(value_text(cells[position]))
            except QuantityError:
                return False
            return True
    return False


def read_row(
    cells: list[Cell], header: Header, epoch: date, number: int, notes: list[str]
) -> dict[str, str]:
    _refuse_controls(cells, header)
    fields: dict[str, str] = {}
    for position, key in header.columns.items():
        if position >= len(cells):
            continue
        cell = cells[position]
        if key == "value":
            text = _one_value(cells, position, header)
            if unicodedata.normalize("NFKC", text).strip() in NO_DATA:
                fields["blank"] = text
                continue
        elif key == "date":
            text = date_text(cell, epoch, number, notes)
        elif key == "note":
            text = checked_note(unneutralise(_text(cell.value)), "")
        else:
            text = unneutralise(_text(cell.value))
        if text:
            fields[key] = text
    unit = fields.pop("unit", "")
    if "value" in fields:
        fields["value"] = with_unit(fields["value"], unit, header.unit)
    return fields


def _refuse_controls(cells: list[Cell], header: Header) -> None:
    """A cell kpitrack reads holds no control character (kpitrack.plaintext); a note or a
    value (a task's progress, in words) may hold line breaks and TABs."""
    for position in [*header.columns, *header.twins]:
        value = cells[position].value if position < len(cells) else None
        if isinstance(value, str):
            field_name = partial(t, "field.column", heading=header.headings.get(position, ""))
            if header.columns.get(position) in {"note", "value", None}:
                checked_note(value, field_name)
            else:
                checked_line(value, field_name)


def _one_value(cells: list[Cell], position: int, header: Header) -> str:
    """The value cell's text, or a twin value column's when it alone is filled in; two
    columns of one meaning holding different figures are a row error, never a guess."""
    chosen, heading = value_text(cells[position]), header.headings.get(position, "")
    for twin in header.twins:
        if twin >= len(cells):
            continue
        other = value_text(cells[twin])
        if _is_no_data(other):
            continue
        if _is_no_data(chosen):
            chosen, heading = other, header.headings[twin]
        elif normalize(other) != normalize(chosen):
            raise KpiError(
                "sheet.values_differ", first=heading, one=chosen, other=header.headings[twin],
                two=other,
            )  # fmt: skip
    return chosen


def _is_no_data(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip() in NO_DATA or not text.strip()


# -- cells ----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as plain text: numbers without float noise, dates as ISO days."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return format_number(cell_decimal(value), places=PLACES)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def cell_decimal(value: float | int | Decimal) -> Decimal:
    """The number a spreadsheet cell means: its shortest repr, within Excel's 15 digits."""
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    number = Decimal(repr(value))
    if number == 0 or not number.is_finite():
        return number
    quantum = Decimal(1).scaleb(number.adjusted() - (EXCEL_DIGITS - 1))
    return number.quantize(quantum, rounding=ROUND_HALF_EVEN)


def is_percent_format(number_format: str) -> bool:
    """0%, 0.00% and friends; a % inside quotes or escaped is literal text, not a percent."""
    return "%" in _QUOTED.sub("", number_format or "")


def value_text(cell: Cell) -> str:
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = cell_decimal(value)
        if is_percent_format(cell.number_format):
            return format_number(number * 100, places=PLACES - 2) + "%"
        before, after = shown_around(cell.number_format)
        return before + format_number(number, places=PLACES) + after
    return unneutralise(_text(value))


# "+"General, "突破"General, General"余": an increment or a qualifier shown by the cell's
# format around a plain number, as kpitrack's own entries export writes them (workbook_out).
_AROUND = re.compile(r'^(?:"(?P<before>[^"]*)")?[^"]*?(?:"(?P<after>[^"]*)")?$')


def shown_around(number_format: str) -> tuple[str, str]:
    """The + and qualifier a number's format shows around it, read as the person sees them;
    any other literal text in a format is decoration and left out, as before."""
    match = _AROUND.match(number_format or "")
    if match is None:
        return "", ""
    before, after = match["before"] or "", match["after"] or ""
    sign = "+" if before.startswith("+") else ""
    prefix = before.removeprefix("+")
    if prefix and prefix not in APPROX_PREFIXES:
        return "", ""
    return sign + prefix, after if after in APPROX_SUFFIXES else ""


def with_unit(value: str, column_unit: str, heading_unit: str) -> str:
    """A bare number takes the row's unit: 950000 + 万元 -> 950000万元.

    A unit written in the cell is the clerk's own and wins (3500万元 in a 亿元 row is
    0.35亿元; the planner converts it to the indicator's unit, or refuses a unit of another
    kind). A bare magnitude takes the row's unit's base: 37亿 in a 亿元 row is 37亿元, 3万 in a
    个 row 3万个. A bare number under a heading and a unit column that disagree is refused:
    which one the clerk meant is a person's call.
    """
    column, heading = normalize(column_unit), normalize(heading_unit)
    unit = column or heading
    if unit == "" or unit in MILESTONE_UNITS:
        return value
    try:
        quantity = parse_quantity(value)
    except QuantityError:
        return value  # a stage name, or a typo the planner will name
    for named in (column, heading):
        if named and resolve_unit(named) is None and not is_magnitude(named):
            raise KpiError("sheet.unknown_unit", unit=named, known=known_units_hint())
    own = quantity.unit
    text = normalize(value)
    if own and not is_magnitude(own):
        return text
    if own == "" and column and heading and not _same_unit(column, heading):
        raise KpiError("sheet.units_disagree", value=value, heading=heading, column=column)
    suffix = unit if own == "" else _base(unit)
    if own and not suffix:
        return text  # a magnitude under a bare magnitude: the planner scales it
    for approx in ("以上", "左右"):
        if quantity.approx == approx:
            return text.removesuffix(approx) + suffix + approx
    return text + suffix


def _same_unit(one: str, other: str) -> bool:
    """亿元 and 亿元, or 万 and 万: the same size of the same kind."""
    if is_magnitude(one) or is_magnitude(other):
        return one == other
    first, second = resolve_unit(one), resolve_unit(other)
    return (
        first is not None
        and second is not None
        and (first.kind, first.factor)
        == (
            second.kind,
            second.factor,
        )
    )


def _base(unit: str) -> str:
    """亿元 -> 元, 万个 -> 个, 个 -> 个; a bare magnitude (万) has none."""
    if unit in BASE_UNITS:
        return unit
    for prefix in MAGNITUDES:
        rest = unit.removeprefix(prefix)
        if rest != unit and rest in BASE_UNITS:
            return rest
    return ""


def date_text(cell: Cell, epoch: date, number: int, notes: list[str]) -> str:
    """A date column's cell as an ISO day; a month means its last day, and a note says so."""
    value = cell.value
    if isinstance(value, (datetime, date)):
        day = value.date() if isinstance(value, datetime) else value
        if _month_only(cell.number_format):
            end = month_end(day.year, day.month)
            shown = t("sheet.month_shown", year=day.year, month=day.month)  # as Excel shows it
            notes.append(t("sheet.month_end", number=number, text=shown, day=end))
            return end.isoformat()
        return day.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial_in_column(value, epoch).isoformat()
    text = _text(value)
    folded = normalize(text)
    for pattern in _MONTH:
        match = pattern.match(folded)
        if match and 1 <= int(match[2]) <= 12:
            end = month_end(int(match[1]), int(match[2]))
            notes.append(t("sheet.month_end", number=number, text=text, day=end))
            return end.isoformat()
    months = _MONTHS.match(folded)
    if months and 1 <= int(months[2]) <= int(months[3]) <= 12:
        end = month_end(int(months[1]), int(months[3]))
        notes.append(t("sheet.month_end", number=number, text=text, day=end))
        return end.isoformat()
    if folded.isdigit() and len(folded) <= 5:
        return _serial_in_column(int(folded), epoch).isoformat()
    return text


def _serial_in_column(serial: float | int, epoch: date) -> date:
    """A number in a date column is a day number, unless it is too small to be one anyone
    means (2024 would be 1905-07-16): those are refused rather than read as a date."""
    if serial < SMALLEST_SERIAL:
        raise KpiError("sheet.bad_date", value=_text(serial))
    return serial_day(serial, epoch)


def _month_only(number_format: str) -> bool:
    """yyyy"年"m"月" shows a month: a date cell formatted without its day."""
    codes = _QUOTED.sub("", number_format or "").lower()
    return "y" in codes and "m" in codes and "d" not in codes


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def serial_day(serial: float | int, epoch: date = date(1899, 12, 30)) -> date:
    """Excel's day number: 45565 is 2024-09-30 in the 1900 system (epoch 1899-12-30).

    The 1900 system counts a 29 February 1900 that never was (Lotus's bug, kept by Excel), so
    its first 59 days sit one day later than the epoch suggests and day 60 is no date.
    """
    whole = int(serial)
    if whole < 1 or whole > 2958465 or (epoch == date(1899, 12, 30) and whole == 60):
        raise KpiError("sheet.bad_date", value=_text(serial))
    if epoch == date(1899, 12, 30) and whole < 60:
        return epoch + timedelta(days=whole + 1)
    return epoch + timedelta(days=whole)
