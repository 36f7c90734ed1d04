"""The ``kpi`` command: Typer commands only, each parse → one core call → one renderer.

Nothing below this package knows about the terminal. Commands live by what they do; a
command's module is imported when it runs (``app.COMMANDS``), and ``kpi --help`` lists them
reports first.
"""

from __future__ import annotations

import gc
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kpitrack import __version__

__all__ = ["app", "main"]


class _Package(types.ModuleType):
    """``kpitrack.cli.app`` is the Typer application, imported when first asked for, so that
    ``kpi --version`` answers without Typer or Rich; it is also the name of the module that
    makes it, which the import system records here when that module is loaded — ignored, as
    the eager import that used to stand here overwrote it."""

    @property
    def app(self) -> Any:
        from kpitrack.cli.app import app

        return app

    @app.setter
    def app(self, module: Any) -> None:
        pass


sys.modules[__name__].__class__ = _Package


def main() -> None:
    """The ``kpi`` console script: errors outside a command (Click's own parsing, a callback)
    are told as inside one, so no path prints a traceback."""
    if sys.argv[1:] == ["--version"]:  # what the eager --version option says, sooner
        print(f"kpi {__version__}")
        return
    with settled_imports():
        from kpitrack.cli.app import app, told
        from kpitrack.output import speak_the_console
        from kpitrack.plaintext import refuse_undecodable

    sys.unraisablehook = _unraisable
    speak_the_console(sys.stdout, sys.stderr)
    try:
        refuse_undecodable(sys.argv[1:])  # before Click turns them into text it cannot print
        app()
    except SystemExit:
        raise
    except BaseException as error:
        raise SystemExit(told(error)) from None


@contextmanager
def settled_imports() -> Iterator[None]:
    """Modules are imported with the garbage collector paused, then set aside from it.

    Importing makes tens of thousands of objects that live as long as the process and hold
    no garbage, yet each makes the collector count towards a pass over all of them: about
    7 % of a ``kpi status``. ``gc.freeze()`` keeps them out of every later pass, which an
    import of a million rows is glad of too. A collector someone paused stays paused."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.freeze()
            gc.enable()


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An error Python can only report while collecting garbage — a library's file that
    could not close on a full disk — is already told by the command that failed; its trace
    would be a second, frightening message."""
