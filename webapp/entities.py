"""Entity pages (village, person, household, unit, party organization, enterprise, region) and the
graph explorer. Both draw neighbourhoods through the same JSON endpoint.

What a page shows is read by webapp/records/ at the page's as-of date; the words come from
graph/vocabulary.py; id and phone numbers are masked (graph/masking.py) unless an admin asks."""

from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, render_template, request

import cypher
from graph import audit, pii, vocabulary
from graph.masking import mask_value
from graph.rules import RULES_BY_ID
from webapp import results_cache as results
from webapp.auth import login_required
from webapp.context import graph, settings
from webapp.forms import as_of_arg, int_arg, text_arg
from webapp.graphjson import (
    LABEL_NAMES,
    TYPE_NAMES,
    edge_json,
    entity_ref,
    node_json,
    plain,
    primary_label,
    visible_properties,
)
from webapp.page_cache import cached
from webapp.records import common as records
from webapp.records.activity import household_visits, inspections, person_activity, village_activity
from webapp.records.enterprise import enterprise_file
from webapp.records.household import household_file
from webapp.records.monitoring import household_monitoring, sees_risks, village_monitoring
from webapp.records.organization import organization_file
from webapp.records.person import person_file, term_violations
from webapp.records.village import village_file

bp = Blueprint("entities", __name__)
KINDS = ("region", "person", "household", "organization", "enterprise")
MAX_NODES = 2000


def find_node(kind: str, key: str):
    if kind not in KINDS:
        abort(404)
    rows = graph().read_records(cypher.load("app/entity_node"), {"kind": kind, "key": key})
    if not rows:
        abort(404)
    return rows[0]["n"]


def _unmasked_requested() -> bool:
    """Admins may ask to see personal data unmasked; every such view is audited."""
    if request.args.get("unmasked") == "1" and g.user.can("admin"):
        audit.record(graph(), g.user.username, "view_unmasked", {"path": request.path}, request.remote_addr)
        return True
    return False


def _shown(data, unmasked: bool):
    """Page data as a viewer may see it: id and phone numbers masked (graph/masking.py) unless an admin
    asked, audited, to see them."""
    if unmasked:  # the graph holds them sealed: opened here, in the app (graph/pii.py)
        return pii.reveal(data, pii.keyring(settings()))
    return pii.conceal(mask_value(data))


def _violations(as_of, subject_type: str, key: str, region: str | None = None) -> list[dict]:
    """The violations naming one subject, from the rules about such subjects (cached results)."""
    check = results.check(as_of, rules=records.rule_ids(subject_type), region=region)
    return records.naming(check["violations"], subject_type, key)


@bp.route("/e/<kind>/<path:key>")
@login_required()
@cached
def entity(kind: str, key: str):
    """An entity's page at an as-of date: the facts first (a village's responsibility file, a cadre's
    record, a household's help history, an organization's people and villages), the picture below."""
    node = find_node(kind, key)
    unmasked = _unmasked_requested()
    as_of = as_of_arg()
    label = primary_label(node.labels)
    common = {
        "kind": kind,
        "key": key,
        "node": node_json(node, unmasked),
        "label": label,
        "label_name": vocabulary.label_name(label),
        "as_of": as_of,
        "unmasked": unmasked,
        "rules_by_id": RULES_BY_ID,
    }
    if kind == "region":
        common["path"] = graph().read(cypher.load("app/region_path"), {"code": key})[0]["path"]
    if label == "Village":
        check = results.check(as_of, region=key)
        data = village_file(graph(), key, as_of, settings().rules, check)
        data["activity"] = village_activity(graph(), key, as_of)
        data["monitoring"] = village_monitoring(
            graph(), key, as_of, sees_risks(), settings().rules.monitor_identify_days
        )
        data["inspections"] = inspections(graph(), kind, key, as_of)
        return render_template("entity_village.html", **common, file=_shown(data, unmasked))
    if label == "Person":
        data = person_file(graph(), key, as_of, settings().rules)
        data["activity"] = person_activity(graph(), key, as_of)
        data["inspections"] = inspections(graph(), kind, key, as_of)
        data["violations"] = _violations(as_of, "person", key) + term_violations(
            data, results.check(as_of, rules=["expiring"])["violations"]
        )
        return render_template("entity_person.html", **common, file=_shown(data, unmasked))
    if label == "Household":
        data = household_file(graph(), key, as_of)
        data["visits"] = household_visits(graph(), key, as_of)
        data["monitoring"] = household_monitoring(graph(), key, as_of, sees_risks())
        place = data["place"]
        data["violations"] = _violations(as_of, "household", key, place["village"]["code"] if place else None)
        return render_template("entity_household.html", **common, file=_shown(data, unmasked))
    if label in ("Unit", "PartyOrg"):
        data = organization_file(graph(), key, as_of)
        data["inspections"] = inspections(graph(), kind, key, as_of)
        return render_template("entity_organization.html", **common, file=_shown(data, unmasked))
    if label == "Enterprise":
        return render_template(
            "entity_enterprise.html", **common, file=_shown(enterprise_file(graph(), key), unmasked)
        )
    return _generic_entity(node, common, unmasked)


