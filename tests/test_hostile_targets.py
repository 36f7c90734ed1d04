"""A hostile targets.yaml, far dates and extreme numbers: one sentence at the line, never a crash.

The reproductions of issue 10 (hostile input): YAML tags with bad values that crashed the
constructor, a period from year 1 to 9999 that validate accepted and summary overflowed on, a
threshold of -.inf that made JSON output die, --week 9999-W52. Rules, as the README states
them: kpitrack's files carry no tags; aliases may share a value but not explode or loop; every
date is within 1900-01-01..2200-12-31; thresholds and factors are finite and in range.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from .conftest import ROOT, Invoke

HEAD = """\
areas:
  - id: demo
    name: 演示领域
    indicators:
      - id: invest
        name: 完成投资
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, text: str) -> Path:
    path = folder / "targets.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def refused(kpi: Invoke, *args: str) -> str:
    """A command refused with exit 2 and one sentence (one line) on stderr."""
    result = kpi(*args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def problems(kpi: Invoke, folder: Path, text: str) -> list[str]:
    """``kpi validate`` on ``text``: refused, exit 2, each problem on its own line."""
    write(folder, text)
    result = kpi("validate")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    return lines if len(lines) == 1 else [line.strip() for line in lines[1:]]


# -- tags ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "!!bool perhaps",
        "!!int ''",
        "!!timestamp x",
        "!!int 3",  # well-formed, and still refused: one rule, no tag is safe to guess
        "!!str 10个",
        "!!float .inf",
        "!!python/object:os.system x",
        "!!binary aGVsbG8=",
        "!local 3",
        "! 3",
    ],
)
def test_a_tag_is_refused_at_its_line(kpi: Invoke, folder: Path, value: str) -> None:
    (message,) = problems(kpi, folder, HEAD + f"        target: {value}\n")
    assert message.startswith(f"{folder / 'targets.yaml'}:7: areas[0].indicators[0].target: ")
    assert "不用 YAML 标签" in message
    assert value.split()[0] in message or value.startswith("!!")


def test_a_tag_on_a_list_or_a_mapping_is_refused_too(kpi: Invoke, folder: Path) -> None:
    text = HEAD.replace("areas:", "areas: !!seq") + "        target: 10个\n"
    text += "        period: !!map {start: 2024-01-01, end: 2024-12-31}\n"
    found = problems(kpi, folder, text)
    assert [line.split(": ")[0].rsplit(":", 1)[1] for line in found] == ["1", "8"]
    assert all("!!seq" in found[0] or "!!map" in line for line in found[1:])


def test_a_python_tag_is_never_run(kpi: Invoke, folder: Path) -> None:
    marker = folder / "ran"
    value = f'!!python/object/apply:os.system ["touch {marker}"]'
    (message,) = problems(kpi, folder, HEAD + f"        target: {value}\n")
    assert "标签" in message and not marker.exists()


def test_every_tag_is_named_in_one_run(kpi: Invoke, folder: Path) -> None:
    text = HEAD + "        target: !!int 3\n        owner: !!str 区发展改革委\n"
    found = problems(kpi, folder, text)
    assert [line.split(":")[1] for line in found] == ["7", "8"]


# -- anchors and aliases ---------------------------------------------------------------------

SHARED_STAGES = """\
areas:
  - id: demo
    name: 演示领域
    indicators:
      - id: mall
        name: 商业综合体
        measure: milestone
        stages: &build [签约, 开工, 建成]
      - id: park
        name: 产业园
        measure: milestone
        stages: *build
"""


def test_an_alias_may_share_a_list_of_stages(kpi: Invoke, folder: Path) -> None:
    write(folder, SHARED_STAGES)
    assert kpi("validate").exit_code == 0
    rows = json.loads(kpi("list", "--format", "json").stdout)["indicators"]
    assert [row["stages"] for row in rows] == [["签约", "开工", "建成"]] * 2


