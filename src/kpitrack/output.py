"""Where output goes: one Rich console per run, plain when piped, colourless on request.

Data goes to stdout, messages to stderr. Rich already drops ANSI codes when stdout is not a
terminal and honours NO_COLOR; ``--no-color`` adds the explicit switch. When piped, the width
is taken from COLUMNS or set wide, so tables are not folded to 80 columns in a file.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING

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


def make_console(no_color: bool = False, stderr: bool = False) -> Console:
    from rich.console import Console  # here: JSON, CSV and markdown go out without Rich

    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    width = None
    if not terminal:
        width = (
            int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else PIPED_WIDTH
        )
    return Console(
        file=stream,
        no_color=no_color or None,
        highlight=False,
        width=width,
        soft_wrap=False,
        emoji=False,
    )
