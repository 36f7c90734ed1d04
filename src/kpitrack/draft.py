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
import re
from collections.abc import Callable, Sequence
from dataclasses import field
from decimal import Decimal
from difflib import SequenceMatcher

import yaml

from kpitrack.extract import Found
from kpitrack.frozen import frozen
from kpitrack.matching import fold
from kpitrack.messages import t
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
        mark = item.unit if n == 2 and item.unit else str(n)
        name = f"{item.name} ({mark})" if item.name.isascii() else f"{item.name}（{mark}）"
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
        # so is a ceiling (under 8 minutes) and a time taken
        level = (
            item.unit in ("%", "minutes", "hours", "days")
            or item.measure == "list"
            or item.direction == "at_most"
        )
        fields = {"target": figure, **({"measure": "level"} if level else {})}
        if item.direction:
            fields["direction"] = item.direction
        return fields
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
                "name": item.section or t("draft.untitled"),
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
    header = t("draft.header", report=report, filed=filed, year=year)
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


@frozen
class Comparison:
    """What a report drafts against what targets.yaml declares, every item of the report
    compared: numbers by period, value and unit; projects, honours, verdicts and tasks by name,
    source and line. A declaration in words (a task, a verdict without a figure) that no item
    of the report matches is not claimed missing: reading words is not sure enough for that."""

    only_in_report: list[Found]
    only_declared: list[Indicator]  # numbers, projects and honours the report does not hold
    matched: list[tuple[Found, Indicator]]  # several clauses of the report may make one task
    differs: list[tuple[Found, Indicator]] = field(default_factory=list)  # same thing, new figure
    words_unmatched: list[Indicator] = field(default_factory=list)  # not claimed missing

    @property
    def found(self) -> int:
        """Every item of the report, each counted once in one of its three lists."""
        return len(self.matched) + len(self.differs) + len(self.only_in_report)


WORD_MATCH_BELOW = 0.6  # a name this far from any declared one is its own item


def compare(found: Sequence[Found], targets: Targets, year: int) -> Comparison:
    """Match the report's items with the declared indicators of their period, best first:

    1. a number with an indicator of the same value and unit (its target or its actual);
    2. a number with an indicator of the same name, or of its line and a near name, whose
       figure differs: 目标不同;
    3. a project, honour, verdict or task with a declared item in words, by name (one holds the
       other, or they are close), by source (the clause is in its source, on its line);
    4. a clause of a sentence whose declared task took several clauses (…，确保…) joins it.

    What is left of the report is not declared; what is left of the declaration is missing
    from the report, but for declarations in words, which are only listed as not matched."""
    review_only = not any(item.kind == "target" for item in found)
    periods = [str(period_of(item, year, review_only)) for item in found]
    unmatched = list(targets.indicators())
    left = list(range(len(found)))
    matched: dict[int, Indicator] = {}

    def take(pairs: list[tuple[float, int, int, Indicator]]) -> list[tuple[int, Indicator]]:
        """One to one, the best scores first, in reading and declaration order on a tie."""
        taken: list[tuple[int, Indicator]] = []
        for _, index, _, indicator in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
            if index in left and any(i is indicator for i in unmatched):
                left.remove(index)
                unmatched.remove(indicator)
                taken.append((index, indicator))
        return taken

    def pairs_of(
        score: Callable[[Found, Indicator], float],
    ) -> list[tuple[float, int, int, Indicator]]:
        return [
            (value, index, n, indicator)
            for index in left
            for n, indicator in enumerate(unmatched)
            if indicator.period.label == periods[index]
            and (value := score(found[index], indicator)) > 0
        ]

    for index, indicator in take(pairs_of(_same_figure)):
        matched[index] = indicator
    differs = take(pairs_of(_figure_differs))
    for index, indicator in take(pairs_of(_word_score)):
        matched[index] = indicator
    for index in list(left):  # …，确保项目建设扎实推进: one more clause of a declared task
        item = found[index]
        if item.value is not None:
            continue
        owner = next(
            (i for i in matched.values() if i.measure is Measure.TASK and _within(item, i)), None
        )
        if owner is not None:
            left.remove(index)
            matched[index] = owner
    in_words = [i for i in unmatched if _in_words(i)]
    return Comparison(
        only_in_report=[found[index] for index in left],
        only_declared=[i for i in unmatched if not _in_words(i)],
        matched=[(found[index], matched[index]) for index in sorted(matched)],
        differs=[
            (found[index], indicator) for index, indicator in sorted(differs, key=lambda p: p[0])
        ],
        words_unmatched=in_words,
    )


