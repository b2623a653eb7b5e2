"""The enterprise page: where it is, who manages it, its party branch, and what it does for
households, year by year."""

from __future__ import annotations

import cypher
from graph.connection import Graph


def enterprise_file(graph: Graph, key: str) -> dict:
    head = graph.read(cypher.load("app/enterprise_file"), {"key": key})[0]
    years: dict = {}
    for link in head["links"]:
        year = years.setdefault(link["year"], {"year": link["year"], "households": set(), "income": 0.0})
        year["households"].add(link["household"]["household_id"])
        year["income"] += link["income"] or 0.0
    summary = [
        {"year": y["year"], "households": len(y["households"]), "income": y["income"]} for y in years.values()
    ]
    return {**head, "years": summary}
