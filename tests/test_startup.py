"""Start-up (issue 13): a command imports what it uses, and targets.yaml is read once per change.

How long ``kpi`` takes to start is measured by hand (bench/bench_startup.py); what these tests
hold is why it is quick: the modules a run imports (each of those named below cost a report
tens of milliseconds), and the compiled targets.yaml it reads back — never stale, never in the
way when it cannot be read or written.
"""

from __future__ import annotations

import importlib
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from kpitrack.cli import app
from kpitrack.cli.app import COMMANDS
from kpitrack.targets_file import read_targets

from .conftest import REPO_TARGETS, Invoke

SRC = Path(__file__).resolve().parent.parent / "src"

# the run's modules, written to stderr as the interpreter leaves, whatever the command did
PROBE = """
import sys
from kpitrack.cli import main
sys.argv = ["kpi", *sys.argv[1:]]
try:
    main()
finally:
    sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n")
"""

# imported by none of the commands below: other commands' modules, the writers' libraries
OTHER_COMMANDS = ["kpitrack.cli.recording", "kpitrack.cli.files", "kpitrack.cli.pages"]
HEAVY = ["pydantic", "sqlite_utils", "numpy", "yaml", "kpitrack.targets", "kpitrack.batch"]
# a few milliseconds each, which a report does without: OpenSSL's start (the digest of
# targets.yaml is CPython's own SHA-256) and the json package's decoder and its patterns
# (the report's JSON is written by render/status_json.py)
LIGHTER = ["hashlib", "_hashlib", "json"]
WRITERS = ["kpitrack.recording", "kpitrack.checks", "kpitrack.corrections", "kpitrack.sheets"]
# a file in step is checked against kpitrack.migration_names; the migrations are for writers
WRITERS += ["kpitrack.migrations"]


