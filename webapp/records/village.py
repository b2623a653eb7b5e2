"""村责任落实档案: a village's responsibility file at an as-of date.

What staff open a village for: is it a key village and why; who answers for it now, role by role
(each empty role that a rule requires marked as a gap, with that rule); its open violations; how many
of its households have a helper and which do not; the enterprises working with its households; and
who its first secretaries and work-team leaders have been; what the monthly snapshots changed in it.

The violations are the rules' own (graph.rules.run_check for this village, through the web app's
results cache), so the file and `bangfu check --region` never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import cypher
from graph.changes import snapshot_changes
from graph.connection import Graph
from graph.ledger.export import person_text, problem_text, status_text, unit_text
from graph.ledger.store import OPEN, WAIVED, Filters, list_findings
from graph.roster.vocabularies import CONTRACTING_UNIT, ROLES
from graph.rules import RULES_BY_ID
from graph.settings import RuleSettings
from loaders.changes_words import change_lines
from webapp.records.common import CURRENT, NEEDY_STATUSES, with_state

BRANCH_SECRETARY = "村党组织书记"  # not an assignment role: a secretary post in the village's branch


@dataclass(frozen=True)
class RoleGroup:
    name: str
    roles: tuple[str, ...]  # the roster's 责任类型 values that fill it, in display order
    rule: str  # the rule that requires it (its gap)
    also: tuple[str, ...] = ()  # other rules about the people filling it


ROLE_GROUPS = (
    RoleGroup("挂点领导", ("挂点领导",), "leader_point"),
    RoleGroup("包村单位", (CONTRACTING_UNIT,), "contracting_unit"),
    RoleGroup("第一书记", ("第一书记",), "first_secretary", ("first_secretary_party_member", "expiring")),
    RoleGroup("驻村工作队", ("工作队长", "工作队员"), "work_team", ("expiring",)),
    RoleGroup("包村干部", ("包村干部",), "village_contact"),
    RoleGroup("脱贫责任组", ("责任组长", "责任组员"), "responsibility_group"),
    RoleGroup("党建联系人/指导员", ("党建联系人", "党建指导员"), "party_liaison"),
    RoleGroup(BRANCH_SECRETARY, (BRANCH_SECRETARY,), "branch_secretary"),
)
assert {r for g in ROLE_GROUPS for r in g.roles} == set(ROLES) | {BRANCH_SECRETARY}
assert all(g.rule in RULES_BY_ID and set(g.also) <= RULES_BY_ID.keys() for g in ROLE_GROUPS)

HISTORY_ROLES = ("第一书记", "工作队长")


def _concerns(violation: dict, group: RoleGroup, code: str, member_ids: set[str]) -> bool:
    """Whether a violation of this village's check is about this role group."""
    rule = violation["rule"]
    if rule not in (group.rule, *group.also):
        return False
    if violation["subject_type"] == "person":
        return violation["subject_id"] in member_ids
    if violation["subject_id"] != code:
        return False
    if rule == "expiring":  # names the roles whose term ends: 第一书记 and/or 工作队长
        return bool(set(violation.get("detail", {}).get("roles") or []) & set(group.roles))
    return True


def _role_groups(roster: list[dict], violations: list[dict], code: str) -> list[dict]:
    groups = []
    for group in ROLE_GROUPS:
        members = sorted(
            (r for r in roster if r["role"] in group.roles), key=lambda r: group.roles.index(r["role"])
        )
        ids = {r["who"].get("person_id") for r in members} - {None}
        problems = [v for v in violations if _concerns(v, group, code, ids)]
        gap = next((v for v in problems if v["rule"] == group.rule and not members), None)
        problems = [v for v in problems if v is not gap]
        groups.append(
            {
                "name": group.name,
                "rule": group.rule,
                "members": members,
                "problems": problems,
                "gap": gap,
                "required_rule": RULES_BY_ID[group.rule],
            }
        )
    return groups


