"""Responsibility rules (责任落实规则): the registry, and `run_check` in the JSON shape of the spec.

Every rule is one Cypher file, `cypher/rules/<id>.cypher`, evaluated inside Neo4j; Python only runs
the queries, de-duplicates subjects, sorts and adds the summary. See shared/spec/coverage-rules.md.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Iterable

import cypher
from graph.connection import Graph
from graph.errors import UsageError
from graph.settings import RuleSettings

ERROR = "error"
WARNING = "warning"

STANDARD_KEYS = ("subject_type", "subject_id", "subject_name", "region_path", "message")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    subject_type: str
    title: str
    # Chinese headers of the rule's extra detail columns, in display order
    details: tuple[tuple[str, str], ...] = ()
    # gated rules (activity-tables.md): the roster table without whose rows a county gets no warnings
    gated_by: str | None = None

    @property
    def query(self) -> str:
        return cypher.load(f"rules/{self.id}")


RULES: tuple[Rule, ...] = (
    Rule("first_secretary", ERROR, "village", "重点村未配备第一书记", (("key_reasons", "重点村原因"),)),
    Rule(
        "first_secretary_party_member",
        ERROR,
        "person",
        "第一书记不是中共党员",
        (("political_status", "政治面貌"), ("villages", "任职村")),
    ),
    Rule(
        "work_team",
        ERROR,
        "village",
        "贫困村驻村工作队不健全",
        (("team_leaders", "在岗队长数"), ("team_size", "在岗队员数（含队长）")),
    ),
    Rule(
        "responsibility_group",
        ERROR,
        "village",
        "村脱贫责任组缺少合格组长",
        (("unqualified_leaders", "不合格的在岗组长"),),
    ),
    Rule("village_contact", ERROR, "village", "未落实包村干部"),
    Rule("leader_point", ERROR, "village", "软弱涣散村无县处级挂点领导"),
    Rule("party_liaison", ERROR, "village", "非重点村未明确党建联系人"),
    Rule("branch_secretary", ERROR, "village", "村党组织书记空缺", (("has_branch", "有村党组织"),)),
    Rule("contracting_unit", ERROR, "village", "贫困村无包村单位"),
    Rule("help_pair", ERROR, "household", "帮扶对象未落实帮扶责任人", (("status", "户状态"),)),
    Rule(
        "cadre_load", WARNING, "person", "帮扶干部负担过重", (("households", "帮扶户数"), ("limit", "上限"))
    ),
    Rule(
        "expiring",
        WARNING,
        "village",
        "第一书记/工作队长任期即将届满",
        (("roles", "角色"), ("persons", "人员"), ("end_dates", "结束日期")),
    ),
    # activity-tables.md: the rules marked gated report nothing for a county without a row of their table
    Rule(
        "visit_overdue",
        WARNING,
        "household",
        "帮扶责任人未按期走访",
        (("helpers", "在岗帮扶责任人"), ("last_visit", "最近一次走访"), ("last_visit_kind", "方式")),
        gated_by="visits",
    ),
    Rule(
        "reserve_cadre",
        WARNING,
        "village",
        "村无后备干部",
        (("former", "曾在库/待入库"),),
        gated_by="reserve_cadres",
    ),
    Rule(
        "evaluation_unfit",
        ERROR,
        "person",
        "述职评议不称职仍在岗",
        (("roles", "角色"), ("years", "评议年度"), ("villages", "任职村")),
    ),
    Rule(
        "collective_income",
        WARNING,
        "village",
        "村集体经营性收入低于下限",
        (("year", "年度"), ("collective_income", "集体经营性收入（万元）"), ("limit", "下限（万元）")),
        gated_by="village_indicators",
    ),
    Rule(
        "service_center",
        WARNING,
        "village",
        "党群服务中心不达标",
        (("year", "年度"), ("service_center", "党群服务中心")),
        gated_by="village_indicators",
    ),
)
RULES_BY_ID = {r.id: r for r in RULES}
RULE_ORDER = {r.id: i for i, r in enumerate(RULES)}


def resolve_rules(ids: Iterable[str] | None) -> list[Rule]:
    """The rules named (in spec order), all when none; an unknown id is a usage error."""
    if not ids:
        return list(RULES)
    wanted = set(ids)
    unknown = sorted(wanted - RULES_BY_ID.keys())
    if unknown:
        raise UsageError(f"未知的规则：{'、'.join(unknown)}。可用的规则：{'、'.join(RULES_BY_ID)}")
    return [r for r in RULES if r.id in wanted]


def check_region(graph: Graph, region: str | None) -> dict | None:
    """The region's code, name and level, or None when no region is asked; unknown is a usage error."""
    if region is None:
        return None
    rows = graph.read(
        "MATCH (r:Region {code: $code}) RETURN r.code AS code, r.name AS name, r.level AS level",
        {"code": region},
    )
    if not rows:
        raise UsageError(f"找不到区划代码 {region}。")
    return rows[0]


