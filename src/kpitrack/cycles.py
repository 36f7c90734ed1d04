"""Reporting cycles: the calendar weeks, months or quarters an indicator reports in.

Weeks are ISO weeks (Monday to Sunday), months and quarters calendar ones; the first and last
cycle of a period are clipped to it, so a period that starts mid-month has a short first month.
"""

from __future__ import annotations

from datetime import date, timedelta

from kpitrack.days import year_in_range
from kpitrack.errors import KpiError, clip
from kpitrack.model import Cycle, Period


def cycle_start(cycle: Cycle, day: date) -> date:
    if cycle is Cycle.WEEKLY:
        return day - timedelta(days=day.weekday())
    if cycle is Cycle.MONTHLY:
        return day.replace(day=1)
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def cycle_end(cycle: Cycle, day: date) -> date:
    start = cycle_start(cycle, day)
    if cycle is Cycle.WEEKLY:
        return start + timedelta(days=6)
    months = 1 if cycle is Cycle.MONTHLY else 3
    year, month = divmod(start.month - 1 + months, 12)
    return date(start.year + year, month + 1, 1) - timedelta(days=1)


def cycles_in(period: Period, cycle: Cycle) -> list[tuple[date, date]]:
    """The period cut into cycles, clipped at both ends."""
    spans = []
    day = period.start
    while day <= period.end:
        end = min(cycle_end(cycle, day), period.end)
        spans.append((day, end))
        day = end + timedelta(days=1)
    return spans


def iso_week(label: str) -> tuple[date, date]:
    """'2024-W27' -> (Monday, Sunday) of that ISO week; ValueError when it is no week, and
    a refusal for a year outside 1900–2200 (9999-W52 would overflow a week later)."""
    year_text, _, week = label.upper().partition("-W")
    year = int(year_text)
    if not year_in_range(year):
        raise KpiError("dates.week_out_of_range", value=clip(label))
    monday = date.fromisocalendar(year, int(week), 1)
    return monday, monday + timedelta(days=6)


def week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def last_complete_week(today: date) -> tuple[date, date]:
    """The latest Monday-to-Sunday week that ended before today."""
    sunday = today - timedelta(days=today.weekday() + 1)
    return sunday - timedelta(days=6), sunday
