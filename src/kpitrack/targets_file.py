"""Which targets.yaml a command works on, and reading it through a compiled cache.

Every command reads targets.yaml; parsing it (YAML nodes, then every check of
:mod:`kpitrack.targets`) costs ~12 ms for the report's 96 indicators and ~70 ms at 1,000, plus
importing PyYAML and the checks. What a parse gives depends on the file's bytes, the kpitrack
code that read them, and the year (an indicator without a period is for this year) — nothing
else — so the result is kept, pickled, under a digest of exactly those, and read back in a
millisecond while none of them changes. A file with problems is never kept: it is parsed, and
its problems told, every time.

The cache lives in the user's cache folder (``$XDG_CACHE_HOME/kpitrack``, ``~/.cache/kpitrack``;
``~/Library/Caches/kpitrack`` on macOS; ``%LOCALAPPDATA%\\kpitrack\\Cache`` on Windows; or
``KPI_CACHE_DIR``), not beside targets.yaml: a department's folder, shared or under version
control, gains no file it did not ask for. It is only ever an accelerator: a kept result that is
unreadable, damaged or of another key is passed over silently and the file parsed; a cache
folder that cannot be written means no cache, and one that others can write is not read from.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pickle
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kpitrack import __version__
from kpitrack.errors import KpiError
from kpitrack.fingerprint import sha256

if TYPE_CHECKING:
    from kpitrack.model import Targets

SCHEMA = 1  # of what is kept; raised when its form changes
KEEP = 64  # results kept; the oldest go first (each edit of a file makes a new one)
_PACKAGE = Path(__file__).resolve().parent


def find_targets(start: Path | None = None) -> Path:
    """``targets.yaml`` in the working directory or the nearest folder above it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "targets.yaml"
        if candidate.is_file():
            return candidate
    raise KpiError("targets.not_found", cwd=here)


def resolve_targets_path(option: Path | None) -> Path:
    """--targets, then KPI_TARGETS, then the search upward from the working directory."""
    if option is not None:
        return option
    env = os.environ.get("KPI_TARGETS")
    if env:
        return Path(env)
    return find_targets()


def read_targets(path: Path) -> Targets:
    """What ``path`` declares, as :func:`kpitrack.targets.load_targets` reads it, from the
    cache when this very file was read before by this very code this year."""
    folder = cache_folder()
    try:
        data = path.read_bytes()
    except OSError:  # told by the parse, in its words
        folder = None
    if folder is None:
        from kpitrack.targets import load_targets

        return load_targets(path)
    key = _key(data)
    kept = _kept(folder / f"{key}.pickle", key)
    if kept is not None:  # these very bytes were decoded and parsed when it was kept
        return replace(kept, path=path)
    try:
        text = data.decode("utf-8-sig")  # the codec's module imported only on a parse
    except UnicodeDecodeError:  # told by the parse, in its words
        from kpitrack.targets import load_targets

        return load_targets(path)
    from kpitrack.targets import parse_targets

    # the text read as load_targets reads it (universal newlines), from the bytes of the key
    targets = parse_targets(text.replace("\r\n", "\n").replace("\r", "\n"), path)
    _keep(folder, key, targets)
    return targets


def cache_folder() -> Path | None:
    """Where compiled targets are kept (see the module's docstring); None: nowhere."""
    chosen = os.environ.get("KPI_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "kpitrack" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "kpitrack"
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "kpitrack"
    try:
        return Path.home() / ".cache" / "kpitrack"
    except RuntimeError:  # no home folder to be found
        return None


def _key(data: bytes) -> str:
    """The digest of all a parse depends on: the bytes, the code, the year."""
    digest = sha256()
    digest.update(f"{SCHEMA}\0{__version__}\0{date.today().year}\0".encode())
    digest.update(f"{sys.version_info[:2]}\0{_code()}\0".encode())
    digest.update(data)
    return digest.hexdigest()


def _code() -> str:
    """The code that parses — kpitrack's modules and PyYAML's — by each file's size and time
    of change: an edited or reinstalled kpitrack or PyYAML never reads what another kept."""
    try:
        with os.scandir(_PACKAGE) as entries:
            seen = sorted(
                f"{e.name}:{e.stat().st_size}:{e.stat().st_mtime_ns}"
                for e in entries
                if e.name.endswith(".py")
            )
        spec = importlib.util.find_spec("yaml")  # found, not imported
        if spec is not None and spec.origin:
            found = os.stat(spec.origin)
            seen.append(f"yaml:{spec.origin}:{found.st_size}:{found.st_mtime_ns}")
    except (OSError, ImportError, ValueError):
        return "?"
    return ";".join(seen)


def _kept(file: Path, key: str) -> Targets | None:
    if not _own(file.parent):
        return None
    try:
        with file.open("rb") as stream:
            found = pickle.load(stream)
    except Exception:  # missing, unreadable, damaged, from another kpitrack: parse instead
        return None
    if not isinstance(found, tuple) or len(found) != 2 or found[0] != key:
        return None
    from kpitrack.model import Targets

    if not isinstance(found[1], Targets):
        return None
    with contextlib.suppress(OSError):  # used: the last to go when the oldest are pruned
        os.utime(file)
    return found[1]


def _own(folder: Path) -> bool:
    """A folder only this user can write: what is unpickled from it is this user's own
    (unpickling runs code), never what another account left in a shared KPI_CACHE_DIR."""
    if not hasattr(os, "getuid"):  # Windows: %LOCALAPPDATA% is the user's own
        return True
    try:
        found = folder.stat()
    except OSError:
        return False
    return found.st_uid == os.getuid() and not found.st_mode & 0o022


def _keep(folder: Path, key: str, targets: Targets) -> None:
    """Write the result under its key, whole or not at all; any failure only means no cache."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # its own, whatever the umask
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".kept-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((key, targets), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, folder / f"{key}.pickle")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(folder)
    except Exception:
        return


def _prune(folder: Path) -> None:
    kept = sorted(folder.glob("*.pickle"), key=lambda file: file.stat().st_mtime_ns)
    for old in kept[:-KEEP]:
        old.unlink(missing_ok=True)
