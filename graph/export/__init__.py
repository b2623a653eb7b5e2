"""Network pictures that open anywhere, instantly, offline — one module for the CLI and the web app.

    sub = select.region_network(graph, "419902101000")       # or neighbourhood(), from_query_result(),
    report = export_subgraph(sub, "html", "out.html", max_nodes=settings.export_max_nodes)
                                                             # or Subgraph(nodes, relationships)

Modules: subgraph (the Subgraph type), select (what to draw; Cypher in cypher/export/), style (colours,
shapes, Chinese names, masking), layout (positions, computed once), rollup (large views), html
(pyvis + our template, self-contained), files (GraphML/GEXF), picture (PNG/SVG), fonts (the CJK font).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph import pii
from graph.errors import BangfuError
from graph.export.subgraph import Subgraph
from graph.field_crypto import Keyring

FORMATS = ("html", "graphml", "gexf", "png", "svg")
DEFAULT_MAX_NODES = 1500

__all__ = ["FORMATS", "Subgraph", "ExportReport", "export_subgraph", "prepare"]


@dataclass
class ExportReport:
    path: Path
    format: str
    nodes: int  # drawn (after any rollup)
    relationships: int
    selected_nodes: int  # before rollup
    rolled_up: bool
    notes: list[str] = field(default_factory=list)
    bytes: int = 0


def prepare(sub: Subgraph, max_nodes: int = DEFAULT_MAX_NODES):
    """The subgraph as it will be drawn (rolled up if too big) and its positions."""
    from graph.export.layout import layout
    from graph.export.rollup import rollup

    drawn = rollup(sub, max_nodes)
    return drawn, layout(drawn)


def export_subgraph(
    sub: Subgraph,
    fmt: str,
    output: str | Path,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    unmasked: bool = False,
    ring: Keyring | None = None,
    as_of=None,
    dpi: int | None = None,
) -> ExportReport:
    """Write `sub` as `fmt` to `output`. Personal data is masked unless `unmasked`, when the sealed
    id and phone numbers are opened with `ring` (graph/pii.py); pictures carry `as_of` (default today)
    in their caption; `dpi`: a PNG's resolution (default print, 220)."""
    fmt = fmt.lower()
    if unmasked:
        if ring is None:
            raise ValueError("an unmasked export opens the sealed numbers: ring is required")
        sub = reveal_subgraph(sub, ring)
    if fmt not in FORMATS:
        raise BangfuError(f"不支持的导出格式：{fmt}（可用：{'、'.join(FORMATS)}）")
    if not sub.nodes:
        raise BangfuError("没有可导出的节点（选中的子图是空的）。")
    output = Path(output)
    if output.parent and not output.parent.exists():
        raise BangfuError(f"输出目录不存在：{output.parent}")
    drawn, positions = prepare(sub, max_nodes)
    if fmt == "html":
        from graph.export.html import write_html

        write_html(drawn, output, positions, unmasked=unmasked, as_of=as_of)
    elif fmt == "graphml":
        from graph.export.files import write_graphml

        write_graphml(drawn, output, positions, unmasked=unmasked)
    elif fmt == "gexf":
        from graph.export.files import write_gexf

        write_gexf(drawn, output, positions, unmasked=unmasked)
    else:
        from graph.export.picture import draw

        # pictures show names only (captions), never id numbers or phones
        extra = {"dpi": dpi} if dpi else {}
        draw(drawn, output, fmt, positions=positions, as_of=as_of, masked=not unmasked, **extra)
    return ExportReport(
        path=output,
        format=fmt,
        nodes=len(drawn.nodes),
        relationships=len(drawn.relationships),
        selected_nodes=len(sub.nodes),
        rolled_up=drawn is not sub,
        notes=list(drawn.notes),
        bytes=output.stat().st_size,
    )


def reveal_subgraph(sub: Subgraph, ring: Keyring) -> Subgraph:
    """A copy of `sub` with its nodes' and relationships' sealed numbers opened (graph/pii.py)."""
    import dataclasses

    return dataclasses.replace(
        sub,
        nodes=[pii.reveal(n, ring) for n in sub.nodes.values()],
        relationships=[pii.reveal(r, ring) for r in sub.relationships.values()],
    )
