"""The report as one HTML page for the people a clerk reports to: printed, mailed, on a phone.

The figures are worded here with the terminal's words (render/words.py) and the page itself
is a Jinja2 template in the package, autoescaped, so that an indicator named like a script is
shown as text. The page needs nothing from the network and no script: styles and charts are
inline, so the file forwarded is the whole report.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kpitrack import charts
from kpitrack.frozen import frozen
from kpitrack.messages import language, t
from kpitrack.model import Measure
from kpitrack.progress import State
from kpitrack.render import words
from kpitrack.render.history import entry_value, note_text
from kpitrack.render.status_text import assumed_owners, caption
from kpitrack.status import IndicatorStatus

if TYPE_CHECKING:
    from jinja2 import Environment

    from kpitrack.history import IndicatorHistory
    from kpitrack.service import ReportView

# A shape beside each colour: a greyscale printout and a colour-blind reader still tell them.
SHAPES = {"green": "●", "yellow": "▲", "red": "■", "grey": "○"}


@frozen
class Stage:
    name: str
    due: str
    reached: bool


@frozen
class Row:
    """An indicator as the page shows it: every figure already in words."""

    id: str
    name: str
    kind: str
    light: str
    shape: str
    state: str
    will_miss: bool
    actual: str
    target: str
    completion: str
    bar: str  # the bar's filled width, CSS per cent
    pace: str
    pace_mark: str | None  # where 序时进度 falls on the bar, CSS per cent
    gap: str
    forecast: str
    needed: str
    owner: str
    last_update: str
    stages: tuple[Stage, ...]
    note: str | None
    chart: str


@frozen
class Count:
    state: str
    light: str
    shape: str
    count: int


def _css_share(share: Decimal | None) -> str:
    if share is None or not share.is_finite():
        return "0%"
    capped = max(Decimal(0), min(share, Decimal(1))) * 100
    return f"{capped:.1f}%"


def row_of(status: IndicatorStatus, story: IndicatorHistory | None) -> Row:
    indicator = status.indicator
    light = words.row_light(status)
    stages: tuple[Stage, ...] = ()
    if indicator.measure is Measure.MILESTONE and indicator.stages:
        names = indicator.stage_names
        reached = names.index(status.stage) if status.stage in names else -1
        stages = tuple(
            Stage(s.name, words.day(s.due) if s.due else "", i <= reached)
            for i, s in enumerate(indicator.stages)
        )
    note = status.latest_note if indicator.measure is Measure.TASK else None
    return Row(
        id=indicator.id,
        name=indicator.name,
        kind=words.kind(indicator),
        light=light,
        shape=SHAPES[light],
        state=words.row_state(status),
        will_miss=status.will_miss and status.state not in {State.MISSED, State.BREACHED},
        actual=words.actual(status) if note is None else words.task_done(status),
        target=words.target(indicator),
        completion=words.percent(status.completion),
        bar=_css_share(status.completion),
        pace=words.percent(status.pace),
        pace_mark=None if status.pace is None else _css_share(status.pace),
        gap=words.points(status.gap),
        forecast=words.forecast(status),
        needed=words.needed(status),
        owner=words.owner(indicator),
        last_update=words.day(status.last_update),
        stages=stages,
        note=note,
        # a task has no figure to draw: its note says where it stands
        chart="" if story is None or indicator.measure is Measure.TASK else charts.chart_svg(story),
    )


def counts_of(view: ReportView) -> list[Count]:
    found = view.status.report.counts()
    return [
        Count(words.state(state), state.light, SHAPES[state.light], n)
        for state, n in found.items()
        if n
    ]


@functools.cache
def environment() -> Environment:
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("kpitrack", "templates"),
        autoescape=select_autoescape(["html", "html.j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _labels() -> dict[str, str]:
    keys = (
        "title", "as_of", "period", "owner_filter", "counts", "actual", "target", "completion",
        "pace", "gap", "forecast", "needed", "owner", "last_update", "stages", "note",
        "will_miss", "no_rows", "assumed", "area_completion", "history", "entries", "date",
        "value", "by", "logged_at", "voided", "back", "generated",
    )  # fmt: skip
    labels = {key: t(f"page.{key}") for key in keys}
    labels["pace_and_gap"] = t("page.pace_and_gap", pace="{pace}", gap="{gap}")  # per card
    return labels


def _common() -> dict[str, Any]:
    return {
        "lang": "zh-CN" if language() == "zh" else "en",
        "font_stack": charts.FONT_STACK,
        "label": _labels(),
    }


def report_page(view: ReportView, *, live: bool = False, query: str = "") -> str:
    """The whole report. ``live``: served by ``kpi serve``, so each indicator links to its
    history page (keeping the page's ``query``: its date and language); a file has nowhere to
    link to."""
    from markupsafe import Markup

    report = view.status.report
    sections = []
    for area in report.areas:
        rows = [row_of(r, view.stories.get(r.indicator.id)) for r in area.rows]
        sections.append(
            {
                "id": area.area.id,
                "name": area.area.name,
                "completion": words.percent(area.completion),
                "rows": [(row, Markup(row.chart)) for row in rows],
            }
        )
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            **_common(),
            title=t("page.title"),
            caption=caption(report),
            as_of=report.as_of.isoformat(),
            period=report.period,
            owner=view.owner,
            counts=counts_of(view),
            total=sum(c.count for c in counts_of(view)),
            sections=sections,
            assumed=assumed_owners(report),
            live=live,
            query=query,
        )
    )


def history_page(story: IndicatorHistory, query: str = "") -> str:
    """One indicator: its large chart, its figures and every entry, for ``/indicators/ID``."""
    from markupsafe import Markup

    row = row_of(story.status, None)
    entries = [
        {
            "id": e.id,
            "date": e.as_of.isoformat(),
            "value": entry_value(e, story.indicator.unit),
            "by": e.author,
            "note": note_text(e),
            "voided": e.voided_at is not None,
        }
        for e in story.shown()
    ]
    return (
        environment()
        .get_template("history.html.j2")
        .render(
            **_common(),
            title=story.indicator.name,
            as_of=story.as_of.isoformat(),
            row=row,
            chart=Markup(charts.chart_svg(story, charts.LARGE)),
            entries=entries,
            query=query,
        )
    )
