"""Schema migrations of both engines, from one list, applied in order when a store opens.

Named and never renamed or reordered: a database records the names it has applied, and a new
kpitrack adds migrations at the end. Each runs in a transaction with its record. The list is
SQLite's, as sqlite-utils applies it (its functions below); PostgreSQL applies the same names
in the same order, each with the statements of :mod:`kpitrack.postgres_schema` (a test keeps
the two lists equal). A new migration's name goes in :mod:`kpitrack.migration_names` too: a
report checks a file against those names without importing this module (a test keeps them
equal).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

Step = Callable[["Database"], None]


class Migration(NamedTuple):
    name: str
    fn: Step
    transactional: bool = True


class MigrationSet:
    """The list, for sqlite-utils' ``Migrations`` to apply; which of them a file has had is
    read with plain SQL. A report only asks that, and sqlite-utils is not imported for it:
    importing it imports numpy and pandas when they are installed (issue 13, start-up)."""

    table = "_sqlite_migrations"

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[Migration] = []

    def __call__(
        self, *, name: str | None = None, transactional: bool = True
    ) -> Callable[[Step], Step]:
        """Register a migration, as sqlite-utils' ``Migrations`` does (same arguments)."""

        def register(fn: Step) -> Step:
            self._migrations.append(Migration(name or fn.__name__, fn, transactional))
            return fn

        return register

    def applied_names(self, db: Database | sqlite3.Connection) -> list[str]:
        """The names a database records as applied, in the order it applied them."""
        conn = db if isinstance(db, sqlite3.Connection) else db.conn
        exists = conn.execute(
            "select 1 from sqlite_master where type = 'table' and name = ?", [self.table]
        ).fetchone()
        if not exists:
            return []
        rows = conn.execute(
            f"select name from {self.table} where migration_set = ? order by rowid", [self.name]
        ).fetchall()
        return [str(name) for (name,) in rows]

    def pending(self, db: Database | sqlite3.Connection) -> list[Migration]:
        done = set(self.applied_names(db))
        return [m for m in self._migrations if m.name not in done]

    def applied(self, db: Database) -> list[Migrations._AppliedMigration]:
        return self._engine().applied(db)

    def apply(self, db: Database, *, stop_before: str | None = None) -> None:
        self._engine().apply(db, stop_before=stop_before)

    def _engine(self) -> Migrations:
        from sqlite_utils import Migrations

        engine = Migrations(self.name)
        for migration in self._migrations:
            engine(name=migration.name, transactional=migration.transactional)(migration.fn)
        return engine


