"""The declared indicators (``kpi list``) as a table or JSON."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpitrack.messages import t
from kpitrack.model import Area, Indicator
from kpitrack.render import words


def listing_json(areas: list[tuple[Area, list[Indicator]]]) -> list[dict[str, Any]]:
    return [
        {
            "id": indicator.id,
            "name": indicator.name,
            "area_id": area.id,
            "area": area.name,
            "unit": indicator.unit,
            "target": float(indicator.target) if indicator.target is not None else None,
            "target_stage": indicator.target_stage if indicator.stages else None,
            "stages": indicator.stage_names,
            "approx": indicator.approx,
            "measure": indicator.measure.value,
            "direction": indicator.direction.value,
            "period": indicator.period.label,
            "cycle": indicator.cycle.value,
            "owner": indicator.owner,
            "source": indicator.source,
            "display_target": words.target(indicator),
        }
        for area, indicators in areas
        for indicator in indicators
    ]


def render_listing_table(areas: list[tuple[Area, list[Indicator]]], console: Console) -> None:
    table = Table(title=t("list.title"), box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(t("col.id"), no_wrap=True)
    table.add_column(t("col.indicator"), overflow="fold", max_width=34)
    table.add_column(t("col.target"), justify="right", no_wrap=True)
    table.add_column(t("col.measure"), no_wrap=True)
    table.add_column(t("col.period"), no_wrap=True)
    table.add_column(t("col.owner"), overflow="fold")
    for index, (area, indicators) in enumerate(areas):
        table.add_row("", Text(area.name, style="bold"))
        for indicator in indicators:
            table.add_row(
                indicator.id,
                indicator.name,
                words.target(indicator),
                t(f"measure.{indicator.measure.value}"),
                indicator.period.label,
                indicator.owner or words.DASH,
            )
        if index < len(areas) - 1:
            table.add_section()
    console.print(table)
