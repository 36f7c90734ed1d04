"""The SQLite file: indicators synced from targets.yaml, and the append-only entries.

Opened only through :func:`open_store`. A command that writes opens it for writing: WAL, a
busy timeout, foreign keys, pending migrations applied; every write transaction begins
IMMEDIATE, so writers queue for the lock instead of failing half-way (a deferred transaction
that reads and then writes is refused outright by SQLite when another writer got in between).
A report opens it read-only and never migrates or syncs it: when the file is older than this
kpitrack, or targets.yaml changed since it was last recorded, the report works on a private
copy in memory, and the file stays as it was. Entries are never updated or deleted (triggers
refuse it); the actual at a date is computed from them. Another tool reading the file finds
plain tables and a ``current_status`` view. A database that is not kpitrack's is never
touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpitrack.errors import EnvironmentFault, StoreError
from kpitrack.faults import busy_seconds, working_on
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
from kpitrack.tasks import DONE_WORD

if TYPE_CHECKING:
    from sqlite_utils import Database

EXPORT_KEY = re.compile(r"^entry:(?P<id>\d+)@(?P<logged_at>.+)$")
SEED_AUTHOR = "targets.yaml"
MODES = {mode.value: mode for mode in Mode}


@dataclass(frozen=True)
class NewEntry:
    """An entry about to be written; the store adds ``id`` and ``logged_at``."""

    indicator_id: str
    mode: Mode
    as_of: date
    author: str
    value: Decimal | None = None
    stage: str | None = None
    unit: str = ""
    input: str = ""
    note: str | None = None
    source: str | None = None
    key: str | None = None
    import_id: int | None = None
    confirmed: str | None = None  # the question a person answered with --force
    qualifier: str | None = None  # the figure's own 余/多/突破…: 突破60亿元 keeps 突破


@dataclass(frozen=True)
class SyncResult:
    changed: bool
    indicators: int
    seeded: int
    retired: int


class Store:
    def __init__(
        self, db: Database, path: Path, readonly: bool = False, private: bool = False
    ) -> None:
        self.db = db
        self.path = path
        self.readonly = readonly  # a report's: the file is never written
        self.private = private  # a copy in memory, the file untouched whatever is done to it

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction, begun IMMEDIATE: it waits its turn (the busy timeout) for
        the write lock before reading what it will decide on, so two writers never both
        decide on the same state. Nested, it is a savepoint of the outer one."""
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def verify(self) -> None:
        """Refuse to build on a damaged file: SQLite reads and writes pages a query touches
        and no others, so an import into a file with a bad page elsewhere would succeed and
        say so. ``quick_check`` reads every page once (well under a second per 100k entries)."""
        problems = [str(row[0]) for row in self.db.execute("pragma quick_check(3)").fetchall()]
        if problems != ["ok"]:
            raise EnvironmentFault("fault.damaged", path=self.path, reason="; ".join(problems))

    def needs_sync(self, targets: Targets) -> bool:
        return self._meta("targets_digest") != _digest(targets)

    def private_copy(self) -> Store:
        """The database copied into memory and brought up to date there: what a report
        works on when the file is behind, so reading never writes it."""
        from sqlite_utils import Database

        from kpitrack.migrations import MIGRATIONS

        memory = sqlite3.connect(":memory:")
        self.db.conn.backup(memory)
        db = Database(memory)
        db.execute("pragma foreign_keys = on")
        copy = Store(db, self.path, readonly=True, private=True)
        with copy.write():
            MIGRATIONS.apply(db)
        self.close()
        return copy

    # -- targets ----------------------------------------------------------------------------

    def sync(self, targets: Targets) -> SyncResult:
        """Bring the indicators in line with targets.yaml, in one transaction.

        Skipped when the file is unchanged since the last sync (its hash is kept), so a
        status run pays for a sync only after an edit. Targets that change are kept in
        ``target_history``; indicators that leave the file are marked retired, never
        dropped; actuals the report states are logged once, under a stable key.
        """
        digest = _digest(targets)
        if self._meta("targets_digest") == digest:
            return SyncResult(False, self._count("indicators", "retired = 0"), 0, 0)
        now = _now()
        seeded = 0
        with self.write():
            if self._meta("targets_digest") == digest:  # another process synced it meanwhile
                return SyncResult(False, self._count("indicators", "retired = 0"), 0, 0)
            existing = {row["id"]: row for row in self.db.query("select * from indicators")}
            declared = set()
            for indicator in targets.indicators():
                declared.add(indicator.id)
                row = _indicator_row(indicator, targets, now)
                old = existing.get(indicator.id)
                self.db["indicators"].upsert(row, pk="id")  # type: ignore[union-attr]
                was = None if old is None else stored_decimal(old["target_amount"], old["target"])
                if old is None or (was, old["target_stage"], old["unit"]) != (
                    indicator.target, row["target_stage"], row["unit"],
                ):  # fmt: skip
                    self.db.execute(
                        "insert into target_history (indicator_id, target, target_amount,"
                        " target_stage, unit, recorded_at, effective_from)"
                        " values (?, ?, ?, ?, ?, ?, ?)",
                        [
                            indicator.id, row["target"], row["target_amount"],
                            row["target_stage"], row["unit"], now,
                            _effective_from(indicator, first=old is None).isoformat(),
                        ],
                    )  # fmt: skip
                seeded += self._seed(indicator, targets)
                for old_id in indicator.replaces:
                    self.db.execute(
                        "update indicators set retired = 1, replaced_by = ? where id = ?",
                        [indicator.id, old_id],
                    )
            retired = [i for i in existing if i not in declared and not existing[i]["retired"]]
            for indicator_id in retired:
                self.db.execute("update indicators set retired = 1 where id = ?", [indicator_id])
            self._set_meta("targets_digest", digest)
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
        rows = self.db.execute(
            "select indicator_id, effective_from, recorded_at,"
            " coalesce(target_amount, target) from target_history"
            " where indicator_id in (select indicator_id from target_history"
            " group by indicator_id having count(*) > 1) order by id"
        ).fetchall()
        timelines: dict[str, list[tuple[date, Decimal | None]]] = {}
        for indicator_id, effective, recorded, target in rows:
            day = date.fromisoformat((effective or recorded)[:10])
            timelines.setdefault(indicator_id, []).append((day, stored_decimal(target)))
        return timelines

    def retired(self) -> list[dict[str, Any]]:
        return list(self.db.query("select * from indicators where retired = 1 order by id"))

    def indicator_row(self, indicator_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from indicators where id = ?", [indicator_id]))
        return rows[0] if rows else None

    # -- entries ----------------------------------------------------------------------------

    def add(self, entry: NewEntry) -> int:
        row = _entry_row(entry, _now())
        with self.write():
            cursor = self.db.execute(
                f"insert into entries ({', '.join(row)}) values ({', '.join('?' * len(row))})",
                list(row.values()),
            )
        return int(cursor.lastrowid or 0)

    def add_many(self, entries: Sequence[NewEntry], import_id: int | None = None) -> None:
        """Entries of one batch in one statement, all logged at the same moment."""
        if not entries:
            return
        now = _now()
        rows = [_entry_row(entry, now, import_id) for entry in entries]
        columns = ", ".join(rows[0])
        with self.write():
            self.db.conn.executemany(
                f"insert into entries ({columns}) values ({', '.join('?' * len(rows[0]))})",
                [list(row.values()) for row in rows],
            )

    def has_key(self, key: str) -> bool:
        """Whether an entry with this key is logged. An export names each entry
        ``entry:ID@LOGGED_AT``, so importing an export back finds the entries it came from."""
        if self.db.execute("select 1 from entries where key = ?", [key]).fetchone():
            return True
        match = EXPORT_KEY.match(key)
        if match is None:
            return False
        found = self.db.execute(
            "select 1 from entries where id = ? and logged_at = ?",
            [int(match["id"]), match["logged_at"]],
        )
        return found.fetchone() is not None

    def history(self, ids: Sequence[str], start: date, end: date) -> History:
        """The active entries of one indicator (under any of its ids) that decide its figures.

        Three index searches, none reading other indicators' entries nor this one's past
        before its latest figure or stage: the status costs the same after years of reports.
        """
        ids_sql = ids_clause(len(ids))
        window = [*ids, start.isoformat(), end.isoformat()]
        count = int(self.db.execute(COUNT_SQL.format(ids=ids_sql), window * 2).fetchone()[0])
        anchor = self.db.execute(ANCHOR_SQL.format(ids=ids_sql), window).fetchone()
        since = [*ids, anchor[0] if anchor else start.isoformat(), end.isoformat()]
        rows = self.db.execute(POINTS_SQL.format(ids=ids_sql), since).fetchall()
        # the exact text is what kpitrack writes: read it straight, the slower way otherwise
        points = [
            Point(
                date.fromisoformat(as_of),
                seq,
                MODES[mode],
                Decimal(value) if type(value) is str else stored_decimal(value),
                stage,
                qualifier,
                note,
            )
            for seq, as_of, mode, value, stage, qualifier, note in rows
            if anchor is None or (as_of, seq) >= (anchor[0], anchor[1])
        ]
        return History(tuple(points), count)

    # -- corrections ------------------------------------------------------------------------

    def entry(self, entry_id: int) -> dict[str, Any] | None:
        if not 0 < entry_id < 2**63:  # no such row, and SQLite cannot even be asked
            return None
        rows = self._entries(ENTRY_SQL + " where e.id = ?", [entry_id])
        return rows[0] if rows else None

    def latest_by(self, author: str) -> dict[str, Any] | None:
        """The latest entry this author logged, voided or not: undo never reaches past it."""
        latest = self.db.execute(
            "select max(id) from entries where author = ?", [author]
        ).fetchone()[0]
        return None if latest is None else self.entry(int(latest))

    def void(self, entry_id: int, author: str, note: str | None, replaced_by: int | None) -> None:
        self.db.execute(
            "insert into voids (entry_id, replaced_by, voided_at, author, note)"
            " values (?, ?, ?, ?, ?)",
            [entry_id, replaced_by, _now(), author, note],
        )

    def restore(self, entry_id: int, author: str, note: str | None) -> None:
        """Lift the void that stands on an entry: it counts again, and the void stays on
        record with the restore that lifted it."""
        self.db.execute(
            "insert into restores (void_id, restored_at, author, note)"
            " select id, ?, ?, ? from standing_voids where entry_id = ?",
            [_now(), author, note, entry_id],
        )

    # -- imports ----------------------------------------------------------------------------

    def record_import(
        self, file_name: str, sha256: str, sheet: str | None, author: str, rows_written: int
    ) -> int:
        cursor = self.db.execute(
            "insert into imports (file_name, sha256, sheet, imported_at, author, rows_written)"
            " values (?, ?, ?, ?, ?, ?)",
            [file_name, sha256, sheet, _now(), author, rows_written],
        )
        return int(cursor.lastrowid or 0)

    def imports(self) -> list[dict[str, Any]]:
        """Every import, with how many of its entries still count."""
        return list(
            self.db.query(
                "select i.*, (select count(*) from active_entries a where a.import_id = i.id)"
                " as rows_counting from imports i order by i.id"
            )
        )

    def import_row(self, import_id: int) -> dict[str, Any] | None:
        if not 0 < import_id < 2**63:
            return None
        rows = list(self.db.query("select * from imports where id = ?", [import_id]))
        return rows[0] if rows else None

    def first_import_of(self, sha256: str) -> int | None:
        """The earliest import of a file with this content, under whatever name it came."""
        row = self.db.execute("select min(id) from imports where sha256 = ?", [sha256]).fetchone()
        return None if row[0] is None else int(row[0])

    def counting_entries_of_import(self, import_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select * from active_entries where import_id = ? order by id", [import_id]
            )
        )

    def logged_on(self, ids: Sequence[str], day: date) -> list[dict[str, Any]]:
        """The entries that count for one indicator (under any of its ids) on one day: what
        an import row may already be."""
        return list(
            self.db.query(
                "select id, mode, coalesce(amount, value) as value, stage, note from active_entries"
                f" where indicator_id {ids_clause(len(ids))} and as_of = ?",
                [*ids, day.isoformat()],
            )
        )

    def points(self, ids: Sequence[str], start: date, end: date) -> list[Point]:
        """Every entry that counts for an indicator within [start, end], for the checks at
        entry, which look at figures before and after a back-dated entry."""
        rows = self.db.execute(
            POINTS_SQL.format(ids=ids_clause(len(ids))), [*ids, start.isoformat(), end.isoformat()]
        ).fetchall()
        return [
            Point(date.fromisoformat(as_of), seq, Mode(mode), stored_decimal(value), stage, q, note)
            for seq, as_of, mode, value, stage, q, note in rows
        ]

    def corrected_by(self, entry_id: int) -> int | None:
        """The entry this one corrected (``kpi amend``), if it was a correction."""
        row = self.db.execute(
            "select entry_id from voids where replaced_by = ? order by id desc limit 1", [entry_id]
        ).fetchone()
        return None if row is None else int(row[0])

    def entries_of(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """Every entry of an indicator, voided ones too, with who voided them and why."""
        marks = ", ".join("?" * len(ids))
        return self._entries(
            ENTRY_SQL + f" where e.indicator_id in ({marks}) order by e.as_of, e.id", list(ids)
        )

    def all_entries(self) -> list[dict[str, Any]]:
        """Every entry, voided ones too, in logging order."""
        return self._entries(ENTRY_SQL + " order by e.id")

    def entries_between(self, since: date, until: date) -> list[dict[str, Any]]:
        """Every entry that counts, dated within [since, until], in date and logging order."""
        return self._entries(
            "select * from active_entries where as_of >= ? and as_of <= ? order by as_of, id",
            [since.isoformat(), until.isoformat()],
        )

    def count_entries(self, author: str | None = None) -> int:
        if author is None:
            return self._count("entries")
        return int(
            self.db.execute("select count(*) from entries where author = ?", [author]).fetchone()[0]
        )

    # -- small helpers ----------------------------------------------------------------------

    def _entries(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Entry rows whose ``value`` is the exact Decimal, read from its text."""
        rows = []
        for row in self.db.query(sql, params):
            row["value"] = stored_decimal(row.pop("amount", None), row["value"])
            rows.append(row)
        return rows

    def _count(self, table: str, where: str = "1") -> int:
        return int(self.db.execute(f"select count(*) from {table} where {where}").fetchone()[0])

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("select value from meta where key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "insert into meta (key, value) values (?, ?) "
            "on conflict(key) do update set value = excluded.value",
            [key, value],
        )

    def backup(self, destination: Path) -> None:
        """Copy the database through SQLite's online backup: safe while others write.

        The copy is taken into memory and checked there (``quick_check``), so a damaged
        database is refused rather than backed up as if sound, and SQLite never opens a file
        in the destination's folder: no journal beside it, no symlink to follow. The checked
        image is then published by :mod:`kpitrack.publish`, whole or not at all, and never
        over a file that is there, even one that appeared while the copy was taken.
        """
        from kpitrack.publish import ensure_free, publish

        ensure_free(destination, "store.backup_exists")
        try:
            copy = sqlite3.connect(":memory:")
            try:
                self.db.conn.backup(copy)
                problems = [row[0] for row in copy.execute("pragma quick_check")]
                image = copy.serialize() if problems == ["ok"] else b""
            finally:
                copy.close()
        except sqlite3.Error as error:
            # SQLITE_CORRUPT, SQLITE_NOTADB: the file is at fault, not the moment
            if error.sqlite_errorcode & 0xFF not in (11, 26):
                raise EnvironmentFault(
                    "store.backup_failed", path=destination, reason=str(error)
                ) from error
            problems = [str(error)]
        if problems != ["ok"]:
            lines = [line for p in problems for line in p.splitlines() if line[:3] != "***"]
            reason = (lines or problems)[0][:200]
            raise EnvironmentFault(
                "store.backup_damaged", db=self.path, path=destination, reason=reason
            )
        publish(destination, lambda stream: stream.write(image), exists="store.backup_exists")

    def close(self) -> None:
        self.db.close()


# {ids} is "= ?", or "in (?, ?…)" for an indicator that replaces earlier ids: with one id the
# index hands rows over already in date order, so no sort is needed.
_WINDOW = (
    "where indicator_id {ids} and as_of >= ? and as_of <= ?"
    " and not exists (select 1 from standing_voids v where v.entry_id = e.id)"
)
# a task's note: a progress note, or the note given with 完成 (not the report's words a seeded
# 完成 carries as its note)
NOTE_SQL = (
    f"case when mode = 'stage' and (stage is null or (stage = '{DONE_WORD}'"
    f" and author <> '{SEED_AUTHOR}')) then note end"
)
POINTS_SQL = (
    "select id, as_of, mode, coalesce(amount, value), stage, qualifier, "
    + NOTE_SQL
    + " from entries e "
    + _WINDOW
    + " order by as_of, id"
)
# Entries in the window less the voided ones: the first count reads only the index; the
# second walks the voids (few: corrections) and looks each entry up by its key.
_RANGE = "indicator_id {ids} and as_of >= ? and as_of <= ?"
COUNT_SQL = (
    "select (select count(*) from entries where " + _RANGE + ")"
    " - (select count(*) from standing_voids v cross join entries e on e.id = v.entry_id"
    " where e." + _RANGE + ")"
)
ANCHOR_SQL = (
    "select as_of, id from entries e " + _WINDOW + " and mode != 'add'"
    # a task's note decides nothing, and its 完成 keeps the notes before it in view (tasks.py)
    " and (mode = 'set' or (stage is not null and stage != '完成'))"
    " order by as_of desc, id desc limit 1"
)


def ids_clause(count: int) -> str:
    return "= ?" if count == 1 else f"in ({', '.join('?' * count)})"


# An entry with the void that stands on it (if any) and its latest restore (if any).
ENTRY_SQL = (
    "select e.*, v.voided_at, v.author as voided_by, v.note as void_note, v.replaced_by,"
    " r.restored_at, r.restored_by, r.restore_note"
    " from entries e left join standing_voids v on v.entry_id = e.id"
    " left join (select w.entry_id, x.restored_at, x.author as restored_by,"
    " x.note as restore_note, max(x.id) from restores x cross join voids w on w.id = x.void_id"
    " group by w.entry_id) r on r.entry_id = e.id"
)


def open_store(path: Path, *, write: bool = True, as_is: bool = False) -> Store:
    """Open the database at ``path``: for writing (created and migrated if needed), or, for a
    report, read-only (see the module's docstring); ``as_is`` reads even an older schema
    straight from the file (a backup copies the file, not what this kpitrack makes of it).

    sqlite-utils is imported here, not at the top: commands that need no database (help,
    validate, list, extract) start a tenth of a second sooner without it.
    """
    from sqlite_utils import Database

    from kpitrack.migrations import MIGRATIONS

    if path.exists() and path.is_dir():
        raise StoreError("store.is_folder", path=path)
    if not path.parent.exists():
        raise StoreError("store.no_folder", path=path, folder=path.parent)
    working_on(path)
    timeout = busy_seconds()
    fresh = not path.exists() or path.stat().st_size == 0
    if not write and fresh:  # nothing to read: a report works from targets.yaml alone
        return Store(Database(sqlite3.connect(":memory:")), path, readonly=True).private_copy()
    try:
        db = _connect(path, write, timeout)
        _refuse_foreign(db, path)
        unknown = _unknown_migrations(db)
        if unknown:
            raise StoreError("store.newer", path=path, names=", ".join(unknown))
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF != 26:  # SQLITE_NOTADB
            raise
        raise StoreError("store.not_kpitrack", path=path, reason=str(error)) from error
    if not write:
        store = Store(db, path, readonly=True)
        return store.private_copy() if MIGRATIONS.pending(db) and not as_is else store
    db.execute("pragma foreign_keys = on")
    _use_wal(db, timeout)
    store = Store(db, path)
    if MIGRATIONS.pending(db):
        with store.write():  # six processes creating one new database: one migrates
            MIGRATIONS.apply(db)
    return store


def _connect(path: Path, write: bool, timeout: float) -> Database:
    """A connection, checked by a first read (SQLite opens lazily).

    A report on a WAL file in a folder it cannot write (a read-only share, a CD) cannot create
    the shared-memory file readers need; nobody can write such a file either, so it is read
    as immutable."""
    from sqlite_utils import Database

    if write:
        conn = sqlite3.connect(path, timeout=timeout)
    else:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", timeout=timeout, uri=True)
    conn.execute(f"pragma busy_timeout = {int(timeout * 1000)}")
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        conn.close()
        if write or error.sqlite_errorcode & 0xFF != 14 or os.access(path.parent, os.W_OK):
            raise
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, timeout=timeout, uri=True)
    return Database(conn)


def _refuse_foreign(db: Database, path: Path) -> None:
    """A database with tables but without kpitrack's record of migrations belongs to another
    program: refused before anything (its journal mode included) is changed."""
    tables = [
        str(name)
        for (name,) in db.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
        ).fetchall()
    ]
    if not tables:
        # an empty file is one to create; a SQLite file another program made and left empty is
        # not (ours is switched to WAL before its first table, in the same moment it is made)
        if path.stat().st_size > 0 and db.execute("pragma journal_mode").fetchone()[0] != "wal":
            raise StoreError("store.foreign_empty", path=path)
        return
    if "_sqlite_migrations" in tables:
        ours = db.execute(
            "select 1 from _sqlite_migrations where migration_set = 'kpitrack' limit 1"
        ).fetchone()
        if ours:
            return
    shown = "、".join(sorted(tables)[:5]) + ("…" if len(tables) > 5 else "")
    raise StoreError("store.foreign", path=path, tables=shown)


def _use_wal(db: Database, timeout: float) -> None:
    """Switch to WAL once; SQLite does not wait for a busy lock to change the journal mode, so
    a process that finds another doing it at the same moment retries until the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if db.journal_mode != "wal":
                db.enable_wal()
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF not in (5, 6) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _unknown_migrations(db: Database) -> list[str]:
    from kpitrack.migrations import MIGRATIONS

    applied = [m.name for m in MIGRATIONS.applied(db)]
    known = {m.name for m in MIGRATIONS._migrations}
    return [name for name in applied if name not in known]


def _indicator_row(indicator: Indicator, targets: Targets, now: str) -> dict[str, Any]:
    area = targets.area(indicator.area_id)
    return {
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
    }


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
    return hashlib.sha256(content).hexdigest()


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def indicator_from_row(row: Mapping[str, Any]) -> Indicator:
    """An indicator as the database last knew it: for one no longer in targets.yaml."""
    stages = tuple(
        Stage(s["name"], date.fromisoformat(s["due"]) if s["due"] else None)
        for s in json.loads(row["stages"] or "[]")
    )
    pace = tuple(
        Checkpoint(date.fromisoformat(day), Decimal(str(share)))
        for day, share in json.loads(row["pace"] or "{}").items()
    )
    return Indicator(
        id=row["id"],
        name=row["name"],
        area_id=row["area_id"],
        unit=row["unit"],
        target=stored_decimal(row["target_amount"], row["target"]),
        period=Period(
            date.fromisoformat(row["period_start"]), date.fromisoformat(row["period_end"])
        ),
        direction=Direction(row["direction"]),
        measure=Measure(row["measure"]),
        target_stage=row["target_stage"],
        stages=stages,
        pace=pace,
        cycle=Cycle(row["cycle"]),
        baseline=stored_decimal(row["baseline_amount"], row["baseline"]),
        owner=row["owner"],
        source=row["source"],
        approx=row["approx"],
        retired=bool(row["retired"]),
        commitment=row.get("commitment"),
        verdict=row.get("verdict"),
    )


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
    """A figure as the store holds it: its exact text, else (a row another tool wrote with
    only the REAL) that REAL's shortest form. On the path of every status: kept lean."""
    value = real if exact is None else exact
    if value is None:
        return None
    if isinstance(value, str):
        return Decimal(value)
    if isinstance(value, (int, float)):
        return Decimal(repr(float(value)))
    raise TypeError(f"not a stored number: {value!r}")
