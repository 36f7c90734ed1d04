"""A fitted table drawn line by line looks exactly as Rich's Table draws it (issue 13): the
same characters in the same styles, at any width, in colour or not — only sooner."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from kpitrack.render import fit
from kpitrack.render.fit import Col, FittedTable, Styled

WORDS = st.text(alphabet="ab 1.%个指标第节—●█░", max_size=14)
# markup, emoji codes, control codes and trailing spaces: what a plain string does not show as is
ODD = st.text(alphabet="ab 个:[]\r\x07\u3000", max_size=10)
STYLES = st.sampled_from(["", "bold", "dim", "red", "bold red"])
CELLS = st.one_of(
    WORDS,
    ODD,
    st.builds(Text, WORDS, style=STYLES),
    st.builds(Styled, st.one_of(WORDS, ODD), STYLES),  # drawn as the Text of the same
)


@st.composite
def tables(
    draw: st.DrawFn, cells: st.SearchStrategy[object] = CELLS
) -> tuple[list[Col], list[tuple[dict[str, object], bool]], dict]:
    count = draw(st.integers(min_value=1, max_value=6))
    flexible = draw(st.integers(min_value=-1, max_value=count - 1))
    columns = [
        Col(
            f"c{n}",
            draw(WORDS) or f"列{n}",
            draw(st.integers(min_value=0, max_value=4)) if n else 0,
            draw(st.sampled_from(["left", "right"])),
            n == flexible,
        )
        for n in range(count)
    ]
    rows = draw(
        st.lists(
            st.tuples(st.fixed_dictionaries({c.key: cells for c in columns}), st.booleans()),
            max_size=6,
        )
    )
    options = draw(st.sampled_from([{}, {"title": "标题"}, {"title": "指标", "caption": "截至"}]))
    return columns, rows, options  # type: ignore[return-value]


def drawn(table: tuple, width: int, colour: bool, lines: bool) -> str:
    columns, rows, options = table
    fitted = FittedTable(columns, options=dict(options))
    for cells, end_section in rows:
        fitted.add(cells, end_section=end_section)
    out = io.StringIO()
    console = Console(
        file=out, width=width, force_terminal=colour, color_system="truecolor" if colour else None
    )
    built = fitted.build(console)
    assert isinstance(built, fit.Lines) or not lines
    if not lines:  # what Rich draws of the same, trimmed as any table is when piped
        built = fit.trimmed(fitted._table(fitted._chosen, fitted._limit), console)
    console.print(built)
    return out.getvalue()


@settings(max_examples=150, deadline=None)
@given(table=tables(), width=st.integers(min_value=20, max_value=120), colour=st.booleans())
def test_a_table_drawn_line_by_line_is_the_one_rich_draws(
    table: tuple, width: int, colour: bool
) -> None:
    columns, rows, options = table
    probe = FittedTable(columns, options=dict(options))
    for cells, end_section in rows:
        probe.add(cells, end_section=end_section)
    if not isinstance(probe.build(Console(file=io.StringIO(), width=width)), fit.Lines):
        return  # too wide even so: Rich draws it, shrinking columns its own way
    assert drawn(table, width, colour, True) == drawn(table, width, colour, False)


def test_a_styled_cell_looks_as_the_text_of_the_same() -> None:
    """A Styled cell is a lighter Text: in a table Rich draws, it is that Text."""

    def shown(cell: object) -> str:
        fitted = FittedTable([Col("a", "甲"), Col("b", "乙", 1, "right")])
        fitted.add({"a": cell, "b": cell})  # type: ignore[dict-item]
        out = io.StringIO()
        console = Console(file=out, width=40, force_terminal=True, color_system="truecolor")
        console.print(fitted.build(console))
        return out.getvalue()

    for text, style in [("指标 [b]x[/b] :smile:", "bold red"), ("完成 ", "dim"), ("", "red")]:
        assert shown(Styled(text, style)) == shown(Text(text, style=style))


def test_a_cell_of_several_lines_is_left_to_rich() -> None:
    fitted = FittedTable([Col("a", "甲"), Col("b", "乙")])
    fitted.add({"a": "一\n二", "b": "三"})
    assert not isinstance(fitted.build(Console(file=io.StringIO(), width=80)), fit.Lines)


@pytest.mark.parametrize("width", [40, 80])
def test_the_status_table_of_a_district_keeps_its_look(width: int) -> None:
    """Title, header and rule, a blank line between areas, caption: as before, but piped
    (as here) no line ends in the spaces that pad it to the table's width (issue 14)."""
    fitted = FittedTable(
        [Col("name", "指标", flexible=True), Col("n", "实际", 1, "right")],
        options={"title": "指标完成情况", "caption": "截至 2024-06-30"},
    )
    fitted.add({"name": Text("第1节", style="bold")})
    fitted.add({"name": "  指标0", "n": "3003个"}, end_section=True)
    fitted.add({"name": "  指标1", "n": "12个"})
    out = io.StringIO()
    Console(file=out, width=width).print(fitted.build(Console(file=io.StringIO(), width=width)))
    lines = out.getvalue().splitlines()
    assert lines == [
        "  指标完成情况", "指标        实际", "─" * 16, "第1节", "  指标0   3003个",
        "", "  指标1     12个", "截至 2024-06-30",
    ]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    naturals=st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=8),
    flexible=st.integers(min_value=-1, max_value=7),
    cap=st.one_of(st.none(), st.integers(min_value=0, max_value=40)),
    options=st.sampled_from([{}, {"title": "标题"}, {"caption": "截至"}, {"show_header": False}]),
)
def test_the_width_a_choice_of_columns_takes_is_the_one_rich_measures(
    naturals: list[int], flexible: int, cap: int | None, options: dict
) -> None:
    """Columns are left out by a sum of widths, not by Rich measuring a table for each
    trial; the sum is what Rich would measure, so the same columns stay."""
    columns = [Col(f"c{n}", "", flexible=n == flexible) for n in range(len(naturals))]
    fitted = FittedTable(columns, options=dict(options))
    console = Console(file=io.StringIO(), width=80)
    natural = {c.key: wide for c, wide in zip(columns, naturals, strict=True)}
    assert fitted._trial_width(console, columns, natural, cap) == fitted._measured_width(
        console, columns, natural, cap
    )


