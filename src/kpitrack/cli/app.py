"""The ``kpi`` application and what its commands share: options, error handling, output.

Errors are translated here, once: their sentence goes to stderr and the exit code says whose
they are (:mod:`kpitrack.faults`): 2 the input, 3 the environment, 70 kpitrack itself. Exit
code 1 is kept for the conditions a caller asks to fail on (``--fail-on``).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from kpitrack import __version__
from kpitrack.cli.coercion import QuickCommand, quicken
from kpitrack.conditions import FailOn
from kpitrack.errors import AlreadyDone, KpiError
from kpitrack.faults import (
    EXIT_ENVIRONMENT,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_UNEXPECTED,
    environment_fault,
    unexpected,
)
from kpitrack.messages import LANGUAGES, one_language, set_language, t
from kpitrack.output import Format, make_console

if TYPE_CHECKING:
    from rich.console import Console

# Every command and the module that registers it, in the order ``kpi --help`` lists them. A
# command's module is imported when that command runs, not at start: one command's imports,
# not twenty-one's (issue 13). tests/test_startup.py holds this table to what the modules
# register.
COMMANDS: dict[str, str] = {
    **dict.fromkeys(("list", "status", "due", "summary", "history"), "kpitrack.cli.reports"),
    **dict.fromkeys(("report", "chart", "serve"), "kpitrack.cli.pages"),
    **dict.fromkeys(
        ("log", "import", "undo", "restore", "amend", "imports"), "kpitrack.cli.recording"
    ),
    **dict.fromkeys(
        ("init", "validate", "export", "copy", "backup", "extract"), "kpitrack.cli.files"
    ),
    "template": "kpitrack.cli.templates",
}


class LazyGroup(TyperGroup):
    """``kpi``'s commands, each built from its module the first time it is asked for.

    Help and a mistyped command (which suggests the nearest) need them all and load them all;
    a command run loads its own."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        quicken(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        quicken([option])
        return option

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self._load(cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in COMMANDS:
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def _load(self, cmd_name: str) -> None:
        importlib.import_module(COMMANDS[cmd_name])
        for info in app.registered_commands:
            assert info.callback is not None
            if info.cls in (None, TyperCommand):
                info.cls = QuickCommand
            name = info.name or typer.main.get_command_name(info.callback.__name__)
            if name == cmd_name:
                command = typer.main.get_command_from_info(
                    info,
                    pretty_exceptions_short=app.pretty_exceptions_short,
                    rich_markup_mode=self.rich_markup_mode,
                )
                self.commands[name] = command
                return


app = typer.Typer(
    name="kpi",
    cls=LazyGroup,
    help="Track a work report's indicators: targets in targets.yaml, actuals in SQLite, "
    "completion and pace (序时进度) in the terminal.\n\n"
    "Exit codes: 0 fine; 1 a condition asked for with --fail-on holds; 2 bad usage or input; "
    "3 the environment (database busy after waiting, disk full, read-only, damaged, "
    "permission); 70 an unexpected error, its details written to a file the message names.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

REPORT = "Reports (--format table|json|csv|markdown)"
RECORD = "Recording actuals"
SETUP = "Files"

P = ParamSpec("P")
R = TypeVar("R")


def on_purpose(error: BaseException) -> bool:
    """How a command ends on purpose (an exit code, a usage error): not an error to tell.

    Click's own exceptions count only if Click was imported — nothing raised one otherwise —
    so start-up does not pay for importing it (Typer from 0.28 carries its own copy)."""
    if isinstance(error, typer.Exit | typer.Abort):
        return True
    click = sys.modules.get("click")
    return click is not None and isinstance(
        error, click.exceptions.Exit | click.ClickException | click.Abort
    )


def _language(value: str | None) -> str | None:
    if value is not None:
        if value not in LANGUAGES:
            raise typer.BadParameter(f"{value} (zh, en)")
        set_language(value)
    return value


TargetsOption = Annotated[
    Path | None,
    typer.Option(
        "--targets",
        envvar="KPI_TARGETS",
        help="targets.yaml to use. Default: targets.yaml in this folder or the nearest above.",
        show_default=False,
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="KPI_DB",
        help="The database: a SQLite file, or a postgresql:// URL for a server. "
        "Default: kpi.db beside targets.yaml.",
        show_default=False,
    ),
]
ScopeOption = Annotated[
    str | None,
    typer.Option(
        "--scope",
        help="Only the indicators of one declaration (its scope: in targets.yaml, else default), "
        "in a database several targets.yaml files share. Default: all of them.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="table (for people), json, csv or markdown.",
    ),
]
BomOption = Annotated[
    bool,
    typer.Option("--bom", help="With --format csv: start with a UTF-8 byte-order mark, for Excel."),
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="No colour, even on a terminal (NO_COLOR works too).")
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        callback=_language,
        is_eager=True,
        help="Interface language: zh or en. Default: KPI_LANG, else the locale (zh unless en_*).",
        show_default=False,
    ),
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="Period to show: a year such as 2024, a period label, or 'all'. "
        "Default: the period under way, else the latest that has ended.",
        show_default=False,
    ),
]
AreaOption = Annotated[
    str | None,
    typer.Option(
        "--area",
        help="Only areas whose id is this, or whose name contains it (e.g. 民生).",
        show_default=False,
    ),
]
FailOnOption = Annotated[
    list[FailOn] | None,
    typer.Option(
        "--fail-on",
        case_sensitive=False,
        help="Exit with code 1 when this holds: behind (behind or far behind; a period that "
        "has ended is final, missed and never behind), far-behind, breached, due (a report "
        "overdue), missed (a period ended short of a target). Repeatable.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Report as things stood on this date. Default: today.", show_default=False
    ),
]


