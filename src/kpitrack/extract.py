"""Finding the indicators in a Chinese work report: every number that someone must deliver.

The text is read the way a person reads it: OCR line breaks and stray spaces are undone,
paragraphs are cut into sentences and clauses, and headings become sections. A number counts
as an indicator when it carries a unit or measure word (21个, 59.2亿元, 110%, 三所); years,
dates, ordinals (第12届, 3号线, 一期), list counters (1+14+N), names in quotes ("三个一批") and
names containing digits (芝麻街1958) do not. Each indicator is told apart as an achieved result
or a planned target by the words around it (完成、新增… against 确保、力争…), falling back on
its section's other indicators.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from kpitrack.errors import KpiError
from kpitrack.quantity import APPROX_PREFIXES, parse_chinese_number
from kpitrack.units import MAGNITUDES, resolve_unit

# Words that tell a result from a plan. 新增, 建成, 全年 appear in both and tell nothing.
RESULT_CUES = (
    "完成", "实现", "累计", "达到", "共进行", "共计", "已", "超额", "获评", "被评为", "被认定",
    "认定", "入驻", "同比", "比上年",
)  # fmt: skip
TARGET_CUES = ("确保", "力争", "计划", "谋划", "将", "要", "预计", "目标", "争取", "拟")
# phrases that contain target words but report a result: 超额完成全年目标任务
RESULT_PHRASES = re.compile(r"(?:全年|年度|市定|省定)?目标(?:任务)?")
QUALIFIERS = ("力争", "确保", "突破", "超过", "超", "约", "近", "逾", "余", "多", "以上", "左右")

CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
SENTENCE_END = "。！？；!?;"
CLAUSE_BREAK = "，,、：:；;。！？!?"
# measure words that, after a numeral, name a phase or an ordinal rather than a count
ORDINAL_UNITS = ("期", "号", "届", "级", "层")
# collective or vague: 一批, 一些 are not indicators
VAGUE_AFTER_ONE = ("批", "些", "系列", "流", "体", "件事")
DURATION_UNITS = ("小时", "天")

_NUMBER = re.compile(
    rf"(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN_NUMERAL}]+)"
    r"(?P<mid>余|多)?"
    r"(?P<mag>万亿|千万|百万|十万|亿|万|千)?"
)


@dataclass(frozen=True)
class Line:
    """A stretch of cleaned text with the report line it came from."""

    text: str
    number: int


@dataclass
class Section:
    heading: str
    line: int
    paragraphs: list[list[Line]] = field(default_factory=list)


@dataclass(frozen=True)
class Found:
    value: Decimal
    unit: str  # as the report writes it, magnitude included: 亿元, 万个, 所
    approx: str | None
    qualifier: str | None  # 确保 / 力争 when the report says so
    name: str
    sentence: str
    line: int
    section: str
    section_index: int
    kind: str  # "result" or "target"
    confidence: float
    numeral: str  # the digits as written: 59.2, 三

    @property
    def key(self) -> tuple[str, str, str]:
        return (str(self.value.normalize()), self.unit, self.name)


# -- reading the text -----------------------------------------------------------------------------


def clean(text: str) -> str:
    """Width-folded, with the spaces OCR leaves between Chinese characters removed."""
    folded = unicodedata.normalize("NFKC", text).replace("\u3000", " ")
    folded = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", folded)
    folded = re.sub(
        r"(?<=[^\x00-\x7f])\s+(?=[\dA-Za-z])|(?<=[\dA-Za-z])\s+(?=[^\x00-\x7f])", "", folded
    )
    return folded.strip()


ENUMERATED = re.compile(r"^(?:[(（]?[一二三四五六七八九十]+[)）、．.]|\d{1,2}[、．.])")


def is_heading(text: str, stands_alone: bool) -> bool:
    """A line that names a section: short, no full stop, mostly Chinese, and either numbered
    (一、 （二） 3.) or standing alone between blank lines."""
    if not 4 <= len(text) <= 40 or any(mark in text for mark in "。；;!?！？"):
        return False
    numbered = ENUMERATED.match(text)
    body = text[numbered.end() :] if numbered else text
    letters = [c for c in body if not c.isdigit()]
    chinese = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff")
    return (
        chinese >= 4 and chinese / max(len(letters), 1) > 0.6 and (bool(numbered) or stands_alone)
    )


def sections(text: str) -> list[Section]:
    """Headings and the paragraphs under them; a paragraph broken across lines is joined."""
    found = [Section("", 0)]
    paragraph: list[Line] = []

    def close() -> None:
        if paragraph:
            found[-1].paragraphs.append(list(paragraph))
            paragraph.clear()

    raw_lines = text.splitlines()
    for number, raw in enumerate(raw_lines, start=1):
        line = clean(raw)
        if not line:
            if paragraph and paragraph[-1].text[-1:] in SENTENCE_END + '"”':
                close()
            continue
        alone = number == len(raw_lines) or not raw_lines[number].strip()
        so_far = "".join(part.text for part in paragraph)
        ends = not so_far or so_far[-1] in SENTENCE_END + '"”' or len(so_far) < 20
        if ends and is_heading(line, alone):
            close()  # a title's stray fragments before it are no paragraph
            found.append(Section(line, number))
            continue
        paragraph.append(Line(line, number))
    close()
    return [s for s in found if s.paragraphs]


def sentences(paragraph: list[Line]) -> list[tuple[str, list[int]]]:
    """Sentences of a paragraph, each with the report line of every character."""
    text = "".join(line.text for line in paragraph)
    origin = [line.number for line in paragraph for _ in line.text]
    result = []
    start = 0
    for index, char in enumerate(text):
        if char in SENTENCE_END:
            result.append((text[start : index + 1], origin[start : index + 1]))
            start = index + 1
    if start < len(text):
        result.append((text[start:], origin[start:]))
    return result


def quoted_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks: names such as "三个一批", never indicators."""
    spans = []
    opened: int | None = None
    for index, char in enumerate(sentence):
        if char in "“「『":
            opened = index
        elif char in "”」』" and opened is not None:
            spans.append((opened, index))
            opened = None
        elif char == '"':
            if opened is None:
                opened = index
            else:
                spans.append((opened, index))
                opened = None
    return spans


