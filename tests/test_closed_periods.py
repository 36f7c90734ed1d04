"""Once a period has ended its indicators take final states — done or missed — never behind;
a closed period is not due, and reports say plainly that it has ended."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import PACED, Invoke, declare


def rows(kpi: Invoke, *args: str) -> dict[str, dict[str, Any]]:
    result = kpi("status", "--period", "2024", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return {i["id"]: i for a in json.loads(result.stdout)["areas"] for i in a["indicators"]}


def test_after_the_year_an_unmet_target_is_missed_and_a_met_one_done(kpi: Invoke) -> None:
    kpi("log", PACED, "3", "--date", "2024-06-30")
    kpi("log", "fitness-paths", "10", "--date", "2024-11-30")
    kpi("log", "tencent-esports", "建成", "--date", "2024-10-01")
    during = rows(kpi, "--as-of", "2024-06-30")
    assert during[PACED]["state"] == "behind"  # 30.0% against a pace of 49.7%
    after = rows(kpi, "--as-of", "2025-03-01")
    assert after[PACED]["state"] == "missed"
    assert after[PACED]["will_miss"] is True
    assert after["fitness-paths"]["state"] == "done"
    assert after["fitness-paths"]["will_miss"] is False
    assert after["tencent-esports"]["state"] == "missed"  # 建成, never 投用
    assert after["hospitals-in-use"]["state"] == "missed"  # a closed year waits for no report
    assert after["hospitals-in-use"]["completion"] is None  # its final % is shown as —
    assert after["hospitals-in-use"]["will_miss"] is True  # never reported, never reached
    scored = [row for row in after.values() if row["measure"] != "context"]  # never scored
    assert {row["state"] for row in scored} <= {"done", "missed", "breached"}
    assert after["elderly-care-system"]["state"] == "missed"  # a task never noted, too


def test_a_closed_period_says_it_has_ended_and_shows_final_words(kpi: Invoke) -> None:
    kpi("log", "key-projects-2024", "5", "--date", "2024-06-30")
    result = kpi("status", "--as-of", "2025-03-01")
    assert result.exit_code == 0
    assert "周期 2024 已于 2024-12-31 结束" in result.stderr
    assert "未完成" in result.stdout and "滞后" not in result.stdout.split("截至")[0]
    open_year = kpi("status", "--as-of", "2024-06-30")
    assert "已于" not in open_year.stderr


def test_nothing_behind_in_a_closed_period_fails_a_weekly_check(kpi: Invoke) -> None:
    kpi("log", "key-projects-2024", "5", "--date", "2024-06-30")
    assert kpi("status", "--as-of", "2024-06-30", "--fail-on", "behind").exit_code == 1
    assert kpi("status", "--as-of", "2025-03-01", "--fail-on", "behind").exit_code == 0


def test_a_closed_period_is_not_due(kpi: Invoke) -> None:
    def due(day: str) -> int:
        result = kpi("due", "--as-of", day, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return int(json.loads(result.stdout)["count"])

    # 2024: 33 tasks and 15 figures, never logged; not 产业园区 (背景), nor 项目建成投用 2个,
    # which is due through the two projects it names
    assert due("2024-09-30") == 48
    assert due("2025-03-01") == 0


def test_a_milestone_without_stage_dates_is_in_progress_until_the_period_ends(
    kpi: Invoke,
) -> None:
    """腾讯电竞项目 is to open in 2024, no month said: on plan in September, not behind."""
    kpi("log", "tencent-esports", "建成", "--date", "2024-06-20")
    september = rows(kpi, "--as-of", "2024-09-30")["tencent-esports"]
    assert september["state"] == "in_progress"
    assert kpi("status", "--as-of", "2024-09-30", "--fail-on", "behind").exit_code == 0
    table = kpi("status", "--as-of", "2024-09-30").stdout
    line = next(x for x in table.splitlines() if "腾讯电竞项目建成投用" in x)
    assert "进行中" in line
    assert rows(kpi, "--as-of", "2025-01-15")["tencent-esports"]["state"] == "missed"
    kpi("log", "tencent-esports", "投用", "--date", "2024-12-20")
    assert rows(kpi, "--as-of", "2025-01-15")["tencent-esports"]["state"] == "done"


def test_a_rate_at_its_target_stays_due(kpi: Invoke, workdir: Path) -> None:
    """A level touched its target in June; rates fall, so September's reading is still owed."""
    declare(
        workdir,
        "  - id: extra-2024\n    name: 补充指标\n    owner: 区统计局\n    indicators:\n"
        "      - id: urban-rate\n        name: 城镇化率\n        measure: level\n        target: 75%\n",
    )
    assert kpi("log", "urban-rate", "76%", "--date", "2024-06-30").exit_code == 0
    assert rows(kpi, "--as-of", "2024-09-30")["urban-rate"]["state"] == "done"
    due = json.loads(kpi("due", "--as-of", "2024-09-30", "--format", "json").stdout)
    listed = [i["id"] for owner in due["owners"] for i in owner["indicators"]]
    assert "urban-rate" in listed


