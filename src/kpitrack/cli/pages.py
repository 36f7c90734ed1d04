"""Pages for leaders: the report as an HTML file, charts as pictures, and the live view.

Jinja2, resvg and the web server are imported inside the commands, so ``kpi log`` and the
other commands start without them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from kpitrack import service
from kpitrack.cli.app import (
    REPORT,
    AreaOption,
    AsOfOption,
    DbOption,
    LangOption,
    PeriodOption,
    ScopeOption,
    TargetsOption,
    app,
    as_of_day,
    friendly,
)
from kpitrack.errors import KpiError
from kpitrack.messages import t
from kpitrack.publish import ensure_folder, ensure_free, publish
from kpitrack.service import Place

OutputOption = Annotated[Path, typer.Option("--output", "-o", show_default=False)]
ReplaceOption = Annotated[bool, typer.Option("--force")]


def _check_free(path: Path, force: bool) -> None:
    """Refused before anything is read: a file there is never replaced without --force."""
    if force:
        ensure_folder(path)
    else:
        ensure_free(path)


def _write(path: Path, data: bytes, force: bool) -> None:
    def write(stream: BinaryIO) -> None:
        stream.write(data)

    publish(path, write, replace=force)


@app.command(rich_help_panel=REPORT)
@friendly
def report(
    output: OutputOption,
    as_of: AsOfOption = None,
    period: PeriodOption = None,
    area: AreaOption = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner"),
    ] = None,
    scope: ScopeOption = None,
    force: ReplaceOption = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    from kpitrack.report_page import report_page

    day = as_of_day(as_of)
    if output.suffix.lower() not in {".html", ".htm"}:
        raise KpiError("page.bad_suffix", path=output)
    _check_free(output, force)
    view = service.report(Place(targets, db, scope), day, period, area, owner)
    _write(output, report_page(view).encode("utf-8"), force)
    count = len(view.status.report.rows())
    print(t("page.written", path=output, count=count), file=sys.stderr)


@app.command(rich_help_panel=REPORT)
@friendly
def chart(
    indicator_ids: Annotated[list[str], typer.Argument(metavar="ID...")],
    output: OutputOption,
    as_of: AsOfOption = None,
    force: ReplaceOption = False,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    from kpitrack.charts import charts_svg

    suffix = output.suffix.lower()
    if suffix not in {".svg", ".png"}:
        raise KpiError("chart.bad_suffix", path=output)
    day = as_of_day(as_of)
    _check_free(output, force)
    font = None
    if suffix == ".png":
        from kpitrack.picture import find_cjk_font

        font = find_cjk_font()
        if font is None:
            from kpitrack.errors import EnvironmentFault

            raise EnvironmentFault("chart.no_font")
    place = Place(targets, db)
    stories = [service.history(place, wanted, day, False) for wanted in indicator_ids]
    svg = charts_svg(stories)
    if suffix == ".png":
        from kpitrack.picture import png_of

        data = png_of(svg, font)
    else:
        data = (svg + "\n").encode("utf-8")
    _write(output, data, force)
    print(t("chart.written", path=output, count=len(stories)), file=sys.stderr)


@app.command(rich_help_panel=REPORT)
@friendly
def serve(
    host: Annotated[
        str,
        typer.Option("--host"),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    scope: ScopeOption = None,
    lang: LangOption = None,
    targets: TargetsOption = None,
    db: DbOption = None,
) -> None:
    import uvicorn

    from kpitrack.web import make_app

    place = Place(targets, db, scope)
    service.declared(place)  # a missing targets.yaml or database is said now, not per request
    web = make_app(place, lang)
    print(t("serve.listening", host=host, port=port), file=sys.stderr, flush=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")
