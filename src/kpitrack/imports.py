"""What an import is: a numbered file, and rows known by their content, not by the file's name.

A department's sheet comes back as ``表(1).xlsx`` when WeChat or a browser saves it twice; its
rows must not count twice. A row is the same figure as an entry already logged when it has the
same indicator, date, mode and value (compared exactly: 5 is 5.0) or stage, whoever logged it
and from whatever file; voided entries do not count. Rows are counted as a multiset: a file
with the same +5 twice for one day adds both the first time and neither when it comes again.
An increment is the same row only with the same note as well (see :class:`AlreadyLogged`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from kpitrack.checks import exact
from kpitrack.frozen import frozen
from kpitrack.progress import Mode
from kpitrack.records import DayFigure
from kpitrack.store import NewEntry, Store

ContentKey = tuple[str, date, str, Decimal | None, str | None]


@frozen
class ImportOrigin:
    """The file an import came from: its name, its content's sha256, and the sheet read."""

    file_name: str
    sha256: str
    author: str
    sheet: str | None = None


def content_key(
    indicator_id: str, as_of: date, mode: str, value: object, stage: object
) -> ContentKey:
    number = exact(value) if isinstance(value, (float, int, Decimal, str)) else None
    return (
        indicator_id,
        as_of,
        str(mode),
        None if number is None else number.normalize(),
        None if stage is None else str(stage),
    )


@frozen
class Seen:
    """What the database already holds of a row: nothing, the same row, or (for an increment)
    an entry of the same amount that day with another note — maybe a re-send, maybe another
    report of the same size, which only a person can tell."""

    already: bool = False
    twin: DayFigure | None = None


NEW = Seen()
ALREADY = Seen(already=True)


class AlreadyLogged:
    """Answers, row by row in file order, whether the database already holds a row's figure:
    a figure held n times in the database absorbs the first n rows that state it.

    A figure or a stage stated again changes nothing, so the same indicator, date, mode and
    value is enough to know it. An increment stated again would count twice, and two
    departments may well report the same +1 on one day: it is the same row only when its note
    is the same too (a re-sent sheet); otherwise it is a *twin*, asked about, never dropped.
    """

    def __init__(self, store: Store, before: int | None = None) -> None:
        self.store = store
        self.before = before  # entries numbered above it are the batch's own, written so far
        self.used: Counter[tuple[ContentKey, str | None]] = Counter()
        self.used_loose: Counter[ContentKey] = Counter()
        self.notes: dict[ContentKey, Counter[str | None]] = {}  # per content, its notes
        self.in_db: dict[tuple[str, date], dict[ContentKey, list[DayFigure]]] = {}
        self.days: dict[str, set[date]] = {}  # per indicator, the days holding entries

    def _logged(
        self, day: tuple[str, date], ids: Sequence[str]
    ) -> dict[ContentKey, list[DayFigure]]:
        """The entries that count for one indicator on one day, grouped by their content."""
        if day not in self.in_db:
            if day[0] not in self.days:
                self.days[day[0]] = self.store.logged_days(ids)
            if day[1] not in self.days[day[0]]:
                return {}
            grouped: dict[ContentKey, list[DayFigure]] = {}
            for row in self.store.logged_on(ids, day[1]):
                if self.before is not None and row.id > self.before:
                    continue
                key = content_key(*day, row.mode, row.value, row.stage)
                grouped.setdefault(key, []).append(row)
            self.in_db[day] = grouped
        return self.in_db[day]

    def match(self, entry: NewEntry, ids: Sequence[str]) -> Seen:
        """``ids``: the indicator's id and those it replaces, where its entries may be."""
        days = self.days.get(entry.indicator_id)
        if days is None:
            days = self.days[entry.indicator_id] = self.store.logged_days(ids)
        if entry.as_of not in days:  # the day holds nothing yet: the row is new
            return NEW
        day = (entry.indicator_id, entry.as_of)
        content = content_key(*day, entry.mode, entry.value, entry.stage)
        logged = self._logged(day, ids).get(content)
        if not logged:
            return NEW
        note = _note(entry.note)
        if content not in self.notes:
            self.notes[content] = Counter(_note(row.note) for row in logged)
        if self.used[content, note] < self.notes[content][note]:
            self.used[content, note] += 1
            self.used_loose[content] += 1
            return ALREADY
        if self.used_loose[content] >= len(logged):
            return NEW
        self.used_loose[content] += 1
        if entry.mode is not Mode.ADD:
            return ALREADY
        return Seen(twin=next(row for row in logged if _note(row.note) != note))


def _note(note: object) -> str | None:
    text = str(note).strip() if note is not None else ""
    return text or None
