"""One mistake, one line (issue 14): a setting written once under defaults or an area is
reported once, where it is written, not again for every indicator that inherits it."""

from __future__ import annotations

from pathlib import Path

from .conftest import Invoke

SHARED_MISTAKES = """\
defaults:
  cycle: weekly-ish
areas:
  - name: 民生
    period: 2024
    owner_assumed: maybe
    indicators:
{many}
  - name: 经济
    period: 20x4
    indicators:
      - {{id: b-one, name: 丁, target: 5个}}
      - {{id: b-two, name: 戊, target: 6个, period: 2024, cycle: monthly}}
      - {{id: b-three, name: 己, target: 7个, cycle: fortnightly}}
"""


def test_an_area_level_mistake_is_one_problem_at_its_own_line(kpi: Invoke, workdir: Path) -> None:
    many = "\n".join(f"      - {{id: a-{n}, name: 指标{n}, target: {n}个}}" for n in range(1, 26))
    (workdir / "targets.yaml").write_text(SHARED_MISTAKES.format(many=many), encoding="utf-8")
    result = kpi("validate")
    assert result.exit_code == 2
    lines = [
        line.strip().replace(f"{workdir}/", "")
        for line in result.output.splitlines()
        if ".yaml:" in line
    ]
    assert lines == [
        "targets.yaml:2: defaults.cycle: 「weekly-ish」不是可选值，可选：weekly, monthly, quarterly",
        "targets.yaml:6: areas[0].owner_assumed: 「maybe」不是可选值，可选：true, false",
        "targets.yaml:34: areas[1].period: 「20x4」不是周期：请写年份（2024）或 start/end 日期",
        "targets.yaml:38: b-three.cycle: 「fortnightly」不是可选值，可选：weekly, monthly, quarterly",
    ], result.output  # 25 indicators under 民生: still one line for each of its mistakes
    assert "4 处问题" in result.output
