"""The ``kpi`` command: Typer commands only, each parse → one core call → one renderer.

Nothing below this package knows about the terminal. Commands live by what they do; importing
them here registers them, reports first, so ``kpi --help`` lists them in that order.
"""

from __future__ import annotations

# isort: off
from kpitrack.cli import reports  # noqa: F401  (registers the commands)
from kpitrack.cli import pages  # noqa: F401
from kpitrack.cli import recording  # noqa: F401
from kpitrack.cli import files  # noqa: F401
from kpitrack.cli import templates  # noqa: F401

# isort: on
import sys

from kpitrack.cli.app import app, told
from kpitrack.output import speak_the_console
from kpitrack.plaintext import refuse_undecodable

__all__ = ["app", "main"]


def main() -> None:
    """The ``kpi`` console script: errors outside a command (Click's own parsing, a callback)
    are told as inside one, so no path prints a traceback."""
    sys.unraisablehook = _unraisable
    speak_the_console(sys.stdout, sys.stderr)
    try:
        refuse_undecodable(sys.argv[1:])  # before Click turns them into text it cannot print
        app()
    except SystemExit:
        raise
    except BaseException as error:
        raise SystemExit(told(error)) from None


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An error Python can only report while collecting garbage — a library's file that
    could not close on a full disk — is already told by the command that failed; its trace
    would be a second, frightening message."""
