"""Every report in every format: JSON that validates against its schema, CSV for Excel,
Markdown that reads as a report."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .conftest import ROOT, Invoke

SCHEMAS = ROOT / "schemas"
REPORTS = {
    "status": ["status", "--as-of", "2024-07-10", "--period", "all"],
    "list": ["list"],
    "due": ["due", "--as-of", "2024-07-10"],
    "summary": ["summary", "--week", "2024-W27"],
    "history": ["history", "key-projects-2024", "--all", "--as-of", "2024-07-10"],
}


def validator(name: str) -> Draft202012Validator:
    resources = []
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    registry: Registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_json_output_validates_against_its_schema(logged: Invoke, name: str) -> None:
    result = logged(*REPORTS[name], "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    errors = sorted(validator(name).iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_the_schema_rejects_a_changed_shape(logged: Invoke, name: str) -> None:
    """The schemas are strict: a renamed key would fail the test above."""
    data = json.loads(logged(*REPORTS[name], "--format", "json").stdout)
    if isinstance(data, list):
        data[0]["renamed"] = data[0].pop("id")
    else:
        data["renamed"] = data.pop(next(iter(data)))
    assert not validator(name).is_valid(data)


def test_an_empty_selection_lists_no_indicators(kpi: Invoke) -> None:
    result = kpi("list", "--period", "2024", "--area", "projects-2023", "--format", "json")
    assert json.loads(result.stdout) == {"schema": 2, "count": 0, "indicators": []}


def test_the_list_is_an_object_with_its_schema_like_every_report(kpi: Invoke) -> None:
    """Scripts check one key, `schema`, on every report; the list was a bare array before."""
    listed = json.loads(kpi("list", "--format", "json").stdout)
    assert listed["schema"] == 2
    assert listed["count"] == len(listed["indicators"]) > 40
    assert {"id", "name", "target", "owner"} <= set(listed["indicators"][0])


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_csv_has_a_header_of_stable_keys_and_chinese_intact(logged: Invoke, name: str) -> None:
    result = logged(*REPORTS[name], "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    assert all(key.isascii() and key == key.lower() for key in rows[0])
    assert any(re.search("[\u4e00-\u9fff]", value) for row in rows for value in row.values())
    assert b"\r\n" in result.stdout_bytes  # Excel's line ending


def test_csv_with_a_bom_for_excel(logged: Invoke) -> None:
    plain = logged("status", "--as-of", "2024-07-10", "--format", "csv").stdout_bytes
    with_bom = logged("status", "--as-of", "2024-07-10", "--format", "csv", "--bom").stdout_bytes
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert with_bom == b"\xef\xbb\xbf" + plain
    assert with_bom.decode("utf-8-sig").splitlines()[0].startswith("area_id,area,id,name")


def test_status_csv_carries_numbers_not_display_strings(logged: Invoke) -> None:
    out = logged("status", "--as-of", "2024-07-10", "--format", "csv").stdout
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["id"] == "key-projects-2024")
    assert (row["target"], row["actual"], row["state"], row["state_label"]) == (
        "21",
        "5",
        "far_behind",  # a list of 21 with 5 on it, due whole all year
        "严重滞后",
    )
    assert float(row["completion"]) == pytest.approx(5 / 21, abs=1e-4)
    assert (row["measure"], row["pace"], row["gap_pp"]) == ("level", "1", "-76.19")


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_markdown_is_headed_tables_in_chinese(logged: Invoke, name: str) -> None:
    text = logged(*REPORTS[name], "--format", "markdown").stdout
    assert text.lstrip().startswith("#")
    tables = [line for line in text.splitlines() if line.startswith("|")]
    assert tables, text
    assert re.search("[\u4e00-\u9fff]", tables[0])  # headings in Chinese
    rules = [line for line in tables if set(line) <= set("|-:")]
    assert rules
    for line in tables:  # every row of a table has as many cells as its header
        assert line.endswith("|")


def test_status_markdown_groups_by_area_with_lights(logged: Invoke) -> None:
    text = logged("status", "--as-of", "2024-07-10", "--format", "markdown").stdout
    assert "### 持续抓好以科技创新推动产业创新" in text
    assert "| 全年谋划重点推进项目 | 21个 | 5个 | 23.8% |" in text
    assert "🟡 滞后" in text


def test_a_pipe_in_a_name_does_not_break_a_markdown_table(kpi: Invoke, workdir: Path) -> None:
    path = workdir / "targets.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: 更新健身路径", "name: 更新健身路径|步道"),
        encoding="utf-8",
    )
    text = kpi("status", "--as-of", "2024-07-10", "--format", "markdown").stdout
    assert "| 更新健身路径\\|步道 |" in text


def test_an_unknown_format_is_a_usage_error(kpi: Invoke) -> None:
    result = kpi("status", "--format", "xml")
    assert result.exit_code == 2
