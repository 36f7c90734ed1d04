"""kpitrack beside hledger, the strongest peer CLI for budget against actual (issue 13).

Run by hand: python bench/bench_hledger.py [entries] [accounts]

The same data for both: 1,000 indicators, each a yearly target of 5000个, are 1,000 budget
accounts with a yearly budget of 5000 (a periodic transaction); 100k increments (``+N``) over
the first half of 2024 are 100k transactions posting N to their account. Timed, best of 3,
interleaved: ``kpi status`` (the table) and ``hledger bal --budget -Y``; the ratio is hledger's
time over kpi's (goal: kpi at least 10× faster). Skipped, with the reason, without hledger
(Debian: ``apt-get install hledger``).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

KPI = shutil.which("kpi") or str(Path(sys.executable).parent / "kpi")
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


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def run(*args: str, cwd: Path) -> Callable[[], object]:
    return lambda: subprocess.run(args, cwd=cwd, capture_output=True, check=True)


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    hledger = shutil.which("hledger")
    if hledger is None:
        print("skipped: hledger is not installed (Debian: apt-get install hledger)")
        return
    version = subprocess.run([hledger, "--version"], capture_output=True, text=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ids = write_targets(folder / "targets.yaml", count)
        run(KPI, "init", cwd=folder)()
        fill(folder / "kpi.db", ids, entries)
        write_journal(folder / "budget.journal", ids, entries)
        kpi = run(KPI, "status", "--as-of", AS_OF, cwd=folder)
        ledger = run(hledger, "-f", "budget.journal", "bal", "--budget", "-Y", cwd=folder)
        kpi(), ledger()  # warm the page cache and the compiled files
        kpi_times, ledger_times = [], []
        for _ in range(3):  # interleaved: the machine's load falls on both alike
            kpi_times.append(best_of(kpi, 1))
            ledger_times.append(best_of(ledger, 1))
        kpi_time, ledger_time = min(kpi_times), min(ledger_times)
        ratio = ledger_time / kpi_time
        print(f"{count:,} indicators / budget accounts × {entries:,} entries / postings; best of 3")
        print(f"{'kpi status (table)':<36} {kpi_time:7.2f} s")
        print(f"{'hledger bal --budget -Y':<36} {ledger_time:7.2f} s  ({version.strip()})")
        mark = "ok" if ratio >= 10 else "UNDER"
        print(f"{'kpi faster by':<36} {ratio:7.2f}×  (goal ≥ 10×) {mark}")


if __name__ == "__main__":
    main()
