"""The code stays lint-clean, formatted and strictly typed: checked with the tests, not after."""

from __future__ import annotations

import re
import subprocess
import sys

from .conftest import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    result = run(sys.executable, "-m", "ruff", "check", "src", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted() -> None:
    result = run(sys.executable, "-m", "ruff", "format", "--check", "src", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes_on_src() -> None:
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_cli_reference_is_up_to_date() -> None:
    """docs/cli.md (English) and docs/cli.zh-CN.md (Chinese) are generated from --help;
    refresh them with: python -m cogapp -r docs/cli.md docs/cli.zh-CN.md"""
    result = run(sys.executable, "-m", "cogapp", "--check", "docs/cli.md", "docs/cli.zh-CN.md")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_exactly_the_readme_test_command() -> None:
    """The README opens with the two set-up commands; CI must run the second one as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0].strip() for b in readme.split("```sh\n")[1:3]]
    install_and_run, test = blocks
    assert "kpi status" in install_and_run and install_and_run.startswith("pip install")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci
    assert readme.index(install_and_run) < 200  # at the very top


def test_only_the_storage_adapters_know_an_engine() -> None:
    """The seam: the core and the commands speak to a Store; sqlite3, sqlite-utils and
    psycopg belong to the adapters (SQLite's migrations are its adapter's schema)."""
    adapters = {"sqlite_store.py", "sqlite_export.py", "migrations.py", "postgres_store.py"}
    engine = re.compile(r"^\s*(import|from)\s+(sqlite3|sqlite_utils|psycopg)\b", re.M)
    knowing = sorted(
        path.name
        for path in (ROOT / "src" / "kpitrack").rglob("*.py")
        if engine.search(path.read_text(encoding="utf-8"))
    )
    assert set(knowing) <= adapters, knowing
