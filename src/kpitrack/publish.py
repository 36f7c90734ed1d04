"""Writing a file the user named without ever destroying one that is there.

Every file kpitrack writes for the user (an export, a backup, a template) goes first into a
temporary file this module creates itself: exclusively (``O_CREAT | O_EXCL``), without
following a symlink, in the target's own folder (so publishing it is a rename, never a copy
across file systems), under a name nobody can have prepared (``.NAME.<random>.partial``). It
is written, flushed to disk, then published under the name asked for in one step:

* a new file by ``os.link(temporary, target)`` and then unlinking the temporary name. The
  link fails if anything, even a dangling symlink, appeared at the target while the file was
  being written, so a file that is there is never replaced; a plain rename would replace it.
* where the file system has no hard links (FAT, exFAT, some network shares), by claiming the
  name with ``O_CREAT | O_EXCL`` and renaming the temporary file over that claim once it is
  checked to be still ours: never replacing either, and still whole or not at all.
* a replacement the user asked for (``--force``) by ``os.replace``: atomic, and a symlink at
  the target is itself replaced, never written through.

Only what this process created is ever removed, and only after checking (by device and inode)
that the name still holds it. A process killed halfway leaves at most a hidden ``.partial``
file beside the target, never a half-written file under the target's name.

Windows: ``os.link`` makes a hard link on NTFS; elsewhere the claim-and-rename fallback is
used. ``O_NOFOLLOW`` does not exist there and is not needed: ``O_EXCL`` never opens an
existing file or link.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kpitrack.errors import EnvironmentFault, KpiError

MODE = 0o644  # before the umask, as a file the user created would be
_CREATE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_NAME_CHARS = 40  # of the target's name in the temporary one: 4 bytes each stays under NAME_MAX
_ATTEMPTS = 8

Writer = Callable[[BinaryIO], object]
Identity = tuple[int, int]


def ensure_free(target: Path, exists: str = "file.exists") -> None:
    """Refuse before any work is done: no folder to write in, or something at the name.

    A dangling symlink counts as something: writing "there" would create its target.
    """
    ensure_folder(target)
    if os.path.lexists(target):
        raise KpiError(exists, path=target)


def ensure_folder(target: Path) -> None:
    if not target.parent.is_dir():
        raise KpiError("file.no_folder", path=target, folder=target.parent)


def publish(
    target: Path, write: Writer, *, replace: bool = False, exists: str = "file.exists"
) -> None:
    """Write ``target`` whole or not at all through ``write``, which gets the open file.

    Without ``replace``, a file at ``target`` — there before, or appearing while this one was
    written — is refused with the sentence ``exists`` (its field: ``path``) and left alone.
    A failure of the disk or the folder is an :class:`EnvironmentFault`.
    """
    if replace:
        ensure_folder(target)
    else:
        ensure_free(target, exists)
    temporary, identity = _write_temporary(target, write)
    try:
        if replace:
            os.replace(temporary, target)
        else:
            _publish_new(temporary, target)
    except FileExistsError:
        raise KpiError(exists, path=target) from None
    except OSError as error:
        raise _unwritable(target, error) from error
    finally:
        _remove_own(temporary, identity)
    _sync_folder(target.parent)


def _write_temporary(target: Path, write: Writer) -> tuple[Path, Identity]:
    temporary, fd = _create_temporary(target)
    identity = _identity(os.fstat(fd))
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as error:
        _remove_own(temporary, identity)
        if isinstance(error, OSError):
            raise _unwritable(target, error) from error
        raise
    return temporary, identity


def _create_temporary(target: Path) -> tuple[Path, int]:
    for _ in range(_ATTEMPTS):
        name = f".{target.name[:_NAME_CHARS]}.{secrets.token_hex(8)}.partial"
        temporary = target.parent / name
        try:
            return temporary, os.open(temporary, _CREATE, MODE)
        except FileExistsError:
            continue  # someone's file, by a chance of 2^-64: leave it, pick another name
        except OSError as error:
            raise _unwritable(target, error) from error
    raise _unwritable(target, FileExistsError("no free temporary name"))


def _publish_new(temporary: Path, target: Path) -> None:
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (or a failure the claim will meet again and report).
        _claim_and_rename(temporary, target)


def _claim_and_rename(temporary: Path, target: Path) -> None:
    fd = os.open(target, _CREATE, MODE)  # FileExistsError: someone's file; it stays
    try:
        claim = _identity(os.fstat(fd))
    finally:
        os.close(fd)
    try:
        if _identity_at(target) != claim:
            raise FileExistsError(str(target))  # our claim was swapped for another file
        os.replace(temporary, target)
    except BaseException:
        _remove_own(target, claim)
        raise


def _remove_own(path: Path, identity: Identity) -> None:
    """Unlink ``path`` only while it is still the file this process created."""
    try:
        if _identity_at(path) == identity:
            os.unlink(path)
    except OSError:
        pass  # gone already (published by rename), or not ours to remove


def _identity_at(path: Path) -> Identity | None:
    try:
        return _identity(os.lstat(path))
    except FileNotFoundError:
        return None


def _identity(stat: os.stat_result) -> Identity:
    return stat.st_dev, stat.st_ino


def _sync_folder(folder: Path) -> None:
    """Make the new name durable too; POSIX only, and a failure here loses nothing yet."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _unwritable(target: Path, error: OSError) -> EnvironmentFault:
    return EnvironmentFault("file.unwritable", path=target, reason=error.strerror or error)
