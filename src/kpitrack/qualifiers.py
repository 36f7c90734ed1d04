"""The report's qualifiers on figures (突破60亿元, 750余家, 30多个) and what they mean for a target.

``quantity.py`` reads a qualifier apart from its number; this module says what it means. A
target written ``30多个`` asks for more than 30: it is met by an actual above 30, or by one
of exactly 30 that itself says it is above (``30多个``, ``突破30个``). 约 / 近 / 左右 / 达 /
达到 mean the number itself, and so does 以上 (20个以上 is met by 20). One pure function
decides, so status, forecast and tests agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from kpitrack.model import Direction
from kpitrack.progress import Mode, Point, in_order

ABOVE = frozenset({"多", "余", "超过", "超", "突破", "逾"})
# not 以上: it includes its number (规模以上, 20个以上: twenty will do), in law and in use


def says_above(approx: str | None) -> bool:
    """Whether a qualifier puts the figure strictly above its number (30多个 > 30)."""
    return approx in ABOVE


def target_met(
    actual: Decimal,
    actual_approx: str | None,
    target: Decimal,
    target_approx: str | None,
    direction: Direction = Direction.AT_LEAST,
) -> bool:
    """Whether ``actual`` (with its qualifier) reaches ``target`` (with its qualifier).

    A limit (at_most) is kept by a figure at or under it. A target above its number needs an
    actual above that number: more of it, or the number itself said to be above it.
    """
    if direction is Direction.AT_MOST:
        return actual <= target
    if says_above(target_approx):
        return actual > target or (actual == target and says_above(actual_approx))
    return actual >= target


def qualifier_at(points: Iterable[Point], day: date) -> str | None:
    """The qualifier of the actual at ``day``: the latest figure's, unless an increment
    after it brings its own (750余家 plus 10家 is still 760余家)."""
    qualifier: str | None = None
    for point in in_order(p for p in points if p.as_of <= day):
        sets_it = point.mode is Mode.SET
        brings_one = point.mode is Mode.ADD and point.qualifier is not None
        if sets_it or brings_one:
            qualifier = point.qualifier
    return qualifier
