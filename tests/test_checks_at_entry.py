"""Figures that look wrong are questioned at entry, the same way for log, log - and import.

Each refusal is one sentence saying what looks wrong and how to confirm, exit code 2, and a
database exactly as it was; --force (or a 确认 cell in a sheet) writes it, marked confirmed.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kpitrack.batch import RawRow, plan_batch
from kpitrack.checks import question
from kpitrack.cli import app
from kpitrack.model import Checks, Indicator, Measure, Period
from kpitrack.progress import Mode, Point
from kpitrack.workspace import open_workspace

from .conftest import PACED, Invoke, declare, dump

# Indicators of the kinds the report's 2024 list lacks: a count in 万座, money, a percent level.
EXTRA = """
  - id: issue8-extra
    name: 补充指标
    indicators:
      - id: charging-piles
        name: 新建充电桩
        target: 1.2万座
      - id: investment-2024
        name: 重点项目完成投资
        target: 60亿元
      - id: green-rate
        name: 建成区绿化覆盖率
        measure: level
        target: 75%
"""


@pytest.fixture
def extra(kpi: Invoke, workdir: Path) -> Invoke:
    declare(workdir, EXTRA)
    assert kpi("init").exit_code == 0
    return kpi


def actual(kpi: Invoke, indicator_id: str, as_of: str = "2024-12-31") -> object:
    result = kpi("status", "--as-of", as_of, "--period", "all", "--format", "json")
    rows = [i for a in json.loads(result.stdout)["areas"] for i in a["indicators"]]
    row = next(i for i in rows if i["id"] == indicator_id)
    return row["stage"] if row["stage"] is not None else row["actual"]


def refused(kpi: Invoke, workdir: Path, *args: str) -> str:
    """Run a command that must be refused: exit 2, one sentence, nothing written."""
    before = dump(workdir)
    result = kpi(*args)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert dump(workdir) == before
    return result.stderr


def history_entries(kpi: Invoke, indicator_id: str) -> list[dict]:
    result = kpi("history", indicator_id, "--all", "--format", "json")
    return json.loads(result.stdout)["entries"]


# -- unit advice ------------------------------------------------------------------------------


def test_a_count_of_another_measure_word_is_refused_with_advice_that_keeps_its_size(
    extra: Invoke, workdir: Path
) -> None:
    message = refused(extra, workdir, "log", "charging-piles", "8000个", "--date", "2024-03-31")
    assert "如 0.8万座，或写 8000座" in message
    assert "8000万座" not in message
    assert extra("log", "charging-piles", "8000座", "--date", "2024-03-31").exit_code == 0
    assert actual(extra, "charging-piles") == 0.8


def test_money_for_a_count_is_refused_without_carrying_its_size_over(
    kpi: Invoke, workdir: Path
) -> None:
    """5亿元 logged for a count of projects is the wrong indicator or the wrong unit, not
    500,000,000 projects: the unit to use is named, and no number is offered to copy."""
    assert kpi("init").exit_code == 0
    message = refused(kpi, workdir, "log", "key-projects-2024", "5亿元", "--date", "2024-06-30")
    assert "「5亿元」是金额" in message and "按「个」填报" in message
    assert "500000000" not in message


def test_advice_in_a_unit_without_magnitude_is_the_same_number(kpi: Invoke, workdir: Path) -> None:
    kpi("init")
    message = refused(kpi, workdir, "log", "fitness-paths", "1.2万个", "--date", "2024-03-31")
    assert "如 12000条" in message


def test_following_the_old_wrong_advice_is_questioned_too(extra: Invoke, workdir: Path) -> None:
    """8000万座 is 8000 times 10,000 piles: far beyond three times the target."""
    message = refused(extra, workdir, "log", "charging-piles", "8000万座", "--date", "2024-03-31")
    assert "超过目标 1.2万座 的 3 倍" in message and "--force" in message


# -- a falling running total ------------------------------------------------------------------


def test_a_running_total_that_falls_is_refused_then_forced(extra: Invoke, workdir: Path) -> None:
    assert extra("log", "investment-2024", "18.5亿", "--date", "2024-05-31").exit_code == 0
    message = refused(extra, workdir, "log", "investment-2024", "3520万元", "--date", "2024-06-30")
    assert "18.5亿元" in message and "3520万元（0.352亿元）" in message
    assert "累计数不应减少" in message and "--force" in message
    forced = extra("log", "investment-2024", "3520万元", "--date", "2024-06-30", "--force")
    assert forced.exit_code == 0, forced.output
    assert "已按确认写入" in forced.stderr
    assert actual(extra, "investment-2024") == 0.352
    last = history_entries(extra, "investment-2024")[-1]
    assert "累计数不应减少" in last["confirmed"]
    table = extra("history", "investment-2024").stdout
    assert "经确认" in table


def test_a_total_is_compared_with_the_actual_at_its_own_date(extra: Invoke) -> None:
    """Back-dating a smaller figure before a larger one is not a fall."""
    assert extra("log", "investment-2024", "18.5亿", "--date", "2024-06-30").exit_code == 0
    assert extra("log", "investment-2024", "10亿", "--date", "2024-05-31").exit_code == 0


def test_a_level_may_fall(extra: Invoke) -> None:
    assert extra("log", "green-rate", "74%", "--date", "2024-05-31").exit_code == 0
    assert extra("log", "green-rate", "70%", "--date", "2024-06-30").exit_code == 0


def test_a_back_dated_total_above_a_later_one_is_refused(landed: Invoke, workdir: Path) -> None:
    """5 logged for 2024-07-03; 6 for 2024-06-25 would make the running total fall after it."""
    message = refused(landed, workdir, "log", PACED, "6", "--date", "2024-06-25")
    assert "2024-07-03" in message and "5个" in message
    lower = landed("log", PACED, "4", "--date", "2024-06-25")
    assert lower.exit_code == 0 and "该日累计 4个" in lower.stderr


def test_the_reports_list_sizes_are_levels_that_may_fall(logged: Invoke) -> None:
    """21个 全年谋划重点推进项目 and 5所 加快建设 are the sizes of lists, read again each month: a
    reading below an earlier one, or back-dated above a later one, is not questioned."""
    # key-projects-2024 reads 3 on 2024-06-20 and 5 on 2024-07-03
    back_dated = logged("log", "key-projects-2024", "6", "--date", "2024-06-25")
    assert back_dated.exit_code == 0, back_dated.output
    assert "该日读数 6个" in back_dated.stderr
    assert logged("log", "key-projects-2024", "4", "--date", "2024-07-08").exit_code == 0
    assert logged("log", "hospitals-under-construction", "5", "--date", "2024-01-31").exit_code == 0
    assert logged("log", "hospitals-under-construction", "4", "--date", "2024-02-29").exit_code == 0


# -- jumps and targets ------------------------------------------------------------------------


def test_more_than_five_times_the_last_figure_is_refused(logged: Invoke, workdir: Path) -> None:
    # key-projects-2024 stands at 5 on 2024-07-03
    message = refused(logged, workdir, "log", "key-projects-2024", "26", "--date", "2024-07-08")
    assert "5.2 倍" in message
    assert logged("log", "key-projects-2024", "25", "--date", "2024-07-08").exit_code == 0


def test_an_increment_is_judged_by_the_figure_it_makes(logged: Invoke, workdir: Path) -> None:
    message = refused(logged, workdir, "log", "key-projects-2024", "+21", "--date", "2024-07-08")
    assert "26个" in message and "5个" in message
    assert logged("log", "key-projects-2024", "+20", "--date", "2024-07-08").exit_code == 0


def test_more_than_three_times_the_target_is_refused(kpi: Invoke, workdir: Path) -> None:
    kpi("init")
    message = refused(kpi, workdir, "log", "key-projects-2024", "64", "--date", "2024-03-31")
    assert "超过目标 21个 的 3 倍" in message
    assert kpi("log", "key-projects-2024", "63", "--date", "2024-03-31").exit_code == 0


def test_the_factors_are_set_in_targets_yaml(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  jump: 5 #" in text  # the repo's targets.yaml states the default
    path.write_text(text.replace("  jump: 5 #", "  jump: 10 #", 1), "utf-8")
    assert kpi("log", "key-projects-2024", "2", "--date", "2024-03-31").exit_code == 0
    assert kpi("log", "key-projects-2024", "20", "--date", "2024-04-30").exit_code == 0
    own = text.replace(
        "      - id: fitness-paths\n", "      - id: fitness-paths\n        checks: {jump: 2}\n", 1
    )
    path.write_text(own.replace("  jump: 5 #", "  jump: 10 #", 1), "utf-8")
    assert kpi("log", "fitness-paths", "2", "--date", "2024-03-31").exit_code == 0
    message = refused(kpi, workdir, "log", "fitness-paths", "5", "--date", "2024-04-30")
    assert "2.5 倍" in message


@pytest.mark.parametrize(
    ("checks", "words"),
    [
        ("  jump: 1 #", ["checks.jump", "大于 1"]),
        ("  jump: 五 #", ["checks.jump", "不是数字"]),
        ("  jumps: 5 #", ["jumps", "jump"]),
    ],
)
def test_bad_factors_are_named_with_their_line(
    kpi: Invoke, workdir: Path, checks: str, words: list[str]
) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  jump: 5 #", checks, 1), "utf-8")
    result = kpi("validate")
    assert result.exit_code == 2
    for word in words:
        assert word in result.stderr


# -- percents and stages ----------------------------------------------------------------------


def test_a_fraction_for_a_percent_is_refused_with_the_percent_meant(
    extra: Invoke, workdir: Path
) -> None:
    message = refused(extra, workdir, "log", "green-rate", "0.74", "--date", "2024-05-31")
    assert "74%" in message and "75%" in message
    assert extra("log", "green-rate", "74", "--date", "2024-05-31").exit_code == 0
    assert actual(extra, "green-rate") == 74


def test_a_fraction_with_a_percent_sign_is_asked_when_it_is_a_slip(
    extra: Invoke, workdir: Path
) -> None:
    """0.76% against a 75% target: the sign was added to a fraction. 40% is a plain low reading."""
    message = refused(extra, workdir, "log", "green-rate", "0.76%", "--date", "2024-05-31")
    assert "76%" in message
    assert extra("log", "green-rate", "0.76%", "--date", "2024-05-31", "--force").exit_code == 0
    assert actual(extra, "green-rate") == 0.76


def test_a_figure_the_report_states_is_replaced_only_by_a_confirmed_correction(
    kpi: Invoke, workdir: Path
) -> None:
    """灾后重建项目投资完成率110% is the report's 2023 result: a figure logged over it replaces
    the report's in status, so it is questioned, and taken only when confirmed."""
    kpi("init")
    message = refused(kpi, workdir, "log", "rebuild-investment-rate", "95%", "--date", "2023-12-31")
    assert "结果「110%」" in message and "--force" in message
    message = refused(kpi, workdir, "log", "industrial-parks", "31个", "--date", "2024-09-30")
    assert "现状「30多个」" in message
    assert refused(kpi, workdir, "log", "golden-star-award", "获评", "--date", "2023-12-31")
    forced = ("log", "rebuild-investment-rate", "112%", "--date", "2023-12-31", "--force")
    assert kpi(*forced).exit_code == 0
    assert actual(kpi, "rebuild-investment-rate") == 112
    assert "110%" in history_entries(kpi, "rebuild-investment-rate")[-1]["confirmed"]


