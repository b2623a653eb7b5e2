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
import io
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree

from graph.errors import BangfuError
from graph.roster.model import Column, Table
from graph.tables import table_for_name

CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx", ".xlsm")
SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES


class RosterError(BangfuError):
    """The roster cannot be read at all (no tables, unreadable file, unknown encoding).

    When the fault sits at a place in a file, `file` and `row` say where (the message then starts
    with `FILE:ROW:`, like every other problem)."""

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None):
        if file is not None and row is not None:
            message = f"{file}:{row}: {message}"
        super().__init__(message)
        self.file = file
        self.row = row


@dataclass(frozen=True)
class Source:
    """One table's data: a CSV file, the first sheet of an .xlsx file, or a named sheet."""

    table: Table
    path: Path
    sheet: str | None = None  # sheet name in a workbook; None: a CSV, or an .xlsx's first sheet
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
                    roster.notices.append(f"忽略 {entry.name}：不是 .csv 或 .xlsx 文件")
                    continue
                table = table_for_name(entry.stem)
                if table is None:
                    roster.notices.append(f"忽略 {entry.name}：文件名不是花名册的表名（如 帮扶对象.xlsx）")
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
                    raise RosterError(f"{path}：文件名不是花名册的表名（如 帮扶对象.csv）")
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
        raise RosterError("没有找到任何花名册表。文件名或工作表名应为表名，如 帮扶对象.xlsx。")
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

