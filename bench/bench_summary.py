"""`kpi summary --week` at 1,000 indicators and 1M entries: the table against its JSON (issue 13).

Run by hand: python bench/bench_summary.py [ENTRIES]   (default 1000000)

The table lists each list to 50 rows and counts the rest (``--all`` lists every one), so it
costs no more than the JSON, which lists every entry. Goal: table ≤ 1.5× JSON, in the same run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import scale
from figures import Figure, report

WEEK = "2024-W10"
TRIES = 3


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `kpi` process (CPU is the steadier on a busy machine)."""
    env = {**os.environ, "KPI_USER": "bench"}
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    kpi = [sys.executable, "-m", "kpitrack", "summary", "--week", WEEK]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ids = scale.write_targets(folder / "targets.yaml")
        subprocess.run([*kpi[:3], "init"], cwd=folder, check=True, capture_output=True)
        scale.fill(folder / "kpi.db", ids, entries)
        table, json = [], []
        for _ in range(TRIES):  # interleaved, best of each
            json.append(timed([*kpi, "--format", "json"], folder))
            table.append(timed(kpi, folder))
        every = timed([*kpi, "--all"], folder)
    best_json, best_table = min(json), min(table)
    cpu = min(c for _, c in table) / min(c for _, c in json)
    report(
        Figure(
            f"kpi summary --week table, {entries:,} entries", best_table[0], "s",
            "its JSON", best_json[0], 1.5,
        )
    )  # fmt: skip
    print(f"  (CPU {cpu:.2f}×; --all lists every entry in {every[0]:.2f} s)")


if __name__ == "__main__":
    main()
