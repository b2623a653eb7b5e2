"""What each snapshot changed: rows started and ended, households added and removed, node properties.

Snapshot loads (loaders/snapshot.py) record their changes as `(:Change)` nodes beside the `Load` node;
this module reads them back per snapshot, in the shape of shared/sample/snapshots/expected-changes.json
(keys in the order of the spec's table; a change is a row's key columns as text), with the names of
the people, households, organizations and places the rows name. Personal values (id numbers, phone
numbers) are never recorded: a property change of one says that it changed, not from what to what.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import cypher
from graph.connection import Graph
from graph.roster.households import HOUSEHOLDS as HOUSEHOLD_TABLE
from graph.roster.model import ENDED
from graph.rules import check_region
from graph.tables import TABLES, node_shape

_ENDED = sorted((t for t in TABLES if t.snapshot.policy == ENDED), key=lambda t: t.snapshot.order)
ROW_TABLES = tuple(t.name for t in _ENDED if t.snapshot.listed_always)  # always listed, in the spec's order
# listed when a snapshot changed them (the activity tables: shared/spec/activity-tables.md)
MORE_ROW_TABLES = tuple(t.name for t in _ENDED if not t.snapshot.listed_always)
HOUSEHOLDS = HOUSEHOLD_TABLE.name
# which label each position of a table's change row names (None: not an entity)
ROW_LABELS = {t.name: t.snapshot.row_labels for t in (*_ENDED, HOUSEHOLD_TABLE)}
# the labels whose nodes have a name, each with its parameter of cypher/changes/names.cypher (the
# name of the table that writes them)
NAME_PARAMS = {shape.label: t.name for t in TABLES if (shape := node_shape(t)) and shape.name}


def _iso(value) -> str | None:
    if value is None:
        return None
    native = value.to_native() if hasattr(value, "to_native") else value
    return native.isoformat()


def _empty_item(load: dict) -> dict[str, Any]:
    counts = json.loads(load["counts"]) if load.get("counts") else {}
    return {
        "snapshot": _iso(load["snapshot_date"]),
        "scope": load["scope"],
        "scope_name": load["scope_name"],
        "load_id": load["load_id"],
        "loaded_at": _iso(load["finished_at"] or load["started_at"]),
        "complete": load["finished_at"] is not None,
        "user": load["user"],
        "allow_mass_end": load["allow_mass_end"],
        "ended": {t: [] for t in ROW_TABLES},
        "started": {t: [] for t in ROW_TABLES},
        "households_removed": [],
        "households_added": [],
        "properties": [],
        "counts": counts,
        # tables whose started rows a first snapshot counted but did not list (docs/graph-model.md)
        "unlisted_started": [
            t
            for t in ROW_TABLES + MORE_ROW_TABLES
            if counts.get(t, {}).get("before") == 0 and counts.get(t, {}).get("started")
        ],
        "names": {},
    }


def snapshot_changes(
    graph: Graph, since: dt.date | None = None, until: dt.date | None = None, region: str | None = None
) -> list[dict]:
    """One item per snapshot loaded for a date in [since, until] (oldest first); with `region`, the
    snapshots whose scope overlaps it and only the changes about places in it."""
    check_region(graph, region)
    loads = graph.read(cypher.load("changes/snapshots"), {"since": since, "until": until, "region": region})
    items = {load["load_id"]: _empty_item(load) for load in loads}
    if not items:
        return []
    rows = graph.read(cypher.load("changes/rows"), {"load_ids": list(items), "region": region})
    wanted: dict[str, set[str]] = {label: set() for label in NAME_PARAMS}
    for change in rows:
        item = items[change["load_id"]]
        kind, table = change["kind"], change["table"]
        if kind == "property":
            item["properties"].append({k: change[k] for k in ("label", "key", "property", "old", "new")})
            if change["label"] in wanted:  # nodes without a name (inspections, evaluations …) keep their key
                wanted[change["label"]].add(change["key"])
            continue
        row = list(change["row"])
        for label, value in zip(ROW_LABELS[table], row):
            if label and value:
                wanted[label].add(value)
        if table == HOUSEHOLDS:
            item["households_added" if kind == "added" else "households_removed"].append(row[0])
        else:
            item[kind].setdefault(table, []).append(row)
    names = _names(graph, wanted)
    for item in items.values():
        item["names"] = _names_of(item, names)
    return list(items.values())


def names_for_rows(graph: Graph, rows_by_table: dict[str, list]) -> dict[str, dict[str, str]]:
    """The names of the entities rows name ({table: [row, …]}, households as one-element rows), by
    label and key: what a snapshot's dry run shows beside ids and codes."""
    wanted: dict[str, set[str]] = {label: set() for label in NAME_PARAMS}
    for table, rows in rows_by_table.items():
        for row in rows:
            for label, value in zip(ROW_LABELS[table], row):
                if label and value:
                    wanted[label].add(value)
    out: dict[str, dict[str, str]] = {}
    for (label, key), name in _names(graph, wanted).items():
        out.setdefault(label, {})[key] = name
    return out


def _names(graph: Graph, wanted: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    params = {NAME_PARAMS[label]: sorted(keys) for label, keys in wanted.items()}
    return {(r["label"], r["key"]): r["name"] for r in graph.read(cypher.load("changes/names"), params)}


def _names_of(item: dict, names: dict[tuple[str, str], str]) -> dict[str, dict[str, str]]:
    """The names this item's rows need, by label and key."""
    out: dict[str, dict[str, str]] = {}

    def add(label, key):
        if label and key and (label, key) in names:
            out.setdefault(label, {})[key] = names[(label, key)]

    for kind in ("ended", "started"):
        for table, rows in item[kind].items():
            for row in rows:
                for label, value in zip(ROW_LABELS[table], row):
                    add(label, value)
    for hid in item["households_added"] + item["households_removed"]:
        add("Household", hid)
    for change in item["properties"]:
        add(change["label"], change["key"])
    return out


def last_snapshot_summary(graph: Graph) -> dict | None:
    """What the latest snapshot changed (the overview): its date, scopes, and the started / ended /
    added / removed counts summed over the loads of that date (a snapshot loaded again adds zeros)."""
    rows = graph.read(cypher.load("changes/last_snapshot"))
    if not rows:
        return None
    row = rows[0]
    totals: dict[str, dict[str, int]] = {}
    for text in row["counts"]:
        for table, counts in (json.loads(text) if text else {}).items():
            into = totals.setdefault(table, {})
            for key, value in counts.items():
                if key != "before":
                    into[key] = into.get(key, 0) + value
    return {
        "snapshot": _iso(row["snapshot_date"]),
        "scopes": row["scopes"],
        "scope_names": row["scope_names"],
        "load_ids": row["load_ids"],
        "counts": totals,
        "properties": row["properties"],
    }
