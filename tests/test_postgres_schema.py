"""kpitrack's schema on a real PostgreSQL: every step applies, keeps what is there, and gives the
tables, columns and views SQLite has; entries stay append-only; the status view computes what
SQLite's does; text sorts as SQLite sorts it; a department's role writes only its own scope.

Each test gets an empty database of its own from the ``postgresql_url`` fixture (a throwaway
server the session starts, or ``KPI_TEST_POSTGRESQL``), and is skipped, with the reason, when
no server can be had. No kpitrack adapter is used: statements go through psycopg directly.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from kpitrack.migrations import MIGRATIONS
from kpitrack.postgres_schema import ENTRIES_APPEND_ONLY, SEQUENCES, STEPS, roles_sql
from kpitrack.postgres_store import MIGRATIONS_TABLE

from . import pg_server
from .conftest import ROOT

try:
    import psycopg
    from psycopg import errors
except ImportError:  # the fixture skips every test here that needs it, and says why
    psycopg = None  # type: ignore[assignment]

NAMES = list(STEPS)
NEW_HERE = ("m007_scopes", "m008_database_roles")

# What SQLite will have once the lead's migrations for scopes and roles exist; used only for
# those SQLite's MIGRATIONS does not have yet.
SQLITE_PENDING = {
    "m007_scopes": (
        "alter table indicators add column scope text",
        "create table scopes (name text primary key, path text not null, digest text not null,"
        " synced_at text not null)",
        "create index indicators_by_scope on indicators (scope)",
    ),
    "m008_database_roles": ("alter table entries add column db_role text",),
}

DAYS = {
    ("indicators", "period_start"),
    ("indicators", "period_end"),
    ("entries", "as_of"),
    ("entry_days", "as_of"),
    ("target_history", "effective_from"),
}
EXACT = {
    ("entries", "amount"),
    ("indicators", "target_amount"),
    ("indicators", "baseline_amount"),
    ("target_history", "target_amount"),
    ("entry_days", "fixed"),  # numeric on PostgreSQL, integer millionths on SQLite
    ("entry_days", "c_fixed"),  # the same, running (untyped on SQLite: see m011)
}
ROW_IDS = {"id", "entry_id", "void_id", "import_id", "replaced_by"}  # as integers (voids')


# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def pg(postgresql_url: str) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(postgresql_url, autocommit=True) as conn:
        yield conn


def apply(conn: psycopg.Connection[Any], names: list[str]) -> None:
    """Each step in a transaction of its own, as the adapter will run them."""
    for name in names:
        with conn.transaction():
            for statement in STEPS[name]:
                conn.execute(statement)


def sqlite_database() -> Database:
    """A SQLite database at kpitrack's current schema, with what is still to come on SQLite."""
    db = Database(sqlite3.connect(":memory:"))
    MIGRATIONS.apply(db)
    known = {m.name for m in MIGRATIONS._migrations}
    for name, statements in SQLITE_PENDING.items():
        if name not in known:
            for statement in statements:
                db.execute(statement)
    return db


