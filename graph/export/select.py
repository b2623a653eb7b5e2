"""Choosing what to draw: a node's neighbourhood, a region's responsibility network, a query result.

The Cypher is in cypher/export/; each function returns a Subgraph with a Chinese title.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import cypher
from graph import clock
from graph.connection import Graph
from graph.errors import BangfuError
from graph.export.style import caption, kind_of
from graph.export.subgraph import Subgraph, _node

MAX_DEPTH = 6
# a neighbourhood stops growing past this many nodes (rollup then makes it drawable)
MAX_SELECTED_NODES = 20000


def find_node(graph: Graph, key: str):
    """The node whose key (region/org code, person_id, household_id, enterprise_id, program) is `key`."""
    rows = graph.read_records(cypher.load("export/find_node"), {"key": str(key).strip()})
    if not rows:
        raise BangfuError(
            f"找不到主键为“{key}”的节点（可用区划代码、组织代码、人员编号、户编号、企业编号）。"
        )
    if len(rows) > 1:
        raise BangfuError(f"主键“{key}”对应多个节点，无法确定要导出哪一个。")
    return rows[0]["n"]


def neighbourhood(graph: Graph, key: str, depth: int = 1, *, max_nodes: int = MAX_SELECTED_NODES) -> Subgraph:
    """The node with key `key` and everything within `depth` relationships of it."""
    if not 1 <= depth <= MAX_DEPTH:
        raise BangfuError(f"深度应在 1 到 {MAX_DEPTH} 之间（收到 {depth}）。")
    start = find_node(graph, key)
    start_node = _node(start)
    sub = Subgraph(
        title=f"{kind_of(start_node).name}“{caption(start_node)}”的 {depth} 度邻域", focus=start_node.id
    )
    sub.add(start)
    frontier, seen = [start.element_id], {start.element_id}
    query = cypher.load("export/neighbourhood_step")
    for level in range(depth):
        if not frontier:
            break
        budget = max_nodes - len(sub.nodes)
        rows = graph.read_records(query, {"ids": frontier, "limit": max(budget, 0) * 4 + 1})
        for row in rows:
            sub.add(row["p"])
        new = [n for n in sub.nodes if n not in seen]
        seen.update(new)
        frontier = new
        if len(sub.nodes) >= max_nodes:
            sub.notes.append(f"邻域超过 {max_nodes} 个节点，只取到第 {level + 1} 层的一部分。")
            break
    return sub


def region_network(graph: Graph, code: str, *, as_of: dt.date | None = None) -> Subgraph:
    """A region's villages with everyone and everything that answers for them on `as_of`."""
    as_of = as_of or clock.today()
    region = graph.read_records("MATCH (r:Region {code: $code}) RETURN r", {"code": str(code).strip()})
    if not region:
        raise BangfuError(f"找不到区划代码为“{code}”的区划。")
    r = _node(region[0]["r"])
    sub = Subgraph(
        title=f"{r.get('name') or code} 责任网络（{as_of.isoformat()}）", kind="region", focus=r.id
    )
    sub.add(region[0]["r"])
    for row in graph.read_records(
        cypher.load("export/region_network"), {"code": str(code).strip(), "as_of": as_of}
    ):
        sub.add(row["p"])
    return sub


def biggest_township(graph: Graph) -> dict | None:
    rows = graph.read(cypher.load("export/region_biggest_township"))
    return rows[0] if rows else None


def from_query_result(result: Any) -> Subgraph:
    """The graph part of a saved query's result (graph/queries QueryResult, or any rows)."""
    title = getattr(result, "title", None) or getattr(result, "name", None) or "查询结果"
    sub = Subgraph(title=str(title))
    nodes = getattr(result, "nodes", None)
    rels = getattr(result, "relationships", None)
    if nodes is not None or rels is not None:
        sub.add(list((nodes or {}).values()))
        sub.add(list((rels or {}).values()))
    else:
        sub.add(getattr(result, "rows", result))
    if getattr(result, "truncated", False):
        sub.notes.append(f"查询结果超过 {result.row_limit} 行，只画出前 {result.row_limit} 行。")
    return sub
