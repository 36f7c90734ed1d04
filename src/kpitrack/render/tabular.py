"""CSV and Markdown tables from rows of plain values: the two text formats every report shares.

CSV carries raw values under stable English keys (numbers as numbers, empty for none), with an
optional byte-order mark so that Excel opens UTF-8 Chinese correctly; such a CSV is meant for a
spreadsheet, so its text is written as kpitrack.plaintext.cell_text writes a cell (never run as
a formula), while its numbers stay numbers. Markdown carries the
display strings under headings in the run's language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

from kpitrack.frozen import frozen
from kpitrack.plaintext import cell_text
from kpitrack.quantity import exact_text

BOM = "\ufeff"


@frozen
class Column:
    key: str
    heading: str = ""
    numeric: bool = False


def csv_text(
    keys: Sequence[str],
    rows: Iterable[Mapping[str, object]],
    bom: bool = False,
    headings: Sequence[str] | None = None,
    cell: Callable[[object], object] | None = None,
) -> str:
    """CSV with Excel's line endings; the header is the keys unless headings are given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings or keys)
    write_cell = cell or (_excel_cell if bom else _cell)
    for row in rows:
        writer.writerow([write_cell(row.get(key)) for key in keys])
    return (BOM if bom else "") + buffer.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return " → ".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return exact_text(value)  # its digits, never an exponent (1E+1) nor float noise
    return value


def _excel_cell(value: object) -> object:
    return cell_text(value, note=True) if isinstance(value, str) else _cell(value)


def markdown_table(columns: Sequence[Column], rows: Iterable[Mapping[str, str]]) -> str:
    head = "| " + " | ".join(_escape(c.heading) for c in columns) + " |"
    rule = "|" + "|".join("---:" if c.numeric else "---" for c in columns) + "|"
    body = ["| " + " | ".join(_escape(row.get(c.key, "")) for c in columns) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
