"""Neo4j nodes and relationships as the node/edge JSON the in-page graph view draws.

Personal data is masked here, before anything leaves the server, unless the caller may see it.
"""

from __future__ import annotations

from typing import Any, Iterable

from neo4j.graph import Node, Relationship

from graph import pii, vocabulary
from graph.elements import GENERAL_LABELS, SPECIFIC_LABELS, main_label
from graph.masking import mask_properties
from webapp.context import settings
from webapp.records.monitoring import without_risks

# what the explorer draws and filters on: the roster's kinds and relationships, in the words of
# graph/vocabulary.py (the one vocabulary); the keys stay English
LABEL_NAMES = {label: vocabulary.label_name(label) for label in (*SPECIFIC_LABELS, *GENERAL_LABELS)}
TYPE_NAMES = {t: name for t, name in vocabulary.TYPE_NAMES.items() if t not in ("SOURCE", "FROM", "ROLLUP")}
KIND_OF = {
    "County": "region",
    "Township": "region",
    "Village": "region",
    "PartyOrg": "organization",
    "Unit": "organization",
    "Person": "person",
    "Household": "household",
    "Enterprise": "enterprise",
}
KEY_OF = {
    "region": "code",
    "organization": "code",
    "person": "person_id",
    "household": "household_id",
    "enterprise": "enterprise_id",
}


def primary_label(labels: Iterable[str]) -> str:
    """The label that names the node (graph/elements.py: it decides kind, colour and link), else its
    first label by name."""
    return main_label(labels) or next(iter(sorted(labels)), "")


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
    """Properties a page shows: masked, or for an admin who asked (audited by the caller) the sealed
    numbers opened in the app (graph/pii.py); risk types as the reader's role may see them."""
    if unmasked:
        props = pii.open_props(pii.keyring(settings()), props)
    shown = without_risks({k: plain(v) for k, v in props.items() if not vocabulary.is_hidden(k)})
    return shown if unmasked else mask_properties(shown)


def node_json(node: Node, unmasked: bool = False) -> dict:
    props = dict(node)
    label = primary_label(node.labels)
    ref = entity_ref(node.labels, props)
    shown = visible_properties(props, unmasked)
    return {
        "id": node.element_id,
        "label": label,
        "label_name": vocabulary.label_name(label),
        "caption": caption(props),
        "ref": list(ref) if ref else None,
        "properties": shown,
        "facts": vocabulary.facts(shown, vocabulary.owner_of(node.labels)),
    }


def edge_json(rel: Relationship) -> dict:
    props = {k: plain(v) for k, v in dict(rel).items() if not vocabulary.is_hidden(k)}
    caption_text = (
        props.get("role") or props.get("title") or props.get("mode") or vocabulary.type_name(rel.type)
    )
    return {
        "id": rel.element_id,
        "from": rel.start_node.element_id,
        "to": rel.end_node.element_id,
        "type": rel.type,
        "type_name": vocabulary.type_name(rel.type),
        "caption": caption_text,
        "properties": props,
        "facts": vocabulary.facts(props, rel.type),
    }
