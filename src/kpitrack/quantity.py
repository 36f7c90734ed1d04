"""Reading and writing numbers as a Chinese report writes them.

``59.2亿元``, ``1.05万个``, ``110%``, ``１０，５３０个``, ``750余家``, ``突破60亿元``, ``二十一个``
all parse into a :class:`Quantity`: an exact decimal, the unit text as written, and the
report's qualifier (约/余/多/突破…) kept apart so that it never pollutes the number.
Decimals, not floats, so that what a person typed is what is stored and shown again.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Context, Decimal, InvalidOperation
from functools import cache, lru_cache

from kpitrack.errors import QuantityError
from kpitrack.frozen import frozen
from kpitrack.messages import t
from kpitrack.units import (
    BASE_UNITS,
    MAGNITUDES,
    MEASURE_SYMBOLS,
    Unit,
    is_magnitude,
    known_units_hint,
    resolve_unit,
)

APPROX_PREFIXES = ("突破", "超过", "超", "约", "近", "逾", "达到", "达")
APPROX_SUFFIXES = ("以上", "左右", "余", "多")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
_CN_CHARS = "".join([*_CN_DIGITS, *_CN_SMALL, *_CN_BIG, "点"])

LIMIT = Decimal(10) ** 15  # no report counts more than this in one unit; beyond, floats lose digits


# The patterns are compiled when a number is first read, not at import: a report reads its
# figures from the database and its targets from the compiled cache, and needs none of them.
@cache
def _arabic() -> re.Pattern[str]:
    return re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")


@cache
def _date_like() -> re.Pattern[str]:
    return re.compile(
        r"^\d{4}[-/]\d{1,2}(?:[-/]\d{1,2})?$|^\d{4}\.\d{1,2}\.\d{1,2}$"
        r"|^\d{4}年\d{1,2}月(?:\d{1,2}日?)?$"
    )


@cache
def _chinese() -> re.Pattern[str]:
    return re.compile(rf"[+-]?[{_CN_CHARS}]+")


@cache
def _spaced_digits() -> re.Pattern[str]:
    return re.compile(r"[\d.]\s+[\d.]")  # "5 6": 56, or 5 and 6? nobody can say


@frozen
class Quantity:
    """A number as a report states it: value, unit as written, and any qualifier."""

    value: Decimal
    unit: str = ""
    approx: str | None = None

    def __str__(self) -> str:
        return format_quantity(self.value, self.unit, approx=self.approx)


@cache
def _spaces() -> re.Pattern[str]:
    """Spaces, the run between two Latin letters caught apart: "billion yuan" is two words."""
    return re.compile(r"(?<=[A-Za-z])(\s+)(?=[A-Za-z])|\s+")


@lru_cache(maxsize=1 << 14)  # an import asks for the same few values and dates on every row
def normalize(text: str) -> str:
    """Fold full-width digits and signs (５９．２％) and drop spaces, which reports scatter;
    an English unit keeps one space between its words (5.92 billion yuan)."""
    folded = unicodedata.normalize("NFKC", text)
    return _spaces().sub(_one_between_words, folded).replace("，", ",")


def _one_between_words(match: re.Match[str]) -> str:
    return " " if match.group(1) else ""


def looks_like_date(text: str) -> bool:
    """2024-09-30 or 2024年9月 where a value belongs: a date typed in the value's place."""
    return bool(_date_like().match(normalize(text)))


def parse_chinese_number(text: str) -> Decimal:
    """二十一 -> 21, 一万零五百 -> 10500, 三点五 -> 3.5; plain digits pass through."""
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    if not text:
        raise ValueError("empty numeral")
    integer_part, _, fraction = text.partition("点")
    total = 0
    section = 0
    digit: int | None = None
    for char in integer_part:
        if char in _CN_DIGITS:
            if digit is not None and digit != 0:
                raise ValueError(f"two digits in a row: {text}")
            digit = _CN_DIGITS[char]
        elif char in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[char]
            digit = None
        elif char in _CN_BIG:
            section += digit or 0
            if section == 0 and total == 0:
                raise ValueError(f"magnitude without a number: {text}")
            total = (total + section) * _CN_BIG[char] if char == "亿" else total + section * 10**4
            section = 0
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {char}")
    value = Decimal(sign * (total + section + (digit or 0)))
    if fraction:
        digits = "".join(str(_CN_DIGITS[c]) for c in fraction if c in _CN_DIGITS)
        if len(digits) != len(fraction):
            raise ValueError(f"bad decimal part: {fraction}")
        value += sign * Decimal(f"0.{digits}")
    return value


