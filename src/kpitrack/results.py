"""Figures the report states without a target: results of a closed year and context.

A ``result`` is a closed year's figure with the report's verdict (超额完成 / 完成 / 未说明);
a ``context`` is a present-day figure shown beside its area (背景). Neither is scored: no
completion, pace, gap or forecast; never due, never behind, left out of the area roll-up and
of ``--fail-on``. Kept apart here so the scoring code needs only ask :func:`scored`.
"""

from __future__ import annotations

from enum import StrEnum

from kpitrack.model import Indicator, Measure
from kpitrack.progress import State

UNSCORED = frozenset({Measure.RESULT, Measure.CONTEXT})
COMMITMENTS = ("确保", "力争", "争取")  # the report's words of commitment, firmest first


class Verdict(StrEnum):
    """What the report says of a result; the value is the word the report uses."""

    EXCEEDED = "超额完成"
    MET = "完成"
    UNSTATED = "未说明"

    @property
    def key(self) -> str:
        return {"超额完成": "exceeded", "完成": "met", "未说明": "unstated"}[self.value]

    @property
    def light(self) -> str:
        """Green when the report says it was done; grey when it says nothing."""
        return "grey" if self is Verdict.UNSTATED else "green"


def scored(indicator: Indicator) -> bool:
    """Whether the indicator has a target to be measured against."""
    return indicator.measure not in UNSCORED


def unscored_state(indicator: Indicator) -> State:
    return State.RESULT if indicator.measure is Measure.RESULT else State.CONTEXT


def verdict_of(indicator: Indicator) -> Verdict | None:
    """A result's verdict (未说明 unless the file says); None for anything else."""
    if indicator.measure is not Measure.RESULT:
        return None
    return Verdict(indicator.verdict) if indicator.verdict else Verdict.UNSTATED


def light_of(indicator: Indicator, state: State) -> str:
    """The traffic light of a row: a result's comes from its verdict."""
    verdict = verdict_of(indicator)
    return verdict.light if verdict is not None else state.light
