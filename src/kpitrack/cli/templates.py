"""The monthly template a department fills in: kpi template."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kpitrack import service
from kpitrack.cli.app import (
    SETUP,
    AsOfOption,
    DbOption,
    LangOption,
    PeriodOption,
    TargetsOption,
    app,
    as_of_day,
    friendly,
)
from kpitrack.errors import KpiError
from kpitrack.messages import t
from kpitrack.service import Place
from kpitrack.status import select_period
from kpitrack.targets import load_targets, resolve_targets_path
from kpitrack.template import build, owners, template_rows, write


@app.command(rich_help_panel=SETUP)
@friendly
def template(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", show_default=False),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            show_default=False,
        ),
    ] = None,
    list_owners: Annotated[
        bool,
        typer.Option("--list-owners"),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force"),
    ] = False,
    period: PeriodOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    if list_owners:
        loaded = load_targets(resolve_targets_path(targets))
        for name in owners(loaded, period):
            print(name)
        return
    if output is None:
        raise KpiError("template.no_output")
    day = as_of_day(as_of)
    with service.reading(Place(targets, db)) as workspace:
        rows = template_rows(workspace.targets, workspace.history_for, day, owner, period)
        chosen = select_period(workspace.targets, period)
    replaced = write(build(rows, owner, day), output, force)
    if replaced:
        print(t("template.replaced", path=output), file=sys.stderr)
    print(
        t(
            "template.written",
            path=output,
            owner=owner or t("template.everyone"),
            count=len(rows),
            period=chosen,
        ),
        file=sys.stderr,
    )
