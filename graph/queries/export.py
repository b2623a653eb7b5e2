"""Exports of a QueryResult: CSV (UTF-8 with BOM, for Excel), JSON, xlsx, and node/edge JSON.

Cells become text for CSV and the terminal (`cell_text`): a node shows its label and name, a
relationship its type, a path its chain; dates are ISO; yes/no is 是/否; lists are joined with 、.
JSON keeps structure: nodes as {id, labels, properties}, relationships as {id, type, source,
target, properties}, dates as ISO text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from graph import vocabulary
from graph.elements import main_label
from graph.queries.result import GNode, GPath, GRel, QueryResult
from graph.spreadsheet import is_share_column, sheet_name, sheet_table, sheet_title, text_safe_row

_NAME_KEYS = ("name", "head_name", "title", "code", "person_id", "household_id", "enterprise_id", "load_id")


def node_label(node: GNode) -> str:
    """The word of the label that names the node (graph/elements.py)."""
    label = main_label(node.labels)
    if label is not None:
        return vocabulary.label_name(label)
    return node.labels[0] if node.labels else "节点"


def node_caption(node: GNode) -> str:
    for key in _NAME_KEYS:
        if node.properties.get(key) not in (None, ""):
            return str(node.properties[key])
    return node.id


def plain(value: Any) -> Any:
    """JSON-ready value (temporal values as ISO text, graph values as maps)."""
    if isinstance(value, GNode):
        return {"id": value.id, "labels": list(value.labels), "properties": plain(value.properties)}
    if isinstance(value, GRel):
        return {
            "id": value.id,
            "type": value.type,
            "source": value.start,
            "target": value.end,
            "properties": plain(value.properties),
        }
    if isinstance(value, GPath):
        return {
            "nodes": [plain(n) for n in value.nodes],
            "relationships": [plain(r) for r in value.relationships],
        }
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if hasattr(value, "months") and hasattr(value, "seconds"):  # neo4j Duration
        return str(value)
    if isinstance(value, float) and value != value:
        return None
    return value


def cell_text(value: Any, empty: str = "") -> str:
    """A cell as people read it, in the words of graph/vocabulary.py: a node as 类别:名称, a relationship
    by its Chinese type, map keys as property words; `empty` for nothing (the web shows —, files
    leave the cell empty)."""
    if value is None or value == "":
        return empty
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    if isinstance(value, GNode):
        return f"{node_label(value)}:{node_caption(value)}"
    if isinstance(value, GRel):
        return f"[{vocabulary.type_name(value.type)}]"
    if isinstance(value, GPath):
        parts = [cell_text(value.nodes[0])] if value.nodes else []
        for rel, node in zip(value.relationships, value.nodes[1:]):
            parts.append(f"-[{vocabulary.type_name(rel.type)}]-")
            parts.append(cell_text(node))
        return " ".join(parts)
    if isinstance(value, (list, tuple)):
        return "、".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(
            f"{vocabulary.property_name(str(k))}：{cell_text(v, vocabulary.EMPTY)}"
            for k, v in value.items()
            if not vocabulary.is_hidden(str(k))
        )
    p = plain(value)
    return p if isinstance(p, str) else str(p)


def web_cell_text(value: Any, column: str | None = None) -> str:
    """A cell on a web page: as in files, with — for nothing; a share in a rate column as a percentage."""
    return column_text(column, value, vocabulary.EMPTY)


def column_text(column: str | None, value: Any, empty: str = "") -> str:
    """`cell_text`, except that a fraction in a column of shares (覆盖率 …) reads 86.7%, not 0.8667."""
    if column and is_share_column(column) and isinstance(value, float):
        return vocabulary.percent(value)
    return cell_text(value, empty)


def to_csv(result: QueryResult) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([column_text(c, v) for c, v in zip(result.columns, row)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def graph_dict(result: QueryResult) -> dict:
    """Nodes and edges of the result; endpoints of returned relationships are included (bare)."""
    nodes = {nid: plain(n) for nid, n in result.nodes.items()}
    for rel in result.relationships.values():
        for end in (rel.start, rel.end):
            nodes.setdefault(end, {"id": end, "labels": [], "properties": {}})
    for n in nodes.values():
        src = result.nodes.get(n["id"])
        n["caption"] = node_caption(src) if src else n["id"]
        n["group"] = node_label(src) if src else ""
    edges = [plain(r) for r in result.relationships.values()]
    return {"nodes": list(nodes.values()), "edges": edges}


def to_dict(result: QueryResult) -> dict:
    out = {
        "query": result.name,
        "title": result.title,
        "params": plain(result.params),
        "columns": result.columns,
        "rows": [{c: plain(v) for c, v in zip(result.columns, row)} for row in result.rows],
        "row_count": len(result.rows),
        "truncated": result.truncated,
        "row_limit": result.row_limit,
        "masked": result.masked,
    }
    if result.notice:
        out["notice"] = result.notice
    if result.has_graph:
        out["graph"] = graph_dict(result)
    return out


def to_json(result: QueryResult) -> bytes:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2).encode("utf-8")


def to_graph_json(result: QueryResult) -> bytes:
    return json.dumps(graph_dict(result), ensure_ascii=False, indent=2).encode("utf-8")


def _xlsx_cell(value: Any) -> Any:
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if hasattr(value, "to_native") and not hasattr(value, "months"):
        native = value.to_native()
        if isinstance(native, dt.datetime) and native.tzinfo is not None:
            native = native.replace(tzinfo=None)
        return native
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    return cell_text(value)


def _title(result: QueryResult, labels: dict[str, str] | None) -> str:
    """The sheet's title row: the query's title, its parameters by their labels (a parameter without a
    label is left out rather than shown by its code name) and the as-of date."""
    params = {k: v for k, v in result.params.items() if v not in (None, "")}
    as_of = params.pop("as_of", None)
    words = [f"{labels[k]} {cell_text(v)}" for k, v in params.items() if labels and k in labels]
    return sheet_title(result.title or "查询结果", as_of=plain(as_of) if as_of else None, filters=words)


def to_xlsx(result: QueryResult, labels: dict[str, str] | None = None) -> bytes:
    """One sheet through graph/spreadsheet.py (title row, frozen header, widths, percentages, dates);
    `labels` names the parameters in the title (a saved query's {name: label})."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name(result.title or "查询结果")
    rows = [[_xlsx_cell(v) for v in row] for row in result.rows]
    sheet_table(ws, _title(result, labels), result.columns, rows)
    if result.notice:
        ws.append([])
        ws.append(text_safe_row(ws, [result.notice]))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


FORMATS = {
    "csv": (to_csv, ".csv"),
    "json": (to_json, ".json"),
    "xlsx": (to_xlsx, ".xlsx"),
    "graph-json": (to_graph_json, ".json"),
}


def export(result: QueryResult, fmt: str, labels: dict[str, str] | None = None) -> bytes:
    """`result` in `fmt`; `labels` (a saved query's parameter labels) name the filters in an xlsx title."""
    return to_xlsx(result, labels) if fmt == "xlsx" else FORMATS[fmt][0](result)


def write(result: QueryResult, fmt: str, path: Path) -> Path:
    path = Path(path)
    path.write_bytes(export(result, fmt))
    return path
