"""Loading targets.yaml: every problem found at once, each with its file, line and key.

The YAML is read as a node tree (``yaml.compose``) rather than as plain Python, because only
nodes remember their line numbers, and because a mapping node shows duplicate keys that
``yaml.safe_load`` would silently collapse into one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from difflib import get_close_matches
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kpitrack.days import FIRST_DAY, LAST_DAY, in_range
from kpitrack.errors import KpiError, Problem, QuantityError, TargetsError, clip
from kpitrack.groups import group_problems, with_member_of
from kpitrack.matching import fold
from kpitrack.messages import t
from kpitrack.model import (
    Area,
    Checkpoint,
    Checks,
    Cycle,
    Direction,
    Indicator,
    Measure,
    Period,
    Revision,
    SeedActual,
    Stage,
    Targets,
    Thresholds,
)
from kpitrack.quantity import LIMIT, Quantity, convert, exact_text, parse_quantity
from kpitrack.results import COMMITMENTS, UNSCORED, Verdict
from kpitrack.targets_file import find_targets as find_targets
from kpitrack.targets_file import resolve_targets_path as resolve_targets_path
from kpitrack.tasks import DONE_WORD, HONOUR_STAGE
from kpitrack.units import is_magnitude, resolve_unit
from kpitrack.yaml_rules import refusals

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

TOP_KEYS = {"report", "scope", "thresholds", "defaults", "areas", "checks"}
DEFAULT_KEYS = {"period", "cycle", "owner", "owner_assumed"}
AREA_KEYS = {"id", "name", "indicators", *DEFAULT_KEYS}
INDICATOR_KEYS = {
    "id", "name", "target", "unit", "direction", "measure", "period", "baseline", "pace",
    "cycle", "owner", "source", "approx", "stages", "actual", "note", "revised", "replaces",
    "source_line", "confidence", "review", "checks",
    "owner_assumed", "start", "members",  # the words side (issue 9)
}  # fmt: skip
INDICATOR_KEYS |= {"commitment", "verdict"}  # issue 9, the numbers side (results.py)
THRESHOLD_KEYS = {"behind", "far_behind"}
CHECK_KEYS = {"jump", "over_target"}

T = TypeVar("T")

# fields that quote what the file says, cut to a readable length (a reason is a sentence that
# quotes its own value, already cut)
_QUOTED = ("value", "key", "id", "name", "stage", "given", "unit", "date")

# finite bounds of the numeric settings: a gap in percentage points, a factor of a figure
THRESHOLD_RANGE = (Decimal(-1000), Decimal(0))
FACTOR_LIMIT = Decimal(1000)
LINE_LIMIT = 10_000_000  # source_line: no report runs longer

# libyaml's parser when PyYAML was built with it: several times faster, same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_targets(path: Path) -> Targets:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise KpiError("targets.not_utf8", path=path) from error
    except OSError as error:
        raise KpiError("targets.unreadable", path=path, reason=error.strerror or error) from error
    return parse_targets(text, path)


def parse_targets(text: str, path: Path) -> Targets:
    reader = _Reader(str(path))
    try:
        refused = refusals(text, _LOADER)  # tags, exploding aliases: before any node is built
        if refused:
            raise TargetsError(str(path), refused)
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise TargetsError(str(path), [_syntax_problem(error, text)]) from error
    if root is None:
        root = MappingNode("tag:yaml.org,2002:map", [])
    targets = reader.document(root, path)
    if reader.problems:
        raise TargetsError(str(path), reader.problems)
    return targets


def _syntax_problem(error: yaml.YAMLError, text: str) -> Problem:
    """Where the YAML broke, as a line number, whatever kind of error PyYAML raised."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        reason = error.problem or str(error)
    elif isinstance(error, yaml.reader.ReaderError):
        line = text[: error.position].count("\n") + 1
        reason = f"control character {error.character!r} is not allowed"
    else:
        line, reason = 1, str(error)
    return Problem(line, "yaml", "targets.yaml_syntax", {"reason": reason})


