"""Large views stay usable: above `export_max_nodes` a subgraph is rolled up before it is drawn.

Stage 1: households fold into their village (the village is drawn sized by its households) and
cadres fold into one node per work unit; relationships between the folded nodes become one edge per
(kind, role) with a count. Stage 2, only if that is still too big: villages fold into their township.
The result carries a Chinese note saying what was done, which every format shows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable

from graph.elements import GNode, GRel
from graph.export.style import caption, main_label, rel_caption
from graph.export.subgraph import Subgraph


def _collapse(sub: Subgraph, rep: dict[str, str], make: Callable[[str, list[GNode]], GNode]) -> Subgraph:
    """Nodes mapped to the same representative become one node; edges are merged with counts."""
    members: dict[str, list[GNode]] = defaultdict(list)
    for node in sub.nodes.values():
        members[rep.get(node.id, node.id)].append(node)
    out = Subgraph(
        title=sub.title,
        notes=list(sub.notes),
        kind=sub.kind,
        focus=rep.get(sub.focus, sub.focus) if sub.focus else None,
    )
    for key, group in members.items():
        if len(group) == 1 and group[0].id == key:
            out.add_node(group[0])
        else:
            out.add_node(make(key, group))
    edges: dict[tuple, list[GRel]] = defaultdict(list)
    for rel in sub.relationships.values():
        a, b = rep.get(rel.start, rel.start), rep.get(rel.end, rel.end)
        if a == b:
            continue
        role = rel.properties.get("role") if rel.type == "ASSIGNED_TO" else None
        edges[(a, b, rel.type, role)].append(rel)
    for (a, b, rtype, role), rels in edges.items():
        if len(rels) == 1 and (rels[0].start, rels[0].end) == (a, b):
            out.add_rel(rels[0])
            continue
        total = sum(int(r.properties.get("count", 1)) for r in rels)
        props = {"count": total}
        if role:
            props["role"] = role
        out.add_rel(GRel(f"rollup:{a}:{rtype}:{role or ''}:{b}", rtype, a, b, props))
    return out


def _village_node(key: str, group: list[GNode]) -> GNode:
    village = next((n for n in group if n.id == key), None)
    households = [n for n in group if main_label(n) == "Household"]
    if village is None:
        return GNode(key, ("Household",), {"head_name": "未知村的", "households": len(households)})
    props = dict(village.properties)
    props["households"] = (
        int(props.get("households", 0))
        + len(households)
        + sum(
            int(n.properties.get("households", 0))
            for n in group
            if main_label(n) == "Village" and n.id != key
        )
    )
    props["people"] = int(props.get("people", 0)) + sum(
        int(h.properties.get("size") or 0) for h in households
    )
    return GNode(key, village.labels, props)


def _cadre_node(key: str, group: list[GNode], unit_names: dict[str, str]) -> GNode:
    unit = key.removeprefix("cadres:")
    names = [caption(n) for n in sorted(group, key=lambda n: n.properties.get("person_id") or n.id)]
    listed = "、".join(names[:12]) + (f" 等 {len(names)} 人" if len(names) > 12 else "")
    name = f"{unit_names.get(unit, '单位不明')}干部 {len(group)} 人"
    return GNode(key, ("CadreGroup",), {"name": name, "people": len(group), "members": listed})


def rollup(sub: Subgraph, max_nodes: int) -> Subgraph:
    """`sub` itself when small enough, else a rolled-up copy with a note."""
    total = len(sub.nodes)
    if total <= max_nodes:
        return sub
    labels = {n.id: main_label(n) for n in sub.nodes.values()}
    rep: dict[str, str] = {}
    unit_names = {}
    for rel in sub.relationships.values():
        if (
            rel.type == "LIVES_IN"
            and labels.get(rel.start) == "Household"
            and labels.get(rel.end) == "Village"
        ):
            rep[rel.start] = rel.end
        elif rel.type == "WORKS_AT" and labels.get(rel.start) == "Person" and rel.start not in rep:
            rep[rel.start] = f"cadres:{rel.end}"
            unit_names[rel.end] = caption(sub.nodes[rel.end])
    for node_id, label in labels.items():
        if node_id in rep:
            continue
        if label == "Household":
            rep[node_id] = "households:other"
        elif label == "Person":
            rep[node_id] = "cadres:none"

    def make(key: str, group: list[GNode]) -> GNode:
        if key.startswith("cadres:"):
            return _cadre_node(key, group, unit_names)
        return _village_node(key, group)

    out = _collapse(sub, rep, make)
    out.notes.append(
        f"共 {total} 个节点，超过上限 {max_nodes} 个，已汇总显示：户并入所在村（村的大小表示户数），"
        f"干部按工作单位合并；汇总后 {len(out.nodes)} 个节点。"
    )
    if len(out.nodes) > max_nodes:
        labels = {n.id: main_label(n) for n in out.nodes.values()}
        rep2 = {}
        for rel in out.relationships.values():
            if (
                rel.type == "PART_OF"
                and labels.get(rel.start) == "Village"
                and labels.get(rel.end) == "Township"
            ):
                rep2[rel.start] = rel.end

        def make2(key: str, group: list[GNode]) -> GNode:
            town = next((n for n in group if n.id == key), None)
            props = dict(town.properties) if town else {"name": "其他"}
            villages = [n for n in group if main_label(n) == "Village"]
            props["households"] = sum(int(n.properties.get("households", 0)) for n in villages)
            props["villages"] = len(villages)
            return GNode(key, town.labels if town else ("Township",), props)

        before = len(out.nodes)
        out = _collapse(out, rep2, make2)
        out.notes.append(f"仍有 {before} 个节点，村再并入所在乡镇；最终 {len(out.nodes)} 个节点。")
    return out


def edge_caption(rel: GRel) -> str:
    """The edge's caption with its count when it stands for several relationships."""
    text = rel_caption(rel)
    count = rel.properties.get("count")
    return f"{text} ×{count}" if count and int(count) > 1 else text
