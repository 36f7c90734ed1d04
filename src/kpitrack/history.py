"""One indicator's story: every entry (voided ones marked), and the series they produce.

The series has a point per date with entries: the actual after that day's entries, its
completion, and the pace (序时进度) that day, so a chart can set the two side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from kpitrack.frozen import frozen
from kpitrack.model import Indicator, Measure, Thresholds
from kpitrack.progress import (
    History,
    Mode,
    Point,
    actual_at,
    completion,
    pace_share,
    stage_at,
    undated_milestone,
)
from kpitrack.qualifiers import qualifier_at
from kpitrack.records import Entry
from kpitrack.results import scored
from kpitrack.status import IndicatorStatus, indicator_status
from kpitrack.store import SEED_AUTHOR
from kpitrack.tasks import DONE_WORD


@frozen
class SeriesPoint:
    day: date
    actual: Decimal | None
    stage: str | None
    completion: Decimal | None
    pace: Decimal | None  # None for a figure that is not scored (results.py)
    approx: str | None = None  # the actual's own qualifier (750余家)


@frozen
class IndicatorHistory:
    indicator: Indicator
    as_of: date
    entries: tuple[Entry, ...]  # rows of the store, voided ones included
    series: tuple[SeriesPoint, ...]
    status: IndicatorStatus
    show_voided: bool

    def shown(self) -> list[Entry]:
        return [e for e in self.entries if self.show_voided or e.voided_at is None]


def build_history(
    indicator: Indicator,
    entries: Sequence[Entry],
    as_of: date,
    thresholds: Thresholds,
    show_voided: bool = False,
) -> IndicatorHistory:
    period = indicator.period
    day = min(as_of, period.end)
    active = [
        Point(
            e.as_of,
            e.id,
            Mode(e.mode),
            e.value,
            e.stage,
            e.qualifier,
            e.note if _task_note(e) else None,
        )
        for e in entries
        if e.voided_at is None and period.start <= e.as_of <= day
    ]
    series = []
    for point_day in sorted({p.as_of for p in active}):
        held = indicator.as_on(point_day)
        if indicator.measure is Measure.MILESTONE or indicator.measure is Measure.TASK:
            stage, actual = stage_at(active, point_day), None
        else:
            stage, actual = None, actual_at(active, point_day)
        done = completion(held, actual, stage)
        if indicator.measure is Measure.TASK:  # nothing to measure until it is done
            done = Decimal(1) if stage == DONE_WORD else None
        series.append(
            SeriesPoint(
                point_day,
                actual,
                stage,
                done,
                pace_on(held, point_day),
                qualifier_at(active, point_day),
            )
        )
    status = indicator_status(indicator, History.of(active), as_of, thresholds)
    return IndicatorHistory(indicator, as_of, tuple(entries), tuple(series), status, show_voided)


def _task_note(entry: Entry) -> bool:
    """A progress note, or the note given with 完成 (store.NOTE_SQL reads them the same way)."""
    if entry.mode != Mode.STAGE:
        return False
    return entry.stage is None or (entry.stage == DONE_WORD and entry.author != SEED_AUTHOR)


def pace_on(indicator: Indicator, day: date) -> Decimal | None:
    """序时进度 as status shows it: none for a figure not scored, a task, or a milestone with
    no stage dates before its period ends (there is no plan to be behind)."""
    if not scored(indicator) or indicator.measure is Measure.TASK:
        return None
    if undated_milestone(indicator) and day < indicator.period.end:
        return None
    return pace_share(indicator, day)
