"""Help and Click's usage errors speak the user's language and fit an 80-column terminal.

A Chinese office reads `kpi --help`, `kpi log --help` and a mistyped command in Chinese; the
language is chosen as every message is (--lang, else KPI_LANG, else the locale), wherever
--lang stands on the line. Every text comes from the one catalogue.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from kpitrack.cli import app
from kpitrack.cli.app import COMMANDS
from kpitrack.messages import CATALOGUE

from .conftest import ROOT, Invoke

NARROW = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
HAN = re.compile(r"[\u4e00-\u9fff]")


def help_of(command: str | None, lang: str) -> str:
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(app, args, env={**NARROW, "KPI_LANG": lang})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_fits_80_columns_cleanly(command: str | None, lang: str) -> None:
    text = help_of(command, lang)
    for line in text.splitlines():
        assert cell_len(line) <= 80, line
        assert "…" not in line, f"help cut: {line}"
    for odd in ("<bool>", "<str>", "{", "[[", "[value]"):
        assert odd not in text, odd


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_and_option_has_its_help_in_the_catalogue(command: str | None) -> None:
    """Help text lives in the catalogue, in both languages, never only in the code."""
    import typer.main
    from typer import _click

    group = typer.main.get_command(app)
    ctx = _click.Context(group, info_name="kpi")
    cmd = group.get_command(ctx, command) if command else group
    name = command or "kpi"
    assert f"help.{name}" in CATALOGUE
    for param in cmd.get_params(ctx):
        keys = {f"help.{name}.{param.name}", f"help.opt.{param.name}"}
        assert keys & set(CATALOGUE), f"{name} {param.opts}: no help.* key"


def _command_paths() -> list[tuple[str, ...]]:
    """Every command a user can ask help of: kpi, each in COMMANDS, and any subcommand."""
    import typer.main
    from typer import _click
    from typer.core import TyperGroup

    def under(command: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        if isinstance(command, TyperGroup):
            ctx = _click.Context(command, info_name=path[-1] if path else "kpi")
            names = list(COMMANDS) if not path else command.list_commands(ctx)
            for name in names:
                yield from under(command.get_command(ctx, name), (*path, name))

    return list(under(typer.main.get_command(app), ()))


EVERY_COMMAND = _command_paths()
CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("how", ["--lang en", "KPI_LANG=en"])
@pytest.mark.parametrize("path", EVERY_COMMAND, ids=lambda path: " ".join(path) or "kpi")
def test_english_help_holds_no_chinese(path: tuple[str, ...], how: str) -> None:
    """Help draws on no data, so under --lang en not one CJK character may show: no term
    glossed in Chinese (序时进度), no example file named in Chinese (报告.docx)."""
    if how == "--lang en":
        args, env = ["--lang", "en", *path, "--help"], {**NARROW, "KPI_LANG": "zh"}
    else:
        args, env = [*path, "--help"], {**NARROW, "KPI_LANG": "en"}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    assert "Usage: kpi" in result.output
    chinese = [line for line in result.output.splitlines() if CJK.search(line)]
    assert chinese == [], "\n".join(chinese)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", EVERY_COMMAND, ids=lambda path: " ".join(path) or "kpi")
def test_piped_help_ends_its_lines_at_their_last_character(
    path: tuple[str, ...], lang: str
) -> None:
    """Typer pads help to the terminal's width; piped to a file or a diff, no line may end in
    spaces (CliRunner's stdout is not a terminal, as a pipe is not)."""
    result = CliRunner().invoke(app, [*path, "--help"], env={**NARROW, "KPI_LANG": lang})
    assert result.exit_code == 0, result.output
    padded = [line for line in result.output.splitlines() if line != line.rstrip()]
    assert padded == [], "\n".join(repr(line) for line in padded)


def test_kpi_help_in_chinese_lists_the_commands_in_chinese() -> None:
    text = help_of(None, "zh")
    assert "用法：kpi [选项] 命令 [参数]..." in text
    assert "跟踪工作报告中的指标" in text
    assert "报表（--format table|json|csv|markdown）" in text
    assert "为指标记录一个完成值" in text
    assert "Options" not in text and "Commands" not in text and "Show this" not in text


def test_log_help_in_chinese_names_id_and_value_as_placeholders() -> None:
    text = help_of("log", "zh")
    assert "用法：kpi log [选项] ID [VALUE]" in text
    assert "示例：" in text and "kpi log tencent-esports 建成" in text
    assert "─ 参数 ─" in text and "─ 选项 ─" in text
    assert "[必填]" in text and "[环境变量：KPI_DB]" in text
    assert not re.search(r"\b(the|an|or)\b", text), "English left in the Chinese help"


def test_english_help_stays_english() -> None:
    text = help_of("log", "en")
    assert "Usage: kpi log [OPTIONS] ID [VALUE]" in text
    assert "Record an actual for an indicator." in text
    assert "─ Options ─" in text


def test_lang_after_help_still_chooses_the_language(kpi: Invoke) -> None:
    result = kpi("log", "--help", "--lang", "zh", env={**NARROW, "KPI_LANG": "en"})
    assert "为指标记录一个完成值" in result.output
    result = kpi("--lang", "en", "--help", env=NARROW)
    assert "Track a work report's indicators" in result.output


def test_each_run_chooses_its_language_afresh(kpi: Invoke) -> None:
    """One process, many runs (as CliRunner does): --lang en once is not English forever."""
    assert "Record an actual" in kpi("log", "--help", "--lang", "en", env=NARROW).output
    assert "为指标记录一个完成值" in kpi("log", "--help", env=NARROW).output
    assert "缺少参数 ID。" in kpi("log").output


def test_a_mistyped_command_is_told_in_chinese_with_the_nearest(kpi: Invoke) -> None:
    result = kpi("stauts")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "没有「stauts」这个命令。是否想用 status？",
        "运行 kpi --help 查看说明。",
    ]


