"""`kpi export` of every entry at a district's scale and beyond (issue 13).

Run by hand: python bench/bench_export.py [ROWS ...]   (default: 1000000)

1,000 indicators shaped like the repository's, ROWS entries logged by `kpi import` (notes,
source, import number as a real import leaves them). Each figure is the installed `kpi` as a
process, the best of a few runs interleaved with its floor, timed in the same run:

- floor: the `sqlite3` shell's `.mode csv` dump of the same rows and columns the export
  writes: the entries not voided, in logging order, with each indicator's name (joined from
  the database's `indicators` table, as kpi joins the names it reads from targets.yaml).

Goals: CSV ≤ 2× its floor and ≤ 100 MB peak at 1M; JSON has no goal of its own (as close as
it can); its ratio is against the same floor.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import write_csv, write_targets
from figures import Figure, report, skipped

REPEAT = 3
FLOOR = (
    "select e.id, e.indicator_id, i.name, e.input, e.as_of, e.note, e.author, e.source, e.key,"
    " e.confirmed, e.logged_at from entries e join indicators i on i.id = e.indicator_id"
    " where not exists (select 1 from standing_voids v where v.entry_id = e.id) order by e.id"
)


def run(args: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one process."""
    env = {**os.environ, "KPI_USER": "bench"}
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - started
    if status != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(args)} failed:\n{error[-2000:]}")
    return took, usage.ru_maxrss / 1024


def kpi(*args: str) -> list[str]:
    return [sys.executable, "-m", "kpitrack", *args]


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1_000_000]
    sqlite = shutil.which("sqlite3")
    if sqlite is None:
        skipped("kpi export: no sqlite3 shell for its floor (apt-get install sqlite3)")
        return
    for rows in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            write_csv(folder / "rows.csv", write_targets(folder / "targets.yaml"), rows)
            run(kpi("init"), folder)
            run(kpi("import", "rows.csv"), folder)
            floor: list[float] = []
            csv: list[tuple[float, float]] = []
            json: list[tuple[float, float]] = []
            for _ in range(REPEAT):  # interleaved: a busy spell falls on each alike
                floor.append(run([sqlite, "-csv", "-header", "kpi.db", ".output dump.csv",
                                  FLOOR], folder)[0])  # fmt: skip
                csv.append(run(kpi("export", "all.csv", "--force"), folder))
                json.append(run(kpi("export", "all.json", "--force"), folder))
            base, label = min(floor), "sqlite3 .mode csv, same rows + names"
            size = f"{rows:,}".replace(",000,000", "M").replace(",000", "k")
            report(Figure(f"kpi export csv, {size} entries", min(t for t, _ in csv), "s",
                          label, base, 2))  # fmt: skip
            report(Figure(f"kpi export csv, {size} entries, peak", max(m for _, m in csv), "MB",
                          goal=100))  # fmt: skip
            report(Figure(f"kpi export json, {size} entries", min(t for t, _ in json), "s",
                          label, base))  # fmt: skip
            report(Figure(f"kpi export json, {size} entries, peak", max(m for _, m in json),
                          "MB", goal=100))  # fmt: skip


if __name__ == "__main__":
    main()
