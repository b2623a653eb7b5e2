"""PNG and SVG pictures (matplotlib, Agg canvas, no pyplot state) from the same layout as the HTML.

Chinese text uses the CJK font found by file path (graph/export/fonts.py); SVG text is written as
glyph outlines, so the file shows the same on a machine without that font.
"""

from __future__ import annotations

import math
from pathlib import Path

from graph.export.caption import caption_line
from graph.export.layout import layout as compute_layout
from graph.export.rollup import edge_caption
from graph.export.style import caption, kind_of, legend, main_label
from graph.export.subgraph import Subgraph

MAX_INCHES = 60.0
DPI = 220  # print resolution: twice the 110 pixels an inch a screen shows the drawing at
MAX_PIXELS = 9000  # the longer side of a PNG, at most


def node_size(node) -> float:
    """Marker area in points² (villages grow with their households when rolled up)."""
    kind = kind_of(node)
    base = kind.size * 4.0
    households = node.properties.get("households")
    if households:
        base += 6.0 * math.sqrt(float(households)) * 4
    if main_label(node) == "CadreGroup":
        base += 8.0 * math.sqrt(float(node.properties.get("people") or 1)) * 4
    return base


def draw(
    sub: Subgraph, path: Path, fmt: str, *, positions=None, dpi: int = DPI, as_of=None, masked: bool = True
) -> Path:
    """The picture with its title, its caption (graph/export/caption.py: the as-of date, the size) and
    its legend; `dpi` the PNG's resolution (at least twice a screen's by default)."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from graph.export.fonts import font_properties

    font = font_properties()
    pos = positions if positions is not None else compute_layout(sub)
    n = len(sub.nodes)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    width = max(xs) - min(xs) or 1.0
    height = max(ys) - min(ys) or 1.0
    # about 90 layout pixels per inch, within bounds
    w_in = min(MAX_INCHES, max(8.0, width / 90 + 2))
    h_in = min(MAX_INCHES, max(6.0, height / 90 + 3))
    if fmt == "png":
        dpi = min(dpi, int(MAX_PIXELS / max(w_in, h_in)))
    with mpl.rc_context({"svg.fonttype": "path", "axes.unicode_minus": False}):
        fig = Figure(figsize=(w_in, h_in), dpi=dpi)
        FigureCanvasAgg(fig)
        top = (0.90 if sub.notes else 0.93) - 0.3 / h_in  # room for the caption under the title
        ax = fig.add_axes((0.01, 0.01, 0.98, top))
        ax.set_axis_off()
        ax.set_aspect("equal", adjustable="datalim")
        ax.invert_yaxis()  # layout y grows downwards, like the HTML

        segments = [
            (pos[r.start], pos[r.end]) for r in sub.relationships.values() if r.start in pos and r.end in pos
        ]
        ax.add_collection(LineCollection(segments, colors="#9e9e9e", linewidths=0.6, alpha=0.7, zorder=1))
        show_edge_labels = len(sub.relationships) <= 80
        if show_edge_labels:
            for r in sub.relationships.values():
                if r.start in pos and r.end in pos:
                    (x1, y1), (x2, y2) = pos[r.start], pos[r.end]
                    ax.text(
                        (x1 + x2) / 2,
                        (y1 + y2) / 2,
                        edge_caption(r),
                        fontproperties=font,
                        fontsize=5.5,
                        color="#616161",
                        ha="center",
                        va="center",
                        zorder=2,
                    )

        by_kind: dict[str, list] = {}
        for node in sub.nodes.values():
            if node.id in pos:
                by_kind.setdefault(main_label(node), []).append(node)
        for label, nodes in by_kind.items():
            kind = kind_of(nodes[0])
            ax.scatter(
                [pos[m.id][0] for m in nodes],
                [pos[m.id][1] for m in nodes],
                s=[node_size(m) for m in nodes],
                c=kind.color,
                marker=kind.marker,
                edgecolors="white",
                linewidths=0.5,
                zorder=3,
            )
        label_households = n <= 300
        for node in sub.nodes.values():
            if node.id not in pos or (
                main_label(node) == "Household" and not label_households and not node.get("households")
            ):
                continue
            x, y = pos[node.id]
            big = main_label(node) in ("County", "Township", "Village", "CadreGroup")
            ax.text(
                x,
                y + 10 + math.sqrt(node_size(node)) * 0.6,
                caption(node),
                fontproperties=font,
                fontsize=8 if big else 6.5,
                ha="center",
                va="top",
                zorder=4,
                color="#212121" if big else "#424242",
            )

        handles = [
            Line2D(
                [],
                [],
                linestyle="",
                marker=k.marker,
                markersize=8,
                markerfacecolor=k.color,
                markeredgecolor="white",
                label=f"{k.name}（{count}）",
            )
            for k, count in legend(sub)
        ]
        if handles:
            ax.legend(
                handles=handles,
                prop=font,
                loc="upper left",
                frameon=True,
                fontsize=9,
                framealpha=0.9,
                title="图例",
                title_fontproperties=font,
            )
        title = sub.title or "关系网络"
        fig.text(0.5, 1 - 0.12 / h_in, title, fontproperties=font, fontsize=15, ha="center", va="top")
        fig.text(
            0.5,
            1 - 0.42 / h_in,
            caption_line(len(sub.nodes), len(sub.relationships), as_of, masked=masked),
            fontproperties=font,
            fontsize=10,
            color="#52606d",
            ha="center",
            va="top",
        )
        for i, note in enumerate(sub.notes):
            fig.text(
                0.5,
                1 - 0.66 / h_in - i * 0.022,
                note,
                fontproperties=font,
                fontsize=10,
                color="#b71c1c",
                ha="center",
                va="top",
            )
        ax.autoscale_view()
        path = Path(path)
        fig.savefig(path, format=fmt, dpi=dpi, facecolor="white")
    return path