def billion_laughs(levels: int) -> str:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_aliases_that_expand_past_the_limit_are_refused_quickly(kpi: Invoke, folder: Path) -> None:
    text = billion_laughs(9) + HEAD.replace("areas:", "areas:") + "        target: 10个\n"
    started = time.perf_counter()
    (message,) = problems(kpi, folder, text)
    assert time.perf_counter() - started < 5
    assert "100,000" in message and ":6: l5" in message  # 9^6 = 531,441 values by line 6


def test_a_bomb_where_indicators_are_read_is_refused_before_it_is_walked(
    kpi: Invoke, folder: Path
) -> None:
    one = "{id: x, name: X, target: 1个}"
    text = f"a: &a [{one}, {one}, {one}, {one}, {one}, {one}, {one}, {one}, {one}, {one}]\n"
    for name, before in zip("bcdef", "abcde", strict=True):
        text += f"{name}: &{name} [{', '.join([f'*{before}'] * 10)}]\n"
    text = text.replace("a: &a", "x: &a") + "areas: [{name: A, indicators: *f}]\n"
    (message,) = problems(kpi, folder, text)
    assert "100,000" in message


def test_an_alias_inside_its_own_anchor_is_refused(kpi: Invoke, folder: Path) -> None:
    text = HEAD + "        target: 10个\n        stages: &s [签约, *s]\n"
    (message,) = problems(kpi, folder, text)
    assert ":8: " in message and "*s" in message


def test_deep_nesting_is_refused_without_crashing_the_process(tmp_path: Path) -> None:
    """Run as a real process: 100,000 ``[`` made the C parser's composer crash Python."""
    (tmp_path / "targets.yaml").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "KPI_LANG": "zh"}
    done = subprocess.run(
        [sys.executable, "-m", "kpitrack", "validate"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "嵌套超过 64 层" in done.stderr and len(done.stderr.strip().splitlines()) == 1


# -- dates -----------------------------------------------------------------------------------


def test_a_period_from_year_1_to_9999_is_refused_at_its_line(kpi: Invoke, folder: Path) -> None:
    text = HEAD + "        target: 10个\n        period: {start: 0001-01-01, end: 9999-12-31}\n"
    found = problems(kpi, folder, text)
    assert found == [
        f"{folder / 'targets.yaml'}:8: invest.period.start: 「0001-01-01」不在 1900-01-01 至 "
        "2200-12-31 之间：请检查年份",
        f"{folder / 'targets.yaml'}:8: invest.period.end: 「9999-12-31」不在 1900-01-01 至 "
        "2200-12-31 之间：请检查年份",
    ]


@pytest.mark.parametrize(
    ("lines", "where"),
    [
        ("target: 10个\n        period: 2201", "invest.period"),
        ("target: 10个\n        period: 1899", "invest.period"),
        ("target: 10个\n        pace: {0001-06-30: 50%}", "invest.pace"),
        ("target: 10个\n        revised: {date: 9999-01-01, was: 8个}", "invest.revised.date"),
        ("measure: milestone\n        stages: [签约, {name: 建成, due: 2300-01-01}]",
         "invest.stages[1].due"),
        ("measure: milestone\n        stages: [签约]\n        actual: {value: 签约, as_of: 1000-01-01}",
         "invest.actual.as_of"),
    ],
)  # fmt: skip
def test_every_date_in_the_file_is_within_1900_to_2200(
    kpi: Invoke, folder: Path, lines: str, where: str
) -> None:
    found = problems(kpi, folder, HEAD + f"        {lines}\n")
    assert any(f": {where}: " in line and "1900" in line for line in found), found


def test_a_time_of_day_is_refused_not_compared_with_a_date(kpi: Invoke, folder: Path) -> None:
    text = (
        HEAD
        + "        measure: milestone\n        stages: [签约, {name: 建成, due: 2024-06-30 10:00:00}]\n"
    )
    (message,) = problems(kpi, folder, text)
    assert "stages[1].due" in message and "带有时刻" in message


def test_the_first_and_last_days_of_the_range_are_accepted(kpi: Invoke, folder: Path) -> None:
    write(
        folder,
        HEAD + "        target: 10个\n        period: {start: 1900-01-01, end: 2200-12-31}\n",
    )
    assert kpi("validate").exit_code == 0


# -- thresholds and other settings -----------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("thresholds: {far_behind: -.inf}", "thresholds.far_behind: 「-.inf」不是有限的数"),
        ("thresholds: {far_behind: .nan}", "thresholds.far_behind: 「.nan」不是有限的数"),
        ("thresholds: {behind: .inf}", "thresholds.behind: 「.inf」不是有限的数"),
        ("thresholds: {far_behind: 1e400}", "thresholds.far_behind: 「1e400」不是数字"),
        ("thresholds: {far_behind: -1.0e+400}", "「-1.0e+400」超出范围：应为 -1000 到 0 之间的数"),
        ("thresholds: {far_behind: -2000}", "「-2000」超出范围"),
        ("checks: {jump: .inf}", "checks.jump: 「.inf」不是有限的数"),
        ("checks: {over_target: 1000000}", "checks.over_target: 「1000000」不能作为倍数"),
    ],
)
def test_thresholds_and_factors_are_finite_and_in_range(
    kpi: Invoke, folder: Path, setting: str, words: str
) -> None:
    (message,) = problems(kpi, folder, setting + "\n" + HEAD + "        target: 10个\n")
    assert ":1: " in message and words in message, message


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("confidence: .nan", "「.nan」不是有限的数"),
        ("source_line: " + "9" * 5000, "source_line 应为报告中的行号"),
    ],
)
def test_other_numbers_are_finite_and_in_range(
    kpi: Invoke, folder: Path, line: str, words: str
) -> None:
    (message,) = problems(kpi, folder, HEAD + f"        target: 10个\n        {line}\n")
    assert ":8: " in message and words in message and len(message) < 300, message


