"""防止返贫监测 on the pages (shared/spec/monitoring.md): a household's cases (clue → identified or
dismissed → risk eliminated, the days each step took) and measures, a village's monitored households
and waiting clues, the overview's figures.

Every step is read as it stood at the page's as-of date: a date after it has not happened yet. Risk
types (因病, 因残 …) are sensitive personal information: analysts and administrators see them, viewers
see how many are recorded (`risks_for`)."""

from __future__ import annotations

import datetime as dt

from flask import g, has_request_context

import cypher
from graph.connection import Graph
from graph.roster.vocabularies import DEVELOPMENTAL_MEASURES
from webapp.records.common import native, with_state

RISK_SEPARATOR = "、"  # how the loader stores several risk types (graph/roster/model.py, multiple=True)
RISK_PROPERTY = "risks"  # the Monitoring property that holds them
RISK_ROLE = "analyst"


def sees_risks() -> bool:
    """Whether the user of this request may read risk types (analysts and admins)."""
    return has_request_context() and getattr(g, "user", None) is not None and g.user.can(RISK_ROLE)


def without_risks(props: dict) -> dict:
    """A node's properties as this request's user may see them: risk types counted for viewers (the
    explorer's panel, an entity page's picture)."""
    if RISK_PROPERTY not in props or sees_risks():
        return props
    return {**props, RISK_PROPERTY: risks_for(props[RISK_PROPERTY], False)}


def risks_for(risks: str | None, see_risks: bool) -> str | None:
    """The risk types as a page shows them: the list for analysts and admins, a count for viewers."""
    if not risks:
        return None
    if see_risks:
        return risks
    return f"已记录 {len(risks.split(RISK_SEPARATOR))} 项"


def _days(start, end) -> int | None:
    start, end = native(start), native(end)
    return (end - start).days if start and end else None


def _known(day, as_of: dt.date):
    """A step's date if it had happened by `as_of`, else None."""
    day = native(day)
    return day if day is not None and day <= as_of else None


def case_steps(row: dict, as_of: dt.date, see_risks: bool) -> dict:
    """One monitoring row as it stood at `as_of`: its stage and the days of each step (clue → identified
    or dismissed; identified → eliminated; the step under way counted to `as_of`)."""
    clue = native(row["clue_date"])
    identified = _known(row.get("identified_date"), as_of)
    dismissed = _known(row.get("dismissed_date"), as_of)
    eliminated = _known(row.get("eliminated_date"), as_of) if identified else None
    if eliminated:
        stage = "已消除风险"
    elif identified:
        stage = "监测中"
    elif dismissed:
        stage = "核实不纳入"
    else:
        stage = "待识别"
    decided = identified or dismissed
    return {
        "clue_date": clue,
        "source": row.get("source"),
        "identified_date": identified,
        "dismissed_date": dismissed,
        "eliminated_date": eliminated,
        "category": row.get("category") if identified else None,
        "risks": risks_for(row.get("risks"), see_risks),
        "labor": row.get("labor"),
        "stage": stage,
        # 线索 → 识别/核实不纳入 (waiting: to the as-of date)
        "decide_days": _days(clue, decided or as_of),
        "decided": decided is not None,
        # 识别 → 风险消除 (monitored: to the as-of date)
        "monitor_days": _days(identified, eliminated or as_of) if identified else None,
    }


def household_monitoring(graph: Graph, key: str, as_of: dt.date, see_risks: bool) -> dict:
    row = graph.read(cypher.load("app/household_monitoring"), {"key": key, "as_of": as_of})[0]
    measures = with_state(row["measures"], as_of)
    for m in measures:
        m["developmental"] = m["kind"] in DEVELOPMENTAL_MEASURES
    return {"cases": [case_steps(r, as_of, see_risks) for r in row["monitoring"]], "measures": measures}


def village_monitoring(graph: Graph, code: str, as_of: dt.date, see_risks: bool, identify_days: int) -> dict:
    row = graph.read(cypher.load("app/village_monitoring"), {"code": code, "as_of": as_of})[0]
    monitored = [
        {
            **h,
            "risks": risks_for(h["risks"], see_risks),
            "developmental": any(k in DEVELOPMENTAL_MEASURES for k in h["measures"]),
        }
        for h in row["monitored"]
    ]
    waiting = [{**w, "overdue": w["days"] > identify_days} for w in row["waiting"]]
    return {"monitored": monitored, "waiting": waiting, "identify_days": identify_days}


def overview_monitoring(graph: Graph, as_of: dt.date, identify_days: int) -> dict | None:
    """The overview's figures; None when the graph keeps no monitoring row (the section is left out)."""
    row = graph.read(
        cypher.load("app/overview_monitoring"),
        {"as_of": as_of, "year_start": dt.date(as_of.year, 1, 1), "identify_days": identify_days},
    )[0]
    return {**row, "identify_days": identify_days} if row["rows"] else None
