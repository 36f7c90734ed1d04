"""Many entries at once (``kpi log -``, ``kpi import``): every row checked before any is kept.

Each row becomes an entry, a duplicate of one already logged (its key is known), or a problem
with its row number. :func:`plan_batch` plans a whole batch before :func:`write_batch` writes
it; :func:`stream_batch` (what ``kpi import`` and ``kpi log -`` use) plans and writes a chunk
at a time inside one transaction, so a million rows are never held — and a batch with
problems still keeps nothing, unless the caller asked to skip bad rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from itertools import islice
from pathlib import Path

from kpitrack.checks import Ledger, confirms, vetted
from kpitrack.errors import KpiError
from kpitrack.importing import read_table
from kpitrack.imports import AlreadyLogged, ImportOrigin
from kpitrack.messages import t
from kpitrack.model import Targets
from kpitrack.plaintext import checked_line
from kpitrack.progress import Point
from kpitrack.records import DayFigure
from kpitrack.row_entries import EntryReader
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
    streamed: int = 0  # entries a streamed batch planned, written chunk by chunk, not held
    streamed_confirmed: int = 0  # of which confirmed

    @property
    def rows(self) -> int:
        planned = len(self.entries) + self.streamed
        return planned + len(self.duplicates) + len(self.voided) + len(self.problems)

    @property
    def confirmed(self) -> int:
        held = sum(1 for _, entry in self.entries if entry.confirmed is not None)
        return held + self.streamed_confirmed


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
    planner = Planner(targets, store, today, author, source, by_content, force)
    total = len(rows) if isinstance(rows, Sized) else 0
    new: list[tuple[RawRow, NewEntry]] = []
    for done, row in enumerate(rows, start=1):
        if progress is not None and done % PROGRESS_STEP == 0:
            progress("check", done, total)
        found = planner.first(row)
        if found is not None:
            new.append(found)
    # Checked in date order, each row against the entries up to its day and the rows before
    # it; a sheet's own order decides only between rows of the same day.
    plan = planner.plan
    for row, entry in sorted(new, key=lambda item: (item[1].as_of, item[0].number)):
        checked = planner.vet(row, entry)
        if checked is not None:
            plan.entries.append((row.number, checked))
    plan.entries.sort(key=lambda item: item[0])  # written in the file's order
    plan.problems.sort(key=lambda problem: problem.number)
    return plan


class OutOfOrder(Exception):
    """A streamed batch met a row dated before an earlier row of its indicator: the rows
    must be checked in date order, so the batch is planned again whole (see stream_batch)."""


class Planner:
    """A batch's checks, row by row, with what they carry from one row to the next: the
    keys seen, the figures already logged (an import's), each indicator's ledger.

    ``first`` takes the rows in the file's order; ``vet`` takes the rows it let through in
    date order (a sheet's own order between rows of one day).
    """

    def __init__(
        self,
        targets: Targets,
        store: Store,
        today: date,
        author: str,
        source: str | None,
        by_content: bool,
        force: bool,
        before: int | None = None,
    ) -> None:
        self.targets, self.store, self.today = targets, store, today
        self.author, self.source, self.by_content, self.force = author, source, by_content, force
        self.plan = BatchPlan()
        self.indicators = targets.by_id()
        self.seen_keys: set[str] = set()
        self.already = AlreadyLogged(store, before)
        self.ledgers: dict[str, Ledger] = {}
        self.ids: dict[str, tuple[str, ...]] = {}  # an indicator's ids, made once
        self.last_day: dict[str, date] = {}  # per indicator, the day of the row vetted last
        self.reader = EntryReader(targets, today, author, source)

    def first(self, row: RawRow) -> tuple[RawRow, NewEntry] | None:
        """The row's entry, or None when it is voided, a duplicate or a problem (noted)."""
        plan, store = self.plan, self.store
        fields = row.fields
        if fields.get("voided"):
            plan.voided.append(row.number)
            return None
        try:
            entry = self.reader.entry(row)
        except KpiError as error:
            plan.problems.append(RowProblem(row.number, str(error)))
            return None
        key = fields.get("key") or None
        if key is not None:
            if key in self.seen_keys or store.has_key(key):
                plan.duplicates.append(row.number)
                return None
            self.seen_keys.add(key)
        if key is None and self.by_content:
            ids = self.ids.get(entry.indicator_id)
            if ids is None:
                ids = self.ids[entry.indicator_id] = self.indicators[entry.indicator_id].ids
            seen = self.already.match(entry, ids)
            if seen.already:
                plan.duplicates.append(row.number)
                return None
            if seen.twin is not None:
                asked = _twin_question(entry, seen.twin)
                if not (self.force or confirms(fields.get("confirm"))):
                    plan.problems.append(RowProblem(row.number, asked))
                    return None
                entry = replace(entry, confirmed=asked)  # history shows the question answered
        return row, entry if key == entry.key else replace(entry, key=key)

    def vet(self, row: RawRow, entry: NewEntry, in_file_order: bool = False) -> NewEntry | None:
        """The entry as checked against its indicator's entries up to its day and the rows
        vetted before it, or None (a problem, noted). ``in_file_order``: rows come as the
        file has them, which is date order only while each indicator's days do not go back;
        a row that goes back raises :class:`OutOfOrder`."""
        indicator = self.indicators[entry.indicator_id]
        if in_file_order:
            last = self.last_day.get(indicator.id)
            if last is not None and entry.as_of < last:
                raise OutOfOrder(row.number)
            self.last_day[indicator.id] = entry.as_of
        ledger = self.ledgers.get(indicator.id)
        if ledger is None:
            period = indicator.period
            points = self.store.points(indicator.ids, period.start, period.end)
            ledger = self.ledgers[indicator.id] = Ledger(points, keep_rows=not in_file_order)
        cell = row.fields.get("confirm")
        confirmed = self.force or (cell is not None and confirms(cell))
        try:
            entry = vetted(indicator, entry, ledger, self.targets.checks, confirmed)
        except KpiError as error:
            self.plan.problems.append(RowProblem(row.number, str(error)))
            return None
        if in_file_order:
            ledger.follow(entry)
        else:
            after_all = (1 << 62) + row.number  # after every stored entry of its day
            ledger.add(Point(entry.as_of, after_all, entry.mode, entry.value, entry.stage))
        return entry


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
        store.insert_many(_told(plan.entries, progress), import_id)
    return len(plan.entries), import_id


def _told(
    entries: list[tuple[int, NewEntry]] | list[NewEntry], progress: BatchProgress | None
) -> list[NewEntry]:
    """The entries to write, as a sequence that tells ``progress`` how far the statement has
    read it (the statement takes them one by one)."""
    listed = [item if isinstance(item, NewEntry) else item[1] for item in entries]
    if progress is None:
        return listed
    return _Told(listed, progress)


class _Told(list[NewEntry]):
    def __init__(self, entries: list[NewEntry], progress: BatchProgress) -> None:
        super().__init__(entries)
        self.progress = progress

    def __iter__(self) -> Iterator[NewEntry]:
        total = len(self)
        for done, entry in enumerate(super().__iter__(), start=1):
            if done % PROGRESS_STEP == 0 or done == total:
                self.progress("write", done, total)
            yield entry


CHUNK = 10_000  # rows checked, then written, at a time by a streamed batch


@dataclass
class Streamed:
    plan: BatchPlan  # its ``entries`` stay empty: they are written chunk by chunk
    written: int
    number: int | None


def stream_batch(
    rows: Iterable[RawRow],
    planner: Planner,
    origin: ImportOrigin | None,
    *,
    skip_bad: bool = False,
    refused: Sequence[RowProblem] = (),
    progress: BatchProgress | None = None,
) -> Streamed:
    """Plan and write a batch a chunk at a time, inside the caller's transaction.

    Each chunk's rows are checked against the database and everything before them (the
    planner carries its keys, figures and ledgers across chunks), then written with one
    statement. Once a row is refused (here, or by the reader: ``refused`` grows as the rows
    are read) nothing more is written, and the rest is only checked, so that every bad row
    is listed; the caller then rolls back, leaving the database as it was. Rows are checked
    in the file's order, which is the date order :func:`plan_batch` checks in as long as no
    indicator's days go back; one that does raises :class:`OutOfOrder`, and the caller rolls
    back and plans the batch whole.
    """
    store, plan = planner.store, planner.plan
    total = len(rows) if isinstance(rows, Sized) else 0
    number: int | None = None
    written = done = 0
    source = iter(rows)
    chunk = list(islice(source, CHUNK))
    while chunk:
        following = list(islice(source, CHUNK))
        new: list[tuple[RawRow, NewEntry]] = []
        for row in chunk:
            done += 1
            if progress is not None and done % PROGRESS_STEP == 0:
                progress("check", done, total)
            found = planner.first(row)
            if found is not None:
                new.append(found)
        entries = [e for row, entry in new if (e := planner.vet(row, entry, True)) is not None]
        chunk = following
        plan.streamed += len(entries)
        plan.streamed_confirmed += sum(1 for entry in entries if entry.confirmed is not None)
        if entries and (skip_bad or not (plan.problems or refused)):
            if number is None and origin is not None:
                number = store.record_import(
                    origin.file_name, origin.sha256, origin.sheet, origin.author, 0
                )
            # a batch of one chunk tells its writing as write_batch does; a longer one only the
            # rows checked, its writing coming a chunk at a time in between
            alone = done <= CHUNK and not following
            store.insert_many(_told(entries, progress if alone else None), number)
            written += len(entries)
    if number is not None:
        store.count_import(number, written)
    plan.problems.sort(key=lambda problem: problem.number)
    return Streamed(plan, written, number)


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
