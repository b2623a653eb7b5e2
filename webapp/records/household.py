"""The household page at an as-of date: where it lives (the village path; whether it is in the roster
then), its status, helpers past and present, benefits and enterprise links by year, and the rule
violations that name it."""

from __future__ import annotations

import datetime as dt

import cypher
from graph.connection import Graph
from webapp.records.common import CLOSED_STATUS, CURRENT, with_state


def household_file(graph: Graph, key: str, as_of: dt.date) -> dict:
    """The household's page without the rules that name it (the caller adds `violations`, from the
    check of its village)."""
    head = graph.read(cypher.load("app/household_file"), {"key": key})[0]
    places = with_state(head["places"], as_of)
    current = next((p for p in places if p["state"] == CURRENT), None)
    household = head["household"]
    return {
        "household": household,
        "places": places,
        "place": current or (places[0] if places else None),
        "present": current is not None,
        "in_scope": current is not None and household.get("status") != CLOSED_STATUS,
        "helpers": with_state(head["helpers"], as_of),
        "benefits": head["benefits"],
        "links": head["links"],
    }
