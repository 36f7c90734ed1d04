"""Figures that look wrong, questioned at entry: the same rules for log, log - and import.

A person who types a figure kpitrack can read may still have typed the wrong one: a running
total that falls (18.5亿元, then 3520万元), a tenfold jump, a percent written as a fraction
(0.74 for 74 %), a milestone going backwards (建成 after 投用). Each is refused with one
sentence saying what looks wrong and how to confirm it (``--force``, or a 确认 column in a
sheet); a confirmed entry keeps the question it answered.

Pure: the figures already logged come in as :class:`~kpitrack.progress.Point` values, the
arithmetic is Decimal, and :func:`exact` is the one place a stored float becomes a Decimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from kpitrack.errors import KpiError, LogError
from kpitrack.messages import t
from kpitrack.model import Checks, Indicator, Measure
from kpitrack.progress import Mode, Point, in_order
from kpitrack.quantity import format_quantity, normalize, parse_quantity
from kpitrack.store import NewEntry

CONFIRMING = frozenset({"确认", "是", "y", "yes", "1", "true", "√", "✓"})


@dataclass(frozen=True)
class Question:
    """What looks wrong about a figure: a message key and its fields."""

    key: str
    fields: Mapping[str, object]

    def sentence(self) -> str:
        return t(self.key, **self.fields)


def exact(value: float | Decimal | str | None) -> Decimal | None:
    """A stored figure as an exact decimal: the one boundary between float and Decimal
    (a float goes through its shortest text, so 0.352 stays 0.352; text is read as is)."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def confirms(cell: str | None) -> bool:
    """A 确认 cell confirms its row when it says yes: 确认, 是, Y, yes, 1."""
    return cell is not None and normalize(cell).lower() in CONFIRMING


def question(
    indicator: Indicator,
    checks: Checks,
    mode: Mode,
    value: Decimal | None,
    stage: str | None,
    raw: str,
    day: date,
    earlier: Iterable[Point],
) -> Question | None:
    """The first thing that looks wrong about a new entry, or None.

    ``earlier`` holds the indicator's entries that count (from the store, and earlier rows
    of the same batch); the new entry comes after all of them on its day.
    """
    points = in_order(p for p in earlier if p.as_of <= day)
    if mode is Mode.STAGE:
        return _stage_backwards(indicator, stage, day, points)
    assert value is not None
    before = _actual(points)
    after = value if mode is Mode.SET else (before or Decimal(0)) + value
    for found in (
        _falling_total(indicator, mode, value, raw, before, day),
        _fraction_for_percent(indicator, mode, value, raw, day),
        _jump(indicator, checks, before, after, day),
        _over_target(indicator, checks, after, day),
    ):
        if found is not None:
            return found
    return None


def _actual(points: list[Point]) -> Decimal | None:
    """The latest figure plus the increments after it (progress.actual_at, in Decimal)."""
    actual: Decimal | None = None
    for point in points:
        if point.mode is Mode.SET:
            actual = exact(point.value)
        elif point.mode is Mode.ADD:
            actual = (actual or Decimal(0)) + (exact(point.value) or Decimal(0))
    return actual


def _amount(value: Decimal, indicator: Indicator) -> str:
    return format_quantity(value, indicator.unit)


def _falling_total(
    indicator: Indicator, mode: Mode, value: Decimal, raw: str, before: Decimal | None, day: date
) -> Question | None:
    """A period-to-date total only grows: a lower figure is a typo or a wrong unit."""
    if indicator.measure is not Measure.TOTAL or mode is not Mode.SET or before is None:
        return None
    if value >= before:
        return None
    fields = {"id": indicator.id, "date": day, "before": _amount(before, indicator)}
    return Question("check.falling_total", {**fields, "value": _typed(raw, value, indicator)})


def _typed(raw: str, value: Decimal, indicator: Indicator) -> str:
    """3520万元（0.352亿元）: what the person typed, and what it is in the indicator's unit."""
    amount = _amount(value, indicator)
    try:
        same = parse_quantity(raw).value == value
    except KpiError:
        same = False
    return amount if same else f"{raw.strip()}（{amount}）"


def _fraction_for_percent(
    indicator: Indicator, mode: Mode, value: Decimal, raw: str, day: date
) -> Question | None:
    """0.74 for a 75 % target: the person wrote a fraction and meant 74 %."""
    if indicator.unit != "%" or mode is not Mode.SET or not 0 < value < 1:
        return None
    target = indicator.target_on(day)
    if target is None or target < 1 or _has_unit(raw):
        return None
    meant = format_quantity(value * 100, "%")
    return Question(
        "check.fraction_for_percent",
        {"value": raw.strip(), "id": indicator.id, "target": f"{target}%", "meant": meant},
    )


def _has_unit(raw: str) -> bool:
    try:
        return parse_quantity(normalize(raw).lstrip("+")).unit != ""
    except KpiError:
        return False


def _jump(
    indicator: Indicator, checks: Checks, before: Decimal | None, after: Decimal, day: date
) -> Question | None:
    if before is None or before <= 0 or after <= checks.jump * before:
        return None
    times = (after / before).quantize(Decimal("0.1"))
    return Question(
        "check.jump",
        {
            "id": indicator.id,
            "date": day,
            "after": _amount(after, indicator),
            "before": _amount(before, indicator),
            "times": format_quantity(times, ""),
        },
    )


def _over_target(
    indicator: Indicator, checks: Checks, after: Decimal, day: date
) -> Question | None:
    target = indicator.target_on(day)
    if target is None or target <= 0 or after <= checks.over_target * target:
        return None
    return Question(
        "check.over_target",
        {
            "id": indicator.id,
            "after": _amount(after, indicator),
            "target": _amount(target, indicator),
            "factor": format_quantity(checks.over_target, ""),
        },
    )


def _stage_backwards(
    indicator: Indicator, stage: str | None, day: date, points: list[Point]
) -> Question | None:
    reached = [p.stage for p in points if p.mode is Mode.STAGE and p.stage in indicator.stage_names]
    if not reached or stage not in indicator.stage_names:
        return None
    names = indicator.stage_names
    current = reached[-1]
    assert current is not None
    if names.index(stage) >= names.index(current):
        return None
    return Question(
        "check.stage_backwards",
        {"id": indicator.id, "date": day, "current": current, "stage": stage},
    )


def vetted(
    indicator: Indicator,
    entry: NewEntry,
    earlier: Iterable[Point] | None,
    checks: Checks | None,
    force: bool,
) -> NewEntry:
    """The entry if nothing looks wrong; with ``force``, the entry marked with the question it
    overrode; otherwise one refusal. No ``earlier`` means no checks (nothing to compare with
    was asked for)."""
    if earlier is None:
        return entry
    found = question(
        indicator,
        indicator.checks or checks or Checks(),
        entry.mode,
        exact(entry.value),
        entry.stage,
        entry.input,
        entry.as_of,
        earlier,
    )
    if found is None:
        return entry
    if not force:
        raise LogError("check.refused", what=found.sentence())
    return replace(entry, confirmed=found.sentence())
