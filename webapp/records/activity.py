"""The entity pages' sections about how the work is done and checked (shared/spec/activity-tables.md):
a household's visits, a village's reserve cadres, talents and yearly indicators, a person's
evaluations and visits, the inspections of a village, person or organization.

What staff already keep, shown as they keep it: dates, kinds and who, never a location or a photo
(the roster has neither), and no comparison of one person's visits with another's."""

from __future__ import annotations

import datetime as dt

import cypher
from graph.connection import Graph
from webapp.records.common import with_state

MAX_VISITS = 200  # newest visits listed on a page (the count is of all of them)
PROBLEM_FOUND = "发现问题"


def household_visits(graph: Graph, key: str, as_of: dt.date) -> dict:
    row = graph.read(cypher.load("app/household_visits"), {"key": key, "as_of": as_of, "limit": MAX_VISITS})[
        0
    ]
    return {"total": row["total"], "rows": row["visits"]}


def village_activity(graph: Graph, code: str, as_of: dt.date) -> dict:
    """Reserve cadres (each in the pool or not at `as_of`), talents, indicators by year."""
    row = graph.read(cypher.load("app/village_activity"), {"code": code})[0]
    cadres = with_state(row["reserve_cadres"], as_of)
    return {
        "reserve_cadres": cadres,
        "reserve_active": sum(1 for c in cadres if c["state"] == "current"),
        "talents": row["talents"],
        "indicators": row["indicators"],
    }


def person_activity(graph: Graph, key: str, as_of: dt.date) -> dict:
    row = graph.read(cypher.load("app/person_activity"), {"key": key, "as_of": as_of, "limit": MAX_VISITS})[0]
    visits = row["visits"]
    return {
        "evaluations": row["evaluations"],
        "visits": {
            "total": row["visit_total"],
            "households": row["visited_households"],
            "latest": visits[0]["date"] if visits else None,
            "rows": visits,
        },
    }


def inspections(graph: Graph, kind: str, key: str, as_of: dt.date) -> list[dict]:
    """The inspections of one subject up to `as_of`; a problem found reads 未销号 until a later
    inspection of the same subject passed (复查合格销号)."""
    rows = graph.read(cypher.load("app/subject_inspections"), {"kind": kind, "key": key, "as_of": as_of})
    for r in rows:
        if r["inspection"]["result"] != PROBLEM_FOUND:
            r["problem_state"] = None
        else:
            r["problem_state"] = "已销号" if r["closed_by"] else "未销号"
    return rows
