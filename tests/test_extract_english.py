"""An English report drafts its numbers with their nouns, units and directions, and its names
keep their spaces: "build 120 affordable homes" is 120 homes, "under 8 minutes" a ceiling."""

from __future__ import annotations

from pathlib import Path

import yaml

from kpitrack.extract import extract

from .conftest import Invoke

REPORT = """Riverside City Annual Report 2024

Review of 2023

Last year the city delivered 85 affordable homes and invested $59.2 million in 17 projects.
Resident satisfaction reached 91%, and the average ambulance response time was 9.5
minutes.

Priorities for 2024

The city will build 120 affordable homes, complete 3 hospitals and plant 2,500 street trees.
We will reduce response time to under 8 minutes and keep resident satisfaction at 95% or
greater. Recycling will increase by 15% over the 2023 level, and at least 40 km of cycle
lanes will open by the end of 2024. Phase 2 of the riverfront park will open on July 15.
"""


def drafted(kpi: Invoke, workdir: Path) -> dict[str, dict[str, object]]:
    (workdir / "report.txt").write_text(REPORT, encoding="utf-8")
    result = kpi("extract", "report.txt", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    document = yaml.safe_load(result.stdout)
    return {
        str(item.get("target", item.get("actual"))): item
        for area in document["areas"]
        for item in area["indicators"]
    }


def test_counts_are_drafted_with_their_noun_as_unit(kpi: Invoke, workdir: Path) -> None:
    items = drafted(kpi, workdir)
    assert items["120 homes"]["name"] == "build affordable homes"
    assert items["3 hospitals"]["name"] == "complete hospitals"
    assert items["2500 trees"]["name"] == "plant street trees"
    assert items["85 homes"]["measure"] == "result"
    assert items["85 homes"]["period"] == 2023
    assert items["120 homes"]["period"] == 2024


def test_a_ceiling_is_at_most_and_a_floor_at_least(kpi: Invoke, workdir: Path) -> None:
    items = drafted(kpi, workdir)
    response = items["8 minutes"]
    assert response["name"] == "reduce response time"
    assert response["direction"] == "at_most"
    assert response["measure"] == "level"
    satisfaction = items["95%"]
    assert satisfaction["name"] == "keep resident satisfaction"
    assert satisfaction["direction"] == "at_least"
    assert items["40 km"]["direction"] == "at_least"
    assert items["40 km"]["name"] == "cycle lanes"


def test_a_rise_by_a_percentage_and_money_with_its_magnitude(kpi: Invoke, workdir: Path) -> None:
    items = drafted(kpi, workdir)
    assert items["15%"]["measure"] == "level"
    assert "increase" in str(items["15%"]["name"])
    assert items["59.2 million dollars"]["measure"] == "result"
    assert items["17 projects"]["measure"] == "result"


def test_years_dates_and_phases_are_not_indicators(kpi: Invoke, workdir: Path) -> None:
    figures = set(drafted(kpi, workdir))
    assert figures == {
        "85 homes", "59.2 million dollars", "17 projects", "91%", "9.5 minutes",
        "120 homes", "3 hospitals", "2500 trees", "8 minutes", "95%", "15%", "40 km",
    }  # fmt: skip


def test_words_keep_their_spaces_across_a_broken_line() -> None:
    names = [item.name for item in extract(REPORT)]
    assert all("  " not in name and "orgreater" not in name for name in names)
    sentence = next(item.sentence for item in extract(REPORT) if item.numeral == "95")
    assert "95% or greater." in sentence


def test_the_english_draft_validates_and_its_units_parse_back(kpi: Invoke, workdir: Path) -> None:
    (workdir / "report.txt").write_text(REPORT, encoding="utf-8")
    draft = kpi("extract", "report.txt")
    (workdir / "draft.yaml").write_text(draft.stdout, encoding="utf-8")
    checked = kpi("validate", "--targets", "draft.yaml")
    assert checked.exit_code == 0, checked.stderr
