"""kill -9 at random points loses nothing: each command is all or nothing, and a rerun mends.

As SQLite's own crash tests do, each command is started again and again from the same state and
killed with SIGKILL at a random moment between the end of Python's start-up (before it nothing
can be touched) and the time one uninterrupted run takes. After each kill the database must pass
``integrity_check`` and hold either everything the command writes or nothing of it; then the
same command runs to the end and nothing is doubled.
"""

from __future__ import annotations

import random
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kpitrack.migrations import MIGRATIONS

from .conftest import Record
from .harness import (
    BAD_INPUT,
    SEED,
    V1_DB,
    Ran,
    Runner,
    assert_fine,
    assert_healthy,
    assert_one_sentence,
    checkpoint,
    columns,
    count,
    documented_leftover,
    file_digest,
    grow_entries,
    names_in,
    new_workspace,
    pattern,
    query,
    sized,
    write_rows_csv,
    zh,
)

KILLS = sized(4, 50)
ROWS = 3000  # "a few thousand rows": a year of a district's department sheets
ALL_MIGRATIONS = [migration.name for migration in MIGRATIONS._migrations]


@dataclass
class Loop:
    """One command killed ``KILLS`` times; each iteration starts from a copy of ``template``."""

    runner: Runner
    name: str
    template: Path
    args: tuple[str, ...]
    stdin: Path | None = None

    def fresh(self, number: int) -> Path:
        folder = self.template.parent / f"{self.name}-{number}"
        shutil.copytree(self.template, folder)
        return folder

    def run(
        self,
        after_kill: Callable[[Path], str],
        after_rerun: Callable[[Path, Ran, str], None],
        record: Record,
    ) -> Counter[str]:
        start = startup_seconds(self.runner)
        folder = self.fresh(0)
        whole = self.runner.run(*self.args, cwd=folder, stdin=self.stdin)
        assert_fine(whole)
        after_rerun(folder, whole, "")
        shutil.rmtree(folder)
        rng = random.Random(f"{SEED}-{self.name}")
        phases: Counter[str] = Counter()
        landed = attempts = 0
        while landed < KILLS and attempts < 3 * KILLS:
            attempts += 1
            folder = self.fresh(attempts)
            delay = rng.uniform(0.8 * start, whole.seconds)
            killed = self.runner.kill_after(delay, *self.args, cwd=folder, stdin=self.stdin)
            where = f"[{self.name}, kill {attempts} at {delay:.3f}s, KPI_FAULT_SEED={SEED}]"
            if killed.killed:
                landed += 1
                try:
                    phase = after_kill(folder)
                except AssertionError as error:
                    raise AssertionError(f"{where} after the kill: {error}") from None
                phases[phase] += 1
                rerun = self.runner.run(*self.args, cwd=folder, stdin=self.stdin)
            else:  # it ended before the kill: an uninterrupted run, checked as one
                phase, rerun = "", killed
            try:
                after_rerun(folder, rerun, phase)
            except AssertionError as error:
                raise AssertionError(f"{where} on the rerun: {error}") from None
            shutil.rmtree(folder)
        assert landed == KILLS, f"harness: only {landed} of {attempts} kills landed mid-run"
        record(
            command=" ".join(self.args),
            kills=landed,
            run_seconds=round(whole.seconds, 2),
            phases=dict(phases),
        )
        return phases


_startup: list[float] = []


def startup_seconds(runner: Runner) -> float:
    """How long Python takes to reach kpitrack's first line: kills before it test nothing."""
    if not _startup:
        _startup.append(min(runner.run("--version").seconds for _ in range(3)))
    return _startup[0]


@pytest.fixture
def initialised(tmp_path: Path, runner: Runner) -> Path:
    """A working folder after ``kpi init``, folded into one file, to copy for every run."""
    folder = new_workspace(tmp_path / "template")
    assert_fine(runner.run("init", cwd=folder))
    checkpoint(folder / "kpi.db")
    return folder


def test_a_killed_import_is_all_or_nothing_and_a_rerun_imports_once(
    tmp_path: Path, runner: Runner, initialised: Path, record: Record
) -> None:
    csv = write_rows_csv(initialised / "rows.csv", ROWS, tag="crash")
    base = count(initialised / "kpi.db")

    def after_kill(folder: Path) -> str:
        db = folder / "kpi.db"
        assert_healthy(db)
        imports = query(db, "select id, rows_written, sha256 from imports")
        total, imported = count(db), count(db, "import_id is not null")
        if not imports:
            assert (total, imported) == (base, 0), f"no import recorded, yet {total - base} new"
            return "nothing written"
        assert len(imports) == 1, f"{len(imports)} imports recorded for one run"
        (number, written, sha), *_ = imports
        assert sha == file_digest(csv)
        assert written == ROWS == count(db, "import_id = ?", [number]) == total - base, (
            f"import #{number} says {written} rows; {total - base} entries are new"
        )
        return "all written"

    def after_rerun(folder: Path, ran: Ran, phase: str) -> None:
        assert_fine(ran)
        db = folder / "kpi.db"
        assert_healthy(db)
        assert len(query(db, "select id from imports")) == 1
        assert count(db) == base + ROWS, f"{count(db) - base} entries for {ROWS} rows"
        if phase == "all written":
            assert zh("batch.nothing_new_import") in ran.stderr, str(ran)
        else:
            assert pattern("batch.import_number").search(ran.stderr), str(ran)

    Loop(runner, "import", initialised, ("import", "rows.csv")).run(after_kill, after_rerun, record)


