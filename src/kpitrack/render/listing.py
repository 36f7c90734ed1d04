"""The declared indicators (``kpi list``) as a table or JSON."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from kpitrack.messages import t
from kpitrack.model import Area, Indicator
from kpitrack.render import words
from kpitrack.render.fit import Col, FittedTable
from kpitrack.render.tabular import Column, csv_text, markdown_table
from kpitrack.results import verdict_of

# 2: an object with ``schema``, ``count`` and ``indicators``, like every other report; the
# first version was a bare array (issue 14).
SCHEMA_VERSION = 2

CSV_KEYS = [
    "id", "name", "area_id", "area", "unit", "target", "target_stage", "stages", "approx",
    "measure", "direction", "period", "cycle", "owner", "source", "retired", "replaced_by",
    "commitment", "verdict",
    "owner_assumed", "source_line", "members", "member_of",
]  # fmt: skip


def listing_document(
    areas: list[tuple[Area, list[Indicator]]], replaced_by: dict[str, str | None] | None = None
) -> dict[str, Any]:
    """``kpi list --format json``: the indicators with the schema version a script checks."""
    rows = listing_json(areas, replaced_by)
    return {"schema": SCHEMA_VERSION, "count": len(rows), "indicators": rows}


def listing_json(
    areas: list[tuple[Area, list[Indicator]]], replaced_by: dict[str, str | None] | None = None
) -> list[dict[str, Any]]:
    replaced_by = replaced_by or {}
    return [
        {
            "id": indicator.id,
            "name": indicator.name,
            "area_id": area.id,
            "area": area.name,
            "unit": indicator.unit,
            "target": indicator.target,
            "target_stage": indicator.target_stage if indicator.stages else None,
            "stages": indicator.stage_names,
            "approx": indicator.approx,
            "commitment": indicator.commitment,
            "verdict": _verdict(indicator),
            "measure": indicator.kind,
            "direction": indicator.direction.value,
            "period": indicator.period.label,
            "cycle": indicator.cycle.value,
            "owner": indicator.owner,
            "owner_assumed": indicator.owner_assumed,
            "source": indicator.source,
            "source_line": indicator.source_line,
            "members": list(indicator.members),
            "member_of": indicator.member_of,
            "display_target": words.target(indicator),
            "retired": indicator.retired,
            "replaced_by": replaced_by.get(indicator.id),
        }
        for area, indicators in areas
        for indicator in indicators
    ]


def render_listing_table(
    areas: list[tuple[Area, list[Indicator]]],
    console: Console,
    replaced_by: dict[str, str | None] | None = None,
) -> None:
    replaced_by = replaced_by or {}
    table = FittedTable(
        [
            Col("id", t("col.id")),
            Col("name", t("col.indicator"), flexible=True),
            Col("target", t("col.target"), 1, "right"),
            Col("measure", t("col.measure"), 4),
            Col("period", t("col.period"), 2),
            Col("owner", t("col.owner"), 3),
        ],
        options={"title": t("list.title")},
    )
    for index, (area, indicators) in enumerate(areas):
        table.add({"name": Text(area.name, style="bold")})
        for position, indicator in enumerate(indicators):
            table.add(
                {
                    "id": indicator.id,
                    "name": indicator.name,
                    "target": words.target(indicator),
                    "measure": words.kind(indicator),
                    "period": indicator.period.label,
                    "owner": _owner_or_fate(indicator, replaced_by),
                },
                end_section=position == len(indicators) - 1 and index < len(areas) - 1,
            )
    table.show(console)


def listing_csv(
    areas: list[tuple[Area, list[Indicator]]],
    bom: bool = False,
    replaced_by: dict[str, str | None] | None = None,
) -> str:
    rows = listing_json(areas, replaced_by)
    for row in rows:  # members are a set, not a sequence of stages: no arrows between them
        row["members"] = t("words.separator").join(row["members"])
    return csv_text(CSV_KEYS, rows, bom)


def listing_markdown(areas: list[tuple[Area, list[Indicator]]]) -> str:
    columns = [
        Column("id", t("col.id")),
        Column("name", t("col.indicator")),
        Column("target", t("col.target"), numeric=True),
        Column("measure", t("col.measure")),
        Column("period", t("col.period")),
        Column("owner", t("col.owner")),
    ]
    lines = [f"## {t('list.title')}", ""]
    for area, indicators in areas:
        rows = [
            {
                "id": f"`{indicator.id}`",
                "name": indicator.name,
                "target": words.target(indicator),
                "measure": words.kind(indicator),
                "period": indicator.period.label,
                "owner": words.owner(indicator),
            }
            for indicator in indicators
        ]
        lines += [f"### {area.name}", "", markdown_table(columns, rows), ""]
    return "\n".join(lines)


def _verdict(indicator: Indicator) -> str | None:
    verdict = verdict_of(indicator)
    return verdict.value if verdict is not None else None


def _owner_or_fate(indicator: Indicator, replaced_by: dict[str, str | None]) -> str:
    if not indicator.retired:
        return words.owner(indicator)
    new_id = replaced_by.get(indicator.id)
    return t("list.renamed", id=new_id) if new_id else t("list.retired_one")
