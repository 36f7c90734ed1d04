"""Tables that fit the terminal: drop the least needed columns first, then shorten names.

Rich, left alone, shrinks every column of an over-wide table at once and leaves "…" in all of
them. Here each column has a priority; the least important are left out until the table fits,
and only then does the one flexible column (the indicator's name) give up width, ending in "…".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

MIN_FLEXIBLE = 8  # narrower than this, a name says nothing
COMFORT = 24  # names are cut to this before any column is left out


@dataclass(frozen=True)
class Col:
    key: str
    heading: str
    priority: int = 0  # 0 is always shown; higher numbers go first when space runs out
    justify: Literal["left", "right"] = "left"
    flexible: bool = False


@dataclass
class Row:
    cells: dict[str, RenderableType]
    end_section: bool = False


@dataclass
class FittedTable:
    columns: Sequence[Col]
    rows: list[Row] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)

    def add(self, cells: dict[str, RenderableType], end_section: bool = False) -> None:
        self.rows.append(Row(cells, end_section))

    def build(self, console: Console) -> Table:
        """Leave out columns while the table, names shortened to COMFORT, is still too wide.

        Every cell is measured once: a table of 1,000 rows measured whole for each trial of
        columns cost more than the report behind it. A trial measures a one-row stand-in whose
        cells are as wide as each column's widest, so Rich still decides padding and rules.
        """
        natural = self._natural_widths(console)
        chosen = list(self.columns)
        while self._trial_width(console, chosen, natural, COMFORT) > console.width:
            optional = [c for c in chosen if c.priority > 0]
            if not optional:
                break
            chosen.remove(max(optional, key=lambda c: (c.priority, chosen.index(c))))
        excess = self._trial_width(console, chosen, natural, None) - console.width
        flexible = next((c for c in chosen if c.flexible), None)
        if excess > 0 and flexible is not None:
            return self._table(chosen, max(MIN_FLEXIBLE, natural[flexible.key] - excess))
        return self._table(chosen, None)

    def _natural_widths(self, console: Console) -> dict[str, int]:
        headed = self.options.get("show_header", True)
        widths = {}
        for column in self.columns:
            cells = [row.cells.get(column.key, "") for row in self.rows]
            shown = [column.heading, *cells] if headed else cells
            widths[column.key] = max((_width(console, cell) for cell in shown), default=0)
        return widths

    def _trial_width(
        self, console: Console, chosen: list[Col], natural: dict[str, int], flexible: int | None
    ) -> int:
        stand_in = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, **self.options)
        cells = []
        for column in chosen:
            stand_in.add_column("", justify=column.justify, no_wrap=True)
            wide = natural[column.key]
            if column.flexible and flexible is not None:
                wide = min(wide, flexible)
            cells.append("x" * wide)
        stand_in.add_row(*cells)
        return _width(console, stand_in)

    def _table(self, chosen: list[Col], flexible_width: int | None) -> Table:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, **self.options)
        for column in chosen:
            table.add_column(
                column.heading,
                justify=column.justify,
                no_wrap=True,
                overflow="ellipsis",
                max_width=flexible_width if column.flexible else None,
            )
        for row in self.rows:
            table.add_row(*(row.cells.get(c.key, "") for c in chosen), end_section=row.end_section)
        return table


def _width(console: Console, renderable: RenderableType) -> int:
    if isinstance(renderable, Text):  # as Text measures itself, without a render
        return max((cell_len(line) for line in renderable.plain.splitlines()), default=0)
    return Measurement.get(console, console.options.update(width=10_000), renderable).maximum