# -- extreme figures -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("1e400", "「1e400」的单位「e400」无法识别"),
        ("9e999", "「9e999」的单位「e999」无法识别"),
        ("1.0e+400", "「1.0e+400」太大了"),
        ("9" * 5000, "太大了"),
        (".nan", "「.nan」不是有限的数"),
        ("-.inf", "「-.inf」不是有限的数"),
    ],
)
def test_an_extreme_target_is_refused_with_one_sentence(
    kpi: Invoke, folder: Path, value: str, words: str
) -> None:
    (message,) = problems(kpi, folder, HEAD + f"        target: {value}\n")
    assert ":7: invest.target: " in message and words in message
    assert len(message) < 300  # 5,000 digits are not quoted in full


@pytest.mark.parametrize(
    "line",
    ["baseline: 1.0e+400", "actual: .inf", "revised: {date: 2024-06-30, was: .nan}",
     "pace: {2024-06-30: .inf}"],
)  # fmt: skip
def test_extreme_figures_elsewhere_are_refused_too(kpi: Invoke, folder: Path, line: str) -> None:
    text = HEAD + f"        target: 10个\n        {line}\n"
    if line.startswith("actual"):
        text = text.replace("target: 10个", "measure: result")
    (message,) = problems(kpi, folder, text)
    assert ":8: " in message and ("不是有限的数" in message or "太大了" in message), message


def test_a_target_written_as_a_float_is_read_exactly(kpi: Invoke, folder: Path) -> None:
    """0.1 as written, not the float 0.1000000000000000055…; -0.0 is zero."""
    write(
        folder,
        HEAD + "        target: 0.1\n      - {id: none, name: 无, target: -0.0}\n"
        "      - {id: sci, name: 科学计数, target: 1.5e+3}\n",
    )
    rows = json.loads(kpi("list", "--format", "json").stdout)["indicators"]
    assert [row["target"] for row in rows] == [0.1, 0, 1500]


TINY = """\
areas:
  - id: demo
    name: 演示领域
    indicators:
      - id: tiny
        name: 很小的目标
        target: 0.0000000000000000001个
        period: 2024
"""


