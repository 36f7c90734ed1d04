"""Writing entries or the status to .csv, .xlsx or .json, for Excel/WPS and for re-import.

The format follows the file's extension. Spreadsheets get headings in the user's language (ones
``kpi import`` reads back), units, and dates typed as dates; any text that a spreadsheet would
run as a formula (=, +, -, @, TAB or CR first) is neutralised with a leading apostrophe, which
``kpi import`` removes again, and a control character an older kpitrack let into the database
is written as U+FFFD, so that the export never fails and imports again (kpitrack.plaintext).
Entries are written so that importing them into a fresh database gives the same status, and
importing them into the database they came from adds nothing. An existing file is replaced only
when asked (``replace``, the CLI's ``--force``); see :mod:`kpitrack.publish` for how.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from kpitrack.errors import KpiError
from kpitrack.frozen import frozen
from kpitrack.messages import t
from kpitrack.model import Indicator, Targets
from kpitrack.plaintext import cell_text
from kpitrack.publish import ensure_folder, ensure_free, publish
from kpitrack.quantity import exact_text
from kpitrack.records import Entry, ExportLines
from kpitrack.render import words
from kpitrack.render.history import entry_json, entry_value
from kpitrack.render.status_json import INDENT, dumps, item_text, rounded, status_json
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
    write_rows,
)

if TYPE_CHECKING:
    from kpitrack.store import Store

NOTE_KEYS = frozenset({"note", "void_note"})  # the texts that may span lines
PROGRESS_STEP = 10_000  # entries written between two words of progress
FLUSH_AT = 1 << 20  # characters of lines written here held before they go to the file


@frozen
class Column:
    key: str
    heading: str
    kind: str = "text"  # text, number, percent, date


# A column's heading is a catalogue key (export.col.<key>): the file is written in the language.
ENTRY_COLUMNS = [
    Column("entry", "export.col.entry", "number"),
    Column("id", "export.col.id"),
    Column("name", "export.col.name"),
    Column("value", "export.col.value"),
    Column("date", "export.col.date", "date"),
    Column("note", "export.col.note"),
    Column("by", "export.col.by"),
    Column("source", "export.col.source"),
    Column("key", "export.col.key"),
    Column("confirm", "export.col.confirm"),
    Column("logged_at", "export.col.logged_at"),
]
VOID_COLUMNS = [
    Column("voided_at", "export.col.voided_at"),
    Column("voided_by", "export.col.voided_by"),
    Column("void_note", "export.col.void_note"),
    Column("replaced_by", "export.col.replaced_by", "number"),
]
STATUS_COLUMNS = [
    Column("area", "export.col.area"),
    Column("id", "export.col.id"),
    Column("name", "export.col.name"),
    Column("owner", "export.col.owner"),
    Column("unit", "export.col.unit"),
    Column("target", "export.col.target", "number"),
    Column("actual", "export.col.actual", "number"),
    Column("stage", "export.col.stage"),
    Column("completion", "export.col.completion", "percent"),
    Column("pace", "export.col.pace", "percent"),
    Column("gap_pp", "export.col.gap_pp", "number"),
    Column("state", "export.col.state"),
    Column("forecast", "export.col.forecast", "number"),
    Column("needed_per_cycle", "export.col.needed_per_cycle", "number"),
    Column("cycle", "export.col.cycle"),
    Column("last_update", "export.col.last_update", "date"),
    # issue 9, the numbers side: kept last, so the columns before keep their places
    Column("commitment", "export.col.commitment"),  # 确保 / 力争 / 争取
    Column("actual_approx", "export.col.actual_approx"),  # 突破 in 突破60亿元, 余 in 750余家
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
        "confirm": t("export.confirmed") if entry.confirmed else None,
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
    store: Store,
    targets: Targets,
    include_voided: bool,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the entries as they are read: a CSV or JSON file of a million entries holds a
    page of them in memory, and lines the engine wrote itself are passed on as they are
    (``Store.exported``); a workbook is streamed row by row too. ``progress`` hears how many
    are written, every few thousand."""
    check_destination(path, replace)
    suffix = path.suffix.lower()
    counted = _Counter(progress or _silent)

    def write(stream: BinaryIO) -> None:
        if suffix == ".xlsx":
            entries = (e for e in store.all_entries() if include_voided or e.voided_at is None)
            write_entry_book(stream, counted.each(entries), targets, include_voided)
        elif suffix == ".csv":
            names = _name_cells(targets)
            pieces = store.exported("csv", include_voided, names)
            _write_csv_pieces(stream, pieces, targets, include_voided, counted)
        else:
            _write_json_pieces(stream, store.exported("json", include_voided, {}), counted)
        counted.done()

    publish(path, write, replace=replace)
    return counted.count


