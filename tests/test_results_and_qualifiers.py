"""The numbers as the report states them (issue 9): results without a target, context figures,
words of commitment (确保 3所) and qualifiers on actuals (突破60亿元, 750余家, 30多个)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from .conftest import DATA, Invoke, dump

# The report's own wording, in a file of its own: these kinds are what the test is about.
REPORT_KINDS = """\
report: 郑州市中原区2024"九个持续抓好"工作报告
areas:
  - id: innovation-2023
    name: 聚焦科技创新抓动能，发展后劲更加充足
    period: 2023
    owner: 区科技局
    indicators:
      - id: tech-contract-value
        name: 技术合同成交额
        measure: result
        actual: 突破60亿元
        verdict: 超额完成
        source: 技术合同成交额突破60亿元，超额完成全年目标任务
      - id: urban-jobs
        name: 城镇新增就业
        measure: result
        verdict: 超额完成
        source: 城镇新增就业超额完成市定目标
      - id: three-batch-investment
        name: 17个"三个一批"项目完成投资
        measure: result
        actual: 59.2亿元
        source: 17个"三个一批"项目完成投资59.2亿元
      - id: park-enterprises
        name: 全区累计入园企业
        target: 750余家
        actual: 750余家
        source: 全区累计入园企业750余家
  - id: innovation-2024
    name: 持续抓好以科技创新推动产业创新
    period: 2024
    owner: 区发展改革委
    indicators:
      - id: industrial-parks
        name: 当前谋划和正在建设的产业园区
        measure: context
        actual: 30多个
        owner: 现代服务业开发区管委会
        source: 以当前谋划和正在建设的30多个产业园区为带动
      - id: parks-planned
        name: 谋划和正在建设的产业园区
        measure: level
        target: 30多个
      - id: key-projects-2024
        name: 全年谋划重点推进项目
        target: 21个
  - id: health-2024
    name: 持续抓好民生福祉
    period: 2024
    owner: 区卫生健康委
    indicators:
      - id: hospitals-in-use
        name: 医院及卫生服务中心建成投用
        target: 3所
        commitment: 确保
        source: 加快中原区人民医院等5所医院及卫生服务中心建设，确保3所建成投用
"""

RESULT_LINES = """\
        measure: result
        actual: 突破60亿元
        verdict: 超额完成
