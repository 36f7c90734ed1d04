"""Numbers as a Chinese report writes them parse into exact values and print back the same."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitrack.errors import QuantityError
from kpitrack.quantity import (
    Quantity,
    convert,
    format_quantity,
    parse_chinese_number,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("59.2亿元", "59.2", "亿元", None),
        ("1.05万个", "1.05", "万个", None),
        ("110%", "110", "%", None),
        ("10530个", "10530", "个", None),
        ("１０，５３０个", "10530", "个", None),  # full-width digits and comma
        ("10,530个", "10530", "个", None),
        ("５９．２亿元", "59.2", "亿元", None),
        ("１１０％", "110", "%", None),
        ("750余家", "750", "家", "余"),
        ("30多个", "30", "个", "多"),
        ("突破60亿元", "60", "亿元", "突破"),
        ("60亿元以上", "60", "亿元", "以上"),
        ("约 3.5 万元", "3.5", "万元", "约"),
        ("二十一个", "21", "个", None),
        ("三所", "3", "所", None),
        ("+3", "3", "", None),
        ("35.2亿", "35.2", "亿", None),
        ("21", "21", "", None),
    ],
)
def test_report_numbers_parse_into_value_unit_and_qualifier(
    text: str, value: str, unit: str, approx: str | None
) -> None:
    assert parse_quantity(text) == Quantity(Decimal(value), unit, approx)


@pytest.mark.parametrize("text", ["", "abc", "1,5", "5..2", "12ab", "亿元", "1.2.3"])
def test_malformed_numbers_are_refused_with_a_sentence(text: str) -> None:
    with pytest.raises(QuantityError) as error:
        parse_quantity(text)
    message = str(error.value)
    assert message.endswith("。")
    assert "\n" not in message


def test_absurdly_large_numbers_are_refused() -> None:
    with pytest.raises(QuantityError, match="太大"):
        parse_quantity("9" * 40 + "个")
    assert parse_quantity("999999999999999").value == Decimal("999999999999999")


def test_a_magnitude_that_takes_a_value_past_the_limit_is_refused_on_conversion() -> None:
    """999999999999999万亿 has few enough digits; in the indicator's unit it is 10^27."""
    with pytest.raises(QuantityError, match="太大"):
        convert(parse_quantity("999999999999999万亿"), "个")
    assert convert(parse_quantity("9999亿"), "元") == Decimal("999900000000")


@pytest.mark.parametrize("text", ["5 6", "1 0530个", "59. 2亿元", "５　６"])
def test_digits_split_by_a_space_are_refused_not_joined(text: str) -> None:
    with pytest.raises(QuantityError, match="空格"):
        parse_quantity(text)
    assert parse_quantity(" 56 个 ").value == 56  # spaces around a number are harmless


def test_an_unknown_unit_is_named_in_the_refusal() -> None:
    with pytest.raises(QuantityError, match="「光年」"):
        parse_quantity("5光年")


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("3520万元", "亿元", "0.352"),
        ("35.2亿", "亿元", "35.2"),
        ("35.2亿元", "万元", "352000"),
        ("1.05万个", "个", "10500"),
        ("21", "个", "21"),
        ("3公顷", "平方米", "30000"),
    ],
)
def test_values_convert_into_the_indicator_unit(text: str, unit: str, expected: str) -> None:
    assert convert(parse_quantity(text), unit) == Decimal(expected)


@pytest.mark.parametrize(("text", "unit"), [("5亿元", "个"), ("5家", "个"), ("50%", "亿元")])
def test_a_unit_of_another_kind_is_refused(text: str, unit: str) -> None:
    with pytest.raises(QuantityError, match="按「"):
        convert(parse_quantity(text), unit)


@pytest.mark.parametrize(
    ("value", "unit", "approx", "text"),
    [
        ("59.2", "亿元", None, "59.2亿元"),
        ("750", "家", "余", "750余家"),
        ("30", "个", "多", "30多个"),
        ("60", "亿元", "突破", "突破60亿元"),
        ("60", "亿元", "以上", "60亿元以上"),
        ("10530", "个", None, "10530个"),
        ("0.35200", "亿元", None, "0.352亿元"),
    ],
)
def test_quantities_display_the_way_the_report_writes_them(
    value: str, unit: str, approx: str | None, text: str
) -> None:
    assert format_quantity(Decimal(value), unit, approx=approx) == text


