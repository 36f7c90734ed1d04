"""A batch's row turned into the entry it means, or one refusal: what ``kpi log`` does with
one figure, done for a million rows by reading each repeated text once.

A department's sheet repeats its indicators, its days and most of its figures row after row.
What a row's indicator, figure and day give is the same on every row that repeats them, so
the first such row is read by :func:`kpitrack.recording.prepare_entry` and what it gave is
kept; a later row with the same three (and printable words around them) is made from it. A
row with anything new, or anything refused, is read in full, with the same messages.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kpitrack.errors import KpiError, LogError
from kpitrack.model import Indicator, Measure, Targets
from kpitrack.progress import Mode
from kpitrack.recording import find_indicator, parse_day, prepare_entry
from kpitrack.rows import RawRow
from kpitrack.sheets import KEPT_READINGS
from kpitrack.store import NewEntry

# what an indicator's figure gives: mode, value, stage, qualifier
Reading = tuple[Mode, Decimal | None, str | None, str | None]


class EntryReader:
    def __init__(self, targets: Targets, today: date, author: str, source: str | None) -> None:
        self.targets, self.today, self.author, self.source = targets, today, author, source
        # as written in a row -> the indicator, what its figures' reading depends on, and the
        # first and last day a figure of it may be logged on (its period, up to today)
        self.indicators: dict[str, tuple[Indicator, str, date, date]] = {}
        self.figures: dict[tuple[str, str], Reading] = {}  # (kind, figure as written)

    def entry(self, row: RawRow) -> NewEntry:
        fields = row.fields
        get = fields.get
        wanted = get("id") or get("name")
        if not wanted:
            raise KpiError("batch.no_indicator")
        known = self.indicators.get(wanted)
        if known is None:
            known = self._indicator(wanted)
        indicator, kind, first, last = known
        if get("id") and get("name"):
            _same_indicator(self.targets, indicator, fields["name"])
        value = get("value", "")
        written = get("date")
        day = parse_day(written, "日期") if written else self.today
        author = get("by") or self.author
        note = get("note") or None
        source = get("source") or self.source
        reading = self.figures.get((kind, value))
        if (
            reading is not None
            and first <= day <= last  # the checks of the day, prepare_entry's own
            and author.isprintable()
            and (note is None or note.isprintable())
            and (source is None or source.isprintable())
        ):  # what prepare_entry would make, made without reading the figure again
            mode, number, stage, qualifier = reading
            return NewEntry(
                indicator.id, mode, day, author, number, stage, indicator.unit, value, note,
                source, None, None, None, qualifier,
            )  # fmt: skip
        try:
            entry = prepare_entry(indicator, value, day, self.today, author, note, source)
        except LogError as error:
            if error.key == "log.outside_period":  # a row has a date column, not a --date option
                fields_of = {k: error.fields[k] for k in ("date", "id", "period")}
                raise KpiError("batch.outside_period", **fields_of) from error
            raise
        if indicator.measure is not Measure.TASK:  # a task's note is made from its words
            if len(self.figures) >= KEPT_READINGS:  # figures that never repeat: memory bounded
                self.figures.clear()
            self.figures[kind, value] = (entry.mode, entry.value, entry.stage, entry.qualifier)
        return entry

    def _indicator(self, wanted: str) -> tuple[Indicator, str, date, date]:
        indicator = find_indicator(self.targets, wanted)
        period = indicator.period
        known = (indicator, _figure_kind(indicator), period.start, min(period.end, self.today))
        if len(self.indicators) >= KEPT_READINGS:
            self.indicators.clear()
        self.indicators[wanted] = known
        return known


def _figure_kind(indicator: Indicator) -> str:
    """What a figure's reading depends on: a stage, on the indicator's stages; a number, on
    the indicator's unit alone (+1 reads the same for every indicator counted in 个). An id
    never starts with a NUL, so the two never meet."""
    if indicator.measure is Measure.MILESTONE or indicator.measure is Measure.TASK:
        return indicator.id
    return "\x00" + indicator.unit


def _same_indicator(targets: Targets, indicator: Indicator, name: str) -> None:
    """A row with an id and a name must mean one indicator: a paste one row off puts every
    figure on its neighbour. A name that fits no indicator (a clerk's short form) passes."""
    try:
        named = find_indicator(targets, name)
    except LogError:  # unknown, or shared by several: the id decides
        return
    if named.id != indicator.id:
        raise KpiError(
            "batch.id_name_differ", id=indicator.id, own=indicator.name, name=name.strip(),
            other=named.id,
        )  # fmt: skip
