"""A report as an office receives it: a text file in UTF-8 or GBK, a Word .docx, a PDF with a
text layer, or the text of a WeChat article copied into a file.

The format is told by the file's first bytes, not its name: a .docx renamed .txt is still
read as Word, and a picture renamed .pdf is refused. What cannot be read (a scanned PDF, an
old .doc, a workbook, a picture) is refused with one sentence that says what to do, since a
draft made of it would be empty and say nothing of why.

Word and PDF are read lazily: their libraries cost start-up time nobody else should pay.
"""

from __future__ import annotations

import importlib
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kpitrack.errors import EnvironmentFault, KpiError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt before 2007
IMAGE_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"II*\x00",  # TIFF, as scanners write it
    b"MM\x00*",
    b"BM",
    b"RIFF",  # WebP
)
# a WeChat article copied as text: the page's furniture, not the report
WECHAT_FURNITURE = re.compile(
    r"^(?:阅读原文|阅读\s*\d[\d.万wW+]*|在看|赞|分享|收藏|点赞|写留言|留言|"
    r"微信扫一扫.*|长按.*二维码.*|预览时标签不可点|继续滑动看下一个|轻触阅读原文|"
    r"向上滑动看下一个|知道了|原创|视频|小程序|取消|允许|"
    r"来源[:：].*|编辑[:：].*|责编[:：].*|审核[:：].*|校对[:：].*"
    # the byline: 原创 中原发布 2024-01-20 09:00 河南
    r"|(?:原创\s+)?\S+(?:\s+\S+)?\s+\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2})?(?:\s+\S{2,4})?)$"
)


def read_report(path: Path) -> str:
    """The report's text, lines as a reader sees them, whatever the file it came in."""
    if not path.is_file():
        raise KpiError("import.no_file", path=path)
    raw = path.read_bytes()
    if raw.startswith(PDF_MAGIC):
        text = _pdf_text(raw, path)
    elif raw.startswith(ZIP_MAGIC):
        text = _docx_text(raw, path)
    elif raw.startswith(OLE_MAGIC):
        raise KpiError("extract.old_office", path=path)
    elif raw.startswith(IMAGE_MAGIC):
        raise KpiError("extract.picture", path=path)
    else:
        text = _plain_text(raw, path)
    text = _without_furniture(text)
    if not re.search(r"[^\W\d_]", text):
        raise KpiError("extract.no_text", path=path)
    return text


def _library(module: str, package: str) -> Any:
    """The reader of a format, installed with kpitrack; a broken install is the machine's fault."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise EnvironmentFault("extract.reader_missing", package=package) from None


def _plain_text(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without the BOM Notepad writes), UTF-16 with its BOM, else GBK/GB18030."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise KpiError("extract.unknown_encoding", path=path) from None
    if b"\x00" in raw:
        raise KpiError("extract.not_a_document", path=path)  # no text holds NUL
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _binary(text):
            raise KpiError("extract.not_a_document", path=path)
        return text
    raise KpiError("extract.unknown_encoding", path=path)


def _binary(text: str) -> bool:
    """Control characters a text never holds: a file of another kind that decoded by chance."""
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
    return "\x00" in text or controls > max(2, len(text) // 100)


def _without_furniture(text: str) -> str:
    """Full-width spaces folded, and the lines a copied WeChat page adds around an article
    (阅读原文, 在看, 微信扫一扫…) emptied, so that they never read as items or headings."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        bare = line.replace("\u3000", " ").replace("\xa0", " ").strip()
        lines.append("" if WECHAT_FURNITURE.match(bare) else line.replace("\xa0", " "))
    return "\n".join(lines)


# -- Word ------------------------------------------------------------------------------------------

HEADING_STYLE = re.compile(r"^(?:heading|title|subtitle|标题|副标题)", re.IGNORECASE)


def _docx_text(raw: bytes, path: Path) -> str:
    """Paragraphs and table cells in document order, one paragraph a line. A heading (by its
    style, or a short paragraph centred or all bold) stands between blank lines, as it would
    in a text file, so it is read as a section's name."""
    try:
        names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
    except zipfile.BadZipFile:
        raise KpiError("extract.unreadable", path=path) from None
    if "word/document.xml" not in names:
        raise KpiError("extract.not_a_document", path=path)  # a workbook, a slide deck
    docx = _library("docx", "python-docx")
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception:
        raise KpiError("extract.unreadable", path=path) from None
    lines: list[str] = []
    for text, heading in _docx_blocks(document):
        if heading:
            lines += ["", text, ""]
        else:
            lines.append(text)
    return "\n".join(lines)


