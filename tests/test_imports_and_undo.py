"""Imports known by their content and numbered; undo of several entries or a whole import,
asked before it guesses, never reaching past your own latest entry; restore of a voided entry."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from kpitrack.batch import RawRow, plan_batch, write_batch
from kpitrack.migrations import MIGRATIONS
from kpitrack.store import open_store
from kpitrack.workspace import open_workspace

from .conftest import REPO_TARGETS, Invoke, dump
from .test_formats import validator


def count_entries(workdir: Path, where: str = "1") -> int:
    conn = sqlite3.connect(workdir / "kpi.db")
    try:
        return int(conn.execute(f"select count(*) from active_entries where {where}").fetchone()[0])
    finally:
        conn.close()


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["指标编号", "数值", "日期", "备注"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


SHEET = [
    ["fitness-paths", "+5", date(2024, 5, 31), "五月"],
    ["fitness-paths", "+5", date(2024, 5, 31), "五月"],  # the same figure twice: both count
    ["key-projects-2024", "3", date(2024, 5, 31), ""],
    ["hospitals-in-use", "1", date(2024, 5, 31), ""],
]


def imports(kpi: Invoke) -> list[dict]:
    result = kpi("imports", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["imports"]


def history(kpi: Invoke, indicator_id: str) -> list[dict]:
    result = kpi("history", indicator_id, "--all", "--format", "json")
    return json.loads(result.stdout)["entries"]


def actual(kpi: Invoke, indicator_id: str) -> object:
    result = kpi("status", "--as-of", "2024-12-31", "--period", "all", "--format", "json")
    rows = [i for a in json.loads(result.stdout)["areas"] for i in a["indicators"]]
    row = next(i for i in rows if i["id"] == indicator_id)
    return row["stage"] if row["stage"] is not None else row["actual"]


# -- imports by content -----------------------------------------------------------------------


def test_a_resent_copy_under_another_name_adds_nothing(kpi: Invoke, workdir: Path) -> None:
    first = kpi("import", str(write_xlsx(workdir / "表.xlsx", SHEET)))
    assert first.exit_code == 0, first.output
    assert "导入批次 #1：已写入 4 条记录" in first.stderr
    assert actual(kpi, "fitness-paths") == 10  # both +5 rows count
    before = dump(workdir)
    copy = workdir / "表(1).xlsx"
    shutil.copy(workdir / "表.xlsx", copy)
    again = kpi("import", str(copy))
    assert again.exit_code == 0
    assert "4 行已在库中，未重复记录" in again.stderr
    assert "与导入批次 #1（表.xlsx）内容相同" in again.stderr
    assert dump(workdir) == before  # not even an import number


def test_rows_already_logged_by_hand_are_not_added_again(kpi: Invoke, workdir: Path) -> None:
    kpi("log", "key-projects-2024", "3.0", "--date", "2024-05-31")  # 3.0 is the sheet's 3
    result = kpi("import", str(write_xlsx(workdir / "五月.xlsx", SHEET)))
    assert result.exit_code == 0, result.output
    assert "已写入 3 条记录" in result.stderr and "1 行已在库中" in result.stderr
    assert actual(kpi, "key-projects-2024") == 3


def test_a_new_sheet_with_one_more_identical_row_adds_only_that_one(
    kpi: Invoke, workdir: Path
) -> None:
    kpi("import", str(write_xlsx(workdir / "a.xlsx", SHEET)))
    three = [SHEET[0], *SHEET]  # three +5 rows for the same day now
    result = kpi("import", str(write_xlsx(workdir / "b.xlsx", three)))
    assert "导入批次 #2：已写入 1 条记录" in result.stderr and "4 行已在库中" in result.stderr
    assert actual(kpi, "fitness-paths") == 15


def test_another_report_of_the_same_increment_is_asked_about_never_dropped(
    kpi: Invoke, workdir: Path
) -> None:
    """Two streets may each report +5 paths on one day: a row the database seems to hold,
    but with another note, is neither added quietly nor dropped quietly."""
    assert kpi("import", str(write_xlsx(workdir / "a街道.xlsx", SHEET))).exit_code == 0
    before = dump(workdir)
    other = [["fitness-paths", "+5", date(2024, 5, 31), "B街道新建"]]
    asked = kpi("import", str(write_xlsx(workdir / "b街道.xlsx", other)))
    assert asked.exit_code == 2
    assert "第 2 行" in asked.stderr and "库中已有 2024-05-31 同样的增量" in asked.stderr
    assert "备注：五月" in asked.stderr and "确认" in asked.stderr
    assert dump(workdir) == before
    forced = kpi("import", str(write_xlsx(workdir / "b街道.xlsx", other)), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert actual(kpi, "fitness-paths") == 15
    again = kpi("import", str(write_xlsx(workdir / "b街道(1).xlsx", other)))
    assert again.exit_code == 0 and "1 行已在库中" in again.stderr  # its own note: a re-send
    assert actual(kpi, "fitness-paths") == 15


def test_a_figure_stated_again_with_another_note_is_the_same_figure(
    kpi: Invoke, workdir: Path
) -> None:
    """A period-to-date figure stated twice changes nothing, whatever its note says."""
    assert kpi("import", str(write_xlsx(workdir / "a.xlsx", SHEET))).exit_code == 0
    restated = [["key-projects-2024", "3", date(2024, 5, 31), "复核后无变化"]]
    result = kpi("import", str(write_xlsx(workdir / "b.xlsx", restated)))
    assert result.exit_code == 0 and "1 行已在库中" in result.stderr


def test_voided_entries_do_not_count_as_already_there(kpi: Invoke, workdir: Path) -> None:
    path = write_xlsx(workdir / "a.xlsx", SHEET)
    kpi("import", str(path))
    assert kpi("undo", "--import", "1").exit_code == 0
    again = kpi("import", str(path))
    assert "导入批次 #2：已写入 4 条记录" in again.stderr
    assert actual(kpi, "fitness-paths") == 10


def test_a_row_logged_under_an_indicators_old_id_is_already_there(
    kpi: Invoke, workdir: Path
) -> None:
    kpi("import", str(write_xlsx(workdir / "五月.xlsx", SHEET)))
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "      - id: fitness-paths\n",
        "      - id: fitness-trails-2024\n        replaces: fitness-paths\n",
    )
    path.write_text(text, encoding="utf-8")
    renamed = [["fitness-trails-2024", *row[1:]] for row in SHEET if row[0] == "fitness-paths"]
    result = kpi("import", str(write_xlsx(workdir / "五月(1).xlsx", renamed)))
    assert "2 行已在库中" in result.stderr
    assert actual(kpi, "fitness-trails-2024") == 10


def test_a_key_column_still_decides_by_key(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "keys.csv"
    path.write_text("id,value,date,key\nfitness-paths,+1,2024-05-31,w22\n", encoding="utf-8")
    kpi("import", str(path))
    path.write_text("id,value,date,key\nfitness-paths,+2,2024-05-31,w22\n", encoding="utf-8")
    assert "1 行已在库中" in kpi("import", str(path)).stderr
    assert actual(kpi, "fitness-paths") == 1


def test_imports_are_listed_with_their_file_hash_and_what_still_counts(
    kpi: Invoke, workdir: Path
) -> None:
    assert "还没有导入过文件" in kpi("imports").stdout
    path = write_xlsx(workdir / "表.xlsx", SHEET)
    kpi("import", str(path), "--by", "区体育局")
    kpi("undo", str(history(kpi, "hospitals-in-use")[-1]["entry"]))
    [listed] = imports(kpi)
    assert listed["import"] == 1 and listed["file_name"] == "表.xlsx"
    assert listed["author"] == "区体育局"
    assert (listed["rows_written"], listed["rows_counting"]) == (4, 3)
    assert listed["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert all(e["import"] == 1 for e in history(kpi, "fitness-paths"))
    assert "表.xlsx" in kpi("imports").stdout


# A multiset of (indicator, day, value as typed) rows per import; values typed several ways.
ROWS = st.lists(
    st.tuples(
        st.sampled_from(["fitness-paths", "key-projects-2024"]),
        st.integers(1, 3),
        st.sampled_from(["+1", "+1.0", "+2", "+2.00", "3", "3.0"]),
    ),
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches=st.lists(ROWS, min_size=1, max_size=4))
def test_imports_keep_the_union_of_their_rows_as_multisets(
    batches: list[list[tuple[str, int, str]]],
) -> None:
    """After any sequence of imports, each figure is held as often as the import that held it
    most often: the multiset union (Counter |), the reference here."""
    expected: Counter[tuple[str, int, Decimal]] = Counter()
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(REPO_TARGETS, Path(folder) / "targets.yaml")
        workspace = open_workspace(Path(folder) / "targets.yaml", None)
        try:
            for batch in batches:
                rows = [
                    RawRow(n, {"id": i, "value": v, "date": f"2024-05-0{d}"})
                    for n, (i, d, v) in enumerate(batch, start=2)
                ]
                plan = plan_batch(
                    rows, workspace.targets, workspace.store, date(2024, 6, 1), "t",
                    by_content=True, force=True,
                )  # fmt: skip
                write_batch(workspace.store, plan)
                expected |= Counter((i, d, Decimal(v)) for i, d, v in batch)
            held = Counter(
                (row[0], int(row[1][-1]), Decimal(str(row[2])))
                for row in workspace.store.db.execute(
                    "select indicator_id, as_of, value from active_entries where author = 't'"
                )
            )
        finally:
            workspace.close()
    assert held == expected


# -- undo -------------------------------------------------------------------------------------


def test_undo_takes_several_numbers(logged: Invoke, workdir: Path) -> None:
    ids = [e["entry"] for e in history(logged, "key-projects-2024")]
    result = logged("undo", *map(str, ids), "--note", "重复填报")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("已作废记录") == 2
    assert actual(logged, "key-projects-2024") is None


def test_undo_with_one_bad_number_voids_none(logged: Invoke, workdir: Path) -> None:
    good = history(logged, "key-projects-2024")[-1]["entry"]
    before = dump(workdir)
    result = logged("undo", str(good), "999")
    assert result.exit_code == 2 and "999" in result.stderr
    assert dump(workdir) == before
    logged("undo", str(good))
    again = logged("undo", str(good - 1), str(good))  # the second is voided already
    assert again.exit_code == 2 and "已于" in again.stderr
    assert history(logged, "key-projects-2024")[0]["voided_at"] is None


def test_undo_without_a_number_and_no_terminal_needs_yes(logged: Invoke, workdir: Path) -> None:
    before = dump(workdir)
    result = logged("undo", "--by", "测试员")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--yes" in result.stderr and "kpi undo " in result.stderr
    assert "fitness-paths" in result.stderr  # it names the entry it would void
    assert dump(workdir) == before


@pytest.mark.parametrize(("answer", "voided"), [("y\n", True), ("n\n", False)])
def test_undo_without_a_number_asks_on_a_terminal(
    logged: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch, answer: str, voided: bool
) -> None:
    from typer.testing import CliRunner

    from kpitrack.cli import app
    from kpitrack.cli import recording as cli_recording

    monkeypatch.setattr(cli_recording, "stdin_is_terminal", lambda: True)
    latest = history(logged, "fitness-paths")[-1]  # +2 on 2024-07-05, HISTORY's last
    result = CliRunner().invoke(app, ["undo", "--by", "测试员"], input=answer)
    assert result.exit_code == 0, result.output
    assert f"#{latest['entry']}（fitness-paths：+2条，截至 2024-07-05）" in result.output
    assert (history(logged, "fitness-paths")[-1]["voided_at"] is not None) is voided


def test_undo_twice_does_not_reach_another_indicators_correction(
    logged: Invoke, workdir: Path
) -> None:
    """The reported bug: the second undo voided the author's earlier correction."""
    wrong = history(logged, "key-projects-2024")[-1]["entry"]
    logged("amend", str(wrong), "6", "--by", "王五")  # 王五's correction of key-projects
    logged("log", "fitness-paths", "9", "--date", "2024-07-08", "--by", "王五")
    assert logged("undo", "--yes", "--by", "王五").exit_code == 0  # voids the 9
    before = dump(workdir)
    second = logged("undo", "--yes", "--by", "王五")
    assert second.exit_code == 2
    assert "已于" in second.stderr and "未作废其他记录" in second.stderr
    assert dump(workdir) == before
    assert actual(logged, "key-projects-2024") == 6


