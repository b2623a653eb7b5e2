"""Every table bangfu writes to Excel, written one way: the ledger, the gaps (check), coverage, the
snapshot changes and saved-query results all go through `sheet_table`.

What a sheet that leaves the office needs: a title row that says what the table is, how it was
filtered and as of when (`sheet_title`); a header row that stays in view (frozen) and repeats on
every printed page; columns as wide as their text (Chinese counts double); shares as percentages
(0.8667 shows 86.7 %, the cell keeps the number); dates as dates; A4 landscape with page numbers.

And text stays text: openpyxl stores any string that starts with "=" as a formula, so a name or note
such as `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` that reached the graph (the loaders refuse them, but
older data or another writer may not) would come back to life when an office opens the export.
Every row goes through `text_safe_row`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Iterable, Sequence

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHARE_WORDS = ("率", "占比", "比例")


def text_safe_row(sheet, values: Iterable[Any]) -> list:
    """`values` for `sheet.append`, with formula-like strings pinned as plain text."""
    row = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(cell_text(v) for v in value)
    return str(value)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_share_column(header: str) -> bool:
    """A column of shares (覆盖率, 占比 …): its fractions are shown as percentages."""
    return any(word in str(header) for word in _SHARE_WORDS)


def sheet_title(name: str, *, as_of: Any = None, filters: Sequence[str] = ()) -> str:
    """The title row: "问题整改台账（截至 2026-11-22；筛选：状态 未销号，乡镇 吴老乡）"."""
    parts = [f"截至 {as_of}"] if as_of else []
    if filters:
        parts.append("筛选：" + "，".join(filters))
    return f"{name}（{'；'.join(parts)}）" if parts else name


def sheet_name(title: str) -> str:
    """Excel forbids []:*?/\\ in sheet names and allows 31 characters."""
    for ch in "[]:*?/\\":
        title = title.replace(ch, "、")
    return title[:31]


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _value(value: Any) -> Any:
    """A cell's value as Excel should hold it: lists and yes/no as text, ISO dates as dates."""
    if isinstance(value, (list, tuple, bool)):
        return cell_text(value)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _shown_width(value: Any) -> int:
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:.4g}")
    return max((display_width(line) for line in cell_text(value).split("\n")), default=0)


def sheet_table(
    ws: Worksheet,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    number_formats: dict[int, str] | None = None,
) -> None:
    """A titled table: the title (see `sheet_title`) in row 1, headers in row 2 (frozen, repeated on
    every printed page), the rows from row 3. `number_formats` (1-based column → format) adds to what
    is found from the values: dates, and shares in a column whose header names a rate."""
    ws.append(text_safe_row(ws, [title]))
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(text_safe_row(ws, list(headers)))
    for cell in ws[2]:
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    shares = {i for i, h in enumerate(headers, start=1) if is_share_column(h)}
    formats = dict(number_formats or {})
    widths = [display_width(str(h)) for h in headers]
    for row in rows:
        values = [_value(v) for v in row]
        ws.append(text_safe_row(ws, values))
        for i, v in enumerate(values):
            if i < len(widths):
                widths[i] = max(widths[i], 6 if (i + 1) in shares else _shown_width(v))
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            value = cell.value
            if cell.column in formats:
                cell.number_format = formats[cell.column]
            elif isinstance(value, dt.datetime):
                cell.number_format = DATETIME
            elif isinstance(value, dt.date):
                cell.number_format = DATE
            elif cell.column in shares and isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.number_format = PERCENT
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(w + 2, 8), MAX_WIDTH)
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
