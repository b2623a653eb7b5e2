"""Looking referenced keys up in the graph, in bulk, for validation.

One `UNWIND $keys` query per referenced table (in chunks, so a parameter never grows without bound)
instead of one query per row: a roster of a million help pairs costs a handful of round trips.
"""

from __future__ import annotations

from typing import Any

import cypher
from graph.connection import Graph
from loaders.validate import Lookup

CHUNK = 50_000


def graph_lookup(graph: Graph) -> Lookup:
    def lookup(table: str, keys: list[str]) -> dict[str, Any]:
        query = cypher.load(f"load/lookup_{table}")
        found: dict[str, Any] = {}
        for i in range(0, len(keys), CHUNK):
            for row in graph.read(query, {"keys": keys[i : i + CHUNK]}):
                found[row["key"]] = row["info"]
        return found

    return lookup
