"""SHA-256 for what every command checks: whether targets.yaml changed since it was read.

``hashlib`` starts OpenSSL when imported (~2.5 ms, a tenth of a report's own start); CPython's
built-in SHA-256 gives the very same digests without it. Pythons that lack it (3.12 renamed
it) take hashlib's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:
        from _sha256 import sha256
    except ImportError:  # pragma: no cover - Python 3.12 and later
        try:
            from _sha2 import sha256
        except ImportError:
            from hashlib import sha256

__all__ = ["sha256", "sha256_hex"]


def sha256_hex(data: bytes) -> str:
    return sha256(data).hexdigest()
