"""Commands on files: init, validate, export, backup, extract."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kpitrack import service
from kpitrack.cli.app import (
    SETUP,
    AreaOption,
    AsOfOption,
    DbOption,
    LangOption,
    NoColorOption,
    PeriodOption,
    TargetsOption,
    app,
    as_of_day,
    friendly,
)
from kpitrack.cli.progress_bar import progress_bar
from kpitrack.copying import copy_database
from kpitrack.days import year_in_range
from kpitrack.draft import compare, draft_yaml
from kpitrack.errors import KpiError, StoreError
from kpitrack.exporting import check_destination, export_entries, export_status
from kpitrack.extract import extract as find_indicators
from kpitrack.extract import read_report, report_year
from kpitrack.messages import t
from kpitrack.output import make_console
from kpitrack.render.comparison import render_comparison
from kpitrack.service import Place
from kpitrack.sql_store import location_name
from kpitrack.store import SEED_AUTHOR, location_of, open_store
from kpitrack.targets import load_targets, resolve_targets_path
from kpitrack.workspace import database_location


@app.command(rich_help_panel=SETUP)
@friendly
def init(targets: TargetsOption = None, db: DbOption = None, lang: LangOption = None) -> None:
    """Create or update the database from targets.yaml (safe to run again).

    The results the report states (actual: in targets.yaml) are logged once, as of the end
    of their period. Example: kpi init --targets targets.yaml
    """
    with service.writing(Place(targets, db)) as workspace:
        store = workspace.store
        store.verify()  # "ready" is said of a sound file only
        print(
            t(
                "cli.init",
                db=store.location,
                indicators=workspace.sync.indicators,
                entries=store.count_entries(),
                seeded=store.count_entries(author=SEED_AUTHOR),
            ),
            file=sys.stderr,
        )


@app.command(rich_help_panel=SETUP)
@friendly
def validate(targets: TargetsOption = None, lang: LangOption = None) -> None:
    """Check targets.yaml; every problem is named with its line and key.

    The file is plain data: YAML tags are refused, aliases may share a value but not expand
    the file past 100,000 values, every date lies within 1900-01-01..2200-12-31 and every
    number is finite (thresholds between -1000 and 0). Example: kpi validate --targets draft.yaml
    """
    path = resolve_targets_path(targets)
    loaded = load_targets(path)
    periods = ", ".join(p.label for p in loaded.periods())
    count = sum(1 for _ in loaded.indicators())
    print(t("cli.valid", path=path, areas=len(loaded.areas), indicators=count, periods=periods))


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
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it exists (else it is left alone).")
    ] = False,
    by_section: Annotated[
        bool,
        typer.Option(
            "--by-section", help="Status to .xlsx: one sheet per area after the whole table."
        ),
    ] = False,
    as_of: AsOfOption = None,
    period: PeriodOption = None,
    area: AreaOption = None,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Write entries or the status to a spreadsheet or JSON; the extension picks the format.

    A status workbook has the as-of date and period on top, a coloured row per indicator
    with its state in words, numbers as numbers (the unit in the heading or a 单位 column).
    An existing FILE is never overwritten unless --force is given. Examples:
    kpi export 全部记录.xlsx; kpi export 完成情况.xlsx --what status --as-of 2024-06-30 --by-section
    """
    day = as_of_day(as_of)
    if by_section and what is ExportWhat.ENTRIES:
        raise KpiError("export.by_section_entries")
    check_destination(path, force)
    place = Place(targets, db)
    if what is ExportWhat.STATUS:
        view = service.status(place, day, period, area)
        count = export_status(path, view.report, force, view.targets.report, by_section)
    else:
        with service.reading(place) as workspace:
            entries = workspace.store.all_entries()
            count = export_entries(path, entries, workspace.targets, show_all, force)
    print(t("cli.exported", count=count, path=path), file=sys.stderr)


@app.command(rich_help_panel=SETUP)
@friendly
def copy(
    source: Annotated[
        str, typer.Argument(metavar="SRC", help="The database to copy: a .db file or a URL.")
    ],
    destination: Annotated[
        str,
        typer.Argument(metavar="DEST", help="A new .db file, or an empty postgresql:// database."),
    ],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    lang: LangOption = None,
) -> None:
    """Copy a whole database between engines: every entry, void, restore and import, with
    their numbers, so kpi export gives the same file from either.

    The source is only read; the destination must be new or empty, and is written in one
    transaction. Examples: kpi copy kpi.db postgresql://kpi@db.example/district;
    kpi copy postgresql://kpi@db.example/district 本地副本.db
    """
    with progress_bar(t("progress.copying"), quiet) as update:
        copied = copy_database(location_of(source), location_of(destination), update)
    print(
        t(
            "cli.copied",
            source=location_name(source),
            destination=location_name(destination),
            indicators=copied.indicators,
            entries=copied.entries,
            voids=copied.voids,
            restores=copied.restores,
            imports=copied.imports,
        ),
        file=sys.stderr,
    )


@app.command(rich_help_panel=SETUP)
@friendly
def backup(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="The backup file to create.")],
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Copy the database through SQLite's online backup, safe while others are logging.

    The copy is checked (quick_check): a damaged database is refused, exit code 3. An
    existing FILE is never overwritten. Example: kpi backup backups/kpi-2024-07-01.db
    """
    database = database_location(db, resolve_targets_path(targets))
    if isinstance(database, Path) and (not database.is_file() or database.stat().st_size == 0):
        raise StoreError("store.nothing_to_back_up", path=database)
    store = open_store(database, write=False, as_is=True)  # the file as it is, never synced
    try:
        store.backup(path)
        count = store.count_entries()
    finally:
        store.close()
    print(t("cli.backed_up", path=path, entries=count), file=sys.stderr)


@app.command(rich_help_panel=SETUP)
@friendly
def extract(
    report: Annotated[
        Path,
        typer.Argument(
            metavar="REPORT",
            help="The report: .txt (UTF-8 or GBK), .docx, or a .pdf with a text layer.",
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="The year the report is about: its plans go there, its results to the year "
            "before (or to this year when the report only looks back); a heading that names "
            "its year wins. Default: the first year the report names.",
            show_default=False,
        ),
    ] = None,
    merge: Annotated[
        Path | None,
        typer.Option(
            "--merge",
            help="Instead of a draft, compare the report with this targets.yaml: what the "
            "report has that it lacks, figures that differ, and the reverse (tasks declared in "
            "words that match nothing are listed apart, not claimed missing).",
            show_default=False,
        ),
    ] = None,
    no_color: NoColorOption = False,
    lang: LangOption = None,
) -> None:
    """Draft a targets.yaml from a work report: every quantified statement, for review.

    Examples: kpi extract 报告.docx --year 2024 > draft.yaml; kpi validate --targets draft.yaml;
    kpi extract 报告.pdf --merge targets.yaml
    """
    if year is not None and not year_in_range(year):
        raise KpiError("dates.year_out_of_range", value=year)
    text = read_report(report)
    the_year = year or report_year(text) or date.today().year
    found = find_indicators(text)
    if not found:  # an empty draft would validate and say nothing of why
        raise KpiError("extract.nothing_found", path=report)
    if merge is None:
        sys.stdout.write(draft_yaml(found, the_year, report.name))
        return
    comparison = compare(found, load_targets(merge), the_year)
    render_comparison(comparison, make_console(no_color))
