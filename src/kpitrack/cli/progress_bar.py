"""A progress bar for long work (a copy of a whole database): rows done, rate, time left.

Shown only on a terminal: piped, redirected or with --quiet, nothing is drawn, so scripts
and logs get only the closing sentence.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from kpitrack.messages import t

Update = Callable[[int, int], None]


class RateColumn(ProgressColumn):
    """Rows a second, in the user's language."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else t("progress.rate", rate=f"{speed:,.0f}"))


@contextmanager
def progress_bar(description: str, quiet: bool = False) -> Iterator[Update | None]:
    if quiet or not sys.stderr.isatty():
        yield None
        return
    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update
