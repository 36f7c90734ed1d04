"""Conditions a script can ask a report to fail on (exit code 1), with ``--fail-on``.

``behind`` holds when any indicator is behind or far behind (far behind is behind, and worse);
``far-behind`` only for far behind; ``breached`` when an at_most indicator is over its limit;
``due`` when any report is overdue; ``missed`` when a period has ended with any indicator short
of its target (a year-end check). A period that has ended is final: its indicators are done or
missed, never behind, so a weekly ``--fail-on behind`` stops failing once the year is over
(missed is the final result, not an alarm a weekly job can act on); ask for ``missed`` for that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from kpitrack.progress import State

if TYPE_CHECKING:  # FailOn is an option of the CLI's, parsed before any report is built
    from kpitrack.due import DueItem
    from kpitrack.status import IndicatorStatus


class FailOn(StrEnum):
    BEHIND = "behind"
    FAR_BEHIND = "far-behind"
    BREACHED = "breached"
    DUE = "due"
    MISSED = "missed"


STATES = {
    FailOn.BEHIND: {State.BEHIND, State.FAR_BEHIND},
    FailOn.FAR_BEHIND: {State.FAR_BEHIND},
    FailOn.BREACHED: {State.BREACHED},
    FailOn.MISSED: {State.MISSED},
}


def failing(
    conditions: Iterable[FailOn], rows: Sequence[IndicatorStatus], due: Sequence[DueItem]
) -> list[FailOn]:
    """The asked-for conditions that hold, in the order asked."""
    held: list[FailOn] = []
    for condition in conditions:
        if condition is FailOn.DUE:
            if due:
                held.append(condition)
        elif any(row.state in STATES[condition] for row in rows):
            held.append(condition)
    return held
