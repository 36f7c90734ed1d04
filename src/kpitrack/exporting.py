"""Writing entries or the status to .csv, .xlsx or .json, for Excel/WPS and for re-import.

The format follows the file's extension. Spreadsheets get Chinese headings, units, and dates
typed as dates; any text that a spreadsheet would run as a formula (=, +, -, @, TAB or CR
first) is neutralised with a leading apostrophe, which ``kpi import`` removes again, and a
control character an older kpitrack let into the database is written as U+FFFD, so that the
export never fails and imports again (kpitrack.plaintext). Entries are written
so that importing them into a fresh database gives the same status, and importing them into
the database they came from adds nothing. An existing file is replaced only when asked
(``replace``, the CLI's ``--force``); see :mod:`kpitrack.publish` for how.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from kpitrack.errors import KpiError
from kpitrack.messages import t
from kpitrack.model import Indicator, Targets
from kpitrack.plaintext import cell_text
from kpitrack.publish import ensure_folder, ensure_free, publish
from kpitrack.quantity import exact_text
from kpitrack.records import Entry
from kpitrack.render import words
from kpitrack.render.history import entry_json, entry_value
from kpitrack.render.status_json import dumps, dumps_items, rounded, status_json
from kpitrack.render.tabular import csv_text
from kpitrack.status import StatusReport
from kpitrack.workbook_out import (
    DATE_FORMAT,
    TIME_FORMAT,
    Cell,
    Sheet,
    local_time,
    shown_value,
    status_sheets,
    write_book,
)

NOTE_KEYS = frozenset({"note", "void_note"})  # the texts that may span lines
PROGRESS_STEP = 10_000  # entries written between two words of progress


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: str = "text"  # text, number, percent, date


ENTRY_COLUMNS = [
    Column("entry", "记录编号", "number"),
    Column("id", "指标编号"),
    Column("name", "指标名称"),
    Column("value", "数值"),
    Column("date", "日期", "date"),
    Column("note", "备注"),
    Column("by", "填报人"),
    Column("source", "来源"),
    Column("key", "键"),
    Column("confirm", "确认"),
    Column("logged_at", "记录时间"),
]
VOID_COLUMNS = [
    Column("voided_at", "作废时间"),
    Column("voided_by", "作废人"),
    Column("void_note", "作废原因"),
    Column("replaced_by", "更正为", "number"),
]
STATUS_COLUMNS = [
    Column("area", "领域"),
    Column("id", "指标编号"),
    Column("name", "指标名称"),
    Column("owner", "责任单位"),
    Column("unit", "单位"),
    Column("target", "目标", "number"),
    Column("actual", "实际", "number"),
    Column("stage", "阶段"),
    Column("completion", "完成率", "percent"),
    Column("pace", "序时进度", "percent"),
    Column("gap_pp", "差距（百分点）", "number"),
    Column("state", "状态"),
    Column("forecast", "全期预计", "number"),
    Column("needed_per_cycle", "剩余每期需完成", "number"),
    Column("cycle", "填报周期"),
    Column("last_update", "最近更新", "date"),
    # issue 9, the numbers side: kept last, so the columns before keep their places
    Column("commitment", "承诺用语"),  # 确保 / 力争 / 争取
    Column("actual_approx", "实际限定词"),  # 突破 in 突破60亿元, 余 in 750余家
]


def entry_rows(entries: Iterable[Entry], targets: Targets) -> list[dict[str, Any]]:
    by_id = targets.by_id()
    return [_entry_row(entry, by_id) for entry in entries]


def _entry_row(entry: Entry, by_id: dict[str, Indicator]) -> dict[str, Any]:
    indicator = by_id.get(entry.indicator_id)
    return {
        "entry": entry.id,
        "id": entry.indicator_id,
        "name": indicator.name if indicator else "",
        "value": entry_value(entry, entry.unit),
        "date": entry.as_of,
        "note": entry.note,
        "by": entry.author,
        "source": entry.source,
        "key": entry.key or f"entry:{entry.id}@{entry.logged_at}",
        # confirmed once with --force: confirmed again when the export is imported
        "confirm": "确认" if entry.confirmed else None,
        "logged_at": entry.logged_at,
        "voided_at": entry.voided_at,
        "voided_by": entry.voided_by,
        "void_note": entry.void_note,
        "replaced_by": entry.replaced_by,
    }


def status_rows(report: StatusReport) -> list[dict[str, Any]]:
    rows = []
    for area in report.areas:
        for row in area.rows:
            rows.append(
                {
                    "area": area.area.name,
                    "id": row.indicator.id,
                    "name": row.indicator.name,
                    "owner": row.indicator.owner,
                    "unit": row.indicator.unit,
                    "commitment": row.indicator.commitment,
                    "target": row.indicator.target,
                    "actual": row.actual,
                    "actual_approx": row.actual_approx,
                    "stage": row.stage,
                    "completion": rounded(row.completion, 4),
                    "pace": rounded(row.pace, 4),
                    "gap_pp": rounded(row.gap, 2),
                    "state": words.row_state(row),
                    "forecast": rounded(row.forecast, 4),
                    "needed_per_cycle": rounded(row.needed, 4),
                    "cycle": t(f"cycle.{row.indicator.cycle.value}"),
                    "last_update": row.last_update,
                }
            )
    return rows


def export_entries(
    path: Path,
    entries: Iterable[Entry],
    targets: Targets,
    include_voided: bool,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the entries as they are read: a CSV or JSON file of a million entries never
    holds more than a row in memory (a workbook still holds its sheet). ``progress`` hears
    how many are written, every few thousand."""
    check_destination(path, replace)
    suffix = path.suffix.lower()
    shown = _Counted(
        (e for e in entries if include_voided or e.voided_at is None), progress or _silent
    )
    columns = ENTRY_COLUMNS + (VOID_COLUMNS if include_voided else [])

    def write(stream: BinaryIO) -> None:
        if suffix == ".json":
            _write_text(stream, "utf-8", dumps_items(entry_json(e) for e in shown), "\n")
        elif suffix == ".csv":
            by_id = targets.by_id()
            _write_csv(stream, columns, (_entry_row(e, by_id) for e in shown))
        else:
            write_book(stream, _entry_book(shown, targets, include_voided))

    publish(path, write, replace=replace)
    return shown.count


