"""Hostile spreadsheets, CSV files and text: each answered in one sentence, or read right.

Every reproduction of issue 10's part on files and values is here: a UTF-16 CSV, a CSV cell
over the csv module's 131,072 characters, a 4.9 KB .xlsx with one cell at XFD1048576 (once
36 s, 3.9 GB, then MemoryError), hidden sheets and rows, two value columns, an empty date
cell, formula neutralising for = + - @ TAB CR, a control character in a note (once accepted,
after which .xlsx export failed for good), and bytes that are not UTF-8 in arguments and on
stdin.
"""

from __future__ import annotations

import csv
import os
import resource
import sqlite3
import subprocess
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from typer.testing import CliRunner, Result

from kpitrack import workbook as workbook_module
from kpitrack.cli import app
from kpitrack.importing import FIELD_LIMIT, read_rows
from kpitrack.plaintext import cell_text, neutralise
from kpitrack.workbook import MAX_COLUMNS, MAX_ROWS

from .conftest import ROOT, Invoke
from .test_import_export import SEEDED, entry_count
from .test_process import kpi_executable
from .test_sheets import latest, workbook

HEADER = ["指标编号", "数值", "截至日期", "备注"]
ROW = ["fitness-paths", 6, "2024-06-30", "按月报"]


def stdin(*args: str, input: bytes | str) -> Result:
    return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)


def notes(workdir: Path) -> list[str | None]:
    conn = sqlite3.connect(workdir / "kpi.db")
    try:
        return [row[0] for row in conn.execute("select note from entries order by id")]
    finally:
        conn.close()


def one_sentence(result: Any) -> str:
    """A refusal: exit 2, one line on stderr, no traceback."""
    stderr = str(getattr(result, "stderr", ""))
    assert getattr(result, "exit_code", getattr(result, "returncode", None)) == 2, stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    return stderr.strip()


def process_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "COLUMNS"))}
    env["KPI_LANG"] = "zh"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


