"""Candidates for the names a report gives: who or what in the graph each name may be.

Exact names first; when a name has no exact match, the pinyin search of `graph/search.py` (the one staff
use in the web app) finds spellings that sound the same (a report's 张烨 for the roster's 张晔). The
candidates are stored with the fact for the reviewer to choose from — the loader never picks one.
"""

from __future__ import annotations

import cypher
from graph import search as graph_search
from graph.connection import Graph
from graph.search_text import pinyin_forms
from loaders.reports.extract import Fact

# Which graph labels may stand for each role of a fact.
ROLE_LABELS = {
    "person": ("Person",),
    "organization": ("Organization",),
    "region": ("Region",),
    "enterprise": ("Enterprise",),
    "household": ("Household",),
    "helper": ("Person", "Enterprise", "Organization"),
    "helped": ("Household", "Region"),
}
MAX_CANDIDATES = 8


def roles(fact: Fact) -> dict[str, str]:
    """role → the name the text gives for it."""
    p = fact.payload
    if fact.kind == "person_post":
        return {"person": p["person"], "organization": p["organization"]}
    if fact.kind == "place":
        return {"region": p["name"]}
    if fact.kind == "enterprise":
        return {"enterprise": p["name"]}
    if fact.kind == "household":
        return {"household": p["head_name"]}
    if fact.kind == "help":
        return {"helper": p["helper"], "helped": p["helped"]}
    return {}


def candidates(graph: Graph, facts: list[Fact]) -> list[dict[str, list[dict]]]:
    """For each fact: role → candidates [{label, key, name, detail, how}]."""
    names = sorted({n for f in facts for n in roles(f).values() if n})
    exact: dict[str, list[dict]] = {}
    for row in graph.read(cypher.load("reports/match_names"), {"names": names}):
        exact.setdefault(row["name"], []).append(
            {
                "label": row["label"],
                "key": row["key"],
                "name": row["found"],
                "detail": row["detail"],
                "how": "同名",
            }
        )
    orgs: dict[str, list[dict]] = {}
    places = sorted(
        {f.payload["organization"] for f in facts if f.kind == "person_post" and f.payload["organization"]}
    )
    for row in graph.read(cypher.load("reports/match_organizations"), {"places": places}):
        orgs.setdefault(row["place"], []).append(
            {
                "label": row["label"],
                "key": row["key"],
                "name": row["found"],
                "detail": row["detail"],
                "how": "名称含地名",
            }
        )
    pinyin_cache: dict[str, list[dict]] = {}
    out = []
    for fact in facts:
        found: dict[str, list[dict]] = {}
        for role, name in roles(fact).items():
            allowed = ROLE_LABELS[role]
            cands = [c for c in exact.get(name, []) if c["label"] in allowed] if name else []
            if role == "organization" and name:
                title = fact.payload.get("title", "")
                extra = sorted(
                    (c for c in orgs.get(name, []) if c not in cands),
                    key=lambda c: -len(set(title) & set(c["name"].replace(name, ""))),
                )
                cands += extra
            if not cands and name and role != "organization":
                if name not in pinyin_cache:
                    pinyin_cache[name] = _by_pinyin(graph, name)
                cands = [c for c in pinyin_cache[name] if c["label"] in allowed]
            found[role] = cands[:MAX_CANDIDATES]
        out.append(found)
    return out


def _by_pinyin(graph: Graph, name: str) -> list[dict]:
    forms = pinyin_forms(name)
    full = [f for f in forms if len(f) > len(name)]  # full readings, not initials
    seen, out = set(), []
    for form in full[:3]:
        for row in graph_search.search(graph, form, limit=20):
            if form not in pinyin_forms(row["name"] or ""):
                continue  # the same sound as the whole name, not a longer name containing it
            k = (row["label"], row["key"])
            if k not in seen:
                seen.add(k)
                out.append(
                    {
                        "label": row["label"],
                        "key": row["key"],
                        "name": row["name"],
                        "detail": row.get("detail") or "",
                        "how": "拼音相同",
                    }
                )
    return out
