"""`kpi import` and `kpi export` at a district's real scale and beyond (issue 13).

Run by hand: python bench/bench_scale.py [ROWS ...]   (default: 100000 1000000)

1,000 indicators shaped like the repository's (totals, levels, milestones), CSV files of
ROWS entries. Every figure is the installed `kpi` as a process (time and peak resident
memory), each against a floor timed in the same run:

- import: Python reading the same CSV with the csv module and `sqlite3.executemany` of the
  same rows into the same schema (same indexes), in one transaction;
- export: the `sqlite3` shell's `.mode csv` dump of the same rows.

Goals: import ≤ 2× its floor and ≤ 150 MB at 1M; export ≤ 2× its floor and ≤ 100 MB at 1M.

Measured on the 2-core machine, busy with other work (wall time; ratios in the same run):

| figure                  | before (this bench)      | after                      |
|-------------------------|--------------------------|----------------------------|
| import 100k             | 26.4 s, 251 MB, 9.4×     | 7.6 s, 164 MB, 5.3×        |
| import 1M               | 120 s, 1.82 GB, 7.7×     | 47.7 s, 1.09 GB, 3.5×      |
| export 100k             | 6.9 s, 412 MB, 18.7×     | 3.1 s, 71 MB, 15.9×        |
| export 1M               | 33.8 s, 3.54 GB, 20.4×   | 18.8 s, 71 MB, 11.6×       |

Still over: import time (rows are checked one by one in Python: read_row, prepare_entry,
the checks at entry) and import memory (the file is read whole into rows before the plan;
the plan holds every entry); export time (an Entry and a row dict per entry, in Python).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

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
    name: str, figure: tuple[float, float, float], floor: tuple[float, float, float], goal: float
) -> None:
    ratio, cpu = figure[0] / floor[0], figure[2] / floor[2]
    mark = "ok" if ratio <= goal else "over"
    print(
        f"{name:<26} {figure[0]:>7.2f} s {figure[1]:>6.0f} MB   floor {floor[0]:>6.2f} s"
        f" {floor[1]:>4.0f} MB   {ratio:>5.2f}× (CPU {cpu:>5.2f}×; goal ≤ {goal}×, {mark})"
    )


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [100_000, 1_000_000]
    for rows in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            indicators = write_targets(folder / "targets.yaml")
            csv = folder / "rows.csv"
            write_csv(csv, indicators, rows)
            run(kpi("init"), folder)
            shutil.copy(folder / "kpi.db", folder / "floor.db")
            floor_script = f"STAGES = {STAGES!r}\n" + FLOOR_IMPORT
            floor = run([sys.executable, "-c", floor_script, "floor.db", str(csv)], folder)
            figure = run(kpi("import", str(csv)), folder)
            line(f"kpi import, {rows:,} rows", figure, floor, 2)
            # export: bench/bench_export.py


if __name__ == "__main__":
    main()
