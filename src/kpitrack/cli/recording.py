"""Recording actuals: log (one, or many from stdin), import, undo, amend."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from kpitrack.batch import BatchPlan, parse_lines, plan_batch, write_batch
from kpitrack.cli.app import (
    RECORD,
    ByOption,
    DateOption,
    DbOption,
    EntryArgument,
    LangOption,
    NoteOption,
    SourceOption,
    TargetsOption,
    app,
    friendly,
)
from kpitrack.corrections import amend as amend_entry
from kpitrack.corrections import undo as undo_entry
from kpitrack.errors import KpiError
from kpitrack.importing import read_rows
from kpitrack.messages import t
from kpitrack.model import Measure
from kpitrack.recording import default_author, find_indicator, parse_day, prepare_entry
from kpitrack.render import words
from kpitrack.render.history import (
    entry_value,
)
from kpitrack.sheets import SheetRows
from kpitrack.status import indicator_status
from kpitrack.workspace import Workspace, open_workspace


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
            read = parse_lines(sys.stdin.read())
            plan = plan_batch(read.rows, workspace.targets, workspace.store, today, author, source)
            _write_plan(workspace, with_problems(plan, read), skip_bad=False)
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


def with_problems(plan: BatchPlan, read: SheetRows) -> BatchPlan:
    """Rows refused while reading (a unit that clashes) join the planner's, in row order."""
    plan.problems = sorted([*read.problems, *plan.problems], key=lambda p: p.number)
    return plan


def _tell_what_was_read(path: Path, read: SheetRows) -> None:
    """Which sheet and header row were used, and every reading a person might not expect."""
    if read.sheet is not None:
        print(
            t("sheet.used", path=path, sheet=read.sheet, count=read.sheets, header=read.header_row),
            file=sys.stderr,
        )
    elif read.header_row != 1:
        print(t("sheet.header_at", path=path, header=read.header_row), file=sys.stderr)
    for note in read.notes:
        print(note, file=sys.stderr)
    if read.footer:
        print(t("sheet.footer", count=read.footer), file=sys.stderr)
    if read.unfilled:
        print(t("sheet.unfilled", count=read.unfilled), file=sys.stderr)


@app.command("import", rich_help_panel=RECORD)
@friendly
def import_file(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv or .xlsx file.")],
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad", help="Write the good rows and list the bad ones."),
    ] = False,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help="The workbook's sheet to read, by name or number (1 is the first). "
            "Default: the first sheet with a recognisable header.",
            show_default=False,
        ),
    ] = None,
    by: ByOption = None,
    source: SourceOption = None,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    """Import a department's spreadsheet of actuals: every row is checked before any is written.

    Columns by heading, English or Chinese: id/指标编号 or name/指标名称/指标,
    value/数值/完成值/本期完成 (a unit may follow: 数值（亿元）), date/日期/截至日期, unit/单位,
    note/备注, by/填报人, source/来源, key/键. Title rows above the header, a 填表说明 sheet
    before the data and signature lines under it are passed over. A bad row stops the whole
    import (each is listed with its row number) unless --skip-bad. Importing the same file
    again adds nothing. CSV may be UTF-8 (with or without BOM) or GBK.
    Example: kpi import 6月填报.xlsx --source 区教育局月报
    """
    today = date.today()
    read = read_rows(path, sheet)
    _tell_what_was_read(path, read)
    workspace = open_workspace(targets, db)
    try:
        plan = plan_batch(
            read.rows,
            workspace.targets,
            workspace.store,
            today,
            by or default_author(),
            source or path.name,
            derive_keys=True,
        )
        _write_plan(workspace, with_problems(plan, read), skip_bad)
    finally:
        workspace.close()


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