UNITS = st.sampled_from(["", "个", "万个", "亿元", "万元", "元", "%", "家", "所", "名", "公顷"])
APPROX = st.sampled_from([None, "余", "多", "突破", "约", "以上", "左右"])
DECIMALS = st.decimals(
    min_value=Decimal("0"),
    max_value=Decimal("1e12"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)


@given(DECIMALS, UNITS, APPROX)
def test_format_then_parse_gives_back_the_same_quantity(
    value: Decimal, unit: str, approx: str | None
) -> None:
    parsed = parse_quantity(format_quantity(value, unit, approx=approx))
    assert parsed.value == value
    assert parsed.unit == unit
    assert parsed.approx == approx


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from([",", "，"]))
def test_thousands_separators_and_full_width_digits_read_as_plain_digits(
    n: int, comma: str
) -> None:
    grouped = f"{n:,}".replace(",", comma)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in grouped)
    assert parse_quantity(grouped + "个").value == n
    assert parse_quantity(full_width + "个").value == n


def _reference_chinese(n: int) -> str:
    """A straightforward integer → Chinese numeral writer, section by section."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"

    def section(x: int) -> str:
        out, zero = "", False
        for power, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // power % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            out += digits[d] + name
        return out

    parts = []
    for big, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // big % 10**4 if big < 10**8 else n // big
        if chunk:
            if parts and chunk < 1000:
                parts.append("零")
            parts.append(section(chunk) + name)
        elif parts and n % big:
            parts.append("零")
    text = "".join(parts)
    while "零零" in text:
        text = text.replace("零零", "零")
    return text.rstrip("零")


@given(st.integers(min_value=1, max_value=10**11))
def test_chinese_numerals_agree_with_a_reference_writer(n: int) -> None:
    assert parse_chinese_number(_reference_chinese(n)) == n


@pytest.mark.parametrize(
    ("text", "n"), [("十", 10), ("十五", 15), ("两百", 200), ("一万零五百", 10500)]
)
def test_common_chinese_numerals(text: str, n: int) -> None:
    assert parse_chinese_number(text) == n


@given(
    DECIMALS,
    st.sampled_from(
        [("万元", "亿元", 10**4, 10**8), ("个", "万个", 1, 10**4), ("亿元", "元", 10**8, 1)]
    ),
)
def test_conversion_multiplies_by_the_ratio_of_unit_sizes(
    value: Decimal, case: tuple[str, str, int, int]
) -> None:
    source, target, source_size, target_size = case
    expected = Fraction(value) * source_size / target_size  # an independent, exact reference
    if abs(expected) >= 10**15:  # beyond what one unit of any report counts: refused
        with pytest.raises(QuantityError, match="太大"):
            convert(Quantity(value, source), target)
        return
    assert Fraction(convert(Quantity(value, source), target)) == expected


@pytest.mark.parametrize(
    ("text", "value"), [("百分之七十六", "76"), ("百分之7.5", "7.5"), ("百分之一百一十", "110")]
)
def test_a_percentage_written_out_in_words_is_a_percent(text: str, value: str) -> None:
    assert parse_quantity(text) == Quantity(Decimal(value), "%")


@pytest.mark.parametrize(
    "text", ["2026-09-30", "2024/9/30", "2024.9.30", "2024年9月", "2024年9月30日"]
)
def test_a_date_given_as_the_value_is_named_a_date(text: str) -> None:
    with pytest.raises(QuantityError) as raised:
        parse_quantity(text)
    assert "是日期，不是数值" in str(raised.value) and "--date" in str(raised.value)


def test_a_year_and_a_decimal_that_look_like_dates_are_still_numbers() -> None:
    assert parse_quantity("2024").value == Decimal(2024)
    assert parse_quantity("2024.9").value == Decimal("2024.9")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("5.92 billion yuan", "5.92 billion yuan"),
        ("120  affordable   homes", "120 affordable homes"),
        ("59.2 亿元", "59.2亿元"),
        ("１２０ 万 元", "120万元"),
    ],
)
def test_an_english_unit_keeps_one_space_between_its_words(typed: str, shown: str) -> None:
    assert str(parse_quantity(typed)) == shown
