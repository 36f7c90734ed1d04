"""Start-up (issue 13). Run by hand: python bench/bench_startup.py [runs]

``kpi status`` on the repository's targets.yaml (a database seeded by ``kpi init``) and
``kpi --version``, each beside ``python -c "import typer, rich.table"``: the floor, timed in the
same run, interleaved with the measure so load on the machine falls on both alike; best of N.
The ``kpi`` run is the console script beside this Python (not a shell shim in front of it), so
both sides pay the same interpreter start. The first ``kpi status`` builds the compiled cache of
targets.yaml; the runs timed are the warm ones a user sees every day after.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KPI = str(Path(sys.executable).parent / "kpi")
FLOOR = [sys.executable, "-c", "import typer, rich.table"]
FLOOR_LABEL = 'python -c "import typer, rich.table"'


def once(argv: list[str], folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=folder, capture_output=True, check=True)
    return time.perf_counter() - started


def interleaved(argv: list[str], folder: Path, runs: int) -> tuple[float, float]:
    """Best of ``runs`` for ``argv`` and for the floor, taken turn about."""
    measured, floor = [], []
    for _ in range(runs):
        floor.append(once(FLOOR, folder))
        measured.append(once(argv, folder))
    return min(measured), min(floor)


def row(label: str, seconds: float, floor: float, goal: float) -> None:
    ratio = seconds / floor
    mark = "ok" if ratio <= goal else "OVER"
    print(
        f"{label:<28} {seconds:6.3f} s  {FLOOR_LABEL:<36} {floor:6.3f} s"
        f"  {ratio:5.2f}×  (goal ≤ {goal}×) {mark}"
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    env_path = os.environ.get("PYTHONPATH", "")
    src = str(ROOT / "src")
    if src not in env_path.split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (src, env_path) if p)
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp)
        shutil.copy(ROOT / "targets.yaml", seed / "targets.yaml")
        subprocess.run([KPI, "init"], cwd=seed, capture_output=True, check=True)
        subprocess.run([KPI, "status"], cwd=seed, capture_output=True, check=True)
        print(f"repository's targets.yaml, seeded database; best of {runs}, interleaved\n")
        row("kpi status", *interleaved([KPI, "status"], seed, runs), 1.3)
        row("kpi status --format json", *interleaved([KPI, "status", "-f", "json"], seed, runs), 1.3)
        row("kpi --version", *interleaved([KPI, "--version"], seed, runs), 1.2)
        row("kpi --help", *interleaved([KPI, "--help"], seed, runs), 99)


if __name__ == "__main__":
    main()
