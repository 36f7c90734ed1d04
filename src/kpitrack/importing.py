"""Reading a department's spreadsheet (.csv or .xlsx) into rows for a batch.

CSV may come as UTF-8 (with or without a byte-order mark) or as GBK/GB18030, which Excel on a
Chinese Windows still writes. Columns are found by their heading, English or Chinese, in any
order; columns kpitrack does not use are ignored.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from kpitrack.batch import RawRow, rows_from_csv_text, rows_from_table
from kpitrack.errors import KpiError
from kpitrack.quantity import format_number


def read_rows(path: Path) -> list[RawRow]:
    if not path.is_file():
        raise KpiError("import.no_file", path=path)
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return rows_from_csv_text(decode(path.read_bytes()), path)
    if suffix == ".xlsx":
        return rows_from_xlsx(path)
    raise KpiError("import.bad_type", path=path, suffix=suffix or "—")


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def rows_from_xlsx(path: Path) -> list[RawRow]:
    from openpyxl import load_workbook  # imported here: it takes a tenth of a second

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise KpiError("import.unreadable", path=path, reason=type(error).__name__) from error
    sheet = book.worksheets[0]
    table = [[_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows_from_table(table, path)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return format_number(Decimal(str(value)), places=6)
    return str(value)
