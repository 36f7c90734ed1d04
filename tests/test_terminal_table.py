"""On a terminal, kpi status writes its table in colour without Rich's console (issue 13): the
same bytes Rich's console writes to that terminal — same width, same colour system, same ANSI
codes for each cell's style — and a run that does not import it. Whatever Rich would decide
otherwise (a dumb terminal, TTY_COMPATIBLE=0, an encoding other than UTF-8) is left to Rich."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.default_styles import DEFAULT_STYLES
from rich.style import Style

from kpitrack import output
from kpitrack.render import fit
from kpitrack.render.fit import COLOR_SYSTEMS, FittedTable, Styled

from .conftest import Invoke
from .test_fitted_lines import (
    PLAIN,
    SENTENCES,
    TITLES,
    WORDS,
    shown_as_text,
    table_maker,
    tables,
)
from .test_startup import PROBE, SRC

# styles whose codes differ between colour systems, and a name that is no style (none)
STYLE_NAMES = [
    *("", "bold", "dim", "red", "bold red", "light_green", "#ff8800 on blue", "i color(200)"),
    *("not a style", "table.title"),
]
STYLES = st.sampled_from(STYLE_NAMES)
TIDY = WORDS.map(str.strip)  # a right-justified cell ending in a space is Rich's to strip
STYLED = st.builds(Styled, TIDY, STYLES)
# tables of text as written (worked out), and some with what is Rich's to draw
TABLES = st.one_of(tables(st.one_of(TIDY, STYLED)), tables(st.one_of(TIDY, STYLED, PLAIN)))


def forget_rendered_styles() -> None:
    """Rich keeps a style's codes for the first colour system it is drawn in (Style._ansi),
    and shares styles between consoles: each drawing here starts from none kept, so the
    colour system each one uses is the one that shows."""
    for style in DEFAULT_STYLES.values():
        style._ansi = None
    Style.parse.cache_clear()
    Style._add.cache_clear()


def terminal_console(out: io.StringIO, width: int, colours: str, no_color: bool) -> Console:
    """The console output.make_console makes for a terminal, writing to ``out``."""
    return Console(
        file=out,
        force_terminal=True,
        color_system=colours,  # type: ignore[arg-type]
        no_color=no_color or None,
        highlight=False,
        width=width,
        soft_wrap=False,
        emoji=False,
    )


def shown_by_rich(fitted: FittedTable, width: int, colours: str, no_color: bool) -> str:
    forget_rendered_styles()
    out = io.StringIO()
    fitted.show(terminal_console(out, width, colours, no_color))
    return out.getvalue()


@pytest.mark.parametrize("no_color", [False, True])
@pytest.mark.parametrize("colours", sorted(COLOR_SYSTEMS))
def test_each_style_is_written_in_the_codes_rich_writes_for_the_terminal(
    colours: str, no_color: bool
) -> None:
    fitted = FittedTable([fit.Col("name", "指标"), fit.Col("n", "实际", 1, "right")])
    for style in STYLE_NAMES:
        fitted.add({"name": Styled(f"指标 {style}", style), "n": Styled("12个", style)})
    forget_rendered_styles()
    text = fitted.text(120, colours, no_color)
    assert text is not None
    assert text == shown_by_rich(fitted, 120, colours, no_color)


@pytest.mark.parametrize("no_color", [False, True])
@pytest.mark.parametrize("colours", sorted(COLOR_SYSTEMS))
@settings(max_examples=150, deadline=None)
@given(
    table=TABLES,
    titles=TITLES,
    width=st.integers(min_value=20, max_value=200),
    cut_names=st.booleans(),
)
def test_a_table_worked_out_for_a_terminal_is_the_one_rich_prints_to_it(
    table: tuple, titles: dict, width: int, colours: str, no_color: bool, cut_names: bool
) -> None:
    """A table of text as written is worked out for a terminal without Rich's console: the
    same characters in the same ANSI codes as Rich's console prints — or nothing, and Rich's
    console prints it."""
    fitted = table_maker(table, titles, cut_names)
    forget_rendered_styles()
    text = fitted().text(width, colours, no_color)
    if text is not None:
        assert text == shown_by_rich(fitted(), width, colours, no_color)
    else:
        assert not fitted().text(width)  # no more left to Rich on a terminal than piped


@settings(max_examples=300, deadline=None)
@given(text=SENTENCES, width=st.integers(1, 200))
def test_a_sentence_worked_out_for_a_terminal_is_the_one_rich_prints_to_it(
    text: str, width: int
) -> None:
    """Wrapped as Rich wraps it, each line as Rich leaves it (a space where it broke)."""
    out = io.StringIO()
    terminal_console(out, width, "truecolor", False).print(text)
    shown = fit.sentence_text(text, width, trim=False)
    assert (shown is not None) == shown_as_text(text)
    if shown is not None:
        assert shown == out.getvalue()


@pytest.mark.parametrize("no_color", [False, True])
@pytest.mark.parametrize("colours", sorted(COLOR_SYSTEMS))
@settings(max_examples=100, deadline=None)
@given(
    title=SENTENCES,
    caption=SENTENCES,
    names=st.lists(st.text("指标ab ", max_size=12), max_size=4),
    width=st.integers(min_value=20, max_value=200),
)
def test_a_title_and_caption_worked_out_for_a_terminal_are_what_rich_prints(
    title: str, caption: str, names: list[str], width: int, colours: str, no_color: bool
) -> None:
    """A title or caption wider than its table: wrapped and centred as Rich's Table does it,
    each line padded to the table's width in the title's or caption's style."""

    def fitted() -> FittedTable:
        made = FittedTable(
            [fit.Col("a", "指标", flexible=True), fit.Col("b", "实际", 1, "right")],
            options={"title": title, "caption": caption},
        )
        for name in names:
            made.add({"a": Styled(name.strip(), "bold"), "b": "12个"})
        return made

    forget_rendered_styles()
    text = fitted().text(width, colours, no_color)
    assert (text is not None) == all(shown_as_text(x) and ":" not in x for x in (title, caption))
    if text is not None:
        assert text == shown_by_rich(fitted(), width, colours, no_color)


