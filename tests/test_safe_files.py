"""Files of the user's that backup, export and template must never destroy (issue 10).

What each test plants is what the adversarial run found: a symlink or a file at the name the
old code wrote its temporary copy to, a file appearing at the target while the copy was being
made, an existing export, a symlink at the export's name, a damaged database.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kpitrack.errors import EnvironmentFault, KpiError
from kpitrack.publish import publish

from .conftest import Invoke
from .test_process import kpi_executable

SOMEONE_ELSES = b"someone else's file, written while kpi ran\n"


def team_database(path: Path) -> bytes:
    """Another application's SQLite file, with its own table: what a symlink may point to."""
    conn = sqlite3.connect(path)
    conn.execute("create table players (name text)")
    conn.execute("insert into players values ('王芳')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def tables(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
    finally:
        conn.close()


def leftovers(folder: Path) -> list[str]:
    """Temporary files a command left behind in the folder."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


def entry_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("select count(*) from entries").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def appears_while_written(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make a file appear at a target between the copy being written and being published.

    Publishing is the moment a name is taken (os.link, or the claim where there are no hard
    links), so the file is written just before it: as late as another process could.
    """

    def arrange(target: Path) -> None:
        real_link = os.link

        def link(src: str, dst: str, *args: object, **kwargs: object) -> None:
            if Path(dst) == target:
                target.write_bytes(SOMEONE_ELSES)
            real_link(src, dst)

        monkeypatch.setattr(os, "link", link)

    return arrange


# -- backup ---------------------------------------------------------------------------------


def test_a_symlink_at_the_old_partial_name_leaves_the_other_database_untouched(
    logged: Invoke, workdir: Path
) -> None:
    before = team_database(workdir / "other_team.db")
    (workdir / "backup.db.partial").symlink_to(workdir / "other_team.db")
    result = logged("backup", str(workdir / "backup.db"))
    assert result.exit_code == 0, result.stderr
    assert (workdir / "other_team.db").read_bytes() == before
    assert tables(workdir / "other_team.db") == ["players"]
    assert (workdir / "backup.db.partial").is_symlink()
    assert entry_count(workdir / "backup.db") == entry_count(workdir / "kpi.db")


def test_an_ordinary_file_at_the_old_partial_name_is_not_deleted(
    logged: Invoke, workdir: Path
) -> None:
    (workdir / "backup.db.partial").write_bytes(SOMEONE_ELSES)
    assert logged("backup", str(workdir / "backup.db")).exit_code == 0
    assert (workdir / "backup.db.partial").read_bytes() == SOMEONE_ELSES


def test_a_file_created_at_the_backup_name_during_the_backup_is_kept(
    logged: Invoke, workdir: Path, appears_while_written: Callable[[Path], None]
) -> None:
    target = workdir / "backup.db"
    appears_while_written(target)
    result = logged("backup", str(target))
    assert result.exit_code == 2
    assert "已存在" in result.stderr and "Traceback" not in result.stderr
    assert target.read_bytes() == SOMEONE_ELSES
    assert leftovers(workdir) == []


def test_a_dangling_symlink_at_the_backup_name_is_refused_and_nothing_is_created(
    logged: Invoke, workdir: Path
) -> None:
    (workdir / "backup.db").symlink_to(workdir / "elsewhere.db")
    result = logged("backup", str(workdir / "backup.db"))
    assert result.exit_code == 2 and "已存在" in result.stderr
    assert not (workdir / "elsewhere.db").exists()
    assert (workdir / "backup.db").is_symlink()


def test_a_healthy_backup_is_the_whole_database_and_leaves_nothing_beside_it(
    logged: Invoke, workdir: Path
) -> None:
    (workdir / "backups").mkdir()
    assert logged("backup", str(workdir / "backups" / "kpi.db")).exit_code == 0
    assert sorted(p.name for p in (workdir / "backups").iterdir()) == ["kpi.db"]
    source, copy = sqlite3.connect(workdir / "kpi.db"), sqlite3.connect(workdir / "backups/kpi.db")
    try:
        assert list(copy.iterdump()) == list(source.iterdump())
        assert copy.execute("pragma integrity_check").fetchone()[0] == "ok"
    finally:
        source.close()
        copy.close()


def test_where_there_are_no_hard_links_the_backup_is_still_published(
    logged: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_hard_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # what vfat answers

    monkeypatch.setattr(os, "link", no_hard_links)
    assert logged("backup", str(workdir / "backup.db")).exit_code == 0
    assert entry_count(workdir / "backup.db") == entry_count(workdir / "kpi.db")
    assert leftovers(workdir) == []


def test_where_there_are_no_hard_links_a_file_appearing_is_still_kept(
    logged: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = workdir / "backup.db"

    def no_hard_links(*args: object, **kwargs: object) -> None:
        target.write_bytes(SOMEONE_ELSES)  # another process wins the name first
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_hard_links)
    result = logged("backup", str(target))
    assert result.exit_code == 2 and "已存在" in result.stderr
    assert target.read_bytes() == SOMEONE_ELSES
    assert leftovers(workdir) == []


def checkpointed(db: Path) -> tuple[int, int]:
    """Everything in the main file (not the WAL); the entries table's root page and page size."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("pragma wal_checkpoint(truncate)")
        root = conn.execute("select rootpage from sqlite_master where name = 'entries'")
        return int(root.fetchone()[0]), int(conn.execute("pragma page_size").fetchone()[0])
    finally:
        conn.close()


def overwrite(db: Path, offset: int, count: int) -> None:
    with db.open("r+b") as file:
        file.seek(offset)
        file.write(b"\x07" * count)


def damage_a_leaf(db: Path) -> None:
    """Overwrite the cell pointers of the entries table's first leaf page: quick_check lists
    what it found wrong (rows out of order) rather than stopping."""
    root, size = checkpointed(db)
    page = db.read_bytes()[(root - 1) * size : root * size]
    assert page[0] == 0x05, "the entries table should span pages: an interior root"
    first_cell = int.from_bytes(page[12:14], "big")
    leaf = int.from_bytes(page[first_cell : first_cell + 4], "big")
    overwrite(db, (leaf - 1) * size + 8, 200)


def damage_the_root(db: Path) -> None:
    """Overwrite the second half of the entries table's root page (its cells): reading it
    makes SQLite itself raise 'database disk image is malformed'."""
    root, size = checkpointed(db)
    overwrite(db, root * size - size // 2, size // 2)


@pytest.mark.parametrize("damage", [damage_a_leaf, damage_the_root])
def test_a_damaged_database_is_refused_and_no_backup_is_published(
    logged: Invoke, workdir: Path, damage: Callable[[Path], None]
) -> None:
    damage(workdir / "kpi.db")
    result = logged("backup", str(workdir / "backup.db"))
    assert result.exit_code == 3
    assert "已损坏" in result.stderr and "未写入备份" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (workdir / "backup.db").exists()
    assert leftovers(workdir) == []


def test_the_leaf_damage_is_one_quick_check_reports(logged: Invoke, workdir: Path) -> None:
    """The damage above is of the kind quick_check lists, not only one that raises."""
    damage_a_leaf(workdir / "kpi.db")
    conn = sqlite3.connect(workdir / "kpi.db")
    try:
        assert conn.execute("pragma quick_check").fetchone()[0] != "ok"
    finally:
        conn.close()


# -- export ---------------------------------------------------------------------------------


def test_export_refuses_an_existing_file_and_says_force(logged: Invoke, workdir: Path) -> None:
    (workdir / "out.csv").write_bytes(SOMEONE_ELSES)
    result = logged("export", str(workdir / "out.csv"))
    assert result.exit_code == 2
    assert "已存在" in result.stderr and "--force" in result.stderr
    assert (workdir / "out.csv").read_bytes() == SOMEONE_ELSES


def test_export_with_force_replaces_the_file(logged: Invoke, workdir: Path) -> None:
    (workdir / "out.csv").write_bytes(SOMEONE_ELSES)
    result = logged("export", str(workdir / "out.csv"), "--force")
    assert result.exit_code == 0, result.stderr
    assert "记录编号" in (workdir / "out.csv").read_text(encoding="utf-8-sig")
    assert leftovers(workdir) == []


def test_export_with_force_replaces_a_symlink_not_what_it_points_to(
    logged: Invoke, workdir: Path
) -> None:
    (workdir / "theirs.json").write_bytes(SOMEONE_ELSES)
    (workdir / "out.json").symlink_to(workdir / "theirs.json")
    assert logged("export", str(workdir / "out.json"), "--force").exit_code == 0
    assert (workdir / "theirs.json").read_bytes() == SOMEONE_ELSES
    assert not (workdir / "out.json").is_symlink()
    assert (workdir / "out.json").read_text(encoding="utf-8").startswith("[")


def test_export_without_force_refuses_a_symlink_even_a_dangling_one(
    logged: Invoke, workdir: Path
) -> None:
    (workdir / "out.csv").symlink_to(workdir / "nowhere.csv")
    assert logged("export", str(workdir / "out.csv")).exit_code == 2
    assert not (workdir / "nowhere.csv").exists()


@pytest.mark.parametrize("name", ["out.csv", "out.xlsx", "out.json"])
def test_export_never_writes_through_a_symlink_at_the_old_partial_name(
    logged: Invoke, workdir: Path, name: str
) -> None:
    (workdir / "theirs").write_bytes(SOMEONE_ELSES)
    (workdir / f"{name}.partial").symlink_to(workdir / "theirs")
    assert logged("export", str(workdir / name)).exit_code == 0
    assert (workdir / "theirs").read_bytes() == SOMEONE_ELSES
    assert (workdir / f"{name}.partial").is_symlink()
    assert (workdir / name).stat().st_size > 0


def test_a_file_created_at_the_export_name_during_the_export_is_kept(
    logged: Invoke, workdir: Path, appears_while_written: Callable[[Path], None]
) -> None:
    target = workdir / "out.xlsx"
    appears_while_written(target)
    result = logged("export", str(target))
    assert result.exit_code == 2 and "已存在" in result.stderr
    assert target.read_bytes() == SOMEONE_ELSES
    assert leftovers(workdir) == []


def test_a_refused_export_opens_no_database_first(logged: Invoke, workdir: Path) -> None:
    """The refusal comes before the database is opened, let alone created."""
    (workdir / "out.csv").write_bytes(SOMEONE_ELSES)
    (workdir / "kpi.db").rename(workdir / "moved.db")
    result = logged("export", str(workdir / "out.csv"))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert not (workdir / "kpi.db").exists()


# -- template -------------------------------------------------------------------------------


def test_template_with_force_replaces_a_symlink_not_what_it_points_to(
    kpi: Invoke, workdir: Path
) -> None:
    (workdir / "theirs.xlsx").write_bytes(SOMEONE_ELSES)
    (workdir / "体育局.xlsx").symlink_to(workdir / "theirs.xlsx")
    args = ("template", "--owner", "区体育局", "-o", str(workdir / "体育局.xlsx"))
    refused = kpi(*args)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert kpi(*args, "--force").exit_code == 0
    assert (workdir / "theirs.xlsx").read_bytes() == SOMEONE_ELSES
    assert not (workdir / "体育局.xlsx").is_symlink()


def test_a_file_created_at_the_template_name_meanwhile_is_kept(
    kpi: Invoke, workdir: Path, appears_while_written: Callable[[Path], None]
) -> None:
    target = workdir / "体育局.xlsx"
    appears_while_written(target)
    result = kpi("template", "--owner", "区体育局", "-o", str(target))
    assert result.exit_code == 2 and "已存在" in result.stderr
    assert target.read_bytes() == SOMEONE_ELSES
    assert leftovers(workdir) == []


# -- the module -----------------------------------------------------------------------------


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("umask_027")
def test_a_published_file_has_the_mode_a_new_file_of_the_user_would(tmp_path: Path) -> None:
    publish(tmp_path / "a.csv", lambda stream: stream.write(b"x"))
    assert (tmp_path / "a.csv").stat().st_mode & 0o777 == 0o640


def test_a_full_disk_is_an_environment_fault_that_leaves_nothing(tmp_path: Path) -> None:
    def full(stream: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(EnvironmentFault) as raised:
        publish(tmp_path / "a.csv", full)
    assert "No space left on device" in str(raised.value)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_writer_leaves_neither_the_file_nor_a_temporary(tmp_path: Path) -> None:
    def broken(stream: object) -> None:
        raise ValueError("a character a workbook cannot hold")

    (tmp_path / "a.xlsx").write_bytes(SOMEONE_ELSES)
    with pytest.raises(ValueError):
        publish(tmp_path / "a.xlsx", broken, replace=True)
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]
    assert (tmp_path / "a.xlsx").read_bytes() == SOMEONE_ELSES


def test_a_temporary_name_someone_took_is_left_to_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = iter(["taken", "free"])
    monkeypatch.setattr("kpitrack.publish.secrets.token_hex", lambda n: next(tokens))
    (tmp_path / ".a.csv.taken.partial").write_bytes(SOMEONE_ELSES)
    publish(tmp_path / "a.csv", lambda stream: stream.write(b"x"))
    assert (tmp_path / ".a.csv.taken.partial").read_bytes() == SOMEONE_ELSES
    assert (tmp_path / "a.csv").read_bytes() == b"x"
    assert not (tmp_path / ".a.csv.free.partial").exists()


def test_a_missing_folder_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(KpiError) as raised:
        publish(tmp_path / "no" / "a.csv", lambda stream: stream.write(b"x"))
    assert raised.value.key == "file.no_folder"


# -- the real kpi ---------------------------------------------------------------------------


def run_kpi(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "COLUMNS"))}
    env["KPI_LANG"] = "zh"
    return subprocess.run(
        [kpi_executable(), *args], cwd=folder, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_real_kpi_backs_up_past_a_planted_symlink_and_refuses_a_second_time(
    logged: Invoke, workdir: Path
) -> None:
    before = team_database(workdir / "other_team.db")
    (workdir / "b.db.partial").symlink_to(workdir / "other_team.db")
    first = run_kpi(workdir, "backup", "b.db")
    assert first.returncode == 0, first.stderr
    again = run_kpi(workdir, "backup", "b.db")
    assert again.returncode == 2 and "已存在" in again.stderr
    assert (workdir / "other_team.db").read_bytes() == before
    assert entry_count(workdir / "b.db") == entry_count(workdir / "kpi.db")


def test_the_real_kpi_export_refuses_then_forces_and_a_damaged_backup_exits_3(
    logged: Invoke, workdir: Path
) -> None:
    assert run_kpi(workdir, "export", "out.csv").returncode == 0
    refused = run_kpi(workdir, "export", "out.csv")
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert run_kpi(workdir, "export", "out.csv", "--force").returncode == 0
    damage_a_leaf(workdir / "kpi.db")
    damaged = run_kpi(workdir, "backup", "b.db")
    assert damaged.returncode == 3 and "已损坏" in damaged.stderr
    assert "Traceback" not in damaged.stderr
    assert not (workdir / "b.db").exists() and leftovers(workdir) == []
