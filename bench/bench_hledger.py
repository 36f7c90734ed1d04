"""kpitrack beside hledger, the strongest peer CLI for budget against actual (issue 13).

Run by hand: python bench/bench_hledger.py [entries] [accounts] (also part of bench/run.py)

The same data for both: 1,000 indicators, each a yearly target of 5000个, are 1,000 budget
accounts with a yearly budget of 5000 (a periodic transaction); 100k increments (``+N``) over
the first half of 2024 are 100k transactions posting N to their account. Timed, best of 3,
interleaved: ``kpi status`` (the table) and ``hledger bal --budget -Y``; the ratio is hledger's
time over kpi's (goal: kpi at least 10× faster). Skipped, with the reason, without hledger
(Debian: ``apt-get install hledger``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Figure, interleaved, report, skipped

# the console script beside this Python, not a shell shim found first on PATH (pyenv's adds a
# bash and a pyenv exec to every run: 0.1-0.4 s, more than kpi's own start; as bench_read.py)
_BESIDE = Path(sys.executable).parent / "kpi"
KPI = str(_BESIDE) if _BESIDE.exists() else shutil.which("kpi") or "kpi"
AS_OF = "2024-06-30"
TARGET = 5000
DAYS = 180


def write_targets(path: Path, count: int) -> list[str]:
    lines = ["report: 对照 hledger", "defaults:", "  period: 2024", "  cycle: monthly", "areas:"]
    per_area = max(count // 10, 1)
    ids = []
    for n in range(count):
        if n % per_area == 0:
            area = n // per_area
            lines += [f"  - id: area-{area}", f"    name: 第{area + 1}节", "    indicators:"]
        ids.append(f"ind-{n:04d}")
        lines += [
            f"      - id: ind-{n:04d}",
            f"        name: 指标{n}",
            f"        target: {TARGET}个",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def increments(ids: list[str], entries: int) -> Iterator[tuple[str, str, str]]:
    """(indicator, day, amount): spread evenly over the indicators and the first DAYS days."""
    start = date(2024, 1, 1)
    for n in range(entries):
        day = (start + timedelta(days=(n * DAYS) // entries)).isoformat()
        yield ids[n % len(ids)], day, f"{1 + n % 7}.{n % 10}" if n % 3 else str(1 + n % 5)


def account(indicator: str, count: int) -> str:
    area = int(indicator[4:]) // max(count // 10, 1)
    return f"expenses:area-{area}:{indicator}"


def write_journal(path: Path, ids: list[str], entries: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("~ yearly from 2024-01-01\n")
        for indicator in ids:
            out.write(f"    {account(indicator, len(ids))}    {TARGET}\n")
        out.write("    assets:budget\n\n")
        for indicator, day, amount in increments(ids, entries):
            out.write(f"{day} entry\n    {account(indicator, len(ids))}    {amount}\n")
            out.write("    assets:cash\n\n")


def fill(db: Path, ids: list[str], entries: int) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "insert into entries (indicator_id, mode, value, amount, unit, input, as_of,"
            " logged_at, author) values (?, 'add', ?, ?, '个', ?, ?,"
            " '2024-07-01T00:00:00+08:00', 'bench')",
            (
                (indicator, float(amount), amount, "+" + amount, day)
                for indicator, day, amount in increments(ids, entries)
            ),
        )
    conn.close()


def run(*args: str, cwd: Path) -> Callable[[], object]:
    return lambda: subprocess.run(args, cwd=cwd, capture_output=True, check=True)


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    hledger = shutil.which("hledger")
    if hledger is None:
        skipped("kpi status against hledger: hledger is not installed (apt-get install hledger)")
        return
    version = subprocess.run([hledger, "--version"], capture_output=True, text=True).stdout
    src = str(Path(__file__).resolve().parent.parent / "src")
    env_path = os.environ.get("PYTHONPATH", "")
    if src not in env_path.split(os.pathsep):  # this checkout's kpitrack, as bench_startup.py
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (src, env_path) if p)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # compiled modules written as an install has them, even where PYTHONDONTWRITEBYTECODE
        # is set (without them every run compiles kpitrack's source again); a cache of its own
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        os.environ["KPI_CACHE_DIR"] = str(folder / "cache")
        ids = write_targets(folder / "targets.yaml", count)
        run(KPI, "init", cwd=folder)()
        fill(folder / "kpi.db", ids, entries)
        write_journal(folder / "budget.journal", ids, entries)
        kpi = run(KPI, "status", "--as-of", AS_OF, cwd=folder)
        ledger = run(hledger, "-f", "budget.journal", "bal", "--budget", "-Y", cwd=folder)
        kpi(), ledger()  # warm the page cache and the compiled files
        # interleaved, best of 3: the machine's load falls on both alike
        kpi_time, ledger_time = interleaved(kpi, ledger, 3)
        print(f"{count:,} indicators / budget accounts × {entries:,} entries / postings; best of 3")
        print(f"({version.strip()})")
        report(
            Figure(
                measure=f"kpi status table vs hledger, {count:,} × {entries:,}",
                value=kpi_time,
                unit="s",
                floor_label="hledger bal --budget -Y",
                floor=ledger_time,
                goal=10,
                at_least=True,
            )
        )


if __name__ == "__main__":
    main()
