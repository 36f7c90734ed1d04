"""``kpi extract --merge``: what a report has that targets.yaml lacks, and the reverse."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from kpitrack.draft import Comparison
from kpitrack.messages import t
from kpitrack.quantity import format_quantity
from kpitrack.render import words
from kpitrack.render.fit import Col, FittedTable


def render_comparison(comparison: Comparison, found: int, console: Console) -> None:
    console.print(
        t(
            "extract.summary",
            found=found,
            matched=len(comparison.matched),
            only_report=len(comparison.only_in_report),
            only_declared=len(comparison.only_declared),
        )
    )
    if comparison.only_in_report:
        table = FittedTable(
            [
                Col("line", t("col.line"), justify="right"),
                Col("kind", t("col.kind")),
                Col("value", t("col.target"), justify="right"),
                Col("name", t("col.indicator"), flexible=True),
            ],
            options={"title": t("extract.only_report")},
        )
        for item in comparison.only_in_report:
            table.add(
                {
                    "line": str(item.line),
                    "kind": t(f"kind.{item.kind}"),
                    "value": item.stage or ""
                    if item.value is None
                    else format_quantity(item.value, item.unit, approx=item.approx),
                    "name": item.name,
                }
            )
        console.print(table.build(console))
    if comparison.only_declared:
        table = FittedTable(
            [
                Col("id", t("col.id")),
                Col("name", t("col.indicator"), flexible=True),
                Col("target", t("col.target"), justify="right"),
                Col("period", t("col.period")),
            ],
            options={"title": t("extract.only_declared")},
        )
        for indicator in comparison.only_declared:
            table.add(
                {
                    "id": Text(indicator.id),
                    "name": indicator.name,
                    "target": words.target(indicator),
                    "period": indicator.period.label,
                }
            )
        console.print(table.build(console))
