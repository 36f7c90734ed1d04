"""A report's queries do not grow with its indicators: ``kpi status`` on 20 indicators and on
1,000 asks the store the same number of times, on each engine."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from kpitrack.progress import Mode
from kpitrack.status import build_status
from kpitrack.store import NewEntry
from kpitrack.workspace import open_workspace


def declaration(folder: Path, count: int) -> Path:
    """``count`` indicators shaped like the report's: totals, levels, milestones, tasks."""
    lines = ["areas:"]
    for area in range((count + 24) // 25):
        lines += [f"  - id: area-{area}", f"    name: 领域{area}", "    indicators:"]
        for n in range(area * 25, min(count, area * 25 + 25)):
            kind = n % 4
            if kind == 0:
                lines.append(f"      - {{id: i{n}, name: 指标{n}, target: 10个, period: 2024}}")
            elif kind == 1:
                lines.append(
                    f"      - {{id: i{n}, name: 指标{n}, target: 95%, measure: level, period: 2024}}"
                )
            elif kind == 2:
                lines.append(
                    f"      - {{id: i{n}, name: 指标{n}, measure: milestone, target: 投用,"
                    " period: 2024, stages: [开工, 建成, 投用]}"
                )
            else:
                lines.append(f"      - {{id: i{n}, name: 指标{n}, measure: task, period: 2024}}")
    path = folder / "targets.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def queries_of_status(folder: Path, db: str, count: int, *, fetched: bool = False) -> int:
    targets = declaration(folder, count)
    workspace = open_workspace(targets, db, create=True)  # as kpi init makes it
    try:
        for n in range(0, count, 4):  # a figure for every total
            workspace.store.add(
                NewEntry(f"i{n}", Mode.SET, date(2024, 6, 30), "t", Decimal(n % 10), unit="个")
            )
    finally:
        workspace.close()
    workspace = open_workspace(targets, db, write=False)
    try:
        before = workspace.store.queries
        fetch = workspace.fetch if fetched else None
        report = build_status(
            workspace.targets, workspace.history_for, date(2024, 9, 30), "2024", fetch=fetch
        )
        assert len(list(report.rows())) == count
        return workspace.store.queries - before
    finally:
        workspace.close()


def test_status_asks_the_same_number_of_queries_at_20_and_1000_indicators(
    tmp_path: Path, engine_url: str, request: object
) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    large.mkdir()
    if "://" in engine_url:
        server = request.getfixturevalue("postgresql_server")  # type: ignore[attr-defined]
        other = server.create_database()
        try:
            counts = (
                queries_of_status(small, engine_url, 20),
                queries_of_status(large, other, 1000),
            )
        finally:
            server.drop_database(other)
    else:
        counts = (
            queries_of_status(small, str(small / "kpi.db"), 20),
            queries_of_status(large, str(large / "kpi.db"), 1000),
        )
    assert counts[0] == counts[1] <= 3


def test_status_reads_the_histories_it_shows_in_one_query(tmp_path: Path) -> None:
    """What kpi status does (service.status hands build_status the workspace's fetch): every
    row's history in one query, not one for the first row and one for the rest."""
    assert queries_of_status(tmp_path, str(tmp_path / "kpi.db"), 20, fetched=True) == 1


def test_a_summary_reads_each_of_its_two_days_in_one_query(tmp_path: Path) -> None:
    """kpi summary compares the status the day before its window with the one at its end:
    two days, one query each (it was two each)."""
    from kpitrack.summary import build_summary

    targets = declaration(tmp_path, 20)
    open_workspace(targets, str(tmp_path / "kpi.db"), create=True).close()
    workspace = open_workspace(targets, str(tmp_path / "kpi.db"), write=False)
    try:
        before = workspace.store.queries
        first, last = date(2024, 9, 23), date(2024, 9, 29)
        build_summary(
            workspace.targets, workspace.history_for, [], first, last, "2024-W39", "2024",
            fetch=workspace.fetch,
        )  # fmt: skip
        assert workspace.store.queries - before == 2
    finally:
        workspace.close()
