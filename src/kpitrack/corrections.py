"""Corrections without loss: voiding an entry, and amending it with a linked replacement.

Nothing is deleted or changed in place. ``undo`` adds a void (who, when, why); ``amend`` adds
the corrected entry and a void of the wrong one that points at it, in one transaction, so the
history shows both and the status counts only the correction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from kpitrack.errors import LogError
from kpitrack.model import Targets
from kpitrack.recording import find_indicator, prepare_entry
from kpitrack.store import Store


def _entry_or_raise(store: Store, entry_id: int) -> dict[str, Any]:
    entry = store.entry(entry_id)
    if entry is None:
        raise LogError("correct.no_entry", entry=entry_id)
    if entry["voided_at"] is not None:
        raise LogError(
            "correct.already_voided",
            entry=entry_id,
            by=entry["voided_by"],
            at=entry["voided_at"][:16].replace("T", " "),
        )
    return entry


def undo(store: Store, entry_id: int | None, author: str, note: str | None) -> dict[str, Any]:
    """Void an entry (by default the latest this author logged); return it."""
    if entry_id is None:
        latest = store.latest_by(author)
        if latest is None:
            raise LogError("correct.nothing_to_undo", author=author)
        entry_id = int(latest["id"])
    entry = _entry_or_raise(store, entry_id)
    with store.db.atomic():
        store.void(entry_id, author, note, None)
    return entry


def amend(
    store: Store,
    targets: Targets,
    entry_id: int,
    raw: str,
    author: str,
    note: str | None,
    today: date,
    day: date | None = None,
) -> tuple[dict[str, Any], int]:
    """Replace an entry by a corrected one; return the old entry and the new entry's id."""
    old = _entry_or_raise(store, entry_id)
    indicator = find_indicator(targets, old["indicator_id"])
    as_of = day or date.fromisoformat(old["as_of"])
    entry = prepare_entry(indicator, raw, as_of, today, author, note, old["source"])
    entry = replace(entry, note=note or old["note"])
    with store.db.atomic():
        new_id = store.add(entry)
        store.void(entry_id, author, note, new_id)
    return old, new_id
