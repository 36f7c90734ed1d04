"""Domain errors that carry the one sentence a user should read.

The core raises these with a message key and its fields; the CLI edge prints ``str(error)``
to stderr and exits 2 (3 for an :class:`EnvironmentFault`, 0 for :class:`AlreadyDone`). The
sentence is rendered when printed, in the language of the run, so every surface — the
terminal, a script, a test — shows the same words.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePath

from kpitrack.frozen import frozen
from kpitrack.messages import t

CLIP = 60  # characters of a person's value a sentence quotes
_UNSEEN = {"Cc", "Cf", "Zl", "Zp", "Cs"}  # controls, line breaks, invisible marks


def clip(value: object, limit: int = CLIP) -> str:
    """A value as a message quotes it: a 5,000-digit figure or a pasted page is cut, so the
    sentence stays one line a person can read."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(value: object) -> object:
    """A field as a sentence shows it: a line break, a control or an invisible character in a
    value a person typed is written as its escape (\\r, \\x01, \\u200b), so the sentence stays
    one line and says what is really there. Numbers and dates pass unchanged."""
    if not isinstance(value, (str, PurePath)):
        return value
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in _UNSEEN
        else char
        for char in str(value)
    )


def _shown(fields: dict[str, object]) -> dict[str, object]:
    return {name: one_line(value) for name, value in fields.items()}


class KpiError(Exception):
    """Bad input or bad usage: the user can fix it, so the message says how."""

    def __init__(self, key: str, /, **fields: object) -> None:
        self.key = key
        self.fields = fields
        super().__init__(key)

    def __str__(self) -> str:
        return t(self.key, **_shown(self.fields))


class QuantityError(KpiError):
    """A number or unit that cannot be read."""

    def __init__(self, key: str, /, **fields: object) -> None:
        quoted: dict[str, object] = {n: clip(fields[n]) for n in ("raw", "unit") if n in fields}
        super().__init__(key, **{**fields, **quoted})


class LogError(KpiError):
    """An entry that cannot be recorded as given."""


class StoreError(KpiError):
    """The database cannot be opened, or is not one kpitrack can use."""


class EnvironmentFault(KpiError):
    """The environment failed (busy, disk full, read-only, damaged, permission): exit 3."""


class AlreadyDone(KpiError):
    """Another process did what this one came to do (a key, an import, a void) while it
    waited its turn: the loser's wish holds, so it says so and exits 0."""


@frozen
class Problem:
    """One thing wrong in targets.yaml, located by line and by the key's path."""

    line: int
    where: str
    key: str
    fields: dict[str, object]

    def render(self, path: str) -> str:
        shown = one_line(f"{path}:{self.line}: {self.where}")
        return f"{shown}: {t(self.key, **_shown(self.fields))}"


class TargetsError(KpiError):
    """targets.yaml is broken; holds every problem found, so one run shows them all."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        super().__init__("targets.problems", path=path, count=len(problems))
        self.path = path
        self.problems = sorted(problems, key=lambda p: p.line)

    def __str__(self) -> str:
        lines = [p.render(self.path) for p in self.problems]
        if len(lines) == 1:
            return lines[0]
        return "\n".join([t(self.key, **_shown(self.fields)), *(f"  {line}" for line in lines)])
