"""The report's commitments in words (issue 9, the words side).

Tasks tracked by dated notes and a done date (完善养老服务体系), honours (获评"金星奖"), a count
made of named projects (项目建成投用 2个: 河南省冶金产业智能创新中心, 腾讯电竞), a milestone
that starts at a stage already true (新力电力新能源产业园 [谋划, 开工]), owners the file assumes
and the report's line numbers.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from kpitrack.model import Indicator, Measure, Period, Stage
from kpitrack.progress import completion_ratio
from kpitrack.render import words

from .conftest import Invoke, declare

TASKS = """\
  - id: livelihood-tasks
    name: 持续抓好保障和改善民生（任务）
    period: 2024
    owner: 区民政局
    indicators:
      - id: elderly-care-network
        name: 健全养老服务网络
        measure: task
        source: 完善养老服务体系，构建多种社会力量广泛参与的普惠托育发展体系
        source_line: 100
  - id: parks-honours-2023
    name: 聚焦园区建设（任务）
    period: 2023
    owner: 现代服务业开发区管委会
    indicators:
      - id: park-services-2023
        name: 完善园区配套服务
        measure: task
        actual: 完成
"""

NOTE = "已出台养老服务设施布局规划，正在推进社区嵌入式养老服务机构建设"


def status(kpi: Invoke, *args: str) -> dict[str, Any]:
    result = kpi("status", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def row(report: dict[str, Any], indicator_id: str) -> dict[str, Any]:
    found = [i for a in report["areas"] for i in a["indicators"] if i["id"] == indicator_id]
    assert len(found) == 1
    return found[0]  # type: ignore[no-any-return]


def listing(kpi: Invoke, *args: str) -> dict[str, dict[str, Any]]:
    result = kpi("list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {i["id"]: i for i in json.loads(result.stdout)["indicators"]}


def edit(workdir: Path, old: str, new: str) -> None:
    """Change the working copy of the report's targets.yaml (never the repository's)."""
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def refused(kpi: Invoke) -> str:
    result = kpi("list")
    assert result.exit_code == 2, result.output
    return result.stderr


@pytest.fixture
def tasks(kpi: Invoke, workdir: Path) -> Invoke:
    declare(workdir, TASKS)
    return kpi


# -- tasks -----------------------------------------------------------------------------------


def test_a_task_without_a_note_has_no_data_and_its_target_reads_task(tasks: Invoke) -> None:
    task = row(status(tasks, "--as-of", "2024-03-01"), "elderly-care-network")
    assert (task["measure"], task["state"], task["latest_note"]) == ("task", "no_data", None)
    assert task["display"]["target"] == "任务"
    assert task["completion"] is None and task["gap_pp"] is None


def test_any_text_but_done_is_a_progress_note_and_the_task_is_in_progress(tasks: Invoke) -> None:
    result = tasks("log", "elderly-care-network", NOTE, "--date", "2024-03-15")
    assert result.exit_code == 0, result.output
    assert f"进展：「{NOTE}」" in result.stderr
    task = row(status(tasks, "--as-of", "2024-04-01"), "elderly-care-network")
    assert (task["state"], task["latest_note"], task["actual"]) == ("in_progress", NOTE, None)
    assert task["last_update"] == "2024-03-15" and task["entries"] == 1


def test_a_task_is_never_behind_however_late_in_the_year(tasks: Invoke) -> None:
    tasks("log", "elderly-care-network", "已启动规划编制", "--date", "2024-01-10")
    task = row(status(tasks, "--as-of", "2024-12-20"), "elderly-care-network")
    assert task["state"] == "in_progress" and task["will_miss"] is False


def test_done_marks_the_task_done_on_its_date_and_keeps_the_latest_note(tasks: Invoke) -> None:
    tasks("log", "elderly-care-network", NOTE, "--date", "2024-03-15")
    result = tasks("log", "elderly-care-network", "完成", "--date", "2024-06-30")
    assert result.exit_code == 0, result.output
    assert "于 2024-06-30 完成" in result.stderr
    before = row(status(tasks, "--as-of", "2024-06-29"), "elderly-care-network")
    after = row(status(tasks, "--as-of", "2024-07-01"), "elderly-care-network")
    assert before["state"] == "in_progress"
    assert (after["state"], after["stage"], after["completion"]) == ("done", "完成", 1)
    assert after["latest_note"] == NOTE


def test_a_task_not_done_when_its_period_ends_is_missed(tasks: Invoke) -> None:
    tasks("log", "elderly-care-network", NOTE, "--date", "2024-03-15")
    task = row(status(tasks, "--as-of", "2025-01-10", "--period", "2024"), "elderly-care-network")
    assert (task["state"], task["will_miss"]) == ("missed", True)


def test_a_task_the_report_says_was_done_is_done_without_logging(tasks: Invoke) -> None:
    task = row(status(tasks, "--period", "2023"), "park-services-2023")
    assert (task["state"], task["stage"]) == ("done", "完成")


def test_status_shows_the_latest_note_shortened_to_fit_and_task_as_target(tasks: Invoke) -> None:
    tasks("log", "elderly-care-network", NOTE, "--date", "2024-03-15")
    table = tasks("status", "--as-of", "2024-04-01").stdout
    line = next(line for line in table.splitlines() if "健全养老服务网络" in line)
    assert "任务" in line and "已出台养老服务设施布局…" in line and NOTE not in line
    assert "进行中" in line and "滞后" not in line
    shown = row(status(tasks, "--as-of", "2024-04-01"), "elderly-care-network")["display"]
    assert shown["actual"] == "已出台养老服务设施布局…"
    csv = tasks("status", "--as-of", "2024-04-01", "--format", "csv").stdout
    assert NOTE in csv  # the sheet keeps the whole note


def test_a_short_note_is_shown_whole(tasks: Invoke) -> None:
    tasks("log", "elderly-care-network", "已出台布局规划", "--date", "2024-03-15")
    table = tasks("status", "--as-of", "2024-04-01", "--format", "markdown").stdout
    assert "| 健全养老服务网络 | 任务 | 已出台布局规划 |" in table


def test_a_task_is_due_each_cycle_until_a_note_comes_in(tasks: Invoke) -> None:
    def due_ids(as_of: str) -> set[str]:
        result = tasks("due", "--as-of", as_of, "--format", "json")
        assert result.exit_code == 0, result.output
        owners = json.loads(result.stdout)["owners"]
        return {i["id"] for owner in owners for i in owner["indicators"]}

    assert "elderly-care-network" in due_ids("2024-02-10")
    tasks("log", "elderly-care-network", "已启动规划编制", "--date", "2024-02-05")
    assert "elderly-care-network" not in due_ids("2024-02-10")
    assert "elderly-care-network" in due_ids("2024-04-10")  # March passed without a note
    tasks("log", "elderly-care-network", "完成", "--date", "2024-04-05")
    assert "elderly-care-network" not in due_ids("2024-09-10")  # done: nothing left to report


def test_the_weekly_summary_names_a_task_started_and_done(tasks: Invoke) -> None:
    tasks("log", "elderly-care-network", NOTE, "--date", "2024-07-02")
    tasks("log", "elderly-care-network", "完成", "--date", "2024-07-10")

    def kinds(week: str) -> list[tuple[str, str]]:
        result = tasks("summary", "--week", week, "--format", "json")
        assert result.exit_code == 0, result.output
        found = json.loads(result.stdout)["transitions"]
        return [(t["id"], t["kind"]) for t in found if t["id"] == "elderly-care-network"]

    assert kinds("2024-W27") == [("elderly-care-network", "started")]
    assert kinds("2024-W28") == [("elderly-care-network", "done")]


def test_undo_of_done_reopens_the_task(tasks: Invoke, workdir: Path) -> None:
    tasks("log", "elderly-care-network", NOTE, "--date", "2024-03-15")
    tasks("log", "elderly-care-network", "完成", "--date", "2024-06-30")
    result = tasks("undo", "--yes")
    assert result.exit_code == 0, result.output
    task = row(status(tasks, "--as-of", "2024-07-01"), "elderly-care-network")
    assert (task["state"], task["latest_note"]) == ("in_progress", NOTE)


def test_amending_a_note_replaces_its_text(tasks: Invoke) -> None:
    tasks("log", "elderly-care-network", NOTE, "--date", "2024-03-15")
    history = tasks("history", "elderly-care-network", "--format", "json")
    entry = json.loads(history.stdout)["entries"][0]["entry"]
    result = tasks("amend", str(entry), "已建成社区养老服务中心5个")
    assert result.exit_code == 0, result.output
    task = row(status(tasks, "--as-of", "2024-04-01"), "elderly-care-network")
    assert task["latest_note"] == "已建成社区养老服务中心5个" and task["entries"] == 1
    assert task["last_update"] == "2024-03-15"  # the note keeps its date


def test_amending_a_note_into_done_marks_the_task_done(tasks: Invoke) -> None:
    tasks("log", "elderly-care-network", NOTE, "--date", "2024-03-15")
    history = tasks("history", "elderly-care-network", "--format", "json")
    entry = json.loads(history.stdout)["entries"][0]["entry"]
    assert tasks("amend", str(entry), "完成").exit_code == 0
    task = row(status(tasks, "--as-of", "2024-04-01"), "elderly-care-network")
    assert task["state"] == "done"


def test_a_task_has_no_figure_to_reach(kpi: Invoke, workdir: Path) -> None:
    declare(workdir, TASKS.replace("        measure: task\n", "        measure: task\n"
                                   "        target: 1个\n", 1))  # fmt: skip
    assert "没有数量目标" in refused(kpi)


def test_a_task_can_only_be_seeded_done(kpi: Invoke, workdir: Path) -> None:
    declare(workdir, TASKS.replace("actual: 完成", "actual: 进行中"))
    assert "任务的 actual 只能是「完成」" in refused(kpi)


# -- honours ---------------------------------------------------------------------------------


def test_an_honour_is_a_milestone_with_its_own_wording(kpi: Invoke) -> None:
    """The report's own honour: 现代服务业开发区获评"金星奖" (2023, said to have happened)."""
    award = listing(kpi, "--period", "2023")["golden-star-award"]
    assert (award["measure"], award["stages"], award["target_stage"]) == (
        "honour",
        ["获评"],
        "获评",
    )
    table = kpi("list", "--period", "2023").stdout
    line = next(line for line in table.splitlines() if "金星奖" in line)
    assert "荣誉" in line
    shown = row(status(kpi, "--period", "2023"), "golden-star-award")
    assert (shown["measure"], shown["state"], shown["stage"]) == ("honour", "done", "获评")


