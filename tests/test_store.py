"""The SQLite file: its schema, its migrations, append-only entries, and cheap status reads."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from kpitrack import migration_names
from kpitrack.errors import StoreError
from kpitrack.migrations import MIGRATIONS, names
from kpitrack.model import Thresholds
from kpitrack.progress import History, Mode, Point, actual_at, in_order
from kpitrack.sql_store import POINTS_SQL, SqlStore, histories_sql, ids_clause, scope_of
from kpitrack.sqlite_store import JSON_WINDOWS, SQLiteStore
from kpitrack.status import build_status, indicator_status
from kpitrack.store import NewEntry, open_store
from kpitrack.targets import load_targets, parse_targets
from kpitrack.workspace import Workspace, open_workspace

from .conftest import DATA, REPO_TARGETS

ALL_MIGRATIONS = list(migration_names.NAMES)  # the same as those registered: see below


def test_a_report_checks_a_file_against_the_migrations_kpitrack_registers() -> None:
    """The names a report reads (migration_names, without importing the migrations) are the
    migrations registered, in order, recorded where sqlite-utils records them."""
    assert list(migration_names.NAMES) == names()
    assert (MIGRATIONS.name, MIGRATIONS.table) == (migration_names.SET, migration_names.TABLE)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    shutil.copy(REPO_TARGETS, tmp_path / "targets.yaml")
    return open_workspace(tmp_path / "targets.yaml", None)


def test_the_database_lives_beside_targets_yaml(workspace: Workspace, tmp_path: Path) -> None:
    assert workspace.store.path == tmp_path / "kpi.db"
    assert (tmp_path / "kpi.db").exists()


def test_schema_is_plain_tables_another_tool_can_read(workspace: Workspace) -> None:
    db = workspace.store.db
    assert {"indicators", "entries", "target_history", "meta"} <= set(db.table_names())
    assert db["entries"].columns_dict == {
        "id": int,
        "indicator_id": str,
        "mode": str,
        "value": float,
        "stage": str,
        "unit": str,
        "input": str,
        "as_of": str,
        "logged_at": str,
        "author": str,
        "note": str,
        "source": str,
        "key": str,
        "amount": str,
        "import_id": int,
        "confirmed": str,
        "qualifier": str,
        "db_role": str,
    }
    assert "current_status" in db.view_names()


def test_wal_busy_timeout_and_foreign_keys_are_on(workspace: Workspace) -> None:
    db = workspace.store.db
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db.execute("pragma busy_timeout").fetchone()[0] >= 1000
    assert db.execute("pragma foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        workspace.store.add(
            NewEntry("no-such-indicator", Mode.SET, date(2024, 1, 1), "x", Decimal(1))
        )


def test_migrations_applied_twice_change_nothing(workspace: Workspace) -> None:
    db = workspace.store.db
    before = db.schema
    MIGRATIONS.apply(db)
    assert db.schema == before
    assert [m.name for m in MIGRATIONS.applied(db)] == ALL_MIGRATIONS


def test_entries_cannot_be_updated_or_deleted(workspace: Workspace) -> None:
    db = workspace.store.db
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("update entries set value = 0")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("delete from entries")


def test_the_report_results_are_logged_once(workspace: Workspace, tmp_path: Path) -> None:
    store = workspace.store
    # 44 figures of 2023 (two of its 46 items have none) and the context 30多个 产业园区
    assert workspace.sync.seeded == 45
    seeded = store.entries_of(["three-batch-investment"])
    assert [(e.value, e.as_of, e.author) for e in seeded] == [
        (Decimal("59.2"), date(2023, 12, 31), "targets.yaml")
    ]
    assert "九个持续抓好" in (seeded[0].source or "")
    workspace.close()
    again = open_workspace(tmp_path / "targets.yaml", None)
    assert again.sync.changed is False
    assert again.store.count_entries() == 45


def test_an_edited_target_is_kept_in_history(workspace: Workspace, tmp_path: Path) -> None:
    workspace.close()
    path = tmp_path / "targets.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("target: 21个", "target: 23个"), encoding="utf-8"
    )
    reopened = open_workspace(path, None)
    history = reopened.store.db.execute(
        "select target from target_history where indicator_id = 'key-projects-2024' order by id"
    ).fetchall()
    assert history == [(21.0,), (23.0,)]


def test_an_indicator_removed_from_the_file_is_retired_with_its_entries(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.close()
    path = tmp_path / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - id: fitness-paths")
    end = text.index("      - id:", start + 1)  # only its own block goes
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    reopened = open_workspace(path, None)
    assert reopened.sync.retired == 1
    row = reopened.store.db.execute(
        "select retired from indicators where id = 'fitness-paths'"
    ).fetchone()
    assert row == (1,)


@pytest.mark.parametrize(
    ("query", "window", "seek"),
    [
        (
            POINTS_SQL.format(ids=ids_clause(1), day="?"),
            ["key-projects-2024", "2024-01-01", "2024-06-30"],
            "INDEX entries_by_indicator_date (indicator_id=? AND as_of>? AND as_of<?)",
        ),
        (
            histories_sql("values (?, ?, ?, ?, ?)", SqlStore.SUMMED, SqlStore.SUM_FIXED),
            [0, "key-projects-2024", "2024-01-01", "2024-06-30", "2023-12-31"],
            # a window's counts and sums from two of the rollup's running totals, not its entries
            "SEARCH d USING PRIMARY KEY (indicator_id=? AND as_of<?)",
        ),
        (
            histories_sql(JSON_WINDOWS, SqlStore.SUMMED, SqlStore.SUM_FIXED),
            ['[[0,"key-projects-2024","2024-01-01","2024-06-30","2023-12-31"]]'],
            "SEARCH d USING PRIMARY KEY (indicator_id=? AND as_of<?)",
        ),
    ],
    ids=["points", "histories", "histories-as-json"],
)
def test_reading_an_indicator_uses_the_index_not_a_scan(
    workspace: Workspace, query: str, window: list[object], seek: str
) -> None:
    plan = workspace.store.db.execute("explain query plan " + query, window).fetchall()
    detail = " ".join(row[-1] for row in plan)
    assert "USING" in detail and seek in detail
    assert "SCAN e " not in detail + " " and "SCAN entries" not in detail
    assert "SCAN d " not in detail + " " and "TEMP B-TREE" not in detail


def test_windows_passed_as_json_read_what_a_values_list_reads(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite takes a report's windows as one JSON parameter (cheaper to compile than a VALUES
    list); the figures are the same, and an id JSON would need escapes for takes the list."""
    store = workspace.store
    assert isinstance(store, SQLiteStore)
    for day, mode, value in [("2024-03-31", Mode.SET, 3), ("2024-05-10", Mode.ADD, 2)]:
        store.add(NewEntry("key-projects-2024", mode, date.fromisoformat(day), "t", Decimal(value)))
    store.add(NewEntry("fitness-paths", Mode.ADD, date(2024, 4, 1), "t", Decimal("1.5")))
    windows = [
        (i.id, i.ids, i.period.start, min(i.period.end, date(2024, 9, 30)))
        for i in workspace.targets.indicators()
    ]
    odd = ("odd", ['a"b', "c\\d", "fitness-paths"], date(2024, 1, 1), date(2024, 12, 31))
    plain = (0, "fitness-paths", "2024-01-01", "2024-12-31", "2023-12-31")
    as_text = '[[0,"fitness-paths","2024-01-01","2024-12-31","2023-12-31"]]'
    assert store.window_rows([plain]) == (JSON_WINDOWS, [as_text])
    assert store.window_rows([(0, 'a"b', *plain[2:])])[0].startswith("values")
    as_json = {**store.histories(windows), **store.histories([odd])}  # odd: the VALUES list
    monkeypatch.setattr(SQLiteStore, "window_rows", SqlStore.window_rows)
    as_values = store.histories([*windows, odd])
    assert as_json == as_values
    assert as_values["key-projects-2024"].count == 2
    assert as_values["odd"].count == 1


