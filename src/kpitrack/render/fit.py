"""Tables that fit the terminal: drop the least needed columns first, then shorten names.

Rich, left alone, shrinks every column of an over-wide table at once and leaves "…" in all of
them. Here each column has a priority; the least important are left out until the table fits,
and only then does the one flexible column (the indicator's name) give up width, ending in "…".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

MIN_FLEXIBLE = 8  # narrower than this, a name says nothing
COMFORT = 24  # names are cut to this before any column is left out


class Styled(NamedTuple):
    """A cell's literal text in one style: what ``Text(text, style=style)`` shows, without
    building a Text for each of a table's thousands of cells (drawn as Rich draws that Text)."""

    text: str
    style: str = ""

    def as_text(self) -> Text:
        return Text(self.text, style=self.style)


Cell = RenderableType | Styled


@dataclass(frozen=True)
class Col:
    key: str
    heading: str
    priority: int = 0  # 0 is always shown; higher numbers go first when space runs out
    justify: Literal["left", "right"] = "left"
    flexible: bool = False


@dataclass
class Row:
    cells: Mapping[str, Cell]
    end_section: bool = False


@dataclass
class FittedTable:
    columns: Sequence[Col]
    rows: list[Row] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    _chosen: list[Col] = field(default_factory=list, init=False, repr=False)
    _limit: int | None = field(default=None, init=False, repr=False)

    def add(self, cells: Mapping[str, Cell], end_section: bool = False) -> None:
        self.rows.append(Row(cells, end_section))

    def build(self, console: Console) -> Table | Lines:
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
        limit = None
        if excess > 0 and flexible is not None:
            limit = max(MIN_FLEXIBLE, natural[flexible.key] - excess)
        self._chosen, self._limit = chosen, limit
        return self._lines(console, chosen, natural, limit) or self._table(chosen, limit)

    def _lines(
        self, console: Console, chosen: list[Col], natural: dict[str, int], limit: int | None
    ) -> Lines | None:
        """The table as Rich would draw it, drawn here: Rich lays out and renders every cell
        through its general machinery (a 1,000-row status, 10,000 cells, took a second).
        Only the plain case is drawn here — one-line cells, a table that fits, a terminal
        that shows the box — and anything else goes to Rich."""
        options = console.options
        if options.ascii_only or options.legacy_windows or self.options.get("show_header") is False:
            return None
        last = len(chosen) - 1
        pads = [(0 if i == 0 else 1, 0 if i == last else 1) for i in range(len(chosen))]
        content = [
            min(natural[c.key], limit) if c.flexible and limit is not None else natural[c.key]
            for c in chosen
        ]
        content = [max(width, 1 - sum(pad)) for width, pad in zip(content, pads, strict=True)]
        if sum(content) + sum(map(sum, pads)) + last > options.max_width:
            return None
        draw = _Drawing(console, chosen, content, pads)
        lines = [draw.line([c.heading for c in chosen], console.get_style("table.header"))]
        sections = [False]
        null = Style.null()
        for row in self.rows:
            cells = [row.cells.get(c.key, "") for c in chosen]
            if not all(isinstance(cell, (str, Text, Styled)) for cell in cells):
                return None
            line = draw.line(cells, null)  # type: ignore[arg-type]
            if line is None:
                return None
            lines.append(line)
            sections.append(row.end_section)
        if lines[0] is None:
            return None
        widths = [width + sum(pad) for width, pad in zip(content, pads, strict=True)]
        return Lines(lines, sections, widths, self.options)  # type: ignore[arg-type]

    def _natural_widths(self, console: Console) -> dict[str, int]:
        headed = self.options.get("show_header", True)
        measuring = console.options.update(width=10_000)  # the console's size is asked each time
        widths = {}
        for column in self.columns:
            cells = [row.cells.get(column.key, "") for row in self.rows]
            shown = [column.heading, *cells] if headed else cells
            widths[column.key] = max(
                (_width(console, measuring, cell) for cell in shown), default=0
            )
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
        return _width(console, console.options.update(width=10_000), stand_in)

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
            table.add_row(
                *(_renderable(row.cells.get(c.key, "")) for c in chosen),
                end_section=row.end_section,
            )
        return table


@dataclass
class Lines:
    """A table drawn line by line (see FittedTable._lines): the header, its rule, the rows
    with a blank line after each section, and the title and caption as Rich puts them."""

    lines: list[list[Segment]]
    sections: list[bool]
    widths: list[int]
    options: dict[str, Any]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = sum(self.widths) + len(self.widths) - 1
        around = options.update(width=width, highlight=False, height=None, justify="center")
        if self.options.get("title"):
            yield from _annotation(console, around, self.options["title"], "table.title")
        new_line = Segment.line()
        head = Segment(box.SIMPLE_HEAD.get_row(self.widths, "head", edge=False), Style.null())
        gap = Segment(box.SIMPLE_HEAD.get_row(self.widths, "row", edge=False), Style.null())
        last = len(self.lines) - 1
        # without colours (piped, redirected) a style shows nothing: a line is one segment
        plain = console.color_system is None and not console.record
        for index, line in enumerate(self.lines):
            if plain:
                yield Segment("".join([segment.text for segment in line]))
            else:
                yield from line
            yield new_line
            if index == 0:
                yield head
                yield new_line
            elif self.sections[index] and index < last:
                yield gap
                yield new_line
        if self.options.get("caption"):
            yield from _annotation(console, around, self.options["caption"], "table.caption")