def test_an_honour_may_name_its_stages_and_is_logged_like_a_milestone(
    kpi: Invoke, workdir: Path
) -> None:
    declare(workdir, """\
  - id: honours-2024
    name: 荣誉
    period: 2024
    indicators:
      - id: innovation-top-ten
        name: 河南创新引领十强开发区
        measure: honour
        stages: [申报, 入选十强]
""")  # fmt: skip
    assert kpi("log", "innovation-top-ten", "申报", "--date", "2024-03-01").exit_code == 0
    shown = row(status(kpi, "--as-of", "2024-04-01"), "innovation-top-ten")
    assert (shown["stage"], shown["completion"], shown["state"]) == ("申报", 0.5, "in_progress")


# -- groups of named milestones --------------------------------------------------------------

MEMBERS = "members: [metallurgy-innovation-center, tencent-esports]"


@pytest.fixture
def group(kpi: Invoke, workdir: Path) -> Invoke:
    """The report's 项目建成投用 2个, both named: the repo's targets.yaml lists them as members."""
    assert f"        target: 2个\n        {MEMBERS}\n" in (workdir / "targets.yaml").read_text(
        "utf-8"
    )
    return kpi


def test_a_count_fully_named_needs_no_figure_logged(group: Invoke) -> None:
    group("log", "tencent-esports", "投用", "--date", "2024-08-01")
    group("log", "metallurgy-innovation-center", "投用", "--date", "2024-10-01")
    august = row(status(group, "--as-of", "2024-08-31"), "projects-in-use-2024")
    october = row(status(group, "--as-of", "2024-10-31"), "projects-in-use-2024")
    assert (august["actual"], august["completion"]) == (1, 0.5)
    assert (october["actual"], october["state"]) == (2, "done")


