"""Help-pair coverage (结对帮扶覆盖率) per region level, and the households-per-cadre distribution.

Computed in Neo4j by `cypher/coverage/*.cypher`; the result of `run_coverage` is the spec's
`coverage` JSON (shared/spec/coverage-rules.md).
"""

from __future__ import annotations

import datetime as dt

import cypher
from graph.connection import Graph
from graph.errors import UsageError
from graph.rules import check_region

LEVELS = {"county": "县区", "township": "乡镇", "village": "村"}
LEVEL_DEPTH = {"县区": 0, "乡镇": 1, "村": 2}


def _level_name(level: str) -> str:
    try:
        return LEVELS[level]
    except KeyError:
        raise UsageError(f"未知的层级：{level}。可用的层级：{'、'.join(LEVELS)}") from None


def run_coverage(
    graph: Graph, level: str, as_of: dt.date, region: str | None = None, *, timeout: float | None = None
) -> dict:
    """One row per region of `level` (within `region` when given), sorted by code."""
    level_name = _level_name(level)
    found = check_region(graph, region)
    if found is not None and LEVEL_DEPTH.get(found["level"], 0) > LEVEL_DEPTH[level_name]:
        raise UsageError(
            f"区划 {found['name']}（{found['code']}）是{found['level']}级，"
            f"不能按{level_name}级汇总；请选择更低的层级。"
        )
    rows = graph.read(
        cypher.load("coverage/by_region"),
        {"as_of": as_of, "level_name": level_name, "region": region},
        timeout=timeout,
    )
    out = []
    for r in rows:
        in_scope, covered = r["households_in_scope"], r["households_covered"]
        out.append(
            {
                "code": r["code"],
                "name": r["name"],
                "households_in_scope": in_scope,
                "households_covered": covered,
                "coverage": round(covered / in_scope, 4) if in_scope else None,
                "cadres": r["cadres"],
                "max_load": r["max_load"],
            }
        )
    out.sort(key=lambda r: r["code"])
    return {"as_of": as_of.isoformat(), "level": level, "rows": out}


def run_load_distribution(
    graph: Graph, as_of: dt.date, region: str | None = None, *, timeout: float | None = None
) -> dict:
    """How many cadres help how many distinct in-scope households (counted over the whole graph).

    The cadres are those with an active help pair to an in-scope household in `region` (all when
    None). Shape: {"as_of", "region", "rows": [{"households": n, "cadres": k}, ...]} by n.
    """
    check_region(graph, region)
    rows = graph.read(
        cypher.load("coverage/load_distribution"), {"as_of": as_of, "region": region}, timeout=timeout
    )
    return {
        "as_of": as_of.isoformat(),
        "region": region,
        "rows": [{"households": r["households"], "cadres": r["cadres"]} for r in rows],
    }
