"""The ``kpi`` command: Typer commands only, each parse → one core call → one renderer.

Domain errors are translated here, once: their sentence goes to stderr and the exit code is 2.
Nothing below this layer knows about the terminal.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from kpitrack import __version__
from kpitrack.errors import KpiError
from kpitrack.messages import t
from kpitrack.model import Measure
from kpitrack.output import Format, make_console
from kpitrack.recording import default_author, find_indicator, parse_day, prepare_entry
from kpitrack.render import words
from kpitrack.render.listing import listing_json, render_listing_table
from kpitrack.render.status_json import dumps, status_json
from kpitrack.render.status_table import render_status_table
from kpitrack.status import build_status, in_period, indicator_status, select_areas, select_period
from kpitrack.store import SEED_AUTHOR
from kpitrack.targets import load_targets, resolve_targets_path
from kpitrack.workspace import open_workspace

app = typer.Typer(
    name="kpi",
    help="Track a work report's indicators: targets in targets.yaml, actuals in SQLite, "
    "completion and pace (序时进度) in the terminal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

P = ParamSpec("P")
R = TypeVar("R")

TargetsOption = Annotated[
    Path | None,
    typer.Option(
        "--targets",
        envvar="KPI_TARGETS",
        help="targets.yaml to use. Default: targets.yaml in this folder or the nearest above.",
        show_default=False,
    ),
]
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="KPI_DB",
        help="SQLite database. Default: kpi.db beside targets.yaml.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", case_sensitive=False, help="Output format: table or json."),
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="No colour, even on a terminal (NO_COLOR works too).")
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="Period to show: a year such as 2024, a period label, or 'all'. "
        "Default: the latest period declared.",
        show_default=False,
    ),
]
AreaOption = Annotated[
    str | None,
    typer.Option(
        "--area",
        help="Only areas whose id is this, or whose name contains it (e.g. 民生).",
        show_default=False,
    ),
]


def friendly(command: Callable[P, R]) -> Callable[P, R]:
    """Bad input becomes one sentence on stderr and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except KpiError as error:
            print(str(error), file=sys.stderr)
            raise typer.Exit(2) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        print(f"kpi {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Track a work report's indicators (指标): targets.yaml declares them, `kpi log` records
    actuals into SQLite, `kpi status` shows completion against target and pace.
    """


@app.command()
@friendly
def init(targets: TargetsOption = None, db: DbOption = None) -> None:
    """Create or update the database from targets.yaml (safe to run again).

    The results the report states (actual: in targets.yaml) are logged once, as of the end
    of their period. Example: kpi init --targets targets.yaml
    """
    workspace = open_workspace(targets, db)
    try:
        store = workspace.store
        print(
            t(
                "cli.init",
                db=store.path,
                indicators=workspace.sync.indicators,
                entries=store.count_entries(),
                seeded=store.count_entries(author=SEED_AUTHOR),
            ),
            file=sys.stderr,
        )
    finally:
        workspace.close()


@app.command()
@friendly
def validate(targets: TargetsOption = None) -> None:
    """Check targets.yaml; every problem is named with its line and key.

    Example: kpi validate --targets draft.yaml
    """
    path = resolve_targets_path(targets)
    loaded = load_targets(path)
    periods = ", ".join(p.label for p in loaded.periods())
    count = sum(1 for _ in loaded.indicators())
    print(t("cli.valid", path=path, areas=len(loaded.areas), indicators=count, periods=periods))


@app.command("list")
@friendly
def list_indicators(
    period: PeriodOption = None,
    area: AreaOption = None,
    output: FormatOption = Format.TABLE,
    no_color: NoColorOption = False,
    targets: TargetsOption = None,
) -> None:
    """List the declared indicators with their ids, targets and owners.

    Example: kpi list --period 2024 --format json
    """
    loaded = load_targets(resolve_targets_path(targets))
    wanted = select_period(loaded, period) if period else "all"
    chosen = [
        (a, [i for i in a.indicators if in_period(i.period, wanted)])
        for a in select_areas(loaded, area)
    ]
    chosen = [(a, indicators) for a, indicators in chosen if indicators]
    if output is Format.JSON:
        print(dumps(listing_json(chosen)))
    else:
        render_listing_table(chosen, make_console(no_color))


@app.command()
@friendly
def log(
    indicator_id: Annotated[str, typer.Argument(metavar="ID", help="Indicator id (see kpi list).")],
    value: Annotated[
        str,
        typer.Argument(
            help="Period-to-date figure (35.2亿, 3520万元, 21), an increment (+3), "
            "a reading (95%) or a stage name (开工)."
        ),
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--date", help="The date the figure is true for. Default: today.", show_default=False
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why, or what it covers.")] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="Who reports it. Default: KPI_USER or the login name.", show_default=False
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Where the figure comes from (a document, a meeting)."),
    ] = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Record an actual for an indicator. Nothing is overwritten: each entry is kept.

    Examples: kpi log key-projects-2024 5 --date 2024-06-30;
    kpi log key-projects-2024 +2; kpi log tencent-esports 建成
    """
    today = date.today()
    day = parse_day(on) if on else today
    workspace = open_workspace(targets, db)
    try:
        indicator = find_indicator(workspace.targets, indicator_id)
        entry = prepare_entry(indicator, value, day, today, by or default_author(), note, source)
        workspace.store.add(entry)
        row = indicator_status(
            indicator, workspace.history_for(indicator, day), day, workspace.targets.thresholds
        )
        if indicator.measure is Measure.MILESTONE:
            message = t(
                "cli.logged_stage",
                id=indicator.id,
                name=indicator.name,
                value=entry.stage,
                date=day,
            )
        else:
            message = t(
                "cli.logged",
                id=indicator.id,
                name=indicator.name,
                value=entry.input,
                date=day,
                actual=words.actual(row),
                completion=words.percent(row.completion),
            )
        print(message, file=sys.stderr)
    finally:
        workspace.close()


@app.command()
@friendly
def status(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Show the state as it was on this date. Default: today.",
            show_default=False,
        ),
    ] = None,
    period: PeriodOption = None,
    area: AreaOption = None,
    output: FormatOption = Format.TABLE,
    no_color: NoColorOption = False,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Completion against target and against pace (序时进度), grouped by area.

    Examples: kpi status; kpi status --as-of 2024-06-30 --format json; kpi status --period 2023
    """
    day = parse_day(as_of, "--as-of") if as_of else date.today()
    workspace = open_workspace(targets, db)
    try:
        report = build_status(workspace.targets, workspace.history_for, day, period, area)
    finally:
        workspace.close()
    if output is Format.JSON:
        print(dumps(status_json(report)))
    else:
        render_status_table(report, make_console(no_color))


def main() -> None:
    app()