def test_the_status_table_of_a_terminal_is_in_its_styles() -> None:
    table = FittedTable(
        [fit.Col("a", "甲"), fit.Col("b", "乙", 1, "right")], options={"title": "表"}
    )
    table.add({"a": fit.Styled("指标", "bold red"), "b": "12个"})
    forget_rendered_styles()
    assert table.text(40, "256") == (
        "\x1b[3m    表     \x1b[0m\n"
        "\x1b[1m甲  \x1b[0m\x1b[1m \x1b[0m \x1b[1m \x1b[0m\x1b[1m  乙\x1b[0m\n"
        + "─" * 11
        + "\n\x1b[1;31m指标\x1b[0m   12个\n"
    )
    forget_rendered_styles()
    assert "31" not in (table.text(40, "256", no_color=True) or "31")  # bold, no red
    table.add({"a": Styled("链接", "link https://example.com")})  # Rich gives it an id
    assert table.text(40, "256") is None
    assert table.text(40) is not None  # piped, a link shows nothing
    table.add({"a": "[b]x[/b]"})  # markup: Rich's to read
    assert table.text(40) is None


class FakeTerminal(io.StringIO):
    def __init__(self, encoding: str = "utf-8") -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return True


TERMS = [None, "", "xterm", "xterm-256color", " XTERM-256COLOR ", "xterm-kitty", "rxvt-16color"]
TERMS += ["screen-truecolor", "dumb", "unknown", "DUMB", "linux"]
ENV = {
    "COLUMNS": st.sampled_from([None, "", "0", "57", "133", "x80"]),
    "LINES": st.sampled_from([None, "", "40"]),
    "TERM": st.sampled_from(TERMS),
    "COLORTERM": st.sampled_from([None, "", "truecolor", "24bit", " TrueColor", "yes"]),
    "NO_COLOR": st.sampled_from([None, "", "1"]),
    "FORCE_COLOR": st.sampled_from([None, "", "1", "0"]),
    "TTY_COMPATIBLE": st.sampled_from([None, "", "0", "1", "2"]),
}


@settings(max_examples=400, deadline=None)
@given(
    env=st.fixed_dictionaries(ENV),
    no_color=st.booleans(),
    sizes=st.lists(st.sampled_from([None, 0, 64, 150]), min_size=3, max_size=3),
    encoding=st.sampled_from(["utf-8", "UTF-8", "gbk", "ascii"]),
)
def test_a_terminal_is_as_wide_and_as_colourful_as_rich_decides(
    env: dict[str, str | None], no_color: bool, sizes: list[int | None], encoding: str
) -> None:
    """Whatever the environment says (and whatever stdin, stdout and stderr report as their
    size), the terminal a table is worked out for is the one Rich's console would draw on:
    its width, colour system and no_color; or none, and Rich's console draws."""

    def terminal_size(descriptor: int) -> os.terminal_size:
        size = sizes[descriptor]
        if size is None:
            raise OSError("not a terminal")
        return os.terminal_size((size, 30))

    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            if value is None:
                patch.delenv(name, raising=False)
            else:
                patch.setenv(name, value)
        patch.setattr(sys, "stdout", FakeTerminal(encoding))
        patch.setattr(os, "get_terminal_size", terminal_size)
        screen = output.terminal_screen(no_color)
        console = output.make_console(no_color)
        if screen is None:
            assert (
                not console.is_terminal
                or console.is_dumb_terminal
                or not console.encoding.startswith("utf")
            )
            return
        assert console.is_terminal and console.color_system is not None
        assert console.encoding.startswith("utf")
        assert screen.width == console.width
        assert screen.colours is not None
        assert COLOR_SYSTEMS[screen.colours] == console._color_system
        assert screen.no_color == console.no_color


