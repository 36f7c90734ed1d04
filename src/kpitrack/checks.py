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
from dataclasses import replace
from datetime import date
from decimal import Decimal

from kpitrack.errors import KpiError, LogError
from kpitrack.frozen import frozen
from kpitrack.messages import t
from kpitrack.model import Checks, Indicator, Measure
from kpitrack.progress import Mode, Point, in_order
from kpitrack.quantity import format_quantity, normalize, parse_quantity, rounded_to
from kpitrack.store import NewEntry

CONFIRMING = frozenset({"确认", "是", "y", "yes", "1", "true", "√", "✓"})


@frozen
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


class Ledger:
    """An indicator's entries that count, as the checks read them, row after row of a batch.

    The figure before a row is the actual at its day: the stored entries up to that day, merged
    with the rows already planned. A batch asks in date order (plan_batch sorts its rows), so
    one pointer walks the stored entries once and a running actual is kept: a 50,000-row import
    is checked in linear time. Asking for an earlier day than the last one asked, or adding a
    row dated before it, is the rare case that reads every entry up to the day again.
    """

    def __init__(self, points: Iterable[Point], keep_rows: bool = True) -> None:
        """``keep_rows`` False: the batch promises its rows in date order (a streamed import),
        so the rows added need not be held for a back-dated one."""
        self._keep_rows = keep_rows
        self._stored = in_order(points)
        # for each stored entry, the index of the first period-to-date figure at or after it
        self._next_set = [len(self._stored)] * (len(self._stored) + 1)
        for index in range(len(self._stored) - 1, -1, -1):
            is_set = self._stored[index].mode is Mode.SET
            self._next_set[index] = index if is_set else self._next_set[index + 1]
        self._added: list[Point] = []
        self._next = 0  # stored entries before this index are in the running figures
        self._day: date | None = None  # the running figures are the ones at this day
        self._actual: Decimal | None = None
        self._stage: str | None = None

    def _apply(self, point: Point | NewEntry) -> None:
        if point.mode is Mode.SET:
            self._actual = exact(point.value)
        elif point.mode is Mode.ADD:
            self._actual = (self._actual or Decimal(0)) + (exact(point.value) or Decimal(0))
        elif point.mode is Mode.STAGE:
            self._stage = point.stage

    def _catch_up(self, day: date) -> bool:
        """Bring the running figures forward to ``day``; False when ``day`` is behind them."""
        if self._day is not None and day < self._day:
            return False
        while self._next < len(self._stored) and self._stored[self._next].as_of <= day:
            self._apply(self._stored[self._next])
            self._next += 1
        self._day = day
        return True

    def _up_to(self, day: date) -> list[Point]:
        assert self._keep_rows, "a batch that promised date order went back"
        return [p for p in in_order([*self._stored, *self._added]) if p.as_of <= day]

    def actual_at(self, day: date) -> Decimal | None:
        """The latest figure at or before ``day`` plus the increments logged after it."""
        return self._actual if self._catch_up(day) else _actual(self._up_to(day))

    def stage_at(self, day: date) -> str | None:
        return self._stage if self._catch_up(day) else _last_stage(self._up_to(day))

    def next_figure(self, day: date) -> Point | None:
        """The first period-to-date figure logged for a day after ``day``: a back-dated total
        must not stand above it."""
        if self._catch_up(day):
            found = self._next_set[self._next]
            return self._stored[found] if found < len(self._stored) else None
        later = [p for p in in_order([*self._stored, *self._added]) if p.as_of > day]
        return next((p for p in later if p.mode is Mode.SET), None)

    def follow(self, entry: NewEntry) -> None:
        """A row just planned, of a batch in date order (``keep_rows`` False): later rows see
        it, and it is not held."""
        caught_up = self._catch_up(entry.as_of)
        assert caught_up, "a batch that promised date order went back"
        self._apply(entry)

    def add(self, point: Point) -> None:
        """A row just planned, after every stored entry of its day: later rows see it."""
        if self._keep_rows:
            self._added.append(point)
        if self._catch_up(point.as_of):
            self._apply(point)
            return
        assert self._day is not None and self._keep_rows
        earlier = self._up_to(self._day)  # back-dated: the running figures are read again
        self._actual, self._stage = _actual(earlier), _last_stage(earlier)


def question(
    indicator: Indicator,
    checks: Checks,
    mode: Mode,
    value: Decimal | None,
    stage: str | None,
    raw: str,
    day: date,
    earlier: Iterable[Point] | Ledger,
) -> Question | None:
    """The first thing that looks wrong about a new entry, or None.

    ``earlier`` holds the indicator's entries that count (from the store, and earlier rows
    of the same batch); the new entry comes after all of them on its day.
    """
    if indicator.actual is not None:
        return _stated_by_report(indicator)
    ledger = earlier if isinstance(earlier, Ledger) else Ledger(earlier)
    if mode is Mode.STAGE:
        return _stage_backwards(indicator, stage, day, ledger.stage_at(day))
    assert value is not None
    before = ledger.actual_at(day)
    after = value if mode is Mode.SET else (before or Decimal(0)) + value
    # in this order, each asked only when the ones before found nothing (a million-row
    # import asks them all of nearly every row)
    found = _falling_total(indicator, mode, value, raw, before, day)
    if found is None:
        found = _total_below_zero(indicator, after, day)
    if found is None and indicator.measure is Measure.TOTAL and mode is Mode.SET:
        found = _above_later(indicator, mode, value, raw, ledger.next_figure(day))
    if found is None:
        found = _fraction_for_percent(indicator, mode, value, raw, day)
    if found is None:
        found = _jump(indicator, checks, before, after, day)
    if found is None:
        found = _over_target(indicator, checks, after, day)
    return found


