"""With ``--lang en`` every command speaks English: the only Chinese left in what it prints is
data — names, units, owners, stages, source text and targets from targets.yaml, and the values and
notes people logged. Each command's output has those strings taken out and must then hold no CJK."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from kpitrack.targets import load_targets

from .conftest import HISTORY, REPO_TARGETS, Invoke

CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

# What the tests below log or write themselves: data, not kpitrack's words.
LOGGED = {value for _, value, _ in HISTORY} | {
    "测试员",
    "王五",
    "李四",
    "填错指标",
    "少计一个",
    "恢复原值",
    "区住建局",
    "测试报告",
    "很多",
    "开工了",
}
# targets.yaml's own vocabulary, which JSON and CSV carry as written: a result's verdict and the
# report's words before a target.
VOCABULARY = {"超额完成", "完成", "未说明", "确保", "力争", "争取"}


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _data_strings(path: Path) -> list[str]:
    """Every string the declaration holds, as written and as parsed, longest first so a name
    is taken out before a unit inside it."""
    found = set(_strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    targets = load_targets(path)
    for area in targets.areas:
        found.add(area.name)
        for indicator in area.indicators:
            found |= {
                text
                for text in (
                    indicator.name,
                    indicator.unit,
                    indicator.owner,
                    indicator.source,
                    indicator.approx,
                    indicator.commitment,
                    indicator.verdict,
                    indicator.target_stage,
                    indicator.start_stage,
                )
                if text
            }
            found |= {stage.name for stage in indicator.stages}
            if indicator.actual is not None:
                found |= {t for t in (indicator.actual.stage, indicator.actual.approx) if t}
    if targets.report:
        found.add(targets.report)
    found |= LOGGED
    quoted = {json.dumps(s, ensure_ascii=False)[1:-1] for s in found}  # JSON writes \" for "
    doubled = {s.replace('"', '""') for s in found}  # CSV writes "" for "
    every = found | quoted | doubled
    return sorted((s for s in every if CJK.search(s)), key=len, reverse=True)


DATA = _data_strings(REPO_TARGETS)


RUN = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def chinese_outside_data(text: str, more: tuple[str, ...] = ()) -> list[str]:
    """The lines that still hold CJK once every data string is taken out, and every run of two
    or more CJK characters found inside one (a name wrapped or cut in a column, a phrase of the
    report a draft quotes) or that is a word of targets.yaml's vocabulary."""
    data = sorted({*DATA, *more}, key=len, reverse=True)
    for string in data:
        if len(string) >= 3:  # a short word would also cut kpitrack's words: the runs below
            text = text.replace(string, "")

    def outside(run: re.Match[str]) -> str:
        word = run.group()
        inside = any(word in string if len(word) >= 2 else word == string for string in data)
        return "" if inside or word in VOCABULARY else word

    text = RUN.sub(outside, text)
    return [line for line in text.splitlines() if CJK.search(line)]


def english(kpi: Invoke, *args: str) -> str:
    result = kpi(*args, "--lang", "en")
    return result.stdout + result.stderr


def assert_english(output: str, *more: str) -> None:
    left = chinese_outside_data(output, more)
    if left:
        pytest.fail("Chinese outside data:\n" + "\n".join(left), pytrace=False)


def test_the_data_strings_are_taken_out_and_nothing_else() -> None:
    assert chinese_outside_data("全区域项目观摩: 6次 of 共进行6次全区域、38次分领域项目观摩") == []
    assert chinese_outside_data("聚焦项目建设抓经济   ███ 100.0%") == []  # a name cut in a column
    for words in (
        "done 2，on track 3",
        "'5家' is a 以「家」计的数量",
        "【State changes】",
        "name: （无标题）",
        "replaced by #53（）",
    ):
        assert chinese_outside_data(words) != []


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
@pytest.mark.parametrize(
    "command",
    [
        ("status", "--as-of", "2024-07-07"),
        ("status", "--as-of", "2024-07-07", "--period", "2023"),
        ("summary", "--week", "2024-W27"),
        ("due", "--as-of", "2024-07-07"),
        ("list",),
        ("list", "--retired"),
        ("history", "key-projects-2024", "--as-of", "2024-07-07"),
        ("history", "tencent-esports", "--as-of", "2024-07-07"),
        ("history", "fitness-paths", "--all"),
        ("imports",),
    ],
)
def test_reports_in_english(logged: Invoke, command: tuple[str, ...], fmt: str) -> None:
    assert_english(english(logged, *command, "--format", fmt))


