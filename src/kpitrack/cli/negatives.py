"""Negative figures as plain arguments: ``kpi log growth -2%`` without a ``--`` before it.

A growth rate falls below zero and a 下降 indicator is logged as a negative change every
cycle, yet Click reads any word that starts with ``-`` as an option and stops with "No such
option: -2". A word that reads as a negative number is never one of kpi's options (none is a
digit), so before Click parses, such words are moved behind a ``--`` in the order they came:
Click then takes them as the positional arguments they are. Words that are the value of an
option (``--note -2``) stay where they are, and so does everything after a ``--`` the user
wrote.
"""

from __future__ import annotations

import re
from typing import Any

from kpitrack.cli.localized import LocalCommand

NEGATIVE = re.compile(r"-[0-9.０-９．]")


def negatives_last(args: list[str], valued: set[str]) -> list[str]:
    """``args`` with each negative number that is not an option's value moved behind ``--``."""
    kept: list[str] = []
    moved: list[str] = []
    position = 0
    while position < len(args):
        word = args[position]
        if word == "--":
            if not moved:
                return args
            # The user's own positionals after -- come after the ones we moved, as typed.
            return [*kept, "--", *moved, *args[position + 1 :]]
        if word in valued:
            kept.extend(args[position : position + 2])
            position += 2
            continue
        if NEGATIVE.match(word) or (moved and (word == "-" or not word.startswith("-"))):
            # Positionals after a moved figure move with it, so their order is the user's.
            moved.append(word)
        else:
            kept.append(word)
        position += 1
    return [*kept, "--", *moved] if moved else kept


class NegativeValues(LocalCommand):
    """A command whose positional figures may be negative (its help and errors localized as
    every command's)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        valued = {
            name
            for param in self.params
            # Typer carries its own copy of Click, so options are told by their kind's name.
            if param.param_type_name == "option"
            and not getattr(param, "is_flag", False)
            and not getattr(param, "count", False)
            for name in (*param.opts, *param.secondary_opts)
        }
        return super().parse_args(ctx, negatives_last(args, valued))