def _actual(points: list[Point]) -> Decimal | None:
    """The latest figure plus the increments after it (progress.actual_at, in Decimal)."""
    actual: Decimal | None = None
    for point in points:
        if point.mode is Mode.SET:
            actual = exact(point.value)
        elif point.mode is Mode.ADD:
            actual = (actual or Decimal(0)) + (exact(point.value) or Decimal(0))
    return actual


def _last_stage(points: list[Point]) -> str | None:
    stages = [p.stage for p in points if p.mode is Mode.STAGE]
    return stages[-1] if stages else None


def _label(indicator: Indicator) -> str:
    """新增停车位（parking）: a clerk knows the name; a script's author the id."""
    return t("words.aside", text=indicator.name, aside=indicator.id)


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
    fields = {"id": _label(indicator), "date": day, "before": _amount(before, indicator)}
    return Question("check.falling_total", {**fields, "value": _typed(raw, value, indicator)})


def _total_below_zero(indicator: Indicator, after: Decimal, day: date) -> Question | None:
    """A count of things done cannot be below zero: -2 where 2 was meant, or a correction
    larger than the total. A total declared below zero (a debt to cut) may be."""
    if indicator.measure is not Measure.TOTAL or after >= 0:
        return None
    if indicator.target is not None and indicator.target < 0:
        return None
    fields = {"id": _label(indicator), "date": day, "after": _amount(after, indicator)}
    return Question("check.total_below_zero", fields)


def _above_later(
    indicator: Indicator, mode: Mode, value: Decimal, raw: str, later: Point | None
) -> Question | None:
    """A back-dated total above a later one: the running total would fall after it."""
    if indicator.measure is not Measure.TOTAL or mode is not Mode.SET or later is None:
        return None
    after = exact(later.value)
    if after is None or value <= after:
        return None
    fields = {"id": _label(indicator), "later": later.as_of, "after": _amount(after, indicator)}
    return Question("check.above_later", {**fields, "value": _typed(raw, value, indicator)})


def _typed(raw: str, value: Decimal, indicator: Indicator) -> str:
    """3520万元（0.352亿元）: what the person typed, and what it is in the indicator's unit."""
    amount = _amount(value, indicator)
    try:
        same = parse_quantity(raw).value == value
    except KpiError:
        same = False
    return amount if same else t("words.aside", text=raw.strip(), aside=amount)


def _fraction_for_percent(
    indicator: Indicator, mode: Mode, value: Decimal, raw: str, day: date
) -> Question | None:
    """0.74 for a 75 % target: the person wrote a fraction and meant 74 %.

    With a % sign the fraction may still be a slip (0.76% where Excel showed 76 %): asked
    when a hundred times it is near the target (within a factor of two) — 0.9% against a
    2.5% target is a plausible low reading and passes.
    """
    if indicator.unit != "%" or mode is not Mode.SET or not 0 < value < 1:
        return None
    target = indicator.target_on(day)
    if target is None or target < 1:
        return None
    if _has_unit(raw) and not target / 2 <= value * 100 <= target * 2:
        return None
    meant = format_quantity(value * 100, "%")
    return Question(
        "check.fraction_for_percent",
        {"value": raw.strip(), "id": _label(indicator), "target": f"{target}%", "meant": meant},
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
    times = rounded_to(after / before, 1)
    return Question(
        "check.jump",
        {
            "id": _label(indicator),
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
            "id": _label(indicator),
            "after": _amount(after, indicator),
            "target": _amount(target, indicator),
            "factor": format_quantity(checks.over_target, ""),
        },
    )


def _stated_by_report(indicator: Indicator) -> Question:
    """A figure the report states (a 2023 result, the present 30多个): an entry over it
    replaces the report's words in status, so only a correction, confirmed, may do so."""
    actual = indicator.actual
    assert actual is not None
    stated = actual.stage
    if actual.value is not None:
        stated = format_quantity(actual.value, indicator.unit, places=2, approx=actual.approx)
    kind = "check.stated_context" if indicator.measure is Measure.CONTEXT else "check.stated_result"
    return Question(
        "check.stated_by_report",
        {
            "id": _label(indicator),
            "period": indicator.period.label,
            "stated": stated,
            "kind": t(kind),
        },
    )


def _stage_backwards(
    indicator: Indicator, stage: str | None, day: date, current: str | None
) -> Question | None:
    names = indicator.stage_names
    if current not in names or stage not in names:
        return None
    assert current is not None
    if names.index(stage) >= names.index(current):
        return None
    return Question(
        "check.stage_backwards",
        {"id": _label(indicator), "date": day, "current": current, "stage": stage},
    )


def vetted(
    indicator: Indicator,
    entry: NewEntry,
    earlier: Iterable[Point] | Ledger | None,
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