class Rows:
    """The same rows written to either engine: SQLite takes days as ISO text."""

    def __init__(self, conn: Any, engine: str) -> None:
        self.conn, self.engine = conn, engine

    def insert(self, table: str, **row: Any) -> int | None:
        mark = "%s" if self.engine == "postgresql" else "?"
        values = [
            v.isoformat() if isinstance(v, date) and self.engine == "sqlite" else v
            for v in row.values()
        ]
        sql = f"insert into {table} ({', '.join(row)}) values ({', '.join([mark] * len(row))})"
        if table not in SEQUENCES:  # no number to give back
            self.conn.execute(sql, values)
            return None
        found = self.conn.execute(sql + " returning id", values).fetchone()
        return int(found[0])

    def indicator(self, id: str, **fields: Any) -> None:
        row = {
            "id": id, "name": f"指标{id}", "area_id": "a1", "area_name": "体育", "unit": "个",
            "target": 10.0, "direction": "up", "measure": "sum",
            "period_start": date(2024, 1, 1), "period_end": date(2024, 12, 31),
            "cycle": "month", "synced_at": "2024-01-05T09:00:00+08:00",
        }  # fmt: skip
        self.insert("indicators", **{**row, **fields})

    def entry(
        self, indicator: str, mode: str, value: float | None, day: date, **fields: Any
    ) -> int:
        row = {
            "indicator_id": indicator, "mode": mode, "value": value, "unit": "个",
            "input": str(value), "as_of": day, "logged_at": f"{day}T18:00:00+08:00",
            "author": "测试员",
        }  # fmt: skip
        found = self.insert("entries", **{**row, **fields})
        assert found is not None
        return found

    def void(self, entry: int, **fields: Any) -> int:
        found = self.insert(
            "voids", entry_id=entry, voided_at="2024-07-01T09:00:00+08:00", author="测试员",
            **fields,
        )  # fmt: skip
        assert found is not None
        return found

    def restore(self, void: int) -> int:
        found = self.insert(
            "restores", void_id=void, restored_at="2024-07-02T09:00:00+08:00", author="测试员"
        )
        assert found is not None
        return found


# working state of the server's alone: the indicators whose later days wait for their running
# totals (m011), refilled as the transaction commits; SQLite's writer refills them itself
SERVER_ONLY = {"entry_days_pending"}


def columns(conn: psycopg.Connection[Any]) -> dict[str, list[str]]:
    """Each table's and view's columns, but for the server's own working state."""
    rows = conn.execute(
        "select table_name, column_name from information_schema.columns"
        " where table_schema = current_schema() order by table_name, ordinal_position"
    ).fetchall()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        if table not in SERVER_ONLY:
            found.setdefault(table, []).append(column)
    return found


# -- the steps -------------------------------------------------------------------------------


def test_the_steps_are_sqlites_migrations_by_name_and_in_order_then_the_new_ones() -> None:
    on_sqlite = [m.name for m in MIGRATIONS._migrations]
    assert NAMES[: len(on_sqlite)] == on_sqlite
    assert [name for name in NAMES if name not in on_sqlite] == [
        name for name in NEW_HERE if name not in on_sqlite
    ]


def test_after_every_step_the_database_has_sqlites_tables_columns_and_views(
    pg: psycopg.Connection[Any],
) -> None:
    for name in NAMES:
        apply(pg, [name])
        found = columns(pg)
        assert found.get("active_entries", found["entries"]) == found["entries"], (
            name
        )  # the view's select * is fresh
    db = sqlite_database()
    on_sqlite = {
        name: [column[1] for column in db.execute(f"pragma table_info('{name}')").fetchall()]
        for (name,) in db.execute(
            "select name from sqlite_master where type in ('table', 'view')"
            " and name not like 'sqlite_%' and name != '_sqlite_migrations'"
        ).fetchall()
    }
    assert columns(pg) == on_sqlite
    kinds = {
        row[0]: set(row[1])
        for row in pg.execute(
            "select table_type, array_agg(table_name::text) from information_schema.tables"
            " where table_schema = current_schema() group by table_type"
        ).fetchall()
    }
    assert kinds["VIEW"] == {"active_entries", "standing_voids", "current_status"}


def test_columns_are_typed_for_exact_readings_days_as_dates_and_text_in_byte_order(
    pg: psycopg.Connection[Any],
) -> None:
    apply(pg, NAMES)
    db = sqlite_database()
    rows = pg.execute(
        "select c.table_name, c.column_name, c.data_type, c.collation_name,"
        " c.numeric_precision, c.is_identity, c.identity_generation"
        " from information_schema.columns c join information_schema.tables t"
        " on t.table_name = c.table_name and t.table_schema = c.table_schema"
        " where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'"
    ).fetchall()
    assert rows
    for table, column, kind, collation, precision, identity, generation in rows:
        if table in SERVER_ONLY:
            continue
        declared = next(
            c[2].lower() for c in db.execute(f"pragma table_info('{table}')") if c[1] == column
        )
        where = (table, column)
        if where in DAYS:
            assert kind == "date", where
        elif where in EXACT:
            assert (kind, precision) == ("numeric", None), where  # no typmod: digits as given
        elif declared == "text":
            assert (kind, collation) == ("text", "C"), where
        elif declared == "real":
            assert kind == "double precision", where
        elif column in ROW_IDS:
            assert kind == "bigint", where
        else:
            assert (declared, kind) == ("integer", "integer"), where
        if column == "id" and kind == "bigint":
            assert (identity, generation) == ("YES", "BY DEFAULT"), where


