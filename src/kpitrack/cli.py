"""The ``kpi`` command: Typer commands only, each parse → one core call → one renderer.

Domain errors are translated here, once: their sentence goes to stderr and the exit code is 2.
Exit code 1 is kept for the conditions a caller asks to fail on (``--fail-on``). Nothing below
this layer knows about the terminal.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console

from kpitrack import __version__
from kpitrack.batch import BatchPlan, parse_lines, plan_batch, write_batch
from kpitrack.conditions import FailOn, failing
from kpitrack.corrections import amend as amend_entry
from kpitrack.corrections import undo as undo_entry
from kpitrack.cycles import iso_week, last_complete_week, week_label
from kpitrack.draft import compare, draft_yaml
from kpitrack.due import DueReport, build_due
from kpitrack.errors import KpiError
from kpitrack.exporting import export_entries, export_status
from kpitrack.extract import extract as find_indicators
from kpitrack.extract import read_report, report_year
from kpitrack.history import build_history
from kpitrack.importing import read_rows
from kpitrack.messages import LANGUAGES, set_language, t
from kpitrack.model import Area, Measure
from kpitrack.output import Format, make_console
from kpitrack.recording import default_author, find_indicator, parse_day, prepare_entry
from kpitrack.render import words
from kpitrack.render.comparison import render_comparison
from kpitrack.render.due import due_csv, due_json, due_markdown, render_due_table
from kpitrack.render.history import (
    entry_value,
    history_csv,
    history_json,
    history_markdown,
    render_history_table,
)
from kpitrack.render.listing import (
    listing_csv,
    listing_json,
    listing_markdown,
    render_listing_table,
)
from kpitrack.render.status_json import dumps, status_json
from kpitrack.render.status_table import render_status_table
from kpitrack.render.status_text import status_csv, status_markdown
from kpitrack.render.summary import (
    render_summary_table,
    summary_csv,
    summary_json,
    summary_markdown,
)
from kpitrack.status import ALL_PERIODS, build_status, indicator_status, select
from kpitrack.store import SEED_AUTHOR
from kpitrack.summary import build_summary
from kpitrack.targets import load_targets, resolve_targets_path
from kpitrack.workspace import Workspace, open_workspace

app = typer.Typer(
    name="kpi",
    help="Track a work report's indicators: targets in targets.yaml, actuals in SQLite, "
    "completion and pace (序时进度) in the terminal.\n\n"
    "Exit codes: 0 fine; 1 a condition asked for with --fail-on holds; 2 bad usage or input.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

REPORT = "Reports (--format table|json|csv|markdown)"
RECORD = "Recording actuals"
SETUP = "Files"

P = ParamSpec("P")
R = TypeVar("R")


def _language(value: str | None) -> str | None:
    if value is not None:
        if value not in LANGUAGES:
            raise typer.BadParameter(f"{value} (zh, en)")
        set_language(value)
    return value


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
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="table (for people), json, csv or markdown.",
    ),
]
BomOption = Annotated[
    bool,
    typer.Option("--bom", help="With --format csv: start with a UTF-8 byte-order mark, for Excel."),
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="No colour, even on a terminal (NO_COLOR works too).")
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        callback=_language,
        is_eager=True,
        help="Interface language: zh or en. Default: KPI_LANG, else the locale (zh unless en_*).",
        show_default=False,
    ),
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
FailOnOption = Annotated[
    list[FailOn] | None,
    typer.Option(
        "--fail-on",
        case_sensitive=False,
        help="Exit with code 1 when this holds: behind (behind or far behind), far-behind, "
        "breached, due (a report overdue). Repeatable.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Report as things stood on this date. Default: today.", show_default=False
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


def emit(
    output: Format,
    no_color: bool,
    table: Callable[[Console], None],
    json: Callable[[], object],
    csv: Callable[[], str],
    markdown: Callable[[], str],
) -> None:
    """One switch for every report: data goes to stdout in the format asked for."""
    if output is Format.TABLE:
        table(make_console(no_color))
    elif output is Format.JSON:
        print(dumps(json()))
    elif output is Format.CSV:
        sys.stdout.write(csv())
    else:
        print(markdown())


def exit_if(conditions: list[FailOn] | None, held: list[FailOn]) -> None:
    if conditions and held:
        print(t("cli.failed_on", conditions=", ".join(c.value for c in held)), file=sys.stderr)
        raise typer.Exit(1)


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
    """Options that come before the command."""


@app.command(rich_help_panel=SETUP)
@friendly
def init(targets: TargetsOption = None, db: DbOption = None, lang: LangOption = None) -> None:
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


@app.command(rich_help_panel=SETUP)
@friendly
def validate(targets: TargetsOption = None, lang: LangOption = None) -> None:
    """Check targets.yaml; every problem is named with its line and key.

    Example: kpi validate --targets draft.yaml
    """
    path = resolve_targets_path(targets)
    loaded = load_targets(path)
    periods = ", ".join(p.label for p in loaded.periods())
    count = sum(1 for _ in loaded.indicators())
    print(t("cli.valid", path=path, areas=len(loaded.areas), indicators=count, periods=periods))


@app.command("list", rich_help_panel=REPORT)
@friendly
def list_indicators(
    period: PeriodOption = None,
    area: AreaOption = None,
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
        workspace = open_workspace(targets, db)
        try:
            gone = workspace.retired()
        finally:
            workspace.close()
        replaced = {indicator.id: new_id for indicator, new_id in gone}
        removed = Area("retired", t("list.retired"), tuple(indicator for indicator, _ in gone))
        chosen = [(removed, list(removed.indicators))] if gone else []
    else:
        loaded = load_targets(resolve_targets_path(targets))
        chosen = [(a, list(i)) for a, i in select(loaded, period or ALL_PERIODS, area).areas]
    emit(
        output,
        no_color,
        table=lambda console: render_listing_table(chosen, console, replaced),
        json=lambda: listing_json(chosen, replaced),
        csv=lambda: listing_csv(chosen, bom, replaced),
        markdown=lambda: listing_markdown(chosen),
    )


NoteOption = Annotated[str | None, typer.Option("--note", help="Why, or what it covers.")]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by", help="Who reports it. Default: KPI_USER or the login name.", show_default=False
    ),
]
SourceOption = Annotated[
    str | None,
    typer.Option("--source", help="Where the figure comes from (a document, a meeting)."),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date", help="The date the figure is true for. Default: today.", show_default=False
    ),
]


@app.command(rich_help_panel=RECORD)
@friendly
def log(
    indicator_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Indicator id or name (see kpi list), or - to read many from stdin."
        ),
    ],
    value: Annotated[
        str | None,
        typer.Argument(
            help="Period-to-date figure (35.2亿, 3520万元, 21), an increment (+3), "
            "a reading (95%) or a stage name (开工).",
            show_default=False,
        ),
    ] = None,
    on: DateOption = None,
    note: NoteOption = None,
    by: ByOption = None,
    source: SourceOption = None,
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            help="A name for this entry; logging the same key again adds nothing, "
            "so a script can safely run twice.",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Record an actual for an indicator. Nothing is overwritten: each entry is kept.

    With - as the ID, reads one 'ID VALUE [DATE]' per line from stdin (or CSV with a header:
    id, value, date, note, by, source, key), checks them all, and writes them in one go.
    Examples: kpi log key-projects-2024 5 --date 2024-06-30;
    kpi log key-projects-2024 +2 --key weekly-2024-W27; kpi log tencent-esports 建成;
    kpi log - < 本周填报.txt
    """
    today = date.today()
    author = by or default_author()
    if indicator_id == "-":
        workspace = open_workspace(targets, db)
        try:
            rows = parse_lines(sys.stdin.read())
            plan = plan_batch(rows, workspace.targets, workspace.store, today, author, source)
            _write_plan(workspace, plan, skip_bad=False)
        finally:
            workspace.close()
        return
    if value is None:
        raise KpiError("log.missing_value")
    day = parse_day(on) if on else today
    workspace = open_workspace(targets, db)
    try:
        indicator = find_indicator(workspace.targets, indicator_id)
        entry = prepare_entry(indicator, value, day, today, author, note, source, key)
        if key is not None and workspace.store.has_key(key):
            print(t("log.key_seen", key=key), file=sys.stderr)
            return
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


