"""A first draft of targets.yaml from a report, and how a declaration and a report differ.

The draft is what a person would start from: sections from the report's headings, one
indicator per number found, the report's sentence and line as its source, results (with
their actual) in the year before the report's and targets in its year, a confidence per
indicator and ``review: true`` where the reading is uncertain. ``kpi validate`` accepts it.
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

REVIEW_BELOW = 0.8


def period_of(item: Found, year: int) -> int:
    return year - 1 if item.kind == "result" else year


def indicator_id(item: Found, year: int, taken: set[str]) -> str:
    """Stable across runs: the kind, the period and a hash of what the report says."""
    kind = "result" if item.kind == "result" else "plan"
    digest = hashlib.sha1(f"{item.name}|{item.value.normalize()}|{item.unit}".encode()).hexdigest()
    base = f"{kind}-{period_of(item, year)}-{digest[:6]}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def unique_name(item: Found, year: int, names: set[tuple[int, str]]) -> str:
    """Two numbers of one sentence may read as one name (17个 projects, 59.2亿元 invested):
    the second is told apart by its unit, for review, since a period's names must differ."""
    name, n = item.name, 2
    while (period_of(item, year), name) in names:
        name = f"{item.name}（{item.unit or n}）" if n == 2 else f"{item.name}（{n}）"
        n += 1
    names.add((period_of(item, year), name))
    return name


def draft_yaml(found: Sequence[Found], year: int, report: str) -> str:
    taken: set[str] = set()
    names: set[tuple[int, str]] = set()
    areas: list[dict[str, object]] = []
    by_section: dict[int, dict[str, object]] = {}
    for item in found:
        area = by_section.get(item.section_index)
        if area is None:
            area = {
                "id": f"section-{item.section_index:02d}",
                "name": item.section or "（无标题）",
                "indicators": [],
            }
            by_section[item.section_index] = area
            areas.append(area)
        target = format_quantity(item.value, item.unit, approx=item.approx)
        entry: dict[str, object] = {
            "id": indicator_id(item, year, taken),
            "name": unique_name(item, year, names),
            "target": target,
            "period": period_of(item, year),
        }
        if item.kind == "result":
            entry["actual"] = format_quantity(item.value, item.unit, approx=item.approx)
        if item.qualifier:
            entry["note"] = item.qualifier
        entry["source"] = item.sentence
        entry["source_line"] = item.line
        entry["confidence"] = item.confidence
        if item.confidence < REVIEW_BELOW or entry["name"] != item.name:
            entry["review"] = True
        indicators = area["indicators"]
        assert isinstance(indicators, list)
        indicators.append(entry)
    document = {"report": report, "areas": areas}
    header = (
        f"# 由 kpi extract 从 {report} 生成的初稿：请逐条核对，review: true 的尤其需要人工确认。\n"
        f"# 成绩（result）归入 {year - 1} 年并带有 actual，计划（plan）归入 {year} 年。\n"
    )
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


@dataclass(frozen=True)
class Comparison:
    only_in_report: list[Found]
    only_declared: list[Indicator]
    matched: list[tuple[Found, Indicator]]


def compare(found: Sequence[Found], targets: Targets, year: int) -> Comparison:
    """Match each number of the report with a declared indicator of the same period, value
    and unit; what is left on either side is what one has and the other lacks."""
    declared = [i for i in targets.indicators() if i.measure is not Measure.MILESTONE]
    unmatched = list(declared)
    only_report: list[Found] = []
    matched: list[tuple[Found, Indicator]] = []
    for item in found:
        twin = next((i for i in unmatched if _same(item, i, year)), None)
        if twin is None:
            only_report.append(item)
        else:
            unmatched.remove(twin)
            matched.append((item, twin))
    milestones = [i for i in targets.indicators() if i.measure is Measure.MILESTONE]
    return Comparison(only_report, unmatched + milestones, matched)


def _same(item: Found, indicator: Indicator, year: int) -> bool:
    if indicator.period.label != str(period_of(item, year)):
        return False
    try:
        value = convert(parse_quantity(format_quantity(item.value, item.unit)), indicator.unit)
    except Exception:
        return False
    numbers = {indicator.target}
    if indicator.actual is not None:
        numbers.add(indicator.actual.value)
    return any(n is not None and Decimal(n) == value for n in numbers)