def test_a_result_the_report_states_without_a_figure_takes_one(kpi: Invoke) -> None:
    """城镇新增就业 超额完成市定目标: the report gives the verdict, the department the figure,
    which has no target to be questioned against."""
    result = kpi("log", "urban-jobs-2023", "12000", "--date", "2023-12-31")
    assert result.exit_code == 0, result.output
    assert "该日读数 12000" in result.stderr


def test_a_bare_figure_on_a_task_is_refused_a_note_with_one_kept(
    kpi: Invoke, workdir: Path
) -> None:
    """加快两大主导产业建圈强链 takes words: "5个" was meant for another indicator."""
    kpi("init")
    for figure in ("5", "5个", "+3", "突破60亿元"):
        message = refused(kpi, workdir, "log", "leading-industries", figure, "--date", "2024-05-01")
        assert "任务" in message and "kpi list" in message
    result = kpi("log", "leading-industries", "新签约链主企业5个", "--date", "2024-05-01")
    assert result.exit_code == 0, result.output


def test_a_stage_going_backwards_is_refused_then_forced(kpi: Invoke, workdir: Path) -> None:
    assert kpi("log", "tencent-esports", "投用", "--date", "2024-06-30").exit_code == 0
    message = refused(kpi, workdir, "log", "tencent-esports", "建成", "--date", "2024-07-31")
    assert "「投用」" in message and "「建成」" in message
    assert kpi("log", "tencent-esports", "建成", "--date", "2024-07-31", "--force").exit_code == 0
    assert actual(kpi, "tencent-esports") == "建成"
    assert history_entries(kpi, "tencent-esports")[-1]["confirmed"]


