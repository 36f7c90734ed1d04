"""Finding and opening the pair every command works on: targets.yaml and its database.

--targets / KPI_TARGETS, else targets.yaml found from the working directory upward;
--db / KPI_DB (a SQLite file's path or a ``postgresql://`` URL), else kpi.db beside
targets.yaml. A command that writes syncs the declarations into the store first; a report
reads them as they stand (on a private copy when the file is behind targets.yaml), so reading
never writes. Indicators other declarations keep in the same database join this one's, each
in its area, so a shared database shows everything by default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field, replace
from datetime import date
from itertools import pairwise
from pathlib import Path

from kpitrack.errors import LogError, StoreError
from kpitrack.frozen import mutable
from kpitrack.messages import t
from kpitrack.model import Area, Indicator, Revision, Targets
from kpitrack.progress import History
from kpitrack.records import Retired, SyncResult
from kpitrack.sql_store import scope_of
from kpitrack.store import Store, location_of, open_store
from kpitrack.targets_file import read_targets, resolve_targets_path

DB_NAME = "kpi.db"
WindowKey = tuple[tuple[str, ...], date, date]  # the ids, the first day and the last


@mutable
class Workspace:
    targets: Targets
    store: Store
    sync: SyncResult
    scopes: dict[str, str] = field(default_factory=dict)  # indicator id → its declaration
    _histories: dict[date, dict[WindowKey, History]] = field(default_factory=dict)

    def history_for(self, indicator: Indicator, as_of: date) -> History:
        """An indicator's history at a date. The second indicator asked about at one date
        fetches every declared indicator's in one query: a report's queries do not grow with
        its indicators, and a command that shows one indicator reads only that one."""
        key = _window_key(indicator, as_of)
        known = self._histories.get(as_of)
        if known is not None and key not in known and len(known) == 1:
            self.fetch(self.targets.indicators(), as_of)
        if known is None:
            known = self._histories[as_of] = {}
        if key not in known:
            self._read(known, [key])
        return known[key]

    def fetch(self, indicators: Iterable[Indicator], as_of: date) -> None:
        """Read at once the histories a report is about to ask for one by one: a status asks
        the store one query (per 2,000 windows), for the indicators it shows and no others."""
        known = self._histories.setdefault(as_of, {})
        wanted = dict.fromkeys(_window_key(indicator, as_of) for indicator in indicators)
        self._read(known, [key for key in wanted if key not in known])

    def _read(self, known: dict[WindowKey, History], keys: list[WindowKey]) -> None:
        """The store is asked by number: its keys need only tell one call's windows apart."""
        if not keys:
            return
        found = self.store.histories([(str(n), *key) for n, key in enumerate(keys)])
        for n, key in enumerate(keys):
            known[key] = found[str(n)]

    def find(self, wanted: str) -> Indicator:
        """An indicator by id or name; one retired from targets.yaml is still found by id."""
        from kpitrack.recording import find_indicator  # a report of all starts without it

        try:
            return find_indicator(self.targets, wanted)
        except LogError:
            stored = self.store.stored_indicator(wanted)
            if stored is None or not stored.retired:
                raise
            return stored

    def retired(self) -> list[Retired]:
        """Indicators no longer declared, each with the id that replaced it, if any."""
        return self.store.retired()

    def narrowed(self, scope: str | None) -> Targets:
        """The indicators of one declaration (``--scope``), or all of them."""
        if scope is None:
            return self.targets
        known = set(self.scopes.values())
        if scope not in known:
            shown = t("text.separator").join(sorted(known))
            raise StoreError("store.no_scope", scope=scope, scopes=shown)
        areas = tuple(
            replace(area, indicators=kept)
            for area in self.targets.areas
            if (kept := tuple(i for i in area.indicators if self.scopes.get(i.id) == scope))
        )
        return replace(self.targets, areas=areas)

    def close(self) -> None:
        self.store.close()


def _window_key(indicator: Indicator, as_of: date) -> WindowKey:
    """What an indicator's history at a date is read for: its ids over its period, up to the
    date (two indicators of the same ids and period share one)."""
    period = indicator.period
    return indicator.ids, period.start, as_of if as_of < period.end else period.end


def default_db(targets_path: Path) -> Path:
    return targets_path.resolve().parent / DB_NAME


def database_location(db_option: str | Path | None, targets_path: Path) -> str | Path:
    """Where the database is: a server's URL as given, a file's path, or kpi.db beside
    targets.yaml."""
    if db_option is None or str(db_option) == "":
        return default_db(targets_path)
    return location_of(str(db_option))


def open_workspace(
    targets_option: Path | None,
    db_option: str | Path | None,
    *,
    write: bool = True,
    create: bool = False,
) -> Workspace:
    """targets.yaml and its database, in step: for a command that writes (``write``), the
    file's declarations are recorded; for a report, they are applied to a copy in memory.

    A database named with --db or KPI_DB that does not exist is made only by ``kpi init``
    (``create``): a mistyped path would otherwise become a new, empty database that a report
    reads as "nothing logged" and a log writes into, away from the real one. kpi.db beside
    targets.yaml is the default's own place, made on first use as before."""
    targets_path = resolve_targets_path(targets_option)
    location = database_location(db_option, targets_path)
    named = db_option not in (None, "")
    if named and not create and isinstance(location, Path) and location.parent.is_dir():
        missing = not location.exists()
    else:
        missing = False  # a server, the default place, or a folder that is missing: told below
    if missing:
        raise StoreError("store.no_database", path=location)
    targets = read_targets(targets_path)
    store = open_store(location, write=write)
    try:
        if store.readonly and not store.private and store.needs_sync(targets):
            store = store.private_copy()
        sync = store.sync(targets)
        targets = with_recorded_revisions(targets, store)
        mine = scope_of(targets)
        scopes = {indicator.id: mine for indicator in targets.indicators()}
        others = store.others(targets)
        if others:
            targets = with_others(targets, others)
            scopes.update({indicator.id: scope for indicator, _, scope in others})
    except BaseException:
        store.close()
        raise
    return Workspace(targets, store, sync, scopes)


def with_others(targets: Targets, others: list[tuple[Indicator, str, str]]) -> Targets:
    """This declaration's areas with the indicators other declarations hold in the same
    database: each joins the area of the same id, or a new one after this file's own."""
    joined: dict[str, list[Indicator]] = {}
    names: dict[str, str] = {}
    for indicator, area_name, _ in others:
        joined.setdefault(indicator.area_id, []).append(indicator)
        names.setdefault(indicator.area_id, area_name)
    areas = [
        replace(area, indicators=area.indicators + tuple(joined.pop(area.id, ())))
        for area in targets.areas
    ]
    areas += [Area(area_id, names[area_id], tuple(found)) for area_id, found in joined.items()]
    return replace(targets, areas=tuple(areas))


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
