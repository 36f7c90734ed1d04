"""`kpi extract`: a draft targets.yaml from a report, measured against a hand-checked gold list."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from kpitrack.extract import Found, extract, report_year
from kpitrack.model import Measure
from kpitrack.quantity import format_number

from .conftest import REPO_TARGETS, SEED, Invoke

# Every quantified statement of the seed report, checked by hand: (line, value, unit, kind).
GOLD = {
    (30, "6", "次", "result"), (30, "38", "次", "result"), (30, "41", "个", "result"),
    (30, "17", "个", "result"), (30, "59.2", "亿元", "result"), (30, "102", "个", "result"),
    (30, "110", "%", "result"),
    (34, "195", "家", "result"), (34, "48", "家", "result"), (34, "60", "亿元", "result"),
    (34, "1", "家", "result"), (34, "4", "家", "result"), (34, "12", "家", "result"),
    (34, "10", "名", "result"),
    (38, "47", "家", "result"), (38, "750", "家", "result"),
    (46, "3", "个", "result"), (46, "10", "所", "result"), (46, "10530", "个", "result"),
    (46, "4", "个", "result"),
    (50, "11", "个", "result"),
    (64, "30", "个", "target"),
    (66, "21", "个", "target"), (66, "6", "个", "target"), (66, "10", "个", "target"),
    (66, "2", "个", "target"),
    (100, "5", "所", "target"), (100, "3", "所", "target"), (100, "10", "所", "target"),
    (100, "10", "条", "target"),
}  # fmt: skip


def as_tuples(found: list[Found]) -> set[tuple[int, str, str, str]]:
    """The figures drafted (the words, projects and tasks are scored in test_extract_gold)."""
    return {(f.line, format_number(f.value), f.unit, f.kind) for f in found if f.value is not None}


def precision_recall(found: set[tuple], gold: set[tuple]) -> tuple[float, float]:
    hits = len(found & gold)
    return hits / len(found) if found else 0.0, hits / len(gold) if gold else 1.0


def test_the_seed_report_numbers_are_found_with_their_kind(seed_text: str) -> None:
    found = as_tuples(extract(seed_text))
    precision, recall = precision_recall(found, GOLD)
    assert recall >= 0.95, sorted(GOLD - found)
    assert precision >= 0.90, sorted(found - GOLD)


def test_what_is_not_an_indicator_is_left_out(seed_text: str) -> None:
    values = {(f.line, f.numeral) for f in extract(seed_text) if f.value is not None}
    for line, numeral in [(4, "2024"), (10, "2024"), (34, "1958"), (38, "12"), (38, "1958"),
                          (50, "1"), (50, "14"), (74, "24"), (100, "15")]:  # fmt: skip
        assert (line, numeral) not in values
    assert not any(f.numeral in {"三", "九", "五", "两", "一"} for f in extract(seed_text))


def test_qualifiers_and_names_are_read(seed_text: str) -> None:
    found = {(f.line, str(f.value)): f for f in extract(seed_text) if f.value is not None}
    assert found[(34, "60")].approx == "突破"
    assert found[(38, "750")].approx == "余"
    assert found[(64, "30")].approx == "多"
    assert found[(66, "10")].qualifier == "确保"
    assert found[(34, "195")].name == "新增郑州市科技型企业"
    assert found[(30, "41")].name == "省市重点项目扎实推进"
    assert (
        found[(30, "6")].name == "全区域项目观摩"
    )  # the list 6次全区域、38次分领域 shares its head
    assert found[(30, "38")].name == "分领域项目观摩"
    assert found[(30, "17")].name == "三个一批项目"  # a count, not the investment after it
    assert found[(30, "59.2")].name == "三个一批项目完成投资"
    assert found[(30, "102")].name == "灾后重建项目"
    assert found[(30, "110")].name == "灾后重建项目投资完成率"
    assert found[(100, "10")].section == "持续抓好保障和改善民生"


def test_the_year_is_read_from_the_title(seed_text: str) -> None:
    assert report_year(seed_text) == 2024


REPORT_2025 = """\
某县2025年政府工作报告

一、2024年工作回顾

全年完成地区生产总值１２３.４亿元，同比增长５.６%；新增城镇就业二千三百人，
完成植树造林1,200亩；建成高标准农田3.5万亩。新改建农村公路八十六公里。
第三届农民丰收节、3号线开通、"十大工程"顺利推进，召开2024年12月31日总结会。

二、2025年主要目标

