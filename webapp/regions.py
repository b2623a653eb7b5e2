"""Region choices as every form offers them: the county, then one group per township (the township
itself and its villages), so that two villages of the same name (胡寨村) are told apart by their
township; and a region's name with its township for headings and lists.

A county has a few hundred villages, and a drop-down of them is the quickest way to pick one. A
prefecture loaded as one graph has ten thousand and more: a drop-down of every village made each
query page 1.5 MB and took the web server about a second of CPU to build, so that ten analysts
trying queries held up everybody else's pages. Above `SELECT_MAX` villages the form offers a field
instead, where staff type a township's or village's name, pinyin or code and pick from suggestions
(the townships are offered before anything is typed). Either way the value is one region's code, or
“名称（代码）” as a suggestion fills it in, which the server resolves to that code.
"""

from __future__ import annotations

import cypher
from graph.connection import Graph
from graph.names import suggested_key

SELECT_MAX = 800  # villages a drop-down still lists (a large county has 600–700)


def region_groups(graph: Graph) -> dict:
    """{counties: [{code, name}], townships: [{code, name, county, villages: [{code, name}]}],
    several_counties, village_count}."""
    townships = graph.read(cypher.load("app/region_choices"))
    counties = {t["county_code"]: t["county"] for t in townships if t["county_code"]}
    return {
        "counties": [{"code": c, "name": n} for c, n in counties.items()],
        "townships": townships,
        "several_counties": len(counties) > 1,
        "village_count": sum(len(t["villages"]) for t in townships),
    }


def region_choices() -> dict:
    """The region groups for a page's form, read once per data version (webapp/results_cache.py), with
    `typed` when there are too many villages for a drop-down and `labels` (code → “名称（代码）”, what
    the typed field shows for a chosen region)."""
    from webapp import results_cache as results
    from webapp.context import graph

    def compute() -> dict:
        groups = region_groups(graph())
        labels = {c["code"]: f"{c['name']}（{c['code']}）" for c in groups["counties"]}
        for t in groups["townships"]:
            labels[t["code"]] = f"{t['name']}（{t['code']}）"
            labels.update((v["code"], f"{v['name']}（{v['code']}）") for v in t["villages"])
        return {**groups, "labels": labels}

    groups = results.value("region_groups", (), compute)
    return {**groups, "typed": groups["village_count"] > SELECT_MAX}


def region_arg(name: str = "region") -> str | None:
    """A region argument of a page: a code, or the typed field's “名称（代码）” (its code)."""
    from webapp.forms import text_arg

    text = text_arg(name, 80)
    return (suggested_key(text) or text) if text else None


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
