"""A first draft of targets.yaml from a report, and how a declaration and a report differ.

The draft is what a person would start from: sections from the report's headings, every
section of the report with what it commits to, the report's sentence and line as each item's
source. A figure of a review is a ``result`` with the report's verdict and no invented target;
a figure of a plan is a target (a rate a ``level``), 当前… a ``context``; named projects are
milestones (a count that names them lists them as ``members``), honours ``honour`` and the
commitments in words ``task``; 确保/力争/争取 is kept as ``commitment``. Each item carries a
confidence and ``review: true`` where the reading is uncertain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import yaml

from kpitrack.extract import Found
from kpitrack.model import Indicator, Measure, Targets
from kpitrack.quantity import convert, format_quantity, parse_quantity
from kpitrack.report_text import unquote

REVIEW_BELOW = 0.8
# the measure each kind of item is drafted as; numbers depend on their kind (result or plan)
WORD_MEASURES = {"milestone": "milestone", "honour": "honour", "result": "result", "task": "task"}
ID_PREFIX = {"milestone": "project", "honour": "honour", "task": "task", "context": "context"}


def period_of(item: Found, year: int, review_only: bool = False) -> int:
    """The year an item is filed under: the year its section's heading names; else a result
    goes to the year before the report's (a review ahead of a plan), or to the report's year
    itself when the report is only a review (`kpi extract 2024年工作总结.txt --year 2024`)."""
    if item.period is not None:
        return item.period
    if item.kind == "result" and not review_only:
        return year - 1
    return year


def indicator_id(item: Found, period: int, taken: set[str]) -> str:
    """Stable across runs: the kind, the period and a hash of what the report says."""
    kind = ID_PREFIX.get(item.measure) or ("result" if item.kind == "result" else "plan")
    value = "" if item.value is None else str(item.value.normalize())
    digest = hashlib.sha1(f"{item.name}|{value}|{item.unit}|{item.measure}".encode()).hexdigest()
    base = f"{kind}-{period}-{digest[:6]}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def unique_name(item: Found, period: int, names: set[tuple[int, str]]) -> str:
    """Two numbers of one sentence may read as one name (17个 projects, 59.2亿元 invested):
    the second is told apart by its unit, for review, since a period's names must differ."""
    name, n = item.name, 2
    while (period, name) in names:
        name = f"{item.name}（{item.unit or n}）" if n == 2 else f"{item.name}（{n}）"
        n += 1
    names.add((period, name))
    return name


def measure_fields(item: Found) -> dict[str, object]:
    """What an item is, in the words of targets.yaml: a figure to reach, a result with the
    report's verdict, the present (背景), a stage to reach, a task."""
    done = item.kind == "result"
    if item.value is not None:
        figure = format_quantity(item.value, item.unit, approx=item.approx)
        if item.measure == "context":
            return {"measure": "context", "actual": figure}
        if done:
            fields: dict[str, object] = {"measure": "result", "actual": figure}
            if item.verdict:
                fields["verdict"] = item.verdict
            return fields
        # a rate (95%) or a list's size known at the start (全年谋划21个) is judged on its
        # latest reading, not summed and paced
        level = item.unit == "%" or item.measure == "list"
        return {"target": figure, **({"measure": "level"} if level else {})}
    measure = WORD_MEASURES.get(item.measure, "task")
    fields = {"measure": measure}
    if measure in ("milestone", "honour") and item.stage:
        fields["stages"] = [item.stage]
        if done:
            fields["actual"] = item.stage
    elif measure == "result":
        fields["verdict"] = item.verdict or "未说明"
    elif measure == "task" and done:
        fields["actual"] = "完成"
    return fields


