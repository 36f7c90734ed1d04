"""Reading a department's spreadsheet (.csv or .xlsx) into rows for a batch.

CSV may come as UTF-8 (with or without a byte-order mark), as GBK/GB18030, which Excel on a
Chinese Windows still writes, or as UTF-16 with a byte-order mark (Excel's "Unicode text",
TAB-separated, often a ``.txt``). The delimiter — comma, TAB or semicolon — is the one that
makes a header kpitrack recognises. A workbook is read sheet by sheet until one has a header
kpitrack recognises (a 填表说明 sheet before the data is passed over), unless the caller names
the sheet. What the cells mean — headings, units, percentages, dates — is kpitrack.sheets'.
"""

from __future__ import annotations

import csv
import io
from codecs import BOM_UTF16_BE, BOM_UTF16_LE
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kpitrack.errors import KpiError
from kpitrack.sheets import Cell, Grid, SheetRows, find_header, no_header, read_grid

DELIMITERS = (",", "\t", ";")


def read_rows(path: Path, sheet: str | None = None, undated: date | None = None) -> SheetRows:
    """The rows of ``path``; ``sheet`` (a name, or a 1-based number) picks a workbook's sheet.

    ``undated`` is the day given to every row of a sheet without a date column.
    """
    if path.is_dir():
        raise KpiError("import.is_folder", path=path)
    if not path.is_file():
        raise KpiError("import.no_file", path=path)
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return rows_from_csv(decode(path.read_bytes(), path), path, undated)
    if suffix == ".xlsx":
        return rows_from_xlsx(path, sheet, undated)
    raise KpiError("import.bad_type", path=path, suffix=suffix or "—")


def decode(raw: bytes, path: Path | str = "-") -> str:
    """UTF-16 by its byte-order mark (or its NULs), else UTF-8, else GB18030.

    What none of them decodes is refused in one sentence, not a traceback.
    """
    head = raw[:400]
    if raw.startswith((BOM_UTF16_LE, BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in head:  # no UTF-8 or GBK text holds a NUL: UTF-16 without its mark
        little = head[1::2].count(0) >= head[::2].count(0)
        encodings = ("utf-16-le",) if little else ("utf-16-be",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KpiError("import.undecodable", path=path)


def rows_from_csv(text: str, path: Path, undated: date | None = None) -> SheetRows:
    """A CSV or TAB-separated text's rows, read by kpitrack.sheets like a spreadsheet's."""
    grid = Grid(None, [[Cell(cell) for cell in row] for row in split(text)])
    if not any(cell.value.strip() for row in grid.rows for cell in row):
        raise KpiError("import.empty", path=path)
    read = read_grid(grid, path, undated)
    if read is None:
        raise no_header(path, [grid])
    return read


def split(text: str) -> list[list[str]]:
    """The table under the delimiter whose header row kpitrack reads best; comma when none."""
    best: tuple[int, list[list[str]]] | None = None
    for delimiter in DELIMITERS:
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        header = find_header(Grid(None, [[Cell(cell) for cell in row] for row in table]))
        if header is not None and (best is None or len(header.columns) > best[0]):
            best = (len(header.columns), table)
    if best is None:
        return list(csv.reader(io.StringIO(text)))
    return best[1]


def rows_from_xlsx(path: Path, wanted: str | None = None, undated: date | None = None) -> SheetRows:
    """The first sheet with a header, or the one asked for.

    Read-only mode still gives each cell its number format (a percentage, a date shown as a
    month), which is all kpitrack needs of the styles; it reads a 500-row sheet several times
    faster than the full mode.
    """
    from openpyxl import load_workbook  # imported here: it takes a tenth of a second

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise KpiError("import.unreadable", path=path, reason=type(error).__name__) from error
    try:
        epoch = _day(book.epoch)
        sheets = book.worksheets
        chosen = sheets if wanted is None else [sheets[_sheet_index(path, book.sheetnames, wanted)]]
        grids: list[Grid] = []
        for sheet in chosen:
            grid = Grid(sheet.title, [_cells(row) for row in sheet.iter_rows()], epoch)
            grids.append(grid)
            read = read_grid(grid, path, undated)
            if read is not None:
                read.sheets = len(sheets)
                return read
    finally:
        book.close()
    raise no_header(path, grids)


def _cells(row: tuple[Any, ...]) -> list[Cell]:
    return [Cell(cell.value, getattr(cell, "number_format", None) or "General") for cell in row]


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _sheet_index(path: Path, names: list[str], wanted: str) -> int:
    """--sheet 填报 or --sheet 2 (counted from 1, as a person counts the tabs)."""
    text = wanted.strip()
    if text in names:
        return names.index(text)
    if text.isdigit() and 1 <= int(text) <= len(names):
        return int(text) - 1
    listed = "、".join(f"{n}「{name}」" for n, name in enumerate(names, start=1))
    raise KpiError("sheet.no_sheet", path=path, sheet=wanted, sheets=listed)
