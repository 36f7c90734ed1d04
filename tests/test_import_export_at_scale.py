"""Import and export at a district's scale (issue 13): entries streamed out a page at a time,
an import's progress told stage by stage, and the same files as before, byte for byte."""

from __future__ import annotations

import csv
import gc
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from kpitrack import service
from kpitrack.importing import read_rows
from kpitrack.imports import ImportOrigin
from kpitrack.render.status_json import dumps, dumps_items
from kpitrack.rows import RawRow
from kpitrack.service import Place

from .conftest import Invoke

IDS = ["key-projects-2024", "fitness-paths", "hospitals-in-use", "schools-ready-2024"]


def write_rows(path: Path, count: int, bad_at: int | None = None) -> Path:
    lines = ["指标编号,数值,日期,备注"]
    for n in range(count):
        ident = "no-such-indicator" if n == bad_at else IDS[n % 4]
        day = date(2024, 1, 1) + timedelta(days=n % 150)
        lines.append(f"{ident},+0.01,{day.isoformat()},第{n}条")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_export_longer_than_a_page_holds_every_entry_once(
    kpi: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kpitrack.sql_store.ENTRY_PAGE", 7)
    kpi("init")
    assert kpi("import", str(write_rows(workdir / "rows.csv", 40))).exit_code == 0
    assert kpi("export", "all.csv").exit_code == 0
    assert kpi("export", "all.json").exit_code == 0
    with (workdir / "all.csv").open(encoding="utf-8-sig", newline="") as handle:
        numbers = [int(row["记录编号"]) for row in csv.DictReader(handle)]
    listed = [item["entry"] for item in json.loads((workdir / "all.json").read_text("utf-8"))]
    assert numbers == listed == sorted(set(numbers))
    assert sum(1 for n in numbers if n > numbers[-1] - 40) == 40  # the import's rows, once


def test_an_export_imported_again_adds_nothing_after_streaming(kpi: Invoke, workdir: Path) -> None:
    kpi("init")
    kpi("import", str(write_rows(workdir / "rows.csv", 30)))
    kpi("export", "all.csv")
    again = kpi("import", "all.csv")
    assert again.exit_code == 0
    kpi("export", "twice.csv")
    assert (workdir / "twice.csv").read_bytes() == (workdir / "all.csv").read_bytes()


@pytest.mark.parametrize(
    "items",
    [[], [{"a": 1}], [{"value": Decimal("0.10"), "notes": [], "more": {}}, None, "第二条", [1, 2]]],
)
def test_json_written_item_by_item_is_the_text_written_whole(items: list[object]) -> None:
    assert "".join(dumps_items(iter(items))) == dumps(items)


def test_an_import_tells_its_progress_checking_then_writing(
    kpi: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kpitrack.batch.PROGRESS_STEP", 10)
    kpi("init")
    told: list[tuple[str, int, int]] = []
    rows = read_rows(write_rows(workdir / "rows.csv", 25)).rows
    with service.writing(Place(None, None)) as workspace:
        done = service.log_batch(
            workspace, rows, date(2024, 12, 31), "测试", origin=ImportOrigin("rows.csv", "0" * 64, "测试"),
            progress=lambda stage, n, total: told.append((stage, n, total)),
        )  # fmt: skip
    assert done.written == 25
    assert told == [
        ("check", 10, 25), ("check", 20, 25),
        ("write", 10, 25), ("write", 20, 25), ("write", 25, 25),
    ]  # fmt: skip


def test_a_refused_import_never_reaches_writing(kpi: Invoke, workdir: Path) -> None:
    kpi("init")
    told: list[str] = []
    rows = [RawRow(2, {"id": "no-such-indicator", "value": "1", "date": "2024-03-01"})]
    with service.writing(Place(None, None)) as workspace:
        done = service.log_batch(
            workspace, rows, date(2024, 12, 31), "测试", origin=ImportOrigin("x.csv", "0" * 64, "测试"),
            progress=lambda stage, n, total: told.append(stage),
        )  # fmt: skip
    assert done.written == 0 and done.plan.problems
    assert "write" not in told


def test_a_piped_import_draws_no_progress_bar(kpi: Invoke, workdir: Path) -> None:
    kpi("init")
    result = kpi("import", str(write_rows(workdir / "rows.csv", 30)))
    assert result.exit_code == 0
    assert "━" not in result.output and "检查中" not in result.output


def test_the_collector_pauses_for_an_import_and_comes_back_even_after_a_refusal(
    kpi: Invoke, workdir: Path
) -> None:
    """Paused for the work (kpitrack.cli.bulk), never left off for whoever runs kpi in-process."""
    kpi("init")
    assert kpi("import", str(write_rows(workdir / "good.csv", 20))).exit_code == 0
    assert gc.isenabled()
    refused = kpi("import", str(write_rows(workdir / "bad.csv", 20, bad_at=3)))
    assert refused.exit_code == 2
    assert gc.isenabled()
    assert kpi("export", "all.csv").exit_code == 0
    assert gc.isenabled()
