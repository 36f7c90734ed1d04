"""A progress bar for long work (a copy of a whole database): rows done, rate, time left.

Shown only on a terminal: piped, redirected or with --quiet, nothing is drawn, so scripts
and logs get only the closing sentence.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

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


class Update(Protocol):
    def __call__(self, done: int, total: int | None, description: str | None = None) -> None: ...


SHOWN_AFTER = 2.0  # seconds: work done sooner draws nothing, so quick commands stay quiet


class RateColumn(ProgressColumn):
    """Rows a second, in the user's language."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else t("progress.rate", rate=f"{speed:,.0f}"))


@contextmanager
def progress_bar(description: str, quiet: bool = False) -> Iterator[Update | None]:
    """An ``update(done, total)`` for the work to call, or None when nothing is drawn. The
    bar appears only once the work has taken :data:`SHOWN_AFTER` seconds; ``description``
    may change as the work goes from one stage to the next."""
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
    progress = Progress(*columns, console=console, transient=True)
    task = progress.add_task(description, total=None)
    started = time.monotonic()
    drawn = False

    def update(done: int, total: int | None, description: str | None = None) -> None:
        nonlocal drawn
        if description is not None:
            progress.reset(task, total=total, description=description)
        progress.update(task, completed=done, total=total)
        if not drawn and time.monotonic() - started >= SHOWN_AFTER:
            progress.start()
            drawn = True

    try:
        yield update
    finally:
        if drawn:
            progress.stop()
