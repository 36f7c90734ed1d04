"""Reading an .xlsx workbook as a stream of rows, within bounds, skipping what is hidden.

A workbook is a zip of XML, and its size says little about what it holds: a 4.9 KB file with
one cell at XFD1048576 claims a sheet of 17 billion cells, and openpyxl's read-only rows,
padded to the claimed size, once took 36 s and 3.9 GB before a MemoryError. So nothing here
trusts the sheet's stated size. The rows are streamed as the XML has them and kept only up to
the last cell with content, and three limits, documented in the README, bound time and memory:

* at most :data:`MAX_ROWS` rows and :data:`MAX_COLUMNS` columns: content beyond them is
  refused with one sentence naming its cell (a stray entry far down or right is the usual
  cause; rows and cells that exist only for their formatting are not content);
* at most :data:`MAX_CELLS` cells with content in a sheet;
* at most :data:`MAX_UNPACKED_MB` MB for the workbook's unpacked parts, checked from the zip's
  directory before anything is read (zipfile never unpacks more than a part declares).

A sheet is read only as far as deciding it has no header (its first ``HEADER_SEARCH`` rows)
when it has none. Hidden rows — hidden by hand or by a filter — are left out as if blank and
counted, so that what is imported is what the person who sent the file saw; openpyxl's
read-only sheet does not tell which rows are hidden, so the rows come from its sheet parser,
which does (the same parser read-only mode uses).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kpitrack.errors import KpiError
from kpitrack.sheets import HEADER_SEARCH, Cell, Grid, find_header

MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000
MAX_UNPACKED_MB = 100
EXCEL_ROWS = 1_048_576  # a sheet's last row: more row elements than this is no sheet Excel wrote
EMPTY = Cell(None)
# What a damaged part raises when it is streamed: the zip, its compression, the XML, a shared
# string's number; SyntaxError is ElementTree's ParseError.
DAMAGED = (zipfile.BadZipFile, zlib.error, SyntaxError, ValueError, LookupError, EOFError)


@dataclass
class SheetRead:
    """One sheet's grid (hidden rows blank), the rows hidden with content, and whether the
    sheet has a header at all (``grid`` then holds only the rows looked at)."""

    grid: Grid
    has_header: bool
    hidden_rows: list[int] = field(default_factory=list)


def check_size(path: Path) -> None:
    """Refuse a workbook whose parts unpack to more than the limit, before reading any."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip: openpyxl names what is wrong
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        raise KpiError("import.too_large", path=path, limit=MAX_UNPACKED_MB)


def read_sheet(book: Any, sheet: Any, path: Path) -> SheetRead:
    """A sheet's rows, or only its first rows when they hold no header."""
    stream = _rows(book, sheet, path)
    try:
        return _read(Grid(sheet.title, [], _day(book.epoch)), stream)
    except DAMAGED as error:
        raise KpiError("import.unreadable", path=path, reason=type(error).__name__) from error
    finally:
        stream.close()


def _read(grid: Grid, stream: Iterator[tuple[int, bool, list[Cell]]]) -> SheetRead:
    """Fill ``grid`` from the stream: its first rows, then the rest if they hold a header."""
    hidden: list[int] = []
    for index, is_hidden, cells in stream:
        _place(grid.rows, hidden, index, is_hidden, cells)
        if index >= HEADER_SEARCH:
            break
    if find_header(grid) is None:
        return SheetRead(grid, False, hidden)
    for index, is_hidden, cells in stream:
        _place(grid.rows, hidden, index, is_hidden, cells)
    return SheetRead(grid, True, hidden)


def _place(
    rows: list[list[Cell]], hidden: list[int], index: int, is_hidden: bool, cells: list[Cell]
) -> None:
    """Row ``index`` (counted from 1) into its place; a hidden row is blank, and counted."""
    rows.extend([] for _ in range(index - 1 - len(rows)))
    if is_hidden and cells:
        hidden.append(index)
    rows.append([] if is_hidden else cells)


def _rows(book: Any, sheet: Any, path: Path) -> Generator[tuple[int, bool, list[Cell]]]:
    """(row number, hidden, cells up to the last with content) for each row in the XML."""
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    formats: dict[int, str] = {}
    filled = 0
    elements = 0
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for index, raw in parser.parse():
            elements += 1
            attributes = parser.row_dimensions.pop(str(index), None) or {}
            if elements > EXCEL_ROWS:
                break  # no sheet Excel wrote has more rows: the rest is not read
            present = [cell for cell in raw if cell["value"] is not None and cell["value"] != ""]
            if not present:
                continue  # a row kept for its height or style, or cells formatted and empty
            far = next((c for c in present if index > MAX_ROWS or c["column"] > MAX_COLUMNS), None)
            if far is not None:
                where = f"{get_column_letter(far['column'])}{far['row']}"
                raise KpiError(
                    "sheet.too_big", path=path, sheet=sheet.title, cell=where, rows=f"{MAX_ROWS:,}",
                    columns=f"{MAX_COLUMNS:,}",
                )  # fmt: skip
            filled += len(present)
            if filled > MAX_CELLS:
                raise KpiError(
                    "sheet.too_many_cells", path=path, sheet=sheet.title, cells=f"{MAX_CELLS:,}"
                )
            cells = [EMPTY] * max(cell["column"] for cell in present)
            for cell in present:
                style = cell["style_id"]
                if style not in formats:
                    formats[style] = ReadOnlyCell(sheet, **cell).number_format or "General"
                cells[cell["column"] - 1] = Cell(cell["value"], formats[style])
            yield index, attributes.get("hidden") in {"1", "true"}, cells


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
