"""A PostgreSQL server for the tests, or the reason there is none.

The server is the one ``KPI_TEST_POSTGRESQL`` names (a ``postgresql://`` URL of a user who may
create databases and roles), else a throwaway cluster started once per test session in a
temporary folder: unix socket only, no TCP port opened, run as the ``postgres`` user when
the tests run as root (the server refuses root). Starting it takes a second or two, so it is
started on first need and stopped, its folder removed, when the session ends, or at exit
when the session is interrupted. A cluster left by a session that was killed outright is
stopped by the next one. Each test gets a database of its own, made empty and dropped after.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import itertools
import os
import pwd
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

if TYPE_CHECKING:
    import psycopg

ENV = "KPI_TEST_POSTGRESQL"
PREFIX = "kpi-pg-"
USER = "kpi"
PORT = 5432  # the socket lives in the cluster's own folder: any port is free there


class Unavailable(Exception):
    """No server can be had; the message says why, for the skip and the summary."""


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(nothing written)"


@dataclass
class Server:
    """A server the tests may make databases and roles on, reached through ``admin_url``."""

    admin_url: str
    cluster: Path | None = None  # the throwaway cluster's folder, when we started it
    run_as: list[str] = field(default_factory=list)
    bindir: Path | None = None
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _stopped: bool = False

    def connect(self, url: str | None = None) -> psycopg.Connection[Any]:
        import psycopg

        return psycopg.connect(url or self.admin_url, autocommit=True, connect_timeout=10)

    def create_database(self) -> str:
        """A fresh, empty database in UTF-8 (the server's default may be another encoding),
        named for this process so sessions sharing one server do not collide.

        Its default collation is ICU's en-US where the server has ICU (PostgreSQL 15 on), as
        on a server set up in a common locale: text that sorts by codepoint there does so by
        its columns' own collation, not by luck of the database's."""
        import psycopg

        name = f"kpi_t_{os.getpid()}_{next(self._numbers)}"
        create = f"create database {name} template template0 encoding 'UTF8'"
        with self.connect() as conn:
            try:
                conn.execute(
                    create + " locale_provider icu icu_locale 'en-US' lc_collate 'C' lc_ctype 'C'"
                )
            except psycopg.Error:
                conn.execute(create + " lc_collate 'C' lc_ctype 'C'")
        return _with_database(self.admin_url, name)

    def drop_database(self, url: str) -> None:
        """Drop a test's database, then the roles the test made: roles belong to the whole
        server, so a test names each after its database (``<database>_<name>``)."""
        name = urlsplit(url).path.lstrip("/")
        with self.connect() as conn:
            conn.execute(f"drop database if exists {name} with (force)")
            roles = conn.execute(
                "select rolname from pg_roles where starts_with(rolname, %s)", [f"{name}_"]
            ).fetchall()
            for (role,) in roles:
                conn.execute(f'drop role "{role}"')

    def stop(self) -> None:
        if self._stopped or self.cluster is None:
            return
        self._stopped = True
        _stop_cluster(self.cluster, self.run_as, self.bindir)


def from_url(url: str) -> Server:
    try:
        import psycopg

        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            conn.execute("select 1")
    except ImportError as error:
        raise Unavailable(_no_psycopg(error)) from None
    except Exception as error:
        raise Unavailable(
            f"{ENV}={_redacted(url)} cannot be reached: {_last_line(str(error))}"
        ) from None
    return Server(url)


def _no_psycopg(error: ImportError) -> str:
    return f"psycopg is not installed ({error}); pip install -e '.[test]' brings it"


# -- a throwaway cluster ---------------------------------------------------------------------


def find_bindir(search: list[str] | None = None) -> Path | None:
    """Where initdb and pg_ctl are: on PATH, else in Debian's and Ubuntu's versioned folders
    (their packages put the server programs there), the newest version first."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    if search is None:
        search = sorted(
            glob.glob("/usr/lib/postgresql/*/bin"),
            key=lambda path: [
                int(p) if p.isdigit() else 0 for p in Path(path).parent.name.split(".")
            ],
            reverse=True,
        )
    for folder in search:
        if (Path(folder) / "pg_ctl").exists() and (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def _runner() -> tuple[list[str], pwd.struct_passwd | None]:
    """The command prefix that runs the server's programs as a user the server accepts."""
    if os.geteuid() != 0:
        return [], None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        raise Unavailable(
            "the tests run as root, which the server refuses, and there is no 'postgres' user"
            " to run it as"
        ) from None
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--"], user
    su = shutil.which("su")
    if su:
        return [su, "postgres", "-s", "/bin/sh", "-c"], user
    raise Unavailable("the tests run as root and neither runuser nor su is there to drop it")


def _run(run_as: list[str], command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    if run_as and run_as[-1] == "-c":  # su: one shell command line
        command = [*run_as, shlex.join(command)]
    else:
        command = [*run_as, *command]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )


def start_cluster() -> Server:
    try:
        import psycopg
    except ImportError as error:
        raise Unavailable(_no_psycopg(error)) from None
    bindir = find_bindir()
    if bindir is None:
        raise Unavailable(
            "no PostgreSQL server programs (initdb, pg_ctl) on PATH or in"
            " /usr/lib/postgresql/*/bin; install PostgreSQL or set " + ENV
        )
    run_as, user = _runner()
    # the postgres user must reach the folder: under root, /tmp rather than a private TMPDIR
    parent = "/tmp" if user is not None and os.path.isdir("/tmp") else None
    _reap_orphans(run_as, bindir, Path(parent or tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
    (folder / "owner.pid").write_text(str(os.getpid()))
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = Server(
        f"postgresql://{USER}@/postgres?host={quote(str(folder), safe='/')}&port={PORT}",
        cluster=folder,
        run_as=run_as,
        bindir=bindir,
    )
    atexit.register(server.stop)
    data, log = folder / "data", folder / "log"
    try:
        made = _run(
            run_as,
            [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", USER, "-E", "UTF8",
             "--no-locale", "--no-sync"],
            timeout=120,
        )  # fmt: skip
        if made.returncode != 0:
            raise Unavailable(
                f"initdb failed (exit {made.returncode}): {_last_line(made.stderr + made.stdout)}"
            )
        settings = (
            "listen_addresses = ''",
            f"unix_socket_directories = '{folder}'",
            f"port = {PORT}",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "max_connections = 50",
        )
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n" + "\n".join(settings) + "\n")
        started = _run(
            run_as,
            [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "start"],
            timeout=90,
        )
        if started.returncode != 0:
            try:
                reason = _last_line(log.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                reason = _last_line(started.stderr + started.stdout)
            raise Unavailable(f"the throwaway PostgreSQL server did not start: {reason}")
        with psycopg.connect(server.admin_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute("select 1")
    except Unavailable:
        server.stop()
        raise
    except Exception as error:
        server.stop()
        raise Unavailable(
            f"the throwaway PostgreSQL server did not start: {_last_line(str(error))}"
        ) from None
    return server


def _stop_cluster(folder: Path, run_as: list[str], bindir: Path | None) -> None:
    data = folder / "data"
    if bindir is not None and (data / "postmaster.pid").exists():
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            _run(
                run_as,
                [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                timeout=60,
            )
    shutil.rmtree(folder, ignore_errors=True)


def _reap_orphans(run_as: list[str], bindir: Path, parent: Path) -> None:
    """Stop the clusters of earlier sessions that died without stopping theirs (kill -9):
    a folder of ours whose owning test process is gone."""
    for folder in parent.glob(f"{PREFIX}*"):
        try:
            pid = int((folder / "owner.pid").read_text())
        except (OSError, ValueError):
            continue
        try:
            os.kill(pid, 0)
            continue  # still running: not ours to stop
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        _stop_cluster(folder, run_as, bindir)


# -- one per session ---------------------------------------------------------------------------


class Provider:
    """The session's server, asked for on first need; the reason it could not be had is kept,
    so every test that needed it is skipped with it and the summary says it once."""

    def __init__(self) -> None:
        self.server: Server | None = None
        self.reason: str | None = None

    def get(self) -> Server:
        if self.server is None and self.reason is None:
            try:
                url = os.environ.get(ENV)
                self.server = from_url(url) if url else start_cluster()
            except Unavailable as error:
                self.reason = str(error)
        if self.server is None:
            raise Unavailable(self.reason)
        return self.server

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()


PROVIDER = Provider()
