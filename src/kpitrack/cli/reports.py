"""Report commands: list, status, due, summary, history; each takes --format."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

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
from kpitrack.cycles import iso_week, last_complete_week, week_label
from kpitrack.due import due_from_status
from kpitrack.errors import KpiError, clip
from kpitrack.messages import t
from kpitrack.model import Area, Targets
from kpitrack.output import Format
from kpitrack.periods import DefaultPeriod
from kpitrack.recording import parse_day
from kpitrack.render.due import due_csv, due_json, due_markdown, render_due_table
from kpitrack.render.history import (
    history_csv,
    history_json,
    history_markdown,
    render_history_table,
)
from kpitrack.render.listing import (
    listing_csv,
    listing_document,
    listing_markdown,
    render_listing_table,
)
from kpitrack.render.status_json import status_json
from kpitrack.render.status_table import render_status_table
from kpitrack.render.status_text import status_csv, status_markdown
from kpitrack.render.summary import (
    render_summary_table,
    summary_csv,
    summary_json,
    summary_markdown,
)
from kpitrack.service import Place
from kpitrack.status import ALL_PERIODS, select


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
        typer.Option(
            "--retired", help="List the indicators removed from targets.yaml, kept in the database."
        ),
    ] = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """List the declared indicators with their ids, targets and owners (all periods by default).

    Examples: kpi list --period 2024 --format csv --bom > 指标清单.csv; kpi list --retired
    """
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
    """Completion against target and against pace (序时进度), grouped by area.

    Without --period: the period under way on the --as-of date (default today). When none is,
    the latest period that has ended, with its final states (已完成 / 未完成) and a note on
    stderr saying so. A period that has ended is final: missed is not behind, so --fail-on
    behind holds only for a period still under way.
    Examples: kpi status; kpi status --as-of 2024-06-30 --format json;
    kpi status --period 2023; kpi status --fail-on behind --format markdown
    """
    day = as_of_day(as_of)
    view = service.status(Place(targets, db, scope), day, period, area)
    report = view.report
    say_if_closed(view.targets, report.period, day, view.chosen)
    due = due_from_status(report) if fail_on and FailOn.DUE in fail_on else None
    emit(
        output,
        no_color,
        table=lambda console: render_status_table(report, console),
        json=lambda: status_json(report),
        csv=lambda: status_csv(report, bom),
        markdown=lambda: status_markdown(report),
    )
    exit_if(fail_on, failing(fail_on or [], report.rows(), due.items if due else ()))


@app.command(rich_help_panel=REPORT)
@friendly
def due(
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="Only owners (责任单位) whose name contains this."),
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
    """Indicators whose reporting cycle passed without an entry, grouped by owner.

    A report is due at the end of each cycle (weekly, monthly, quarterly in targets.yaml); a
    later period-to-date figure covers the cycles before it; done indicators are never due.
    A period that has ended is never due: without --period, the period under way is shown, and
    when none is, the output says so.
    Examples: kpi due; kpi due --owner 教育局 --format csv; kpi due --fail-on due
    """
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
            help="ISO week such as 2024-W27. Default: the last complete week, or the final "
            "week of the latest period when none is under way.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="First day of the window, instead of --week.", show_default=False
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", help="Last day of the window. Default: --as-of.", show_default=False
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The day the default window is chosen from. Default: today.",
            show_default=False,
        ),
    ] = None,
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
    """What changed in a week (or any window): entries, movement, state changes, overdue reports.

    The same database and window always give the same summary. Without --week, --since or
    --until: the last complete week, of the period under way. When no period is under way, the
    final week of the latest one (the ISO week holding its last day, e.g. 2025-W01 for 2024),
    whose states are final; a note on stderr says so. --period of an ended period alone also
    gives its final week. With a window and no --period: the period holding its last day.
    --fail-on behind never holds for a period that has ended: missed is final, not behind.
    Examples: kpi summary --week 2024-W27 --format markdown > 周报.md;
    kpi summary --since 2024-07-01 --until 2024-07-31 --format json
    """
    day = as_of_day(as_of)
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
        table=lambda console: render_summary_table(report, console),
        json=lambda: summary_json(report),
        csv=lambda: summary_csv(report, bom),
        markdown=lambda: summary_markdown(report),
    )
    exit_if(fail_on, failing(fail_on or [], report.after.rows(), report.due.items))


def _window(
    week: str | None, since: str | None, until: str | None, today: date
) -> tuple[date, date, str]:
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
    indicator_id: Annotated[str, typer.Argument(metavar="ID", help="Indicator id or name.")],
    show_all: Annotated[
        bool, typer.Option("--all", help="Show voided entries too, marked with who voided them.")
    ] = False,
    as_of: AsOfOption = None,
    output: FormatOption = Format.TABLE,
    bom: BomOption = False,
    no_color: NoColorOption = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Every entry of an indicator, the period-to-date series they make, pace and forecast.

    Examples: kpi history key-projects-2024; kpi history key-projects-2024 --all --format csv
    """
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
