"""Fuzz: any targets.yaml, and any value typed after ``kpi log``, gets exit 0 or a sentence.

Declarations are generated from the real structure (areas, indicators of every measure with
targets, units, periods, stages, pace, actuals, revisions, owners, checks…) and then mutated
with what a hostile or careless file holds: YAML tags, anchors and aliases (a shared list, a
loop, a "billion laughs"), numbers too large, too small, infinite or not a number, far dates,
empty strings, control characters, long strings, CJK, and values of the wrong type. Each one
runs through ``kpi validate`` and, when valid, ``kpi status --format json``: the answer is
exit 0 (with JSON that parses) or exit 2 with one line per problem, never a traceback.

Size: ``KPI_FUZZ_EXAMPLES`` declarations (default 300, the CI size, well under a minute);
``kpi log`` gets a tenth of that, at least 200. The full run is
``KPI_FUZZ_EXAMPLES=10000`` (10,000 declarations and 1,000 values).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import typer
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from kpitrack.cli import app

from .conftest import REPO_TARGETS

EXAMPLES = int(os.environ.get("KPI_FUZZ_EXAMPLES", "300"))
LOG_EXAMPLES = max(200, EXAMPLES // 10)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
COMMAND = typer.main.get_command(app)  # built once: Typer would rebuild it on every call


# -- a YAML document as a tree the fuzz can tag, anchor and alias ---------------------------


@dataclass
class Scalar:
    text: str
    tag: str | None = None
    anchor: str | None = None


@dataclass
class Seq:
    items: list[Node]
    anchor: str | None = None
    tag: str | None = None


@dataclass
class Map:
    pairs: list[tuple[str, Node]]
    anchor: str | None = None
    tag: str | None = None


@dataclass
class Alias:
    anchor: str


Node = Scalar | Seq | Map | Alias


def events(node: Node) -> Iterator[Event]:
    if isinstance(node, Alias):
        yield AliasEvent(node.anchor)
    elif isinstance(node, Scalar):
        implicit = (node.tag is None, node.tag is None)
        yield ScalarEvent(node.anchor, node.tag, implicit, node.text)
    elif isinstance(node, Seq):
        yield SequenceStartEvent(node.anchor, node.tag, node.tag is None)
        for item in node.items:
            yield from events(item)
        yield SequenceEndEvent()
    else:
        yield MappingStartEvent(node.anchor, node.tag, node.tag is None)
        for key, value in node.pairs:
            yield ScalarEvent(None, None, (True, True), key)
            yield from events(value)
        yield MappingEndEvent()


def dump(node: Node) -> str:
    stream = [StreamStartEvent(), DocumentStartEvent(), *events(node)]
    stream += [DocumentEndEvent(), StreamEndEvent()]
    return yaml.emit(stream, allow_unicode=True)


# -- what a declaration holds -----------------------------------------------------------------

YEARS = st.sampled_from([2023, 2024, 2025])
FIGURES = st.sampled_from(
    [("21", ""), ("59.2亿元", "亿元"), ("1.05万个", "个"), ("110%", "%"), ("30多个", "个"),
     ("750余家", "家"), ("突破60亿元", "亿元"), ("10个", "个"), ("0", ""), ("3.5", "")]
)  # fmt: skip
OWNERS = st.sampled_from(["区发展改革委", "区教育局", "区卫生健康委", "各街道"])
NAMES = st.text(
    alphabet="签约项目落地完成投资新增企业建成投用学校医院公园道路", min_size=2, max_size=8
)
IDS = st.from_regex(r"[a-z]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
STAGES = st.lists(
    st.sampled_from(["谋划", "签约", "开工", "在建", "建成", "投用"]),
    min_size=1,
    max_size=4,
    unique=True,
)


def text(value: str) -> Scalar:
    return Scalar(value)


def days_of(year: int) -> st.SearchStrategy[str]:
    """Days of the year, the ends and the quarters' ends most often."""
    ends = [f"{year}-01-01", f"{year}-03-31", f"{year}-06-30", f"{year}-09-30", f"{year}-12-31"]
    return st.sampled_from(ends) | st.dates(date(year, 1, 1), date(year, 12, 31)).map(str)


