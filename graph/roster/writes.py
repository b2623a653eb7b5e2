"""What a roster table writes: one `Step` per Cypher statement of cypher/load/, declared with its table
(graph/roster/<group>.py).

A `Step` names its statement, builds the statement's row from a parsed roster row, says when it runs
(the columns it needs, after the whole table, side by side or one at a time) and what it writes — the
node label and key and properties, or the relationship type, its end nodes and merge key. The
transactional writer (loaders/write.py) runs the statements; the bulk-import writer
(loaders/admin_import/) writes the same nodes and relationships as the importer's CSV files from
the same declaration, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from graph.search_text import search_properties

Builder = Callable[[dict, dict], "dict | None"]

# The value validation adds to each kept row: its fingerprint (loaders/fingerprint.py), written with it.
ROW_HASH = "row_hash"
# A household value the writer alone sets: the day a snapshot lists the household again (or for the
# first time) after an earlier snapshot of its scope; its LIVES_IN starts then (loaders/snapshot.py).
PRESENT_FROM = "present_from"


@dataclass(frozen=True)
class NodeShape:
    """The nodes a statement writes (MERGE on `key` under `label`)."""

    label: str  # the MERGE label, also the importer's ID space
    key: str  # key property
    props: tuple[str, ...]  # properties the builder may set (besides extras)
    labels: Callable[[dict], tuple[str, ...]]  # all labels of a node from its props
    searchable: bool = True
    name: str | None = None  # the property that names the node (search text, changes' names)


@dataclass(frozen=True)
class RelShape:
    """The relationships a statement writes."""

    type: str
    start: tuple[str, str]  # (ID space, field of the builder's row)
    end: tuple[str, str]
    merge: tuple[str, ...] = ()  # row fields that are MERGE key properties
    props: tuple[str, ...] = ()  # properties in row["props"] (besides extras)
    pair: bool = False  # {key, target} rows: one per source node
    village_target: bool = False  # the Cypher matches the target as :Village
    program_end: bool = False  # the end node is MERGEd (Program)


def fixed(*labels: str) -> Callable[[dict], tuple[str, ...]]:
    return lambda props: labels


@dataclass(frozen=True)
class FirstWrite:
    """A relationship step's faster way for a batch whose end nodes hold none of its relationships from
    an earlier load (a first load, a county new to the graph): nothing there to merge with, so the
    rows are CREATEd without comparing, and what the usual statement keeps up per batch on other
    relationships is worked out once after the table. A batch that meets an earlier relationship
    takes the usual statement, so a re-run of a load that stopped half-way completes it as before."""

    cypher: str  # cypher/load/<name>.cypher: the CREATE statement
    earlier: str  # ($keys of the batch's end nodes, $load_id) → a row {earlier: true} if any has one
    settle: str  # ($keys of the end nodes written the first way) once after the table


@dataclass(frozen=True)
class Step:
    cypher: str  # cypher/load/<name>.cypher
    build: Builder  # (values, extras) → the row for the query, or None (not for this step)
    needs: tuple[str, ...]  # columns the file must have for this step to run at all
    writes: NodeShape | RelShape  # what the statement writes (the bulk importer writes the same)
    after_table: bool = False  # run once every row of the table is written (self references)
    concurrent: bool = False  # batches may run side by side: see loaders/write.py _BatchWriter
    lock_order: str | None = None  # rows are sent sorted by this field: see loaders/write.py _BatchWriter
    # a one-per-pair relationship's word on pages when no reference column names it (else the column's
    # header without 代码/编号; a relationship table's word is the table's name)
    word: str | None = None
    first_write: FirstWrite | None = None  # see FirstWrite (a relationship step's end nodes)

    @property
    def label(self) -> str | None:
        """The node label whose creations the step's counters count (Program for benefits)."""
        if isinstance(self.writes, NodeShape):
            return self.writes.label
        return "Program" if self.writes.program_end else None

    @property
    def rel(self) -> str | None:
        return self.writes.type if isinstance(self.writes, RelShape) else None

    @property
    def pair(self) -> bool:
        """A one-per-pair relationship from the node's own row (no properties)."""
        return isinstance(self.writes, RelShape) and self.writes.pair


# -- builders ----------------------------------------------------------------------------------------


def props_of(values: dict, extras: dict, mapping: dict[str, str]) -> dict:
    """Graph properties from the columns present in the file (absent columns are left alone)."""
    props = {prop: values[col] for col, prop in mapping.items() if col in values}
    props.update(extras)
    return props


def node(
    key: str,
    mapping: dict[str, str],
    adjust: Callable[[dict, dict], None] | None = None,
    name: str | None = None,
) -> Builder:
    """`name`: the column that names the node; its search text (graph/search_text.py) is written with
    it, so a load needs no second pass over the graph to make what it wrote findable."""

    def build(values: dict, extras: dict) -> dict:
        props = props_of(values, extras, mapping)
        if adjust:
            adjust(values, props)
        if name and name in values:
            props.update(search_properties(values[name], values[key]))
        return {"key": values[key], "props": props, "row_hash": values.get(ROW_HASH)}

    return build


def pair(
    key: str,
    target: str,
    when: Callable[[dict], bool] | None = None,
    target_of: Callable[[dict], "str | None"] | None = None,
) -> Builder:
    def build(values: dict, extras: dict) -> dict | None:
        if when and not when(values):
            return None
        return {"key": values[key], "target": target_of(values) if target_of else values.get(target)}

    return build


def same(*names: str) -> dict[str, str]:
    return {n: n for n in names}


def start_key(values: dict) -> str:
    start = values.get("start_date")
    return start.isoformat() if start else ""


def year_key(values: dict) -> str:
    year = values.get("year")
    return str(year) if year is not None else ""


SPAN = {"start_date": "start", "end_date": "end"}


def keyed_node(key_of: Callable[[dict], str], columns: tuple[str, ...]) -> Builder:
    """A node whose key is made from several columns (no column of its own holds it)."""
    mapping = same(*columns)

    def build(values: dict, extras: dict) -> dict:
        return {
            "key": key_of(values),
            "props": props_of(values, extras, mapping),
            "row_hash": values.get(ROW_HASH),
        }

    return build


def keyed_pair(key_of: Callable[[dict], str], target: str) -> Builder:
    return lambda values, extras: {"key": key_of(values), "target": values.get(target)}


# -- steps -------------------------------------------------------------------------------------------


def node_step(
    name: str,
    label: str,
    key: str,
    columns: tuple[str, ...],
    labels,
    *,
    name_column: str,
    adjust: Callable[[dict, dict], None] | None = None,
) -> Step:
    """A node table's step: its node, MERGEd on `key`, with the given columns as properties."""
    return Step(
        name,
        node(key, same(*columns), adjust, name=name_column),
        (),
        NodeShape(label, key, columns, labels, name=name_column),
        concurrent=True,
    )


def pair_step(
    name: str,
    type_: str,
    start: tuple[str, str],
    end: tuple[str, str],
    build: Builder,
    needs: tuple[str, ...],
    *,
    word: str | None = None,
    **options,
) -> Step:
    """A one-per-pair relationship from a node's own row ({key, target})."""
    shape_options = {k: options.pop(k) for k in ("merge", "village_target") if k in options}
    return Step(
        name, build, needs, RelShape(type_, start, end, pair=True, **shape_options), word=word, **options
    )
