"""Which period a report shows when none is asked for: the one under way, else the last ended.

An office reads ``kpi status`` as "how are we doing now", so the default is the period whose
span holds the report's date. Once every declared period has ended (the report's year is over
and next year's targets are not declared yet) there is nothing under way, and the honest answer
is the final result of the latest period, said to be final — not a week of nothing, nor a
"behind" that can no longer be caught up.
"""

from __future__ import annotations

from datetime import date, timedelta

from kpitrack.frozen import frozen
from kpitrack.model import Period, Targets


@frozen
class DefaultPeriod:
    """The period label to report (None: nothing has started, keep the latest declared), and
    the period itself when it has ``ended`` because none is under way on the day."""

    label: str | None
    ended: Period | None = None


def default_period(targets: Targets, day: date) -> DefaultPeriod:
    """The period under way on ``day`` (latest end first), else the latest that has ended."""
    periods = targets.periods()
    running = [p for p in periods if p.contains(day)]
    if running:
        return DefaultPeriod(running[0].label)
    ended = [p for p in periods if p.end < day]
    if ended:
        return DefaultPeriod(ended[0].label, ended[0])
    return DefaultPeriod(None)


def period_for(targets: Targets, wanted: str | None, day: date) -> DefaultPeriod:
    """``--period`` as given (it always wins), else :func:`default_period` on ``day``."""
    return DefaultPeriod(wanted) if wanted is not None else default_period(targets, day)


def closing_week(period: Period) -> tuple[date, date]:
    """Monday to Sunday of the ISO week holding the period's last day: its final weekly report."""
    monday = period.end - timedelta(days=period.end.weekday())
    return monday, monday + timedelta(days=6)


def ended_period(targets: Targets, label: str, day: date) -> Period | None:
    """The latest period ``label`` selects, when every period it selects ended before ``day``."""
    matching = [p for p in targets.periods() if p.matches(label)]
    if matching and all(p.end < day for p in matching):
        return matching[0]
    return None
