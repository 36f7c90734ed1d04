"""Every figure of issue 13 in one run: python bench/run.py [--quick]

Runs each bench below as its own process (their lines print as they come), then prints every
figure again in one table with its floor, ratio and goal, and how many are within goal. The
full size is the issue's (1,000 indicators; 100k and 1M entries) and takes about seven minutes
on a 2-core machine; ``--quick`` uses 100k where the full size uses 1M (about three), for a
first look — the goals are stated at the full size.

Run it on a quiet machine: every ratio is against a floor timed in the same run, but two
processes competing for two cores still blur them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Figure

HERE = Path(__file__).resolve().parent

# (script, arguments at full size, arguments with --quick)
BENCHES: list[tuple[str, list[str], list[str]]] = [
    ("bench_startup.py", [], []),
    ("bench_read.py", ["1000000"], ["100000"]),
    ("bench_summary.py", ["1000000"], ["100000"]),
    ("bench_scale.py", ["--rows", "100000", "1000000"], ["--rows", "100000"]),
    ("bench_export.py", ["1000000"], ["100000"]),
    ("bench_hledger.py", ["100000"], ["100000"]),
]


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "figures.jsonl"
        record.touch()
        env = {**os.environ, "KPI_BENCH_RECORD": str(record)}
        failed: list[str] = []
        for script, full, small in BENCHES:
            print(f"\n== {script} {' '.join(small if quick else full)}", flush=True)
            done = subprocess.run(
                [sys.executable, str(HERE / script), *(small if quick else full)], env=env
            )
            if done.returncode != 0:
                print(f"{script} failed (exit {done.returncode})", flush=True)
                failed.append(f"{script} failed (exit {done.returncode})")
        lines = [json.loads(line) for line in record.read_text().splitlines()]
        figures = [Figure(**line) for line in lines if "skipped" not in line]
        missing = [*failed, *(line["skipped"] for line in lines if "skipped" in line)]
    print(f"\n== every figure{' (quick sizes)' if quick else ''}\n")
    for figure in figures:
        print(figure.line())
    judged = [f for f in figures if f.ok is not None]
    over = [f for f in judged if not f.ok]
    print(f"\n{len(judged) - len(over)} of {len(judged)} within goal", end="")
    print(": " + "; ".join(f.measure for f in over) if over else "")
    for reason in missing:  # a figure not measured is not one within goal
        print(f"not measured: {reason}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
