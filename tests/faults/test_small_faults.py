"""Files kpitrack cannot write, a damaged database, another application's database.

Each is the environment's fault, not the user's input: exit 3 and one sentence saying what to
do, never a traceback and never "…is not a kpitrack database" for a file that is one; and
nothing half-written. Another application's database is the user's mistake (exit 2), and is
left exactly as it was.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Record
from .harness import (
    BAD_INPUT,
    ENVIRONMENT,
    FINE,
    SCALE,
    Ran,
    Runner,
    Snapshot,
    assert_fine,
    assert_one_sentence,
    btree_pages,
    checkpoint,
    count,
    damage,
    documented_leftover,
    file_digest,
    journal_mode,
    leaf_pages,
    names_in,
    new_workspace,
    pattern,
    read_only,
    write_rows_csv,
)

DAY = "2024-06-30"
LOG = ("log", "fitness-paths", "+1", "--date", DAY)
NOT_OURS = pattern("store.not_kpitrack")


def assert_environment_fault(ran: Ran) -> None:
    """Exit 3, one sentence; for a kpitrack database, never "not a kpitrack database"."""
    said = assert_one_sentence(ran, ENVIRONMENT)
    assert not NOT_OURS.search(said), f"a kpitrack database called someone else's: {said}"


def no_sidecars(db: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, fault_outputs: Path) -> Iterator[Path]:
    """A real kpi.db: the report's results, some logs and an import, folded into one file."""
    folder = new_workspace(tmp_path_factory.mktemp("pristine"))
    runner = Runner(folder, fault_outputs / "small-faults-pristine")
    try:
        assert_fine(runner.run("init"))
        for day, value in (("2024-03-31", "3"), ("2024-05-31", "+2"), (DAY, "+1")):
            assert_fine(runner.run("log", "fitness-paths", value, "--date", day))
        assert_fine(runner.run("import", str(write_rows_csv(folder / "rows.csv", 600))))
        checkpoint(folder / "kpi.db")
        no_sidecars(folder / "kpi.db")
        yield folder
    finally:
        runner.close()


@pytest.fixture
def workspace(tmp_path: Path, pristine: Path) -> Path:
    folder = tmp_path / "ws"
    shutil.copytree(pristine, folder)
    return folder


# -- read-only ------------------------------------------------------------------------------


def test_a_read_only_database_refuses_a_log_in_one_sentence_and_still_reports(
    runner: Runner, workspace: Path
) -> None:
    db = workspace / "kpi.db"
    before = file_digest(db)
    with read_only(db):
        assert_environment_fault(runner.run(*LOG, "--key", "read-only", cwd=workspace))
        report = runner.run("status", "--as-of", DAY, cwd=workspace)
        assert_fine(report)
        assert "更新健身路径" in report.stdout
    assert file_digest(db) == before
    assert count(db, "key = 'read-only'") == 0


def test_a_read_only_folder_refuses_a_log_in_one_sentence(runner: Runner, workspace: Path) -> None:
    db = workspace / "kpi.db"
    before = file_digest(db)
    with read_only(workspace):
        assert_environment_fault(runner.run(*LOG, "--key", "read-only", cwd=workspace))
        report = runner.run("status", "--as-of", DAY, cwd=workspace)
        if report.returncode != FINE:  # a WAL file cannot always be read without its -shm
            assert_environment_fault(report)
    assert file_digest(db) == before
    assert count(db, "key = 'read-only'") == 0


def test_init_in_a_read_only_folder_says_so_and_creates_nothing(
    runner: Runner, tmp_path: Path
) -> None:
    folder = new_workspace(tmp_path / "ro")
    with read_only(folder):
        assert_environment_fault(runner.run("init", cwd=folder))
    assert sorted(p.name for p in folder.iterdir()) == ["targets.yaml"]


# -- a damaged database ---------------------------------------------------------------------

DAMAGED_COMMANDS = {
    "status": ("status", "--as-of", DAY),
    "log": (*LOG, "--key", "after-damage"),
    "export": ("export", "out.csv"),
    "history": ("history", "fitness-paths"),
    "backup": ("backup", "copy.db"),
    "import": ("import", "more.csv"),
}


