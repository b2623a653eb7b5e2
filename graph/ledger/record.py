"""Recording a check: the CheckRun, and what it does to the findings (shared/spec/ledger.md).

A finding is one (rule, subject) pair. A recorded check creates the findings it sees for the first
time (待整改, due after the rule's days), links every finding it sees to itself, reopens a closed one
that came back (问题反弹) and closes (已销号) the open findings of its rules and scope that it no longer
sees. Nothing else closes a finding. A check is not recorded for an as-of date earlier than a check
already recorded for an overlapping scope: closing and reopening follow time.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Iterator

import cypher
from graph import audit
from graph.connection import Graph
from graph.coverage import run_coverage
from graph.errors import BangfuError
from graph.ledger.inspections import committees, sync_inspections
from graph.rulebook import FINDING_ORDER
from graph.rules import resolve_rules, run_check
from graph.settings import LedgerSettings, RuleSettings

BATCH = 5000
# Batches of findings written side by side: each is its own transaction on one core of Neo4j, the findings
# of two batches are different nodes, and by the time they are written the check is over (BENCHMARKS.md,
# issue 31, thirteenth session).
WRITERS = 2
# the columns of ledger/finding_places, in order
PLACE_COLUMNS = ("subject_type", "id", "village", "township", "unit")
SUBJECT_KINDS = ("household", "village", "person")  # the kinds of subject whose place is looked up


class LedgerError(BangfuError):
    """A ledger action that cannot be done: an unknown finding, a bad date or person, an older check."""

    exit_code = 2


@dataclass
class RecordedCheck:
    run_id: str
    as_of: dt.date
    scope: str | None
    result: dict  # the check's JSON (graph.rules.run_check)
    seen: int = 0
    created: int = 0
    reopened: int = 0
    closed: int = 0


def finding_id(rule: str, subject_id: str) -> str:
    return f"{rule}:{subject_id}"


def _native(value):
    return value.to_native() if hasattr(value, "to_native") else value


def record_check(
    graph: Graph,
    as_of: dt.date,
    rules_settings: RuleSettings,
    ledger: LedgerSettings,
    *,
    user: str,
    scope: str | None = None,
    rules=None,
    load_id: str | None = None,
    timeout: float | None = None,
) -> RecordedCheck:
    """Run the check and keep it: the CheckRun and its findings. Raises LedgerError for an as-of date
    earlier than a check already recorded for an overlapping scope."""
    latest = graph.read(cypher.load("ledger/runs_overlapping"), {"scope": scope})
    if latest and _native(latest[0]["as_of"]) > as_of:
        raise LedgerError(
            f"不能记录截至 {as_of} 的检查：已记录了截至 {_native(latest[0]['as_of'])} 的检查"
            f"（{latest[0]['scope'] or '全部区划'}）。整改台账按时间推进：销号与反弹只看更晚的检查。"
        )
    selected = [r.id for r in resolve_rules(rules)]
    # The township coverage is read while the check runs and the findings are written: it needs
    # neither, and the writes leave a core free.
    with ThreadPoolExecutor(max_workers=1) as pool:
        coverage = pool.submit(
            run_coverage, graph, "township", as_of, region=_coverage_region(graph, scope), timeout=timeout
        )
        result = run_check(graph, as_of, rules_settings, rules=selected, region=scope, timeout=timeout)
        run = RecordedCheck(f"{as_of:%Y%m%d}-{uuid.uuid4().hex[:8]}", as_of, scope, result)
        township_committees = committees(graph, as_of)
        _write_findings(graph, run, user, load_id, selected, rules_settings, ledger, township_committees)
        # 督查发现问题: brought in (and closed by a later 合格) whatever the check's rules and scope
        inspections = sync_inspections(
            graph, ledger, user=user, as_of=as_of, run_id=run.run_id, township_committees=township_committees
        )
        run.created += inspections.created
        run.closed += inspections.closed
        graph.write(
            cypher.load("ledger/finish_run"),
            {
                "run_id": run.run_id,
                "coverage": json.dumps(coverage.result()["rows"], ensure_ascii=False),
                "created": run.created,
                "closed": run.closed,
                "reopened": run.reopened,
            },
        )
    audit.record(
        graph,
        user,
        "ledger_record",
        {
            "run_id": run.run_id,
            "as_of": as_of,
            "scope": scope,
            "load_id": load_id,
            "seen": run.seen,
            "new": run.created,
            "closed": run.closed,
            "reopened": run.reopened,
        },
    )
    return run


def _write_findings(
    graph: Graph,
    run: RecordedCheck,
    user: str,
    load_id: str | None,
    selected: list[str],
    rules_settings: RuleSettings,
    ledger: LedgerSettings,
    township_committees: dict,
) -> None:
    """The CheckRun and what it does to the findings: created, seen again, reopened, closed."""
    params = {"run_id": run.run_id, "as_of": run.as_of, "user": user, "scope": run.scope}
    graph.write(
        cypher.load("ledger/create_run"),
        {
            **params,
            "load_id": load_id,
            "rules": selected,
            "summary": json.dumps(run.result["summary"], ensure_ascii=False),
            "settings": json.dumps(rules_settings.as_dict(), ensure_ascii=False),
            "violations": len(run.result["violations"]),
        },
    )
    # one row per finding: the check links each finding it saw to itself once (SEEN_BY is created)
    rows = {
        finding_id(v["rule"], v["subject_id"]): {
            "finding_id": finding_id(v["rule"], v["subject_id"]),
            "rule": v["rule"],
            "subject_type": v["subject_type"],
            "subject_id": v["subject_id"],
            "subject_name": v["subject_name"],
            "region_path": v["region_path"],
            "message": v["message"],
            "severity": v["severity"],
            "rule_order": FINDING_ORDER[v["rule"]],
            "due_days": ledger.due_days_for(v["rule"]),
        }
        for v in run.result["violations"]
    }
    values = list(rows.values())
    chunks = [values[i : i + BATCH] for i in range(0, len(values), BATCH)]
    upsert = cypher.load("ledger/upsert_findings")
    with ThreadPoolExecutor(max_workers=1) as reader, ThreadPoolExecutor(max_workers=WRITERS) as writers:
        written = [
            writers.submit(graph.write_returning, upsert, {**params, "rows": batch})
            for batch in _placed_ahead(reader, graph, chunks, run.as_of, township_committees)
        ]
        for future in written:
            counts, _ = future.result()
            if counts:
                run.seen += counts[0]["seen"]
                run.created += counts[0]["created"]
                run.reopened += counts[0]["reopened"]
    closed, _ = graph.write_returning(cypher.load("ledger/close_unseen"), {**params, "rules": selected})
    run.closed = closed[0]["closed"] if closed else 0


def _placed_ahead(
    reader: ThreadPoolExecutor, graph: Graph, chunks: list[list[dict]], as_of: dt.date, committees: dict
) -> Iterator[list[dict]]:
    """The chunks with where their findings belong (`_with_places`), each read on `reader` while the
    chunk before it is written: by then the check is over, and reading and writing one after the other
    left a core idle (BENCHMARKS.md, tenth session)."""
    ahead = None
    for chunk in chunks:
        current, ahead = ahead, reader.submit(_with_places, graph, chunk, as_of, committees)
        if current is not None:
            yield current.result()
    if ahead is not None:
        yield ahead.result()


def _with_places(graph: Graph, rows: list[dict], as_of: dt.date, township_committees: dict) -> list[dict]:
    """The rows with where each finding belongs (`ledger/finding_places`): its village, and the default
    responsibility a finding created now takes (spec ledger.md): a village or household finding its
    village's township, that township's committee and secretary; a person finding the person's unit."""
    ids = {
        f"{kind}s": sorted({r["subject_id"] for r in rows if r["subject_type"] == kind})
        for kind in SUBJECT_KINDS
    }
    places = {
        (p["subject_type"], p["id"]): p
        for p in graph.read_many(cypher.load("ledger/finding_places"), PLACE_COLUMNS, {**ids, "as_of": as_of})
    }
    out = []
    for row in rows:
        kind = row["subject_type"]
        place = places.get((kind, row["subject_id"]), {})
        village = row["subject_id"] if kind == "village" else place.get("village")
        township = place.get("township")
        committee = township_committees.get(township) or {}
        out.append(
            {
                **row,
                "village": village,
                "township": township,
                "responsible_unit": place.get("unit") if kind == "person" else committee.get("committee"),
                "responsible_person": None if kind == "person" else committee.get("secretary"),
            }
        )
    return out


def _coverage_region(graph: Graph, scope: str | None) -> str | None:
    """Township coverage of a scope: the scope itself, unless it is a village (its township then)."""
    if scope is None:
        return None
    rows = graph.read(cypher.load("ledger/region_level"), {"code": scope})
    if rows and rows[0]["level"] == "村":
        return rows[0]["parent"]
    return scope
