"""The storage seam's contract, the same on both engines (``--engine``): a SQLite file and a
fresh PostgreSQL database. What one adapter does, the other must do, record for record."""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpitrack.errors import StoreError
from kpitrack.progress import Mode, actual_at
from kpitrack.records import Entry
from kpitrack.sql_store import SqlStore
from kpitrack.store import NewEntry, Store, open_store
from kpitrack.targets import load_targets, parse_targets

from .conftest import REPO_TARGETS

PERIOD = (date(2024, 1, 1), date(2024, 12, 31))


def opened(url: str, **kwargs: bool) -> SqlStore:
    store = open_store(url if "://" in url else Path(url), **kwargs)
    assert isinstance(store, SqlStore)
    return store


@pytest.fixture
def store(engine_url: str) -> SqlStore:
    store = opened(engine_url)
    store.sync(load_targets(REPO_TARGETS))
    return store


def new(
    indicator: str, mode: Mode, day: date, value: str | None = None, **more: object
) -> NewEntry:
    return NewEntry(indicator, mode, day, "测试", None if value is None else Decimal(value), **more)  # type: ignore[arg-type]


def test_a_declaration_is_synced_once_with_the_reports_own_figures(store: Store) -> None:
    again = store.sync(load_targets(REPO_TARGETS))
    assert not again.changed and again.indicators == 96
    seeded = store.entries_of(["three-batch-investment"])
    assert [(e.value, e.as_of, e.author, e.mode) for e in seeded] == [
        (Decimal("59.2"), date(2023, 12, 31), "targets.yaml", Mode.SET)
    ]


def test_records_are_typed_and_exact(store: Store) -> None:
    number = store.add(new("fitness-paths", Mode.SET, date(2024, 3, 31), "0.1", unit="条"))
    entry = store.entry(number)
    assert isinstance(entry, Entry)
    assert (entry.as_of, entry.value, entry.mode, entry.voided) == (
        date(2024, 3, 31), Decimal("0.1"), Mode.SET, False,
    )  # fmt: skip
    for _ in range(10):
        store.add(new("fitness-paths", Mode.ADD, date(2024, 4, 1), "0.1", unit="条"))
    window = ("k", ["fitness-paths"], *PERIOD)
    history = store.histories([window])["k"]
    assert actual_at(history.points, PERIOD[1]) == Decimal("1.1")  # not 1.0999999999999999
    assert history.count == 11


def test_a_key_logged_twice_writes_once_and_never_raises(store: Store) -> None:
    first = store.add(new("fitness-paths", Mode.ADD, date(2024, 5, 1), "1", key="w18"))
    second = store.add(new("fitness-paths", Mode.ADD, date(2024, 5, 1), "1", key="w18"))
    assert first > 0 and second == 0
    assert store.has_key("w18") and not store.has_key("w19")
    assert len(store.entries_of(["fitness-paths"])) == 1


def test_void_and_restore_leave_everything_on_record(store: Store) -> None:
    number = store.add(new("fitness-paths", Mode.SET, date(2024, 6, 30), "5"))
    with store.write():
        store.void(number, "甲", "误报", None)
    voided = store.entry(number)
    assert voided is not None and voided.voided and voided.voided_by == "甲"
    assert store.histories([("k", ["fitness-paths"], *PERIOD)])["k"].count == 0
    with store.write():
        store.restore(number, "乙", "误作废")
    back = store.entry(number)
    assert back is not None and not back.voided and back.restored_by == "乙"
    assert back.restore_note == "误作废"
    assert [e.id for e in store.entries_between(*PERIOD) if e.indicator_id == "fitness-paths"] == [
        number
    ]


def test_an_import_is_numbered_and_counts_what_still_counts(store: Store) -> None:
    with store.write():
        number = store.record_import("表.xlsx", "ab" * 32, None, "丙", 2)
        store.add_many(
            [new("fitness-paths", Mode.ADD, date(2024, 7, d), "1") for d in (1, 2)], number
        )
    entries = store.counting_entries_of_import(number)
    with store.write():
        store.void(entries[0].id, "丙", None, None)
    (record,) = store.imports()
    assert (record.id, record.file_name, record.rows_written, record.rows_counting) == (
        number, "表.xlsx", 2, 1,
    )  # fmt: skip
    assert store.first_import_of("ab" * 32) == number
    assert [f.value for f in store.logged_on(["fitness-paths"], date(2024, 7, 2))] == [1]