class _Reader:
    """Walks the node tree, collecting problems instead of stopping at the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.constructor = SafeConstructor()
        self.seen_ids: dict[str, int] = {}
        self.default_checks = Checks()
        # settings written once for many indicators (defaults, an area's period or owner):
        # where each is written, and what reading it gave, so a mistake is said once
        self.shared_at: dict[int, str] = {}
        self.shared_read: dict[int, tuple[Any, bool]] = {}
        self.shared_faults = 0

    # -- plumbing ---------------------------------------------------------------------------

    def problem(self, node: Node, where: str, message: str, **fields: object) -> None:
        line = node.start_mark.line + 1 if node.start_mark is not None else 1
        quoted = {name: clip(fields[name]) for name in _QUOTED if name in fields}
        self.problems.append(Problem(line, clip(where), message, {**fields, **quoted}))

    def mapping(self, node: Node, where: str, allowed: set[str]) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            self.problem(node, where, "targets.expected_mapping")
            return {}
        result: dict[str, Node] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(self.scalar(key_node))
            if key in result:
                self.problem(key_node, where, "targets.duplicate_key", key=key, first=lines[key])
                continue
            if key not in allowed:
                close = get_close_matches(key, sorted(allowed), n=1)
                hint = t("targets.did_you_mean", key=close[0]) if close else ""
                self.problem(key_node, where, "targets.unknown_key", key=key, hint=hint)
                continue
            result[key] = value_node
            lines[key] = key_node.start_mark.line + 1
        return result

    def label(self, node: Node, fallback: str) -> str:
        """Name an indicator by its id in messages when it has a usable one."""
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                is_id = isinstance(key_node, ScalarNode) and key_node.value == "id"
                if is_id and isinstance(value_node, ScalarNode) and value_node.value:
                    return str(value_node.value)
        return fallback

    def sequence(self, node: Node, where: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.problem(node, where, "targets.expected_list")
            return []
        return list(node.value)

    def scalar(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            try:
                return self.constructor.construct_object(node, deep=True)
            except (ValueError, yaml.YAMLError):
                return node.value  # e.g. 2024-13-01 looks like a date but is none
        return None

    def text(self, node: Node, where: str) -> str | None:
        value = self.scalar(node)
        if value is None or isinstance(value, (dict, list)):
            self.problem(node, where, "targets.expected_text")
            return None
        return str(value).strip()

    def choice(
        self, node: Node, where: str, enum: Callable[[str], T], choices: list[str]
    ) -> T | None:
        value = self.text(node, where)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            self.problem(node, where, "targets.bad_choice", value=value, choices=", ".join(choices))
            return None

    def day(self, node: Node, where: str) -> date | None:
        """A day between 1900 and 2200 (see days.py); a time of day is refused, not dropped."""
        value = self.scalar(node)
        if isinstance(value, datetime):
            self.problem(node, where, "targets.date_with_time", value=_written(node))
            return None
        if not isinstance(value, date):
            try:
                value = date.fromisoformat(str(value))
            except ValueError:
                self.problem(node, where, "targets.bad_date", value=_written(node))
                return None
        if not in_range(value):
            self.problem(node, where, "targets.date_out_of_range", value=_written(node))
            return None
        return value

    def quantity(self, node: Node, where: str) -> Quantity | None:
        value = self.scalar(node)
        if not isinstance(node, ScalarNode):  # [1, 2] or {a: 1}: there is no one value to quote
            self.problem(node, where, "targets.not_one_value")
            return None
        if value is None or isinstance(value, bool):
            self.problem(node, where, "targets.bad_number", value=value)
            return None
        if isinstance(value, float):  # 1.5, 1.0e+5, .inf: read as written, never as a float
            number = _decimal_of(node, value)
            if number is None:
                self.problem(node, where, "targets.not_finite", value=node.value)
                return None
            if abs(number) >= LIMIT:  # 1.0e+400: quoted as written, not as 401 digits
                reason = QuantityError("quantity.too_large", raw=node.value)
                self.problem(node, where, "targets.bad_quantity", reason=str(reason))
                return None
            value = exact_text(number)
        try:
            return parse_quantity(str(value))
        except QuantityError as error:
            self.problem(node, where, "targets.bad_quantity", reason=str(error))
            return None

    def number(
        self, node: Node, where: str, bounds: tuple[Decimal, Decimal] | None = None
    ) -> Decimal | None:
        """A plain number, finite and, with ``bounds``, within them (both ends allowed)."""
        value = self.scalar(node)
        if not isinstance(node, ScalarNode):
            self.problem(node, where, "targets.not_one_value")
            return None
        number = _decimal_of(node, value)
        if number is None and isinstance(value, float):
            self.problem(node, where, "targets.not_finite", value=node.value)
            return None
        if number is None:
            self.problem(node, where, "targets.bad_number", value=node.value)
            return None
        if bounds is not None and not bounds[0] <= number <= bounds[1]:
            low, high = (exact_text(bound) for bound in bounds)
            self.problem(node, where, "targets.number_out_of_range", value=node.value,
                         low=low, high=high)  # fmt: skip
            return None
        return number

    # -- the document -----------------------------------------------------------------------

    def document(self, root: Node, path: Path) -> Targets:
        top = self.mapping(root, "(top)", TOP_KEYS)
        report = self.text(top["report"], "report") if "report" in top else None
        scope = self.text(top["scope"], "scope") if "scope" in top else None
        thresholds = self.thresholds(top["thresholds"]) if "thresholds" in top else Thresholds()
        if "checks" in top:
            self.default_checks = self.checks(top["checks"], "checks", Checks())
        defaults = (
            self.mapping(top["defaults"], "defaults", DEFAULT_KEYS) if "defaults" in top else {}
        )
        self.shared_at |= {id(node): f"defaults.{key}" for key, node in defaults.items()}
        areas: list[Area] = []
        if "areas" not in top:
            self.problem(root, "(top)", "targets.missing_key", key="areas")
        else:
            for index, area_node in enumerate(self.sequence(top["areas"], "areas")):
                area = self.area(area_node, index, defaults)
                if area is not None:
                    areas.append(area)
        self.check_renames(areas)
        self.check_names(areas)
        self.problems.extend(group_problems(areas, self.seen_ids))
        areas = with_member_of(areas)
        return Targets(
            path=path,
            areas=tuple(areas),
            report=report,
            scope=scope or None,
            thresholds=thresholds,
            checks=self.default_checks,
        )

    def check_renames(self, areas: list[Area]) -> None:
        """An old id is replaced once, and by an indicator, not by itself still declared."""
        claimed: dict[str, str] = {}
        for indicator in (i for area in areas for i in area.indicators):
            for old in indicator.replaces:
                where = f"{indicator.id}.replaces"
                if old in self.seen_ids:
                    self.problems.append(
                        Problem(indicator.line, where, "targets.replaces_declared", {"id": old})
                    )
                elif old in claimed:
                    self.problems.append(
                        Problem(indicator.line, where, "targets.replaces_twice",
                                {"id": old, "other": claimed[old]})
                    )  # fmt: skip
                claimed[old] = indicator.id

    def check_names(self, areas: list[Area]) -> None:
        """Two indicators of one period may not share a name: logging by name would guess."""
        first: dict[tuple[Period, str], Indicator] = {}
        for indicator in (i for area in areas for i in area.indicators):
            seen = first.setdefault((indicator.period, fold(indicator.name)), indicator)
            if seen is not indicator:
                self.problems.append(
                    Problem(indicator.line, f"{indicator.id}.name", "targets.duplicate_name",
                            {"name": indicator.name, "period": indicator.period.label,
                             "other": seen.id, "first": seen.line})
                )  # fmt: skip

    def thresholds(self, node: Node) -> Thresholds:
        keys = self.mapping(node, "thresholds", THRESHOLD_KEYS)
        default = Thresholds()
        behind = (
            self.number(keys["behind"], "thresholds.behind", THRESHOLD_RANGE)
            if "behind" in keys
            else None
        )
        far = (
            self.number(keys["far_behind"], "thresholds.far_behind", THRESHOLD_RANGE)
            if "far_behind" in keys
            else None
        )
        result = Thresholds(
            behind=default.behind if behind is None else behind,
            far_behind=default.far_behind if far is None else far,
        )
        if not result.far_behind <= result.behind <= 0:
            self.problem(node, "thresholds", "targets.threshold_order")
        return result

    def checks(self, node: Node, where: str, inherited: Checks) -> Checks:
        """``checks: {jump: 5, over_target: 3}``: factors, each a number above 1, at most 1000."""
        keys = self.mapping(node, where, CHECK_KEYS)
        found: dict[str, Decimal] = {}
        for key, value_node in keys.items():
            number = self.number(value_node, f"{where}.{key}")
            if number is None:
                continue
            if not 1 < number <= FACTOR_LIMIT:
                self.problem(value_node, f"{where}.{key}", "targets.bad_check_factor",
                             value=_written(value_node))  # fmt: skip
                continue
            found[key] = Decimal(str(number))
        return replace(inherited, **found)

    def area(self, node: Node, index: int, defaults: dict[str, Node]) -> Area | None:
        where = f"areas[{index}]"
        keys = self.mapping(node, where, AREA_KEYS)
        if not keys:
            return None
        name = self.text(keys["name"], f"{where}.name") if "name" in keys else None
        if name is None:
            if "name" not in keys:
                self.problem(node, where, "targets.missing_key", key="name")
            return None
        area_id = f"area-{index + 1}"
        if "id" in keys:
            area_id = self.text(keys["id"], f"{where}.id") or area_id
            if not ID_PATTERN.match(area_id):
                self.problem(keys["id"], f"{where}.id", "targets.bad_id", id=area_id)
        # owner_assumed is inherited like owner: a file whose owners are all guesses says so
        # once, under defaults; a level whose owner is known says owner_assumed: false
        inherited = {**defaults, **{k: v for k, v in keys.items() if k in DEFAULT_KEYS}}
        self.shared_at |= {id(v): f"{where}.{k}" for k, v in keys.items() if k in DEFAULT_KEYS}
        indicators: list[Indicator] = []
        if "indicators" in keys:
            for position, item in enumerate(
                self.sequence(keys["indicators"], f"{where}.indicators")
            ):
                indicator = self.indicator(
                    item, f"{where}.indicators[{position}]", area_id, inherited
                )
                if indicator is not None:
                    indicators.append(indicator)
        return Area(id=area_id, name=name, indicators=tuple(indicators))

    def period(self, node: Node, where: str) -> Period | None:
        value = self.scalar(node)
        if isinstance(value, int) and not isinstance(value, bool):
            if FIRST_DAY.year <= value <= LAST_DAY.year:
                return Period.year(value)
            self.problem(node, where, "targets.date_out_of_range", value=_written(node))
            return None
        if isinstance(node, MappingNode):
            keys = self.mapping(node, where, {"start", "end"})
            if "start" in keys and "end" in keys:
                start = self.day(keys["start"], f"{where}.start")
                end = self.day(keys["end"], f"{where}.end")
                if start is None or end is None:
                    return None
                if end < start:
                    self.problem(node, where, "targets.period_order", start=start, end=end)
                    return None
                return Period(start, end)
        self.problem(node, where, "targets.bad_period", value=value if value is not None else "…")
        return None

    def indicator(
        self, node: Node, where: str, area_id: str, inherited: dict[str, Node]
    ) -> Indicator | None:
        where = self.label(node, where)
        keys = self.mapping(node, where, INDICATOR_KEYS)
        if not keys:
            return None
        missing = [key for key in ("id", "name", "target") if key not in keys]
        measure_node = keys.get("measure")
        said = self.scalar(measure_node) if measure_node is not None else None
        honour = said == "honour"
        if said in ("milestone", "honour", "task") and "target" in missing:
            missing.remove("target")  # a milestone's target defaults to its last stage
        if (
            measure_node is not None
            and self.scalar(measure_node) in UNSCORED
            and "target" in missing
        ):
            missing.remove("target")  # a result or a context figure has no target
        for key in missing:
            self.problem(node, where, "targets.missing_key", key=key)
        indicator_id = self.text(keys["id"], f"{where}.id") if "id" in keys else None
        if indicator_id is not None:
            if not ID_PATTERN.match(indicator_id):
                self.problem(keys["id"], f"{where}.id", "targets.bad_id", id=indicator_id)
            elif indicator_id in self.seen_ids:
                self.problem(
                    keys["id"], f"{where}.id", "targets.duplicate_id",
                    id=indicator_id, first=self.seen_ids[indicator_id],
                )  # fmt: skip
            else:
                self.seen_ids[indicator_id] = keys["id"].start_mark.line + 1
        name = self.text(keys["name"], f"{where}.name") if "name" in keys else None
        before = len(self.problems)

        settings = {**inherited, **{k: v for k, v in keys.items() if k in DEFAULT_KEYS}}
        faults = self.shared_faults
        period = self.setting(settings, "period", where, self.period)
        if period is None and "period" not in settings:
            period = Period.year(date.today().year)
        cycle = Cycle.MONTHLY
        if "cycle" in settings:
            read_cycle = partial(self.choice, enum=Cycle, choices=list(Cycle))
            cycle = self.setting(settings, "cycle", where, read_cycle) or cycle
        owner = self.setting(settings, "owner", where, self.text)
        owner_assumed = bool(self.setting(settings, "owner_assumed", where, self.boolean))
        source_line = self.source_line(keys, where)

        measure = Measure.TOTAL
        if honour:
            measure = Measure.MILESTONE
        elif measure_node is not None:
            measure = (
                self.choice(measure_node, f"{where}.measure", Measure, [*Measure, "honour"])
                or measure
            )
        direction = Direction.AT_LEAST
        if "direction" in keys:
            direction = (
                self.choice(keys["direction"], f"{where}.direction", Direction, list(Direction))
                or direction
            )

        stages: tuple[Stage, ...] = ()
        if "stages" in keys:
            if measure is not Measure.MILESTONE:
                self.problem(keys["stages"], f"{where}.stages", "targets.stages_only_milestone")
            stages = self.stages(keys["stages"], f"{where}.stages")
        elif honour:
            stages = (Stage(HONOUR_STAGE),)
        elif measure is Measure.MILESTONE:
            self.problem(node, where, "targets.milestone_needs_stages")

        unit = ""
        target: Decimal | None = None
        target_stage: str | None = None
        approx = self.text(keys["approx"], f"{where}.approx") if "approx" in keys else None
        if measure is Measure.MILESTONE:
            unit = "阶段"
            if "target" in keys:
                target_stage = self.stage_name(keys["target"], f"{where}.target", stages)
        elif measure is Measure.TASK:
            if "target" in keys:
                self.problem(keys["target"], f"{where}.target", "targets.task_target")
        else:
            unit_given = self.unit(keys["unit"], f"{where}.unit") if "unit" in keys else None
            quantity = (
                self.quantity(keys["target"], f"{where}.target") if "target" in keys else None
            )
            unit = unit_given if unit_given is not None else (quantity.unit if quantity else "")
            if measure in UNSCORED:
                unit = self.unscored_unit(keys, where, measure, unit_given)
            if quantity is not None:
                target = self.in_unit(quantity, unit, keys["target"], f"{where}.target")
                approx = approx or quantity.approx

        start_stage = self.start_stage(keys, where, measure, stages, target_stage)
        baseline = None
        if "baseline" in keys and measure is not Measure.MILESTONE:
            quantity = self.quantity(keys["baseline"], f"{where}.baseline")
            if quantity is not None:
                baseline = self.in_unit(quantity, unit, keys["baseline"], f"{where}.baseline")

        pace: tuple[Checkpoint, ...] = ()
        if "pace" in keys and period is not None:
            pace = self.pace(keys["pace"], f"{where}.pace", period)

        actual = None
        if "actual" in keys and period is not None:
            actual = self.actual(keys["actual"], f"{where}.actual", measure, unit, stages, period)

        revisions: tuple[Revision, ...] = ()
        if "revised" in keys and period is not None and measure is not Measure.MILESTONE:
            revisions = self.revisions(keys["revised"], f"{where}.revised", unit, period)
        replaces: tuple[str, ...] = ()
        if "replaces" in keys:
            replaces = self.replaced_ids(keys["replaces"], f"{where}.replaces")

        if "confidence" in keys:
            confidence = self.number(keys["confidence"], f"{where}.confidence")
            if confidence is not None and not 0 <= confidence <= 1:
                self.problem(keys["confidence"], f"{where}.confidence", "targets.bad_confidence")
        for flag in ("review",):
            if flag in keys and not isinstance(self.scalar(keys[flag]), bool):
                self.problem(keys[flag], f"{where}.{flag}", "targets.bad_choice",
                             value=self.scalar(keys[flag]), choices="true, false")  # fmt: skip

        commitment, verdict = self.report_words(keys, where, measure)
        source = self.text(keys["source"], f"{where}.source") if "source" in keys else None
        checks = (
            self.checks(keys["checks"], f"{where}.checks", self.default_checks)
            if "checks" in keys
            else None
        )
        members = self.members(keys, where, measure)
        broken = len(self.problems) > before or self.shared_faults > faults
        if broken or None in (indicator_id, name, period):
            return None
        if (
            measure not in (Measure.MILESTONE, Measure.TASK)
            and measure not in UNSCORED
            and target is None
        ):
            return None
        assert indicator_id is not None and name is not None and period is not None
        return Indicator(
            id=indicator_id,
            name=name,
            area_id=area_id,
            unit=unit,
            target=target,
            period=period,
            direction=direction,
            measure=measure,
            target_stage=target_stage or (stages[-1].name if stages else None),
            stages=stages,
            pace=pace,
            cycle=cycle,
            baseline=baseline,
            owner=owner,
            source=source,
            approx=approx,
            actual=actual,
            revisions=revisions,
            replaces=replaces,
            line=node.start_mark.line + 1,
            checks=checks,
            commitment=commitment,
            verdict=verdict,
            honour=honour,
            start_stage=start_stage,
            members=members,
            owner_assumed=owner_assumed,
            source_line=source_line,
        )

    # -- issue 9, the numbers side: results, context figures, words of commitment ---------

    def unscored_unit(
        self, keys: dict[str, Node], where: str, measure: Measure, unit_given: str | None
    ) -> str:
        """A result or context figure has no target: its unit is ``unit:``, else the one its
        ``actual`` is written in (59.2亿元). A target is refused: the report states none."""
        if "target" in keys:
            self.problem(keys["target"], f"{where}.target", "targets.no_target_for",
                         measure=measure.value)  # fmt: skip
        if unit_given is not None or "actual" not in keys:
            return unit_given or ""
        node = keys["actual"]
        if isinstance(node, MappingNode):
            node = next((v for k, v in node.value if self.scalar(k) == "value"), node)
        try:
            return parse_quantity(str(self.scalar(node))).unit
        except QuantityError:
            return ""  # the actual itself reports the problem

    def report_words(
        self, keys: dict[str, Node], where: str, measure: Measure
    ) -> tuple[str | None, str | None]:
        """``commitment: 确保`` (any indicator) and ``verdict: 超额完成`` (a result only)."""
        commitment = None
        if "commitment" in keys:
            commitment = self.text(keys["commitment"], f"{where}.commitment")
            if commitment is not None and commitment not in COMMITMENTS:
                self.problem(keys["commitment"], f"{where}.commitment", "targets.bad_choice",
                             value=commitment, choices=" / ".join(COMMITMENTS))  # fmt: skip
        verdict = None
        if "verdict" in keys:
            if measure is not Measure.RESULT:
                self.problem(keys["verdict"], f"{where}.verdict", "targets.verdict_only_result",
                             choices=" / ".join(Verdict))  # fmt: skip
            verdict = self.text(keys["verdict"], f"{where}.verdict")
            if verdict is not None and verdict not in list(Verdict):
                self.problem(keys["verdict"], f"{where}.verdict", "targets.bad_choice",
                             value=verdict, choices=" / ".join(Verdict))  # fmt: skip
        return commitment, verdict

    def revisions(self, node: Node, where: str, unit: str, period: Period) -> tuple[Revision, ...]:
        """``revised: {date: 2024-07-01, was: 21个}``, or a list of them."""
        items = self.sequence(node, where) if isinstance(node, SequenceNode) else [node]
        found: list[Revision] = []
        for index, item in enumerate(items):
            here = f"{where}[{index}]" if isinstance(node, SequenceNode) else where
            keys = self.mapping(item, here, {"date", "was", "note"})
            for key in ("date", "was"):
                if key not in keys:
                    self.problem(item, here, "targets.missing_key", key=key)
            if "date" not in keys or "was" not in keys:
                continue
            day = self.day(keys["date"], f"{here}.date")
            quantity = self.quantity(keys["was"], f"{here}.was")
            if day is None or quantity is None:
                continue
            if not period.contains(day):
                self.problem(keys["date"], f"{here}.date", "targets.checkpoint_outside",
                             date=day, period=period.label)  # fmt: skip
                continue
            was = self.in_unit(quantity, unit, keys["was"], f"{here}.was")
            if was is not None:
                found.append(Revision(day, was))
        found.sort(key=lambda revision: revision.on)
        return tuple(found)

    def replaced_ids(self, node: Node, where: str) -> tuple[str, ...]:
        items = self.sequence(node, where) if isinstance(node, SequenceNode) else [node]
        ids = []
        for item in items:
            old = self.text(item, where)
            if old is not None and not ID_PATTERN.match(old):
                self.problem(item, where, "targets.bad_id", id=old)
            elif old is not None:
                ids.append(old)
        return tuple(ids)

    def unit(self, node: Node, where: str) -> str | None:
        symbol = self.text(node, where)
        if symbol is None:
            return None
        if resolve_unit(symbol) is None or is_magnitude(symbol):
            self.problem(
                node, where, "targets.bad_quantity",
                reason=str(QuantityError("quantity.unknown_unit", raw=symbol, unit=symbol,
                                         known="元/万元/亿元、个/万个、家、所、名、%")),
            )  # fmt: skip
            return None
        return symbol

    def in_unit(self, quantity: Quantity, unit: str, node: Node, where: str) -> Decimal | None:
        if quantity.unit and quantity.unit != unit and unit:
            try:
                return convert(quantity, unit)
            except QuantityError:
                self.problem(node, where, "targets.unit_mismatch", given=quantity.unit, unit=unit)
                return None
        return quantity.value

    def stages(self, node: Node, where: str) -> tuple[Stage, ...]:
        stages: list[Stage] = []
        for index, item in enumerate(self.sequence(node, where)):
            here = f"{where}[{index}]"
            if isinstance(item, MappingNode):
                keys = self.mapping(item, here, {"name", "due"})
                if "name" not in keys:
                    self.problem(item, here, "targets.missing_key", key="name")
                    continue
                name = self.text(keys["name"], f"{here}.name")
                due = self.day(keys["due"], f"{here}.due") if "due" in keys else None
                if name:
                    stages.append(Stage(name, due))
            else:
                name = self.text(item, here)
                if name:
                    stages.append(Stage(name))
        if not stages:
            self.problem(node, where, "targets.milestone_needs_stages")
        return tuple(stages)

    def flag(self, keys: dict[str, Node], key: str, where: str) -> bool:
        """A true/false key such as ``owner_assumed``; anything else is one problem."""
        return self.boolean(keys[key], f"{where}.{key}") if key in keys else False

    def boolean(self, node: Node, where: str) -> bool:
        value = self.scalar(node)
        if not isinstance(value, bool):
            self.problem(node, where, "targets.bad_choice", value=value, choices="true, false")
            return False
        return value

    def setting(
        self, settings: dict[str, Node], key: str, where: str, read: Callable[[Node, str], T | None]
    ) -> T | None:
        """An indicator's period, cycle, owner or owner_assumed. One written under defaults
        or an area is read once, where it is written: a mistake there is one problem, not
        one per indicator (25 lines for one bad owner_assumed), and each indicator under it
        is still left out."""
        if key not in settings:
            return None
        node = settings[key]
        shared = self.shared_at.get(id(node))
        if shared is None:
            return read(node, f"{where}.{key}")
        if id(node) not in self.shared_read:
            before = len(self.problems)
            value = read(node, shared)
            self.shared_read[id(node)] = (value, len(self.problems) > before)
        value, broken = self.shared_read[id(node)]
        self.shared_faults += broken
        return cast(T, value)

    def source_line(self, keys: dict[str, Node], where: str) -> int | None:
        """``source_line: 46``: the line of the report the ``source`` words come from."""
        if "source_line" not in keys:
            return None
        value = self.scalar(keys["source_line"])
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= LINE_LIMIT:
            return value
        self.problem(keys["source_line"], f"{where}.source_line", "targets.bad_source_line",
                     value=_written(keys["source_line"]))  # fmt: skip
        return None

    def start_stage(
        self, keys: dict[str, Node], where: str, measure: Measure,
        stages: tuple[Stage, ...], target_stage: str | None,
    ) -> str | None:  # fmt: skip
        """``start: 谋划``: a stage already true when the period began, before the target."""
        if "start" not in keys:
            return None
        if measure is not Measure.MILESTONE:
            self.problem(keys["start"], f"{where}.start", "targets.start_only_milestone")
            return None
        name = self.stage_name(keys["start"], f"{where}.start", stages)
        names = [stage.name for stage in stages]
        target = target_stage or (names[-1] if names else None)
        if name is not None and target in names and names.index(name) >= names.index(target):
            self.problem(keys["start"], f"{where}.start", "targets.start_not_before",
                         start=name, target=target)  # fmt: skip
            return None
        return name

    def members(self, keys: dict[str, Node], where: str, measure: Measure) -> tuple[str, ...]:
        """``members: [id, …]`` on a count: the named milestones it is made of."""
        if "members" not in keys:
            return ()
        if measure not in (Measure.TOTAL, Measure.LEVEL):
            self.problem(keys["members"], f"{where}.members", "targets.members_only_count")
            return ()
        return self.replaced_ids(keys["members"], f"{where}.members")

    def stage_name(self, node: Node, where: str, stages: tuple[Stage, ...]) -> str | None:
        name = self.text(node, where)
        names = [stage.name for stage in stages]
        if name is not None and stages and name not in names:
            self.problem(node, where, "targets.unknown_stage", stage=name, stages=" → ".join(names))
            return None
        return name

    def pace(self, node: Node, where: str, period: Period) -> tuple[Checkpoint, ...]:
        if isinstance(node, ScalarNode) and self.scalar(node) == "linear":
            return ()
        if not isinstance(node, MappingNode):
            self.problem(node, where, "targets.bad_choice", value=self.scalar(node),
                         choices="linear, {YYYY-MM-DD: N%}")  # fmt: skip
            return ()
        checkpoints: list[Checkpoint] = []
        for key_node, value_node in node.value:
            day = self.day(key_node, where)
            share = self.quantity(value_node, f"{where}.{key_node.value}")
            if day is None or share is None:
                continue
            if any(c.day == day for c in checkpoints):
                self.problem(key_node, where, "targets.duplicate_key", key=day, first="…")
                continue
            if not period.contains(day):
                self.problem(
                    key_node, where, "targets.checkpoint_outside", date=day, period=period.label
                )
                continue
            checkpoints.append(Checkpoint(day, share.value / 100))
        checkpoints.sort(key=lambda c: c.day)
        shares = [c.share for c in checkpoints]
        if any(not 0 <= s <= 1 for s in shares) or shares != sorted(shares):
            self.problem(node, where, "targets.checkpoint_order")
        return tuple(checkpoints)

    def actual(
        self, node: Node, where: str, measure: Measure, unit: str,
        stages: tuple[Stage, ...], period: Period,
    ) -> SeedActual | None:  # fmt: skip
        # a context figure is the report's present-day one: it holds from the period's start
        value_node = node
        as_of = period.start if measure is Measure.CONTEXT else period.end
        if isinstance(node, MappingNode):
            keys = self.mapping(node, where, {"value", "as_of"})
            if "value" not in keys:
                self.problem(node, where, "targets.missing_key", key="value")
                return None
            value_node = keys["value"]
            if "as_of" in keys:
                as_of = self.day(keys["as_of"], f"{where}.as_of") or as_of
                if not period.contains(as_of):
                    self.problem(keys["as_of"], f"{where}.as_of", "targets.actual_outside",
                                 date=as_of, period=period.label)  # fmt: skip
                    return None
        if measure is Measure.MILESTONE:
            stage = self.stage_name(value_node, where, stages)
            return SeedActual(None, stage, as_of) if stage else None
        if measure is Measure.TASK:
            if self.text(value_node, where) != DONE_WORD:
                self.problem(value_node, where, "targets.task_actual", done=DONE_WORD)
                return None
            return SeedActual(None, DONE_WORD, as_of)
        quantity = self.quantity(value_node, where)
        if quantity is None:
            return None
        value = self.in_unit(quantity, unit, value_node, where)
        return SeedActual(value, None, as_of, quantity.approx) if value is not None else None


def _written(node: Node) -> str:
    """What the file says at ``node``, as a message quotes it: a list or mapping by its shape."""
    if isinstance(node, ScalarNode):
        return str(node.value)
    return "[…]" if isinstance(node, SequenceNode) else "{…}"


def _decimal_of(node: Node, value: object) -> Decimal | None:
    """The exact number a scalar states, or None: 0.1 as written (a float is not 0.1), a
    whole number past Python's 4,300-digit limit still a number (and then out of range)."""
    if isinstance(value, bool) or not isinstance(node, ScalarNode):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float) or node.tag.endswith(":int"):
        try:
            number = Decimal(str(node.value).replace("_", ""))
        except InvalidOperation:  # 1:30.5, sexagesimal: the float's digits are the number
            number = Decimal(str(value)) if isinstance(value, float) else Decimal("NaN")
        return number if number.is_finite() else None
    return None
