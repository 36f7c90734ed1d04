"""The running figures an import checks its rows against equal a plain recount of the entries,
whatever order the rows come in."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from kpitrack.checks import Ledger
from kpitrack.progress import Mode, Point

DAY0 = date(2024, 1, 1)

points = st.lists(
    st.tuples(
        st.integers(0, 30),
        st.sampled_from([Mode.SET, Mode.ADD, Mode.STAGE]),
        st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False),
        st.sampled_from(["开工", "建成", "投用"]),
    ),
    max_size=25,
)


def as_points(raw: list[tuple[int, Mode, Decimal, str]], first_seq: int) -> list[Point]:
    return [
        Point(DAY0 + timedelta(days=d), first_seq + n, mode, None if mode is Mode.STAGE else v,
              s if mode is Mode.STAGE else None)
        for n, (d, mode, v, s) in enumerate(raw)
    ]  # fmt: skip


def next_figure(everything: list[Point], day: date) -> Point | None:
    later = sorted((p for p in everything if p.as_of > day), key=lambda p: (p.as_of, p.seq))
    return next((p for p in later if p.mode is Mode.SET), None)


def recount(everything: list[Point], day: date) -> tuple[Fraction | None, str | None]:
    """The reference: sort, keep what is dated by ``day``, and replay it in fractions."""
    actual: Fraction | None = None
    stage = None
    for point in sorted(everything, key=lambda p: (p.as_of, p.seq)):
        if point.as_of > day:
            continue
        if point.mode is Mode.SET:
            actual = Fraction(point.value)
        elif point.mode is Mode.ADD:
            actual = (actual or Fraction(0)) + Fraction(point.value)
        else:
            stage = point.stage
    return actual, stage


@given(stored=points, rows=points, asked=st.lists(st.integers(0, 30), max_size=10))
def test_the_ledger_agrees_with_a_recount(
    stored: list[tuple[int, Mode, Decimal, str]],
    rows: list[tuple[int, Mode, Decimal, str]],
    asked: list[int],
) -> None:
    kept = as_points(stored, 0)
    ledger = Ledger(kept)
    seen = list(kept)
    for point, day in zip(as_points(rows, 1 << 40), asked + [0] * len(rows), strict=False):
        agrees(ledger, seen, DAY0 + timedelta(days=day))
        ledger.add(point)
        seen.append(point)
    for day in range(31):
        agrees(ledger, seen, DAY0 + timedelta(days=day))


def agrees(ledger: Ledger, seen: list[Point], day: date) -> None:
    """The ledger's actual, stage and next figure at ``day`` are the recount's."""
    actual, stage = recount(seen, day)
    got = ledger.actual_at(day)
    assert (None if got is None else Fraction(got)) == actual
    assert ledger.stage_at(day) == stage
    assert ledger.next_figure(day) == next_figure(seen, day)
