"""The weekly summary (``kpi summary``) in every format: for a mail, a chat group or a script."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from kpitrack.messages import t
from kpitrack.output import LISTED
from kpitrack.render import words
from kpitrack.render.due import item_json, overdue, owner_name
from kpitrack.render.fit import Col, FittedTable
from kpitrack.render.status_json import rounded
from kpitrack.render.tabular import Column, csv_text, markdown_table
from kpitrack.status import IndicatorStatus
from kpitrack.summary import LoggedEntry, Movement, SummaryReport

SCHEMA_VERSION = 1

CSV_KEYS = [
    "id", "name", "owner", "unit", "actual_before", "actual_after", "stage_before", "stage_after",
    "completion_before", "completion_after", "state_before", "state_after", "transition",
    "entries_in_window", "days_overdue",
]  # fmt: skip


def _side(row: IndicatorStatus) -> dict[str, Any]:
    return {
        "actual": row.actual,
        "stage": row.stage,
        "completion": rounded(row.completion, 4),
        "state": row.state.value,
    }


def _value(row: IndicatorStatus) -> str:
    return words.actual(row)


def transition_label(movement: Movement) -> str:
    return t(f"transition.{movement.transition.value}") if movement.transition else ""


def entry_json(entry: LoggedEntry) -> dict[str, Any]:
    return {
        "entry": entry.id,
        "id": entry.indicator.id,
        "name": entry.indicator.name,
        "mode": entry.mode,
        "value": entry.value,
        "qualifier": entry.qualifier,
        "stage": entry.stage,
        "unit": entry.indicator.unit,
        "input": entry.input,
        "as_of": entry.as_of.isoformat(),
        "logged_at": entry.logged_at,
        "author": entry.author,
        "note": entry.note,
        "source": entry.source,
    }


def movement_json(movement: Movement) -> dict[str, Any]:
    return {
        "id": movement.indicator.id,
        "name": movement.indicator.name,
        "owner": movement.indicator.owner,
        "unit": movement.indicator.unit,
        "entries": movement.entries,
        "before": _side(movement.before),
        "after": _side(movement.after),
        "transition": movement.transition.value if movement.transition else None,
        "display": {
            "before": _value(movement.before),
            "after": _value(movement.after),
            "completion": _arrow(movement, lambda row: words.percent(row.completion)),
            "state": _arrow(movement, words.row_state),
            "transition": transition_label(movement),
        },
    }


def _arrow(movement: Movement, show: Any) -> str:
    before, after = show(movement.before), show(movement.after)
    return after if before == after else f"{before} → {after}"


def behind_json(row: IndicatorStatus) -> dict[str, Any]:
    return {
        "id": row.indicator.id,
        "name": row.indicator.name,
        "owner": row.indicator.owner,
        "completion": rounded(row.completion, 4),
        "pace": rounded(row.pace, 4),
        "gap_pp": rounded(row.gap, 2),
        "state": row.state.value,
    }


def summary_json(report: SummaryReport) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "window": {
            "label": report.label,
            "since": report.since.isoformat(),
            "until": report.until.isoformat(),
        },
        "period": report.period,
        "period_ended": None if report.after.ended() is None else str(report.after.ended()),
        "counts": {state.value: n for state, n in report.counts().items()},
        "entries": [entry_json(e) for e in report.entries],
        "movements": [movement_json(m) for m in report.movements()],
        "transitions": [
            {
                "id": m.indicator.id,
                "name": m.indicator.name,
                "from": m.before.state.value,
                "to": m.after.state.value,
                "kind": m.transition.value if m.transition else None,
            }
            for m in report.transitions()
        ],
        "due": [item_json(item) for item in report.due.items],
        "furthest_behind": [behind_json(row) for row in report.furthest_behind()],
    }


def summary_csv(report: SummaryReport, bom: bool = False) -> str:
    overdue_days = {item.indicator.id: item.days_overdue for item in report.due.items}
    rows = [
        {
            "id": m.indicator.id,
            "name": m.indicator.name,
            "owner": m.indicator.owner,
            "unit": m.indicator.unit,
            "actual_before": m.before.actual,
            "actual_after": m.after.actual,
            "stage_before": m.before.stage,
            "stage_after": m.after.stage,
            "completion_before": rounded(m.before.completion, 4),
            "completion_after": rounded(m.after.completion, 4),
            "state_before": m.before.state.value,
            "state_after": m.after.state.value,
            "transition": m.transition.value if m.transition else None,
            "entries_in_window": m.entries,
            "days_overdue": overdue_days.get(m.indicator.id),
        }
        for m in report.pairs()
    ]
    return csv_text(CSV_KEYS, rows, bom)


# -- for people: the same sections as Markdown and as Rich tables --------------------------------


def headline(report: SummaryReport) -> str:
    return t("summary.title", label=report.label, since=report.since, until=report.until)


def overview(report: SummaryReport) -> str:
    line = t(
        "summary.overview",
        period=report.period,
        entries=len(report.entries),
        transitions=len(report.transitions()),
        due=len(report.due.items),
    )
    ended = report.after.ended()
    return line if ended is None else line + t("summary.overview_closed", end=ended)


def counts_text(report: SummaryReport) -> str:
    return " · ".join(f"{words.light_state(s)} {n}" for s, n in report.counts().items())


def _sections(report: SummaryReport) -> list[tuple[str, list[Column], list[dict[str, str]]]]:
    movements = [
        {
            "name": m.indicator.name,
            "before": _value(m.before),
            "after": _value(m.after),
            "completion": _arrow(m, lambda row: words.percent(row.completion)),
            "state": _arrow(m, lambda row: words.light_state(row.state)),
            "entries": str(m.entries),
        }
        for m in report.movements()
    ]
    transitions = [
        {
            "name": m.indicator.name,
            "state": f"{words.state(m.before.state)} → {words.light_state(m.after.state)}",
            "kind": transition_label(m),
        }
        for m in report.transitions()
    ]
    entries = [
        {
            "date": e.as_of.isoformat(),
            "name": e.indicator.name,
            "value": words.logged(e.mode, e.value, e.stage, e.input, e.indicator.unit, e.qualifier),
            "author": e.author,
            "note": e.note or "",
        }
        for e in report.entries
    ]
    due = [
        {
            "owner": owner_name(item.owner),
            "name": item.indicator.name,
            "overdue": overdue(item),
        }
        for item in report.due.items
    ]
    behind = [
        {
            "name": row.indicator.name,
            "completion": words.percent(row.completion),
            "pace": words.percent(row.pace),
            "gap": words.points(row.gap),
            "state": words.light_state(row.state),
        }
        for row in report.furthest_behind()
    ]
    return [
        (
            t("summary.transitions"),
            [
                Column("name", t("col.indicator")),
                Column("state", t("col.state")),
                Column("kind", t("col.change")),
            ],
            transitions,
        ),
        (
            t("summary.movements"),
            [
                Column("name", t("col.indicator")),
                Column("before", t("col.before"), numeric=True),
                Column("after", t("col.after"), numeric=True),
                Column("completion", t("col.completion"), numeric=True),
                Column("state", t("col.state")),
                Column("entries", t("col.entries"), numeric=True),
            ],
            movements,
        ),
        (
            t("summary.entries"),
            [
                Column("date", t("col.date")),
                Column("name", t("col.indicator")),
                Column("value", t("col.value"), numeric=True),
                Column("author", t("col.author")),
                Column("note", t("col.note")),
            ],
            entries,
        ),
        (
            t("summary.due"),
            [
                Column("owner", t("col.owner")),
                Column("name", t("col.indicator")),
                Column("overdue", t("col.overdue"), numeric=True),
            ],
            due,
        ),
        (
            t("summary.behind"),
            [
                Column("name", t("col.indicator")),
                Column("completion", t("col.completion"), numeric=True),
                Column("pace", t("col.pace"), numeric=True),
                Column("gap", t("col.gap"), numeric=True),
                Column("state", t("col.state")),
            ],
            behind,
        ),
    ]


# On a narrow terminal the summary's lists leave out first the columns with the highest number
# here; completion, pace and gap (CORE) only once the names are as short as they go.
DROPPED = {"note": 9, "author": 8, "entries": 7, "kind": 6, "owner": 5, "before": 4, "value": 3}
DROPPED |= {"date": 2, "after": 1}
CORE = {"completion": 3, "pace": 2, "gap": 1}


def unlisted(rows: int, limit: int | None) -> str | None:
    """The line under a list cut at ``limit`` rows: how many more, and how to see them."""
    if limit is None or rows <= limit:
        return None
    return t("summary.more", count=f"{rows - limit:,}")


def summary_markdown(report: SummaryReport, limit: int | None = LISTED) -> str:
    """The summary for a mail: each list to ``limit`` rows (None: every one)."""
    lines = [f"# {headline(report)}", "", overview(report), "", counts_text(report), ""]
    for title, columns, rows in _sections(report):
        lines += [f"## {title}", ""]
        shown = rows[:limit] if limit is not None else rows
        lines += [markdown_table(columns, shown) if rows else t("summary.nothing"), ""]
        more = unlisted(len(rows), limit)
        if more:
            lines += [more, ""]
    return "\n".join(lines)


def render_summary_table(
    report: SummaryReport, console: Console, limit: int | None = LISTED
) -> None:
    """The summary on a terminal: each list to ``limit`` rows (None: every one), so a week of
    tens of thousands of entries reads, and prints, in the time of its JSON."""
    console.print(headline(report), style="bold")
    console.print(overview(report))
    console.print(
        counts_text(report)
        .replace("🟢", "●")
        .replace("🟡", "●")
        .replace("🔴", "●")
        .replace("⚪", "○")
    )
    for title, columns, rows in _sections(report):
        console.print()
        console.print(t("summary.section", title=title), style="bold")
        if not rows:
            console.print(t("summary.nothing"))
            continue
        table = FittedTable(
            [
                Col(
                    c.key,
                    c.heading,
                    DROPPED.get(c.key, CORE.get(c.key, 0)),
                    "right" if c.numeric else "left",
                    flexible=c.key in {"name", "note"},
                    core=c.key in CORE,
                )
                for c in columns
            ]
        )
        for row in rows[:limit] if limit is not None else rows:
            table.add({key: words.terminal_lights(text) for key, text in row.items()})
        table.show(console)
        more = unlisted(len(rows), limit)
        if more:
            console.print(more, style="dim")
