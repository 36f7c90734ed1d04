"""Corrections without loss: voiding an entry, and amending it with a linked replacement.

Nothing is deleted or changed in place. ``undo`` adds a void (who, when, why); ``amend`` adds
the corrected entry and a void of the wrong one that points at it, in one transaction, so the
history shows both and the status counts only the correction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from kpitrack.errors import LogError
from kpitrack.model import Measure, Targets
from kpitrack.recording import checked_correction, find_indicator, prepare_entry
from kpitrack.store import Store


def _entry_or_raise(store: Store, entry_id: int) -> dict[str, Any]:
    entry = store.entry(entry_id)
    if entry is None:
        raise LogError("correct.no_entry", entry=entry_id)
    if entry["voided_at"] is not None:
        raise LogError("correct.already_voided", entry=entry_id, **_voided(entry))
    return entry


def _voided(entry: dict[str, Any]) -> dict[str, str]:
    """Who voided an entry, and when (to the minute): what a refusal tells a person."""
    return {"by": entry["voided_by"], "at": entry["voided_at"][:16].replace("T", " ")}


def latest_to_undo(store: Store, author: str) -> dict[str, Any]:
    """The author's own latest entry, which ``kpi undo`` without a number voids.

    Never one before it: if the latest is already voided, undo again would reach an older
    entry — perhaps another indicator's correction — so it stops and says so instead.
    """
    checked_correction(author, None)
    latest = store.latest_by(author)
    if latest is None:
        raise LogError("correct.nothing_to_undo", author=author)
    if latest["voided_at"] is not None:
        raise LogError(
            "correct.latest_already_voided",
            entry=latest["id"],
            id=latest["indicator_id"],
            **_voided(latest),
        )
    return latest


def undo(
    store: Store, entry_ids: Sequence[int], author: str, note: str | None
) -> list[dict[str, Any]]:
    """Void every entry named, or none: one that is missing or already voided refuses all."""
    note = checked_correction(author, note)
    entries = [_entry_or_raise(store, entry_id) for entry_id in dict.fromkeys(entry_ids)]
    with store.db.atomic():
        for entry in entries:
            store.void(int(entry["id"]), author, note, None)
    return entries


def undo_import(
    store: Store, number: int, author: str, note: str | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Void every entry of one import that still counts, in one transaction."""
    note = checked_correction(author, note)
    imported = store.import_row(number)
    if imported is None:
        raise LogError("correct.no_import", number=number)
    entries = store.counting_entries_of_import(number)
    if not entries:
        raise LogError("correct.import_nothing_counts", number=number)
    with store.db.atomic():
        for entry in entries:
            store.void(int(entry["id"]), author, note, None)
    return imported, entries


def restore(store: Store, entry_id: int, author: str, note: str | None) -> dict[str, Any]:
    """Bring a voided entry back: it counts again; the void and the restore stay on record."""
    note = checked_correction(author, note)
    entry = store.entry(entry_id)
    if entry is None:
        raise LogError("correct.no_entry", entry=entry_id)
    if entry["voided_at"] is None:
        raise LogError("correct.not_voided", entry=entry_id)
    with store.db.atomic():
        store.restore(entry_id, author, note)
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
    force: bool = False,
) -> tuple[dict[str, Any], int]:
    """Replace an entry by a corrected one; return the old entry and the new entry's id.

    The correction passes the checks at entry against the figures without the old one."""
    note = checked_correction(author, note)
    old = _entry_or_raise(store, entry_id)
    indicator = find_indicator(targets, old["indicator_id"])
    as_of = day or date.fromisoformat(old["as_of"])
    period = indicator.period
    earlier = [
        p for p in store.points(indicator.ids, period.start, period.end) if p.seq != entry_id
    ]
    entry = prepare_entry(
        indicator, raw, as_of, today, author, note, old["source"],
        earlier=earlier, checks=targets.checks, force=force,
    )  # fmt: skip
    if indicator.measure is not Measure.TASK:  # a task's note is its new text
        entry = replace(entry, note=note or old["note"])
    with store.db.atomic():
        new_id = store.add(entry)
        store.void(entry_id, author, note, new_id)
    return old, new_id
