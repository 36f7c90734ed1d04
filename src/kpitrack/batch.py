"""Many entries at once (``kpi log -``, ``kpi import``): every row checked before any is written.

A batch is planned first — each row becomes an entry, a duplicate of one already logged (its
key is known), or a problem with its row number — and only then written, in one transaction.
A batch with problems writes nothing unless the caller asked to skip bad rows.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from kpitrack.errors import KpiError, LogError
from kpitrack.model import Targets
from kpitrack.recording import find_indicator, parse_day, prepare_entry
from kpitrack.rows import RawRow, RowProblem
from kpitrack.sheets import HEADINGS as HEADINGS  # the synonym table lives with the reader
from kpitrack.sheets import Cell, Grid, SheetRows, canonical, no_header, read_grid
from kpitrack.sheets import unneutralise as unneutralise
from kpitrack.store import NewEntry, Store


@dataclass
class BatchPlan:
    entries: list[tuple[int, NewEntry]] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    voided: list[int] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.entries) + len(self.duplicates) + len(self.voided) + len(self.problems)


def plan_batch(
    rows: Iterable[RawRow],
    targets: Targets,
    store: Store,
    today: date,
    author: str,
    source: str | None = None,
    derive_keys: bool = False,
) -> BatchPlan:
    """Check every row. With ``derive_keys``, a row without a key gets one from its content,
    so that the same file imported twice adds nothing the second time."""
    plan = BatchPlan()
    seen_keys: set[str] = set()
    occurrences: Counter[str] = Counter()
    for row in rows:
        if row.fields.get("voided"):
            plan.voided.append(row.number)
            continue
        try:
            entry = _entry(row, targets, today, author, source)
        except KpiError as error:
            plan.problems.append(RowProblem(row.number, str(error)))
            continue
        key = row.fields.get("key") or None
        if key is None and derive_keys:
            content = "|".join(
                [entry.indicator_id, entry.input, entry.as_of.isoformat(), entry.note or "",
                 entry.author, entry.source or ""]
            )  # fmt: skip
            occurrences[content] += 1
            digest = hashlib.sha256(f"{content}#{occurrences[content]}".encode()).hexdigest()
            key = f"import:{digest[:32]}"
        if key is not None and (key in seen_keys or store.has_key(key)):
            plan.duplicates.append(row.number)
            continue
        if key is not None:
            seen_keys.add(key)
        plan.entries.append((row.number, replace(entry, key=key)))
    return plan


def _entry(row: RawRow, targets: Targets, today: date, author: str, source: str | None) -> NewEntry:
    fields = row.fields
    wanted = fields.get("id") or fields.get("name")
    if not wanted:
        raise KpiError("batch.no_indicator")
    indicator = find_indicator(targets, wanted)
    value = fields.get("value", "")
    day = parse_day(fields["date"], "日期") if fields.get("date") else today
    try:
        return prepare_entry(
            indicator,
            value,
            day,
            today,
            fields.get("by") or author,
            fields.get("note") or None,
            fields.get("source") or source,
        )
    except LogError as error:
        if error.key == "log.outside_period":  # a row has a date column, not a --date option
            fields_of = {k: error.fields[k] for k in ("date", "id", "period")}
            raise KpiError("batch.outside_period", **fields_of) from error
        raise


def write_batch(store: Store, plan: BatchPlan) -> int:
    with store.db.atomic():
        for _, entry in plan.entries:
            store.add(entry)
    return len(plan.entries)


def parse_lines(text: str) -> SheetRows:
    """``kpi log -``: 'ID VALUE [DATE]' per line (# starts a comment), or CSV with a header."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
    if "," in first and any(canonical(cell) for cell in first.split(",")):
        return rows_from_csv_text(text)
    rows = []
    for number, line in enumerate(lines, start=1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        parts = content.split(None, 2)
        fields = {"id": parts[0], "value": parts[1] if len(parts) > 1 else ""}
        if len(parts) > 2:
            fields["date"] = parts[2]
        rows.append(RawRow(number, fields))
    return SheetRows(rows=rows)


def rows_from_csv_text(text: str, path: Path | None = None) -> SheetRows:
    return rows_from_table(list(csv.reader(io.StringIO(text))), path)


def rows_from_table(table: list[list[str]], path: Path | None) -> SheetRows:
    """A CSV's rows, read by kpitrack.sheets like a spreadsheet's."""
    grid = Grid(None, [[Cell(cell) for cell in row] for row in table])
    if not any(any(cell.strip() for cell in row) for row in table):
        raise KpiError("import.empty", path=path or "-")
    read = read_grid(grid, path or "-")
    if read is None:
        raise no_header(path or "-", [grid])
    return read
