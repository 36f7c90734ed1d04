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
from kpitrack.cli.bulk import bulk_work
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
    with service.writing(Place(targets, db), create=True) as workspace:
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
    path: Annotated[Path, typer.Argument(metavar="FILE")],
    what: Annotated[ExportWhat, typer.Option("--what")] = ExportWhat.ENTRIES,
    show_all: Annotated[bool, typer.Option("--all")] = False,
    force: Annotated[bool, typer.Option("--force")] = False,
    by_section: Annotated[
        bool,
        typer.Option("--by-section"),
    ] = False,
    as_of: AsOfOption = None,
    period: PeriodOption = None,
    area: AreaOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    day = as_of_day(as_of)
    if by_section and what is ExportWhat.ENTRIES:
        raise KpiError("export.by_section_entries")
    check_destination(path, force)
    place = Place(targets, db)
    if what is ExportWhat.STATUS:
        view = service.status(place, day, period, area)
        count = export_status(path, view.report, force, view.targets.report, by_section)
    else:
        with (
            bulk_work(),
            service.reading(place) as workspace,
            progress_bar(t("progress.exporting"), quiet) as update,
        ):
            store = workspace.store
            total = store.count_entries() if update is not None else None
            told = None if update is None else (lambda done: update(done, total))
            count = export_entries(path, store, workspace.targets, show_all, force, told)
    print(t("cli.exported", count=count, path=path), file=sys.stderr)


@app.command(rich_help_panel=SETUP)
@friendly
def copy(
    source: Annotated[str, typer.Argument(metavar="SRC")],
    destination: Annotated[
        str,
        typer.Argument(metavar="DEST"),
    ],
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    lang: LangOption = None,
) -> None:
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
    path: Annotated[Path, typer.Argument(metavar="FILE")],
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
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
    report: Annotated[Path, typer.Argument(metavar="REPORT")],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            show_default=False,
        ),
    ] = None,
    merge: Annotated[
        Path | None,
        typer.Option(
            "--merge",
            show_default=False,
        ),
    ] = None,
    no_color: NoColorOption = False,
    lang: LangOption = None,
) -> None:
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
