"""Exit codes scripts can trust, writers that wait their turn, reports that never write.

0 fine (a race lost to another process doing the same thing included), 1 only --fail-on,
2 bad input, 3 the environment (busy after waiting, disk full, read-only, damaged), 70 a
defect of kpitrack's, its trace in a file the sentence names. Never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from kpitrack.errors import EnvironmentFault
from kpitrack.faults import environment_fault, working_on

from .conftest import DATA, REPO_TARGETS, Invoke, dump
from .test_process import kpi_executable


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entries(workdir: Path) -> int:
    conn = sqlite3.connect(workdir / "kpi.db")
    try:
        return int(conn.execute("select count(*) from entries").fetchone()[0])
    finally:
        conn.close()


@contextmanager
def write_lock(path: Path, release_after: float | None = None) -> Iterator[None]:
    """Another program holding the write lock, for ever or for ``release_after`` seconds."""
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    timer = None
    if release_after is not None:
        timer = threading.Timer(release_after, conn.rollback)
        timer.start()
    try:
        yield
    finally:
        if timer is not None:
            timer.join()
        if conn.in_transaction:
            conn.rollback()
        conn.close()


def change_target(workdir: Path, old: str, new: str) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fitness_target(kpi: Invoke) -> object:
    """The target at the year's end: an edit without ``revised:`` takes effect from the day
    kpitrack sees it, clamped into the period (2024 is over)."""
    report = json.loads(kpi("status", "--as-of", "2024-12-31", "--format", "json").stdout)
    rows = [row for area in report["areas"] for row in area["indicators"]]
    return next(row["target"] for row in rows if row["id"] == "fitness-paths")


# -- reports never write ----------------------------------------------------------------------


def test_a_report_after_an_edit_shows_the_edit_and_leaves_the_database_as_it_was(
    logged: Invoke, workdir: Path
) -> None:
    before = dump(workdir)
    change_target(
        workdir, "target: 10条\n        owner: 区体育局", "target: 12条\n        owner: 区体育局"
    )
    assert fitness_target(logged) == 12
    assert logged("summary", "--week", "2024-W27").exit_code == 0
    assert logged("history", "fitness-paths").exit_code == 0
    assert dump(workdir) == before  # nothing synced, nothing migrated behind the user's back
    logged("log", "fitness-paths", "+1", "--date", "2024-07-09")  # a write records the edit
    conn = sqlite3.connect(workdir / "kpi.db")
    targets = conn.execute(
        "select target_amount from target_history where indicator_id = 'fitness-paths'"
    ).fetchall()
    assert [row[0] for row in targets][-1] == "12"


def test_a_report_with_no_database_creates_none(kpi: Invoke, workdir: Path) -> None:
    result = kpi("status", "--period", "all")
    assert result.exit_code == 0 and "签约项目落地" in result.stdout
    assert not (workdir / "kpi.db").exists()


def test_a_report_on_an_older_database_reads_it_without_migrating_it(
    kpi: Invoke, workdir: Path
) -> None:
    shutil.copy(DATA / "v1.db", workdir / "kpi.db")
    before = digest(workdir / "kpi.db")
    assert kpi("status", "--period", "all").exit_code == 0
    assert kpi("history", "fitness-paths").exit_code == 0
    assert digest(workdir / "kpi.db") == before
    assert kpi("init").exit_code == 0  # a write migrates, as asked
    assert digest(workdir / "kpi.db") != before


def test_a_file_that_is_not_a_database_is_input_not_a_fault(kpi: Invoke, workdir: Path) -> None:
    notes = workdir / "notes.db"
    notes.write_text("这不是数据库，只是一段文字。" * 100, encoding="utf-8")
    before = digest(notes)
    result = kpi("log", "fitness-paths", "3", "--db", str(notes))
    assert result.exit_code == 2 and "不是 kpitrack 数据库" in result.stderr
    assert digest(notes) == before


# -- writers wait their turn ------------------------------------------------------------------


def test_a_writer_waits_for_another_writer_then_logs(logged: Invoke, workdir: Path) -> None:
    count = entries(workdir)
    with write_lock(workdir / "kpi.db", release_after=1.0):
        started = time.monotonic()
        result = logged("log", "fitness-paths", "+1", "--date", "2024-07-09")
        waited = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert waited >= 0.9  # it queued for the lock instead of failing
    assert entries(workdir) == count + 1


def test_a_writer_whose_turn_never_comes_says_so_with_exit_3(logged: Invoke, workdir: Path) -> None:
    count = entries(workdir)
    with write_lock(workdir / "kpi.db"):
        result = logged(
            "log", "fitness-paths", "+1", "--date", "2024-07-09", env={"KPI_BUSY_TIMEOUT": "0.3"}
        )
        report = logged("status", "--format", "json", env={"KPI_BUSY_TIMEOUT": "0.3"})
    assert result.exit_code == 3
    assert "正被其他程序写入" in result.stderr and "KPI_BUSY_TIMEOUT" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert entries(workdir) == count
    assert report.exit_code == 0  # a report reads while another writes


def test_a_busy_timeout_that_is_not_a_number_is_refused(logged: Invoke) -> None:
    result = logged(
        "log", "fitness-paths", "+1", "--date", "2024-07-09", env={"KPI_BUSY_TIMEOUT": "一分钟"}
    )
    assert result.exit_code == 2 and "KPI_BUSY_TIMEOUT" in result.stderr


# -- the environment: exit 3 --------------------------------------------------------------------


def damage(path: Path) -> None:
    """Overwrite every page after the first with noise: a disk that lost its data."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    assert len(data) > 2 * page
    for at in range(page, len(data)):
        data[at] = (at * 131 + 7) % 251
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["log", "fitness-paths", "+1", "--date", "2024-07-09"],
        ["history", "fitness-paths"],
        ["export", "out.csv"],
        ["summary", "--week", "2024-W27"],
    ],
)
def test_a_damaged_database_is_told_with_exit_3(
    logged: Invoke, workdir: Path, command: list[str]
) -> None:
    damage(workdir / "kpi.db")
    result = logged(*command)
    assert result.exit_code == 3, result.output
    assert "已损坏" in result.stderr and "备份" in result.stderr
    assert "Traceback" not in result.output


