"""A broken targets.yaml is refused with every problem named by file, line and key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kpitrack.errors import KpiError, TargetsError
from kpitrack.model import Measure, Period
from kpitrack.targets import find_targets, load_targets

GOOD = """\
areas:
  - id: demo
    name: 演示领域
    indicators:
      - id: invest
        name: 完成投资
        target: 59.2亿元
        period: 2024
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(TargetsError) as error:
        load_targets(path)
    return [p.render(str(path)) for p in error.value.problems]


def test_a_minimal_file_needs_only_id_name_and_target(tmp_path: Path) -> None:
    targets = load_targets(write(tmp_path, GOOD))
    (indicator,) = list(targets.indicators())
    assert (indicator.unit, str(indicator.target), indicator.period) == (
        "亿元",
        "59.2",
        Period.year(2024),
    )
    assert indicator.measure is Measure.TOTAL


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("target: 59.2亿元", "target: 59.2亿元\n        colour: red"), 8, ["colour", "未知的键"]),
        (("target: 59.2亿元", "target: 5光年"), 7, ["invest.target", "光年"]),
        (("period: 2024", "period: 2024-13-01"), 8, ["invest.period", "2024-13-01"]),
        (("period: 2024", "period: {start: 2024-06-30, end: 2024-01-01}"), 8, ["早于"]),
        (("id: invest", "id: Invest_1"), 5, ["Invest_1", "小写"]),
        (("        target: 59.2亿元\n", ""), 5, ["target", "缺少"]),
        (("target: 59.2亿元", "target: 59.2亿元\n        unit: 个"), 7, ["单位", "不一致"]),
        (("target: 59.2亿元", "target: 59.2亿元\n        measure: rate"), 8, ["rate", "total"]),
        (("target: 59.2亿元", "target: 59.2亿元\n        cycle: daily"), 8, ["daily", "weekly"]),
        (("target: 59.2亿元", "target: 59.2亿元\n        target: 60亿元"), 8, ["target", "重复"]),
    ],
)
def test_each_problem_names_file_line_and_key(
    tmp_path: Path, change: tuple[str, str], line: int, words: list[str]
) -> None:
    (message,) = problems(tmp_path, GOOD.replace(*change, 1))
    assert message.startswith(f"{tmp_path / 'targets.yaml'}:{line}: ")
    for word in words:
        assert word in message


def test_a_duplicate_id_points_at_the_first_one(tmp_path: Path) -> None:
    text = GOOD + "      - id: invest\n        name: 又一个\n        target: 3个\n"
    (message,) = problems(tmp_path, text)
    assert ":9: invest.id: " in message
    assert "第 5 行" in message


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("target: 59.2亿元", "target: abc\n        direction: up")
    found = problems(tmp_path, text)
    assert len(found) == 2
    path = write(tmp_path, text)
    with pytest.raises(TargetsError) as error:
        load_targets(path)
    assert str(error.value).splitlines()[0] == f"{path} 有 2 处问题："


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    (message,) = problems(tmp_path, "areas:\n  - name: x\n    indicators: [\n")
    assert "不是有效的 YAML" in message


def test_milestones_take_stages_and_a_target_stage(tmp_path: Path) -> None:
    text = GOOD.replace(
        "target: 59.2亿元",
        "measure: milestone\n        stages: [在建, {name: 建成, due: 2024-09-30}, 投用]",
    )
    indicator = next(load_targets(write(tmp_path, text)).indicators())
    assert indicator.stage_names == ["在建", "建成", "投用"]
    assert indicator.target_stage == "投用"
    assert str(indicator.stages[1].due) == "2024-09-30"


def test_a_milestone_target_must_be_one_of_its_stages(tmp_path: Path) -> None:
    text = GOOD.replace(
        "target: 59.2亿元", "measure: milestone\n        stages: [开工, 投用]\n        target: 竣工"
    )
    (message,) = problems(tmp_path, text)
    assert "竣工" in message and "开工 → 投用" in message


def test_pace_checkpoints_must_lie_in_the_period_and_rise(tmp_path: Path) -> None:
    rising = GOOD + "        pace: {2024-06-30: 50%, 2024-09-30: 40%}\n"
    assert "递增" in problems(tmp_path, rising)[0]
    outside = GOOD + "        pace: {2025-06-30: 50%}\n"
    assert "不在周期" in problems(tmp_path, outside)[0]


def test_thresholds_must_be_ordered(tmp_path: Path) -> None:
    (message,) = problems(tmp_path, "thresholds: {behind: -40, far_behind: -10}\n" + GOOD)
    assert "far_behind ≤ behind ≤ 0" in message


def test_area_defaults_reach_their_indicators(tmp_path: Path) -> None:
    text = GOOD.replace("    indicators:", "    owner: 区教育局\n    period: 2023\n    indicators:")
    text = text.replace("        period: 2024\n", "")
    indicator = next(load_targets(write(tmp_path, text)).indicators())
    assert indicator.owner == "区教育局"
    assert indicator.period == Period.year(2023)


def test_targets_yaml_is_found_from_a_subfolder(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_targets(nested) == path


def test_a_missing_targets_yaml_says_how_to_point_at_one(tmp_path: Path) -> None:
    with pytest.raises(KpiError) as error:
        find_targets(tmp_path)
    assert "--targets" in str(error.value) and "KPI_TARGETS" in str(error.value)


def test_an_empty_file_says_what_it_lacks(tmp_path: Path) -> None:
    (message,) = problems(tmp_path, "")
    assert message.startswith(f"{tmp_path / 'targets.yaml'}:1: ") and "areas" in message


def test_a_file_that_is_not_utf8_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_bytes("areas: []\n# 注释\n".encode("gbk"))
    with pytest.raises(KpiError) as error:
        load_targets(path)
    assert str(error.value) == f"{path} 不是 UTF-8 编码的文本。请在编辑器中另存为 UTF-8。"