def run_kpi(
    cwd: Path, *args: str | bytes, input: bytes | None = None, memory: int | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The installed ``kpi`` as a real process; arguments may be bytes that are not UTF-8."""

    def limit() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [kpi_executable(), *args],
        cwd=cwd,
        env=process_env(),
        input=input,
        capture_output=True,
        timeout=120,
        preexec_fn=limit,
    )


# -- CSV: encodings, delimiters, long cells ---------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8-sig", ","),  # Excel's "CSV UTF-8"
        ("utf-16", "\t"),  # Excel's "Unicode text": a BOM, little-endian, TAB-separated
        ("utf-16-be", "\t"),  # with its mark written by hand below
        ("utf-8", ","),
        ("gb18030", ","),  # Excel's CSV on a Chinese Windows
        ("gb18030", "\t"),
    ],
)
def test_a_csv_is_decoded_by_its_byte_order_mark_else_utf8_else_gb18030(
    kpi: Invoke, workdir: Path, encoding: str, delimiter: str
) -> None:
    text = "\r\n".join(delimiter.join(map(str, row)) for row in [HEADER, ROW]) + "\r\n"
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path = workdir / "填报.csv"
    path.write_bytes(raw)
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("fitness-paths", 6.0, "6", "2024-06-30")]
    assert notes(workdir)[-1] == "按月报"


def test_a_utf8_mark_before_bytes_that_are_not_utf8_is_refused_not_read_as_gbk(
    kpi: Invoke, workdir: Path
) -> None:
    path = workdir / "x.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "指标编号,数值\nfitness-paths,6\n".encode("gb18030"))
    kpi("init")
    message = one_sentence(kpi("import", str(path)))
    assert message.startswith(f"无法读取 {path} 的文字编码")
    assert entry_count(workdir) == SEEDED


def test_a_cell_longer_than_the_csv_modules_own_limit_is_read(kpi: Invoke, workdir: Path) -> None:
    long_note = "说明" * 70_000  # 140,000 characters: over csv's 131,072, once a traceback
    path = workdir / "x.csv"
    path.write_text(
        f"指标编号,数值,截至日期,备注\nfitness-paths,6,2024-06-30,{long_note}\n", encoding="utf-8"
    )
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert notes(workdir)[-1] == long_note
    assert csv.field_size_limit() == 131_072  # the process-wide limit is put back


def test_a_cell_over_the_documented_limit_is_refused_naming_its_row(
    kpi: Invoke, workdir: Path
) -> None:
    path = workdir / "x.csv"
    rows = [
        "指标编号,数值,截至日期,备注",
        "key-projects-2024,5,2024-06-30,",
        "fitness-paths,6,2024-06-30,",
    ]
    path.write_text("\n".join(rows) + "x" * (FIELD_LIMIT + 1) + "\n", encoding="utf-8")
    kpi("init")
    message = one_sentence(kpi("import", str(path)))
    assert message.startswith(f"{path} 第 3 行有一个单元格超过 1,000,000 个字符")
    assert entry_count(workdir) == SEEDED


def test_a_quote_left_open_is_named_not_a_traceback(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "x.csv"
    path.write_text(
        '指标编号,数值,截至日期,备注\nfitness-paths,6,2024-06-30,"未闭合\n'
        + "key-projects-2024,5,2024-06-30,很长的说明\n" * 60_000,
        encoding="utf-8",
    )
    kpi("init")
    message = one_sentence(kpi("import", str(path)))
    assert "第 2 行有一个单元格超过 1,000,000 个字符（或引号没有配对" in message
    assert entry_count(workdir) == SEEDED


def test_a_long_cell_on_stdin_is_refused_naming_its_row(kpi: Invoke, workdir: Path) -> None:
    kpi("init")
    text = "id,value,date,note\nfitness-paths,6,2024-06-30," + "x" * (FIELD_LIMIT + 1) + "\n"
    message = one_sentence(stdin("log", "-", input=text))
    assert message.startswith("- 第 2 行有一个单元格超过 1,000,000 个字符")
    assert entry_count(workdir) == SEEDED


def test_an_empty_date_cell_in_a_csv_is_a_row_error_not_today(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "x.csv"
    path.write_text(
        "指标编号,数值,截至日期\nkey-projects-2024,5,2024-06-30\nfitness-paths,6,\n",
        encoding="utf-8",
    )
    kpi("init")
    result = kpi("import", str(path))
    assert result.exit_code == 2
    assert "第 3 行：截至日期为空，请填写数据对应的日期" in result.stderr.splitlines()
    assert entry_count(workdir) == SEEDED


# -- two value columns ----------------------------------------------------------------------


@pytest.mark.parametrize("second", ["完成值", "数值"])
def test_two_value_columns_that_disagree_are_a_row_error(
    kpi: Invoke, workdir: Path, second: str
) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            ["指标编号", "数值", second, "截至日期"],
            ["key-projects-2024", 5, 5, "2024-06-30"],  # the same figure twice: fine
            ["fitness-paths", 6, 8, "2024-06-30"],  # which one? a person's call
        ]),
    )  # fmt: skip
    kpi("init")
    result = kpi("import", str(path))
    assert result.exit_code == 2
    problems = [line for line in result.stderr.splitlines() if line.startswith("第 ")]
    assert problems == [
        f"第 3 行：「数值」填 6，「{second}」填 8，两列都是数值列，不知以哪个为准。"
        "请只保留一列，或改为一致后重试"
    ]
    assert f"{second}（与「数值」同为数值列：两列都填且不一致的行报错）" in result.stderr
    assert entry_count(workdir) == SEEDED


def test_a_second_value_column_filled_alone_gives_the_figure(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            ["指标编号", "数值", "完成值", "截至日期"],
            ["key-projects-2024", 5, None, "2024-06-30"],
            ["fitness-paths", None, 6, "2024-06-30"],
        ]),
    )  # fmt: skip
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir, 2) == [
        ("fitness-paths", 6.0, "6", "2024-06-30"),
        ("key-projects-2024", 5.0, "5", "2024-06-30"),
    ]


# -- .xlsx: the size a sheet claims, limits, damage ---------------------------------------------


def far_cell_workbook(path: Path, coordinate: str = "XFD1048576") -> Path:
    """The reproduction: a small, ordinary sheet and one stray cell far away."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(ROW)
    sheet[coordinate] = "x"
    book.save(path)
    return path


def test_one_cell_at_xfd1048576_is_one_sentence_in_about_a_second(
    kpi: Invoke, workdir: Path
) -> None:
    path = far_cell_workbook(workdir / "x.xlsx")
    assert path.stat().st_size < 6000  # the 4.9 KB file of the report
    kpi("init")
    started = time.monotonic()
    message = one_sentence(kpi("import", str(path)))
    assert time.monotonic() - started < 3
    assert message == (
        f"{path} 的工作表「Sheet」在 XFD1048576 有内容，超出了 kpitrack 导入的范围"
        "（至多 100,000 行、200 列），未写入任何记录。请删去该处内容，或只把数据复制到一个新"
        "工作表后再导入。"
    )
    assert entry_count(workdir) == SEEDED


def test_reading_the_far_cell_needs_no_more_memory_than_a_small_sheet(tmp_path: Path) -> None:
    """As a real process held to 1 GB of address space (the old reader wanted 3.9 GB)."""
    (tmp_path / "targets.yaml").write_bytes((ROOT / "targets.yaml").read_bytes())
    path = far_cell_workbook(tmp_path / "x.xlsx")
    result = run_kpi(tmp_path, "import", str(path), memory=1024**3)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "在 XFD1048576 有内容" in stderr and "Traceback" not in stderr


@pytest.mark.parametrize(
    ("coordinate", "refused"),
    [("GR2", False), ("GS2", True), ("A100000", False), ("A100001", True)],
)
def test_content_is_read_up_to_200_columns_and_100000_rows(
    kpi: Invoke, workdir: Path, coordinate: str, refused: bool
) -> None:
    assert (MAX_COLUMNS, MAX_ROWS) == (200, 100_000)  # GR is column 200
    path = far_cell_workbook(workdir / "x.xlsx", coordinate)
    result = kpi("import", str(path))
    if refused:
        assert f"在 {coordinate} 有内容" in one_sentence(result)
    else:
        assert result.exit_code == 0, result.stderr
        assert latest(workdir) == [("fitness-paths", 6.0, "6", "2024-06-30")]


def test_a_sheet_whose_dimension_claims_the_whole_grid_imports_its_real_cells(
    kpi: Invoke, workdir: Path
) -> None:
    path = workbook(workdir / "x.xlsx", ("Sheet1", [HEADER, ROW]))
    rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'ref="A1:D2"', b'ref="A1:XFD1048576"'),
    )
    assert load_workbook(path, read_only=True).active.max_row == 1048576  # type: ignore[union-attr]
    started = time.monotonic()
    result = kpi("import", str(path))
    assert time.monotonic() - started < 3
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("fitness-paths", 6.0, "6", "2024-06-30")]


