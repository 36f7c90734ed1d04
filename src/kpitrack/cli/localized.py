"""Help and Click's usage errors in the user's language, from the one message catalogue.

Typer draws help from the text each command and option carries, and Click words its own
errors in English inside a box. So the words are chosen when they are shown: the language is
read off the command line before Click parses it (``--lang`` comes after the command's name,
and ``--help`` may come before it), each command's and option's help is looked up in the
catalogue as the help is drawn — ``help.<command>``, ``help.<command>.<option>``, else
``help.opt.<option>`` — and a usage error is told as one sentence and where to look, exit 2.
A help text the catalogue lacks is shown as the code gives it; a test holds every command and
option to having one.

Placeholders stay the same in both languages — ``ID``, ``VALUE``, ``DATE`` — so an example
reads the same beside either: an argument is ``ID`` when required and ``[VALUE]`` when not, a
flag shows no placeholder, an option one word for what it takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

import typer
from typer._click import exceptions as click_errors
from typer.core import TyperArgument, TyperOption

from kpitrack.cli.coercion import QuickCommand
from kpitrack.messages import CATALOGUE, LANGUAGES, t

# What an option takes, by its name; any other takes its own name in capitals.
METAVARS: dict[str, str] = {
    **dict.fromkeys(("--date", "--as-of", "--since", "--until"), "DATE"),
    **dict.fromkeys(("--targets", "--merge", "--output"), "FILE"),
    **dict.fromkeys(("--note", "--source"), "TEXT"),
    "--db": "DB",
    "--by": "NAME",
    "--format": "FORMAT",
    "--fail-on": "CONDITION",
    "--lang": "zh|en",
    "--import": "N",
    "--what": "entries|status",
}
PANELS = ("reports", "recording", "files")  # help.panel.<name>: the groups kpi --help lists


def language_in(args: Sequence[str]) -> str | None:
    """The language ``--lang`` asks for anywhere on the command line, before Click reads it,
    so help asked for before it (``kpi log --help --lang zh``) is in it too."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        return value if value in LANGUAGES else None
    return None


class _Argument(TyperArgument):
    """An argument as the usage line and help name it: ``ID``, ``[VALUE]``, ``ENTRY...``."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")


def prepare(params: Sequence[Any]) -> None:
    """Give each parameter the placeholder it shows: none for a flag."""
    for param in params:
        if isinstance(param, TyperArgument):
            param.__class__ = _Argument
            if param.metavar is None:
                param.metavar = (param.name or "").upper()
        elif isinstance(param, TyperOption) and param.metavar is None:
            if param.is_flag or param.count:
                param.metavar = ""
            else:
                long = next((o for o in param.opts if o.startswith("--")), param.opts[0])
                param.metavar = METAVARS.get(long, (param.name or "").upper())


def help_text(command: str, param: str | None = None) -> str | None:
    keys = (f"help.{command}.{param}", f"help.opt.{param}") if param else (f"help.{command}",)
    for key in keys:
        if key in CATALOGUE:
            return t(key)
    return None


def localize(command: Any, ctx: Any) -> None:
    """Put the current language's help on ``command`` and its options, for drawing now."""
    from rich.markup import escape

    name = command.name or "kpi"
    text = help_text(name)
    if text is not None:
        command.help = escape(text)
        command.short_help = None
    panel = getattr(command, "_kpi_panel", None) or command.rich_help_panel
    if panel in PANELS:
        command._kpi_panel = panel
        command.rich_help_panel = t(f"help.panel.{panel}")
    for param in command.get_params(ctx):
        text = help_text(name, param.name)
        if text is not None:
            param.help = escape(text)


def dress_rich() -> None:
    """Typer's own words around the help (panel titles, [default: …]) in the language."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = t("help.panel.arguments")
    rich_utils.OPTIONS_PANEL_TITLE = t("help.panel.options")
    rich_utils.COMMANDS_PANEL_TITLE = t("help.panel.commands")
    rich_utils.ERRORS_PANEL_TITLE = t("usage.error")
    rich_utils.DEFAULT_STRING = t("help.default", value="{}")
    rich_utils.ENVVAR_STRING = t("help.envvar", name="{}")
    rich_utils.REQUIRED_LONG_STRING = t("help.required")


# Where a line may break in Chinese: before any Han character or kana, never before a
# closing mark (，。）」…) nor after an opening one (（「), as well as at spaces.
_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_OPEN = "（「『【《〈“‘"
_CLOSE = "，。、；：！？）」』】》〉”’…—％"


@cache
def _breaks() -> re.Pattern[str]:
    """Compiled when help is drawn, not on every start (it takes 3 ms)."""
    return re.compile(
        rf"\s*(?:[{_OPEN}]*(?:[{_HAN}]|[^\s{_HAN}{_OPEN}{_CLOSE}]+)[{_CLOSE}]*|[{_OPEN}]+|[{_CLOSE}]+)\s*"
    )


@contextmanager
def chinese_breaks() -> Iterator[None]:
    """Rich breaks lines at spaces only, so a sentence in Chinese — one "word" to it — is cut
    with an ellipsis or pushed whole to the next line; while help is drawn, it may break
    between characters as Chinese is set. Tables elsewhere keep Rich's own breaking."""
    from rich import text

    own = text.divide_line  # type: ignore[attr-defined]
    text.divide_line = _divide_line  # type: ignore[attr-defined]
    try:
        yield
    finally:
        text.divide_line = own  # type: ignore[attr-defined]


