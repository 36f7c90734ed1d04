"""`kpi undo`, `kpi amend` and `kpi history`: corrections that lose nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from .conftest import PACED, Invoke


def status_row(kpi: Invoke, indicator_id: str, as_of: str = "2024-07-10") -> dict:
    report = json.loads(
        kpi("status", "--as-of", as_of, "--format", "json", "--period", "all").stdout
    )
    return next(i for a in report["areas"] for i in a["indicators"] if i["id"] == indicator_id)


def history(kpi: Invoke, indicator_id: str, *args: str) -> dict:
    result = kpi("history", indicator_id, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def entry_ids(kpi: Invoke, indicator_id: str) -> list[int]:
    return [e["entry"] for e in history(kpi, indicator_id, "--all")["entries"]]


def test_amend_changes_the_status_and_history_shows_both_and_who(logged: Invoke) -> None:
    wrong = entry_ids(logged, "key-projects-2024")[-1]  # 5 on 2024-07-03
    assert status_row(logged, "key-projects-2024")["actual"] == 5
    result = logged("amend", str(wrong), "6", "--by", "区发展改革委", "--note", "少计一个项目")
    assert result.exit_code == 0, result.output
    assert status_row(logged, "key-projects-2024")["actual"] == 6
    entries = history(logged, "key-projects-2024", "--all")["entries"]
    old = next(e for e in entries if e["entry"] == wrong)
    new = next(e for e in entries if e["entry"] == old["replaced_by"])
    assert (old["voided_by"], old["void_note"]) == ("区发展改革委", "少计一个项目")
    assert (new["value"], new["as_of"], new["author"], new["voided_at"]) == (
        6,
        "2024-07-03",
        "区发展改革委",
        None,
    )
    shown = [e["entry"] for e in history(logged, "key-projects-2024")["entries"]]
    assert wrong not in shown and new["entry"] in shown  # without --all, only what counts


def test_history_table_marks_the_voided_entry(logged: Invoke) -> None:
    wrong = entry_ids(logged, "key-projects-2024")[-1]
    logged("amend", str(wrong), "6", "--by", "李四", "--note", "少计一个")
    new = entry_ids(logged, "key-projects-2024")[-1]
    out = logged("history", "key-projects-2024", "--all").stdout
    line = next(line for line in out.splitlines() if line.strip().startswith(f"#{wrong} "))
    assert "已作废：李四" in line and f"更正为 #{new}" in line and "（少计一个）" in line
    assert "作废" not in logged("history", "key-projects-2024").stdout  # only what counts


def test_undo_voids_the_latest_entry_of_its_author(logged: Invoke) -> None:
    logged("log", "fitness-paths", "9", "--date", "2024-07-08", "--by", "王五")
    assert status_row(logged, "fitness-paths")["actual"] == 9
    result = logged("undo", "--yes", "--by", "王五", "--note", "填错指标")
    assert result.exit_code == 0
    assert "已作废记录" in result.stderr
    assert status_row(logged, "fitness-paths")["actual"] == 8
    voided = [e for e in history(logged, "fitness-paths", "--all")["entries"] if e["voided_at"]]
    assert [(e["value"], e["voided_by"], e["void_note"]) for e in voided] == [
        (9, "王五", "填错指标")
    ]


def test_nothing_is_deleted_by_corrections(logged: Invoke, workdir: Path) -> None:
    def count() -> int:
        conn = sqlite3.connect(workdir / "kpi.db")
        try:
            return int(conn.execute("select count(*) from entries").fetchone()[0])
        finally:
            conn.close()

    before = count()
    wrong = entry_ids(logged, "fitness-paths")[-1]
    logged("undo", str(wrong))
    assert count() == before
    other = entry_ids(logged, "key-projects-2024")[-1]
    logged("amend", str(other), "6")
    assert count() == before + 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("undo", "999"), ["999", "kpi history"]),
        (("amend", "999", "5"), ["999"]),
        (("undo", "--by", "没人"), ["没人"]),
    ],
)
def test_bad_corrections_are_one_sentence_and_exit_2(
    logged: Invoke, args: tuple[str, ...], words: list[str]
) -> None:
    result = logged(*args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in result.stderr


def test_an_entry_is_voided_once(logged: Invoke) -> None:
    wrong = entry_ids(logged, "fitness-paths")[-1]
    assert logged("undo", str(wrong), "--by", "甲").exit_code == 0
    again = logged("amend", str(wrong), "3")
    assert again.exit_code == 2
    assert "已于" in again.stderr and "甲" in again.stderr


def test_an_entry_another_clerk_voids_while_undo_waits_is_done_already(
    logged: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two clerks undo one entry at once: the second reads it still counting, and the first
    voids it before the second has the write lock. The second is told it is voided already
    (exit 0), as four processes undoing one entry are; one void stands."""
    from kpitrack.sqlite_store import SQLiteStore
    from kpitrack.store import open_store

    entry = entry_ids(logged, "key-projects-2024")[-1]
    read = SQLiteStore.entry
    raced: list[int] = []

    def read_then_voided_elsewhere(store: SQLiteStore, entry_id: int) -> object:
        found = read(store, entry_id)
        if not raced:
            raced.append(entry_id)
            other = open_store(workdir / "kpi.db")
            with other.write():
                other.void(entry_id, "另一位", None, None)
            other.close()
        return found

    monkeypatch.setattr(SQLiteStore, "entry", read_then_voided_elsewhere)
    result = logged("undo", str(entry), "--by", "张三")
    assert raced == [entry]
    assert result.exit_code == 0, result.output
    assert f"记录 {entry} 在等待期间已被另一个进程作废" in result.stderr
    conn = sqlite3.connect(workdir / "kpi.db")
    assert conn.execute("select author from voids").fetchall() == [("另一位",)]


def test_an_amend_with_a_bad_value_changes_nothing(logged: Invoke) -> None:
    wrong = entry_ids(logged, "fitness-paths")[-1]
    assert logged("amend", str(wrong), "3亿元").exit_code == 2
    assert all(e["voided_at"] is None for e in history(logged, "fitness-paths", "--all")["entries"])


def test_history_series_follows_the_entries_with_pace(landed: Invoke) -> None:
    story = history(landed, PACED, "--as-of", "2024-07-10")
    assert [(p["date"], p["actual"]) for p in story["series"]] == [
        ("2024-06-20", 3),
        ("2024-07-03", 5),
    ]
    assert [p["pace"] for p in story["series"]] == [round(172 / 366, 4), round(185 / 366, 4)]
    # 5 of 10 on 2024-07-10 against a pace of 192 / 366 = 52.5%: 2.5 points short, on track
    assert story["indicator"]["state"] == "on_track"
    out = landed("history", PACED, "--as-of", "2024-07-10").stdout
    assert "│" in out and "全期预计" in out


def test_history_as_csv(logged: Invoke) -> None:
    out = logged("history", "fitness-paths", "--format", "csv").stdout
    lines = out.strip().splitlines()
    assert lines[0].startswith("entry,id,as_of,mode,value")
    assert len(lines) == 3


def test_voided_entries_leave_the_weekly_summary(logged: Invoke) -> None:
    wrong = entry_ids(logged, "fitness-paths")[-1]  # +2 on 2024-07-05
    logged("undo", str(wrong))
    report = json.loads(logged("summary", "--week", "2024-W27", "--format", "json").stdout)
    assert "fitness-paths" not in [e["id"] for e in report["entries"]]