@st.composite
def period(draw: st.DrawFn, year: int) -> Node:
    if draw(st.booleans()):
        return text(str(year))
    start, end = sorted(draw(st.lists(days_of(year), min_size=2, max_size=2)))
    return Map([("start", text(start)), ("end", text(end))])


@st.composite
def indicator(draw: st.DrawFn, number: int) -> Node:
    measure = draw(
        st.sampled_from(["total", "level", "milestone", "honour", "result", "context", "task"])
    )
    year = draw(YEARS)
    days = days_of(year)
    pairs: list[tuple[str, Node]] = [
        ("id", text(f"{draw(IDS)}-{number}")),
        ("name", text(f"{draw(NAMES)}{number}")),
        # every day drawn below falls in its year; a narrower period may leave some outside
        ("period", draw(period(year)) if draw(st.integers(0, 3)) == 0 else text(str(year))),
    ]
    if measure != "total" or draw(st.booleans()):
        pairs.append(("measure", text(measure)))
    stages = draw(STAGES)
    if measure == "milestone":
        stage_nodes: list[Node] = [
            Map([("name", text(s)), ("due", text(draw(days)))]) if draw(st.booleans()) else text(s)
            for s in stages
        ]
        pairs.append(("stages", Seq(stage_nodes)))
        if draw(st.booleans()):
            pairs.append(("target", text(stages[-1])))
        if len(stages) > 1 and draw(st.booleans()):
            pairs.append(("start", text(stages[0])))
    elif measure in ("total", "level"):
        figure, unit = draw(FIGURES)
        pairs.append(("target", text(figure)))
        if unit and draw(st.booleans()):
            pairs.append(("unit", text(unit)))
        if draw(st.booleans()):
            pairs.append(("baseline", text(f"{draw(st.integers(0, 99))}{unit}")))
        if draw(st.booleans()):
            pairs.append(("direction", text(draw(st.sampled_from(["at_least", "at_most"])))))
        if draw(st.booleans()):
            pairs.append(("pace", Map([(draw(days), text(f"{draw(st.integers(0, 100))}%"))])))
        if draw(st.booleans()):
            was = Map(
                [("date", text(draw(days))), ("was", text(f"{draw(st.integers(0, 99))}{unit}"))]
            )
            pairs.append(("revised", was))
        if draw(st.booleans()):
            pairs.append(("checks", Map([("jump", text("5")), ("over_target", text("3"))])))
    if measure in ("result", "context"):
        pairs.append(("actual", text(draw(FIGURES)[0])))
        if measure == "result" and draw(st.booleans()):
            pairs.append(("verdict", text(draw(st.sampled_from(["超额完成", "完成", "未说明"])))))
    elif measure == "milestone" and draw(st.booleans()):
        pairs.append(("actual", Map([("value", text(stages[0])), ("as_of", text(draw(days)))])))
    for key, values in [
        ("cycle", st.sampled_from(["weekly", "monthly", "quarterly"])),
        ("owner", OWNERS),
        ("source", NAMES),
        ("source_line", st.integers(1, 400).map(str)),
        ("commitment", st.sampled_from(["确保", "力争", "争取"])),
        ("owner_assumed", st.sampled_from(["true", "false"])),
        ("confidence", st.sampled_from(["0.5", "1", "0"])),
        ("note", NAMES),
    ]:
        if draw(st.integers(0, 4)) == 0:
            value = draw(values)
            pairs.append((key, value if isinstance(value, (Map, Seq, Scalar)) else text(value)))
    return Map(pairs)


