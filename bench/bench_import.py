"""How `kpi import` and `kpi extract` scale. Run by hand: python bench/bench_import.py

Imports CSV files of growing size into a fresh database (every row read, matched, checked at
entry and compared by content with what is logged, then written in one transaction) and a
second time (every row found already logged), then a workbook of 10,000 rows, and extracts the
seed report. Ratios are against the smallest size; the time per row should stay flat.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from kpitrack.batch import plan_batch, write_batch
from kpitrack.extract import extract
from kpitrack.importing import read_rows
from kpitrack.imports import ImportOrigin
from kpitrack.workspace import open_workspace

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_5b08f66ed03d030d.txt"
IDS = ["key-projects-2024", "fitness-paths", "hospitals-in-use", "schools-ready-2024"]


def write_csv(path: Path, rows: int) -> None:
    lines = ["指标编号,数值,日期,备注"]
    for n in range(rows):
        day = date(2024, 1, 1) + timedelta(days=n % 180)
        lines.append(f"{IDS[n % 4]},+0.0005,{day.isoformat()},第{n}条")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_xlsx(path: Path, rows: int) -> None:
    """The same rows as a workbook, as departments send them: read cell by cell, formats too."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["指标编号", "数值", "日期", "备注"])
    for n in range(rows):
        day = date(2024, 1, 1) + timedelta(days=n % 180)
        sheet.append([IDS[n % 4], "+0.0005", day, f"第{n}条"])
    book.save(path)


def import_once(folder: Path, csv: Path) -> float:
    started = time.perf_counter()
    workspace = open_workspace(folder / "targets.yaml", None)
    try:
        plan = plan_batch(
            read_rows(csv).rows, workspace.targets, workspace.store, date(2024, 12, 31), "bench",
            by_content=True,
        )  # fmt: skip
        assert not plan.problems, plan.problems[:3]
        write_batch(workspace.store, plan, ImportOrigin(csv.name, "0" * 64, "bench"))
    finally:
        workspace.close()
    return time.perf_counter() - started


def main() -> None:
    print(f"{'rows':>8} {'first (ms)':>11} {'µs/row':>8} {'ratio':>6} {'again (ms)':>11}")
    base = None
    for rows in (1_000, 10_000, 50_000):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            shutil.copy(ROOT / "targets.yaml", folder / "targets.yaml")
            csv = folder / "rows.csv"
            write_csv(csv, rows)
            first = import_once(folder, csv)
            again = import_once(folder, csv)
        per_row = first / rows * 1e6
        base = base or per_row
        figures = f"{first * 1000:>11.0f} {per_row:>8.1f} {per_row / base:>6.2f}"
        print(f"{rows:>8,} {figures} {again * 1000:>11.0f}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(ROOT / "targets.yaml", folder / "targets.yaml")
        xlsx = folder / "rows.xlsx"
        write_xlsx(xlsx, 10_000)
        first = import_once(folder, xlsx)
        again = import_once(folder, xlsx)
    per_row = first / 10_000 * 1e6
    print(f"{'10,000 xlsx':>11} {first * 1000:>8.0f} {per_row:>8.1f} {'':>6} {again * 1000:>11.0f}")
    if SEED.exists():
        text = SEED.read_text(encoding="utf-8")
        started = time.perf_counter()
        for _ in range(20):
            found = extract(text)
        took = (time.perf_counter() - started) / 20
        size = f"{len(text):,} characters, {len(found)} indicators"
        print(f"\nkpi extract on the seed ({size}): {took * 1000:.1f} ms")


if __name__ == "__main__":
    main()