def test_a_logged_figure_counts_but_never_below_the_members_done(group: Invoke) -> None:
    group("log", "tencent-esports", "投用", "--date", "2024-08-01")
    group("log", "metallurgy-innovation-center", "投用", "--date", "2024-08-02")
    group("log", "projects-in-use-2024", "1", "--date", "2024-08-03")
    assert row(status(group, "--as-of", "2024-08-31"), "projects-in-use-2024")["actual"] == 2


def test_a_count_partly_named_takes_the_logged_total(kpi: Invoke, workdir: Path) -> None:
    edit(workdir, f"        target: 2个\n        {MEMBERS}\n",
         f"        target: 6个\n        {MEMBERS}\n")  # fmt: skip
    kpi("log", "tencent-esports", "投用", "--date", "2024-08-01")
    assert row(status(kpi, "--as-of", "2024-08-31"), "projects-in-use-2024")["actual"] == 1
    kpi("log", "projects-in-use-2024", "4", "--date", "2024-09-01")
    assert row(status(kpi, "--as-of", "2024-09-30"), "projects-in-use-2024")["actual"] == 4


def test_members_are_shown_right_below_their_group_indented(group: Invoke) -> None:
    lines = group("status", "--as-of", "2024-08-31").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "  项目建成投用 " in line)
    assert "    河南省冶金产业智能创新中心建成投用" in lines[at + 1]
    assert "    腾讯电竞项目建成投用" in lines[at + 2]
    assert not lines[at].lstrip(" ").startswith(" ") and lines[at].startswith("  项目")