@st.composite
def declaration(draw: st.DrawFn) -> Map:
    pairs: list[tuple[str, Node]] = []
    if draw(st.booleans()):
        pairs.append(("report", text(draw(NAMES))))
    if draw(st.booleans()):
        pairs.append(("thresholds", Map([("behind", text("-5")), ("far_behind", text("-30"))])))
    if draw(st.booleans()):
        pairs.append(("checks", Map([("jump", text("5")), ("over_target", text("3"))])))
    if draw(st.booleans()):
        defaults = [("period", draw(period(draw(YEARS)))), ("owner", text(draw(OWNERS)))]
        pairs.append(("defaults", Map(defaults)))
    areas: list[Node] = []
    number = 0
    for area_index in range(draw(st.integers(1, 3))):
        indicators: list[Node] = []
        for _ in range(draw(st.integers(1, 4))):
            number += 1
            indicators.append(draw(indicator(number)))
        area: list[tuple[str, Node]] = [("name", text(f"{draw(NAMES)}领域{area_index}"))]
        if draw(st.booleans()):
            area.insert(0, ("id", text(f"area-{area_index}")))
        area.append(("indicators", Seq(indicators)))
        areas.append(Map(area))
    pairs.append(("areas", Seq(areas)))
    return Map(pairs)


# -- what a hostile file does to it ------------------------------------------------------------

HUGE = "9" * 5000
EXTREME = st.sampled_from(
    [
        ".inf", "-.inf", ".nan", ".NaN", "1e400", "1.0e+400", "9e999", "-1.0e+400", HUGE,
        "-" + HUGE, "0." + "0" * 400 + "1", "1.0e-300", "-0", "-0.0", "0", "999999999999999",
        "1000000000000000", "0x7fffffff", "0b101", "0o17", "1:30", "1_000", "~", "null", "",
        "true", "no", "0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01", "2200-12-31",
        "1900-01-01", "2024-02-30", "2024-13-01", "2024-06-30T10:00:00", "2024-06-30 10:00:00 +8",
        "10000", "0", "-1", "2024-W27", "99999-01-01", "１０个", "５　６", "5 6", "二十一个",
        "999999999999999万亿", "1e15", "１e３", "…", "\x01", "a\x00b", "\t", "\r\n", "\u2028",
        "x" * 3000, "中" * 2000, "𠀀𠀁", "\ufeff", "\u200b", "--help", "- 1", "[1, 2]", "{a: 1}",
        "*alias", "&a", "!tag", "%TAG", "'", '"', "|", ">", "#", ": ", "@", "`",
    ]
)  # fmt: skip
TAGS = st.sampled_from(
    [
        "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp",
        "tag:yaml.org,2002:float", "tag:yaml.org,2002:str", "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:binary", "tag:yaml.org,2002:set", "tag:yaml.org,2002:omap",
        "tag:yaml.org,2002:python/object:os.system", "tag:yaml.org,2002:python/name:eval",
        "!local", "!",
    ]
)  # fmt: skip
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


def nodes(node: Node, path: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], Node]]:
    """Every node with the path that reaches it (indices into items, pairs)."""
    yield path, node
    if isinstance(node, Seq):
        for index, item in enumerate(node.items):
            yield from nodes(item, (*path, index))
    elif isinstance(node, Map):
        for index, (_, value) in enumerate(node.pairs):
            yield from nodes(value, (*path, index))


def replace_at(node: Node, path: tuple[int, ...], new: Node) -> Node:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(node, Seq):
        items = list(node.items)
        items[head] = replace_at(items[head], rest, new)
        return Seq(items, node.anchor, node.tag)
    assert isinstance(node, Map)
    pairs = list(node.pairs)
    key, value = pairs[head]
    pairs[head] = (key, replace_at(value, rest, new))
    return Map(pairs, node.anchor, node.tag)


