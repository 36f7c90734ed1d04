"""What targets.yaml declares, as plain immutable values.

Everything downstream (the store, the progress maths, the reports) works on these types and
never on YAML, so the file format can grow without the calculations noticing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from kpitrack.frozen import frozen


class Direction(StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Measure(StrEnum):
    TOTAL = "total"  # a period-to-date figure that grows: investment, enterprises added
    LEVEL = "level"  # a current reading: a rate, a percentage
    MILESTONE = "milestone"  # ordered stages: 签约 → 开工 → 建成 → 投用
    RESULT = "result"  # a closed year's figure with no stated target: reported, never scored
    CONTEXT = "context"  # a present-day figure shown beside its area (背景), never scored
    TASK = "task"  # a commitment in words: dated progress notes, then 完成 (see tasks.py)


class Cycle(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"

    @property
    def days(self) -> Decimal:
        """Average days in a cycle: a month is 365.25 / 12 = 30.4375 days, exactly."""
        return {
            "weekly": Decimal(7),
            "monthly": Decimal("30.4375"),
            "quarterly": Decimal("91.3125"),
        }[self.value]


@frozen
class Period:
    """The span a target is for; both ends count as days of the period."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def label(self) -> str:
        whole_year = (self.start.month, self.start.day, self.end.month, self.end.day) == (
            1,
            1,
            12,
            31,
        )
        if whole_year and self.start.year == self.end.year:
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def matches(self, wanted: str) -> bool:
        """``--period 2024`` selects every period that starts in 2024, or one by its label."""
        return wanted == self.label or wanted == str(self.start.year)


@frozen
class Checkpoint:
    """By ``day``, ``share`` (0..1) of the target should be done."""

    day: date
    share: Decimal


@frozen
class Stage:
    name: str
    due: date | None = None


@frozen
class SeedActual:
    """A result the report itself states, logged on first sync so nobody types it in."""

    value: Decimal | None
    stage: str | None
    as_of: date
    approx: str | None = None  # the report's qualifier on the figure: 750余家 keeps 余


@frozen
class Revision:
    """From ``on``, the target became what follows it; before, it was ``was``."""

    on: date
    was: Decimal


@frozen
class Thresholds:
    """Gap (完成率 − 序时进度, in percentage points) below which a state is reached.

    A gap equal to a threshold is still the better state: behind means strictly below.
    """

    behind: Decimal = Decimal(-5)
    far_behind: Decimal = Decimal(-30)


@frozen
class Checks:
    """How far a figure may move before kpitrack asks whether it is meant (see checks.py).

    ``jump``: a figure more than this many times the one before it is questioned;
    ``over_target``: a figure more than this many times the target is questioned.
    """

    jump: Decimal = Decimal(5)
    over_target: Decimal = Decimal(3)


@frozen
class Indicator:
    id: str
    name: str
    area_id: str
    unit: str
    target: Decimal | None  # None for a milestone, whose target is a stage
    period: Period
    direction: Direction = Direction.AT_LEAST
    measure: Measure = Measure.TOTAL
    target_stage: str | None = None
    stages: tuple[Stage, ...] = ()
    pace: tuple[Checkpoint, ...] = ()  # empty: linear in elapsed days
    cycle: Cycle = Cycle.MONTHLY
    baseline: Decimal | None = None
    owner: str | None = None
    source: str | None = None
    approx: str | None = None
    actual: SeedActual | None = None
    revisions: tuple[Revision, ...] = ()  # earliest first
    replaces: tuple[str, ...] = ()  # earlier ids whose entries are this indicator's
    retired: bool = False
    line: int = 0
    checks: Checks | None = None  # None: the file's top-level checks
    commitment: str | None = None  # the report's word before the target: 确保 / 力争 / 争取
    verdict: str | None = None  # a result's verdict: 超额完成 / 完成 / 未说明
    # issue 9, the words side: an honour is a milestone with its own wording; a milestone may
    # start at a stage already true; a count may name its members (see groups.py)
    honour: bool = False
    start_stage: str | None = None
    members: tuple[str, ...] = ()
    member_of: str | None = None
    owner_assumed: bool = False
    source_line: int | None = None

    def target_on(self, day: date) -> Decimal | None:
        """The target that held on ``day``: before a revision, the one it replaced."""
        for revision in self.revisions:
            if day < revision.on:
                return revision.was
        return self.target

    def as_on(self, day: date) -> Indicator:
        """This indicator with the target that held on ``day``, for every calculation."""
        held = self.target_on(day)
        return self if held == self.target else replace(self, target=held)

    @property
    def ids(self) -> tuple[str, ...]:
        """Its id and the ids it replaces: where its entries are."""
        return (self.id, *self.replaces)

    @property
    def named_in_full(self) -> bool:
        """A count whose members are all it counts (项目建成投用 2个: the two projects): it is
        reported through its members, never on its own."""
        return bool(self.members) and self.target == len(self.members)

    @property
    def stage_names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    @property
    def kind(self) -> str:
        """The measure as shown: an honour is a milestone, named for what it is."""
        return "honour" if self.honour else self.measure.value

    @property
    def start_stage_index(self) -> int:
        """1-based position of the stage true at the start (0 for none): reaching it is 0%."""
        return self.stage_names.index(self.start_stage) + 1 if self.start_stage else 0

    @property
    def target_stage_index(self) -> int:
        """1-based position of the target stage: reaching it is 100%."""
        return self.stage_names.index(self.target_stage or self.stages[-1].name) + 1


@frozen
class Area:
    id: str
    name: str
    indicators: tuple[Indicator, ...]


@frozen
class Targets:
    path: Path
    areas: tuple[Area, ...]
    report: str | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)
    checks: Checks = field(default_factory=Checks)
    scope: str | None = None  # its name in a database several declarations share

    def indicators(self) -> Iterator[Indicator]:
        for area in self.areas:
            yield from area.indicators

    def by_id(self) -> dict[str, Indicator]:
        return {indicator.id: indicator for indicator in self.indicators()}

    def with_indicators(self, changed: dict[str, Indicator]) -> Targets:
        """The same declaration with some indicators swapped for changed copies."""
        areas = tuple(
            replace(area, indicators=tuple(changed.get(i.id, i) for i in area.indicators))
            for area in self.areas
        )
        return replace(self, areas=areas)

    def area(self, area_id: str) -> Area:
        return next(area for area in self.areas if area.id == area_id)

    def periods(self) -> list[Period]:
        """Declared periods, latest end first."""
        unique = {indicator.period for indicator in self.indicators()}
        return sorted(unique, key=lambda p: (p.end, p.start), reverse=True)
