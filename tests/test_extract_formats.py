"""kpi extract reads a report as it arrives: a text file in UTF-8 or GBK, a Word .docx, a PDF
with a text layer, the text of a WeChat article; what it cannot read is refused in one sentence.

The same report in each format drafts the same indicators. The test files are written here:
the .docx with python-docx, the PDF with fpdf2 and the Noto CJK font the machine has (its CFF
outlines made TrueType, as Word embeds them; without the font the PDF tests are skipped).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from .conftest import SEED, Invoke

docx = pytest.importorskip("docx", reason="python-docx is a dependency of kpitrack")
pytest.importorskip("pypdf", reason="pypdf is a dependency of kpitrack")

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")

SHORT_REPORT = """2024年政府工作报告

一、2023年工作回顾

全年新增科技型企业195家，完成投资59.2亿元，超额完成年度目标任务。

二、2024年重点任务

确保新建幼儿园3所，力争新增就业岗位1200个。
"""


def drafted(kpi: Invoke, path: Path) -> list[tuple[str, str, object]]:
    """What the draft holds, as a reviewer compares it: each indicator's id, name and figure."""
    result = kpi("extract", str(path), "--year", "2024")
    assert result.exit_code == 0, result.stderr
    document = yaml.safe_load(result.stdout)
    return [
        (item["id"], item["name"], item.get("target", item.get("actual")))
        for area in document["areas"]
        for item in area["indicators"]
    ]


def write_docx(path: Path, text: str) -> None:
    """A report as Word holds it: a line standing alone between blank lines is a heading
    (Heading 2), every other line a paragraph; no empty paragraphs."""
    document = docx.Document()
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        alone = (index == 0 or not lines[index - 1].strip()) and (
            index + 1 == len(lines) or not lines[index + 1].strip()
        )
        if alone and len(line.strip()) <= 40 and not any(m in line for m in "。；;"):
            document.add_heading(line.strip(), level=2)
        else:
            document.add_paragraph(line)
    document.save(str(path))


def cjk_font(tmp_path: Path, text: str) -> Path:
    """The Noto CJK glyphs the text needs, as a TrueType font fpdf2 embeds correctly."""
    if not NOTO.exists():
        pytest.skip("no CJK font (fonts-noto-cjk) to write a Chinese PDF with")
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(NOTO), fontNumber=2)  # Noto Sans CJK SC
    options = subset.Options()
    options.desubroutinize = True
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + "".join(chr(c) for c in range(32, 127)))
    subsetter.subset(font)
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font["glyf"], font["loca"] = glyf, newTable("loca")
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for key in [
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ]:
        setattr(maxp, key, 0)
    maxp.maxZones, maxp.numGlyphs = 1, len(order)
    font["maxp"] = maxp
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    path = tmp_path / "cjk.ttf"
    font.save(str(path))
    return path


def write_pdf(path: Path, text: str, tmp_path: Path) -> None:
    """A report printed to PDF: each line of the text a paragraph the page wraps, character
    by character as Chinese is set, a blank line a blank line."""
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (the test extra) writes the test PDFs")
    pdf = fpdf.FPDF()
    pdf.add_font("cjk", fname=str(cjk_font(tmp_path, text)))
    pdf.add_page()
    pdf.set_font("cjk", size=11)
    for line in text.splitlines():
        if line.strip():
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT", wrapmode="CHAR")
        else:
            pdf.ln(6)
    pdf.output(str(path))


@pytest.fixture
def seed() -> str:
    if not SEED.exists():
        pytest.skip("the report text (../shared/seed) is not beside this checkout")
    return SEED.read_text(encoding="utf-8")


def test_the_seed_report_as_gbk_drafts_what_the_utf8_text_drafts(
    kpi: Invoke, workdir: Path, seed: str
) -> None:
    utf8, gbk, bom = workdir / "报告.txt", workdir / "报告-gbk.txt", workdir / "报告-bom.txt"
    utf8.write_text(seed, encoding="utf-8")
    gbk.write_bytes(seed.encode("gb18030"))
    bom.write_bytes(seed.encode("utf-8-sig"))
    expected = drafted(kpi, utf8)
    assert len(expected) > 100
    assert drafted(kpi, gbk) == expected
    assert drafted(kpi, bom) == expected


def test_the_seed_report_as_docx_drafts_what_the_text_drafts(
    kpi: Invoke, workdir: Path, seed: str
) -> None:
    text = workdir / "报告.txt"
    text.write_text(seed, encoding="utf-8")
    word = workdir / "报告.docx"
    write_docx(word, seed)
    assert drafted(kpi, word) == drafted(kpi, text)


def test_the_seed_report_as_pdf_drafts_what_the_text_drafts(
    kpi: Invoke, workdir: Path, seed: str, tmp_path: Path
) -> None:
    text = workdir / "报告.txt"
    text.write_text(seed, encoding="utf-8")
    pdf = workdir / "报告.pdf"
    write_pdf(pdf, seed, tmp_path)
    assert drafted(kpi, pdf) == drafted(kpi, text)