def test_an_amendment_is_checked_against_the_figures_without_the_old_one(
    landed: Invoke, workdir: Path
) -> None:
    wrong = history_entries(landed, PACED)[-1]["entry"]  # 5 on 2024-07-03
    message = refused(landed, workdir, "amend", str(wrong), "2")  # 3 on 2024-06-20 before it
    assert "3个" in message
    assert landed("amend", str(wrong), "2", "--force").exit_code == 0


# -- batches ----------------------------------------------------------------------------------


def test_log_from_stdin_lists_every_questioned_row_and_writes_nothing(
    landed: Invoke, workdir: Path
) -> None:
    batch = (
        f"{PACED} 4 2024-07-08\n"  # falls from 5
        "fitness-paths +1 2024-07-08\n"  # fine
        f"{PACED} 6 2024-07-09\n"  # fine
        f"{PACED} 40 2024-07-10\n"  # more than 5 × 6, from the row above
        "tencent-esports 在建 2024-07-10\n"  # 建成 before it
    )
    before = dump(workdir)
    entries_before = sum(line.startswith('INSERT INTO "entries"') for line in before)
    result = CliRunner().invoke(app, ["log", "-"], input=batch)
    assert result.exit_code == 2
    listed = [line.split("行")[0] for line in result.stderr.splitlines() if line.startswith("第")]
    assert listed == ["第 1 ", "第 4 ", "第 5 "]
    assert "6个" in result.stderr.splitlines()[1]  # row 4 is compared with row 3
    assert dump(workdir) == before
    forced = CliRunner().invoke(app, ["log", "-", "--force"], input=batch)
    assert forced.exit_code == 0, forced.output
    assert "3 条经确认写入" in forced.stderr
    after = dump(workdir)
    assert sum(line.startswith('INSERT INTO "entries"') for line in after) == entries_before + 5


