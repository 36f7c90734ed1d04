"""Turning what a person typed after ``kpi log`` into an entry, or one clear refusal.

Every check happens here, before the store is touched, so a refused entry leaves the
database exactly as it was.
"""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Iterable
from datetime import date
from difflib import get_close_matches

from kpitrack.checks import vetted
from kpitrack.errors import KpiError, LogError
from kpitrack.messages import t
from kpitrack.model import Checks, Indicator, Measure, Targets
from kpitrack.progress import Mode, Point
from kpitrack.quantity import convert, normalize, parse_quantity
from kpitrack.store import NewEntry

_DAY_FORMATS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)


def parse_day(text: str, option: str = "--date") -> date:
    """2024-06-30, 2024/6/30, 2024.6.30 and 2024年6月30日 all mean the same day."""
    folded = normalize(text)
    for pattern in _DAY_FORMATS:
        match = pattern.match(folded)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise KpiError("cli.bad_date", option=option, value=text)


def find_indicator(targets: Targets, wanted: str) -> Indicator:
    """By id, or by exact Chinese name; otherwise suggest the closest ids and names."""
    indicators = targets.by_id()
    if wanted in indicators:
        return indicators[wanted]
    by_name = {indicator.name: indicator for indicator in indicators.values()}
    if wanted in by_name:
        return by_name[wanted]
    renamed = {old: i for i in indicators.values() for old in i.replaces}
    if wanted in renamed:  # scripts written before a rename keep working
        return renamed[wanted]
    close = get_close_matches(wanted, list(indicators), n=3, cutoff=0.5)
    close += [by_name[n].id for n in get_close_matches(wanted, list(by_name), n=2, cutoff=0.4)]
    close += [i.id for i in indicators.values() if wanted and wanted in i.name]
    unique = list(dict.fromkeys(close))[:3]
    hint = t("log.did_you_mean", ids="」「".join(unique)) if unique else t("log.see_list")
    raise LogError("log.unknown_id", id=wanted, hint=hint)


def default_author() -> str:
    try:
        return os.environ.get("KPI_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def prepare_entry(
    indicator: Indicator,
    raw: str,
    day: date,
    today: date,
    author: str,
    note: str | None = None,
    source: str | None = None,
    key: str | None = None,
    *,
    earlier: Iterable[Point] | None = None,
    checks: Checks | None = None,
    force: bool = False,
) -> NewEntry:
    """The entry a person meant, or one refusal. With ``earlier`` (the indicator's entries
    that count), a figure that looks wrong is refused unless ``force`` (see checks.py)."""
    entry = _prepared(indicator, raw, day, today, author, note, source, key)
    return vetted(indicator, entry, earlier, checks, force)


def _prepared(
    indicator: Indicator,
    raw: str,
    day: date,
    today: date,
    author: str,
    note: str | None,
    source: str | None,
    key: str | None,
) -> NewEntry:
    if day > today:
        raise LogError("log.future_date", date=day, today=today)
    period = indicator.period
    if not period.contains(day):
        suggest = period.end if today > period.end else period.start
        raise LogError(
            "log.outside_period", date=day, id=indicator.id, period=period.label, suggest=suggest
        )
    common = {
        "indicator_id": indicator.id,
        "as_of": day,
        "author": author,
        "input": raw,
        "unit": indicator.unit,
        "note": note,
        "source": source,
        "key": key,
    }
    text = normalize(raw)
    if indicator.measure is Measure.MILESTONE:
        stages = " → ".join(indicator.stage_names)
        if text.startswith("+"):
            raise LogError("log.increment_milestone", id=indicator.id, stages=stages)
        if raw.strip() not in indicator.stage_names:
            raise LogError("log.unknown_stage", value=raw, id=indicator.id, stages=stages)
        return NewEntry(mode=Mode.STAGE, stage=raw.strip(), **common)  # type: ignore[arg-type]
    mode = Mode.ADD if text.startswith("+") else Mode.SET
    value = convert(parse_quantity(text), indicator.unit)
    return NewEntry(mode=mode, value=float(value), **common)  # type: ignore[arg-type]