def real_error(make: str, tmp_path: Path) -> BaseException:
    """A real SQLite error of one kind, raised by SQLite itself."""
    path = tmp_path / f"{make}.db"
    conn = sqlite3.connect(path, timeout=0)
    conn.execute("create table t (x)")
    conn.commit()
    try:
        if make == "busy":
            other = sqlite3.connect(path, timeout=0)
            other.execute("BEGIN IMMEDIATE")
            conn.execute("BEGIN IMMEDIATE")
        elif make == "readonly":
            reader = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
            reader.execute("insert into t values (1)")
        elif make == "full":
            conn.execute("pragma max_page_count = 2")
            conn.execute("insert into t values (?)", [b"x" * 100_000])
        elif make == "damaged":
            conn.close()
            data = bytearray(path.read_bytes())
            data[4096:8192] = b"\xff" * 4096
            path.write_bytes(bytes(data))
            sqlite3.connect(path).execute("select * from t").fetchall()
    except sqlite3.Error as error:
        return error
    raise AssertionError(f"SQLite raised nothing for {make}")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        ("busy", "正被其他程序写入"),
        ("readonly", "只读"),
        ("full", "磁盘已满"),
        ("damaged", "已损坏"),
    ],
)
def test_each_fault_of_sqlite_has_its_sentence(tmp_path: Path, make: str, words: str) -> None:
    working_on(tmp_path / "kpi.db")
    fault = environment_fault(real_error(make, tmp_path))
    assert isinstance(fault, EnvironmentFault)
    assert words in str(fault) and str(tmp_path / "kpi.db") in str(fault)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(28, "No space left on device", "out.xlsx"), "磁盘已满，无法写入 out.xlsx"),
        (OSError(28, "No space left on device"), "磁盘已满，写入没有完成"),
        (PermissionError(13, "Permission denied", "out.xlsx"), "只读"),
        (MemoryError(), "内存不足"),
    ],
)
def test_faults_of_the_machine_have_their_sentence(error: BaseException, words: str) -> None:
    fault = environment_fault(error)
    assert fault is not None and words in str(fault)


def test_a_defect_is_not_mistaken_for_the_environment() -> None:
    assert environment_fault(ZeroDivisionError("x")) is None
    assert environment_fault(sqlite3.IntegrityError("UNIQUE constraint failed")) is None


# -- the unexpected: exit 70, trace in a file -----------------------------------------------------


def test_an_unexpected_error_is_one_sentence_exit_70_and_its_trace_in_a_file(
    logged: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    traces = tmp_path / "traces"
    traces.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(traces))

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a defect")

    monkeypatch.setattr("kpitrack.service.build_status", broken)
    result = logged("status")
    assert result.exit_code == 70
    assert "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    [trace] = list(traces.iterdir())
    assert str(trace) in line and "ZeroDivisionError" in line
    written = trace.read_text(encoding="utf-8")
    assert "Traceback" in written and "a defect" in written