def test_undoing_a_correction_says_how_to_bring_the_original_back(
    logged: Invoke, workdir: Path
) -> None:
    wrong = history(logged, "key-projects-2024")[-1]["entry"]
    logged("amend", str(wrong), "6", "--by", "王五")
    correction = history(logged, "key-projects-2024")[-1]["entry"]
    result = logged("undo", str(correction), "--by", "王五")
    assert result.exit_code == 0
    assert f"原记录仍为作废。如需恢复它：kpi restore {wrong}" in result.stderr
    assert logged("restore", str(wrong)).exit_code == 0
    assert actual(logged, "key-projects-2024") == 5


def test_undo_an_import_as_a_whole(kpi: Invoke, workdir: Path) -> None:
    kpi("log", "key-projects-2024", "2", "--date", "2024-04-30")
    kpi("import", str(write_xlsx(workdir / "表.xlsx", SHEET)))
    result = kpi("undo", "--import", "1", "--note", "发错了表")
    assert result.exit_code == 0, result.output
    assert "已作废导入批次 #1（表.xlsx）的 4 条记录" in result.stderr
    assert actual(kpi, "key-projects-2024") == 2  # the hand-logged entry stays
    assert actual(kpi, "fitness-paths") is None
    assert imports(kpi)[0]["rows_counting"] == 0
    before = dump(workdir)
    again = kpi("undo", "--import", "1")  # nothing left to void: done already
    assert again.exit_code == 0 and "无需再次作废" in again.stderr
    assert kpi("undo", "--import", "7").exit_code == 2
    assert kpi("undo", "3", "--import", "1").exit_code == 2
    assert dump(workdir) == before


