"""What the fault suites share: the real ``kpi`` as a process, killed, raced or starved.

Every command runs as ``python -m kpitrack`` (the installed package, or the checkout on
PYTHONPATH) with its stdout and stderr written to files under one folder per session, so the
final meta-check can grep every output of every suite for a traceback. The helpers below know
nothing of any one suite: how to start, gate, kill and time a process; how to look inside a
database without kpitrack; which sentences a user should read; how to make a folder read-only
or small, and undo it.

KPI_FAULT_SCALE picks the sizes: unset or ``ci`` keeps every fault suite together within a few
minutes on two cores; ``full`` runs the sizes issue 10 asks for (50 kills per command...).
KPI_FAULT_SEED fixes the random kill points, to replay a run.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO, NoReturn

import pytest

from kpitrack.messages import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
REPO_TARGETS = ROOT / "targets.yaml"
V1_DB = ROOT / "tests" / "data" / "v1.db"

SCALE = (os.environ.get("KPI_FAULT_SCALE") or "ci").strip().lower()
if SCALE not in ("ci", "full"):
    raise ValueError(f"KPI_FAULT_SCALE is ci or full, not {SCALE!r}")

SEED = int(os.environ.get("KPI_FAULT_SEED") or random.SystemRandom().randrange(1 << 32))

KPI: tuple[str, ...] = (sys.executable, "-m", "kpitrack")

# The exit codes of issue 10: what a script reads.
FINE, BAD_INPUT, ENVIRONMENT, UNEXPECTED = 0, 2, 3, 70

# Sizes of the entries the suites write: the report's 2024 indicators that take increments.
IDS_2024 = ("key-projects-2024", "fitness-paths", "hospitals-in-use", "schools-ready-2024")


def sized(ci: int, full: int) -> int:
    return full if SCALE == "full" else ci


def zh(key: str, /, **fields: object) -> str:
    """A sentence as the user reads it (the suites run kpi in Chinese)."""
    return CATALOGUE[key]["zh"].format(**fields)


def pattern(key: str) -> re.Pattern[str]:
    """A catalogue sentence with any value in its fields: to recognise it in an output."""
    parts = re.split(r"\{[^}]*\}", CATALOGUE[key]["zh"])
    return re.compile(".+?".join(re.escape(part) for part in parts))


def kpi_env(**extra: str) -> dict[str, str]:
    """The environment of a cron job: nothing of the test run's own KPI_ settings."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("KPI_") and name not in ("COLUMNS", "FORCE_COLOR", "NO_COLOR")
    }
    env.update(KPI_LANG="zh", KPI_USER="测试员", COLUMNS="200", PYTHONDONTWRITEBYTECODE="1")
    env.update(extra)
    return env


# -- processes ------------------------------------------------------------------------------


@dataclass
class Ran:
    """One finished (or killed) kpi process and what it wrote."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    killed: bool = False

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:
        how = "killed" if self.killed else f"exit {self.returncode}"
        lines = self.output.strip().splitlines()
        if "Traceback" in self.output:  # where it came from, and what it was
            lines = ["Traceback (…)", *lines[-3:]]
        tail = "\n".join(lines[-12:])
        return f"kpi {' '.join(self.args)} → {how} after {self.seconds:.2f}s:\n{tail}"


@dataclass
class Started:
    args: tuple[str, ...]
    process: subprocess.Popen[bytes]
    out: Path
    err: Path
    began: float
    files: list[IO[bytes]] = field(default_factory=list)


GATE_SCRIPT = """\
import os, sys, time
from kpitrack.cli import main
ready, gate = sys.argv[1], sys.argv[2]
open(ready, "w").close()
deadline = time.monotonic() + 120
while not os.path.exists(gate):
    if time.monotonic() > deadline:
        sys.exit(99)
    time.sleep(0.001)