def test_a_tiny_target_and_a_large_figure_give_json_not_a_crash(kpi: Invoke, folder: Path) -> None:
    write(folder, TINY)
    assert kpi("log", "tiny", "999999999999999", "--date", "2024-06-01", "--force").exit_code == 0
    result = kpi("status", "--as-of", "2024-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)["areas"][0]["indicators"]
    assert row["completion"] == 9999999999999990000000000000000000


def test_a_jump_of_35_digits_is_questioned_not_a_crash(kpi: Invoke, folder: Path) -> None:
    write(folder, TINY)
    assert kpi("log", "tiny", "0.00000000000000000001", "--date", "2024-06-01").exit_code == 0
    message = refused(kpi, "log", "tiny", "999999999999999", "--date", "2024-06-02")
    assert "999999999999999" in message


# -- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01",
                                 "0000-05", "9999-12", "1899年12月"])  # fmt: skip
@pytest.mark.parametrize(
    "command",
    [
        ("status", "--as-of"),
        ("due", "--as-of"),
        ("summary", "--as-of"),
        ("summary", "--since"),
        ("summary", "--until"),
        ("history", "key-projects-2024", "--as-of"),
        ("log", "key-projects-2024", "5", "--date"),
    ],
)
def test_a_date_outside_1900_to_2200_is_refused(
    kpi: Invoke, command: tuple[str, ...], day: str
) -> None:
    message = refused(kpi, *command, day)
    assert message == f"{command[-1]}「{day}」不在 1900-01-01 至 2200-12-31 之间，请检查年份。"


@pytest.mark.parametrize(
    ("week", "words"),
    [
        ("9999-W52", "不在 1900 年至 2200 年之间"),
        ("0001-W01", "不在 1900 年至 2200 年之间"),
        ("2201-W01", "不在 1900 年至 2200 年之间"),
        ("2024-W60", "不是 ISO 周"),
        ("2024-W", "不是 ISO 周"),
        ("9" * 5000 + "-W01", "不是 ISO 周"),
    ],
)
def test_a_week_outside_the_range_or_no_week_is_refused(kpi: Invoke, week: str, words: str) -> None:
    message = refused(kpi, "summary", "--week", week)
    assert words in message and len(message) < 200


def test_a_value_with_a_line_break_is_refused_in_one_line(kpi: Invoke) -> None:
    message = refused(kpi, "log", "signed-projects-landed", "0\r0", "--date", "2024-06-30")
    assert "U+000D" in message and len(message.strip().splitlines()) == 1


def test_a_quoted_value_shows_its_line_break_as_an_escape() -> None:
    from kpitrack.errors import KpiError

    error = KpiError("quantity.malformed", raw="0\r0")
    assert "「0\\r0」" in str(error) and len(str(error).splitlines()) == 1


EDGE = """\
areas:
  - id: edge
    name: 最后的年份
    cycle: weekly
    indicators:
      - {id: last, name: 到2200年, target: 10个, period: {start: 2200-01-01, end: 2200-12-31}}
      - {id: stage, name: 阶段, measure: milestone,
         stages: [签约, {name: 建成, due: 2200-12-31}], period: 2200}
      - {id: first, name: 自1900年, target: 10个, period: 1900,
         actual: {value: 4个, as_of: 1900-01-01}}
"""


@pytest.mark.parametrize("as_of", ["2200-12-31", "2200-12-25", "1900-01-01", "1900-12-31"])
def test_periods_at_the_ends_of_the_range_report_without_overflow(
    kpi: Invoke, folder: Path, as_of: str
) -> None:
    write(folder, EDGE)
    for args in (
        ("status", "--period", "all"),
        ("due",),
        ("summary",),
        ("summary", "--period", "1900"),
        ("history", "first"),
    ):
        result = kpi(*args, "--as-of", as_of, "--format", "json")
        assert result.exit_code == 0, (args, result.output)
        json.loads(result.stdout)
    for week in ("2200-W52", "2200-W01", "1900-W01"):
        assert kpi("summary", "--week", week, "--format", "json").exit_code == 0


@pytest.mark.parametrize("year", ["0", "9999", "-5", "2201"])
def test_extract_refuses_a_year_outside_the_range(kpi: Invoke, folder: Path, year: str) -> None:
    (folder / "报告.txt").write_text("2024年，我们确保新增企业10家。\n", encoding="utf-8")
    message = refused(kpi, "extract", "报告.txt", "--year", year)
    assert message == f"--year {year} 不在 1900 年至 2200 年之间，请检查年份，如 2024。"
