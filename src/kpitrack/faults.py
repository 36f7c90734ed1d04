"""What went wrong around kpitrack, told as one sentence and an exit code scripts can trust.

Exit codes: 0 fine (a race lost to another process doing the same thing included), 1 only
for ``--fail-on``, 2 bad usage or input, 3 the environment (the database busy after waiting,
the disk full, a read-only or damaged file, a permission), 70 anything else — a defect of
kpitrack's, whose trace goes to a file the sentence names instead of the terminal.

Each storage engine sorts its own errors (``engine_fault`` in its adapter): a database error
is only known by the engine that raised it.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from kpitrack.errors import EnvironmentFault
from kpitrack.messages import t

EXIT_INPUT = 2
EXIT_ENVIRONMENT = 3
EXIT_UNEXPECTED = 70
EXIT_INTERRUPTED = 130

ENGINES = ("kpitrack.sqlite_store", "kpitrack.postgres_store")

_OS_FULL = {errno.ENOSPC, errno.EDQUOT}
_OS_READONLY = {errno.EROFS, errno.EACCES, errno.EPERM}

_database: Path | None = None


def working_on(path: Path | None) -> None:
    """Name the database a fault would be about: an engine's errors do not carry it."""
    global _database
    _database = path


def busy_seconds() -> float:
    """How long a writer waits for its turn: long enough for another's large import."""
    from kpitrack.errors import StoreError

    raw = os.environ.get("KPI_BUSY_TIMEOUT", "").strip()
    if not raw:
        return 60.0
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86400:
        raise StoreError("store.bad_timeout", value=raw)
    return seconds


def environment_fault(error: BaseException) -> EnvironmentFault | None:
    """The sentence for a fault of the machine, or None when the error is not one."""
    if isinstance(error, EnvironmentFault):
        return error
    where = _database if _database is not None else Path("kpi.db")
    for engine in ENGINES:  # only an engine that was loaded can have raised its errors
        module = sys.modules.get(engine)
        told: EnvironmentFault | None = (
            module.engine_fault(error, where) if module is not None else None
        )
        if told is not None:
            return told
    if isinstance(error, UnicodeEncodeError):  # an ASCII terminal, a pipe without UTF-8
        return EnvironmentFault("fault.encoding", encoding=error.encoding)
    if isinstance(error, MemoryError):
        return EnvironmentFault("fault.memory")
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        if not error.filename:  # a library's write (a zip inside an .xlsx) names no file
            if error.errno in _OS_FULL:
                return EnvironmentFault("fault.full_unnamed")
            return EnvironmentFault("fault.io_unnamed", reason=reason)
        named = Path(os.fsdecode(error.filename))
        if error.errno in _OS_FULL:
            return EnvironmentFault("fault.full", path=named)
        if error.errno in _OS_READONLY:
            return EnvironmentFault("fault.readonly", path=named)
        return EnvironmentFault("fault.io", path=named, reason=reason)
    return None


def write_trace(error: BaseException) -> Path | None:
    """Keep the trace of an unexpected error in a file of its own, for the maintainers."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        handle, name = tempfile.mkstemp(prefix=f"kpi-error-{stamp}-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("".join(traceback.format_exception(error)))
    except OSError:
        return None
    return Path(name)


def unexpected(error: BaseException) -> str:
    """One sentence for a defect: what it was, and the file that holds its trace."""
    summary = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    trace = write_trace(error)
    if trace is None:
        return t("fault.unexpected_untraced", error=summary)
    return t("fault.unexpected", error=summary, trace=trace)
