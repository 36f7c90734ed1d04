"""What went wrong around kpitrack, told as one sentence and an exit code scripts can trust.

Exit codes: 0 fine (a race lost to another process doing the same thing included), 1 only
for ``--fail-on``, 2 bad usage or input, 3 the environment (the database busy after waiting,
the disk full, a read-only or damaged file, a permission), 70 anything else — a defect of
kpitrack's, whose trace goes to a file the sentence names instead of the terminal.

SQLite reports its faults by code, not by Python type (a full disk and a damaged page are
both ``OperationalError``/``DatabaseError``), so they are sorted here by their primary code.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
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

# SQLite's primary result codes (https://sqlite.org/rescode.html)
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_READONLY = {8}  # SQLITE_READONLY
_FULL = {13}  # SQLITE_FULL
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_CANNOT_OPEN = {14, 3, 23}  # SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH
_IO = {10, 15}  # SQLITE_IOERR, SQLITE_PROTOCOL

_OS_FULL = {errno.ENOSPC, errno.EDQUOT}
_OS_READONLY = {errno.EROFS, errno.EACCES, errno.EPERM}

_database: Path | None = None


def working_on(path: Path | None) -> None:
    """Name the database a fault would be about: SQLite's errors do not carry it."""
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
    if isinstance(error, sqlite3.Error):
        code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
        reason = str(error)
        if code in _BUSY:
            return EnvironmentFault("fault.busy", path=where, seconds=f"{busy_seconds():g}")
        if code in _FULL:
            return EnvironmentFault("fault.full", path=where)
        if code in _READONLY:
            return EnvironmentFault("fault.readonly", path=where)
        if code in _DAMAGED:
            return EnvironmentFault("fault.damaged", path=where, reason=reason)
        if code in _CANNOT_OPEN:
            if where.exists() and not _writable(where):  # a read-only folder, a read-only disk
                return EnvironmentFault("fault.readonly", path=where)
            return EnvironmentFault("fault.cannot_open", path=where, reason=reason)
        if code in _IO:  # a full disk under WAL is often a plain I/O error
            if _nearly_full(where):
                return EnvironmentFault("fault.full", path=where)
            return EnvironmentFault("fault.io", path=where, reason=reason)
        return None
    if isinstance(error, UnicodeDecodeError) and _from_sqlite(error):
        # a damaged page of the schema: SQLite hands back text (or an error) that is not UTF-8
        return EnvironmentFault("fault.damaged", path=where, reason="malformed text in the file")
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


def _from_sqlite(error: BaseException) -> bool:
    """Whether an error came out of reading the database (its innermost frame is the store's
    or sqlite-utils'), not out of kpitrack decoding a file of the user's."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return False
    where = Path(frames[-1].filename)
    return "sqlite_utils" in where.parts or where.parts[-2:] == ("kpitrack", "store.py")


def _nearly_full(path: Path) -> bool:
    """Whether the database's disk has less room than a write's journal would need."""
    try:
        return shutil.disk_usage(path.parent).free < 1 << 20
    except OSError:
        return False


def _writable(path: Path) -> bool:
    """Whether SQLite could write the file and the journal files beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


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