def key_reasons(village: dict, needy: int, settings: RuleSettings) -> list[str]:
    """Why the village is a key village (重点村), in the spec's terms; empty when it is not one."""
    reasons = []
    if village.get("poor_village"):
        reasons.append("贫困村")
    if village.get("weak_org"):
        reasons.append("软弱涣散村")
    if needy >= settings.many_households:
        reasons.append(f"需帮扶户 {needy} 户（不少于 {settings.many_households} 户）")
    return reasons


def _coverage(households: list[dict]) -> dict:
    covered = [h for h in households if h["helpers"]]
    helpers = {p["person_id"] for h in households for p in h["helpers"]}
    return {
        "in_scope": len(households),
        "covered": len(covered),
        "rate": len(covered) / len(households) if households else None,
        "needy": sum(1 for h in households if h["status"] in NEEDY_STATUSES),
        "helpers": len(helpers),
        "uncovered": [h for h in households if not h["helpers"]],
    }


def ledger_items(graph: Graph, code: str, as_of: dt.date) -> list[dict]:
    """The village's findings in the ledger (问题整改台账, graph/ledger) that are not closed: its own
    and its households', with who answers for them, by when, and the latest measure."""
    findings, _ = list_findings(
        graph, Filters(statuses=OPEN + (WAIVED,), region=code), today=as_of, limit=500
    )
    return [
        {
            **f,
            "unit": unit_text(f),
            "person": person_text(f),
            "measure": f.get("latest_measure"),
            "problem": problem_text(f),  # the rule's title; an inspection's says what it found
            "shown_status": status_text(f),
        }
        for f in findings
    ]


def village_file(graph: Graph, code: str, as_of: dt.date, settings: RuleSettings, check: dict) -> dict:
    """Everything the village file shows at `as_of`; `check` is run_check's result for this village
    at that date (graph.rules.run_check(graph, as_of, settings, region=code))."""
    params = {"code": code, "as_of": as_of}
    head = graph.read(cypher.load("app/village_file"), {"code": code})[0]
    roster = with_state(graph.read(cypher.load("app/village_roster"), params), as_of)
    households = graph.read(cypher.load("app/village_households"), params)
    enterprises = graph.read(cypher.load("app/village_enterprises"), params)
    history = with_state(graph.read(cypher.load("app/village_leaders_history"), {"code": code}), as_of)
    # numbered copies (the check's result is cached and shared), each with the ledger's finding for it;
    # the ledger's other open items (an inspection's, one the check on `as_of` no longer sees) apart
    ledger = {f["finding_id"]: f for f in ledger_items(graph, code, as_of)}
    total = len(ledger)
    violations = [
        {**v, "number": i, "finding": ledger.pop(f"{v['rule']}:{v['subject_id']}", None)}
        for i, v in enumerate(check["violations"], start=1)
    ]
    coverage = _coverage(households)
    return {
        "village": head["village"],
        "branches": head["branches"],
        "key_reasons": key_reasons(head["village"], coverage["needy"], settings),
        "groups": _role_groups([r for r in roster if r["state"] == CURRENT], violations, code),
        "violations": violations,
        "errors": sum(1 for v in violations if v["severity"] == "error"),
        "ledger": list(ledger.values()),
        "ledger_total": total,
        "coverage": coverage,
        "enterprises": enterprises,
        "history": [
            {"role": role, "rows": [h for h in history if h["role"] == role]} for role in HISTORY_ROLES
        ],
        "changes": village_changes(graph, code),
    }


def village_changes(graph: Graph, code: str) -> list[dict]:
    """本村变动: what each snapshot changed about this village, its households and its people (the 变动
    page's lines for this village, latest snapshot first); snapshots that changed nothing here are left
    out."""
    items = snapshot_changes(graph, region=code)
    shown = [{"snapshot": i["snapshot"], "groups": change_lines(i)} for i in reversed(items)]
    return [s for s in shown if s["groups"]]
