"""`bangfu export roster`: the whole graph written back in the roster format, as a backup.

Why the roster format and not a database dump: it is what staff can open, read and check in Excel,
it survives a change of Neo4j version, and `bangfu load` reads it back into an empty graph giving the
same graph (tests/test_roster_roundtrip.py). One CSV per table (UTF-8 with BOM, the Chinese headers of
shared/spec/roster-format.md, ISO dates, vocabulary values as the roster spells them, 是/否), or one
workbook with a sheet per table.

Streamed: each table is read in pages ordered by its key (keyset paging on the unique constraint's
index, `cypher/roster_export/<table>.cypher`), and each page is written before the next is read, so
memory does not grow with the county. Relationship tables page over one end's nodes.

Id numbers and phone numbers are written unmasked (it is a backup); the caller records an audit
event. Users, audit events and load provenance are not roster data and are not exported
(`bangfu db backup` copies the whole store).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import cypher
from graph import pii
from graph.connection import Graph
from graph.errors import BangfuError
from graph.field_crypto import Keyring
from graph.roster.model import Column, Table
from graph.spreadsheet import text_safe_row
from graph.tables import TABLES

PAGE_SIZE = 5000
FORMATS = ("csv", "xlsx")
EXTRA_PREFIX = "extra_"


@dataclass
class ExportReport:
    path: Path
    fmt: str
    rows: dict[str, int] = field(default_factory=dict)  # table name → rows written
    files: list[Path] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


# -- values as the roster spells them -------------------------------------------------------------


def cell_text(column: Column, value) -> str:
    """One graph value as roster text: ISO dates, 是/否, whole numbers without `.0`."""
    if value is None:
        return ""
    if column.kind == "yesno":
        return "是" if value else "否"
    if column.kind == "date":
        if hasattr(value, "to_native"):
            value = value.to_native()
        return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    if column.kind in ("int", "year"):
        return str(int(value))
    if column.kind == "number":
        number = float(value)
        if math.isfinite(number) and number.is_integer():
            return str(int(number))
        return repr(number)
    return str(value)


def extra_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)


# -- reading the graph, page by page --------------------------------------------------------------


def extra_keys(graph: Graph, table: Table) -> list[str]:
    """The extra_<header> properties some node or relationship of this table has, sorted (an extra
    phone column's hash and ciphertext are not columns: graph/pii.py)."""
    rows = graph.read(cypher.load(f"roster_export/{table.name}_extras"))
    return [r["k"] for r in rows if not pii.is_companion(r["k"])]


def table_records(graph: Graph, table: Table, ring: Keyring, page_size: int = PAGE_SIZE) -> Iterator[dict]:
    """Every record (a property map with the reference columns added) of one table, in key order; id
    and phone numbers opened with `ring` (graph/pii.py)."""
    query = cypher.load(f"roster_export/{table.name}")
    after = ""
    while True:
        page = graph.read(query, {"after": after, "limit": page_size})
        for row in page:
            for record in sorted(row["records"], key=_record_order):
                yield pii.open_props(ring, record)
        if len(page) < page_size:
            return
        after = page[-1]["key"]


def _record_order(record: dict) -> tuple:
    """Relationships of one node in a stable order (their end keys, then merge keys)."""
    return tuple(
        str(record.get(k) or "")
        for k in (
            "org_code",
            "person_id",
            "unit_code",
            "household_id",
            "program",
            "role",
            "title",
            "mode",
            "start_key",
            "year_key",
            "date",  # visits of one person to one household
            "kind",
        )
    )


def table_rows(
    graph: Graph, table: Table, extras: list[str], ring: Keyring, page_size: int = PAGE_SIZE
) -> Iterator[list[str]]:
    for record in table_records(graph, table, ring, page_size):
        yield [cell_text(c, record.get(c.name)) for c in table.columns] + [
            extra_text(record.get(k)) for k in extras
        ]


def header_row(table: Table, extras: list[str]) -> list[str]:
    return [c.zh for c in table.columns] + [k[len(EXTRA_PREFIX) :] for k in extras]


# -- writing ---------------------------------------------------------------------------------------


def export_roster(
    graph: Graph,
    out: Path,
    fmt: str = "csv",
    *,
    ring: Keyring,
    page_size: int = PAGE_SIZE,
    overwrite: bool = False,
) -> ExportReport:
    """Write every roster table of the graph to `out`: a folder of CSVs, or one `.xlsx` workbook, the
    id and phone numbers opened with `ring` (the graph holds them sealed: graph/pii.py).

    The files are written beside their destination and renamed into place at the end, so an
    interrupted export never leaves a half-written file under a table's name.
    """
    if fmt not in FORMATS:
        raise BangfuError(f"未知的格式：{fmt}（可用：{'、'.join(FORMATS)}）")
    out = Path(out)
    if fmt == "csv":
        return _export_csv(graph, out, page_size, overwrite, ring)
    return _export_xlsx(graph, out, page_size, overwrite, ring)


def _export_csv(graph: Graph, out: Path, page_size: int, overwrite: bool, ring: Keyring) -> ExportReport:
    if out.exists() and not out.is_dir():
        raise BangfuError(f"{out} 已存在且不是文件夹：CSV 格式的输出应为一个文件夹。")
    out.mkdir(parents=True, exist_ok=True)
    targets = [out / f"{t.name}.csv" for t in TABLES]
    existing = [p.name for p in targets if p.exists()]
    if existing and not overwrite:
        raise BangfuError(f"文件夹 {out} 中已有 {'、'.join(existing)}；换一个文件夹，或加 --overwrite 覆盖。")
    report = ExportReport(out, "csv")
    for table, target in zip(TABLES, targets):
        extras = extra_keys(graph, table)
        fd, tmp = tempfile.mkstemp(prefix=f".{table.name}.", suffix=".part", dir=out)
        try:
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(header_row(table, extras))
                count = 0
                for row in table_rows(graph, table, extras, ring, page_size):
                    writer.writerow(row)
                    count += 1
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        report.rows[table.name] = count
        report.files.append(target)
    return report


def _export_xlsx(graph: Graph, out: Path, page_size: int, overwrite: bool, ring: Keyring) -> ExportReport:
    from openpyxl import Workbook

    if out.suffix.lower() != ".xlsx":
        raise BangfuError(f"Excel 格式的输出应为 .xlsx 文件：{out}")
    if out.exists() and not overwrite:
        raise BangfuError(f"{out} 已存在；换一个文件名，或加 --overwrite 覆盖。")
    out.parent.mkdir(parents=True, exist_ok=True)
    report = ExportReport(out, "xlsx")
    workbook = Workbook(write_only=True)  # rows go to temporary files, not memory
    for table in TABLES:
        extras = extra_keys(graph, table)
        sheet = workbook.create_sheet(table.zh)
        sheet.append(header_row(table, extras))
        count = 0
        for row in table_rows(graph, table, extras, ring, page_size):
            if count == 1_048_575:
                raise BangfuError(f"{table.zh}超过 Excel 工作表的行数上限（1,048,576 行），请改用 CSV 格式。")
            sheet.append(text_safe_row(sheet, row))
            count += 1
        report.rows[table.name] = count
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".part", dir=out.parent)
    os.close(fd)
    try:
        workbook.save(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    report.files.append(out)
    return report
