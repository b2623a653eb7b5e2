"""Neo4j nodes and relationships as the node/edge JSON the in-page graph view draws.

Personal data is masked here, before anything leaves the server, unless the caller may see it.
"""
from __future__ import annotations

from typing import Any, Iterable

from neo4j.graph import Node, Relationship

from graph.masking import mask_properties

LABEL_NAMES = {
    "County": "县区", "Township": "乡镇", "Village": "村", "Region": "区划", "PartyOrg": "党组织", "Unit": "单位",
    "Organization": "组织机构", "Person": "人员", "Household": "帮扶对象户", "Enterprise": "带贫主体",
    "Program": "政策项目",
}
TYPE_NAMES = {
    "PART_OF": "隶属", "REPORTS_TO": "上级组织", "LOCATED_IN": "位于", "GOVERNS": "领导村", "WORKS_AT": "工作单位",
    "HOLDS_POST": "任职", "ASSIGNED_TO": "责任分工", "HELPS": "结对帮扶", "LIVES_IN": "居住村", "MANAGES": "负责人",
    "HAS_PARTY_ORG": "党组织", "LIFTS": "带贫联结", "RECEIVES": "享受政策",
}
# the most specific label decides kind, colour and link
LABEL_ORDER = ("County", "Township", "Village", "PartyOrg", "Unit", "Person", "Household", "Enterprise", "Program")
KIND_OF = {"County": "region", "Township": "region", "Village": "region", "PartyOrg": "organization",
           "Unit": "organization", "Person": "person", "Household": "household", "Enterprise": "enterprise"}
KEY_OF = {"region": "code", "organization": "code", "person": "person_id", "household": "household_id",
          "enterprise": "enterprise_id"}
HIDDEN = {"search_text", "search_name", "created_load", "updated_load", "start_key"}


def primary_label(labels: Iterable[str]) -> str:
    labels = set(labels)
    for label in LABEL_ORDER:
        if label in labels:
            return label
    return next(iter(sorted(labels)), "")


def caption(props: dict[str, Any]) -> str:
    return str(props.get("name") or props.get("head_name") or props.get("title") or props.get("code") or "")


def entity_ref(labels: Iterable[str], props: dict[str, Any]) -> tuple[str, str] | None:
    kind = KIND_OF.get(primary_label(labels))
    if kind is None:
        return None
    key = props.get(KEY_OF[kind])
    return (kind, str(key)) if key is not None else None


def plain(value: Any) -> Any:
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def visible_properties(props: dict[str, Any], unmasked: bool) -> dict[str, Any]:
    shown = {k: plain(v) for k, v in props.items() if k not in HIDDEN}
    return shown if unmasked else mask_properties(shown)


def node_json(node: Node, unmasked: bool = False) -> dict:
    props = dict(node)
    label = primary_label(node.labels)
    ref = entity_ref(node.labels, props)
    return {"id": node.element_id, "label": label, "label_name": LABEL_NAMES.get(label, label),
            "caption": caption(props), "ref": list(ref) if ref else None,
            "properties": visible_properties(props, unmasked)}


def edge_json(rel: Relationship) -> dict:
    props = {k: plain(v) for k, v in dict(rel).items() if k not in HIDDEN}
    caption_text = props.get("role") or props.get("title") or props.get("mode") or TYPE_NAMES.get(rel.type, rel.type)
    return {"id": rel.element_id, "from": rel.start_node.element_id, "to": rel.end_node.element_id,
            "type": rel.type, "type_name": TYPE_NAMES.get(rel.type, rel.type), "caption": caption_text,
            "properties": props}
