"""Tables that fit the terminal: drop the least needed columns first, then shorten names.

Rich, left alone, shrinks every column of an over-wide table at once and leaves "…" in all of
them, dates included. Here each column has a priority; the least important are left out until
the table fits with names at COMFORT width. Core columns (a report's reason to exist: 完成率
against 序时进度) go only after the names have given up width down to NARROW. What still does
not fit is taken from the flexible (free-text) columns alone, each cut at a character with "…";
every other column keeps its full width, so a date is never cut.

Piped, a table's lines end without padding: a file or a diff should not carry spaces that only
fill a terminal's row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeAlias, cast

from rich import box
from rich.cells import cell_len, get_character_cell_size
from rich.color import ColorSystem
from rich.errors import StyleSyntaxError
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from kpitrack.frozen import frozen, mutable

if TYPE_CHECKING:  # Rich's console is imported by whoever makes one: a pipe may need none
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

MIN_FLEXIBLE = 8  # narrower than this, a name says nothing
COMFORT = 24  # names are cut to this before any column is left out
NARROW = 16  # an indent and seven Chinese characters: cut to this before a core column goes
# what a cut name does not end on before its "…": a space, or punctuation that waits for more
DANGLING = " \u3000\t，、。；：,.;:（(【[《“‘-—/"


class Styled(NamedTuple):
    """A cell's literal text in one style: what ``Text(text, style=style)`` shows, without
    building a Text for each of a table's thousands of cells (drawn as Rich draws that Text)."""

    text: str
    style: str = ""

    def as_text(self) -> Text:
        return Text(self.text, style=self.style)


Cell: TypeAlias = "RenderableType | Styled"


@frozen
class Col:
    key: str
    heading: str
    priority: int = 0  # 0 is always shown; higher numbers go first when space runs out
    justify: Literal["left", "right"] = "left"
    flexible: bool = False  # free text: gives up width (cut with "…") before anything goes
    core: bool = False  # left out only after the flexible columns are down to NARROW


@mutable
class Row:
    cells: Mapping[str, Cell]
    end_section: bool = False


