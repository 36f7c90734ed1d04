"""The SQLite adapter: one file on one machine, the default.

Opened only through :func:`kpitrack.store.open_store`. A command that writes opens it for
writing: WAL, a busy timeout, foreign keys, pending migrations applied; every write
transaction begins IMMEDIATE, so writers queue for the lock instead of failing half-way (a
deferred transaction that reads and then writes is refused outright by SQLite when another
writer got in between). A report opens it read-only and never migrates or syncs it: when the
file is older than this kpitrack, or targets.yaml changed since it was last recorded, the
report works on a private copy in memory, and the file stays as it was. Entries are never
updated or deleted (triggers refuse it). Another tool reading the file finds plain tables and
a ``current_status`` view. A database that is not kpitrack's is never touched.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpitrack.errors import EnvironmentFault, StoreError
from kpitrack.faults import busy_seconds, working_on
from kpitrack.messages import t
from kpitrack.migration_names import NAMES, SET, TABLE
from kpitrack.records import Entry, ExportLines
from kpitrack.sql_store import ROLLUP_DEFERRED, Row, SqlStore, WindowRow

if TYPE_CHECKING:
    from sqlite_utils import Database


class SQLiteStore(SqlStore):
    engine = "sqlite"
    DEFER_ROLLUP = (
        f"insert into meta (key, value) values ('{ROLLUP_DEFERRED}', '') on conflict do nothing",
        f"delete from meta where key = '{ROLLUP_DEFERRED}'",
    )

    def __init__(
        self,
        db: Database | sqlite3.Connection,
        path: Path,
        readonly: bool = False,
        private: bool = False,
    ) -> None:
        if isinstance(db, sqlite3.Connection):
            self.conn, self._db = db, None
        else:
            self.conn, self._db = db.conn, db
        self.path = path
        self.location = str(path)
        self.readonly = readonly
        self.private = private
        self.queries = 0
        self._depth = 0  # savepoints open inside a write()

    @property
    def db(self) -> Database:
        """sqlite-utils' view of the connection, made when first asked for: migrations and
        writes use it; a report reading the file does not, and starts sooner without it."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    def overflowed(self, error: Exception) -> bool:
        return isinstance(error, sqlite3.OperationalError) and "overflow" in str(error)

    def window_rows(self, wanted: Sequence[WindowRow]) -> tuple[str, list[Any]]:
        """The windows as one JSON parameter: SQLite compiles a VALUES list row by row, and
        at a status's fifty windows that costs more than reading them all. JSON written here,
        without the json package: every value is a number, or text of plain characters
        (ids, ISO days); anything else, and a SQLite before its ``->>`` (3.38), takes the
        VALUES list."""
        if sqlite3.sqlite_version_info < (3, 38) or not all(_plain(row[1]) for row in wanted):
            return super().window_rows(wanted)
        text = ",".join(
            f'[{n},"{id_}","{lo}","{hi}","{before}"]' for n, id_, lo, hi, before in wanted
        )
        return JSON_WINDOWS, [f"[{text}]"]

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self.queries += 1
        return self.conn.execute(sql, params).fetchall()

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.queries += 1
        self.conn.execute(sql, params)

    def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.queries += 1
        self.conn.executemany(sql, rows)

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction, begun IMMEDIATE: it waits its turn (the busy timeout) for
        the write lock before reading what it will decide on, so two writers never both
        decide on the same state. Nested, it is a savepoint of the outer one."""
        conn = self.conn
        if conn.in_transaction:
            self._depth += 1
            name = f"kpi_nested_{self._depth}"
            conn.execute(f"savepoint {name}")
            try:
                yield
            except BaseException:
                conn.execute(f"rollback to {name}")
                conn.execute(f"release {name}")
                raise
            else:
                conn.execute(f"release {name}")
            finally:
                self._depth -= 1
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

    def exported(
        self, form: str, include_voided: bool, names: Mapping[str, str]
    ) -> Iterator[ExportLines | Entry]:
        """SQLite writes the lines itself: a tenth of the time (kpitrack.sqlite_export)."""
        from kpitrack import sqlite_export

        conn = self.conn
        if form == "json" and not sqlite_export.quotes_as_python(conn):
            yield from super().exported(form, include_voided, names)
            return
        self.queries += 1
        yield from sqlite_export.pieces(conn, form, include_voided, names, self.entries_by_number)

    def verify(self) -> None:
        """Refuse to build on a damaged file: SQLite reads and writes pages a query touches
        and no others, so an import into a file with a bad page elsewhere would succeed and
        say so. ``quick_check`` reads every page once (well under a second per 100k entries)."""
        problems = [str(row[0]) for row in self.rows("pragma quick_check(3)")]
        if problems != ["ok"]:
            raise EnvironmentFault("fault.damaged", path=self.path, reason="; ".join(problems))

    def private_copy(self) -> SQLiteStore:
        """The database copied into memory and brought up to date there: what a report
        works on when the file is behind, so reading never writes it."""
        from sqlite_utils import Database

        from kpitrack.migrations import SQLITE

        memory = sqlite3.connect(":memory:")
        self.conn.backup(memory)
        db = Database(memory)
        db.execute("pragma foreign_keys = on")
        copy = SQLiteStore(db, self.path, readonly=True, private=True)
        with copy.write():
            SQLITE.apply(db)
        self.close()
        return copy

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
                self.conn.backup(copy)
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

    def image(self) -> bytes:
        """The whole database as the bytes of a SQLite file."""
        return self.conn.serialize()

    def close(self) -> None:
        self.conn.close()


JSON_WINDOWS = (
    "select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 from json_each(?)"
)


def _plain(text: str) -> bool:
    """Text that JSON writes as it is, between quotes."""
    return text.isprintable() and '"' not in text and "\\" not in text


def memory_store(path: Path) -> SQLiteStore:
    """A new, migrated database in memory: a file's content before it is published."""
    from sqlite_utils import Database

    from kpitrack.migrations import SQLITE

    db = Database(sqlite3.connect(":memory:"))
    db.execute("pragma foreign_keys = on")
    store = SQLiteStore(db, path)
    with store.write():
        SQLITE.apply(db)
    return store


