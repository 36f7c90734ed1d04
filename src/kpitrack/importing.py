"""Reading a department's spreadsheet (.csv or .xlsx) into rows for a batch.

CSV is decoded by its byte-order mark — UTF-8, or UTF-16 LE/BE (Excel's "Unicode text",
TAB-separated, often a ``.txt``) — else as UTF-8, else as GB18030 (GBK, which Excel on a
Chinese Windows still writes). The delimiter — comma, TAB or semicolon — is the one that makes
a header kpitrack recognises; a cell may hold up to :data:`FIELD_LIMIT` characters. A workbook
is read sheet by sheet until a visible one has a header kpitrack recognises (a 填表说明 sheet
before the data is passed over, a hidden one skipped and said), unless the caller names the
sheet; kpitrack.workbook streams it within bounds. What the cells mean — headings, units,
percentages, dates — is kpitrack.sheets'.
"""

from __future__ import annotations

import codecs
import csv
import io
from codecs import BOM_UTF8, BOM_UTF16_BE, BOM_UTF16_LE
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TextIO

from kpitrack.errors import KpiError
from kpitrack.messages import t
from kpitrack.rows import RawRow
from kpitrack.sheets import (
    HEADER_SEARCH,
    Cell,
    Grid,
    SheetRows,
    find_header,
    no_header,
    read_grid,
    stream_grid,
)
from kpitrack.workbook import check_size, read_sheet

DELIMITERS = (",", "\t", ";")
FIELD_LIMIT = 1_000_000  # characters in one CSV cell; the csv module's own limit is 131,072


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
        return stream_csv(path, undated)
    if suffix == ".xlsx":
        return rows_from_xlsx(path, sheet, undated)
    raise KpiError("import.bad_type", path=path, suffix=suffix or "—")