class _Counted:
    """The entries passed on, counted, with word of progress every PROGRESS_STEP."""

    def __init__(self, entries: Iterable[Entry], progress: Callable[[int], None]) -> None:
        self.entries, self.progress, self.count = entries, progress, 0

    def __iter__(self) -> Iterator[Entry]:
        for entry in self.entries:
            self.count += 1
            if self.count % PROGRESS_STEP == 0:
                self.progress(self.count)
            yield entry
        self.progress(self.count)


def _silent(done: int) -> None:
    """No one is watching."""


def _write_text(stream: BinaryIO, encoding: str, parts: Iterable[str], end: str = "") -> None:
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    text.writelines(parts)
    text.write(end)
    text.flush()
    text.detach()  # the stream stays open for publish to sync


def _write_csv(stream: BinaryIO, columns: list[Column], rows: Iterable[dict[str, Any]]) -> None:
    """The rows as they come, with the BOM and line endings Excel expects."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([c.heading for c in columns])
    keys = [(c.key, c.key in NOTE_KEYS) for c in columns]
    for row in rows:
        writer.writerow([_csv_cell(cell_text(row.get(key), note)) for key, note in keys])
    text.flush()
    text.detach()


def export_status(
    path: Path,
    report: StatusReport,
    replace: bool = False,
    title: str | None = None,
    by_section: bool = False,
) -> int:
    """The status; a workbook has ``title`` and the date on top, and with ``by_section`` one
    sheet per area after the whole table (a .csv or .json file has one table: refused)."""
    if by_section and path.suffix.lower() != ".xlsx":
        raise KpiError("export.by_section_xlsx", path=path)
    rows = status_rows(report)
    book = partial(status_sheets, report, title, by_section)
    _write(path, STATUS_COLUMNS, rows, status_json(report), book, replace)
    return len(rows)


def check_destination(path: Path, replace: bool = False) -> None:
    """Refuse a file type, a folder or an existing file before the export is computed."""
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx", ".json"}:
        raise KpiError("export.bad_type", path=path, suffix=suffix or "—")
    if replace:
        ensure_folder(path)
    else:
        ensure_free(path)


def _write(
    path: Path,
    columns: list[Column],
    rows: list[dict[str, Any]],
    as_json: Any,
    sheets: Callable[[], list[Sheet]],
    replace: bool,
) -> None:
    check_destination(path, replace)
    suffix = path.suffix.lower()

    def write(stream: BinaryIO) -> None:
        if suffix == ".json":
            stream.write((dumps(as_json) + "\n").encode("utf-8"))
        elif suffix == ".csv":
            stream.write(_csv(columns, rows).encode("utf-8-sig"))
        else:
            write_book(stream, sheets())

    publish(path, write, replace=replace)


def _csv(columns: list[Column], rows: list[dict[str, Any]]) -> str:
    keys, headings = [c.key for c in columns], [c.heading for c in columns]
    cells = [{key: cell_text(row.get(key), key in NOTE_KEYS) for key in keys} for row in rows]
    return csv_text(keys, cells, headings=headings, cell=_csv_cell)


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (str, int)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return exact_text(value)
    return value


def _entry_book(entries: Iterable[Entry], targets: Targets, include_voided: bool) -> list[Sheet]:
    """The entries as numbers with their unit beside them, ready to import again."""
    by_id = targets.by_id()
    headings = [c.heading for c in ENTRY_COLUMNS]
    headings.insert(headings.index("数值") + 1, "单位")
    if include_voided:
        headings += [c.heading for c in VOID_COLUMNS]
    sheet = Sheet("记录", headings, frozen_columns=0)
    sheet.text_keys = frozenset({headings.index("备注")} | _void_note(headings))
    for entry in entries:
        indicator = by_id.get(entry.indicator_id)
        value = shown_value(entry.mode, entry.value, entry.stage, entry.input, entry.qualifier)
        cells = [
            Cell(entry.id),
            Cell(entry.indicator_id),
            Cell(indicator.name if indicator else ""),
            value,
            Cell(entry.unit if entry.value is not None else None),
            Cell(entry.as_of, DATE_FORMAT),
            Cell(entry.note),
            Cell(entry.author),
            Cell(entry.source),
            Cell(entry.key or f"entry:{entry.id}@{entry.logged_at}"),
            # confirmed once with --force: confirmed again when the export is imported
            Cell("确认" if entry.confirmed else None),
            Cell(local_time(entry.logged_at), TIME_FORMAT),
        ]
        if include_voided:
            cells += [
                Cell(local_time(entry.voided_at), TIME_FORMAT),
                Cell(entry.voided_by),
                Cell(entry.void_note),
                Cell(entry.replaced_by),
            ]
        sheet.rows.append(cells)
        sheet.lights.append(None)
    return [sheet]


def _void_note(headings: list[str]) -> set[int]:
    return {headings.index("作废原因")} if "作废原因" in headings else set()
