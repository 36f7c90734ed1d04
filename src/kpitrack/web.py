"""``kpi serve``: the report page live, and the CLI's JSON documents, over HTTP, read-only.

Every route is a GET over the read-only service layer — the store is opened per request and
closed after it, as a report command does, so what is served is what is in the database now,
on SQLite or PostgreSQL. Nothing here writes: other methods are refused (405).

The handlers are coroutines that do their (short) work in the event loop, one request at a
time: the language of the messages is one setting for the process, and a page built in
Chinese must not turn English halfway because another request asked for ``lang=en``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from kpitrack import service
from kpitrack.cycles import last_complete_week, week_label
from kpitrack.errors import EnvironmentFault, KpiError, LogError
from kpitrack.faults import environment_fault
from kpitrack.messages import LANGUAGES, set_language, t
from kpitrack.recording import parse_day
from kpitrack.render.due import due_json
from kpitrack.render.history import history_json
from kpitrack.render.imports import imports_json
from kpitrack.render.listing import listing_document
from kpitrack.render.status_json import dumps, status_json
from kpitrack.render.summary import summary_json
from kpitrack.report_page import history_page, report_page
from kpitrack.service import Place
from kpitrack.status import ALL_PERIODS, select

Handler = Callable[[Request], Awaitable[Response]]
Build = Callable[[Request], Response]

HTML_TYPE = "text/html; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


class Refused(Exception):
    """A request answered with a status and one sentence."""

    def __init__(self, status: int, sentence: str) -> None:
        super().__init__(sentence)
        self.status = status
        self.sentence = sentence


def make_app(place: Place, default_lang: str | None = None) -> Starlette:
    def day_of(request: Request) -> date:
        value = request.query_params.get("as_of")
        return parse_day(value, "as_of") if value else date.today()

    def option(request: Request, name: str) -> str | None:
        value = request.query_params.get(name)
        return value if value else None

    def handler(build: Build, *, api: bool) -> Handler:
        async def handle(request: Request) -> Response:
            wanted = request.query_params.get("lang") or default_lang
            if wanted is not None and wanted not in LANGUAGES:
                set_language(default_lang)
                return _refusal(400, t("serve.bad_lang", value=wanted[:40]), api)
            set_language(wanted)
            try:
                return build(request)
            except Refused as refused:
                return _refusal(refused.status, refused.sentence, api)
            except LogError as error:
                status = 404 if error.key == "log.unknown_id" else 400
                return _refusal(status, str(error), api)
            except EnvironmentFault as error:
                return _refusal(503, str(error), api)
            except KpiError as error:
                return _refusal(400, str(error), api)
            except Exception as error:
                fault = environment_fault(error)
                if fault is None:
                    raise
                return _refusal(503, str(fault), api)

        return handle

    def page(request: Request) -> Response:
        view = service.report(
            place,
            day_of(request),
            option(request, "period"),
            option(request, "area"),
            option(request, "owner"),
        )
        return HTMLResponse(report_page(view, live=True, query=_kept(request)))

    def indicator_page(request: Request) -> Response:
        story = service.history(place, request.path_params["id"], day_of(request), False)
        return HTMLResponse(history_page(story, _kept(request)))

    def _kept(request: Request) -> str:
        """The page's query, carried by its links: a click keeps the date and language."""
        return f"?{request.url.query}" if request.url.query else ""

    def api_status(request: Request) -> Response:
        view = service.status(
            place, day_of(request), option(request, "period"), option(request, "area")
        )
        return _json(status_json(view.report))

    def api_due(request: Request) -> Response:
        view = service.due(
            place,
            day_of(request),
            option(request, "period"),
            option(request, "area"),
            option(request, "owner"),
        )
        return _json(due_json(view.report))

    def api_summary(request: Request) -> Response:
        day = day_of(request)
        first, last = last_complete_week(day)
        window = (first, last, week_label(first))
        view = service.summary(
            place, day, window, True, option(request, "period"), option(request, "area")
        )
        return _json(summary_json(view.report))

    def api_history(request: Request) -> Response:
        story = service.history(place, request.path_params["id"], day_of(request), False)
        return _json(history_json(story))

    def api_list(request: Request) -> Response:
        loaded = service.declared(place)
        wanted = option(request, "period") or ALL_PERIODS
        chosen = [(a, list(i)) for a, i in select(loaded, wanted, option(request, "area")).areas]
        return _json(listing_document(chosen))

    def api_imports(request: Request) -> Response:
        return _json(imports_json(service.imports(place)))

    def get(path: str, build: Build, api: bool) -> Route:
        return Route(path, handler(build, api=api), methods=["GET"])

    routes = [
        get("/", page, False),
        get("/indicators/{id:path}", indicator_page, False),
        get("/api/status", api_status, True),
        get("/api/due", api_due, True),
        get("/api/summary", api_summary, True),
        get("/api/history/{id:path}", api_history, True),
        get("/api/list", api_list, True),
        get("/api/imports", api_imports, True),
    ]

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        api = request.url.path.startswith("/api/")
        wanted = request.query_params.get("lang") or default_lang  # no handler chose it yet
        set_language(wanted if wanted in LANGUAGES else default_lang)
        if error.status_code == 405:
            sentence = t("serve.read_only", method=request.method)
            return _refusal(405, sentence, api, {"Allow": "GET, HEAD"})
        if error.status_code == 404:
            return _refusal(404, t("serve.not_found", path=request.url.path[:200]), api)
        return _refusal(error.status_code, str(error.detail), api)

    return Starlette(routes=routes, exception_handlers={HTTPException: http_error})


def _json(document: Any) -> Response:
    """The document exactly as ``--format json`` prints it (same encoder, same decimals)."""
    return Response(dumps(document) + "\n", media_type=JSON_TYPE)


def _refusal(
    status: int, sentence: str, api: bool, headers: dict[str, str] | None = None
) -> Response:
    if api:
        return JSONResponse({"error": sentence}, status_code=status, headers=headers)
    return Response(sentence + "\n", status_code=status, media_type="text/plain; charset=utf-8",
                    headers=headers)  # fmt: skip
