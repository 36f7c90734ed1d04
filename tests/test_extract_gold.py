"""`kpi extract` reads a report as an office reads it: every number, named project, honour,
verdict and commitment, measured against hand-made gold lists (the matching rule is in
tests/extract_scoring.py): the seed report's (tests/data/report_gold.yaml) and the gold of three
reports written here for other districts, two written one item per line and one in prose
broken over lines, each with headings and a repeated sentence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from kpitrack.draft import draft_yaml, period_of
from kpitrack.extract import extract

from .conftest import DATA, Invoke
from .extract_scoring import gold_items, score, sections_without_items, words

SEED_GOLD: dict[str, Any] = yaml.safe_load((DATA / "report_gold.yaml").read_text("utf-8"))


def line_of(text: str, fragment: str) -> int:
    """The first line of `text` that holds `fragment`: the gold below names lines by their words."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def gold_of(text: str, spec: str) -> dict[str, Any]:
    """A gold list written like report_gold.yaml, with `at:` words in place of line numbers."""
    document: dict[str, Any] = yaml.safe_load(spec)
    for group in ("numbers", "projects", "honours", "implied", "sections"):
        for entry in document.get(group) or []:
            entry["line"] = line_of(text, entry.pop("at"))
    return document


# -- the seed ----------------------------------------------------------------------------------


