"""A database named by --db or KPI_DB is made only by `kpi init` (issue 14).

A mistyped path used to become a new, empty database: a report read it as "nothing logged"
and a log wrote into it, away from the real one. Now every other command refuses with one
sentence that says how to create it, and leaves nothing behind.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpitrack.cli import app

from .conftest import Invoke


@pytest.mark.parametrize(
    "args",
    [
        ["log", "fitness-paths", "6", "--date", "2024-06-30"],
        ["status"],
        ["summary", "--week", "2024-W27"],
        ["due"],
        ["history", "fitness-paths"],
    ],
    ids=lambda args: args[0],
)
def test_a_mistyped_db_is_refused_and_not_created(
    kpi: Invoke, workdir: Path, args: list[str]
) -> None:
    typo = workdir / "kpi-2024.bd"
    result = kpi(*args, "--db", str(typo))
    assert result.exit_code == 2
    assert "不存在" in result.stderr and "kpi init --db" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not typo.exists()


def test_kpi_db_from_the_environment_is_checked_the_same_way(kpi: Invoke, workdir: Path) -> None:
    typo = workdir / "shraed.db"
    result = kpi("log", "fitness-paths", "6", env={"KPI_DB": str(typo)})
    assert result.exit_code == 2
    assert str(typo) in result.stderr
    assert not typo.exists()


def test_an_import_into_a_missing_db_writes_nothing(kpi: Invoke, workdir: Path) -> None:
    sheet = workdir / "本月.csv"
    sheet.write_text("id,value,date\nfitness-paths,6,2024-06-30\n", encoding="utf-8")
    result = kpi("import", str(sheet), "--db", str(workdir / "nowhere.db"))
    assert result.exit_code == 2
    assert not (workdir / "nowhere.db").exists()


def test_init_creates_the_named_database_and_then_it_is_used(kpi: Invoke, workdir: Path) -> None:
    db = str(workdir / "区级.db")
    assert kpi("init", "--db", db).exit_code == 0
    assert kpi("log", "fitness-paths", "6", "--date", "2024-06-30", "--db", db).exit_code == 0
    status = json.loads(
        kpi("status", "--as-of", "2024-06-30", "--format", "json", "--db", db).stdout
    )
    row = next(i for a in status["areas"] for i in a["indicators"] if i["id"] == "fitness-paths")
    assert row["actual"] == 6


def test_the_default_database_beside_targets_is_made_on_first_use(
    kpi: Invoke, workdir: Path
) -> None:
    """The README's first command runs `kpi status` in a fresh clone, with no kpi.db yet."""
    assert kpi("status").exit_code == 0
    assert kpi("log", "fitness-paths", "6", "--date", "2024-06-30").exit_code == 0
    assert (workdir / "kpi.db").exists()


def test_a_refused_stdin_batch_offers_only_what_kpi_log_can_do(kpi: Invoke) -> None:
    """kpi log - has no --skip-bad; its refusal must not send the user to it."""
    batch = "fitness-paths 6 2024-06-30\nno-such-indicator 3 2024-06-30\n"
    result = CliRunner().invoke(app, ["log", "-"], input=batch)
    assert result.exit_code == 2
    assert "--skip-bad" not in result.stderr
    assert "未写入任何记录" in result.stderr