# -- restore ----------------------------------------------------------------------------------


def test_a_voided_entry_is_restored_and_may_be_voided_again(logged: Invoke, workdir: Path) -> None:
    entry = history(logged, "fitness-paths")[-1]["entry"]  # +2
    logged("undo", str(entry), "--by", "甲", "--note", "以为重复")
    assert actual(logged, "fitness-paths") == 6
    result = logged("restore", str(entry), "--by", "乙", "--note", "并不重复")
    assert result.exit_code == 0, result.output
    assert "已恢复记录" in result.stderr
    assert actual(logged, "fitness-paths") == 8
    shown = history(logged, "fitness-paths")[-1]
    assert (shown["voided_at"], shown["restored_by"], shown["restore_note"]) == (
        None,
        "乙",
        "并不重复",
    )
    table = logged("history", "fitness-paths", "--all").stdout
    assert "已恢复：乙" in table and "（并不重复）" in table
    assert logged("undo", str(entry), "--by", "丙").exit_code == 0
    assert actual(logged, "fitness-paths") == 6
    assert history(logged, "fitness-paths")[-1]["voided_by"] == "丙"
    assert logged("restore", str(entry)).exit_code == 0
    assert actual(logged, "fitness-paths") == 8


@pytest.mark.parametrize(
    ("entry", "words", "code"), [("999", ["999"], 2), ("LAST", ["没有被作废"], 0)]
)
def test_restoring_what_is_not_voided_changes_nothing(
    logged: Invoke, workdir: Path, entry: str, words: list[str], code: int
) -> None:
    """A missing entry is an error; one that counts already is the wish done (exit 0)."""
    if entry == "LAST":
        entry = str(history(logged, "fitness-paths")[-1]["entry"])
    before = dump(workdir)
    result = logged("restore", entry)
    assert result.exit_code == code
    assert all(word in result.stderr for word in words)
    assert dump(workdir) == before