@mutable
class FittedTable:
    columns: Sequence[Col]
    rows: list[Row] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    _chosen: list[Col] = field(default_factory=list, init=False, repr=False)
    _limit: dict[str, int] | None = field(default=None, init=False, repr=False)

    def add(self, cells: Mapping[str, Cell], end_section: bool = False) -> None:
        self.rows.append(Row(cells, end_section))

    def build(self, console: Console) -> Table | Lines | Trimmed:
        """Leave out columns while the table, names shortened to COMFORT, is still too wide;
        then core columns while it is too wide with names at NARROW; then cut the names.

        Every cell is measured once: a table of 1,000 rows measured whole for each trial of
        columns cost more than the report behind it. A trial adds up the columns' widest
        cells and the padding and dividers between them, as Rich measures a table
        (``_trial_width``).
        """
        natural = self._natural_widths(console)
        chosen, limits = self._choice(
            console.width,
            natural,
            lambda chosen, cap: self._trial_width(console, chosen, natural, cap),
        )
        if limits:
            self._cut(console, limits, natural)
        self._chosen, self._limit = chosen, limits or None
        lines = self._lines(console, chosen, natural)
        if lines is None:
            return trimmed(self._table(chosen, self._limit), console)
        lines.trim = not console.is_terminal
        return lines

    def _choice(
        self,
        width: int,
        natural: dict[str, int],
        trial: Callable[[list[Col], int | None], int],
    ) -> tuple[list[Col], dict[str, int]]:
        """The columns kept and the widths the flexible ones are cut to (see ``build``);
        ``trial`` is how wide a choice of columns is, names cut to a width or not."""
        chosen = list(self.columns)
        for cap, may_go in ((COMFORT, False), (NARROW, True)):
            while trial(chosen, cap) > width:
                optional = [c for c in chosen if c.priority > 0 and (may_go or not c.core)]
                if not optional:
                    break
                chosen.remove(max(optional, key=lambda c: (c.priority, chosen.index(c))))
        excess = trial(chosen, None) - width
        return chosen, _shares([c for c in chosen if c.flexible], natural, excess)

    def text(self, width: int, colours: str | None = None, no_color: bool = False) -> str | None:
        """The table as ``show`` prints it to a Console of this width, worked out without a
        Console: a report piped to a file or a program, or shown on a terminal, need not
        import Rich's. Without ``colours``, as printed to a console that is not a terminal
        (no colour, each line trimmed); with them, as a terminal's console of that colour
        system prints it (each segment in its style's ANSI codes, colours left out with
        ``no_color``). Only for a table whose every cell, heading, title and caption is text
        as written (``_plain``) and whose lines are drawn here (``_lines``); None for
        anything else, which is Rich's to draw."""
        columns = self.columns
        if (
            not columns
            or self.options.get("show_header") is False
            or not _SUMMED_OPTIONS.issuperset(self.options)
        ):
            return None
        texts: dict[str, list[str]] = {}
        natural: dict[str, int] = {}
        for column in columns:
            shown = [_plain(row.cells.get(column.key, "")) for row in self.rows]
            heading = _plain(column.heading)
            if heading is None or None in shown:
                return None
            texts[column.key] = cast(list[str], shown)
            natural[column.key] = max(map(_cells, [heading, *texts[column.key]]))
        if sum(natural.values()) + 3 * len(columns) >= _MEASURING // 2:
            return None  # Rich's measure of so wide a table is its own (see _trial_width)

        def trial(chosen: list[Col], cap: int | None) -> int:
            return _summed_width(chosen, natural, cap)

        chosen, limits = self._choice(width, natural, trial)
        for column in columns:
            limit = limits.get(column.key)
            if limit is not None:  # cut as cut_cell cuts a plain cell, and measured again
                cells = [
                    text if _cells(text) <= limit else cut(text, limit)
                    for text in texts[column.key]
                ]
                texts[column.key] = cells
                natural[column.key] = max(map(_cells, [column.heading, *cells]))
        last = len(chosen) - 1
        pads = [(0 if i == 0 else 1, 0 if i == last else 1) for i in range(len(chosen))]
        content = [max(natural[c.key], 1 - sum(pad)) for c, pad in zip(chosen, pads, strict=True)]
        if sum(content) + sum(map(sum, pads)) + last > width:
            return None
        sections = [False, *(row.end_section for row in self.rows)]
        widths = [size + sum(pad) for size, pad in zip(content, pads, strict=True)]
        if colours is not None:
            return self._coloured(
                chosen, limits, content, pads, sections, widths, colours, no_color
            )
        spaced = [
            (column.justify == "right", size, (" " if index else "") + " " * left, " " * right)
            for index, (column, size, (left, right)) in enumerate(
                zip(chosen, content, pads, strict=True)
            )
        ]
        rows: list[Sequence[str]] = [[c.heading for c in chosen]]
        rows += zip(*[texts[c.key] for c in chosen], strict=True)
        lines = []
        for shown_row in rows:
            drawn: list[str] = []
            for text, (right_justify, size, before, after) in zip(shown_row, spaced, strict=True):
                length = _cells(text)
                if length > size or (right_justify and text != text.rstrip()):
                    return None  # Rich cuts it or strips it: see _Drawing.line
                room = " " * (size - length)
                drawn += (
                    (before, room, text, after) if right_justify else (before, text, room, after)
                )
            lines.append([Segment("".join(drawn))])
        return Lines(lines, sections, widths, self.options, trim=True)._text(None, None)

    def _coloured(
        self,
        chosen: list[Col],
        limits: dict[str, int],
        content: list[int],
        pads: list[tuple[int, int]],
        sections: list[bool],
        widths: list[int],
        colours: str,
        no_color: bool,
    ) -> str | None:
        """``text`` on a terminal: the lines ``_lines`` draws, their cells cut as ``_cut``
        cuts them, in the styles Rich's default theme gives (``_theme_style``), written as
        Rich's console writes them (``ansi``)."""
        draw = _Drawing(None, chosen, content, pads)
        header = draw.line([c.heading for c in chosen], _theme_style("table.header"))
        if header is None:
            return None
        lines = [header]
        cutting = [(i, limits[c.key]) for i, c in enumerate(chosen) if c.key in limits]
        for row in self.rows:
            cells = [row.cells.get(c.key, "") for c in chosen]
            for index, limit in cutting:
                cells[index] = _cut_plain(cells[index], limit)
            line = draw.line(cells, _NULL)
            if line is None:
                return None
            lines.append(line)
        drawn = Lines(lines, sections, widths, self.options)._drawn(None, None)
        return None if drawn is None else ansi(drawn, COLOR_SYSTEMS[colours], no_color)

    def show(self, console: Console) -> None:
        """Print the table as ``build`` makes it for this console. Lines drawn here fit the
        console (``_lines``), so Rich's cropping, which measures every line's cells again, is
        left out for them: it would change nothing."""
        built = self.build(console)
        fits = isinstance(built, Lines) and 2 <= built.width <= console.width
        console.print(built, crop=not fits)

    def _cut(self, console: Console, limits: dict[str, int], natural: dict[str, int]) -> None:
        """Cut the flexible columns' cells to their limits, cleanly (see ``cut``), and measure
        those columns again: a cut CJK name may end a cell short of its limit."""
        measuring = console.options.update(width=_MEASURING)
        for row in self.rows:
            if any(key in row.cells for key in limits):
                row.cells = {
                    key: cut_cell(console, cell, limits[key]) if key in limits else cell
                    for key, cell in row.cells.items()
                }
        headed = self.options.get("show_header", True)
        for column in self.columns:
            if column.key in limits:
                cells = [row.cells.get(column.key, "") for row in self.rows]
                shown = [column.heading, *cells] if headed else cells
                natural[column.key] = _widest(console, measuring, shown)

    def _lines(self, console: Console, chosen: list[Col], natural: dict[str, int]) -> Lines | None:
        """The table as Rich would draw it, drawn here: Rich lays out and renders every cell
        through its general machinery (a 1,000-row status, 10,000 cells, took a second).
        Only the plain case is drawn here — one-line cells, a table that fits, a terminal
        that shows the box — and anything else goes to Rich."""
        options = console.options
        if options.ascii_only or options.legacy_windows or self.options.get("show_header") is False:
            return None
        last = len(chosen) - 1
        pads = [(0 if i == 0 else 1, 0 if i == last else 1) for i in range(len(chosen))]
        content = [max(natural[c.key], 1 - sum(pad)) for c, pad in zip(chosen, pads, strict=True)]
        if sum(content) + sum(map(sum, pads)) + last > options.max_width:
            return None
        draw = _Drawing(console, chosen, content, pads)
        lines = [draw.line([c.heading for c in chosen], console.get_style("table.header"))]
        sections = [False]
        null = Style.null()
        for row in self.rows:
            line = draw.line([row.cells.get(c.key, "") for c in chosen], null)
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
        # options made once: the console's size is asked each time they are
        measuring = console.options.update(width=_MEASURING)
        widths = {}
        for column in self.columns:
            cells = [row.cells.get(column.key, "") for row in self.rows]
            shown = [column.heading, *cells] if headed else cells
            widths[column.key] = _widest(console, measuring, shown)
        return widths

    def _trial_width(
        self, console: Console, chosen: list[Col], natural: dict[str, int], flexible: int | None
    ) -> int:
        """How wide Rich would draw the table with these columns, their names cut to
        ``flexible``: each column's widest cell, the padding between columns and a divider.
        Options that could change that (a box, padding, a width of its own) are left to Rich
        to measure (``_measured_width``), and so is a table too wide for the sum to hold."""
        if not chosen or not _SUMMED_OPTIONS.issuperset(self.options):
            return self._measured_width(console, chosen, natural, flexible)
        total = _summed_width(chosen, natural, flexible)
        if total >= _MEASURING // 2:  # near the measuring width Rich's sum is its own
            return self._measured_width(console, chosen, natural, flexible)
        return total

    def _measured_width(
        self, console: Console, chosen: list[Col], natural: dict[str, int], flexible: int | None
    ) -> int:
        """Rich's measure of a one-row stand-in whose cells are as wide as each column's widest,
        so Rich decides padding and rules."""
        stand_in = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, **self.options)
        cells = []
        for column in chosen:
            stand_in.add_column("", justify=column.justify, no_wrap=True)
            wide = natural[column.key]
            if column.flexible and flexible is not None:
                wide = min(wide, flexible)
            cells.append("x" * wide)
        stand_in.add_row(*cells)
        return _width(console, console.options.update(width=_MEASURING), stand_in)

    def _table(self, chosen: list[Col], limits: dict[str, int] | None) -> Table:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, **self.options)
        for column in chosen:
            table.add_column(
                column.heading,
                justify=column.justify,
                no_wrap=True,
                overflow="ellipsis",
                max_width=(limits or {}).get(column.key),
            )
        for row in self.rows:
            table.add_row(
                *(_renderable(row.cells.get(c.key, "")) for c in chosen),
                end_section=row.end_section,
            )
        return table