def test_a_pipe_is_no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich draws in colour: to a pipe, its own way
    assert output.terminal_screen() is None


RICH = (
    "import sys; import kpitrack.cli.app as app; app.terminal_screen = lambda no_color: None; "
    "from kpitrack.cli import main; sys.argv[0] = 'kpi'; main()"
)


def quiet_environment() -> dict[str, str]:
    """The test's environment without what says how to draw: each test says it."""
    said = ("TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "LINES")
    return {name: value for name, value in os.environ.items() if name not in said}


def on_a_terminal(folder: Path, code: str, env: dict[str, str], *args: str) -> tuple[bytes, str]:
    """What a kpi process writes to a pseudo-terminal, and to stderr; read as it writes (a
    terminal holds only so much unread)."""
    leader, follower = pty.openpty()
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", code, *args],
                cwd=folder,
                env={**quiet_environment(), "PYTHONPATH": str(SRC), **env},
                stdin=follower,
                stdout=follower,
                stderr=errors,
            )
            os.close(follower)
            follower = -1
            written = b""
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the process has gone, and the terminal with it
                    break
                if not chunk:
                    break
                written += chunk
            assert process.wait(timeout=60) == 0
        finally:
            os.close(leader)
            if follower >= 0:
                os.close(follower)
        errors.seek(0)
        return written, errors.read().decode()


TERMINALS = [
    {"TERM": "xterm-256color", "COLUMNS": "120"},
    {"TERM": "xterm", "COLUMNS": "80"},
    {"TERM": "xterm", "COLORTERM": "truecolor", "COLUMNS": "200"},
    {"TERM": "xterm-256color", "COLUMNS": "60", "NO_COLOR": "1"},
    {"TERM": "xterm-256color", "COLUMNS": "40"},
    {"TERM": "xterm-256color", "COLUMNS": "50", "KPI_LANG": "en"},
    {"TERM": "xterm", "COLUMNS": "70"},
    {"TERM": "xterm", "COLORTERM": "truecolor", "COLUMNS": "80", "KPI_LANG": "en"},
    {"TERM": "xterm-256color", "COLUMNS": "90"},
    {"TERM": "xterm-256color", "COLUMNS": "100", "KPI_LANG": "en"},
    {"TERM": "dumb", "COLUMNS": "120"},
]


@pytest.mark.parametrize("env", TERMINALS, ids=lambda env: "-".join(env.values()))
def test_kpi_status_on_a_terminal_is_what_rich_writes_to_it(
    logged: Invoke, workdir: Path, env: dict[str, str]
) -> None:
    """A real kpi process on a pseudo-terminal: the bytes it writes, and Rich's console's."""
    args = ["status", "--as-of", "2024-07-10"]
    env = {"KPI_LANG": "zh", **env}
    for more in ([], ["--no-color"]):
        worked_out, errors = on_a_terminal(workdir, PROBE, env, *args, *more)
        drawn, _ = on_a_terminal(workdir, RICH, env, *args, *more)
        # Rich's console draws on a dumb terminal only: a caption or a sentence that wraps
        # is drawn as Rich's console wraps it
        assert ("rich.console" in modules_in(errors)) == (env["TERM"] == "dumb")
        assert b"\x1b[" in drawn or env["TERM"] == "dumb" or "NO_COLOR" in env or more
        assert worked_out == drawn


def modules_in(errors: str) -> list[str]:
    return next(x for x in errors.splitlines() if x.startswith("MODULES ")).split()


@pytest.mark.parametrize("columns", [None, "80", "40"])
def test_kpi_status_on_a_terminal_does_without_richs_console(
    logged: Invoke, workdir: Path, columns: str | None
) -> None:
    """Also on a classic 80-column terminal, where the caption wraps."""
    env = {"TERM": "xterm-256color", **({"COLUMNS": columns} if columns else {})}
    written, errors = on_a_terminal(workdir, PROBE, env, "status")
    assert b"\x1b[" in written
    assert "rich.console" not in modules_in(errors)
