"""Options turned into values without pydantic when nothing needs converting.

Typer (from 0.28) converts every option's value through a pydantic ``TypeAdapter``, built the
first time the option is read, even when the value is None or already the right type; a
report that takes its defaults paid ~70 ms at start to import pydantic and build adapters
for values it passed through unchanged (issue 13). Here each option of a command gets a
converter that hands back a text given for a text option as it is, turns the name of a choice
into its member, and a path's text into a path with Typer's own checks; anything else — a
number, a list, a value that is wrong — goes to Typer's own conversion, built then, so what is
accepted and every message about what is not stay Typer's.

This leans on Typer's internals (``typer._coercion``); on a Typer without them nothing is
changed and options convert as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

from typer.core import TyperCommand

try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path
except ImportError:  # pragma: no cover - another Typer: its own conversion, as it is
    RuntimeParam = None  # type: ignore[assignment,misc]


class QuickCommand(TyperCommand):
    """A command whose options, ``--help`` among them, convert without pydantic when they can."""

    def __init__(self, *args: Any, **attrs: Any) -> None:
        super().__init__(*args, **attrs)
        quicken(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        quicken([option])
        return option


def quicken(params: Iterable[Any]) -> None:
    """Give each of ``params`` that Typer has yet to convert the quick converter."""
    if RuntimeParam is None:  # pragma: no cover
        return
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            descriptor = param.type_descriptor
            param._runtime_param = _Quick(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )


if RuntimeParam is not None:

    class _Quick(RuntimeParam):  # its fields, __init__ and freezing are RuntimeParam's
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            annotation, info = self.annotation, self.parameter_info
            if info.parser is None:
                if annotation is str and isinstance(value, str):
                    return value
                if isinstance(annotation, type) and issubclass(annotation, Enum):
                    if isinstance(value, annotation):
                        return value
                    try:
                        return coerce_cli_choice(
                            value,
                            choices=tuple(annotation),
                            case_sensitive=info.case_sensitive,
                            ctx=ctx,
                        )
                    except ValueError:
                        pass  # Typer's conversion says what is wrong, in its words
                if annotation is Path and info.path_type is None and isinstance(value, str):
                    # what pydantic makes of a text for a Path (Path(value)), then Typer's checks
                    return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
            typer_own = build_runtime_param(param.type_descriptor)
            param._runtime_param = typer_own
            return typer_own._coerce_value(value, param=param, ctx=ctx)
