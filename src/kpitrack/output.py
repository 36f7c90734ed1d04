"""Where output goes: one Rich console per run, plain when piped, colourless on request.

Data goes to stdout, messages to stderr. Rich already drops ANSI codes when stdout is not a
terminal and honours NO_COLOR; ``--no-color`` adds the explicit switch. When piped, the width
is taken from COLUMNS or set wide, so tables are not folded to 80 columns in a file.
"""

from __future__ import annotations

import builtins
import os
import re
import sys
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any, NamedTuple, TextIO, cast

if TYPE_CHECKING:
    from rich.console import Console

PIPED_WIDTH = 200

# Rows of each list a person reads (table, Markdown) unless --all; JSON and CSV list all. Here,
# not beside the summary's renderers, so the command's help can say it without importing them.
LISTED = 50


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


# Glyphs a legacy Chinese console's encoding (GBK, code page 936) lacks, drawn with ones it has.
LOOKALIKES = {"░": "-", "↳": "└", "⚪": "○", "🔴": "●", "🟡": "●", "🟢": "●", "−": "-"}


def _lookalike(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(LOOKALIKES.get(char, "?") for char in text), error.end


def speak_the_console(*streams: TextIO) -> None:
    """On a console whose encoding writes Chinese but not every glyph (GBK on a Chinese
    Windows), draw the few missing glyphs — a progress bar's ░, a traffic light — with
    look-alikes instead of failing. An encoding that cannot write Chinese at all (ASCII) is
    left to fail: a table of question marks would be wrong without a word."""
    import codecs

    codecs.register_error("kpitrack-lookalike", _lookalike)
    for stream in streams:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "序时进度".encode(encoding)
            "░".encode(encoding)
        except UnicodeEncodeError as missing:
            if missing.object != "░":
                continue  # no Chinese at all: the write fails and says so
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="kpitrack-lookalike")
        except LookupError:
            continue


def write_data(text: str) -> None:
    """JSON, CSV and Markdown are files' formats: always UTF-8, whatever the console's
    encoding (a GBK pipe on a Chinese Windows would otherwise turn a name it lacks into an
    error, and its newline translation would double CSV's \\r\\n)."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    buffer = getattr(stream, "buffer", None)
    if buffer is None or encoding in ("utf-8", "utf8"):
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def trimmed(stream: IO[str]) -> IO[str]:
    """``stream`` with no spaces left at its lines' ends when it is not a terminal."""
    return stream if stream.isatty() else cast(IO[str], _Trimming(stream))


class _Trimming:
    """A piped stream whose lines end at their last character: Rich leaves a space where it
    wraps a long sentence, and a file or a diff should not carry it (tables trim their own
    padding, see render.fit)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(_LINE_END_SPACES.sub("\n", text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


_LINE_END_SPACES = re.compile(r" +\n")


def make_console(no_color: bool = False, stderr: bool = False) -> Console:
    from rich.console import Console  # here: JSON, CSV and markdown go out without Rich

    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    width = None
    if not terminal:
        width = (
            int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else PIPED_WIDTH
        )
        stream = trimmed(stream)
    console = Console(
        file=stream,
        no_color=no_color or None,
        highlight=False,
        width=width,
        soft_wrap=False,
        emoji=False,
    )
    console.on_broken_pipe = _reader_gone  # type: ignore[method-assign]
    return console


def _reader_gone() -> None:
    """Rich ends a run whose reader has gone (``kpi status | head``) with exit code 1, which
    is --fail-on's; the CLI tells a broken pipe as every command does: quietly, exit 0."""
    raise BrokenPipeError


def piped_width() -> int | None:
    """The width of the console ``make_console`` would make, when that console would write
    plain text to a pipe or a file: stdout is not a terminal, and nothing Rich reads says it
    is one (FORCE_COLOR, TTY_COMPATIBLE, a notebook) or makes it draw otherwise (a legacy
    Windows console, an encoding other than UTF-8). Then a table of plain text can be
    written without importing Rich's console (see ``write_piped``); None otherwise."""
    if sys.platform == "win32" or "get_ipython" in vars(builtins):
        return None
    environ = os.environ
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible == "1" or (compatible != "0" and environ.get("FORCE_COLOR")):
        return None
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower()
    try:
        if stream.isatty() or not encoding.startswith("utf"):
            return None
    except ValueError:  # closed: left to Rich's console, as before
        return None
    columns = environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else PIPED_WIDTH


class Screen(NamedTuple):
    """What the console ``make_console`` would make draws on, when a report can be drawn
    for it without Rich's console: a pipe (no colours: plain text, lines trimmed) or a
    terminal of that width and colour system (Rich's name for it)."""

    width: int
    colours: str | None = None
    no_color: bool = False


def terminal_screen(no_color: bool = False) -> Screen | None:
    """The width and colour system of the console ``make_console`` would make for a
    terminal, decided as Rich's console decides them (rich.console: ``is_terminal``,
    ``size``, ``_detect_color_system``), when stdout is a terminal Rich's console writes
    to with ANSI codes on a POSIX system: not Windows, not a notebook or IDLE, not a dumb
    terminal, nothing saying it is none (TTY_COMPATIBLE=0, FORCE_COLOR set empty), UTF-8.
    Then a report's table can be written without importing Rich's console (see
    ``write_piped``); None otherwise."""
    if sys.platform == "win32" or "get_ipython" in vars(builtins):
        return None
    if str(getattr(sys.stdin, "__module__", "")).startswith("idlelib"):
        return None
    environ = os.environ
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible == "0" or (compatible != "1" and environ.get("FORCE_COLOR") == ""):
        return None
    if environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return None  # no colours, 80 columns: Rich's
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower()
    try:
        if not stream.isatty() or not encoding.startswith("utf"):
            return None
    except ValueError:  # closed
        return None
    columns = environ.get("COLUMNS", "")
    if columns.isdigit():
        width = int(columns)
    else:
        width = 0
        for descriptor in (0, 1, 2):  # Rich asks stdin, stdout, stderr in turn
            try:
                width = os.get_terminal_size(descriptor).columns
            except (AttributeError, ValueError, OSError):
                continue
            break
        width = width or 80
    colour_term = environ.get("COLORTERM", "").strip().lower()
    if colour_term in ("truecolor", "24bit"):
        colours = "truecolor"
    else:
        term = environ.get("TERM", "").strip().lower()
        colours = _TERM_COLOURS.get(term.rpartition("-")[2], "standard")
    return Screen(width, colours, no_color or environ.get("NO_COLOR", "") != "")


_TERM_COLOURS = {"kitty": "256", "256color": "256", "16color": "standard"}


def write_piped(prints: list[str], trim: bool = True) -> None:
    """Write what Rich's console would write to a pipe (see ``piped_width``), or with
    ``trim`` off to a terminal (``terminal_screen``), as it writes: each print at once, a
    pipe's lines ending at their last character; a reader that has gone (``kpi status |
    head``) is told by the CLI as every command tells it (exit 0)."""
    stream = _Trimming(sys.stdout) if trim else sys.stdout
    for text in prints:
        stream.write(text)
        stream.flush()