def open_sqlite(path: Path, *, write: bool = True, as_is: bool = False) -> SQLiteStore:
    """Open the database at ``path``: for writing (created and migrated if needed), or, for a
    report, read-only (see the module's docstring); ``as_is`` reads even an older schema
    straight from the file (a backup copies the file, not what this kpitrack makes of it).

    sqlite-utils is imported only to write or migrate, never at the top: a report on an
    up-to-date file reads it with plain ``sqlite3`` and starts a tenth of a second sooner.
    """
    if path.exists() and path.is_dir():
        raise StoreError("store.is_folder", path=path)
    if not path.parent.exists():
        raise StoreError("store.no_folder", path=path, folder=path.parent)
    working_on(path)
    timeout = busy_seconds()
    fresh = not path.exists() or path.stat().st_size == 0
    if not write and fresh:  # nothing to read: a report works from targets.yaml alone
        empty = SQLiteStore(sqlite3.connect(":memory:"), path, readonly=True)
        return empty.private_copy()
    try:
        conn = _connect(path, write, timeout)
        applied = _applied_names(conn, _refuse_foreign(conn, path))
        unknown = [name for name in applied if name not in NAMES]
        if unknown:
            raise StoreError("store.newer", path=path, names=", ".join(unknown))
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF != 26:  # SQLITE_NOTADB
            raise
        raise StoreError("store.not_kpitrack", path=path, reason=str(error)) from error
    if not write:
        store = SQLiteStore(conn, path, readonly=True)
        behind = not set(NAMES) <= set(applied)  # what SQLITE.pending would list, asked once
        return store.private_copy() if behind and not as_is else store
    conn.execute("pragma foreign_keys = on")
    _use_wal(conn, timeout)
    if set(NAMES) <= set(_applied_names(conn)):  # the usual case: no migrations, no sqlite-utils
        return SQLiteStore(conn, path)
    from sqlite_utils import Database

    from kpitrack.migrations import SQLITE

    db = Database(conn)
    store = SQLiteStore(db, path)
    with store.write():  # six processes creating one new database: one migrates
        SQLITE.apply(db)
    return store


def _connect(path: Path, write: bool, timeout: float) -> sqlite3.Connection:
    """A connection, checked by a first read (SQLite opens lazily).

    A report on a WAL file in a folder it cannot write (a read-only share, a CD) cannot create
    the shared-memory file readers need; nobody can write such a file either, so it is read
    as immutable."""
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
    return conn


