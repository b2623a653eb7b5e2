"""Responsibility rules (责任落实规则): `run_check` in the JSON shape of the spec, over the rules of
the rulebook (graph/rulebook.py).

Every rule is one Cypher file, `cypher/rules/<id>.cypher`, evaluated inside Neo4j; Python only runs
the queries, de-duplicates subjects, sorts and adds the summary. See shared/spec/coverage-rules.md.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable

import cypher
from graph.connection import Graph
from graph.errors import UsageError
from graph.rulebook import ERROR, RULE_ORDER, RULES, RULES_BY_ID, Rule
from graph.settings import RuleSettings

STANDARD_KEYS = ("subject_type", "subject_id", "subject_name", "region_path", "message")


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
    if value is None or isinstance(value, (str, int, float)):  # most values: asked first, answered at once
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def rule_columns(rule: Rule) -> tuple[str, ...]:
    """The columns a rule's query returns, in order: the standard five, then its detail columns."""
    return STANDARD_KEYS + tuple(key for key, _ in rule.details)


def run_rule(graph: Graph, rule: Rule, params: dict[str, Any], *, timeout: float | None = None) -> list[dict]:
    """The rule's violations, one per subject, sorted by subject id."""
    seen: dict[str, dict] = {}
    # rule columns are plain values, and a check can have many
    for row in graph.read_many(rule.query, rule_columns(rule), params, timeout=timeout):
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
