"""A row of a batch as read, before it is checked: shared by the readers and the planner."""

from __future__ import annotations

from kpitrack.frozen import frozen


@frozen(slots=True)  # an import holds a million of them
class RawRow:
    number: int  # the row or line number a person sees in the file
    fields: dict[str, str]


@frozen
class RowProblem:
    number: int
    message: str
