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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale
from figures import Figure, best_of, interleaved, report

ROOT = Path(__file__).resolve().parent.parent
# the console script beside this Python, not a shell shim found first on PATH (pyenv's adds
# a bash and a pyenv exec to every run: 0.1-0.4 s, more than kpi's own start)
_BESIDE = Path(sys.executable).parent / "kpi"
KPI = str(_BESIDE) if _BESIDE.exists() else shutil.which("kpi") or "kpi"
AS_OF = ["--as-of", scale.AS_OF.isoformat()]


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
    report(Figure(label, seconds, "s", floor_label, floor, goal))


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        empty = district(Path(tmp) / "empty", 0)
        full = district(Path(tmp) / "full", entries)
        n = f"{entries:,}"
        print(f"1,000 indicators; best of 5, interleaved; {n} entries beside none\n")
        for form in ("json", "table"):
            args = ("status", *AS_OF, "--format", form)
            measured, floor = interleaved(kpi(full, *args), kpi(empty, *args), 5)
            row(f"kpi status {form}, {n} entries", measured, "same, no entries", floor, 1.3)
        table, json_time = interleaved(
            kpi(empty, "status", *AS_OF), kpi(empty, "status", *AS_OF, "--format", "json"), 5
        )
        row("kpi status table, 1,000 rows", table, "its JSON", json_time, 2.0)

        def view() -> None:
            conn = sqlite3.connect(full / "kpi.db")
            conn.execute("select * from current_status").fetchall()
            conn.close()

        report(Figure(f"current_status view, {n} entries", best_of(view), "s", goal=0.5))

        # Start-up (kpi status at the repository's size, kpi --version): bench_startup.py.


if __name__ == "__main__":
    main()
