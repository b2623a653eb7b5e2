"""Finding a roster's tables on disk and streaming their rows.

A roster is a folder of `.csv`/`.xlsx` files named after tables (English or Chinese, mixed), or one
workbook with a sheet per table. Rows are streamed as `(excel_row_number, raw_cells)` so memory does
not grow with a CSV's size (an `.xlsx` sheet is read by calamine one sheet at a time, and a sheet
holds at most 1,048,576 rows). Raw cells are kept untouched for the rejects file; `TableFile.record`
maps them to column names with values trimmed.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from graph.errors import BangfuError
from loaders.tables import Column, Table, table_for_name

CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx", ".xlsm")
SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES


class RosterError(BangfuError):
    """The roster cannot be read at all (no tables, unreadable file, unknown encoding)."""


@dataclass(frozen=True)
class Source:
    """One table's data: a CSV file, the first sheet of an .xlsx file, or a named sheet."""
    table: Table
    path: Path
    sheet: str | None = None        # sheet name in a workbook; None: a CSV, or an .xlsx's first sheet
    in_workbook: bool = False

    @property
    def display(self) -> str:
        """The file name shown in messages (`households.csv`, `名册.xlsx[帮扶对象]`)."""
        return f"{self.path.name}[{self.sheet}]" if self.in_workbook else self.path.name


@dataclass
class Roster:
    sources: list[Source]
    notices: list[str] = field(default_factory=list)


def find_tables(paths: list[str | os.PathLike]) -> Roster:
    """The tables in the given folders, files and workbooks; notices for what is ignored."""
    roster = Roster([])
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            entries = sorted(p for p in path.iterdir() if p.is_file())
            found = False
            for entry in entries:
                if entry.name.startswith(("~$", ".")):
                    continue  # Excel lock files, hidden files
                if entry.suffix.lower() not in SUFFIXES:
                    roster.notices.append(f"忽略 {entry}：不是 .csv 或 .xlsx 文件")
                    continue
                table = table_for_name(entry.stem)
                if table is None:
                    roster.notices.append(f"忽略 {entry}：文件名不是已知的表名")
                    continue
                roster.sources.append(Source(table, entry))
                found = True
            if not found:
                roster.notices.append(f"目录 {path} 中没有可识别的花名册表")
        elif path.is_file():
            suffix = path.suffix.lower()
            table = table_for_name(path.stem)
            if suffix in CSV_SUFFIXES:
                if table is None:
                    raise RosterError(f"{path}：文件名不是已知的表名（如 households.csv 或 帮扶对象.csv）")
                roster.sources.append(Source(table, path))
            elif suffix in XLSX_SUFFIXES:
                if table is not None:
                    roster.sources.append(Source(table, path))
                else:
                    roster.sources.extend(_workbook_sources(path, roster.notices))
            else:
                raise RosterError(f"{path}：只能读取 .csv 或 .xlsx 文件")
        else:
            raise RosterError(f"找不到 {path}")
    if not roster.sources:
        raise RosterError("没有找到任何花名册表。文件名或工作表名应为表名，如 households / 帮扶对象。")
    return roster


def _workbook_sources(path: Path, notices: list[str]) -> list[Source]:
    from python_calamine import CalamineWorkbook

    try:
        with open(path, "rb") as fh:
            names = CalamineWorkbook.from_filelike(fh).sheet_names
    except Exception as exc:  # calamine raises its own error types for broken files
        raise RosterError(f"{path}：无法读取工作簿（{exc}）") from None
    sources = []
    for name in names:
        table = table_for_name(name)
        if table is None:
            notices.append(f"忽略 {path.name} 中的工作表“{name}”：不是已知的表名")
        else:
            sources.append(Source(table, path, name, in_workbook=True))
    if not sources:
        notices.append(f"工作簿 {path} 中没有名为表名的工作表")
    return sources


# -- CSV --------------------------------------------------------------------------------------------

_encoding_cache: dict[tuple[str, int, int], str] = {}


def detect_encoding(path: Path) -> str:
    """`utf-8-sig`, `utf-8` or `gb18030`, without asking.

    The whole file goes through an incremental strict UTF-8 decoder in 1 MiB chunks (constant
    memory, correct even when the first non-ASCII byte is near the end); any failure means the
    file is GB18030 (a superset of GBK, what Excel on a Chinese Windows writes).
    """
    st = path.stat()
    cache_key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if cache_key in _encoding_cache:
        return _encoding_cache[cache_key]
    encoding = "utf-8"
    with open(path, "rb") as fh:
        if fh.read(3) == codecs.BOM_UTF8:
            encoding = "utf-8-sig"
        else:
            fh.seek(0)
            decoder = codecs.getincrementaldecoder("utf-8")("strict")
            try:
                while chunk := fh.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                encoding = "gb18030"
    _encoding_cache[cache_key] = encoding
    return encoding


