"""A disk that fills up: every command fails with one sentence, nothing is half-written, and
once space is freed the same commands work.

A small tmpfs is mounted (root only: skipped, with the reason, where mount is refused), the
working folder put on it and initialised, and a ballast file takes all the space but a little
(the headroom, different in each run, so the disk fills at different points of a command).
Then log, import, export, backup and init of a new database run in turn until everything
fails.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import Record
from .harness import (
    ENVIRONMENT,
    FINE,
    SCALE,
    Ran,
    Runner,
    assert_fine,
    checkpoint,
    count,
    documented_leftover,
    fill,
    integrity,
    new_workspace,
    query,
    small_filesystem,
    write_rows_csv,
)

SIZE = "1m"
HEADROOMS = (
    [100_000] if SCALE != "full" else [0, 4096, 20_000, 36_000, 64_000, 100_000, 160_000, 256_000]
)
KINDS = ("log", "import", "export", "backup", "init")
MAX_STEPS = 6 * len(KINDS)
ROWS = 100
DAY = "2024-06-30"


@dataclass
class Step:
    kind: str
    number: int
    ran: Ran

    @property
    def failed(self) -> bool:
        return self.ran.returncode != FINE


def answer_problem(ran: Ran) -> str | None:
    """Exit 0, or exit 3 with one sentence: anything else is what is wrong with it."""
    lines = [line for line in ran.stderr.splitlines() if line.strip()]
    if "Traceback" in ran.output:
        return f"a traceback: {ran}"
    if ran.returncode == FINE:
        return None
    if ran.returncode != ENVIRONMENT or len(lines) != 1:
        return f"expected exit 0, or exit 3 with one sentence: {ran}"
    return None


def run_step(runner: Runner, small: Path, outside: Path, kind: str, n: int) -> Step:
    if kind == "log":
        args: tuple[str, ...] = (
            "log",
            "fitness-paths",
            "+0.01",
            "--date",
            DAY,
            "--key",
            f"full-{n}",
        )
    elif kind == "import":
        csv = write_rows_csv(outside / f"imp-{n}.csv", ROWS, tag=f"imp{n}", keyed=True)
        args = ("import", str(csv))
    elif kind == "export":
        args = ("export", f"exports/e-{n}.csv")
    elif kind == "backup":
        args = ("backup", f"backups/b-{n}.db")
    else:
        args = ("init", "--db", f"new-{n}.db")
    return Step(kind, n, runner.run(*args, cwd=small))


def check_after(small: Path, steps: list[Step], seeded: int) -> list[str]:
    """With the ballast gone: what each step left must be whole, or nothing."""
    db = small / "kpi.db"
    wrong = [p for step in steps if (p := answer_problem(step.ran))]
    if integrity(db) != ["ok"]:
        return [*wrong, f"kpi.db: integrity_check {integrity(db)}"]
    for step in steps:
        n, ok = step.number, not step.failed
        if step.kind == "log":
            logged = count(db, "key = ?", [f"full-{n}"])
            if logged != int(ok):
                wrong.append(f"log {n} (exit {step.ran.returncode}) is there {logged}×")
        elif step.kind == "import":
            rows = count(db, "key like ?", [f"imp{n}-%"])
            recorded = query(
                db, "select rows_written from imports where file_name = ?", [f"imp-{n}.csv"]
            )
            if (rows, recorded) != ((ROWS, [(ROWS,)]) if ok else (0, [])):
                wrong.append(
                    f"import {n} (exit {step.ran.returncode}): {rows} rows, recorded {recorded}"
                )
        elif step.kind == "export":
            path = small / "exports" / f"e-{n}.csv"
            if ok != path.exists() or (ok and not path.read_text(encoding="utf-8-sig").strip()):
                wrong.append(
                    f"export {n} (exit {step.ran.returncode}): file there: {path.exists()}"
                )
        elif step.kind == "backup":
            path = small / "backups" / f"b-{n}.db"
            if ok != path.exists():
                wrong.append(
                    f"backup {n} (exit {step.ran.returncode}): file there: {path.exists()}"
                )
            elif ok and (integrity(path) != ["ok"] or count(path) > count(db)):
                wrong.append(f"backup {n} is not a whole copy")
        elif ok:
            path = small / f"new-{n}.db"
            if integrity(path) != ["ok"] or count(path, "author = 'targets.yaml'") != seeded:
                wrong.append(f"init of new-{n}.db said done, but the database is not whole")
    for folder, target in (("exports", "e-"), ("backups", "b-")):
        strays = [p.name for p in (small / folder).iterdir() if documented_leftover(p.name, target)]
        if strays:
            wrong.append(f"a failed {folder[:-1]} left {strays}: it lived to clean them up")
    return wrong


@pytest.mark.parametrize("headroom", HEADROOMS)
def test_a_full_disk_fails_each_command_in_one_sentence_and_nothing_is_half_written(
    tmp_path: Path, runner: Runner, record: Record, headroom: int
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    with small_filesystem(tmp_path / "small", SIZE) as small:
        new_workspace(small)
        (small / "exports").mkdir()
        (small / "backups").mkdir()
        assert_fine(runner.run("init", cwd=small))
        checkpoint(small / "kpi.db")
        seeded = count(small / "kpi.db", "author = 'targets.yaml'")
        ballast = fill(small, headroom)

        steps: list[Step] = []
        for n in range(MAX_STEPS):
            steps.append(run_step(runner, small, outside, KINDS[n % len(KINDS)], n))
            if len(steps) >= 2 * len(KINDS) and all(s.failed for s in steps[-len(KINDS) :]):
                break
        failures = Counter(step.kind for step in steps if step.failed)
        assert failures, f"harness: the disk never filled with {headroom} bytes left"

        ballast.unlink()
        wrong = check_after(small, steps, seeded)

        # the space is back: what failed works now, the same way
        for folder in ("exports", "backups"):
            shutil.rmtree(small / folder)
            (small / folder).mkdir()
        for step in steps:
            if not step.failed or step.kind in ("export", "backup"):
                continue
            again = run_step(runner, small, outside, step.kind, step.number)
            if again.failed:
                wrong.append(f"after freeing space, {step.kind} {step.number} fails: {again.ran}")
        retried = [s for s in steps if s.failed and s.kind in ("log", "import", "init")]
        wrong += check_after(small, [Step(s.kind, s.number, runner_ok(s)) for s in retried], seeded)
        # a 1 MB disk: the new databases the init steps made, and the retries' WAL, may hold
        # more than a backup of kpi.db needs; they have been checked, so they make room
        for made in small.glob("new-*.db*"):
            made.unlink()
        checkpoint(small / "kpi.db")
        for kind in ("export", "backup"):
            again = run_step(runner, small, outside, kind, MAX_STEPS)
            if again.failed:
                wrong.append(f"after freeing space, {kind} fails: {again.ran}")

        record(headroom=headroom, steps=len(steps), failures=dict(failures), wrong=len(wrong))
        assert not wrong, f"{len(wrong)} problems with {headroom} bytes left:\n" + "\n\n".join(
            wrong
        )


def runner_ok(step: Step) -> Ran:
    """A step as its successful rerun: what the database must now hold."""
    return Ran(step.ran.args, FINE, "", "", 0.0)
