"""Narrow terminals (issue 14): each table leaves out columns in the order the README gives,
keeps 序时进度 and 差距 to the last, cuts names cleanly, never cuts a date, and, piped, ends
its lines at their last character."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from rich.cells import cell_len

from kpitrack.render.fit import cut

from .conftest import Invoke
from .test_process import kpi_executable

WIDTHS = [60, 80, 100, 120, 200]
VOID_NOTE = "重复录入：同一份报表在五月三十一日已经由另一位同事录入过一次，这里作废"
AMEND_NOTE = "填错了，按区体育局七月五日重新报送的数字更正，原报表第三行单位写错"

# What each table shows, widest first, and the order its columns go as the width shrinks
# (the README's paragraph on narrow terminals): the first of DROPPED goes first.
COMMANDS = {
    "status": ["status", "--as-of", "2024-07-10"],
    "history": ["history", "fitness-paths", "--all", "--as-of", "2024-07-10"],
    "summary": ["summary", "--week", "2024-W27"],
    "due": ["due", "--as-of", "2024-07-10"],
    "list": ["list"],
}
KEPT = {
    "status": ["指标", "完成率", "状态"],
    "history": ["记录", "日期", "填报值", "作废"],
    "due": ["责任单位", "指标", "逾期"],
    "list": ["编号", "指标"],
}
DROPPED = {
    "status": ["更新", "剩余需完成", "全期预计", "目标", "实际", "序时进度", "差距"],
    "history": ["记录时间", "填报人", "备注"],
    "due": ["编号", "填报周期", "最近填报", "应报日期"],
    "list": ["类型", "责任单位", "周期", "目标"],
}
ALL_STATUS = ["指标", "目标", "实际", "完成率", "序时进度", "差距", "状态", "全期预计"]
STATUS_AT = {
    60: ["指标", "完成率", "差距", "状态"],
    80: ["指标", "实际", "完成率", "序时进度", "差距", "状态"],
    100: ALL_STATUS[:7],
    120: ALL_STATUS,
    200: [*ALL_STATUS, "剩余需完成", "更新"],
}
A_CUT_DATE = re.compile(r"\d{4}-(?:\d{1,2}(?:-\d?)?)?…")


@pytest.fixture
def voided(landed: Invoke) -> Invoke:
    """The week's entries, one of them corrected and one voided with a long reason."""
    out = landed("history", "fitness-paths", "--format", "json").stdout
    first, second = (entry["entry"] for entry in json.loads(out)["entries"])
    assert landed("amend", str(first), "7", "--note", AMEND_NOTE, "--by", "测试员").exit_code == 0
    assert landed("undo", str(second), "--note", VOID_NOTE, "--by", "测试员").exit_code == 0
    return landed


def headings(out: str) -> list[list[str]]:
    """Each table's column headings: the line above each rule."""
    lines = out.splitlines()
    return [
        re.split(r"\s{2,}", lines[index - 1].strip())
        for index, line in enumerate(lines)
        if line.startswith("──")
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_table_fits_keeps_dates_whole_and_ends_lines_cleanly(
    voided: Invoke, name: str, width: int
) -> None:
    out = voided(*COMMANDS[name], env={"COLUMNS": str(width)}).stdout
    lines = out.splitlines()
    assert headings(out), out
    assert max(cell_len(line) for line in lines) <= width
    assert not [line for line in lines if line.endswith(" ")], "a piped line ends in spaces"
    assert not A_CUT_DATE.search(out), "a date was cut"
    assert " …" not in out and "，…" not in out, "a name cut before a space or a comma"


@pytest.mark.parametrize("name", sorted(DROPPED))
def test_columns_go_in_the_documented_order(voided: Invoke, name: str) -> None:
    gone_before = 0
    for width in sorted(WIDTHS, reverse=True):
        shown = headings(voided(*COMMANDS[name], env={"COLUMNS": str(width)}).stdout)[0]
        assert all(heading in shown for heading in KEPT[name]), (width, shown)
        gone = [heading for heading in DROPPED[name] if heading not in shown]
        assert gone == DROPPED[name][: len(gone)], (width, shown)  # the first ones, in order
        assert len(gone) >= gone_before
        gone_before = len(gone)


@pytest.mark.parametrize("width", WIDTHS)
def test_status_keeps_pace_and_gap_at_80_columns_and_above(voided: Invoke, width: int) -> None:
    out = voided(*COMMANDS["status"], env={"COLUMNS": str(width)}).stdout
    assert headings(out)[0] == STATUS_AT[width]


def test_history_gives_way_in_the_free_text_not_the_dates(voided: Invoke) -> None:
    """`history --all` once cut its dates to 2024-01-… to keep a long void text whole."""
    for width in WIDTHS:
        out = voided(*COMMANDS["history"], env={"COLUMNS": str(width)}).stdout
        entries = [line for line in out.splitlines() if re.match(r"^\s*#\d+ ", line)]
        assert len(entries) == 3
        assert all(re.search(r"#\d+\s+2024-0[67]-\d\d\s", line) for line in entries), entries
        if width < 200:
            assert VOID_NOTE not in out and "…" in out  # the void text gave way


def test_summary_keeps_completion_pace_and_gap_of_the_furthest_behind(voided: Invoke) -> None:
    for width in WIDTHS:
        out = voided(*COMMANDS["summary"], env={"COLUMNS": str(width)}).stdout
        assert headings(out)[-1] == ["指标", "完成率", "序时进度", "差距", "状态"]


def test_names_are_cut_at_a_character_with_an_ellipsis() -> None:
    name = "打造一批在行业具有影响力的科研平台"
    assert cut(name, 10) == "打造一批…"  # 9 cells: a Chinese character is never halved
    assert cut(name, 11) == "打造一批在…"
    assert (
        cut("通过产业+科创强化内生动力，加快培育新的动力系统", 28) == "通过产业+科创强化内生动力…"
    )
    assert cut("Build 120 affordable homes", 16) == "Build 120…"  # at a word
    assert cut("Build 120 affordable homes", 40) == "Build 120 affordable homes"
    assert cut("已作废：测试员 2024-07-05 09:49", 18) == "已作废：测试员…"  # not 2024-07…


def test_a_real_80_column_status_shows_pace_and_gap(voided: Invoke, workdir: Path) -> None:
    """The issue's "done when": ``COLUMNS=80 kpi status`` shows 序时进度 and 差距."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "FORCE_COLOR"))}
    env |= {"KPI_LANG": "zh", "COLUMNS": "80"}
    result = subprocess.run(
        [kpi_executable(), "status", "--as-of", "2024-07-10"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert headings(result.stdout)[0] == STATUS_AT[80]
    line = next(line for line in result.stdout.splitlines() if "全年谋划重点推进项目" in line)
    assert "100.0%" in line and "-76.2" in line and cell_len(line) <= 80
