"""The storage seam: what the core and the commands ask of a database, whatever its engine.

SQLite (a file, the default) and PostgreSQL (a server, when a district outgrows one clerk's
machine) are two adapters of one :class:`Store`; the location picks the engine, as in
Prefect or MLflow: a path is a SQLite file, a ``postgresql://`` URL a server. Records going
in and out are typed (:mod:`kpitrack.records`); nothing outside the adapters knows an engine's
module, rows or errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from kpitrack.errors import EnvironmentFault, StoreError
from kpitrack.model import Indicator, Targets
from kpitrack.progress import History, Point
from kpitrack.records import (
    DayFigure,
    Entry,
    ExportLines,
    ImportRecord,
    NewEntry,
    Retired,
    SyncResult,
)
from kpitrack.sql_store import SEED_AUTHOR, Window, location_name

__all__ = ["SEED_AUTHOR", "NewEntry", "Store", "SyncResult", "is_server", "open_store"]

SERVER_SCHEMES = ("postgresql://", "postgres://")


class Store(Protocol):
    """A kpitrack database. Entries are only ever added: a correction is a void (and a
    restore lifts one); the figures at a date are computed from the entries that count."""

    engine: str  # "sqlite" or "postgresql"
    location: str  # the file or the server (without its password), as sentences name it
    readonly: bool  # a report's: nothing it does is kept
    private: bool  # a copy (or a transaction never committed): writing it changes nothing
    queries: int  # statements run so far: a report's number does not grow with its size

    # the database as a whole
    def write(self) -> AbstractContextManager[None]: ...
    def verify(self) -> None: ...
    def backup(self, destination: Path) -> None: ...
    def private_copy(self) -> Store: ...
    def close(self) -> None: ...

    # declarations
    def needs_sync(self, targets: Targets) -> bool: ...
    def sync(self, targets: Targets) -> SyncResult: ...
    def changed_targets(self) -> dict[str, list[tuple[date, Decimal | None]]]: ...
    def retired(self) -> list[Retired]: ...
    def stored_indicator(self, indicator_id: str) -> Indicator | None: ...
    def others(self, targets: Targets) -> list[tuple[Indicator, str, str]]: ...
    def scopes(self) -> dict[str, str]: ...

    # entries
    def add(self, entry: NewEntry) -> int: ...
    def add_many(self, entries: Sequence[NewEntry], import_id: int | None = None) -> None: ...
    def insert_many(self, entries: Sequence[NewEntry], import_id: int | None = None) -> None: ...
    def has_key(self, key: str) -> bool: ...
    def histories(self, windows: Sequence[Window]) -> dict[str, History]: ...
    def points(self, ids: Sequence[str], start: date, end: date) -> list[Point]: ...
    def entry(self, entry_id: int) -> Entry | None: ...
    def entries_of(self, ids: Sequence[str]) -> list[Entry]: ...
    def entries_between(self, since: date, until: date) -> list[Entry]: ...
    def all_entries(self) -> Iterable[Entry]: ...
    def exported(
        self, form: str, include_voided: bool, names: Mapping[str, str]
    ) -> Iterable[ExportLines | Entry]: ...
    def count_entries(self, author: str | None = None) -> int: ...

    # corrections
    def latest_by(self, author: str) -> Entry | None: ...
    def void(
        self, entry_id: int, author: str, note: str | None, replaced_by: int | None
    ) -> None: ...
    def restore(self, entry_id: int, author: str, note: str | None) -> None: ...
    def corrected_by(self, entry_id: int) -> int | None: ...

    # imports
    def record_import(
        self, file_name: str, sha256: str, sheet: str | None, author: str, rows_written: int
    ) -> int: ...
    def count_import(self, import_id: int, rows_written: int) -> None: ...
    def last_entry_id(self) -> int: ...
    def imports(self) -> list[ImportRecord]: ...
    def import_record(self, import_id: int) -> ImportRecord | None: ...
    def first_import_of(self, sha256: str) -> int | None: ...
    def counting_entries_of_import(self, import_id: int) -> list[Entry]: ...
    def logged_on(self, ids: Sequence[str], day: date) -> list[DayFigure]: ...
    def logged_days(self, ids: Sequence[str]) -> set[date]: ...


def is_server(location: str | Path) -> bool:
    return isinstance(location, str) and location.startswith(SERVER_SCHEMES)


def location_of(given: str) -> str | Path:
    """``--db`` as given: a server's URL, else a SQLite file's path; a URL of an engine
    kpitrack does not speak (mysql://…) is refused rather than taken for a folder."""
    if is_server(given):
        return given
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", given):
        raise StoreError("store.unknown_scheme", location=location_name(given))
    return Path(given)


def open_store(location: str | Path, *, write: bool = True, as_is: bool = False) -> Store:
    """The database at ``location``: a ``postgresql://`` URL, else a SQLite file's path.

    For writing, it is created (a file) and migrated if needed; for a report, it is read only
    and never migrated or synced (``as_is``: read even an older schema as it stands)."""
    if is_server(location):
        try:
            from kpitrack.postgres_store import open_postgres
        except ImportError as error:  # psycopg is an extra: kpitrack[postgresql]
            raise EnvironmentFault("store.no_psycopg", reason=str(error)) from error
        return open_postgres(str(location), write=write, as_is=as_is)
    from kpitrack.sqlite_store import open_sqlite

    return open_sqlite(Path(location), write=write, as_is=as_is)