def test_json_names_a_groups_members_and_each_members_group(group: Invoke) -> None:
    report = status(group, "--as-of", "2024-08-31")
    assert row(report, "projects-in-use-2024")["members"] == [
        "metallurgy-innovation-center", "tencent-esports",
    ]  # fmt: skip
    assert row(report, "tencent-esports")["member_of"] == "projects-in-use-2024"
    assert row(report, "fitness-paths")["member_of"] is None
    listed = listing(group)
    assert listed["tencent-esports"]["member_of"] == "projects-in-use-2024"
    assert listed["projects-in-use-2024"]["members"][1] == "tencent-esports"


def test_the_area_completion_counts_a_member_once_inside_its_group(
    kpi: Invoke, workdir: Path
) -> None:
    declare(workdir, """\
  - id: demo-projects
    name: 项目建设
    period: 2025
    indicators:
      - id: demo-in-use
        name: 项目建成投用
        target: 2个
        members: [demo-metallurgy, demo-esports]
      - id: demo-metallurgy
        name: 河南省冶金产业智能创新中心建成投用
        measure: milestone
        stages: [在建, 建成, 投用]
      - id: demo-esports
        name: 腾讯电竞项目建成投用
        measure: milestone
        stages: [在建, 建成, 投用]
      - id: demo-signed
        name: 签约项目落地
        target: 10个
""")  # fmt: skip
    kpi("log", "demo-metallurgy", "投用", "--date", "2025-05-01")
    kpi("log", "demo-esports", "投用", "--date", "2025-05-02")
    report = status(kpi, "--as-of", "2025-05-31", "--period", "2025")
    area = next(a for a in report["areas"] if a["id"] == "demo-projects")
    assert area["completion"] == 0.5  # the group done, 签约项目落地 nothing: not (1+1+1+0)/4


