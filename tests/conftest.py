"""Shared fixtures: a deterministic terminal, a private working folder, the real report, and a
database of each engine (``--engine``): a SQLite file, or a fresh PostgreSQL database."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kpitrack.cli import app
from kpitrack.messages import set_language

from . import pg_server

ROOT = Path(__file__).resolve().parent.parent
REPO_TARGETS = ROOT / "targets.yaml"
SEED = ROOT.parent / "shared" / "seed" / "000_5b08f66ed03d030d.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _deterministic(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Chinese messages, a wide fixed width, no colour settings leaking in from outside;
    compiled targets kept for the run, not in the user's ~/.cache."""
    for var in ("KPI_TARGETS", "KPI_DB", "KPI_USER", "NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("KPI_LANG", "zh")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("KPI_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kpi-cache"))
    set_language(None)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding a copy of the repo's targets.yaml, set as the working directory."""
    shutil.copy(REPO_TARGETS, tmp_path / "targets.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


Invoke = Callable[..., Result]


@pytest.fixture
def kpi(workdir: Path) -> Invoke:
    """Run ``kpi`` in-process through Typer's CliRunner, in the working folder."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("the report text (../shared/seed) is not beside this checkout")
    return SEED.read_text(encoding="utf-8")


# A reporting history used by the summary, due and format tests; the ISO week 2024-W27 runs
# from Monday 2024-07-01 to Sunday 2024-07-07.
HISTORY = [
    ("hospitals-in-use", "1", "2024-05-31"),
    ("key-projects-2024", "3", "2024-06-20"),
    ("fitness-paths", "6", "2024-06-30"),
    ("tencent-esports", "建成", "2024-07-02"),
    ("key-projects-2024", "5", "2024-07-03"),
    ("fitness-paths", "+2", "2024-07-05"),
]


# key-projects-2024 (21个 全年谋划重点推进项目) is the size of a list known in January: a level,
# due whole all year. The tests about a total paced through the year (序时进度, behind, forecast,
# a falling running total) use 签约项目落地 (target 10个) instead, logged as HISTORY logs the key
# projects: 3 by 2024-06-20 (30.0 %), 5 by 2024-07-03 (50.0 %). Its member milestone
# wanda-info-hq is never logged beside it.
PACED = "signed-projects-landed"
LANDED = [
    (PACED, "3", "2024-06-20"),
    (PACED, "5", "2024-07-03"),
]


def log_all(kpi: Invoke, entries: list[tuple[str, str, str]]) -> Invoke:
    for indicator_id, value, day in entries:
        result = kpi("log", indicator_id, value, "--date", day, "--by", "测试员")
        assert result.exit_code == 0, result.output
    return kpi


@pytest.fixture
def logged(kpi: Invoke) -> Invoke:
    """The working folder's database, with HISTORY logged."""
    return log_all(kpi, HISTORY)


@pytest.fixture
def landed(logged: Invoke) -> Invoke:
    """HISTORY and, after it, LANDED: a paced total beside the level and the rest."""
    return log_all(logged, LANDED)


def dump(workdir: Path) -> list[str]:
    """Everything in the database, as SQL: equal dumps mean nothing was written."""
    conn = sqlite3.connect(workdir / "kpi.db")
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def declare(workdir: Path, areas: str) -> None:
    """Add areas (YAML list items, indented as in the file) to the working targets.yaml: the
    kinds of indicator a test needs that the report's own list lacks."""
    path = workdir / "targets.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + areas, encoding="utf-8")


# -- engines ---------------------------------------------------------------------------------

ENGINES = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=(*ENGINES, "both"),
        default="both",
        help="the database engine(s) the tests taking engine_url run on (default: both)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine_url" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("engine")
        engines = ENGINES if chosen == "both" else (chosen,)
        metafunc.parametrize("engine_url", engines, indirect=True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Said once at the end, so a CI log shows why no PostgreSQL test ran."""
    if pg_server.PROVIDER.reason is not None:
        terminalreporter.write_line(f"PostgreSQL tests skipped: {pg_server.PROVIDER.reason}")
    browser = sys.modules.get("tests.test_browser")
    if browser is not None and browser.REASON:
        terminalreporter.write_line(f"Browser tests skipped: {browser.REASON[0]}")


@pytest.fixture(scope="session")
def postgresql_server(request: pytest.FixtureRequest) -> pg_server.Server:
    """The session's server, started on first need (once) and stopped at the session's end;
    every test that needs it is skipped, with the reason, when there is none."""
    request.addfinalizer(pg_server.PROVIDER.close)
    try:
        return pg_server.PROVIDER.get()
    except pg_server.Unavailable as error:
        pytest.skip(f"PostgreSQL tests skipped: {error}")


@pytest.fixture
def postgresql_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty PostgreSQL database of its own, dropped after the test with the roles
    named ``<database>_…`` the test made: ``postgresql://kpi@/kpi_t_…?host=…&port=…``."""
    if request.config.getoption("engine") == "sqlite":
        pytest.skip("PostgreSQL tests skipped: --engine=sqlite")
    server: pg_server.Server = request.getfixturevalue("postgresql_server")
    url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(url)


@pytest.fixture
def engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's database is, per engine: a SQLite file's path (not made yet), or the URL
    of an empty PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "kpi.db")
    url: str = request.getfixturevalue("postgresql_url")
    return url