def test_a_killed_log_from_stdin_is_all_or_nothing_and_a_rerun_logs_once(
    tmp_path: Path, runner: Runner, initialised: Path, record: Record
) -> None:
    lines = write_rows_csv(tmp_path / "lines.csv", ROWS, tag="crash", keyed=True)
    base = count(initialised / "kpi.db")

    def after_kill(folder: Path) -> str:
        db = folder / "kpi.db"
        assert_healthy(db)
        logged, total = count(db, "key like 'crash-%'"), count(db)
        assert logged in (0, ROWS), f"{logged} of {ROWS} lines logged"
        assert total == base + logged, f"{total - base} new entries for {logged} lines"
        return "nothing written" if logged == 0 else "all written"

    def after_rerun(folder: Path, ran: Ran, phase: str) -> None:
        assert_fine(ran)
        db = folder / "kpi.db"
        assert_healthy(db)
        assert count(db, "key like 'crash-%'") == ROWS
        assert count(db) == base + ROWS, f"{count(db) - base} entries for {ROWS} lines"

    Loop(runner, "log", initialised, ("log", "-"), stdin=lines).run(after_kill, after_rerun, record)


def migrations_whole(db: Path) -> list[str]:
    """The migrations recorded as applied, each checked to be there whole, the rest absent."""
    applied = [
        str(row[0])
        for row in query(
            db, "select name from _sqlite_migrations where migration_set = 'kpitrack' order by id"
        )
    ]
    assert applied == ALL_MIGRATIONS[: len(applied)], f"applied out of order: {applied}"
    tables, indexes = names_in(db), names_in(db, "index")
    entry_columns = columns(db, "entries")
    there = {
        "m002_entries_by_date": "entries_by_date" in indexes,
        "m003_corrections_and_revisions": "voids" in tables
        and "effective_from" in columns(db, "target_history"),
        "m004_exact_values": "amount" in entry_columns
        and "target_amount" in columns(db, "indicators"),
        "m005_imports_and_restores": {"imports", "restores"} <= tables
        and "import_id" in entry_columns,
        "m006_qualifiers_and_results": "qualifier" in entry_columns,
    }
    for name, present in there.items():
        assert present == (name in applied), (
            f"{name}: recorded {name in applied}, present {present}"
        )
    triggers = names_in(db, "trigger")
    assert {"entries_append_only_update", "entries_append_only_delete"} <= triggers, triggers
    if "m004_exact_values" in applied:
        missing = count(db, "value is not null and amount is null")
        assert missing == 0, f"m004 recorded, {missing} entries without their exact amount"
    return applied


def test_a_killed_migration_is_applied_whole_or_not_and_init_completes(
    tmp_path: Path, runner: Runner, record: Record
) -> None:
    template = new_workspace(tmp_path / "template")
    db = template / "kpi.db"
    shutil.copy(V1_DB, db)
    original = grow_entries(db, 50_000)  # the v1 file, years on: migrations take a while
    reference: dict[str, object] = {}

    def after_kill(folder: Path) -> str:
        db = folder / "kpi.db"
        assert_healthy(db)
        applied = migrations_whole(db)
        total = count(db)
        if "total" in reference:
            assert total in (original, reference["total"]), f"{total} entries"
        synced = " and synced" if total != original else ""
        return f"{len(applied)} of {len(ALL_MIGRATIONS)} migrations{synced}"

    def after_rerun(folder: Path, ran: Ran, phase: str) -> None:
        assert_fine(ran)
        db = folder / "kpi.db"
        assert_healthy(db)
        assert migrations_whole(db) == ALL_MIGRATIONS
        keys = query(db, "select key, count(*) from entries where key is not null group by key")
        reference.setdefault("total", count(db))
        reference.setdefault("keys", keys)
        assert count(db) == reference["total"], f"{count(db)}, not {reference['total']}, entries"
        assert keys == reference["keys"], "the report's results are logged differently"

    Loop(runner, "init", template, ("init",)).run(after_kill, after_rerun, record)


def test_a_killed_backup_leaves_no_file_or_a_whole_copy_and_no_stray(
    tmp_path: Path, runner: Runner, initialised: Path, record: Record
) -> None:
    rows = write_rows_csv(tmp_path / "rows.csv", ROWS)
    assert_fine(runner.run("import", str(rows), cwd=initialised))
    source = initialised / "kpi.db"
    base = grow_entries(source, 100_000)  # a copy long enough to be killed in the middle
    checkpoint(source)
    (initialised / "out").mkdir()
    target = "b.db"
    copies: dict[Path, str | None] = {}

    def after_kill(folder: Path) -> str:
        assert_healthy(folder / "kpi.db")
        assert count(folder / "kpi.db") == base
        left = sorted(p.name for p in (folder / "out").iterdir())
        strays = [name for name in left if name != target and not documented_leftover(name, target)]
        assert not strays, f"stray files beside the backup: {strays}"
        temps = len(left) - (target in left)
        if target in left:
            copy = folder / "out" / target
            assert_healthy(copy)
            assert count(copy) == base, f"the copy has {count(copy)} of {base} entries"
            copies[folder] = file_digest(copy)
        return f"{'a whole copy' if target in left else 'no copy'}, {temps} temporary file(s)"

    def after_rerun(folder: Path, ran: Ran, phase: str) -> None:
        copy = folder / "out" / target
        if phase.startswith("a whole copy"):  # never overwritten: refused, the copy kept
            said = assert_one_sentence(ran, BAD_INPUT)
            assert target in said, said
            assert file_digest(copy) == copies[folder], "the whole copy was overwritten"
        else:
            assert_fine(ran)
        assert_healthy(copy)
        assert count(copy) == base == count(folder / "kpi.db")

    Loop(runner, "backup", initialised, ("backup", f"out/{target}")).run(
        after_kill, after_rerun, record
    )
