"""Rows for `.xlsx` files that keep text as text.

openpyxl stores any string that starts with "=" as a formula, so a name or note such as
`=HYPERLINK(...)` or `=cmd|' /C calc'!A0` that reached the graph (the loaders refuse them, but older
data or another writer may not) would come back to life when an office opens the export. Every
workbook bangfu writes goes through `text_safe_row`.
"""

from __future__ import annotations

from typing import Any, Iterable

from openpyxl.cell import WriteOnlyCell


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
