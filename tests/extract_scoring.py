"""How a draft of `kpi extract` is scored against a hand-made gold list (tests/data/report_gold.yaml
and the gold lists the tests write for their own reports).

The matching rule, one gold item to at most one drafted item:
- a number matches a drafted figure on the same line with the same value and unit;
- a project, honour or implied commitment matches a drafted item (any kind but a bare figure)
  on the same line whose name holds the gold name's words (quotation marks and spaces aside):
  郑州外国语中学莲湖校区 holds 莲湖校区, "1+14+N"三级城运体系 holds 1+14+N.
Recall counts the gold items matched. Precision counts the drafted items that match a gold item,
over every drafted figure, project, honour and verdict; tasks are scored apart (they are the
report's words clause by clause, for review), except that a task may be what matches an implied
commitment (坚决遏制重特大事故发生).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kpitrack.extract import Found

GOLD_WORDS = ("projects", "honours", "implied")


def words(text: str) -> str:
    return re.sub(r"[\s\"“”「」『』()（）]", "", text)


@dataclass(frozen=True)
class Gold:
    group: str  # numbers / projects / honours / implied
    line: int
    name: str
    value: Decimal | None = None
    unit: str = ""
    period: int | None = None
    verdict: str | None = None
    commitment: str | None = None
    context: bool = False


def gold_items(document: dict[str, Any]) -> list[Gold]:
    items = []
    for group in ("numbers", *GOLD_WORDS):
        for entry in document.get(group) or []:
            items.append(
                Gold(
                    group=group,
                    line=int(entry["line"]),
                    name=str(entry["name"]),
                    value=Decimal(str(entry["value"])) if "value" in entry else None,
                    unit=str(entry.get("unit", "")),
                    period=entry.get("period"),
                    verdict=entry.get("verdict"),
                    commitment=entry.get("commitment"),
                    context=bool(entry.get("context")),
                )
            )
    return items


def matches(gold: Gold, item: Found) -> bool:
    if item.line != gold.line:
        return False
    if gold.group == "numbers":
        return item.value is not None and item.value == gold.value and item.unit == gold.unit
    return item.value is None and words(gold.name) in words(item.name)


@dataclass
class Score:
    pairs: list[tuple[Gold, Found]]
    missed: list[Gold]
    extra: list[Found]
    scored: int  # drafted items counted in precision

    @property
    def recall(self) -> float:
        total = len(self.pairs) + len(self.missed)
        return len(self.pairs) / total if total else 1.0

    @property
    def precision(self) -> float:
        hits = sum(1 for _, item in self.pairs if item.measure != "task")
        return hits / self.scored if self.scored else 0.0

    def line(self, what: str) -> str:
        return (
            f"\nkpi extract on {what}: precision {self.precision:.1%}, recall {self.recall:.1%} "
            f"({self.scored} drafted besides tasks, {len(self.pairs) + len(self.missed)} in the "
            f"gold list)"
        )


def score(found: list[Found], gold: list[Gold]) -> Score:
    """Numbers first, then words; a drafted item that matched once is not matched again."""
    free = list(found)
    pairs: list[tuple[Gold, Found]] = []
    missed: list[Gold] = []
    for item in gold:
        twin = next((f for f in free if f.measure != "task" and matches(item, f)), None)
        if twin is None and item.group == "implied":
            twin = next((f for f in free if matches(item, f)), None)
        if twin is None:
            missed.append(item)
        else:
            free.remove(twin)
            pairs.append((item, twin))
    scored = [f for f in found if f.measure != "task"]
    extra = [f for f in free if f.measure != "task"]
    return Score(pairs, missed, extra, len(scored))


def sections_without_items(found: list[Found], document: dict[str, Any]) -> list[str]:
    """The gold sections no drafted item sits under (a section is found by its heading)."""
    headings = {words(item.section) for item in found}
    return [
        entry["name"]
        for entry in document["sections"]
        if not any(words(str(entry["name"])) in heading for heading in headings)
    ]
