"""kpi extract REPORT --merge targets.yaml, as a user reads it: every item of the report
compared (tasks too), a changed figure shown once under 目标不同, and a declaration in words
that matches nothing listed apart rather than claimed missing from the report."""

from __future__ import annotations

from pathlib import Path

import yaml

from .conftest import REPO_TARGETS, Invoke

MISSING = "targets.yaml 中有、报告中没有"
NOT_DECLARED = "报告中有、targets.yaml 中没有"
DIFFERS = "目标不同"
NOT_JUDGED = "未能与报告逐条对应（不判定为报告中没有）"

PLAN = """二、2024年工作安排
新建篮球场16个，更新健身路径10条。
争取老旧小区改造12个。
实行挂图作战，确保项目建设扎实推进。
争取更多国家级赛会活动落地郑州。
"""


def summary(stdout: str) -> str:
    return stdout.splitlines()[0]


def draft_of(kpi: Invoke, report: Path, workdir: Path) -> Path:
    result = kpi("extract", str(report), "--year", "2024")
    assert result.exit_code == 0, result.output
    path = workdir / "draft.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_the_seed_against_the_repo_claims_no_task_of_the_report_missing(
    kpi: Invoke, workdir: Path, seed_text: str
) -> None:
    report = workdir / "report.txt"
    report.write_text(seed_text, encoding="utf-8")
    result = kpi("extract", str(report), "--merge", str(workdir / "targets.yaml"))
    assert result.exit_code == 0, result.output
    assert "targets.yaml 另有 0 项报告中没有" in summary(result.stdout)
    assert MISSING + "\n" not in result.stdout  # the table of what the report lacks is empty
    declared = yaml.safe_load(REPO_TARGETS.read_text(encoding="utf-8"))
    tasks = [
        i["id"] for a in declared["areas"] for i in a["indicators"] if i.get("measure") == "task"
    ]
    # the tasks the report says in the file's words, or in a clause of its sentence
    for task in (
        "two-banks-one-list",  # 完善招商引资"两库一单": the report's "两库一单", by name
        "industry-layout",  # 通过"开发区+产业园"优化产业布局 ⊃ 优化产业布局
        "battle-map",  # 挂图作战，确保项目建设扎实推进: two clauses of line 78
        "major-events",  # 争取更多…: the same words, 争取 now its commitment
        "district-peoples-hospital",  # drafted as the project 中原区人民医院 加快建设
        "elderly-care-system",
        "community-services",
        "ai-coverage",
    ):
        assert task in tasks and task not in result.stdout
    # what the extractor does not draft is listed apart, not as missing from the report
    shown = [task for task in tasks if task in result.stdout]
    assert len(shown) <= 5
    if shown:
        assert NOT_JUDGED in result.stdout
    counts = summary(result.stdout)
    assert f"{len(shown)} 项文字任务未能对应、未判定" in counts


def test_a_draft_merged_against_itself_shows_nothing_missing(
    kpi: Invoke, workdir: Path, seed_text: str
) -> None:
    report = workdir / "report.txt"
    report.write_text(seed_text, encoding="utf-8")
    draft = draft_of(kpi, report, workdir)
    drafted = sum(len(a["indicators"]) for a in yaml.safe_load(draft.read_text())["areas"])
    result = kpi("extract", str(report), "--merge", str(draft))
    assert result.exit_code == 0, result.output
    assert summary(result.stdout) == (
        f"报告中找到 {drafted} 项（数字、项目、荣誉、任务）：{drafted} 项已声明，0 项目标不同，"
        "0 项未声明；targets.yaml 另有 0 项报告中没有，0 项文字任务未能对应、未判定。"
    )
    assert result.stdout.count("\n") == 1  # no table at all


def test_a_small_draft_merged_against_itself_matches_every_task(kpi: Invoke, workdir: Path) -> None:
    report = workdir / "plan.txt"
    report.write_text(PLAN, encoding="utf-8")
    draft = draft_of(kpi, report, workdir)
    result = kpi("extract", str(report), "--merge", str(draft))
    assert "0 项未声明；targets.yaml 另有 0 项报告中没有，0 项文字任务" in summary(result.stdout)
    assert "项目建设扎实推进" not in result.stdout


def test_a_changed_figure_is_one_row_under_target_differs(kpi: Invoke, workdir: Path) -> None:
    report = workdir / "plan.txt"
    report.write_text(PLAN, encoding="utf-8")
    draft = draft_of(kpi, report, workdir)
    text = draft.read_text(encoding="utf-8")
    assert text.count("target: 16个") == 1
    draft.write_text(text.replace("target: 16个", "target: 15个"), encoding="utf-8")
    result = kpi("extract", str(report), "--merge", str(draft))
    assert result.exit_code == 0, result.output
    assert "1 项目标不同，0 项未声明；targets.yaml 另有 0 项报告中没有" in summary(result.stdout)
    assert DIFFERS in result.stdout
    assert NOT_DECLARED not in result.stdout and MISSING not in result.stdout
    rows = [line for line in result.stdout.splitlines() if "篮球场" in line]
    assert len(rows) == 1  # one row, not an addition and a removal
    assert "16个" in rows[0] and "15个" in rows[0]
    assert rows[0].index("16个") < rows[0].index("15个")  # the report's figure, then the file's


def test_a_changed_result_in_the_repo_shows_both_figures(
    kpi: Invoke, workdir: Path, seed_text: str
) -> None:
    path = workdir / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("actual: 195家") == 1
    path.write_text(text.replace("actual: 195家", "actual: 190家"), encoding="utf-8")
    report = workdir / "report.txt"
    report.write_text(seed_text, encoding="utf-8")
    result = kpi("extract", str(report), "--merge", str(path))
    assert "1 项目标不同" in summary(result.stdout)
    row = next(line for line in result.stdout.splitlines() if "new-tech-smes" in line)
    assert "195家" in row and "190家" in row
    assert MISSING + "\n" not in result.stdout


def test_every_word_of_commitment_leaves_the_name(kpi: Invoke, workdir: Path) -> None:
    report = workdir / "plan.txt"
    report.write_text(PLAN, encoding="utf-8")
    drafted = yaml.safe_load(draft_of(kpi, report, workdir).read_text(encoding="utf-8"))
    items = {i["name"]: i for a in drafted["areas"] for i in a["indicators"]}
    assert items["老旧小区改造"]["commitment"] == "争取"
    assert items["项目建设扎实推进"]["commitment"] == "确保"
    assert items["更多国家级赛会活动落地郑州"]["commitment"] == "争取"
    assert not any(name.startswith(("争取", "力争", "确保")) for name in items)
