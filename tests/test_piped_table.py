"""Piped (to a file, a program), kpi status writes its table without Rich's console (issue 13):
the same bytes Rich's console writes to that pipe, at any width, and a run that does not
import it. Whenever Rich would draw differently, Rich's console draws (on a terminal, see
test_terminal_table.py)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kpitrack import output

from .conftest import Invoke
from .test_startup import modules_of

STATUS = [
    ["status"],
    ["status", "--as-of", "2024-07-10"],
    ["status", "--as-of", "2024-07-10", "--lang", "en"],
    ["status", "--as-of", "2024-07-10", "--area", "民生"],
]


@pytest.mark.parametrize("args", STATUS)
@pytest.mark.parametrize("width", [30, 60, 80, 100, 120, 160, 200, 300])
def test_a_piped_status_is_what_rich_writes_to_the_pipe(
    logged: Invoke, monkeypatch: pytest.MonkeyPatch, args: list[str], width: int
) -> None:
    worked_out = logged(*args, env={"COLUMNS": str(width)})
    emitting = sys.modules["kpitrack.cli.app"]  # the package's ``app`` is the Typer app
    monkeypatch.setattr(emitting, "piped_width", lambda: None)  # Rich's console, always
    drawn = logged(*args, env={"COLUMNS": str(width)})
    assert worked_out.exit_code == drawn.exit_code == 0
    assert worked_out.stdout == drawn.stdout


def test_a_piped_status_does_without_richs_console(logged: Invoke, workdir: Path) -> None:
    loaded = modules_of(workdir, "status", "--as-of", "2024-07-10")
    assert "rich.console" not in loaded


@pytest.mark.parametrize(
    "env",
    [{"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "1"}, {"TTY_COMPATIBLE": "1", "FORCE_COLOR": ""}],
)
def test_what_makes_rich_draw_for_a_terminal_leaves_the_pipe_to_rich(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # a pipe
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert output.piped_width() is None


@pytest.mark.parametrize(
    ("env", "width"),
    [
        ({}, 200),
        ({"COLUMNS": "87"}, 87),
        ({"FORCE_COLOR": ""}, 200),
        ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, 200),
    ],
)
def test_a_pipe_is_as_wide_as_the_console_rich_would_make_for_it(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], width: int
) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # a pipe
    monkeypatch.delenv("COLUMNS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert output.piped_width() == width
    assert output.make_console().width == width
    assert not output.make_console().is_terminal