sys.argv = ["kpi", *sys.argv[3:]]
main()
"""


class Gate:
    """Processes that have imported kpitrack and wait at a line, then all start at once: the
    races of a Monday morning, without the ~0.4 s of Python's start-up spreading them out."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.go = folder / "go"
        self.count = 0

    def command(self, args: Sequence[str]) -> list[str]:
        self.count += 1
        ready = self.folder / f"ready-{self.count}"
        return [sys.executable, "-c", GATE_SCRIPT, str(ready), str(self.go), *args]

    def open(self, started: Sequence[Started], timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while True:
            waiting = [
                s
                for n, s in enumerate(started, start=1)
                if not (self.folder / f"ready-{n}").exists() and s.process.poll() is None
            ]
            if not waiting:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"harness: {len(waiting)} processes never reached the gate")
            time.sleep(0.01)
        self.go.touch()


class Runner:
    """Runs kpi in one folder; every output is kept under ``outputs`` for the meta-check."""

    def __init__(self, cwd: Path, outputs: Path) -> None:
        self.cwd = cwd
        self.outputs = outputs
        outputs.mkdir(parents=True, exist_ok=True)
        self.count = 0
        self.live: list[Started] = []

    def _files(self, args: Sequence[str]) -> tuple[Path, Path]:
        self.count += 1
        name = re.sub(r"[^\w.-]+", "_", "-".join(args[:2]))[:40]
        stem = self.outputs / f"{self.count:04d}-{name}"
        return stem.with_suffix(".out"), stem.with_suffix(".err")

    def start(
        self,
        *args: str,
        stdin: Path | None = None,
        cwd: Path | None = None,
        gate: Gate | None = None,
        env: dict[str, str] | None = None,
    ) -> Started:
        out, err = self._files(args)
        files: list[IO[bytes]] = [out.open("wb"), err.open("wb")]
        source: IO[bytes] | int = subprocess.DEVNULL
        if stdin is not None:
            source = stdin.open("rb")
            files.append(source)
        argv = gate.command(args) if gate is not None else [*KPI, *args]
        process = subprocess.Popen(
            argv,
            cwd=cwd or self.cwd,
            env=env or kpi_env(),
            stdin=source,
            stdout=files[0],
            stderr=files[1],
        )
        started = Started(tuple(args), process, out, err, time.monotonic(), files)
        self.live.append(started)
        return started

    def finish(self, started: Started, timeout: float = 180, killed: bool = False) -> Ran:
        try:
            code = started.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as late:
            started.process.kill()
            started.process.wait()
            raise AssertionError(
                f"kpi {' '.join(started.args)} still running after {timeout}s"
            ) from late
        finally:
            for handle in started.files:
                handle.close()
            if started in self.live:
                self.live.remove(started)
        seconds = time.monotonic() - started.began
        return Ran(
            started.args,
            code,
            started.out.read_text(encoding="utf-8", errors="replace"),
            started.err.read_text(encoding="utf-8", errors="replace"),
            seconds,
            killed,
        )

    def run(self, *args: str, stdin: Path | None = None, cwd: Path | None = None) -> Ran:
        return self.finish(self.start(*args, stdin=stdin, cwd=cwd))

    def kill_after(
        self, delay: float, *args: str, stdin: Path | None = None, cwd: Path | None = None
    ) -> Ran:
        """Start kpi and send it SIGKILL ``delay`` seconds later, unless it has ended."""
        started = self.start(*args, stdin=stdin, cwd=cwd)
        deadline = started.began + delay
        while started.process.poll() is None and time.monotonic() < deadline:
            time.sleep(min(0.002, max(0.0, deadline - time.monotonic())))
        killed = started.process.poll() is None
        if killed:
            started.process.send_signal(signal.SIGKILL)
        return self.finish(started, killed=killed)

    def close(self) -> None:
        """Kill what a failed test left running: only the processes this runner started."""
        for started in list(self.live):
            if started.process.poll() is None:
                started.process.kill()
            self.finish(started, timeout=30)


# -- what a user must read ------------------------------------------------------------------


def assert_no_traceback(ran: Ran) -> None:
    assert "Traceback" not in ran.output, str(ran)


