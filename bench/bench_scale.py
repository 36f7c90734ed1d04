"""`kpi import` at a district's real scale and beyond (issue 13); export: bench_export.py.

Run by hand: python bench/bench_scale.py [--rows N ...] [--runs R]
(default: 100000 and 1000000 rows, best of 1; `--rows 100000` is a quick run of about half
a minute).

1,000 indicators shaped like the repository's (totals, levels, milestones), CSV files of
ROWS entries. Every figure is the installed `kpi` as a process (time and peak resident
memory), each against a floor timed in the same run (floor and figure interleaved, best of
R each):

Python reading the same CSV with the csv module and `sqlite3.executemany` of the same rows
into the same schema (same indexes and triggers), in one transaction.

Goals: import ≤ 2× its floor and ≤ 150 MB at 1M.
Figures before and after: bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Figure, report

INDICATORS = 1_000
KINDS = ("total", "level", "milestone")
STAGES = ("立项", "开工", "主体完工", "竣工")

FLOOR_IMPORT = """
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
with open(sys.argv[2], encoding="utf-8", newline="") as handle:
    reader = csv.reader(handle)
    next(reader)
    rows = (
        (i, "stage" if v in STAGES else ("add" if v.startswith("+") else "set"),
         None if v in STAGES else float(v), None if v in STAGES else v.lstrip("+"),
         v if v in STAGES else None, "个", v, d, "2024-12-31T00:00:00+08:00", "bench", n)
        for i, v, d, n in reader
    )
    db.execute("begin immediate")
    db.executemany(
        "insert into entries (indicator_id, mode, value, amount, stage, unit, input, as_of,"
        " logged_at, author, note) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.execute("commit")
"""


def write_targets(path: Path) -> list[tuple[str, str]]:
    """A declaration of 1,000 indicators in 20 areas; returns (id, kind) of each."""
    lines = ["report: 压力测试", "defaults:", "  period: 2024", "  cycle: monthly", "areas:"]
    made: list[tuple[str, str]] = []
    for area in range(20):
        lines += [f"  - id: area-{area}", f"    name: 第{area}组", "    indicators:"]
        for n in range(INDICATORS // 20):
            number = area * (INDICATORS // 20) + n
            kind = KINDS[number % 3]
            ident = f"ind-{number:04d}"
            lines += [f"      - id: {ident}", f"        name: 指标{number}号"]
            if kind == "milestone":
                lines += ["        measure: milestone", f"        stages: [{', '.join(STAGES)}]"]
            else:
                lines += [f"        measure: {kind}", "        target: 1000000个"]
            made.append((ident, kind))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return made


def write_csv(path: Path, indicators: list[tuple[str, str]], rows: int) -> None:
    """Rows spread over the indicators and the first half of 2024, one line each."""
    with path.open("w", encoding="utf-8") as out:
        out.write("指标编号,数值,日期,备注\n")
        for n in range(rows):
            ident, kind = indicators[n % len(indicators)]
            step = n // len(indicators)
            day = date(2024, 1, 1) + timedelta(days=(n * 180) // rows)
            if kind == "milestone":
                value = STAGES[min(step * len(STAGES) // max(rows // len(indicators), 1), 3)]
            elif kind == "level":
                value = str(step + 1)
            else:
                value = "+1"
            out.write(f"{ident},{value},{day.isoformat()},第{n}条\n")


def run(args: list[str], cwd: Path) -> tuple[float, float, float]:
    """Seconds, peak resident memory (MB) and CPU seconds of one process (the CPU time is
    the steadier figure on a busy machine)."""
    env = {**os.environ, "KPI_USER": "bench"}
    started = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - started
    error = process.stderr.read().decode() if process.stderr else ""
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{error[-2000:]}")
    return took, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def kpi(*args: str) -> list[str]:
    return [sys.executable, "-m", "kpitrack", *args]


def line(
    name: str,
    figure: tuple[float, float, float],
    floor: tuple[float, float, float],
    goal: float,
    memory: float | None = None,
    floor_label: str = "raw executemany, same rows",
) -> None:
    """The time against the floor's, and the peak memory against its own goal where it has one
    (figures are (wall seconds, peak MB, CPU seconds))."""
    report(Figure(name, figure[0], "s", floor_label, floor[0], goal))
    report(Figure(f"{name}, peak memory", figure[1], "MB", goal=memory))
    print(f"  (CPU {figure[2] / floor[2]:.2f}× the floor's; floor peak {floor[1]:.0f} MB)")


def best(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """The fastest run (its memory beside it): the least disturbed by the machine's others."""
    return min(runs)


def bench_import(folder: Path, csv: Path, rows: int, runs: int) -> None:
    """The import against its floor; beside it, what any `kpi import` costs before its first
    row (start-up, targets.yaml of 1,000 indicators, the database opened): a one-row file."""
    floor_script = f"STAGES = {STAGES!r}\n" + FLOOR_IMPORT
    one = folder / "one.csv"
    with csv.open(encoding="utf-8") as lines:  # two lines: the bench stays small, and so
        one.write_text(lines.readline() + lines.readline(), encoding="utf-8")  # do its children
    floors, figures, fixed = [], [], []
    for _ in range(runs):  # interleaved: a busy moment slows both, not one
        shutil.copy(folder / "empty.db", folder / "floor.db")
        floors.append(run([sys.executable, "-c", floor_script, "floor.db", str(csv)], folder))
        shutil.copy(folder / "empty.db", folder / "kpi.db")
        fixed.append(run(kpi("import", str(one), "--quiet"), folder))
        shutil.copy(folder / "empty.db", folder / "kpi.db")
        figures.append(run(kpi("import", str(csv), "--quiet"), folder))
    memory = 150 if rows >= 10**6 else None
    line(f"kpi import, {rows:,} rows", best(figures), best(floors), 2, memory)
    start, figure, floor = best(fixed), best(figures), best(floors)
    print(
        f"{'  of which before row 1':<26} {start[0]:>7.2f} s {start[1]:>6.0f} MB"
        f"   (rows alone: {(figure[0] - start[0]) / floor[0]:.2f}× the floor)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=1, help="best of this many of each")
    options = parser.parse_args()
    for rows in options.rows:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            indicators = write_targets(folder / "targets.yaml")
            csv = folder / "rows.csv"
            write_csv(csv, indicators, rows)
            run(kpi("init"), folder)
            shutil.copy(folder / "kpi.db", folder / "empty.db")
            bench_import(folder, csv, rows, options.runs)  # export: bench/bench_export.py


if __name__ == "__main__":
    main()
