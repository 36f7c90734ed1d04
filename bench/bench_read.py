"""Reports at a district's scale (issue 13). Run by hand: python bench/bench_read.py [entries]

1,000 indicators shaped like the repository's (bench/scale.py), with no entries and with
1M (or the number given); each figure is the best of a few runs of the installed ``kpi`` as a
process, beside the floor it is measured against in the same run, and the ratio with its goal.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale

ROOT = Path(__file__).resolve().parent.parent
# the console script beside this Python, not a shell shim found first on PATH (pyenv's adds
# a bash and a pyenv exec to every run: 0.1-0.4 s, more than kpi's own start)
_BESIDE = Path(sys.executable).parent / "kpi"
KPI = str(_BESIDE) if _BESIDE.exists() else shutil.which("kpi") or "kpi"
AS_OF = ["--as-of", scale.AS_OF.isoformat()]


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def kpi(folder: Path, *args: str) -> Callable[[], object]:
    return lambda: subprocess.run([KPI, *args], cwd=folder, capture_output=True, check=True)


def district(folder: Path, entries: int) -> Path:
    folder.mkdir()
    ids = scale.write_targets(folder / "targets.yaml")
    kpi(folder, "init")()
    if entries:
        scale.fill(folder / "kpi.db", ids, entries)
    return folder


def row(label: str, seconds: float, floor_label: str, floor: float, goal: float) -> None:
    ratio = seconds / floor
    mark = "ok" if ratio <= goal else "OVER"
    print(
        f"{label:<44} {seconds:7.2f} s  {floor_label:<34} {floor:7.2f} s"
        f"  {ratio:5.2f}×  (goal ≤ {goal}×) {mark}"
    )


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        empty = district(Path(tmp) / "empty", 0)
        full = district(Path(tmp) / "full", entries)
        n = f"{entries:,}"
        print(f"1,000 indicators; best of 3; {n} entries beside none\n")
        for form in ("json", "table"):
            args = ("status", *AS_OF, "--format", form)
            row(
                f"kpi status {form}, {n} entries", best_of(kpi(full, *args)),
                "same, no entries", best_of(kpi(empty, *args)), 1.3,
            )  # fmt: skip
        json_time = best_of(kpi(empty, "status", *AS_OF, "--format", "json"))
        row(
            "kpi status table, 1,000 rows", best_of(kpi(empty, "status", *AS_OF)),
            "its JSON", json_time, 2.0,
        )  # fmt: skip

        def view() -> None:
            conn = sqlite3.connect(full / "kpi.db")
            conn.execute("select * from current_status").fetchall()
            conn.close()

        seconds = best_of(view)
        print(f"{'current_status view, ' + n + ' entries':<44} {seconds:7.2f} s  (goal < 0.5 s)")

        seed = Path(tmp) / "seed"
        seed.mkdir()
        shutil.copy(ROOT / "targets.yaml", seed / "targets.yaml")
        kpi(seed, "init")()
        floor = best_of(
            lambda: subprocess.run([sys.executable, "-c", "import typer, rich.table"], check=True),
            5,
        )
        row(
            "kpi status, 42 indicators", best_of(kpi(seed, "status", *AS_OF), 5),
            'python -c "import typer, rich.table"', floor, 1.3,
        )  # fmt: skip
        row(
            "kpi --version", best_of(kpi(seed, "--version"), 5),
            'python -c "import typer, rich.table"', floor, 1.2,
        )  # fmt: skip


if __name__ == "__main__":
    main()