def test_recording_and_correcting_in_english(logged: Invoke) -> None:
    assert_english(
        english(logged, "log", "fitness-paths", "9", "--date", "2024-07-08", "--by", "王五")
    )
    assert_english(english(logged, "undo", "--yes", "--by", "王五", "--note", "填错指标"))
    entries = json.loads(logged("history", "fitness-paths", "--all", "--format", "json").stdout)
    voided = next(e["entry"] for e in entries["entries"] if e["voided_at"])
    assert_english(english(logged, "restore", str(voided), "--by", "李四", "--note", "恢复原值"))
    latest = entries["entries"][-1]["entry"]
    assert_english(
        english(logged, "amend", str(latest), "10", "--by", "李四", "--note", "少计一个")
    )
    assert_english(english(logged, "history", "fitness-paths", "--all"))
    assert_english(english(logged, "log", "tencent-esports", "--date", "2024-07-09"))


def test_mistakes_in_english(logged: Invoke) -> None:
    for args in (
        ("log", "fitness-paths", "5家", "--date", "2024-07-08"),
        ("log", "fitness-paths", "很多", "--date", "2024-07-08"),
        ("log", "tencent-esports", "开工了", "--date", "2024-07-08"),
        ("log", "no-such-indicator", "5"),
        ("log", "fitness-paths", "100", "--date", "2024-07-08"),
        ("undo", "99999"),
        ("history", "no-such"),
        ("status", "--period", "1999"),
    ):
        assert_english(english(logged, *args))


def test_files_in_english(logged: Invoke, workdir: Path) -> None:
    sheet = workdir / "week.csv"
    sheet.write_text(
        "id,value,date\nfitness-paths,+1,2024-07-10\nkey-projects-2024,6,2024-07-10\n",
        encoding="utf-8",
    )
    assert_english(english(logged, "import", str(sheet), "--by", "区住建局", "-q"))
    bad = workdir / "bad.csv"
    bad.write_text("id,value,date\nfitness-paths,abc,2024-07-10\nnope,1,2024-07-10\n")
    assert_english(english(logged, "import", str(bad), "-q"))
    assert_english(english(logged, "imports"))
    assert_english(english(logged, "undo", "--import", "1", "--by", "区住建局"))
    assert_english(english(logged, "export", str(workdir / "out.csv"), "-q"))
    assert_english(english(logged, "export", str(workdir / "status.json"), "--what", "status"))
    assert_english(english(logged, "template", "-o", str(workdir / "t.xlsx")))
    assert_english(english(logged, "template", "--list-owners"))
    assert_english(english(logged, "init"))
    assert_english(english(logged, "validate"))
    assert_english(english(logged, "backup", str(workdir / "copy.db")))
    assert_english(english(logged, "report", "--as-of", "2024-07-07"))


def test_validate_problems_in_english(kpi: Invoke, workdir: Path) -> None:
    broken = workdir / "targets.yaml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("cycle: monthly", "cycle: sometimes", 1), encoding="utf-8")
    assert_english(english(kpi, "validate"))


REPORT_ZH = """测试报告
一、持续抓好项目建设
全年新建公园游园5个，力争完成固定资产投资120亿元，确保新增就业8000人以上。
推进中原科技城建设，年底前完成主体工程。
"""

REPORT_EN = """Annual work report
We will build 120 affordable homes and reduce response time to under 8 minutes.
Satisfaction should be 95% or greater.
"""


@pytest.mark.parametrize("text", [REPORT_ZH, REPORT_EN], ids=["zh", "en"])
def test_extract_drafts_in_english(kpi: Invoke, workdir: Path, text: str) -> None:
    report = workdir / "report.txt"
    report.write_text(text, encoding="utf-8")
    out = english(kpi, "extract", str(report), "--year", "2024")
    assert_english(out, *text.splitlines())  # the report's own words are data here


def test_one_missed_cycle_is_singular(logged: Invoke) -> None:
    out = english(logged, "due", "--as-of", "2024-07-05")  # hospitals-in-use: June missed
    assert "1 cycle missed" in out and "1 cycles" not in out


def test_counts_agree_with_their_words(logged: Invoke, workdir: Path) -> None:
    sheet = workdir / "one.csv"
    sheet.write_text("id,value,date\nfitness-paths,+1,2024-07-10\n", encoding="utf-8")
    out = english(logged, "import", str(sheet), "-q")
    assert "wrote 1 entry." in out and "1 entries" not in out
    assert "1 indicators" not in english(logged, "status", "--as-of", "2024-07-07")


