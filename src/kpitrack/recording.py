"""Turning what a person typed after ``kpi log`` into an entry, or one clear refusal.

Every check happens here, before the store is touched, so a refused entry leaves the
database exactly as it was.
"""

from __future__ import annotations

import calendar
import getpass
import os
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache, partial

from kpitrack.checks import vetted
from kpitrack.days import in_range, year_in_range
from kpitrack.errors import KpiError, LogError, QuantityError, clip
from kpitrack.matching import find
from kpitrack.messages import t
from kpitrack.model import Checks, Indicator, Measure, Targets
from kpitrack.plaintext import checked_line, checked_note
from kpitrack.progress import Mode, Point
from kpitrack.quantity import convert, looks_like_date, normalize, parse_quantity
from kpitrack.store import NewEntry
from kpitrack.tasks import DONE_WORD, is_done_word

_DAY_FORMATS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)


# 2024年9月, 2024年9月底, 2024年1-9月 (a cumulative period of statistics), 2024-09, 2024/9
_MONTH = re.compile(r"^(\d{4})(?:年(?:(\d{1,2})[-—~～至到])?(\d{1,2})月(?:底|末)?|[-/](\d{1,2}))$")


@lru_cache(maxsize=1 << 12)  # an import's rows share a few hundred days
def parse_day(text: str, option: str = "--date") -> date:
    """2024-06-30, 2024/6/30, 2024.6.30 and 2024年6月30日 all mean the same day; a month
    (2024年6月, 2024-06) means its last day. A day outside 1900–2200 is refused (see days.py)."""
    folded = normalize(text)
    month = _MONTH.match(folded)
    if month:  # 2024年9月, 2024-09: the month's last day, as a sheet's month is read
        year, number = int(month[1]), int(month[3] or month[4])
        if not year_in_range(year):
            raise KpiError("dates.out_of_range", option=option, value=clip(text))
        if 1 <= number <= 12 and int(month[2] or 1) <= number:
            return date(year, number, calendar.monthrange(year, number)[1])
    for pattern in _DAY_FORMATS:
        match = pattern.match(folded)
        if match:
            try:
                day = date(*(int(part) for part in match.groups()))
            except ValueError:
                break
            if not in_range(day):
                raise KpiError("dates.out_of_range", option=option, value=clip(text))
            return day
    raise KpiError("cli.bad_date", option=option, value=clip(text))


def find_indicator(targets: Targets, wanted: str) -> Indicator:
    """By id or name, folded (see kpitrack.matching); a name of several is refused, not guessed."""
    checked_line(wanted, partial(t, "field.indicator"))
    return find(targets, wanted)


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
    raw, note = _plain(indicator, raw, author, note, source, key)
    if indicator.measure is Measure.TASK and _is_a_figure(raw):
        raise LogError("log.figure_for_task", id=indicator.id, value=raw.strip())
    if indicator.measure is not Measure.TASK and looks_like_date(raw):
        # before the date checks: the date the person meant is this one
        raise QuantityError("quantity.looks_like_date", raw=raw.strip())
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
    if indicator.measure is Measure.TASK:
        return task_entry(raw, note, common)
    if indicator.measure is not Measure.MILESTONE:
        parse_quantity(raw.strip().lstrip("+"))  # what the person typed, before spaces go
    text = normalize(raw)
    if indicator.measure is Measure.MILESTONE:
        stage = raw.strip()
        if text.startswith("+") or not any(stage == named.name for named in indicator.stages):
            stages = " → ".join(indicator.stage_names)  # joined for the refusal alone
            if text.startswith("+"):
                raise LogError("log.increment_milestone", id=indicator.id, stages=stages)
            raise LogError("log.unknown_stage", value=raw, id=indicator.id, stages=stages)
        return NewEntry(mode=Mode.STAGE, stage=raw.strip(), **common)  # type: ignore[arg-type]
    mode = Mode.ADD if text.startswith("+") else Mode.SET
    quantity = parse_quantity(text)  # 突破60亿元: the number 60, and its qualifier kept beside
    value = convert(quantity, indicator.unit)
    return NewEntry(mode=mode, value=value, qualifier=quantity.approx, **common)  # type: ignore[arg-type]


def _is_a_figure(raw: str) -> bool:
    """A bare figure (5, 5个, +3, 突破60亿元) logged on a task: meant for another indicator,
    most likely. A note that holds a figure (新增托位200个) is words, and is kept."""
    try:
        parse_quantity(normalize(raw).lstrip("+"))
    except QuantityError:
        return False
    return True


def _plain(
    indicator: Indicator,
    raw: str,
    author: str,
    note: str | None,
    source: str | None,
    key: str | None,
) -> tuple[str, str | None]:
    """What is stored holds no control character and no undecodable byte (kpitrack.plaintext):
    refused here, naming the field, before anything else reads it. A task's value is words,
    like a note, and may span lines."""
    if indicator.measure is Measure.TASK:
        raw = checked_note(raw, partial(t, "field.value"))
    else:
        checked_line(raw, partial(t, "field.value"))
    checked_line(author, partial(t, "field.by"))
    for text, field in ((source, "field.source"), (key, "field.key")):
        if text is not None:
            checked_line(text, partial(t, field))
    return raw, None if note is None else checked_note(note, partial(t, "field.note"))


def checked_correction(author: str, note: str | None) -> str | None:
    """A correction's author and note, under the same rule as an entry's."""
    checked_line(author, partial(t, "field.by"))
    return None if note is None else checked_note(note, partial(t, "field.note"))


def task_entry(raw: str, note: str | None, common: dict[str, object]) -> NewEntry:
    """完成 marks a task done; any other text is a progress note (with --note, both kept)."""
    if is_done_word(raw):
        return NewEntry(mode=Mode.STAGE, stage=DONE_WORD, **common)  # type: ignore[arg-type]
    text = raw.strip()
    if not text:
        raise LogError("log.missing_value")
    said = f"{text}；{note}" if note else text
    if note is not None and (note == text or note.startswith(f"{text}；")):
        said = note  # an exported row: its note already holds the text (kpi export → import)
    return NewEntry(mode=Mode.STAGE, **{**common, "note": said, "input": text})  # type: ignore[arg-type]
