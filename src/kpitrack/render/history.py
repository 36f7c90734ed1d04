"""One indicator's history (``kpi history``): entries, series chart, pace and forecast."""

from __future__ import annotations

from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text

from kpitrack.history import IndicatorHistory
from kpitrack.messages import t
from kpitrack.records import Entry
from kpitrack.render import words
from kpitrack.render.fit import Col, FittedTable
from kpitrack.render.status_json import indicator_json, rounded
from kpitrack.render.tabular import Column as TextColumn
from kpitrack.render.tabular import csv_text, markdown_table

SCHEMA_VERSION = 1
CSV_KEYS = [
    "entry", "id", "as_of", "mode", "value", "stage", "unit", "input", "author", "logged_at",
    "note", "source", "key", "voided_at", "voided_by", "void_note", "replaced_by",
    "restored_at", "restored_by", "restore_note", "import", "confirmed", "role",
]  # fmt: skip


def entry_value(entry: Entry, unit: str) -> str:
    """What a stored entry says, in the indicator's unit (5个, +2个, 建成)."""
    return words.logged(entry.mode, entry.value, entry.stage, entry.input, unit, entry.qualifier)


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "entry": entry.id,
        "id": entry.indicator_id,
        "as_of": entry.as_of.isoformat(),
        "mode": entry.mode,
        "value": entry.value,
        "qualifier": entry.qualifier,
        "stage": entry.stage,
        "unit": entry.unit,
        "input": entry.input,
        "author": entry.author,
        "logged_at": entry.logged_at,
        "note": entry.note,
        "source": entry.source,
        "key": entry.key,
        "voided_at": entry.voided_at,
        "voided_by": entry.voided_by,
        "void_note": entry.void_note,
        "replaced_by": entry.replaced_by,
        "restored_at": entry.restored_at,
        "restored_by": entry.restored_by,
        "restore_note": entry.restore_note,
        "import": entry.import_id,
        "confirmed": entry.confirmed,
        "role": entry.db_role,  # on a server, the database role that wrote it
    }


def history_json(history: IndicatorHistory) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "as_of": history.as_of.isoformat(),
        "indicator": indicator_json(history.status),
        "entries": [entry_json(e) for e in history.shown()],
        "series": [
            {
                "date": point.day.isoformat(),
                "actual": point.actual,
                "stage": point.stage,
                "completion": rounded(point.completion, 4),
                "pace": rounded(point.pace, 4),
            }
            for point in history.series
        ],
    }


def history_csv(history: IndicatorHistory, bom: bool = False) -> str:
    return csv_text(CSV_KEYS, [entry_json(e) for e in history.shown()], bom)


def history_markdown(history: IndicatorHistory) -> str:
    indicator, status = history.indicator, history.status
    head = t(
        "history.head",
        target=words.target(status.indicator),
        period=indicator.period.label,
        owner=words.owner(indicator),
    )
    lines = [f"## {t('words.aside', text=indicator.name, aside=f'`{indicator.id}`')}", "", head, ""]
    entries = [
        {
            "entry": f"#{e.id}",
            "date": e.as_of.isoformat(),
            "value": entry_value(e, indicator.unit),
            "author": e.author,
            "note": note_text(e),
            "void": void_text(e),
        }
        for e in history.shown()
    ]
    columns = [
        TextColumn("entry", t("col.entry")),
        TextColumn("date", t("col.date")),
        TextColumn("value", t("col.value"), numeric=True),
        TextColumn("author", t("col.author")),
        TextColumn("note", t("col.note")),
        TextColumn("void", t("col.void")),
    ]
    lines += [markdown_table(columns, entries) if entries else t("history.no_entries"), ""]
    series = [
        {
            "date": p.day.isoformat(),
            "actual": p.stage or words.amount(p.actual, indicator, p.approx),
            "completion": words.percent(p.completion),
            "pace": words.percent(p.pace),
        }
        for p in history.series
    ]
    if series:
        columns = [
            TextColumn("date", t("col.date")),
            TextColumn("actual", t("col.actual"), numeric=True),
            TextColumn("completion", t("col.completion"), numeric=True),
            TextColumn("pace", t("col.pace"), numeric=True),
        ]
        lines += [markdown_table(columns, series), ""]
    foot = t(
        "history.foot",
        as_of=history.as_of.isoformat(),
        state=words.light_state(status.state),
        forecast=words.forecast(status),
        needed=words.needed(status),
    )
    return "\n".join([*lines, foot, ""])


