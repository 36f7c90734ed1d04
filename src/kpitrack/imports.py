"""What an import is: a numbered file, and rows known by their content, not by the file's name.

A department's sheet comes back as ``表(1).xlsx`` when WeChat or a browser saves it twice; its
rows must not count twice. A row is the same figure as an entry already logged when it has the
same indicator, date, mode and value (compared exactly: 5 is 5.0) or stage, whoever logged it
and from whatever file; voided entries do not count. Rows are counted as a multiset: a file
with the same +5 twice for one day adds both the first time and neither when it comes again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kpitrack.checks import exact
from kpitrack.store import NewEntry, Store

ContentKey = tuple[str, date, str, Decimal | None, str | None]


@dataclass(frozen=True)
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


class AlreadyLogged:
    """Answers, row by row in file order, whether the database already holds a row's figure:
    a figure held n times in the database absorbs the first n rows that state it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.in_file: Counter[ContentKey] = Counter()
        self.in_db: dict[tuple[str, date], Counter[ContentKey]] = {}

    def holds(self, entry: NewEntry, ids: Sequence[str]) -> bool:
        """``ids``: the indicator's id and those it replaces, where its entries may be."""
        day = (entry.indicator_id, entry.as_of)
        if day not in self.in_db:
            self.in_db[day] = Counter(
                content_key(*day, e["mode"], e["value"], e["stage"])
                for e in self.store.logged_on(ids, entry.as_of)
            )
        content = content_key(*day, entry.mode, entry.value, entry.stage)
        self.in_file[content] += 1
        return self.in_file[content] <= self.in_db[day][content]