def test_a_second_standing_void_is_refused_by_the_database(logged: Invoke, workdir: Path) -> None:
    entry = history(logged, "fitness-paths")[-1]["entry"]
    logged("undo", str(entry))
    conn = sqlite3.connect(workdir / "kpi.db")
    try:
        with pytest.raises(sqlite3.IntegrityError, match="already voided"):
            conn.execute(
                "insert into voids (entry_id, voided_at, author) values (?, 'now', 'x')", [entry]
            )
    finally:
        conn.close()


def test_a_database_voided_before_m005_keeps_its_voids(tmp_path: Path) -> None:
    from sqlite_utils import Database

    path = tmp_path / "kpi.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="m005_imports_and_restores")
    db.execute(
        "insert into indicators (id, name, area_id, area_name, unit, direction, measure,"
        " period_start, period_end, cycle, synced_at) values ('x', 'x', 'a', 'a', '个',"
        " 'at_least', 'total', '2024-01-01', '2024-12-31', 'monthly', 'now')"
    )
    for value in (1, 2):
        db.execute(
            "insert into entries (indicator_id, mode, value, unit, input, as_of, logged_at,"
            " author) values ('x', 'set', ?, '个', ?, '2024-05-01', 'now', 't')",
            [value, str(value)],
        )
    db.execute("insert into voids (entry_id, voided_at, author) values (2, 'now', 't')")
    db.conn.commit()
    db.close()
    store = open_store(path)
    try:
        assert [e["id"] for e in store.db.query("select id from active_entries")] == [1]
        assert store.db.execute("select actual from current_status").fetchone()[0] == 1
    finally:
        store.close()


