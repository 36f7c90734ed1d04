"""What a report says in words: named projects with a stage, honours, verdicts, tasks.

A report names projects in a few fixed shapes, and these are what is read here:

- a list closed by 等, then what they are and the stage: 八通技术研发中心等签约项目落地,
  河南省冶金产业智能创新中心、腾讯电竞等2个项目建成投用 (the count 2个 is a number of its own,
  and these names are its members);
- a stage verb, then the names: 加快建设郑大一附院西院区、区人民医院和西流湖等3个…;
- names in quotation marks after a verb of building: 开发上线"五星耀中原"系统;
- a list of sites and their stage: 芝麻街1958双创园二期、二砂文创园二期改造加快推进.

An honour is what follows 获评 / 被评为 / 荣获 / 入选, what a subject 成为 when it is among the
首批, and a record (创近年来新高). A verdict without a figure (城镇新增就业…,均超额完成市定目标)
is a result. Everything else a plan commits to in words, clause by clause, is a task.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kpitrack.extract_numbers import COMMITMENTS, candidates, verdict_in
from kpitrack.frozen import frozen
from kpitrack.report_text import clauses, quoted_spans, unquote

# Longest first: 投用或具备招生条件 before 投用, 开工建设 before 开工.
STAGES = (
    "投用或具备招生条件", "具备招生条件", "建成通车", "改造加快推进", "开工建设", "建成投用",
    "竣工投用", "投入使用", "达产达效", "加快建设", "加快推进", "签约落地", "开工", "落地",
    "投用", "投产", "竣工", "通车", "建成", "开业", "改造", "上线", "开设", "认定", "建设",
)  # fmt: skip
# verbs that lead a list of names: 重点推进A、B等6个项目开工建设, 加快建设A、B
LEADS = re.compile(
    r"^(?:全力|积极|持续|重点|加快|确保|力争|争取|推动|推进|建设|新建|实施|启动|完成|"
    r"全面|开工|建成)*"
)
QUOTED_BUILT = re.compile(r"^(?:创新|开发|全面|率先|持续)*(开发上线|上线|开设|构建|建成|完善|建立)")
SITE_END = re.compile(
    r"(?:园|区|期|中心|港|馆|校|院|所|站|厂|路|桥|楼|城|街|项目|广场|总部|延|通道)$"
)
VAGUE = ("一批", "一些", "方面", "一系列")  # 老旧小区改造…等一批民生实事落地: no names

HONOUR = re.compile(
    r"(获评|被评为|荣获|入选|被授予|被命名为"
    r"|成为(?=[^，,；;。]*首批)|创(?![新业建造])(?=[^，,；;。]*新高))"
)
RESULT_VERDICT = re.compile(r"均?(?:超额)?完成[^，,；;。]{0,6}目标")

ADVERBS = re.compile(
    r"^(?:要|坚决|持续|深入|大力|全力|进一步|着力|积极|更好|全面|不断|继续|努力|切实|纵深|"
    r"常态化|高水平|千方百计|广泛|多措并举|特别是|同时|并|和|加快)*"
)
TASK_VERBS = re.compile(
    r"^(?:推进|推动|深化|完善|健全|加快|打造|实施|开展|建立|强化|提升|优化|加强|培育|发展|争取|"
    r"遏制|防范|化解|打击|扩充|推行|选拔|吸引|构建|统筹|落实|做好|稳定|扩大|激活|丰富|激发|实行|"
    r"加大|整治|用好|利用|组建|策划|增强|促进|布局|探索|保障|抓好|兜|落地|建设|新建|改造|实现|"
    r"确保|力争|带动|引导|壮大|守住|守牢|创建|争创|稳住|严防)"
)


# 确保 / 力争 / 争取 leading a task go to its commitment, as they do for a number
LEADING_COMMITMENT = re.compile(r"^(?:确保|力争|争取)+")


@frozen
class Named:
    """A named item of a sentence before it is placed in its section and year."""

    position: int  # where its name starts in the sentence
    name: str
    measure: str  # milestone / honour / result / task
    stage: str | None
    commitment: str | None
    confidence: float
    verdict: str | None = None
    group_at: int | None = None  # the position of the count it belongs to (…等2个项目)


def commitment_in(text: str) -> str | None:
    return next((word for word in COMMITMENTS if word in text), None)


def _stage_in(text: str) -> tuple[int, str] | None:
    """The first stage verb of a text and where it starts."""
    found = [(text.find(stage), stage) for stage in STAGES if stage in text]
    if not found:
        return None
    start = min(index for index, _ in found)
    return start, max((s for i, s in found if i == start), key=len)


def _names(text: str) -> list[tuple[int, str]]:
    """A list of names (A、B和C) with where each starts in `text`."""
    found = []
    start = 0
    for part in re.split(r"(、|和|及)", text):
        if part not in ("、", "和", "及"):
            name = part if _balanced(part) else part.strip('"“”')
            if len(unquote(name)) >= 2:
                found.append((start + part.find(name), name))
        start += len(part)
    return found


def _balanced(text: str) -> bool:
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def projects(sentence: str) -> list[Named]:
    """Named projects and their stage, clause by clause."""
    found: list[Named] = []
    for offset, clause in clauses(sentence):
        for item in _projects_of_clause(clause):
            group = None if item.group_at is None else offset + item.group_at
            found.append(replace(item, position=offset + item.position, group_at=group))
    return found


def _projects_of_clause(clause: str) -> list[Named]:
    commitment = commitment_in(clause)
    quoted = QUOTED_BUILT.match(clause)
    if quoted and quoted_spans(clause):
        return _quoted_projects(clause, quoted.group(1), commitment)
    if "等" in clause:
        return _listed_projects(clause, commitment)
    return _sites(clause, commitment)


def _listed_projects(clause: str, commitment: str | None) -> list[Named]:
    """A、B等[N个]项目 + stage, or a lead verb + A、B和C等N个…."""
    cut = clause.index("等")
    after = clause[cut + 1 :]
    if after.startswith(VAGUE):
        return []
    stage_after = _stage_in(after)
    lead = LEADS.match(clause[:cut])
    lead_text = lead.group() if lead else ""
    stage_lead = _stage_in(lead_text)
    stage = stage_after[1] if stage_after else stage_lead[1] if stage_lead else None
    if stage is None:
        return []
    if stage == "建设" and "加快" in clause:
        stage = "加快建设"
    counted = candidates(after)
    names = _names(clause[len(lead_text) : cut])
    if not names:
        return []
    # A、B和C等3个…: only the part after the last 和 is the count's list
    joined = clause[len(lead_text) : cut]
    last_and = max(joined.rfind("和"), joined.rfind("及"))
    found = []
    for position, name in names:
        at = len(lead_text) + position
        member = bool(counted) and at > len(lead_text) + last_and
        found.append(
            Named(
                at,
                name,
                "milestone",
                stage,
                commitment,
                0.85,
                group_at=cut + 1 + counted[0].start if member and counted else None,
            )
        )
    return found


def _quoted_projects(clause: str, verb: str, commitment: str | None) -> list[Named]:
    """开发上线"五星耀中原"系统, 开设全省首个"潮汐窗口""AI智慧小原客服"."""
    spans = quoted_spans(clause)
    found = []
    for index, (start, end) in enumerate(spans):
        following = spans[index + 1][0] if index + 1 < len(spans) else len(clause)
        tail = clause[end + 1 : following] if index + 1 == len(spans) else ""
        tail = re.split(r"[、，,]", tail)[0][:8]
        name = clause[start : end + 1] + tail
        found.append(Named(start, name, "milestone", verb, commitment, 0.75))
    return found


def _sites(clause: str, commitment: str | None) -> list[Named]:
    """芝麻街1958双创园二期、二砂文创园二期改造加快推进, 推动花园路国际商务中心开工建设:
    sites named, then their stage, which ends the clause."""
    stage = _stage_in(clause)
    if stage is None or candidates(clause) or not clause.endswith(stage[1]):
        return []
    lead = LEADS.match(clause)
    start = lead.end() if lead else 0
    names = _names(clause[start : stage[0]])
    if not names or not all(SITE_END.search(n) and len(n) >= 4 for _, n in names):
        return []
    if len(names) == 1 and len(names[0][1]) < 5:
        return []  # 推进老旧小区改造: a kind of place, not a named one
    return [Named(start + p, n, "milestone", stage[1], commitment, 0.7) for p, n in names]


def honours(sentence: str) -> list[Named]:
    """获评…"金星奖"、…十强开发区; 成为…首批…; 创近年来新高."""
    found = []
    for offset, clause in clauses(sentence):
        match = HONOUR.search(clause)
        if not match:
            continue
        subject = clause[: match.start()]
        subject = subject if len(subject) <= 14 else ""
        verb = match.group(1)
        stage = "创新高" if verb == "创" else verb
        for position, title in _names(clause[match.end() :]) or [(0, "")]:
            if not title:
                continue
            name = f"{subject}{verb}{title}"[:40]
            at = offset + match.end() + position
            found.append(Named(at, name, "honour", stage, None, 0.85))
    return found


def verdicts(sentence: str) -> list[Named]:
    """城镇新增就业、高校毕业生留郑返郑创业就业,均超额完成市定目标: results without a figure."""
    parts = clauses(sentence)
    found = []
    for index, (offset, clause) in enumerate(parts):
        verdict_at = RESULT_VERDICT.search(clause)
        if verdict_at is None:
            continue
        if verdict_at.start() > 0:  # X、Y均超额完成省定目标
            before_at, before = offset, clause[: verdict_at.start()]
        elif index > 0:
            before_at, before = parts[index - 1]
        else:
            continue
        if candidates(before):
            continue  # the verdict of a number (17个项目完成投资59.2亿元,均超额完成)
        verdict = verdict_in(clause)
        before = before.removesuffix("均")
        if len(before) > 30:
            continue
        for position, name in _names(before):
            found.append(
                Named(before_at + position, name, "result", None, None, 0.75, verdict=verdict)
            )
    return found


def tasks(sentence: str, taken: set[int]) -> list[Named]:
    """Every clause that commits to doing something and holds nothing else drafted (a number,
    a project, an honour: `taken` are their positions)."""
    found = []
    for offset, clause in clauses(sentence):
        if any(offset <= at < offset + len(clause) for at in taken) or candidates(clause):
            continue
        body = clause[ADVERBS.match(clause).end() :]  # type: ignore[union-attr]
        if len(body) < 4 or not TASK_VERBS.match(body):
            continue
        name = clause.strip() if _balanced(clause) else unquote(clause).strip()
        name = re.sub(r"^(?:要|并|同时)", "", name)  # 要完善…机制 → 完善…机制
        name = LEADING_COMMITMENT.sub("", name)  # 确保项目建设扎实推进: the word is its commitment
        found.append(Named(offset, name[:40], "task", None, commitment_in(clause), 0.6))
    return found


def first_clause_task(sentence: str) -> Named | None:
    """A section that commits to nothing the verbs above know still appears: its first clause."""
    parts = clauses(sentence)
    if not parts:
        return None
    offset, clause = parts[0]
    if sum(1 for char in clause if "\u4e00" <= char <= "\u9fff") < 6:
        return None
    name = LEADING_COMMITMENT.sub("", clause)[:40]
    return Named(offset, name, "task", None, commitment_in(clause), 0.4)
