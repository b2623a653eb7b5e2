"""Graph values, once: the nodes, relationships and paths a query returns (GNode, GRel, GPath, from
the driver's objects by `from_neo4j`) and the label that names a node (`main_label`).

Query results (graph/queries/result.py), their masking (graph/masking.py), the exports' subgraphs
(graph/export/subgraph.py, style.py) and the web's graph JSON (webapp/graphjson.py) all read them
from here, below every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import neo4j.graph

# A node's kind is its first label in this order, most specific first (a village is also a Region, a
# party branch also an Organization); the general labels name what has no specific one.
SPECIFIC_LABELS = (
    "County",
    "Township",
    "Village",
    "PartyOrg",
    "Unit",
    "Person",
    "Household",
    "Enterprise",
    "Program",
    "Inspection",
    "Evaluation",
    "VillageIndicator",
)
GENERAL_LABELS = ("Region", "Organization")
# and the kinds only pictures (graph/export/rollup.py) and provenance have
MAIN_LABELS = (*SPECIFIC_LABELS, "CadreGroup", *GENERAL_LABELS, "Load")


def main_label(labels: Iterable[str]) -> str | None:
    """The label that names a node: its first in MAIN_LABELS (None: none of them)."""
    labels = set(labels)
    for label in MAIN_LABELS:
        if label in labels:
            return label
    return None


@dataclass(frozen=True)
class GNode:
    id: str
    labels: tuple[str, ...]
    properties: dict

    def get(self, key: str, default: Any = None) -> Any:
        return self.properties.get(key, default)


@dataclass(frozen=True)
class GRel:
    id: str
    type: str
    start: str
    end: str
    properties: dict

    def get(self, key: str, default: Any = None) -> Any:
        return self.properties.get(key, default)


@dataclass(frozen=True)
class GPath:
    nodes: tuple[GNode, ...]
    relationships: tuple[GRel, ...]


def from_neo4j(value: Any) -> Any:
    if isinstance(value, neo4j.graph.Node):
        return GNode(value.element_id, tuple(sorted(value.labels)), dict(value.items()))
    if isinstance(value, neo4j.graph.Relationship):
        return GRel(
            value.element_id,
            value.type,
            value.start_node.element_id,
            value.end_node.element_id,
            dict(value.items()),
        )
    if isinstance(value, neo4j.graph.Path):
        return GPath(
            tuple(from_neo4j(n) for n in value.nodes), tuple(from_neo4j(r) for r in value.relationships)
        )
    if isinstance(value, list):
        return [from_neo4j(v) for v in value]
    if isinstance(value, dict):
        return {k: from_neo4j(v) for k, v in value.items()}
    return value