def test_formatting_far_away_is_not_content(kpi: Invoke, workdir: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(ROW)
    sheet["XFD1048576"].font = Font(bold=True)  # a styled cell with nothing in it
    sheet.row_dimensions[500_000].height = 30
    book.save(workdir / "x.xlsx")
    result = kpi("import", str(workdir / "x.xlsx"))
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("fitness-paths", 6.0, "6", "2024-06-30")]


def test_more_cells_than_the_limit_are_one_sentence(
    kpi: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook_module, "MAX_CELLS", 10)
    path = workbook(workdir / "x.xlsx", ("Sheet1", [HEADER, ROW, ROW, ROW]))
    message = one_sentence(kpi("import", str(path)))
    assert message.startswith(f"{path} 的工作表「Sheet1」有超过 10 个非空单元格")


def test_a_workbook_that_unpacks_to_more_than_100_mb_is_refused_unread(
    kpi: Invoke, workdir: Path
) -> None:
    path = workbook(workdir / "x.xlsx", ("Sheet1", [HEADER, ROW]))
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as part,
    ):
        for _ in range(101):
            part.write(bytes(1024 * 1024))
    assert path.stat().st_size < 1024 * 1024  # small on disk, 101 MB unpacked
    message = one_sentence(kpi("import", str(path)))
    assert message.startswith(f"{path} 解压后超过 100 MB")


def test_a_damaged_sheet_is_one_sentence(kpi: Invoke, workdir: Path) -> None:
    path = workbook(workdir / "x.xlsx", ("Sheet1", [HEADER, ROW]))
    rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    message = one_sentence(kpi("import", str(path)))
    assert message.startswith(f"无法读取 {path}（ParseError）")


