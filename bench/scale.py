"""A district at the issue's scale: 1,000 indicators shaped like the repository's, and history.

Shared by the benches (not a test fixture): ``write_targets`` writes a targets.yaml of
``count`` indicators in ten areas — six in ten totals (``+N`` increments, the costly case for
a report: nothing anchors them), two levels (readings), two milestones (stages) —, and
``fill`` writes ``entries`` rows straight into the database, as an import would have.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

STAGES = ("谋划", "开工", "竣工")
AS_OF = date(2024, 6, 30)


def kind(n: int) -> str:
    return "total" if n % 10 < 6 else "level" if n % 10 < 8 else "milestone"


def write_targets(path: Path, count: int = 1000) -> list[str]:
    lines = [
        "report: 规模测试",
        "defaults:",
        "  period: 2024",
        "  cycle: monthly",
        "areas:",
    ]
    ids = []
    per_area = max(count // 10, 1)
    for n in range(count):
        if n % per_area == 0:
            lines += [
                f"  - id: area-{n // per_area}",
                f"    name: 第{n // per_area + 1}节",
                "    indicators:",
            ]
        ids.append(f"ind-{n:04d}")
        lines += [f"      - id: ind-{n:04d}", f"        name: 指标{n}"]
        if kind(n) == "total":
            lines += ["        target: 5000个"]
        elif kind(n) == "level":
            lines += ["        measure: level", "        target: 50个"]
        else:
            lines += [
                "        measure: milestone",
                f"        stages: [{', '.join(STAGES)}]",
                f"        start: {STAGES[0]}",
                f"        target: {STAGES[-1]}",
            ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def rows(ids: list[str], entries: int, days: int = 180):  # type: ignore[no-untyped-def]
    """``entries`` rows spread evenly over the indicators and the first ``days`` of 2024."""
    start = date(2024, 1, 1)
    for n in range(entries):
        which = n % len(ids)
        day = (start + timedelta(days=(n * days) // entries)).isoformat()
        sort = kind(which)
        if sort == "total":
            amount = f"{1 + n % 7}.{n % 10}" if n % 3 else str(1 + n % 5)
            yield (ids[which], "add", float(amount), amount, None, "个", "+" + amount, day)
        elif sort == "level":
            amount = str(40 + n % 20)
            yield (ids[which], "set", float(amount), amount, None, "个", amount, day)
        else:
            stage = STAGES[min((n * len(STAGES)) // entries, len(STAGES) - 1)]
            yield (ids[which], "stage", None, None, stage, "个", stage, day)


def fill(db: Path, ids: list[str], entries: int) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "insert into entries (indicator_id, mode, value, amount, stage, unit, input, as_of,"
            " logged_at, author) values (?, ?, ?, ?, ?, ?, ?, ?, '2024-07-01T00:00:00+08:00',"
            " 'bench')",
            rows(ids, entries),
        )
    conn.close()
