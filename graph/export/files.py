"""GraphML and GEXF (networkx writers) for Gephi and yEd: labels and properties kept.

Each node gets `label` (its caption, which Gephi and yEd show), `kind` (Chinese), `labels` (the graph
labels joined by `:`), its properties (dates as ISO text, lists joined with `;`, masked unless asked)
and its layout position (`x`, `y`; in GEXF also as viz positions and colours). Edges get `label`,
`type` and their properties.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.export.rollup import edge_caption
from graph.export.style import caption, kind_of, mask_props, text_of
from graph.export.subgraph import Subgraph

RESERVED = {"id", "label", "source", "target", "kind", "labels", "type", "x", "y"}


def _value(value):
    """What GraphML/GEXF can hold: str, int, float, bool; everything else becomes text."""
    if isinstance(value, bool) or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)):
        return ";".join(text_of(v) for v in value)
    return text_of(value)


def _props(props: dict) -> dict:
    out = {}
    for key, value in props.items():
        if value is None:
            continue
        out[f"p_{key}" if key in RESERVED else key] = _value(value)
    return out


def to_networkx(sub: Subgraph, positions: dict | None = None, *, unmasked: bool = False) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.graph["name"] = sub.title or "关系网络"
    if sub.notes:
        g.graph["notes"] = " ".join(sub.notes)
    for node in sub.nodes.values():
        kind = kind_of(node)
        attrs = _props(mask_props(node.properties, unmasked))
        attrs.update(label=caption(node), kind=kind.name, labels=":".join(node.labels), color=kind.color)
        if positions and node.id in positions:
            attrs["x"], attrs["y"] = float(positions[node.id][0]), float(positions[node.id][1])
        g.add_node(node.id, **attrs)
    for rel in sub.relationships.values():
        attrs = _props(rel.properties)
        attrs.update(label=edge_caption(rel), type=rel.type)
        g.add_edge(rel.start, rel.end, key=rel.id, **attrs)
    return g


def _uniform(g: nx.MultiDiGraph) -> None:
    """networkx writers want one type per attribute name: mixed ones become text everywhere."""
    for items in (
        lambda: (d for _, d in g.nodes(data=True)),
        lambda: (d for *_, d in g.edges(keys=True, data=True)),
    ):
        types: dict[str, set] = {}
        for data in items():
            for k, v in data.items():
                types.setdefault(k, set()).add(type(v))
        mixed = {k for k, ts in types.items() if len(ts) > 1}
        for data in items():
            for k in mixed & data.keys():
                data[k] = text_of(data[k]) if not isinstance(data[k], str) else data[k]


def write_graphml(sub: Subgraph, path: Path, positions=None, *, unmasked: bool = False) -> Path:
    g = to_networkx(sub, positions, unmasked=unmasked)
    _uniform(g)
    nx.write_graphml(g, path, encoding="utf-8", named_key_ids=True)
    return Path(path)


def write_gexf(sub: Subgraph, path: Path, positions=None, *, unmasked: bool = False) -> Path:
    g = to_networkx(sub, positions, unmasked=unmasked)
    for _, data in g.nodes(data=True):
        color = data.pop("color")
        viz = {
            "color": {"r": int(color[1:3], 16), "g": int(color[3:5], 16), "b": int(color[5:7], 16), "a": 1.0}
        }
        if "x" in data:
            viz["position"] = {"x": data["x"], "y": -data["y"], "z": 0.0}
        data["viz"] = viz
    _uniform(g)
    nx.write_gexf(g, path, encoding="utf-8", version="1.2draft")
    return Path(path)
