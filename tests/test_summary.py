"""`kpi summary`: what changed in a week, the same every time it is asked."""

from __future__ import annotations

import json

import pytest

from kpitrack.progress import State
from kpitrack.summary import Transition, transition

from .conftest import PACED, Invoke


def summary(kpi: Invoke, *args: str) -> dict:
    result = kpi("summary", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_week_lists_exactly_its_entries_and_the_transitions_they_caused(landed: Invoke) -> None:
    report = summary(landed, "--week", "2024-W27")
    assert report["window"] == {"label": "2024-W27", "since": "2024-07-01", "until": "2024-07-07"}
    assert [(e["id"], e["input"], e["as_of"]) for e in report["entries"]] == [
        ("tencent-esports", "建成", "2024-07-02"),
        ("key-projects-2024", "5", "2024-07-03"),
        (PACED, "5", "2024-07-03"),
        ("fitness-paths", "+2", "2024-07-05"),
    ]
    # 签约项目落地: 3 of 10 on 2024-06-30 against a pace of 182 / 366 = 49.7% (behind), 5 of 10 on
    # 2024-07-07 against 189 / 366 = 51.6% (on track). The key projects, a list of 21, read 3
    # then 5 against 100 % all year: far behind before and after, no change to report.
    assert {(t["id"], t["from"], t["to"], t["kind"]) for t in report["transitions"]} == {
        (PACED, "behind", "on_track", "recovered"),
        ("tencent-esports", "no_data", "in_progress", "started"),  # no stage dates
        # the count the report names in full (冶金中心 and 腾讯电竞) moves with its member
        ("projects-in-use-2024", "no_data", "in_progress", "started"),
    }


def test_movement_shows_each_reported_indicator_from_and_to(logged: Invoke) -> None:
    movements = {m["id"]: m for m in summary(logged, "--week", "2024-W27")["movements"]}
    assert set(movements) == {
        "key-projects-2024", "fitness-paths", "tencent-esports", "projects-in-use-2024"
    }  # fmt: skip
    fitness = movements["fitness-paths"]
    assert (fitness["before"]["actual"], fitness["after"]["actual"]) == (6, 8)
    assert (fitness["before"]["completion"], fitness["after"]["completion"]) == (0.6, 0.8)
    assert fitness["entries"] == 1 and fitness["transition"] is None
    assert movements["key-projects-2024"]["display"]["completion"] == "14.3% → 23.8%"


def test_a_state_change_caused_by_time_alone_is_reported(kpi: Invoke) -> None:
    """Nothing logged in the week, yet the pace moved on and the indicator fell behind."""
    kpi("log", "fitness-paths", "5", "--date", "2024-05-31")  # 50% at the end of May: on track
    report = summary(kpi, "--since", "2024-06-01", "--until", "2024-08-31")
    assert report["entries"] == []
    assert [(t["id"], t["kind"]) for t in report["transitions"]] == [
        ("fitness-paths", "fell_behind")
    ]


def test_counts_due_and_furthest_behind_are_as_of_the_window_end(logged: Invoke) -> None:
    report = summary(logged, "--week", "2024-W27")
    # on track: fitness-paths (80.0% against 51.6%); behind: hospitals-in-use (33.3%);
    # far behind: key-projects-2024, a list of 21 reading 5 (23.8% against 100 %); in progress:
    # tencent-esports at 建成 and the count of two it belongs to; the context 30多个 产业园区;
    # the other 44 of the 50 have no figure
    assert report["counts"] == {
        "done": 0, "on_track": 1, "behind": 1, "far_behind": 1, "missed": 0, "in_progress": 2,
        "breached": 0, "no_data": 44, "result": 0, "context": 1,
    }  # fmt: skip
    assert [row["id"] for row in report["furthest_behind"]] == [
        "key-projects-2024",
        "hospitals-in-use",
    ]
    due_ids = {item["id"] for item in report["due"]}
    assert "fitness-paths" not in due_ids and "projects-started-2024" in due_ids
    assert "hospitals-in-use" in due_ids  # last reported in May: June's report is missing


def test_the_same_database_and_week_give_the_same_output(logged: Invoke) -> None:
    for output in ("json", "markdown", "csv", "table"):
        first = logged("summary", "--week", "2024-W27", "--format", output).stdout
        second = logged("summary", "--week", "2024-W27", "--format", output).stdout
        assert first == second


def test_markdown_reads_as_a_report(landed: Invoke) -> None:
    text = landed("summary", "--week", "2024-W27", "--format", "markdown").stdout
    assert text.startswith("# 指标周报 2024-W27（2024-07-01 至 2024-07-07）\n")
    for heading in ["## 状态变化", "## 本期进展", "## 本期填报记录", "## 逾期未报", "## 滞后最多"]:
        assert f"\n{heading}\n" in text
    assert "| 签约项目落地 | 滞后 → 🟢 正常推进 | 恢复正常 |" in text
    assert "| 签约项目落地 | 3个 | 5个 | 30.0% → 50.0% | 🟡 滞后 → 🟢 正常推进 | 1 |" in text
    assert "| 全年谋划重点推进项目 | 3个 | 5个 | 14.3% → 23.8% | 🔴 严重滞后 | 1 |" in text
    changes = text.split("\n## 状态变化\n")[1].split("\n## ")[0]
    assert "全年谋划重点推进项目" not in changes
    assert "| 2024-07-05 | 更新健身路径 | +2条 | 测试员 |  |" in text


def test_since_and_until_give_any_window(logged: Invoke) -> None:
    report = summary(logged, "--since", "2024-06-01", "--until", "2024-06-30")
    assert report["window"]["label"] == "2024-06-01..2024-06-30"
    assert [e["as_of"] for e in report["entries"]] == ["2024-06-20", "2024-06-30"]


def test_the_default_week_is_the_last_complete_one(kpi: Invoke) -> None:
    report = summary(kpi, "--as-of", "2024-07-10")  # a Wednesday, in 2024
    assert report["window"]["label"] == "2024-W27"
    assert report["window"]["until"] == "2024-07-07"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--week", "2024-27"), ["2024-27", "2024-W27"]),
        (("--week", "2024-W60"), ["2024-W60"]),
        (("--week", "2024-W27", "--since", "2024-07-01"), ["--week", "--since"]),
        (("--since", "2024-07-09", "--until", "2024-07-01"), ["2024-07-09", "2024-07-01"]),
    ],
)
def test_bad_windows_are_one_sentence_and_exit_2(
    kpi: Invoke, args: tuple[str, ...], words: list[str]
) -> None:
    result = kpi("summary", *args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in result.stderr


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (State.ON_TRACK, State.DONE, Transition.DONE),
        (State.BEHIND, State.DONE, Transition.DONE),
        (State.ON_TRACK, State.BREACHED, Transition.BREACHED),
        (State.ON_TRACK, State.BEHIND, Transition.FELL_BEHIND),
        (State.NO_DATA, State.BEHIND, Transition.FELL_BEHIND),
        (State.BEHIND, State.FAR_BEHIND, Transition.FELL_FAR_BEHIND),
        (State.FAR_BEHIND, State.BEHIND, Transition.IMPROVED),
        (State.BEHIND, State.ON_TRACK, Transition.RECOVERED),
        (State.BREACHED, State.ON_TRACK, Transition.RECOVERED),
        (State.NO_DATA, State.ON_TRACK, Transition.STARTED),
        (State.DONE, State.ON_TRACK, Transition.REOPENED),
        (State.BEHIND, State.BEHIND, None),
    ],
)
def test_transitions_are_named_as_an_office_would(
    before: State, after: State, expected: Transition | None
) -> None:
    assert transition(before, after) is expected
