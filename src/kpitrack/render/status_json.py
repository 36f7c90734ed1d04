"""The status report as JSON: one stable shape, numbers as numbers, display strings beside.

The shape is documented in docs/json.md; keys are English and never renamed. Shares are
fractions rounded to 4 places (0.2381 is 23.81%), gaps are percentage points to 2 places.
"""

from __future__ import annotations

import json
import math
from typing import Any

from kpitrack.render import words
from kpitrack.status import AreaStatus, IndicatorStatus, StatusReport

SCHEMA_VERSION = 1


def rounded(value: float | None, places: int) -> float | None:
    """Rounded, and None for what JSON cannot carry (a share of a zero target is infinite)."""
    return None if value is None or not math.isfinite(value) else round(value, places)


def indicator_json(row: IndicatorStatus) -> dict[str, Any]:
    indicator = row.indicator
    return {
        "id": indicator.id,
        "name": indicator.name,
        "area_id": indicator.area_id,
        "unit": indicator.unit,
        "measure": indicator.measure.value,
        "direction": indicator.direction.value,
        "period": indicator.period.label,
        "owner": indicator.owner,
        "cycle": indicator.cycle.value,
        "target": float(indicator.target) if indicator.target is not None else None,
        "target_stage": indicator.target_stage if indicator.stages else None,
        "approx": indicator.approx,
        "actual": rounded(row.actual, 4),
        "stage": row.stage,
        "completion": rounded(row.completion, 4),
        "pace": rounded(row.pace, 4),
        "gap_pp": rounded(row.gap, 2),
        "state": row.state.value,
        "light": row.state.light,
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
            "state": words.state(row.state),
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
        "thresholds": {
            "behind_pp": report.thresholds.behind,
            "far_behind_pp": report.thresholds.far_behind,
        },
        "counts": {state.value: count for state, count in report.counts().items()},
        "areas": [area_json(area) for area in report.areas],
    }


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