# A file whose first non-ASCII characters decode as this many UTF-8 characters before a bad byte is a
# damaged UTF-8 file (a stray byte, a cut in the middle of a character), not GB18030: decoding it as
# GB18030 would load mojibake without a word.
_UTF8_EVIDENCE = 4
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _first_failure(path: Path, encoding: str, start: int = 0) -> tuple[int | None, int, bool]:
    """Byte offset of the first undecodable byte (None: the file decodes), the number of non-ASCII
    characters decoded before it, and whether the file just ends inside a character (a cut);
    incremental, 1 MiB at a time, constant memory."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    non_ascii = 0
    offset = start
    with open(path, "rb") as fh:
        fh.seek(start)
        while True:
            chunk = fh.read(1 << 20)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                # exc.start is within the decoder's buffered bytes plus this chunk
                pending = len(exc.object) - len(chunk)
                before = exc.object[: exc.start].decode(encoding, "ignore")
                return (
                    offset - pending + exc.start,
                    non_ascii + sum(1 for ch in before if ord(ch) > 127),
                    not chunk and exc.end == len(exc.object),
                )
            non_ascii += sum(1 for ch in text if ord(ch) > 127) if non_ascii < _UTF8_EVIDENCE else 0
            if not chunk:
                return None, non_ascii, False
            offset += len(chunk)


def _row_at(path: Path, offset: int, encoding: str) -> int:
    """The Excel row (CSV record, header = 1) holding the byte at `offset`."""
    with open(path, "rb") as fh:
        head = fh.read(offset).decode(encoding, "replace")
    if encoding == "utf-8" and head.startswith("\ufeff"):
        head = head[1:]
    try:
        records = sum(1 for _ in csv.reader(io.StringIO(head, newline="")))
    except csv.Error:  # a stray quote before the bad byte: count lines instead
        records = len(head.splitlines())
    return records + 1 if (not head or head.endswith(("\n", "\r"))) else max(records, 1)


def detect_encoding(path: Path) -> str:
    """`utf-8-sig`, `utf-8` or `gb18030`, without asking; a located RosterError when neither fits.

    The whole file goes through an incremental strict UTF-8 decoder in 1 MiB chunks (constant
    memory, correct even when the first non-ASCII byte is near the end); a failure means the file is
    GB18030 (a superset of GBK, what Excel on a Chinese Windows writes), unless the text before it
    was plainly UTF-8 (then the file is damaged), and GB18030 must then decode the whole file too.
    """
    st = path.stat()
    cache_key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if cache_key in _encoding_cache:
        return _encoding_cache[cache_key]
    with open(path, "rb") as fh:
        head = fh.read(3)
    if head[:2] in _UTF16_BOMS:
        raise RosterError(
            f"{path.name}：文件是 UTF-16 编码（Excel 的“Unicode 文本”）。"
            "请另存为“CSV UTF-8（逗号分隔）”或 GB18030/GBK 编码的 CSV。"
        )
    bom = head == codecs.BOM_UTF8
    bad, seen, cut = _first_failure(path, "utf-8", 3 if bom else 0)
    if bad is None:
        encoding = "utf-8-sig" if bom else "utf-8"
    elif bom or seen >= _UTF8_EVIDENCE or (seen and cut):
        raise RosterError(
            "文件末尾的字符不完整，文件可能被截断，请重新导出。"
            if cut
            else f"此行含有不是 UTF-8 的字节（第 {bad + 1} 字节）；文件其余部分是 UTF-8，可能已损坏"
            "或混入了其他编码的内容。",
            file=path.name,
            row=_row_at(path, bad, "utf-8"),
        )
    else:
        gb_bad, _, _ = _first_failure(path, "gb18030")
        if gb_bad is not None:
            raise RosterError(
                f"文件编码无法识别（应为 UTF-8 或 GB18030/GBK）：此行第 {gb_bad + 1} 字节既不是 UTF-8 也不是 "
                "GB18030，文件可能已损坏或不是文本文件。",
                file=path.name,
                row=_row_at(path, gb_bad, "gb18030"),
            )
        encoding = "gb18030"
    _encoding_cache[cache_key] = encoding
    return encoding


# Excel's own limit on a cell; a CSV field may be longer so that validation can say which cell it is
# (and a runaway quote cannot swallow the whole file into memory unbounded).
MAX_CELL_CHARS = 32_767
_CSV_FIELD_LIMIT = 8 << 20
csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))


def csv_unterminated(path: Path) -> bool:
    """True when a non-empty CSV does not end with a line break: its last row may have been cut."""
    size = path.stat().st_size
    if size == 0:
        return False
    with open(path, "rb") as fh:
        fh.seek(size - 1)
        return fh.read(1) not in (b"\n", b"\r")


def _csv_rows(path: Path) -> Iterator[list]:
    encoding = detect_encoding(path)
    count = 0
    try:
        with open(path, encoding=encoding, errors="strict", newline="") as fh:
            # strict: a quote left open at the end of the file (a cut file) is an error, not a value
            for cells in csv.reader(fh, strict=True):
                count += 1
                yield cells
    except UnicodeDecodeError:  # the file changed since its encoding was detected
        raise RosterError(
            "文件编码无法识别（应为 UTF-8 或 GB18030/GBK）", file=path.name, row=count + 1
        ) from None
    except csv.Error as exc:
        raise RosterError(f"CSV 格式错误：{_csv_message(exc)}", file=path.name, row=count + 1) from None


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return "引号没有闭合就到了文件末尾，文件可能被截断"
    if "field larger than field limit" in text:
        return f"单元格超过 {_CSV_FIELD_LIMIT // (1 << 20)} MB，可能有引号没有闭合"
    if "expected after" in text:
        return '引号内的内容结束后应紧跟逗号或换行（单元格内的引号应写成两个引号 ""）'
    return text


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
            sheet = (
                book.get_sheet_by_name(source.sheet)
                if source.sheet is not None
                else book.get_sheet_by_index(0)
            )
    except Exception as exc:
        raise RosterError(f"{source.display}：无法读取工作表（{exc}）") from None
    # calamine's iter_rows starts at A1 (blank rows above the data included), so the n-th row
    # yielded is Excel row n; tests/test_loader_pure.py checks this for the installed version.
    for row in sheet.iter_rows():
        yield [_cell(v) for v in row]


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _sheet_member(book: zipfile.ZipFile, sheet: str | None) -> str:
    """The zip member holding the named sheet (None: the first), from workbook.xml and its rels."""
    root = ElementTree.fromstring(book.read("xl/workbook.xml"))
    sheets = root.find(f"{_NS_MAIN}sheets")
    entries = [] if sheets is None else list(sheets)
    entry = next((e for e in entries if sheet is None or e.get("name") == sheet), None)
    if entry is None:
        raise KeyError(sheet)
    rid = entry.get(f"{_NS_REL}id")
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels.iter(f"{_NS_PKG}Relationship") if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


@dataclass
class SheetMarks:
    """What calamine does not tell: formula cells and merged ranges of a sheet."""

    formulas: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # row → [(position, "=…")]
    merged: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # (row0, col0, row1, col1), 1-based rows


_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def xlsx_marks(source: Source) -> SheetMarks:
    """Every formula cell and merged range of the source's sheet.

    calamine reads a formula cell as its cached value (or nothing, when the file was never
    calculated), so a formula would be loaded as whatever Excel last showed, or silently dropped.
    The sheet's XML is scanned instead: one pass over its bytes for `<f>` and `<mergeCell>` (a
    sheet without formulas, the usual case, needs no XML parsing), a second, streaming one to place
    the formulas when there are any.
    """
    marks = SheetMarks()
    try:
        with zipfile.ZipFile(source.path) as book:
            member = _sheet_member(book, source.sheet)
            has_formula = False
            merged = set()
            with book.open(member) as fh:
                tail = b""
                while chunk := fh.read(1 << 20):
                    window = tail + chunk
                    has_formula = has_formula or bool(_FORMULA_TAG.search(window))
                    for m in _MERGE.finditer(window):
                        merged.add(
                            (
                                int(m.group(2)),
                                _column_index(m.group(1).decode()),
                                int(m.group(4)),
                                _column_index(m.group(3).decode()),
                            )
                        )
                    tail = chunk[-256:]
            marks.merged = sorted(merged)
            if not has_formula:
                return marks
            with book.open(member) as fh:
                for _, elem in ElementTree.iterparse(fh, events=("end",)):
                    if elem.tag != f"{_NS_MAIN}c":
                        continue
                    formula = elem.find(f"{_NS_MAIN}f")
                    if formula is not None:
                        m = _CELL_REF.match(elem.get("r") or "")
                        if m:
                            marks.formulas.setdefault(int(m.group(2)), []).append(
                                (_column_index(m.group(1)), "=" + (formula.text or ""))
                            )
                    elem.clear()
    except (zipfile.BadZipFile, KeyError, StopIteration, ElementTree.ParseError, OSError, EOFError) as exc:
        raise RosterError(f"{source.display}：无法读取工作表（{exc.__class__.__name__}）") from None
    except Exception as exc:  # zlib and other decompression errors of a damaged file
        raise RosterError(f"{source.display}：无法读取工作表（{exc}）") from None
    return marks


def column_letters(position: int) -> str:
    """0 → A, 26 → AA: the column as Excel names it."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def raw_rows(source: Source) -> Iterator[tuple[int, list]]:
    """Every row of the source, header included, as `(excel_row_number, raw_cells)`."""
    rows = _csv_rows(source.path) if source.path.suffix.lower() in CSV_SUFFIXES else _xlsx_rows(source)
    for number, cells in enumerate(rows, start=1):
        yield number, cells


