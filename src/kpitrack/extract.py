"""Finding what a Chinese work report holds the district to: every number, named project,
honour, verdict and task, each with its section, line and the year it belongs to.

The text is read the way a person reads it (report_text: OCR breaks undone, items of a list
kept apart, headings made sections); numbers are found and named in extract_numbers, words
(projects, honours, tasks) in extract_named. Each item is told apart as an achieved result or a
planned target by its section: the heading's words first (回顾, 更加… / 持续抓好, 任务, 目标),
then the cues of its sentences (完成、新增… against 确保、力争、要…), then the section before.
A sentence the report repeats gives its items once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from kpitrack import extract_english as english
from kpitrack.extract_named import (
    Named,
    first_clause_task,
    honours,
    projects,
    tasks,
    verdicts,
)
from kpitrack.extract_numbers import (
    CN_NUMERAL,
    Candidate,
    Found,
    candidates,
    is_context,
    is_list_size,
    kind_of,
    name_of,
    qualifier_of,
    verdict_of,
)
from kpitrack.report_files import read_report
from kpitrack.report_text import (
    Section,
    heading_year,
    report_year,
    sections,
    sentences,
)

__all__ = ["Found", "extract", "read_report", "report_year"]

RESULT_HEADING = re.compile(
    r"回顾|成绩|成效|总结|更加|取得|显著|\b(?:review|achievements?|results|progress|last year)\b",
    re.IGNORECASE,
)
TARGET_HEADING = re.compile(
    r"持续抓好|任务|安排|目标|计划|重点工作|思路|展望|打算"
    r"|\b(?:plans?|priorities|goals|targets|tasks|objectives|outlook|next year|the year ahead)\b",
    re.IGNORECASE,
)


def section_kind(section: Section) -> str | None:
    """What a section does, from its heading, else from most of its sentences."""
    for heading in (section.heading, section.parent):
        if TARGET_HEADING.search(heading):
            return "target"
        if RESULT_HEADING.search(heading):
            return "result"
    votes = Counter(
        kind
        for paragraph in section.paragraphs
        for sentence, _ in sentences(paragraph)
        if (kind := _kind_of(sentence)) is not None
    )
    return votes.most_common(1)[0][0] if votes else None


def extract(text: str) -> list[Found]:
    """Everything a report holds the district to, in reading order, repeats removed."""
    found: list[Found] = []
    seen: set[str] = set()
    previous = "target"
    for index, section in enumerate(sections(text)):
        kind = section_kind(section) or previous
        previous = kind
        items: list[Found] = []
        for paragraph in section.paragraphs:
            for sentence, origin in sentences(paragraph):
                if sentence in seen:
                    continue  # a sentence the report repeats
                seen.add(sentence)
                items += _read_sentence(sentence, origin, section, index, kind)
        if not items and kind == "result":
            items = _review_tasks(section, index)  # a review that reports nothing else
        if not items:
            items += _fallback_task(section, index, kind)
        found += items
    return _dedupe(found)


def _kind_of(sentence: str) -> str | None:
    return english.kind_of(sentence) if english.is_english(sentence) else kind_of(sentence)


def _read_sentence(
    sentence: str, origin: list[int], section: Section, index: int, section_kind: str
) -> list[Found]:
    if english.is_english(sentence):
        return _read_english(sentence, origin, section, index, section_kind)
    numbers = candidates(sentence)
    own_kind = kind_of(sentence)
    items = [
        _number(sentence, origin, c, numbers, section, index, own_kind or section_kind)
        for c in numbers
    ]
    named = projects(sentence) + honours(sentence) + verdicts(sentence)
    by_group: dict[int, list[str]] = {}
    for item in named:
        if item.group_at is not None:
            by_group.setdefault(item.group_at, []).append(item.name)
    items = [replace(item, members=tuple(by_group.get(item.position, ()))) for item in items]
    words = [_word(sentence, origin, n, section, index, section_kind) for n in named]
    if section_kind == "target":
        taken = {n.position for n in named} | {c.start for c in numbers}
        words += [
            _word(sentence, origin, n, section, index, section_kind) for n in tasks(sentence, taken)
        ]
    return sorted(items + words, key=lambda f: (f.line, f.position))


def _read_english(
    sentence: str, origin: list[int], section: Section, index: int, section_kind: str
) -> list[Found]:
    """An English sentence: its numbers with their nouns; words are not read as tasks."""
    kind = english.kind_of(sentence) or section_kind
    found = []
    for number in english.numbers(sentence):
        confidence = 0.9 if english.kind_of(sentence) is not None else 0.7
        if len(number.name) < 6:
            confidence -= 0.2
        found.append(
            Found(
                value=number.value,
                unit=number.unit,
                approx=None,
                qualifier=None,
                name=number.name,
                sentence=sentence,
                line=origin[number.start],
                section=section.heading,
                section_index=index,
                kind=kind,
                confidence=round(confidence, 2),
                numeral=number.numeral,
                direction=number.direction,
                period=heading_year(section.heading) or heading_year(section.parent),
                position=number.start,
            )
        )
    return found


def _number(
    sentence: str,
    origin: list[int],
    candidate: Candidate,
    neighbours: list[Candidate],
    section: Section,
    index: int,
    kind: str,
) -> Found:
    name = name_of(sentence, candidate, neighbours)
    confidence = 0.95 if kind_of(sentence) is not None else 0.7
    if len(name) < 4:
        confidence -= 0.2
    if candidate.numeral[0] in CN_NUMERAL:
        confidence -= 0.15
    context = is_context(sentence, candidate.start)
    return Found(
        value=candidate.value,
        unit=candidate.unit,
        approx=candidate.approx,
        qualifier=qualifier_of(sentence, candidate.start),
        name=name,
        sentence=sentence,
        line=origin[candidate.start],
        section=section.heading,
        section_index=index,
        kind=kind,
        confidence=round(confidence, 2),
        numeral=candidate.numeral,
        measure="context"
        if context
        else "list"
        if is_list_size(sentence, candidate.start)
        else "number",
        verdict=verdict_of(sentence, candidate.start) if kind == "result" else None,
        period=heading_year(section.heading) or heading_year(section.parent),
        position=candidate.start,
    )


def _word(
    sentence: str, origin: list[int], named: Named, section: Section, index: int, kind: str
) -> Found:
    return Found(
        value=None,
        unit="",
        approx=None,
        qualifier=named.commitment,
        name=named.name,
        sentence=sentence,
        line=origin[min(named.position, len(origin) - 1)],
        section=section.heading,
        section_index=index,
        kind=kind,
        confidence=named.confidence,
        numeral="",
        measure=named.measure,
        stage=named.stage,
        verdict=named.verdict,
        period=heading_year(section.heading) or heading_year(section.parent),
        position=named.position,
    )


def _review_tasks(section: Section, index: int) -> list[Found]:
    """A review section that reports no figure, project or honour: what it says it did."""
    found = []
    for paragraph in section.paragraphs:
        for sentence, origin in sentences(paragraph):
            found += [
                _word(sentence, origin, n, section, index, "result") for n in tasks(sentence, set())
            ]
    return found


def _fallback_task(section: Section, index: int, kind: str) -> list[Found]:
    for paragraph in section.paragraphs:
        for sentence, origin in sentences(paragraph):
            task = first_clause_task(sentence)
            if task is not None:
                return [_word(sentence, origin, task, section, index, kind)]
    return []


def _dedupe(found: list[Found]) -> list[Found]:
    """The same figure of the same thing, or the same words, said twice give one item."""
    seen: set[tuple[str, str, str, str, str]] = set()
    kept = []
    for item in found:
        key = (*item.key, item.kind, item.measure)
        if key in seen:
            continue
        seen.add(key)
        kept.append(item)
    return kept