def _docx_blocks(document: Any) -> Iterator[tuple[str, bool]]:
    from docx.table import Table  # type: ignore[import-not-found, unused-ignore]
    from docx.text.paragraph import Paragraph  # type: ignore[import-not-found, unused-ignore]

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text, _is_docx_heading(block)
        elif isinstance(block, Table):
            yield from _table_lines(block)


def _table_lines(table: Any) -> Iterator[tuple[str, bool]]:
    """A table row by row: its cells' text on one line (a merged cell once), so a row such as
    |新建幼儿园|3所| reads as one item."""
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            yield " ".join(cells), False


def _is_docx_heading(paragraph: Any) -> bool:
    text = paragraph.text.strip()
    if not text or len(text) > 40:
        return False
    style = getattr(paragraph.style, "name", "") or ""
    if HEADING_STYLE.match(style):
        return True
    runs = [run for run in paragraph.runs if run.text.strip()]
    centred = paragraph.alignment is not None and int(paragraph.alignment) == 1
    return centred or (bool(runs) and all(run.bold for run in runs))


# -- PDF -------------------------------------------------------------------------------------------


def _pdf_text(raw: bytes, path: Path) -> str:
    """The text layer, line by line. A line the page broke (it reaches the text's right edge
    and does not end a sentence) is joined to the next, as the author wrote it; a gap wider
    than the line spacing is a blank line, as between paragraphs of a text file."""
    pypdf = _library("pypdf", "pypdf")
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [_page_lines(page) for page in reader.pages]
    except Exception:
        raise KpiError("extract.unreadable", path=path) from None
    text = _reflow(pages)
    if not re.search(r"[^\W\d_]", text):
        raise KpiError("extract.scanned_pdf", path=path)
    return text


# a text line of a page: where it starts (x, y), its text, its font size
PdfLine = tuple[float, float, str, float]


def _page_lines(page: Any) -> list[PdfLine]:
    pieces: list[tuple[float, float, str, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip("\n"):
            scale = abs(tm[3] * cm[3]) or 1.0
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            pieces.append((x, y, text.replace("\n", ""), size * scale))

    page.extract_text(visitor_text=visit)
    lines: list[PdfLine] = []
    for x, y, text, size in pieces:
        if lines and abs(lines[-1][1] - y) < max(size, 1.0) / 2:
            lx, ly, ltext, lsize = lines[-1]
            lines[-1] = (min(lx, x), ly, ltext + text, max(lsize, size))
        else:
            lines.append((x, y, text, size))
    return [line for line in lines if line[2].strip()]


def _width(text: str) -> float:
    """A line's width in ems: a Chinese character is one, a Latin letter or digit about half."""
    return sum(1.0 if ord(c) > 0x2E80 else 0.5 for c in text)


def _reflow(pages: list[list[PdfLine]]) -> str:
    """The pages' lines as a text file would hold them. The line spacing is the smallest step
    between two lines of the document; a wider gap is a blank line. A page's right edge is its
    longest line's; a line within two and a half ems of it was broken by the page."""
    steps = [
        a[1] - b[1]
        for lines in pages
        for a, b in itertools.pairwise(lines)
        if a[1] - b[1] > a[3] * 0.5
    ]
    step = min(steps) if steps else 0.0
    out: list[str] = []
    joined = False
    for lines in pages:
        if not lines:
            continue
        left = min(x for x, _, _, _ in lines)
        rights = [x + _width(text.rstrip()) * size for x, _, text, size in lines]
        right = max(rights)
        for index, (x, y, text, size) in enumerate(lines):
            text = text.strip()
            if out:
                gap = lines[index - 1][1] - y if index > 0 else 0.0
                indented = x - left > size * 1.5
                if joined and not indented and (index == 0 or gap < step * 1.5):
                    out.append(" " if _latin_edge(out[-1], text) else "")
                elif index > 0 and step and gap > step * 1.5:
                    out.append("\n\n")
                else:
                    out.append("\n")
            out.append(text)
            full = rights[index] >= right - size * 2.5
            joined = full and not re.search(r"[。！？；!?;:：]$|[A-Za-z)]\.$", text)
    return "".join(out)


def _latin_edge(before: str, after: str) -> bool:
    return bool(before) and bool(after) and before[-1].isascii() and after[0].isascii()
