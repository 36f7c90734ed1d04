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
from typing import IO, TYPE_CHECKING, Any, TextIO, cast

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


def write_piped(prints: list[str]) -> None:
    """Write what Rich's console would write to a pipe (see ``piped_width``), as it writes:
    each print at once, lines ending at their last character; a reader that has gone
    (``kpi status | head``) is told by the CLI as every command tells it (exit 0)."""
    stream = _Trimming(sys.stdout)
    for text in prints:
        stream.write(text)
        stream.flush()