def test_a_copy_inserts_the_ids_it_was_given_and_then_moves_each_sequence_past_them(
    pg: psycopg.Connection[Any],
) -> None:
    apply(pg, NAMES)
    rows = Rows(pg, "postgresql")
    rows.indicator("paths")
    assert rows.entry("paths", "set", 3, date(2024, 3, 31), id=1000) == 1000
    for table in SEQUENCES:
        pg.execute(
            f"select setval(pg_get_serial_sequence('{table}', 'id'), max(id)) from {table}"
            " having count(*) > 0"
        )
    assert rows.entry("paths", "add", 1, date(2024, 4, 30)) == 1001


def fill(rows: Rows, applied: set[str]) -> dict[str, Any]:
    """Rows of every kind the schema has after the steps applied so far; what each later
    step must keep, and what it must fill in, as it will read after all the steps."""
    has = applied.__contains__
    extra: dict[str, Any] = {"scope": "district"} if has("m007_scopes") else {}
    if has("m004_exact_values"):
        extra |= {"target_amount": Decimal("59.2"), "baseline_amount": Decimal("0.1")}
    rows.insert("meta", key="targets_digest", value="abc")
    rows.indicator("paths", target=59.2, baseline=0.1, **extra)
    history: dict[str, Any] = {"effective_from": date(2024, 1, 1)} if has("m003_corrections_and_revisions") else {}  # fmt: skip
    if has("m004_exact_values"):
        history["target_amount"] = Decimal("59.2")
    rows.insert(
        "target_history", indicator_id="paths", target=59.2, unit="个",
        recorded_at="2024-01-05T09:00:00+08:00", **history,
    )  # fmt: skip
    values = [("set", 3.0, date(2024, 3, 31)), ("add", 0.1, date(2024, 4, 30)),
              ("add", 2.5, date(2024, 5, 31)), ("add", 1e-07, date(2024, 6, 1))]  # fmt: skip
    ids = []
    for mode, value, day in values:
        exact = {"amount": Decimal(repr(value))} if has("m004_exact_values") else {}
        ids.append(rows.entry("paths", mode, value, day, **exact))
    actual = Fraction(3) + Fraction("0.1") + Fraction("2.5") + Fraction("1e-7")
    voids = restores = 0
    if has("m003_corrections_and_revisions"):
        void = rows.void(ids[2], note="录错")  # 2.5 stops counting
        voids, actual = 1, actual - Fraction("2.5")
        if has("m005_imports_and_restores"):
            rows.restore(void)  # and counts again
            restores, actual = 1, actual + Fraction("2.5")
            rows.void(ids[2], replaced_by=ids[3])  # then is voided again: one void stands
            voids, actual = 2, actual - Fraction("2.5")
    if has("m005_imports_and_restores"):
        number = rows.insert(
            "imports", file_name="体育局.xlsx", sha256="ab" * 32, sheet="Sheet1",
            imported_at="2024-07-03T10:00:00+08:00", author="测试员", rows_written=1,
        )  # fmt: skip
        qualifier = {"qualifier": "余"} if has("m006_qualifiers_and_results") else {}
        rows.entry("paths", "add", 4.0, date(2024, 7, 1), amount=Decimal(4), import_id=number,
                   confirmed="超过目标？是", **qualifier)  # fmt: skip
        actual += 4
    if has("m007_scopes"):
        rows.insert("scopes", name="district", path="/srv/targets.yaml", digest="abc",
                    synced_at="2024-07-03T10:00:00+08:00")  # fmt: skip
    return {"actual": actual, "voids": voids, "restores": restores}


