"""The status report as a Rich table: one section per area, lights and bars per indicator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kpitrack.messages import t
from kpitrack.progress import State
from kpitrack.render import words
from kpitrack.render.fit import Col, FittedTable, Styled, sentence_text
from kpitrack.render.status_text import assumed_owners, caption, counts_line
from kpitrack.status import StatusReport, short_name

if TYPE_CHECKING:
    from rich.console import Console

    from kpitrack.output import Screen

STYLES = {
    State.DONE: "green",
    State.ON_TRACK: "green",
    State.BEHIND: "yellow",
    State.FAR_BEHIND: "bold red",
    State.MISSED: "red",
    State.IN_PROGRESS: "green",
    State.BREACHED: "bold red",
    State.NO_DATA: "dim",
    State.RESULT: "light_green",  # a result's verdict: 超额完成 / 完成; 未说明 is dim
    State.CONTEXT: "dim",
}


def render_status_table(report: StatusReport, console: Console) -> None:
    if not report.areas:
        console.print(t("status.empty"))
        return
    _table(report).show(console)
    console.print(counts_line(report))
    if assumed_owners(report):
        console.print(t("status.owner_assumed"))


def status_table_text(report: StatusReport, screen: Screen) -> list[str] | None:
    """What ``render_status_table`` prints, print by print, to a console on this screen (a
    pipe, or a terminal in colour), worked out without one (see FittedTable.text); None
    when it takes Rich's console."""
    width, colours, no_color = screen
    trim = colours is None
    sentences = [counts_line(report)] if report.areas else [t("status.empty")]
    if report.areas and assumed_owners(report):
        sentences.append(t("status.owner_assumed"))
    texts = [sentence_text(sentence, width, trim) for sentence in sentences]
    if report.areas:
        texts.insert(0, None if None in texts else _table(report).text(width, colours, no_color))
    if None in texts:
        return None
    return texts  # type: ignore[return-value]


def _table(report: StatusReport) -> FittedTable:
    table = FittedTable(
        [
            Col("name", t("col.indicator"), flexible=True),
            Col("target", t("col.target"), 5, "right", core=True),
            Col("actual", t("col.actual"), 4, "right", core=True),
            Col("completion", t("col.completion")),
            Col("pace", t("col.pace"), 3, "right", core=True),
            Col("gap", t("col.gap"), 2, "right", core=True),
            Col("state", t("col.state")),
            Col("forecast", t("col.forecast"), 6, "right"),
            Col("needed", t("col.needed"), 7, "right"),
            Col("updated", t("col.updated"), 8),
        ],
        options={"title": t("status.title"), "caption": caption(report)},
    )
    for index, area in enumerate(report.areas):
        table.add(
            {
                "name": Styled(short_name(area.area.name), "bold"),
                "completion": Styled(
                    f"{words.bar(area.completion)} {words.percent(area.completion)}", "bold"
                ),
                "state": Styled(t("status.area_count", count=len(area.rows)), "bold"),
            }
        )
        for position, row in enumerate(area.rows):
            style = "dim" if words.row_light(row) == "grey" else STYLES[row.state]
            last = position == len(area.rows) - 1 and index < len(report.areas) - 1
            table.add(
                {
                    "name": Styled(
                        ("    " if row.indicator.member_of else "  ") + row.indicator.name
                    ),
                    "target": words.target(row.indicator),
                    "actual": words.actual(row),
                    "completion": f"{words.bar(row.completion)} {words.percent(row.completion)}",
                    "pace": words.percent(row.pace),
                    "gap": Styled(words.points(row.gap), style if row.gap is not None else ""),
                    "state": Styled(
                        f"{words.TERMINAL_LIGHTS[words.row_light(row)]} {words.row_state(row)}",
                        style,
                    ),
                    "forecast": Styled(words.forecast(row), "red" if row.will_miss else ""),
                    "needed": words.needed(row),
                    "updated": words.day(row.last_update),
                },
                end_section=last,
            )
    return table
