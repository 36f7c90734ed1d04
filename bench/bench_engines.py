"""Queries and time of a status report on each engine. Run by hand:

    python bench/bench_engines.py            # SQLite, and PostgreSQL when one can be had
    KPI_TEST_POSTGRESQL=postgresql://… python bench/bench_engines.py

At 42 (the report's size) and 1,000 indicators, with a figure for every total: the number of
queries the status asks must be the same (one query for every indicator's history), and the
time should grow with the indicators shown, not with round trips to the server.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kpitrack.status import build_status  # noqa: E402
from kpitrack.workspace import open_workspace  # noqa: E402
from tests.pg_server import PROVIDER, Unavailable  # noqa: E402
from tests.test_query_count import declaration, queries_of_status  # noqa: E402


def timed_status(folder: Path, db: str) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        workspace = open_workspace(folder / "targets.yaml", db, write=False)
        build_status(workspace.targets, workspace.history_for, date(2024, 9, 30), "2024")
        workspace.close()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    engines: list[tuple[str, object]] = [("sqlite", None)]
    try:
        engines.append(("postgresql", PROVIDER.get()))
    except Unavailable as error:
        print(f"PostgreSQL skipped: {error}")
    print(f"{'engine':<11} {'indicators':>10} {'queries':>8} {'status s':>9} {'ratio':>6}")
    for name, server in engines:
        base = None
        for count in (42, 1000):
            with tempfile.TemporaryDirectory() as folder:
                where = Path(folder)
                db = server.create_database() if server else str(where / "kpi.db")  # type: ignore[attr-defined]
                queries = queries_of_status(where, db, count)
                declaration(where, count)
                seconds = timed_status(where, db)
                base = base or seconds
                print(
                    f"{name:<11} {count:>10} {queries:>8} {seconds:>9.3f} {seconds / base:>5.1f}×"
                )
                if server:
                    server.drop_database(db)  # type: ignore[attr-defined]
    PROVIDER.close()


if __name__ == "__main__":
    main()