@contextmanager
def piped_help_trimmed() -> Iterator[None]:
    """Typer draws help on a Console of its own, which pads every line to the width: piped
    (a file, a pager, ``| cat``), its lines end at their last character, as reports' do."""
    from typer import rich_utils

    from kpitrack.output import trimmed

    own = rich_utils._get_rich_console

    def console(stderr: bool = False) -> Any:
        made = own(stderr)
        made.file = trimmed(made.file)
        return made

    rich_utils._get_rich_console = console
    try:
        yield
    finally:
        rich_utils._get_rich_console = own


def _divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Rich's ``divide_line`` with Chinese breaks; a word fits with the space after it, as
    Rich trims a line's end by characters, not by cells, and would cut a full line with "…"."""
    from rich.cells import cell_len, chop_cells

    breaks: list[int] = []
    offset = 0
    for match in _breaks().finditer(text):
        start, word = match.start(), match.group()
        length = cell_len(word.rstrip())
        if offset + cell_len(word) <= width or (
            offset + length <= width and match.end() == len(text)
        ):
            offset += cell_len(word)
        elif length > width and fold:
            *full, last = chop_cells(word, width)
            for piece in full:
                if start:
                    breaks.append(start)
                start += len(piece)
            if start:
                breaks.append(start)
            offset = cell_len(last)
        else:
            if offset and start:
                breaks.append(start)
            offset = cell_len(word)
    return breaks


def usage_line(command: Any, ctx: Any, formatter: Any) -> None:
    """``Usage: kpi log [OPTIONS] ID [VALUE]``, its words in the language."""
    words = {"[OPTIONS]": t("usage.options"), "COMMAND [ARGS]...": t("usage.command")}
    pieces = [words.get(piece, piece) for piece in command.collect_usage_pieces(ctx)]
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=t("usage.usage"))


class LocalCommand(QuickCommand):
    """A command whose help and usage line are drawn in the user's language."""

    def __init__(self, *args: Any, **attrs: Any) -> None:
        super().__init__(*args, **attrs)
        prepare(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            prepare([option])
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        usage_line(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        dress_rich()
        localize(self, ctx)
        with chinese_breaks(), piped_help_trimmed():
            super().format_help(ctx, formatter)


@contextmanager
def usage_told() -> Iterator[None]:
    """A usage error Click raises becomes one sentence in the language on stderr, exit 2."""
    try:
        yield
    except click_errors.NoArgsIsHelpError:
        raise
    except click_errors.UsageError as error:
        from kpitrack.cli.app import say

        say(told_usage(error))
        raise typer.Exit(error.exit_code) from None


def told_usage(error: Any) -> str:
    """What ``error`` means, then the usage line and where to read more."""
    ctx = error.ctx
    lines = [_sentence(error)]
    if ctx is not None:
        if ctx.parent is not None:
            lines.append(ctx.get_usage())
        lines.append(t("usage.try_help", command=ctx.command_path))
    return "\n".join(lines)


def _sentence(error: Any) -> str:
    ctx, message = error.ctx, str(error.message)
    command = ctx.command_path if ctx is not None else "kpi"
    if isinstance(error, click_errors.NoSuchOption):
        said = t("usage.no_such_option", command=command, name=error.option_name)
        return said + _did_you_mean(list(error.possibilities or ()))  # nearest first
    if isinstance(error, click_errors.MissingParameter):
        param = error.param
        if param is not None and param.param_type_name == "argument":
            return t("usage.missing_argument", name=param.display_name_raw)
        return t("usage.missing_option", name=_hint(error))
    if isinstance(error, click_errors.BadParameter):
        return _bad_value(error)
    if isinstance(error, click_errors.BadOptionUsage):
        key = "usage.takes_no_value" if "does not take" in message else "usage.requires_value"
        return t(key, name=error.option_name)
    typo = re.match(r"No such command '(.*?)'", message)
    if typo and ctx is not None:
        import difflib  # only for a mistyped command

        names = ctx.command.list_commands(ctx)
        said = t("usage.no_such_command", name=typo.group(1))
        return said + _did_you_mean(difflib.get_close_matches(typo.group(1), names))
    extra = re.match(r"Got unexpected extra argument\(s\) \((.*)\)", message)
    if extra:
        return t("usage.extra_arguments", args=extra.group(1))
    if message.startswith("Missing command"):
        return t("usage.missing_command")
    return str(error.format_message())


def _did_you_mean(names: Sequence[str]) -> str:
    if not names:
        return ""
    *first, last = names
    if first:  # "--area、--bom 或 --db": a space keeps an option's name off the word after it
        last = t("usage.either", first=t("usage.list_separator").join(first), last=last)
    return t("usage.did_you_mean", names=last)


def _hint(error: Any) -> str:
    param = error.param
    if error.param_hint is not None:
        hint = error.param_hint
        return hint if isinstance(hint, str) else " / ".join(hint)
    if param is None:
        return ""
    if param.param_type_name == "argument":
        return str(param.display_name_raw)
    return str(param.opts[0])


def _bad_value(error: Any) -> str:
    param, message = error.param, str(error.message)
    name = _hint(error)
    quoted = re.search(r"'(.*?)' is not", message)
    value = quoted.group(1) if quoted else None
    choices = _choices(param)
    if value is not None and choices:
        listed = t("usage.list_separator").join(choices)
        return t("usage.bad_choice", name=name, value=value, choices=listed)
    if "integer" in message:
        return t("usage.bad_number", name=name)
    return t("usage.bad_value", name=name, reason=message)


def _choices(param: Any) -> list[str]:
    if param is None:
        return []
    if param.name == "lang":
        return list(LANGUAGES)
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not descriptor.is_choice:
        return []
    return [str(getattr(choice, "value", choice)) for choice in descriptor.choices or ()]
