"""The list of imports (``kpi imports``): which file, when, by whom, and what still counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console

from kpitrack.messages import t
from kpitrack.records import ImportRecord
from kpitrack.render.fit import Col, FittedTable
from kpitrack.render.tabular import Column, csv_text, markdown_table

SCHEMA_VERSION = 1
KEYS = [
    "import", "file_name", "sheet", "imported_at", "author", "rows_written", "rows_counting",
    "sha256",
]  # fmt: skip


def import_json(row: ImportRecord) -> dict[str, Any]:
    return {
        "import": row.id,
        "file_name": row.file_name,
        "sheet": row.sheet,
        "imported_at": row.imported_at,
        "author": row.author,
        "rows_written": row.rows_written,
        "rows_counting": row.rows_counting,
        "sha256": row.sha256,
    }


def imports_json(rows: Sequence[ImportRecord]) -> dict[str, Any]:
    return {"schema": SCHEMA_VERSION, "imports": [import_json(row) for row in rows]}


def imports_csv(rows: Sequence[ImportRecord], bom: bool = False) -> str:
    return csv_text(KEYS, [import_json(row) for row in rows], bom)


def _display(row: ImportRecord) -> dict[str, str]:
    return {
        "import": f"#{row.id}",
        "file": t("words.aside", text=row.file_name, aside=row.sheet)
        if row.sheet
        else row.file_name,
        "at": row.imported_at[:16].replace("T", " "),
        "author": row.author,
        "written": str(row.rows_written),
        "counting": str(row.rows_counting),
        "sha256": row.sha256[:12],
    }


def imports_markdown(rows: Sequence[ImportRecord]) -> str:
    if not rows:
        return t("imports.none")
    columns = [
        Column("import", t("col.import")),
        Column("file", t("col.file")),
        Column("at", t("col.imported_at")),
        Column("author", t("col.author")),
        Column("written", t("col.rows_written"), numeric=True),
        Column("counting", t("col.rows_counting"), numeric=True),
        Column("sha256", t("col.sha256")),
    ]
    return f"## {t('imports.title')}\n\n" + markdown_table(columns, map(_display, rows)) + "\n"


def render_imports_table(rows: Sequence[ImportRecord], console: Console) -> None:
    if not rows:
        console.print(t("imports.none"))
        return
    table = FittedTable(
        [
            Col("import", t("col.import"), justify="right"),
            Col("file", t("col.file"), flexible=True),
            Col("at", t("col.imported_at"), 1),
            Col("author", t("col.author"), 2),
            Col("written", t("col.rows_written"), justify="right"),
            Col("counting", t("col.rows_counting"), justify="right"),
            Col("sha256", t("col.sha256"), 3),
        ],
        options={"title": t("imports.title")},
    )
    for row in rows:
        table.add(dict(_display(row)))
    table.show(console)
