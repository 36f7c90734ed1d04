"""Spreadsheets in and out: checked whole before writing, idempotent, safe to open in Excel."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from .conftest import PACED, REPO_TARGETS, Invoke

IDS_2024 = ["key-projects-2024", "fitness-paths", "hospitals-in-use", "schools-ready-2024"]


# the report's own figures, entered by init: 44 of the 46 items of 2023 (two results have no
# figure) and the present-day 30多个 产业园区
SEEDED = 45


def entry_count(workdir: Path) -> int:
    conn = sqlite3.connect(workdir / "kpi.db")
    try:
        return int(conn.execute("select count(*) from entries").fetchone()[0])
    finally:
        conn.close()


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def five_hundred_rows(bad: dict[int, list[object]] | None = None) -> list[list[object]]:
    """500 increments spread over the first half of 2024; ``bad`` swaps some rows by index."""
    rows: list[list[object]] = [
        [IDS_2024[n % 4], "+0.01", date(2024, 1, 1) + timedelta(days=n % 180), f"第{n}条"]
        for n in range(500)
    ]
    for index, row in (bad or {}).items():
        rows[index] = row
    return rows


HEADER = ["指标编号", "数值", "日期", "备注"]


def test_500_rows_with_3_bad_are_refused_whole_then_import_once(kpi: Invoke, workdir: Path) -> None:
    kpi("init")
    before = entry_count(workdir)
    bad = {
        9: ["no-such-indicator", "1", date(2024, 3, 1), ""],
        199: ["fitness-paths", "三亿元", date(2024, 3, 1), ""],
        449: ["fitness-paths", "1", date(2025, 3, 1), ""],
    }
    path = write_xlsx(workdir / "6月填报.xlsx", HEADER, five_hundred_rows(bad))
    refused = kpi("import", str(path))
    assert refused.exit_code == 2
    listed = [line for line in refused.stderr.splitlines() if line.startswith("第 ")]
    assert [line.split("行")[0] for line in listed] == [
        "第 11 ",
        "第 201 ",
        "第 451 ",
    ]  # header is row 1
    assert "no-such-indicator" in listed[0] and "亿元" in listed[1] and "2025-03-01" in listed[2]
    assert "改正该行的日期" in listed[2] and "--date" not in listed[2]
    assert "未写入任何记录" in refused.stderr
    assert entry_count(workdir) == before

    fixed = write_xlsx(workdir / "6月填报.xlsx", HEADER, five_hundred_rows())
    first = kpi("import", str(fixed))
    assert first.exit_code == 0, first.stderr
    assert "已写入 500 条记录" in first.stderr
    assert entry_count(workdir) == before + 500
    second = kpi("import", str(fixed))
    assert second.exit_code == 0
    assert "没有新记录" in second.stderr
    assert entry_count(workdir) == before + 500


def test_skip_bad_writes_the_good_rows_and_lists_the_rest(kpi: Invoke, workdir: Path) -> None:
    kpi("init")
    before = entry_count(workdir)
    rows = five_hundred_rows({0: ["fitness-paths", "abc", date(2024, 3, 1), ""]})[:10]
    path = write_xlsx(workdir / "x.xlsx", HEADER, rows)
    result = kpi("import", str(path), "--skip-bad")
    assert result.exit_code == 0
    assert "第 2 行" in result.stderr and "跳过了 1 行" in result.stderr
    assert entry_count(workdir) == before + 9


def test_gbk_csv_with_chinese_headers_and_names(kpi: Invoke, workdir: Path) -> None:
    text = "指标名称,数值,日期,填报人,来源\n更新健身路径,4条,2024/6/30,区体育局,6月月报\n全年谋划重点推进项目,5,2024-06-30,区发展改革委,\n"
    path = workdir / "gbk.csv"
    path.write_bytes(text.encode("gbk"))
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    rows = (
        sqlite3.connect(workdir / "kpi.db")
        .execute(
            "select indicator_id, value, as_of, author, source from entries order by id desc limit 2"
        )
        .fetchall()
    )
    assert rows == [
        ("key-projects-2024", 5.0, "2024-06-30", "区发展改革委", "gbk.csv"),
        ("fitness-paths", 4.0, "2024-06-30", "区体育局", "6月月报"),
    ]


def test_utf8_csv_with_a_bom_and_english_headers(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "bom.csv"
    path.write_bytes("\ufeffid,value,date,note\nfitness-paths,3,2024-05-31,五月\n".encode())
    assert kpi("import", str(path)).exit_code == 0
    assert entry_count(workdir) == SEEDED + 1


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("a.pdf", b"%PDF", ["pdf", ".xlsx"]),
        ("a.xlsx", b"not a zip", ["xlsx"]),
        ("a.csv", "指标,日期\n1,2\n".encode(), ["数值"]),
    ],
)
def test_unreadable_files_are_one_sentence_and_exit_2(
    kpi: Invoke, workdir: Path, name: str, content: bytes, words: list[str]
) -> None:
    (workdir / name).write_bytes(content)
    result = kpi("import", str(workdir / name))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in result.stderr


def test_batch_log_from_stdin_is_all_or_nothing(kpi: Invoke, workdir: Path) -> None:
    from typer.testing import CliRunner

    from kpitrack.cli import app

    kpi("init")
    runner = CliRunner()
    good = "# 本周填报\nkey-projects-2024 5 2024-06-30\nfitness-paths 6条 2024-06-30\n"
    bad = good + "fitness-paths 六条半 2024-06-30\n"
    refused = runner.invoke(app, ["log", "-"], input=bad)
    assert refused.exit_code == 2
    assert "第 4 行" in refused.stderr
    assert entry_count(workdir) == SEEDED
    done = runner.invoke(app, ["log", "-"], input=good)
    assert done.exit_code == 0, done.stderr
    assert entry_count(workdir) == SEEDED + 2


def test_a_key_makes_a_rerun_safe(kpi: Invoke, workdir: Path) -> None:
    args = ("log", "fitness-paths", "+1", "--date", "2024-06-30", "--key", "weekly-2024-W26")
    assert kpi(*args).exit_code == 0
    again = kpi(*args)
    assert again.exit_code == 0 and "已记录过" in again.stderr
    assert entry_count(workdir) == SEEDED + 1
    from typer.testing import CliRunner

    from kpitrack.cli import app

    batch = "id,value,date,key\nfitness-paths,+1,2024-06-30,weekly-2024-W26\nfitness-paths,+1,2024-06-30,weekly-2024-W27\n"
    result = CliRunner().invoke(app, ["log", "-"], input=batch)
    assert result.exit_code == 0
    assert entry_count(workdir) == SEEDED + 2


def test_an_export_reimported_into_a_fresh_database_gives_the_same_status(
    landed: Invoke, workdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    wrong = json.loads(landed("history", "fitness-paths", "--format", "json").stdout)["entries"][
        -1
    ]["entry"]
    landed("amend", str(wrong), "+3")
    forced = ("log", PACED, "2", "--date", "2024-07-05", "--force")  # a running total: 5, then 2
    assert "已按确认写入" in landed(*forced).stderr
    for name in ("entries.xlsx", "entries.csv"):
        assert landed("export", str(workdir / name)).exit_code == 0
        fresh = tmp_path_factory.mktemp("fresh")
        (fresh / "targets.yaml").write_bytes(REPO_TARGETS.read_bytes())
        imported = landed("import", str(workdir / name), "--targets", str(fresh / "targets.yaml"))
        assert imported.exit_code == 0, imported.stderr
        args = ("status", "--as-of", "2024-07-10", "--period", "all", "--format", "json")
        here = json.loads(landed(*args).stdout)
        there = json.loads(landed(*args, "--targets", str(fresh / "targets.yaml")).stdout)
        assert here == there
        again = landed("import", str(workdir / name))  # back into the database it came from
        assert "没有新记录" in again.stderr


def test_xlsx_export_has_chinese_headers_units_and_real_dates(
    logged: Invoke, workdir: Path
) -> None:
    assert (
        logged(
            "export", str(workdir / "status.xlsx"), "--what", "status", "--as-of", "2024-07-10"
        ).exit_code
        == 0
    )
    sheet = load_workbook(workdir / "status.xlsx").active
    assert sheet is not None
    assert str(sheet["A1"].value).endswith("截至 2024-07-10 · 周期 2024")  # the title row
    header = [cell.value for cell in sheet[2]]
    assert header[:6] == ["领域", "指标编号", "指标名称", "责任单位", "单位", "目标"]
    row = next(
        r for r in sheet.iter_rows(min_row=3, values_only=True) if r[1] == "key-projects-2024"
    )
    assert row[4] == "个" and row[5] == 21 and row[6] == 5
    assert row[header.index("最近更新")].date() == date(2024, 7, 3)
    assert row[header.index("状态")] == "严重滞后"  # a list of 21 with 5 on it: 76 points short


def test_formula_like_text_is_neutralised(logged: Invoke, workdir: Path) -> None:
    logged(
        "log",
        "fitness-paths",
        "+1",
        "--date",
        "2024-07-08",
        "--note",
        '=HYPERLINK("http://x")',
        "--by",
        "@某人",
    )
    logged("export", str(workdir / "out.xlsx"))
    logged("export", str(workdir / "out.csv"))
    sheet = load_workbook(workdir / "out.xlsx").active
    assert sheet is not None
    last = [cell for cell in sheet[sheet.max_row]]
    texts = [cell.value for cell in last if isinstance(cell.value, str)]
    assert '\'=HYPERLINK("http://x")' in texts and "'@某人" in texts
    assert (last[3].value, last[3].number_format, last[4].value) == (1, '"+"General', "条")
    assert all(cell.data_type != "f" for cell in last)
    csv_text = (workdir / "out.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv_text and ",'+1条," in csv_text


def test_export_refuses_an_unknown_extension(logged: Invoke, workdir: Path) -> None:
    result = logged("export", str(workdir / "out.pdf"))
    assert result.exit_code == 2 and ".xlsx" in result.stderr
    assert not (workdir / "out.pdf").exists()


def test_a_task_note_exported_and_imported_into_a_fresh_database_is_not_doubled(
    kpi: Invoke, workdir: Path
) -> None:
    kpi("log", "elderly-care-system", "出台办法", "--date", "2024-03-01", "--note", "已报区政府")
    assert kpi("export", "all.xlsx").exit_code == 0
    fresh = workdir / "fresh"
    fresh.mkdir()
    (fresh / "targets.yaml").write_bytes((workdir / "targets.yaml").read_bytes())
    db = str(fresh / "kpi.db")
    assert kpi("init", "--targets", str(fresh / "targets.yaml"), "--db", db).exit_code == 0
    imported = kpi("import", "all.xlsx", "--targets", str(fresh / "targets.yaml"), "--db", db)
    assert imported.exit_code == 0, imported.stderr

    def notes(*where: str) -> list[str | None]:
        shown = kpi("history", "elderly-care-system", "--format", "json", *where)
        return [e["note"] for e in json.loads(shown.stdout)["entries"]]

    assert notes("--targets", str(fresh / "targets.yaml"), "--db", db) == notes()
    assert notes() == ["出台办法；已报区政府"]