def note_text(entry: Entry) -> str:
    """The entry's note, and the question it was confirmed against (--force), if any."""
    parts = [entry.note or "", ""]
    if entry.confirmed:
        parts[1] = t("history.confirmed", what=entry.confirmed)
    return "；".join(part for part in parts if part)


def void_text(entry: Entry) -> str:
    """Voided (by whom, replaced by what, why); else restored, if it ever was voided."""
    if entry.voided_at is None:
        if not entry.restored_at:
            return ""
        at = entry.restored_at[:16].replace("T", " ")
        text = t("history.restored", by=entry.restored_by, at=at)
        return t("words.aside", text=text, aside=entry.restore_note) if entry.restore_note else text
    text = t("history.voided", by=entry.voided_by, at=entry.voided_at[:16].replace("T", " "))
    if entry.replaced_by is not None:
        text += t("history.replaced_by", entry=entry.replaced_by)
    if entry.void_note:
        text = t("words.aside", text=text, aside=entry.void_note)
    return text


def render_history_table(history: IndicatorHistory, console: Console) -> None:
    indicator, status = history.indicator, history.status
    console.print(
        Text(t("words.aside", text=indicator.name, aside=indicator.id), style="bold"),
        t(
            "history.head",
            target=words.target(status.indicator),
            period=indicator.period.label,
            owner=words.owner(indicator),
        ),
    )
    entries = FittedTable(
        [
            Col("entry", t("col.entry"), justify="right"),
            Col("date", t("col.date")),
            Col("value", t("col.value"), justify="right"),
            Col("author", t("col.author"), 2),
            Col("logged", t("col.logged_at"), 3),
            Col("note", t("col.note"), 1, flexible=True),
            *(
                [Col("void", t("col.void"), flexible=True)]
                if any(map(void_text, history.shown()))
                else []
            ),
        ]
    )
    for entry in history.shown():
        style = "dim strike" if entry.voided_at else ""
        cells: dict[str, RenderableType] = {
            "entry": Text(f"#{entry.id}", style=style),
            "date": Text(entry.as_of.isoformat(), style=style),
            "value": Text(entry_value(entry, indicator.unit), style=style),
            "author": entry.author,
            "logged": entry.logged_at[:16].replace("T", " "),
            "note": note_text(entry),
            "void": Text(void_text(entry), style="yellow"),
        }
        entries.add(cells)
    if history.shown():
        entries.show(console)
    else:
        console.print(t("history.no_entries"))
    if history.series:
        chart = FittedTable(
            [
                Col("date", t("col.date")),
                Col("actual", t("col.actual"), justify="right"),
                Col("bar", t("history.chart")),
                Col("completion", t("col.completion"), justify="right"),
                Col("pace", t("col.pace"), 1, "right"),
            ]
        )
        for point in history.series:
            actual = point.stage or words.amount(point.actual, indicator, point.approx)
            chart.add(
                {
                    "date": point.day.isoformat(),
                    "actual": actual,
                    "bar": words.bar_with_pace(point.completion, point.pace),
                    "completion": words.percent(point.completion),
                    "pace": words.percent(point.pace),
                }
            )
        chart.show(console)
    console.print(
        t(
            "history.foot",
            as_of=history.as_of.isoformat(),
            state=words.row_state(status),
            forecast=words.forecast(status),
            needed=words.needed(status),
        )
    )
