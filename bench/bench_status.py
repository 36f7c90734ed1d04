"""How `kpi status` scales with history. Run by hand: python bench/bench_status.py

Prints, for growing amounts of history, the time to build the 2024 status report:
  1. history piling up in *other* indicators (earlier periods): the index should keep this flat;
  2. history of the reported indicators themselves: flat when departments log period-to-date
     figures (only entries from the latest figure on are read), linear in the increments
     logged since the latest figure when they log only +N;
  3. start-up of the installed `kpi` as a process, which is what a cron job pays every run.
Ratios are against the smallest size; figures are the best of several runs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from kpitrack.progress import Mode
from kpitrack.status import build_status
from kpitrack.workspace import Workspace, open_workspace

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import best_of

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2024, 6, 30)


def fresh(folder: Path) -> Workspace:
    shutil.copy(ROOT / "targets.yaml", folder / "targets.yaml")
    return open_workspace(folder / "targets.yaml", None)


def fill(
    workspace: Workspace, ids: list[str], count: int, start: date, days: int, mode: Mode = Mode.ADD
) -> None:
    """``count`` entries spread over ``ids`` and ``days``; figures rise so the actual is real."""
    db = workspace.store.db
    rows = [
        (ids[n % len(ids)], mode.value, n // len(ids) + 1 if mode is Mode.SET else 1,
         "个", str(n), (start + timedelta(days=(n * days) // count)).isoformat())
        for n in range(count)
    ]  # fmt: skip
    exact = "amount" in db["entries"].columns_dict  # kpitrack since m004_exact_values
    with db.atomic():
        db.conn.executemany(
            "insert into entries (indicator_id, mode, value, unit, input, as_of, logged_at,"
            f" author{', amount' if exact else ''}) values (?, ?, ?, ?, ?, ?,"
            f" '2024-01-01T00:00:00+08:00', 'bench'{', ?' if exact else ''})",
            [(*row, str(row[2])) if exact else row for row in rows],
        )


def status_time(workspace: Workspace) -> float:
    return best_of(lambda: build_status(workspace.targets, workspace.history_for, AS_OF, "2024"), 7)


def table(title: str, rows: list[tuple[int, float]]) -> None:
    print(f"\n{title}")
    print(f"{'entries':>10} {'status (ms)':>12} {'ratio':>7}")
    base = rows[0][1]
    for size, seconds in rows:
        print(f"{size:>10,} {seconds * 1000:>12.2f} {seconds / base:>7.2f}")


def main() -> None:
    sizes = [1_000, 10_000, 100_000, 1_000_000]
    other: list[tuple[int, float]] = []
    figures: list[tuple[int, float]] = []
    increments: list[tuple[int, float]] = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            workspace = fresh(Path(tmp))
            old_ids = [i.id for i in workspace.targets.indicators() if i.period.label == "2023"]
            fill(workspace, old_ids, size, date(2023, 1, 1), 365)
            other.append((size, status_time(workspace)))
            workspace.close()
    for mode, results in ((Mode.SET, figures), (Mode.ADD, increments)):
        for size in sizes[:3]:
            with tempfile.TemporaryDirectory() as tmp:
                workspace = fresh(Path(tmp))
                ids = [
                    i.id
                    for i in workspace.targets.indicators()
                    if i.period.label == "2024" and i.unit == "个"
                ]
                fill(workspace, ids, size, date(2024, 1, 1), 180, mode)
                results.append((size, status_time(workspace)))
                workspace.close()
    table("1. history in other indicators (2023), 2024 status", other)
    table("2a. the reported indicators' own history, period-to-date figures", figures)
    table("2b. the reported indicators' own history, increments only (+N)", increments)

    kpi = shutil.which("kpi") or str(Path(sys.executable).parent / "kpi")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(ROOT / "targets.yaml", Path(tmp) / "targets.yaml")
        subprocess.run([kpi, "init"], cwd=tmp, capture_output=True, check=True)

        def run(*args: str) -> None:
            subprocess.run([kpi, *args], cwd=tmp, capture_output=True, check=True)

        version = best_of(lambda: run("--version"), 5)
        status = best_of(lambda: run("status", "--as-of", "2024-06-30"), 5)
        as_json = best_of(lambda: run("status", "--as-of", "2024-06-30", "--format", "json"), 5)
    print("\n3. the installed kpi as a process (best of 5)")
    print(f"   kpi --version          {version * 1000:8.1f} ms")
    print(f"   kpi status (table)     {status * 1000:8.1f} ms")
    print(f"   kpi status --format json {as_json * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
