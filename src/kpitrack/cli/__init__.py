"""The ``kpi`` command: Typer commands only, each parse → one core call → one renderer.

Nothing below this package knows about the terminal. Commands live by what they do; importing
them here registers them, reports first, so ``kpi --help`` lists them in that order.
"""

# isort: off
from kpitrack.cli import reports  # noqa: F401  (registers the commands)
from kpitrack.cli import recording  # noqa: F401
from kpitrack.cli import files  # noqa: F401
from kpitrack.cli import templates  # noqa: F401

# isort: on
import sys

from kpitrack.cli.app import app
from kpitrack.errors import KpiError
from kpitrack.plaintext import refuse_undecodable

__all__ = ["app", "main"]


def main() -> None:
    try:
        refuse_undecodable(sys.argv[1:])
    except KpiError as error:
        print(str(error), file=sys.stderr)
        sys.exit(2)
    app()