def decisive(points: list[Point]) -> list[Point]:
    """The reference: every entry from the latest figure or stage on, by a plain walk back."""
    ordered = in_order(points)
    for index in range(len(ordered) - 1, -1, -1):
        if ordered[index].mode is not Mode.ADD:
            return ordered[index:]
    return ordered


HISTORY = st.lists(
    st.tuples(
        st.dates(min_value=date(2023, 12, 1), max_value=date(2025, 1, 31)),
        st.sampled_from([Mode.SET, Mode.ADD, Mode.ADD]),
        st.integers(min_value=0, max_value=100),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(raw=HISTORY, day=st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)))
def test_the_store_reads_only_what_decides_the_figures(raw: list, day: date) -> None:
    """Against the plain reference: every entry of the indicator in the window."""
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "kpi.db")
        targets = load_targets(REPO_TARGETS)
        store.sync(targets)
        indicator = targets.by_id()["fitness-paths"]
        for as_of, mode, value in raw:
            store.add(NewEntry("fitness-paths", mode, as_of, "t", Decimal(value), unit="条"))
        rows = store.db.execute(
            "select id, as_of, mode, amount, stage from entries where indicator_id = 'fitness-paths'"
            " and as_of >= '2024-01-01' and as_of <= ?",
            [day.isoformat()],
        ).fetchall()
        everything = History.of(
            Point(date.fromisoformat(a), i, Mode(m), Decimal(v), s) for i, a, m, v, s in rows
        )
        read = store.histories([("k", ["fitness-paths"], date(2024, 1, 1), day)])["k"]
        store.close()
    assert actual_at(read.points, day) == actual_at(everything.points, day)
    wanted = decisive(everything.points)
    figures = [p for p in read.points if p.mode is not Mode.ADD]
    assert figures == [p for p in wanted if p.mode is not Mode.ADD]
    # the increments after the anchor come back as one point: their exact sum
    increments = [p for p in read.points if p.mode is Mode.ADD]
    added = [p for p in wanted if p.mode is Mode.ADD]
    assert len(increments) == min(len(added), 1)
    if added:
        assert increments[0].value == sum(p.value or 0 for p in added)
    assert (read.count, read.last_update) == (everything.count, everything.last_update)
    assert indicator_status(indicator, read, day, Thresholds()) == indicator_status(
        indicator, everything, day, Thresholds()
    )


