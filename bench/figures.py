"""One printed line per figure, the same in every bench, and a record ``bench/run.py`` gathers.

A figure is measured beside a floor timed in the same run (never a number remembered from
another day or machine), so its ratio means something on any machine; each has the goal it
answers to. With ``KPI_BENCH_RECORD`` set, every figure is also appended to that file as a
JSON line, which is how ``run.py`` prints the whole set in one table at the end.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


def _this_checkout() -> None:
    """Every ``kpi`` a bench starts runs this checkout's code (not whatever kpitrack is
    installed), compiled as an installed package has it — even where PYTHONDONTWRITEBYTECODE
    is set, which would otherwise make each run recompile kpitrack while its floor's libraries
    come compiled."""
    src = str(Path(__file__).resolve().parent.parent / "src")
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if src not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([src, *paths])
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.setdefault(
        "PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "kpitrack-bench-pycache")
    )


_this_checkout()


@dataclass(frozen=True)
class Figure:
    measure: str
    value: float
    unit: str  # "s" or "MB"
    floor_label: str = ""
    floor: float | None = None
    goal: float | None = None  # the most the ratio (or, without a floor, the value) may be
    at_least: bool = False  # the goal is a least ratio ("kpi ≥ 10× faster")

    @property
    def ratio(self) -> float | None:
        if self.floor is None:
            return None
        return self.floor / self.value if self.at_least else self.value / self.floor

    @property
    def ok(self) -> bool | None:
        if self.goal is None:
            return None
        measured = self.ratio if self.ratio is not None else self.value
        return measured >= self.goal if self.at_least else measured <= self.goal

    @property
    def goal_text(self) -> str:
        if self.goal is None:
            return ""
        if self.floor is None:
            return f"≤ {self.goal:g} {self.unit}"
        return f"≥ {self.goal:g}× faster" if self.at_least else f"≤ {self.goal:g}×"

    def _rounded_says_otherwise(self) -> bool:
        """Whether the ratio, shown to two places, would seem to pass where it fails (or the
        other way): 0.110 s over 0.084 s is 1.3095×, over a goal of 1.3×."""
        shown = float(f"{self.ratio:.2f}")
        passes = shown >= self.goal if self.at_least else shown <= self.goal  # type: ignore[operator]
        return passes != self.ok

    @property
    def mark(self) -> str:
        return {True: "ok", False: "OVER", None: ""}[self.ok]

    def line(self) -> str:
        value = f"{_number(self.value)} {self.unit:<2}"
        floor = f"{self.floor_label:<38} {_number(self.floor)} {self.unit:<2}" if self.floor else ""
        ratio = f"{self.ratio:6.2f}×" if self.ratio is not None else ""
        if self.ratio is not None and self.goal is not None and self._rounded_says_otherwise():
            ratio = f"{self.ratio:6.3f}×"  # "1.30× ≤ 1.3× OVER" would read as a contradiction
        return (
            f"{self.measure:<46} {value}  {floor:<50} {ratio:>7}  {self.goal_text:<14} {self.mark}"
        )


def _number(value: float) -> str:
    """Three places under a second (start-up), two above."""
    return f"{value:8.3f}" if value < 1 else f"{value:8.2f}"


def skipped(reason: str) -> None:
    """Say a bench cannot run here, and tell run.py, whose count of figures within goal
    would otherwise read as complete."""
    print(f"skipped: {reason}", flush=True)
    record = os.environ.get("KPI_BENCH_RECORD")
    if record:
        with open(record, "a", encoding="utf-8") as out:
            out.write(json.dumps({"skipped": reason}, ensure_ascii=False) + "\n")


def report(figure: Figure) -> Figure:
    """Print the figure's line, and record it for run.py when asked to."""
    print(figure.line(), flush=True)
    record = os.environ.get("KPI_BENCH_RECORD")
    if record:
        with open(record, "a", encoding="utf-8") as out:
            out.write(json.dumps(asdict(figure), ensure_ascii=False) + "\n")
    return figure


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def interleaved(
    measure: Callable[[], object], floor: Callable[[], object], repeat: int = 3
) -> tuple[float, float]:
    """Best of ``repeat`` of each, taken in turns, so a busy moment hurts both alike."""
    measured, floors = [], []
    for _ in range(repeat):
        floors.append(best_of(floor, 1))
        measured.append(best_of(measure, 1))
    return min(measured), min(floors)