def test_more_commands_in_english(logged: Invoke, workdir: Path) -> None:
    assert_english(english(logged, "chart", "fitness-paths", "-o", str(workdir / "c.svg")))
    assert_english(english(logged, "status", "--as-of", "2024-07-07", "--fail-on", "behind"))
    assert_english(english(logged, "summary", "--week", "2024-W27", "--fail-on", "due"))
    assert_english(english(logged, "copy", str(workdir / "kpi.db"), str(workdir / "two.db")))
    assert_english(english(logged, "status", "--area", "nowhere"))
    assert_english(english(logged, "due", "--owner", "nobody"))


def workbook_text(path: Path) -> str:
    """What a reader of the workbook sees: sheet names, cells, comments, the prompts and
    errors of its drop-downs, headers and footers."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    seen: list[str] = []
    for sheet in book.worksheets:
        seen.append(sheet.title)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    seen.append(cell.value)
                if cell.comment is not None:
                    seen.append(cell.comment.text)
        for rule in sheet.data_validations.dataValidation:
            seen += [
                t
                for t in (rule.formula1, rule.errorTitle, rule.error, rule.promptTitle, rule.prompt)
                if t
            ]
        for part in (sheet.oddHeader, sheet.oddFooter):
            seen += [t.text for t in (part.left, part.center, part.right) if t.text]
    return "\n".join(seen)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("entries.xlsx", ()),
        ("entries.csv", ()),
        ("entries.json", ()),
        ("status.xlsx", ("--what", "status", "--as-of", "2024-07-07")),
        ("sections.xlsx", ("--what", "status", "--as-of", "2024-07-07", "--by-section")),
        ("status.csv", ("--what", "status", "--as-of", "2024-07-07")),
        ("status.json", ("--what", "status", "--as-of", "2024-07-07")),
    ],
)
def test_exported_files_in_english(
    logged: Invoke, workdir: Path, name: str, args: tuple[str, ...]
) -> None:
    """A file kpi export writes under --lang en: headings, sheet names, titles and state
    words in English; only the data stays as targets.yaml and the entries have it."""
    path = workdir / name
    assert_english(english(logged, "export", str(path), *args))
    text = workbook_text(path) if name.endswith(".xlsx") else path.read_text(encoding="utf-8-sig")
    assert_english(text)


@pytest.mark.parametrize("owner", [(), ("--owner", "区体育局")])
def test_templates_in_english(logged: Invoke, workdir: Path, owner: tuple[str, ...]) -> None:
    path = workdir / "template.xlsx"
    assert_english(english(logged, "template", *owner, "-o", str(path)))
    assert_english(workbook_text(path))


def test_report_page_and_chart_in_english(logged: Invoke, workdir: Path) -> None:
    page, picture = workdir / "report.html", workdir / "chart.svg"
    assert_english(english(logged, "report", "-o", str(page), "--as-of", "2024-07-07"))
    assert_english(page.read_text(encoding="utf-8"))
    assert_english(english(logged, "chart", "fitness-paths", "-o", str(picture)))
    assert_english(picture.read_text(encoding="utf-8"))


def test_an_english_template_filled_in_imports_as_a_chinese_one_does(
    logged: Invoke, workdir: Path
) -> None:
    """English headings, the 'stage' unit and the English signature line are all read back:
    the filled rows are written, the signature is a footer, no column is reported unknown."""
    from datetime import datetime

    from openpyxl import load_workbook

    path = workdir / "ndrc.xlsx"
    assert english(logged, "template", "--owner", "区发展改革委", "-o", str(path))
    book = load_workbook(path)
    assert book.sheetnames == ["Instructions", "Fill in"]
    sheet = book["Fill in"]
    assert [c.value for c in sheet[2]] == [
        "id", "name", "unit", "target", "last value", "last date", "value", "date", "note",
        "confirm",
    ]  # fmt: skip
    row_of = {sheet.cell(r, 1).value: r for r in range(3, sheet.max_row + 1)}
    assert sheet.cell(row_of["tencent-esports"], 3).value == "stage"
    r = row_of["key-projects-2024"]
    sheet.cell(r, 7).value, sheet.cell(r, 8).value = 8, datetime(2024, 7, 31)
    r = row_of["tencent-esports"]
    sheet.cell(r, 7).value, sheet.cell(r, 8).value = "投用", datetime(2024, 7, 20)
    signature = next(r for r in row_of if str(r).startswith("Filled in by:"))
    sheet.cell(row_of[signature], 1).value = "Filled in by: Li   Checked by: Wang   Phone: 1234"
    book.save(path)
    result = logged("import", str(path), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "wrote 2 entries" in result.stderr
    assert "not recognised" not in result.stderr  # target, last value, last date: quiet
    assert "Ignored 1 row at the end" in result.stderr  # the signature line
    assert_english(result.stderr)
    assert english(logged, "template", "--owner", "区发展改革委", "-o", str(path), "--force")
    blank = logged("template", "--owner", "区发展改革委", "-o", str(path))  # zh over en
    assert blank.exit_code == 0, blank.stderr


def test_an_english_export_imports_again_adding_nothing(logged: Invoke, workdir: Path) -> None:
    """English headings are ones kpi import reads: a re-sent export adds no entry; a
    confirmed entry's confirm cell says yes, which confirms it again."""
    assert logged("log", "fitness-paths", "900", "--date", "2024-07-08", "--force").exit_code == 0
    for name in ("again.csv", "again.xlsx"):
        path = workdir / name
        english(logged, "export", str(path))
        text = path.read_text(encoding="utf-8-sig") if name.endswith(".csv") else ""
        if text:
            assert text.splitlines()[0].startswith("entry,id,name,value,date,note,by,")
            assert ",yes," in text
        result = logged("import", str(path), "--lang", "en")
        assert result.exit_code == 0, result.stderr
        assert "wrote 0" in result.stderr or "nothing" in result.stderr.lower(), result.stderr


