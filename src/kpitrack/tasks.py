"""Tasks: commitments in words (完善养老服务体系), tracked by dated notes and a done date.

A task has no figure. ``kpi log ID "已出台布局规划"`` adds a progress note: an entry with that
note and no value; ``kpi log ID 完成`` marks it done on the entry's date. Both are stored as
stage entries (a note with no stage), so the database needs no new kind of entry, and
corrections (undo, amend) treat them like any other entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kpitrack.frozen import frozen
from kpitrack.progress import Mode, Point, State, in_order

DONE_WORD = "完成"  # what marks a task done, in the file (actual: 完成) and after kpi log
HONOUR_STAGE = "获评"  # an honour's one stage when the file names none


@frozen
class TaskFigures:
    """What a task's entries say at a date: its state, when it was done, its latest note."""

    state: State
    done_on: date | None
    latest_note: str | None


# the ways a clerk says it, alone in the cell: each marks the task done (stored as 完成); any
# longer text (已完成方案编制) is a progress note
DONE_SAYINGS = frozenset({DONE_WORD, "已完成", "完成了", "已经完成", "全部完成", "done"})


def is_done_word(raw: str) -> bool:
    return raw.strip().rstrip("。.！!").lower() in DONE_SAYINGS


def task_figures(points: Iterable[Point], day: date, closed: bool) -> TaskFigures:
    """Done once 完成 is logged. Otherwise: no data, or in progress, until the period ends;
    then missed, reported or not (a closed year does not wait for a report). A task has no
    pace to fall behind."""
    seen = [p for p in in_order(points) if p.as_of <= day and p.mode is Mode.STAGE]
    done_on = next((p.as_of for p in seen if p.stage == DONE_WORD), None)
    notes = [p.note for p in seen if p.note]
    latest = notes[-1] if notes else None
    if done_on is not None:
        state = State.DONE
    elif closed:
        state = State.MISSED
    else:
        state = State.IN_PROGRESS if seen else State.NO_DATA
    return TaskFigures(state, done_on, latest)
