"""kpi import at scale (issue 13): a file read and checked a chunk at a time, written in one
transaction — a bad row anywhere still leaves the database as it was, and what is written,
refused and said is what a whole-file check gives. Chunks and look-ahead are made tiny here,
so that a 60-row file spans many of them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from kpitrack import service
from kpitrack.importing import read_rows
from kpitrack.service import Place

from .conftest import PACED, Invoke, dump

IDS = ["key-projects-2024", "fitness-paths", "hospitals-in-use", "schools-ready-2024"]
HEADER = "指标编号,数值,日期,备注"


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kpitrack.batch.CHUNK", 7)
    monkeypatch.setattr("kpitrack.sheets.FOOTER_LOOKAHEAD", 3)


def rows_file(path: Path, count: int, swap: dict[int, str] | None = None) -> Path:
    """``count`` increments spread over four indicators and 2024's first months; ``swap``
    replaces some lines (by the row's index) as written."""
    lines = [HEADER]
    for n in range(count):
        day = date(2024, 1, 1) + timedelta(days=n * 2)
        lines.append((swap or {}).get(n, f"{IDS[n % 4]},+0.01,{day.isoformat()},第{n}条"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def counted(db: str | None = None) -> tuple[int, int]:
    """Entries and imports in the database."""
    place = Place(None, db)
    return len(service.entries(place)), len(service.imports(place))


@pytest.mark.usefixtures("tiny_chunks")
@pytest.mark.parametrize(
    ("index", "row", "told"),
    [
        (57, "no-such-indicator,+1,2024-05-01,迟到的错行", ["第 59 行", "未写入任何记录"]),
        (50, "fitness-paths,+1,2024-04-10,第\x01条", ["第 52 行", "U+0001"]),
    ],
    ids=["bad row in the last chunk", "a cell the reader refuses late"],
)
def test_a_late_refusal_leaves_the_database_as_it_was(
    kpi: Invoke, workdir: Path, index: int, row: str, told: list[str]
) -> None:
    kpi("init")
    before = dump(workdir)
    result = kpi("import", str(rows_file(workdir / "rows.csv", 60, {index: row})))
    assert result.exit_code == 2
    assert all(words in result.stderr for words in told)
    assert dump(workdir) == before


@pytest.mark.usefixtures("tiny_chunks")
def test_skip_bad_writes_the_good_rows_of_every_chunk_under_one_number(
    kpi: Invoke, workdir: Path
) -> None:
    kpi("init")
    entries, imports = counted()
    path = rows_file(workdir / "rows.csv", 60, {3: "no-such-indicator,+1,2024-01-07,", 44: ""})
    result = kpi("import", str(path), "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "已写入 58 条记录" in result.stderr and "跳过了 1 行" in result.stderr
    assert counted() == (entries + 58, imports + 1)
    (record,) = [r for r in service.imports(Place()) if r.file_name == "rows.csv"]
    assert record.rows_written == 58
    again = kpi("import", str(path), "--skip-bad")
    assert "已写入" not in again.stderr and "58 行已在库中" in again.stderr
    assert counted() == (entries + 58, imports + 1)


def test_a_file_whose_days_go_back_is_checked_in_date_order_as_before(
    kpi: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """7 in July, then (rows later, in another chunk) 1 in March: in date order July's 7 is a
    jump from 1 — the whole-file check refuses July's row, and so must a streamed one."""
    kpi("init")
    lines = [HEADER, f"{PACED},7,2024-07-01,七月"]
    lines += [f"fitness-paths,+0.01,2024-02-{day:02d},填充" for day in range(1, 20)]
    lines += [f"{PACED},1,2024-03-01,三月"]
    path = workdir / "back.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = kpi("import", str(path))
    monkeypatch.setattr("kpitrack.batch.CHUNK", 4)
    streamed = kpi("import", str(path))
    assert whole.exit_code == streamed.exit_code == 2
    assert streamed.stderr == whole.stderr
    assert "第 2 行" in whole.stderr and "第 22 行" not in whole.stderr


def test_rows_going_back_are_read_again_and_written_once(
    kpi: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kpitrack.batch.CHUNK", 5)
    kpi("init")
    entries, _ = counted()
    lines = [HEADER] + [f"fitness-paths,+0.01,2024-06-{day:02d},六月{day}" for day in range(1, 13)]
    lines += [f"fitness-paths,+0.01,2024-02-{day:02d},二月{day}" for day in range(1, 4)]
    path = workdir / "back.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.output
    assert "已写入 15 条记录" in result.stderr
    assert counted()[0] == entries + 15


@pytest.mark.usefixtures("tiny_chunks")
def test_signature_lines_are_passed_over_only_at_the_end(kpi: Invoke, workdir: Path) -> None:
    kpi("init")
    path = rows_file(
        workdir / "rows.csv", 20, {9: "合计,,,", 10: "", 11: "fitness-paths,+0.01,2024-01-25,"}
    )
    with path.open("a", encoding="utf-8") as out:
        out.write("合计,,,\n\n填表人：张三,,,\n联系电话：13800138000,,,\n\n")
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.output
    assert "忽略表尾 3 行" in result.stderr  # the lines under the table
    assert "1 行只有指标" in result.stderr  # 合计 inside the table is a row (with no figure)
    read = read_rows(path, None, date(2024, 12, 31))
    numbers = [row.number for row in read.rows]
    assert numbers[-1] == 21 and read.footer == 3 and 12 not in numbers


def test_a_gbk_file_whose_first_megabyte_is_ascii_is_read_as_gbk(
    kpi: Invoke, workdir: Path
) -> None:
    """The encoding is checked in blocks: a GBK note after the first block still decides."""
    kpi("init")
    entries, _ = counted()
    lines = [HEADER]
    filler = "x" * 200
    count = 6000
    for n in range(count):
        day = date(2024, 1, 1) + timedelta(days=n % 150)
        lines.append(f"{IDS[n % 4]},+0.001,{day.isoformat()},{filler}{n}")
    lines.append("fitness-paths,+1,2024-06-01,区体育局报送")
    raw = ("\n".join(lines) + "\n").encode("gb18030")
    assert len(raw) > 1 << 20 and raw.index("区".encode("gb18030")) > 1 << 20
    path = workdir / "gbk.csv"
    path.write_bytes(raw)
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.output
    assert counted()[0] == entries + count + 1
    notes = [e.note for e in service.entries(Place()) if e.note == "区体育局报送"]
    assert notes == ["区体育局报送"]


@pytest.mark.usefixtures("tiny_chunks")
def test_a_refusal_late_in_the_file_writes_nothing_on_either_engine(
    kpi: Invoke, workdir: Path, engine_url: str
) -> None:
    env = {"KPI_DB": engine_url}
    assert kpi("init", env=env).exit_code == 0
    before = counted(engine_url)
    bad = rows_file(workdir / "bad.csv", 40, {38: "fitness-paths,很多,2024-03-20,"})
    refused = kpi("import", str(bad), env=env)
    assert refused.exit_code == 2 and "第 40 行" in refused.stderr
    assert counted(engine_url) == before
    good = rows_file(workdir / "good.csv", 40)
    written = kpi("import", str(good), env=env)
    assert written.exit_code == 0, written.output
    assert counted(engine_url) == (before[0] + 40, before[1] + 1)
    (record,) = [r for r in service.imports(Place(None, engine_url)) if r.file_name == "good.csv"]
    assert record.rows_written == 40