@lru_cache(maxsize=1 << 14)  # a Quantity is frozen: the rows of an import share theirs
def parse_quantity(text: str) -> Quantity:
    """Parse one stated number; raise QuantityError with the sentence a user should read."""
    raw = text
    if _spaced_digits().search(unicodedata.normalize("NFKC", text)):
        raise QuantityError("quantity.spaced_digits", raw=raw.strip())
    rest = normalize(text)
    if not rest:
        raise QuantityError("quantity.empty")
    if looks_like_date(rest):
        raise QuantityError("quantity.looks_like_date", raw=raw.strip())
    approx = None
    for prefix in APPROX_PREFIXES:
        if rest.startswith(prefix):
            approx, rest = prefix, rest.removeprefix(prefix)
            break
    percent = rest.startswith("百分之")  # 百分之七十六 is 76%, as a report may write it
    value, rest = _take_number(rest.removeprefix("百分之"), raw)
    if percent:
        if rest:
            raise _malformed(raw)
        rest = "%"
    for mid in ("余", "多"):
        if rest.startswith(mid) and approx is None:
            approx, rest = mid, rest.removeprefix(mid)
    for suffix in APPROX_SUFFIXES:
        if rest.endswith(suffix) and approx is None:
            approx, rest = suffix, rest.removesuffix(suffix)
            break
    if rest and not is_magnitude(rest) and resolve_unit(rest) is None:
        raise QuantityError("quantity.unknown_unit", raw=raw, unit=rest, known=known_units_hint())
    if abs(value) >= LIMIT:
        raise QuantityError("quantity.too_large", raw=raw)
    return Quantity(value, rest, approx)


def _take_number(text: str, raw: str) -> tuple[Decimal, str]:
    match = _arabic().match(text)
    if match:
        number = match.group().replace(",", "")
        rest = text[match.end() :]
        if rest[:1].isdigit() or rest[:1] in {",", "."}:
            raise _malformed(raw)
        try:
            return Decimal(number), rest
        except InvalidOperation as error:  # pragma: no cover - the regex admits only decimals
            raise _malformed(raw) from error
    match = _chinese().match(text)
    if match:
        numeral = match.group()
        # A trailing 万/亿 is a magnitude for the unit (二十万元), not part of the count.
        tail = ""
        while len(numeral) > 1 and numeral[-1] in "万亿":
            numeral, tail = numeral[:-1], numeral[-1] + tail
        try:
            return parse_chinese_number(numeral), tail + text[match.end() :]
        except ValueError as error:
            raise _malformed(raw) from error
    raise _malformed(raw)


def _malformed(raw: str) -> QuantityError:
    return QuantityError("quantity.malformed", raw=raw)


def convert(quantity: Quantity, to_unit: str) -> Decimal:
    """The quantity's value expressed in ``to_unit`` (the indicator's unit).

    No unit means the indicator's unit; a bare magnitude (35.2亿) scales the indicator's
    base unit. A unit of another kind raises, naming both kinds.
    """
    target = _unit_or_raise(to_unit)
    if quantity.unit == "":
        return quantity.value
    if is_magnitude(quantity.unit):
        return _within_limit(quantity.value * MAGNITUDES[quantity.unit] / target.factor, quantity)
    source = _unit_or_raise(quantity.unit)
    if source.kind != target.kind:
        raise _wrong_kind(quantity, source, to_unit)
    return _within_limit(quantity.value * source.factor / target.factor, quantity)


def _within_limit(value: Decimal, quantity: Quantity) -> Decimal:
    """999999999999999万亿 passes the digits' limit; in the indicator's unit it does not."""
    if abs(value) >= LIMIT:
        raise QuantityError("quantity.too_large", raw=str(quantity))
    return value


