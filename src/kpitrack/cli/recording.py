"""Recording actuals: log (one, or many from stdin), import, undo, amend."""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from kpitrack import service
from kpitrack.batch import BatchProgress, parse_lines
from kpitrack.cli.app import (
    RECORD,
    BomOption,
    ByOption,
    DateOption,
    DbOption,
    EntryArgument,
    ForceOption,
    FormatOption,
    LangOption,
    NoColorOption,
    NoteOption,
    SourceOption,
    TargetsOption,
    after_commit,
    app,
    emit,
    friendly,
)
from kpitrack.cli.bulk import bulk_work
from kpitrack.cli.negatives import NegativeValues
from kpitrack.cli.progress_bar import Update, progress_bar
from kpitrack.errors import KpiError
from kpitrack.importing import read_rows
from kpitrack.imports import ImportOrigin
from kpitrack.messages import t
from kpitrack.model import Indicator, Measure
from kpitrack.output import Format
from kpitrack.plaintext import stdin_text
from kpitrack.recording import default_author, parse_day
from kpitrack.records import Entry
from kpitrack.render import words
from kpitrack.render.history import (
    entry_value,
)
from kpitrack.render.imports import (
    imports_csv,
    imports_json,
    imports_markdown,
    render_imports_table,
)
from kpitrack.service import Place
from kpitrack.sheets import SheetRows
from kpitrack.store import NewEntry
from kpitrack.workspace import Workspace