def test_imports_json_validates_against_its_schema(kpi: Invoke, workdir: Path) -> None:
    kpi("import", str(write_xlsx(workdir / "表.xlsx", SHEET)))
    data = json.loads(kpi("imports", "--format", "json").stdout)
    assert validator("imports").is_valid(data)
    data["imports"][0]["renamed"] = data["imports"][0].pop("file_name")
    assert not validator("imports").is_valid(data)
    csv_lines = kpi("imports", "--format", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("import,file_name,sheet") and "表.xlsx" in csv_lines[1]
    assert "| #1 | 表.xlsx |" in kpi("imports", "--format", "markdown").stdout


def test_whether_an_entry_counts_is_answered_from_indexes(logged: Invoke, workdir: Path) -> None:
    """Voids may now repeat per entry: the status and history still look them up by index."""
    from kpitrack.sql_store import ENTRY_SQL, POINTS_SQL

    conn = sqlite3.connect(workdir / "kpi.db")
    try:
        plans = {
            name: " / ".join(row[3] for row in conn.execute("explain query plan " + sql, args))
            for name, sql, args in [
                (
                    "points",
                    POINTS_SQL.format(ids="= ?", day="?"),
                    ["x", "2024-01-01", "2024-12-31"],
                ),
                ("entry", ENTRY_SQL + " where e.id = ?", [1]),
            ]
        }
    finally:
        conn.close()
    assert "voids_by_entry" in plans["points"] and "SCAN" not in plans["points"]
    assert "SCAN w" not in plans["entry"] and "SCAN v" not in plans["entry"]
