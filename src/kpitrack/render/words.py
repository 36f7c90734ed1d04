"""How figures read in a report: 23.8%, ██▍░░░, 59.2亿元, 每月 2.7个.

Shared by the table and the JSON display strings, so both say the same thing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kpitrack.messages import t
from kpitrack.model import Indicator, Measure
from kpitrack.progress import State
from kpitrack.quantity import format_quantity
from kpitrack.results import light_of, verdict_of
from kpitrack.status import IndicatorStatus

DASH = "—"
NOTE_CELLS = 24  # a task's latest note in a status cell: twelve Chinese characters
_EIGHTHS = " ▏▎▍▌▋▊▉"


def percent(share: Decimal | None, places: int = 1) -> str:
    if share is None or not share.is_finite():
        return DASH
    return f"{share * 100:.{places}f}%"


def points(gap: Decimal | None) -> str:
    if gap is None or not gap.is_finite():
        return DASH
    return f"{gap:+.1f}"


def bar(share: Decimal | None, width: int = 8) -> str:
    """A bar in eighth-blocks, capped at full: readable in any terminal and when piped."""
    if share is None:
        return "░" * width
    filled = max(Decimal(0), min(share, Decimal(1))) * width
    whole = int(filled)
    eighth = round((filled - whole) * 8)
    if eighth == 8:
        whole, eighth = whole + 1, 0
    text = "█" * whole + (_EIGHTHS[eighth] if eighth and whole < width else "")
    return text + "░" * (width - len(text))


def amount(value: Decimal | None, indicator: Indicator, approx: str | None = None) -> str:
    if value is None:
        return DASH
    return format_quantity(value, indicator.unit, places=2, approx=approx)


def target(indicator: Indicator) -> str:
    """确保 3所: the report's word of commitment, then the target as the report writes it."""
    if indicator.measure is Measure.TASK:
        return t("task.target")
    if indicator.measure is Measure.MILESTONE:
        shown = indicator.target_stage or DASH
    elif indicator.target is None:  # a result or a context figure has none
        return DASH
    else:
        shown = format_quantity(indicator.target, indicator.unit, places=2, approx=indicator.approx)
    return f"{indicator.commitment} {shown}" if indicator.commitment else shown


def actual(row: IndicatorStatus) -> str:
    if row.indicator.measure is Measure.TASK:
        return shortened(row.latest_note or task_done(row), NOTE_CELLS)
    if row.indicator.measure is Measure.MILESTONE:
        return row.stage or DASH
    return amount(row.actual, row.indicator, row.actual_approx)


def task_done(row: IndicatorStatus) -> str:
    """A task's only stage is done: stored as 完成, said in the reader's language."""
    return t("task.done") if row.stage else DASH


def shortened(text: str, cells: int) -> str:
    """The text cut to ``cells`` terminal cells (a Chinese character takes two), with … .

    Rich's measure is imported only for a text that might not fit (no character takes more
    than two cells): ``kpi status --format json`` otherwise starts without Rich."""
    if len(text) * 2 <= cells:
        return text
    from rich.cells import cell_len

    if cell_len(text) <= cells:
        return text
    kept = ""
    for char in text:
        if cell_len(kept + char) + 1 > cells:
            break
        kept += char
    return kept + "…"


def owner(indicator: Indicator) -> str:
    """区卫生健康委（暂定）: the owner, marked when it is this file's assumption."""
    if indicator.owner is None:
        return DASH
    if indicator.owner_assumed:
        return t("list.owner_assumed", owner=indicator.owner)
    return indicator.owner


def kind(indicator: Indicator) -> str:
    """累计, 里程碑, 荣誉, 任务: the measure as a person reads it."""
    return t(f"measure.{indicator.kind}")


def state(value: State) -> str:
    return t(f"state.{value.value}")


def row_state(row: IndicatorStatus) -> str:
    """The state cell: a result shows the report's verdict (超额完成), the rest their state."""
    verdict = verdict_of(row.indicator)
    return t(f"verdict.{verdict.key}") if verdict is not None else state(row.state)


def row_light(row: IndicatorStatus) -> str:
    return light_of(row.indicator, row.state)


def needed(row: IndicatorStatus) -> str:
    if row.needed is None:
        return DASH
    cycle = t(f"cycle.{row.indicator.cycle.value}")
    return f"{cycle} {amount(row.needed, row.indicator)}"


def forecast(row: IndicatorStatus) -> str:
    """A forecast that is the actual itself (a level, a closed period) keeps its qualifier."""
    approx = row.actual_approx if row.forecast == row.actual else None
    return amount(row.forecast, row.indicator, approx)


LIGHT_EMOJI = {"green": "🟢", "yellow": "🟡", "red": "🔴", "grey": "⚪"}
# In a terminal the colour is the style; the symbol stays one cell wide wherever it is shown.
TERMINAL_LIGHTS = {"green": "●", "yellow": "●", "red": "●", "grey": "○"}


def terminal_lights(text: str) -> str:
    """Emoji lights (🟢) as terminal ones (●): emoji widths differ between terminals."""
    for light, emoji in LIGHT_EMOJI.items():
        text = text.replace(emoji, TERMINAL_LIGHTS[light])
    return text


def light_state(value: State) -> str:
    """🟡 滞后: the traffic light and the state, for Markdown and chat groups."""
    return f"{LIGHT_EMOJI[value.light]} {state(value)}"


def light_row_state(row: IndicatorStatus) -> str:
    """🟢 超额完成 for a result, 🟡 滞后 for the rest: a row's light and state cell."""
    return f"{LIGHT_EMOJI[row_light(row)]} {row_state(row)}"


def day(value: date | None) -> str:
    return value.isoformat() if value else DASH


def bar_with_pace(share: Decimal | None, pace: Decimal | None, width: int = 20) -> str:
    """A completion bar with the pace marked by │: ahead of it, or short of it, at a glance."""
    cells = list(bar(share, width))
    if pace is None:  # a figure that is not scored has no pace to mark
        return "".join(cells)
    mark = min(round(max(Decimal(0), min(pace, Decimal(1))) * width), width) - 1
    if mark >= 0:
        cells[mark] = "│" if cells[mark] == "░" else "┃"
    return "".join(cells)


def logged(
    mode: str,
    value: Decimal | None,
    stage: str | None,
    raw: str,
    unit: str,
    qualifier: str | None = None,
) -> str:
    """5个, +2个, 突破60亿元 or 建成: what an entry says, in the indicator's unit, with its own
    qualifier. Four decimals, so that an export read back in gives the very same figure."""
    if mode == "stage" or value is None:
        return stage or raw
    amount = format_quantity(value, unit, places=4, approx=qualifier)
    return f"+{amount}" if mode == "add" else amount
