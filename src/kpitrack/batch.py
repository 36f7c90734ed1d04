"""Many entries at once (``kpi log -``, ``kpi import``): every row checked before any is written.

A batch is planned first — each row becomes an entry, a duplicate of one already logged (its
key is known), or a problem with its row number — and only then written, in one transaction.
A batch with problems writes nothing unless the caller asked to skip bad rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

from kpitrack.checks import Ledger, confirms, vetted
from kpitrack.errors import KpiError, LogError
from kpitrack.importing import read_table
from kpitrack.imports import NEW, AlreadyLogged, ImportOrigin
from kpitrack.messages import t
from kpitrack.model import Indicator, Targets
from kpitrack.plaintext import checked_line
from kpitrack.progress import Point
from kpitrack.recording import find_indicator, parse_day, prepare_entry
from kpitrack.records import DayFigure
from kpitrack.rows import RawRow, RowProblem
from kpitrack.sheets import HEADINGS as HEADINGS  # the synonym table lives with the reader
from kpitrack.sheets import Cell, Grid, SheetRows, canonical, no_header, read_grid
from kpitrack.sheets import unneutralise as unneutralise
from kpitrack.store import NewEntry, Store

# Word of a batch's progress: the stage ("check" or "write"), rows done, rows in all.
BatchProgress = Callable[[str, int, int], None]
PROGRESS_STEP = 5_000  # rows between two words of progress


@dataclass
class BatchPlan:
    entries: list[tuple[int, NewEntry]] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    voided: list[int] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.entries) + len(self.duplicates) + len(self.voided) + len(self.problems)

    @property
    def confirmed(self) -> int:
        return sum(1 for _, entry in self.entries if entry.confirmed is not None)


def plan_batch(
    rows: Iterable[RawRow],
    targets: Targets,
    store: Store,
    today: date,
    author: str,
    source: str | None = None,
    by_content: bool = False,
    force: bool = False,
    progress: BatchProgress | None = None,
) -> BatchPlan:
    """Check every row, against the database and the rows above it.

    With ``by_content`` (an import), a row already in the database — same indicator, date,
    mode and value or stage, from any earlier import or log, voided entries not counting —
    is not added again, whatever the file is called. Counted as a multiset: a file holding
    the same figure twice for one day adds both the first time and neither when re-sent.
    A row with a ``key`` is known by its key instead. Every new figure passes the checks at
    entry (checks.py), unless ``force`` or the row's 确认 column confirms it.
    """
    plan = BatchPlan()
    indicators = targets.by_id()
    seen_keys: set[str] = set()
    already = AlreadyLogged(store)
    new: list[tuple[RawRow, NewEntry]] = []
    total = len(rows) if isinstance(rows, Sized) else 0
    for done, row in enumerate(rows, start=1):
        if progress is not None and done % PROGRESS_STEP == 0:
            progress("check", done, total)
        if row.fields.get("voided"):
            plan.voided.append(row.number)
            continue
        try:
            entry = _entry(row, targets, today, author, source)
        except KpiError as error:
            plan.problems.append(RowProblem(row.number, str(error)))
            continue
        key = row.fields.get("key") or None
        if key is not None:
            if key in seen_keys or store.has_key(key):
                plan.duplicates.append(row.number)
                continue
            seen_keys.add(key)
        indicator = indicators[entry.indicator_id]
        seen = already.match(entry, indicator.ids) if key is None and by_content else NEW
        if seen.already:
            plan.duplicates.append(row.number)
            continue
        if seen.twin is not None:
            asked = _twin_question(entry, seen.twin)
            if not (force or confirms(row.fields.get("confirm"))):
                plan.problems.append(RowProblem(row.number, asked))
                continue
            entry = replace(entry, confirmed=asked)  # history shows the question answered
        new.append((row, entry if key == entry.key else replace(entry, key=key)))
    # Checked in date order, each row against the entries up to its day and the rows before
    # it; a sheet's own order decides only between rows of the same day.
    ledgers: dict[str, Ledger] = {}
    for row, entry in sorted(new, key=lambda item: (item[1].as_of, item[0].number)):
        indicator = indicators[entry.indicator_id]
        if indicator.id not in ledgers:
            period = indicator.period
            ledgers[indicator.id] = Ledger(store.points(indicator.ids, period.start, period.end))
        ledger = ledgers[indicator.id]
        confirmed = force or confirms(row.fields.get("confirm"))
        try:
            entry = vetted(indicator, entry, ledger, targets.checks, confirmed)
        except KpiError as error:
            plan.problems.append(RowProblem(row.number, str(error)))
            continue
        after_all = (1 << 62) + row.number  # after every stored entry of its day
        ledger.add(Point(entry.as_of, after_all, entry.mode, entry.value, entry.stage))
        plan.entries.append((row.number, entry))
    plan.entries.sort(key=lambda item: item[0])  # written in the file's order
    plan.problems.sort(key=lambda problem: problem.number)
    return plan


def _same_indicator(targets: Targets, indicator: Indicator, name: str) -> None:
    """A row with an id and a name must mean one indicator: a paste one row off puts every
    figure on its neighbour. A name that fits no indicator (a clerk's short form) passes."""
    try:
        named = find_indicator(targets, name)
    except LogError:  # unknown, or shared by several: the id decides
        return
    if named.id != indicator.id:
        raise KpiError(
            "batch.id_name_differ", id=indicator.id, own=indicator.name, name=name.strip(),
            other=named.id,
        )  # fmt: skip


def _twin_question(entry: NewEntry, twin: DayFigure) -> str:
    """An increment the database already has on that day, noted otherwise: the same report
    sent again with a new note, or another report of the same size? Only a person knows."""
    return t(
        "batch.same_increment",
        entry=twin.id,
        value=entry.input.strip(),
        date=entry.as_of,
        note=twin.note or t("batch.no_note"),
    )


def _entry(row: RawRow, targets: Targets, today: date, author: str, source: str | None) -> NewEntry:
    fields = row.fields
    wanted = fields.get("id") or fields.get("name")
    if not wanted:
        raise KpiError("batch.no_indicator")
    indicator = find_indicator(targets, wanted)
    if fields.get("id") and fields.get("name"):
        _same_indicator(targets, indicator, fields["name"])
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


def write_batch(
    store: Store,
    plan: BatchPlan,
    origin: ImportOrigin | None = None,
    progress: BatchProgress | None = None,
) -> tuple[int, int | None]:
    """Write the planned entries in one transaction; return how many, and the number of the
    import that wrote them (an import that writes nothing gets no number)."""
    import_id = None
    with store.write():
        if origin is not None and plan.entries:
            import_id = store.record_import(
                origin.file_name, origin.sha256, origin.sheet, origin.author, len(plan.entries)
            )
        store.add_many(_told(plan.entries, progress), import_id)
    return len(plan.entries), import_id


def _told(entries: list[tuple[int, NewEntry]], progress: BatchProgress | None) -> list[NewEntry]:
    """The entries to write, as a sequence that tells ``progress`` how far the statement has
    read it (the statement takes them one by one)."""
    if progress is None:
        return [entry for _, entry in entries]
    return _Told(entries, progress)


class _Told(list[NewEntry]):
    def __init__(self, entries: list[tuple[int, NewEntry]], progress: BatchProgress) -> None:
        super().__init__(entry for _, entry in entries)
        self.progress = progress

    def __iter__(self) -> Iterator[NewEntry]:
        total = len(self)
        for done, entry in enumerate(super().__iter__(), start=1):
            if done % PROGRESS_STEP == 0 or done == total:
                self.progress("write", done, total)
            yield entry


def parse_lines(text: str) -> SheetRows:
    """``kpi log -``: 'ID VALUE [DATE]' per line (# starts a comment), or CSV with a header.

    Lines are split at LF alone (CR LF too), so that a stray control character that Python
    counts as a line break (FS, GS, RS, VT, FF) stays in its line, and is refused there.
    """
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
    if "," in first and any(canonical(cell) for cell in first.split(",")):
        return rows_from_csv_text(text)
    rows = []
    problems = []
    for number, line in enumerate(lines, start=1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        try:
            checked_line(content.replace("\t", " "), partial(t, "field.line"))
        except KpiError as error:
            problems.append(RowProblem(number, str(error)))
            continue
        parts = content.split(None, 2)
        fields = {"id": parts[0], "value": parts[1] if len(parts) > 1 else ""}
        if len(parts) > 2:
            fields["date"] = parts[2]
        rows.append(RawRow(number, fields))
    return SheetRows(rows=rows, problems=problems)


def rows_from_csv_text(text: str, path: Path | None = None) -> SheetRows:
    return rows_from_table(read_table(text, ",", path or "-"), path)


def rows_from_table(table: list[list[str]], path: Path | None) -> SheetRows:
    """A CSV's rows, read by kpitrack.sheets like a spreadsheet's."""
    grid = Grid(None, [[Cell(cell) for cell in row] for row in table])
    if not any(any(cell.strip() for cell in row) for row in table):
        raise KpiError("import.empty", path=path or "-")
    read = read_grid(grid, path or "-")
    if read is None:
        raise no_header(path or "-", [grid])
    return read
