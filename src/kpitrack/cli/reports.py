"""Report commands: list, status, due, summary, history; each takes --format."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from kpitrack import service
from kpitrack.cli.app import (
    REPORT,
    AreaOption,
    AsOfOption,
    BomOption,
    DbOption,
    FailOnOption,
    FormatOption,
    LangOption,
    NoColorOption,
    PeriodOption,
    ScopeOption,
    TargetsOption,
    app,
    as_of_day,
    emit,
    exit_if,
    friendly,
)
from kpitrack.conditions import FailOn, failing
from kpitrack.errors import KpiError, clip
from kpitrack.messages import t
from kpitrack.model import Area, Targets
from kpitrack.output import LISTED, Format, Screen
from kpitrack.periods import DefaultPeriod
from kpitrack.render.status_json import status_json
from kpitrack.service import Place
from kpitrack.status import ALL_PERIODS, StatusReport, select

if TYPE_CHECKING:
    from rich.console import Console

# Each report's renderers are imported by its command, not here: ``kpi status`` starts without
# the others' (issue 13, start-up).


@app.command("list", rich_help_panel=REPORT)
@friendly
def list_indicators(
    period: PeriodOption = None,
    area: AreaOption = None,
    scope: ScopeOption = None,
    output: FormatOption = Format.TABLE,
    bom: BomOption = False,
    no_color: NoColorOption = False,
    retired: Annotated[
        bool,
        typer.Option("--retired"),
    ] = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    from kpitrack.render.listing import (
        listing_csv,
        listing_document,
        listing_markdown,
        render_listing_table,
    )

    replaced: dict[str, str | None] = {}
    if retired:
        gone = service.retired(Place(targets, db))
        replaced = {r.indicator.id: r.replaced_by for r in gone}
        removed = Area("retired", t("list.retired"), tuple(r.indicator for r in gone))
        chosen = [(removed, list(removed.indicators))] if gone else []
    else:
        loaded = service.declared(Place(targets, db, scope))
        chosen = [(a, list(i)) for a, i in select(loaded, period or ALL_PERIODS, area).areas]
    emit(
        output,
        no_color,
        table=lambda console: render_listing_table(chosen, console, replaced),
        json=lambda: listing_document(chosen, replaced),
        csv=lambda: listing_csv(chosen, bom, replaced),
        markdown=lambda: listing_markdown(chosen),
    )


@app.command(rich_help_panel=REPORT)
@friendly
def status(
    as_of: AsOfOption = None,
    period: PeriodOption = None,
    area: AreaOption = None,
    scope: ScopeOption = None,
    output: FormatOption = Format.TABLE,
    fail_on: FailOnOption = None,
    bom: BomOption = False,
    no_color: NoColorOption = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    day = as_of_day(as_of)
    view = service.status(Place(targets, db, scope), day, period, area)
    report = view.report
    say_if_closed(view.targets, report.period, day, view.chosen)
    if fail_on and FailOn.DUE in fail_on:
        from kpitrack.due import due_from_status

        due = due_from_status(report)
    else:
        due = None
    emit(
        output,
        no_color,
        table=lambda console: _status_table(report, console),
        json=lambda: status_json(report),
        csv=lambda: _status_csv(report, bom),
        markdown=lambda: _status_markdown(report),
        drawn=lambda screen: _status_drawn(report, screen),
    )
    exit_if(fail_on, failing(fail_on or [], report.rows(), due.items if due else ()))


def _status_table(report: StatusReport, console: Console) -> None:
    """Each format's renderer is imported for that format only: JSON starts without Rich's
    console and tables, or the writers of CSV and markdown."""
    from kpitrack.render.status_table import render_status_table

    render_status_table(report, console)


def _status_drawn(report: StatusReport, screen: Screen) -> list[str] | None:
    from kpitrack.render.status_table import status_table_text

    return status_table_text(report, screen)


def _status_csv(report: StatusReport, bom: bool) -> str:
    from kpitrack.render.status_text import status_csv

    return status_csv(report, bom)


def _status_markdown(report: StatusReport) -> str:
    from kpitrack.render.status_text import status_markdown

    return status_markdown(report)


@app.command(rich_help_panel=REPORT)
@friendly
def due(
    owner: Annotated[
        str | None,
        typer.Option("--owner"),
    ] = None,
    as_of: AsOfOption = None,
    period: PeriodOption = None,
    area: AreaOption = None,
    scope: ScopeOption = None,
    output: FormatOption = Format.TABLE,
    fail_on: FailOnOption = None,
    bom: BomOption = False,
    no_color: NoColorOption = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    from kpitrack.render.due import due_csv, due_json, due_markdown, render_due_table

    day = as_of_day(as_of)
    view = service.due(Place(targets, db, scope), day, period, area, owner)
    report, status = view.report, view.status
    say_if_closed(view.targets, status.period, day)
    emit(
        output,
        no_color,
        table=lambda console: render_due_table(report, console),
        json=lambda: due_json(report),
        csv=lambda: due_csv(report, bom),
        markdown=lambda: due_markdown(report),
    )
    exit_if(fail_on, failing(fail_on or [], status.rows(), report.items))


@app.command(rich_help_panel=REPORT)
@friendly
def summary(
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", show_default=False),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", show_default=False),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            show_default=False,
        ),
    ] = None,
    period: PeriodOption = None,
    area: AreaOption = None,
    scope: ScopeOption = None,
    output: FormatOption = Format.TABLE,
    every: Annotated[
        bool,
        typer.Option(
            "--all",
        ),
    ] = False,
    fail_on: FailOnOption = None,
    bom: BomOption = False,
    no_color: NoColorOption = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    from kpitrack.render.summary import (
        render_summary_table,
        summary_csv,
        summary_json,
        summary_markdown,
    )

    day = as_of_day(as_of)
    limit = None if every else LISTED
    default_window = week is None and since is None and until is None
    window = _window(week, since, until, day)
    view = service.summary(Place(targets, db, scope), day, window, default_window, period, area)
    report, label = view.report, view.label
    if view.finished is not None and view.chosen.ended is not None:
        end = view.chosen.ended.end
        print(t("summary.none_open", period=report.period, end=end, week=label), file=sys.stderr)
    else:
        say_if_closed(view.targets, report.period, view.judged)
    emit(
        output,
        no_color,
        table=lambda console: render_summary_table(report, console, limit),
        json=lambda: summary_json(report),
        csv=lambda: summary_csv(report, bom),
        markdown=lambda: summary_markdown(report, limit),
    )
    exit_if(fail_on, failing(fail_on or [], report.after.rows(), report.due.items))


def _window(
    week: str | None, since: str | None, until: str | None, today: date
) -> tuple[date, date, str]:
    from kpitrack.cycles import iso_week, last_complete_week, week_label
    from kpitrack.recording import parse_day

    if week is not None and (since is not None or until is not None):
        raise KpiError("cli.window_conflict")
    if since is not None or until is not None:
        last = parse_day(until, "--until") if until else today
        first = parse_day(since, "--since") if since else last
        if first > last:
            raise KpiError("cli.window_order", since=first, until=last)
        return first, last, f"{first.isoformat()}..{last.isoformat()}"
    if week is None:
        first, last = last_complete_week(today)
        return first, last, week_label(first)
    try:
        first, last = iso_week(week)
    except ValueError:
        raise KpiError("cli.bad_week", value=clip(week)) from None
    return first, last, week_label(first)


@app.command(rich_help_panel=REPORT)
@friendly
def history(
    indicator_id: Annotated[str, typer.Argument(metavar="ID")],
    show_all: Annotated[bool, typer.Option("--all")] = False,
    as_of: AsOfOption = None,
    output: FormatOption = Format.TABLE,
    bom: BomOption = False,
    no_color: NoColorOption = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    from kpitrack.render.history import (
        history_csv,
        history_json,
        history_markdown,
        render_history_table,
    )

    day = as_of_day(as_of)
    story = service.history(Place(targets, db), indicator_id, day, show_all)
    emit(
        output,
        no_color,
        table=lambda console: render_history_table(story, console),
        json=lambda: history_json(story),
        csv=lambda: history_csv(story, bom),
        markdown=lambda: history_markdown(story),
    )


def say_if_closed(
    targets: Targets, period: str, day: date, chosen: DefaultPeriod | None = None
) -> None:
    """A report of a period that has ended says so, on stderr: --format json stays one shape.

    When the period was chosen because none is under way, the note says that too.
    """
    if chosen is not None and chosen.ended is not None:
        print(t("period.none_open", period=period, end=chosen.ended.end), file=sys.stderr)
        return
    ended = [p for p in targets.periods() if p.matches(period) and p.end < day]
    if ended:
        print(t("status.period_closed", period=period, end=ended[0].end), file=sys.stderr)