def test_a_missing_argument_is_told_in_chinese(kpi: Invoke) -> None:
    result = kpi("log")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "缺少参数 ID。",
        "用法：kpi log [选项] ID [VALUE]",
        "运行 kpi log --help 查看说明。",
    ]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["status", "--bogus"], "kpi status 没有 --bogus 这个选项。是否想用 --bom？"),
        (
            ["status", "--fail-on", "x"],
            "--fail-on 的值「x」不可用，可选：behind、far-behind、breached、due、missed。",
        ),
        (["status", "--lang", "fr"], "--lang 的值「fr」不可用，可选：zh、en。"),
        (["due", "--owner"], "选项 --owner 后面要跟一个值。"),
        (["due", "--tar"], "kpi due 没有 --tar 这个选项。是否想用 --area 或 --targets？"),
        (["due", "--fo"], "kpi due 没有 --fo 这个选项。是否想用 --format、--bom 或 --fail-on？"),
        (["status", "--formt"], "kpi status 没有 --formt 这个选项。是否想用 --format 或 --bom？"),
        (["status", "a", "b"], "多出了参数：a b。"),
        (["amend", "x", "3"], "ENTRY 须为整数，如 42。"),
    ],
)
def test_usage_errors_are_one_chinese_sentence(kpi: Invoke, args: list[str], said: str) -> None:
    result = kpi(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == said
    assert "╭" not in result.stderr and "Error" not in result.stderr


def test_usage_errors_in_english_with_lang_en(kpi: Invoke) -> None:
    result = kpi("stauts", "--lang", "en")
    assert result.stderr.splitlines() == [
        "No such command 'stauts'. Did you mean status?",
        "Try 'kpi --help' for help.",
    ]
    result = kpi("log", "--lang", "en")
    assert result.stderr.splitlines()[0] == "Missing argument ID."
    assert not HAN.search(result.stderr)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["due", "--tar"], "kpi due has no option --tar. Did you mean --area or --targets?"),
        (
            ["export", "--tar"],
            "kpi export has no option --tar. Did you mean --area, --targets or --all?",
        ),
    ],
)
def test_suggested_options_are_joined_in_english(kpi: Invoke, args: list[str], said: str) -> None:
    result = kpi(*args, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == said


def test_kpi_lang_zh_kpi_help_as_a_real_process(tmp_path: Path) -> None:
    env = {
        **os.environ,
        **NARROW,
        "KPI_LANG": "zh",
        "PYTHONPATH": str(ROOT / "src"),
    }
    script = "from kpitrack.cli import main; main()"

    def kpi(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp_path,
            check=False,
        )

    result = kpi("--help")
    assert result.returncode == 0, result.stderr
    assert "用法：" in result.stdout and "跟踪工作报告中的指标" in result.stdout
    assert all(cell_len(line) <= 80 for line in result.stdout.splitlines())
    piped = kpi("status", "--help").stdout.splitlines()  # as `kpi status --help | cat`
    assert piped and all(line == line.rstrip() for line in piped)
    typo = kpi("stauts")
    assert typo.returncode == 2
    assert typo.stderr.startswith("没有「stauts」这个命令。是否想用 status？")
