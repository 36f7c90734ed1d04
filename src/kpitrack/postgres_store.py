"""The PostgreSQL adapter: one database on a server, for a district whose departments all
write and whose leaders read while they do.

The URL picks it (``--db postgresql://…`` or ``KPI_DB``). A command that writes gets an
autocommit connection whose write transactions each begin by taking one advisory lock, so
writers queue as they do on SQLite's IMMEDIATE transactions and decide on what they read.
A report gets a connection whose one transaction (repeatable read) is never committed: what
it reads is one moment of the database, and a sync it needs (targets.yaml changed) or a
migration (an older schema) happens inside that transaction and is rolled back at the end —
the server keeps nothing of a report. Migrations are :mod:`kpitrack.migrations`' names with
:mod:`kpitrack.postgres_schema`'s statements, each in a transaction with its record, under
the same lock. Append-only is a trigger function; a role per department (README) may insert
only for its own indicators.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import errors as pgerrors

from kpitrack.errors import EnvironmentFault, StoreError
from kpitrack.faults import busy_seconds, working_on
from kpitrack.messages import t
from kpitrack.postgres_schema import SEQUENCES, STEPS
from kpitrack.sql_store import Row, SqlStore, location_name

LOCK = 0x6B7069  # "kpi": the one advisory lock every kpitrack writer takes
MIGRATIONS_TABLE = "kpitrack_migrations"
_PARAM = re.compile(r"\?")

_server: str | None = None  # the server a fault would be about, without its password


def _sql(statement: str) -> str:
    """kpitrack's ``?`` parameters as psycopg's ``%s`` (a literal % doubled first)."""
    return _PARAM.sub("%s", statement.replace("%", "%%"))


class PostgresStore(SqlStore):
    engine = "postgresql"
    DAY = "cast(? as date)"
    # amounts are numeric: the engine sums them exactly, at one scale
    SUMMED = "e.mode = 'add' and e.qualifier is null and e.amount is not null"
    SUM_SCALE = 0
    SUM_FIXED = "e.amount"

    def __init__(
        self, conn: psycopg.Connection[Any], url: str, readonly: bool, private: bool = False
    ) -> None:
        self.conn = conn
        self.url = url
        self.location = location_name(url)
        self.readonly = readonly
        self.private = private
        self.queries = 0
        self._depth = 0

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self.queries += 1
        cursor = self.conn.execute(_sql(sql), list(params) or None)
        return cursor.fetchall() if cursor.description is not None else []

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.queries += 1
        self.conn.execute(_sql(sql), list(params) or None)

    def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.queries += 1
        with self.conn.cursor() as cursor:
            cursor.executemany(_sql(sql), [list(row) for row in rows])

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction; the outermost takes kpitrack's advisory lock first, so
        writers wait their turn (up to KPI_BUSY_TIMEOUT) before reading what they decide on.
        Nested, a savepoint. In a report's transaction, a savepoint of what is rolled back."""
        with self.conn.transaction():
            if self._depth == 0 and not self.readonly:
                self.conn.execute("select pg_advisory_xact_lock(%s)", [LOCK])
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1

    def refill_running(self, since: Mapping[str, str]) -> None:
        """The trigger noted which indicators' later days wait for their running totals (and
        refills them at commit at the latest); refilled now, for what this transaction reads
        next (a report's sync logs, then reads). A function of the schema's owner: a
        department may not write the rollup."""
        self.run("select kpi_refill_running(null)")

    def rollup_settled(self) -> None:
        self.refill_running({})

    def after_copy(self) -> None:
        """Each identity moved past the ids a copy wrote, so the next insert does not
        collide with one of them."""
        for table in SEQUENCES:
            self.run(
                f"select setval(pg_get_serial_sequence('{table}', 'id'), max(id)) from {table}"
                " having max(id) is not null"
            )

    def verify(self) -> None:
        """The server checks its own pages (and answers at all): nothing to read through."""
        self.rows("select 1")

    def private_copy(self) -> PostgresStore:
        """A report's transaction is never committed already: it is its own private copy."""
        self.private = True
        return self

    def backup(self, destination: Path) -> None:
        """A server's database backed up as a SQLite file: every entry, void, restore and
        import, as ``kpi copy`` writes them; ``kpi copy`` brings it back."""
        from kpitrack.copying import copy_into_new_file

        copy_into_new_file(self, destination)

    def close(self) -> None:
        try:
            if not self.conn.closed and self.readonly:
                self.conn.rollback()  # a report keeps nothing
        finally:
            self.conn.close()