# -- the examples English messages give are English input kpitrack takes ----------------------


def test_a_task_is_marked_done_with_the_english_word_its_message_names(
    logged: Invoke, workdir: Path
) -> None:
    """'log a progress note in words, or done': done marks the task done, typed or imported."""
    refused = english(logged, "log", "priority-employment", "5", "--date", "2024-07-08")
    assert "or done, not the figure '5'" in refused and "完成" not in refused
    assert logged("log", "priority-employment", "done", "--date", "2024-07-08").exit_code == 0
    sheet = workdir / "tasks.csv"
    sheet.write_text("id,value,date\nurban-renewal,Done.,2024-07-09\n", encoding="utf-8")
    assert logged("import", str(sheet), "-q").exit_code == 0
    status = json.loads(logged("status", "--as-of", "2024-07-10", "--format", "json").stdout)
    rows = {r["id"]: r for area in status["areas"] for r in area["indicators"]}
    assert rows["priority-employment"]["state"] == rows["urban-renewal"]["state"] == "done"
    assert rows["urban-renewal"]["stage"] == "完成"  # stored as the Chinese office writes it
    shown = json.loads(english(logged, "status", "--as-of", "2024-07-10", "--format", "json"))
    english_rows = {r["id"]: r for area in shown["areas"] for r in area["indicators"]}
    assert english_rows["urban-renewal"]["display"]["actual"] == "done"
    assert rows["urban-renewal"]["display"]["actual"] == "完成"


def test_the_figures_english_messages_suggest_are_read() -> None:
    """5.92 billion yuan (quantity.empty), a billion-yuan unit (quantity.too_large) and every
    unit unit.known names in English resolve; none of them is a unit kpitrack refuses."""
    from decimal import Decimal

    from kpitrack.messages import set_language, t
    from kpitrack.quantity import convert, parse_quantity
    from kpitrack.units import resolve_unit

    assert convert(parse_quantity("5.92 billion yuan"), "亿元") == Decimal("59.2")
    set_language("en")
    try:
        known = t("unit.known").replace(", or a noun such as ", ", ").split(", ")
    finally:
        set_language(None)
    assert known[-1] == "homes" and len(known) >= 8
    for unit in [*known, "billion yuan"]:
        assert resolve_unit(unit) is not None, unit


def test_a_month_cell_and_a_sheet_without_headings_are_told_in_english(
    logged: Invoke, workdir: Path
) -> None:
    from datetime import date

    from .test_sheets import workbook

    month = workbook(
        workdir / "month.xlsx",
        ("Sheet1", [["id", "value", "date"], ["fitness-paths", 6, (date(2024, 9, 1), "yyyy-mm")]]),
    )
    said = english(logged, "import", str(month))
    assert "'2024-09' is recorded as the month's end, 2024-09-30" in said
    assert_english(said)
    headless = workdir / "headless.csv"
    headless.write_text("指标,完成\nfitness-paths,6\n", encoding="utf-8")
    said = english(logged, "import", str(headless))
    assert "an id or name column and a value column" in said
    assert_english(said, "指标", "完成")  # the file's own headings, quoted back
    said = english(logged, "log", "fitness-paths", "", "--date", "2024-07-08")
    assert "such as 21 or 5.92 billion yuan" in said
    said = english(logged, "log", "fitness-paths", "5夸克", "--date", "2024-07-08")
    assert "Known units include yuan," in said
    assert_english(said, "夸克")  # the unit typed, quoted back