# -- finding numbers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    value: Decimal
    unit: str
    approx: str | None
    numeral: str


def candidates(sentence: str) -> list[Candidate]:
    quotes = quoted_spans(sentence)
    found = []
    for match in _NUMBER.finditer(sentence):
        start, end = match.start(), match.end()
        numeral, mid, magnitude = match["num"], match["mid"], match["mag"] or ""
        if numeral[0] in CN_NUMERAL and magnitude and numeral.endswith(magnitude):
            continue
        unit = _unit_after(sentence, end)
        if unit is None:
            continue
        if _excluded(sentence, start, end, numeral, unit, quotes):
            continue
        try:
            value = (
                Decimal(numeral.replace(",", ""))
                if numeral[0].isdigit()
                else parse_chinese_number(numeral)
            )
        except (ValueError, ArithmeticError):
            continue
        approx = mid or _approx_around(sentence, start, end + len(unit))
        found.append(Candidate(start, end + len(unit), value, magnitude + unit, approx, numeral))
    return found


def _unit_after(sentence: str, end: int) -> str | None:
    """The longest known unit right after a number (亿元 before 元, 平方公里 before 平方米)."""
    rest = sentence[end : end + 5]
    if rest.startswith("%"):
        return "%"
    for length in range(min(4, len(rest)), 0, -1):
        unit = rest[:length]
        if unit in MAGNITUDES:
            continue
        if resolve_unit(unit) is not None and unit != "":
            return unit
    return None


def _excluded(
    sentence: str,
    start: int,
    end: int,
    numeral: str,
    unit: str,
    quotes: list[tuple[int, int]],
) -> bool:
    before = sentence[max(0, start - 1) : start]
    after_unit = sentence[end + len(unit) : end + len(unit) + 1]
    if any(a < start < b for a, b in quotes):
        return True  # a name in quotation marks
    if before == "第" or unit in ORDINAL_UNITS:
        return True  # an ordinal or a phase: 第12届, 3号线, 二期
    if (before and before in "+-") or sentence[end : end + 1] == "+":
        return True  # a list counter: 1+14+N
    if numeral.isdigit() and len(numeral) == 4 and 1900 <= int(numeral) <= 2100:
        return True  # a year
    if unit in DURATION_UNITS and after_unit and "\u4e00" <= after_unit <= "\u9fff":
        return True  # a name such as 24小时发生地
    if numeral == "一" and sentence[end : end + 3].startswith(VAGUE_AFTER_ONE):
        return True  # 一批, 一些
    if before and before.isascii() and before.isalpha():
        return True  # part of a code or name, such as A3
    return bool(numeral[0] in CN_NUMERAL and after_unit == "一")  # 五个一: a slogan


def _approx_around(sentence: str, start: int, end: int) -> str | None:
    for prefix in APPROX_PREFIXES:
        if sentence[:start].endswith(prefix):
            return prefix
    for suffix in ("以上", "左右"):
        if sentence[end:].startswith(suffix):
            return suffix
    return None


