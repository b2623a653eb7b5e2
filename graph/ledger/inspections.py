"""督查发现问题 in the ledger (activity-tables.md, ledger.md): an inspection whose result is 发现问题 is
a finding of its own (rule id `inspection`, key the inspection id, subject the inspected node), and
a later inspection of the same subject whose result is 合格 closes it (复查合格销号). Checks neither
open nor close these findings: `close_unseen` only closes the rules a check ran.

When: every recorded check brings the inspections in before it counts the open findings (so the
overview, the 通报 and the chart see them), and a load that writes inspections calls
`sync_inspections` too, so that the ledger shows them without waiting for the next check. A recorded
check takes on the findings loads brought in or closed since the last one (`inspection_claim`), so that
they count as new or closed by it. Syncing is idempotent: run twice, nothing changes the second time.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import cypher
from graph.connection import Graph
from graph.rulebook import FINDING_ORDER, INSPECTION
from graph.settings import LedgerSettings


@dataclass
class InspectionSync:
    findings: int = 0  # inspections with result 发现问题
    created: int = 0  # of those, new in the ledger
    closed: int = 0  # open findings closed by a later 合格 of the same subject


def committees(graph: Graph, as_of) -> dict:
    """Township code → its party committee and secretary on `as_of` (default responsibility)."""
    return {
        r["township"]: {"committee": r["committee"], "secretary": r["secretary"]}
        for r in graph.read(cypher.load("ledger/township_committees"), {"as_of": as_of})
    }


def sync_inspections(
    graph: Graph,
    ledger: LedgerSettings,
    *,
    user: str,
    as_of,
    run_id: str | None = None,
    load_id: str | None = None,
    township_committees: dict | None = None,
) -> InspectionSync:
    """Bring the inspections' problems into the ledger and close those a later 合格 cleared.
    `as_of` dates the default responsibility (the township secretary in post then)."""
    params = {"user": user, "run_id": run_id, "load_id": load_id}
    if township_committees is None:
        township_committees = committees(graph, as_of)
    found, _ = graph.write_returning(
        cypher.load("ledger/inspection_findings"),
        {
            **params,
            "sync": uuid.uuid4().hex,
            "due_days": ledger.due_days_for(INSPECTION),
            "rule_order": FINDING_ORDER[INSPECTION],
            "committees": township_committees,
        },
    )
    closed, _ = graph.write_returning(cypher.load("ledger/inspection_close"), params)
    out = InspectionSync(
        findings=found[0]["findings"] if found else 0,
        created=found[0]["created"] if found else 0,
        closed=closed[0]["closed"] if closed else 0,
    )
    if run_id is not None:
        claimed, _ = graph.write_returning(cypher.load("ledger/inspection_claim"), {"run_id": run_id})
        if claimed:
            out.created += claimed[0]["created"]
            out.closed += claimed[0]["closed"]
    return out
