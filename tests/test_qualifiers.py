"""What a qualifier means for a target: 30多个 asks for more than 30 (issue 9).

The rule lives in one pure function, ``qualifiers.target_met``; here it is checked against an
independent reading: a figure is a pair (its number, whether it says "above"), compared in
lexicographic order. A number said to be above comes after the plain number and before
any larger one, which is what 多/余/突破… mean.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from kpitrack.model import Direction
from kpitrack.progress import Mode, Point
from kpitrack.qualifiers import ABOVE, qualifier_at, says_above, target_met
from kpitrack.quantity import APPROX_PREFIXES, APPROX_SUFFIXES, parse_quantity

ABOVE_WORDS = ["多", "余", "超过", "超", "突破", "逾"]
NUMBER_ITSELF = ["约", "近", "左右", "达", "达到", "以上"]  # 以上 includes its number
QUALIFIERS = st.sampled_from([None, *ABOVE_WORDS, *NUMBER_ITSELF])
# few distinct small numbers, so that equal actual and target come up often
NUMBERS = st.integers(-3, 40).map(lambda n: Decimal(n) / 2)


def reference(actual: Decimal, actual_q: str | None, target: Decimal, target_q: str | None) -> bool:
    above = set(ABOVE_WORDS)
    figure = (Fraction(actual), 1 if actual_q in above else 0)
    wanted = (Fraction(target), 1 if target_q in above else 0)
    return figure >= wanted


@given(NUMBERS, QUALIFIERS, NUMBERS, QUALIFIERS)
def test_a_target_is_met_as_the_ordered_pairs_say(
    actual: Decimal, actual_q: str | None, target: Decimal, target_q: str | None
) -> None:
    assert target_met(actual, actual_q, target, target_q) == reference(
        actual, actual_q, target, target_q
    )


@given(NUMBERS, QUALIFIERS, NUMBERS, QUALIFIERS)
def test_a_limit_is_kept_at_or_under_it_whatever_the_words(
    actual: Decimal, actual_q: str | None, target: Decimal, target_q: str | None
) -> None:
    kept = target_met(actual, actual_q, target, target_q, Direction.AT_MOST)
    assert kept == (Fraction(actual) <= Fraction(target))


def test_the_report_examples() -> None:
    thirty_odd = (Decimal(30), "多")
    assert not target_met(Decimal(30), None, *thirty_odd)  # 30个 against 30多个
    assert target_met(Decimal(30), "多", *thirty_odd)  # 30多个
    assert target_met(Decimal(30), "突破", *thirty_odd)  # 突破30个
    assert target_met(Decimal(31), None, *thirty_odd)
    assert not target_met(Decimal(30), "约", *thirty_odd)  # 约 is the number itself
    assert target_met(Decimal(20), None, Decimal(20), "以上")  # 20个 meets 20个以上
    assert not target_met(Decimal(20), "以上", *thirty_odd[:1], "多")
    assert target_met(Decimal(3), None, Decimal(3), None)  # 确保3所: 3所 is enough


def test_above_words_are_the_ones_the_parser_reads() -> None:
    assert set(ABOVE_WORDS) == ABOVE
    assert ABOVE.issubset({*APPROX_PREFIXES, *APPROX_SUFFIXES})
    assert not any(says_above(word) for word in [None, *NUMBER_ITSELF])
    assert [parse_quantity(text).approx for text in ["突破60亿元", "750余家", "30多个"]] == [
        "突破",
        "余",
        "多",
    ]


ENTRIES = st.lists(
    st.tuples(st.integers(0, 20), st.sampled_from([Mode.SET, Mode.ADD]), QUALIFIERS),
    max_size=12,
)


@given(ENTRIES, st.integers(0, 20))
def test_the_actuals_qualifier_is_the_latest_figures_unless_an_increment_brings_one(
    logged: list[tuple[int, Mode, str | None]], day_offset: int
) -> None:
    start = date(2024, 1, 1)
    points = [
        Point(start + timedelta(days=offset), seq, mode, Decimal(1), qualifier=q)
        for seq, (offset, mode, q) in enumerate(logged)
    ]
    day = start + timedelta(days=day_offset)
    expected: str | None = None
    counted = sorted((p for p in points if p.as_of <= day), key=lambda p: (p.as_of, p.seq))
    for point in reversed(counted):  # walking back: the first figure or qualified increment
        if point.mode is Mode.SET or point.qualifier is not None:
            expected = point.qualifier
            break
    assert qualifier_at(points, day) == expected