@mutable
class Lines:
    """A table drawn line by line (see FittedTable._lines): the header, its rule, the rows
    with a blank line after each section, and the title and caption as Rich puts them;
    trimmed, each line ends at its last character (see ``Trimmed``)."""

    lines: list[list[Segment]]
    sections: list[bool]
    widths: list[int]
    options: dict[str, Any]
    trim: bool = False

    @property
    def width(self) -> int:
        return sum(self.widths) + len(self.widths) - 1

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        around = options.update(width=self.width, highlight=False, height=None, justify="center")
        if console.color_system is None and not console.record:
            yield Segment(self._text(console, around) or "")  # with a console, never None
            return
        for line in self._drawn(console, around) or ():  # with a console, never None
            yield from line

    def _text(self, console: Console | None, around: ConsoleOptions | None) -> str | None:
        """Without colours (piped, redirected) a style shows nothing: the table is its text,
        printed as one segment. Without a console, None if a title or caption needs one."""
        texts = []
        if self.options.get("title"):
            title = self._plain(console, around, self.options["title"], "table.title")
            if title is None:
                return None
            texts.append(title)
        head = box.SIMPLE_HEAD.get_row(self.widths, "head", edge=False) + "\n"
        gap = box.SIMPLE_HEAD.get_row(self.widths, "row", edge=False)
        gap = (gap.rstrip(" ") if self.trim else gap) + "\n"
        last = len(self.lines) - 1
        for index, line in enumerate(self.lines):
            text = "".join([segment.text for segment in line])
            texts.append((text.rstrip(" ") if self.trim else text) + "\n")
            if index == 0:
                texts.append(head)
            elif self.sections[index] and index < last:
                texts.append(gap)
        if self.options.get("caption"):
            caption = self._plain(console, around, self.options["caption"], "table.caption")
            if caption is None:
                return None
            texts.append(caption)
        return "".join(texts)

    def _plain(
        self,
        console: Console | None,
        around: ConsoleOptions | None,
        text: str | Text,
        style: str,
    ) -> str | None:
        """A title or caption as text. One that is text as written and fits on a line is
        centred as Rich centres it (half the room before it, rounded down; the rest after);
        the rest is laid out as Rich lays it out (see ``_annotation``)."""
        plain = _plain(text)
        if type(text) is str and plain is not None and plain == plain.strip():
            room = self.width - _cells(plain)
            if room >= 0:
                before = " " * (room // 2)
                return (
                    before + plain + "\n"
                    if self.trim
                    else before + plain + " " * (room - room // 2) + "\n"
                )
        # without a console its text is wanted, not its style (Rich's styles are not loaded)
        lines = self._annotation(console, around, text, style if console is not None else "")
        if lines is None:
            return None
        return "".join([segment.text for line in lines for segment in line if not segment.control])

    def _drawn(
        self, console: Console | None, around: ConsoleOptions | None
    ) -> list[list[Segment]] | None:
        """The lines as Rich's Table draws them, each with its line end; each a line of its
        own, as Rich's printing splits them (a title's style does not run over its end).
        Without a console, None if a title or caption needs one (see ``_annotation``)."""
        drawn = []
        if self.options.get("title"):
            title = self._annotation(console, around, self.options["title"], "table.title")
            if title is None:
                return None
            drawn += title
        new_line = Segment.line()
        head = [Segment(box.SIMPLE_HEAD.get_row(self.widths, "head", edge=False), _NULL), new_line]
        gap_text = box.SIMPLE_HEAD.get_row(self.widths, "row", edge=False)
        gap = [Segment(gap_text.rstrip(" ") if self.trim else gap_text, _NULL), new_line]
        last = len(self.lines) - 1
        for index, line in enumerate(self.lines):
            drawn.append([*(_trimmed(line) if self.trim else line), new_line])
            if index == 0:
                drawn.append(head)
            elif self.sections[index] and index < last:
                drawn.append(gap)
        if self.options.get("caption"):
            caption = self._annotation(console, around, self.options["caption"], "table.caption")
            if caption is None:
                return None
            drawn += caption
        return drawn

    def _annotation(
        self, console: Console | None, options: ConsoleOptions | None, text: str | Text, style: str
    ) -> list[list[Segment]] | None:
        """A title or caption's lines. Without a console, one that is text as written is laid
        out as Rich's Table lays it out (``wrapped``: centred at the table's width, wrapped
        where Rich wraps it); None for any other, which needs Rich's console."""
        if console is None or options is None:
            plain = _plain(text)
            if type(text) is not str or plain is None:
                return None
            if plain == plain.strip() and _cells(plain) <= self.width:  # one line: centred
                room = self.width - _cells(plain)
                centred = " " * (room // 2) + plain + " " * (room - room // 2)
                segments: Iterable[Segment] = [
                    Segment(centred, _theme_style(style) if style else _NULL),
                    Segment.line(),
                ]
            else:
                segments = wrapped(plain, self.width, "center", style)
        else:
            segments = _annotation(console, options, text, style)
        lines = []
        for line, ended in Segment.split_lines_terminator(segments):
            if self.trim:
                lines.append([*_trimmed(line), Segment.line()])  # trimmed, a line always ends
            else:
                lines.append([*line, Segment.line()] if ended else line)
        return lines


@mutable
class Trimmed:
    """A table Rich draws, each line ending at its last character: piped to a file or
    another program, the spaces that pad a row to the column's width are only noise
    (a diff shows them, a grep for a line's end misses)."""

    table: Table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in console.render_lines(self.table, options, pad=False):
            yield from _trimmed(line)
            yield Segment.line()


def trimmed(table: Table, console: Console) -> Table | Trimmed:
    """The table as it goes to this console: trimmed unless it is a terminal."""
    return table if console.is_terminal else Trimmed(table)


def sentence_text(text: str, width: int, trim: bool = True) -> str | None:
    """A sentence as a Console of this width prints it (markup on, no emoji codes, as
    kpitrack.output makes it): its lines, wrapped where Rich wraps them (``wrapped``), each
    with its line end, without the spaces at their ends when ``trim`` (piped, see
    output.trimmed); None if it is not text as written ("[" is markup), Rich's to do. In no
    style, it is the same on a terminal."""
    if not text.isprintable() or "[" in text or width < 1:
        return None
    if _cells(text) <= width:
        return (text.rstrip(" ") if trim else text) + "\n"
    lines = Segment.split_and_crop_lines(wrapped(text, width, "default"), width, pad=False)
    shown = "".join([segment.text for line in lines for segment in line])
    return _LINE_END_SPACES.sub("\n", shown) if trim else shown


def wrapped(
    text: str, width: int, justify: Literal["default", "center"], style: str = ""
) -> list[Segment]:
    """What Rich's console renders of ``Text(text, style=style)`` at this width and
    justification (``Text.__rich_console__``: folded where a word is wider than a line), by
    Rich's own wrapping and rendering, without a console: wrapping asks one nothing unless
    a text is justified "full", and rendering only for its styles (``_Themed``)."""
    lines = Text(text, style=style).wrap(_THEMED, width, justify=justify, overflow="fold")
    return list(Text("\n").join(lines).render(_THEMED, end="\n"))


class _Themed:
    """Stands in for Rich's console where a Text asks one for a style by name: the style
    a console of Rich's default theme gives (``_theme_style``)."""

    def get_style(self, name: str | Style, *, default: str | Style | None = None) -> Style:
        return name if isinstance(name, Style) else _theme_style(name)


_THEMED = cast("Console", _Themed())
_LINE_END_SPACES = re.compile(r" +\n")


def _summed_width(chosen: list[Col], natural: dict[str, int], flexible: int | None) -> int:
    """A table's width as Rich measures it (see FittedTable._trial_width): its columns'
    widest cells, the flexible ones cut to ``flexible``, and between two columns a cell's
    padding each side of a divider."""
    total = 3 * (len(chosen) - 1)
    for column in chosen:
        wide = natural[column.key]
        total += min(wide, flexible) if column.flexible and flexible is not None else wide
    return total


def _trimmed(line: list[Segment]) -> list[Segment]:
    """The line without the spaces at its end, in whatever style they were drawn."""
    line = list(line)
    while line and not line[-1].control and not line[-1].text.strip(" "):
        line.pop()
    if line and not line[-1].control:
        text, style, control = line[-1]
        line[-1] = Segment(text.rstrip(" "), style, control)
    return line


def _annotation(
    console: Console, options: ConsoleOptions, text: str | Text, style: str
) -> Iterable[Segment]:
    shown = (
        console.render_str(text, style=style, highlight=False) if isinstance(text, str) else text
    )
    return console.render(shown, options)


_NULL = Style.null()
# Rich's console's names of the colour systems a terminal has (as output.terminal_screen says)
COLOR_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
}
_MEASURING = 10_000  # the width cells are measured at: wider than any terminal
# Options of the table that leave its width the sum of its columns' (see _trial_width)
_SUMMED_OPTIONS = frozenset({"title", "caption", "show_header"})
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
    """Cells a printable text takes, as Rich counts them: one a character when it is all
    ASCII; else each character's own size (``_SIZES``), or Rich's count where a joiner or a
    variation selector makes one of several. A text is counted once a run: a column's widest
    and its drawing ask the same, and a table repeats its "—" and states."""
    if plain.isascii():
        return len(plain)
    size = _COUNTED.get(plain)
    if size is None:
        if len(_COUNTED) > 100_000:
            _COUNTED.clear()
        joined = "\u200d" in plain or "\ufe0f" in plain
        size = _COUNTED[plain] = cell_len(plain) if joined else len(plain.translate(_SIZES))
    return size


class _CellSizes(dict[int, str]):
    """Each character written as many times as the cells Rich gives it (not at all if none):
    a text translated through it is as long as Rich counts its cells, in one pass of C rather
    than a call for each character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        sized = self[code] = char * get_character_cell_size(char)
        return sized


_SIZES = _CellSizes()
_COUNTED: dict[str, int] = {}


def _shares(flexible: list[Col], natural: dict[str, int], excess: int) -> dict[str, int]:
    """How wide each flexible column may be for the table to lose ``excess`` cells: the
    widest give way first, none below MIN_FLEXIBLE (a note and a void text share the loss;
    a date beside them loses nothing)."""
    if excess <= 0 or not flexible:
        return {}
    widths = {c.key: natural[c.key] for c in flexible}
    floors = {key: min(width, MIN_FLEXIBLE) for key, width in widths.items()}
    room = sum(widths.values()) - excess

    def total(cap: int) -> int:
        return sum(max(min(width, cap), floors[key]) for key, width in widths.items())

    low, high = 0, max(widths.values())  # the widest cap whose total fits the room
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if total(middle) <= room else (low, middle - 1)
    limits = {key: max(min(width, low), floors[key]) for key, width in widths.items()}
    return {key: limit for key, limit in limits.items() if limit < widths[key]}


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole characters (a CJK one is two cells, never
    halved into a space) then "…"; an English word, a number or a date is left out whole
    rather than cut (2024-07-… reads as a wrong date), and nothing ends on a space or a comma
    before its "…"."""
    if _cells(text) <= width:
        return text
    if width < 2:
        return "…"[:width]
    return text[: _cut_at(text, width - 1)] + "…"


def _cut_at(text: str, room: int) -> int:
    taken = end = 0
    for char in text:
        size = get_character_cell_size(char)
        if taken + size > room:
            break
        taken += size
        end += 1
    head = text[:end]
    if end < len(text) and _wordy(head[-1:]) and _wordy(text[end]):
        start = end  # a word, number or date is not cut in two if enough is left before it
        while start and _wordy(head[start - 1]):
            start -= 1
        if start >= len(head) // 3 and head[:start].strip():
            head = head[:start]
    clean = head.rstrip(DANGLING)
    return len(clean) if clean.strip() else len(head)


def _wordy(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "-:.%")


def cut_cell(console: Console, cell: Cell, width: int) -> Cell:
    """A flexible column's cell cut to its width (see ``cut``), in its own style."""
    if _plain(cell) is not None:
        return _cut_plain(cell, width)
    if isinstance(cell, Styled):
        cell = cell.as_text()
    elif isinstance(cell, str):
        cell = console.render_str(cell, highlight=False)
    if not isinstance(cell, Text) or "\n" in cell.plain or cell_len(cell.plain) <= width:
        return cell  # several lines, or not text at all: Rich fits it
    if width < 2:
        return Text("…"[:width], style=cell.style)
    shown = cell[: _cut_at(cell.plain, width - 1)]
    shown.append("…")
    return shown


def _cut_plain(cell: Cell, width: int) -> Cell:
    """A cell of text as written (``_plain``) cut to its width, in its own style."""
    plain = cast(str, _plain(cell))
    if _cells(plain) <= width:
        return cell
    return Styled(cut(plain, width), cell.style) if type(cell) is Styled else cut(plain, width)


def _theme_style(name: str) -> Style:
    """The style a console of Rich's default theme gives a name (``Console.get_style`` with
    a null default), without a console: the theme's own, else the name parsed."""
    from rich.default_styles import DEFAULT_STYLES

    style = DEFAULT_STYLES.get(name)
    if style is None:
        try:
            style = Style.parse(name)
        except StyleSyntaxError:
            return _NULL
    return style.copy() if style.link else style


def ansi(lines: Iterable[Iterable[Segment]], colours: ColorSystem, no_color: bool) -> str | None:
    """Lines of segments as Rich's console writes them to a terminal (``_render_buffer``):
    each styled segment in its style's codes for the colour system, colours left out with
    ``no_color``; the rest as it is. None for a link: Rich gives each an id of its own."""
    written: list[str] = []
    add = written.append
    colourless: dict[Style, Style] = {}
    for line in lines:
        for text, style, _control in line:
            if style:
                if style.link:
                    return None
                if no_color:
                    plain = colourless.get(style)
                    if plain is None:
                        plain = colourless[style] = style.without_color
                    style = plain
                add(style.render(text, color_system=colours))
            else:
                add(text)
    return "".join(written)


def _renderable(cell: Cell) -> RenderableType:
    return cell.as_text() if isinstance(cell, Styled) else cell


class _Drawing:
    """Rows' segments for one choice of columns and widths; styles are looked up once."""

    def __init__(
        self,
        console: Console | None,
        chosen: list[Col],
        content: list[int],
        pads: list[tuple[int, int]],
    ) -> None:
        self.console = console
        self.columns = [
            (column.justify == "right", width, left, right)
            for column, width, (left, right) in zip(chosen, content, pads, strict=True)
        ]
        # for rows in no style of their own: what goes before a cell (the divider from the
        # previous one and the left padding) and after it (the right padding), as text
        self.spaced = [
            (right_justify, width, (" " if index else "") + " " * left, " " * right)
            for index, (right_justify, width, left, right) in enumerate(self.columns)
        ]
        self.styles: dict[tuple[str, Style], Style] = {}

    def line(self, cells: list[Cell], base: Style) -> list[Segment] | None:
        """One row's segments as Rich's Table makes them: each cell rendered without wrapping,
        cut with "…" or padded to its column, between its padding, the row's style over all.
        Neighbours in no style are one segment: they show the same, and Rich's printing
        handles each segment on its own (a 1,000-row table would have some 40,000).
        None if a cell is not text: Rich draws that table."""
        if base:
            return self._styled_line(cells, base)
        segments: list[Segment] = []
        run: list[str] = []  # text in no style, not yet a segment
        add = run.append
        for cell, (right_justify, width, before, after) in zip(cells, self.spaced, strict=True):
            add(before)  # the divider and the padding, no row style over them
            plain = _plain(cell)
            if (
                plain is not None
                and (length := _cells(plain)) <= width
                and (not right_justify or plain == plain.rstrip())
            ):  # as its Text would be drawn: padded, the Text's own style over all
                spaces = " " * (width - length)
                shown = spaces + plain if right_justify else plain + spaces
                style = self._style(cell.style, base) if type(cell) is Styled else base
                if style:
                    if run:
                        segments.append(Segment("".join(run), _NULL))
                        run.clear()
                    segments.append(Segment(shown, style))
                else:
                    add(shown)
            else:
                if not isinstance(cell, (str, Text, Styled)) or self.console is None:
                    return None
                drawn = _cell(self.console, _renderable(cell), right_justify, width, base)  # type: ignore[arg-type]
                if drawn is None:
                    return None
                for segment in drawn:
                    if segment.style:
                        if run:
                            segments.append(Segment("".join(run), _NULL))
                            run.clear()
                        segments.append(segment)
                    else:
                        add(segment.text)
            add(after)
        if run:
            segments.append(Segment("".join(run), _NULL))
        return segments

    def _styled_line(self, cells: list[Cell], base: Style) -> list[Segment] | None:
        """A row in a style of its own (the header): its padding is in that style too."""
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
                put(shown, self._style(style, base) if style else base)
            else:
                if not isinstance(cell, (str, Text, Styled)) or self.console is None:
                    return None
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
            console = self.console
            own = _theme_style(name) if console is None else console.get_style(name, default=_NULL)
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


def _widest(console: Console, options: ConsoleOptions, cells: list[Cell]) -> int:
    widest = 0
    for cell in cells:
        plain = _plain(cell)
        size = _cells(plain) if plain is not None else _width(console, options, cell)
        if size > widest:
            widest = size
    return widest


def _width(console: Console, options: ConsoleOptions, cell: Cell) -> int:
    plain = _plain(cell)
    if plain is not None:
        return _cells(plain)
    renderable = _renderable(cell)
    if isinstance(renderable, Text):  # as Text measures itself, without a render
        return max((cell_len(line) for line in renderable.plain.splitlines()), default=0)
    return Measurement.get(console, options, renderable).maximum