TITLES = st.sampled_from(
    [{}, {"title": "指标完成情况 " * 6, "caption": "截至 2024-06-30，序时进度按天计算 " * 4}]
)


def table_maker(table: tuple, titles: dict, cut_names: bool) -> Callable[[], FittedTable]:
    """A drawn table's maker (a fresh table each call), with its titles; ``cut_names`` gives
    the first column long flexible names, which are cut and measured again."""
    columns, rows, options = table
    if cut_names:
        columns = [Col(c.key, c.heading, c.priority, c.justify, True) for c in columns]
        rows = [
            ({k: ("指标名称很长" * 3 if k == "c0" else v) for k, v in r.items()}, e)
            for r, e in rows
        ]

    def fitted() -> FittedTable:
        made = FittedTable(columns, options={**options, **titles})
        for cells, end_section in rows:
            made.add(cells, end_section=end_section)
        return made

    return fitted


@settings(max_examples=100, deadline=None)
@given(table=tables(), titles=TITLES, width=st.integers(min_value=20, max_value=120))
def test_a_shown_table_is_the_one_printed_with_rich_cropping(
    table: tuple, titles: dict, width: int
) -> None:
    """``show`` leaves out Rich's cropping of what it draws itself: a title or caption that
    wraps, in colour or not, trimmed or not, comes out as Rich's printing makes it."""
    columns, rows, options = table
    for colour in (False, True):
        outs = []
        for shown in (False, True):
            fitted = FittedTable(columns, options={**options, **titles})
            for cells, end_section in rows:
                fitted.add(cells, end_section=end_section)
            out = io.StringIO()
            console = Console(
                file=out,
                width=width,
                force_terminal=colour,
                color_system="truecolor" if colour else None,
            )
            if shown:
                fitted.show(console)
            else:
                console.print(fitted.build(console))
            outs.append(out.getvalue())
        assert outs[0] == outs[1]


# text as written, mostly: the tables a pipe gets without Rich's console
PLAIN = st.one_of(WORDS, st.builds(Styled, WORDS, STYLES), st.just(Text("x")), ODD)


