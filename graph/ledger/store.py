"""Reading the ledger back: findings by filter and page (in the database), counts per township and
status, one finding's history, the recorded checks, and the overview's figures."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import cypher
from graph import clock
from graph.connection import Graph
from graph.ledger.record import LedgerError
from graph.rulebook import FINDING_TITLES, finding_title

OPEN = ("待整改", "整改中")
CLOSED = "已销号"
WAIVED = "已豁免"
STATUSES = OPEN + (CLOSED, WAIVED)


def native(value):
    """Neo4j dates and times as Python's (lists and maps too)."""
    if isinstance(value, list):
        return [native(v) for v in value]
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    return value.to_native() if hasattr(value, "to_native") else value


KEY_CEILING = "~~"  # above every sort key (a finding without a township sorts as "~ …")


@dataclass(frozen=True)
class Filters:
    statuses: tuple[str, ...] | None = None  # None: every status
    rules: tuple[str, ...] | None = None
    township: str | None = None
    region: str | None = None
    overdue: bool = False

    def params(self, today: dt.date) -> dict:
        unknown = [s for s in self.statuses or () if s not in STATUSES]
        if unknown:
            raise LedgerError(f"未知的状态：{'、'.join(unknown)}。可用：{'、'.join(STATUSES)}")
        unknown = [r for r in self.rules or () if r not in FINDING_TITLES]
        if unknown:
            raise LedgerError(f"未知的规则：{'、'.join(unknown)}。可用：{'、'.join(FINDING_TITLES)}")
        return {
            "statuses": list(self.statuses) if self.statuses else None,
            "rules": list(self.rules) if self.rules else None,
            "township": self.township,
            "region": self.region,
            "overdue": self.overdue,
            "today": today,
            **self.key_range(),
        }

    def key_range(self) -> dict:
        """The sort keys the filters' findings lie between (`low` < key < `high`): a township's findings
        are the keys that begin with its code (the sort key's first part), so a township's pages and
        total read only its own stretch of the index, not every finding in front of it."""
        if self.township:
            return {"low": self.township, "high": self.township + "~"}
        return {"low": "", "high": KEY_CEILING}


def _row(record: dict) -> dict:
    finding = native(record["finding"])
    finding.pop("created_at", None)  # kept for the record, shown nowhere (ledger/list.cypher leaves it out)
    measures = native(record.get("measures") or [])
    finding.update(
        township=record.get("township"),
        unit_name=record.get("unit_name"),
        person_name=record.get("person_name"),
        overdue=bool(record.get("overdue")),
        measures=measures,
        latest_measure=measures[-1]["text"] if measures else None,
    )
    finding["rule_title"] = finding_title(finding.get("rule"))
    return finding


def list_findings(
    graph: Graph,
    filters: Filters,
    *,
    today: dt.date,
    skip: int = 0,
    limit: int = 200,
    after: str | None = None,
    before: str | None = None,
) -> tuple[list[dict], int]:
    """A page of findings and how many the filters give in all. The ledger's order is each finding's
    `sort_key`: `after` (the last key of the page before) or `before` (the first key of the page after)
    reads the page from the index without counting the findings in front of it (keyset paging);
    `skip` counts from the start (or from `after`)."""
    page = page_of_findings(graph, filters, today=today, skip=skip, limit=limit, after=after, before=before)
    return page, pages_of_findings(graph, filters, today=today, per_page=limit).total


def page_of_findings(
    graph: Graph,
    filters: Filters,
    *,
    today: dt.date,
    skip: int = 0,
    limit: int = 200,
    after: str | None = None,
    before: str | None = None,
) -> list[dict]:
    """One page of `list_findings`, without the count (which the web app keeps per data version)."""
    page = {"skip": 0 if before else skip, "limit": limit, "before": before}
    page["after"] = max(after or "", filters.key_range()["low"])
    return [_row(r) for r in graph.read_plain(cypher.load("ledger/list"), {**filters.params(today), **page})]