def test_entries_are_append_only_on_both_engines(store: SqlStore) -> None:
    store.add(new("fitness-paths", Mode.SET, date(2024, 6, 30), "5"))
    for statement in ("update entries set note = 'x'", "delete from entries"):
        with pytest.raises(Exception, match="append-only"), store.write():
            store.run(statement)
    assert len(store.entries_of(["fitness-paths"])) == 1


HISTORY = st.lists(
    st.tuples(
        st.dates(min_value=date(2023, 12, 1), max_value=date(2025, 1, 31)),
        st.sampled_from([Mode.SET, Mode.ADD, Mode.ADD]),
        st.integers(min_value=-50, max_value=100),
        st.booleans(),  # voided
    ),
    max_size=12,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=HISTORY, day=st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)))
def test_histories_agree_with_a_plain_fraction_reference(
    engine_url: str, raw: list[tuple[date, Mode, int, bool]], day: date
) -> None:
    """The batched query against a walk over every entry that counts, summed in Fractions.
    Each example gets an indicator of its own (the last one's is retired by the sync)."""
    store = opened(engine_url)
    try:
        indicator = _fresh_indicator(store)
        logged = []
        for as_of, mode, value, voided in raw:
            number = store.add(new(indicator, mode, as_of, f"{value}.5"))
            logged.append((number, as_of, mode, value, voided))
            if voided:
                with store.write():
                    store.void(number, "t", None, None)
        counting = sorted(
            (as_of, number, mode, Fraction(f"{value}.5"))
            for number, as_of, mode, value, voided in logged
            if not voided and PERIOD[0] <= as_of <= day
        )
        expected: Fraction | None = None
        for _, _, mode, value in counting:
            expected = value if mode is Mode.SET or expected is None else expected + value
        history = store.histories([("k", [indicator], PERIOD[0], day)])["k"]
        got = actual_at(history.points, day)
        assert (None if got is None else Fraction(got)) == expected
        assert history.count == len(counting)
    finally:
        store.close()


def _fresh_indicator(store: SqlStore) -> str:
    """A one-indicator declaration with an id not used before in this database."""
    number = int(store.one("select count(*) from indicators")) + 1
    text = (
        "scope: contract\nareas:\n  - id: a\n    name: 领域\n    indicators:\n"
        f"      - {{id: x{number}, name: 指标{number}, unit: 个, target: 100, period: 2024}}\n"
    )
    store.sync(parse_targets(text, Path(f"contract-{number}.yaml")))
    return f"x{number}"


def test_a_database_from_a_newer_kpitrack_is_refused(engine_url: str) -> None:
    store = opened(engine_url)
    if store.engine == "postgresql":
        with store.write():
            store.run("insert into kpitrack_migrations values (999, 'm999_future', 'x')")
    else:
        with store.write():
            store.run(
                "insert into _sqlite_migrations (migration_set, name, applied_at)"
                " values ('kpitrack', 'm999_future', 'x')"
            )
    store.close()
    with pytest.raises(StoreError, match="m999_future"):
        opened(engine_url)


def test_another_programs_database_is_refused_untouched(engine_url: str) -> None:
    if "://" in engine_url:
        import psycopg

        with psycopg.connect(engine_url, autocommit=True) as conn:
            conn.execute("create table customers (id integer)")
    else:
        import sqlite3

        conn3 = sqlite3.connect(engine_url)
        conn3.execute("create table customers (id integer)")
        conn3.commit()
        conn3.close()
    with pytest.raises(StoreError, match="customers"):
        opened(engine_url)


def test_two_declarations_share_a_database_without_retiring_each_other(
    engine_url: str, tmp_path: Path
) -> None:
    education = _scoped(tmp_path, "教育局", "school-places", "增加学位")
    health = _scoped(tmp_path, "卫健委", "hospitals", "医院投用")
    store = opened(engine_url)
    store.sync(education)
    store.sync(health)
    store.sync(dataclasses.replace(education, path=education.path))  # unchanged: no-op
    assert store.stored_indicator("school-places") is not None
    assert not store.retired()
    assert {name for name in store.scopes()} == {"教育局", "卫健委"}
    others = store.others(education)
    assert [(i.id, scope) for i, _, scope in others] == [("hospitals", "卫健委")]
    thief = _scoped(tmp_path, "区政府办", "hospitals", "医院")
    with pytest.raises(StoreError, match="卫健委") as refused:
        store.sync(thief)
    assert str(health.path) in str(refused.value) and str(thief.path) in str(refused.value)
    store.close()


