"""Moving a whole database between engines: ``kpi copy SRC DEST``.

Every row of every table goes across with its id — entries, voids, restores, imports, the
targets' history, each declaration's scope — so the destination tells the same story: the
same ``kpi export``, the same status, entry numbers that still match what people wrote down.
The source is only read (an older one is brought up to date in the reading transaction, not
on disk). The destination must be new or empty, and is written in one transaction: a copy
that fails leaves it as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kpitrack.errors import StoreError
from kpitrack.frozen import frozen
from kpitrack.quantity import exact_text
from kpitrack.sql_store import SqlStore, location_name
from kpitrack.store import Store, open_store

# In the order the references need: a void's entry exists before the void, and so on.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (table, tuple(columns.split()))
    for table, columns in (
        ("meta", "key value"),
        ("scopes", "name path digest synced_at"),
        (
            "indicators",
            "id name area_id area_name unit target target_stage direction measure period_start"
            " period_end cycle owner source approx stages pace baseline retired synced_at"
            " replaced_by target_amount baseline_amount commitment verdict scope",
        ),
        (
            "target_history",
            "id indicator_id target target_stage unit recorded_at effective_from target_amount",
        ),
        ("imports", "id file_name sha256 sheet imported_at author rows_written"),
        (
            "entries",
            "id indicator_id mode value stage unit input as_of logged_at author note source key"
            " amount import_id confirmed qualifier db_role",
        ),
    )
)
ENTRY_INDICATOR, ENTRY_DAY = TABLES[-1][1].index("indicator_id"), TABLES[-1][1].index("as_of")
VOID_COLUMNS = ("id", "entry_id", "replaced_by", "voided_at", "author", "note")
RESTORE_COLUMNS = ("id", "void_id", "restored_at", "author", "note")
CHUNK = 5000


@frozen
class Copied:
    indicators: int
    entries: int
    voids: int
    restores: int
    imports: int


Progress = Callable[[int, int], None]  # rows done, rows in all


def copy_database(
    source: str | Path, destination: str | Path, progress: Progress | None = None
) -> Copied:
    """Copy ``source`` into ``destination`` (each a SQLite path or a PostgreSQL URL)."""
    if str(source) == str(destination):
        raise StoreError("copy.same", path=location_name(source))
    if isinstance(source, Path) and (not source.is_file() or source.stat().st_size == 0):
        raise StoreError("copy.no_source", path=source)
    reader = open_store(source, write=False)
    try:
        if not reader.count_entries() and not _sql(reader).one("select count(*) from indicators"):
            raise StoreError("copy.empty_source", path=reader.location)
        writer = open_store(destination)
        try:
            return copy_between(_sql(reader), _sql(writer), progress)
        finally:
            writer.close()
    finally:
        reader.close()


def copy_between(reader: SqlStore, writer: SqlStore, progress: Progress | None = None) -> Copied:
    if writer.one("select count(*) from indicators") or writer.one("select count(*) from entries"):
        raise StoreError("copy.not_empty", path=writer.location)
    counts = {table: int(reader.one(f"select count(*) from {table}")) for table, _ in TABLES}
    counts["voids"] = int(reader.one("select count(*) from voids"))
    counts["restores"] = int(reader.one("select count(*) from restores"))
    total = sum(counts.values())
    done = 0
    with writer.write():
        writer.run("delete from meta")  # a new database's own notes give way to the source's
        writer.run("delete from scopes")
        with writer.rollup_deferred() as since:  # entries come in order of ids, not of days
            for table, columns in TABLES:
                for chunk in _chunks(reader, table, columns):
                    writer.run_many(_insert(table, columns), chunk)
                    if table == "entries":
                        _note_days(since, chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
        # a void, then the restore that lifted it, before the entry's next void: runs of
        # voids (or of restores) go in one statement each, in that order
        restores = {row[1]: row for row in _all(reader, "restores", RESTORE_COLUMNS)}
        for chunk in _chunks(reader, "voids", VOID_COLUMNS):
            runs: list[tuple[str, list[list[Any]]]] = []
            for void in chunk:
                _append(runs, "voids", void)
                if void[0] in restores:
                    _append(runs, "restores", restores[void[0]])
            for table, rows in runs:
                columns = VOID_COLUMNS if table == "voids" else RESTORE_COLUMNS
                writer.run_many(_insert(table, columns), rows)
                done += len(rows)
            if progress is not None:
                progress(done, total)
        writer.after_copy()
    return Copied(
        counts["indicators"], counts["entries"], counts["voids"], counts["restores"],
        counts["imports"],
    )  # fmt: skip


def copy_into_new_file(reader: SqlStore, destination: Path) -> None:
    """A whole database as a new SQLite file (a server's backup), published whole or not at
    all, never over a file that is there."""
    from kpitrack.publish import ensure_free, publish
    from kpitrack.sqlite_store import memory_store

    ensure_free(destination, "store.backup_exists")
    image = memory_store(destination)
    try:
        copy_between(reader, image)
        content = image.image()
    finally:
        image.close()
    publish(destination, lambda stream: stream.write(content), exists="store.backup_exists")


def _note_days(since: dict[str, str], chunk: list[list[Any]]) -> None:
    """Each indicator's first day among the entries copied (see SqlStore.rollup_deferred)."""
    for row in chunk:
        indicator_id, day = row[ENTRY_INDICATOR], row[ENTRY_DAY]
        first = since.get(indicator_id)
        if first is None or day < first:
            since[indicator_id] = day


def _append(runs: list[tuple[str, list[list[Any]]]], table: str, row: list[Any]) -> None:
    if runs and runs[-1][0] == table:
        runs[-1][1].append(row)
    else:
        runs.append((table, [row]))


def _sql(store: Store) -> SqlStore:
    assert isinstance(store, SqlStore)  # both adapters are
    return store


def _insert(table: str, columns: tuple[str, ...]) -> str:
    marks = ", ".join("?" for _ in columns)
    return f"insert into {table} ({', '.join(columns)}) values ({marks})"


def _chunks(reader: SqlStore, table: str, columns: tuple[str, ...]) -> Iterator[list[list[Any]]]:
    """A table's rows in id order, a few thousand at a time: a million entries never sit
    in memory at once."""
    if "id" not in columns or table == "indicators":
        rows = _all(reader, table, columns)
        if rows:
            yield rows
        return
    last = 0
    listed = ", ".join(columns)
    while True:
        rows = [
            [_portable(value) for value in row]
            for row in reader.rows(
                f"select {listed} from {table} where id > ? order by id limit {CHUNK}", [last]
            )
        ]
        if not rows:
            return
        yield rows
        last = int(rows[-1][0])


def _all(reader: SqlStore, table: str, columns: tuple[str, ...]) -> list[list[Any]]:
    order = "id" if "id" in columns else columns[0]
    return [
        [_portable(value) for value in row]
        for row in reader.rows(f"select {', '.join(columns)} from {table} order by {order}")
    ]


def _portable(value: Any) -> Any:
    """A value either engine takes: a day as ISO text, an exact number as its text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return exact_text(value)
    return value
