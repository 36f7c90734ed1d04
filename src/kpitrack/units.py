"""The units a report's numbers come in, and which of them convert into each other.

A unit belongs to a *kind* (money, area, a count of one measure word…); values convert only
within a kind. Chinese counts are counted in measure words (个, 家, 所, 名…): 5家 and 5所
count different things, so each measure word is a kind of its own and 5家 is refused where
个 is expected. Magnitude prefixes (万, 亿…) combine with any unit: 1.05万个 is 10500个.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kpitrack.frozen import frozen
from kpitrack.messages import t

MAGNITUDES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "十万": Decimal(10) ** 5,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
    "百": Decimal(10) ** 2,
}

# Measurement units that are not plain counts: symbol -> (kind, factor to the kind's base).
_MEASURES: dict[str, tuple[str, Decimal]] = {
    "元": ("money", Decimal(1)),
    "%": ("percent", Decimal(1)),
    "米": ("length", Decimal(1)),
    "公里": ("length", Decimal(1000)),
    "千米": ("length", Decimal(1000)),
    "平方米": ("area", Decimal(1)),
    "平方公里": ("area", Decimal(10) ** 6),
    "公顷": ("area", Decimal(10) ** 4),
    "亩": ("area", Decimal(10000) / Decimal(15)),
    "吨": ("weight", Decimal(1000)),
    "千克": ("weight", Decimal(1)),
    "公斤": ("weight", Decimal(1)),
    "天": ("days", Decimal(1)),
    "小时": ("hours", Decimal(1)),
}

# Measure words (量词) seen in work reports; each counts its own kind of thing.
MEASURE_WORDS = tuple(
    "个家所名次条项座人件户套台辆处栋间张场批类种位只份块支部届期轮宗笔株棵盏根道片段幢层床班起例篇本"
)

# English reports (kpi extract): their units, and magnitudes written as words (59.2 million
# dollars). Any other English word after a number is the noun it counts (120 homes).
_ENGLISH_MEASURES: dict[str, tuple[str, Decimal]] = {
    "percent": ("percent", Decimal(1)),
    "yuan": ("money", Decimal(1)),
    "dollars": ("money:USD", Decimal(1)),
    "euros": ("money:EUR", Decimal(1)),
    "pounds": ("money:GBP", Decimal(1)),
    "minutes": ("minutes", Decimal(1)),
    "hours": ("hours", Decimal(1)),
    "days": ("days", Decimal(1)),
    "metres": ("length", Decimal(1)),
    "km": ("length", Decimal(1000)),
    "miles": ("length", Decimal("1609.344")),
    "squarekm": ("area", Decimal(10) ** 6),
    "squaremetres": ("area", Decimal(1)),
    "hectares": ("area", Decimal(10) ** 4),
    "acres": ("area", Decimal("4046.8564224")),
    "tons": ("weight", Decimal(1000)),
    "kg": ("weight", Decimal(1)),
}
ENGLISH_MAGNITUDES: dict[str, Decimal] = {
    "trillion": Decimal(10) ** 12,
    "billion": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3,
}
MAGNITUDES.update(ENGLISH_MAGNITUDES)

# Units that measure something other than a count: a size never carries over to or from them.
MEASURE_SYMBOLS = frozenset(_MEASURES) | frozenset(_ENGLISH_MEASURES)

BASE_UNITS: dict[str, tuple[str, Decimal]] = {
    **_MEASURES,
    **_ENGLISH_MEASURES,
    **{word: (f"count:{word}", Decimal(1)) for word in MEASURE_WORDS},
}

KINDS = ("money", "percent", "length", "area", "weight", "days", "hours", "number")


@frozen
class Unit:
    """A unit as written (``symbol``), its kind, and its size in the kind's base unit."""

    symbol: str
    kind: str
    factor: Decimal

    @property
    def kind_name(self) -> str:
        if self.kind.startswith("count:"):  # 5家 is not 5个
            return t("unit.kind.count", unit=self.kind.removeprefix("count:"))
        return t(f"unit.kind.{self.kind}") if self.kind in KINDS else self.kind


def resolve_unit(symbol: str) -> Unit | None:
    """Read a unit symbol such as 亿元, 万个 or % ; None when it is not a unit at all.

    The empty symbol is the dimensionless number. A bare magnitude (万, 亿) is not a unit
    by itself: it scales whatever unit the indicator has, so callers handle it.
    """
    if symbol == "":
        return Unit("", "number", Decimal(1))
    key = symbol.replace(" ", "")
    if key in BASE_UNITS:
        kind, factor = BASE_UNITS[key]
        return Unit(symbol, kind, factor)
    for prefix, magnitude in MAGNITUDES.items():
        rest = key.removeprefix(prefix)
        if rest != key and rest in BASE_UNITS:
            kind, factor = BASE_UNITS[rest]
            return Unit(symbol, kind, factor * magnitude)
        if rest != key and prefix in ENGLISH_MAGNITUDES and _ENGLISH_NOUN.fullmatch(rest):
            return Unit(symbol, _english_count(rest), magnitude)
    if _ENGLISH_NOUN.fullmatch(key):
        return Unit(symbol, _english_count(key), Decimal(1))
    return None


_ENGLISH_NOUN = re.compile(r"(?=[A-Za-z]*[AEIOUYaeiouy])[A-Za-z]{3,30}")  # homes, not 12ab


def _english_count(noun: str) -> str:
    """A count of an English noun; hospital and hospitals count the same thing."""
    word = noun.lower()
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("ses", "xes", "ches", "shes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return f"count:{word}"


def is_magnitude(symbol: str) -> bool:
    return symbol in MAGNITUDES


def known_units_hint() -> str:
    return t("unit.known")