力争新引进亿元以上项目15个左右；确保新增规模以上工业企业二十家，
新建幼儿园3所、改造老旧小区12个。实施"五个一"工程。
全年计划完成固定资产投资超过80亿元。新建公园一处。
"""

GOLD_2025 = {
    (5, "123.4", "亿元", "result"), (5, "5.6", "%", "result"), (5, "2300", "人", "result"),
    (6, "1200", "亩", "result"), (6, "3.5", "万亩", "result"), (6, "86", "公里", "result"),
    (11, "15", "个", "target"), (11, "20", "家", "target"), (12, "3", "所", "target"),
    (12, "12", "个", "target"), (13, "80", "亿元", "target"), (13, "1", "处", "target"),
}  # fmt: skip

TARGETS_ONLY = """\
2026年重点工作安排

（一）项目建设
计划实施重点项目45个，总投资约260亿元；力争年内开工18个、竣工10个。

（二）民生保障
确保新增学位4500个以上，新建养老服务中心6处；改造供水管网38.5公里。
"""

GOLD_TARGETS_ONLY = {
    (4, "45", "个", "target"), (4, "260", "亿元", "target"), (4, "18", "个", "target"),
    (4, "10", "个", "target"), (7, "4500", "个", "target"), (7, "6", "处", "target"),
    (7, "38.5", "公里", "target"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "gold"),
    [(REPORT_2025, GOLD_2025), (TARGETS_ONLY, GOLD_TARGETS_ONLY)],
    ids=["review-and-plan", "targets-only"],
)
def test_reports_of_the_same_genre(
    text: str, gold: set[tuple], capsys: pytest.CaptureFixture[str]
) -> None:
    found = as_tuples(extract(text))
    precision, recall = precision_recall(found, gold)
    with capsys.disabled():
        print(f"\nkpi extract: precision {precision:.1%}, recall {recall:.1%}")
    assert recall >= 0.9, sorted(gold - found)
    assert precision >= 0.9, sorted(found - gold)


def test_years_dates_ordinals_and_slogans_are_not_indicators() -> None:
    found = [f for f in extract(REPORT_2025) if f.value is not None]
    numerals = {f.numeral for f in found}
    assert not numerals & {"2024", "2025", "31", "三", "十", "五"}
    assert "3" not in {f.numeral for f in found if f.line == 7}


def test_robust_to_ocr_breaks_duplicates_and_mixed_punctuation() -> None:
    messy = textwrap.dedent(
        """\
        持续抓好城市建设

        新建停车 泊位1,500个，改造背街小巷
        22条。改造背街小巷22条。确保建成口袋公园8个;新增绿地
        面积12.5公顷!@#¥
        """
    )
    found = as_tuples(extract(messy))
    assert found == {
        (3, "1500", "个", "target"), (4, "22", "条", "target"), (4, "8", "个", "target"),
        (5, "12.5", "公顷", "target"),
    }  # fmt: skip


def test_the_draft_holds_every_indicator_of_the_repo(
    seed_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from kpitrack.draft import compare
    from kpitrack.targets import load_targets

    repo = load_targets(REPO_TARGETS)
    comparison = compare(extract(seed_text), repo, 2024)
    numeric = [i for i in repo.indicators() if i.target is not None]
    held = [i for _, i in comparison.matched]
    numbers = [i for f, i in comparison.matched if f.value is not None and i.target is not None]
    with capsys.disabled():
        print(
            f"\nthe draft holds {len(held)} of the {len(list(repo.indicators()))} indicators of "
            f"targets.yaml ({len(numbers)} of {len(numeric)} numeric, the rest named projects)"
        )
    # 重特大事故 0起 is the file's reading of "坚决遏制重特大事故发生": no figure in the text,
    # matched by its words on its line instead
    assert sorted(i.id for i in numeric if i not in numbers) == ["major-accidents"]
    assert comparison.only_declared == [] and comparison.differs == []
    # tasks the extractor does not draft (a clause it reads as no commitment) are not claimed
    # missing, only listed apart
    assert all(i.measure is Measure.TASK for i in comparison.words_unmatched)
    assert len(comparison.words_unmatched) <= 5


def test_the_whole_draft_validates(tmp_path: Path, seed_text: str) -> None:
    from typer.testing import CliRunner

    from kpitrack.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(SEED), "--year", "2024"])
    assert result.exit_code == 0, result.output
    draft = tmp_path / "draft.yaml"
    draft.write_text(result.stdout, encoding="utf-8")
    checked = runner.invoke(app, ["validate", "--targets", str(draft)])
    assert checked.exit_code == 0, checked.output


def test_the_draft_validates_today_but_for_the_kinds_being_built(
    tmp_path: Path, seed_text: str
) -> None:
    """Everything the parser on this branch knows (targets, levels, milestones, ids, names,
    stages, source_line, confidence) is valid; only the new kinds and keys are set aside."""
    from typer.testing import CliRunner

    from kpitrack.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(SEED), "--year", "2024"])
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(result.stdout)
    pending = {"result", "context", "task", "honour"}
    kept = 0
    for area in document["areas"]:
        area["indicators"] = [
            {k: v for k, v in i.items() if k not in {"members", "commitment", "verdict"}}
            for i in area["indicators"]
            if i.get("measure") not in pending
        ]
        kept += len(area["indicators"])
    document["areas"] = [a for a in document["areas"] if a["indicators"]]
    assert kept >= 30  # the plans' figures and the named projects
    draft = tmp_path / "draft.yaml"
    draft.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    checked = runner.invoke(app, ["validate", "--targets", str(draft)])
    assert checked.exit_code == 0, checked.output


def test_draft_ids_are_stable_ascii(seed_text: str) -> None:
    from kpitrack.draft import draft_yaml

    first = draft_yaml(extract(seed_text), 2024, "report.txt")
    second = draft_yaml(extract(seed_text), 2024, "report.txt")
    assert first == second
    ids = [i["id"] for a in yaml.safe_load(first)["areas"] for i in a["indicators"]]
    assert len(ids) == len(set(ids)) and all(i.isascii() for i in ids)


def test_merge_shows_what_each_side_lacks(kpi: Invoke, workdir: Path, seed_text: str) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - id: fitness-paths")
    path.write_text(text[:start], encoding="utf-8")  # the declaration lacks 更新健身路径10条
    report = workdir / "report.txt"
    report.write_text(seed_text + "\n新建篮球场7个。\n", encoding="utf-8")
    result = kpi("extract", str(report), "--merge", str(path))
    assert result.exit_code == 0
    # every item of the report is compared, tasks too: 更新健身路径10条 (cut off), 篮球场7个
    # (added) and 西流湖 (only counted, 3个街道…) are not declared, beside the report's tasks
    # the file leaves out; the file's own tasks all match a clause of the report
    assert (
        "138 项（数字、项目、荣誉、任务）：96 项已声明，0 项目标不同，42 项未声明" in result.stdout
    )
    assert "targets.yaml 另有 0 项报告中没有" in result.stdout
    assert "更新健身路径" in result.stdout and "篮球场" in result.stdout
    assert "西流湖" in result.stdout
    assert "两库一单" not in result.stdout  # the task 完善招商引资"两库一单", matched by name
    assert "中央文化区会展中心" not in result.stdout  # declared now, as a 2023 milestone
    assert "金星奖" not in result.stdout  # declared, its name quoted as the report quotes it
    assert "tencent-esports" not in result.stdout  # 腾讯电竞 建成投用 is declared, by name


def test_a_missing_report_is_one_sentence_and_exit_2(kpi: Invoke) -> None:
    result = kpi("extract", "no-such-report.txt")
    assert result.exit_code == 2
    assert "no-such-report.txt" in result.stderr


def test_extract_then_validate_as_processes(tmp_path: Path) -> None:
    if not SEED.exists():
        pytest.skip("the seed report is not beside this checkout")
    kpi = str(Path(sys.executable).parent / "kpi")
    draft = subprocess.run(
        [kpi, "extract", str(SEED), "--year", "2024"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    (tmp_path / "draft.yaml").write_text(draft, encoding="utf-8")
    checked = subprocess.run(
        [kpi, "validate", "--targets", str(tmp_path / "draft.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr
    status = subprocess.run(
        [
            kpi,
            "status",
            "--period",
            "2023",
            "--format",
            "json",
            "--targets",
            str(tmp_path / "draft.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rows = [i for a in json.loads(status.stdout)["areas"] for i in a["indicators"]]
    results = [r for r in rows if r["state"] == "result"]
    assert len(results) >= 21  # the review's figures are results, with no invented target
    assert {r["verdict"] for r in results} >= {"超额完成", "未说明"}


# An English report is read since issue 14 (tests/test_extract_english.py).
@pytest.mark.parametrize(
    ("content", "said"),
    [(b"", "没有报告文字"), (b"\x00\x01PK\x03\x04 binary", "不是 kpi extract 能读的报告")],
)
def test_a_file_with_no_report_text_is_refused_not_drafted_empty(
    kpi: Invoke, workdir: Path, content: bytes, said: str
) -> None:
    path = workdir / "报告.txt"
    path.write_bytes(content)
    result = kpi("extract", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert said in result.stderr and "Traceback" not in result.stderr