@pytest.mark.parametrize(
    ("members", "said"),
    [
        ("[metallurgy-innovation-center, tencent-esport]",
         "「projects-in-use-2024」的成员「tencent-esport」未在本文件中声明，请检查 id 拼写"
         "（是否应为「tencent-esports」？）"),
        ("[metallurgy-innovation-center, fitness-paths]",
         "「projects-in-use-2024」的成员「fitness-paths」是累计指标，成员只能是 milestone 或 honour"),
        ("[metallurgy-innovation-center, lianhu-campus]",
         "「projects-in-use-2024」（2024）的成员「lianhu-campus」属于 2023 年度"),
    ],
)  # fmt: skip
def test_a_member_that_cannot_be_counted_is_refused_when_the_file_is_read(
    kpi: Invoke, workdir: Path, members: str, said: str
) -> None:
    edit(workdir, f"        target: 2个\n        {MEMBERS}\n",
         f"        target: 2个\n        members: {members}\n")  # fmt: skip
    error = refused(kpi)
    assert said in error and error.count("\n") == 1
    assert "Traceback" not in error


def test_a_member_of_two_groups_is_refused(group: Invoke, workdir: Path) -> None:
    edit(workdir, "members: [wanda-info-hq]", "members: [wanda-info-hq, tencent-esports]")
    error = refused(group)
    assert "「tencent-esports」已是「" in error and "一个项目只计一次" in error


def test_a_count_naming_more_members_than_it_counts_is_refused(kpi: Invoke, workdir: Path) -> None:
    """项目建成投用 1个 naming two projects: one of the figures is wrong, and nobody can say which."""
    edit(
        workdir,
        "        target: 2个\n        members: [metallurgy",
        "        target: 1个\n        members: [metallurgy",
    )
    error = refused(kpi)
    assert "目标是 1个，却列了 2 个成员" in error and "projects-in-use-2024.members" in error


def test_members_belong_to_a_count(kpi: Invoke, workdir: Path) -> None:
    edit(workdir, XINLI, XINLI + "        members: [tencent-esports]\n")
    assert "只有计数指标（measure: total 或 level）才能列 members" in refused(kpi)


XINLI = "        name: 新力电力新能源产业园开工建设\n        measure: milestone\n        stages: [谋划, 开工]\n"
START = "        start: 谋划\n"

# -- start stages ----------------------------------------------------------------------------


@pytest.fixture
def started(kpi: Invoke, workdir: Path) -> Invoke:
    """新力电力新能源产业园 [谋划, 开工]: the report plans it, so the repo starts it at 谋划."""
    assert XINLI + START in (workdir / "targets.yaml").read_text("utf-8")
    return kpi


def test_a_milestone_at_its_start_stage_is_at_zero(started: Invoke) -> None:
    started("log", "xinli-energy-park", "谋划", "--date", "2024-02-01")
    park = row(status(started, "--as-of", "2024-03-01"), "xinli-energy-park")
    assert (park["stage"], park["completion"], park["state"]) == ("谋划", 0, "in_progress")
    started("log", "xinli-energy-park", "开工", "--date", "2024-05-01")
    park = row(status(started, "--as-of", "2024-05-31"), "xinli-energy-park")
    assert (park["completion"], park["state"]) == (1, "done")


def test_completion_counts_the_stages_after_the_start(kpi: Invoke, workdir: Path) -> None:
    edit(workdir, XINLI + START + "        target: 开工\n",
         XINLI.replace("开工]", "开工, 主体完工, 建成]") + START + "        target: 建成\n")  # fmt: skip
    kpi("log", "xinli-energy-park", "开工", "--date", "2024-05-01")
    park = row(status(kpi, "--as-of", "2024-05-31"), "xinli-energy-park")
    assert park["completion"] == pytest.approx(1 / 3, abs=1e-4)


def test_a_start_at_or_after_the_target_is_refused(kpi: Invoke, workdir: Path) -> None:
    edit(workdir, XINLI + START, XINLI + "        start: 开工\n")
    assert "起始阶段「开工」应在目标阶段「开工」之前" in refused(kpi)


def test_a_start_stage_belongs_to_a_milestone(kpi: Invoke, workdir: Path) -> None:
    edit(workdir, "        target: 10条\n", "        target: 10条\n        start: 谋划\n")
    assert "只有 measure: milestone 或 honour 的指标才能有 start" in refused(kpi)


