"""How each kind of node and relationship looks: colours, shapes, captions, tooltips; the Chinese words
come from graph/vocabulary.py, the one vocabulary.

One table serves the HTML (vis-network shapes), the pictures (matplotlib markers) and the legends.
Personal data is masked here, for every format, unless the caller explicitly asks for it unmasked:
id numbers `4101**********1234`, phones `138****5678`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from graph import vocabulary
from graph.elements import GNode, GRel
from graph.elements import main_label as label_naming


@dataclass(frozen=True)
class Kind:
    label: str  # the graph label it stands for
    name: str  # Chinese, for legends and tooltips
    color: str
    shape: str  # vis-network shape (label drawn below the shape)
    marker: str  # matplotlib marker
    size: int  # base size in pixels (vis)


def _kind(label: str, color: str, shape: str, marker: str, size: int) -> Kind:
    return Kind(label, vocabulary.PICTURE_LABEL_NAMES[label], color, shape, marker, size)


KINDS: dict[str, Kind] = {
    k.label: k
    for k in (
        _kind("County", "#7f2704", "star", "*", 30),
        _kind("Township", "#d94801", "diamond", "D", 24),
        _kind("Village", "#f16913", "square", "s", 16),
        _kind("PartyOrg", "#cb181d", "triangle", "^", 14),
        _kind("Unit", "#2171b5", "hexagon", "h", 16),
        _kind("Person", "#238b45", "dot", "o", 9),
        _kind("CadreGroup", "#41ab5d", "dot", "o", 14),
        _kind("Household", "#807dba", "dot", ".", 5),
        _kind("Enterprise", "#525252", "hexagon", "h", 14),
        _kind("Program", "#b8a200", "triangleDown", "v", 12),
        _kind("Region", "#fd8d3c", "square", "s", 14),
        _kind("Organization", "#6baed6", "hexagon", "h", 12),
        _kind("Other", "#969696", "dot", "o", 8),
    )
}

_ORDER = (  # the legend's order
    "County",
    "Township",
    "Village",
    "PartyOrg",
    "Unit",
    "CadreGroup",
    "Person",
    "Household",
    "Enterprise",
    "Program",
    "Region",
    "Organization",
)


def main_label(node: GNode) -> str:
    """The kind a picture draws a node as: the label that names it (graph/elements.py), or Other
    for a label no kind stands for."""
    label = label_naming(node.labels)
    return label if label in KINDS else "Other"


def kind_of(node: GNode) -> Kind:
    return KINDS[main_label(node)]


# properties shown in a tooltip, per label, in this order (others are left to GraphML/GEXF)
TOOLTIP_KEYS = {
    "County": ("code", "level"),
    "Township": ("code", "level"),
    "Village": ("code", "poor_village", "weak_org", "exit_year", "households"),
    "Region": ("code", "level"),
    "PartyOrg": ("code", "kind"),
    "Unit": ("code", "kind"),
    "Organization": ("code", "kind"),
    "Person": ("person_id", "gender", "political_status", "rank", "id_number", "phone"),
    "CadreGroup": ("people", "members"),
    "Household": ("household_id", "head_id_number", "size", "status", "category", "cause", "exit_year"),
    "Enterprise": ("enterprise_id", "kind", "credit_code"),
    "Program": (),
}

# -- masking: graph.masking, the project's one masking module ----------------------------------
from graph.masking import (  # noqa: E402,F401
    SEALED_SUFFIXES,
    is_id_key,
    is_phone_key,
    mask_id,
    mask_phone,
    mask_properties,
)


def mask_props(props: dict, unmasked: bool = False) -> dict:
    """A copy of `props` with id numbers and phones masked (unless `unmasked`)."""
    props = {
        k: v for k, v in props.items() if not k.endswith(SEALED_SUFFIXES)
    }  # hash, ciphertext: graph/pii.py
    return props if unmasked else mask_properties(props)


# -- text --------------------------------------------------------------------------------------
def text_of(value: Any) -> str:
    """A property value as people read it (graph/vocabulary.py: dates as dates, 是/否, lists joined)."""
    return vocabulary.value_text(value, empty="")


def caption(node: GNode) -> str:
    """The short label drawn beside a node."""
    p = node.properties
    label = main_label(node)
    if label == "Household":
        return f"{p.get('head_name') or p.get('household_id') or '户'}户"
    if label == "Village" and p.get("households"):
        return f"{p.get('name') or p.get('code')}（{p['households']}户）"
    for key in ("name", "head_name", "code", "person_id", "household_id", "enterprise_id"):
        if p.get(key):
            return str(p[key])
    return kind_of(node).name


def rel_caption(rel: GRel) -> str:
    p = rel.properties
    if rel.type == "ASSIGNED_TO" and p.get("role"):
        return str(p["role"])
    if rel.type == "HOLDS_POST" and p.get("title"):
        return str(p["title"])
    if rel.type == "LIFTS" and p.get("mode"):
        return str(p["mode"])
    if rel.type == "ROLLUP":
        return str(p.get("name") or "")
    return vocabulary.type_name(rel.type)


def tooltip(node: GNode, unmasked: bool = False) -> str:
    """Plain text (vis-network shows a string title as text): kind, caption, key properties."""
    kind = kind_of(node)
    props = mask_props(node.properties, unmasked)
    lines = [f"【{kind.name}】{caption(node)}"]
    label = main_label(node)
    keys = TOOLTIP_KEYS.get(label, tuple(k for k in props if not vocabulary.is_hidden(k)))
    for key in keys:
        if props.get(key) not in (None, ""):
            lines.append(f"{vocabulary.property_name(key, label)}：{text_of(props[key])}")
    return "\n".join(lines)


def rel_tooltip(rel: GRel) -> str:
    lines = [f"【{vocabulary.type_name(rel.type)}】{rel_caption(rel)}"]
    for key, value in rel.properties.items():
        if vocabulary.is_hidden(key) or key == "role" or value in (None, ""):
            continue
        lines.append(f"{vocabulary.property_name(key, rel.type)}：{text_of(value)}")
    return "\n".join(lines)


def legend(sub) -> list[tuple[Kind, int]]:
    """(kind, count) for each kind present, in legend order."""
    counts = Counter(main_label(n) for n in sub.nodes.values())
    return [(KINDS[label], counts[label]) for label in (*_ORDER, "Other") if counts.get(label)]
