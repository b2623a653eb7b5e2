"""Positions computed once, in Python, so a picture opens already laid out and holds still.

A network with villages is drawn village by village: villages on a ring (or in the middle when
there is one), each village's own people and households on a sunflower spiral around it, nodes
shared by several villages (units, leaders) between them, townships and the county in the middle.
Anything else gets a seeded spring layout (networkx), so the same subgraph always looks the same.
Coordinates are in screen pixels, y growing downwards (vis-network's convention).
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict, deque

import networkx as nx

from graph.export.style import main_label
from graph.export.subgraph import Subgraph

GOLDEN = math.pi * (3 - math.sqrt(5))
SPACING = 34.0  # distance between neighbouring nodes on a spiral, in pixels
SEED = 7


def _jitter(node_id: str, amount: float) -> tuple[float, float]:
    h = hashlib.sha1(node_id.encode()).digest()
    return ((h[0] / 255 - 0.5) * amount, (h[1] / 255 - 0.5) * amount)


def _sort_key(sub: Subgraph, node_id: str) -> tuple:
    p = sub.nodes[node_id].properties
    return (str(p.get("code") or p.get("person_id") or p.get("household_id") or p.get("name") or node_id),)


def layout(sub: Subgraph, *, seed: int = SEED) -> dict[str, tuple[float, float]]:
    villages = sorted(
        (n for n in sub.nodes if main_label(sub.nodes[n]) == "Village"), key=lambda n: _sort_key(sub, n)
    )
    if len(villages) >= 1 and (sub.kind == "region" or len(villages) >= 3):
        return village_layout(sub, villages)
    return spring_layout(sub, seed=seed)


def spring_layout(sub: Subgraph, *, seed: int = SEED) -> dict[str, tuple[float, float]]:
    g = nx.Graph()
    g.add_nodes_from(sorted(sub.nodes))
    g.add_edges_from((r.start, r.end) for r in sub.relationships.values())
    n = g.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(g.nodes)): (0.0, 0.0)}
    try:
        pos = nx.spring_layout(g, seed=seed, iterations=60)
    except ImportError:  # large graphs use scipy when it is there
        pos = nx.spring_layout(g, seed=seed, iterations=60, method="force")
    scale = max(250.0, SPACING * 1.3 * math.sqrt(n))
    return {k: (float(x) * scale, float(y) * scale) for k, (x, y) in pos.items()}


def _spiral(count: int, offset: int = 2) -> list[tuple[float, float]]:
    return [
        (
            SPACING * math.sqrt(k + offset) * math.cos(k * GOLDEN),
            SPACING * math.sqrt(k + offset) * math.sin(k * GOLDEN),
        )
        for k in range(count)
    ]


def _band(nodes: list[str], r0: float) -> dict[str, tuple[float, float]]:
    """Nodes around a ring band starting at radius r0, filled angle by angle (so that neighbours in
    `nodes` stay neighbours on the picture): as many rings as needed for SPACING between nodes."""
    if not nodes:
        return {}
    rings = 1
    while True:
        capacity = sum(int(2 * math.pi * (r0 + i * SPACING * 0.8) / (SPACING * 0.8)) for i in range(rings))
        if capacity >= len(nodes):
            break
        rings += 1
    columns = math.ceil(len(nodes) / rings)
    out = {}
    for k, n in enumerate(nodes):
        col, ring = divmod(k, rings)
        angle = 2 * math.pi * (col + 0.5 * (ring % 2)) / columns
        r = r0 + ring * SPACING * 0.8
        out[n] = (r * math.cos(angle), r * math.sin(angle))
    return out


def village_layout(sub: Subgraph, villages: list[str]) -> dict[str, tuple[float, float]]:
    nbrs = sub.neighbours()
    village_set = set(villages)
    # multi-source BFS: each node's distance to the nearest village and which villages are nearest
    dist: dict[str, int] = {v: 0 for v in villages}
    home: dict[str, set[str]] = {v: {v} for v in villages}
    queue = deque(villages)
    while queue:
        u = queue.popleft()
        for w in nbrs[u]:
            if w in village_set:
                continue
            if w not in dist:
                dist[w] = dist[u] + 1
                home[w] = set(home[u])
                queue.append(w)
            elif dist[w] == dist[u] + 1:
                home[w] |= home[u]
    labels = {n: main_label(sub.nodes[n]) for n in sub.nodes}
    above = {
        n for n, label in labels.items() if label in ("County", "Township", "Region") and n not in village_set
    }
    members: dict[str, list[str]] = defaultdict(list)  # village → its own nodes
    shared: list[str] = []
    for n, d in dist.items():
        if d == 0 or n in above:
            continue
        if len(home[n]) == 1:
            members[next(iter(home[n]))].append(n)
        else:
            shared.append(n)

    # each village's own nodes: direct neighbours on a spiral (non-households first, households
    # grouped by their help cadre), farther ones next to what they are tied to
    local: dict[str, dict[str, tuple[float, float]]] = {}
    radius: dict[str, float] = {}
    for v in villages:
        own = members.get(v, [])
        near = [n for n in own if dist[n] == 1]
        helper = {}
        for n in near:
            if labels[n] == "Household":
                hs = sorted(m for m in nbrs[n] if labels.get(m) == "Person")
                helper[n] = hs[0] if hs else "~"
        inner = sorted((n for n in near if labels[n] != "Household"), key=lambda n: _sort_key(sub, n))
        households = sorted(
            (n for n in near if labels[n] == "Household"), key=lambda n: (helper[n], _sort_key(sub, n))
        )
        pos = {v: (0.0, 0.0)}
        for n, p in zip(inner, _spiral(len(inner))):
            pos[n] = p
        pos.update(_band(households, SPACING * (math.sqrt(len(inner) + 2) + 1.5)))
        far = sorted((n for n in own if dist[n] > 1), key=lambda n: (dist[n], _sort_key(sub, n)))
        for n in far:
            placed = [pos[m] for m in nbrs[n] if m in pos]
            if placed:
                x = sum(p[0] for p in placed) / len(placed)
                y = sum(p[1] for p in placed) / len(placed)
                norm = math.hypot(x, y) or 1.0
                reach = max(math.hypot(*p) for p in placed) + SPACING
                x, y = x / norm * reach, y / norm * reach
            else:
                x, y = SPACING * math.sqrt(len(pos) + 2), 0.0
            jx, jy = _jitter(n, SPACING * 0.5)
            pos[n] = (x + jx, y + jy)
        local[v] = pos
        radius[v] = max([math.hypot(*p) for p in pos.values()] + [SPACING]) + SPACING

    # villages around a ring whose circumference holds every cluster
    out: dict[str, tuple[float, float]] = {}
    centres: dict[str, tuple[float, float]] = {}
    if len(villages) == 1:
        centres[villages[0]] = (0.0, 0.0)
        ring = radius[villages[0]] + 3 * SPACING
    else:
        circumference = sum(2 * radius[v] + SPACING for v in villages)
        ring = max(circumference / (2 * math.pi), max(radius.values()) * 1.2)
        angle = -math.pi / 2
        for v in villages:
            step = (2 * radius[v] + SPACING) / ring
            angle += step / 2
            centres[v] = (ring * math.cos(angle), ring * math.sin(angle))
            angle += step / 2
    for v in villages:
        cx, cy = centres[v]
        for n, (x, y) in local[v].items():
            out[n] = (cx + x, cy + y)

    # nodes shared by several villages: between them (pulled towards the centre), spread apart
    groups: dict[frozenset, list[str]] = defaultdict(list)
    for n in shared:
        groups[frozenset(home[n])].append(n)
    for vs, nodes in sorted(groups.items(), key=lambda kv: sorted(kv[0])):
        x = sum(centres[v][0] for v in vs) / len(vs) * 0.55
        y = sum(centres[v][1] for v in vs) / len(vs) * 0.55
        for (dx, dy), n in zip(_spiral(len(nodes), offset=0), sorted(nodes, key=lambda n: _sort_key(sub, n))):
            out[n] = (x + dx * 2.2, y + dy * 2.2)

    # regions above the villages in the middle, one below the other (county on top)
    order = {"County": 0, "Region": 1, "Township": 2}
    tops = sorted(above, key=lambda n: (order.get(labels[n], 3), _sort_key(sub, n)))
    for i, n in enumerate(tops):
        out[n] = (
            (i % 4 - (min(len(tops), 4) - 1) / 2) * SPACING * 3,
            (i // 4) * SPACING * 2.5 - (ring - SPACING if len(villages) == 1 else 4 * SPACING),
        )

    # whatever is not connected to any village: a spring layout beside the ring
    rest = [n for n in sub.nodes if n not in out]
    if rest:
        part = Subgraph(title="")
        part.nodes = {n: sub.nodes[n] for n in rest}
        keep = set(rest)
        part.relationships = {k: r for k, r in sub.relationships.items() if r.start in keep and r.end in keep}
        pos = spring_layout(part)
        shift = ring + max(radius.values(), default=SPACING) + 6 * SPACING
        for n, (x, y) in pos.items():
            out[n] = (x + shift + 250, y)
    return out
