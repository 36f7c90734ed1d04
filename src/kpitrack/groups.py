"""Counts made of named milestones: ``members:`` (项目建成投用 2个: 冶金创新中心, 腾讯电竞).

A group is a count (total or level) whose members are milestones or honours of the same
period. Its actual is never below the number of members at their target stage, so a count
fully named needs no figure logged. Members are shown right below their group and count in
the area's completion once, inside the group. Pure functions over the model: the file reader
checks the cross-references here, and the status arranges its rows with them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from difflib import get_close_matches

from kpitrack.errors import Problem
from kpitrack.messages import t
from kpitrack.model import Area, Indicator, Measure
from kpitrack.quantity import format_quantity


def group_problems(areas: Iterable[Area], declared: Iterable[str] = ()) -> list[Problem]:
    """Every member that is unknown, not a milestone, of another period, or already taken.

    A member ``declared`` but refused for a problem of its own is not called unknown too.
    """
    written = set(declared)
    indicators = [i for area in areas for i in area.indicators]
    by_id = {i.id: i for i in indicators}
    claimed: dict[str, str] = {}
    problems: list[Problem] = []
    for group in (i for i in indicators if i.members):
        where = f"{group.id}.members"
        if group.target is not None and len(group.members) > group.target:
            over = {
                "group": group.id,
                "target": format_quantity(group.target, group.unit),
                "count": len(group.members),
            }
            problems.append(Problem(group.line, where, "targets.members_over_target", over))
        for member_id in group.members:
            member = by_id.get(member_id)
            fields: dict[str, object] = {"id": member_id, "group": group.id}
            if member is None and member_id in written:
                continue
            if member is None:
                close = get_close_matches(member_id, sorted(by_id), n=1)
                fields["hint"] = t("targets.did_you_mean", key=close[0]) if close else ""
                problems.append(Problem(group.line, where, "targets.member_unknown", fields))
            elif member.measure is not Measure.MILESTONE:
                fields["measure"] = t(f"measure.{member.kind}")
                problems.append(Problem(group.line, where, "targets.member_not_milestone", fields))
            elif member.period != group.period:
                fields |= {"period": member.period.label, "group_period": group.period.label}
                problems.append(Problem(group.line, where, "targets.member_period", fields))
            elif member_id in claimed:
                fields["other"] = claimed[member_id]
                problems.append(Problem(group.line, where, "targets.member_twice", fields))
            else:
                claimed[member_id] = group.id
    return problems


def with_member_of(areas: Sequence[Area]) -> list[Area]:
    """The areas with each member knowing its group (``member_of``)."""
    group_of = {m: i.id for area in areas for i in area.indicators for m in i.members}
    if not group_of:
        return list(areas)
    return [
        replace(
            area,
            indicators=tuple(
                replace(i, member_of=group_of[i.id]) if i.id in group_of else i
                for i in area.indicators
            ),
        )
        for area in areas
    ]


def gathered(
    areas: Sequence[tuple[Area, tuple[Indicator, ...]]],
) -> tuple[tuple[Area, tuple[Indicator, ...]], ...]:
    """The same areas with members moved right below their group, in the group's order.

    A member whose group is not among them stays where it is.
    """
    shown = {i.id: i for _, indicators in areas for i in indicators}
    moved = {member_id for i in shown.values() for member_id in i.members if member_id in shown}
    result = []
    for area, indicators in areas:
        arranged: list[Indicator] = []
        for indicator in indicators:
            if indicator.id in moved:
                continue
            arranged.append(indicator)
            arranged.extend(shown[m] for m in indicator.members if m in shown)
        if arranged:
            result.append((area, tuple(arranged)))
    return tuple(result)


def counted_in_area(indicators: Sequence[Indicator]) -> list[Indicator]:
    """The indicators an area's completion averages: a member counts inside its group."""
    present = {i.id for i in indicators}
    return [i for i in indicators if i.member_of is None or i.member_of not in present]
