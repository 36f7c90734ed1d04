"""Finding and opening the pair every command works on: targets.yaml and its database.

--targets / KPI_TARGETS, else targets.yaml found from the working directory upward;
--db / KPI_DB, else kpi.db beside targets.yaml. Opening syncs the declarations into the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kpitrack.model import Indicator, Targets
from kpitrack.progress import History
from kpitrack.store import Store, SyncResult, open_store
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

    def close(self) -> None:
        self.store.close()


def default_db(targets_path: Path) -> Path:
    return targets_path.resolve().parent / DB_NAME


def open_workspace(targets_option: Path | None, db_option: Path | None) -> Workspace:
    targets_path = resolve_targets_path(targets_option)
    targets = load_targets(targets_path)
    store = open_store(db_option or default_db(targets_path))
    try:
        sync = store.sync(targets)
    except BaseException:
        store.close()
        raise
    return Workspace(targets, store, sync)