def _annotation(
    console: Console, options: ConsoleOptions, text: str | Text, style: str
) -> RenderResult:
    shown = (
        console.render_str(text, style=style, highlight=False) if isinstance(text, str) else text
    )
    return console.render(shown, options)


_NULL = Style.null()
_DIVIDER = Segment(" ", _NULL)
_JOIN = Text("\n")  # a Text's own style becomes a span when Rich joins its lines


def _plain(cell: object) -> str | None:
    """The cell's text when Rich shows it exactly as written: then it is measured and drawn
    without building a Text. Not so with markup or emoji codes (a str cell), nor with what a
    Text strips or breaks lines at (control codes, line and paragraph separators): none of
    those is printable."""
    if type(cell) is str:
        return cell if cell.isprintable() and "[" not in cell and ":" not in cell else None
    if type(cell) is Styled:
        return cell.text if cell.text.isprintable() else None
    return None


def _cells(plain: str) -> int:
    """Cells a printable text takes: one a character when it is all ASCII."""
    return len(plain) if plain.isascii() else cell_len(plain)


def _renderable(cell: Cell) -> RenderableType:
    return cell.as_text() if isinstance(cell, Styled) else cell


class _Drawing:
    """Rows' segments for one choice of columns and widths; styles are looked up once."""

    def __init__(
        self,
        console: Console,
        chosen: list[Col],
        content: list[int],
        pads: list[tuple[int, int]],
    ) -> None:
        self.console = console
        self.columns = [
            (column.justify == "right", width, left, right)
            for column, width, (left, right) in zip(chosen, content, pads, strict=True)
        ]
        self.styles: dict[tuple[str, Style], Style] = {}

    def line(self, cells: list[str | Text | Styled], base: Style) -> list[Segment] | None:
        """One row's segments as Rich's Table makes them: each cell rendered without wrapping,
        cut with "…" or padded to its column, between its padding, the row's style over all.
        Neighbours in no style are one segment: they show the same, and Rich's printing
        handles each segment on its own (a 1,000-row table would have some 40,000)."""
        segments: list[Segment] = []
        run: list[str] = []  # text in no style, not yet a segment

        def put(text: str, style: Style) -> None:
            if style:
                if run:
                    segments.append(Segment("".join(run), _NULL))
                    run.clear()
                segments.append(Segment(text, style))
            else:
                run.append(text)

        for index, (cell, (right_justify, width, left, right)) in enumerate(
            zip(cells, self.columns, strict=True)
        ):
            if index:
                run.append(" ")
            if left:
                put(" " * left, base)
            plain = _plain(cell)
            if (
                plain is not None
                and (length := _cells(plain)) <= width
                and (not right_justify or plain == plain.rstrip())
            ):  # as its Text would be drawn: padded, the Text's own style over all
                spaces = " " * (width - length)
                shown = spaces + plain if right_justify else plain + spaces
                style = cell.style if type(cell) is Styled else ""
                if style or base:
                    put(shown, self._style(style, base) if style else base)
                else:
                    run.append(shown)
            else:
                drawn = _cell(self.console, _renderable(cell), right_justify, width, base)  # type: ignore[arg-type]
                if drawn is None:
                    return None
                for segment in drawn:
                    put(segment.text, segment.style or _NULL)
            if right:
                put(" " * right, base)
        if run:
            segments.append(Segment("".join(run), _NULL))
        return segments

    def _style(self, name: str, base: Style) -> Style:
        known = self.styles.get((name, base))
        if known is None:
            own = self.console.get_style(name, default=Style.null())
            known = self.styles[name, base] = base + own if own else base
        return known


def _cell(
    console: Console, cell: str | Text, right_justify: bool, width: int, base: Style
) -> list[Segment] | None:
    """A cell as Text draws it, for what the plain path does not take (markup, spans, a cut)."""
    text = console.render_str(cell, highlight=False) if isinstance(cell, str) else cell
    plain = text.plain
    if "\n" in plain or "\t" in plain or text.justify not in (None, "default") or text.overflow:
        return None
    text = text.copy()
    if right_justify:
        text.rstrip()
        text.truncate(width, overflow="ellipsis")
        text.pad_left(width - cell_len(text.plain))
    else:
        text.truncate(width, overflow="ellipsis", pad=True)
    return [
        Segment(piece.text, base + piece.style if piece.style else base)
        for piece in _JOIN.join([text]).render(console, end="")  # as Text renders
    ]


def _width(console: Console, options: ConsoleOptions, cell: Cell) -> int:
    plain = _plain(cell)
    if plain is not None:
        return _cells(plain)
    renderable = _renderable(cell)
    if isinstance(renderable, Text):  # as Text measures itself, without a render
        return max((cell_len(line) for line in renderable.plain.splitlines()), default=0)
    return Measurement.get(console, options, renderable).maximum
