"""A query's result: the table (cells keep their Neo4j meaning) and the graph it touches.

Nodes, relationships and paths become GNode / GRel / GPath (graph/elements.py; properties with Neo4j
temporal values kept); every node and relationship met anywhere in a row — also inside lists, maps
and paths — is collected once into `nodes` / `relationships`, so a graph view and a table view come
from the same run. Relationships whose end nodes were not returned keep their endpoints' ids; the
graph view adds those endpoints as bare nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.elements import GNode, GPath, GRel


def _collect(value: Any, nodes: dict, rels: dict) -> None:
    if isinstance(value, GNode):
        nodes.setdefault(value.id, value)
    elif isinstance(value, GRel):
        rels.setdefault(value.id, value)
    elif isinstance(value, GPath):
        for n in value.nodes:
            nodes.setdefault(n.id, n)
        for r in value.relationships:
            rels.setdefault(r.id, r)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _collect(v, nodes, rels)
    elif isinstance(value, dict):
        for v in value.values():
            _collect(v, nodes, rels)


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    row_limit: int = 0
    elapsed_s: float = 0.0
    masked: bool = True
    name: str | None = None  # the saved query's name; None for ad-hoc Cypher
    title: str | None = None
    params: dict = field(default_factory=dict)
    display: Any = None
    nodes: dict[str, GNode] = field(default_factory=dict)
    relationships: dict[str, GRel] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.nodes and not self.relationships:
            self.collect_graph()

    def collect_graph(self) -> None:
        for row in self.rows:
            _collect(row, self.nodes, self.relationships)

    @property
    def has_graph(self) -> bool:
        return bool(self.nodes or self.relationships)

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    @property
    def notice(self) -> str | None:
        """What a person should be told about limits, in Chinese."""
        if self.truncated:
            return f"结果超过 {self.row_limit} 行的上限，只显示前 {self.row_limit} 行。"
        return None