def file_encoding(path: Path) -> str:
    """The byte-order mark decides (UTF-8, UTF-16 LE or BE); without one, NULs mean UTF-16,
    else UTF-8, else GB18030. Read in blocks: the file is never held whole.

    A file with a mark that does not decode under it is refused rather than read as another
    encoding: the mark says what the writer meant. What none decodes is refused in one
    sentence, not a traceback.
    """
    with path.open("rb") as handle:
        head = handle.read(400)
    if head.startswith(BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif head.startswith((BOM_UTF16_LE, BOM_UTF16_BE)):
        encodings = ("utf-16",)
    elif b"\x00" in head:  # no UTF-8 or GBK text holds a NUL: UTF-16 without its mark
        little = head[1::2].count(0) >= head[::2].count(0)
        encodings = ("utf-16-le",) if little else ("utf-16-be",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        if _decodes(path, encoding):
            return encoding
    raise KpiError("import.undecodable", path=path)


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as handle:
        try:
            while block := handle.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def stream_csv(path: Path, undated: date | None = None) -> SheetRows:
    """A CSV or TAB-separated file's rows, read by kpitrack.sheets like a spreadsheet's, from
    the file as the batch takes them: a million-row file is never held, as text or as rows."""
    encoding = file_encoding(path)
    opened = partial(path.open, encoding=encoding, newline="")
    delimiter = _stream_delimiter(opened, path)
    handle = opened()
    try:
        reading = records(handle, delimiter, path)
        head = [[Cell(cell) for cell in row] for row in islice(reading, HEADER_SEARCH)]
        read = stream_grid(None, head, reading, path, undated)
        if read is None:
            first = next((row for row in reading if any(cell.strip() for cell in row)), None)
            grid = Grid(None, [*head, *([[Cell(cell) for cell in first]] if first else [])])
            if not any(cell.value.strip() for row in grid.rows for cell in row):
                raise KpiError("import.empty", path=path)
            raise no_header(path, [grid])
    except BaseException:
        handle.close()
        raise
    read.rows = _closing(read.rows, handle)
    return read


def _closing(rows: Iterable[RawRow], handle: TextIO) -> Iterator[RawRow]:
    with handle:
        yield from rows


def _stream_delimiter(opened: Callable[[], TextIO], path: Path) -> str:
    """The delimiter whose header row kpitrack reads best (on the first ``HEADER_SEARCH``
    records) among those under which the file is whole; comma when none has a header. A
    cell longer than :data:`FIELD_LIMIT` in those records rules a delimiter out, as does an
    unclosed quote; when every one is ruled out, the first one's refusal is said. The file
    is read whole (in the strict mode that finds an unclosed quote) only for the delimiter
    chosen, and for the others only when it is ruled out."""
    columns: dict[str, int] = {}
    head_errors: dict[str, KpiError] = {}
    for delimiter in DELIMITERS:
        with opened() as handle:
            try:
                head = list(records(handle, delimiter, path, HEADER_SEARCH))
            except KpiError as error:
                head_errors[delimiter] = error
                continue
        header = find_header(Grid(None, [[Cell(cell) for cell in row] for row in head]))
        if header is not None:
            columns[delimiter] = len(header.columns)
    quotes: dict[str, KpiError | None] = {}

    def refusal(delimiter: str) -> KpiError | None:
        if delimiter not in quotes:
            with opened() as handle:
                quotes[delimiter] = _unclosed_quote(handle, delimiter, path)
        return quotes[delimiter] or head_errors.get(delimiter)

    for delimiter in sorted(columns, key=lambda d: (-columns[d], DELIMITERS.index(d))):
        if refusal(delimiter) is None:
            return delimiter
    for delimiter in DELIMITERS:
        refused = refusal(delimiter)
        if refused is not None:
            raise refused
    return ","


def read_table(
    text: str, delimiter: str = ",", path: Path | str = "-", records_wanted: int | None = None
) -> list[list[str]]:
    """The records of a CSV text (the first ``records_wanted`` of them); see :func:`records`."""
    return list(records(text, delimiter, path, records_wanted))


def records(
    text: str | TextIO, delimiter: str = ",", path: Path | str = "-", wanted: int | None = None
) -> Iterator[list[str]]:
    """The records of a CSV text (the first ``wanted`` of them) as they are read, each cell
    up to :data:`FIELD_LIMIT` characters; a longer one, or a record the csv module cannot
    read, is refused in one sentence naming its row. A text is first read whole for an
    unclosed quote; an open file is not (its reader has done so, see :func:`stream_csv`)."""
    if isinstance(text, str):
        refused = _unclosed_quote(io.StringIO(text), delimiter, path)
        if refused is not None:
            raise refused
    reader = csv.reader(io.StringIO(text) if isinstance(text, str) else text, delimiter=delimiter)
    number = 0
    while wanted is None or number < wanted:
        previous = csv.field_size_limit(FIELD_LIMIT)
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise KpiError(
                    "import.field_too_large", path=path, number=number + 1, limit=f"{FIELD_LIMIT:,}"
                ) from error
            raise KpiError(
                "import.csv_broken", path=path, number=number + 1, reason=error
            ) from None
        finally:
            csv.field_size_limit(previous)
        number += 1
        yield record


def _unclosed_quote(text: TextIO, delimiter: str, path: Path | str) -> KpiError | None:
    """A quote opened and never closed makes the csv module take every row after it as one
    cell, silently; its strict mode notices the file ending inside the quote."""
    read = 0
    previous = csv.field_size_limit(FIELD_LIMIT)
    try:
        for _ in csv.reader(text, delimiter=delimiter, strict=True):
            read += 1
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            return KpiError("import.unclosed_quote", path=path, number=read + 1)
    finally:
        csv.field_size_limit(previous)
    return None


def rows_from_xlsx(path: Path, wanted: str | None = None, undated: date | None = None) -> SheetRows:
    """The first visible sheet with a header, or the one asked for (hidden or not).

    Read as a stream within bounds (kpitrack.workbook); the number formats come with the
    cells (a percentage, a date shown as a month), which is all kpitrack needs of the styles.
    """
    from openpyxl import load_workbook  # imported here: it takes a tenth of a second

    check_size(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise KpiError("import.unreadable", path=path, reason=type(error).__name__) from error
    try:
        sheets = book.worksheets
        if wanted is None:
            chosen = [sheet for sheet in sheets if sheet.sheet_state == "visible"]
            hidden = [sheet.title for sheet in sheets if sheet.sheet_state != "visible"]
        else:
            chosen, hidden = [sheets[_sheet_index(path, book.sheetnames, wanted)]], []
        grids: list[Grid] = []
        for sheet in chosen:
            sheet_read = read_sheet(book, sheet, path)
            grids.append(sheet_read.grid)
            read = read_grid(sheet_read.grid, path, undated) if sheet_read.has_header else None
            if read is not None:
                read.sheets = len(sheets)
                read.hidden_sheets = hidden
                read.hidden_rows = sheet_read.hidden_rows
                return read
    finally:
        book.close()
    raise no_header(path, grids, hidden)


def _sheet_index(path: Path, names: list[str], wanted: str) -> int:
    """--sheet 填报 or --sheet 2 (counted from 1, as a person counts the tabs)."""
    text = wanted.strip()
    if text in names:
        return names.index(text)
    if text.isdigit() and 1 <= int(text) <= len(names):
        return int(text) - 1
    listed = t("words.separator").join(
        t("words.numbered", n=n, text=name) for n, name in enumerate(names, start=1)
    )
    raise KpiError("sheet.no_sheet", path=path, sheet=wanted, sheets=listed)
