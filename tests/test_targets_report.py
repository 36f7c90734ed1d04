"""The repo's targets.yaml declares every number of the report, with the report's values."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest

from kpitrack.model import Indicator, Measure, Targets
from kpitrack.targets import load_targets

from .conftest import REPO_TARGETS

# Arabic numbers in the report that are not indicators, and why.
NOT_INDICATORS = {
    r"2024": "the year of the report (title)",
    r"芝麻街1958": "a name (芝麻街1958双创园)",
    r"第12届": "an ordinal (第12届金星奖)",
    r"1\+14\+N": "a list counter (1+14+N 三级城运体系)",
    r"24小时": "a name (24小时发生地)",
    r"15分钟": "a name (15分钟健身圈)",
}


def squash(text: str) -> str:
    """Compare text as the report means it: width-folded, without the line-break spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def targets() -> Targets:
    return load_targets(REPO_TARGETS)


def stated_numbers(indicator: Indicator) -> set[Decimal]:
    numbers = set()
    if indicator.target is not None:
        numbers.add(indicator.target.normalize())
    if indicator.actual is not None and indicator.actual.value is not None:
        numbers.add(indicator.actual.value.normalize())
    return numbers


def test_both_halves_of_the_report_are_declared(targets: Targets) -> None:
    by_period: dict[str, int] = {}
    for indicator in targets.indicators():
        by_period[indicator.period.label] = by_period.get(indicator.period.label, 0) + 1
    assert by_period == {"2023": 25, "2024": 17}


def test_every_source_is_the_report_s_own_words(targets: Targets, seed_text: str) -> None:
    report = squash(seed_text)
    for indicator in targets.indicators():
        assert indicator.source, f"{indicator.id} has no source"
        assert squash(indicator.source) in report, indicator.id


def test_every_number_in_the_report_is_an_indicator(targets: Targets, seed_text: str) -> None:
    report = squash(seed_text)
    skip = [m.span() for pattern in NOT_INDICATORS for m in re.finditer(pattern, report)]
    indicators = list(targets.indicators())
    found = 0
    for match in re.finditer(r"\d+(?:\.\d+)?", report):
        if any(start <= match.start() < end for start, end in skip):
            continue
        value = Decimal(match.group()).normalize()
        sentence = report[max(0, match.start() - 12) : match.end() + 4]
        owners = [
            i
            for i in indicators
            if value in stated_numbers(i) and squash(i.source or "").find(match.group()) >= 0
        ]
        assert owners, f"{match.group()} in …{sentence}… is declared by no indicator"
        found += 1
    # 39 Arabic numbers: less 2024 twice, 1958 twice, 第12届, 1+14+N (two), 24小时 and 15分钟.
    assert found == 30


def test_every_declared_number_is_in_its_source(targets: Targets) -> None:
    for indicator in targets.indicators():
        if indicator.measure is Measure.MILESTONE:
            continue
        source = squash(indicator.source or "")
        assert any(f"{n:f}" in source for n in stated_numbers(indicator)), indicator.id


@pytest.mark.parametrize(
    ("indicator_id", "target", "unit", "period"),
    [
        ("three-batch-projects", "17", "个", "2023"),
        ("three-batch-investment", "59.2", "亿元", "2023"),
        ("rebuild-projects", "102", "个", "2023"),
        ("new-tech-smes", "195", "家", "2023"),
        ("high-tech-enterprises", "48", "家", "2023"),
        ("tech-contract-value", "60", "亿元", "2023"),
        ("school-places", "10530", "个", "2023"),
        ("park-enterprises", "750", "家", "2023"),
        ("industrial-parks", "30", "个", "2024"),
        ("key-projects-2024", "21", "个", "2024"),
        ("projects-started-2024", "6", "个", "2024"),
        ("signed-projects-landed", "10", "个", "2024"),
        ("projects-in-use-2024", "2", "个", "2024"),
        ("hospitals-under-construction", "5", "所", "2024"),
        ("hospitals-in-use", "3", "所", "2024"),
        ("schools-ready-2024", "10", "所", "2024"),
        ("fitness-paths", "10", "条", "2024"),
    ],
)
def test_headline_figures_match_the_report(
    targets: Targets, indicator_id: str, target: str, unit: str, period: str
) -> None:
    indicator = targets.by_id()[indicator_id]
    assert indicator.target == Decimal(target)
    assert indicator.unit == unit
    assert indicator.period.label == period


def test_qualifiers_of_the_report_are_kept(targets: Targets) -> None:
    by_id = targets.by_id()
    assert by_id["tech-contract-value"].approx == "突破"
    assert by_id["park-enterprises"].approx == "余"
    assert by_id["industrial-parks"].approx == "多"


def test_rebuild_investment_rate_is_a_level_over_its_target(targets: Targets) -> None:
    rate = targets.by_id()["rebuild-investment-rate"]
    assert rate.measure is Measure.LEVEL
    assert rate.unit == "%"
    assert rate.actual is not None and rate.actual.value == Decimal(110)


def test_named_projects_are_milestones_with_their_stage(targets: Targets) -> None:
    by_id = targets.by_id()
    expected = {
        "tencent-esports": "投用",
        "metallurgy-innovation-center": "投用",
        "wanda-info-hq": "落地",
        "xinli-energy-park": "开工",
        "crc-gas-tech-center": "开工",
        "experimental-middle-school": "具备招生条件",
        "xiliuhu-third-kindergarten": "具备招生条件",
        "district-peoples-hospital": "建成投用",
    }
    for indicator_id, stage in expected.items():
        indicator = by_id[indicator_id]
        assert indicator.measure is Measure.MILESTONE
        assert indicator.target_stage == stage
        assert indicator.name.split("项目")[0][:3] in (indicator.source or "")


def test_every_2023_result_has_its_actual_and_no_2024_plan_does(targets: Targets) -> None:
    for indicator in targets.indicators():
        if indicator.period.label == "2023":
            assert indicator.actual is not None, indicator.id
            assert indicator.actual.as_of.isoformat() == "2023-12-31"
        else:
            assert indicator.actual is None, indicator.id


def test_ids_are_unique_ascii_slugs(targets: Targets) -> None:
    ids = [i.id for i in targets.indicators()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
