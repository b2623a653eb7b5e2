"""How the explorer colours what it draws, by rules that mean something to staff: a village with open
gaps is red, a household on the roster without an active helper is outlined, a person takes the
colour of their role at the as-of date. One legend (`LEGEND`) serves the page, the PNG and the HTML
export, so a picture always says what its colours mean.

The gaps are the rules' village violations at the as-of date from the cached check (the gaps page's
numbers, webapp/results_cache.py) and the ledger's open findings of the village; the rest is one
read of the nodes on screen (cypher/app/explorer_flags.cypher).
"""

from __future__ import annotations

import datetime as dt

import cypher
from graph.connection import Graph

# style key -> (legend text, fill colour, shape, outline colour or None, dashed outline)
LEGEND: dict[str, tuple[str, str, str, str | None, bool]] = {
    "County": ("县", "#7f1d1d", "diamond", None, False),
    "Township": ("乡镇", "#9e77ed", "diamond", None, False),
    "Village": ("村（无未整改缺口）", "#0e9384", "dot", None, False),
    "VillageGap": ("有未整改缺口的村", "#d92d20", "dot", "#7a271a", False),
    "PartyOrg": ("党组织", "#c01048", "triangle", None, False),
    "Unit": ("单位", "#344054", "square", None, False),
    "PersonFirstSecretary": ("第一书记", "#1d4ed8", "dot", None, False),
    "PersonTeam": ("驻村工作队", "#0ba5ec", "dot", None, False),
    "PersonContact": ("包村干部/挂点领导等", "#6172f3", "dot", None, False),
    "PersonSecretary": ("村党组织书记", "#dd2590", "dot", None, False),
    "PersonHelper": ("帮扶责任人", "#047857", "dot", None, False),
    "Person": ("其他人员", "#98a2b3", "dot", None, False),
    "Household": ("帮扶对象户", "#ca8504", "dot", None, False),
    "HouseholdNoHelper": ("无在岗帮扶责任人的户（描边）", "#fde272", "dot", "#d92d20", True),
    "Enterprise": ("带贫主体", "#6d28d9", "star", None, False),
    "Program": ("政策项目", "#475467", "box", None, False),
    "Other": ("其他", "#667085", "dot", None, False),
}
TEAM_ROLES = ("工作队长", "工作队员")
CONTACT_ROLES = ("包村干部", "挂点领导", "党建联系人", "党建指导员", "责任组长", "责任组员")


def legend_json() -> list[dict]:
    return [
        {"key": k, "name": name, "color": color, "shape": shape, "border": border, "dashed": dashed}
        for k, (name, color, shape, border, dashed) in LEGEND.items()
    ]


def person_style(roles: list[str], secretary: bool, helper: bool) -> str:
    """A person's colour: the weightiest of their roles at the date."""
    if "第一书记" in roles:
        return "PersonFirstSecretary"
    if any(r in TEAM_ROLES for r in roles):
        return "PersonTeam"
    if secretary:
        return "PersonSecretary"
    if any(r in CONTACT_ROLES for r in roles):
        return "PersonContact"
    if helper:
        return "PersonHelper"
    return "Person"


def villages_with_violations(check: dict) -> set[str]:
    """Village codes the rules name at the date (a village subject, or the village of a household)."""
    return {v["subject_id"] for v in check["violations"] if v["subject_type"] == "village"}


def annotate(graph: Graph, nodes: list[dict], as_of: dt.date, gap_villages: set[str]) -> list[dict]:
    """Give each node JSON (webapp/graphjson.node_json) its `style` key and, where it says something,
    a `flag` sentence for the side panel."""
    ids = [n["id"] for n in nodes if n["label"] in ("Village", "Household", "Person")]
    flags = {}
    if ids:
        flags = {
            r["id"]: r for r in graph.read(cypher.load("app/explorer_flags"), {"ids": ids, "as_of": as_of})
        }
    for n in nodes:
        label, f = n["label"], flags.get(n["id"])
        n["flag"] = None
        if label == "Village":
            code = (n.get("ref") or [None, None])[1]
            open_findings = (f or {}).get("open_findings") or 0
            gap = code in gap_villages or open_findings > 0
            n["style"] = "VillageGap" if gap else "Village"
            if gap:
                n["flag"] = "有未整改的责任缺口" + (
                    f"（台账未销号 {open_findings} 项）" if open_findings else ""
                )
        elif label == "Household":
            without = bool(f and f["without_helper"])
            n["style"] = "HouseholdNoHelper" if without else "Household"
            if without:
                n["flag"] = "在册但没有在岗的帮扶责任人"
        elif label == "Person":
            n["style"] = person_style(
                (f or {}).get("roles") or [], bool(f and f["secretary"]), bool(f and f["helper"])
            )
            if n["style"] != "Person":
                n["flag"] = LEGEND[n["style"]][0]
        else:
            n["style"] = label if label in LEGEND else "Other"
    return nodes
