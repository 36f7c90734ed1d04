"""Who has not reported: indicators whose reporting cycles passed without an entry.

A report for a cycle is due at the cycle's end. A later period-to-date figure covers the cycles
before it, so an indicator is overdue when no entry is dated on or after the start of a cycle
that has already ended; it is overdue since the end of the first such cycle. Indicators already
done have nothing left to report and are never due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpitrack.cycles import cycles_in
from kpitrack.errors import KpiError
from kpitrack.model import Indicator, Targets
from kpitrack.progress import State
from kpitrack.status import HistoryFor, indicator_status, select

NO_OWNER = ""


@dataclass(frozen=True)
class DueItem:
    indicator: Indicator
    last_report: date | None
    due_since: date  # the end of the first cycle that passed without a report
    days_overdue: int
    missed: int  # cycles that passed without a report

    @property
    def owner(self) -> str:
        return self.indicator.owner or NO_OWNER


@dataclass(frozen=True)
class DueReport:
    as_of: date
    period: str
    items: tuple[DueItem, ...]

    def by_owner(self) -> list[tuple[str, list[DueItem]]]:
        groups: dict[str, list[DueItem]] = {}
        for item in self.items:
            groups.setdefault(item.owner, []).append(item)
        return sorted(groups.items(), key=lambda group: group[0])


def due_item(indicator: Indicator, last_report: date | None, as_of: date) -> DueItem | None:
    """The indicator's overdue report at ``as_of``, or None when it is up to date."""
    passed = [span for span in cycles_in(indicator.period, indicator.cycle) if span[1] < as_of]
    missed = [span for span in passed if last_report is None or span[0] > last_report]
    if not missed:
        return None
    due_since = missed[0][1]
    return DueItem(indicator, last_report, due_since, (as_of - due_since).days, len(missed))


def build_due(
    targets: Targets,
    history_for: HistoryFor,
    as_of: date,
    period: str | None = None,
    area: str | None = None,
    owner: str | None = None,
) -> DueReport:
    selection = select(targets, period, area)
    indicators = selection.indicators()
    if owner is not None:
        owners = sorted({i.owner for i in targets.indicators() if i.owner})
        indicators = [i for i in indicators if i.owner and owner in i.owner]
        if not any(owner in o for o in owners):
            raise KpiError("cli.bad_owner", value=owner, owners="、".join(owners))
    items = []
    for indicator in indicators:
        history = history_for(indicator, as_of)
        status = indicator_status(indicator, history, as_of, targets.thresholds)
        if status.state is State.DONE:
            continue
        item = due_item(indicator, history.last_update, as_of)
        if item is not None:
            items.append(item)
    items.sort(key=lambda item: (item.owner, -item.days_overdue, item.indicator.id))
    return DueReport(as_of, selection.period, tuple(items))
