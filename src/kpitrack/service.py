"""What each command does between reading its options and showing its result.

Plain functions over the storage seam (:mod:`kpitrack.store`): open the pair targets.yaml and
database, sync or read, build the result, close. The CLI is a thin shell over them — options
in, rendering out — and so is the web page that reads the same reports. Reports open the
store read-only and never migrate or sync it; writes decide under the store's write lock.
Nothing here prints: what a command tells a person is the caller's.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from kpitrack.cycles import week_label
from kpitrack.errors import KpiError
from kpitrack.frozen import frozen
from kpitrack.messages import t
from kpitrack.model import Indicator, Targets
from kpitrack.periods import DefaultPeriod, closing_week, ended_period, period_for
from kpitrack.records import Entry, ImportRecord, NewEntry, Retired
from kpitrack.status import AreaStatus, IndicatorStatus, StatusReport, build_status, row_of
from kpitrack.workspace import Workspace, open_workspace

# What a command alone uses is imported by its function: a report starts without the writers'
# checks and corrections, the readers of sheets, or the other reports (issue 13, start-up).
if TYPE_CHECKING:
    from kpitrack.batch import BatchPlan, BatchProgress
    from kpitrack.due import DueReport
    from kpitrack.history import IndicatorHistory
    from kpitrack.imports import ImportOrigin
    from kpitrack.rows import RawRow, RowProblem
    from kpitrack.sheets import SheetRows
    from kpitrack.summary import SummaryReport


@frozen
class Place:
    """Where a command works: targets.yaml (None: found from the working folder) and the
    database (None: kpi.db beside it; a path, or a ``postgresql://`` URL), and the
    declaration to narrow reports to (``--scope``; None: all in the database)."""

    targets: Path | None = None
    db: str | None = None
    scope: str | None = None


@contextmanager
def reading(place: Place) -> Iterator[Workspace]:
    """The pair as it stands, read-only: nothing a report does is kept."""
    workspace = open_workspace(place.targets, place.db, write=False)
    try:
        yield workspace
    finally:
        workspace.close()


@contextmanager
def writing(place: Place, *, create: bool = False) -> Iterator[Workspace]:
    """The pair with targets.yaml's declarations recorded, for a command that writes
    (``create``: kpi init, the one command that makes a database a --db names)."""
    workspace = open_workspace(place.targets, place.db, create=create)
    try:
        yield workspace
    finally:
        workspace.close()


# -- reports ------------------------------------------------------------------------------------


@frozen
class StatusView:
    report: StatusReport
    targets: Targets
    chosen: DefaultPeriod


def status(
    place: Place, day: date, period: str | None = None, area: str | None = None
) -> StatusView:
    with reading(place) as workspace:
        targets = workspace.narrowed(place.scope)
        chosen = period_for(targets, period, day)
        report = build_status(
            targets, workspace.history_for, day, chosen.label, area, workspace.fetch
        )
    return StatusView(report, targets, chosen)


@frozen
class DueView:
    report: DueReport
    status: StatusReport
    targets: Targets


def due(
    place: Place,
    day: date,
    period: str | None = None,
    area: str | None = None,
    owner: str | None = None,
) -> DueView:
    from kpitrack.due import due_from_status

    with reading(place) as workspace:
        targets = workspace.narrowed(place.scope)
        chosen = period_for(targets, period, day)
        status = build_status(
            targets, workspace.history_for, day, chosen.label, area, workspace.fetch
        )
        owners = (i.owner for i in targets.indicators() if i.owner)
        report = due_from_status(status, owner, owners)
    return DueView(report, status, targets)


@frozen
class SummaryView:
    report: SummaryReport
    targets: Targets
    chosen: DefaultPeriod
    finished: object  # the period that ended, when its final week was shown instead
    label: str
    judged: date


def summary(
    place: Place,
    day: date,
    window: tuple[date, date, str],
    default_window: bool,
    period: str | None = None,
    area: str | None = None,
) -> SummaryView:
    """A window's summary; the default window of a period that has ended is its final week."""
    from kpitrack.summary import build_summary

    first, last, label = window
    with reading(place) as workspace:
        targets = workspace.narrowed(place.scope)
        chosen = period_for(targets, period, day if default_window else last)
        finished = None
        if default_window and chosen.label is not None:
            finished = ended_period(targets, chosen.label, day)
        judged = last
        if finished is not None:  # no week of nothing after the end: the period's final week
            first, last = closing_week(finished)
            label = week_label(first)
            judged = max(last, finished.end + timedelta(days=1))  # final states
        entries = workspace.store.entries_between(first, last)
        report = build_summary(
            targets, workspace.history_for, entries, first, last, label, chosen.label, area,
            judged, workspace.fetch,
        )  # fmt: skip
    return SummaryView(report, targets, chosen, finished, label, judged)


@frozen
class ReportView:
    """The report page's content: the status, narrowed to an owner if asked, and each shown
    indicator's history for its chart."""

    status: StatusView
    stories: dict[str, IndicatorHistory]
    owner: str | None


def report(
    place: Place,
    day: date,
    period: str | None = None,
    area: str | None = None,
    owner: str | None = None,
) -> ReportView:
    """Status and histories from one read-only workspace: the entries are read in one pass
    over the store, not one query per indicator."""
    from kpitrack.history import build_history

    with reading(place) as workspace:
        targets = workspace.narrowed(place.scope)
        chosen = period_for(targets, period, day)
        built = build_status(
            targets, workspace.history_for, day, chosen.label, area, workspace.fetch
        )
        if owner is not None:
            built = owned_by(built, owner, (i.owner for i in targets.indicators() if i.owner))
        shown = built.rows()
        wanted = {id_ for row in shown for id_ in row.indicator.ids}
        by_id: dict[str, list[Entry]] = {}
        for entry in workspace.store.all_entries():
            if entry.indicator_id in wanted:
                by_id.setdefault(entry.indicator_id, []).append(entry)
        stories = {}
        declared = workspace.targets.by_id()
        for row in shown:
            indicator = declared.get(row.indicator.id, row.indicator)
            found = sorted(
                (e for id_ in indicator.ids for e in by_id.get(id_, [])),
                key=lambda e: (e.as_of, e.id),
            )
            stories[indicator.id] = build_history(
                indicator, found, day, workspace.targets.thresholds
            )
    return ReportView(StatusView(built, targets, chosen), stories, owner)


def owned_by(report: StatusReport, owner: str, owners: Iterable[str]) -> StatusReport:
    """Only the rows whose owner (责任单位) contains ``owner``; an owner nobody has is refused
    with the owners there are, as ``kpi due --owner`` does."""
    known = sorted(set(owners))
    if not any(owner in name for name in known):
        raise KpiError("cli.bad_owner", value=owner, owners=t("words.separator").join(known))
    areas = tuple(
        AreaStatus(area.area, kept)
        for area in report.areas
        if (kept := tuple(r for r in area.rows if r.indicator.owner and owner in r.indicator.owner))
    )
    return replace(report, areas=areas)


def history(place: Place, wanted: str, day: date, show_voided: bool) -> IndicatorHistory:
    from kpitrack.history import build_history

    with reading(place) as workspace:
        indicator = workspace.find(wanted)
        entries = workspace.store.entries_of(indicator.ids)
        return build_history(indicator, entries, day, workspace.targets.thresholds, show_voided)


def imports(place: Place) -> list[ImportRecord]:
    with reading(place) as workspace:
        return workspace.store.imports()


def retired(place: Place) -> list[Retired]:
    with reading(place) as workspace:
        return workspace.retired()


def declared(place: Place) -> Targets:
    """Every indicator the database's declarations hold (this file's first), or one's."""
    with reading(place) as workspace:
        return workspace.narrowed(place.scope)


def entries(place: Place) -> list[Entry]:
    with reading(place) as workspace:
        return list(workspace.store.all_entries())


# -- writes -------------------------------------------------------------------------------------


@frozen
class Logged:
    indicator: Indicator
    entry: NewEntry
    entry_id: int | None  # None: the key was logged already, nothing was written


def log(
    workspace: Workspace,
    wanted: str,
    raw: str,
    day: date,
    today: date,
    author: str,
    note: str | None = None,
    source: str | None = None,
    key: str | None = None,
    force: bool = False,
) -> Logged:
    """One entry, checked against the figures around it; the key and the checks are decided
    under the write lock, so two clerks logging one key at once write it once."""
    from kpitrack.checks import vetted
    from kpitrack.recording import find_indicator, prepare_entry

    indicator = find_indicator(workspace.targets, wanted)
    entry = prepare_entry(indicator, raw, day, today, author, note, source, key)
    store = workspace.store
    with store.write():
        if key is not None and store.has_key(key):
            return Logged(indicator, entry, None)
        period = indicator.period
        earlier = store.points(indicator.ids, period.start, period.end)
        entry = vetted(indicator, entry, earlier, workspace.targets.checks, force)
        entry_id = store.add(entry)
    return Logged(indicator, entry, entry_id or None)


def standing(workspace: Workspace, indicator: Indicator, day: date) -> IndicatorStatus:
    """Where an indicator stands on a day: what a confirmation tells after logging."""
    return row_of(indicator, workspace.targets, workspace.history_for, day)


@frozen
class BatchResult:
    plan: BatchPlan
    written: int
    number: int | None  # the import's number, when it wrote anything
    earlier: int | None  # the first import of the same file, if there was one
    read: SheetRows | None = None  # the file as read again, when the batch had to be


class _Refused(Exception):
    """Raised inside the batch's transaction to take back what a refused batch wrote."""


def log_batch(
    workspace: Workspace,
    rows: Iterable[RawRow],
    today: date,
    author: str,
    source: str | None = None,
    *,
    origin: ImportOrigin | None = None,
    force: bool = False,
    skip_bad: bool = False,
    refused: Sequence[RowProblem] = (),
    progress: BatchProgress | None = None,
    again: Callable[[], SheetRows] | None = None,
) -> BatchResult:
    """Many entries (``kpi log -``, ``kpi import``): every row checked against what is in,
    under the write lock, and all written in one transaction — or none, when a row is bad and
    ``skip_bad`` is not given (the plan then comes back with nothing written). An import
    (``origin``) is known by its content: a row already in the database adds nothing.
    ``refused``: rows the reader refused already (a unit that clashes), listed with the rest;
    it may grow as ``rows`` are read.

    The rows are checked and written a chunk at a time (kpitrack.batch.stream_batch), so a
    million-row file is never held; a refusal anywhere takes back every chunk. A file whose
    rows go back in time for an indicator is checked whole in date order instead: ``again``
    reads it a second time (without it, an iterator of rows is held as a list from the start).
    """
    from kpitrack.batch import OutOfOrder, Planner, plan_batch, stream_batch, write_batch

    store = workspace.store
    if again is None and not isinstance(rows, Collection):
        rows = list(rows)
    by_content = origin is not None
    try:
        with store.write():  # no savepoint inside: a refusal raises, and takes back it all
            if origin is not None:
                store.verify()
            earlier = store.first_import_of(origin.sha256) if origin is not None else None
            planner = Planner(
                workspace.targets, store, today, author, source, by_content, force,
                before=store.last_entry_id(),
            )  # fmt: skip
            done = stream_batch(
                rows, planner, origin, skip_bad=skip_bad, refused=refused, progress=progress
            )
            plan = _with_refused(done.plan, refused)
            if plan.problems and not skip_bad:
                raise _Refused
        return BatchResult(plan, done.written, done.number, earlier)
    except _Refused:
        return BatchResult(plan, 0, None, None)
    except OutOfOrder:
        pass  # rolled back; planned whole below, in a transaction of its own
    with store.write():
        earlier = store.first_import_of(origin.sha256) if origin is not None else None
        read = again() if again is not None else None
        listed = list(read.rows) if read is not None else list(rows)
        plan = plan_batch(
            listed, workspace.targets, store, today, author, source,
            by_content=by_content, force=force, progress=progress,
        )  # fmt: skip
        plan = _with_refused(plan, read.problems if read is not None else refused)
        if plan.problems and not skip_bad:
            return BatchResult(plan, 0, None, None, read)
        written, number = write_batch(store, plan, origin, progress)
    return BatchResult(plan, written, number, earlier, read)


def _with_refused(plan: BatchPlan, refused: Sequence[RowProblem]) -> BatchPlan:
    if refused:
        plan.problems = sorted([*refused, *plan.problems], key=lambda p: p.number)
    return plan


def undo(workspace: Workspace, entry_ids: list[int], author: str, note: str | None) -> list[Entry]:
    from kpitrack.corrections import undo as undo_entries

    return undo_entries(workspace.store, entry_ids, author, note)


def undo_whole_import(
    workspace: Workspace, number: int, author: str, note: str | None
) -> tuple[ImportRecord, list[Entry]]:
    from kpitrack.corrections import undo_import

    return undo_import(workspace.store, number, author, note)


def latest_of(workspace: Workspace, author: str) -> Entry:
    from kpitrack.corrections import latest_to_undo

    return latest_to_undo(workspace.store, author)


def restore(workspace: Workspace, entry_id: int, author: str, note: str | None) -> Entry:
    from kpitrack.corrections import restore as restore_entry

    return restore_entry(workspace.store, entry_id, author, note)


def amend(
    workspace: Workspace,
    entry_id: int,
    raw: str,
    author: str,
    note: str | None,
    today: date,
    day: date | None = None,
    force: bool = False,
) -> tuple[Entry, int]:
    """The corrected entry written and the wrong one voided, linked: the old entry and the
    new one's number."""
    from kpitrack.corrections import amend as amend_entry

    return amend_entry(
        workspace.store, workspace.targets, entry_id, raw, author, note, today, day, force
    )


def entry(workspace: Workspace, entry_id: int) -> Entry | None:
    return workspace.store.entry(entry_id)


def corrected_by(workspace: Workspace, entry_id: int) -> int | None:
    return workspace.store.corrected_by(entry_id)


def import_record(workspace: Workspace, number: int) -> ImportRecord | None:
    return workspace.store.import_record(number)
