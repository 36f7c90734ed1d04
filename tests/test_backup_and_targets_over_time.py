"""Backups taken while others write, and targets.yaml changing under a running database."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from pathlib import Path

from .conftest import Invoke


def status_json(kpi: Invoke, *args: str) -> dict:
    result = kpi("status", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def row(report: dict, indicator_id: str) -> dict:
    return next(i for a in report["areas"] for i in a["indicators"] if i["id"] == indicator_id)


def test_backup_then_restore_gives_the_same_status(logged: Invoke, workdir: Path) -> None:
    result = logged("backup", str(workdir / "backup.db"))
    assert result.exit_code == 0
    assert "备份" in result.stderr
    before = status_json(logged, "--as-of", "2024-07-10")
    logged("log", "fitness-paths", "10", "--date", "2024-07-09")
    # restore as the README says: with nobody writing, put the backup in place of kpi.db
    for suffix in ("", "-wal", "-shm"):
        (workdir / f"kpi.db{suffix}").unlink(missing_ok=True)
    shutil.copy(workdir / "backup.db", workdir / "kpi.db")
    assert status_json(logged, "--as-of", "2024-07-10") == before


def test_a_backup_never_overwrites(logged: Invoke, workdir: Path) -> None:
    (workdir / "backup.db").write_text("an older backup", encoding="utf-8")
    result = logged("backup", str(workdir / "backup.db"))
    assert result.exit_code == 2
    assert (workdir / "backup.db").read_text(encoding="utf-8") == "an older backup"


def test_backup_is_consistent_while_another_process_writes(logged: Invoke, workdir: Path) -> None:
    stop = threading.Event()

    def write() -> None:
        conn = sqlite3.connect(workdir / "kpi.db", timeout=10)
        n = 0
        while not stop.is_set() and n < 2000:
            conn.execute(
                "insert into entries (indicator_id, mode, value, unit, input, as_of, logged_at, author)"
                " values ('fitness-paths', 'add', 0, '条', '+0', '2024-07-06', '2024-07-06T00:00:00', 'w')"
            )
            conn.commit()
            n += 1
        conn.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert logged("backup", str(workdir / "during.db")).exit_code == 0
    finally:
        stop.set()
        writer.join()
    copy = sqlite3.connect(workdir / "during.db")
    assert copy.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert copy.execute("select count(*) from entries where author = '测试员'").fetchone()[0] == 6


def test_a_revised_target_holds_from_its_date(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "        target: 21个\n",
        "        target: 25个\n        revised: {date: 2024-07-01, was: 21个}\n",
    )
    path.write_text(text, encoding="utf-8")
    kpi("log", "key-projects-2024", "12", "--date", "2024-06-30")
    june = row(status_json(kpi, "--as-of", "2024-06-30"), "key-projects-2024")
    july = row(status_json(kpi, "--as-of", "2024-07-31"), "key-projects-2024")
    assert (june["target"], june["completion"]) == (21, round(12 / 21, 4))
    assert (july["target"], july["completion"]) == (25, round(12 / 25, 4))


def test_a_target_edited_without_a_date_holds_from_the_day_it_changed(
    kpi: Invoke, workdir: Path
) -> None:
    kpi("init")
    path = workdir / "targets.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("target: 21个", "target: 30个"), encoding="utf-8"
    )
    kpi("log", "key-projects-2024", "12", "--date", "2024-06-30")
    # edited today (after 2024): for 2024 the change counts from the period's last day
    assert row(status_json(kpi, "--as-of", "2024-06-30"), "key-projects-2024")["target"] == 21
    assert row(status_json(kpi, "--as-of", "2024-12-31"), "key-projects-2024")["target"] == 30
    history = (
        sqlite3.connect(workdir / "kpi.db")
        .execute(
            "select target, effective_from from target_history where indicator_id = 'key-projects-2024' order by id"
        )
        .fetchall()
    )
    assert history == [(21.0, "2024-01-01"), (30.0, "2024-12-31")]


def test_a_removed_indicator_keeps_its_entries_and_shows_as_retired(
    logged: Invoke, workdir: Path
) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - id: fitness-paths")
    end = text.index("      - id:", start + 1)  # only its own block goes
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    listed = json.loads(logged("list", "--retired", "--format", "json").stdout)["indicators"]
    assert [(i["id"], i["retired"]) for i in listed] == [("fitness-paths", True)]
    assert "已停用" in logged("list", "--retired").stdout
    story = json.loads(logged("history", "fitness-paths", "--format", "json").stdout)
    assert [e["value"] for e in story["entries"]] == [6, 2]
    assert "fitness-paths" not in {
        i["id"] for a in status_json(logged)["areas"] for i in a["indicators"]
    }


def test_a_renamed_indicator_carries_its_history(logged: Invoke, workdir: Path) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "      - id: fitness-paths\n",
        "      - id: fitness-trails-2024\n        replaces: fitness-paths\n",
    )
    path.write_text(text, encoding="utf-8")
    renamed = row(status_json(logged, "--as-of", "2024-07-10"), "fitness-trails-2024")
    assert (renamed["actual"], renamed["entries"]) == (8, 2)
    assert (
        logged("log", "fitness-paths", "+1", "--date", "2024-07-09").exit_code == 0
    )  # old id still works
    assert row(status_json(logged, "--as-of", "2024-07-10"), "fitness-trails-2024")["actual"] == 9
    listed = json.loads(logged("list", "--retired", "--format", "json").stdout)["indicators"]
    assert [(i["id"], i["replaced_by"]) for i in listed] == [
        ("fitness-paths", "fitness-trails-2024")
    ]


def test_an_id_cannot_be_replaced_while_still_declared(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "      - id: hospitals-in-use\n",
        "      - id: hospitals-in-use\n        replaces: fitness-paths\n",
    )
    path.write_text(text, encoding="utf-8")
    result = kpi("validate")
    assert result.exit_code == 2
    assert "fitness-paths" in result.stderr and "hospitals-in-use.replaces" in result.stderr