def modules_of(folder: Path, *args: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


@pytest.fixture
def folder(tmp_path: Path, kpi: Invoke) -> Path:
    """The repository's targets.yaml with its database, as ``kpi init`` leaves them."""
    assert kpi("init").exit_code == 0
    return tmp_path


def test_status_imports_its_own_command_and_nothing_it_does_not_use(folder: Path) -> None:
    modules_of(folder, "status")  # the first run compiles targets.yaml
    loaded = modules_of(folder, "status")
    assert "kpitrack.cli.reports" in loaded
    # the kept result is read back by its bytes' digest: the file is not decoded again
    unused = {*OTHER_COMMANDS, *HEAVY, *WRITERS, *LIGHTER, "encodings.utf_8_sig"}
    assert not loaded & unused, sorted(loaded & unused)


def test_status_as_json_starts_without_rich_tables(folder: Path) -> None:
    loaded = modules_of(folder, "status", "--format", "json", "--targets", "targets.yaml")
    unused = {"rich", "rich.cells", "rich.console", *HEAVY, *LIGHTER}  # no Rich at all
    assert not loaded & unused, sorted(loaded & unused)


def test_version_answers_without_typer_or_rich(folder: Path) -> None:
    loaded = modules_of(folder, "--version")
    assert not {m for m in loaded if m.split(".")[0] in ("typer", "rich", "click")}


def test_version_says_the_same_as_the_option_does_after_a_command(kpi: Invoke) -> None:
    from kpitrack import __version__

    env = {**os.environ, "PYTHONPATH": str(SRC)}
    probe = [sys.executable, "-c", PROBE, "--version"]
    quick = subprocess.run(probe, env=env, capture_output=True, text=True, timeout=60)
    assert quick.stdout == f"kpi {__version__}\n"
    assert kpi("--version").stdout == quick.stdout


def test_every_command_is_in_the_table_of_lazy_commands_under_its_module() -> None:
    for module in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(module)
    registered = {
        info.name or typer.main.get_command_name(info.callback.__name__): info.callback.__module__
        for info in app.registered_commands
        if info.callback is not None
    }
    assert registered == COMMANDS


def test_a_command_imported_before_the_app_is_built_keeps_its_help(kpi: Invoke) -> None:
    """Its module imported first (as a program using kpitrack may), a command is still the
    catalogue's: its help has the example and the options' sentences, not Typer's bare list."""
    for module in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(module)
    shown = kpi("list", "--help").stdout
    assert "示例：" in shown and "列出已从 targets.yaml 删除" in shown


def test_help_lists_every_command(kpi: Invoke) -> None:
    result = kpi("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f" {name} " in result.stdout, name


def test_a_mistyped_command_is_still_told_the_nearest(kpi: Invoke) -> None:
    result = kpi("statu")
    assert result.exit_code == 2
    assert "是否想用 status？" in result.output


def test_options_convert_as_before_without_pydantic(kpi: Invoke) -> None:
    assert kpi("init").exit_code == 0
    assert kpi("status", "--format", "JSON").stdout.startswith("{")
    wrong = kpi("status", "--format", "jsn")
    assert wrong.exit_code == 2
    assert "--format 的值「jsn」不可用，可选：table、json、csv、markdown。" in wrong.output


# -- the compiled targets.yaml ------------------------------------------------------------------


def kept(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.pickle"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KPI_CACHE_DIR", str(folder))
    return folder


def test_a_report_keeps_targets_compiled_and_reads_them_back(
    folder: Path, kpi: Invoke, cache: Path
) -> None:
    first = kpi("status", "--format", "json").stdout
    assert len(kept(cache)) == 1
    assert "kpitrack.targets" not in modules_of(folder, "status", "--format", "json")
    assert kpi("status", "--format", "json").stdout == first


def test_an_edited_targets_yaml_is_read_anew_never_from_the_old_result(
    folder: Path, kpi: Invoke, cache: Path
) -> None:
    assert "| 21个" in kpi("list", "--format", "markdown").stdout
    path = folder / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("target: 21个") == 1
    path.write_text(text.replace("target: 21个", "target: 22个"), encoding="utf-8")
    listed = kpi("list", "--format", "markdown").stdout
    assert "| 22个" in listed and "| 21个" not in listed
    assert len(kept(cache)) == 2


def test_a_damaged_result_is_passed_over_silently_and_rebuilt(
    folder: Path, kpi: Invoke, cache: Path
) -> None:
    expected = kpi("status", "--format", "json").stdout
    for damage in (b"", b"not a pickle", pickle.dumps(("another key", "something else"))):
        (file,) = kept(cache)
        file.write_bytes(damage)
        result = kpi("status", "--format", "json")
        assert result.exit_code == 0
        assert result.stdout == expected
        assert result.stderr.strip() == kpi("status", "--format", "json").stderr.strip()
        assert file.read_bytes() not in (damage,)


def test_a_cache_folder_that_cannot_be_made_means_no_cache(
    folder: Path, kpi: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = folder / "a file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("KPI_CACHE_DIR", str(blocker / "cache"))
    result = kpi("status", "--format", "json")
    assert result.exit_code == 0
    assert result.stdout.startswith("{")


def test_an_empty_cache_setting_turns_the_cache_off(
    folder: Path, kpi: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KPI_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert kpi("status", "--format", "json").exit_code == 0
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_a_file_with_problems_is_never_kept_and_told_every_time(
    folder: Path, kpi: Invoke, cache: Path
) -> None:
    path = folder / "targets.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nbogus_key: 1\n", encoding="utf-8")
    for _ in range(2):
        result = kpi("status")
        assert result.exit_code == 2
        assert "bogus_key" in result.stderr
    assert kept(cache) == []


def test_a_kept_result_carries_the_path_it_was_read_from(tmp_path: Path, cache: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for place in (one, two):
        place.mkdir()
        shutil.copy(REPO_TARGETS, place / "targets.yaml")
    first = read_targets(one / "targets.yaml")
    second = read_targets(two / "targets.yaml")
    assert len(kept(cache)) == 1
    assert (first.path, second.path) == (one / "targets.yaml", two / "targets.yaml")
    assert second.areas == first.areas


def test_windows_line_endings_read_the_same_as_the_parser_reads_them(
    tmp_path: Path, cache: Path
) -> None:
    from kpitrack.targets import load_targets

    path = tmp_path / "targets.yaml"
    path.write_bytes(REPO_TARGETS.read_bytes().replace(b"\n", b"\r\n"))
    assert read_targets(path) == load_targets(path)
    assert read_targets(path) == load_targets(path)  # the second from the cache


def test_a_cache_folder_others_can_write_is_not_read_from(
    folder: Path, kpi: Invoke, cache: Path
) -> None:
    from dataclasses import replace

    assert kpi("list", "--format", "json").exit_code == 0
    (file,) = kept(cache)
    key, targets = pickle.loads(file.read_bytes())
    first = replace(targets.areas[0], name="PLANTED")
    file.write_bytes(pickle.dumps((key, replace(targets, areas=(first, *targets.areas[1:])))))
    assert "PLANTED" in kpi("list", "--format", "json").stdout  # a folder of one's own is read
    cache.chmod(0o777)
    listed = kpi("list", "--format", "json")
    assert listed.exit_code == 0
    assert "PLANTED" not in listed.stdout


def test_the_cache_folder_is_made_for_its_user_alone_whatever_the_umask(
    folder: Path, kpi: Invoke, cache: Path
) -> None:
    previous = os.umask(0o002)
    try:
        assert kpi("status", "--format", "json").exit_code == 0
    finally:
        os.umask(previous)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert len(kept(cache)) == 1


@pytest.mark.parametrize("running", [True, False], ids=["collector on", "collector paused"])
def test_importing_kpi_leaves_the_garbage_collector_as_it_found_it(running: bool) -> None:
    """kpitrack pauses the collector while it imports; a program that uses it (a test run, a
    server) finds the collector as it left it, and cycles made later are still collected."""
    import gc
    import weakref

    from kpitrack.cli import settled_imports

    was = gc.isenabled()
    (gc.enable if running else gc.disable)()
    try:
        with settled_imports():
            assert not gc.isenabled()
        assert gc.isenabled() is running

        class Node:
            pass

        node = Node()
        node.self = node  # type: ignore[attr-defined]
        alive = weakref.ref(node)
        del node
        gc.collect()
        assert alive() is None
    finally:
        (gc.enable if was else gc.disable)()
