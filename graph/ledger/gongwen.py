"""The layout of a 公文 per GB/T 9704-2012 (党政机关公文格式), for python-docx documents.

The 通报 (graph/ledger/bulletin.py) says what it says; this module says how a 公文 looks, so that the
measures of the standard live in one place: A4, 天头 (top margin) 37 mm, 订口 (left margin) 28 mm, a
版心 of 156 × 225 mm; 22 lines of 28 characters in 3号 (16 pt) 仿宋; the 发文机关标志 in red 小标宋,
35 mm below the top of the 版心; the 发文字号 two lines below it and a red rule 4 mm under it; the 标题
in 2号 (22 pt) 小标宋; headings 黑体 (一、) and 楷体 (（一）); the page number "— N —" in 4号 (14 pt)
宋体, 7 mm under the 版心, right on odd pages and left on even ones, one character in; the 附件说明,
the 落款 and 成文日期 placed as §7.3.5 asks for a document without a seal; each 附件 on a page of its
own with "附件N" in 黑体 at the top left and its title on the third line.

Fonts are named for East Asian text (w:eastAsia), so Word and WPS use them where they are installed.
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TITLE_FONT = "方正小标宋简体"  # 小标宋: the 发文机关标志 and the 标题
BODY_FONT = "仿宋"  # 正文, 3号
HEADING1_FONT = "黑体"  # 一、
HEADING2_FONT = "楷体"  # （一）
NUMBER_FONT = "宋体"  # 页码
TABLE_FONT = "仿宋"

PAGE_W, PAGE_H = 210, 297  # mm, A4
TOP, LEFT = 37, 28  # 天头, 订口
TEXT_W, TEXT_H = 156, 225  # 版心
RIGHT, BOTTOM = PAGE_W - LEFT - TEXT_W, PAGE_H - TOP - TEXT_H  # 26 mm, 35 mm

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
NUMBER_PT = 14  # 4号
LINE_PT = 28.95  # 22 lines in 225 mm (the usual 固定值 28.95 磅)
CHARS_PER_LINE = 28
RED = RGBColor(0xFF, 0x00, 0x00)


# w:pPr's children in the order the schema requires (Word refuses a file that mixes it up): an element
# python-docx has no property for goes before the first of its successors
PPR_ORDER = (
    "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
    "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
    "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd w:snapToGrid "
    "w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc w:textDirection "
    "w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr w:sectPr w:pPrChange"
).split()


def _after(order: tuple | list, tag: str) -> list[str]:
    return list(order[order.index(tag) + 1 :])


def text_width(text: str) -> float:
    """Width in full characters: ASCII (the Arabic numerals of dates and numbers) counts half."""
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text)


def set_font(run, name: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def setup(doc) -> None:
    """A4 and the 版心 of the standard; the Normal style as 正文 (3号仿宋, 28.95 pt lines, no spacing);
    page numbers on odd and even pages."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.gutter = Mm(0)
    section.header_distance = Mm(15)
    # the number's line starts 7 mm under the 版心: its bottom (what Word places) about 12 mm under it
    section.footer_distance = Mm(BOTTOM - 7 - 6)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False
    p_pr = normal.element.get_or_add_pPr()
    for key in ("w:autoSpaceDE", "w:autoSpaceDN"):  # no extra space between 汉字 and numerals
        off = OxmlElement(key)
        off.set(qn("w:val"), "0")
        p_pr.insert_element_before(off, *_after(PPR_ORDER, key))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(p, align) -> None:
    """ "— N —" with N a PAGE field, one character in from the outer edge."""
    p.alignment = align
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(NUMBER_PT)
    else:
        fmt.left_indent = Pt(NUMBER_PT)
    set_font(p.add_run("— "), NUMBER_FONT, NUMBER_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        set_font(run, NUMBER_FONT, NUMBER_PT)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    set_font(p.add_run(" —"), NUMBER_FONT, NUMBER_PT)


def paragraph(
    doc,
    text: str = "",
    *,
    font: str = BODY_FONT,
    size: float = BODY_PT,
    bold: bool = False,
    align=None,
    indent: float = 0,
    left: float = 0,
    right: float = 0,
    before_lines: float = 0,
    color: RGBColor | None = None,
    line: float | None = LINE_PT,
    keep_next: bool = False,
):
    """A paragraph of one run; `indent`, `left` and `right` in characters of the body size,
    `before_lines` in 正文 lines; `line` the exact line height (None: single)."""
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    if indent:
        fmt.first_line_indent = Pt(BODY_PT * indent)
    if left:
        fmt.left_indent = Pt(BODY_PT * left)
    if right:
        fmt.right_indent = Pt(BODY_PT * right)
    if before_lines:
        fmt.space_before = Pt(LINE_PT * before_lines)
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
    fmt.keep_with_next = keep_next
    if text:
        set_font(p.add_run(text), font, size, bold, color)
    return p


def issuer_mark(doc, issuer: str) -> None:
    """发文机关标志: the issuer and 文件, red 小标宋, centred, 35 mm below the top of the 版心, as large as
    fits the 版心's width (at most 小初, 36 pt)."""
    text = f"{issuer}文件"
    size = min(36.0, int(TEXT_W / 25.4 * 72 * 0.95 / text_width(text)))
    p = paragraph(
        doc, text, font=TITLE_FONT, size=size, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED, line=None
    )
    p.paragraph_format.space_before = Mm(35)


def document_number(doc, number: str) -> None:
    """发文字号 two lines under the 标志, centred; the red rule as wide as the 版心 4 mm under it."""
    p = paragraph(doc, number, align=WD_ALIGN_PARAGRAPH.CENTER, before_lines=2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "11"), ("w:color", "FF0000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().insert_element_before(borders, *_after(PPR_ORDER, "w:pBdr"))


def title(doc, text: str, *, before_lines: float = 2) -> None:
    """标题: 2号小标宋, centred; lines given as "\n" (a 梯形 of two lines rather than a wrapped word)."""
    paragraph(
        doc,
        text,
        font=TITLE_FONT,
        size=TITLE_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before_lines=before_lines,
        line=36,
    )


def heading1(doc, text: str) -> None:
    paragraph(doc, text, font=HEADING1_FONT, indent=2, keep_next=True)


def heading2(doc, text: str, rest: str = "") -> None:
    """（一） in 楷体; `rest`, the paragraph's text after it, in the body font."""
    p = paragraph(doc, text, font=HEADING2_FONT, indent=2, keep_next=not rest)
    if rest:
        set_font(p.add_run(rest), BODY_FONT, BODY_PT)


def body(doc, text: str, keep_next: bool = False) -> None:
    """A paragraph of 正文; `keep_next` keeps it on the page of what follows (a table it introduces)."""
    paragraph(doc, text, indent=2, keep_next=keep_next)


def attachment_note(doc, names: list[str]) -> None:
    """附件说明: a line under the body, two characters in; several as 1. 2. …, each aligned with the
    first name; no punctuation after a name."""
    for i, name in enumerate(names, start=1):
        label = f"{i}. {name}" if len(names) > 1 else name
        if i == 1:
            paragraph(doc, f"附件：{label}", indent=2, before_lines=1)
        else:
            paragraph(doc, label, left=5)


def signature(doc, issuer: str, date_text: str) -> None:
    """落款 without a seal (§7.3.5.2): a line under the body, the issuer two characters from the right;
    the 成文日期 on the next line starting two characters right of the issuer's first character; if the
    date is the longer, the date keeps two characters from the right and the issuer moves left."""
    a, b = text_width(issuer), text_width(date_text)
    sig_right = max(2.0, 4 + b - a)
    date_right = sig_right + a - 2 - b
    paragraph(doc, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, right=sig_right, before_lines=1)
    paragraph(doc, date_text, align=WD_ALIGN_PARAGRAPH.RIGHT, right=date_right)


def attachment(doc, number: int | None, name: str) -> None:
    """A 附件 on a page of its own: 附件N in 3号黑体 at the top left, the title centred on line 3."""
    p = doc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    set_font(p.add_run(f"附件{number or ''}"), HEADING1_FONT, BODY_PT)
    title(doc, name, before_lines=1)
    paragraph(doc, "")


def table(doc, headers: list[str], rows: list[list], widths: list[float], size: float = 12) -> None:
    """A bordered table as wide as the 版心 (`widths` relative), single-spaced, its header row repeated
    on every page it spans and no row split across pages."""
    scale = TEXT_W / sum(widths)
    col_widths = [Mm(w * scale) for w in widths]
    t = doc.add_table(rows=1, cols=len(headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    margins = OxmlElement("w:tblCellMar")  # a little air above and below a cell's text, less beside it
    for side, twips in (("top", 40), ("left", 60), ("bottom", 40), ("right", 60)):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(twips))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    t._tbl.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )
    for column, width in zip(t.columns, col_widths):
        column.width = width  # the grid, which LibreOffice and WPS lay out by
    _row_props(t.rows[0], header=True)
    for cell, text, width in zip(t.rows[0].cells, headers, col_widths):
        cell.width = width
        _cell_text(cell, text, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for values in rows:
        row = t.add_row()
        _row_props(row)
        for cell, value, width in zip(row.cells, values, col_widths):
            cell.width = width
            text = "" if value is None else str(value)
            _cell_text(cell, text, size, align=WD_ALIGN_PARAGRAPH.CENTER if _is_figure(text) else None)
    paragraph(doc, line=8)  # a little air under the table


def _is_figure(text: str) -> bool:
    """Numbers, percentages, dates and changes are centred in their column; words are not."""
    return bool(text) and all(ch in "0123456789.-+%—个百分点" for ch in text)


def _row_props(row, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    no_split = OxmlElement("w:cantSplit")
    no_split.set(qn("w:val"), "true")
    tr_pr.append(no_split)
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)


def _cell_text(cell, text: str, size: float, bold: bool = False, align=None) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align is not None:
        p.alignment = align
    set_font(p.add_run(text), HEADING1_FONT if bold else TABLE_FONT, size)
