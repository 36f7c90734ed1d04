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
from kpitrack.cli import settled_imports
from kpitrack.cli.coercion import quicken
from kpitrack.cli.localized import (  # help and usage errors in the language (issue 14)
    LocalCommand,
    chinese_breaks,
    dress_rich,
    language_in,
    localize,
    piped_help_trimmed,
    prepare,
    usage_line,
    usage_told,
)
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
from kpitrack.output import (
    Format,
    Screen,
    make_console,
    piped_width,
    terminal_screen,
    write_data,
    write_piped,
)

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
        prepare(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        quicken([option])
        prepare([option])
        return option

    # -- help and usage errors in the user's language (issue 14): the language is read off
    # the command line before Click parses it, each run afresh (CliRunner runs many in one
    # process); help is put in it as it is drawn; Click's usage errors are told in it.
    def main(self, *args: Any, **extra: Any) -> Any:
        given = extra.get("args", args[0] if args else None)
        set_language(language_in(sys.argv[1:] if given is None else list(given)))
        return super().main(*args, **extra)

    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        with usage_told():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        with usage_told():
            return super().invoke(ctx)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        usage_line(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        dress_rich()
        localize(self, ctx)
        for name in self.list_commands(ctx):
            localize(self.get_command(ctx, name), ctx)
        with chinese_breaks(), piped_help_trimmed():
            super().format_help(ctx, formatter)

    # -- end of issue 14's block

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        # a module imported before the group was built (by a test, or a program using
        # kpitrack) has its command built as Typer's plain one, without the catalogue's help
        if cmd_name in COMMANDS and not isinstance(self.commands.get(cmd_name), LocalCommand):
            self._load(cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in COMMANDS:
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def _load(self, cmd_name: str) -> None:
        with settled_imports():
            importlib.import_module(COMMANDS[cmd_name])
        for info in app.registered_commands:  # all of them: a later group builds them at once
            if info.cls in (None, TyperCommand):
                info.cls = LocalCommand
        for info in app.registered_commands:
            assert info.callback is not None
            name = info.name or typer.main.get_command_name(info.callback.__name__)
            if name == cmd_name:
                command = typer.main.get_command_from_info(
                    info,
                    pretty_exceptions_short=app.pretty_exceptions_short,
                    rich_markup_mode=self.rich_markup_mode,
                )
                self.commands[name] = command
                return


# Help and option help are the catalogue's help.* keys, put on as help is drawn (issue 14).
app = typer.Typer(
    name="kpi",
    cls=LazyGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# The panels kpi --help groups commands in: help.panel.<name> in the catalogue (issue 14).
REPORT = "reports"
RECORD = "recording"
SETUP = "files"

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
        if value not in LANGUAGES:  # told as a choice (cli.localized)
            raise typer.BadParameter(f"'{value}' is not one of 'zh', 'en'.")
        set_language(value)
    return value


TargetsOption = Annotated[
    Path | None,
    typer.Option(
        "--targets",
        envvar="KPI_TARGETS",
        show_default=False,
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="KPI_DB",
        show_default=False,
    ),
]
ScopeOption = Annotated[
    str | None,
    typer.Option(
        "--scope",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
    ),
]
BomOption = Annotated[
    bool,
    typer.Option("--bom"),
]
NoColorOption = Annotated[bool, typer.Option("--no-color")]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        callback=_language,
        is_eager=True,
        show_default=False,
    ),
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        show_default=False,
    ),
]
AreaOption = Annotated[
    str | None,
    typer.Option(
        "--area",
        show_default=False,
    ),
]
FailOnOption = Annotated[
    list[FailOn] | None,
    typer.Option(
        "--fail-on",
        case_sensitive=False,
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", show_default=False),
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
    drawn: Callable[[Screen], list[str] | None] | None = None,
) -> None:
    """One switch for every report: data goes to stdout in the format asked for. ``drawn``
    is what ``table`` prints, print by print, to that screen (a pipe or a terminal), when it
    can be had without Rich's console (None otherwise): output.piped_width and
    output.terminal_screen say when a pipe or a terminal shows it."""
    from kpitrack.render.status_json import dumps

    with one_language():  # looked up once for the report's thousands of phrases
        if output is Format.TABLE:
            prints = shown = None
            if drawn is not None:
                width = piped_width()
                shown = Screen(width) if width is not None else terminal_screen(no_color)
                prints = drawn(shown) if shown is not None else None
            if prints is not None and shown is not None:
                write_piped(prints, trim=shown.colours is None)
            else:
                table(make_console(no_color))
        elif output is Format.JSON:
            write_data(dumps(json()) + "\n")
        elif output is Format.CSV:
            write_data(csv())
        else:
            write_data(markdown() + "\n")


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
        typer.Option("--version", callback=_version, is_eager=True),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Options that come before the command."""


NoteOption = Annotated[str | None, typer.Option("--note")]
ByOption = Annotated[
    str | None,
    typer.Option("--by", show_default=False),
]
SourceOption = Annotated[
    str | None,
    typer.Option("--source"),
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", show_default=False),
]


EntryArgument = Annotated[int, typer.Argument(metavar="ENTRY")]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
    ),
]
