"""The status report as CSV (raw values, one row per indicator) and as Markdown; its caption
and counts, which the table shows too.

The table imports this module for its caption alone: the writers of CSV and Markdown (and
Python's csv) are imported by the functions that write them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kpitrack.messages import t
from kpitrack.quantity import format_number
from kpitrack.render import words
from kpitrack.status import ALL_PERIODS, IndicatorStatus, StatusReport

if TYPE_CHECKING:
    from kpitrack.render.tabular import Column

CSV_KEYS = [
    "area_id", "area", "id", "name", "owner", "unit", "measure", "period", "target",
    "target_stage", "actual", "stage", "completion", "pace", "gap_pp", "state", "state_label",
    "light", "forecast", "will_miss", "needed_per_cycle", "cycle", "last_update", "entries",
    "commitment", "actual_approx", "verdict",
    "latest_note", "member_of", "owner_assumed", "source_line",
]  # fmt: skip


def status_csv(report: StatusReport, bom: bool = False) -> str:
    from kpitrack.render.status_json import indicator_json
    from kpitrack.render.tabular import csv_text

    rows = []
    for area in report.areas:
        for row in area.rows:
            data: dict[str, Any] = indicator_json(row)
            data["area"] = area.area.name
            data["state_label"] = words.row_state(row)
            rows.append(data)
    return csv_text(CSV_KEYS, rows, bom)


def markdown_columns() -> list[Column]:
    from kpitrack.render.tabular import Column

    return [
        Column("name", t("col.indicator")),
        Column("target", t("col.target"), numeric=True),
        Column("actual", t("col.actual"), numeric=True),
        Column("completion", t("col.completion"), numeric=True),
        Column("pace", t("col.pace"), numeric=True),
        Column("gap", t("col.gap"), numeric=True),
        Column("state", t("col.state")),
        Column("forecast", t("col.forecast"), numeric=True),
        Column("needed", t("col.needed"), numeric=True),
        Column("updated", t("col.updated")),
    ]


def markdown_row(row: IndicatorStatus) -> dict[str, str]:
    return {
        "name": ("↳ " if row.indicator.member_of else "") + row.indicator.name,
        "target": words.target(row.indicator),
        "actual": words.actual(row),
        "completion": words.percent(row.completion),
        "pace": words.percent(row.pace),
        "gap": words.points(row.gap),
        "state": words.light_row_state(row),
        "forecast": words.forecast(row),
        "needed": words.needed(row),
        "updated": words.day(row.last_update),
    }


def status_markdown(report: StatusReport) -> str:
    from kpitrack.render.tabular import markdown_table

    lines = [f"## {t('status.title')}", "", caption(report), ""]
    if not report.areas:
        return "\n".join([*lines, t("status.empty"), ""])
    for area in report.areas:
        lines += [f"### {area.area.name}", ""]
        lines += [t("md.area_completion", completion=words.percent(area.completion)), ""]
        lines += [markdown_table(markdown_columns(), map(markdown_row, area.rows)), ""]
    lines += [counts_line(report), ""]
    if assumed_owners(report):
        lines += [t("status.owner_assumed"), ""]
    return "\n".join(lines)


def assumed_owners(report: StatusReport) -> bool:
    """Whether any owner shown is this file's assumption: the footer then says so once."""
    return any(row.indicator.owner and row.indicator.owner_assumed for row in report.rows())


def caption(report: StatusReport) -> str:
    ended = report.ended()
    if ended is not None and report.period == ALL_PERIODS:
        return t("status.caption_closed_all", as_of=report.as_of, end=ended)
    if ended is not None:
        return t("status.caption_closed", as_of=report.as_of, period=report.period, end=ended)
    return t(
        "status.caption",
        as_of=report.as_of.isoformat(),
        period=report.period,
        behind=format_number(report.thresholds.behind),
        far=format_number(report.thresholds.far_behind),
    )


def counts_line(report: StatusReport) -> str:
    counts = report.counts()
    parts = t("list.separator").join(f"{words.state(s)} {n}" for s, n in counts.items() if n)
    return t("status.counts", total=sum(counts.values()), parts=parts or "—")