def test_the_seed_is_read_against_the_full_gold_list(
    seed_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    found = extract(seed_text)
    result = score(found, gold_items(SEED_GOLD))
    with capsys.disabled():
        print(result.line("the seed (30 numbers, 24 projects, 5 honours, 5 implied)"))
    assert result.recall >= 0.9, result.missed
    assert result.precision >= 0.9, [(f.line, f.name) for f in result.extra]


def test_every_section_of_the_seed_appears_with_what_it_commits_to(
    seed_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    found = extract(seed_text)
    assert sections_without_items(found, SEED_GOLD) == []
    tasks = [f for f in found if f.measure == "task"]
    with capsys.disabled():
        print(
            f"\nkpi extract on the seed: {len(tasks)} tasks, every one of the 16 sections drafted"
        )
    # the sections without a figure are drafted as the tasks they list
    for heading in ("持续抓好文商旅体消费带动", "持续抓好发展环境优化", "持续抓好城市品质提升"):
        assert any(f.measure == "task" and f.section == heading for f in found), heading
    assert any(f.name == "完善养老服务体系" and f.line == 100 for f in tasks)


def test_the_seed_items_are_filed_under_their_year_with_verdict_and_commitment(
    seed_text: str,
) -> None:
    found = extract(seed_text)
    result = score(found, gold_items(SEED_GOLD))
    for gold, item in result.pairs:
        assert period_of(item, 2024) == gold.period, (gold, item)
        if gold.group == "numbers":
            assert item.verdict == gold.verdict, (gold, item)
            assert item.qualifier == gold.commitment, (gold, item)
            assert (item.measure == "context") == gold.context, (gold, item)
        elif gold.commitment:
            assert item.qualifier == gold.commitment, (gold, item)


def test_the_seed_projects_honours_and_results_in_words(seed_text: str) -> None:
    found = extract(seed_text)
    by_name = {(f.line, f.name): f for f in found}
    assert by_name[(66, "新力电力新能源产业园")].measure == "milestone"
    assert by_name[(66, "新力电力新能源产业园")].stage == "开工建设"
    assert by_name[(66, "万达信息河南区域总部")].qualifier == "确保"
    assert by_name[(38, "中原企业总部港")].stage == "加快建设"
    assert by_name[(54, '"五星耀中原"系统')].stage == "上线"
    honours = {f.name: f.stage for f in found if f.measure == "honour"}
    assert honours == {
        "新增创新主体数量创近年来新高": "创新高",
        "芝麻街1958双创园成为郑州市首批人才主题街区": "成为",
        '现代服务业开发区获评第12届河南省开发区建设"金星奖"': "获评",
        "现代服务业开发区获评河南创新引领十强开发区": "获评",
        "中原区被评为河南省首批集团化办学改革先行区": "被评为",
    }
    verdicts = {f.name: f.verdict for f in found if f.measure == "result"}
    assert verdicts == {"城镇新增就业": "超额完成", "高校毕业生留郑返郑创业就业": "超额完成"}


def test_a_count_that_names_its_projects_lists_them_as_members(seed_text: str) -> None:
    counts = {(f.line, f.name): f.members for f in extract(seed_text) if f.value is not None}
    assert counts[(66, "项目建成投用")] == ("河南省冶金产业智能创新中心", "腾讯电竞")
    assert counts[(66, "项目开工建设")] == ("新力电力新能源产业园", "华润燃气智慧燃气信息科技中心")
    assert counts[(66, "谋划重点推进项目")] == ()
    # 加快建设A、B和西流湖等3个…: only the list closed by 等 belongs to the count
    assert counts[(46, "街道社区卫生服务中心")] == ("西流湖",)


def test_the_present_and_rates_get_their_own_measure(seed_text: str) -> None:
    found = {(f.line, f.numeral): f for f in extract(seed_text) if f.value is not None}
    assert found[(64, "30")].measure == "context"  # 当前谋划和正在建设的30多个产业园区
    assert found[(30, "110")].kind == "result"
    draft = yaml.safe_load(draft_yaml(extract(seed_text), 2024, "seed.txt"))
    entries = {(i["source_line"], i["name"]): i for a in draft["areas"] for i in a["indicators"]}
    rate = entries[(30, "灾后重建项目投资完成率")]
    assert (rate["measure"], rate["actual"], "target" in rate) == ("result", "110%", False)
    for line, name in [(66, "谋划重点推进项目"), (100, "医院及卫生服务中心建设")]:
        listed = entries[(line, name)]  # the 21 projects, the 5 facilities: lists known in January
        assert listed["measure"] == "level", listed
    assert "measure" not in entries[(100, "更新健身路径")]  # a total, paced over the year
    parks = entries[(64, "产业园区")]
    assert (parks["measure"], parks["actual"], "target" in parks) == ("context", "30多个", False)


def test_the_seed_draft_says_what_each_item_is(seed_text: str) -> None:
    draft = yaml.safe_load(draft_yaml(extract(seed_text), 2024, "seed.txt"))
    entries = [i for a in draft["areas"] for i in a["indicators"]]
    by_id = {i["id"]: i for i in entries}
    assert all(isinstance(i["source_line"], int) and i["source_line"] >= 1 for i in entries)
    assert len(draft["areas"]) == 16
    results = [i for i in entries if i.get("measure") == "result"]
    assert results and all("target" not in i and i["period"] == 2023 for i in results)
    investment = next(i for i in entries if i["name"] == "三个一批项目完成投资")
    assert (investment["actual"], investment["verdict"]) == ("59.2亿元", "超额完成")
    in_use = next(i for i in entries if i["name"] == "项目建成投用")
    assert in_use["target"] == "2个" and in_use["period"] == 2024
    assert [by_id[m]["name"] for m in in_use["members"]] == [
        "河南省冶金产业智能创新中心",
        "腾讯电竞",
    ]
    assert all(by_id[m]["measure"] == "milestone" and by_id[m]["period"] == 2024
               for m in in_use["members"])  # fmt: skip
    esports = by_id[in_use["members"][1]]
    assert (esports["stages"], "actual" in esports) == (["建成投用"], False)
    signed = next(i for i in entries if i["name"] == "签约项目落地")
    assert signed["commitment"] == "确保"
    award = next(i for i in entries if i.get("measure") == "honour" and "金星奖" in i["name"])
    assert (award["stages"], award["actual"], award["period"]) == (["获评"], "获评", 2023)
    tasks = [i for i in entries if i.get("measure") == "task"]
    assert tasks and all(i.get("review") for i in tasks)
    assert {i["period"] for i in tasks} == {2024}


def test_a_repeated_sentence_gives_one_item(seed_text: str) -> None:
    """Line 60 says 要注重通过生产+生活,促进职住均衡 twice."""
    tasks = [f.name for f in extract(seed_text) if f.line == 60]
    assert tasks.count("促进职住均衡") == 1


# -- reports written here -----------------------------------------------------------------------

JINSHUI = """\
金水区2025年政府工作报告

一、2024年工作回顾
（一）项目建设
全年完成固定资产投资286.5亿元，超额完成年度目标
新开工项目42个
郑州国际会展中心二期、北龙湖金融岛等5个项目建成投用
金水科教园区获评省级"双创示范基地"
（二）民生保障
新增城镇就业1.2万人
新建改建幼儿园8所
城镇新增就业、农村劳动力转移就业均超额完成省定目标
新增城镇就业1.2万人

二、2025年主要目标
（一）产业发展
力争新引进亿元以上项目20个
确保数字经济核心产业增加值增长10%
推动花园路国际商务中心开工建设
（二）城市更新
改造老旧小区36个
完善城市排水防涝体系
（三）社会治理
深化"一网统管"改革
坚决守住不发生规模性返贫底线
"""

JINSHUI_GOLD = """
numbers:
  - {at: 固定资产投资, period: 2024, value: "286.5", unit: 亿元, name: 固定资产投资, verdict: 超额完成}
  - {at: 新开工项目, period: 2024, value: "42", unit: 个, name: 新开工项目}
  - {at: 北龙湖金融岛, period: 2024, value: "5", unit: 个, name: 建成投用}
  - {at: 新增城镇就业1.2, period: 2024, value: "1.2", unit: 万人, name: 新增城镇就业}
  - {at: 幼儿园8所, period: 2024, value: "8", unit: 所, name: 幼儿园}
  - {at: 项目20个, period: 2025, value: "20", unit: 个, name: 亿元以上项目, commitment: 力争}
  - {at: 增长10%, period: 2025, value: "10", unit: "%", name: 数字经济核心产业增加值, commitment: 确保}
  - {at: 老旧小区36个, period: 2025, value: "36", unit: 个, name: 老旧小区}
projects:
  - {at: 北龙湖金融岛, period: 2024, name: 郑州国际会展中心二期, stage: 建成投用}
  - {at: 北龙湖金融岛, period: 2024, name: 北龙湖金融岛, stage: 建成投用}
  - {at: 花园路国际商务中心, period: 2025, name: 花园路国际商务中心, stage: 开工建设}
honours:
  - {at: 双创示范基地, period: 2024, name: 双创示范基地, stage: 获评}
implied:
  - {at: 农村劳动力, period: 2024, name: 城镇新增就业, stage: 超额完成省定目标, verdict: 超额完成}
  - {at: 农村劳动力, period: 2024, name: 农村劳动力转移就业, stage: 超额完成省定目标, verdict: 超额完成}
  - {at: 排水防涝, period: 2025, name: 城市排水防涝体系, stage: 完善}
  - {at: 一网统管, period: 2025, name: 一网统管, stage: 深化}
  - {at: 规模性返贫, period: 2025, name: 规模性返贫, stage: 守住}
sections:
  - {at: （一）项目建设, name: 项目建设}
  - {at: （二）民生保障, name: 民生保障}
  - {at: （一）产业发展, name: 产业发展}
  - {at: （二）城市更新, name: 城市更新}
  - {at: （三）社会治理, name: 社会治理}
"""

ERQI = """\
二七区2024年工作要点

一、重点项目
1.全年实施重点项目60个，总投资约480亿元
2.确保大学路南延、航海路快速通道等3个项目建成通车
3.二七商圈智慧街区改造加快推进
4.力争郑州南站站前广场项目开工
二、科技创新
1.新增高新技术企业30家以上
2.新增高新技术企业30家以上
3.争创国家级科技企业孵化器1家
4.当前在建科创园区12个
三、民生实事
1.新建口袋公园15个
2.实施"一老一小"服务提升工程
3.推进中小学课后服务全覆盖
"""

ERQI_GOLD = """
numbers:
  - {at: 重点项目60个, period: 2024, value: "60", unit: 个, name: 重点项目}
  - {at: 约480亿元, period: 2024, value: "480", unit: 亿元, name: 总投资}
  - {at: 等3个项目, period: 2024, value: "3", unit: 个, name: 建成通车, commitment: 确保}
  - {at: 高新技术企业30家, period: 2024, value: "30", unit: 家, name: 高新技术企业}
  - {at: 孵化器1家, period: 2024, value: "1", unit: 家, name: 孵化器}
  - {at: 科创园区12个, period: 2024, value: "12", unit: 个, name: 科创园区, context: true}
  - {at: 口袋公园15个, period: 2024, value: "15", unit: 个, name: 口袋公园}
projects:
  - {at: 大学路南延, period: 2024, name: 大学路南延, stage: 建成通车, commitment: 确保}
  - {at: 大学路南延, period: 2024, name: 航海路快速通道, stage: 建成通车, commitment: 确保}
  - {at: 二七商圈, period: 2024, name: 二七商圈智慧街区, stage: 改造加快推进}
  - {at: 郑州南站, period: 2024, name: 郑州南站站前广场, stage: 开工, commitment: 力争}
implied:
  - {at: 一老一小, period: 2024, name: 一老一小, stage: 实施}
  - {at: 课后服务, period: 2024, name: 课后服务全覆盖, stage: 推进}
sections:
  - {at: 一、重点项目, name: 重点项目}
  - {at: 二、科技创新, name: 科技创新}
  - {at: 三、民生实事, name: 民生实事}
"""

GUANCHENG = """\
管城回族区2024年政府工作报告

一、2023年工作回顾

全年完成固定资产投资152亿元，同比增长8.5%，超额完成年度目标任务。商都遗址博物院、书院街
历史文化街区等3个项目建成投用，管城区荣获全国综合减灾示范区称号。全年新增就业
9800人，城镇新增就业超额完成市定目标。

二、2024年重点任务

确保郑州商城遗址公园一期开工建设，力争新建5G基站300个。当前在建保障性住房项目8个。
持续推进老旧小区改造，坚决守住安全生产底线。
持续推进老旧小区改造，坚决守住安全生产底线。
"""

GUANCHENG_GOLD = """
numbers:
  - {at: 152亿元, period: 2023, value: "152", unit: 亿元, name: 固定资产投资, verdict: 超额完成}
  - {at: 8.5%, period: 2023, value: "8.5", unit: "%", name: 增长}
  - {at: 历史文化街区等3个, period: 2023, value: "3", unit: 个, name: 建成投用}
  - {at: 9800人, period: 2023, value: "9800", unit: 人, name: 新增就业}
  - {at: 基站300个, period: 2024, value: "300", unit: 个, name: 5G基站, commitment: 力争}
  - {at: 住房项目8个, period: 2024, value: "8", unit: 个, name: 保障性住房项目, context: true}
projects:
  - {at: 商都遗址博物院, period: 2023, name: 商都遗址博物院, stage: 建成投用}
  - {at: 商都遗址博物院, period: 2023, name: 书院街历史文化街区, stage: 建成投用}
  - {at: 郑州商城遗址公园, period: 2024, name: 郑州商城遗址公园一期, stage: 开工建设, commitment: 确保}
honours:
  - {at: 综合减灾示范区, period: 2023, name: 全国综合减灾示范区, stage: 荣获}
implied:
  - {at: 城镇新增就业超额, period: 2023, name: 城镇新增就业, stage: 超额完成市定目标, verdict: 超额完成}
  - {at: 安全生产底线, period: 2024, name: 安全生产底线, stage: 守住}
  - {at: 老旧小区改造, period: 2024, name: 老旧小区改造, stage: 推进}
sections:
  - {at: 一、2023年工作回顾, name: 2023年工作回顾}
  - {at: 二、2024年重点任务, name: 2024年重点任务}
"""

OWN_REPORTS = [
    (JINSHUI, JINSHUI_GOLD, 2025),
    (ERQI, ERQI_GOLD, 2024),
    (GUANCHENG, GUANCHENG_GOLD, 2024),
]


@pytest.mark.parametrize(
    ("text", "spec", "year"), OWN_REPORTS, ids=["jinshui", "erqi", "guancheng-prose"]
)
def test_reports_written_one_item_per_line(
    text: str, spec: str, year: int, capsys: pytest.CaptureFixture[str]
) -> None:
    document = gold_of(text, spec)
    found = extract(text)
    result = score(found, gold_items(document))
    with capsys.disabled():
        print(result.line(text.splitlines()[0]))
    assert result.recall >= 0.9, result.missed
    assert result.precision >= 0.9, [(f.line, f.name) for f in result.extra]
    assert sections_without_items(found, document) == []
    for gold, item in result.pairs:
        assert period_of(item, year) == gold.period, (gold, item)
        if gold.commitment:
            assert item.qualifier == gold.commitment, (gold, item)
        if gold.group == "numbers":
            assert (item.measure == "context") == gold.context, (gold, item)
            assert item.verdict == gold.verdict, (gold, item)


def test_items_and_headings_of_a_list_stay_apart() -> None:
    found = extract(ERQI)
    lines = {f.line for f in found}
    assert lines == {4, 5, 6, 7, 9, 11, 12, 14, 15, 16}  # every item, line 10 repeats line 9
    assert {f.section for f in found} == {"一、重点项目", "二、科技创新", "三、民生实事"}
    names = {f.name for f in found if f.value is not None}
    assert not any("新增" in n and "孵化器" in n for n in names)  # item 2 does not run into 3
    # 1. 2. are the list's marks, not numbers of the report
    assert not any(f.numeral in {"1", "2", "3", "4"} and f.unit == "" for f in found)


def test_a_repeated_item_gives_one_indicator() -> None:
    firms = [f for f in extract(ERQI) if f.value == Decimal(30)]
    assert len(firms) == 1 and firms[0].approx == "以上"
    jobs = [f for f in extract(JINSHUI) if f.value == Decimal("1.2")]
    assert len(jobs) == 1 and jobs[0].line == line_of(JINSHUI, "新增城镇就业1.2")
    tasks = [f.name for f in extract(GUANCHENG) if f.measure == "task"]
    assert tasks == ["持续推进老旧小区改造", "坚决守住安全生产底线"]


def test_a_review_files_under_the_year_its_heading_names() -> None:
    """一、2024年工作回顾 then 二、2025年主要目标: results in 2024, plans in 2025."""
    draft = yaml.safe_load(draft_yaml(extract(JINSHUI), 2025, "jinshui.txt"))
    entries = {i["name"]: i for a in draft["areas"] for i in a["indicators"]}
    assert entries["新开工项目"]["period"] == 2024 and entries["新开工项目"]["measure"] == "result"
    assert entries["改造老旧小区"]["period"] == 2025 and entries["改造老旧小区"]["target"] == "36个"
    rate = next(i for i in entries.values() if i.get("target") == "10%")
    assert (rate["measure"], rate["commitment"]) == ("level", "确保")


REVIEW_ONLY = """\
惠济区2024年工作总结

一、经济发展
全年完成地区生产总值410亿元，完成年度目标
新增市场主体5200户

二、城乡建设
建成口袋公园12个
"""


def test_year_files_a_review_only_report_under_that_year() -> None:
    """A report that only looks back is about the year it is given (--year 2024), not the
    year before; the same text with a plan after it files its review a year earlier."""
    found = extract(REVIEW_ONLY)
    assert {f.kind for f in found} == {"result"}
    draft = yaml.safe_load(draft_yaml(found, 2024, "huiji.txt"))
    entries = [i for a in draft["areas"] for i in a["indicators"]]
    assert {i["period"] for i in entries} == {2024}
    gdp = next(i for i in entries if i["actual"] == "410亿元")
    assert gdp["verdict"] == "完成"
    with_plan = REVIEW_ONLY + "\n三、2025年工作安排\n确保新增市场主体6000户\n"
    found = extract(with_plan)
    assert {period_of(f, 2025) for f in found if f.kind == "result"} == {2024}


def test_words_match_the_gold_without_quotes_or_spaces() -> None:
    assert words('"1+14+N"三级城运体系') == "1+14+N三级城运体系"
    assert words("AI 智慧小原客服") == "AI智慧小原客服"


def test_extract_year_files_a_review_under_it(kpi: Invoke, workdir: Path) -> None:
    """`kpi extract 2024年工作总结.txt --year 2024`: the review's results are 2024's."""
    report = workdir / "huiji.txt"
    report.write_text(REVIEW_ONLY.replace("惠济区2024年工作总结", "惠济区工作总结"), "utf-8")
    result = kpi("extract", str(report), "--year", "2024")
    assert result.exit_code == 0, result.stderr
    entries = [i for a in yaml.safe_load(result.stdout)["areas"] for i in a["indicators"]]
    assert {(i["name"], i["actual"], i["period"]) for i in entries if "actual" in i} >= {
        ("新增市场主体", "5200户", 2024),
        ("建成口袋公园", "12个", 2024),
    }
    assert "成绩归入 2024 年" in result.stdout


SHANGJIE = """\
上街区2025年政府工作报告

一、2024年工作回顾
（一）经济发展
新增市场主体3000户。
（二）营商环境
深化"放管服"改革，持续优化营商环境。
二、2025年工作安排
确保新增市场主体3500户。
"""


def test_a_review_section_in_words_is_drafted_as_tasks_done() -> None:
    """A section of the review with no figure, project or honour still appears: what it says
    the district did, as tasks done in the year of its chapter."""
    draft = yaml.safe_load(draft_yaml(extract(SHANGJIE), 2025, "shangjie.txt"))
    areas = {a["name"]: a["indicators"] for a in draft["areas"]}
    assert list(areas) == ["(一)经济发展", "(二)营商环境", "二、2025年工作安排"]
    words_only = [
        (i["name"], i["measure"], i["actual"], i["period"]) for i in areas["(二)营商环境"]
    ]
    assert words_only == [
        ('深化"放管服"改革', "task", "完成", 2024),
        ("持续优化营商环境", "task", "完成", 2024),
    ]
    plan = areas["二、2025年工作安排"][0]
    assert (plan["target"], plan["commitment"], plan["period"]) == ("3500户", "确保", 2025)
