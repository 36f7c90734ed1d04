"""The span of days kpitrack accepts anywhere: 1900-01-01 to 2200-12-31.

A work report plans years, not centuries: a date outside this span is a slip of the keyboard
(0001-01-01, 9999-12-31). Bounding every date, in targets.yaml and on the command line, also
keeps the arithmetic done around one (the day after a period, the ISO week holding its last
day, a week back) far from Python's year 1 and year 9999, where it would overflow.
"""

from __future__ import annotations

from datetime import date

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)


def in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def year_in_range(year: int) -> bool:
    return FIRST_DAY.year <= year <= LAST_DAY.year
