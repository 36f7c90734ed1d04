"""Terminal manners: aligned CJK columns at any width, plain text when piped, two languages."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from .conftest import Invoke

WIDTHS = ["50", "60", "80", "100", "120", "160", "200"]
TABLES = {
    "status": ["status", "--as-of", "2024-07-10", "--period", "all"],
    "list": ["list"],
    "due": ["due", "--as-of", "2024-07-10"],
}
ANSI = re.compile(r"\x1b\[")


def table_lines(out: str) -> list[str]:
    """The table's own lines: from the header row to the line before the caption or counts."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if "──" in line) - 1
    body = []
    for line in lines[start:]:
        if not line.strip():
            continue
        if line.startswith(("合计", "截至")) or line.strip().startswith("截至"):
            break
        body.append(line)
    return body


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(TABLES))
def test_cjk_columns_align_at_any_width(logged: Invoke, name: str, width: str) -> None:
    out = logged(*TABLES[name], env={"COLUMNS": width}).stdout
    lines = table_lines(out)
    assert len(lines) > 3
    assert max(cell_len(line) for line in out.splitlines()) <= int(width)
    # piped, lines end at their last character (issue 14): the rule is as wide as the table
    assert not any(line.endswith(" ") for line in lines)
    rule = next(cell_len(line) for line in lines if set(line) == {"─"})
    assert all(cell_len(line) <= rule for line in lines), "\n".join(lines)
    # Columns never overlap: between every two headings there is a band of cells that is
    # blank on every line. A wide character counted as one cell would push text into it.
    headings = re.split(r"\s{2,}", lines[0].strip())
    grids = [cells(line + " " * (rule - cell_len(line))) for line in lines if set(line) != {"─"}]
    blank = [all(grid[i] == " " for grid in grids) for i in range(len(grids[0]))]
    bands = sum(1 for i in range(1, len(blank)) if blank[i] and not blank[i - 1])
    assert bands >= len(headings) - 1


def cells(line: str) -> list[str]:
    """One entry per terminal cell: a wide character fills two."""
    grid: list[str] = []
    for char in line:
        grid += [char] + [""] * (cell_len(char) - 1)
    return grid


def test_long_names_are_shortened_with_an_ellipsis_not_wrapped(logged: Invoke) -> None:
    out = logged("status", "--as-of", "2024-07-10", "--period", "all", env={"COLUMNS": "60"}).stdout
    assert "…" in out
    indicator_lines = [line for line in out.splitlines() if re.match(r"^  \S.*[█░]", line)]
    member_lines = [line for line in out.splitlines() if re.match(r"^    \S.*[█░]", line)]
    # all 96 items, one line each: the 7 named members one step further in, under their group
    assert (len(indicator_lines), len(member_lines)) == (96 - 7, 7)
    body = [line for line in table_lines(out)[2:] if set(line) != {"─"}]
    assert all(re.search("[█░]", line) for line in body), "a name was folded onto two lines"


def test_narrow_terminals_keep_name_completion_and_state(logged: Invoke) -> None:
    out = logged("status", "--as-of", "2024-07-10", env={"COLUMNS": "50"}).stdout
    header = out.splitlines()[1]
    assert "指标" in header and "完成率" in header and "状态" in header
    assert "更新" not in header


@pytest.mark.parametrize("name", sorted(TABLES))
def test_piped_output_has_no_escape_codes(logged: Invoke, name: str) -> None:
    assert not ANSI.search(logged(*TABLES[name]).stdout)


@pytest.mark.parametrize("name", ["status", "due"])
def test_no_color_removes_colour_even_when_forced(logged: Invoke, name: str) -> None:
    colour = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|9[0-7])m")
    forced = logged(*TABLES[name], env={"FORCE_COLOR": "1"}).stdout
    assert colour.search(forced)
    assert not colour.search(logged(*TABLES[name], "--no-color", env={"FORCE_COLOR": "1"}).stdout)
    assert not colour.search(
        logged(*TABLES[name], env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    )


def test_order_is_stable(logged: Invoke) -> None:
    for args in TABLES.values():
        assert logged(*args).stdout == logged(*args).stdout
    status = logged("status", "--as-of", "2024-07-10", "--format", "csv").stdout.splitlines()
    ids = [line.split(",")[2] for line in status[1:]]
    declared = [
        line.split(",")[0]
        for line in logged("list", "--period", "2024", "--format", "csv").stdout.splitlines()[1:]
    ]
    assert ids == declared  # the order of targets.yaml


@pytest.mark.parametrize(
    ("args", "english", "chinese"),
    [
        (("status", "--as-of", "2024-07-10"), "Completion", "完成率"),
        (("due", "--as-of", "2024-07-10"), "Overdue", "逾期"),
        (("summary", "--week", "2024-W27", "--format", "markdown"), "State changes", "状态变化"),
        (("list",), "Indicator", "指标"),
    ],
)
def test_lang_switches_the_interface(
    logged: Invoke, args: tuple[str, ...], english: str, chinese: str
) -> None:
    assert chinese in logged(*args).stdout
    assert english in logged(*args, "--lang", "en").stdout
    assert english in logged(*args, env={"KPI_LANG": "en"}).stdout


def test_messages_follow_the_language_too(kpi: Invoke) -> None:
    result = kpi("log", "no-such-id", "5", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith("No indicator has the id or name 'no-such-id'.")


def test_an_unknown_language_is_a_usage_error(kpi: Invoke) -> None:
    assert kpi("status", "--lang", "fr").exit_code == 2
