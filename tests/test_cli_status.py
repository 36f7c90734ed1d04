"""`kpi status`: completion against target and pace, by area, for people and for scripts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from .conftest import PACED, Invoke

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*?(?:3[0-7]|9[0-7]|38;)[0-9;]*m")


def status_json(kpi: Invoke, *args: str) -> dict:
    result = kpi("status", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows(report: dict) -> dict[str, dict]:
    return {i["id"]: i for area in report["areas"] for i in area["indicators"]}


def test_mid_year_report_shows_3_of_10_behind_a_half_year_pace(kpi: Invoke) -> None:
    assert kpi("log", PACED, "3", "--date", "2024-06-30").exit_code == 0
    report = status_json(kpi, "--as-of", "2024-06-30")
    row = rows(report)[PACED]
    assert (row["target"], row["actual"]) == (10, 3)
    assert row["completion"] == 0.3
    assert row["pace"] == round(182 / 366, 4)  # 182 of 2024's 366 days: about 50%
    assert row["gap_pp"] == round((3 / 10 - 182 / 366) * 100, 2)  # -19.73: behind, not far
    assert (row["state"], row["light"]) == ("behind", "yellow")
    assert row["will_miss"] is True
    assert row["forecast"] == pytest.approx(3 / (182 / 366), abs=1e-3)  # about 6 by December
    assert row["display"]["completion"] == "30.0%"
    # 7 still to do over the 184 days left, 30.4375 days a month: 7 / (184 / 30.4375) = 1.158
    assert row["display"]["needed"] == "每月 1.16个"


def test_a_list_known_in_january_is_a_level_due_whole_all_year(kpi: Invoke) -> None:
    """21个 全年谋划重点推进项目 is the size of a list: its pace is 100 % from January, it is
    judged on its latest reading, and it is forecast to stay there."""
    assert kpi("log", "key-projects-2024", "21", "--date", "2024-01-31").exit_code == 0
    january = rows(status_json(kpi, "--as-of", "2024-01-31"))["key-projects-2024"]
    assert (january["measure"], january["pace"], january["state"]) == ("level", 1, "done")
    assert january["needed_per_cycle"] is None and january["will_miss"] is False
    assert rows(status_json(kpi, "--as-of", "2024-06-30"))["key-projects-2024"]["state"] == "done"
    assert kpi("log", "key-projects-2024", "20", "--date", "2024-07-31").exit_code == 0
    july = rows(status_json(kpi, "--as-of", "2024-07-31"))["key-projects-2024"]
    assert (july["actual"], july["pace"]) == (20, 1)
    assert july["gap_pp"] == round((20 / 21 - 1) * 100, 2)  # -4.76: within the -5 of behind
    assert (july["state"], july["forecast"], july["will_miss"]) == ("on_track", 20, True)
    assert kpi("log", "key-projects-2024", "19", "--date", "2024-08-31").exit_code == 0
    august = rows(status_json(kpi, "--as-of", "2024-08-31"))["key-projects-2024"]
    assert august["gap_pp"] == round((19 / 21 - 1) * 100, 2)  # -9.52
    assert (august["state"], august["light"]) == ("behind", "yellow")
    assert rows(status_json(kpi, "--as-of", "2024-07-31"))["key-projects-2024"]["actual"] == 20


def test_five_of_21_in_june_is_far_behind_for_a_list_of_21(kpi: Invoke) -> None:
    """Not "5 of 21 behind a half-year pace": a list of 21 with 5 on it is 76 points short."""
    assert kpi("log", "key-projects-2024", "5", "--date", "2024-06-30").exit_code == 0
    row = rows(status_json(kpi, "--as-of", "2024-06-30"))["key-projects-2024"]
    assert (row["completion"], row["pace"]) == (round(5 / 21, 4), 1)
    assert row["gap_pp"] == round((5 / 21 - 1) * 100, 2)  # -76.19
    assert (row["state"], row["light"]) == ("far_behind", "red")
    assert (row["forecast"], row["will_miss"]) == (5, True)
    assert row["display"]["completion"] == "23.8%"


def test_the_2023_view_shows_the_report_results_done(kpi: Invoke) -> None:
    """2023 is 46 items: 23 figures reported as results (their verdict, no completion) and 23
    named projects, honours and tasks the report says were done."""
    report = status_json(kpi, "--period", "2023")
    assert sum(report["counts"].values()) == 46
    assert (report["counts"]["result"], report["counts"]["done"]) == (23, 23)
    for row in rows(report).values():
        if row["measure"] == "result":
            assert (row["state"], row["completion"]) == ("result", None)
        else:
            assert row["state"] == "done"
    for area in report["areas"]:
        scored = [row for row in area["indicators"] if row["measure"] != "result"]
        assert area["completion"] == (1.0 if scored else None)
    investment = rows(report)["three-batch-investment"]
    assert (investment["display"]["actual"], investment["verdict"]) == ("59.2亿元", "超额完成")


def test_the_default_period_is_the_latest_declared(kpi: Invoke) -> None:
    report = status_json(kpi, "--as-of", "2024-06-30")
    assert report["period"] == "2024"
    assert {i["period"] for i in rows(report).values()} == {"2024"}
    assert len(rows(report)) == 50  # 16 figures, stages and groups, 33 tasks, 1 context


def test_a_past_view_ignores_entries_made_for_later_dates(kpi: Invoke) -> None:
    kpi("log", "fitness-paths", "3", "--date", "2024-03-31")
    kpi("log", "fitness-paths", "9", "--date", "2024-09-30")
    assert rows(status_json(kpi, "--as-of", "2024-06-30"))["fitness-paths"]["actual"] == 3
    assert rows(status_json(kpi, "--as-of", "2024-10-01"))["fitness-paths"]["actual"] == 9


def test_area_roll_up_is_the_capped_average_of_its_indicators(kpi: Invoke) -> None:
    kpi("log", "fitness-paths", "12", "--date", "2024-06-30")  # 120%, counts as 100%
    kpi("log", "hospitals-in-use", "1", "--date", "2024-06-30")
    report = status_json(kpi, "--as-of", "2024-06-30", "--area", "民生")
    (area,) = report["areas"]
    assert area["id"] == "livelihood-2024"
    # 12 items, the 2 named schools counted inside 中小学、幼儿园具备招生条件: 10 averaged,
    # fitness paths 100%, hospitals 1 of 3, the rest (6 tasks not done among them) 0
    assert area["completion"] == round((1 + 1 / 3) / 10, 4)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--period", "2019"), ["2019", "2024", "2023"]),
        (("--area", "航天"), ["航天", "livelihood-2024"]),
        (("--as-of", "06/30/2024"), ["--as-of", "06/30/2024"]),
    ],
)
def test_bad_choices_get_one_sentence_and_exit_2(
    kpi: Invoke, args: tuple[str, ...], words: list[str]
) -> None:
    result = kpi("status", *args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in result.stderr


def test_the_table_groups_by_area_with_chinese_headings(kpi: Invoke) -> None:
    kpi("log", PACED, "3", "--date", "2024-06-30")
    out = kpi("status", "--as-of", "2024-06-30").stdout
    for heading in [
        "指标",
        "目标",
        "实际",
        "完成率",
        "序时进度",
        "差距",
        "状态",
        "全期预计",
        "剩余需完成",
    ]:
        assert heading in out
    assert out.index("持续抓好以科技创新推动产业创新") < out.index("签约项目落地")
    assert out.index("持续抓好保障和改善民生") < out.index("更新健身路径")
    line = next(line for line in out.splitlines() if "签约项目落地" in line)
    assert (
        "10个" in line and "3个" in line and "30.0%" in line and "49.7%" in line and "滞后" in line
    )
    assert "严重滞后" not in line
    assert "合计 50 项：滞后 1，未填报 48，背景 1" in out


def test_cjk_columns_align(kpi: Invoke) -> None:
    kpi("log", "key-projects-2024", "5", "--date", "2024-06-30")
    out = kpi("status", "--as-of", "2024-06-30", "--period", "all").stdout.splitlines()
    header = next(i for i, line in enumerate(out) if line.startswith("指标"))
    body = [line for line in out[header:] if line.strip() and not line.startswith("截至")]
    body = body[: next(i for i, line in enumerate(body) if line.startswith("合计"))]
    rule = next(cell_len(line) for line in body if set(line) == {"─"})
    assert all(cell_len(line) <= rule and not line.endswith(" ") for line in body), body
    # the state column starts at the same cell offset on every indicator line
    offsets = {cell_len(line[: line.index("●")]) for line in body if "●" in line}
    assert len(offsets) == 1


def test_piped_output_is_plain_text(kpi: Invoke) -> None:
    out = kpi("status", "--period", "2023").stdout
    assert "\x1b[" not in out


def test_colour_can_be_forced_and_turned_off(kpi: Invoke) -> None:
    forced = kpi("status", "--period", "2023", env={"FORCE_COLOR": "1"}).stdout
    assert ANSI_COLOUR.search(forced)
    assert not ANSI_COLOUR.search(
        kpi("status", "--period", "2023", "--no-color", env={"FORCE_COLOR": "1"}).stdout
    )
    assert not ANSI_COLOUR.search(
        kpi("status", "--period", "2023", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    )


def test_a_narrow_terminal_drops_the_secondary_columns(kpi: Invoke) -> None:
    out = kpi("status", "--as-of", "2024-09-30", env={"COLUMNS": "100"}).stdout
    heading = out.splitlines()[1]
    assert "序时进度" in heading and "全期预计" not in out
    assert max(cell_len(line) for line in out.splitlines()) <= 100


def test_english_interface(kpi: Invoke) -> None:
    out = kpi("status", "--period", "2023", env={"KPI_LANG": "en"}).stdout
    assert "Completion" in out and "Pace" in out and "done" in out


def test_json_is_one_stable_shape(kpi: Invoke, workdir: Path) -> None:
    report = status_json(kpi, "--as-of", "2024-06-30")
    assert set(report) == {
        "schema", "as_of", "period", "period_ended", "thresholds", "counts", "areas"
    }  # fmt: skip
    assert report["period_ended"] is None  # 2024 is under way on 30 June
    assert report["thresholds"] == {"behind_pp": -5.0, "far_behind_pp": -30.0}
    assert set(report["counts"]) == {
        "done",
        "on_track",
        "behind",
        "far_behind",
        "missed",
        "in_progress",
        "breached",
        "no_data",
        "result",
        "context",
    }
    row = rows(report)["fitness-paths"]
    assert set(row) == {
        "id", "name", "area_id", "unit", "measure", "direction", "period", "owner", "cycle",
        "target", "target_stage", "approx", "commitment", "actual", "actual_approx", "stage",
        "completion", "pace", "gap_pp", "state", "verdict", "light", "forecast", "will_miss",
        "needed_per_cycle", "last_update", "entries", "display",
        "owner_assumed", "source_line", "members", "member_of", "latest_note",
    }  # fmt: skip
    assert row["state"] == "no_data" and row["actual"] is None


def test_thresholds_are_read_from_targets_yaml(kpi: Invoke, workdir: Path) -> None:
    kpi("log", PACED, "2", "--date", "2024-06-30")  # 20.0% against 49.7%: a gap of -29.73
    assert rows(status_json(kpi, "--as-of", "2024-06-30"))[PACED]["state"] == "behind"
    path = workdir / "targets.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("behind: -5 #", "behind: -20 #")
        .replace("far_behind: -30 #", "far_behind: -25 #"),
        encoding="utf-8",
    )
    assert rows(status_json(kpi, "--as-of", "2024-06-30"))[PACED]["state"] == "far_behind"