@settings(max_examples=200, deadline=None)
@given(
    table=tables(PLAIN),
    titles=TITLES,
    width=st.integers(min_value=20, max_value=200),
    cut_names=st.booleans(),
)
def test_a_table_worked_out_for_a_pipe_is_the_one_rich_prints_to_it(
    table: tuple, titles: dict, width: int, cut_names: bool
) -> None:
    """Piped, a table of text as written is worked out without Rich's console: the same
    characters, trimmed the same, as printed through a console that is not a terminal —
    or nothing, and Rich's console prints it."""
    fitted = table_maker(table, titles, cut_names)
    text = fitted().text(width)
    out = io.StringIO()
    fitted().show(Console(file=out, width=width, force_terminal=False))
    if text is not None:
        assert text == out.getvalue()


def test_a_plain_table_is_worked_out_for_a_pipe_and_an_odd_one_is_not() -> None:
    table = FittedTable([Col("a", "甲"), Col("b", "乙", 1, "right")], options={"title": "表"})
    table.add({"a": Styled("指标", "bold"), "b": "12个"})
    assert table.text(40) == "    表\n甲       乙\n" + "─" * 11 + "\n指标   12个\n"
    table.add({"a": "[b]x[/b]"})  # markup: Rich's to read
    assert table.text(40) is None


# sentences as a report has them: English words, Chinese with no spaces, dates and numbers,
# full-width punctuation, words longer than a line; and odd ones (markup, emoji, an ideographic
# space, a line break) some of which are Rich's to print
PIECES = st.one_of(
    st.text("abcdefghij", min_size=1, max_size=14),
    st.text("指标完成情况序时进度严重滞后", min_size=1, max_size=30),
    st.sampled_from(["（百分点）；", "·", "—", "−", "2024-06-30", "，", "。", "：", "/", "(done"]),
    st.sampled_from(["missed)", "85%", "12个", "“引号”", "《报告》", "●", "█░", "x" * 90]),
    st.sampled_from(["👍", "✅", "🇨🇳", "[b]", "\u3000", "\n", ":smile:"]),
)
SENTENCES = st.one_of(
    st.tuples(st.lists(PIECES, max_size=30), st.sampled_from([" ", "", "  ", " · "])).map(
        lambda pieces: pieces[1].join(pieces[0])
    ),
    st.text(alphabet="ab 1.%个指标[]:：·—●\u3000", max_size=200),
)


def shown_as_text(text: str) -> bool:
    """Whether a sentence, title or caption is text as written: no markup, nothing that
    does not print; those are worked out without Rich's console, at any width."""
    return "[" not in text and text.isprintable()


@settings(max_examples=400, deadline=None)
@given(text=SENTENCES, width=st.integers(1, 200))
def test_a_sentence_worked_out_for_a_pipe_is_the_one_rich_prints_to_it(
    text: str, width: int
) -> None:
    """A sentence wider than the pipe is wrapped as Rich's console wraps it: at spaces,
    Chinese between any two characters, a word wider than a line folded."""
    out = io.StringIO()
    Console(file=out, width=width, highlight=False, emoji=False, soft_wrap=False).print(text)
    shown = fit.sentence_text(text, width)
    assert (shown is not None) == shown_as_text(text)
    if shown is not None:
        assert shown == re.sub(" +\n", "\n", out.getvalue())  # as kpitrack.output trims it


@settings(max_examples=300, deadline=None)
@given(
    title=SENTENCES,
    caption=SENTENCES,
    names=st.lists(st.text("指标ab ", max_size=12), max_size=4),
    width=st.integers(min_value=20, max_value=200),
)
def test_a_title_and_caption_worked_out_for_a_pipe_are_what_rich_prints(
    title: str, caption: str, names: list[str], width: int
) -> None:
    """A title or caption wider than its table is wrapped and centred as Rich's Table wraps
    and centres it, each line trimmed as a pipe's lines are."""

    def fitted() -> FittedTable:
        made = FittedTable(
            [Col("a", "指标", flexible=True), Col("b", "实际", 1, "right")],
            options={"title": title, "caption": caption},
        )
        for name in names:
            made.add({"a": name.strip(), "b": "12个"})
        return made

    text = fitted().text(width)
    out = io.StringIO()
    fitted().show(Console(file=out, width=width, force_terminal=False, emoji=False))
    plain = all(shown_as_text(x) and ":" not in x for x in (title, caption))
    assert (text is not None) == plain
    if text is not None:
        assert text == out.getvalue()
