"""Negative figures are plain values: `kpi log growth -2%` needs no `--` (issue 14).

A growth rate that falls below zero and a 下降 indicator's change are logged every cycle; the
shell word `-2%` must reach kpi as the value, wherever the options stand, while a mistyped
option is still an error and an option's own value stays with it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from kpitrack.cli import app
from kpitrack.cli.negatives import negatives_last

from .conftest import Invoke, declare
from .test_process import kpi_executable

RATES = """\
  - id: rates
    name: 增速与降幅
    indicators:
      - id: industry-growth
        name: 规上工业增加值增速
        measure: level
        target: 5%
      - id: energy-drop
        name: 单位地区生产总值能耗下降
        measure: level
        direction: at_most
        target: -3%
"""


def history(kpi: Invoke, indicator_id: str) -> list[str]:
    result = kpi("history", indicator_id, "--format", "json")
    assert result.exit_code == 0, result.output
    return [e["input"] for e in json.loads(result.stdout)["entries"]]


def test_a_negative_percent_is_logged_without_a_double_dash(kpi: Invoke, workdir: Path) -> None:
    declare(workdir, RATES)
    result = kpi("log", "industry-growth", "-2%", "--date", "2024-03-31")
    assert result.exit_code == 0, result.output
    assert "-2%" in result.output
    assert history(kpi, "industry-growth") == ["-2%"]


def test_the_value_may_stand_after_the_options(kpi: Invoke, workdir: Path) -> None:
    declare(workdir, RATES)
    result = kpi("log", "energy-drop", "--date", "2024-03-31", "-1.5%", "--note", "一季度")
    assert result.exit_code == 0, result.output
    assert history(kpi, "energy-drop") == ["-1.5%"]


def test_an_option_whose_value_looks_negative_keeps_it(kpi: Invoke, workdir: Path) -> None:
    declare(workdir, RATES)
    result = kpi("log", "industry-growth", "-2%", "--date", "2024-03-31", "--note", "-0.5 个点")
    assert result.exit_code == 0, result.output
    entries = json.loads(kpi("history", "industry-growth", "--format", "json").stdout)["entries"]
    assert [(e["input"], e["note"]) for e in entries] == [("-2%", "-0.5 个点")]


def test_the_double_dash_still_works(kpi: Invoke, workdir: Path) -> None:
    declare(workdir, RATES)
    result = kpi("log", "industry-growth", "--date", "2024-03-31", "--", "-4%")
    assert result.exit_code == 0, result.output
    assert history(kpi, "industry-growth") == ["-4%"]


def test_a_mistyped_option_is_still_refused(kpi: Invoke, workdir: Path) -> None:
    declare(workdir, RATES)
    result = kpi("log", "industry-growth", "-2%", "--nte", "x")
    assert result.exit_code == 2
    assert "--nte" in result.output
    assert history(kpi, "industry-growth") == []


def test_an_entry_is_amended_to_a_negative_figure(kpi: Invoke, workdir: Path) -> None:
    declare(workdir, RATES)
    assert kpi("log", "industry-growth", "1%", "--date", "2024-03-31").exit_code == 0
    logged = json.loads(kpi("history", "industry-growth", "--format", "json").stdout)
    result = kpi("amend", str(logged["entries"][0]["entry"]), "-2.5%", "--note", "统计局修订")
    assert result.exit_code == 0, result.output
    entries = json.loads(kpi("history", "industry-growth", "--format", "json").stdout)
    assert [e["input"] for e in entries["entries"] if not e["voided_at"]] == ["-2.5%"]


def test_stdin_and_import_take_negative_figures(kpi: Invoke, workdir: Path) -> None:
    declare(workdir, RATES)
    piped = CliRunner().invoke(app, ["log", "-"], input="industry-growth -2% 2024-03-31\n")
    assert piped.exit_code == 0, piped.output
    sheet = workdir / "本月.csv"
    sheet.write_text("id,value,date\nenergy-drop,-1.2%,2024-04-30\n", encoding="utf-8")
    imported = kpi("import", str(sheet))
    assert imported.exit_code == 0, imported.output
    assert history(kpi, "industry-growth") == ["-2%"]
    assert history(kpi, "energy-drop") == ["-1.2%"]


def test_the_installed_kpi_takes_a_negative_value(tmp_path: Path) -> None:
    """The shell hands `-2%` to the real process as its own word; no quoting helps there."""
    repo_targets = Path(__file__).resolve().parent.parent / "targets.yaml"
    (tmp_path / "targets.yaml").write_text(
        repo_targets.read_text(encoding="utf-8") + "\n" + RATES, encoding="utf-8"
    )
    done = subprocess.run(
        [kpi_executable(), "log", "industry-growth", "-2%", "--date", "2024-03-31"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "KPI_LANG": "zh"},
    )
    assert done.returncode == 0, done.stderr
    assert "-2%" in done.stderr  # the confirmation is told on stderr, stdout is for data


# -- the rearrangement, against a reference reading of the words -----------------------------

VALUED = {"--date", "--note"}
words = st.one_of(
    st.sampled_from(["-2%", "-0.5", "-3", "-１２"]),  # negatives, full-width digits included
    st.sampled_from(["growth", "5", "+3", "开工", "-"]),  # other positionals
)
options = st.tuples(st.sampled_from(sorted(VALUED)), st.sampled_from(["2024-03-31", "-1", "注"]))
flags = st.sampled_from(["--force", "-y"])
items = st.lists(
    st.one_of(
        words.map(lambda w: ("arg", w)),
        options.map(lambda o: ("opt", o)),
        flags.map(lambda f: ("flag", f)),
    ),
    max_size=8,
)


def reading(args: list[str]) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """Positionals in order, options with their values, flags: as Click would take them if
    a negative number were not mistaken for an option."""
    positionals: list[str] = []
    valued: list[tuple[str, str]] = []
    flagged: list[str] = []
    position = 0
    rest = False
    while position < len(args):
        word = args[position]
        if rest:
            positionals.append(word)
        elif word == "--":
            rest = True
        elif word in VALUED:
            valued.append((word, args[position + 1]))
            position += 1
        elif (
            word.startswith("-")
            and word not in ("-",)
            and not word[1:2].isdigit()
            and word[1:2] not in "０１２３４５６７８９."
        ):
            flagged.append(word)
        else:
            positionals.append(word)
        position += 1
    return positionals, valued, flagged


@given(items)
def test_moving_negatives_keeps_every_word_where_it_belongs(typed: list) -> None:  # type: ignore[type-arg]
    args: list[str] = []
    for kind, item in typed:
        if kind == "opt":
            args.extend(item)
        else:
            args.append(item)
    moved = negatives_last(args, VALUED)
    assert reading(moved) == reading(args)
    # After the move no negative number is left where Click would read it as an option.
    before_dash = moved[: moved.index("--")] if "--" in moved else moved
    values = {i + 1 for i, w in enumerate(before_dash) if w in VALUED}
    assert not [
        w
        for i, w in enumerate(before_dash)
        if i not in values and w[:1] == "-" and w[1:2].isdigit()
    ]