def rewrite(path: Path, part: str, change: Any) -> None:
    """Rewrite one part of a zip, the others copied as they are."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


# -- hidden sheets and rows -----------------------------------------------------------------


def test_a_hidden_sheet_is_skipped_and_said(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("旧数据", [HEADER, ["fitness-paths", 4, "2024-05-31", "上月的"]]),
        ("9月", [HEADER, ROW]),
    )
    book = load_workbook(path)
    book["旧数据"].sheet_state = "hidden"
    book.save(path)
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "跳过了隐藏的工作表「旧数据」；要导入其中的数据，请用 --sheet 指定。" in result.stderr
    assert "读取" in result.stderr and "「9月」" in result.stderr
    assert latest(workdir) == [("fitness-paths", 6.0, "6", "2024-06-30")]
    named = kpi("import", str(path), "--sheet", "旧数据")  # asked for by name: read
    assert named.exit_code == 0, named.stderr
    assert latest(workdir) == [("fitness-paths", 4.0, "4", "2024-05-31")]


def test_a_workbook_whose_only_data_is_hidden_says_so(kpi: Invoke, workdir: Path) -> None:
    path = workbook(workdir / "x.xlsx", ("说明", [["请填写"]]), ("数据", [HEADER, ROW]))
    book = load_workbook(path)
    book["数据"].sheet_state = "veryHidden"
    book.save(path)
    message = one_sentence(kpi("import", str(path)))
    assert message.endswith("隐藏的工作表「数据」没有读取，要导入其中的数据，请用 --sheet 指定。")


def test_hidden_rows_are_skipped_and_counted(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "x.xlsx",
        ("Sheet1", [
            HEADER,
            ["key-projects-2024", 5, "2024-06-30", None],
            ["fitness-paths", 99, "2024-06-30", "隐藏：作废的草稿"],
            ["fitness-paths", 6, "2024-06-30", None],
            ["hospitals-in-use", "不是数字", "2024-06-30", "筛选掉的行"],
        ]),
    )  # fmt: skip
    book = load_workbook(path)
    sheet = book["Sheet1"]
    sheet.row_dimensions[3].hidden = True  # hidden by hand
    sheet.auto_filter.ref = "A1:D5"
    sheet.row_dimensions[5].hidden = True  # hidden by a filter: the same flag
    book.save(path)
    assert load_workbook(path)["Sheet1"].row_dimensions[3].hidden  # the file says so
    result = kpi("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "跳过了 2 个隐藏行（第 3、5 行）；要导入这些行，请在表中取消隐藏后重新导入。" in (
        result.stderr.splitlines()
    )
    assert latest(workdir, 2) == [
        ("fitness-paths", 6.0, "6", "2024-06-30"),
        ("key-projects-2024", 5.0, "5", "2024-06-30"),
    ]


def test_hidden_rows_are_read_from_the_stream_not_the_full_workbook(workdir: Path) -> None:
    path = workbook(workdir / "x.xlsx", ("Sheet1", [HEADER, ROW, ROW]))
    book = load_workbook(path)
    book["Sheet1"].row_dimensions[2].hidden = True
    book.save(path)
    read = read_rows(path, undated=date(2024, 6, 30))
    assert read.hidden_rows == [2] and [row.number for row in read.rows] == [3]


# -- formulas -------------------------------------------------------------------------------


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(lead: str) -> None:
    assert neutralise(f"{lead}1+1") == f"'{lead}1+1"


@pytest.mark.parametrize(
    ("text", "line", "note"),
    [
        ("=cmd", "'=cmd", "'=cmd"),
        ("@cmd", "'@cmd", "'@cmd"),
        ("\tcmd", "\ufffdcmd", "'\tcmd"),  # TAB: a note's own, no other text's
        ("\rcmd", "\ufffdcmd", "\ncmd"),  # CR: a note's line break, LF as stored now
        ("a\x01b", "a\ufffdb", "a\ufffdb"),  # what Excel cannot hold
    ],
)
def test_a_cell_is_written_as_text_excel_can_hold(text: str, line: str, note: str) -> None:
    assert (cell_text(text), cell_text(text, note=True)) == (line, note)


@pytest.mark.parametrize("number", [-2, 3, 0.5])
def test_numbers_stay_numbers(number: float) -> None:
    assert neutralise(number) == number and cell_text(number) == number


@pytest.mark.parametrize(
    ("note", "written", "back"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)", "=HYPERLINK(1)"),
        ("+HYPERLINK(1)", "'+HYPERLINK(1)", "+HYPERLINK(1)"),
        ("-HYPERLINK(1)", "'-HYPERLINK(1)", "-HYPERLINK(1)"),
        ("@HYPERLINK(1)", "'@HYPERLINK(1)", "@HYPERLINK(1)"),
        ("\tHYPERLINK(1)", "'\tHYPERLINK(1)", "\tHYPERLINK(1)"),
        # a note's CR is an LF (as stored since issue 10); a leading line break is trimmed
        ("\rHYPERLINK(1)", "\nHYPERLINK(1)", "HYPERLINK(1)"),
    ],
)
def test_export_neutralises_each_leading_character_and_import_takes_it_back(
    kpi: Invoke,
    workdir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    note: str,
    written: str,
    back: str,
) -> None:
    logged = kpi("log", "fitness-paths", "6", "--date", "2024-06-30")
    assert logged.exit_code == 0, logged.stderr
    set_last_note(workdir, note)  # as an older kpitrack would have stored it, CR and all
    assert kpi("export", str(workdir / "out.xlsx")).exit_code == 0
    assert kpi("export", str(workdir / "out.csv")).exit_code == 0
    sheet = load_workbook(workdir / "out.xlsx").active
    assert sheet is not None
    last = list(sheet[sheet.max_row])
    note = [cell.value for cell in sheet[1]].index("备注")
    assert last[note].value == written and last[note].data_type == "s"
    assert all(cell.data_type != "f" for cell in last)
    with (workdir / "out.csv").open(encoding="utf-8-sig", newline="") as file:
        assert list(csv.reader(file))[-1][5] == written
    fresh = tmp_path_factory.mktemp("fresh")
    (fresh / "targets.yaml").write_bytes((workdir / "targets.yaml").read_bytes())
    assert kpi("init", "--db", str(fresh / "kpi.db")).exit_code == 0
    again = kpi("import", str(workdir / "out.xlsx"), "--db", str(fresh / "kpi.db"))
    assert again.exit_code == 0, again.stderr
    assert notes(fresh)[-1] == back


def test_numbers_in_an_export_stay_numbers(landed: Invoke, workdir: Path) -> None:
    path = workdir / "status.xlsx"
    assert landed("export", str(path), "--what", "status", "--as-of", "2024-07-10").exit_code == 0
    sheet = load_workbook(path).active
    assert sheet is not None
    gaps = [row[10] for row in sheet.iter_rows(min_row=2) if isinstance(row[10].value, float)]
    negative = [cell for cell in gaps if cell.value < 0]
    assert negative and all(cell.data_type == "n" for cell in negative)


def test_a_csv_report_for_excel_neutralises_text_and_keeps_numbers(
    landed: Invoke, workdir: Path
) -> None:
    landed("log", "fitness-paths", "+1", "--date", "2024-07-06", "--note", "=1+1")
    plain = landed("history", "fitness-paths", "--format", "csv").stdout
    for_excel = landed("history", "fitness-paths", "--format", "csv", "--bom").stdout
    assert ",=1+1," in plain  # for scripts: the raw value
    assert ",'=1+1," in for_excel and ",'+1," in for_excel  # for Excel: never a formula
    assert ",1," in for_excel  # the increment's value, a number, as it is


def test_a_template_writes_a_tasks_note_as_text(kpi: Invoke, workdir: Path) -> None:
    result = kpi("log", "research-platforms", '=HYPERLINK("http://x")', "--date", "2024-07-01")
    assert result.exit_code == 0, result.stderr
    path = workdir / "t.xlsx"
    made = kpi("template", "--owner", "区科技局", "--as-of", "2024-07-10", "-o", str(path))
    assert made.exit_code == 0, made.stderr
    sheet = load_workbook(path)["填报"]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "research-platforms")
    assert row[4].value == '\'=HYPERLINK("http://x")' and row[4].data_type == "s"


# -- control characters ---------------------------------------------------------------------


def set_last_note(workdir: Path, note: str) -> None:
    """What an older kpitrack let in: the latest entry again, with ``note``, written straight
    into the database (entries are append-only, so it is a new row)."""
    conn = sqlite3.connect(workdir / "kpi.db")
    try:
        columns = [row[1] for row in conn.execute("pragma table_info(entries)")]
        copied = [c for c in columns if c not in {"id", "note", "key"}]
        listed = ", ".join(copied)
        conn.execute(
            f"insert into entries ({listed}, note) select {listed}, ? from entries "
            "order by id desc limit 1",
            (note,),
        )
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f"])
@pytest.mark.parametrize(
    ("option", "field"),
    [
        ("--note", "备注（--note）"),
        ("--by", "填报人（--by 或 KPI_USER）"),
        ("--source", "来源（--source）"),
        ("--key", "键（--key）"),
        ("value", "数值"),
    ],
)
def test_a_control_character_is_refused_naming_the_field(
    kpi: Invoke, workdir: Path, char: str, option: str, field: str
) -> None:
    kpi("init")
    args = ["log", "fitness-paths", "6", "--date", "2024-06-30"]
    if option == "value":
        args[2] = f"6{char}"
    else:
        args += [option, f"a{char}b"]
    message = one_sentence(kpi(*args))
    code = f"U+{ord(char):04X}"
    assert message == (
        f"{field}含有控制字符 {code}，请删去后重试（这种字符看不见，多半是粘贴时带进来的）。"
    )
    assert entry_count(workdir) == SEEDED


def test_the_reproduction_note_is_refused_and_export_keeps_working(
    kpi: Invoke, workdir: Path
) -> None:
    assert kpi("log", "key-projects-2024", "5", "--date", "2024-06-30").exit_code == 0
    message = one_sentence(kpi("log", "key-projects-2024", "5", "--note", "a\x01b"))
    assert message.startswith("备注（--note）含有控制字符 U+0001")
    assert kpi("export", str(workdir / "out.xlsx")).exit_code == 0


def test_a_note_keeps_its_line_breaks_and_tabs(kpi: Invoke, workdir: Path) -> None:
    result = kpi("log", "fitness-paths", "6", "--date", "2024-06-30", "--note", "一\r\n二\t三\r四")
    assert result.exit_code == 0, result.stderr
    assert notes(workdir)[-1] == "一\n二\t三\n四"


@pytest.mark.parametrize("command", ["undo", "restore", "amend"])
def test_a_correction_with_a_control_character_is_refused(
    kpi: Invoke, workdir: Path, command: str
) -> None:
    assert kpi("log", "fitness-paths", "6", "--date", "2024-06-30").exit_code == 0
    entry = str(len(notes(workdir)))
    if command == "restore":
        assert kpi("undo", entry).exit_code == 0
    args = [command, entry, *(["7"] if command == "amend" else []), "--note", "误\x1b[31m报"]
    assert one_sentence(kpi(*args)).startswith("备注（--note）含有控制字符 U+001B")


def test_a_database_holding_a_control_character_still_exports(
    kpi: Invoke, workdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert kpi("log", "fitness-paths", "6", "--date", "2024-06-30").exit_code == 0
    set_last_note(workdir, "a\x01b\x7fc\nd")  # written by a kpitrack before issue 10
    for name in ("out.xlsx", "out.csv"):
        result = kpi("export", str(workdir / name))
        assert result.exit_code == 0, result.stderr
    sheet = load_workbook(workdir / "out.xlsx").active
    assert sheet is not None
    assert sheet.cell(sheet.max_row, 7).value == "a\ufffdb\ufffdc\nd"  # 备注, after 单位
    assert "a\ufffdb\ufffdc\nd" in (workdir / "out.csv").read_text(encoding="utf-8-sig")
    fresh = tmp_path_factory.mktemp("fresh")
    (fresh / "targets.yaml").write_bytes((workdir / "targets.yaml").read_bytes())
    assert kpi("init", "--db", str(fresh / "kpi.db")).exit_code == 0
    again = kpi("import", str(workdir / "out.xlsx"), "--db", str(fresh / "kpi.db"))
    assert again.exit_code == 0, again.stderr


def test_an_imported_cell_with_a_control_character_is_a_row_error(
    kpi: Invoke, workdir: Path
) -> None:
    path = workdir / "x.csv"
    path.write_text(
        "指标编号,数值,截至日期,备注,填报人\n"
        "key-projects-2024,5,2024-06-30,好的,张三\n"
        "fitness-paths,6,2024-06-30,a\x01b,张三\n"
        "hospitals-in-use,1,2024-06-30,,李\x1b[2J四\n"
        'signed-projects-landed,3,2024-06-30,"两行\r\n说明",王五\n',
        encoding="utf-8",
        newline="",
    )
    kpi("init")
    result = kpi("import", str(path))
    assert result.exit_code == 2
    problems = [line for line in result.stderr.splitlines() if line.startswith("第 ")]
    assert problems == [
        "第 3 行：「备注」列含有控制字符 U+0001，请删去后重试（这种字符看不见，多半是粘贴时带进来的）。",
        "第 4 行：「填报人」列含有控制字符 U+001B，请删去后重试（这种字符看不见，多半是粘贴时带进来的）。",
    ]
    assert entry_count(workdir) == SEEDED
    skipped = kpi("import", str(path), "--skip-bad")
    assert skipped.exit_code == 0, skipped.stderr
    assert notes(workdir)[-1] == "两行\n说明"  # a cell's own line break is a note's


def test_a_control_character_in_an_xlsx_cell_is_a_row_error(kpi: Invoke, workdir: Path) -> None:
    path = workbook(
        workdir / "x.xlsx", ("Sheet1", [HEADER, ["fitness-paths", 6, "2024-06-30", "a\x85b"]])
    )
    kpi("init")
    result = kpi("import", str(path))
    assert result.exit_code == 2
    assert "第 2 行：「备注」列含有控制字符 U+0085" in result.stderr


def test_a_control_character_on_stdin_is_named_on_its_own_line(kpi: Invoke, workdir: Path) -> None:
    kpi("init")
    text = "key-projects-2024 5 2024-06-30\nfitness-paths 6\x1c 2024-06-30\nfitness-paths 7 2024-06-30\n"
    result = stdin("log", "-", input=text)
    assert result.exit_code == 2
    problems = [line for line in result.stderr.splitlines() if line.startswith("第 ")]
    assert problems == [
        "第 2 行：这一行含有控制字符 U+001C，请删去后重试（这种字符看不见，多半是粘贴时带进来的）。"
    ]
    assert entry_count(workdir) == SEEDED


# -- bytes that are not UTF-8 ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [b"log", b"fitness-paths", b"6", b"--date", b"2024-06-30", b"--note", b"\xd6\xd0\xce\xc4"],
        [b"log", b"fitness-paths", b"6", b"--date", b"2024-06-30", b"--by", b"\xff"],
        [b"log", b"fitness-paths", b"6\xff", b"--date", b"2024-06-30"],
        [b"import", b"\xb1\xed.csv"],
    ],
)
def test_an_argument_that_is_not_utf8_is_refused_by_the_real_command(
    tmp_path: Path, args: list[bytes]
) -> None:
    (tmp_path / "targets.yaml").write_bytes((ROOT / "targets.yaml").read_bytes())
    result = run_kpi(tmp_path, *args)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert "不是有效的 UTF-8 文字" in stderr
    assert not (tmp_path / "kpi.db").exists()  # refused before anything was opened


@pytest.mark.parametrize(
    ("option", "field"), [("--note", "备注（--note）"), ("--by", "填报人（--by 或 KPI_USER）")]
)
def test_a_surrogate_escaped_argument_is_refused_in_process(
    kpi: Invoke, workdir: Path, option: str, field: str
) -> None:
    kpi("init")
    message = one_sentence(
        kpi("log", "fitness-paths", "6", "--date", "2024-06-30", option, "\udcff")
    )
    assert message == f"{field}不是有效的 UTF-8 文字，请把终端或脚本的编码设为 UTF-8 后重试。"
    assert entry_count(workdir) == SEEDED


def test_stdin_that_is_not_utf8_is_refused_naming_the_line(kpi: Invoke, workdir: Path) -> None:
    kpi("init")
    raw = b"key-projects-2024 5 2024-06-30\n" + "fitness-paths 6 2024-06-30 # 六月\n".encode("gbk")
    message = one_sentence(stdin("log", "-", input=raw))
    assert message.startswith("标准输入第 2 行不是有效的 UTF-8 文字，未写入任何记录。")
    assert entry_count(workdir) == SEEDED


def test_stdin_that_is_not_utf8_is_refused_by_the_real_command(tmp_path: Path) -> None:
    (tmp_path / "targets.yaml").write_bytes((ROOT / "targets.yaml").read_bytes())
    result = run_kpi(tmp_path, "log", "-", input=b"fitness-paths 6 2024-06-30 \xff\n")
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert stderr.strip() == (
        "标准输入第 1 行不是有效的 UTF-8 文字，未写入任何记录。请把内容另存为 UTF-8 后重试；"
        "GBK 编码的表格可以用 kpi import 文件 导入。"
    )


def test_stdin_with_a_byte_order_mark_is_read(kpi: Invoke, workdir: Path) -> None:
    result = stdin("log", "-", input="\ufefffitness-paths 6 2024-06-30\n".encode())
    assert result.exit_code == 0, result.stderr
    assert latest(workdir) == [("fitness-paths", 6.0, "6", "2024-06-30")]