@pytest.mark.parametrize("after", NAMES)
def test_rows_written_after_a_step_are_kept_by_the_steps_after_it(
    pg: psycopg.Connection[Any], after: str
) -> None:
    done = NAMES[: NAMES.index(after) + 1]
    apply(pg, done)
    user = pg.execute("select current_user").fetchone()[0]
    expected = fill(Rows(pg, "postgresql"), set(done))
    apply(pg, NAMES[len(done) :])

    assert pg.execute("select key, value from meta").fetchall() == [("targets_digest", "abc")]
    assert pg.execute(
        "select target, target_amount, baseline_amount, period_start from indicators"
    ).fetchall() == [(59.2, Decimal("59.2"), Decimal("0.1"), date(2024, 1, 1))]
    assert pg.execute("select target_amount from target_history").fetchall() == [(Decimal("59.2"),)]
    amounts = pg.execute("select value, amount from entries order by id").fetchall()
    assert [amount for _, amount in amounts] == [Decimal(repr(value)) for value, _ in amounts]
    assert amounts[1][1] == Decimal("0.1") and amounts[3][1] == Decimal("1e-7")
    assert pg.execute("select count(*) from voids").fetchone()[0] == expected["voids"]
    assert pg.execute("select count(*) from restores").fetchone()[0] == expected["restores"]
    assert pg.execute("select count(*) from standing_voids").fetchone()[0] == min(
        expected["voids"], 1
    )
    (actual,) = pg.execute("select actual from current_status").fetchone()
    assert actual == pytest.approx(float(expected["actual"]), rel=1e-15)  # a sum of REALs
    roles = {role for (role,) in pg.execute("select db_role from entries")}
    # written after m008: by its writer; before it: unknown, not the role that migrated
    assert roles == {user if "m008_database_roles" in done else None}
    active = columns(pg)["active_entries"]
    assert active == columns(pg)["entries"]  # the view took in every column added since
    with pytest.raises(errors.IntegrityConstraintViolation, match=ENTRIES_APPEND_ONLY):
        pg.execute("update entries set note = 'x'")  # m004 put its triggers back


# -- append-only -----------------------------------------------------------------------------


@pytest.fixture
def schema(pg: psycopg.Connection[Any]) -> Rows:
    apply(pg, NAMES)
    return Rows(pg, "postgresql")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("entries", ENTRIES_APPEND_ONLY),
        ("voids", "voids are append-only"),
        ("restores", "restores are append-only"),
    ],
)
def test_entries_voids_and_restores_refuse_update_delete_and_truncate(
    schema: Rows, table: str, message: str
) -> None:
    schema.indicator("paths")
    entry = schema.entry("paths", "set", 3, date(2024, 3, 31))
    schema.restore(schema.void(entry))
    for statement in (
        f"update {table} set author = 'x'",
        f"delete from {table}",
        f"truncate {table} cascade",
    ):
        with pytest.raises(errors.IntegrityConstraintViolation) as refused:
            schema.conn.execute(statement)
        assert refused.value.diag.message_primary == message
    assert schema.conn.execute(f"select count(*) from {table}").fetchone()[0] == 1


def test_a_second_standing_void_of_an_entry_is_refused_until_the_first_is_lifted(
    schema: Rows,
) -> None:
    schema.indicator("paths")
    entry = schema.entry("paths", "set", 3, date(2024, 3, 31))
    first = schema.void(entry)
    with pytest.raises(errors.IntegrityConstraintViolation, match="this entry is already voided"):
        schema.void(entry)
    schema.restore(first)
    schema.void(entry)
    assert schema.conn.execute("select count(*) from standing_voids").fetchone()[0] == 1