def bomb(levels: int) -> list[tuple[str, Node]]:
    """A "billion laughs": each key holds nine aliases of the one before."""
    pairs: list[tuple[str, Node]] = [("l0", Seq([Scalar("lol")] * 9, anchor="l0"))]
    for level in range(1, levels):
        pairs.append((f"l{level}", Seq([Alias(f"l{level - 1}")] * 9, anchor=f"l{level}")))
    return pairs


@st.composite
def hostile(draw: st.DrawFn) -> str:
    """A declaration, then up to five mutations; the YAML text it makes."""
    root: Node = draw(declaration())
    anchors = 0
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 3, 5]))):
        found = list(nodes(root))
        path, node = draw(st.sampled_from(found[1:]))
        action = draw(
            st.sampled_from(
                ["extreme", "text", "tag", "alias", "wrong_type", "drop", "loop", "bomb", "deep"]
            )
        )
        if action == "extreme":
            root = replace_at(root, path, Scalar(draw(EXTREME)))
        elif action == "text":
            root = replace_at(root, path, Scalar(draw(ANY_TEXT)))
        elif action == "tag" and not isinstance(node, Alias):
            tagged = Scalar(draw(EXTREME | ANY_TEXT)) if draw(st.booleans()) else node
            tagged.tag = draw(TAGS)
            root = replace_at(root, path, tagged)
        elif action == "alias" and not isinstance(node, Alias):
            # anchor a value, then put its alias in a later place (a shared list of stages)
            anchors += 1
            node.anchor = f"a{anchors}"
            later = [p for p, _ in nodes(root) if p > path and p[: len(path)] != path]
            if later:
                root = replace_at(root, draw(st.sampled_from(later)), Alias(f"a{anchors}"))
        elif action == "wrong_type":
            other = draw(st.sampled_from([Seq([Scalar("1")]), Map([("a", Scalar("1"))]), Seq([])]))
            root = replace_at(root, path, other)
        elif action == "drop" and isinstance(node, (Map, Seq)):
            root = replace_at(root, path, Map([]) if isinstance(node, Map) else Seq([]))
        elif action == "loop" and isinstance(node, (Map, Seq)):
            anchors += 1
            node.anchor = f"a{anchors}"
            if isinstance(node, Seq):
                node.items.append(Alias(f"a{anchors}"))
            else:
                node.pairs.append(("loop", Alias(f"a{anchors}")))
        elif action == "bomb" and isinstance(root, Map):
            root.pairs = bomb(draw(st.integers(2, 9))) + root.pairs
        elif action == "deep":
            deep: Node = Scalar("1")
            for _ in range(draw(st.sampled_from([10, 70, 300]))):
                deep = Seq([deep])
            root = replace_at(root, path, deep)
    written = dump(root)
    if draw(st.booleans()):  # the emitter quotes a tagged value; a person writes !!bool perhaps
        written = re.sub(r"(![^\s']*) '([^'\n]*)'", r"\1 \2", written)
    if draw(st.integers(0, 9)) == 0:  # a raw character the emitter would have escaped
        at = draw(st.integers(0, len(written)))
        written = (
            written[:at]
            + draw(st.sampled_from(["\x01", "\x7f", "\ufffe", "\t", "\x85"]))
            + written[at:]
        )
    return written


# -- the assertions -----------------------------------------------------------------------------


def sane(result: Result, path: Path) -> None:
    """Exit 0, or exit 2 with one line per problem; never an exception, never a traceback."""
    everything = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), everything
    assert "Traceback" not in everything, everything
    assert result.exit_code in (0, 2), everything
    if result.exit_code == 2:
        lines = result.stderr.strip("\n").splitlines()
        assert lines and all(line.strip() for line in lines), everything
        header = re.fullmatch(r".* (?:有 (\d+) 处问题：|has (\d+) problems:)", lines[0])
        if header:
            count = int(header[1] or header[2])
            assert len(lines) == count + 1, everything
            assert all(line.startswith(f"  {path}:") for line in lines[1:]), everything
        else:
            assert len(lines) == 1, everything