def draft_yaml(found: Sequence[Found], year: int, report: str) -> str:
    review_only = not any(item.kind == "target" for item in found)
    taken: set[str] = set()
    names: set[tuple[int, str]] = set()
    ids: dict[int, str] = {}
    for index, item in enumerate(found):
        ids[index] = indicator_id(item, period_of(item, year, review_only), taken)
    named_ids = {
        (item.sentence, item.name): ids[index]
        for index, item in enumerate(found)
        if item.measure in ("milestone", "honour")
    }
    areas: list[dict[str, object]] = []
    by_section: dict[int, dict[str, object]] = {}
    for index, item in enumerate(found):
        area = by_section.get(item.section_index)
        if area is None:
            area = {
                "id": f"section-{item.section_index:02d}",
                "name": item.section or "（无标题）",
                "indicators": [],
            }
            by_section[item.section_index] = area
            areas.append(area)
        period = period_of(item, year, review_only)
        entry: dict[str, object] = {
            "id": ids[index],
            "name": unique_name(item, period, names),
            **measure_fields(item),
            "period": period,
        }
        members = [
            named_ids[(item.sentence, m)] for m in item.members if (item.sentence, m) in named_ids
        ]
        if members and entry.get("measure", "total") in ("total", "level"):
            entry["members"] = members  # only a count has members; a 2023 result only a figure
        if item.qualifier:
            entry["commitment"] = item.qualifier
        entry["source"] = item.sentence
        entry["source_line"] = item.line
        entry["confidence"] = item.confidence
        if item.confidence < REVIEW_BELOW or entry["name"] != item.name:
            entry["review"] = True
        indicators = area["indicators"]
        assert isinstance(indicators, list)
        indicators.append(entry)
    document = {"report": report, "areas": areas}
    filed = f"{year}" if review_only else f"{year - 1}"
    header = (
        f"# 由 kpi extract 从 {report} 生成的初稿：请逐条核对，review: true 的尤其需要人工确认。\n"
        f"# 成绩归入 {filed} 年（measure: result，带 actual 和报告的 verdict），"
        f"计划归入 {year} 年；章节标题写明年份的，按标题。\n"
        "# 具名项目为 milestone，荣誉为 honour，无数字的工作为 task，"
        "“当前…”为 context（不计分）。\n"
    )
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


@dataclass(frozen=True)
class Comparison:
    only_in_report: list[Found]
    only_declared: list[Indicator]
    matched: list[tuple[Found, Indicator]]


COMPARED = ("number", "list", "context", "milestone", "honour")


def compare(found: Sequence[Found], targets: Targets, year: int) -> Comparison:
    """Match each number of the report with a declared indicator of the same period, value
    and unit, and each named project or honour with a declared milestone of the same period
    whose name holds it; what is left on either side is what one has and the other lacks.
    Tasks and verdicts in words are left out: they are the report's words, for review."""
    unmatched = list(targets.indicators())
    only_report: list[Found] = []
    matched: list[tuple[Found, Indicator]] = []
    review_only = not any(item.kind == "target" for item in found)
    ordered = sorted(
        (f for f in found if f.measure in COMPARED), key=lambda f: f.value is None
    )  # numbers first: a milestone never takes a number's twin
    for item in ordered:
        twin = next((i for i in unmatched if _same(item, i, year, review_only)), None)
        if twin is None:
            only_report.append(item)
        else:
            unmatched.remove(twin)
            matched.append((item, twin))
    only_report.sort(key=lambda f: (f.line, f.position))
    return Comparison(only_report, unmatched, matched)


def _same(item: Found, indicator: Indicator, year: int, review_only: bool) -> bool:
    if indicator.period.label != str(period_of(item, year, review_only)):
        return False
    if item.value is None:
        return indicator.measure is Measure.MILESTONE and unquote(item.name) in unquote(
            indicator.name
        )
    if indicator.measure is Measure.MILESTONE:
        return False
    try:
        value = convert(parse_quantity(format_quantity(item.value, item.unit)), indicator.unit)
    except Exception:
        return False
    numbers = {indicator.target}
    if indicator.actual is not None:
        numbers.add(indicator.actual.value)
    return any(n is not None and Decimal(n) == value for n in numbers)
