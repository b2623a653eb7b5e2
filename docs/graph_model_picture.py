"""Draws docs/graph-model.svg and .png: the labels and relationship types of docs/graph-model.md.

Kept beside the document so the picture is redrawn, not repainted by hand, when the model changes:
`.venv/bin/python docs/graph_model_picture.py`. Uses the same CJK font as the exported pictures.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

from graph.export.fonts import font_properties  # noqa: E402

HERE = Path(__file__).resolve().parent

# label: (x, y, Chinese caption, key property, colour)
NODES = {
    "County": (0.0, 7.0, "县区 County:Region", "code", "#8c564b"),
    "Township": (0.0, 5.0, "乡镇 Township:Region", "code", "#8c564b"),
    "Village": (0.0, 2.0, "村 Village:Region", "code", "#b07f73"),
    "Household": (0.0, -2.0, "帮扶对象户 Household", "household_id", "#d62728"),
    "Program": (-5.0, -2.0, "帮扶项目 Program", "name", "#e377c2"),
    "Person": (7.0, 0.0, "人员 Person", "person_id", "#1f77b4"),
    "Unit": (11.5, 3.5, "单位 Unit:Organization", "code", "#2ca02c"),
    "PartyOrg": (7.0, 6.0, "党组织 PartyOrg:Organization", "code", "#c98f00"),
    "Enterprise": (3.5, -5.0, "带贫主体 Enterprise", "enterprise_id", "#9467bd"),
    "Load": (11.5, -5.0, "导入批次 Load", "load_id", "#7f7f7f"),
    "VillageIndicator": (-5.0, -0.1, "村级指标 VillageIndicator", "indicator_id", "#17becf"),
    "Inspection": (-5.0, 6.4, "督查记录 Inspection", "inspection_id", "#bcbd22"),
    "Evaluation": (13.0, -2.0, "述职评议 Evaluation", "evaluation_id", "#ff7f0e"),
}

# (from, to, type, properties, curvature, where along the edge its caption sits)
EDGES = [
    ("Township", "County", "PART_OF", "", 0.0, 0.5),
    ("Village", "Township", "PART_OF", "", 0.0, 0.5),
    ("Household", "Village", "LIVES_IN", "", 0.0, 0.5),
    ("Household", "Program", "RECEIVES", "amount, year", 0.0, 0.5),
    ("Person", "Village", "ASSIGNED_TO", "role, start, end, unit_code", 0.0, 0.55),
    ("Unit", "Village", "ASSIGNED_TO", "role='包村单位', start, end", 0.12, 0.72),
    ("Person", "Household", "HELPS", "start, end", 0.0, 0.5),
    ("Person", "Unit", "WORKS_AT", "", 0.0, 0.5),
    ("Person", "PartyOrg", "HOLDS_POST", "title, start, end, is_secretary", 0.0, 0.3),
    ("PartyOrg", "Village", "GOVERNS", "党支部/党总支", 0.0, 0.45),
    ("PartyOrg", "Township", "LOCATED_IN", "every Organization → Region", 0.0, 0.5),
    ("Unit", "PartyOrg", "REPORTS_TO", "every Organization", 0.0, 0.5),
    ("Enterprise", "Household", "LIFTS", "mode, annual_income, year", 0.0, 0.5),
    ("Enterprise", "Village", "LOCATED_IN", "", 0.0, 0.3),
    ("Person", "Enterprise", "MANAGES", "", 0.0, 0.5),
    ("Enterprise", "PartyOrg", "HAS_PARTY_ORG", "", -0.28, 0.62),
    # how the work is done and checked (shared/spec/activity-tables.md)
    ("Person", "Household", "VISITED", "date, kind, note", 0.3, 0.5),
    ("Person", "Village", "RESERVE_CADRE_OF", "start, end, source", 0.22, 0.5),
    ("Person", "Village", "TALENT_OF", "kind, residence, last_contact,\ncontribution, amount", -0.3, 0.62),
    ("VillageIndicator", "Village", "INDICATOR_OF", "year, collective_income, service_center", 0.0, 0.5),
    ("Inspection", "Village", "INSPECTS", "or Person, Organization (subject_type)", 0.0, 0.45),
    ("Inspection", "PartyOrg", "INSPECTED_BY", "any Organization", -0.4, 0.7),
    ("Evaluation", "Person", "EVALUATES", "year, role, grade", 0.0, 0.5),
    ("Evaluation", "Unit", "EVALUATED_BY", "any Organization", 0.0, 0.5),
]


def _clip(start, end, box):
    """The point where the segment start→end leaves `box` (x0, y0, x1, y1) around `start`."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    t = 1.0
    for d, lo, hi, o in ((dx, box[0], box[2], x1), (dy, box[1], box[3], y1)):
        if d:
            t = min(t, max((lo - o) / d, (hi - o) / d))
    return x1 + dx * t, y1 + dy * t