class _Counter:
    """The entries written so far, with word of progress every PROGRESS_STEP."""

    def __init__(self, progress: Callable[[int], None]) -> None:
        self.progress, self.count = progress, 0

    def add(self, count: int) -> None:
        before, self.count = self.count, self.count + count
        if before // PROGRESS_STEP != self.count // PROGRESS_STEP:
            self.progress(self.count)

    def each(self, entries: Iterable[Entry]) -> Iterator[Entry]:
        for entry in entries:
            self.add(1)
            yield entry

    def done(self) -> None:
        self.progress(self.count)


def _silent(done: int) -> None:
    """No one is watching."""


def _name_cells(targets: Targets) -> dict[str, str]:
    """Each indicator's name as the CSV writer writes its cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    cells = {}
    for indicator in targets.by_id().values():
        writer.writerow([_csv_cell(cell_text(indicator.name)), ""])  # two: "" alone is quoted
        cells[indicator.id] = buffer.getvalue()[:-2]
        buffer.seek(0)
        buffer.truncate()
    return cells


def _write_csv_pieces(
    stream: BinaryIO,
    pieces: Iterable[ExportLines | Entry],
    targets: Targets,
    include_voided: bool,
    counted: _Counter,
) -> None:
    """The lines as they come, with the BOM and line endings Excel expects; an entry the
    engine did not write is written here, as every entry once was."""
    columns = ENTRY_COLUMNS + (VOID_COLUMNS if include_voided else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([t(c.heading) for c in columns])
    keys = [(c.key, c.key in NOTE_KEYS) for c in columns]
    by_id = targets.by_id()
    stream.write(codecs.BOM_UTF8)
    for piece in pieces:
        if isinstance(piece, ExportLines):
            _flush(stream, buffer)
            stream.write(piece.text)
            counted.add(piece.count)
            continue
        row = _entry_row(piece, by_id)
        writer.writerow([_csv_cell(cell_text(row.get(key), note)) for key, note in keys])
        counted.add(1)
        if buffer.tell() > FLUSH_AT:
            _flush(stream, buffer)
    _flush(stream, buffer)


def _write_json_pieces(
    stream: BinaryIO, pieces: Iterable[ExportLines | Entry], counted: _Counter
) -> None:
    """The text ``dumps`` gives for the list of entries, as they come."""
    first = True
    stream.write(b"[")
    buffer = io.StringIO()
    for piece in pieces:
        if isinstance(piece, ExportLines):
            _flush(stream, buffer)
            stream.write(piece.text[1:] if first else piece.text)  # each starts with its comma
            counted.add(piece.count)
        else:
            buffer.write(("\n" if first else ",\n") + INDENT + item_text(entry_json(piece)))
            counted.add(1)
            if buffer.tell() > FLUSH_AT:
                _flush(stream, buffer)
        first = False
    _flush(stream, buffer)
    stream.write(b"]\n" if first else b"\n]\n")


def _flush(stream: BinaryIO, buffer: io.StringIO) -> None:
    if buffer.tell():
        stream.write(buffer.getvalue().encode())
        buffer.seek(0)
        buffer.truncate()


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
    keys, headings = [c.key for c in columns], [t(c.heading) for c in columns]
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


def write_entry_book(
    stream: BinaryIO, entries: Iterable[Entry], targets: Targets, include_voided: bool
) -> None:
    """The entries as numbers with their unit beside them, ready to import again, written
    row by row (a million entries fit: Excel takes 1,048,576 rows)."""
    by_id = targets.by_id()
    keys = [c.key for c in ENTRY_COLUMNS]
    keys.insert(keys.index("value") + 1, "unit")
    if include_voided:
        keys += [c.key for c in VOID_COLUMNS]
    text_keys = frozenset(keys.index(key) for key in ("note", "void_note") if key in keys)
    headings = [t(f"export.col.{key}") for key in keys]
    rows = (_entry_cells(entry, by_id, include_voided) for entry in entries)
    write_rows(stream, t("export.sheet.entries"), headings, rows, text_keys)


def _entry_cells(entry: Entry, by_id: dict[str, Indicator], include_voided: bool) -> list[Cell]:
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
        Cell(t("export.confirmed") if entry.confirmed else None),
        Cell(local_time(entry.logged_at), TIME_FORMAT),
    ]
    if include_voided:
        cells += [
            Cell(local_time(entry.voided_at), TIME_FORMAT),
            Cell(entry.voided_by),
            Cell(entry.void_note),
            Cell(entry.replaced_by),
        ]
    return cells
