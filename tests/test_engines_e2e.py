"""The installed ``kpi``, as real processes, on SQLite and on a real PostgreSQL server: the
README's tour prints the same on both, a copy keeps every entry, sixteen clerks at once lose
nothing, and a department's role writes only its own indicators."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from kpitrack.postgres_schema import roles_sql

from .conftest import REPO_TARGETS, ROOT, Invoke
from .test_process import kpi_executable


def tour_commands() -> list[list[str]]:
    """Every ``$ kpi …`` of the README's tour (a piped one without its pipe)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A short tour", 1)[1].split("\n## ", 1)[0]
    commands = []
    for line in tour.splitlines():
        if line.startswith("$ kpi "):
            command = line[2:].split(" | ", 1)[0]
            commands.append(_split(command))
    return commands


def _split(command: str) -> list[str]:
    import shlex

    return shlex.split(command)[1:]


class Folder:
    """A department's folder: the repo's targets.yaml, and ``kpi`` run there."""

    def __init__(self, path: Path, db: str) -> None:
        path.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO_TARGETS, path / "targets.yaml")
        self.path = path
        self.db = db
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "COLUMNS"))}
        self.env.update(KPI_LANG="zh", KPI_DB=db, COLUMNS="150")

    def kpi(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [kpi_executable(), *args],
            cwd=self.path,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )

    def said(self, result: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
        """What a person sees, with the database's name the same on both engines."""
        return (
            result.returncode,
            result.stdout.replace(self.db, "DB"),
            result.stderr.replace(self.db, "DB"),
        )


def test_the_readme_tour_prints_the_same_on_postgresql(tmp_path: Path, postgresql_url: str) -> None:
    commands = tour_commands()
    assert len(commands) >= 10 and ["init"] in commands
    on_file = Folder(tmp_path / "file", str(tmp_path / "file" / "kpi.db"))
    on_server = Folder(tmp_path / "server", postgresql_url)
    for args in commands:
        assert on_server.said(on_server.kpi(*args)) == on_file.said(on_file.kpi(*args)), args
    for args in (["history", "fitness-paths", "--all"], ["summary", "--week", "2024-W39"]):
        assert on_server.said(on_server.kpi(*args)) == on_file.said(on_file.kpi(*args)), args
    pages = []  # the leaders' page, from either engine, is the same file
    for folder in (on_file, on_server):
        made = folder.kpi("report", "-o", "page.html", "--as-of", "2024-09-30")
        assert made.returncode == 0, made.stderr
        pages.append((folder.path / "page.html").read_bytes())
    assert pages[0] == pages[1]


def test_copy_to_postgresql_and_back_keeps_every_entry(tmp_path: Path, postgresql_url: str) -> None:
    """The seed database plus 10,000 random entries, voids and restores: kpi export gives the
    same file after SQLite → PostgreSQL → SQLite, and status the same JSON on the server."""
    home = Folder(tmp_path / "home", str(tmp_path / "home" / "kpi.db"))
    assert home.kpi("init").returncode == 0
    rows = _random_rows(10_000, random.Random(7))
    done = subprocess.run(
        [kpi_executable(), "log", "-", "--force"],
        input=rows, cwd=home.path, env=home.env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for number in range(60, 200, 7):
        assert home.kpi("undo", str(number), "--note", "重复").returncode == 0
    for number in range(60, 200, 21):
        assert home.kpi("restore", str(number)).returncode == 0
    assert home.kpi("copy", str(home.path / "kpi.db"), postgresql_url).returncode == 0
    back = tmp_path / "back.db"
    copied = home.kpi("copy", postgresql_url, str(back))
    assert copied.returncode == 0, copied.stderr
    assert "10045 条记录" in copied.stderr
    saved = tmp_path / "saved.db"  # a server's backup is the same copy, as a SQLite file
    assert home.kpi("backup", str(saved), KPI_DB=postgresql_url).returncode == 0
    exports = {}
    places = [("home", home.db), ("server", postgresql_url), ("back", str(back))]
    for name, db in [*places, ("saved", str(saved))]:
        out = tmp_path / f"{name}.csv"
        assert home.kpi("export", str(out), "--all", KPI_DB=db).returncode == 0
        exports[name] = out.read_bytes()
    assert exports["home"] == exports["server"] == exports["back"] == exports["saved"]
    status = {
        db: json.loads(
            home.kpi("status", "--as-of", "2024-12-31", "--format", "json", KPI_DB=db).stdout
        )
        for db in (home.db, postgresql_url)
    }
    assert status[home.db] == status[postgresql_url]


def _random_rows(count: int, rng: random.Random) -> str:
    ids = ["fitness-paths", "signed-projects-landed", "key-projects-2024", "hospitals-in-use"]
    lines = ["id,value,date,note,key"]
    for number in range(count):
        lines.append(
            f"{rng.choice(ids)},+{rng.randint(0, 3)},2024-{rng.randint(1, 12):02d}-"
            f"{rng.randint(1, 28):02d},第{number}行,k{number}"
        )
    return "\n".join(lines) + "\n"


def test_sixteen_clerks_at_once_on_postgresql_lose_nothing(
    tmp_path: Path, postgresql_url: str
) -> None:
    folder = Folder(tmp_path / "office", postgresql_url)
    assert folder.kpi("init").returncode == 0

    def clerk(number: int) -> list[subprocess.CompletedProcess[str]]:
        return [
            folder.kpi(
                "log", "fitness-paths", "+1", "--date", "2024-06-30", "--key", f"own-{number}"
            ),
            folder.kpi("log", "fitness-paths", "+1", "--date", "2024-06-30", "--key", "shared"),
        ]

    with ThreadPoolExecutor(16) as pool:
        results = [r for batch in pool.map(clerk, range(16)) for r in batch]
    assert [r.returncode for r in results] == [0] * 32, [r.stderr for r in results if r.returncode]
    assert not [r for r in results if "Traceback" in r.stderr]
    assert sum("已记录过" in r.stderr for r in results) == 15
    status = json.loads(folder.kpi("status", "--as-of", "2024-06-30", "--format", "json").stdout)
    paths = next(i for a in status["areas"] for i in a["indicators"] if i["id"] == "fitness-paths")
    assert paths["actual"] == 17


def test_a_department_role_writes_its_own_indicators_only(
    tmp_path: Path, postgresql_url: str
) -> None:
    """The README's least-privilege set-up: a role per department, a read-only leader."""
    import psycopg

    database = urlsplit(postgresql_url).path.lstrip("/")
    sports, leader = f"{database}_sports", f"{database}_leader"
    owner = Folder(tmp_path / "owner", postgresql_url)
    (owner.path / "targets.yaml").write_text(
        "scope: 区体育局\n" + REPO_TARGETS.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert owner.kpi("init").returncode == 0
    with psycopg.connect(postgresql_url, autocommit=True) as conn:
        conn.execute(roles_sql(department=sports, scope="区体育局", leader=leader))
        conn.execute(
            roles_sql(department=f"{database}_other", scope="别的部门", row_security=False)
        )
    as_sports = _as_role(postgresql_url, sports)
    clerk = Folder(tmp_path / "clerk", as_sports)
    (clerk.path / "targets.yaml").write_text(
        (owner.path / "targets.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    logged = clerk.kpi("log", "fitness-paths", "8", "--date", "2024-09-30", "--by", "张三")
    assert logged.returncode == 0, logged.stderr
    history = json.loads(clerk.kpi("history", "fitness-paths", "--format", "json").stdout)
    (entry,) = [e for e in history["entries"] if e["author"] == "张三"]
    assert entry["role"] == sports  # who wrote it, as the server knows them; 张三 beside it
    with psycopg.connect(postgresql_url) as conn:
        role = conn.execute(
            "select db_role from entries where id = %s", [entry["entry"]]
        ).fetchone()
    assert role == (sports,)
    # figures of earlier months, sent after: the days after them wait for their running totals
    # (m011), which the department's role may not write itself; the schema's functions do
    earlier = "id,value,date\nfitness-paths,7,2024-06-30\nfitness-paths,6,2024-03-31\n"
    sent = subprocess.run(
        [kpi_executable(), "log", "-", "--by", "张三"], input=earlier, cwd=clerk.path,
        env=clerk.env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert sent.returncode == 0, sent.stderr
    with psycopg.connect(postgresql_url) as conn:
        running = conn.execute(
            "select as_of::text, c_entries from entry_days where indicator_id = 'fitness-paths'"
            " order by as_of"
        ).fetchall()
    assert running == [("2024-03-31", 1), ("2024-06-30", 2), ("2024-09-30", 3)]
    other = Folder(tmp_path / "other", _as_role(postgresql_url, f"{database}_other"))
    (other.path / "targets.yaml").write_text(
        (owner.path / "targets.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    refused = other.kpi("log", "fitness-paths", "9", "--date", "2024-10-31")
    assert refused.returncode == 3 and "没有这项权限" in refused.stderr
    assert "Traceback" not in refused.stderr
    undo = other.kpi("undo", str(entry["entry"]), "--note", "不是我们的")
    assert undo.returncode == 3 and "没有这项权限" in undo.stderr
    reader = Folder(tmp_path / "leader", _as_role(postgresql_url, leader))
    shutil.copy(owner.path / "targets.yaml", reader.path / "targets.yaml")
    assert reader.kpi("status", "--as-of", "2024-09-30").returncode == 0
    assert reader.kpi("log", "fitness-paths", "9", "--date", "2024-10-31").returncode == 3
    with psycopg.connect(postgresql_url) as conn:
        count = conn.execute("select count(*) from entries where indicator_id = 'fitness-paths'")
        assert count.fetchone() == (3,)


def _as_role(url: str, role: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.split("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{role}@{host}"))


def test_a_report_keeps_nothing_on_the_server(tmp_path: Path, postgresql_url: str) -> None:
    """A report on an edited targets.yaml syncs inside its own transaction, rolled back: the
    new target shows (from the day kpitrack saw it, clamped into the period), and the server
    records nothing."""
    folder = Folder(tmp_path / "office", postgresql_url)
    assert folder.kpi("init").returncode == 0
    text = (folder.path / "targets.yaml").read_text(encoding="utf-8")
    (folder.path / "targets.yaml").write_text(
        re.sub(r"(id: fitness-paths\n(?:.*\n)*?\s+target: )10条", r"\g<1>12条", text, count=1),
        encoding="utf-8",
    )
    import psycopg

    def history_rows() -> int:
        with psycopg.connect(postgresql_url) as conn:
            found = conn.execute("select count(*) from target_history").fetchone()
            return int(found[0]) if found else 0

    before = history_rows()
    shown = folder.kpi("status", "--as-of", "2024-12-31", "--format", "json")
    assert shown.returncode == 0
    paths = next(
        i for a in json.loads(shown.stdout)["areas"] for i in a["indicators"]
        if i["id"] == "fitness-paths"
    )  # fmt: skip
    assert paths["target"] == 12
    assert history_rows() == before


def test_a_server_that_cannot_be_reached_is_one_sentence_and_exit_3(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql://clerk:secret@/kpi?host={tmp_path / 'no-server'}&port=5999"
    folder = Folder(tmp_path / "office", url)
    for args in (["status"], ["log", "fitness-paths", "8", "--date", "2024-09-30"], ["init"]):
        result = folder.kpi(*args)
        assert result.returncode == 3, result.stderr
        assert "无法使用数据库服务器" in result.stderr and "Traceback" not in result.stderr
        assert "secret" not in result.stderr and "clerk:***@" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_without_psycopg_a_server_url_says_what_to_install(
    kpi: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    monkeypatch.delitem(sys.modules, "kpitrack.postgres_store", raising=False)
    result = kpi("status", "--db", "postgresql://kpi@/kpi")
    assert result.exit_code == 3
    assert 'pip install "kpitrack[postgresql]"' in result.stderr
    assert "Traceback" not in result.stderr


def test_a_copy_of_nothing_is_refused_and_makes_no_file(kpi: Invoke, workdir: Path) -> None:
    result = kpi("copy", "nosuch.db", "new.db")
    assert result.exit_code == 2 and "nosuch.db" in result.stderr
    assert not (workdir / "new.db").exists()
    assert kpi("copy", "kpi.db", "kpi.db").exit_code == 2  # the same database


def test_an_address_of_another_engine_is_refused_not_taken_for_a_folder(kpi: Invoke) -> None:
    result = kpi("status", "--db", "mysql://kpi@localhost/x")
    assert result.exit_code == 2
    assert "mysql://kpi@localhost/x" in result.stderr and "postgresql://" in result.stderr


def test_a_password_given_as_a_parameter_is_never_shown(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql://kpi@/kpi?host={tmp_path}&port=5998&password=s3cr3t"
    result = Folder(tmp_path / "office", url).kpi("init")
    assert result.returncode == 3 and "s3cr3t" not in result.stderr
    assert "password=***" in result.stderr