# -- headers ----------------------------------------------------------------------------------------

_PARENS = str.maketrans({"(": "（", ")": "）"})


# Zero-width characters and a BOM pasted into a cell (two files joined, text copied from the web):
# invisible to the user, yet they would make `P001` and `\ufeffP001` two different keys.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


def _strip(text: str) -> str:
    text = text.strip()
    if text and (text[0] in _INVISIBLE or text[-1] in _INVISIBLE):  # rare: skip two passes otherwise
        text = text.strip(_INVISIBLE).strip()
    return text


def normalize_header(text) -> str:
    """Strip white space (ASCII and U+3000), invisible characters and one trailing `*`, the usual
    required-column mark."""
    text = _strip(str(text))
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
    first = cells[0] if cells else ""
    if isinstance(first, str) and first[:1].isalnum():  # the common row: not blank (a fast answer)
        return False
    return all(c == "" or (isinstance(c, str) and not _strip(c)) for c in cells)


def trim(value):
    """A cell's value, trimmed; None when empty (not given)."""
    if isinstance(value, str):
        value = _strip(value)
        return value or None
    return value


@dataclass
class TableFile:
    """A source's header row mapped onto the table's columns, and its data rows."""

    source: Source
    header_row: int
    headers: list  # raw header cells, as in the file
    fields: list[str | None]  # per position: column name, `extra_<header>`, or None (ignored)
    positions: dict[str, int]  # column name → position
    missing_required: list[Column]
    duplicate_headers: list[tuple[int, str]]
    notices: list[str]
    unterminated: bool = False  # a CSV without a final line break: its last row may be cut
    marks: SheetMarks = field(default_factory=SheetMarks)  # an .xlsx sheet's formulas and merged ranges

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
        if column_name.startswith("extra_"):
            return column_name[len("extra_") :]
        position = self.positions.get(column_name)
        if position is None:
            return self.source.table.column(column_name).zh
        return str(self.headers[position]).strip()

    def header_at(self, position: int) -> str:
        """The header of the column at `position`, or `第N列` where there is none."""
        if position < len(self.headers):
            text = normalize_header(self.headers[position])
            if text:
                return str(self.headers[position]).strip()
        return f"第{position + 1}列（{column_letters(position)}）"


