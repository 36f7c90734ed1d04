"""What the store hands over and takes in: typed records, never rows of one engine or another.

Days are ``date``, figures ``Decimal`` (read from the exact text or number each engine keeps),
moments (logged, voided, restored, imported) the ISO text with the writer's offset that
kpitrack wrote, so every engine shows the same moment the same way.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kpitrack.frozen import frozen, mutable
from kpitrack.model import Indicator
from kpitrack.progress import Mode


@mutable(slots=True, unsafe_hash=True)  # an import makes a million of them
class NewEntry:
    """An entry about to be written; the store adds ``id`` and ``logged_at``.

    Treated as frozen (changed only through ``dataclasses.replace``), and hashed as if it
    were, but not declared so: a frozen class's ``__init__`` sets each field through
    ``object.__setattr__``, 2.7 µs of every imported row's ~15.
    """

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


@frozen(slots=True)  # an import holds a million of them
class Entry:
    """An entry as logged, with the void that stands on it and the latest restore, if any."""

    id: int
    indicator_id: str
    mode: Mode
    as_of: date
    value: Decimal | None
    stage: str | None
    unit: str
    input: str
    logged_at: str
    author: str
    note: str | None = None
    source: str | None = None
    key: str | None = None
    import_id: int | None = None
    confirmed: str | None = None
    qualifier: str | None = None
    db_role: str | None = None  # on a server, the database role that wrote it
    voided_at: str | None = None
    voided_by: str | None = None
    void_note: str | None = None
    replaced_by: int | None = None
    restored_at: str | None = None
    restored_by: str | None = None
    restore_note: str | None = None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


@frozen
class DayFigure:
    """An entry that counts on one day: what an imported row may already be."""

    id: int
    mode: Mode
    value: Decimal | None
    stage: str | None
    note: str | None


@frozen
class ImportRecord:
    """A numbered import: the file it came from, and how many of its entries still count."""

    id: int
    file_name: str
    sha256: str
    sheet: str | None
    imported_at: str
    author: str
    rows_written: int
    rows_counting: int = 0


@frozen
class SyncResult:
    changed: bool
    indicators: int
    seeded: int
    retired: int


@frozen
class Retired:
    """An indicator no longer declared, with the id that replaced it, if any."""

    indicator: Indicator
    replaced_by: str | None


@frozen(slots=True)
class ExportLines:
    """Entries an engine wrote out itself, in an export's own format: ``count`` entries as
    the UTF-8 ``text`` of their lines (see :mod:`kpitrack.sqlite_export`)."""

    text: bytes
    count: int