def test_a_pdf_draft_validates(kpi: Invoke, workdir: Path, tmp_path: Path) -> None:
    write_pdf(workdir / "报告.pdf", SHORT_REPORT, tmp_path)
    draft = kpi("extract", "报告.pdf")
    assert draft.exit_code == 0, draft.stderr
    assert "59.2亿元" in draft.stdout and "1200个" in draft.stdout
    (workdir / "draft.yaml").write_text(draft.stdout, encoding="utf-8")
    assert kpi("validate", "--targets", "draft.yaml").exit_code == 0


def test_a_docx_table_is_read_row_by_row_in_document_order(kpi: Invoke, workdir: Path) -> None:
    document = docx.Document()
    document.add_heading("2024年重点任务", level=1)
    document.add_paragraph("确保新建幼儿园3所。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "改造老旧小区", "12个"
    table.cell(1, 0).text, table.cell(1, 1).text = "新增就业岗位", "1200个"
    document.add_paragraph("力争新建公园5座。")
    document.save(str(workdir / "任务.docx"))
    figures = [figure for _, _, figure in drafted(kpi, workdir / "任务.docx")]
    assert figures == ["3所", "12个", "1200个", "5座"]


def test_a_docx_renamed_txt_is_read_as_word(kpi: Invoke, workdir: Path) -> None:
    write_docx(workdir / "报告.txt", SHORT_REPORT)
    names = [name for _, name, _ in drafted(kpi, workdir / "报告.txt")]
    assert "新建幼儿园" in names


def test_wechat_article_text_is_read_without_its_page_furniture(kpi: Invoke, workdir: Path) -> None:
    """Text copied from a WeChat article: full-width spaces, odd spacing, 阅读原文 and the
    like around it."""
    article = (
        "原创 中原发布 2024-01-20 09:00\n\n"
        "\u3000\u3000一、2023年工作回顾\n\n"
        "\u3000\u3000全年新增科技型企业 195 家，完成投资 59.2 亿元，超额完成年度目标任务。\n\n"
        "\u3000\u3000二、2024年重点任务\n\n"
        "\u3000\u3000确保新建幼儿园3所，力争新增就业岗位1200个。\n\n"
        "来源：中原区融媒体中心\n编辑：王某\n\n阅读原文\n阅读 1.2万\n在看\n赞\n分享\n写留言\n"
        "微信扫一扫\n关注该公众号\n"
    )
    (workdir / "公众号.txt").write_text(article, encoding="utf-8")
    items = drafted(kpi, workdir / "公众号.txt")
    figures = sorted(str(figure) for _, _, figure in items)
    assert figures == ["1200个", "195家", "3所", "59.2亿元"]
    assert not any("阅读" in name or "编辑" in name or "来源" in name for _, name, _ in items)


def refusal(kpi: Invoke, path: Path) -> str:
    result = kpi("extract", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    return result.stderr


def test_a_scanned_pdf_is_refused_saying_to_run_ocr(kpi: Invoke, workdir: Path) -> None:
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (the test extra) writes the test PDFs")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100, style="F")  # a page with a picture and no text
    pdf.output(str(workdir / "扫描件.pdf"))
    assert "OCR" in refusal(kpi, workdir / "扫描件.pdf")


def test_a_workbook_is_refused_saying_what_to_save_it_as(kpi: Invoke, workdir: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["新建幼儿园", "3所"])  # type: ignore[union-attr]
    book.save(str(workdir / "报告.xlsx"))
    assert ".docx" in refusal(kpi, workdir / "报告.xlsx")


def test_an_old_word_file_is_refused_saying_to_save_as_docx(kpi: Invoke, workdir: Path) -> None:
    (workdir / "报告.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    assert ".docx" in refusal(kpi, workdir / "报告.doc")


def test_a_picture_renamed_pdf_is_refused_by_its_content(kpi: Invoke, workdir: Path) -> None:
    (workdir / "报告.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert "OCR" in refusal(kpi, workdir / "报告.pdf")


def test_a_damaged_docx_is_refused(kpi: Invoke, workdir: Path) -> None:
    buffer = io.BytesIO()
    write_docx(workdir / "good.docx", SHORT_REPORT)
    buffer.write((workdir / "good.docx").read_bytes()[:300])
    (workdir / "报告.docx").write_bytes(buffer.getvalue())
    refusal(kpi, workdir / "报告.docx")


def test_text_in_neither_utf8_nor_gbk_is_refused(kpi: Invoke, workdir: Path) -> None:
    (workdir / "报告.txt").write_bytes("新建幼儿园3所。".encode("gb18030") + b"\x80\xff\x81")
    assert "UTF-8" in refusal(kpi, workdir / "报告.txt")


@pytest.mark.parametrize(
    "content",
    ["", "\n\n", "谢谢大家！\n", "hello 123\n"],
    ids=["empty", "blank", "no-indicator", "no-words"],
)
def test_a_report_that_drafts_nothing_is_exit_2_never_a_valid_empty_draft(
    kpi: Invoke, workdir: Path, content: str
) -> None:
    (workdir / "报告.txt").write_text(content, encoding="utf-8")
    refusal(kpi, workdir / "报告.txt")


def test_an_empty_docx_is_exit_2(kpi: Invoke, workdir: Path) -> None:
    docx.Document().save(str(workdir / "空白.docx"))
    refusal(kpi, workdir / "空白.docx")