def test_an_import_is_checked_row_by_row(landed: Invoke, workdir: Path) -> None:
    path = workdir / "7月.csv"
    path.write_text(
        f"指标编号,数值,日期\n{PACED},4,2024-07-08\nfitness-paths,+1,2024-07-08\n",
        encoding="utf-8",
    )
    before = dump(workdir)
    result = landed("import", str(path))
    assert result.exit_code == 2
    assert "第 2 行" in result.stderr and "未写入任何记录" in result.stderr
    assert dump(workdir) == before
    skipped = landed("import", str(path), "--skip-bad")
    assert skipped.exit_code == 0 and "跳过了 1 行" in skipped.stderr
    forced = landed("import", str(path), "--force")
    assert forced.exit_code == 0, forced.output
    assert "1 条经确认写入" in forced.stderr
    assert actual(landed, PACED) == 4


@pytest.mark.parametrize(
    ("cell", "written"),
    [("确认", 1), ("是", 1), ("Y", 1), ("yes", 1), ("1", 1), ("", 0), ("否", 0)],
)
def test_a_confirm_cell_confirms_its_row(
    landed: Invoke, workdir: Path, cell: str, written: int
) -> None:
    workspace = open_workspace(workdir / "targets.yaml", None)
    try:
        fields = {"id": PACED, "value": "4", "date": "2024-07-08"}  # falls from 5
        row = RawRow(2, {**fields, "confirm": cell} if cell else fields)
        plan = plan_batch([row], workspace.targets, workspace.store, date(2024, 7, 10), "甲")
    finally:
        workspace.close()
    assert (len(plan.entries), len(plan.problems)) == (written, 1 - written)
    if written:
        assert plan.entries[0][1].confirmed is not None


# -- the rules themselves, against a simple reference -----------------------------------------