def _write_plan(workspace: Workspace, plan: BatchPlan, skip_bad: bool) -> None:
    """Write a checked batch, or nothing: every bad row is listed with its number."""
    for problem in plan.problems:
        print(t("batch.row", number=problem.number, message=problem.message), file=sys.stderr)
    if plan.problems and not skip_bad:
        print(t("batch.refused", count=len(plan.problems)), file=sys.stderr)
        raise typer.Exit(2)
    written = write_batch(workspace.store, plan)
    if plan.problems:
        print(t("batch.skipped_bad", count=len(plan.problems)), file=sys.stderr)
    if written == 0 and not plan.problems and plan.rows:
        print(t("batch.nothing_new", rows=plan.rows), file=sys.stderr)
    else:
        print(
            t(
                "batch.done",
                written=written,
                duplicates=len(plan.duplicates),
                voided=len(plan.voided),
            ),
            file=sys.stderr,
        )


@app.command("import", rich_help_panel=RECORD)
@friendly
def import_file(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv or .xlsx file.")],
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad", help="Write the good rows and list the bad ones."),
    ] = False,
    by: ByOption = None,
    source: SourceOption = None,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Import a department's spreadsheet of actuals: every row is checked before any is written.

    Columns by heading, English or Chinese: id/指标编号 or name/指标名称, value/数值,
    date/日期, note/备注, by/填报人, source/来源, key/键. A bad row stops the whole import
    (each is listed with its row number) unless --skip-bad. Importing the same file again adds
    nothing. CSV may be UTF-8 (with or without BOM) or GBK.
    Example: kpi import 6月填报.xlsx --source 区教育局月报
    """
    today = date.today()
    rows = read_rows(path)
    workspace = open_workspace(targets, db)
    try:
        plan = plan_batch(
            rows,
            workspace.targets,
            workspace.store,
            today,
            by or default_author(),
            source or path.name,
            derive_keys=True,
        )
        _write_plan(workspace, plan, skip_bad)
    finally:
        workspace.close()


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
    day = parse_day(as_of, "--as-of") if as_of else date.today()
    workspace = open_workspace(targets, db)
    try:
        indicator = workspace.find(indicator_id)
        entries = workspace.store.entries_of(indicator.ids)
        story = build_history(indicator, entries, day, workspace.targets.thresholds, show_all)
    finally:
        workspace.close()
    emit(
        output,
        no_color,
        table=lambda console: render_history_table(story, console),
        json=lambda: history_json(story),
        csv=lambda: history_csv(story, bom),
        markdown=lambda: history_markdown(story),
    )


EntryArgument = Annotated[int, typer.Argument(metavar="ENTRY", help="Entry number (kpi history).")]


@app.command(rich_help_panel=RECORD)
@friendly
def undo(
    entry: Annotated[
        int | None,
        typer.Argument(
            metavar="[ENTRY]",
            help="Entry number (kpi history). Default: the latest entry logged by --by.",
            show_default=False,
        ),
    ] = None,
    note: NoteOption = None,
    by: ByOption = None,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Void an entry: it stops counting, and the history keeps it with who voided it and why.

    Examples: kpi undo; kpi undo 42 --note 误报，应为上月数据
    """
    workspace = open_workspace(targets, db)
    try:
        voided = undo_entry(workspace.store, entry, by or default_author(), note)
    finally:
        workspace.close()
    print(
        t(
            "cli.undone",
            entry=voided["id"],
            id=voided["indicator_id"],
            value=entry_value(voided, voided["unit"]),
            date=voided["as_of"],
        ),
        file=sys.stderr,
    )