@pytest.mark.parametrize("command", list(DAMAGED_COMMANDS))
def test_a_damaged_database_is_refused_in_one_sentence_and_nothing_written(
    runner: Runner, workspace: Path, command: str
) -> None:
    """Garbage over the middle of every page of entries: every command that reads them."""
    db = workspace / "kpi.db"
    write_rows_csv(workspace / "more.csv", 50, tag="more")
    damage(db, leaf_pages(db, "entries"))
    before = Snapshot.of(db)
    ran = runner.run(*DAMAGED_COMMANDS[command], cwd=workspace)
    assert_environment_fault(ran)
    assert Snapshot.of(db) == before, "a command that failed on a damaged database wrote to it"
    made = sorted(p.name for p in workspace.iterdir() if p.name.startswith(("out.csv", "copy.db")))
    assert made == [], f"left beside the database: {made}"


def pages_to_damage(db: Path) -> list[tuple[str, int]]:
    """Every page of every table and index (full), or a few that matter (CI): the first, a
    middle and the last of the entries; the ends of the index by date; the key index; the
    target history; the schema."""
    pages = btree_pages(db)
    if SCALE == "full":
        return pages
    picked: list[tuple[str, int]] = []
    for name, which in (
        ("entries", (0, 0.5, -1)),
        ("entries_by_indicator_date", (0, -1)),
        ("entries_by_key", (0,)),
        ("target_history", (0,)),
        ("sqlite_schema", (-1,)),
    ):
        own = [page for page in pages if page[0] == name]
        picked += [own[n if isinstance(n, int) else int(len(own) * n)] for n in which]
    return sorted(set(picked))


def test_a_log_on_a_damaged_page_commits_and_says_so_or_fails_and_commits_nothing(
    runner: Runner, tmp_path: Path, pristine: Path, record: Record
) -> None:
    """Whichever one page is damaged, a ``kpi log`` that fails has written nothing, so a
    retry cannot double the increment; one that SQLite could write without meeting the damage
    exits 0 with its entry in."""
    cases = pages_to_damage(pristine / "kpi.db")
    outcomes: list[str] = []
    wrong: list[str] = []
    for name, page in cases:
        folder = tmp_path / f"page-{page}"
        shutil.copytree(pristine, folder)
        db = folder / "kpi.db"
        damage(db, [page])
        before = Snapshot.of(db)
        ran = runner.run(*LOG, cwd=folder)
        committed = Snapshot.of(db) != before
        outcomes.append(f"exit {ran.returncode}{', committed' if committed else ''}")
        said = [line for line in ran.stderr.splitlines() if line.strip()]
        where = f"page {page} ({name})"
        if ran.returncode == FINE and committed and "Traceback" not in ran.output:
            pass
        elif ran.returncode == ENVIRONMENT and not committed and len(said) == 1:
            if NOT_OURS.search(said[0]):
                wrong.append(f"{where}: a damaged kpitrack database called someone else's: {ran}")
        else:
            state = "after committing its entry" if committed else "committing nothing"
            wrong.append(f"{where}: {state}: {ran}")
        shutil.rmtree(folder)
    record(pages=len(cases), outcomes=dict(Counter(outcomes)))
    assert not wrong, f"{len(wrong)} of {len(cases)} damaged pages:\n" + "\n\n".join(wrong)


# -- another application's database --------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [("status",), ("init",), LOG, ("backup", "copy.db"), ("export", "out.csv")],
    ids=lambda args: args[0],
)
def test_another_applications_database_is_refused_untouched(
    runner: Runner, tmp_path: Path, command: tuple[str, ...]
) -> None:
    folder = new_workspace(tmp_path / "ws")
    other = folder / "otherapp.db"
    conn = sqlite3.connect(other)
    conn.execute("create table customers (id integer primary key, name text)")
    conn.execute("insert into customers (name) values ('某某公司')")
    conn.commit()
    conn.close()
    before = file_digest(other)
    ran = runner.run(*command, "--db", "otherapp.db", cwd=folder)
    assert_one_sentence(ran, BAD_INPUT)
    assert "customers" in ran.stderr  # the sentence names what makes it another program's
    assert file_digest(other) == before, "otherapp.db was changed"
    assert journal_mode(other) == "rollback"
    assert names_in(other) == {"customers"}
    left = sorted(p.name for p in folder.iterdir())
    assert left == ["otherapp.db", "targets.yaml"], f"kpi left {left}"
    assert not any(documented_leftover(name, "copy.db") for name in left)
