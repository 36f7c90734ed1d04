"""The status report as JSON: one stable shape, numbers as numbers, display strings beside.

The shape is documented in docs/json.md; keys are English and never renamed. Figures (target,
actual) are the exact decimals; shares are fractions rounded to 4 places (0.2381 is 23.81%),
gaps are percentage points to 2 places.
"""

from __future__ import annotations

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
    exact digits: the standard encoder knows only floats, whose 0.1 is not 0.1. One pass
    into one list: a report's thousands of values cost one call each, not a generator's."""
    parts: list[str] = []
    _encode(data, "\n", parts)
    return "".join(parts)


def dumps_items(items: Iterable[Any]) -> Iterator[str]:
    """The text ``dumps(list(items))`` gives, item by item: a million entries are written as
    they are read, never held."""
    first = True
    for item in items:
        yield ("[" if first else ",") + "\n" + INDENT
        yield item_text(item)
        first = False
    yield "[]" if first else "\n]"


def item_text(item: Any) -> str:
    """One item of ``dumps_items`` as it is laid out there, without what comes before it."""
    parts: list[str] = []
    _encode(item, "\n" + INDENT, parts)
    return "".join(parts)


def _key_text(key: object) -> str:
    """A key as json.dumps writes it, then ``: ``; a report has a few dozen keys, each met
    thousands of times, so the usual ones are kept."""
    if type(key) is not str:
        return _quoted(str(key)) + ": "
    text = _keys.get(key)
    if text is None:
        text = _quoted(key) + ": "
        if len(_keys) < 1000:
            _keys[key] = text
    return text


_keys: dict[str, str] = {}

try:  # the json package's own quoting, without the import of its decoder and regexes
    from _json import encode_basestring as _quoted
except ImportError:  # pragma: no cover - a Python without the C accelerator
    from json.encoder import py_encode_basestring as _quoted


def _encode(value: Any, newline: str, parts: list[str]) -> None:
    """``value`` appended to ``parts``; ``newline`` is the line break and indent of the
    level ``value`` stands at."""
    kind = type(value)
    if value is None:
        parts.append("null")
    elif kind is str:  # what json.dumps(ensure_ascii=False) calls, without its set-up
        parts.append(_quoted(value))
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is bool:
        parts.append("true" if value else "false")
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"JSON has no number for {value}")
        parts.append(exact_text(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + INDENT
        separator = "{" + inner
        for key, item in value.items():
            parts.append(separator)
            parts.append(_key_text(key))
            _encode(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = newline + INDENT
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _encode(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    else:
        import json

        parts.append(json.dumps(value, ensure_ascii=False, allow_nan=False))