def _csv_rows(path: Path) -> Iterator[list]:
    encoding = detect_encoding(path)
    try:
        with open(path, encoding=encoding, errors="strict", newline="") as fh:
            yield from csv.reader(fh)
    except UnicodeDecodeError:
        raise RosterError(f"{path.name}：文件编码无法识别（应为 UTF-8 或 GB18030/GBK）") from None
    except csv.Error as exc:
        raise RosterError(f"{path.name}：CSV 格式错误（{exc}）") from None


# -- xlsx -------------------------------------------------------------------------------------------

def _cell(value):
    """A calamine cell as the user sees it: integers as digits, dates as dates, the rest as text."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, (dt.date, str)):
        return value
    if value is None:
        return ""
    return str(value)


def _xlsx_rows(source: Source) -> Iterator[list]:
    from python_calamine import CalamineWorkbook

    try:
        with open(source.path, "rb") as fh:
            book = CalamineWorkbook.from_filelike(fh)
            sheet = (book.get_sheet_by_name(source.sheet) if source.sheet is not None
                     else book.get_sheet_by_index(0))
    except Exception as exc:
        raise RosterError(f"{source.display}：无法读取工作表（{exc}）") from None
    # calamine's iter_rows starts at A1 (blank rows above the data included), so the n-th row
    # yielded is Excel row n; tests/test_loader_pure.py checks this for the installed version.
    for row in sheet.iter_rows():
        yield [_cell(v) for v in row]


def raw_rows(source: Source) -> Iterator[tuple[int, list]]:
    """Every row of the source, header included, as `(excel_row_number, raw_cells)`."""
    rows = _csv_rows(source.path) if source.path.suffix.lower() in CSV_SUFFIXES else _xlsx_rows(source)
    for number, cells in enumerate(rows, start=1):
        yield number, cells


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# -- headers ----------------------------------------------------------------------------------------

_PARENS = str.maketrans({"(": "（", ")": "）"})


def normalize_header(text) -> str:
    """Strip white space (ASCII and U+3000) and one trailing `*`, the usual required-column mark."""
    text = str(text).strip()
    if text.endswith(("*", "＊")):
        text = text[:-1].strip()
    return text


def _match_column(table: Table, header: str) -> Column | None:
    lowered = header.lower()
    zh = header.translate(_PARENS)
    for column in table.columns:
        if lowered == column.name or zh == column.zh:
            return column
    return None


def is_blank(cells: list) -> bool:
    return all(c == "" or (isinstance(c, str) and not c.strip()) for c in cells)


def trim(value):
    """A cell's value, trimmed; None when empty (not given)."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


@dataclass
class TableFile:
    """A source's header row mapped onto the table's columns, and its data rows."""
    source: Source
    header_row: int
    headers: list                      # raw header cells, as in the file
    fields: list[str | None]           # per position: column name, `extra_<header>`, or None (ignored)
    positions: dict[str, int]          # column name → position
    missing_required: list[Column]
    duplicate_headers: list[tuple[int, str]]
    notices: list[str]

    def rows(self) -> Iterator[tuple[int, list]]:
        """Data rows after the header: `(excel_row_number, raw_cells)`; blank rows skipped."""
        for number, cells in raw_rows(self.source):
            if number <= self.header_row or is_blank(cells):
                continue
            yield number, cells

    def record(self, cells: list) -> dict:
        """Column name (or `extra_<header>`) → trimmed value or None."""
        out = {}
        for position, name in enumerate(self.fields):
            if name is None:
                continue
            out[name] = trim(cells[position]) if position < len(cells) else None
        return out

    def header_of(self, column_name: str) -> str:
        """The column's header as it appears in the file (its Chinese name when the column is absent)."""
        position = self.positions.get(column_name)
        if position is None:
            return self.source.table.column(column_name).zh
        return str(self.headers[position]).strip()


def open_table(source: Source) -> TableFile:
    """Read the header row (the first non-blank row) and map it onto the table's columns."""
    headers: list = []
    header_row = 0
    for number, cells in raw_rows(source):
        if not is_blank(cells):
            headers, header_row = cells, number
            break
    table = source.table
    fields: list[str | None] = []
    positions: dict[str, int] = {}
    duplicates: list[tuple[int, str]] = []
    notices: list[str] = []
    extras: list[str] = []
    for position, raw in enumerate(headers):
        header = normalize_header(raw if not isinstance(raw, dt.date) else raw.isoformat())
        if not header:
            fields.append(f"extra_第{position + 1}列")
            continue
        column = _match_column(table, header)
        if column is None:
            name = f"extra_{header}"
            if name in fields:
                duplicates.append((position, str(raw).strip()))
                fields.append(None)
            else:
                fields.append(name)
                extras.append(header)
        elif column.name in positions:
            duplicates.append((position, str(raw).strip()))
            fields.append(None)
        else:
            positions[column.name] = position
            fields.append(column.name)
    if extras:
        notices.append(f"{source.display}：未知列 {'、'.join(extras)} 将作为附加属性（extra_列名）保存")
    missing = [c for c in table.columns if c.required and c.name not in positions]
    return TableFile(source, header_row or 1, headers, fields, positions, missing, duplicates, notices)