def _scoped(folder: Path, scope: str, indicator: str, name: str):  # type: ignore[no-untyped-def]
    path = folder / f"{scope}.yaml"
    path.write_text(
        f"scope: {scope}\nareas:\n  - id: area-{indicator}\n    name: {scope}\n    indicators:\n"
        f"      - {{id: {indicator}, name: {name}, unit: 个, target: 3, period: 2024}}\n",
        encoding="utf-8",
    )
    return load_targets(path)


def test_copy_round_trips_every_entry_between_engines(engine_url: str, tmp_path: Path) -> None:
    """The seed database and 2,000 random entries, voids, restores and an import, copied out
    of this engine into a SQLite file and back into an empty one of this engine."""
    from kpitrack.copying import copy_database

    store = opened(engine_url)
    store.sync(load_targets(REPO_TARGETS))
    _random_history(store, 2000, random.Random(11))
    before = _everything(store)
    store.close()
    middle = tmp_path / "middle.db"
    copy_database(engine_url if "://" in engine_url else Path(engine_url), middle)
    assert _everything(opened(str(middle), write=False)) == before


def _random_history(store: SqlStore, count: int, rng: random.Random) -> None:
    ids = ["fitness-paths", "signed-projects-landed", "key-projects-2024"]
    with store.write():
        number = store.record_import("月报.xlsx", "cd" * 32, "6月", "丁", count // 2)
        store.add_many(
            [
                new(rng.choice(ids), rng.choice([Mode.SET, Mode.ADD]),
                    date(2024, rng.randint(1, 12), rng.randint(1, 28)),
                    f"{rng.randint(0, 999)}.{rng.randint(0, 99):02d}",
                    note=rng.choice([None, "备注", "第二行\n备注"]))
                for _ in range(count // 2)
            ],
            number,
        )  # fmt: skip
        store.add_many(
            [new(rng.choice(ids), Mode.ADD, date(2024, 5, 5), "1") for _ in range(count // 2)]
        )
        for entry_id in rng.sample(range(50, count), 40):
            store.void(entry_id, "戊", "重复", None)
            if entry_id % 3 == 0:
                store.restore(entry_id, "己", None)
                if entry_id % 2 == 0:
                    store.void(entry_id, "庚", "再作废", None)


def _everything(store: SqlStore) -> tuple[list[Entry], list[object], list[object], list[object]]:
    try:
        return (
            list(store.all_entries()),
            store.imports(),
            [r.indicator.id for r in store.retired()],
            _rollup(store),
        )
    finally:
        store.close()


def _rollup(store: SqlStore, indicator: str | None = None) -> list[tuple[object, ...]]:
    """Every day of the rollup, running totals (m011) included, sums as exact numbers: the
    engines keep them at different scales."""
    rows = store.rows(
        "select indicator_id, as_of, entries, adds, summed, fixed, c_entries, c_adds, c_summed,"
        " c_fixed from entry_days where indicator_id = coalesce(?, indicator_id)"
        " order by indicator_id, as_of",
        [indicator],
    )
    return [
        (str(i), str(day), *map(int, counts[:3]), Decimal(counts[3]).scaleb(-store.SUM_SCALE),
         *map(int, counts[4:7]), Decimal(counts[7]).scaleb(-store.SUM_SCALE))
        for i, day, *counts in rows
    ]  # fmt: skip


def test_every_entry_is_read_once_in_order_across_pages(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export reads a page at a time (issue 13); no entry is lost or doubled at an edge."""
    monkeypatch.setattr("kpitrack.sql_store.ENTRY_PAGE", 3)
    before = len(list(store.all_entries()))
    store.add_many([new("fitness-paths", Mode.ADD, date(2024, 1, d), "1") for d in range(1, 8)])
    read = list(store.all_entries())
    assert len(read) == before + 7
    assert [e.id for e in read] == sorted({e.id for e in read})


def test_the_days_an_indicator_has_entries_on_leave_out_voided_ones(store: Store) -> None:
    """What an import asks once an indicator, to skip the days with nothing logged."""
    store.add(new("fitness-paths", Mode.SET, date(2024, 3, 31), "5"))
    voided = store.add(new("fitness-paths", Mode.SET, date(2024, 4, 30), "6"))
    store.void(voided, "戊", "重复", None)
    assert store.logged_days(["fitness-paths"]) == {date(2024, 3, 31)}
    assert store.logged_days(["no-such-indicator"]) == set()


def test_a_voided_increment_leaves_the_sum_and_the_view(store: Store) -> None:
    """The engine sums increments and takes back the voided ones: the actual, count and last
    update are those of the entries that still count, in histories and in current_status."""
    store.add(new("fitness-paths", Mode.SET, date(2024, 3, 1), "10"))
    for day in (1, 2):
        store.add(new("fitness-paths", Mode.ADD, date(2024, 4, day), "0.5"))
    wrong = store.add(new("fitness-paths", Mode.ADD, date(2024, 5, 1), "7.25"))
    with store.write():
        store.void(wrong, "甲", "误报", None)
    read = store.histories([("k", ["fitness-paths"], *PERIOD)])["k"]
    assert actual_at(read.points, PERIOD[1]) == Decimal("11")
    assert (read.count, read.last_update) == (3, date(2024, 4, 2))
    view = store.rows(
        "select actual, entry_count, last_as_of from current_status where id = 'fitness-paths'"
    )
    actual, count, last = view[0]
    assert (float(actual), int(count), str(last)) == (11.0, 3, "2024-04-02")


ROLLUP_LOG = st.lists(
    st.tuples(
        st.dates(min_value=date(2023, 12, 30), max_value=date(2024, 1, 4)),
        st.sampled_from([Mode.SET, Mode.ADD, Mode.ADD, Mode.ADD, Mode.STAGE]),
        st.sampled_from(["1", "0.25", "-3.5", "0.0000001", "12345678.123456", "2"]),
        st.sampled_from([None, None, None, "余"]),
        st.sampled_from(["keep", "keep", "void", "void-restore"]),
    ),
    max_size=14,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=ROLLUP_LOG, day=st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 1, 5)))
def test_the_rollup_of_days_agrees_with_every_entry(
    engine_url: str, raw: list[tuple[date, Mode, str, str | None, str]], day: date
) -> None:
    """entry_days (m010, m011) against the entries themselves: after logs on few days (many on
    one day, the anchor's own day among them, days in any order), voids and restores, amounts
    past six decimals and with qualifiers, the actual and the count read through the rollup are
    those of a walk over every entry that counts; the rollup is what rebuilding it from the
    entries gives, and each day's running totals are the sums of every day up to it."""
    store = opened(engine_url)
    try:
        indicator = _fresh_indicator(store)
        counting = []
        for as_of, mode, value, qualifier, fate in raw:
            figure = None if mode is Mode.STAGE else value
            number = store.add(
                new(
                    indicator,
                    mode,
                    as_of,
                    figure,
                    qualifier=qualifier,
                    stage="开工" if mode is Mode.STAGE else None,
                )
            )
            if fate != "keep":
                with store.write():
                    store.void(number, "t", None, None)
            if fate == "void-restore":
                with store.write():
                    store.restore(number, "t", None)
            if fate != "void" and PERIOD[0] <= as_of <= day:
                counting.append((as_of, number, mode, Decimal(value)))
        expected: Decimal | None = None
        for _, _, mode, value in sorted(counting):
            if mode is Mode.SET:
                expected = value
            elif mode is Mode.STAGE:  # a stage anchors too: what follows counts from it
                expected = None
            elif mode is Mode.ADD:
                expected = (expected or Decimal(0)) + value
        history = store.histories([("k", [indicator], PERIOD[0], day)])["k"]
        assert actual_at(history.points, day) == expected
        assert history.count == len(counting)
        kept = store.rows(
            "select as_of, entries, adds, summed, fixed from entry_days where indicator_id = ?"
            " order by as_of",
            [indicator],
        )
        rebuilt = store.rows(
            "select e.as_of, count(*), sum(case when e.mode = 'add' then 1 else 0 end),"
            f" sum(case when {store.SUMMED} then 1 else 0 end),"
            f" coalesce(sum(case when {store.SUMMED} then {store.SUM_FIXED} end), 0)"
            " from entries e where e.indicator_id = ? group by e.as_of order by e.as_of",
            [indicator],
        )
        assert [tuple(row) for row in kept] == [tuple(row) for row in rebuilt]
        running = store.rows(
            "select as_of, c_entries, c_adds, c_summed, c_fixed from entry_days"
            " where indicator_id = ? order by as_of",
            [indicator],
        )
        totals, prefix = [0, 0, 0, Decimal(0)], []
        for as_of, *day in rebuilt:  # the days were logged in any order: back-dated too
            totals = [total + Decimal(part) for total, part in zip(totals, day, strict=True)]
            prefix.append((as_of, *totals))
        assert [(r[0], *map(Decimal, r[1:])) for r in running] == prefix
    finally:
        store.close()


BULK_DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 1, 9))
BULK_ENTRY = st.tuples(BULK_DAYS, st.sampled_from([Mode.SET, Mode.ADD, Mode.ADD, Mode.STAGE]),
                       st.sampled_from(["1", "0.25", "-3.5", "0.0000001", "2"]))  # fmt: skip


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    singles=st.lists(BULK_ENTRY, max_size=5),
    batches=st.lists(st.lists(BULK_ENTRY, max_size=12), min_size=1, max_size=3),
)
def test_a_bulk_write_in_any_order_of_days_leaves_the_running_totals_right(
    engine_url: str,
    singles: list[tuple[date, Mode, str]],
    batches: list[list[tuple[date, Mode, str]]],
) -> None:
    """Batches (an import) write entries dated before others of their indicator: SQLite's
    trigger updates the later days' running totals (m011), PostgreSQL's leaves them pending
    and refills them after the batch. After entries one by one, batches in any order of days,
    and one more entry dated before every other, each day's totals are the sums of every day
    up to it — as a rebuild of the rollup from the entries gives."""
    store = opened(engine_url)
    try:
        indicator = _fresh_indicator(store)

        def entry(day: date, mode: Mode, value: str) -> NewEntry:
            stage = "开工" if mode is Mode.STAGE else None
            return new(indicator, mode, day, None if stage else value, stage=stage)

        for single in singles:
            store.add(entry(*single))
        for batch in batches:
            store.add_many([entry(*item) for item in batch])
        store.add(entry(date(2023, 12, 31), Mode.ADD, "1"))
        kept = _rollup(store, indicator)
        store.run("delete from entry_days where indicator_id = ?", [indicator])
        with store.write():  # the rollup as m010 and m011 make it from the entries
            store.run(
                "insert into entry_days (indicator_id, as_of, entries, adds, summed, fixed)"
                " select e.indicator_id, e.as_of, count(*),"
                " sum(case when e.mode = 'add' then 1 else 0 end),"
                f" sum(case when {store.SUMMED} then 1 else 0 end),"
                f" coalesce(sum(case when {store.SUMMED} then {store.SUM_FIXED} end), 0)"
                " from entries e where e.indicator_id = ? group by e.indicator_id, e.as_of",
                [indicator],
            )
        running, rebuilt = [0, 0, 0, Decimal(0)], []
        for row in _rollup(store, indicator):
            running = [total + part for total, part in zip(running, row[2:6], strict=True)]
            rebuilt.append((*row[:6], *running))
        assert kept == rebuilt
    finally:
        store.close()


def test_an_entry_dated_before_others_counts_at_once_in_its_own_transaction(
    engine_url: str,
) -> None:
    """A report syncs a targets.yaml whose stated actual is dated before the entries logged,
    then reads, in one transaction: the later days' running totals (m011) already count it."""
    store = opened(engine_url)
    try:
        indicator = _fresh_indicator(store)
        store.add(new(indicator, Mode.ADD, date(2024, 3, 5), "2"))
        window = [("k", [indicator], date(2024, 3, 2), date(2024, 3, 31))]
        with store.write():
            store.add(new(indicator, Mode.ADD, date(2024, 3, 1), "1"))
            inside = store.histories(window)["k"]
        after = store.histories(window)["k"]
        for history in (inside, after):
            assert (history.count, actual_at(history.points, date(2024, 3, 31))) == (1, 2)
    finally:
        store.close()