# -- naming, classing, scoring --------------------------------------------------------------------


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Left, the clause starts after any break; right, a list (、) goes on: 中小学、幼儿园."""
    left = max((sentence.rfind(mark, 0, start) for mark in CLAUSE_BREAK), default=-1) + 1
    rights = [i for i in (sentence.find(mark, end) for mark in RIGHT_BREAK) if i >= 0]
    return left, min(rights) if rights else len(sentence)


NAME_TRIM = re.compile(r"^(?:共|并|其中|全年|确保|力争|以当前|当前|进一步|均|和|及|等|的)+")
RIGHT_BREAK = "，,：:；;。！？!?"
AFTER_CUT = re.compile(r"(?:为带动|为引领|为重点|为牵引|的|,|，).*$")


def name_of(sentence: str, candidate: Candidate, neighbours: list[Candidate]) -> str:
    """The thing counted: what follows the number when it is a noun phrase (41个省市重点项目),
    else what precedes it (新增科技型企业195家)."""
    left, right = _clause_bounds(sentence, candidate.start, candidate.end)
    for other in neighbours:
        if other is candidate:
            continue
        if other.end <= candidate.start:
            left = max(left, other.end)
        elif other.start >= candidate.end:
            right = min(right, other.start)
    after = sentence[candidate.end : right]
    if after.startswith("、"):
        after = ""  # 孵化器1家、工程研究中心4家: the count belongs to what came before
    after = AFTER_CUT.sub("", after).strip('"“”()（） ')
    before = sentence[left : candidate.start]
    for prefix in APPROX_PREFIXES:
        before = before.removesuffix(prefix)
    before = re.sub(r"(?:等|为|达|是|的)$", "", before).strip('"“”()（） ')
    chosen = after if len(after) >= 2 and not after.startswith(("的", "以上", "左右")) else before
    if len(chosen) < 2:
        chosen = (before + after).strip()
    chosen = NAME_TRIM.sub("", chosen).strip("、")
    if (chosen.count('"') + chosen.count("“") + chosen.count("”")) % 2:
        chosen = chosen.replace('"', "").replace("“", "").replace("”", "")
    return chosen[:30] or sentence[left:right][:30]


def kind_of(sentence: str) -> str | None:
    """'target' or 'result' from the sentence's own words; None when it says neither."""
    if re.search(r"完成" + RESULT_PHRASES.pattern, sentence):
        sentence = RESULT_PHRASES.sub("", sentence)
    target = any(cue in sentence for cue in TARGET_CUES)
    result = any(cue in sentence for cue in RESULT_CUES)
    if target and not result:
        return "target"
    if result and not target:
        return "result"
    if target and result:
        firm = ("确保", "力争", "计划", "谋划")
        return "target" if any(cue in sentence for cue in firm) else None
    return None


def qualifier_of(sentence: str, start: int) -> str | None:
    clause = sentence[:start]
    for word in ("确保", "力争"):
        if word in clause[-40:]:
            return word
    return None


def extract(text: str) -> list[Found]:
    """Every indicator of a report, in reading order, duplicates removed."""
    raw: list[tuple[Found, bool]] = []
    for index, section in enumerate(sections(text)):
        for paragraph in section.paragraphs:
            for sentence, origin in sentences(paragraph):
                found = candidates(sentence)
                for candidate in found:
                    kind = kind_of(sentence)
                    name = name_of(sentence, candidate, found)
                    confidence = 0.95
                    if kind is None:
                        confidence -= 0.25
                    if len(name) < 4:
                        confidence -= 0.2
                    if candidate.numeral[0] in CN_NUMERAL:
                        confidence -= 0.15
                    raw.append(
                        (
                            Found(
                                value=candidate.value,
                                unit=candidate.unit,
                                approx=candidate.approx,
                                qualifier=qualifier_of(sentence, candidate.start),
                                name=name,
                                sentence=sentence,
                                line=origin[candidate.start],
                                section=section.heading,
                                section_index=index,
                                kind=kind or "",
                                confidence=round(confidence, 2),
                                numeral=candidate.numeral,
                            ),
                            kind is not None,
                        )
                    )
    return _settle_kinds(_dedupe([f for f, _ in raw]))


def _dedupe(found: list[Found]) -> list[Found]:
    """A sentence the report repeats (an OCR or editing slip) yields its indicators once."""
    seen: set[tuple[str, str, str, str]] = set()
    kept = []
    for item in found:
        key = (*item.key, item.sentence)
        if key in seen:
            continue
        seen.add(key)
        kept.append(item)
    return kept


def _settle_kinds(found: list[Found]) -> list[Found]:
    """An indicator whose sentence says neither takes its section's usual kind, or else the
    kind of the nearest section before it that has one (reports review, then plan)."""
    by_section: dict[int, Counter[str]] = {}
    for item in found:
        if item.kind:
            by_section.setdefault(item.section_index, Counter())[item.kind] += 1
    settled = []
    for item in found:
        if item.kind:
            settled.append(item)
            continue
        earlier = [i for i in sorted(by_section) if i <= item.section_index]
        nearest = (
            item.section_index
            if item.section_index in by_section
            else (earlier[-1] if earlier else None)
        )
        kind = by_section[nearest].most_common(1)[0][0] if nearest is not None else "target"
        settled.append(replace(item, kind=kind))
    return settled


def read_report(path: Path) -> str:
    if not path.is_file():
        raise KpiError("import.no_file", path=path)
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def report_year(text: str) -> int | None:
    """The first year a report names, usually in its title: 2024"九个持续抓好"."""
    match = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", unicodedata.normalize("NFKC", text))
    return int(match.group()) if match else None
