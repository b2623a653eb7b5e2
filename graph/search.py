"""Forgiving search across names and codes: partial names, codes, pinyin and pinyin initials.

Staff type `zhy` for 张晔 or `zhangye`, or a fragment of a village code. Each searchable node gets a
`search_text` (name, codes, full pinyin and initials, lower-case) and the label `Searchable`, kept in a
TEXT index that answers CONTAINS quickly. pypinyin computes the pinyin; for polyphonic characters
every common reading is included (`heteronym`), so 单 finds both dan and shan. Id numbers and phone
numbers are never part of the search text: a full number is looked up by its keyed hash (graph/pii.py).
"""

from __future__ import annotations

import re

import cypher
from graph import pii, vocabulary
from graph.connection import Graph
from graph.field_crypto import Keyring
from graph.masking import is_valid_id
from graph.search_text import search_properties

FULL_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")

KINDS = {
    # label: (key property, name property)
    "Region": ("code", "name"),
    "Person": ("person_id", "name"),
    "Household": ("household_id", "head_name"),
    "Organization": ("code", "name"),
    "Enterprise": ("enterprise_id", "name"),
}


def refresh(graph: Graph, batch_size: int = 5000) -> int:
    """Compute `search_text` for nodes that lack it or whose name changed; returns how many.

    The loaders already write it with each node; this catches nodes written any other way. It pages
    through each label in key order, so each node is read once whatever the label's size.
    """
    total = 0
    for label in KINDS:
        query = cypher.load(f"search/pending_{label.lower()}")
        after = ""
        while True:
            rows = graph.read(query, {"after": after, "limit": batch_size})
            if not rows or rows[0]["last"] is None:
                break
            after = rows[0]["last"]
            stale = rows[0]["stale"]
            if stale:
                updates = [{"id": r["id"], **search_properties(r["name"], r["key"])} for r in stale]
                graph.write(cypher.load("search/set_text"), {"rows": updates})
                total += len(updates)
    return total


def search(graph: Graph, text: str, limit: int = 50, ring: Keyring | None = None) -> list[dict]:
    """Matches ranked: a full id or phone number's owner (by its keyed hash, with `ring`), then exact
    name or key, then name prefix, then anywhere."""
    q = " ".join(text.split()).lower()
    if not q:
        return []
    rows = graph.read(cypher.load("search/find"), {"q": q, "limit": limit * 4})
    if ring is not None and is_full_number(q):
        rows = _by_number(graph, ring, q) + rows
    for row in rows:
        name = (row["name"] or "").lower()
        key = (row["key"] or "").lower()
        if "rank" not in row:
            row["rank"] = 0 if q in (name, key) else 1 if name.startswith(q) or key.startswith(q) else 2
        row["kind_name"] = vocabulary.label_name(row["kind_label"])
        row["detail_name"] = (
            vocabulary.property_name(row["detail_key"], row["kind_label"]) if row["detail_key"] else None
        )
    rows.sort(key=lambda r: (r["rank"], len(r["name"] or ""), r["key"] or ""))
    return rows[:limit]


def is_full_number(text: str) -> bool:
    """A whole id number (valid check character) or phone number: looked up by hash, never by text."""
    text = text.strip()
    return is_valid_id(text.upper()) or bool(FULL_PHONE.match(text))


def _by_number(graph: Graph, ring: Keyring, q: str) -> list[dict]:
    rows = graph.read(cypher.load("pii/by_number"), pii.lookup_hashes(ring, q))
    for row in rows:
        row.update(kind_label=row["label"], place=None, rank=-1)
    return rows
