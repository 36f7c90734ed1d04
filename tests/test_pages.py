"""Pages for leaders: the report as one HTML file, charts as SVG/PNG pictures (issue 12)."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitrack import service
from kpitrack.charts import LARGE, SMALL, Frame, coordinate, nice_top
from kpitrack.picture import find_cjk_font

from .conftest import LANDED, Invoke, declare, log_all

HOSTILE = """
  - id: hostile
    name: <b>粗体</b>区
    indicators:
      - id: hostile-script
        name: "<script>alert(1)</script>"
        target: 10个
      - id: hostile-attr
        name: '" onmouseover=alert(1) x="'
        target: 5个
"""


@pytest.fixture
def hostile(workdir: Path, kpi: Invoke) -> Invoke:
    declare(workdir, HOSTILE)
    return log_all(kpi, [("hostile-script", "4", "2024-05-31"), *LANDED])


def parsed_tags(page: str) -> list[tuple[str, list[str]]]:
    """Every element a browser would make of the page, with its attributes' names."""
    from html.parser import HTMLParser

    found: list[tuple[str, list[str]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, [name for name, _ in attrs]))

    Collect().feed(page)
    return found


# -- kpi report ----------------------------------------------------------------------------------


def test_report_is_one_self_contained_page_with_every_indicator_and_its_state(
    landed: Invoke, workdir: Path
) -> None:
    result = landed("report", "-o", "2024-06.html", "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.output
    page = (workdir / "2024-06.html").read_text(encoding="utf-8")
    assert "截至 2024-06-30" in page and "周期 2024" in page
    # nothing fetched: no script, no stylesheet or image from elsewhere
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    view = service.report(service.Place(), date(2024, 6, 30))
    for row in view.status.report.rows():
        assert f'id="indicator-{row.indicator.id}"' in page
    card = page.split('id="indicator-signed-projects-landed"')[1].split("</article>")[0]
    assert "滞后" in card or "正常推进" in card
    assert "3个 / 确保 10个" in card  # actual / target with units
    assert "序时进度" in card and 'class="pace"' in card  # the pace marker on the bar
    assert "<svg" in card and 'class="series"' in card  # its small chart


def test_report_state_has_a_shape_and_a_word_beside_its_colour(
    landed: Invoke, workdir: Path
) -> None:
    landed("report", "-o", "r.html", "--as-of", "2024-06-30")
    page = (workdir / "r.html").read_text(encoding="utf-8")
    states = re.findall(
        r'<div class="state light-(\w+)"><i class="light" aria-hidden="true">(.)</i> (\S+)<', page
    )
    assert states
    shapes = {light: shape for light, shape, _ in states}
    assert len(set(shapes.values())) == len(shapes)  # each light its own shape
    assert all(word for _, _, word in states)


def test_report_prints_a_section_a_page_on_a4(landed: Invoke, workdir: Path) -> None:
    landed("report", "-o", "r.html", "--as-of", "2024-06-30")
    page = (workdir / "r.html").read_text(encoding="utf-8")
    assert "@page { size: A4" in page
    assert "section.area { break-before: page" in page
    assert "Microsoft YaHei" in page and "PingFang SC" in page and "Noto Sans CJK SC" in page
    # the font stack is CSS, not escaped text a browser would drop with the whole declaration
    body_font = re.search(r"font-family: ([^;]*);", page)
    assert (
        body_font and '"Microsoft YaHei"' in body_font.group(1) and "&#" not in body_font.group(1)
    )


def test_report_writes_only_an_html_page(landed: Invoke, workdir: Path) -> None:
    for name in ("r.pdf", "r.txt"):
        result = landed("report", "-o", name, "--as-of", "2024-06-30")
        assert result.exit_code == 2 and ".html" in result.stderr
        assert not (workdir / name).exists()


def test_report_in_english(landed: Invoke, workdir: Path) -> None:
    landed("report", "-o", "r.html", "--as-of", "2024-06-30", "--lang", "en")
    page = (workdir / "r.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "As of 2024-06-30" in page and "Completion" in page


def test_report_narrowed_to_an_owner_and_an_area(landed: Invoke, workdir: Path) -> None:
    result = landed("report", "-o", "r.html", "--as-of", "2024-06-30", "--owner", "教育局")
    assert result.exit_code == 0, result.output
    page = (workdir / "r.html").read_text(encoding="utf-8")
    owners = re.findall(r"<dt>责任单位</dt><dd>([^<]*)</dd>", page)
    assert owners and all("教育局" in owner for owner in owners)
    result = landed("report", "-o", "a.html", "--as-of", "2024-06-30", "--area", "民生")
    assert result.exit_code == 0, result.output


def test_report_of_an_owner_nobody_is_refused_in_one_sentence(
    landed: Invoke, workdir: Path
) -> None:
    result = landed("report", "-o", "r.html", "--owner", "不存在的局")
    assert result.exit_code == 2
    assert "没有责任单位包含「不存在的局」" in result.output
    assert not (workdir / "r.html").exists()


def test_report_never_overwrites_without_force(landed: Invoke, workdir: Path) -> None:
    (workdir / "r.html").write_text("mine", encoding="utf-8")
    result = landed("report", "-o", "r.html", "--as-of", "2024-06-30")
    assert result.exit_code == 2 and "已存在" in result.output
    assert (workdir / "r.html").read_text(encoding="utf-8") == "mine"
    result = landed("report", "-o", "r.html", "--as-of", "2024-06-30", "--force")
    assert result.exit_code == 0
    assert (workdir / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_hostile_names_are_text_not_markup(hostile: Invoke, workdir: Path) -> None:
    hostile("report", "-o", "r.html", "--as-of", "2024-06-30")
    page = (workdir / "r.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "onmouseover=alert(1)" in page  # as text…
    tags = parsed_tags(page)
    assert "script" not in {tag for tag, _ in tags}
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on")]  # …never an attribute


def test_milestones_show_their_stages_and_tasks_their_notes(landed: Invoke, workdir: Path) -> None:
    view = service.report(service.Place(), date(2024, 6, 30))
    task = next(r for r in view.status.report.rows() if r.indicator.measure.value == "task")
    landed("log", task.indicator.id, "进展：方案已印发", "--date", "2024-06-10", "--by", "测试员")
    landed("report", "-o", "r.html", "--as-of", "2024-07-05")
    page = (workdir / "r.html").read_text(encoding="utf-8")
    card = page.split(f'id="indicator-{task.indicator.id}"')[1].split("</article>")[0]
    assert "方案已印发" in card
    esports = page.split('id="indicator-tencent-esports"')[1].split("</article>")[0]
    assert '<ol class="stages"' in esports and "✓ 建成" in esports


def test_report_reads_every_entry_in_one_pass_not_per_indicator(
    landed: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kpitrack import sql_store

    asked: list[str] = []
    original = sql_store.SqlStore.entries_of
    monkeypatch.setattr(
        sql_store.SqlStore, "entries_of", lambda self, ids: asked.append(ids) or original(self, ids)
    )
    view = service.report(service.Place(), date(2024, 6, 30))
    assert len(view.stories) == len(view.status.report.rows()) > 40
    assert asked == []
    story = view.stories["signed-projects-landed"]
    assert [p.actual for p in story.series] == [Decimal(3)]  # the 2024-07-03 entry comes later


# -- kpi chart -----------------------------------------------------------------------------------


def test_chart_svg_is_the_page_drawing_with_series_pace_target_forecast(
    landed: Invoke, workdir: Path
) -> None:
    result = landed("chart", "signed-projects-landed", "-o", "c.svg", "--as-of", "2024-07-31")
    assert result.exit_code == 0, result.output
    svg = (workdir / "c.svg").read_text(encoding="utf-8")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    for part in ('class="series"', 'class="pace"', 'class="target"', 'class="forecast"'):
        assert part in svg
    assert "签约项目落地" in svg and "序时进度" in svg and ">个<" in svg  # the unit on the axis
    assert "<script" not in svg


def test_chart_of_several_indicators_is_one_picture(landed: Invoke, workdir: Path) -> None:
    result = landed("chart", "signed-projects-landed", "tencent-esports", "-o", "c.svg")
    assert result.exit_code == 0, result.output
    svg = (workdir / "c.svg").read_text(encoding="utf-8")
    assert svg.count("<title>") == 2 and "腾讯电竞项目建成投用" in svg


def test_chart_refuses_another_file_type_an_unknown_id_and_overwriting(
    landed: Invoke, workdir: Path
) -> None:
    result = landed("chart", "signed-projects-landed", "-o", "c.jpg")
    assert result.exit_code == 2 and ".svg 或 .png" in result.output
    result = landed("chart", "no-such-indicator", "-o", "c.svg")
    assert result.exit_code == 2 and "no-such-indicator" in result.output
    assert not (workdir / "c.svg").exists()
    (workdir / "c.svg").write_text("mine", encoding="utf-8")
    result = landed("chart", "signed-projects-landed", "-o", "c.svg")
    assert result.exit_code == 2
    assert (workdir / "c.svg").read_text(encoding="utf-8") == "mine"


def test_chart_png_draws_chinese_with_a_system_font(landed: Invoke, workdir: Path) -> None:
    pytest.importorskip("resvg_py")
    if find_cjk_font() is None:
        pytest.skip("no Chinese font installed (fonts-noto-cjk)")
    result = landed("chart", "signed-projects-landed", "-o", "c.png", "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.output
    data = (workdir / "c.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(data[16:20], "big")
    assert width == LARGE.width * 2


def test_chart_png_without_a_chinese_font_is_refused_naming_what_to_install(
    landed: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kpitrack.picture.font_folders", lambda: [workdir / "no-fonts"])
    result = landed("chart", "signed-projects-landed", "-o", "c.png")
    assert result.exit_code == 3
    assert "fonts-noto-cjk" in result.output and "方框" in result.output
    assert not (workdir / "c.png").exists()


def test_cjk_font_found_by_file_name_regular_weight_first(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts" / "noto"
    fonts.mkdir(parents=True)
    for name in ("NotoSansCJK-Bold.ttc", "NotoSansCJK-Regular.ttc", "DejaVuSans.ttf"):
        (fonts / name).write_bytes(b"")
    assert find_cjk_font([tmp_path / "fonts"]) == fonts / "NotoSansCJK-Regular.ttc"
    assert find_cjk_font([tmp_path / "nothing"]) is None


# -- chart geometry ------------------------------------------------------------------------------

START = date(2024, 1, 1)
END = date(2024, 12, 31)
values = st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False)


def reference_y(frame: Frame, value: Decimal) -> float:
    """The obvious formula, in floats: bottom minus the share of the plot's height."""
    height = frame.plot_bottom - frame.plot_top
    return frame.plot_bottom - float(value) / float(frame.top_value) * height


@settings(max_examples=200, deadline=None)
@given(st.lists(values, min_size=1, max_size=30), st.sampled_from([SMALL, LARGE]))
def test_chart_coordinates_are_monotone_and_inside_the_plot(
    shown: list[Decimal], size: object
) -> None:
    assert size in (SMALL, LARGE)
    frame = Frame(size, START, END, nice_top(max(shown)))  # type: ignore[arg-type]
    assert frame.top_value >= max(shown)
    ordered = sorted(shown)
    ys = [frame.y(v) for v in ordered]
    assert all(a >= b for a, b in itertools.pairwise(ys))  # higher value, higher up
    for value, y in zip(ordered, ys, strict=True):
        assert frame.plot_top <= y <= frame.plot_bottom
        assert float(coordinate(y)) == pytest.approx(reference_y(frame, value), abs=0.006)


@given(st.lists(st.integers(min_value=0, max_value=365), min_size=2, max_size=30))
def test_chart_days_go_left_to_right_inside_the_plot(offsets: list[int]) -> None:
    frame = Frame(SMALL, START, END, Decimal(10))
    days = sorted(START + timedelta(days=n) for n in offsets)
    xs = [frame.x(d) for d in days]
    assert all(a <= b for a, b in itertools.pairwise(xs))
    assert all(frame.plot_left <= x <= frame.plot_right for x in xs)
    assert frame.x(START) == frame.plot_left and frame.x(END) == frame.plot_right


@given(values)
def test_axis_top_is_a_round_number_at_or_above_the_highest(highest: Decimal) -> None:
    top = nice_top(highest)
    assert top >= highest and top > 0
    assert top <= highest * Decimal("1.34") or top == 1  # never far above: the target sits high


def test_kpi_starts_without_the_page_libraries() -> None:
    """kpi log and friends do not pay for Jinja2, resvg or the web server."""
    import subprocess
    import sys

    from .conftest import ROOT

    code = "import sys, kpitrack.cli; print(sorted(m for m in ('jinja2', 'starlette', 'uvicorn', 'resvg_py') if m in sys.modules))"
    found = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src")},
        check=True,
    )
    assert found.stdout.strip() == "[]"
