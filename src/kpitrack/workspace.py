"""Finding and opening the pair every command works on: targets.yaml and its database.

--targets / KPI_TARGETS, else targets.yaml found from the working directory upward;
--db / KPI_DB, else kpi.db beside targets.yaml. A command that writes syncs the declarations
into the store first; a report reads them as they stand (on a private copy when the file is
behind targets.yaml), so reading never writes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from pathlib import Path

from kpitrack.errors import LogError
from kpitrack.model import Indicator, Revision, Targets
from kpitrack.progress import History
from kpitrack.recording import find_indicator
from kpitrack.store import Store, SyncResult, indicator_from_row, open_store
from kpitrack.targets import load_targets, resolve_targets_path

DB_NAME = "kpi.db"


@dataclass
class Workspace:
    targets: Targets
    store: Store
    sync: SyncResult

    def history_for(self, indicator: Indicator, as_of: date) -> History:
        end = min(as_of, indicator.period.end)
        return self.store.history(indicator.ids, indicator.period.start, end)

    def find(self, wanted: str) -> Indicator:
        """An indicator by id or name; one retired from targets.yaml is still found by id."""
        try:
            return find_indicator(self.targets, wanted)
        except LogError:
            row = self.store.indicator_row(wanted)
            if row is None or not row["retired"]:
                raise
            return indicator_from_row(row)

    def retired(self) -> list[tuple[Indicator, str | None]]:
        """Indicators no longer declared, each with the id that replaced it, if any."""
        return [(indicator_from_row(row), row["replaced_by"]) for row in self.store.retired()]

    def close(self) -> None:
        self.store.close()


def default_db(targets_path: Path) -> Path:
    return targets_path.resolve().parent / DB_NAME


def open_workspace(
    targets_option: Path | None, db_option: Path | None, *, write: bool = True
) -> Workspace:
    """targets.yaml and its database, in step: for a command that writes (``write``), the
    file's declarations are recorded; for a report, they are applied to a copy in memory."""
    targets_path = resolve_targets_path(targets_option)
    targets = load_targets(targets_path)
    store = open_store(db_option or default_db(targets_path), write=write)
    try:
        if store.readonly and not store.private and store.needs_sync(targets):
            store = store.private_copy()
        sync = store.sync(targets)
        targets = with_recorded_revisions(targets, store)
    except BaseException:
        store.close()
        raise
    return Workspace(targets, store, sync)


def with_recorded_revisions(targets: Targets, store: Store) -> Targets:
    """Indicators that declare no ``revised:`` take their revisions from the database: each
    time the file's target changed, from the day kpitrack saw it change."""
    timelines = store.changed_targets()
    if not timelines:
        return targets
    changed = {}
    for indicator in targets.indicators():
        timeline = timelines.get(indicator.id)
        if indicator.revisions or indicator.target is None or timeline is None:
            continue
        revisions = tuple(
            Revision(max(day, indicator.period.start), was)
            for (_, was), (day, _) in pairwise(timeline)
            if was is not None
        )
        changed[indicator.id] = replace(indicator, revisions=revisions)
    return targets.with_indicators(changed) if changed else targets
