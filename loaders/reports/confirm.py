"""Turning a reviewed fact into ordinary graph data, or rejecting it — in one transaction each.

A decision names, for every role of the fact (person, organization, region …), either an existing node
(`existing` + its key), a node to create (`new` + key, name, and for regions level and parent), or
nothing (`none`). What then becomes graph data (docs/graph-model.md, "Work reports"):

- person–post with a person and an organization: `(:Person)-[:HOLDS_POST {title}]->(:Organization)`;
- help with a person and a household: `(:Person)-[:HELPS]->(:Household)`;
- any other fact (a place without a code, a help relation of an enterprise or unit): the fact is
  confirmed as a *mention* — kept, linked to the nodes chosen, but no relationship is invented.

Every node involved gets `(node)-[:SOURCE {fact_id}]->(:ProposedFact)-[:FROM]->(:SourceDocument)`, so
the sentence and span it was read from stay reachable; relationships created carry `source_fact`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import neo4j

import cypher
from graph.connection import Graph
from graph.errors import BangfuError
from graph.roster.vocabularies import SECRETARY_TITLES
from loaders.reports.match import ROLE_LABELS

KEY_FIND = {
    "Person": "reports/find_person",
    "Organization": "reports/find_organization",
    "Region": "reports/find_region",
    "Enterprise": "reports/find_enterprise",
    "Household": "reports/find_household",
}
PARTY_KINDS = ("党委", "党工委", "党总支", "党支部")
UNIT_KINDS = ("机关", "事业单位", "国有企业", "金融机构", "村委会", "其他")
ENTERPRISE_KINDS = ("龙头企业", "农民专业合作社", "扶贫车间", "产业基地", "光伏电站", "家庭农场", "其他")
REGION_LEVELS = {
    "县区": "reports/create_region_county",
    "乡镇": "reports/create_region_township",
    "村": "reports/create_region_village",
}
PAYLOAD_FIELDS = {
    "person_post": ("person", "title", "organization"),
    "place": ("name", "level"),
    "enterprise": ("name",),
    "household": ("head_name",),
    "help": ("helper", "helper_kind", "helped", "helped_kind"),
}
ROLES = {
    "person_post": ("person", "organization"),
    "place": ("region",),
    "enterprise": ("enterprise",),
    "household": ("household",),
    "help": ("helper", "helped"),
}


class ReviewError(BangfuError):
    """A decision that cannot be carried out (Chinese message for the reviewer)."""


@dataclass
class Choice:
    """What the reviewer chose for one role."""

    mode: str = "none"  # existing | new | none
    label: str = ""
    key: str = ""
    name: str = ""
    kind: str = ""  # new organization / enterprise kind
    level: str = ""  # new region
    parent_code: str = ""


@dataclass
class Decision:
    payload: dict
    choices: dict[str, Choice] = field(default_factory=dict)
    note: str = ""


def _one(tx, name: str, params: dict) -> dict | None:
    rec = tx.run(cypher.load(name), params).single()
    return rec.data() if rec else None


def _resolve(tx, role: str, choice: Choice, fact_id: str) -> tuple[str, str] | None:
    """(elementId, label) of the node chosen for a role, created when asked; None for `none`."""
    if choice.mode == "none":
        return None
    allowed = ROLE_LABELS[role]
    if choice.label not in allowed:
        raise ReviewError(f"“{role}”只能是：{'、'.join(allowed)}。")
    key = choice.key.strip()
    if not key:
        raise ReviewError("请填写编号（人员编号、组织代码、区划代码……）。")
    found = _one(tx, KEY_FIND[choice.label], {"key": key})
    if choice.mode == "existing":
        if not found:
            raise ReviewError(f"图谱中没有编号为 {key} 的{choice.label}，请重新选择。")
        return found["eid"], choice.label
    if choice.mode != "new":
        raise ReviewError("未知的选择。")
    if found:
        raise ReviewError(f"编号 {key} 已存在；请选择“已有”而不是新建。")
    name = choice.name.strip()
    if not name:
        raise ReviewError("请填写名称。")
    params = {"key": key, "name": name, "fact_id": fact_id}
    if choice.label == "Person":
        created = _one(tx, "reports/create_person", params)
    elif choice.label == "Organization":
        if choice.kind in PARTY_KINDS:
            created = _one(tx, "reports/create_party_org", {**params, "kind": choice.kind})
        elif choice.kind in UNIT_KINDS:
            created = _one(tx, "reports/create_unit", {**params, "kind": choice.kind})
        else:
            raise ReviewError("请选择新组织的类型。")
    elif choice.label == "Enterprise":
        if choice.kind not in ENTERPRISE_KINDS:
            raise ReviewError("请选择新带贫主体的类型。")
        created = _one(tx, "reports/create_enterprise", {**params, "kind": choice.kind})
    elif choice.label == "Household":
        created = _one(tx, "reports/create_household", params)
    else:  # Region
        if choice.level not in REGION_LEVELS:
            raise ReviewError("请选择新区划的层级（县区、乡镇、村）。")
        parent = choice.parent_code.strip()
        if choice.level != "县区":
            if not parent or not _one(tx, KEY_FIND["Region"], {"key": parent}):
                raise ReviewError("新建乡镇或村须填写图谱中已有的上级区划代码。")
        created = _one(
            tx, REGION_LEVELS[choice.level], {**params, "level": choice.level, "parent_code": parent or None}
        )
    return created["eid"], choice.label


def _clean_payload(kind: str, old: dict, new: dict) -> dict:
    out = {}
    for k in PAYLOAD_FIELDS[kind]:
        value = " ".join(str(new.get(k, old.get(k, "")) or "").split())
        if len(value) > 100:
            raise ReviewError("字段太长（最多 100 字）。")
        out[k] = value
    required = {
        "person_post": ("person", "title"),
        "place": ("name",),
        "enterprise": ("name",),
        "household": ("head_name",),
        "help": ("helper", "helped"),
    }[kind]
    missing = [k for k in required if not out[k]]
    if missing:
        raise ReviewError("请填写：" + "、".join(missing))
    return out


def confirm(graph: Graph, fact_id: str, decision: Decision, user: str) -> dict:
    """Carry out a confirmation; returns what was done (for the audit log and the page)."""

    def work(tx: neo4j.ManagedTransaction) -> dict:
        fact = _lock(tx, fact_id)
        kind = fact["kind"]
        payload = _clean_payload(kind, json.loads(fact["payload"]), decision.payload)
        nodes = {}
        for role in ROLES[kind]:
            resolved = _resolve(tx, role, decision.choices.get(role, Choice()), fact_id)
            if resolved:
                nodes[role] = resolved
        result: dict = {"nodes": {r: lbl for r, (_, lbl) in nodes.items()}, "relationship": None}
        if kind == "person_post" and "person" in nodes and "organization" in nodes:
            row = _one(
                tx,
                "reports/confirm_holds_post",
                {
                    "person": nodes["person"][0],
                    "organization": nodes["organization"][0],
                    "title": payload["title"],
                    "is_secretary": "".join(payload["title"].split()) in SECRETARY_TITLES,
                    "fact_id": fact_id,
                },
            )
            result["relationship"] = "HOLDS_POST"
            result["already_in_graph"] = bool(row and row["existing"])
        elif (
            kind == "help"
            and nodes.get("helper", ("", ""))[1] == "Person"
            and nodes.get("helped", ("", ""))[1] == "Household"
        ):
            row = _one(
                tx,
                "reports/confirm_helps",
                {"helper": nodes["helper"][0], "helped": nodes["helped"][0], "fact_id": fact_id},
            )
            result["relationship"] = "HELPS"
            result["already_in_graph"] = bool(row and row["existing"])
        for eid, _ in nodes.values():
            tx.run(cypher.load("reports/link_source"), {"eid": eid, "fact_id": fact_id}).consume()
        result["mention_only"] = result["relationship"] is None and not (
            kind in ("place", "enterprise", "household") and nodes
        )
        result["keys"] = {r: c.key for r, c in decision.choices.items() if c.mode != "none"}
        tx.run(
            cypher.load("reports/fact_decide"),
            {
                "fact_id": fact_id,
                "status": "confirmed",
                "payload": json.dumps(payload, ensure_ascii=False),
                "result": json.dumps(result, ensure_ascii=False),
                "user": user,
                "note": decision.note[:500],
            },
        ).consume()
        return {"fact_id": fact_id, "kind": kind, "payload": payload, **result}

    return _run(graph, work)


def reject(graph: Graph, fact_id: str, user: str, note: str = "") -> dict:
    def work(tx: neo4j.ManagedTransaction) -> dict:
        fact = _lock(tx, fact_id)
        tx.run(
            cypher.load("reports/fact_decide"),
            {
                "fact_id": fact_id,
                "status": "rejected",
                "payload": fact["payload"],
                "result": None,
                "user": user,
                "note": note[:500],
            },
        ).consume()
        return {"fact_id": fact_id, "kind": fact["kind"], "label": fact.get("label")}

    return _run(graph, work)


def _lock(tx, fact_id: str) -> dict:
    row = _one(tx, "reports/fact_lock", {"fact_id": fact_id})
    if not row:
        raise ReviewError("找不到这条待审核的事实（可能已被删除）。")
    fact = row["fact"]
    if fact["status"] != "proposed":
        done = {"confirmed": "已确认", "rejected": "已驳回"}.get(fact["status"], fact["status"])
        raise ReviewError(f"这条事实已经处理过（{done}）。")
    return fact


def _run(graph: Graph, work):
    # one managed write transaction for several statements: all of a decision, or nothing
    return graph.write_work(work)
