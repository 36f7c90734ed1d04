"""Start-up (issue 13). Run by hand: python bench/bench_startup.py [runs] [--no-scale]

``kpi status`` on the repository's targets.yaml (a database seeded by ``kpi init``) and
``kpi --version``, each beside ``python -c "import typer, rich.table"``: the floor, timed in the
same run, interleaved with the measure so load on the machine falls on both alike; best of N.
The ``kpi`` run is the console script beside this Python (not a shell shim in front of it), so
both sides pay the same interpreter start. The first ``kpi status`` builds the compiled cache of
targets.yaml; the runs timed are the warm ones a user sees every day after.

Python's compiled modules are written (to a folder of the run's, PYTHONPYCACHEPREFIX) even
where PYTHONDONTWRITEBYTECODE is set, as on the machine this was written on: an installed
kpitrack has them, compiled by pip, and without them every run compiles kpitrack's source
again (~50 ms) while the floor's libraries come compiled.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Figure, report

ROOT = Path(__file__).resolve().parent.parent
KPI = str(Path(sys.executable).parent / "kpi")
FLOOR = [sys.executable, "-c", "import typer, rich.table"]
FLOOR_LABEL = 'python -c "import typer, rich.table"'


def once(argv: list[str], folder: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run. A ``kpi`` run on a terminal
    (``TERMINAL`` first in ``argv``) writes to a pseudo-terminal 120 columns wide, as a
    person sees it, colours and all; anything else is piped, as a script reads it."""
    on_terminal = argv[0] == TERMINAL
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    if on_terminal:
        on_pty(argv[1:], folder)
    else:
        subprocess.run(argv, cwd=folder, capture_output=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


TERMINAL = "(on a terminal)"


def on_pty(argv: list[str], folder: Path) -> None:
    """Run ``argv`` with a pseudo-terminal for its output, read to the end as a terminal would."""
    import pty

    reader, writer = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "LINES": "40", "TERM": "xterm-256color"}
    child = subprocess.Popen(argv, cwd=folder, stdout=writer, stderr=writer, env=env)
    os.close(writer)
    while True:
        try:
            if not os.read(reader, 65536):
                break
        except OSError:  # the terminal's other end closed: all read
            break
    os.close(reader)
    if child.wait() != 0:
        raise SystemExit(f"{' '.join(argv)} failed on a terminal")


def interleaved(argv: list[str], folder: Path, runs: int) -> tuple[float, float, float, float]:
    """Best of ``runs`` for ``argv`` and for the floor, taken turn about: wall, then CPU."""
    measured, floor = [], []
    for _ in range(runs):
        floor.append(once(FLOOR, folder))
        measured.append(once(argv, folder))
    return (
        min(m[0] for m in measured), min(f[0] for f in floor),
        min(m[1] for m in measured), min(f[1] for f in floor),
    )  # fmt: skip


def row(label: str, figures: tuple[float, float, float, float], goal: float) -> None:
    """The wall-time ratio is the goal's; the CPU-time one says the same less swayed by
    what else the machine runs at the moment."""
    seconds, floor, cpu, cpu_floor = figures
    report(Figure(label, seconds, "s", FLOOR_LABEL, floor, goal))
    print(f"  (CPU {cpu:.3f} s / {cpu_floor:.3f} s = {cpu / cpu_floor:.2f}×)")


def main() -> None:
    counts = [a for a in sys.argv[1:] if a.isdigit()]
    runs = int(counts[0]) if counts else 15
    env_path = os.environ.get("PYTHONPATH", "")
    src = str(ROOT / "src")
    if src not in env_path.split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (src, env_path) if p)
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp)
        os.environ["KPI_CACHE_DIR"] = str(seed / "cache")  # as ~/.cache/kpitrack, kept apart
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(seed / "pycache")
        shutil.copy(ROOT / "targets.yaml", seed / "targets.yaml")
        subprocess.run([KPI, "init"], cwd=seed, capture_output=True, check=True)
        for argv in (FLOOR, [KPI, "--help"], [KPI, "status"], [KPI, "status", "-f", "json"]):
            subprocess.run(argv, cwd=seed, capture_output=True, check=True)  # compiled once
        print(f"repository's targets.yaml, seeded database; best of {runs}, interleaved\n")
        row("kpi status", interleaved([KPI, "status"], seed, runs), 1.3)
        row("kpi status, on a terminal", interleaved([TERMINAL, KPI, "status"], seed, runs), 1.3)
        row("kpi status --format json", interleaved([KPI, "status", "-f", "json"], seed, runs), 1.3)
        row("kpi --version", interleaved([KPI, "--version"], seed, runs), 1.2)
        if "--no-scale" not in sys.argv:
            compiled_at_scale(seed / "scale", runs)


def compiled_at_scale(folder: Path, runs: int) -> None:
    """What the compiled targets.yaml saves at 1,000 indicators: the same report with the
    cache and with it turned off (``KPI_CACHE_DIR=``), taken turn about."""
    sys.path.insert(0, str(ROOT / "bench"))
    import scale

    folder.mkdir()
    scale.write_targets(folder / "targets.yaml")
    subprocess.run([KPI, "init"], cwd=folder, capture_output=True, check=True)
    argv = [KPI, "status", "--format", "json", "--as-of", scale.AS_OF.isoformat()]
    subprocess.run(argv, cwd=folder, capture_output=True, check=True)
    off = {**os.environ, "KPI_CACHE_DIR": ""}
    cached, parsed = [], []
    for _ in range(runs):
        cached.append(once(argv, folder)[0])
        started = time.perf_counter()
        subprocess.run(argv, cwd=folder, env=off, capture_output=True, check=True)
        parsed.append(time.perf_counter() - started)
    print(
        f"\n1,000 indicators, kpi status --format json: {min(cached):.3f} s with the compiled"
        f" targets.yaml, {min(parsed):.3f} s parsing it ({min(parsed) - min(cached):+.3f} s)"
    )


if __name__ == "__main__":
    main()
