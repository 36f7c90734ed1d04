"""The status report as a Rich table: one section per area, lights and bars per indicator."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpitrack.messages import t
from kpitrack.progress import State
from kpitrack.render import words
from kpitrack.status import StatusReport, short_name

STYLES = {
    State.DONE: "green",
    State.ON_TRACK: "green",
    State.BEHIND: "yellow",
    State.FAR_BEHIND: "bold red",
    State.BREACHED: "bold red",
    State.NO_DATA: "dim",
}
WIDE = 130  # below this many columns, forecast, still-needed and updated are left out
LIGHTS = {"green": "●", "yellow": "●", "red": "●", "grey": "○"}


def render_status_table(report: StatusReport, console: Console) -> None:
    if not report.areas:
        console.print(t("status.empty"))
        return
    table = Table(
        title=t("status.title"),
        caption=t(
            "status.caption",
            as_of=report.as_of.isoformat(),
            period=report.period,
            behind=f"{report.thresholds.behind:g}",
            far=f"{report.thresholds.far_behind:g}",
        ),
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    wide = console.width >= WIDE
    table.add_column(t("col.indicator"), overflow="fold", min_width=12, max_width=40)
    table.add_column(t("col.target"), justify="right", no_wrap=True)
    table.add_column(t("col.actual"), justify="right", no_wrap=True)
    table.add_column(t("col.completion"), no_wrap=True)
    table.add_column(t("col.pace"), justify="right", no_wrap=True)
    table.add_column(t("col.gap"), justify="right", no_wrap=True)
    table.add_column(t("col.state"), no_wrap=True)
    if wide:
        table.add_column(t("col.forecast"), justify="right", no_wrap=True)
        table.add_column(t("col.needed"), justify="right", no_wrap=True)
        table.add_column(t("col.updated"), no_wrap=True)

    for index, area in enumerate(report.areas):
        table.add_row(
            Text(short_name(area.area.name), style="bold"),
            "",
            "",
            Text(f"{words.bar(area.completion)} {words.percent(area.completion)}", style="bold"),
            "",
            "",
            Text(t("status.area_count", count=len(area.rows)), style="bold"),
        )
        for row in area.rows:
            style = STYLES[row.state]
            light = LIGHTS[row.state.light]
            cells: list[str | Text] = [
                Text(f"  {row.indicator.name}"),
                words.target(row.indicator),
                words.actual(row),
                f"{words.bar(row.completion)} {words.percent(row.completion)}",
                words.percent(row.pace),
                Text(words.points(row.gap), style=style if row.gap is not None else ""),
                Text(f"{light} {words.state(row.state)}", style=style),
            ]
            if wide:
                cells += [
                    Text(words.forecast(row), style="red" if row.will_miss else ""),
                    words.needed(row),
                    row.last_update.isoformat() if row.last_update else words.DASH,
                ]
            table.add_row(*cells)
        if index < len(report.areas) - 1:
            table.add_section()
    console.print(table)
    counts = report.counts()
    parts = "，".join(f"{words.state(s)} {n}" for s, n in counts.items() if n)
    console.print(t("status.counts", total=sum(counts.values()), parts=parts))