MIGRATIONS = MigrationSet("kpitrack")
SQLITE = MIGRATIONS


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        create table meta (
            key text primary key,
            value text
        );
        create table indicators (
            id text primary key,
            name text not null,
            area_id text not null,
            area_name text not null,
            unit text not null,
            target real,
            target_stage text,
            direction text not null,
            measure text not null,
            period_start text not null,
            period_end text not null,
            cycle text not null,
            owner text,
            source text,
            approx text,
            stages text,
            pace text,
            baseline real,
            retired integer not null default 0,
            synced_at text not null
        );
        create table target_history (
            id integer primary key,
            indicator_id text not null references indicators(id),
            target real,
            target_stage text,
            unit text not null,
            recorded_at text not null
        );
        create table entries (
            id integer primary key,
            indicator_id text not null references indicators(id),
            mode text not null check (mode in ('set', 'add', 'stage')),
            value real,
            stage text,
            unit text not null,
            input text not null,
            as_of text not null,
            logged_at text not null,
            author text not null,
            note text,
            source text,
            key text
        );
        create index entries_by_indicator_date on entries (indicator_id, as_of);
        create unique index entries_by_key on entries (key) where key is not null;
        create trigger entries_append_only_update before update on entries
        begin
            select raise(abort, 'entries are append-only: void an entry and log a new one');
        end;
        create trigger entries_append_only_delete before delete on entries
        begin
            select raise(abort, 'entries are append-only: void an entry and log a new one');
        end;
        create view current_status as
        with latest as (
            select indicator_id, mode, as_of, id, value, stage, row_number() over (
                partition by indicator_id, mode order by as_of desc, id desc
            ) as rn
            from entries where mode != 'add'
        ),
        latest_set as (select * from latest where mode = 'set' and rn = 1),
        latest_stage as (select * from latest where mode = 'stage' and rn = 1),
        totals as (
            select i.id,
                case when exists (select 1 from entries x where x.indicator_id = i.id) then
                    coalesce(s.value, 0) + coalesce((
                        select sum(a.value) from entries a
                        where a.indicator_id = i.id and a.mode = 'add'
                          and (s.id is null or (a.as_of, a.id) > (s.as_of, s.id))
                    ), 0)
                end as actual
            from indicators i left join latest_set s on s.indicator_id = i.id
        )
        select i.id, i.area_name as area, i.name, i.unit, i.target, i.target_stage,
               i.period_start, i.period_end, i.owner,
               case when i.measure = 'milestone' then null else t.actual end as actual,
               g.stage,
               case when i.measure != 'milestone' and i.target > 0
                    then round(t.actual / i.target, 4) end as completion,
               (select max(as_of) from entries x where x.indicator_id = i.id) as last_as_of,
               (select count(*) from entries x where x.indicator_id = i.id) as entry_count
        from indicators i
        join totals t on t.id = i.id
        left join latest_stage g on g.indicator_id = i.id
        where i.retired = 0;
        """
    )


@MIGRATIONS()
def m002_entries_by_date(db: Database) -> None:
    """Weekly summaries ask for every entry dated within a window, across indicators."""
    db.execute("create index entries_by_date on entries (as_of)")


@MIGRATIONS()
def m003_corrections_and_revisions(db: Database) -> None:
    """Voids (corrections without loss), target revision dates, and renamed indicators.

    An entry is never changed: a void records that it no longer counts, who said so, when and
    why, and which entry replaced it. The status view and every read skip voided entries.
    """
    db.executescript(
        """
        create table voids (
            id integer primary key,
            entry_id integer not null unique references entries(id),
            replaced_by integer references entries(id),
            voided_at text not null,
            author text not null,
            note text
        );
        create trigger voids_append_only_update before update on voids
        begin
            select raise(abort, 'voids are append-only');
        end;
        create trigger voids_append_only_delete before delete on voids
        begin
            select raise(abort, 'voids are append-only');
        end;
        alter table target_history add column effective_from text;
        alter table indicators add column replaced_by text;
        create view active_entries as
            select * from entries e
            where not exists (select 1 from voids v where v.entry_id = e.id);
        drop view current_status;
        create view current_status as
        with latest as (
            select indicator_id, mode, as_of, id, value, stage, row_number() over (
                partition by indicator_id, mode order by as_of desc, id desc
            ) as rn
            from active_entries where mode != 'add'
        ),
        latest_set as (select * from latest where mode = 'set' and rn = 1),
        latest_stage as (select * from latest where mode = 'stage' and rn = 1),
        totals as (
            select i.id,
                case when exists (select 1 from active_entries x where x.indicator_id = i.id) then
                    coalesce(s.value, 0) + coalesce((
                        select sum(a.value) from active_entries a
                        where a.indicator_id = i.id and a.mode = 'add'
                          and (s.id is null or (a.as_of, a.id) > (s.as_of, s.id))
                    ), 0)
                end as actual
            from indicators i left join latest_set s on s.indicator_id = i.id
        )
        select i.id, i.area_name as area, i.name, i.unit, i.target, i.target_stage,
               i.period_start, i.period_end, i.owner,
               case when i.measure = 'milestone' then null else t.actual end as actual,
               g.stage,
               case when i.measure != 'milestone' and i.target > 0
                    then round(t.actual / i.target, 4) end as completion,
               (select max(as_of) from active_entries x where x.indicator_id = i.id) as last_as_of,
               (select count(*) from active_entries x where x.indicator_id = i.id) as entry_count
        from indicators i
        join totals t on t.id = i.id
        left join latest_stage g on g.indicator_id = i.id
        where i.retired = 0;
        """
    )


_APPEND_ONLY = (
    "create trigger entries_append_only_{event} before {event} on entries"
    " begin select raise(abort, 'entries are append-only: void an entry and log a new one'); end"
)


@MIGRATIONS()
def m004_exact_values(db: Database) -> None:
    """Exact decimals beside the REAL columns: what was typed is what is read back.

    A REAL cannot hold 0.1, so ten increments of 0.1亿元 summed to 0.9999999999999999. Each
    figure now also lives as text (``amount``, ``target_amount``, ``baseline_amount``), which
    kpitrack reads; the REAL columns stay filled for other tools and the ``current_status``
    view. Existing rows are backfilled from the REAL's shortest form, which gives back the
    decimal that was typed. Entries are append-only, so their triggers step aside for the
    backfill only, inside this migration's transaction.
    """
    from kpitrack.sql_store import real_text

    db.conn.create_function("kpi_exact_text", 1, real_text, deterministic=True)
    db.execute("alter table entries add column amount text")
    db.execute("alter table indicators add column target_amount text")
    db.execute("alter table indicators add column baseline_amount text")
    db.execute("alter table target_history add column target_amount text")
    for event in ("update", "delete"):
        db.execute(f"drop trigger entries_append_only_{event}")
    db.execute("update entries set amount = kpi_exact_text(value) where value is not null")
    for event in ("update", "delete"):
        db.execute(_APPEND_ONLY.format(event=event))
    db.execute(
        "update indicators set target_amount = kpi_exact_text(target),"
        " baseline_amount = kpi_exact_text(baseline)"
    )
    db.execute("update target_history set target_amount = kpi_exact_text(target)")


_M005 = [
    """create table imports (
        id integer primary key,
        file_name text not null,
        sha256 text not null,
        sheet text,
        imported_at text not null,
        author text not null,
        rows_written integer not null
    )""",
    "create index imports_by_sha256 on imports (sha256)",
    "alter table entries add column import_id integer references imports(id)",
    "alter table entries add column confirmed text",
    "create index entries_by_import on entries (import_id) where import_id is not null",
    "create index entries_by_author on entries (author, id)",
    "drop view current_status",
    "drop view active_entries",
    """create table voids_new (
        id integer primary key,
        entry_id integer not null references entries(id),
        replaced_by integer references entries(id),
        voided_at text not null,
        author text not null,
        note text
    )""",
    "insert into voids_new (id, entry_id, replaced_by, voided_at, author, note)"
    " select id, entry_id, replaced_by, voided_at, author, note from voids",
    "drop table voids",
    "alter table voids_new rename to voids",
    "create index voids_by_entry on voids (entry_id)",
    """create trigger voids_append_only_update before update on voids
    begin
        select raise(abort, 'voids are append-only');
    end""",
    """create trigger voids_append_only_delete before delete on voids
    begin
        select raise(abort, 'voids are append-only');
    end""",
    """create table restores (
        id integer primary key,
        void_id integer not null unique references voids(id),
        restored_at text not null,
        author text not null,
        note text
    )""",
    """create trigger restores_append_only_update before update on restores
    begin
        select raise(abort, 'restores are append-only');
    end""",
    """create trigger restores_append_only_delete before delete on restores
    begin
        select raise(abort, 'restores are append-only');
    end""",
    """create view standing_voids as
        select * from voids v
        where not exists (select 1 from restores r where r.void_id = v.id)""",
    """create trigger voids_one_standing before insert on voids
    when exists (select 1 from standing_voids s where s.entry_id = new.entry_id)
    begin
        select raise(abort, 'this entry is already voided');
    end""",
    """create view active_entries as
        select * from entries e
        where not exists (select 1 from standing_voids v where v.entry_id = e.id)""",
]


@MIGRATIONS()
def m005_imports_and_restores(db: Database) -> None:
    """Numbered imports, restores of voided entries, and entries confirmed against a check.

    An import is recorded with its file's name and content hash, and the entries it wrote carry
    its number, so one import can be voided as a whole. A void can be lifted: a restore points
    at the void it lifts, and the entry may be voided again later, so voids lose their
    one-per-entry constraint. A void *stands* while no restore points at it; an entry counts
    while no void of it stands (``standing_voids``); a trigger keeps one standing void per
    entry at most. ``confirmed`` keeps the question a person answered with --force.

    ``current_status`` reads only ``active_entries``: it is dropped while voids is rebuilt and
    put back exactly as the earlier migrations left it.
    """
    row = db.execute("select sql from sqlite_master where name = 'current_status'").fetchone()
    for statement in _M005:
        db.execute(statement)
    db.execute(row[0])


@MIGRATIONS()
def m006_qualifiers_and_results(db: Database) -> None:
    """An entry's own qualifier, and an indicator's commitment and verdict (issue 9).

    ``qualifier`` keeps the report's 余/多/突破… apart from the number (突破60亿元 is 60 and
    突破), so a target of 30多个 can tell 30个 from 30多个. ``commitment`` is the report's
    确保 / 力争 / 争取 before a target; ``verdict`` a result's 超额完成 / 完成 / 未说明.
    Older entries have no qualifier (null): they were stored as plain numbers.
    """
    db.execute("alter table entries add column qualifier text")
    db.execute("alter table indicators add column commitment text")
    db.execute("alter table indicators add column verdict text")


@MIGRATIONS()
def m007_scopes(db: Database) -> None:
    """Several declarations, one database (issue 11): each indicator records the scope of the
    targets.yaml that declares it, and each scope its file and that file's digest, so syncing
    one department's file never retires another's indicators. Indicators already there have
    no scope until the first sync claims them."""
    db.execute("alter table indicators add column scope text")
    db.execute("create index indicators_by_scope on indicators (scope)")
    db.execute(
        "create table scopes (name text primary key, path text not null,"
        " digest text not null, synced_at text not null)"
    )


@MIGRATIONS()
def m008_database_roles(db: Database) -> None:
    """The database role that wrote an entry: on a server, who logged it as the server knows
    them (``current_user``); a SQLite file has no roles, and leaves it empty."""
    db.execute("alter table entries add column db_role text")


@MIGRATIONS()
def m009_fast_reads(db: Database) -> None:
    """Reports flat in history (issue 13): indexes for the anchor and the increments after it,
    and ``current_status`` rewritten to read them instead of every entry."""
    from kpitrack.postgres_schema import CURRENT_STATUS, FAST_READS

    for statement in FAST_READS:
        db.execute(statement)
    db.execute("drop view current_status")
    db.execute(CURRENT_STATUS.format(replace="", completion="round(t.actual / i.target, 4)"))


@MIGRATIONS()
def m010_entry_days(db: Database) -> None:
    """A running count of each indicator's entries by day, kept by a trigger (issue 13; see
    postgres_schema.ENTRY_DAYS_TABLE): a status reads a day's row, not its entries.

    Increments are summed as integers of millionths (``SqlStore.SUM_FIXED``); one amount is
    at most 10**18 of them, and a day whose sum outgrows SQLite's integers turns REAL, which a
    report takes as a sign to add that indicator's increments up itself. The fill sums each day
    exactly in Python when SQLite's ``sum`` would overflow.
    """
    import sqlite3

    from kpitrack.postgres_schema import ENTRY_DAYS_FILL, ENTRY_DAYS_TABLE
    from kpitrack.sql_store import SqlStore

    summed, fixed = SqlStore.SUMMED, SqlStore.SUM_FIXED
    db.execute(
        ENTRY_DAYS_TABLE.format(collate="", day="text", number="integer", options=" without rowid")
    )
    try:
        db.execute(ENTRY_DAYS_FILL.format(summed=summed, fixed=fixed))
    except sqlite3.OperationalError as error:
        if "overflow" not in str(error):
            raise
        _fill_entry_days_exactly(db, summed, fixed)
    new = re.sub(r"\be\.", "new.", f"case when {summed} then 1 else 0 end")
    value = re.sub(r"\be\.", "new.", f"case when {summed} then {fixed} else 0 end")
    db.execute(
        "create trigger entries_by_day after insert on entries begin"
        " insert into entry_days (indicator_id, as_of, entries, adds, summed, fixed)"
        f" values (new.indicator_id, new.as_of, 1, new.mode = 'add', {new}, {value})"
        " on conflict (indicator_id, as_of) do update set entries = entries + 1,"
        " adds = adds + excluded.adds, summed = summed + excluded.summed,"
        " fixed = fixed + excluded.fixed; end"
    )


def _fill_entry_days_exactly(db: Database, summed: str, fixed: str) -> None:
    """The fill with each day's increments added up here: a day past SQLite's integers is
    kept as REAL, as the trigger would have left it."""
    days: dict[tuple[str, str], list[int]] = {}
    rows = db.execute(
        f"select e.indicator_id, e.as_of, e.mode = 'add', case when {summed} then 1 else 0 end,"
        f" case when {summed} then {fixed} else 0 end from entries e"
    )
    for indicator_id, as_of, add, summable, value in rows:
        day = days.setdefault((indicator_id, as_of), [0, 0, 0, 0])
        day[0] += 1
        day[1] += add
        day[2] += summable
        day[3] += value
    db.conn.executemany(
        "insert into entry_days (indicator_id, as_of, entries, adds, summed, fixed)"
        " values (?, ?, ?, ?, ?, ?)",
        [
            (*key, entries, adds, sums, total if -(2**63) <= total < 2**63 else float(total))
            for key, (entries, adds, sums, total) in days.items()
        ],
    )


@MIGRATIONS()
def m011_entry_days_running(db: Database) -> None:
    """Running totals on each day of the rollup (issue 13; see postgres_schema.RUNNING_TOTALS):
    a window's count and increments are two rows' difference, not a sum over its days.

    ``c_fixed`` has no declared type: a total past SQLite's integers turns REAL and stays REAL
    (an INTEGER column would turn a REAL back into an integer once later amounts bring it back
    in range, and the report could no longer tell the total is inexact). The fill adds the
    totals up in Python when SQLite's ``sum`` overflows.
    """
    import sqlite3

    from kpitrack.postgres_schema import RUNNING_FILL, RUNNING_TOTALS
    from kpitrack.sql_store import ROLLUP_DEFERRED, SqlStore

    for column in RUNNING_TOTALS:
        kind = "" if column == "c_fixed" else " integer"
        db.execute(f"alter table entry_days add column {column}{kind} not null default 0")
    try:
        db.execute(RUNNING_FILL)
    except sqlite3.OperationalError as error:
        if "overflow" not in str(error):
            raise
        _fill_running_totals_exactly(db)
    summed, fixed = SqlStore.SUMMED, SqlStore.SUM_FIXED
    add = "(new.mode = 'add')"
    summable = re.sub(r"\be\.", "new.", f"(case when {summed} then 1 else 0 end)")
    value = re.sub(r"\be\.", "new.", f"(case when {summed} then {fixed} else 0 end)")
    db.execute("drop trigger entries_by_day")
    db.execute(
        "create trigger entries_by_day after insert on entries begin"
        " insert into entry_days (indicator_id, as_of, entries, adds, summed, fixed,"
        " c_entries, c_adds, c_summed, c_fixed)"
        f" select new.indicator_id, new.as_of, 1, {add}, {summable}, {value},"
        " coalesce(p.c_entries, 0) + 1, coalesce(p.c_adds, 0) + " + add + ","
        f" coalesce(p.c_summed, 0) + {summable}, coalesce(p.c_fixed, 0) + {value}"
        " from (select 1) o left join (select d.c_entries, d.c_adds, d.c_summed, d.c_fixed"
        " from entry_days d where d.indicator_id = new.indicator_id and d.as_of < new.as_of"
        " order by d.as_of desc limit 1) p where true"
        " on conflict (indicator_id, as_of) do update set entries = entries + 1,"
        " adds = adds + excluded.adds, summed = summed + excluded.summed,"
        " fixed = fixed + excluded.fixed, c_entries = c_entries + 1,"
        " c_adds = c_adds + excluded.adds, c_summed = c_summed + excluded.summed,"
        " c_fixed = c_fixed + excluded.fixed;"
        # the days after it (an entry back-dated: in-order logs have none), unless a copy
        # refills them once at its end (SqlStore.rollup_deferred)
        f" update entry_days set c_entries = c_entries + 1, c_adds = c_adds + {add},"
        f" c_summed = c_summed + {summable}, c_fixed = c_fixed + {value}"
        " where indicator_id = new.indicator_id and as_of > new.as_of"
        f" and not exists (select 1 from meta where key = '{ROLLUP_DEFERRED}'); end"
    )


def _fill_running_totals_exactly(db: Database) -> None:
    """The fill with the totals added up here (see sql_store.running_totals)."""
    from kpitrack.sql_store import running_totals

    rows = db.execute(
        "select indicator_id, as_of, entries, adds, summed, fixed from entry_days"
        " order by indicator_id, as_of"
    ).fetchall()
    db.conn.executemany(
        "update entry_days set c_entries = ?, c_adds = ?, c_summed = ?, c_fixed = ?"
        " where indicator_id = ? and as_of = ?",
        running_totals(rows),
    )


def names() -> list[str]:
    """The one list: every migration's name, in the order both engines apply them."""
    return [migration.name for migration in MIGRATIONS._migrations]