_PUNCTUATION = re.compile(r"[，,、。；;：:（）()《》〈〉!！?？.]")


def _key(text: str | None) -> str:
    """A name as compared: folded (width, spaces, quotes, case), no punctuation."""
    return _PUNCTUATION.sub("", fold(unquote(text or "")))


def _in_words(indicator: Indicator) -> bool:
    """A task, or a verdict without a figure (城镇新增就业 超额完成): declared in words only."""
    if indicator.measure is Measure.TASK:
        return True
    return (
        indicator.measure is Measure.RESULT
        and indicator.target is None
        and (indicator.actual is None or indicator.actual.value is None)
    )


def _on_line(item: Found, indicator: Indicator) -> bool:
    return indicator.source_line is not None and indicator.source_line == item.line


def _within(item: Found, indicator: Indicator) -> bool:
    """The item's words are part of the indicator's name, or of its source on the item's line."""
    name = _key(item.name)
    if len(name) < 2:
        return False
    return name in _key(indicator.name) or (
        _on_line(item, indicator) and name in _key(indicator.source)
    )


def _converted(item: Found, indicator: Indicator) -> Decimal | None:
    if item.value is None:
        return None
    try:
        return convert(parse_quantity(format_quantity(item.value, item.unit)), indicator.unit)
    except Exception:
        return None


def _figures(indicator: Indicator) -> list[Decimal]:
    numbers = [indicator.target]
    if indicator.actual is not None:
        numbers.append(indicator.actual.value)
    return [Decimal(n) for n in numbers if n is not None]


def _closeness(item: Found, indicator: Indicator) -> float:
    """How near the item's name is to the indicator's (or its source's, on the same line)."""
    name, declared = _key(item.name), _key(indicator.name)
    if not name or not declared:
        return 0.0
    if name == declared:
        return 1.0
    if len(min(name, declared, key=len)) >= 2 and (name in declared or declared in name):
        return 0.9
    ratio = SequenceMatcher(None, name, declared).ratio()
    if _on_line(item, indicator):
        if name in _key(indicator.source):
            return 0.85
        ratio = max(ratio, SequenceMatcher(None, name, _key(indicator.source)).ratio())
        return 0.2 + ratio * 0.8  # on its line, half the words in common are enough
    return ratio * 0.8


def _same_figure(item: Found, indicator: Indicator) -> float:
    """A number and an indicator of the same value and unit; the nearer name wins a tie."""
    if indicator.measure is Measure.MILESTONE:
        return 0.0
    value = _converted(item, indicator)
    if value is None or value not in _figures(indicator):
        return 0.0
    return 2.0 + _closeness(item, indicator) + (0.5 if _on_line(item, indicator) else 0.0)


def _word_score(item: Found, indicator: Indicator) -> float:
    """A project, honour, verdict or task and a declared item in words of the same thing."""
    if item.value is not None:
        return 0.0
    if indicator.target is not None or indicator.measure is Measure.CONTEXT:
        # a figure the file reads into words (重特大事故 0起 ← 坚决遏制重特大事故发生)
        return 0.85 if _on_line(item, indicator) and _within(item, indicator) else 0.0
    score = _closeness(item, indicator)
    if score < WORD_MATCH_BELOW:
        return 0.0
    return score + (0.05 if _on_line(item, indicator) else 0.0)  # its own line first


def _figure_differs(item: Found, indicator: Indicator) -> float:
    """A number and a declared figure of the same thing (same name, or same line and a near
    name) that disagree: 15个 declared, 16个 in the report."""
    if item.value is None or indicator.measure in (Measure.MILESTONE, Measure.TASK):
        return 0.0
    if not _figures(indicator) or _converted(item, indicator) is None:
        return 0.0
    closeness = _closeness(item, indicator)
    if closeness >= 0.9 or (_on_line(item, indicator) and closeness >= 0.6):
        return closeness
    return 0.0