def draw(path_stem: Path) -> list[Path]:
    font = font_properties()
    fig, ax = plt.subplots(figsize=(18, 11))
    ax.set_xlim(-7.5, 15.5)
    ax.set_ylim(-6.2, 8.6)
    ax.axis("off")
    boxes = {}
    for label, (x, y, caption, key, colour) in NODES.items():
        text = ax.text(
            x,
            y,
            f"{caption}\nkey: {key}",
            ha="center",
            va="center",
            fontproperties=font,
            fontsize=11,
            bbox=dict(boxstyle="round,pad=0.5", fc=colour, ec="#333333"),
            color="white",
            zorder=3,
        )
        boxes[label] = text
    fig.canvas.draw()
    to_data = ax.transData.inverted()
    extents = {}
    for label, text in boxes.items():
        (bx0, by0), (bx1, by1) = to_data.transform(text.get_bbox_patch().get_window_extent().get_points())
        extents[label] = (bx0 - 0.08, by0 - 0.08, bx1 + 0.08, by1 + 0.08)
    for source, target, rel, props, rad, at in EDGES:
        a, b = NODES[source][:2], NODES[target][:2]
        start, end = _clip(a, b, extents[source]), _clip(b, a, extents[target])
        ax.add_patch(
            FancyArrowPatch(
                start,
                end,
                connectionstyle=f"arc3,rad={rad}",
                arrowstyle="-|>",
                mutation_scale=18,
                color="#444444",
                lw=1.3,
                zorder=1,
                shrinkA=0,
                shrinkB=0,
            )
        )
        (x1, y1), (x2, y2) = start, end
        bend = 2 * rad * at * (1 - at)  # the quadratic arc's offset at `at`, as arc3 draws it
        mx, my = x1 + (x2 - x1) * at + bend * (y2 - y1), y1 + (y2 - y1) * at - bend * (x2 - x1)
        caption = rel + (f"\n{{{props}}}" if props else "")
        ax.text(
            mx,
            my,
            caption,
            ha="center",
            va="center",
            fontproperties=font,
            fontsize=9,
            zorder=2,
            bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.9),
        )
    ax.text(-7.3, 8.5, "帮扶图谱 图模型（docs/graph-model.md）", fontproperties=font, fontsize=15, va="top")
    ax.text(
        -6.8,
        -6.1,
        "Every node and relationship a load writes carries created_load / updated_load "
        "(the Load that wrote it). Named nodes also carry the label Searchable and search_text.",
        fontproperties=font,
        fontsize=9,
        va="bottom",
        color="#555555",
    )
    written = []
    for suffix in (".svg", ".png"):
        out = path_stem.with_suffix(suffix)
        fig.savefig(out, dpi=100, bbox_inches="tight")
        written.append(out)
    plt.close(fig)
    return written


if __name__ == "__main__":
    for path in draw(HERE / "graph-model"):
        print(path)