FIGURES = st.lists(
    st.tuples(
        st.integers(1, 60),  # day of the year
        st.sampled_from([Mode.SET, Mode.ADD]),
        st.decimals(min_value=0, max_value=1000, places=2),
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(figures=FIGURES, day=st.integers(1, 60), value=st.decimals(0, 1000, places=2))
def test_a_total_is_questioned_exactly_when_it_falls_below_or_stands_above_a_later_one(
    figures: list[tuple[int, Mode, Decimal]], day: int, value: Decimal
) -> None:
    """Reference: the actual at the date, summed in Fractions from the figures in order, and
    the first period-to-date figure after the date."""
    indicator = Indicator(
        "x", "x", "a", "个", Decimal(10) ** 9, Period.year(2024), measure=Measure.TOTAL
    )
    start = date(2024, 1, 1)
    points = [
        Point(start + timedelta(days=d - 1), n, mode, float(v))
        for n, (d, mode, v) in enumerate(figures)
    ]
    before: Fraction | None = None
    ordered = sorted(enumerate(figures), key=lambda item: (item[1][0], item[0]))
    for _, (d, mode, v) in ordered:
        if d > day:
            continue
        before = Fraction(v) if mode is Mode.SET else (before or Fraction(0)) + Fraction(v)
    lenient = Checks(jump=Decimal(10) ** 9, over_target=Decimal(10) ** 9)
    found = question(
        indicator, lenient, Mode.SET, value, None, str(value), start + timedelta(days=day - 1),
        points,
    )  # fmt: skip
    later = next((Fraction(v) for _, (d, mode, v) in ordered if d > day and mode is Mode.SET), None)
    falls = before is not None and Fraction(value) < before
    above = later is not None and Fraction(value) > later
    expected = "check.falling_total" if falls else "check.above_later" if above else None
    assert (found.key if found is not None else None) == expected


@pytest.mark.parametrize(
    ("before", "after", "jump"),
    [("10", "50", False), ("10", "50.01", True), ("0", "50", False)],
)
def test_a_jump_is_strictly_more_than_the_factor(before: str, after: str, jump: bool) -> None:
    indicator = Indicator("x", "x", "a", "个", Decimal(1000), Period.year(2024))
    points = [Point(date(2024, 3, 1), 1, Mode.SET, float(before))]
    found = question(
        indicator, Checks(), Mode.SET, Decimal(after), None, after, date(2024, 4, 1), points
    )
    assert (found is not None and found.key == "check.jump") is jump


# -- a running total below zero ---------------------------------------------------------------


def test_a_running_total_below_zero_is_questioned_not_stored(extra: Invoke, workdir: Path) -> None:
    """-2 for a count of paths built is a sign typed by mistake more often than a fact."""
    message = refused(extra, workdir, "log", "fitness-paths", "-2", "--date", "2024-06-30")
    assert "小于零" in message and "-2条" in message and "--force" in message
    forced = extra("log", "fitness-paths", "-2", "--date", "2024-06-30", "--force")
    assert forced.exit_code == 0
    assert actual(extra, "fitness-paths") == -2


def test_a_level_below_zero_is_an_ordinary_figure(extra: Invoke, workdir: Path) -> None:
    """A rate may fall below zero (能耗下降 −2 %): only a count of things cannot."""
    assert extra("log", "green-rate", "-2%", "--date", "2024-06-30").exit_code == 0
    assert actual(extra, "green-rate") == -2


@given(
    before=st.integers(0, 50).map(Decimal),
    value=st.integers(-60, 60).map(Decimal),
    mode=st.sampled_from([Mode.SET, Mode.ADD]),
)
def test_a_total_is_questioned_exactly_when_it_would_stand_below_zero_or_fall(
    before: Decimal, value: Decimal, mode: Mode
) -> None:
    paths = Indicator(
        id="fitness-paths", name="更新健身路径", area_id="a", unit="条", target=Decimal(1000),
        period=Period.year(2024),
    )  # fmt: skip
    earlier = [Point(date(2024, 3, 31), 1, Mode.SET, before)]
    day = date(2024, 6, 30)
    no_jumps = Checks(jump=Decimal(10_000))  # this test is about the sign, not the size
    found = question(paths, no_jumps, mode, value, None, str(value), day, earlier)
    after = value if mode is Mode.SET else before + value
    expected = after < 0 or (mode is Mode.SET and value < before)
    assert (found is not None) == expected