# -- assumed owners and source lines ---------------------------------------------------------

ASSUMED = """\
  - id: health-assumed
    name: 卫生健康（责任单位暂定）
    period: 2024
    owner: 区卫生健康委
    owner_assumed: true
    indicators:
      - id: community-clinics-2024
        name: 社区卫生服务中心建成
        target: 2个
        source: 加快中原区人民医院等5所医院及卫生服务中心建设
        source_line: 100
      - id: elderly-meal-points
        name: 社区老年助餐点
        target: 10个
        owner: 区民政局
      - id: elderly-day-care
        name: 社区日间照料中心
        target: 5个
        owner: 区民政局
        owner_assumed: false
"""


def test_an_assumed_owner_is_marked_in_the_list_and_its_json(kpi: Invoke, workdir: Path) -> None:
    declare(workdir, ASSUMED)
    table = kpi("list").stdout
    assert "区卫生健康委（暂定）" in table
    listed = listing(kpi)
    clinics, meals = listed["community-clinics-2024"], listed["elderly-meal-points"]
    assert (clinics["owner"], clinics["owner_assumed"]) == ("区卫生健康委", True)
    assert (meals["owner"], meals["owner_assumed"]) == ("区民政局", True)  # inherited like owner
    assert listed["elderly-day-care"]["owner_assumed"] is False  # says so itself
    assert clinics["source_line"] == 100 and meals["source_line"] is None


def test_an_assumption_can_be_a_default_and_english_says_assumed(
    kpi: Invoke, workdir: Path
) -> None:
    edit(workdir, "  owner_assumed: true\n", "  owner: 区政府办公室\n  owner_assumed: true\n")
    declare(workdir, ASSUMED.replace("    owner: 区卫生健康委\n    owner_assumed: true\n", ""))
    listed = listing(kpi)
    clinics = listed["community-clinics-2024"]
    assert (clinics["owner"], clinics["owner_assumed"]) == ("区政府办公室", True)  # inherited
    assert listed["elderly-meal-points"]["owner_assumed"] is True  # its own owner, still assumed
    assert listed["elderly-day-care"]["owner_assumed"] is False  # the level that says false
    assert listed["key-projects-2023"]["owner_assumed"] is True  # its area's owner, assumed
    table = kpi("list", env={"KPI_LANG": "en"}).stdout
    assert "区政府办公室 (assumed)" in table


def test_status_says_once_when_any_owner_shown_is_assumed(kpi: Invoke, workdir: Path) -> None:
    edit(workdir, "  owner_assumed: true\n", "  owner_assumed: false\n")  # only ASSUMED's area
    declare(workdir, ASSUMED)
    footer = "责任单位为本文件暂定（报告未列明）。"
    assert kpi("status", "--as-of", "2024-06-30").stdout.count(footer) == 1
    assert footer not in kpi("status", "--as-of", "2024-06-30", "--area", "livelihood-2024").stdout
    shown = row(status(kpi, "--as-of", "2024-06-30"), "community-clinics-2024")
    assert (shown["owner_assumed"], shown["source_line"]) == (True, 100)


@pytest.mark.parametrize("value", ["0", "第100行", "true"])
def test_a_source_line_is_a_line_number(kpi: Invoke, workdir: Path, value: str) -> None:
    declare(workdir, ASSUMED.replace("source_line: 100", f"source_line: {value}"))
    assert "source_line 应为报告中的行号" in refused(kpi)


def test_logging_a_member_says_the_groups_figure_with_its_members(group: Invoke) -> None:
    group("log", "tencent-esports", "投用", "--date", "2024-08-01")
    result = group("log", "projects-in-use-2024", "0", "--date", "2024-08-02")
    assert result.exit_code == 0, result.output
    assert "该日累计 1个，完成率 50.0%" in result.stderr  # 0 logged, one member in use