TITLE_ROWS = 5  # non-blank rows looked at for the header: a title (merged across the table) may sit above it


def _find_header(source: Source) -> tuple[list, int, list[int]]:
    """The header row: the first non-blank row naming a column of the table, among the first few
    non-blank rows (the rows above it are titles, skipped); else the first non-blank row."""
    candidates: list[tuple[int, list]] = []
    for number, cells in raw_rows(source):
        if is_blank(cells):
            continue
        candidates.append((number, cells))
        if any(_match_column(source.table, normalize_header(_header_text(c))) for c in cells):
            return cells, number, [n for n, _ in candidates[:-1]]
        if len(candidates) >= TITLE_ROWS:
            break
    if not candidates:
        return [], 0, []
    return candidates[0][1], candidates[0][0], []


def _header_text(raw) -> str:
    return raw.isoformat() if isinstance(raw, dt.date) else str(raw)


def open_table(source: Source) -> TableFile:
    """Read the header row (see _find_header) and map it onto the table's columns."""
    headers, header_row, titles = _find_header(source)
    table = source.table
    fields: list[str | None] = []
    positions: dict[str, int] = {}
    duplicates: list[tuple[int, str]] = []
    notices: list[str] = []
    extras: list[str] = []
    for position, raw in enumerate(headers):
        header = normalize_header(_header_text(raw))
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
        notices.append(f"{source.display}：未知列 {'、'.join(extras)} 将按原列名作为附加信息保存")
    if titles:
        notices.append(f"{source.display}：第 {'、'.join(map(str, titles))} 行在表头之上，视为标题，已忽略")
    missing = [c for c in table.columns if c.required and c.name not in positions]
    is_csv = source.path.suffix.lower() in CSV_SUFFIXES
    return TableFile(
        source,
        header_row or 1,
        headers,
        fields,
        positions,
        missing,
        duplicates,
        notices,
        unterminated=is_csv and csv_unterminated(source.path),
        marks=SheetMarks() if is_csv else xlsx_marks(source),
    )
