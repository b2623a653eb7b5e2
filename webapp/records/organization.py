"""Unit and party-organization pages at an as-of date: the organization's people (who works there,
who holds or held a post in it), the villages it answers for (contracts, dispatched people, its
people's assignments, the village it governs), the households its people help, and the coverage of
the villages concerned."""

from __future__ import annotations

import datetime as dt

import cypher
from graph.connection import Graph
from webapp.records.common import CURRENT, with_state

# how an organization is tied to a village (cypher/app/organization_villages.cypher `tie`)
TIE_WORDS = {"contracts": "包村", "dispatched": "派出", "member": "本单位人员", "governs": "村党组织"}


def organization_file(graph: Graph, key: str, as_of: dt.date) -> dict:
    params = {"key": key, "as_of": as_of}
    head = graph.read(cypher.load("app/organization_file"), {"key": key})[0]
    people = []
    for member in head["people"]:
        posts = with_state(member["posts"], as_of)
        current = member["works_here"] or any(p["state"] == CURRENT for p in posts)
        people.append({**member, "posts": posts, "current": current})
    ties = with_state(graph.read(cypher.load("app/organization_villages"), params), as_of)
    households = graph.read(cypher.load("app/organization_households"), params)
    codes = sorted(
        {t["village"]["code"] for t in ties if t["state"] == CURRENT}
        | {h["village"]["code"] for h in households}
    )
    ours = sorted(p["person"]["person_id"] for p in people if p["current"])
    coverage = (
        graph.read(cypher.load("app/villages_coverage"), {"codes": codes, "people": ours, "as_of": as_of})
        if codes
        else []
    )
    villages: dict[str, dict] = {}
    for tie in ties:
        entry = villages.setdefault(
            tie["village"]["code"], {"village": tie["village"], "township": tie["township"], "ties": []}
        )
        entry["ties"].append({**tie, "tie_word": TIE_WORDS[tie["tie"]]})
    return {
        "org": head["org"],
        "is_party": head["is_party"],
        "superior": head["superior"],
        "subordinates": head["subordinates"],
        "region": head["region"],
        "governs": head["governs"],
        "people": people,
        "villages": list(villages.values()),
        "households": households,
        "coverage": [
            {**c, "rate": c["covered"] / c["in_scope"] if c["in_scope"] else None} for c in coverage
        ],
        "helped_total": len(households),
    }
