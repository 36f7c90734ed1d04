"""Who has not reported: indicators whose reporting cycles passed without an entry.

A report for a cycle is due at the cycle's end. A later period-to-date figure covers the cycles
before it, so an indicator is overdue when no entry is dated on or after the start of a cycle
that has already ended; it is overdue since the end of the first such cycle. Indicators already
done have nothing left to report and are never due.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kpitrack.cycles import cycles_in
from kpitrack.errors import KpiError
from kpitrack.frozen import frozen
from kpitrack.messages import t
from kpitrack.model import Indicator, Measure
from kpitrack.progress import State
from kpitrack.results import scored
from kpitrack.status import StatusReport

NO_OWNER = ""


@frozen
class DueItem:
    indicator: Indicator
    last_report: date | None
    due_since: date  # the end of the first cycle that passed without a report
    days_overdue: int
    missed: int  # cycles that passed without a report

    @property
    def owner(self) -> str:
        return self.indicator.owner or NO_OWNER


@frozen
class DueReport:
    as_of: date
    period: str
    items: tuple[DueItem, ...]
    # False when every period reported on has ended: nothing is due because nothing is open,
    # which is not the same as everyone having reported
    period_open: bool = True

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


def due_from_status(
    report: StatusReport, owner: str | None = None, owners: Iterable[str] = ()
) -> DueReport:
    """The overdue reports among a status report's indicators, optionally of one owner.

    Built from the status rather than from the entries again: each row already knows its
    latest entry and whether the indicator is done.
    """
    rows = report.rows()
    period_open = not rows or any(report.as_of <= r.indicator.period.end for r in rows)
    if owner is not None:
        known = sorted(set(owners) or {r.indicator.owner for r in rows if r.indicator.owner})
        if not any(owner in name for name in known):
            raise KpiError("cli.bad_owner", value=owner, owners=t("words.separator").join(known))
        rows = [r for r in rows if r.indicator.owner and owner in r.indicator.owner]
    items = [
        item
        for row in rows
        # a level (a rate) can fall again, so it stays due even at its target
        if scored(row.indicator)  # a result or a context figure is never due
        and not row.indicator.named_in_full  # its members are due instead
        and (row.state is not State.DONE or row.indicator.measure is Measure.LEVEL)
        and report.as_of <= row.indicator.period.end  # a closed period is not due
        and (item := due_item(row.indicator, row.last_update, report.as_of)) is not None
    ]
    items.sort(key=lambda item: (item.owner, -item.days_overdue, item.indicator.id))
    return DueReport(report.as_of, report.period, tuple(items), period_open)
