"""Corrections without loss: voiding an entry, and amending it with a linked replacement.

Nothing is deleted or changed in place. ``undo`` adds a void (who, when, why); ``amend`` adds
the corrected entry and a void of the wrong one that points at it, in one transaction, so the
history shows both and the status counts only the correction.

Each is decided inside its write transaction: an entry checked before the lock was taken is
checked again after, so two clerks voiding the same entry at once void it once, and the one
who waited is told it is already done (exit 0), never given a database error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from kpitrack.errors import AlreadyDone, LogError
from kpitrack.model import Measure, Targets
from kpitrack.recording import checked_correction, find_indicator, prepare_entry
from kpitrack.records import Entry, ImportRecord
from kpitrack.store import Store


def _entry_or_raise(entry: Entry | None, entry_id: int) -> Entry:
    """The entry as read once: reading it again here, after another clerk's void committed,
    would refuse an undo that the write lock then finds done already."""
    if entry is None:
        raise LogError("correct.no_entry", entry=entry_id)
    if entry.voided_at is not None:
        raise LogError("correct.already_voided", entry=entry_id, **_voided(entry))
    return entry


def _voided(entry: Entry) -> dict[str, str]:
    """Who voided an entry, and when (to the minute): what a refusal tells a person."""
    return {"by": entry.voided_by or "", "at": (entry.voided_at or "")[:16].replace("T", " ")}


def latest_to_undo(store: Store, author: str) -> Entry:
    """The author's own latest entry, which ``kpi undo`` without a number voids.

    Never one before it: if the latest is already voided, undo again would reach an older
    entry — perhaps another indicator's correction — so it stops and says so instead.
    """
    checked_correction(author, None)
    latest = store.latest_by(author)
    if latest is None:
        raise LogError("correct.nothing_to_undo", author=author)
    if latest.voided_at is not None:
        raise LogError(
            "correct.latest_already_voided",
            entry=latest.id,
            id=latest.indicator_id,
            **_voided(latest),
        )
    return latest


def undo(store: Store, entry_ids: Sequence[int], author: str, note: str | None) -> list[Entry]:
    """Void every entry named, or none: one that is missing or already voided refuses all."""
    note = checked_correction(author, note)
    named = list(dict.fromkeys(entry_ids))
    found = [store.entry(entry_id) for entry_id in named]
    if found and all(entry is not None and entry.voided_at for entry in found):
        # voided already, by this clerk's earlier run or another's: the wish holds, as a
        # --key logged twice adds nothing and succeeds
        first = found[0]
        assert first is not None
        raise AlreadyDone(
            "correct.voided_already", entry=", ".join(map(str, named)), **_voided(first)
        )
    entries = [_entry_or_raise(entry, number) for entry, number in zip(found, named, strict=True)]
    with store.write():
        waiting = _still_counting(store, entries)
        for entry in waiting:
            store.void(int(entry.id), author, note, None)
    return waiting


def _still_counting(
    store: Store, entries: list[Entry], done: AlreadyDone | None = None
) -> list[Entry]:
    """Of entries found counting before the write lock was taken, those that still count;
    when another process voided every one of them meanwhile, the wish is done already."""
    counting = [
        entry
        for entry in entries
        if (now := store.entry(int(entry.id))) is not None and now.voided_at is None
    ]
    if entries and not counting:
        raise done or AlreadyDone(
            "correct.raced_void", entry=", ".join(str(e.id) for e in entries[:5])
        )
    return counting


def undo_import(
    store: Store, number: int, author: str, note: str | None
) -> tuple[ImportRecord, list[Entry]]:
    """Void every entry of one import that still counts, in one transaction."""
    note = checked_correction(author, note)
    imported = store.import_record(number)
    if imported is None:
        raise LogError("correct.no_import", number=number)
    entries = store.counting_entries_of_import(number)
    if not entries:
        raise AlreadyDone("correct.import_nothing_counts", number=number)
    with store.write():
        entries = _still_counting(
            store, entries, AlreadyDone("correct.import_nothing_counts", number=number)
        )
        for entry in entries:
            store.void(int(entry.id), author, note, None)
    return imported, entries


def restore(store: Store, entry_id: int, author: str, note: str | None) -> Entry:
    """Bring a voided entry back: it counts again; the void and the restore stay on record."""
    note = checked_correction(author, note)
    entry = store.entry(entry_id)
    if entry is None:
        raise LogError("correct.no_entry", entry=entry_id)
    if entry.voided_at is None:
        raise AlreadyDone("correct.not_voided", entry=entry_id)  # it counts: the wish holds
    with store.write():
        now = store.entry(entry_id)
        if now is not None and now.voided_at is None:
            raise AlreadyDone("correct.raced_restore", entry=entry_id)
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
) -> tuple[Entry, int]:
    """Replace an entry by a corrected one; return the old entry and the new entry's id.

    The correction passes the checks at entry against the figures without the old one."""
    note = checked_correction(author, note)
    old = store.entry(entry_id)
    if old is None:
        raise LogError("correct.no_entry", entry=entry_id)
    indicator = find_indicator(targets, old.indicator_id)
    as_of = day or old.as_of
    if old.voided_at is not None:  # corrected already — to this very value, or another
        same = prepare_entry(indicator, raw, as_of, today, author, note, old.source)
        _not_corrected_meanwhile(store, entry_id, same.value, same.stage)
    period = indicator.period
    earlier = [
        p for p in store.points(indicator.ids, period.start, period.end) if p.seq != entry_id
    ]
    entry = prepare_entry(
        indicator, raw, as_of, today, author, note, old.source,
        earlier=earlier, checks=targets.checks, force=force,
    )  # fmt: skip
    if indicator.measure is not Measure.TASK:  # a task's note is its new text
        entry = replace(entry, note=note or old.note)
    with store.write():
        _not_corrected_meanwhile(store, entry_id, entry.value, entry.stage)
        new_id = store.add(entry)
        store.void(entry_id, author, note, new_id)
    return old, new_id


def _not_corrected_meanwhile(store: Store, entry_id: int, value: object, stage: str | None) -> None:
    """Two clerks amending one entry at once: the second finds it corrected. The same
    correction is done already; a different one is refused with who made the first."""
    now = store.entry(entry_id)
    if now is None or now.voided_at is None:
        return
    replacement = store.entry(int(now.replaced_by)) if now.replaced_by else None
    if replacement is not None and (replacement.value, replacement.stage) == (value, stage):
        raise AlreadyDone("correct.raced_amend", entry=entry_id, new=replacement.id)
    raise LogError("correct.already_voided", entry=entry_id, **_voided(now))