# -- after a commit, success ----------------------------------------------------------------------


def test_a_failure_after_the_commit_says_the_entry_is_in_and_succeeds(
    logged: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = entries(workdir)

    def damaged(*args: object, **kwargs: object) -> None:
        error = sqlite3.DatabaseError("database disk image is malformed")
        error.sqlite_errorcode = 11  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr("kpitrack.service.row_of", damaged)
    result = logged("log", "fitness-paths", "+1", "--date", "2024-07-09")
    assert result.exit_code == 0  # a script must not log the increment again
    assert entries(workdir) == count + 1
    assert f"记录已写入数据库（第 {count + 1} 条）" in result.stderr
    assert "不要重复记录" in result.stderr and "已损坏" in result.stderr


# -- corrections that are done already ------------------------------------------------------------


def test_undoing_an_entry_twice_is_done_already(logged: Invoke, workdir: Path) -> None:
    entry = json.loads(logged("history", "fitness-paths", "--format", "json").stdout)
    last = str(entry["entries"][-1]["entry"])
    assert logged("undo", last).exit_code == 0
    before = dump(workdir)
    again = logged("undo", last)
    assert again.exit_code == 0 and "无需再次作废" in again.stderr
    assert dump(workdir) == before


# -- races, between real processes ---------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(REPO_TARGETS, tmp_path / "targets.yaml")
    return tmp_path


def run_all(folder: Path, commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KPI_")}
    env["KPI_LANG"] = "zh"

    def one(args: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [kpi_executable(), *args], cwd=folder, env=env, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip

    with ThreadPoolExecutor(len(commands)) as pool:
        return list(pool.map(one, commands))


def no_tracebacks(results: list[subprocess.CompletedProcess[str]]) -> None:
    for result in results:
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        assert "database is locked" not in result.stderr


def test_six_processes_creating_one_database_all_succeed(folder: Path) -> None:
    results = run_all(folder, [["init"]] * 6)
    no_tracebacks(results)
    assert [r.returncode for r in results] == [0] * 6
    assert entries(folder) == 45  # the report's own figures, seeded once


def test_one_key_logged_by_six_processes_is_logged_once(folder: Path) -> None:
    run_all(folder, [["init"]])
    command = ["log", "fitness-paths", "+1", "--date", "2024-07-01", "--key", "w27-fitness"]
    results = run_all(folder, [command] * 6)
    no_tracebacks(results)
    assert [r.returncode for r in results] == [0] * 6
    conn = sqlite3.connect(folder / "kpi.db")
    assert conn.execute("select count(*) from entries where key = 'w27-fitness'").fetchone() == (1,)
    assert sum("完成率" in r.stderr for r in results) == 1  # one logged it, five were told
    assert sum("已记录过，未重复写入" in r.stderr for r in results) == 5


def test_one_file_imported_by_four_processes_is_imported_once(folder: Path) -> None:
    run_all(folder, [["init"]])
    sheet = folder / "六月.csv"
    sheet.write_text(
        "指标编号,数值,日期\nfitness-paths,6,2024-06-30\nhospitals-in-use,1,2024-06-30\n",
        encoding="utf-8",
    )
    results = run_all(folder, [["import", str(sheet)]] * 4)
    no_tracebacks(results)
    assert [r.returncode for r in results] == [0] * 4
    conn = sqlite3.connect(folder / "kpi.db")
    assert conn.execute("select count(*) from imports").fetchone() == (1,)
    assert conn.execute("select count(*) from entries where import_id is not null").fetchone() == (
        2,
    )


def test_one_entry_undone_by_four_processes_is_voided_once(folder: Path) -> None:
    run_all(folder, [["log", "fitness-paths", "6", "--date", "2024-06-30"]])
    conn = sqlite3.connect(folder / "kpi.db")
    entry = str(conn.execute("select max(id) from entries").fetchone()[0])
    conn.close()
    results = run_all(folder, [["undo", entry]] * 4)
    no_tracebacks(results)
    assert [r.returncode for r in results] == [0] * 4
    conn = sqlite3.connect(folder / "kpi.db")
    assert conn.execute("select count(*) from voids").fetchone() == (1,)


def test_a_report_piped_into_head_ends_quietly(folder: Path) -> None:
    run_all(folder, [["init"]])
    env = {k: v for k, v in os.environ.items() if not k.startswith("KPI_")}
    piped = subprocess.run(
        f"'{kpi_executable()}' list --format csv | head -1",
        shell=True, cwd=folder, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert piped.returncode == 0 and piped.stdout.count("\n") == 1
    assert piped.stderr == ""


def test_an_import_into_a_damaged_database_is_refused_not_reported_done(
    kpi: Invoke, workdir: Path
) -> None:
    """A bad page the import's own queries never touch is still found before writing."""
    sheet = workdir / "六月.csv"
    sheet.write_text("指标编号,数值,日期\nfitness-paths,6,2024-06-30\n", encoding="utf-8")
    assert kpi("init").exit_code == 0
    conn = sqlite3.connect(workdir / "kpi.db")
    conn.execute("create table ballast (x)")  # pages of its own, far from the entries
    conn.executemany("insert into ballast values (?)", [(b"x" * 3000,) for _ in range(40)])
    conn.commit()
    root = conn.execute("select rootpage from sqlite_master where name = 'ballast'").fetchone()[0]
    page = conn.execute("pragma page_size").fetchone()[0]
    conn.execute("pragma journal_mode = delete")
    conn.close()
    data = bytearray((workdir / "kpi.db").read_bytes())
    start = (root - 1) * page
    data[start : start + page] = b"\x07" * page
    (workdir / "kpi.db").write_bytes(bytes(data))
    result = kpi("import", str(sheet))
    assert result.exit_code == 3 and "已损坏" in result.stderr
    assert "导入批次" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["undo", "99999999999999999999999"],
        ["undo", "--import", "99999999999999999999999"],
        ["restore", "99999999999999999999999"],
        ["amend", "99999999999999999999999", "3"],
    ],
)
def test_an_entry_number_past_any_database_is_no_such_entry(
    logged: Invoke, command: list[str]
) -> None:
    result = logged(*command)
    assert result.exit_code == 2 and "没有编号为" in result.stderr


def test_an_output_that_cannot_write_chinese_is_the_environment(tmp_path: Path) -> None:
    shutil.copy(REPO_TARGETS, tmp_path / "targets.yaml")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KPI_")}
    env.update(KPI_LANG="en", PYTHONIOENCODING="ascii")
    result = subprocess.run(
        [kpi_executable(), "list"], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 3
    assert "cannot write Chinese" in result.stderr and "PYTHONIOENCODING=utf-8" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a file system of its own (tmpfs), which the test may fill or make
    read-only; skipped where mounting is impossible (not root, no permission)."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)],
        capture_output=True, text=True,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_database_on_a_read_only_disk_is_read_and_never_written(small_disk: Path) -> None:
    shutil.copy(REPO_TARGETS, small_disk / "targets.yaml")
    assert (
        run_all(small_disk, [["log", "fitness-paths", "3", "--date", "2024-07-01"]])[0].returncode
        == 0
    )
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    status, log, history = run_all(
        small_disk,
        [
            ["status", "--period", "2024", "--format", "json"],
            ["log", "fitness-paths", "4", "--date", "2024-07-02"],
            ["history", "fitness-paths"],
        ],
    )
    no_tracebacks([status, log, history])
    assert status.returncode == 0 and json.loads(status.stdout)["period"] == "2024"
    assert history.returncode == 0 and "3条" in history.stdout
    assert log.returncode == 3 and "只读" in log.stderr


def fill(disk: Path) -> Path:
    """Take every free byte of the disk."""
    filler = disk / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_is_told_and_loses_nothing(small_disk: Path) -> None:
    shutil.copy(REPO_TARGETS, small_disk / "targets.yaml")
    [logged] = run_all(small_disk, [["log", "fitness-paths", "3", "--date", "2024-07-01"]])
    assert logged.returncode == 0
    filler = fill(small_disk)
    note = "满" * 3000  # more than the pages left in the journal's slack
    results = run_all(
        small_disk,
        [
            ["log", "fitness-paths", "+1", "--date", "2024-07-02", "--note", note],
            ["export", "all.xlsx"],
        ],
    )
    no_tracebacks(results)
    for result in results:
        assert "Exception ignored" not in result.stderr
        if result.returncode != 0:
            assert result.returncode == 3 and "磁盘已满" in result.stderr, result.stderr
    assert results[1].returncode == 3 and not (small_disk / "all.xlsx").exists()
    filler.unlink()
    conn = sqlite3.connect(small_disk / "kpi.db")
    assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    conn.close()
    [again] = run_all(small_disk, [["export", "all.xlsx"]])
    assert again.returncode == 0 and (small_disk / "all.xlsx").exists()


def test_a_schema_damaged_into_text_that_is_not_utf8_is_a_damaged_database(
    kpi: Invoke, workdir: Path
) -> None:
    """SQLite hands such a schema back as bytes Python cannot decode: still exit 3."""
    assert kpi("init").exit_code == 0
    conn = sqlite3.connect(workdir / "kpi.db")
    conn.execute("pragma journal_mode = delete")
    conn.close()
    data = bytearray((workdir / "kpi.db").read_bytes())
    at = data.lower().find(b"create table entries")
    assert at > 0
    data[at + 5 : at + 9] = b"\xa5" * 4
    (workdir / "kpi.db").write_bytes(bytes(data))
    for command in (["log", "fitness-paths", "+1", "--date", "2024-06-30"], ["status"]):
        result = kpi(*command)
        assert result.exit_code == 3 and "已损坏" in result.stderr


def test_init_on_a_damaged_database_does_not_call_it_ready(logged: Invoke, workdir: Path) -> None:
    damage(workdir / "kpi.db")
    result = logged("init")
    assert result.exit_code == 3 and "已损坏" in result.stderr and "已就绪" not in result.stderr


def test_an_empty_database_another_program_made_is_refused_untouched(
    kpi: Invoke, workdir: Path
) -> None:
    other = workdir / "empty.db"
    conn = sqlite3.connect(other)
    conn.execute("pragma user_version = 7")  # writes the header: a SQLite file, no tables
    conn.close()
    before = digest(other)
    result = kpi("log", "fitness-paths", "3", "--date", "2024-07-01", "--db", str(other))
    assert result.exit_code == 2 and "空 SQLite 数据库" in result.stderr
    assert digest(other) == before


def test_amending_an_entry_again_to_the_same_value_is_done_already(
    logged: Invoke, workdir: Path
) -> None:
    """What the loser of two clerks amending at once sees, whenever it looks."""
    last = str(json.loads(logged("history", "fitness-paths", "--format", "json").stdout)[
        "entries"
    ][-1]["entry"])  # fmt: skip
    assert logged("amend", last, "+3").exit_code == 0
    before = dump(workdir)
    again = logged("amend", last, "+3")
    assert again.exit_code == 0 and "同样的值" in again.stderr
    other = logged("amend", last, "+4")  # a different correction is refused, with who made it
    assert other.exit_code == 2 and "已于" in other.stderr
    assert dump(workdir) == before


def test_a_csv_quote_never_closed_is_refused_not_swallowing_rows(
    kpi: Invoke, workdir: Path
) -> None:
    sheet = workdir / "a.csv"
    sheet.write_text(
        '指标编号,数值,日期,备注\nfitness-paths,9,2024-05-07,"open quote\n'
        "fitness-paths,10,2024-05-08,x\n",
        encoding="utf-8",
    )
    result = kpi("import", str(sheet))
    assert result.exit_code == 2 and "第 2 行的引号" in result.stderr
    assert not (workdir / "kpi.db").exists() or entries(workdir) == 45


def test_a_control_character_in_targets_yaml_is_refused_at_its_line(
    kpi: Invoke, workdir: Path
) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: 更新健身路径", 'name: "更新\\x1b[31m健身路径"', 1), "utf-8")
    result = kpi("validate")
    assert result.exit_code == 2 and "U+001B" in result.stderr
    assert "\x1b" not in result.stderr


GONE_READER = """
import io, os, sys
from kpitrack.cli import main

class Gone(io.TextIOWrapper):
    '''A pipe whose reader has closed it: every write fails as the kernel makes it fail.'''
    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")
    def isatty(self):
        return False

sys.stdout = Gone(open(os.devnull, "wb"), encoding="utf-8")
sys.argv = ["kpi", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(
    "colour", ["", "1"], ids=["written as plain text", "written by Rich's console"]
)
@pytest.mark.parametrize("args", [["status"], ["list"], ["status", "--format", "json"]])
def test_a_reader_that_goes_away_early_ends_the_run_quietly_with_exit_0(
    folder: Path, colour: str, args: list[str]
) -> None:
    """kpi status | head: exit 1 is --fail-on's alone, so a closed pipe is not a failure."""
    run_all(folder, [["init"]])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "FORCE_COLOR"))}
    if colour:
        env["FORCE_COLOR"] = colour
    done = subprocess.run(
        [sys.executable, "-c", GONE_READER, *args],
        cwd=folder, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "Broken pipe" not in done.stderr and "BrokenPipe" not in done.stderr
