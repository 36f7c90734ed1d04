"""Text as kpitrack takes it in and writes it out: one rule on invisible characters, and
spreadsheet cells that never run as formulas.

**Control characters** (U+0000–U+001F, U+007F and the C1 range U+0080–U+009F) are refused,
with one sentence naming the field, wherever text comes in: ``--note``, ``--by``,
``--source``, ``--key``, a value, and every cell of an imported sheet or of ``kpi log -``.
Nobody types them; they come with a paste, and once stored they can move a terminal's cursor
or recolour its text (ESC), and Excel cannot hold most of them, so an ``.xlsx`` export would
fail for good. A note is the one text that may span lines: it keeps TAB and line breaks (a
cell's Alt+Enter), with CR LF and a lone CR stored as LF. Lone surrogates are what Python
makes of bytes that are not UTF-8 (an argument or a file name in GBK): they are refused as
not UTF-8, since SQLite could not store them.

**Writing** a spreadsheet, text that Excel or WPS would run as a formula — starting with
``=``, ``+``, ``-``, ``@``, TAB or CR (the OWASP rule) — gets a leading apostrophe, which
``kpi import`` removes again; numbers are written as numbers and never touched. A character
an older kpitrack let into the database is written as U+FFFD, so the export never fails and
imports again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from kpitrack.errors import KpiError

# A field's name, or what gives it: named only for a refusal, so an import's million clean
# cells never pay for a translation.
FieldName = str | Callable[[], str]


# C0 controls, DEL, C1 controls; lone surrogates (undecodable bytes) separately. Compiled when
# first used: every command checks its arguments, with no pattern (see ``undecodable``).
@cache
def _control() -> re.Pattern[str]:
    return re.compile(r"[\x00-\x1f\x7f-\x9f]")


@cache
def _note_control() -> re.Pattern[str]:
    return re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # TAB, LF and CR are a note's


@cache
def _surrogate() -> re.Pattern[str]:
    return re.compile(r"[\ud800-\udfff]")


@cache
def _line_break() -> re.Pattern[str]:
    return re.compile(r"\r\n?")


RISKY = ("=", "+", "-", "@", "\t", "\r")


@cache
def _neutralised() -> re.Pattern[str]:
    return re.compile(r"^'(?=[=+\-@\t\r])")


REPLACEMENT = "\ufffd"


def first_control(text: str) -> str | None:
    """The first control character a note may not hold (TAB and line breaks it may), as
    U+XXXX, or None: what targets.yaml's texts are held to."""
    found = _note_control().search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def checked_line(text: str, field: FieldName) -> str:
    """One line of text (a value, a name, an author, a source, a key), or one refusal."""
    _refuse(text, field, _control())
    return text


def checked_note(text: str, field: FieldName) -> str:
    """A note: TAB and line breaks are kept (CR LF and CR become LF); other controls refused."""
    _refuse(text, field, _note_control())
    return _line_break().sub("\n", text)


def _refuse(text: str, field: FieldName, control: re.Pattern[str]) -> None:
    if text.isprintable():  # the clean cell, nearly every one: no search at all
        return
    if _surrogate().search(text):
        raise KpiError("text.not_utf8", field=_named(field))
    found = control.search(text)
    if found:
        raise KpiError("text.control", field=_named(field), code=f"U+{ord(found.group()):04X}")


def _named(field: FieldName) -> str:
    return field if isinstance(field, str) else field()


def undecodable(text: str) -> bool:
    """Bytes that were not UTF-8, as Python hands them over (surrogate-escaped): exactly the
    text UTF-8 cannot encode, found without a pattern (every command asks, at start)."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return True
    return False


def shown(text: str) -> str:
    """Text to quote in a message: control characters and undecodable bytes made visible."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"

    return re.sub(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]", escape, text)


# -- writing --------------------------------------------------------------------------------


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay."""
    if isinstance(value, str) and value.startswith(RISKY):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """'+3 -> +3: undo the apostrophe an export puts before text a spreadsheet would run."""
    return _neutralised().sub("", text.strip())


def cell_text(value: object, note: bool = False) -> object:
    """A value as a spreadsheet cell may hold it: characters kpitrack now refuses (and Excel
    cannot hold) replaced, then neutralised. ``note``: TAB and line breaks are kept, a CR
    written as LF, as a note is stored now (an .xlsx would turn it into LF anyway)."""
    if isinstance(value, str) and not value.isprintable():  # the printable: nothing to replace
        if note:
            value = _note_control().sub(REPLACEMENT, _line_break().sub("\n", value))
        else:
            value = _control().sub(REPLACEMENT, value)
        value = _surrogate().sub(REPLACEMENT, value)
    return neutralise(value)


# -- reading --------------------------------------------------------------------------------


def stdin_text(raw: bytes) -> str:
    """What ``kpi log -`` reads: UTF-8 (a byte-order mark is dropped), or one refusal naming
    the first line that is not. No other encoding is guessed at: a script's pipe is UTF-8,
    and a GBK sheet has ``kpi import``, which says which encoding it read."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise KpiError("text.stdin_not_utf8", line=line) from None


def refuse_undecodable(arguments: list[str]) -> None:
    """An argument that is not UTF-8 (Python hands it over surrogate-escaped) is refused
    before any command runs: SQLite cannot store it, and no message could quote it."""
    for argument in arguments:
        if undecodable(argument):
            raise KpiError("text.argument_not_utf8", shown=shown(argument))