def open_postgres(url: str, *, write: bool = True, as_is: bool = False) -> PostgresStore:
    """Connect, refuse a database that is not kpitrack's or is newer, and migrate: for a
    writer, committed; for a report, inside its transaction only (``as_is``: not at all)."""
    global _server
    _server = location_name(url)
    working_on(None)
    timeout = busy_seconds()
    conn = psycopg.connect(url, autocommit=write, connect_timeout=10)
    try:
        if not write:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.execute("select set_config('lock_timeout', %s, false)", [f"{int(timeout * 1000)}"])
        store = PostgresStore(conn, url, readonly=not write)
        _refuse_foreign(store)
        applied = _applied(store)
        unknown = [name for name in applied if name not in STEPS]
        if unknown:
            raise StoreError("store.newer", path=store.location, names=", ".join(unknown))
        if any(name not in applied for name in STEPS) and not as_is:
            if not write:
                store.private = True
            _migrate(store)
    except BaseException:
        conn.close()
        raise
    return store


def _refuse_foreign(store: PostgresStore) -> None:
    """Tables in the schema but no record of kpitrack's migrations: another program's."""
    tables = [
        str(name)
        for (name,) in store.rows(
            "select tablename from pg_catalog.pg_tables where schemaname = current_schema()"
        )
    ]
    if not tables or MIGRATIONS_TABLE in tables:
        return
    shown = t("words.separator").join(sorted(tables)[:5]) + ("…" if len(tables) > 5 else "")
    raise StoreError("store.foreign", path=store.location, tables=shown)


def _applied(store: PostgresStore) -> list[str]:
    exists = store.one(
        "select count(*) from pg_catalog.pg_tables"
        " where schemaname = current_schema() and tablename = ?",
        [MIGRATIONS_TABLE],
    )
    if not exists:
        return []
    return [str(name) for (name,) in store.rows(f"select name from {MIGRATIONS_TABLE} order by id")]


def _migrate(store: PostgresStore) -> None:
    """Each pending step in a transaction with its record, under the writers' lock; a second
    process that waited for the lock finds them applied and does nothing."""
    with store.write():
        store.run(
            f"create table if not exists {MIGRATIONS_TABLE} (id integer primary key,"
            ' name text collate "C" not null unique, applied_at text not null)'
        )
    for number, (name, statements) in enumerate(STEPS.items(), start=1):
        with store.write():
            if name in _applied(store):
                continue
            for statement in statements:
                store.queries += 1
                store.conn.execute(statement)
            store.run(
                f"insert into {MIGRATIONS_TABLE} (id, name, applied_at) values (?, ?, ?)",
                [number, name, datetime.now().astimezone().isoformat(timespec="seconds")],
            )


# -- the server's faults, told as sentences (kpitrack.faults asks every engine) -----------------


def engine_fault(error: BaseException, where: Path) -> EnvironmentFault | None:
    """psycopg's errors by their SQLSTATE class: the server unreachable, a role without the
    right, a lock not granted in time, a full disk, a read-only server."""
    if not isinstance(error, psycopg.Error):
        return None
    server = _server or "PostgreSQL"
    reason = _first_line(error)
    if isinstance(error, pgerrors.InsufficientPrivilege):
        return EnvironmentFault("fault.privilege", server=server, reason=reason)
    if isinstance(error, (pgerrors.LockNotAvailable, pgerrors.QueryCanceled)):
        return EnvironmentFault("fault.busy", path=server, seconds=f"{busy_seconds():g}")
    if isinstance(error, pgerrors.DiskFull):
        return EnvironmentFault("fault.server_full", server=server)
    if isinstance(error, pgerrors.ReadOnlySqlTransaction):
        return EnvironmentFault("fault.server_readonly", server=server, reason=reason)
    if isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError)):
        return EnvironmentFault("fault.server", server=server, reason=reason)
    return None


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:300] if text else type(error).__name__
