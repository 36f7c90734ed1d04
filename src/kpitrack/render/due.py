"""Overdue reports (``kpi due``), grouped by owner, in every format."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text

from kpitrack.due import DueItem, DueReport
from kpitrack.messages import t
from kpitrack.render import words
from kpitrack.render.fit import Col, FittedTable
from kpitrack.render.tabular import Column, csv_text, markdown_table

SCHEMA_VERSION = 1
CSV_KEYS = [
    "owner", "id", "name", "area_id", "cycle", "last_report", "due_since", "days_overdue",
    "missed_cycles", "owner_assumed",
]  # fmt: skip


def owner_name(owner: str, items: Sequence[DueItem] = ()) -> str:
    """区卫生健康委（暂定） when the file assumes the owner: it is who is asked to report."""
    if not owner:
        return t("due.no_owner")
    return t("list.owner_assumed", owner=owner) if assumed(items) else owner


def assumed(items: Iterable[DueItem]) -> bool:
    return any(item.indicator.owner_assumed for item in items)


def overdue(item: DueItem) -> str:
    return t("due.overdue", days=item.days_overdue, missed=item.missed)


def nothing_due(report: DueReport) -> str:
    """Nobody owes a report: all reported, or no period is under way any more."""
    return t("due.none") if report.period_open else t("due.none_open")


def item_json(item: DueItem) -> dict[str, Any]:
    return {
        "id": item.indicator.id,
        "name": item.indicator.name,
        "area_id": item.indicator.area_id,
        "owner": item.indicator.owner,
        "owner_assumed": item.indicator.owner_assumed,
        "cycle": item.indicator.cycle.value,
        "last_report": item.last_report.isoformat() if item.last_report else None,
        "due_since": item.due_since.isoformat(),
        "days_overdue": item.days_overdue,
        "missed_cycles": item.missed,
        "display": {
            "cycle": t(f"cycle.{item.indicator.cycle.value}"),
            "overdue": overdue(item),
        },
    }


def due_json(report: DueReport) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "period": report.period,
        "count": len(report.items),
        "period_open": report.period_open,
        "owners": [
            {
                "owner": owner or None,
                "owner_assumed": assumed(items),
                "count": len(items),
                "indicators": [item_json(i) for i in items],
            }
            for owner, items in report.by_owner()
        ],
    }


def due_csv(report: DueReport, bom: bool = False) -> str:
    rows = [item_json(item) | {"owner": item.owner} for item in report.items]
    return csv_text(CSV_KEYS, rows, bom)


def _columns() -> list[Column]:
    return [
        Column("id", t("col.id")),
        Column("name", t("col.indicator")),
        Column("cycle", t("col.cycle")),
        Column("last", t("col.last_report")),
        Column("since", t("col.due_since")),
        Column("overdue", t("col.overdue"), numeric=True),
    ]


def _row(item: DueItem) -> dict[str, str]:
    return {
        "id": item.indicator.id,
        "name": item.indicator.name,
        "cycle": t(f"cycle.{item.indicator.cycle.value}"),
        "last": words.day(item.last_report),
        "since": item.due_since.isoformat(),
        "overdue": overdue(item),
    }


def due_markdown(report: DueReport) -> str:
    lines = [
        f"## {t('due.title')}",
        "",
        t("due.caption", as_of=report.as_of, period=report.period),
        "",
    ]
    if not report.items:
        return "\n".join([*lines, nothing_due(report), ""])
    for owner, items in report.by_owner():
        lines += [f"### {t('words.aside', text=owner_name(owner, items), aside=len(items))}", ""]
        lines += [markdown_table(_columns(), map(_row, items)), ""]
    if assumed(report.items):
        lines += [t("status.owner_assumed"), ""]
    return "\n".join(lines)


def render_due_table(report: DueReport, console: Console) -> None:
    if not report.items:
        console.print(nothing_due(report))
        return
    priorities = {"id": 4, "cycle": 3, "last": 2, "since": 1}
    table = FittedTable(
        [
            Col("owner", t("col.owner"), flexible=True),  # long names give way, not dates
            *(
                Col(
                    c.key,
                    c.heading,
                    priorities.get(c.key, 0),
                    "right" if c.numeric else "left",
                    flexible=c.key == "name",
                )
                for c in _columns()
            ),
        ],
        options={
            "title": t("due.title"),
            "caption": t("due.caption", as_of=report.as_of, period=report.period),
        },
    )
    groups = report.by_owner()
    for index, (owner, items) in enumerate(groups):
        for position, item in enumerate(items):
            plain = _row(item)
            cells: dict[str, RenderableType] = dict(plain)
            cells["owner"] = Text(owner_name(owner, items), style="bold") if position == 0 else ""
            cells["overdue"] = Text(plain["overdue"], style="red" if item.missed > 1 else "yellow")
            last = position == len(items) - 1 and index < len(groups) - 1
            table.add(cells, end_section=last)
    table.show(console)
    if assumed(report.items):
        console.print(t("status.owner_assumed"))
