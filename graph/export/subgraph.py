"""`Subgraph`: the nodes and relationships one picture shows, whatever query produced them.

Built from neo4j.graph Node / Relationship / Path objects (Graph.read_records keeps them), from the
saved-query runner's GNode / GRel / GPath (graph/elements.py, the one model of graph values);
anything else that is walked (records, lists, maps) is searched for those. Properties
keep their Neo4j values (dates stay dates); each export format turns them into what it can hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import neo4j.graph

from graph.elements import GNode, GRel, from_neo4j


def _node(value: Any) -> GNode | None:
    if isinstance(value, neo4j.graph.Node):
        value = from_neo4j(value)
    return value if isinstance(value, GNode) else None


def _rel(value: Any) -> GRel | None:
    if isinstance(value, neo4j.graph.Relationship):
        value = from_neo4j(value)
    return value if isinstance(value, GRel) else None


@dataclass
class Subgraph:
    """Nodes and relationships by id; `title` and `notes` are shown on the picture."""

    nodes: dict[str, GNode] = field(default_factory=dict)
    relationships: dict[str, GRel] = field(default_factory=dict)
    title: str = ""
    notes: list[str] = field(default_factory=list)
    kind: str = "generic"  # "region": a responsibility network (drawn village by village)
    focus: str | None = None  # id of the node a neighbourhood was taken around

    def __post_init__(self) -> None:
        nodes, rels = self.nodes, self.relationships
        self.nodes, self.relationships = {}, {}
        self.add(list(nodes.values()) if isinstance(nodes, dict) else list(nodes))
        self.add(list(rels.values()) if isinstance(rels, dict) else list(rels))

    @classmethod
    def from_values(cls, values: Iterable[Any], **kwargs) -> "Subgraph":
        sub = cls(**kwargs)
        sub.add(values)
        return sub

    def add(self, value: Any) -> None:
        """Add every node and relationship found in `value` (a graph object, path, record, list, map)."""
        if value is None or isinstance(value, (str, bytes, int, float, bool)):
            return
        node = _node(value)
        if node is not None:
            self.add_node(node)
            return
        rel = _rel(value)
        if rel is not None:
            if isinstance(value, neo4j.graph.Relationship):
                # endpoints the query did not return still come with what the driver knows of them
                for end in (value.start_node, value.end_node):
                    if end is not None and end.element_id not in self.nodes:
                        self.add_node(_node(end))
            self.add_rel(rel)
            return
        if isinstance(value, neo4j.graph.Path):
            for n in value.nodes:
                self.add(n)
            for r in value.relationships:
                self.add(r)
            return
        if hasattr(value, "nodes") and hasattr(value, "relationships"):  # GPath, Subgraph-likes
            nodes, rels = value.nodes, value.relationships
            for n in nodes.values() if isinstance(nodes, dict) else nodes:
                self.add(n)
            for r in rels.values() if isinstance(rels, dict) else rels:
                self.add(r)
            return
        if isinstance(value, neo4j.Record):
            value = list(value.values())
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, (list, tuple, set)):
            for v in value:
                self.add(v)

    def add_node(self, node: GNode) -> None:
        old = self.nodes.get(node.id)
        if old is None or (not old.labels and node.labels) or (len(node.properties) > len(old.properties)):
            self.nodes[node.id] = node

    def add_rel(self, rel: GRel) -> None:
        self.relationships.setdefault(rel.id, rel)
        for end in (rel.start, rel.end):
            if end not in self.nodes:
                self.nodes[end] = GNode(end, (), {})

    # -- reading ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.nodes)

    def neighbours(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {n: set() for n in self.nodes}
        for r in self.relationships.values():
            out[r.start].add(r.end)
            out[r.end].add(r.start)
        return out