def _waits_for(first: psycopg.Connection[Any], action: Callable[[], str]) -> list[str]:
    """``action`` run by a second writer while ``first`` holds its transaction open: it must
    still be waiting after 0.3 s, and finish once ``first`` commits. What it said."""
    outcome: list[str] = []
    racer = threading.Thread(target=lambda: outcome.append(action()))
    racer.start()
    time.sleep(0.3)
    assert outcome == []  # waiting on the first writer
    first.commit()
    racer.join(10)
    return outcome


def test_two_writers_voiding_one_entry_at_once_leave_one_void_standing(
    schema: Rows, postgresql_url: str
) -> None:
    """SQLite's writers queue on the file; here the trigger's lock makes the second wait for
    the first to commit, then see its void."""
    schema.indicator("paths")
    entry = schema.entry("paths", "set", 3, date(2024, 3, 31))
    with psycopg.connect(postgresql_url) as first, psycopg.connect(postgresql_url) as second:
        Rows(first, "postgresql").void(entry)  # in a transaction, not committed yet

        def void_too() -> str:
            try:
                Rows(second, "postgresql").void(entry)
                second.commit()
                return "voided"
            except errors.IntegrityConstraintViolation:
                second.rollback()
                return "refused"

        assert _waits_for(first, void_too) == ["refused"]
    assert schema.conn.execute("select count(*) from voids").fetchone()[0] == 1


def test_two_writers_logging_one_indicator_on_different_days_keep_its_running_totals(
    schema: Rows, postgresql_url: str
) -> None:
    """The rollup's running totals (m011) with two writers at once: a later day's new row and
    an earlier day's entry, each in its own transaction; the second waits for the first, and
    every day's totals still count every entry up to it."""
    schema.indicator("paths")
    schema.entry("paths", "add", 1, date(2024, 3, 1), amount=Decimal(1))
    with psycopg.connect(postgresql_url) as first, psycopg.connect(postgresql_url) as second:
        Rows(first, "postgresql").entry(
            "paths", "add", 2, date(2024, 3, 5), amount=Decimal(2)
        )  # not committed

        def earlier() -> str:
            Rows(second, "postgresql").entry("paths", "add", 4, date(2024, 3, 3), amount=Decimal(4))
            second.commit()
            return "logged"

        assert _waits_for(first, earlier) == ["logged"]
    rows = schema.conn.execute(
        "select as_of, c_entries, c_adds, c_summed, c_fixed from entry_days"
        " where indicator_id = 'paths' order by as_of"
    ).fetchall()
    assert [(str(r[0]), *r[1:4], Decimal(r[4])) for r in rows] == [
        ("2024-03-01", 1, 1, 1, Decimal(1)),
        ("2024-03-03", 2, 2, 2, Decimal(5)),
        ("2024-03-05", 3, 3, 3, Decimal(7)),
    ]


# -- the status view -------------------------------------------------------------------------


def status_rows(rows: Rows) -> None:
    """set, add, stage and voided entries; an indicator without any and a retired one."""
    day = date.fromisoformat
    rows.indicator("landed", target=10.0)
    rows.entry("landed", "add", 1, day("2024-01-31"))  # before the set: in it already
    rows.entry("landed", "set", 3, day("2024-03-31"))
    rows.entry("landed", "add", 2.5, day("2024-04-30"))
    rows.entry("landed", "add", 0.25, day("2024-05-31"))
    rows.void(rows.entry("landed", "add", 4, day("2024-06-30")))
    rows.indicator("ratio", target=3.0, measure="level")
    rows.entry("ratio", "set", 1, day("2024-02-01"))
    rows.restore(rows.void(rows.entry("ratio", "set", 2, day("2024-03-01"))))
    rows.indicator("hall", target=None, target_stage="建成", measure="milestone")
    rows.entry("hall", "stage", None, day("2024-02-01"), stage="开工")
    rows.entry("hall", "stage", None, day("2024-05-01"), stage="建成")
    rows.indicator("revised", target=0.0, measure="level")
    rows.entry("revised", "set", 4, day("2024-03-01"))
    rows.void(rows.entry("revised", "set", 7, day("2024-04-01")))
    rows.entry("revised", "add", 1, day("2024-03-15"))
    rows.indicator("idle", target=5.0)
    rows.indicator("gone", retired=1)
    rows.entry("gone", "set", 1, day("2024-03-01"))