@pytest.fixture(scope="module")
def empty_db() -> Iterator[Path]:
    """A migrated database holding nothing: copied for each example, which is faster than
    creating one, and keeps every example alone."""
    folder = Path(tempfile.mkdtemp(prefix="kpi-fuzz-"))
    (folder / "none.yaml").write_text("areas: []\n", encoding="utf-8")
    db = folder / "empty.db"
    result = CliRunner().invoke(
        COMMAND, ["init", "--targets", str(folder / "none.yaml"), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    yield db
    shutil.rmtree(folder, ignore_errors=True)


def check_declaration(written: str, empty_db: Path, as_of: str) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="kpi-fuzz-") as folder:
        path = Path(folder) / "targets.yaml"
        path.write_text(written, encoding="utf-8", errors="surrogatepass")
        validated = runner.invoke(COMMAND, ["validate", "--targets", str(path)])
        sane(validated, path)
        event("valid" if validated.exit_code == 0 else "refused")
        if validated.exit_code != 0:
            return
        db = Path(folder) / "kpi.db"
        shutil.copy(empty_db, db)
        status = runner.invoke(
            COMMAND,
            ["status", "--format", "json", "--targets", str(path), "--db", str(db),
             "--as-of", as_of, "--period", "all"],
        )  # fmt: skip
        sane(status, path)
        if status.exit_code == 0:
            json.loads(status.stdout)


AS_OF = st.sampled_from(["2024-06-30", "2023-01-01", "2025-12-31", "1900-01-01", "2200-12-31"])


@FUZZ
@given(hostile(), AS_OF)
def test_any_declaration_is_valid_or_refused_line_by_line(
    empty_db: Path, written: str, as_of: str
) -> None:
    check_declaration(written, empty_db, as_of)


def test_the_fuzz_generates_what_it_claims() -> None:
    """The generator reaches the cases it is for: tags, aliases and bombs are emitted."""
    root = Map([("a", Scalar("1", tag="tag:yaml.org,2002:int")), *bomb(3)])
    written = dump(root)
    assert "!!int '1'" in written and "&l0" in written and "*l1" in written


# -- kpi log: any text as a value ---------------------------------------------------------------

VALUES = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    st.text(alphabet="0123456789０１２３４５６７８９.,，．+- \u3000\t万亿元个%余多约突破二十一", max_size=30),
    st.builds(lambda d, u: d + u, st.from_regex(r"[0-9]{1,400}(\.[0-9]{1,50})?", fullmatch=True),
              st.sampled_from(["", "个", "万个", "亿元", "万亿", "万亿元", "%", "e400"])),
    st.sampled_from(["5 6", "5\u30006", "1\x002", "\x01", "１０个", "999999999999999万亿", HUGE,
                     "1e400", "inf", "nan", "-0", "+1e5", "完成", "建成", "2024-06-30"]),
)  # fmt: skip
LOG_IDS = [
    "signed-projects-landed",  # a total
    "key-projects-2024",  # a level
    "tencent-esports",  # a milestone
    "leading-industries",  # a task
]


@pytest.fixture(scope="module")
def log_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="kpi-fuzz-log-"))
    shutil.copy(REPO_TARGETS, folder / "targets.yaml")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@settings(
    max_examples=LOG_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(LOG_IDS), VALUES, st.booleans())
def test_any_logged_value_is_recorded_or_refused(
    log_folder: Path, indicator: str, value: str, force: bool
) -> None:
    path = log_folder / "targets.yaml"
    args = ["log", indicator, "--date", "2024-06-30", "--by", "测试员", "--targets", str(path)]
    args += ["--db", str(log_folder / "kpi.db"), *(["--force"] if force else []), "--", value]
    result = CliRunner().invoke(COMMAND, args)
    sane(result, path)