def test_current_status_view_agrees_with_the_status_report(workspace: Workspace) -> None:
    store = workspace.store
    for value, day, mode in [
        (3, "2024-03-31", Mode.SET),
        (2, "2024-05-10", Mode.ADD),
        (1, "2024-06-01", Mode.ADD),
    ]:
        store.add(
            NewEntry(
                "key-projects-2024", mode, date.fromisoformat(day), "t", Decimal(value), unit="个"
            )
        )
    report = build_status(workspace.targets, workspace.history_for, date(2024, 12, 31), "all")
    python = {row.indicator.id: row.actual for row in report.rows() if row.stage is None}
    view = {row["id"]: row["actual"] for row in store.db.query("select * from current_status")}
    for indicator_id, actual in python.items():
        assert view[indicator_id] == (None if actual is None else float(actual)), indicator_id
    assert view["key-projects-2024"] == 6
    store.add(
        NewEntry("tencent-esports", Mode.STAGE, date(2024, 5, 1), "t", stage="在建", unit="阶段")
    )
    store.add(
        NewEntry("tencent-esports", Mode.STAGE, date(2024, 9, 1), "t", stage="建成", unit="阶段")
    )
    stages = {row["id"]: row["stage"] for row in store.db.query("select * from current_status")}
    assert stages["tencent-esports"] == "建成"


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "kpi.db"
    bogus.write_text("hello, not sqlite\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="不是 kpitrack 数据库"):
        open_store(bogus)
    assert bogus.read_text(encoding="utf-8").startswith("hello")


def test_a_database_from_a_newer_kpitrack_is_refused(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kpi.db")
    store.db["_sqlite_migrations"].insert(
        {"migration_set": "kpitrack", "name": "m999_future", "applied_at": "2030-01-01"}
    )
    store.close()
    with pytest.raises(StoreError, match="m999_future"):
        open_store(tmp_path / "kpi.db")


def test_the_committed_v1_database_opens_and_keeps_its_entries(tmp_path: Path) -> None:
    copy = tmp_path / "kpi.db"
    shutil.copy(DATA / "v1.db", copy)
    original = Database(DATA / "v1.db").execute("select count(*) from entries").fetchone()[0]
    store = open_store(copy)
    assert store.count_entries() == original > 0
    assert [m.name for m in MIGRATIONS.applied(store.db)] == ALL_MIGRATIONS
    assert "entries_by_date" in [index.name for index in store.db["entries"].indexes]


def test_sync_is_one_transaction(tmp_path: Path) -> None:
    """A failure half-way through a sync leaves the database as it was."""
    store = open_store(tmp_path / "kpi.db")
    targets = load_targets(REPO_TARGETS)
    broken = parse_targets(REPO_TARGETS.read_text(encoding="utf-8"), tmp_path / "gone.yaml")
    broken = dataclasses.replace(broken, scope=scope_of(targets))  # the same declaration, edited
    store.sync(targets)
    before = store.count_entries()
    digest = store.scopes()
    names = store.db.execute("select group_concat(name) from indicators").fetchone()

    def explode(*_: object) -> int:
        raise RuntimeError("disk full")

    store._seed = explode  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        store.sync(broken)
    assert store.count_entries() == before
    assert store.scopes() == digest
    assert store.db.execute("select group_concat(name) from indicators").fetchone() == names


def test_increments_too_large_for_the_engine_to_sum_are_still_summed_exactly(
    workspace: Workspace,
) -> None:
    """SQLite sums increments as integers; a sum past its integers is added up here instead,
    with nothing rounded (a hundred increments of 99,999,999,999 and one of 0.000001)."""
    store = workspace.store
    huge = Decimal("99999999999")
    entries = [
        NewEntry("fitness-paths", Mode.ADD, date(2024, 3, 1), "t", huge, unit="条")
        for _ in range(100)
    ]
    store.add_many([*entries, dataclasses.replace(entries[0], value=Decimal("0.000001"))])
    read = store.histories([("k", ["fitness-paths"], date(2024, 1, 1), date(2024, 6, 30))])["k"]
    assert actual_at(read.points, date(2024, 6, 30)) == huge * 100 + Decimal("0.000001")
    assert read.count == 101


def test_a_running_total_that_outgrew_the_engine_stays_inexact_when_it_falls_back(
    workspace: Workspace,
) -> None:
    """The rollup's running total (m011) past SQLite's integers stays REAL even once later
    decrements bring it back in range: a window over the later days alone still adds its
    increments up itself, exactly, and so does one over all of them."""
    store = workspace.store
    huge = Decimal("999999999999")
    ups = [NewEntry("fitness-paths", Mode.ADD, date(2024, 3, 1), "t", huge) for _ in range(10)]
    downs = [NewEntry("fitness-paths", Mode.ADD, date(2024, 3, 2), "t", -huge) for _ in range(6)]
    store.add_many([*ups, *downs])
    later = NewEntry("fitness-paths", Mode.ADD, date(2024, 3, 3), "t", Decimal("0.5"))
    store.add(later)
    kept = store.rows(
        "select c_fixed from entry_days where indicator_id = 'fitness-paths' order by as_of"
    )
    assert [isinstance(row[0], float) for row in kept] == [True, True, True]
    both = store.histories([("k", ["fitness-paths"], date(2024, 1, 1), date(2024, 6, 30))])["k"]
    assert actual_at(both.points, date(2024, 6, 30)) == huge * 4 + Decimal("0.5")
    late = store.histories([("k", ["fitness-paths"], date(2024, 3, 2), date(2024, 6, 30))])["k"]
    assert actual_at(late.points, date(2024, 6, 30)) == -huge * 6 + Decimal("0.5")
    assert (both.count, late.count) == (17, 7)


@pytest.mark.parametrize("huge", [False, True])
def test_an_older_database_gets_its_rollup_of_days_from_the_entries_it_has(
    tmp_path: Path, huge: bool
) -> None:
    """m010 fills entry_days from the entries already there, exactly — a day whose sum is
    past SQLite's integers too (then kept REAL, and the report adds those increments up)."""
    path = tmp_path / "kpi.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="m010_entry_days")
    store = open_store(path, as_is=True)
    store.sync(load_targets(REPO_TARGETS))
    amount = "999999999999" if huge else "0.5"
    for day in (1, 1, 2):
        store.add(NewEntry("fitness-paths", Mode.ADD, date(2024, 3, day), "t", Decimal(amount)))
    store.add(
        NewEntry("fitness-paths", Mode.ADD, date(2024, 3, 2), "t", Decimal(5), qualifier="余")
    )
    for _ in range(9 if huge else 0):
        store.add(NewEntry("fitness-paths", Mode.ADD, date(2024, 3, 2), "t", Decimal(amount)))
    store.close()
    store = open_store(path)  # migrated on opening for writing
    rows = store.rows(
        "select as_of, entries, adds, summed, fixed from entry_days"
        " where indicator_id = 'fitness-paths' order by as_of"
    )
    if huge:
        assert [tuple(r[:4]) for r in rows] == [("2024-03-01", 2, 2, 2), ("2024-03-02", 11, 11, 10)]
        assert isinstance(rows[1][4], float)  # 10 × 10**18 millionths: no longer exact
    else:
        assert [tuple(r) for r in rows] == [
            ("2024-03-01", 2, 2, 2, 1_000_000), ("2024-03-02", 2, 2, 1, 500_000)
        ]  # fmt: skip
    running = store.rows(
        "select c_entries, c_adds, c_summed, c_fixed from entry_days"
        " where indicator_id = 'fitness-paths' order by as_of"
    )  # m011's running totals, from the same entries
    if huge:
        assert [tuple(r[:3]) for r in running] == [(2, 2, 2), (13, 13, 12)]
        assert running[0][3] == 2 * 999_999_999_999_000_000 and isinstance(running[1][3], float)
    else:
        assert [tuple(r) for r in running] == [(2, 2, 2, 1_000_000), (4, 4, 3, 1_500_000)]
    history = store.histories([("k", ["fitness-paths"], date(2024, 1, 1), date(2024, 12, 31))])
    total = Decimal(amount) * (12 if huge else 3) + 5
    assert actual_at(history["k"].points, date(2024, 12, 31)) == total
    store.close()
