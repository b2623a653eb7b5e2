"""Interactive HTML: one self-contained file (pyvis's Network, our own Jinja template).

pyvis's own template links Bootstrap (and, depending on `cdn_resources`, vis-network) from CDNs;
ours inlines vis-network's JS and CSS from pyvis's package copy and links nothing, so the file opens
offline, anywhere. Positions come from layout.py and physics is off: it opens laid out and holds still.
"""

from __future__ import annotations

import math
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from graph.export.caption import caption_line
from graph.export.layout import layout as compute_layout
from graph.export.rollup import edge_caption
from graph.export.style import caption, kind_of, legend, main_label, rel_tooltip, tooltip
from graph.export.subgraph import Subgraph

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIS_VERSION = "vis-9.1.2"
FONT_FACE = "Noto Sans SC, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, WenQuanYi Micro Hei, sans-serif"
EDGE_LABELS_UP_TO = 400  # edge captions drawn only on smaller pictures (tooltips always)
HEAD_HEIGHT = 58


def vis_files() -> tuple[Path, Path]:
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / VIS_VERSION
    return lib / "vis-network.min.js", lib / "vis-network.css"


def _inline(text: str, tag: str) -> Markup:
    """File contents safe to put inside <script>/<style> (no early end tag)."""
    return Markup(text.replace(f"</{tag}", f"<\\/{tag}"))


_SVG = {
    "dot": '<circle cx="8" cy="8" r="6" fill="{c}"/>',
    "square": '<rect x="2" y="2" width="12" height="12" fill="{c}"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8" fill="{c}"/>',
    "triangle": '<polygon points="8,1 15,14 1,14" fill="{c}"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15" fill="{c}"/>',
    "hexagon": '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8" fill="{c}"/>',
    "star": '<polygon points="8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.6 3.2,15 5,9.5 0.5,6 6,6" fill="{c}"/>',
}


def vis_size(node) -> float:
    size = kind_of(node).size
    if node.properties.get("households"):
        size += 2.5 * math.sqrt(float(node.properties["households"]))
    if main_label(node) == "CadreGroup":
        size += 3.0 * math.sqrt(float(node.properties.get("people") or 1))
    return round(size, 1)


def build_network(sub: Subgraph, positions: dict, *, unmasked: bool = False):
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, bgcolor="#ffffff", cdn_resources="in_line")
    for node in sub.nodes.values():
        kind = kind_of(node)
        x, y = positions.get(node.id, (0.0, 0.0))
        net.add_node(
            node.id,
            label=caption(node),
            shape=kind.shape,
            color=kind.color,
            title=tooltip(node, unmasked),
            x=round(x, 1),
            y=round(y, 1),
            size=vis_size(node),
            borderWidth=3 if node.id == sub.focus else 1,
        )
    show = len(sub.relationships) <= EDGE_LABELS_UP_TO
    for rel in sub.relationships.values():
        extra = {"label": edge_caption(rel)} if show else {}
        count = rel.properties.get("count")
        net.add_edge(
            rel.start,
            rel.end,
            title=rel_tooltip(rel) + (f"\n条数：{count}" if count else ""),
            width=1 + math.log2(int(count)) if count else 1,
            **extra,
        )
    big = len(sub.nodes) > 300
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "nodes": {
            "font": {"face": FONT_FACE, "size": 12 if not big else 10, "color": "#212121"},
            "borderWidth": 1,
        },
        "edges": {
            "color": {"color": "#b0b0b0", "highlight": "#ff7043", "hover": "#ff7043"},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "smooth": False,
            "font": {"face": FONT_FACE, "size": 9, "color": "#757575", "strokeWidth": 2, "align": "middle"},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": True,
        },
    }
    return net


def render(sub: Subgraph, positions: dict | None = None, *, unmasked: bool = False, as_of=None) -> str:
    positions = positions if positions is not None else compute_layout(sub)
    net = build_network(sub, positions, unmasked=unmasked)
    js, css = vis_files()
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
    env.globals.update(
        vis_js=_inline(js.read_text(encoding="utf-8"), "script"),
        vis_css=_inline(css.read_text(encoding="utf-8"), "style"),
        title=sub.title or "关系网络",
        stats=caption_line(len(sub.nodes), len(sub.relationships), as_of, masked=not unmasked),
        hint="拖动平移，滚轮缩放，鼠标悬停看详情。",
        notes=sub.notes,
        masked=not unmasked,
        head_height=HEAD_HEIGHT + 18 * len(sub.notes),
        legend=[
            {"name": k.name, "count": c, "svg": Markup(_SVG.get(k.shape, _SVG["dot"]).format(c=k.color))}
            for k, c in legend(sub)
        ],
    )
    # pyvis renders its data into our template: nodes, edges, and options (JSON of the constants above)
    net.templateEnv = env
    net.path = "network.html"
    return net.generate_html()


def write_html(sub: Subgraph, path: Path, positions=None, *, unmasked: bool = False, as_of=None) -> Path:
    path = Path(path)
    path.write_text(render(sub, positions, unmasked=unmasked, as_of=as_of), encoding="utf-8")
    return path
