"""What ``kpi status`` computes (issue 13, start-up). Run: python bench/bench_service.py [runs]

``kpitrack.service.status`` on the repository's targets.yaml (a database seeded by ``kpi
init``), timed inside a fresh process after the imports ``kpi`` makes before a command: the
part of a status's start-up that is neither importing nor drawing — reading targets.yaml back
from its compiled cache, opening the database and checking its migrations, reading the
histories, working out the rows. Best of N processes (each pays its first-call costs once, as
a user's run does), and the same call repeated in one process for the part that is not.
There is no floor to time beside it: the goal is a number of milliseconds on this machine's
scale (bench_startup.py gives the process's ratio to its floor).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Figure, report

ROOT = Path(__file__).resolve().parent.parent
KPI = str(Path(sys.executable).parent / "kpi")

# one fresh process: the status once, as kpi status computes it, then again warm
PROBE = """
import time
from datetime import date

import kpitrack.cli.app  # what kpi imports before any command
import kpitrack.cli.reports  # and the status command's module
from kpitrack import service, workspace

stores = []
opened = workspace.open_store
workspace.open_store = lambda *a, **k: stores.append(opened(*a, **k)) or stores[-1]
place, day = service.Place(), date.today()
started = time.perf_counter()
service.status(place, day)
first = time.perf_counter() - started
queries = stores[-1].queries
again = []
for _ in range(20):
    started = time.perf_counter()
    service.status(place, day)
    again.append(time.perf_counter() - started)
print(first * 1000, min(again) * 1000, queries)
"""


def main() -> None:
    counts = [a for a in sys.argv[1:] if a.isdigit()]
    runs = int(counts[0]) if counts else 15
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp)
        os.environ["KPI_CACHE_DIR"] = str(seed / "cache")
        shutil.copy(ROOT / "targets.yaml", seed / "targets.yaml")
        subprocess.run([KPI, "init"], cwd=seed, capture_output=True, check=True)
        subprocess.run([KPI, "status"], cwd=seed, capture_output=True, check=True)  # compiled
        found = []
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, "-c", PROBE], cwd=seed, capture_output=True, text=True, check=True
            )
            first, warm, queries = done.stdout.split()
            found.append((float(first), float(warm), int(queries)))
    print(f"repository's targets.yaml, seeded database; best of {runs} processes\n")
    report(Figure("service.status, fresh process", min(f[0] for f in found), "ms", goal=5))
    report(Figure("service.status, again in the same process", min(f[1] for f in found), "ms"))
    print(f"  queries through the store per status: {found[0][2]} (after the checks on opening)")


if __name__ == "__main__":
    main()
