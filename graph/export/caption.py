"""The caption every exported picture carries, the same in the PNG/SVG and the HTML: what it shows as of
which date, and how much of it. The title stays the picture's own (Subgraph.title); the legend is drawn
beside the drawing, under its own heading — the caption never starts with it."""

from __future__ import annotations

import datetime as dt

from graph import clock


def caption_line(nodes: int, relationships: int, as_of: dt.date | None = None, *, masked: bool = True) -> str:
    day = as_of or clock.today()
    text = f"截至 {day.isoformat()} · {nodes} 个节点，{relationships} 条关系"
    return text + (" · 身份证号、电话已脱敏" if masked else "")