"""


@pytest.fixture
def report(workdir: Path, kpi: Invoke) -> Invoke:
    (workdir / "targets.yaml").write_text(REPORT_KINDS, encoding="utf-8")
    return kpi


def edit(workdir: Path, old: str, new: str) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def status(kpi: Invoke, *args: str) -> dict:
    result = kpi("status", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows(data: dict) -> dict[str, dict]:
    return {i["id"]: i for area in data["areas"] for i in area["indicators"]}


def line_of(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if name in line)


def entries(workdir: Path, indicator_id: str) -> list[tuple[float, str | None]]:
    with sqlite3.connect(workdir / "kpi.db") as conn:
        found = conn.execute(
            "select value, qualifier from active_entries where indicator_id = ? order by id",
            [indicator_id],
        )
        return [tuple(row) for row in found]  # type: ignore[misc]


# -- results: a closed year's figure with the report's verdict -----------------------------


def test_a_result_shows_its_figure_and_verdict_and_measures_nothing(report: Invoke) -> None:
    row = rows(status(report, "--period", "2023", "--as-of", "2024-03-01"))["tech-contract-value"]
    assert (row["state"], row["verdict"], row["light"]) == ("result", "超额完成", "green")
    assert (row["actual"], row["actual_approx"], row["target"]) == (60, "突破", None)
    for unscored in ("completion", "pace", "gap_pp", "forecast", "needed_per_cycle"):
        assert row[unscored] is None, unscored
    assert not row["will_miss"]
    assert row["display"]["actual"] == "突破60亿元"
    assert row["display"]["state"] == "超额完成"
    cells = line_of(report("status", "--period", "2023").stdout, "技术合同成交额").split()
    assert cells[1:3] == ["—", "突破60亿元"]  # no target; the figure as the report words it
    assert "超额完成" in cells and "已完成" not in cells


def test_a_result_may_have_no_figure_and_its_verdict_defaults_to_unstated(
    report: Invoke,
) -> None:
    found = rows(status(report, "--period", "2023"))
    jobs, investment = found["urban-jobs"], found["three-batch-investment"]
    assert (jobs["actual"], jobs["verdict"], jobs["display"]["actual"]) == (None, "超额完成", "—")
    assert (investment["actual"], investment["verdict"]) == (59.2, "未说明")
    assert investment["light"] == "grey"
    assert "⚪ 未说明" in report("status", "--period", "2023", "--format", "markdown").stdout


def test_results_are_left_out_of_the_area_roll_up(report: Invoke) -> None:
    data = status(report, "--period", "2023")
    # only 全区累计入园企业 is scored, and done; counted as 0, the results would make it 25%
    assert data["areas"][0]["completion"] == 1
    assert data["counts"]["result"] == 3 and data["counts"]["done"] == 1


def test_a_result_is_corrected_only_when_the_correction_is_confirmed(
    report: Invoke, workdir: Path
) -> None:
    """59.8亿元 over the report's 59.2亿元: a slip of the id, or the bureau's revision."""
    report("init")
    before = dump(workdir)
    asked = report("log", "three-batch-investment", "59.8亿元", "--date", "2023-12-31")
    assert asked.exit_code == 2 and "结果「59.2亿元」" in asked.stderr
    assert dump(workdir) == before
    logged = report("log", "three-batch-investment", "59.8亿元", "--date", "2023-12-31", "--force")
    assert logged.exit_code == 0, logged.output
    row = rows(status(report, "--period", "2023"))["three-batch-investment"]
    assert (row["actual"], row["state"], row["completion"]) == (59.8, "result", None)


@pytest.mark.parametrize("measure", ["result", "context"])
def test_a_target_on_a_figure_without_one_is_refused(
    report: Invoke, workdir: Path, measure: str
) -> None:
    edit(
        workdir,
        "measure: result\n        actual: 59.2亿元",
        f"measure: {measure}\n        target: 60亿元",
    )
    result = report("validate")
    assert result.exit_code == 2
    assert f"measure: {measure} 的指标没有目标值" in result.stderr
    assert "three-batch-investment.target" in result.stderr


def test_a_verdict_is_one_of_three_words_and_only_on_a_result(
    report: Invoke, workdir: Path
) -> None:
    edit(
        workdir, "verdict: 超额完成\n        source: 技术", "verdict: 已完成\n        source: 技术"
    )
    edit(workdir, "target: 21个", "target: 21个\n        verdict: 完成")
    result = report("validate")
    assert result.exit_code == 2
    assert "「已完成」不是可选值，可选：超额完成 / 完成 / 未说明" in result.stderr
    assert "只有 measure: result 的指标才能有 verdict" in result.stderr


# -- context: a present-day figure shown beside its area --------------------------------------


def test_a_context_figure_is_shown_as_background_and_never_scored(report: Invoke) -> None:
    data = status(report, "--as-of", "2024-06-30")
    row = rows(data)["industrial-parks"]
    assert (row["state"], row["light"], row["verdict"]) == ("context", "grey", None)
    assert (row["actual"], row["actual_approx"], row["display"]["actual"]) == (30, "多", "30多个")
    assert row["completion"] is None and row["pace"] is None
    cells = line_of(report("status", "--as-of", "2024-06-30").stdout, "当前谋划").split()
    assert "30多个" in cells and "背景" in cells
    # the area's completion is its one scored indicator's: the figure is not counted as 0
    report("log", "parks-planned", "31个", "--date", "2024-06-30")
    report("log", "key-projects-2024", "21个", "--date", "2024-06-30")
    assert status(report, "--as-of", "2024-06-30")["areas"][0]["completion"] == 1


def test_a_context_figure_is_updated_only_when_confirmed(report: Invoke) -> None:
    asked = report("log", "industrial-parks", "32个", "--date", "2024-06-30")
    assert asked.exit_code == 2 and "现状「30多个」" in asked.stderr
    assert rows(status(report, "--as-of", "2024-06-30"))["industrial-parks"]["actual"] == 30
    forced = report("log", "industrial-parks", "32个", "--date", "2024-06-30", "--force")
    assert forced.exit_code == 0, forced.output
    assert rows(status(report, "--as-of", "2024-06-30"))["industrial-parks"]["actual"] == 32


def test_results_and_context_are_never_due_nor_failed_on(report: Invoke) -> None:
    for indicator_id, value in [
        ("parks-planned", "31个"),
        ("key-projects-2024", "21个"),
        ("hospitals-in-use", "3所"),
    ]:
        assert report("log", indicator_id, value, "--date", "2024-06-30").exit_code == 0
    # the context figure was last reported on 2024-01-01: were it scored, it would be overdue
    due = report("due", "--as-of", "2024-07-01", "--fail-on", "due")
    assert due.exit_code == 0, due.output
    assert "当前谋划" not in due.stdout
    for period in ("2023", "2024", "all"):
        args = ("--period", period, "--as-of", "2024-07-01")
        failing = report("status", *args, "--fail-on", "behind", "--fail-on", "due")
        assert failing.exit_code == 0, failing.output


# -- commitment: the report's 确保 / 力争 / 争取 before the target ---------------------------


def test_the_commitment_is_shown_before_the_target(report: Invoke, workdir: Path) -> None:
    assert "确保 3所" in line_of(report("status").stdout, "医院及卫生服务中心建成投用")
    assert "确保 3所" in line_of(report("list").stdout, "医院及卫生服务中心建成投用")
    row = rows(status(report))["hospitals-in-use"]
    assert (row["commitment"], row["target"], row["display"]["target"]) == ("确保", 3, "确保 3所")
    assert rows(status(report))["key-projects-2024"]["commitment"] is None
    listed = {
        i["id"]: i for i in json.loads(report("list", "--format", "json").stdout)["indicators"]
    }
    assert listed["hospitals-in-use"]["commitment"] == "确保"
    assert report("init").exit_code == 0  # reports never write: init records the file
    with sqlite3.connect(workdir / "kpi.db") as conn:
        stored = conn.execute("select commitment from indicators where id = 'hospitals-in-use'")
        assert stored.fetchone() == ("确保",)


def test_a_commitment_is_one_of_the_reports_words(report: Invoke, workdir: Path) -> None:
    edit(workdir, "commitment: 确保", "commitment: 保证")
    result = report("validate")
    assert result.exit_code == 2
    assert "「保证」不是可选值，可选：确保 / 力争 / 争取" in result.stderr


# -- qualifiers on actuals -------------------------------------------------------------------


def test_a_seeded_actual_keeps_its_qualifier_and_meets_a_target_worded_alike(
    report: Invoke, workdir: Path
) -> None:
    row = rows(status(report, "--period", "2023"))["park-enterprises"]
    assert (row["display"]["actual"], row["state"]) == ("750余家", "done")
    assert report("init").exit_code == 0
    assert entries(workdir, "park-enterprises") == [(750.0, "余")]


def test_a_seeded_actual_without_the_targets_qualifier_falls_short(
    report: Invoke, workdir: Path
) -> None:
    edit(workdir, "actual: 750余家", "actual: 750家")
    row = rows(status(report, "--period", "2023", "--as-of", "2024-03-01"))["park-enterprises"]
    assert (row["display"]["actual"], row["completion"], row["state"]) == ("750家", 1, "missed")


def test_kpi_log_keeps_the_qualifier_it_was_given(report: Invoke, workdir: Path) -> None:
    edit(workdir, RESULT_LINES, "        target: 突破60亿元\n")
    assert report("log", "tech-contract-value", "60亿元", "--date", "2023-12-31").exit_code == 0
    row = rows(status(report, "--period", "2023"))["tech-contract-value"]
    assert (row["display"]["actual"], row["state"]) == ("60亿元", "missed")  # 60 is not above 60
    logged = report("log", "tech-contract-value", "突破60亿元", "--date", "2023-12-31")
    assert logged.exit_code == 0, logged.output
    assert "突破60亿元" in logged.output
    row = rows(status(report, "--period", "2023"))["tech-contract-value"]
    assert (row["display"]["actual"], row["actual_approx"], row["state"]) == (
        "突破60亿元",
        "突破",
        "done",
    )
    assert entries(workdir, "tech-contract-value") == [(60.0, None), (60.0, "突破")]


@pytest.mark.parametrize(
    ("value", "done"),
    [
        ("30个", False),  # exactly the number: a target of 30多个 asks for more
        ("约30个", False),  # 约 means the number itself
        ("30多个", True),  # the figure itself says more than 30
        ("突破30个", True),
        ("30个以上", False),  # 以上 includes its number: 30 or more, not more than 30
        ("31个", True),
        ("29多个", False),
    ],
)
def test_a_target_of_30_odd_is_met_only_above_30(report: Invoke, value: str, done: bool) -> None:
    assert report("log", "parks-planned", value, "--date", "2024-06-30").exit_code == 0
    row = rows(status(report, "--as-of", "2024-06-30"))["parks-planned"]
    assert (row["state"] == "done") is done
    assert row["will_miss"] is not done


def test_history_summary_and_export_show_the_qualifier(report: Invoke, workdir: Path) -> None:
    report("log", "parks-planned", "30多个", "--date", "2024-06-30")
    assert "30多个" in line_of(report("history", "parks-planned").stdout, "2024-06-30")
    history = json.loads(report("history", "parks-planned", "--format", "json").stdout)
    assert [(e["value"], e["qualifier"]) for e in history["entries"]] == [(30, "多")]
    summary = report("summary", "--since", "2024-06-24", "--until", "2024-06-30").stdout
    assert "2024-06-30   谋划和正在建设的产业园区   30多个" in summary  # the entries logged
    assert "—   30多个" in summary  # the movement: no figure before, 30多个 after
    assert report("export", "记录.csv").exit_code == 0
    exported = (workdir / "记录.csv").read_text(encoding="utf-8-sig")
    assert ",30多个," in exported and ",突破60亿元," in exported and ",750余家," in exported
    assert report("export", "完成情况.csv", "--what", "status", "--period", "all").exit_code == 0
    by_id = {r.split(",")[1]: r for r in (workdir / "完成情况.csv").read_text("utf-8-sig").split()}
    assert by_id["hospitals-in-use"].endswith(",确保,")
    assert by_id["tech-contract-value"].endswith(",,突破")  # no commitment; 突破60亿元


def test_an_export_read_back_keeps_the_qualifiers(report: Invoke, workdir: Path) -> None:
    report("log", "parks-planned", "30多个", "--date", "2024-06-30")
    report("export", "记录.csv")
    (workdir / "kpi.db").unlink()
    for suffix in ("-wal", "-shm"):
        (workdir / f"kpi.db{suffix}").unlink(missing_ok=True)
    imported = report("import", "记录.csv")  # the report's own figures are known by their keys
    assert imported.exit_code == 0, imported.output
    assert entries(workdir, "parks-planned") == [(30.0, "多")]
    assert entries(workdir, "park-enterprises") == [(750.0, "余")]


def test_a_sheet_keeps_the_qualifier_a_cell_states(report: Invoke, workdir: Path) -> None:
    sheet = workdir / "6月.csv"
    sheet.write_text("指标编号,数值,日期\nparks-planned,突破30个,2024-06-30\n", encoding="utf-8")
    assert report("import", str(sheet)).exit_code == 0
    assert entries(workdir, "parks-planned") == [(30.0, "突破")]
    assert rows(status(report, "--as-of", "2024-06-30"))["parks-planned"]["state"] == "done"


def test_a_database_from_before_qualifiers_reads_its_entries_as_plain_figures(
    kpi: Invoke, workdir: Path
) -> None:
    """The committed v1 database gains the qualifier column: old entries have none."""
    shutil.copy(DATA / "v1.db", workdir / "kpi.db")
    with sqlite3.connect(DATA / "v1.db") as conn:
        before = conn.execute("select count(*) from entries").fetchone()[0]
    assert kpi("status", "--period", "all").exit_code == 0
    assert kpi("log", "fitness-paths", "8多条", "--date", "2024-06-30").exit_code == 0
    with sqlite3.connect(workdir / "kpi.db") as conn:
        old = conn.execute(
            "select count(*) from entries where id <= ? and qualifier is null", [before]
        )
        assert old.fetchone()[0] == before
    assert entries(workdir, "fitness-paths")[-1] == (8.0, "多")
