"""Several declarations, one database: two departments' targets.yaml files share a database
without touching each other's indicators; reports show all, --scope narrows to one."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .conftest import REPO_TARGETS, Invoke

EDUCATION = """scope: 区教育局
areas:
  - id: education
    name: 教育
    indicators:
      - {id: school-places, name: 新增学位, target: 3000个, period: 2024, owner: 区教育局}
      - {id: schools-open, name: 学校投用, target: 3所, period: 2024, owner: 区教育局}
"""
HEALTH = """scope: 区卫健委
areas:
  - id: health
    name: 卫生
    indicators:
      - {id: hospital-beds, name: 新增床位, target: 500张, period: 2024, owner: 区卫健委}
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_two_departments_share_one_database_and_see_everything(kpi: Invoke, workdir: Path) -> None:
    db = str(workdir / "shared.db")
    education = write(workdir / "edu", "targets.yaml", EDUCATION)
    health = write(workdir / "health", "targets.yaml", HEALTH)
    assert kpi("init", "--targets", str(education), "--db", db).exit_code == 0
    for targets, args in (
        (education, ["log", "school-places", "1200", "--date", "2024-06-30"]),
        (health, ["log", "hospital-beds", "200", "--date", "2024-06-30"]),
        (education, ["log", "schools-open", "+1", "--date", "2024-07-31"]),
    ):
        result = kpi(*args, "--targets", str(targets), "--db", db)
        assert result.exit_code == 0, result.stderr
    listed = kpi("list", "--targets", str(education), "--db", db, "--format", "json")
    ids = {i["id"] for i in json.loads(listed.stdout)["indicators"]}
    assert ids == {"school-places", "schools-open", "hospital-beds"}
    retired = kpi("list", "--retired", "--targets", str(health), "--db", db, "--format", "json")
    assert json.loads(retired.stdout)["indicators"] == []
    status = kpi("status", "--as-of", "2024-07-31", "--targets", str(health), "--db", db)
    assert "新增学位" in status.stdout and "新增床位" in status.stdout
    narrowed = kpi(
        "status", "--as-of", "2024-07-31", "--scope", "区卫健委", "--format", "json",
        "--targets", str(education), "--db", db,
    )  # fmt: skip
    shown = [i["id"] for a in json.loads(narrowed.stdout)["areas"] for i in a["indicators"]]
    assert shown == ["hospital-beds"]


def test_an_id_declared_by_two_departments_is_refused_with_both_files_named(
    kpi: Invoke, workdir: Path
) -> None:
    db = str(workdir / "shared.db")
    education = write(workdir / "edu", "targets.yaml", EDUCATION)
    thief = write(workdir / "gov", "targets.yaml", HEALTH.replace("hospital-beds", "school-places"))
    assert kpi("init", "--targets", str(education), "--db", db).exit_code == 0
    refused = kpi("init", "--targets", str(thief), "--db", db)
    assert refused.exit_code == 2
    assert str(education) in refused.stderr and str(thief) in refused.stderr
    assert "区教育局" in refused.stderr and "Traceback" not in refused.stderr


def test_an_unknown_scope_is_one_sentence_naming_those_there_are(
    kpi: Invoke, workdir: Path
) -> None:
    db = str(workdir / "shared.db")
    education = write(workdir / "edu", "targets.yaml", EDUCATION)
    assert kpi("init", "--targets", str(education), "--db", db).exit_code == 0
    result = kpi("status", "--scope", "区教育", "--targets", str(education), "--db", db)
    assert result.exit_code == 2 and "区教育局" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_two_unnamed_files_cannot_retire_each_others_indicators(kpi: Invoke, workdir: Path) -> None:
    """Without scope: both are 'default'; the second would retire the first's: refused."""
    db = str(workdir / "shared.db")
    first = write(workdir / "a", "targets.yaml", re.sub(r"^scope: .*\n", "", EDUCATION))
    second = write(workdir / "b", "targets.yaml", re.sub(r"^scope: .*\n", "", HEALTH))
    assert kpi("init", "--targets", str(first), "--db", db).exit_code == 0
    assert kpi("log", "school-places", "5", "--date", "2024-06-30",
               "--targets", str(first), "--db", db).exit_code == 0  # fmt: skip
    refused = kpi("init", "--targets", str(second), "--db", db)
    assert refused.exit_code == 2
    assert "scope:" in refused.stderr and str(first) in refused.stderr
    listed = kpi("list", "--targets", str(first), "--db", db, "--format", "json")
    assert [(i["id"], i["retired"]) for i in json.loads(listed.stdout)["indicators"]] == [
        ("school-places", False),
        ("schools-open", False),
    ]


def test_a_moved_folder_keeps_its_database(kpi: Invoke, workdir: Path) -> None:
    """One file per database needs no scope: the same file moved syncs as before."""
    moved = workdir / "moved"
    moved.mkdir()
    assert kpi("log", "fitness-paths", "8", "--date", "2024-09-30").exit_code == 0
    (workdir / "kpi.db").rename(moved / "kpi.db")
    (moved / "targets.yaml").write_text(REPO_TARGETS.read_text(encoding="utf-8") + "\n# moved\n")
    result = kpi("log", "fitness-paths", "9", "--date", "2024-10-31", "--targets",
                 str(moved / "targets.yaml"))  # fmt: skip
    assert result.exit_code == 0, result.stderr
