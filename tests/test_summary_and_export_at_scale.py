"""Issue 13: a week of thousands of entries reads as a table of 50 rows a list, and an export
SQLite writes itself is byte for byte the one written entry by entry."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from kpitrack.exporting import export_entries
from kpitrack.sql_store import SqlStore
from kpitrack.sqlite_export import quotes_as_python
from kpitrack.sqlite_store import open_sqlite
from kpitrack.targets import load_targets

from .conftest import Invoke

HOSTILE = [
    ("fitness-paths", "+1", "comma, in a note"),
    ("fitness-paths", "+2", 'a "quoted" note'),
    ("fitness-paths", "+3", "two\nlines"),
    ("fitness-paths", "+4", "=SUM(A1)"),
    ("fitness-paths", "+5", "-minus"),
    ("fitness-paths", "+6", "\ttab first"),
    ("fitness-paths", "+0.12345", "five decimals"),
    ("fitness-paths", "+1.5", "中文，全角逗号 · 间隔号"),
]


def many(kpi: Invoke, count: int, note: str = "第{n}条") -> None:
    rows = ["指标编号,数值,日期,备注"] + [
        f"fitness-paths,+1,2024-07-0{1 + n % 7},{note.format(n=n)}" for n in range(count)
    ]
    Path("many.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert kpi("import", "many.csv", "--force").exit_code == 0


def test_a_summary_table_lists_fifty_entries_and_counts_the_rest(kpi: Invoke) -> None:
    many(kpi, 120)
    table = kpi("summary", "--week", "2024-W27", env={"COLUMNS": "200"}).stdout
    assert "另有 70 条未列出，加 --all 查看全部。" in table
    assert table.count("第") <= 60  # the fifty listed, and headings
    english = kpi("summary", "--week", "2024-W27", "--lang", "en").stdout
    assert "70 more not listed; --all lists every one." in english
    every = kpi("summary", "--week", "2024-W27", "--all", env={"COLUMNS": "200"}).stdout
    assert "未列出" not in every and every.count("条") >= 120


def test_a_summary_in_markdown_is_cut_too_and_json_lists_every_entry(kpi: Invoke) -> None:
    many(kpi, 60)
    markdown = kpi("summary", "--week", "2024-W27", "--format", "markdown").stdout
    assert "另有 10 条未列出" in markdown
    report = json.loads(kpi("summary", "--week", "2024-W27", "--format", "json").stdout)
    assert len(report["entries"]) == 60


def by_records(store: SqlStore, path: Path, include_voided: bool) -> bytes:
    """The export as every entry was once written: one record at a time, in Python."""
    targets = load_targets(Path("targets.yaml"))

    class Records:
        def __getattr__(self, name: str) -> object:
            return getattr(store, name)

        def exported(self, form: str, voided: bool, names: object) -> object:
            return SqlStore.exported(store, form, voided, {})  # type: ignore[arg-type]

    export_entries(path, Records(), targets, include_voided)  # type: ignore[arg-type]
    return path.read_bytes()


def test_sqlite_writes_the_export_byte_for_byte_as_the_records_do(
    kpi: Invoke, workdir: Path
) -> None:
    many(kpi, 12_000)  # more than two pages
    for indicator, value, note in HOSTILE:
        logged = kpi("log", indicator, value, "--note", note, "--date", "2024-07-02", "--force")
        assert logged.exit_code == 0, logged.output
    kpi("void", "--last", "--note", "void, with a comma")
    raw = sqlite3.connect(workdir / "kpi.db")  # rows another tool wrote: a REAL, a figure as 2.0
    raw.execute(
        "insert into entries (indicator_id, mode, value, amount, unit, input, as_of, logged_at,"
        " author) values ('fitness-paths', 'add', 2.5, null, '条', '+2.5', '2024-07-03',"
        " '2024-07-03T00:00:00+08:00', 'other'), ('fitness-paths', 'set', 2, '2.0', '条', '2',"
        " '2024-07-03', '2024-07-03T00:00:00+08:00', 'o\x01ther')"
    )
    raw.commit()
    raw.close()
    store = open_sqlite(workdir / "kpi.db", write=False)
    targets = load_targets(Path("targets.yaml"))
    for name in ("a.csv", "b.json"):
        for voided in (False, True):
            fast = workdir / f"fast-{voided}-{name}"
            export_entries(fast, store, targets, voided)
            assert fast.read_bytes() == by_records(store, workdir / f"slow-{voided}-{name}", voided)
    store.close()
    assert kpi("import", "fast-False-a.csv").exit_code == 0  # imports back, adding nothing


def test_this_sqlite_quotes_json_strings_as_python_does() -> None:
    assert quotes_as_python(sqlite3.connect(":memory:"))
