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
# below about 110 columns the caption wraps, below 60 the counts too
@pytest.mark.parametrize("width", [30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 160, 200, 300])
def test_a_piped_status_is_what_rich_writes_to_the_pipe(
    logged: Invoke, monkeypatch: pytest.MonkeyPatch, args: list[str], width: int
) -> None:
    worked_out = logged(*args, env={"COLUMNS": str(width)})
    emitting = sys.modules["kpitrack.cli.app"]  # the package's ``app`` is the Typer app
    monkeypatch.setattr(emitting, "piped_width", lambda: None)  # Rich's console, always
    drawn = logged(*args, env={"COLUMNS": str(width)})
    assert worked_out.exit_code == drawn.exit_code == 0
    assert worked_out.stdout == drawn.stdout


@pytest.mark.parametrize(
    ("columns", "lang"),
    [(None, "zh"), ("120", "en"), ("80", "zh"), ("80", "en"), ("50", "en"), ("40", "zh")],
)
def test_a_piped_status_does_without_richs_console(
    logged: Invoke,
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    columns: str | None,
    lang: str,
) -> None:
    """Also where its caption and counts wrap (80 columns, a classic terminal's width).
    (At 40 columns the English table itself is too wide: Rich shrinks its columns.)"""
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    loaded = modules_of(workdir, "status", "--as-of", "2024-07-10", "--lang", lang)
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