def assert_one_sentence(ran: Ran, code: int) -> str:
    """Exit ``code`` with one sentence on stderr, nothing on stdout, never a traceback."""
    assert_no_traceback(ran)
    lines = [line for line in ran.stderr.splitlines() if line.strip()]
    assert ran.returncode == code and len(lines) == 1 and ran.stdout.strip() == "", (
        f"expected exit {code} and one sentence on stderr; {ran}"
    )
    return lines[0]


def assert_fine(ran: Ran) -> None:
    assert_no_traceback(ran)
    assert ran.returncode == FINE, str(ran)


# -- databases, read without kpitrack ---------------------------------------------------------


def connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db, timeout=30, isolation_level=None)
    conn.execute("pragma busy_timeout = 30000")
    return conn


def query(db: Path, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
    conn = connect(db)
    try:
        return list(conn.execute(sql, params).fetchall())
    finally:
        conn.close()


def scalar(db: Path, sql: str, params: Sequence[object] = ()) -> object:
    return query(db, sql, params)[0][0]


def count(db: Path, where: str = "1", params: Sequence[object] = ()) -> int:
    return int(str(scalar(db, f"select count(*) from entries where {where}", params)))


def integrity(db: Path) -> list[str]:
    return [str(row[0]) for row in query(db, "pragma integrity_check")]


def assert_healthy(db: Path) -> None:
    assert db.is_file(), f"{db} is missing"
    assert integrity(db) == ["ok"], f"{db}: {integrity(db)}"


def names_in(db: Path, kind: str = "table") -> set[str]:
    return {str(r[0]) for r in query(db, "select name from sqlite_master where type = ?", [kind])}


def columns(db: Path, table: str) -> set[str]:
    return {str(row[1]) for row in query(db, f"pragma table_info({table})")}


def journal_mode(db: Path) -> str:
    """Read from the header, not through a connection, which could change what it reads."""
    header = db.read_bytes()[:20]
    return "wal" if header[18:20] == b"\x02\x02" else "rollback"


def checkpoint(db: Path) -> None:
    """Fold the WAL into the file, so its bytes say everything (and a copy of it is whole)."""
    conn = connect(db)
    try:
        conn.execute("pragma wal_checkpoint(truncate)")
    finally:
        conn.close()


def file_digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


@dataclass(frozen=True)
class Snapshot:
    """The bytes of a database and its WAL: equal snapshots mean nothing was committed."""

    db: str | None
    wal_frames: bool

    @classmethod
    def of(cls, db: Path) -> Snapshot:
        wal = db.with_name(db.name + "-wal")
        return cls(file_digest(db), wal.exists() and wal.stat().st_size > 32)


def leaf_pages(db: Path, table: str) -> list[int]:
    rows = query(
        db,
        "select pageno from dbstat where name = ? and pagetype = 'leaf' order by pageno",
        [table],
    )
    return [int(str(row[0])) for row in rows]


def btree_pages(db: Path) -> list[tuple[str, int]]:
    """Every page of every table and index, with whose it is (overflow pages aside)."""
    rows = query(
        db,
        "select name, pageno from dbstat where pagetype in ('leaf', 'internal') order by pageno",
    )
    return [(str(name), int(str(page))) for name, page in rows]


def damage(db: Path, pages: Sequence[int]) -> None:
    """Garbage over the middle half of each page: what a bad sector does to a file."""
    size = int(str(scalar(db, "pragma page_size")))
    with db.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size + size // 4)
            handle.write(bytes([0xA5]) * (size // 2))


# -- files the suites feed kpi ------------------------------------------------------------------


def write_rows_csv(path: Path, rows: int, tag: str = "", keyed: bool = False) -> Path:
    """Increments of +0.01 over the first half of 2024, one per row, each row its own note;
    with ``keyed`` each row carries a key ``{tag}-{n}`` too (``kpi log -`` reads the same
    columns)."""
    header = "id,value,date,note" + (",key" if keyed else "")
    lines = [header]
    for n in range(rows):
        day = date(2024, 1, 1) + timedelta(days=n % 180)
        line = f"{IDS_2024[n % 4]},+0.01,{day.isoformat()},{tag}第{n}条"
        lines.append(line + (f",{tag}-{n}" if keyed else ""))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def new_workspace(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_TARGETS, folder / "targets.yaml")
    return folder


def grow_entries(db: Path, at_least: int) -> int:
    """Double the keyless entries with plain SQL until there are ``at_least``: a database
    years old, for kills to land inside a long migration or a long copy."""
    conn = connect(db)
    try:
        have = {str(row[1]) for row in conn.execute("pragma table_info(entries)")}
        cols = ", ".join(
            c
            for c in (
                "indicator_id", "mode", "value", "amount", "stage", "unit", "input", "as_of",
                "logged_at", "author", "note", "source",
            )
            if c in have
        )  # fmt: skip
        total = int(conn.execute("select count(*) from entries").fetchone()[0])
        while total < at_least:
            conn.execute("begin")
            conn.execute(f"insert into entries ({cols}) select {cols} from entries")
            conn.execute("commit")
            total = int(conn.execute("select count(*) from entries").fetchone()[0])
        return total
    finally:
        conn.close()


# -- temporary files a command may leave when killed ---------------------------------------


def documented_leftover(name: str, target: str) -> bool:
    """A temporary file of ``target`` that a kill -9 may leave beside it: named after the
    target and marked as partial or temporary (``X.partial``, ``.X.1a2b.tmp``, their
    ``-journal``). Anything else beside a backup is a stray."""
    stem = name.lstrip(".")
    return stem.startswith(target) and stem != target and bool(re.search(r"partial|tmp", stem))


# -- read-only and small file systems -------------------------------------------------------


def _mount(*args: str) -> str | None:
    """Run mount; None when it worked, else why not."""
    if shutil.which("mount") is None:
        return "no mount command"
    done = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)
    return (
        None if done.returncode == 0 else (done.stderr.strip() or f"mount exit {done.returncode}")
    )


def _umount(path: Path) -> None:
    done = subprocess.run(["umount", str(path)], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, text=True, timeout=30)


def unavailable(why: str) -> NoReturn:
    """The machine cannot make this fault (not root, no permission): skip, saying why."""
    pytest.skip(why)


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` (a file or a folder) read-only even to root: a read-only bind mount as root,
    chmod otherwise. Checked by trying to write, and undone afterwards."""
    if os.geteuid() == 0:
        why = _mount("--bind", str(path), str(path))
        if why is not None:
            unavailable(f"cannot bind-mount {path}: {why}")
        try:
            why = _mount("-o", "remount,ro,bind", str(path))
            if why is not None:
                unavailable(f"cannot remount {path} read-only: {why}")
            _assert_unwritable(path)
            yield
        finally:
            _umount(path)
        return
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        _assert_unwritable(path)
        yield
    finally:
        path.chmod(mode)


def _assert_unwritable(path: Path) -> None:
    probe = path / ".probe" if path.is_dir() else path
    try:
        with probe.open("ab"):
            pass
    except OSError:
        return
    if path.is_dir():
        probe.unlink()
    unavailable(f"{path} stays writable here")


@contextmanager
def small_filesystem(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` at ``folder``, unmounted afterwards (skipped if not allowed)."""
    folder.mkdir(parents=True, exist_ok=True)
    why = _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    if why is not None:
        unavailable(f"cannot mount a {size} tmpfs: {why}")
    try:
        yield folder
    finally:
        _umount(folder)


def free_bytes(folder: Path) -> int:
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


def fill(folder: Path, leave: int) -> Path:
    """A ballast file that takes all but ``leave`` bytes of the file system."""
    ballast = folder / "ballast"
    with ballast.open("ab") as handle:
        while free_bytes(folder) > leave:
            chunk = min(free_bytes(folder) - leave, 1 << 20)
            try:
                handle.write(b"\0" * max(chunk, 1))
                handle.flush()
            except OSError:
                break
    return ballast