def test_current_status_gives_each_indicators_actual_and_completion_as_sqlites_view_does(
    schema: Rows,
) -> None:
    status_rows(schema)
    found = {
        row[0]: row[1:]
        for row in schema.conn.execute(
            "select id, actual, stage, completion, last_as_of, entry_count from current_status"
        ).fetchall()
    }
    landed = Fraction(3) + Fraction(5, 2) + Fraction(1, 4)
    expected = {
        "landed": (landed, None, round(landed / 10, 4), date(2024, 5, 31), 4),
        "ratio": (Fraction(2), None, round(Fraction(2, 3), 4), date(2024, 3, 1), 2),
        "hall": (None, "建成", None, date(2024, 5, 1), 2),
        "revised": (Fraction(5), None, None, date(2024, 3, 15), 2),
        "idle": (None, None, None, None, 0),
    }
    assert set(found) == set(expected)
    for id, (actual, stage, completion, last, count) in found.items():
        exact = None if actual is None else Fraction(actual)
        share = None if completion is None else Fraction(completion)
        assert (exact, stage, share, last, count) == expected[id], id
    assert found["landed"][2] == Decimal("0.5750")

    lite = sqlite_database()
    status_rows(Rows(lite.conn, "sqlite"))
    columns = "id, area, name, unit, target, target_stage, period_start, period_end, owner, actual, stage, completion, last_as_of, entry_count"

    def plain(value: object) -> object:
        if isinstance(value, date):
            return value.isoformat()
        return float(value) if isinstance(value, Decimal) else value

    query = f"select {columns} from current_status order by id"
    on_pg = [tuple(map(plain, row)) for row in schema.conn.execute(query).fetchall()]
    assert on_pg == lite.execute(query).fetchall()


# -- text order ------------------------------------------------------------------------------

IDS = ["a", "B", "Z", "z", "A", "0", "~", "a-b", "a_b", "é", "éx", "e", "中", "乙", "十",
       "１", "ﬀ", "😀", "Ａ", "ｚ", "가", "ß", "ss", "İ", "i"]  # fmt: skip


def test_ordering_by_a_text_id_is_codepoint_order_as_in_sqlite(schema: Rows) -> None:
    for id in IDS:
        schema.indicator(id)
    on_pg = [row[0] for row in schema.conn.execute("select id from indicators order by id")]
    assert on_pg == sorted(IDS)
    lite = sqlite_database()
    for id in IDS:
        Rows(lite.conn, "sqlite").indicator(id)
    assert on_pg == [row[0] for row in lite.execute("select id from indicators order by id")]
    provider = schema.conn.execute(
        "select to_jsonb(d) ->> 'datlocprovider' from pg_database d"  # PostgreSQL 15 on
        " where datname = current_database()"
    ).fetchone()[0]
    if provider == "i":  # the database's own order is a language's: the columns' is bytes
        default = schema.conn.execute('select id from indicators order by id collate "default"')
        assert [row[0] for row in default] != sorted(IDS)
    between = schema.conn.execute(
        "select count(*) from indicators where id > 'z' and id < '中'"
    ).fetchone()[0]
    assert between == len([i for i in IDS if "z" < i < "中"])


# -- roles -----------------------------------------------------------------------------------