@app.command(rich_help_panel=RECORD)
@friendly
def amend(
    entry: EntryArgument,
    value: Annotated[str, typer.Argument(help="The corrected value, as for kpi log.")],
    on: Annotated[
        str | None,
        typer.Option(
            "--date", help="A corrected date. Default: the entry's own.", show_default=False
        ),
    ] = None,
    note: NoteOption = None,
    by: ByOption = None,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Correct an entry: log the right value and void the wrong one, linked, in one go.

    Example: kpi amend 42 6 --note 上报时少计一个项目
    """
    today = date.today()
    day = parse_day(on) if on else None
    workspace = open_workspace(targets, db)
    try:
        old, new_id = amend_entry(
            workspace.store,
            workspace.targets,
            entry,
            value,
            by or default_author(),
            note,
            today,
            day,
        )
        new = workspace.store.entry(new_id)
    finally:
        workspace.close()
    assert new is not None
    print(
        t(
            "cli.amended",
            entry=old["id"],
            old=entry_value(old, old["unit"]),
            new=new_id,
            value=entry_value(new, new["unit"]),
        ),
        file=sys.stderr,
    )


class ExportWhat(StrEnum):
    ENTRIES = "entries"
    STATUS = "status"


@app.command(rich_help_panel=SETUP)
@friendly
def export(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="Where to write: .csv, .xlsx or .json.")
    ],
    what: Annotated[
        ExportWhat, typer.Option("--what", help="entries (re-importable) or status.")
    ] = ExportWhat.ENTRIES,
    show_all: Annotated[
        bool, typer.Option("--all", help="Entries: include voided ones, marked.")
    ] = False,
    as_of: AsOfOption = None,
    period: PeriodOption = None,
    area: AreaOption = None,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Write entries or the status to a spreadsheet or JSON; the extension picks the format.

    Examples: kpi export 全部记录.xlsx; kpi export 完成情况.xlsx --what status --as-of 2024-06-30
    """
    day = parse_day(as_of, "--as-of") if as_of else date.today()
    workspace = open_workspace(targets, db)
    try:
        if what is ExportWhat.STATUS:
            report = build_status(workspace.targets, workspace.history_for, day, period, area)
            count = export_status(path, report)
        else:
            entries = workspace.store.all_entries()
            count = export_entries(path, entries, workspace.targets, show_all)
    finally:
        workspace.close()
    print(t("cli.exported", count=count, path=path), file=sys.stderr)


@app.command(rich_help_panel=SETUP)
@friendly
def backup(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="The backup file to create.")],
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Copy the database through SQLite's online backup, safe while others are logging.

    Example: kpi backup backups/kpi-2024-07-01.db
    """
    workspace = open_workspace(targets, db)
    try:
        workspace.store.backup(path)
        count = workspace.store.count_entries()
    finally:
        workspace.close()
    print(t("cli.backed_up", path=path, entries=count), file=sys.stderr)


def _due_if_asked(
    workspace: Workspace,
    conditions: list[FailOn] | None,
    day: date,
    period: str | None,
    area: str | None,
) -> DueReport | None:
    if conditions and FailOn.DUE in conditions:
        return build_due(workspace.targets, workspace.history_for, day, period, area)
    return None


@app.command(rich_help_panel=REPORT)
@friendly
def status(
    as_of: AsOfOption = None,
    period: PeriodOption = None,
    area: AreaOption = None,
    output: FormatOption = Format.TABLE,
    fail_on: FailOnOption = None,
    bom: BomOption = False,
    no_color: NoColorOption = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Completion against target and against pace (序时进度), grouped by area.

    Examples: kpi status; kpi status --as-of 2024-06-30 --format json;
    kpi status --period 2023; kpi status --fail-on behind --format markdown
    """
    day = parse_day(as_of, "--as-of") if as_of else date.today()
    workspace = open_workspace(targets, db)
    try:
        report = build_status(workspace.targets, workspace.history_for, day, period, area)
        due = _due_if_asked(workspace, fail_on, day, period, area)
    finally:
        workspace.close()
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
    Examples: kpi due; kpi due --owner 教育局 --format csv; kpi due --fail-on due
    """
    day = parse_day(as_of, "--as-of") if as_of else date.today()
    workspace = open_workspace(targets, db)
    try:
        report = build_due(workspace.targets, workspace.history_for, day, period, area, owner)
        wants_states = fail_on and any(c is not FailOn.DUE for c in fail_on)
        rows = (
            build_status(workspace.targets, workspace.history_for, day, period, area).rows()
            if wants_states
            else []
        )
    finally:
        workspace.close()
    emit(
        output,
        no_color,
        table=lambda console: render_due_table(report, console),
        json=lambda: due_json(report),
        csv=lambda: due_csv(report, bom),
        markdown=lambda: due_markdown(report),
    )
    exit_if(fail_on, failing(fail_on or [], rows, report.items))


@app.command(rich_help_panel=REPORT)
@friendly
def summary(
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            help="ISO week such as 2024-W27. Default: the last complete week.",
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
        typer.Option("--until", help="Last day of the window. Default: today.", show_default=False),
    ] = None,
    period: PeriodOption = None,
    area: AreaOption = None,
    output: FormatOption = Format.TABLE,
    fail_on: FailOnOption = None,
    bom: BomOption = False,
    no_color: NoColorOption = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """What changed in a week (or any window): entries, movement, state changes, overdue reports.

    The same database and window always give the same summary.
    Examples: kpi summary --week 2024-W27 --format markdown > 周报.md;
    kpi summary --since 2024-07-01 --until 2024-07-31 --format json
    """
    first, last, label = _window(week, since, until)
    workspace = open_workspace(targets, db)
    try:
        entries = workspace.store.entries_between(first, last)
        report = build_summary(
            workspace.targets, workspace.history_for, entries, first, last, label, period, area
        )
    finally:
        workspace.close()
    emit(
        output,
        no_color,
        table=lambda console: render_summary_table(report, console),
        json=lambda: summary_json(report),
        csv=lambda: summary_csv(report, bom),
        markdown=lambda: summary_markdown(report),
    )
    exit_if(fail_on, failing(fail_on or [], report.after.rows(), report.due.items))


def _window(week: str | None, since: str | None, until: str | None) -> tuple[date, date, str]:
    if week is not None and (since is not None or until is not None):
        raise KpiError("cli.window_conflict")
    if since is not None or until is not None:
        last = parse_day(until, "--until") if until else date.today()
        first = parse_day(since, "--since") if since else last
        if first > last:
            raise KpiError("cli.window_order", since=first, until=last)
        return first, last, f"{first.isoformat()}..{last.isoformat()}"
    if week is None:
        first, last = last_complete_week(date.today())
        return first, last, week_label(first)
    try:
        first, last = iso_week(week)
    except ValueError:
        raise KpiError("cli.bad_week", value=week) from None
    return first, last, week_label(first)


@app.command(rich_help_panel=SETUP)
@friendly
def extract(
    report: Annotated[Path, typer.Argument(metavar="REPORT", help="The report, as plain text.")],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="The year the report is about: its plans go there, its results to the year "
            "before. Default: the first year the report names.",
            show_default=False,
        ),
    ] = None,
    merge: Annotated[
        Path | None,
        typer.Option(
            "--merge",
            help="Instead of a draft, show what the report has that this targets.yaml lacks, "
            "and the reverse.",
            show_default=False,
        ),
    ] = None,
    no_color: NoColorOption = False,
    lang: LangOption = None,
) -> None:
    """Draft a targets.yaml from a work report: every quantified statement, for review.

    Examples: kpi extract 报告.txt --year 2024 > draft.yaml; kpi validate --targets draft.yaml;
    kpi extract 报告.txt --merge targets.yaml
    """
    text = read_report(report)
    the_year = year or report_year(text) or date.today().year
    found = find_indicators(text)
    if merge is None:
        sys.stdout.write(draft_yaml(found, the_year, report.name))
        return
    comparison = compare(found, load_targets(merge), the_year)
    render_comparison(comparison, len(found), make_console(no_color))


def main() -> None:
    app()