def _generic_entity(node, common: dict, unmasked: bool):
    """Any other entity (a township, the county): its facts, its open violations (regions) and every
    relationship, in the vocabulary's words."""
    rels = graph().read_records(
        cypher.load("app/entity_relationships"), {"id": node.element_id, "limit": 1000}
    )
    counts = graph().read(cypher.load("app/entity_relationship_counts"), {"id": node.element_id})
    groups: dict[tuple[str, bool], list[dict]] = {}
    for rec in rels:
        other = rec["other"]
        props = {k: plain(v) for k, v in rec["props"].items() if not vocabulary.is_hidden(k)}
        groups.setdefault((rec["type"], rec["outgoing"]), []).append(
            {
                "other": visible_properties(dict(other), unmasked),
                "label": primary_label(other.labels),
                "ref": entity_ref(other.labels, dict(other)),
                "facts": [f for f in vocabulary.facts(props, rec["type"]) if f[1] != vocabulary.EMPTY],
            }
        )
    totals = {(c["type"], c["outgoing"]): c["n"] for c in counts}
    violations = []
    if common["label"] == "Township":
        violations = results.check(common["as_of"], region=common["key"])["violations"]
    return render_template("entity.html", **common, groups=groups, totals=totals, violations=violations)


@bp.route("/explorer")
@login_required()
def explorer():
    """The explorer (webapp/explorer.py), opened empty on its search box or on one entity (an entity
    page's "在关系图中打开")."""
    from webapp.explorer import render_explorer

    return render_explorer(kind=text_arg("kind", 20), key=text_arg("key", 40))


@bp.route("/api/graph/neighbourhood")
@login_required()
def neighbourhood():
    """Nodes within `depth` steps of one entity (kind+key) or of node ids (`id`, repeatable)."""
    depth = int_arg("depth", 1, 1, 3, strict=True)  # an API: out-of-range values are refused, not clamped
    limit = int_arg("limit", 300, 1, MAX_NODES, strict=True)
    types = [t for t in request.args.getlist("type") if t in TYPE_NAMES] or None
    labels = [lab for lab in request.args.getlist("label") if lab in LABEL_NAMES] or None
    kind, key = text_arg("kind", 20, strict=True), text_arg("key", 40, strict=True)
    unmasked = _unmasked_requested()
    nodes: dict[str, dict] = {}
    edges: dict[str, dict] = {}
    if kind and key:
        start = find_node(kind, key)
        nodes[start.element_id] = node_json(start, unmasked)
        frontier = [start.element_id]
    else:
        frontier = request.args.getlist("id")[:200]
        if not frontier:
            return jsonify({"error": {"status": 400, "message": "请指定起点（kind 与 key，或 id）。"}}), 400
    truncated = False
    for _ in range(depth):
        if not frontier:
            break
        records = graph().read_records(
            cypher.load("app/neighbours"),
            {"ids": frontier, "types": types, "labels": labels, "limit": limit + 1},
        )
        if len(records) > limit:
            truncated = True
            records = records[:limit]
        new = []
        for rec in records:
            m, r = rec["m"], rec["r"]
            if m.element_id not in nodes:
                if len(nodes) >= limit:
                    truncated = True
                    continue
                nodes[m.element_id] = node_json(m, unmasked)
                new.append(m.element_id)
            if r.start_node.element_id in nodes and r.end_node.element_id in nodes:
                edges[r.element_id] = edge_json(r)
        frontier = new
    return jsonify(
        {
            "nodes": list(nodes.values()),
            "edges": list(edges.values()),
            "truncated": truncated,
            "label_names": LABEL_NAMES,
            "type_names": TYPE_NAMES,
        }
    )
