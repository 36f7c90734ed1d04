"""The numbers of a report: every figure with a unit that someone must deliver, and its name.

A number counts when it carries a unit or measure word (21个, 59.2亿元, 110%, 三所); years,
dates, ordinals (第12届, 3号线, 一期), list counters (1+14+N), names in quotes ("三个一批") and
names containing digits (芝麻街1958) do not. Its name comes from the phrase that owns it: what
follows it when that is a noun phrase (41个省市重点项目), else what precedes it; a list that
shares its head (6次全区域、38次分领域项目观摩) shares it with each number, and a count never
takes the name of the amount that follows it (17个项目 完成投资59.2亿元).
"""

from __future__ import annotations

import re
from decimal import Decimal

from kpitrack.frozen import frozen
from kpitrack.quantity import APPROX_PREFIXES, parse_chinese_number
from kpitrack.report_text import clauses, quoted_spans
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


@frozen
class Found:
    """One thing the report holds the district to, as drafted.

    `measure` says what it is: ``number`` (a figure with a unit), ``list`` (the size of a list
    known at the start: 全年谋划…21个), ``context`` (a present-day figure, 当前…30多个),
    ``milestone`` (a named project and its stage), ``honour``, ``result`` (a verdict without
    a figure: 城镇新增就业 超额完成市定目标) or ``task`` (a commitment in words).
    `kind` says whether the report looks back (result) or forward (target)."""

    value: Decimal | None
    unit: str  # as the report writes it, magnitude included: 亿元, 万个, 所
    approx: str | None
    qualifier: str | None  # 确保 / 力争 / 争取 when the report says so
    name: str
    sentence: str
    line: int
    section: str
    section_index: int
    kind: str  # "result" or "target"
    confidence: float
    numeral: str  # the digits as written: 59.2, 三
    measure: str = "number"
    stage: str | None = None  # milestones and honours: the report's verb, 开工建设, 获评
    verdict: str | None = None  # 超额完成 / 完成 where the report says so
    members: tuple[str, ...] = ()  # a count's named projects, by name
    period: int | None = None  # the year a section's heading names, if any
    position: int = 0  # where in its sentence it starts, to keep reading order
    direction: str | None = None  # at_most / at_least where the report says so (English)

    @property
    def key(self) -> tuple[str, str, str]:
        value = "" if self.value is None else str(self.value.normalize())
        return (value, self.unit, self.name)

    @property
    def is_number(self) -> bool:
        return self.value is not None


@frozen
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


# 确保 / 力争 / 争取 go to the item's commitment, never stay in its name
NAME_TRIM = re.compile(r"^(?:共|并|其中|全年|确保|力争|争取|以当前|当前|进一步|均|和|及|等|的)+")
RIGHT_BREAK = "，,：:；;。！？!?"
AFTER_CUT = re.compile(r"(?:为带动|为引领|为重点|为牵引|的|,|，).*$")


# a count is not named after the amount that follows it: 17个项目|完成投资59.2亿元
COUNT_CUT = re.compile(r"(?:投资完成率|完成率|完成|实现|达到|累计|新增|总投资).*$")


def name_of(sentence: str, candidate: Candidate, neighbours: list[Candidate]) -> str:
    """The thing counted: what follows the number when it is a noun phrase (41个省市重点项目),
    else what precedes it (新增科技型企业195家)."""
    left, right = _clause_bounds(sentence, candidate.start, candidate.end)
    following: Candidate | None = None
    for other in neighbours:
        if other is candidate:
            continue
        if other.end <= candidate.start:
            left = max(left, other.end)
        elif other.start >= candidate.end and other.start < right:
            right, following = other.start, other
    after = sentence[candidate.end : right]
    if after.startswith("、"):
        after = ""  # 孵化器1家、工程研究中心4家: the count belongs to what came before
    shares_head = after.endswith("、") and following is not None
    if following is not None:
        after = COUNT_CUT.sub("", after)
    after = AFTER_CUT.sub("", after).strip('"“”()（）、 ')
    if shares_head and following is not None and len(after) >= 2:
        # 6次全区域、38次分领域项目观摩: the list's items share the last one's head
        head = name_of(sentence, following, neighbours)
        if len(head) > len(after):
            after += head[len(after) :]
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


COMMITMENTS = ("确保", "力争", "争取")
CLAUSE_START = "，,；;。！？!?"
PRESENT = ("当前", "目前", "现有", "现已")


def _clause_before(sentence: str, start: int) -> str:
    left = max(sentence.rfind(mark, 0, start) for mark in CLAUSE_START) + 1
    return sentence[left:start]


def qualifier_of(sentence: str, start: int) -> str | None:
    """The report's word of commitment (确保 / 力争 / 争取) in the clause that holds the number."""
    clause = _clause_before(sentence, start)
    return next((word for word in COMMITMENTS if word in clause), None)


def is_context(sentence: str, start: int) -> bool:
    """当前谋划和正在建设的30多个产业园区: the present, not a commitment."""
    return any(word in _clause_before(sentence, start) for word in PRESENT)


OWN_VERDICT = re.compile(r"^(?:均|并|且|全部|都)?(?:超额)?完成")
GROWTH = re.compile(r"^(?:同比|比上年|较上年)?(?:增长|下降|提高)")


def verdict_of(sentence: str, start: int) -> str | None:
    """超额完成 / 完成 where the clause of the number, or the one right after it, says so:
    17个项目完成投资59.2亿元,均超额完成年度目标任务. A growth rate between a figure and its
    verdict (完成投资152亿元,同比增长8.5%,超额完成年度目标) describes the figure: the verdict
    is the figure's, not the rate's."""
    parts = [(at, text) for at, text in clauses(sentence)]
    index = next((i for i, (at, text) in enumerate(parts) if at <= start < at + len(text)), None)
    if index is None:
        return None
    here = parts[index][1]
    if GROWTH.match(here) and index > 0:
        return verdict_in(here)
    following = parts[index + 1 : index + 3]
    if following and GROWTH.match(following[0][1]):
        return verdict_in(here) or verdict_in(" ".join(text for _, text in following))
    if following and not OWN_VERDICT.match(following[0][1]):
        return verdict_in(here)  # 城镇新增就业超额完成市定目标: another subject's verdict
    return verdict_in(here) or (verdict_in(following[0][1]) if following else None)


def _clause_around(sentence: str, start: int) -> str:
    return next((text for at, text in clauses(sentence) if at <= start < at + len(text)), "")


def is_list_size(sentence: str, start: int) -> bool:
    """全年谋划重点推进项目21个, 加快…等5所医院…建设: the size of a list known in January, to
    be judged on its latest reading, not paced over the year."""
    clause = _clause_around(sentence, start)
    return "谋划" in clause or bool(re.match(r"^加快(?!建成).*建设$", clause))


def verdict_in(text: str) -> str | None:
    if "超额完成" in text:
        return "超额完成"
    if re.search(r"完成[^，,；;。]{0,6}目标", text):
        return "完成"
    return None
