"""Region choices as every form offers them: the county, then one group per township (the township
itself and its villages), so that two villages of the same name (胡寨村) are told apart by their
township; and a region's name with its township for headings and lists."""

from __future__ import annotations

import cypher
from graph.connection import Graph


def region_groups(graph: Graph) -> dict:
    """{counties: [{code, name}], townships: [{code, name, county, villages: [{code, name}]}]}."""
    townships = graph.read(cypher.load("app/region_choices"))
    counties = {t["county_code"]: t["county"] for t in townships if t["county_code"]}
    return {
        "counties": [{"code": c, "name": n} for c, n in counties.items()],
        "townships": townships,
        "several_counties": len(counties) > 1,
    }


def region_title(graph: Graph, code: str | None) -> str | None:
    """A region's name as headings and lists say it: a village with its township (胡寨村（孙红乡）),
    a township or county by its name; None for no region."""
    if not code:
        return None
    path = graph.read(cypher.load("app/region_path"), {"code": code})
    names = [p["name"] for p in (path[0]["path"] if path else [])]
    if len(names) >= 3:
        return f"{names[-1]}（{names[-2]}）"
    return names[-1] if names else code
