"""A report's text as a reader sees it: cleaned lines, sections under headings, sentences, clauses.

Two ways of writing reports meet here. Prose reports wrap a paragraph over several lines (OCR
breaks even mid-word), so a line that does not end a sentence usually goes on below. Reports
written one item per line ("新建幼儿园3所" then "改造老旧小区12个", often without a full stop)
must keep each line to itself, or one item's name runs into the next. A line therefore goes on
only when something says so: the line before ends in a comma or is as long as a wrapped line,
or the line itself starts with what cannot start an item (a number with its unit, punctuation).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kpitrack.frozen import frozen

SENTENCE_END = "。！？；!?;"
CLAUSE_END = "，,；;。！？!?"
CLOSING = '"”」』)）'
# a wrapped line of a prose report is at least this long; an item of a list is usually shorter
WRAPPED_LINE = 24

ENUMERATED = re.compile(r"^(?:[(（]?[一二三四五六七八九十]+[)）、．.]|\d{1,2}[、．.])")
CHINESE_ENUMERATED = re.compile(r"^[(（]?[一二三四五六七八九十]+[)）、．.]")
BULLET = re.compile(r"^(?:[-•·●▪■◆*]\s*|[(（]?\d{1,2}[)）、．.]|[①-⑳])")
# how an item of a list begins and ends: 新建…, 确保…; …建成投用, …省定目标
ITEM_START = re.compile(
    r"^(?:新增|新建|新开工|新引进|完成|建成|改造|实施|推进|推动|确保|力争|争取|全年|全力|加快|"
    r"持续|深化|完善|坚决|开展|打造|提升|优化|加强|当前|目前|累计|城镇|全区|全县|全市)"
)
ITEM_END = re.compile(r"(?:目标|任务|投用|开工|建设|落地|通车|竣工|底线|体系|机制|工程|改革|覆盖)$")
TOP_LEVEL = re.compile(r"^[一二三四五六七八九十]+[、．.]")
STARTS_A_CONTINUATION = re.compile(
    r"^(?:[，,、；;。：:！？!?”」』)）%]|\d[\d,.]*[^\d\s,.\u4e00-\u9fff]?)"
)


@frozen
class Line:
    """A stretch of cleaned text with the report line it came from."""

    text: str
    number: int


@dataclass
class Section:
    heading: str
    line: int
    paragraphs: list[list[Line]] = field(default_factory=list)
    # the chapter a sub-heading sits in: （一）项目建设 under 一、2024年工作回顾
    parent: str = ""


def clean(text: str) -> str:
    """Width-folded, with the spaces OCR leaves between Chinese characters removed."""
    folded = unicodedata.normalize("NFKC", text).replace("\u3000", " ")
    folded = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", folded)
    folded = re.sub(
        r"(?<=[^\x00-\x7f])\s+(?=[\dA-Za-z])|(?<=[\dA-Za-z])\s+(?=[^\x00-\x7f])", "", folded
    )
    return folded.strip()


def is_heading(text: str, stands_alone: bool) -> bool:
    """A line that names a section: short, no full stop, mostly Chinese, and either numbered
    in Chinese (一、 （二）), ending in a colon, or standing alone between blank lines. An
    Arabic-numbered line (1. 2、) is a heading only standing alone: in a list it is an item."""
    if not 4 <= len(text) <= 40 or any(mark in text for mark in "。；;!?！？"):
        return False
    numbered = ENUMERATED.match(text)
    body = text[numbered.end() :] if numbered else text
    letters = [c for c in body if not c.isdigit()]
    chinese = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff")
    titled = bool(CHINESE_ENUMERATED.match(text)) or text.endswith((":", "：")) or stands_alone
    if chinese == 0 and not text.endswith(".") and 2 <= len(text.split()) <= 8:
        latin = sum(1 for c in letters if c.isascii() and c.isalpha())
        # an English heading: words in title case or capitals, standing alone or numbered
        capitalised = all(w[:1].isupper() or len(w) <= 4 for w in body.split())
        return latin / max(len(letters), 1) > 0.7 and capitalised and titled
    return chinese >= 4 and chinese / max(len(letters), 1) > 0.6 and titled


def continues(before: str, line: str) -> bool:
    """Whether `line` carries on the sentence `before` left open (an OCR or page break).

    Said by a comma or an open quotation mark at the end, or by a number and its unit at the
    start; else by a long line whose last sentence is not yet an item (it has no figure and
    does not end in a stage or verdict) followed by a line that does not start one."""
    if not before or before[-1] in SENTENCE_END or BULLET.match(line):
        return False
    if before.endswith(".") and " " in before:
        return False  # an English sentence ends here
    if before[-1].isascii() and line[:1].isascii() and line[:1].islower():
        return True  # an English sentence goes on: "Phase 2 of the" / "riverfront park"
    if before[-1] in "，,、：:（(“" or STARTS_A_CONTINUATION.match(line):
        return True
    if len(quoted_spans(before)) * 2 < before.count('"') + before.count("“") + before.count("”"):
        return True  # 通过"现场 / 检查、现场观摩"等形式
    last = re.split(f"[{SENTENCE_END}]", before)[-1]
    complete = bool(re.search(r"\d", last)) or bool(ITEM_END.search(last))
    return (
        len(before) >= WRAPPED_LINE
        and before[-1] not in CLOSING
        and not complete
        and not ITEM_START.match(line)
    )


def sections(text: str) -> list[Section]:
    """Headings and the paragraphs under them: a paragraph broken across lines is joined, a
    list written one item per line stays one item per line."""
    found = [Section("", 0)]
    paragraph: list[Line] = []
    chapter = ""

    def close() -> None:
        if paragraph:
            found[-1].paragraphs.append(list(paragraph))
            paragraph.clear()

    raw_lines = text.splitlines()
    for number, raw in enumerate(raw_lines, start=1):
        line = clean(raw)
        if not line:
            continue
        alone = number == len(raw_lines) or not raw_lines[number].strip()
        alone = alone and (number == 1 or not raw_lines[number - 2].strip())
        last = paragraph[-1].text if paragraph else ""
        if paragraph and continues(last, line):
            paragraph.append(Line(line, number))
            continue
        if is_heading(line, alone):
            close()
            heading = line.rstrip(":：")
            if TOP_LEVEL.match(heading) or not ENUMERATED.match(heading):
                chapter = heading
                found.append(Section(heading, number))
            else:
                found.append(Section(heading, number, parent=chapter))
            continue
        close()
        marker = BULLET.match(line)  # 1. 2. -: the list's marks are not the item's words
        paragraph.append(Line(line[marker.end() :] if marker else line, number))
    close()
    return [s for s in found if s.paragraphs]


def sentences(paragraph: list[Line]) -> list[tuple[str, list[int]]]:
    """Sentences of a paragraph, each with the report line of every character."""
    text, origin = "", []
    for line in paragraph:
        if text and text[-1].isascii() and text[-1] != "-" and line.text[:1].isascii():
            text += " "  # English words of two lines: "95% or" + "greater" is not "orgreater"
            origin.append(line.number)
        text += line.text
        origin += [line.number] * len(line.text)
    result = []
    start = 0
    for index, char in enumerate(text):
        if char in SENTENCE_END or (char == "." and _ends_english(text, start, index)):
            result.append((text[start : index + 1], origin[start : index + 1]))
            start = index + 1
    if start < len(text):
        result.append((text[start:], origin[start:]))
    return result


def _ends_english(text: str, start: int, index: int) -> bool:
    """A full stop of an English sentence: after a word, before a space or the end; never the
    point of 59.2 nor the mark of a list (1.)."""
    after = text[index + 1 : index + 2]
    return (after == "" or after.isspace()) and " " in text[start:index] and index > start


def clauses(sentence: str) -> list[tuple[int, str]]:
    """The comma-separated clauses of a sentence with where each starts; commas inside
    quotation marks ("人人持证、技能河南") do not cut."""
    inside = {i for a, b in quoted_spans(sentence) for i in range(a, b + 1)}
    found = []
    start = 0
    for index, char in enumerate(sentence):
        if char in CLAUSE_END and index not in inside:
            if index > start:
                found.append((start, sentence[start:index]))
            start = index + 1
    if start < len(sentence):
        found.append((start, sentence[start:]))
    return found


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


def unquote(text: str) -> str:
    return re.sub(r'["“”「」『』]', "", text)


def report_year(text: str) -> int | None:
    """The first year a report names, usually in its title: 2024"九个持续抓好"."""
    match = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", unicodedata.normalize("NFKC", text))
    return int(match.group()) if match else None


def heading_year(heading: str) -> int | None:
    """The year a section's heading is about: 一、2024年工作回顾 → 2024."""
    match = re.search(r"(?<!\d)((?:19|20)\d{2})年", heading)
    if match is None and heading.isascii():  # 2025 Priorities, Review of 2024
        match = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", heading)
    return int(match.group(1)) if match else None
