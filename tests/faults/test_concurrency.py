"""Many kpi processes at once: every entry counted, every process answered, none locked out.

The processes import kpitrack first and wait at a gate, so all of them reach the database in
the same few milliseconds, right after targets.yaml was edited: every one of them finds the
declarations changed. A race on a key or an import is lost politely: exit 0, and the sentence
says it was already logged or imported.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kpitrack.migrations import MIGRATIONS

from .conftest import Record
from .harness import (
    Gate,
    Ran,
    Runner,
    Started,
    checkpoint,
    count,
    documented_leftover,
    integrity,
    new_workspace,
    pattern,
    query,
    scalar,
    sized,
    write_rows_csv,
    zh,
)

ROUNDS = sized(1, 10)
NEW_DB_ROUNDS = sized(2, 10)
ROWS = 400
DAY = "2024-06-30"
OLD_TARGET, NEW_TARGET = "target: 10条", "target: 12条"
FITNESS = "      - id: fitness-paths\n        name: 更新健身路径\n        "


def unanswered(runs: list[Ran]) -> list[str]:
    """The processes that did not exit 0 cleanly: a traceback, SQLite's own words for a busy
    database, or another exit code."""
    return [
        str(ran)
        for ran in runs
        if ran.returncode != 0 or "Traceback" in ran.output or "database is locked" in ran.output
    ]


def assert_answered(runs: list[Ran]) -> None:
    failed = unanswered(runs)
    assert not failed, f"{len(failed)} of {len(runs)} processes failed:\n" + "\n\n".join(failed)


def edit_target(targets: Path) -> None:
    text = targets.read_text(encoding="utf-8")
    assert FITNESS + OLD_TARGET in text, "harness: fitness-paths' target is no longer 10条"
    targets.write_text(text.replace(FITNESS + OLD_TARGET, FITNESS + NEW_TARGET), encoding="utf-8")


@pytest.fixture
def template(tmp_path: Path, runner: Runner) -> Path:
    folder = new_workspace(tmp_path / "template")
    assert_answered([runner.run("init", cwd=folder)])
    checkpoint(folder / "kpi.db")
    write_rows_csv(folder / "rows.csv", ROWS, tag="race")
    return folder


def one_round(runner: Runner, folder: Path, number: int) -> tuple[list[str], int, int]:
    """17 processes at once; what went wrong, how many processes, how many of them failed."""
    db = folder / "kpi.db"
    base = count(db)
    history_before = int(
        str(scalar(db, "select count(*) from target_history where indicator_id = 'fitness-paths'"))
    )
    gate = Gate(folder / "gate")
    own = [f"own-{number}-{n}" for n in range(4)]
    shared = f"shared-{number}"
    plain = [f"plain-{number}-{n}" for n in range(2)]
    log = ("log", "--date", DAY)
    jobs: dict[str, list[tuple[str, ...]]] = {
        "own": [(*log, "signed-projects-landed", "+1", "--key", key) for key in own],
        "shared": [(*log, "hospitals-in-use", "+1", "--key", shared)] * 4,
        "plain": [(*log, "fitness-paths", "+1", "--note", note) for note in plain],
        "import": [("import", "rows.csv")] * 3,
        "status": [("status", "--format", "json", "--as-of", DAY)] * 2,
        "backup": [("backup", f"b-{n}.db") for n in range(2)],
    }
    started: list[tuple[str, Started]] = [
        (kind, runner.start(*args, cwd=folder, gate=gate))
        for kind, commands in jobs.items()
        for args in commands
    ]
    assert len(started) >= 8
    edit_target(folder / "targets.yaml")
    gate.open([s for _, s in started])
    done = [(kind, runner.finish(s)) for kind, s in started]
    by_kind = {kind: [ran for k, ran in done if k == kind] for kind in jobs}
    failed = unanswered([ran for _, ran in done])
    problems = failed + counted(folder, base, history_before, own, shared, plain, by_kind)
    return [f"round {number}: {problem}" for problem in problems], len(done), len(failed)


def counted(
    folder: Path,
    base: int,
    history_before: int,
    own: list[str],
    shared: str,
    plain: list[str],
    by_kind: dict[str, list[Ran]],
) -> list[str]:
    """What is wrong in the database and the answers after a round: every entry counted."""
    db = folder / "kpi.db"
    if integrity(db) != ["ok"]:
        return [f"integrity_check: {integrity(db)}"]
    wrong = [f"key {key} logged {n}×" for key in own if (n := count(db, "key = ?", [key])) != 1]
    if (n := count(db, "key = ?", [shared])) != 1:
        wrong.append(f"the shared key {shared} logged {n}× by 4 processes")
    wrong += [
        f"the log noted {note} is there {n}×"
        for note in plain
        if (n := count(db, "note = ?", [note])) != 1
    ]
    imports = query(db, "select id, rows_written from imports")
    if len(imports) != 1:
        wrong.append(f"rows.csv imported {len(imports)}× by 3 processes")
    for number, written in imports:
        if not written == ROWS == count(db, "import_id = ?", [number]):
            wrong.append(f"import #{number}: {written} rows written, {ROWS} in the file")
    if (n := count(db) - base) != len(own) + 1 + len(plain) + ROWS:
        wrong.append(f"{n} new entries, not {len(own) + 1 + len(plain) + ROWS}")

    sayings = [ran.stderr.strip() for ran in by_kind["shared"]]
    if sum(zh("log.key_seen", key=shared) in said for said in sayings) != 3:
        wrong.append("each race loser on a key says it was already logged:\n" + "\n".join(sayings))
    answers = [ran.stderr.strip() for ran in by_kind["import"]]
    winners = [a for a in answers if pattern("batch.import_number").search(a)]
    losers = [a for a in answers if zh("batch.nothing_new_import") in a]
    if (len(winners), len(losers)) != (1, 2):
        wrong.append("one import, and two told so:\n" + "\n".join(answers))
    for ran in by_kind["status"]:
        try:
            json.loads(ran.stdout)
        except ValueError:
            wrong.append(f"status --format json printed no JSON: {ran}")
    for n, ran in enumerate(by_kind["backup"]):
        copy = folder / f"b-{n}.db"
        if ran.returncode == 0 and not (
            copy.exists() and integrity(copy) == ["ok"] and base <= count(copy) <= count(db)
        ):
            wrong.append(f"{copy.name} is not a whole copy")
    strays = [p.name for p in folder.iterdir() if documented_leftover(p.name, "b-")]
    if strays:
        wrong.append(f"a backup that ended left {strays}")

    row = query(db, "select target_amount from indicators where id = 'fitness-paths'")
    if row != [("12",)]:
        wrong.append(f"the edited target reads {row}")
    history = int(
        str(scalar(db, "select count(*) from target_history where indicator_id = 'fitness-paths'"))
    )
    if history != history_before + 1:
        wrong.append(f"the one edit of targets.yaml is recorded {history - history_before}×")
    return wrong


def test_processes_at_once_each_entry_once_none_locked_out(
    tmp_path: Path, runner: Runner, template: Path, record: Record
) -> None:
    problems: list[str] = []
    processes = failed = 0
    for number in range(ROUNDS):
        folder = tmp_path / f"round-{number}"
        shutil.copytree(template, folder)
        wrong, ran, died = one_round(runner, folder, number)
        problems += wrong
        processes += ran
        failed += died
        shutil.rmtree(folder)
    record(rounds=ROUNDS, processes=processes, failed=failed, problems=len(problems))
    summary = f"{failed} of {processes} processes failed in {ROUNDS} round(s)"
    assert not problems, summary + ":\n" + "\n\n".join(problems)


def test_six_processes_opening_a_new_database_at_once_all_succeed(
    tmp_path: Path, runner: Runner, template: Path, record: Record
) -> None:
    seeded = count(template / "kpi.db", "author = 'targets.yaml'")
    names = [m.name for m in MIGRATIONS._migrations]
    problems: list[str] = []
    died = 0
    for number in range(NEW_DB_ROUNDS):
        folder = new_workspace(tmp_path / f"new-{number}")
        gate = Gate(folder / "gate")
        keys = [f"new-{number}-{n}" for n in range(3)]
        started = [runner.start("init", cwd=folder, gate=gate) for _ in range(3)] + [
            runner.start(
                "log",
                "signed-projects-landed",
                "+1",
                "--date",
                DAY,
                "--key",
                key,
                cwd=folder,
                gate=gate,
            )
            for key in keys
        ]
        gate.open(started)
        failed = unanswered([runner.finish(s) for s in started])
        died += len(failed)
        problems += [f"round {number}: {problem}" for problem in failed]
        db = folder / "kpi.db"
        if integrity(db) != ["ok"]:
            problems.append(f"round {number}: integrity_check {integrity(db)}")
            continue
        applied = [str(r[0]) for r in query(db, "select name from _sqlite_migrations")]
        if applied != names:
            problems.append(f"round {number}: migrations recorded {applied}")
        if (n := count(db, "author = 'targets.yaml'")) != seeded:
            problems.append(f"round {number}: {n} of the report's {seeded} results logged")
        problems += [
            f"round {number}: key {key} logged {n}×"
            for key in keys
            if (n := count(db, "key = ?", [key])) != 1
        ]
    record(rounds=NEW_DB_ROUNDS, processes=6 * NEW_DB_ROUNDS, failed=died, problems=len(problems))
    summary = f"{died} of {6 * NEW_DB_ROUNDS} processes failed in {NEW_DB_ROUNDS} round(s)"
    assert not problems, summary + ":\n" + "\n\n".join(problems)