def test_a_departments_sheet_takes_a_tasks_note_in_words(tasks: Invoke, workdir: Path) -> None:
    from datetime import date

    from openpyxl import load_workbook

    tasks("log", "elderly-care-network", NOTE, "--date", "2024-03-15")
    made = tasks("template", "--owner", "区民政局", "-o", "民政.xlsx", "--as-of", "2024-08-01")
    assert made.exit_code == 0, made.output
    book = load_workbook(workdir / "民政.xlsx")
    sheet = book["填报"]
    at = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "elderly-care-network"
    )
    cells = [c.value for c in sheet[at]]
    assert cells[:5] == ["elderly-care-network", "健全养老服务网络", None, "任务", NOTE]
    sheet[f"G{at}"], sheet[f"H{at}"] = "已建成社区老年助餐点12个", date(2024, 7, 31)
    book.save(workdir / "民政.xlsx")
    result = tasks("import", "民政.xlsx")
    assert result.exit_code == 0, result.output
    task = row(status(tasks, "--as-of", "2024-08-01"), "elderly-care-network")
    assert (task["latest_note"], task["last_update"]) == ("已建成社区老年助餐点12个", "2024-07-31")


@given(
    names=st.lists(st.text("谋划开工建成投用达产", min_size=1, max_size=3), min_size=2, max_size=6,
                   unique=True),
    data=st.data(),
)  # fmt: skip
def test_start_stage_completion_counts_only_stages_passed_after_the_start(
    names: list[str], data: st.DataObject
) -> None:
    """Against a count of the stages themselves: those after the start reached, over those
    after the start up to the target. At or before the start: 0."""
    target = data.draw(st.integers(1, len(names) - 1))
    start = data.draw(st.integers(0, target - 1))
    reached = data.draw(st.integers(0, len(names) - 1))
    indicator = Indicator(
        id="xinli-energy-park", name="新力电力新能源产业园开工建设", area_id="a", unit="阶段",
        target=None, period=Period.year(2024), measure=Measure.MILESTONE,
        stages=tuple(Stage(n) for n in names), target_stage=names[target],
        start_stage=names[start],
    )  # fmt: skip
    to_reach = names[start + 1 : target + 1]
    passed = names[start + 1 : reached + 1]  # beyond the target, more than done: as without
    expected = Fraction(len(passed), len(to_reach))
    assert completion_ratio(indicator, None, names[reached]) == expected


@given(st.text(min_size=0, max_size=40), st.integers(2, 30))
def test_a_shortened_note_fits_its_cells_and_begins_as_the_note(text: str, cells: int) -> None:
    short = words.shortened(text, cells)
    assert cell_len(short) <= cells or short == text
    if short != text:
        assert short.endswith("…") and text.startswith(short[:-1])


def test_a_member_refused_for_its_own_problem_is_not_also_called_unknown(
    group: Invoke, workdir: Path
) -> None:
    edit(workdir, "        name: 腾讯电竞项目建成投用\n        measure: milestone\n        stages: [在建, 建成, 投用]\n        start: 在建\n",
         "        name: 腾讯电竞项目建成投用\n        measure: milestone\n        stages: [在建, 建成, 投用]\n        start: 投用\n")  # fmt: skip
    error = refused(group)
    assert "起始阶段「投用」应在目标阶段「投用」之前" in error and "未在本文件中声明" not in error


def test_the_new_kinds_fit_the_published_json_schemas(group: Invoke, workdir: Path) -> None:
    from .test_formats import validator

    declare(workdir, TASKS + ASSUMED)
    group("log", "elderly-care-network", NOTE, "--date", "2024-03-15")
    group("log", "tencent-esports", "投用", "--date", "2024-08-01")
    for name, args in [
        ("status", ["status", "--as-of", "2024-08-31", "--period", "all"]),
        ("list", ["list", "--period", "all"]),
        ("history", ["history", "elderly-care-network", "--as-of", "2024-08-31"]),
    ]:
        result = group(*args, "--format", "json")
        assert result.exit_code == 0, result.output
        errors = list(validator(name).iter_errors(json.loads(result.stdout)))
        assert not errors, (name, [e.message for e in errors[:3]])
