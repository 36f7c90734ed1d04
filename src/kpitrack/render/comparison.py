"""``kpi extract --merge``: what a report has that targets.yaml lacks, what differs, the reverse."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from kpitrack.draft import Comparison
from kpitrack.extract import Found
from kpitrack.messages import t
from kpitrack.model import Indicator
from kpitrack.quantity import format_quantity
from kpitrack.render import words
from kpitrack.render.fit import Col, FittedTable


def render_comparison(comparison: Comparison, console: Console) -> None:
    console.print(
        t(
            "extract.summary",
            found=comparison.found,
            matched=len(comparison.matched),
            differs=len(comparison.differs),
            only_report=len(comparison.only_in_report),
            only_declared=len(comparison.only_declared),
            words_unmatched=len(comparison.words_unmatched),
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
                    "value": _figure(item),
                    "name": item.name,
                }
            )
        table.show(console)
    if comparison.differs:
        table = FittedTable(
            [
                Col("line", t("col.line"), justify="right"),
                Col("name", t("col.indicator"), flexible=True),
                Col("report", t("col.report"), justify="right"),
                Col("declared", "targets.yaml", justify="right"),
                Col("id", t("col.id")),
            ],
            options={"title": t("extract.differs")},
        )
        for item, indicator in comparison.differs:
            table.add(
                {
                    "line": str(item.line),
                    "name": item.name,
                    "report": _figure(item),
                    "declared": _declared(item, indicator),
                    "id": Text(indicator.id),
                }
            )
        table.show(console)
    for title, indicators in (
        (t("extract.only_declared"), comparison.only_declared),
        (t("extract.words_unmatched"), comparison.words_unmatched),
    ):
        if indicators:
            _declared_table(title, indicators).show(console)


def _figure(item: Found) -> str:
    """What the report says: its figure, else a project's stage, a verdict, or 任务."""
    if item.value is not None:
        return format_quantity(item.value, item.unit, approx=item.approx)
    if item.measure == "task":
        return t("task.target")
    return item.stage or item.verdict or ""


def _declared(item: Found, indicator: Indicator) -> str:
    """The declared figure the report's is set against: a result's actual, else the target."""
    actual = indicator.actual
    if item.kind == "result" and actual is not None and actual.value is not None:
        return format_quantity(actual.value, indicator.unit, places=2, approx=actual.approx)
    return words.target(indicator)


def _declared_table(title: str, indicators: list[Indicator]) -> FittedTable:
    table = FittedTable(
        [
            Col("id", t("col.id")),
            Col("name", t("col.indicator"), flexible=True),
            Col("target", t("col.target"), justify="right"),
            Col("period", t("col.period")),
        ],
        options={"title": title},
    )
    for indicator in indicators:
        table.add(
            {
                "id": Text(indicator.id),
                "name": indicator.name,
                "target": words.target(indicator),
                "period": indicator.period.label,
            }
        )
    return table