@dataclass(frozen=True)
class Pages:
    """How many findings the filters give in all, and `edges`: the last sort key of each full page of
    `per_page` (page n > 1 begins after edges[n - 2])."""

    total: int
    per_page: int
    edges: tuple[str, ...]

    def after(self, page: int) -> str | None:
        """The sort key page `page` (from 1) begins after; None for the first page and past the end."""
        return self.edges[page - 2] if 2 <= page <= len(self.edges) + 1 else None


def pages_of_findings(graph: Graph, filters: Filters, *, today: dt.date, per_page: int = 200) -> Pages:
    """The total and the page edges of `list_findings` (one walk over the findings)."""
    row = graph.read(cypher.load("ledger/pages"), {**filters.params(today), "per_page": per_page})[0]
    return Pages(row["total"], per_page, tuple(row["edges"]))


def counts_by_township(graph: Graph, today: dt.date) -> list[dict]:
    """Per township (person findings: township None): counts per status, open, overdue."""
    out: dict[str | None, dict] = {}
    for r in graph.read(cypher.load("ledger/counts_by_township"), {"today": today}):
        row = out.setdefault(
            r["code"],
            {"code": r["code"], "township": r["township"], "overdue": 0, **{s: 0 for s in STATUSES}},
        )
        row[r["status"]] = r["n"]
        row["overdue"] += r["overdue"]
    for row in out.values():
        row["open"] = sum(row[s] for s in OPEN)
    return list(out.values())


def get_finding(graph: Graph, finding_id: str, today: dt.date | None = None) -> dict:
    rows = graph.read(cypher.load("ledger/get"), {"id": finding_id})
    if not rows:
        raise LedgerError(
            f"找不到问题 {finding_id}（问题编号形如 help_pair:4199021012010044，见 bangfu ledger list）。"
        )
    finding = _row(rows[0])
    today = today or clock.today()
    finding["overdue"] = (
        finding["status"] in OPEN and finding.get("due") is not None and finding["due"] < today
    )
    return finding


def history(graph: Graph, finding_id: str) -> list[dict]:
    """The finding's events and the checks that saw it, oldest first."""
    out = []
    for r in graph.read(cypher.load("ledger/history"), {"id": finding_id}):
        item = native(r["event"]) if r["event"] else {"kind": "seen", **native(r["run"])}
        item["at"] = native(r["at"])
        out.append(item)
    return out


def runs(graph: Graph) -> list[dict]:
    """Every recorded check, oldest first."""
    return [_run(r) for r in graph.read(cypher.load("ledger/runs"))]


def _run(row: dict) -> dict:
    run = native(row)
    run["summary"] = json.loads(run["summary"]) if run.get("summary") else {}
    run["coverage"] = json.loads(run["coverage"]) if run.get("coverage") else []
    return run


def village_ranking(graph: Graph, as_of: dt.date, region: str | None = None, limit: int = 10) -> list[dict]:
    """问题最多的村: the villages with most open findings (their own and their households'), with how
    many are errors and how many are past due on `as_of`; the overview, the ledger page and the 通报
    rank the same way."""
    return graph.read(
        cypher.load("ledger/village_ranking"), {"as_of": as_of, "region": region, "limit": limit}
    )


def figures(graph: Graph, as_of: dt.date, region: str | None = None) -> dict | None:
    """The ledger on `as_of` (the overview and the bulletin show the same): the latest check recorded
    on or before it and the one before, open findings, those past due on `as_of`, open findings whose
    due date was extended (`extended`, 延期: the 通报 shows it), what that check found new, closed and
    reopened, and the series of every check for the chart. None before any
    check is recorded."""
    checks = [
        _run(r) for r in graph.read(cypher.load("ledger/runs_until"), {"as_of": as_of, "region": region})
    ]
    if not checks:
        return None
    run = checks[0]
    counts = graph.read(
        cypher.load("ledger/summary"), {"as_of": as_of, "run_id": run["run_id"], "region": region}
    )[0]
    series = [
        {"as_of": c["as_of"], "open": c["open_findings"], "coverage": c["summary"].get("help_pair_coverage")}
        for c in runs(graph)
        if c["as_of"] <= as_of
    ]
    return {
        **{k: counts[k] or 0 for k in ("open", "overdue", "new", "closed", "reopened", "waived", "extended")},
        "run": run,
        "previous": checks[1] if len(checks) > 1 else None,
        "series": series,
    }
