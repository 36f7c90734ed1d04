"""The status report as JSON: one stable shape, numbers as numbers, display strings beside.

The shape is documented in docs/json.md; keys are English and never renamed. Figures (target,
actual) are the exact decimals; shares are fractions rounded to 4 places (0.2381 is 23.81%),
gaps are percentage points to 2 places.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from kpitrack.quantity import exact_text, rounded_to
from kpitrack.render import words
from kpitrack.results import verdict_of
from kpitrack.status import AreaStatus, IndicatorStatus, StatusReport

SCHEMA_VERSION = 1
INDENT = "  "


def rounded(value: Decimal | None, places: int) -> Decimal | None:
    """Rounded (half to even), and None for what JSON cannot carry (a share of a zero target
    is infinite)."""
    if value is None or not value.is_finite():
        return None
    return rounded_to(value, places)


def indicator_json(row: IndicatorStatus) -> dict[str, Any]:
    indicator = row.indicator
    verdict = verdict_of(indicator)
    return {
        "id": indicator.id,
        "name": indicator.name,
        "area_id": indicator.area_id,
        "unit": indicator.unit,
        "measure": indicator.kind,
        "direction": indicator.direction.value,
        "period": indicator.period.label,
        "owner": indicator.owner,
        "owner_assumed": indicator.owner_assumed,
        "source_line": indicator.source_line,
        "members": list(indicator.members),
        "member_of": indicator.member_of,
        "latest_note": row.latest_note,
        "cycle": indicator.cycle.value,
        "target": indicator.target,
        "target_stage": indicator.target_stage if indicator.stages else None,
        "approx": indicator.approx,
        "commitment": indicator.commitment,
        "actual": row.actual,
        "actual_approx": row.actual_approx,
        "stage": row.stage,
        "completion": rounded(row.completion, 4),
        "pace": rounded(row.pace, 4),
        "gap_pp": rounded(row.gap, 2),
        "state": row.state.value,
        "verdict": verdict.value if verdict is not None else None,
        "light": words.row_light(row),
        "forecast": rounded(row.forecast, 4),
        "will_miss": row.will_miss,
        "needed_per_cycle": rounded(row.needed, 4),
        "last_update": row.last_update.isoformat() if row.last_update else None,
        "entries": row.entries,
        "display": {
            "target": words.target(indicator),
            "actual": words.actual(row),
            "completion": words.percent(row.completion),
            "pace": words.percent(row.pace),
            "state": words.row_state(row),
            "forecast": words.forecast(row),
            "needed": words.needed(row),
        },
    }


def area_json(area: AreaStatus) -> dict[str, Any]:
    return {
        "id": area.area.id,
        "name": area.area.name,
        "completion": rounded(area.completion, 4),
        "indicators": [indicator_json(row) for row in area.rows],
    }


def status_json(report: StatusReport) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "period": report.period,
        "period_ended": None if report.ended() is None else str(report.ended()),
        "thresholds": {
            "behind_pp": report.thresholds.behind,
            "far_behind_pp": report.thresholds.far_behind,
        },
        "counts": {state.value: count for state, count in report.counts().items()},
        "areas": [area_json(area) for area in report.areas],
    }


def dumps(data: Any) -> str:
    """JSON laid out as ``json.dumps(indent=2)`` does, with every Decimal written as its
    exact digits: the standard encoder knows only floats, whose 0.1 is not 0.1."""
    return "".join(_encode(data, 0))


def dumps_items(items: Iterable[Any]) -> Iterator[str]:
    """The text ``dumps(list(items))`` gives, item by item: a million entries are written as
    they are read, never held."""
    first = True
    for item in items:
        yield ("[" if first else ",") + "\n" + INDENT
        yield from _encode(item, 1)
        first = False
    yield "[]" if first else "\n]"


_quoted = json.encoder.encode_basestring


def item_text(item: Any) -> str:
    """One item of ``dumps_items`` as it is laid out there, without what comes before it."""
    return "".join(_encode(item, 1))


def _encode(value: Any, level: int) -> Iterator[str]:
    if value is None:
        yield "null"
    elif type(value) is str:  # what json.dumps(ensure_ascii=False) calls, without its set-up
        yield _quoted(value)
    elif type(value) is int:
        yield int.__repr__(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"JSON has no number for {value}")
        yield exact_text(value)
    elif isinstance(value, dict):
        yield from _container(
            "{",
            "}",
            [(json.dumps(str(k), ensure_ascii=False) + ": ", v) for k, v in value.items()],
            level,
        )
    elif isinstance(value, (list, tuple)):
        yield from _container("[", "]", [("", v) for v in value], level)
    else:
        yield json.dumps(value, ensure_ascii=False, allow_nan=False)


def _container(
    opening: str, closing: str, items: list[tuple[str, Any]], level: int
) -> Iterator[str]:
    if not items:
        yield opening + closing
        return
    inner = "\n" + INDENT * (level + 1)
    yield opening
    for index, (prefix, item) in enumerate(items):
        yield ("," if index else "") + inner + prefix
        yield from _encode(item, level + 1)
    yield "\n" + INDENT * level + closing