def _wrong_kind(quantity: Quantity, source: Unit, to_unit: str) -> QuantityError:
    """Refuse a unit of another kind with an example that never scales the number.

    Between counts (8000个 for an indicator in 万座) the example keeps the number's size:
    0.8万座, or 8000座 — never 8000万座. Between kinds that do not compare (5亿元 for a count
    of projects, 5% for an amount in 亿元) no size carries over, and any number offered would
    be a guess that a clerk might copy: only the unit to use is named.
    """
    magnitude, base = _magnitude(to_unit)
    fields = {
        "raw": str(quantity),
        "kind": source.kind_name,
        "unit": to_unit or t("unit.kind.number"),
    }
    counts = source.kind.startswith("count:") and base not in MEASURE_SYMBOLS
    if not counts:  # no size carries over, so no number is offered: only the unit
        return QuantityError("quantity.wrong_kind_unit", **fields)
    amount = quantity.value * _magnitude(quantity.unit)[0]
    plain = format_quantity(amount, base)
    if magnitude == 1:
        return QuantityError("quantity.wrong_kind", **fields, example=plain)
    example = format_quantity(amount / magnitude, to_unit, places=8)
    return QuantityError("quantity.wrong_count", **fields, example=example, plain=plain)


def _magnitude(symbol: str) -> tuple[Decimal, str]:
    """万座 -> (10000, 座); 千米 is a unit of its own, not a thousand 米."""
    if symbol in BASE_UNITS:
        return Decimal(1), symbol
    for prefix, magnitude in MAGNITUDES.items():
        rest = symbol.removeprefix(prefix)
        if rest != symbol and rest in BASE_UNITS:
            return magnitude, rest
    return Decimal(1), symbol


def _unit_or_raise(symbol: str) -> Unit:
    unit = resolve_unit(symbol)
    if unit is None:
        raise QuantityError(
            "quantity.unknown_unit", raw=symbol, unit=symbol, known=known_units_hint()
        )
    return unit


def exact_text(value: Decimal) -> str:
    """The decimal's digits, nothing lost and nothing added: no exponent, no trailing zeros.

    One canonical text per value (21, 21.0 and 2.1E+1 all give "21"), so stored and printed
    figures compare as text and read back as the very same Decimal.
    """
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


def rounded_to(value: Decimal, places: int) -> Decimal:
    """``value`` to ``places`` decimals (half to even), whatever its size: a ratio of a figure
    of 10^14 to a target of 10^-20 has 35 integer digits, past any fixed precision."""
    digits = max(value.adjusted(), 0) + places + 2
    return _precision(max(digits, 28)).quantize(value, _quantum(places))


@lru_cache(maxsize=64)
def _precision(digits: int) -> Context:
    """A context of ``digits`` digits, made once: a report rounds thousands of figures with
    the same few (quantize only reads it; the flags it raises are never looked at)."""
    return Context(prec=digits)


@lru_cache(maxsize=64)
def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def format_number(value: Decimal | float | int, places: int = 4) -> str:
    """Shortest plain decimal for ``value``: no exponent, no trailing zeros, no separators."""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    quantum = _quantum(places)
    rounded = number.quantize(quantum) if number.adjusted() < 28 - places else number
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def format_quantity(
    value: Decimal | float | int, unit: str, places: int = 4, approx: str | None = None
) -> str:
    """59.2 + 亿元 -> '59.2亿元': the way the report writes it, so it parses back the same.

    A qualifier goes where the report puts it: 突破60亿元, 30多个, 750余家, 60亿元以上.
    """
    number = format_number(value, places)
    if unit[:1].isascii() and unit[:1].isalpha():
        number += " "  # 120 homes, 59.2 million dollars: English reads with a space
    if approx in APPROX_PREFIXES:
        return f"{approx}{number}{unit}"
    if approx in {"余", "多"}:
        return f"{number}{approx}{unit}"
    if approx in APPROX_SUFFIXES:
        return f"{number}{unit}{approx}"
    return f"{number}{unit}"
