"""The repo's targets.yaml declares the whole report, as an office reads it.

Checked against the hand-made gold list (tests/data/report_gold.yaml): every number with its
value, unit, year and qualifier; every named project and honour; the commitments stated
without a figure; all 16 sections; and the report's own words and line for each item.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from kpitrack.model import Indicator, Measure, Targets
from kpitrack.targets import load_targets

from .conftest import REPO_TARGETS

GOLD_FILE = Path(__file__).parent / "data" / "report_gold.yaml"

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
    """Compare text as the report means it: width-folded, without spaces and quote marks."""
    return re.sub(r"[\s\"“”]+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def targets() -> Targets:
    return load_targets(REPO_TARGETS)


@pytest.fixture(scope="module")
def gold() -> dict[str, list[dict[str, Any]]]:
    loaded: dict[str, list[dict[str, Any]]] = yaml.safe_load(GOLD_FILE.read_text("utf-8"))
    return loaded


def stated_numbers(indicator: Indicator) -> set[Decimal]:
    numbers = set()
    if indicator.target is not None:
        numbers.add(indicator.target.normalize())
    if indicator.actual is not None and indicator.actual.value is not None:
        numbers.add(indicator.actual.value.normalize())
    return numbers


def on_line(targets: Targets, line: int, period: int) -> list[Indicator]:
    return [
        i for i in targets.indicators() if i.source_line == line and i.period.label == str(period)
    ]


def test_all_sixteen_sections_appear_in_the_report_s_order(
    targets: Targets, gold: dict[str, list[dict[str, Any]]]
) -> None:
    names = [squash(area.name) for area in targets.areas]
    wanted = [squash(section["name"]) for section in gold["sections"]]
    assert len(names) == len(wanted) == 16
    for name, section, area in zip(names, gold["sections"], targets.areas, strict=True):
        assert name.startswith(squash(section["name"])), (name, section["name"])
        assert area.indicators, f"{area.name} commits to nothing"
        assert {i.period.label for i in area.indicators} == {str(section["period"])}, area.id


def test_every_number_of_the_report_is_declared_with_its_value_unit_and_words(
    targets: Targets, gold: dict[str, list[dict[str, Any]]]
) -> None:
    for number in gold["numbers"]:
        value = Decimal(number["value"])
        owners = [
            i
            for i in on_line(targets, number["line"], number["period"])
            if value in stated_numbers(i)
            and i.unit == number["unit"]
            and squash(number["name"]) in squash(i.name)
        ]
        assert len(owners) == 1, f"{number['value']}{number['unit']} {number['name']}: {owners}"
        (indicator,) = owners
        qualifier = indicator.approx or (indicator.actual.approx if indicator.actual else None)
        assert qualifier == number.get("qualifier"), indicator.id
        assert indicator.commitment == number.get("commitment"), indicator.id
        assert (indicator.measure is Measure.CONTEXT) == bool(number.get("context")), indicator.id
        if "verdict" in number:
            assert indicator.verdict == number["verdict"], indicator.id


def test_every_named_project_honour_and_implied_commitment_is_declared(
    targets: Targets, gold: dict[str, list[dict[str, Any]]]
) -> None:
    for kind in ("projects", "honours", "implied"):
        for item in gold[kind]:
            named = [
                i
                for i in on_line(targets, item["line"], item["period"])
                if squash(item["name"]) in squash(i.name)
                and (kind == "implied" or i.measure not in (Measure.TOTAL, Measure.LEVEL))
            ]
            if kind == "projects":  # the project with the stage the report gives it
                said = squash(item["stage"])
                named = [
                    i
                    for i in named
                    if i.measure in (Measure.MILESTONE, Measure.TASK)
                    and (said in squash(i.name) or said in map(squash, i.stage_names))
                ]
            assert named, f"{kind}: {item['name']} (line {item['line']}) is not declared"
            indicator = named[0]
            if kind == "honours":
                assert indicator.honour, indicator.id
            if "verdict" in item:
                assert indicator.verdict == item["verdict"], indicator.id
            if "commitment" in item:
                assert indicator.commitment == item["commitment"], indicator.id


def test_every_item_quotes_the_report_at_its_line(targets: Targets, seed_text: str) -> None:
    lines = seed_text.split("\n")
    for indicator in targets.indicators():
        assert indicator.source and indicator.source_line, f"{indicator.id} has no source"
        assert squash(indicator.source) in squash(lines[indicator.source_line - 1]), indicator.id


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


def test_no_2023_figure_has_a_target_the_report_never_stated(targets: Targets) -> None:
    """The 2023 half gives results: a figure with the report's verdict, never a target set to
    the result (which read as "exactly met, 100 %")."""
    for indicator in targets.indicators():
        if indicator.period.label != "2023":
            continue
        assert indicator.target is None, indicator.id
        if indicator.actual is None:  # 超额完成市定目标: a verdict without a figure
            assert indicator.measure is Measure.RESULT and indicator.verdict, indicator.id
            continue
        assert indicator.actual.as_of.isoformat() == "2023-12-31"
        if indicator.measure is Measure.RESULT:
            assert (indicator.verdict or "未说明") in ("超额完成", "完成", "未说明"), indicator.id


def test_the_report_s_verdicts_and_qualifiers_are_kept(targets: Targets) -> None:
    by_id = targets.by_id()
    contract = by_id["tech-contract-value"]
    assert (contract.verdict, contract.actual and contract.actual.approx) == ("超额完成", "突破")
    parks = by_id["park-enterprises"]
    assert parks.actual is not None and (parks.actual.value, parks.actual.approx) == (750, "余")
    assert by_id["project-tours-district"].verdict is None  # 未说明: the report says no more


def test_no_2024_plan_is_logged_before_anyone_reports(targets: Targets) -> None:
    for indicator in targets.indicators():
        if indicator.period.label == "2024" and indicator.measure is not Measure.CONTEXT:
            assert indicator.actual is None, indicator.id


def test_lists_known_in_january_are_levels_not_paced_totals(targets: Targets) -> None:
    by_id = targets.by_id()
    assert by_id["key-projects-2024"].measure is Measure.LEVEL  # 全年谋划重点推进项目21个
    assert by_id["hospitals-under-construction"].measure is Measure.LEVEL  # 加快…5所…建设
    assert by_id["industrial-parks"].measure is Measure.CONTEXT  # 当前…30多个: the present


def test_named_projects_are_counted_once_inside_their_count(targets: Targets) -> None:
    by_id = targets.by_id()
    assert by_id["projects-in-use-2024"].members == (
        "metallurgy-innovation-center",
        "tencent-esports",
    )
    assert by_id["tencent-esports"].member_of == "projects-in-use-2024"
    members = [m for i in targets.indicators() for m in i.members]
    assert len(members) == len(set(members))


def test_the_three_wrong_declarations_are_fixed(targets: Targets) -> None:
    by_id = targets.by_id()
    # the report promises 加快建设 for the district hospital in 2024, not that it opens
    hospital = by_id["district-peoples-hospital"]
    assert hospital.measure is Measure.TASK and "加快" in hospital.name
    # 2023: 投用或具备招生条件, not 投用
    for school in ("lianhu-campus", "kaixuan-road-kindergarten"):
        seeded = by_id[school].actual
        assert seeded is not None and seeded.stage == "投用或具备招生条件"


def test_a_stage_true_on_1_january_is_the_start_not_progress(targets: Targets) -> None:
    by_id = targets.by_id()
    assert by_id["xinli-energy-park"].start_stage == "谋划"
    assert by_id["wanda-info-hq"].start_stage == "签约"


def test_commitments_the_report_makes_are_recorded(targets: Targets, seed_text: str) -> None:
    """Each 确保/争取 of the 2024 plan is on the items it governs."""
    committed = {i.id: i.commitment for i in targets.indicators() if i.commitment}
    assert committed["hospitals-in-use"] == "确保"
    assert committed["signed-projects-landed"] == "确保"
    assert committed["schools-ready-2024"] == "确保"
    assert committed["major-events"] == "争取"
    for indicator in targets.indicators():
        if indicator.commitment:
            assert indicator.commitment in squash(indicator.source or ""), indicator.id


def test_every_owner_is_marked_as_this_file_s_assumption(targets: Targets) -> None:
    """The report names no department: the owners are guesses, and the file says so."""
    for indicator in targets.indicators():
        assert indicator.owner, indicator.id
        assert indicator.owner_assumed, indicator.id


def test_ids_are_unique_ascii_slugs(targets: Targets) -> None:
    ids = [i.id for i in targets.indicators()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
