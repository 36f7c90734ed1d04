"""What changed in a window (a week, or any span): the weekly summary as plain data.

The state before the window is the status on the day before it starts; the state after is the
status on its last day. Both come from the same rules as ``kpi status``, so a summary never
disagrees with a status run for the same dates. Nothing depends on when the summary is made:
the same database and window always give the same summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from kpitrack.due import DueReport, due_from_status
from kpitrack.frozen import frozen
from kpitrack.model import Indicator, Targets
from kpitrack.progress import State
from kpitrack.records import Entry
from kpitrack.status import (
    Fetch,
    HistoryFor,
    IndicatorStatus,
    StatusReport,
    build_status,
)

FURTHEST_BEHIND = 5


class Transition(StrEnum):
    DONE = "done"
    BREACHED = "breached"
    FELL_BEHIND = "fell_behind"
    FELL_FAR_BEHIND = "fell_far_behind"
    IMPROVED = "improved"  # far behind -> behind
    RECOVERED = "recovered"  # behind, far behind or breached -> on track
    STARTED = "started"  # no data -> on track
    REOPENED = "reopened"  # done -> not done, after a correction
    MISSED = "missed"  # the period ended with the target not reached: final


def transition(before: State, after: State) -> Transition | None:
    """Name the change of state an office would mention in a weekly report."""
    if before is after:
        return None
    lagging = {State.BEHIND, State.FAR_BEHIND, State.BREACHED}
    match after:
        case State.DONE:
            return Transition.DONE
        case State.BREACHED:
            return Transition.BREACHED
        case State.MISSED:
            return Transition.MISSED
        case State.FAR_BEHIND:
            return Transition.FELL_FAR_BEHIND
        case State.BEHIND:
            return Transition.IMPROVED if before is State.FAR_BEHIND else Transition.FELL_BEHIND
        case State.ON_TRACK if before in lagging:
            return Transition.RECOVERED
        case State.ON_TRACK | State.IN_PROGRESS if before is State.NO_DATA:
            return Transition.STARTED
        case State.ON_TRACK if before is State.DONE:
            return Transition.REOPENED
    return None


@frozen
class LoggedEntry:
    """An entry dated within the window, with the indicator it belongs to."""

    indicator: Indicator
    id: int
    mode: str
    value: Decimal | None
    stage: str | None
    input: str
    as_of: date
    logged_at: str
    author: str
    note: str | None
    source: str | None
    qualifier: str | None = None  # the figure's own 余/多/突破…


@frozen
class Movement:
    before: IndicatorStatus
    after: IndicatorStatus
    entries: int

    @property
    def indicator(self) -> Indicator:
        return self.after.indicator

    @property
    def transition(self) -> Transition | None:
        return transition(self.before.state, self.after.state)


@frozen
class SummaryReport:
    label: str
    since: date
    until: date
    period: str
    entries: tuple[LoggedEntry, ...]
    due: DueReport
    before: StatusReport
    after: StatusReport

    def pairs(self) -> list[Movement]:
        """Every indicator, before and after the window."""
        counted: dict[str, int] = {}
        for entry in self.entries:
            counted[entry.indicator.id] = counted.get(entry.indicator.id, 0) + 1
        return [
            Movement(old, new, counted.get(new.indicator.id, 0))
            for old, new in zip(self.before.rows(), self.after.rows(), strict=True)
        ]

    def movements(self) -> list[Movement]:
        """The indicators whose figures or state changed, or that were reported on."""
        return [
            m
            for m in self.pairs()
            if m.entries
            or (m.before.actual, m.before.stage, m.before.state)
            != (m.after.actual, m.after.stage, m.after.state)
        ]

    def transitions(self) -> list[Movement]:
        return [m for m in self.pairs() if m.transition is not None]

    def counts(self) -> dict[State, int]:
        return self.after.counts()

    def furthest_behind(self) -> list[IndicatorStatus]:
        lagging = [
            row
            for row in self.after.rows()
            if row.state in {State.BEHIND, State.FAR_BEHIND} and row.gap is not None
        ]
        lagging.sort(key=lambda row: (row.gap, row.indicator.id))
        return lagging[:FURTHEST_BEHIND]


def build_summary(
    targets: Targets,
    history_for: HistoryFor,
    entries: Sequence[Entry],
    since: date,
    until: date,
    label: str,
    period: str | None = None,
    area: str | None = None,
    judged_on: date | None = None,
    fetch: Fetch | None = None,
) -> SummaryReport:
    """``judged_on`` (default ``until``) is the day the state after the window is judged on: a
    period's final week passes the day after the period's end, so its states are final even
    when the week ends on the last day itself. Figures never count anything after the end."""
    before = build_status(targets, history_for, since - timedelta(days=1), period, area, fetch)
    after = build_status(targets, history_for, judged_on or until, period, area, fetch)
    chosen = {row.indicator.id: row.indicator for row in after.rows()}
    logged = tuple(
        LoggedEntry(
            indicator=chosen[row.indicator_id],
            id=row.id,
            mode=row.mode,
            value=row.value,
            stage=row.stage,
            input=row.input,
            as_of=row.as_of,
            logged_at=row.logged_at,
            author=row.author,
            note=row.note,
            source=row.source,
            qualifier=row.qualifier,
        )
        for row in entries
        if row.indicator_id in chosen and since <= row.as_of <= until
    )
    due = due_from_status(after)
    return SummaryReport(label, since, until, after.period, logged, due, before, after)