NONE_OPEN = "没有进行中的周期：最近的周期 2024 已于 2024-12-31 结束"


def status_json(kpi: Invoke, *args: str) -> tuple[dict[str, Any], str]:
    result = kpi("status", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_status_without_a_period_shows_the_latest_ended_one_and_says_so(kpi: Invoke) -> None:
    kpi("log", "key-projects-2024", "5", "--date", "2024-06-30")
    for args in (("--as-of", "2025-03-01"), ()):  # () is today: 2024 is over for good
        report, note = status_json(kpi, *args)
        assert report["period"] == "2024"
        assert note.strip().splitlines() == [note.strip()]  # one line
        assert note.startswith(NONE_OPEN) and "最终结果" in note
        assert report["counts"]["missed"] == 49  # all 2024 but 产业园区 (背景); 5 of 21 projects
        assert report["counts"]["no_data"] == report["counts"]["behind"] == 0


def test_status_without_a_period_shows_the_one_under_way(kpi: Invoke) -> None:
    """On a day inside 2023 the report is 2023, not the latest declared year, and says nothing."""
    report, note = status_json(kpi, "--as-of", "2023-06-30")
    assert report["period"] == "2023" and note == ""
    kpi("log", "key-projects-2024", "5", "--date", "2024-06-30")
    report, note = status_json(kpi, "--as-of", "2024-06-30")
    assert report["period"] == "2024" and note == ""
    rows = {i["id"]: i for a in report["areas"] for i in a["indicators"]}
    assert rows["key-projects-2024"]["state"] == "far_behind"  # a level: 5 of 21 is −76.2 pp
    assert rows["hospitals-in-use"]["state"] == "no_data"  # not reported yet: still waited for
    assert rows["hospitals-in-use"]["will_miss"] is False


def test_an_explicit_period_wins_and_gets_the_plain_closed_note(kpi: Invoke) -> None:
    report, note = status_json(kpi, "--period", "2023", "--as-of", "2025-03-01")
    assert report["period"] == "2023"
    assert (
        note.strip()
        == "周期 2023 已于 2023-12-31 结束：以下为最终结果（已完成 / 未完成），不再计算序时进度的滞后。"
    )


def test_a_closed_indicator_never_reported_is_missed_with_no_final_share(kpi: Invoke) -> None:
    table = kpi("status", "--as-of", "2025-03-01").stdout
    line = next(x for x in table.splitlines() if "医院及卫生服务中心建成投用" in x)
    assert "未完成" in line and "未填报" not in line and "—" in line
    assert "未填报" not in table
    markdown = kpi("status", "--as-of", "2025-03-01", "--format", "markdown").stdout
    assert "未填报" not in markdown.split("截至")[0]


def test_missed_is_final_not_behind_for_fail_on(logged: Invoke) -> None:
    """A weekly cron job with --fail-on behind stops failing once the year is over."""
    assert logged("summary", "--week", "2024-W27", "--fail-on", "behind").exit_code == 1
    assert logged("summary", "--fail-on", "behind").exit_code == 0
    assert logged("summary", "--as-of", "2024-07-10", "--fail-on", "behind").exit_code == 1
    assert logged("status", "--fail-on", "behind").exit_code == 0
    assert logged("status", "--fail-on", "far-behind").exit_code == 0


def summary_json(kpi: Invoke, *args: str) -> tuple[dict[str, Any], str]:
    result = kpi("summary", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_summary_after_the_last_period_is_its_final_week_with_final_counts(
    logged: Invoke,
) -> None:
    for args in (("--as-of", "2025-03-01"), ()):
        report, note = summary_json(logged, *args)
        window = report["window"]
        assert window["label"] == "2025-W01"  # the ISO week holding 2024-12-31
        assert (window["since"], window["until"]) == ("2024-12-30", "2025-01-05")
        assert report["period"] == "2024"
        assert note.strip().startswith(NONE_OPEN) and "2025-W01" in note
        assert report["counts"]["missed"] == 49  # fitness-paths ended at 8 of 10, tasks unnoted
        assert report["counts"]["behind"] == report["counts"]["no_data"] == 0
        kinds = {t["id"]: t["kind"] for t in report["transitions"]}
        assert kinds["key-projects-2024"] == "missed"
    table = logged("summary").stdout
    assert table.startswith("指标周报 2025-W01（2024-12-30 至 2025-01-05）")
    assert "到期未完成" in table


def test_summary_explicit_week_or_period_still_wins(logged: Invoke) -> None:
    report, note = summary_json(logged, "--week", "2026-W47")
    assert report["window"]["label"] == "2026-W47" and report["period"] == "2024"
    assert "已于 2024-12-31 结束" in note
    report, _ = summary_json(logged, "--period", "2023")
    assert report["window"]["label"] == "2023-W52" and report["period"] == "2023"
    report, note = summary_json(logged, "--week", "2024-W27")
    assert report["period"] == "2024" and note == ""
    # 医院 1 of 3 (33.3 % against a pace of about 51.6 %) behind; the 21 key projects are a
    # level, judged whole: 5 of 21 (−76.2 pp) far behind
    assert (report["counts"]["behind"], report["counts"]["far_behind"]) == (1, 1)


def test_due_with_every_period_closed_says_none_is_open(kpi: Invoke) -> None:
    result = kpi("due", "--as-of", "2025-03-01")
    assert result.exit_code == 0
    assert "周期 2024 已于 2024-12-31 结束" in result.stderr
    assert result.stdout.strip() == "没有进行中的周期，不再需要填报。"
    assert "按期填报" not in result.stdout
    markdown = kpi("due", "--format", "markdown").stdout  # today: every period has ended
    assert "没有进行中的周期，不再需要填报。" in markdown and "所有指标" not in markdown
    report = json.loads(kpi("due", "--format", "json").stdout)
    assert report["period_open"] is False and report["count"] == 0


def test_due_in_an_open_period_is_unchanged(kpi: Invoke) -> None:
    """Early in 2024 no monthly cycle has passed yet: everyone is up to date, and it says so."""
    result = kpi("due", "--as-of", "2024-01-15")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.strip() == "所有指标均已按期填报。"
    report = json.loads(kpi("due", "--as-of", "2024-09-30", "--format", "json").stdout)
    assert report["period_open"] is True and report["period"] == "2024"
    assert report["count"] == 48  # 项目建成投用 2个 is asked through its two projects


def test_a_final_week_ending_on_the_last_day_still_gives_final_states(
    kpi: Invoke, workdir: Path
) -> None:
    """2023-12-31 is a Sunday: 2023's final week ends on its last day, and its states are final."""
    declare(
        workdir,
        "  - id: extra-2023\n    name: 补充指标\n    period: 2023\n    owner: 区统计局\n"
        "    indicators:\n      - id: parks-2023\n        name: 口袋公园\n        target: 10个\n",
    )
    kpi("log", "parks-2023", "4", "--date", "2023-06-30")
    report, note = summary_json(kpi, "--period", "2023")
    assert report["window"]["label"] == "2023-W52"
    assert report["window"]["until"] == "2023-12-31"
    assert "周期 2023 已于 2023-12-31 结束" in note
    assert report["counts"]["missed"] == 1 and report["counts"]["far_behind"] == 0
    assert kpi("summary", "--period", "2023", "--fail-on", "behind").exit_code == 0


SECTIONS = [
    "聚焦项目建设抓经济，综合实力更加厚实",
    "聚焦科技创新抓产业，发展动能更加强劲",
    '聚焦"一区多园"抓载体，集群发展更加显著',
    "聚焦改革开放抓服务，发展环境更加优化",
    "聚焦民生保障抓投入，百姓福祉更加殷实",
    "聚焦安全稳定抓统筹，社会治理更加高效",
    "聚焦基层基础抓根本，党的建设更加坚强",
    "持续抓好产城融合示范区建设",
    "持续抓好以科技创新推动产业创新",
    "持续抓好文商旅体消费带动",
    "持续抓好项目建设",
    "持续抓好发展环境优化",
    "持续抓好重点领域改革",
    "持续抓好基层治理创新",
    "持续抓好城市品质提升",
    "持续抓好保障和改善民生",
]


def test_the_whole_report_reads_as_an_office_reads_it(kpi: Invoke) -> None:
    """Issue 9, done when: on a fresh database with the repo's targets.yaml, the report's 16
    sections are shown; 2023's results carry no completion; today 2024 is closed with final
    states only; and in September 腾讯电竞, 建成 in June, is under way, not behind."""
    table = kpi("status", "--period", "all").stdout
    for section in SECTIONS:  # the table shows a section's heading, up to its first comma
        assert section.split("，")[0] in table, section
    report, _ = status_json(kpi, "--period", "all")
    assert [a["name"] for a in report["areas"]] == SECTIONS
    results = [i for a in report["areas"] for i in a["indicators"] if i["measure"] == "result"]
    assert len(results) == 23 and {r["period"] for r in results} == {"2023"}
    assert all(r["completion"] is None and r["state"] == "result" for r in results)

    today, note = status_json(kpi)  # no --as-of: today, long after 2024
    assert today["period"] == "2024" and note.startswith(NONE_OPEN)
    shown = [i for a in today["areas"] for i in a["indicators"] if i["measure"] != "context"]
    assert len(shown) == 49 and {i["state"] for i in shown} <= {"done", "missed"}
    assert all(today["counts"][s] == 0 for s in ("on_track", "behind", "far_behind", "no_data"))

    assert kpi("log", "tencent-esports", "建成", "--date", "2024-06-20").exit_code == 0
    september = kpi("status", "--as-of", "2024-09-30").stdout
    line = next(x for x in september.splitlines() if "腾讯电竞项目建成投用" in x)
    assert "进行中" in line and "滞后" not in line


def test_a_closed_period_says_so_where_the_report_is_read(kpi: Invoke) -> None:
    """A table mailed on, or a script reading JSON, never sees stderr: the year being over is
    in the caption, the summary's overview and the JSON itself."""
    table = kpi("status", "--as-of", "2025-03-01").stdout
    assert "周期 2024 已于 2024-12-31 结束 · 以下为最终结果" in table
    assert "低于 -5 为滞后" not in table
    markdown = kpi("status", "--as-of", "2025-03-01", "--format", "markdown").stdout
    assert "周期 2024 已于 2024-12-31 结束" in markdown
    report = json.loads(kpi("status", "--as-of", "2025-03-01", "--format", "json").stdout)
    assert report["period_ended"] == "2024-12-31"
    summary = kpi("summary", "--week", "2025-W01").stdout
    assert "周期已于 2024-12-31 结束，状态均为最终结果" in summary
    weekly = json.loads(kpi("summary", "--week", "2025-W01", "--format", "json").stdout)
    assert weekly["period_ended"] == "2024-12-31"
    during = json.loads(kpi("summary", "--week", "2024-W27", "--format", "json").stdout)
    assert during["period_ended"] is None


def test_every_period_ended_is_said_in_words_not_as_all(kpi: Invoke) -> None:
    table = kpi("status", "--period", "all", "--as-of", "2025-03-01").stdout
    assert "所有周期均已结束（最后一个于 2024-12-31）" in table and "周期 all" not in table
    english = kpi("status", "--as-of", "2025-03-01", env={"KPI_LANG": "en"}).stdout
    assert "missed 49, context 1" in english  # an English list, not a Chinese comma