def as_of_day(value: str | None) -> date:
    """--as-of as given, or today."""
    if not value:
        return date.today()
    from kpitrack.recording import parse_day  # with the recording's checks: not for today

    return parse_day(value, "--as-of")


def friendly(command: Callable[P, R]) -> Callable[P, R]:
    """Every error becomes one sentence on stderr and an exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except BaseException as error:
            if on_purpose(error):
                raise
            code = told(error)
            raise typer.Exit(code) from None

    return wrapper


def told(error: BaseException) -> int:
    """Say ``error`` in one sentence on stderr; return the exit code it stands for."""
    if isinstance(error, BrokenPipeError):  # kpi status | head: the reader has all it wants
        _quiet_stdout()
        return 0
    if isinstance(error, AlreadyDone):
        say(str(error))
        return 0
    if isinstance(error, KeyboardInterrupt):
        say(t("fault.interrupted"))
        return EXIT_INTERRUPTED
    if isinstance(error, SystemExit):
        raise error
    fault = environment_fault(error)
    if fault is not None:
        say(str(fault))
        return EXIT_ENVIRONMENT
    if isinstance(error, KpiError):
        say(str(error))
        return EXIT_INPUT
    say(unexpected(error))
    return EXIT_UNEXPECTED


@contextmanager
def after_commit(key: str, /, **fields: object) -> Iterator[None]:
    """Around what a command does after its commit: a failure there cannot undo the write,
    so it is told with the write and the command succeeds — a script must not run it again
    (a retried increment would count twice)."""
    try:
        yield
    except Exception as error:
        if on_purpose(error):
            raise
        fault = environment_fault(error)
        if fault is not None:
            reason = str(fault)
        elif isinstance(error, KpiError):
            reason = str(error)
        else:
            reason = unexpected(error)
        say(t(key, reason=reason, **fields))
        raise typer.Exit(0) from None


def say(sentence: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr gone: the exit code still tells
        print(sentence, file=sys.stderr)


def _quiet_stdout() -> None:
    """Point stdout at nothing, so the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def emit(
    output: Format,
    no_color: bool,
    table: Callable[[Console], None],
    json: Callable[[], object],
    csv: Callable[[], str],
    markdown: Callable[[], str],
) -> None:
    """One switch for every report: data goes to stdout in the format asked for."""
    from kpitrack.render.status_json import dumps

    with one_language():  # looked up once for the report's thousands of phrases
        if output is Format.TABLE:
            table(make_console(no_color))
        elif output is Format.JSON:
            print(dumps(json()))
        elif output is Format.CSV:
            sys.stdout.write(csv())
        else:
            print(markdown())


def exit_if(conditions: list[FailOn] | None, held: list[FailOn]) -> None:
    if conditions and held:
        print(t("cli.failed_on", conditions=", ".join(c.value for c in held)), file=sys.stderr)
        raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        print(f"kpi {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Options that come before the command."""


NoteOption = Annotated[str | None, typer.Option("--note", help="Why, or what it covers.")]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by", help="Who reports it. Default: KPI_USER or the login name.", show_default=False
    ),
]
SourceOption = Annotated[
    str | None,
    typer.Option("--source", help="Where the figure comes from (a document, a meeting)."),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date", help="The date the figure is true for. Default: today.", show_default=False
    ),
]


EntryArgument = Annotated[int, typer.Argument(metavar="ENTRY", help="Entry number (kpi history).")]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Write a figure that looks wrong (a falling total, a jump, a stage going back): "
        "you confirm it, and the history shows it was confirmed.",
    ),
]