def _refuse_foreign(db: sqlite3.Connection, path: Path) -> list[str]:
    """A database with tables but without kpitrack's record of migrations belongs to another
    program: refused before anything (its journal mode included) is changed. The tables, when
    it is kpitrack's (none: a file to create)."""
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
        return tables
    if "_sqlite_migrations" in tables:
        ours = db.execute(
            "select 1 from _sqlite_migrations where migration_set = 'kpitrack' limit 1"
        ).fetchone()
        if ours:
            return tables
    shown = t("words.separator").join(sorted(tables)[:5]) + ("…" if len(tables) > 5 else "")
    raise StoreError("store.foreign", path=path, tables=shown)


def _use_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch to WAL once; SQLite does not wait for a busy lock to change the journal mode, so
    a process that finds another doing it at the same moment retries until the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if conn.execute("pragma journal_mode").fetchone()[0] != "wal":
                conn.execute("pragma journal_mode = wal")
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF not in (5, 6) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _applied_names(db: sqlite3.Connection, tables: list[str] | None = None) -> list[str]:
    """The migrations the file records (as ``SQLITE.applied_names``); ``tables``: the file's
    tables, when :func:`_refuse_foreign` has just listed them (not asked again)."""
    if tables is None:
        tables = [
            str(name)
            for (name,) in db.execute(
                "select name from sqlite_master where type = 'table' and name = ?", [TABLE]
            )
        ]
    if TABLE not in tables:
        return []
    rows = db.execute(
        f"select name from {TABLE} where migration_set = ? order by rowid", [SET]
    ).fetchall()
    return [str(name) for (name,) in rows]


# -- SQLite's faults, told as sentences (kpitrack.faults asks every engine) ---------------------

# SQLite's primary result codes (https://sqlite.org/rescode.html)
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_READONLY = {8}  # SQLITE_READONLY
_FULL = {13}  # SQLITE_FULL
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_CANNOT_OPEN = {14, 3, 23}  # SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH
_IO = {10, 15}  # SQLITE_IOERR, SQLITE_PROTOCOL


def engine_fault(error: BaseException, where: Path) -> EnvironmentFault | None:
    """SQLite reports its faults by code, not by Python type (a full disk and a damaged page
    are both ``OperationalError``/``DatabaseError``): sorted here by their primary code."""
    if isinstance(error, UnicodeDecodeError) and _from_sqlite(error):
        # a damaged page of the schema: SQLite hands back text (or an error) that is not UTF-8
        return EnvironmentFault("fault.damaged", path=where, reason="malformed text in the file")
    if not isinstance(error, sqlite3.Error):
        return None
    code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
    reason = str(error)
    if code in _BUSY:
        return EnvironmentFault("fault.busy", path=where, seconds=f"{busy_seconds():g}")
    if code in _FULL:
        return EnvironmentFault("fault.full", path=where)
    if code in _READONLY:
        return EnvironmentFault("fault.readonly", path=where)
    if code in _DAMAGED:
        return EnvironmentFault("fault.damaged", path=where, reason=reason)
    if code in _CANNOT_OPEN:
        if where.exists() and not _writable(where):  # a read-only folder, a read-only disk
            return EnvironmentFault("fault.readonly", path=where)
        return EnvironmentFault("fault.cannot_open", path=where, reason=reason)
    if code in _IO:  # a full disk under WAL is often a plain I/O error
        if _nearly_full(where):
            return EnvironmentFault("fault.full", path=where)
        return EnvironmentFault("fault.io", path=where, reason=reason)
    return None


def _from_sqlite(error: BaseException) -> bool:
    """Whether an error came out of reading the database (its innermost frame is a store's or
    sqlite-utils'), not out of kpitrack decoding a file of the user's."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return False
    where = Path(frames[-1].filename)
    return "sqlite_utils" in where.parts or where.parts[-1] in ("sqlite_store.py", "sql_store.py")


def _nearly_full(path: Path) -> bool:
    """Whether the database's disk has less room than a write's journal would need."""
    try:
        return shutil.disk_usage(path.parent).free < 1 << 20
    except OSError:
        return False


def _writable(path: Path) -> bool:
    """Whether SQLite could write the file and the journal files beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
