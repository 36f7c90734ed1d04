"""What both engines share: the queries, the sync of a declaration, and the typed records.

The SQL here is the common ground of SQLite and PostgreSQL (``?`` parameters, which the
PostgreSQL adapter rewrites; ``insert … on conflict``; row values; ``returning id``). An
adapter supplies the connection: how a statement runs, how a transaction begins, how a day
is passed (PostgreSQL needs ``cast(? as date)`` where a value list fixes the type). Rows
become records here and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from operator import attrgetter
from pathlib import Path
from typing import Any

from kpitrack.errors import StoreError
from kpitrack.fingerprint import sha256_hex
from kpitrack.messages import t
from kpitrack.model import (
    Checkpoint,
    Cycle,
    Direction,
    Indicator,
    Measure,
    Period,
    Stage,
    Targets,
)
from kpitrack.progress import History, Mode, Point
from kpitrack.quantity import exact_text
from kpitrack.records import (
    DayFigure,
    Entry,
    ExportLines,
    ImportRecord,
    NewEntry,
    Retired,
    SyncResult,
)
from kpitrack.tasks import DONE_WORD

SEED_AUTHOR = "targets.yaml"
DEFAULT_SCOPE = "default"
MODES = {mode.value: mode for mode in Mode}
# A copy writes entries in order of ids, many dated before others of theirs: on SQLite it
# leaves the later days' running totals to one refill at its end (SqlStore.rollup_deferred),
# marked for its own transaction alone (writers take turns) by this row of meta, taken out
# again before it commits. PostgreSQL's trigger keeps such days pending by itself.
ROLLUP_DEFERRED = "entry_days deferred"
# at most this many indicators refilled in one statement (see rollup_deferred)
REFILLS_PER_QUERY = 500
# at most this many indicators' windows in one statement (5 parameters each): under every
# engine's limit on parameters, so a report of 1,000 indicators is one query
WINDOWS_PER_QUERY = 2000
NOT_SUMMED = "0 = 1"  # no increment summed by the engine: each read and added up in Python


class Inexact(Exception):
    """A sum the engine could not keep exact (SQLite turned it REAL): add the entries up here."""


Row = Sequence[Any]
Window = tuple[str, Sequence[str], date, date]  # a key, the ids, first and last day
WindowRow = tuple[int, str, str, str, str]  # a window's number, an id, first, last, day before


class SqlStore:
    """The store's meaning in SQL; subclasses connect it to an engine."""

    location: str  # the file or the server, as messages name it
    readonly: bool = False  # a report's: nothing it does is kept
    private: bool = False  # a copy, or a transaction never committed: writing it changes nothing
    queries: int = 0  # statements run: a report runs a fixed number, whatever its size
    DAY = "?"  # a day as a parameter, where its type cannot be inferred

    # -- what an engine supplies ------------------------------------------------------------

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def write(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def after_copy(self) -> None:
        """After rows were written with the ids they had elsewhere (kpi copy)."""

    def insert_id(self, sql: str, params: Sequence[Any]) -> int:
        """Run an insert ``… returning id`` and give back the id."""
        rows = self.rows(sql + " returning id", params)
        return int(rows[0][0])

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.rows(sql, params)
        return rows[0][0] if rows else None

    # -- targets ----------------------------------------------------------------------------

    _digested: tuple[Targets, str] | None = None  # the last declaration's digest, and it

    def needs_sync(self, targets: Targets) -> bool:
        return self._scope_digest(scope_of(targets)) != self._digest_of(targets)

    def _digest_of(self, targets: Targets) -> str:
        """The file's digest, read and worked out once for one declaration read: a report
        asks whether it needs a sync, then syncs (to find nothing to do)."""
        kept = self._digested
        if kept is None or kept[0] is not targets:
            kept = self._digested = (targets, _digest(targets))
        return kept[1]

    def sync(self, targets: Targets) -> SyncResult:
        """Bring this declaration's indicators in line with its targets.yaml, in one transaction.

        A declaration owns the indicators it declares (its *scope*): syncing it never retires
        another's, and an id another declaration holds is refused with both files named.
        Skipped when the file is unchanged since its last sync (its hash is kept). Targets
        that change are kept in ``target_history``; indicators that leave the file are marked
        retired, never dropped; actuals the report states are logged once, under a stable key.
        """
        scope = scope_of(targets)
        digest = self._digest_of(targets)
        if self._scope_digest(scope) == digest:
            return SyncResult(False, self._declared_count(scope), 0, 0)
        now = _now()
        seeded = 0
        with self.write():
            if self._scope_digest(scope) == digest:  # another process synced it meanwhile
                return SyncResult(False, self._declared_count(scope), 0, 0)
            existing = {
                str(row[0]): row
                for row in self.rows(
                    "select id, scope, retired, target_amount, target, target_stage, unit,"
                    " replaced_by from indicators"
                )
            }
            declared = [indicator.id for indicator in targets.indicators()]
            _refuse_claimed(existing, declared, scope, targets, self)
            for indicator in targets.indicators():
                row = _indicator_row(indicator, targets, now, scope)
                old = existing.get(indicator.id)
                self.run(UPSERT_INDICATOR.format(day=self.DAY), list(row.values()))
                was = None if old is None else stored_decimal(old[3], old[4])
                if old is None or (was, old[5], old[6]) != (
                    indicator.target, row["target_stage"], row["unit"],
                ):  # fmt: skip
                    self.run(
                        "insert into target_history (indicator_id, target, target_amount,"
                        " target_stage, unit, recorded_at, effective_from)"
                        f" values (?, ?, ?, ?, ?, ?, {self.DAY})",
                        [
                            indicator.id, row["target"], row["target_amount"],
                            row["target_stage"], row["unit"], now,
                            _effective_from(indicator, first=old is None).isoformat(),
                        ],
                    )  # fmt: skip
                seeded += self._seed(indicator, targets)
                for old_id in indicator.replaces:
                    self.run(
                        "update indicators set retired = 1, replaced_by = ?"
                        " where id = ? and (scope = ? or scope is null)",
                        [indicator.id, old_id, scope],
                    )
            mine = set(declared)
            retired = [
                i
                for i, row in existing.items()
                if i not in mine and not row[2] and row[1] in (scope, None)
            ]
            if retired and targets.scope is None:
                _refuse_unnamed_retiring(self, scope, retired, targets)
            for indicator_id in retired:
                self.run(
                    "update indicators set retired = 1, scope = ? where id = ?",
                    [scope, indicator_id],
                )
            self.run(
                "insert into scopes (name, path, digest, synced_at) values (?, ?, ?, ?)"
                " on conflict (name) do update set path = excluded.path,"
                " digest = excluded.digest, synced_at = excluded.synced_at",
                [scope, str(targets.path), digest, now],
            )
        return SyncResult(True, len(declared), seeded, len(retired))

    def _seed(self, indicator: Indicator, targets: Targets) -> int:
        actual = indicator.actual
        if actual is None:
            return 0
        stated = actual.stage if actual.stage is not None else str(actual.value)
        key = f"report:{indicator.id}:{actual.as_of.isoformat()}:{stated}"
        if self.has_key(key):
            return 0
        self.add(
            NewEntry(
                indicator_id=indicator.id,
                mode=Mode.SET if actual.value is not None else Mode.STAGE,
                as_of=actual.as_of,
                author=SEED_AUTHOR,
                value=actual.value,
                stage=actual.stage,
                qualifier=actual.approx,
                unit=indicator.unit,
                input=stated,
                note=indicator.source,
                source=targets.report or SEED_AUTHOR,
                key=key,
            )
        )
        return 1

    def changed_targets(self) -> dict[str, list[tuple[date, Decimal | None]]]:
        """The targets of each indicator whose target has changed, each with the day it took
        effect. One query for all: every command asks, so it must cost next to nothing."""
        rows = self.rows(
            "select indicator_id, effective_from, recorded_at, target_amount, target"
            " from target_history where indicator_id in (select indicator_id from"
            " target_history group by indicator_id having count(*) > 1) order by id"
        )
        timelines: dict[str, list[tuple[date, Decimal | None]]] = {}
        for indicator_id, effective, recorded, exact, real in rows:
            day = as_day(effective) if effective is not None else as_day(str(recorded)[:10])
            timelines.setdefault(indicator_id, []).append((day, stored_decimal(exact, real)))
        return timelines

    def retired(self) -> list[Retired]:
        rows = self.rows(
            f"select {INDICATOR_COLUMNS} from indicators where retired = 1 order by id"
        )
        return [Retired(indicator_from_row(row), row[-1]) for row in rows]

    def stored_indicator(self, indicator_id: str) -> Indicator | None:
        """An indicator as the database last knew it: for one no longer in targets.yaml."""
        rows = self.rows(f"select {INDICATOR_COLUMNS} from indicators where id = ?", [indicator_id])
        return indicator_from_row(rows[0]) if rows else None

    def others(self, targets: Targets) -> list[tuple[Indicator, str, str]]:
        """The indicators other declarations hold, each with its area's name and its scope."""
        rows = self.rows(
            f"select {INDICATOR_COLUMNS}, area_name from indicators"
            " where retired = 0 and scope is not null and scope <> ? order by scope, id",
            [scope_of(targets)],
        )
        return [(indicator_from_row(row), str(row[-1]), str(row[-3])) for row in rows]

    def scopes(self) -> dict[str, str]:
        """Every declaration recorded, by its scope: the file it was last synced from."""
        return {str(name): str(path) for name, path in self.rows("select name, path from scopes")}

    # -- entries ----------------------------------------------------------------------------

    def add(self, entry: NewEntry) -> int:
        """Write one entry and give its number; with a key already logged, write nothing and
        give 0 (the key decides, as ``on conflict do nothing``: never an error)."""
        row = _entry_row(entry, _now())
        with self.write():
            rows = self.rows(self._insert_entry(list(row)) + " returning id", list(row.values()))
            self.rollup_settled()
        return int(rows[0][0]) if rows else 0

    def rollup_settled(self) -> None:
        """After entries are written: the running totals (m011) right for what this
        transaction reads next (a report's sync logs, then reads; an import checks its next
        rows). SQLite's trigger leaves them so; PostgreSQL's may leave later days pending."""

    def add_many(self, entries: Sequence[NewEntry], import_id: int | None = None) -> None:
        """Entries of one batch in one statement, all logged at the same moment."""
        with self.write():
            self.insert_many(entries, import_id)

    def insert_many(self, entries: Sequence[NewEntry], import_id: int | None = None) -> None:
        """:meth:`add_many` inside the caller's transaction, without a savepoint of its own: a
        streamed import writes a chunk at a time, and on SQLite a savepoint per chunk copies
        every page the chunk changes to a sub-journal first (twice the writing at 1M rows).
        A failure still takes back the whole transaction, as the caller's ``write`` does."""
        if not entries:
            return
        now = _now()
        columns = [*_PLAIN_COLUMNS, "mode", "value", "amount", "as_of", "logged_at", "import_id"]
        numbers: dict[Decimal, tuple[float, str]] = {}  # a batch repeats its figures and days
        days: dict[date, str] = {}

        def row(entry: NewEntry) -> tuple[Any, ...]:
            value, day = entry.value, entry.as_of
            if value is None:
                real = text = None
            else:
                found = numbers.get(value)
                if found is None:
                    found = numbers[value] = (float(value), exact_text(value))
                real, text = found
            shown = days.get(day)
            if shown is None:
                shown = days[day] = day.isoformat()
            taken = entry.import_id if import_id is None else import_id
            return (*_plain_fields(entry), entry.mode._value_, real, text, shown, now, taken)

        rows = map(row, entries)  # made as the statement takes them, never all held
        self.run_many(self._insert_entry(columns), rows)
        self.rollup_settled()

    # how a transaction marks its writes as a bulk one for the rollup's trigger, and unmarks
    # them (ROLLUP_DEFERRED); PostgreSQL's trigger defers by itself (postgres_schema, m011)
    DEFER_ROLLUP: tuple[str, str] | None = None

    @contextmanager
    def rollup_deferred(self) -> Iterator[dict[str, str]]:
        """A copy's entries, written inside it in order of ids, leave the running totals of
        their later days (m011) to one refill at its end, for each indicator from the first
        day written (the caller notes it in the mapping it is given: id to ISO day). Inside
        the caller's transaction, which a failure rolls back whole, the mark with it. One by
        one, ten thousand entries in any order of days took minutes on PostgreSQL."""
        since: dict[str, str] = {}
        mark, unmark = self.DEFER_ROLLUP or ("", "")
        if mark:
            self.run(mark)
        yield since
        if unmark:
            self.run(unmark)
        self.refill_running(since)

    def refill_running(self, since: Mapping[str, str]) -> None:
        """Each indicator's running totals from its day in ``since`` on, from the day before's
        and the days' own counts: exact, as the trigger keeps them (past SQLite's integers, a
        sum the engine refuses is added up here)."""
        from kpitrack.postgres_schema import RUNNING_REFILL  # SQL text, only bulk writes need

        touched = sorted(since.items())
        for first in range(0, len(touched), REFILLS_PER_QUERY):
            chunk = touched[first : first + REFILLS_PER_QUERY]
            values = ", ".join([f"(?, {self.DAY})"] * len(chunk))
            params = [value for pair in chunk for value in pair]
            try:  # a statement refused changes nothing (SQLite's sum past its integers)
                self.run(RUNNING_REFILL.format(touched=f"values {values}"), params)
            except Exception as error:
                if not self.overflowed(error):
                    raise
                self._refill_exactly(chunk)

    def _refill_exactly(self, touched: Sequence[tuple[str, str]]) -> None:
        for indicator_id, lo in touched:
            base = self.rows(
                "select c_entries, c_adds, c_summed, c_fixed from entry_days"
                " where indicator_id = ? and as_of < ? order by as_of desc limit 1",
                [indicator_id, lo],
            )
            days = self.rows(
                "select indicator_id, as_of, entries, adds, summed, fixed from entry_days"
                " where indicator_id = ? and as_of >= ? order by as_of",
                [indicator_id, lo],
            )
            self.run_many(
                "update entry_days set c_entries = ?, c_adds = ?, c_summed = ?, c_fixed = ?"
                " where indicator_id = ? and as_of = ?",
                running_totals(days, base[0] if base else None),
            )

    def _insert_entry(self, columns: list[str]) -> str:
        marks = ", ".join(self.DAY if column == "as_of" else "?" for column in columns)
        return f"insert into entries ({', '.join(columns)}) values ({marks}) on conflict do nothing"

    def has_key(self, key: str) -> bool:
        """Whether an entry with this key is logged. An export names each entry
        ``entry:ID@LOGGED_AT``, so importing an export back finds the entries it came from."""
        if self.rows("select 1 from entries where key = ?", [key]):
            return True
        match = re.match(r"^entry:(?P<id>\d+)@(?P<logged_at>.+)$", key)
        if match is None or not 0 < int(match["id"]) < 2**63:
            return False
        found = self.rows(
            "select 1 from entries where id = ? and logged_at = ?",
            [int(match["id"]), match["logged_at"]],
        )
        return bool(found)

    def histories(self, windows: Sequence[Window]) -> dict[str, History]:
        """The entries that decide each indicator's figures in its window, for many indicators
        in one query (per 2,000): a report costs the same number of queries at 40 indicators
        as at 4,000.

        For each id, the latest figure or stage in the window (the anchor: nothing before it
        can change the actual) is found through the index, and only entries from there on are
        read; the count is of every entry in the window. An indicator known under several ids
        takes the latest of their anchors. Plain increments after the anchor come back summed
        by the engine, exactly (``SUMMED``), as one point per id: a year of ``+N`` costs a
        report one row, not one per entry. Counts and sums of whole days come from the rollup
        ``entry_days`` (migration m010) and its running totals (m011): two rows a window, the
        cost no longer grows with entries or days. A running sum past SQLite's integers is REAL,
        and so is any difference taken from it: then the increments are added up here.
        """
        try:
            return self._histories(windows, self.SUMMED)
        except Exception as error:  # a sum past the engine's integers: add them up here
            if not isinstance(error, Inexact) and not self.overflowed(error):
                raise
            return self._histories(windows, NOT_SUMMED)

    def _histories(self, windows: Sequence[Window], summed: str) -> dict[str, History]:
        found: dict[str, History] = {}
        for first in range(0, len(windows), WINDOWS_PER_QUERY):
            chunk = windows[first : first + WINDOWS_PER_QUERY]
            wanted: list[WindowRow] = []
            for number, (_, ids, start, end) in enumerate(chunk):
                lo, hi = start.isoformat(), end.isoformat()
                before = (start - timedelta(days=1)).isoformat()
                wanted += [(number, indicator_id, lo, hi, before) for indicator_id in ids]
            if not wanted:
                continue
            windows_rows, params = self.window_rows(wanted)
            sql = histories_sql(windows_rows, summed, self.SUM_FIXED)
            counts: dict[tuple[int, str], int] = {}
            rows: dict[int, list[Point]] = {}
            for row in self.rows(sql, params):
                number = int(row[0])
                if row[2] is not None:  # the window's own row: its count
                    counts[number, row[1]] = int(row[2])
                elif row[13] is not None:  # the increments after the anchor, summed
                    less, voided = str(row[13]).split(" ")
                    if int(row[11]) > int(less):  # some count: a standing void takes back others
                        if isinstance(row[12], float):  # a day's sum past SQLite's integers
                            raise Inexact
                        added = Decimal(row[12]) - Decimal(voided)
                        point = Point(
                            as_day(row[4]), int(row[3]), Mode.ADD,
                            _plain(added.scaleb(-self.SUM_SCALE)),
                        )  # fmt: skip
                        rows.setdefault(number, []).append(point)
                else:
                    rows.setdefault(number, []).append(_point(row[3:11]))
            for number, (key, ids, _, _) in enumerate(chunk):
                points = sorted(rows.get(number, ()), key=lambda p: (p.as_of, p.seq))
                total = sum(counts.get((number, i), 0) for i in ids)
                found[key] = History(tuple(points), total)
        return found

    # how an engine sums increments exactly (see HISTORIES_SQL): which rows, and each row as
    # an integer of SUM_SCALE decimals. SQLite keeps amounts as text: plain decimals of at most
    # six decimals and twelve characters are summed as integers of millionths (a sum past
    # SQLite's integers fails, and the rows are then summed here, exactly all the same).
    SUMMED = (
        "e.mode = 'add' and e.qualifier is null and e.amount is not null and length(e.amount) <= 12"
        " and e.amount not glob '*[^0-9.-]*' and e.amount not glob '*.???????*'"
    )
    SUM_SCALE = 6
    SUM_FIXED = (
        "cast(replace(e.amount, '.', '') as integer) * cast(substr('1000000', 1, 7 - case when"
        " instr(e.amount, '.') > 0 then length(e.amount) - instr(e.amount, '.') else 0 end)"
        " as integer)"
    )

    def overflowed(self, error: Exception) -> bool:
        """Whether a summing query failed only because the sum outgrew the engine's integers."""
        return False

    def window_rows(self, wanted: Sequence[WindowRow]) -> tuple[str, list[Any]]:
        """The windows of HISTORIES_SQL as a query's rows (n, id, lo, hi, before), and its
        parameters: a VALUES list, a row of five parameters each."""
        day = self.DAY
        values = ", ".join([f"(?, ?, {day}, {day}, {day})"] * len(wanted))
        return f"values {values}", [value for row in wanted for value in row]

    def points(self, ids: Sequence[str], start: date, end: date) -> list[Point]:
        """Every entry that counts for an indicator within [start, end], for the checks at
        entry, which look at figures before and after a back-dated entry."""
        rows = self.rows(
            POINTS_SQL.format(ids=ids_clause(len(ids)), day=self.DAY),
            [*ids, start.isoformat(), end.isoformat()],
        )
        return [_point(row) for row in rows]

    # -- corrections ------------------------------------------------------------------------

    def entry(self, entry_id: int) -> Entry | None:
        if not 0 < entry_id < 2**63:  # no such row, and no engine can even be asked
            return None
        found = self._entries(ENTRY_SQL + " where e.id = ?", [entry_id])
        return found[0] if found else None

    def latest_by(self, author: str) -> Entry | None:
        """The latest entry this author logged, voided or not: undo never reaches past it."""
        latest = self.one("select max(id) from entries where author = ?", [author])
        return None if latest is None else self.entry(int(latest))

    def void(self, entry_id: int, author: str, note: str | None, replaced_by: int | None) -> None:
        self.run(
            "insert into voids (entry_id, replaced_by, voided_at, author, note)"
            " values (?, ?, ?, ?, ?)",
            [entry_id, replaced_by, _now(), author, note],
        )

    def restore(self, entry_id: int, author: str, note: str | None) -> None:
        """Lift the void that stands on an entry: it counts again, and the void stays on
        record with the restore that lifted it."""
        self.run(
            "insert into restores (void_id, restored_at, author, note)"
            " select id, ?, ?, ? from standing_voids where entry_id = ?",
            [_now(), author, note, entry_id],
        )

    def corrected_by(self, entry_id: int) -> int | None:
        """The entry this one corrected (``kpi amend``), if it was a correction."""
        found = self.one(
            "select entry_id from voids where replaced_by = ? order by id desc limit 1",
            [entry_id],
        )
        return None if found is None else int(found)

    # -- imports ----------------------------------------------------------------------------

    def record_import(
        self, file_name: str, sha256: str, sheet: str | None, author: str, rows_written: int
    ) -> int:
        return self.insert_id(
            "insert into imports (file_name, sha256, sheet, imported_at, author, rows_written)"
            " values (?, ?, ?, ?, ?, ?)",
            [file_name, sha256, sheet, _now(), author, rows_written],
        )

    def count_import(self, import_id: int, rows_written: int) -> None:
        """An import's count, once it is known: a streamed import is numbered at its first
        chunk, before its last row is read."""
        self.run("update imports set rows_written = ? where id = ?", [rows_written, import_id])

    def last_entry_id(self) -> int:
        """The highest entry number so far (0 for none): what a batch's own entries come after."""
        found = self.one("select max(id) from entries")
        return 0 if found is None else int(found)

    def imports(self) -> list[ImportRecord]:
        """Every import, with how many of its entries still count."""
        rows = self.rows(
            f"select {IMPORT_COLUMNS}, (select count(*) from active_entries a"
            " where a.import_id = i.id) from imports i order by i.id"
        )
        return [_import(row) for row in rows]

    def import_record(self, import_id: int) -> ImportRecord | None:
        if not 0 < import_id < 2**63:
            return None
        rows = self.rows(f"select {IMPORT_COLUMNS}, 0 from imports i where id = ?", [import_id])
        return _import(rows[0]) if rows else None

    def first_import_of(self, sha256: str) -> int | None:
        """The earliest import of a file with this content, under whatever name it came."""
        found = self.one("select min(id) from imports where sha256 = ?", [sha256])
        return None if found is None else int(found)

    def counting_entries_of_import(self, import_id: int) -> list[Entry]:
        return self._entries(
            ENTRY_SQL + " where e.import_id = ? and v.entry_id is null order by e.id", [import_id]
        )

    def logged_on(self, ids: Sequence[str], day: date) -> list[DayFigure]:
        """The entries that count for one indicator (under any of its ids) on one day: what
        an import row may already be."""
        rows = self.rows(
            "select id, mode, amount, value, stage, note from active_entries"
            f" where indicator_id {ids_clause(len(ids))} and as_of = {self.DAY}",
            [*ids, day.isoformat()],
        )
        return [
            DayFigure(int(i), MODES[mode], stored_decimal(amount, value), stage, note)
            for i, mode, amount, value, stage, note in rows
        ]

    def logged_days(self, ids: Sequence[str]) -> set[date]:
        """The days on which an indicator (under any of its ids) has entries that count: an
        import asks :meth:`logged_on` only about those, once an indicator, not once a row."""
        rows = self.rows(
            f"select distinct as_of from active_entries where indicator_id {ids_clause(len(ids))}",
            list(ids),
        )
        return {as_day(day) for (day,) in rows}

    def entries_of(self, ids: Sequence[str]) -> list[Entry]:
        """Every entry of an indicator, voided ones too, with who voided them and why."""
        marks = ", ".join("?" * len(ids))
        return self._entries(
            ENTRY_SQL + f" where e.indicator_id in ({marks}) order by e.as_of, e.id", list(ids)
        )

    def all_entries(self) -> Iterator[Entry]:
        """Every entry, voided ones too, in logging order: read a page at a time, so that an
        export of a million entries holds one page, on either engine."""
        after = 0
        while True:
            page = self._entries(
                ENTRY_SQL + f" where e.id > ? order by e.id limit {ENTRY_PAGE}", [after]
            )
            yield from page
            if len(page) < ENTRY_PAGE:
                return
            after = page[-1].id

    def exported(
        self, form: str, include_voided: bool, names: Mapping[str, str]
    ) -> Iterator[ExportLines | Entry]:
        """Every entry an export of ``form`` (csv or json) writes, in logging order: lines the
        engine wrote itself (``names``: each indicator's name as the CSV cell says it), or the
        entry for the caller to write. Here, every entry: an engine may do better."""
        for entry in self.all_entries():
            if include_voided or entry.voided_at is None:
                yield entry

    def entries_by_number(self, numbers: Sequence[int]) -> list[Entry]:
        """The entries of these numbers, voided ones too."""
        return self._entries(ENTRY_SQL + f" where e.id {ids_clause(len(numbers))}", numbers)

    def entries_between(self, since: date, until: date) -> list[Entry]:
        """Every entry that counts, dated within [since, until], in date and logging order."""
        return self._entries(
            ENTRY_SQL + f" where v.entry_id is null and e.as_of >= {self.DAY}"
            f" and e.as_of <= {self.DAY} order by e.as_of, e.id",
            [since.isoformat(), until.isoformat()],
        )

    def count_entries(self, author: str | None = None) -> int:
        if author is None:
            return int(self.one("select count(*) from entries"))
        return int(self.one("select count(*) from entries where author = ?", [author]))

    # -- small helpers ----------------------------------------------------------------------

    def _entries(self, sql: str, params: Sequence[Any] = ()) -> list[Entry]:
        return [_entry(row) for row in self.rows(sql, params)]

    def _declared_count(self, scope: str) -> int:
        return int(
            self.one(
                "select count(*) from indicators"
                " where retired = 0 and (scope = ? or scope is null)",
                [scope],
            )
        )

    def _scope_digest(self, scope: str) -> str | None:
        found = self.one("select digest from scopes where name = ?", [scope])
        return None if found is None else str(found)


# -- the SQL ------------------------------------------------------------------------------------

INDICATOR_FIELDS = (
    "id", "name", "area_id", "unit", "target", "target_amount", "target_stage", "direction",
    "measure", "period_start", "period_end", "cycle", "owner", "source", "approx", "stages",
    "pace", "baseline", "baseline_amount", "retired", "commitment", "verdict", "scope",
    "replaced_by",
)  # fmt: skip
INDICATOR_COLUMNS = ", ".join(INDICATOR_FIELDS)
_SYNCED = (
    "id", "name", "area_id", "area_name", "unit", "target", "target_amount", "target_stage",
    "direction", "measure", "period_start", "period_end", "cycle", "owner", "source", "approx",
    "commitment", "verdict", "stages", "pace", "baseline", "baseline_amount", "retired",
    "replaced_by", "synced_at", "scope",
)  # fmt: skip
_DAYS = {"period_start", "period_end"}
UPSERT_INDICATOR = (
    f"insert into indicators ({', '.join(_SYNCED)}) values ("
    + ", ".join("{day}" if c in _DAYS else "?" for c in _SYNCED)
    + ") on conflict (id) do update set "
    + ", ".join(f"{c} = excluded.{c}" for c in _SYNCED if c != "id")
)
IMPORT_COLUMNS = "i.id, i.file_name, i.sha256, i.sheet, i.imported_at, i.author, i.rows_written"

# a task's note: a progress note, or the note given with 完成 (not the report's words a seeded
# 完成 carries as its note)
NOTE_SQL = (
    f"case when e.mode = 'stage' and (e.stage is null or (e.stage = '{DONE_WORD}'"
    f" and e.author <> '{SEED_AUTHOR}')) then e.note end"
)
_COUNTS = "not exists (select 1 from standing_voids v where v.entry_id = e.id)"
POINTS_SQL = (
    "select e.id, e.as_of, e.mode, e.amount, e.value, e.stage, e.qualifier, "
    + NOTE_SQL
    + " from entries e where e.indicator_id {ids} and e.as_of >= {day} and e.as_of <= {day}"
    " and " + _COUNTS + " order by e.as_of, e.id"
)
# {windows}: (number, id, first day, last day, the day before the first) per id wanted. Per id:
# the count of entries that count in the window (two running counts of the rollup entry_days, less
# the voided, read from the voids), and the anchor — the latest figure or stage (a task's note
# decides nothing, and its 完成 keeps the notes before it in view: tasks.py); then the entries
# from the anchor on.
_IN_WINDOW = "e.indicator_id = w.id and e.as_of >= w.lo and e.as_of <= w.hi"
_ANCHOR = (
    "select e.{column} from entries e where " + _IN_WINDOW + " and e.mode <> 'add'"
    " and (e.mode = 'set' or (e.stage is not null and e.stage <> '" + DONE_WORD + "'))"
    " and " + _COUNTS + " order by e.as_of desc, e.id desc limit 1"
)
_AFTER_ANCHOR = (
    "e.indicator_id = m.id and e.as_of >= coalesce(m.day, m.lo) and e.as_of <= m.hi"
    " and (m.day is null or e.as_of > m.day or e.id >= m.seq)"
)
_LAST_ADD = (
    "(select e.{column} from entries e where e.indicator_id = s.id and e.mode = 'add'"
    " and e.as_of <= s.hi and " + _COUNTS + " order by e.as_of desc, e.id desc limit 1)"
)
# an indicator's running total (migration m011) up to a day: its row of the rollup on the last
# day with entries up to then, found through the primary key
_RUNNING = (
    "coalesce((select d.c_{column} from entry_days d where d.indicator_id = {of}.id"
    " and d.as_of <= {upto} order by d.as_of desc limit 1), 0)"
)
# the days after the anchor's (or the whole window), from the rollup: two rows, however many
# days and entries there are; and the increments of the anchor's own day logged after it
_ROLLED = (
    "(" + _RUNNING.replace("{of}", "m").replace("{upto}", "m.hi") + " - "
    + _RUNNING.replace("{of}", "m").replace("{upto}", "coalesce(m.day, m.before)") + ")"
)  # fmt: skip
_SAME_DAY = (
    "(select {what} from entries e where e.indicator_id = m.id and e.as_of = m.day"
    " and e.id > m.seq and e.mode = 'add' and {where})"
)
HISTORIES_SQL = (
    "with w (n, id, lo, hi, before) as ({windows}),"
    " a as materialized (select w.n, w.id, w.lo, w.hi, w.before,"
    " "
    + _RUNNING.format(column="entries", of="w", upto="w.hi")
    + " - "
    + _RUNNING.format(column="entries", of="w", upto="w.before")
    + " - (select count(*) from standing_voids v cross join entries e where e.id = v.entry_id"
    " and " + _IN_WINDOW + ") as counted,"
    " (" + _ANCHOR.format(column="as_of") + ") as anchor_day,"
    " (" + _ANCHOR.format(column="id") + ") as anchor_id"
    " from w),"
    # the window's anchor: the latest of its ids' anchors
    " k as materialized (select a.n, a.id, a.lo, a.hi, a.before,"
    " (select max(b.anchor_day) from a b where b.n = a.n) as day from a),"
    " m as materialized (select k.n, k.id, k.lo, k.hi, k.before, k.day, (select max(b.anchor_id)"
    " from a b where b.n = k.n and b.anchor_day = k.day) as seq from k),"
    # increments after the anchor: how many, how many the engine sums exactly ({summed}) and
    # their sum at a fixed scale ({fixed}), less those a standing void takes back (few)
    " s as materialized (select m.n, m.id, m.lo, m.hi, m.day, m.seq,"
    " "
    + _ROLLED.format(column="adds")
    + " + "
    + _SAME_DAY.format(what="count(*)", where="1 = 1")
    + " as adds,"
    " {rolled_summed} + " + _SAME_DAY.format(what="count(*)", where="{summed}") + " as summed,"
    " {rolled_fixed} + "
    + _SAME_DAY.format(what="coalesce(sum({fixed}), 0)", where="{summed}")
    + " as fixed,"
    " (select count(*) || ' ' || coalesce(sum({fixed}), 0) from standing_voids v"
    " cross join entries e where e.id = v.entry_id and " + _AFTER_ANCHOR + " and e.mode = 'add'"
    " and {summed}) as voided"
    " from m)"
    # the entries first, and nulls cast: PostgreSQL takes a column's type from the first
    # branches, and a column only of nulls there would be text
    " select m.n, m.id, cast(null as bigint), e.id, e.as_of, e.mode, e.amount, e.value, e.stage,"
    " e.qualifier, " + NOTE_SQL + ", cast(null as bigint), cast(null as numeric),"
    " cast(null as text) from m join entries e on "
    + _AFTER_ANCHOR
    + " and e.mode <> 'add' and "
    + _COUNTS
    + " union all select a.n, a.id, a.counted, null, null, null, null, null, null, null, null,"
    " null, null, null from a"
    " union all select s.n, s.id, null, "
    + _LAST_ADD.format(column="id")
    + ", "
    + _LAST_ADD.format(column="as_of")
    + ", 'add', null, null, null, null, null, s.summed, s.fixed, s.voided from s"
    " where s.summed > 0"
    # increments the engine cannot sum, read one by one: only where there are any
     + " union all select m.n, m.id, null, e.id, e.as_of, e.mode, e.amount, e.value, e.stage,"
    " e.qualifier, null, null, null, null from s m join entries e on "
    + _AFTER_ANCHOR
    + " and e.mode = 'add' and not ({summed}) and "
    + _COUNTS
    + " where m.summed <> m.adds"
)  # in no order: each indicator's points are put in order once all are read


def histories_sql(windows: str, summed: str, fixed: str) -> str:
    """The query for these windows (a query's rows: :meth:`SqlStore.window_rows`), summing the
    increments ``summed`` selects (none when it is NOT_SUMMED: then the rollup's sums are not
    read either)."""
    exact = summed != NOT_SUMMED
    return HISTORIES_SQL.format(
        windows=windows, summed=summed, fixed=fixed,
        rolled_summed=_ROLLED.format(column="summed") if exact else "0",
        rolled_fixed=_ROLLED.format(column="fixed") if exact else "0",
    )  # fmt: skip


def ids_clause(count: int) -> str:
    return "= ?" if count == 1 else f"in ({', '.join('?' * count)})"


# An entry with the void that stands on it (if any) and its latest restore (if any).
ENTRY_FIELDS = (
    "e.id, e.indicator_id, e.mode, e.as_of, e.amount, e.value, e.stage, e.unit, e.input,"
    " e.logged_at, e.author, e.note, e.source, e.key, e.import_id, e.confirmed, e.qualifier,"
    " e.db_role, v.voided_at, v.author, v.note, v.replaced_by, r.restored_at, r.author,"
    " r.note"
)
ENTRY_PAGE = 5_000  # entries read at once by all_entries
ENTRY_SQL = (
    "select " + ENTRY_FIELDS + " from entries e left join standing_voids v on v.entry_id = e.id"
    " left join restores r on r.id = (select max(y.id) from restores y"
    " join voids z on z.id = y.void_id where z.entry_id = e.id)"
)


# -- rows to records ----------------------------------------------------------------------------


def as_day(value: object) -> date:
    """A day as an engine gives it back: ISO text (SQLite) or a date (PostgreSQL)."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _plain(value: Decimal) -> Decimal:
    """A sum as Python would have added it up: no trailing zeros, no exponent (3, not 3.000000
    or 3E+0)."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


def _point(row: Row) -> Point:
    seq, as_of, mode, amount, value, stage, qualifier, note = row
    return Point(
        as_day(as_of), int(seq), MODES[mode], stored_decimal(amount, value), stage, qualifier, note
    )


def _entry(row: Row) -> Entry:
    """ENTRY_FIELDS are Entry's fields in order, but for the figure: its exact text (or
    number) and its REAL, read as one Decimal."""
    entry_id, indicator_id, mode, as_of, amount, value, *rest = row
    figure = stored_decimal(amount, value)
    return Entry(int(entry_id), indicator_id, MODES[mode], as_day(as_of), figure, *rest)


def _import(row: Row) -> ImportRecord:
    number, file_name, sha256, sheet, imported_at, author, written, counting = row
    return ImportRecord(
        int(number), file_name, sha256, sheet, imported_at, author, int(written), int(counting)
    )


def indicator_from_row(row: Row) -> Indicator:
    """An indicator as the database last knew it (columns of ``INDICATOR_COLUMNS``)."""
    import json  # here: a report on a file in step reads no indicator rows, nor json

    (
        indicator_id, name, area_id, unit, target, target_amount, target_stage, direction,
        measure, period_start, period_end, cycle, owner, source, approx, stages, pace,
        baseline, baseline_amount, retired, commitment, verdict, *_,
    ) = row  # fmt: skip
    return Indicator(
        id=indicator_id,
        name=name,
        area_id=area_id,
        unit=unit,
        target=stored_decimal(target_amount, target),
        period=Period(as_day(period_start), as_day(period_end)),
        direction=Direction(direction),
        measure=Measure(measure),
        target_stage=target_stage,
        stages=tuple(
            Stage(s["name"], date.fromisoformat(s["due"]) if s["due"] else None)
            for s in json.loads(stages or "[]")
        ),
        pace=tuple(
            Checkpoint(date.fromisoformat(day), Decimal(str(share)))
            for day, share in json.loads(pace or "{}").items()
        ),
        cycle=Cycle(cycle),
        baseline=stored_decimal(baseline_amount, baseline),
        owner=owner,
        source=source,
        approx=approx,
        retired=bool(retired),
        commitment=commitment,
        verdict=verdict,
    )


# -- records to rows ----------------------------------------------------------------------------


def scope_of(targets: Targets) -> str:
    """The declaration's name in a shared database: its ``scope:``, else ``default`` — one
    file per database, as most offices have, needs no name, and its folder can be moved."""
    return targets.scope or DEFAULT_SCOPE


def _refuse_claimed(
    existing: dict[str, Row], declared: Sequence[str], scope: str, targets: Targets, store: Any
) -> None:
    """An id held by another declaration (not retired there) cannot be declared here too:
    two departments would each think the figures theirs."""
    for indicator_id in declared:
        row = existing.get(indicator_id)
        if row is None or row[1] in (scope, None) or row[2]:
            continue
        other = str(row[1])
        raise StoreError(
            "store.scope_clash",
            id=indicator_id,
            other=other,
            other_path=store.scopes().get(other, other),
            scope=scope,
            path=targets.path,
        )


def _refuse_unnamed_retiring(
    store: SqlStore, scope: str, retired: list[str], targets: Targets
) -> None:
    """Two files without ``scope:`` against one database would retire each other's
    indicators; an unnamed declaration synced from another file than last time may retire
    nothing until each file is given its name."""
    recorded = store.scopes().get(scope)
    if recorded is None or recorded == str(targets.path):
        return
    shown = t("words.separator").join(retired[:3]) + ("…" if len(retired) > 3 else "")
    raise StoreError(
        "store.unnamed_clash", path=targets.path, other=recorded, count=len(retired), ids=shown
    )


def _indicator_row(indicator: Indicator, targets: Targets, now: str, scope: str) -> dict[str, Any]:
    import json

    area = targets.area(indicator.area_id)
    row = {
        "id": indicator.id,
        "name": indicator.name,
        "area_id": area.id,
        "area_name": area.name,
        "unit": indicator.unit,
        "target": float(indicator.target) if indicator.target is not None else None,
        "target_amount": exact_text(indicator.target) if indicator.target is not None else None,
        "target_stage": indicator.target_stage,
        "direction": indicator.direction.value,
        "measure": indicator.measure.value,
        "period_start": indicator.period.start.isoformat(),
        "period_end": indicator.period.end.isoformat(),
        "cycle": indicator.cycle.value,
        "owner": indicator.owner,
        "source": indicator.source,
        "approx": indicator.approx,
        "commitment": indicator.commitment,
        "verdict": indicator.verdict,
        "stages": json.dumps(
            [
                {"name": s.name, "due": s.due.isoformat() if s.due else None}
                for s in indicator.stages
            ],
            ensure_ascii=False,
        )
        if indicator.stages
        else None,
        # shares stay JSON numbers for other tools; N% / 100 reads back exactly from its float
        "pace": json.dumps({c.day.isoformat(): float(c.share) for c in indicator.pace})
        if indicator.pace
        else None,
        "baseline": float(indicator.baseline) if indicator.baseline is not None else None,
        "baseline_amount": (
            exact_text(indicator.baseline) if indicator.baseline is not None else None
        ),
        "retired": 0,
        "replaced_by": None,
        "synced_at": now,
        "scope": scope,
    }
    return {column: row[column] for column in _SYNCED}


# the columns an entry's fields go into as they are (add_many reads them in one C call)
_PLAIN_COLUMNS = (
    "indicator_id", "stage", "unit", "input", "author", "note", "source", "key", "confirmed",
    "qualifier",
)  # fmt: skip
_plain_fields = attrgetter(*_PLAIN_COLUMNS)


def _entry_row(entry: NewEntry, now: str, import_id: int | None = None) -> dict[str, Any]:
    return {
        "indicator_id": entry.indicator_id,
        "mode": entry.mode.value,
        "value": None if entry.value is None else float(entry.value),
        "amount": None if entry.value is None else exact_text(entry.value),
        "stage": entry.stage,
        "unit": entry.unit,
        "input": entry.input,
        "as_of": entry.as_of.isoformat(),
        "logged_at": now,
        "author": entry.author,
        "note": entry.note,
        "source": entry.source,
        "key": entry.key,
        "import_id": entry.import_id if import_id is None else import_id,
        "confirmed": entry.confirmed,
        "qualifier": entry.qualifier,
    }


def _effective_from(indicator: Indicator, first: bool) -> date:
    """When a target took effect: the period start for the first one, a declared revision's
    date, else the day kpitrack saw the file change (today, clamped into the period)."""
    if first:
        return indicator.period.start
    if indicator.revisions:
        return indicator.revisions[-1].on
    return min(max(date.today(), indicator.period.start), indicator.period.end)


def _digest(targets: Targets) -> str:
    content = targets.path.read_bytes() if targets.path.is_file() else repr(targets).encode()
    return sha256_hex(content)


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def real_text(value: object) -> str | None:
    """A REAL as the decimal it was written from: the shortest form that reads back as it.

    A figure was stored as the float nearest the typed decimal, and that float's shortest
    repr is the typed decimal again (59.2, not 59.2000000000000028…). Text is kept as it is.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return exact_text(Decimal(repr(float(value))))
    raise TypeError(f"not a stored number: {value!r}")


def stored_decimal(exact: object, real: object = None) -> Decimal | None:
    """A figure as the store holds it: its exact text (SQLite) or number (PostgreSQL), else
    (a row another tool wrote with only the REAL) that REAL's shortest form. On the path of
    every status: kept lean."""
    value = real if exact is None else exact
    if value is None:
        return None
    if isinstance(value, str):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)):
        return Decimal(repr(float(value)))
    raise TypeError(f"not a stored number: {value!r}")


def location_name(location: str | Path) -> str:
    """A place to show in a sentence: a file's path, or a server's URL without its password."""
    text = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", str(location))
    return re.sub(r"([?&]password=)[^&]*", r"\1***", text)


def running_totals(
    days: Iterable[Sequence[Any]], base: Sequence[Any] | None = None
) -> list[tuple[Any, ...]]:
    """The running totals of the rollup, added up here: ``days`` are rows (indicator_id, as_of,
    entries, adds, summed, fixed) in order of indicator and day, ``base`` one indicator's
    totals the day before its first. From the first day whose sum (or own day) is past
    SQLite's integers, an indicator's sum is REAL, as the trigger leaves it. Rows come back
    as (c_entries, c_adds, c_summed, c_fixed, indicator_id, as_of), for an update."""
    totals: list[tuple[Any, ...]] = []
    current: object = None
    start = (0, 0, 0, 0) if base is None else tuple(base)
    counts, fixed, inexact = [0, 0, 0], 0, False
    for indicator_id, as_of, entries, adds, sums, day_fixed in days:
        if indicator_id != current:
            current, counts = indicator_id, [int(start[0]), int(start[1]), int(start[2])]
            fixed, inexact = int(start[3]), isinstance(start[3], float)
        counts = [counts[0] + entries, counts[1] + adds, counts[2] + sums]
        inexact = inexact or isinstance(day_fixed, float)
        fixed += int(day_fixed)
        inexact = inexact or not -(2**63) <= fixed < 2**63
        totals.append((*counts, float(fixed) if inexact else fixed, indicator_id, as_of))
    return totals