class Roles:
    """Two departments, each with its scope, and a leader's read-only role; names begin with
    the test database's, so the fixture drops them with it."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        database = conn.execute("select current_database()").fetchone()[0]
        self.a, self.b, self.leader = (f"{database}_{n}" for n in ("a", "b", "leader"))
        self.conn = conn

    def become(self, role: str | None) -> Rows:
        self.conn.execute("reset role" if role is None else f"set role {role}")
        return Rows(self.conn, "postgresql")

    def refused(self, statement: str, *params: object) -> str:
        with pytest.raises(errors.InsufficientPrivilege) as refusal:
            self.conn.execute(statement, list(params) or None)
        return str(refusal.value)


@pytest.fixture
def roles(schema: Rows) -> Roles:
    conn = schema.conn
    made = Roles(conn)
    schema.indicator("mine", scope="A")
    schema.indicator("theirs", scope="B")
    schema.entry("theirs", "set", 3, date(2024, 3, 31))
    schema.insert("meta", key="targets_digest", value="abc")
    # the adapter's record of applied steps, which every role reads to know the schema
    conn.execute(f"create table {MIGRATIONS_TABLE} (id integer primary key, name text)")
    conn.execute(roles_sql(department=made.a, scope="A", leader=made.leader))
    conn.execute(roles_sql(department=made.b, scope="B", row_security=False))
    for role in (made.a, made.b, made.leader):
        conn.execute(f"grant {role} to current_user")  # to set role to it, as a login would be
    return made


def test_a_department_writes_entries_for_its_own_indicators_under_its_own_role(
    roles: Roles,
) -> None:
    rows = roles.become(roles.a)
    entry = rows.entry("mine", "set", 5, date(2024, 4, 30), amount=Decimal(5))
    assert roles.conn.execute("select db_role from entries where id = %s", [entry]).fetchone() == (
        roles.a,
    )
    assert "row-level security" in roles.refused(
        "insert into entries (indicator_id, mode, value, unit, input, as_of, logged_at, author)"
        " values ('theirs', 'set', 9, '个', '9', '2024-04-30', 'now', 'x')"
    )
    for forged in ("kpi", roles.b, None):
        roles.refused(
            "insert into entries (indicator_id, mode, value, unit, input, as_of, logged_at,"
            " author, db_role) values ('mine', 'set', 9, '个', '9', '2024-04-30', 'now', 'x', %s)",
            forged,
        )
    # its own entries it may void and restore; another's it may not void
    void = rows.void(entry)
    rows.restore(void)
    rows.insert("imports", file_name="a.csv", sha256="00", imported_at="now", author="x",
                rows_written=0)  # fmt: skip
    theirs = roles.conn.execute("select id from entries where indicator_id = 'theirs'").fetchone()
    roles.refused(
        "insert into voids (entry_id, voided_at, author) values (%s, 'now', 'x')", theirs[0]
    )
    assert roles.conn.execute("select count(*) from current_status").fetchone() == (2,)


def test_a_department_updates_and_deletes_nothing_but_its_own_declarations(roles: Roles) -> None:
    rows = roles.become(roles.a)
    for table in ("entries", "voids", "restores", "imports", "indicators", "target_history",
                  "scopes", "meta"):  # fmt: skip
        assert "permission denied" in roles.refused(f"delete from {table}")
        assert "permission denied" in roles.refused(f"truncate {table} cascade")
    for table in ("entries", "voids", "restores", "imports", "target_history", "meta"):
        column = "key" if table == "meta" else "id"
        assert "permission denied" in roles.refused(f"update {table} set {column} = {column}")
    roles.refused("insert into meta (key, value) values ('targets_digest', 'forged')")
    # its targets.yaml's sync: its own indicators, history and scope row, upserted
    upsert = (
        "insert into indicators (id, name, area_id, area_name, unit, direction, measure,"
        " period_start, period_end, cycle, synced_at, scope) values (%s, '新', 'a1', '体育', '个',"
        " 'up', 'sum', '2024-01-01', '2024-12-31', 'month', 'now', %s)"
        " on conflict (id) do update set name = excluded.name, scope = excluded.scope"
    )
    roles.conn.execute(upsert, ["mine", "A"])
    roles.conn.execute(upsert, ["new-one", "A"])
    roles.refused(upsert, "theirs", "A")  # another scope's indicator is not taken over
    roles.refused(upsert, "theirs", "B")
    roles.refused(upsert, "fresh", "B")  # nor declared in another's name
    roles.refused("update indicators set scope = 'B' where id = 'mine'")
    assert roles.conn.execute("update indicators set retired = 1 where id = 'theirs'").rowcount == 0
    rows.insert("target_history", indicator_id="mine", unit="个", recorded_at="now")
    roles.refused(
        "insert into target_history (indicator_id, unit, recorded_at) values ('theirs', '个', 'now')"
    )
    scope = "insert into scopes values (%s, 'a.yaml', 'x', 'now') on conflict (name) do update set digest = excluded.digest"
    roles.conn.execute(scope, ["A"])
    roles.conn.execute(scope, ["A"])
    roles.refused(scope, "B")
    roles.become(None)
    names = dict(roles.conn.execute("select id, name from indicators").fetchall())
    assert names == {"mine": "新", "new-one": "新", "theirs": "指标theirs"}


def test_the_leaders_role_reads_everything_and_writes_nothing(roles: Roles) -> None:
    roles.become(roles.leader)
    assert roles.conn.execute("select count(*) from current_status").fetchone() == (2,)
    assert roles.conn.execute("select count(*) from entries").fetchone() == (1,)
    roles.refused(
        "insert into entries (indicator_id, mode, value, unit, input, as_of, logged_at, author)"
        " values ('mine', 'set', 9, '个', '9', '2024-04-30', 'now', 'x')"
    )
    roles.refused("update indicators set name = 'x'")
    roles.refused("delete from entries")
    roles.refused("insert into meta values ('k', 'v')")


def test_role_names_that_would_need_quoting_are_refused() -> None:
    with pytest.raises(ValueError, match="role name"):
        roles_sql(department="a; drop table entries", scope="A")
    assert "'it''s'" in roles_sql(department="it", scope="it's")


# -- the fixture -----------------------------------------------------------------------------


def test_engine_url_is_a_new_sqlite_file_or_an_empty_postgresql_database(engine_url: str) -> None:
    if engine_url.startswith("postgresql://"):
        with psycopg.connect(engine_url) as conn:
            assert conn.execute(
                "select count(*) from information_schema.tables where table_schema = 'public'"
            ).fetchone() == (0,)
    else:
        assert engine_url.endswith("kpi.db") and not Path(engine_url).exists()
        assert Path(engine_url).parent.is_dir()


def test_without_a_server_the_postgresql_tests_are_skipped_and_the_summary_says_why(
    tmp_path: Path,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the probe is: nothing listens there
    url = f"postgresql://kpi:secret@127.0.0.1:{port}/postgres"
    env = {**os.environ, pg_server.ENV: url}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"--basetemp={tmp_path / 'run'}", "-k", "engine_url_is_a_new",
         str(Path(__file__).relative_to(ROOT))],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 1 skipped" in result.stdout  # SQLite ran; PostgreSQL did not pretend to
    said = f"PostgreSQL tests skipped: {pg_server.ENV}=postgresql://kpi:***@127.0.0.1:{port}/postgres cannot be reached"
    if psycopg is None:
        said = "PostgreSQL tests skipped: psycopg is not installed"
    assert said in result.stdout
    assert "secret" not in result.stdout


def test_without_server_programs_the_reason_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("psycopg")
    monkeypatch.delenv(pg_server.ENV, raising=False)
    monkeypatch.setattr(pg_server, "find_bindir", lambda: None)
    provider = pg_server.Provider()
    with pytest.raises(
        pg_server.Unavailable, match=r"no PostgreSQL server programs \(initdb, pg_ctl\)"
    ):
        provider.get()
    with pytest.raises(pg_server.Unavailable):
        provider.get()  # the reason is kept: one attempt per session


def test_without_psycopg_the_reason_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    monkeypatch.delenv(pg_server.ENV, raising=False)
    with pytest.raises(pg_server.Unavailable, match=r"psycopg is not installed.*\.\[test\]"):
        pg_server.Provider().get()
    monkeypatch.setenv(pg_server.ENV, "postgresql://kpi@/postgres")
    with pytest.raises(pg_server.Unavailable, match="psycopg is not installed"):
        pg_server.Provider().get()