def rule_params(as_of: dt.date, settings: RuleSettings, region: str | None) -> dict[str, Any]:
    return {"as_of": as_of, "region": region, **settings.as_dict()}


def _plain(value: Any) -> Any:
    """Neo4j temporal values (and lists of them) as ISO text, so the result is JSON."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def run_rule(graph: Graph, rule: Rule, params: dict[str, Any], *, timeout: float | None = None) -> list[dict]:
    """The rule's violations, one per subject, sorted by subject id."""
    seen: dict[str, dict] = {}
    for record in graph.read_records(rule.query, params, timeout=timeout):
        row = dict(record.items())  # rule columns are plain values: no node conversion needed
        sid = row["subject_id"]
        if sid in seen:
            continue
        violation = {
            "rule": rule.id,
            "severity": rule.severity,
            **{k: _plain(row.get(k)) for k in STANDARD_KEYS},
        }
        if violation["region_path"] is None:
            violation["region_path"] = []
        detail = {k: _plain(v) for k, v in row.items() if k not in STANDARD_KEYS}
        if detail:
            violation["detail"] = detail
        seen[sid] = violation
    return [seen[k] for k in sorted(seen)]


def _scope(
    graph: Graph, as_of: dt.date, region: str | None, help_pair_checked: bool, timeout: float | None
) -> dict:
    """Villages and in-scope households; covered households too unless help_pair gives them."""
    name = "coverage/scope_counts" if help_pair_checked else "coverage/summary"
    return graph.read(cypher.load(name), {"as_of": as_of, "region": region}, timeout=timeout)[0]


def _summary(scope: dict, violations: list[dict], help_pair_checked: bool) -> dict:
    in_scope = scope["households_in_scope"] or 0
    if help_pair_checked:
        # the uncovered households are exactly help_pair's violations (same date and region)
        covered = in_scope - sum(1 for v in violations if v["rule"] == "help_pair")
    else:
        covered = scope["households_covered"] or 0
    gaps = {v["subject_id"] for v in violations if v["severity"] == ERROR and v["subject_type"] == "village"}
    return {
        "villages": scope["villages"] or 0,
        "villages_with_gaps": len(gaps),
        "households_in_scope": in_scope,
        "households_covered": covered,
        "help_pair_coverage": round(covered / in_scope, 4) if in_scope else None,
    }


def summary(
    graph: Graph,
    as_of: dt.date,
    region: str | None,
    violations: list[dict],
    *,
    help_pair_checked: bool = False,
    timeout: float | None = None,
) -> dict:
    """The spec's summary. When the help_pair rule ran (same date and region), the uncovered
    households are its violations, so the households are not read a second time."""
    return _summary(_scope(graph, as_of, region, help_pair_checked, timeout), violations, help_pair_checked)


# the costliest rules first, so that they start at once when rules run side by side
_COST_ORDER = ("help_pair", "visit_overdue", "first_secretary", "cadre_load", "responsibility_group")


def run_check(
    graph: Graph,
    as_of: dt.date,
    settings: RuleSettings,
    rules: Iterable[str] | None = None,
    region: str | None = None,
    *,
    timeout: float | None = None,
    workers: int | None = None,
) -> dict:
    """Evaluate the rules at `as_of`; the result is the spec's `check` JSON (a dict).

    The rule queries are independent read transactions, run `workers` at a time (default: the CPU
    count, at most 4) so that Neo4j uses several cores; each query runs on one.
    """
    selected = resolve_rules(rules)
    check_region(graph, region)
    params = rule_params(as_of, settings, region)
    help_pair_checked = any(r.id == "help_pair" for r in selected)
    ordered = sorted(
        selected, key=lambda r: _COST_ORDER.index(r.id) if r.id in _COST_ORDER else len(_COST_ORDER)
    )
    workers = workers or min(4, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(run_rule, graph, rule, params, timeout=timeout) for rule in ordered]
        scope_future = pool.submit(_scope, graph, as_of, region, help_pair_checked, timeout)
        violations = [v for f in futures for v in f.result()]
        scope = scope_future.result()
    violations.sort(key=lambda v: (RULE_ORDER[v["rule"]], v["subject_id"]))
    return {
        "as_of": as_of.isoformat(),
        "settings": settings.as_dict(),
        "summary": _summary(scope, violations, help_pair_checked),
        "violations": violations,
    }


def has_errors(result: dict) -> bool:
    return any(v["severity"] == ERROR for v in result["violations"])