@app.command(rich_help_panel=RECORD, cls=NegativeValues)
@friendly
def log(
    indicator_id: Annotated[
        str,
        typer.Argument(metavar="ID"),
    ],
    value: Annotated[
        str | None,
        typer.Argument(
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
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    today = date.today()
    author = by or default_author()
    place = Place(targets, db)
    if indicator_id == "-":
        read = parse_lines(read_stdin())
        with service.writing(place) as workspace:
            done = service.log_batch(
                workspace, read.rows, today, author, source, force=force, refused=read.problems
            )
            _told_refused(done)
            _say_written(workspace, done, None)
        return
    if value is None:
        raise KpiError("log.missing_value")
    day = parse_day(on) if on else today
    with service.writing(place) as workspace:
        logged = service.log(
            workspace, indicator_id, value, day, today, author, note, source, key, force
        )
        if logged.entry_id is None:
            print(t("log.key_seen", key=key), file=sys.stderr)
            return
        with after_commit("fault.after_commit", entry=logged.entry_id, id=logged.indicator.id):
            _say_logged(workspace, logged.indicator, logged.entry, day)


def _say_logged(workspace: Workspace, indicator: Indicator, entry: NewEntry, day: date) -> None:
    """The confirmation: what was logged, and where the indicator stands with it."""
    row = service.standing(workspace, indicator, day)
    if indicator.measure is Measure.TASK:
        message = task_logged(indicator, entry, day)
    elif indicator.measure is Measure.MILESTONE:
        message = t(
            "cli.logged_stage",
            id=indicator.id,
            name=indicator.name,
            value=entry.stage,
            date=day,
        )
    else:
        message = t(
            "cli.logged" if indicator.measure is Measure.TOTAL else "cli.logged_level",
            id=indicator.id,
            name=indicator.name,
            value=entry.input,
            date=day,
            actual=words.actual(row),
            completion=words.percent(row.completion),
        )
    print(message, file=sys.stderr)
    if entry.confirmed is not None:
        print(t("log.written_confirmed", what=entry.confirmed), file=sys.stderr)


def read_stdin() -> str:
    """Standard input as bytes, decoded by kpitrack's rule, not by the locale's."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream put in place of stdin
        return sys.stdin.read()
    return stdin_text(buffer.read())


def task_logged(indicator: Indicator, entry: NewEntry, day: date) -> str:
    if entry.stage is not None:
        return t("cli.logged_task_done", id=indicator.id, name=indicator.name, date=day)
    return t("cli.logged_note", id=indicator.id, name=indicator.name, note=entry.input, date=day)


def _told_refused(done: service.BatchResult, skip_bad: bool | None = None) -> None:
    """Every bad row with its number; without --skip-bad, nothing was written: exit 2.

    ``skip_bad`` is None where the command has no --skip-bad (``kpi log -``): the advice
    then names only what that command can do."""
    for problem in done.plan.problems:
        print(t("batch.row", number=problem.number, message=problem.message), file=sys.stderr)
    if done.plan.problems and not skip_bad:
        key = "batch.refused" if skip_bad is False else "batch.refused_stdin"
        print(t(key, count=len(done.plan.problems)), file=sys.stderr)
        raise typer.Exit(2)


def _say_written(
    workspace: Workspace, done: service.BatchResult, origin: ImportOrigin | None
) -> None:
    """After the commit: what went in. A failure here does not make the batch fail."""
    with after_commit("fault.after_commit_batch"):
        _say_batch(workspace, done, origin)


def _say_batch(
    workspace: Workspace, done: service.BatchResult, origin: ImportOrigin | None
) -> None:
    plan, written = done.plan, done.written
    if plan.problems:
        print(t("batch.skipped_bad", count=len(plan.problems)), file=sys.stderr)
    if origin is None:
        if written == 0 and not plan.problems and plan.rows:
            print(t("batch.nothing_new", rows=plan.rows), file=sys.stderr)
        else:
            told = t("batch.done", written=written, duplicates=len(plan.duplicates),
                     voided=len(plan.voided))  # fmt: skip
            print(told, file=sys.stderr)
    else:
        _say_imported(workspace, done)
    if plan.confirmed:
        print(t("batch.confirmed", count=plan.confirmed), file=sys.stderr)


def _say_imported(workspace: Workspace, done: service.BatchResult) -> None:
    plan, number = done.plan, done.number
    lines = []
    if number is not None:
        lines.append(t("batch.import_number", number=number, written=done.written))
    elif not plan.problems:
        lines.append(t("batch.nothing_new_import"))
    if plan.duplicates:
        lines.append(t("batch.already_in", count=len(plan.duplicates)))
    if plan.voided:
        lines.append(t("batch.voided_rows", count=len(plan.voided)))
    first = service.import_record(workspace, done.earlier) if done.earlier is not None else None
    if first is not None:
        lines.append(t("batch.same_file", number=first.id, name=first.file_name))
    for line in lines:
        print(line, file=sys.stderr)


def _tell_what_was_read(path: Path, read: SheetRows, given: date | None = None) -> None:
    """Which sheet and header row were used, and every reading a person might not expect."""
    if read.sheet is not None:
        print(
            t("sheet.used", path=path, sheet=read.sheet, count=read.sheets, header=read.header_row),
            file=sys.stderr,
        )
    elif read.header_row != 1:
        print(t("sheet.header_at", path=path, header=read.header_row), file=sys.stderr)
    if read.ignored:
        print(t("sheet.ignored", columns=t("words.separator").join(read.ignored)), file=sys.stderr)
    if read.undated is not None:
        key = "sheet.undated" if given is None else "sheet.undated_given"
        print(t(key, day=read.undated), file=sys.stderr)
    elif given is not None:
        print(t("sheet.date_unused", day=given), file=sys.stderr)
    if read.hidden_sheets:
        listed = t("words.separator").join(
            t("words.quoted", text=name) for name in read.hidden_sheets
        )
        print(t("sheet.hidden_sheets", sheets=listed), file=sys.stderr)
    if read.hidden_rows:
        rows = t("text.separator").join(str(number) for number in read.hidden_rows[:10])
        rows += "…" if len(read.hidden_rows) > 10 else ""
        print(t("sheet.hidden_rows", count=len(read.hidden_rows), rows=rows), file=sys.stderr)


def _tell_rows_read(read: SheetRows) -> None:
    """What reading the rows turned up (a sheet is read as it is checked, so this comes
    after): months read as their last day, lines under the table, rows left blank."""
    for note in read.notes:
        print(note, file=sys.stderr)
    if read.footer:
        print(t("sheet.footer", count=read.footer), file=sys.stderr)
    if read.unfilled:
        print(t("sheet.unfilled", count=read.unfilled), file=sys.stderr)


@app.command("import", rich_help_panel=RECORD)
@friendly
def import_file(
    path: Annotated[Path, typer.Argument(metavar="FILE")],
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad"),
    ] = False,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            show_default=False,
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    by: ByOption = None,
    source: SourceOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    with bulk_work():
        _import(path, skip_bad, sheet, on, force, by, source, quiet, Place(targets, db))


def _import(
    path: Path,
    skip_bad: bool,
    sheet: str | None,
    on: str | None,
    force: bool,
    by: str | None,
    source: str | None,
    quiet: bool,
    place: Place,
) -> None:
    today = date.today()
    given = parse_day(on) if on else None
    read = read_rows(path, sheet, given or today)
    _tell_what_was_read(path, read, given)
    author = by or default_author()
    sheet_read = read.sheet if read.sheets > 1 else None  # a lone sheet's name says nothing
    with path.open("rb") as handle:  # read in blocks: the file is not held a second time
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    origin = ImportOrigin(path.name, digest, author, sheet_read)
    with (
        service.writing(place) as workspace,
        progress_bar(t("progress.import_check"), quiet) as update,
    ):
        # a second process importing the same file waits for the write lock, then adds nothing
        done = service.log_batch(
            workspace, read.rows, today, author, source or path.name,
            origin=origin, force=force, skip_bad=skip_bad, refused=read.problems,
            progress=None if update is None else _stages(update),
            again=lambda: read_rows(path, sheet, given or today),
        )  # fmt: skip
        _tell_rows_read(done.read or read)
        _told_refused(done, skip_bad)
        _say_written(workspace, done, origin)


def _stages(update: Update) -> BatchProgress:
    """The batch's word of progress on the bar, relabelled when checking turns to writing."""
    stage = ["check"]

    def told(now: str, done: int, total: int) -> None:
        label = t(f"progress.import_{now}") if now != stage[0] else None
        stage[0] = now
        update(done, total or None, label)

    return told


def stdin_is_terminal() -> bool:
    """Whether a person can answer a question (tests replace this)."""
    return sys.stdin.isatty()


@app.command(rich_help_panel=RECORD)
@friendly
def undo(
    entries: Annotated[
        list[int] | None,
        typer.Argument(
            metavar="ENTRY",
            show_default=False,
        ),
    ] = None,
    import_number: Annotated[
        int | None,
        typer.Option(
            "--import",
            metavar="N",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y")] = False,
    note: NoteOption = None,
    by: ByOption = None,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    author = by or default_author()
    if entries and import_number is not None:
        raise KpiError("correct.undo_one_way")
    with service.writing(Place(targets, db)) as workspace:
        if import_number is not None:
            imported, voided = service.undo_whole_import(workspace, import_number, author, note)
            print(
                t(
                    "cli.import_undone",
                    number=import_number,
                    name=imported.file_name,
                    count=len(voided),
                ),
                file=sys.stderr,
            )
            return
        if not entries:
            latest = service.latest_of(workspace, author)
            if not yes and not stdin_is_terminal():
                raise KpiError("correct.undo_needs_yes", **_described(latest))
            print(t("correct.undo_which", **_described(latest)), file=sys.stderr)
            if not yes and not typer.confirm(t("correct.undo_confirm"), default=False):
                print(t("correct.undo_cancelled"), file=sys.stderr)
                return
            entries = [int(latest.id)]
        voided = service.undo(workspace, entries, author, note)
        with after_commit("fault.after_commit_void"):
            for entry in voided:
                print(t("cli.undone", **_described(entry)), file=sys.stderr)
                original = service.corrected_by(workspace, entry.id)
                if original is not None:  # undoing a correction does not bring the original back
                    said = t("cli.undone_correction", entry=entry.id, original=original)
                    print(said, file=sys.stderr)


def _described(entry: Entry) -> dict[str, object]:
    return {
        "entry": entry.id,
        "id": entry.indicator_id,
        "value": entry_value(entry, entry.unit),
        "date": entry.as_of,
    }


@app.command(rich_help_panel=RECORD)
@friendly
def restore(
    entry: EntryArgument,
    note: NoteOption = None,
    by: ByOption = None,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    with service.writing(Place(targets, db)) as workspace:
        restored = service.restore(workspace, entry, by or default_author(), note)
    print(t("cli.restored", **_described(restored)), file=sys.stderr)


@app.command(rich_help_panel=RECORD, cls=NegativeValues)
@friendly
def amend(
    entry: EntryArgument,
    value: Annotated[str, typer.Argument()],
    on: Annotated[
        str | None,
        typer.Option("--date", show_default=False),
    ] = None,
    force: ForceOption = False,
    note: NoteOption = None,
    by: ByOption = None,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    today = date.today()
    day = parse_day(on) if on else None
    with service.writing(Place(targets, db)) as workspace:
        author = by or default_author()
        old, new_id = service.amend(workspace, entry, value, author, note, today, day, force)
        with after_commit("fault.after_commit", entry=new_id, id=old.indicator_id):
            new = service.entry(workspace, new_id)
            assert new is not None
            print(
                t(
                    "cli.amended",
                    entry=old.id,
                    old=entry_value(old, old.unit),
                    new=new_id,
                    value=entry_value(new, new.unit),
                ),
                file=sys.stderr,
            )


@app.command("imports", rich_help_panel=RECORD)
@friendly
def list_imports(
    output: FormatOption = Format.TABLE,
    bom: BomOption = False,
    no_color: NoColorOption = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    rows = service.imports(Place(targets, db))
    emit(
        output,
        no_color,
        table=lambda console: render_imports_table(rows, console),
        json=lambda: imports_json(rows),
        csv=lambda: imports_csv(rows, bom),
        markdown=lambda: imports_markdown(rows),
    )
