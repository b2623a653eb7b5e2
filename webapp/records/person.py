"""干部档案: a person's record at an as-of date: posts, village assignments and help pairs (current and
past, with dates), the households helped with their status and village, the load against
`max_households_per_cadre`, and the rules that name the person."""

from __future__ import annotations

import datetime as dt

import cypher
from graph.connection import Graph
from graph.settings import RuleSettings
from webapp.records.common import CURRENT, with_state


def person_file(graph: Graph, key: str, as_of: dt.date, settings: RuleSettings) -> dict:
    """The record without the rules that name the person (the caller adds `violations`)."""
    head = graph.read(cypher.load("app/person_file"), {"key": key})[0]
    households = with_state(
        graph.read(cypher.load("app/person_households"), {"key": key, "as_of": as_of}), as_of
    )
    load = len({h["household_id"] for h in households if h["state"] == CURRENT and h["in_scope"]})
    return {
        "person": head["person"],
        "works_at": head["works_at"],
        "enterprises": head["enterprises"],
        "posts": with_state(head["posts"], as_of),
        "assignments": with_state(head["assignments"], as_of),
        "households": households,
        "load": load,
        "load_limit": settings.max_households_per_cadre,
    }


def term_violations(record: dict, violations: list[dict]) -> list[dict]:
    """Village violations about this person's own term: an `expiring` first secretary or team leader
    post (the rule names people by name in `detail.persons`; a current assignment of the person to
    that village in one of the rule's roles ties the name to this person)."""
    name = record["person"].get("name")
    mine = {(a["village"]["code"], a["role"]) for a in record["assignments"] if a["state"] == CURRENT}
    return [
        v
        for v in violations
        if v["rule"] == "expiring"
        and name in (v.get("detail", {}).get("persons") or [])
        and any((v["subject_id"], role) in mine for role in v["detail"].get("roles") or [])
    ]
