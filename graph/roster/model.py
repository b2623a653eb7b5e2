"""What a roster table declaration says (graph/roster/<group>.py): its columns, key, references, what
it writes, what a snapshot does to it, and its words. The declarations are data of these classes;
graph/tables.py assembles them, and everything else (the loader's steps, the snapshot's lists, the
bulk importer's types, the pages' and the changes' words, the roster export) is derived from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from graph.roster.writes import Step


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of Chinese values; English aliases (matched case-insensitively) map onto them."""

    values: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)

    def lookup(self, text: str) -> str | None:
        if text in self.values:
            return text
        return self.aliases.get(text.lower())

    def describe(self) -> str:
        shown = list(self.values)
        if self.aliases:
            shown += [f"{k}（{v}）" for k, v in self.aliases.items()]
        return "、".join(shown)


def vocab(values, aliases=None) -> Vocabulary:
    return Vocabulary(tuple(values), dict(aliases or {}))


# -- columns -----------------------------------------------------------------------------------------

# Kinds of value: text, code, date, yesno, int, number, year, vocab, id_number, phone, credit_code,
# reference (a code of something else; `ref` names what: a reference kind a node table is
# `referenced_as`, see graph/tables.py REFERENCE_TARGETS).
KINDS = (
    "text",
    "code",
    "date",
    "yesno",
    "int",
    "number",
    "year",
    "vocab",
    "id_number",
    "phone",
    "credit_code",
    "reference",
)
# the graph type of a column's values where it is not text (the bulk importer's header types)
GRAPH_TYPES = {"yesno": "boolean", "int": "long", "year": "long", "number": "double", "date": "date"}
# how a cell of a `multiple` vocab column separates its values, and how the graph joins them
MULTIPLE_SEPARATORS = "、,，;；"
MULTIPLE_JOINER = "、"
# the loaders store a span's columns under shorter property names
PROPERTY_OF_COLUMN = {"start_date": "start", "end_date": "end"}


@dataclass(frozen=True)
class Column:
    name: str  # English name, also the property name in the graph (but see PROPERTY_OF_COLUMN)
    zh: str  # Chinese name
    kind: str = "text"
    required: bool = False
    vocab: Vocabulary | None = None
    ref: str | None = None  # a reference kind (REFERENCE_TARGETS) when kind == "reference"
    min_value: int | None = None
    # a reference whose target depends on another column of the row: (that column, ((its value, ref),
    # …)); `ref` is then what the column names when that value is unknown (the row has a problem)
    ref_by: tuple[str, tuple[tuple[str, str], ...]] | None = None
    # a vocab column whose cell may name several values (风险类型: 因病、因残), stored as one text with
    # the values in the vocabulary's order, joined by MULTIPLE_JOINER
    multiple: bool = False

    def __post_init__(self):
        assert self.kind in KINDS, self.kind
        assert not self.multiple or self.kind == "vocab", self.name
        assert (self.kind == "vocab") == (self.vocab is not None), self.name
        assert (self.kind == "reference") == (self.ref is not None), self.name
        assert self.ref_by is None or self.kind == "reference", self.name

    @property
    def property(self) -> str:
        """The graph property the column's values are stored under."""
        return PROPERTY_OF_COLUMN.get(self.name, self.name)

    def reference_kind(self, values: dict) -> str | None:
        """What this reference column names in a row (None: nothing to check, the choosing column
        has a problem of its own)."""
        if self.ref_by is None:
            return self.ref
        chooser, choices = self.ref_by
        return dict(choices).get(values.get(chooser))


def without_code(header: str) -> str:
    """A reference column's header as a word for what it points at: 工作单位代码 → 工作单位."""
    for suffix in ("代码", "编号"):
        if header.endswith(suffix):
            return header[: -len(suffix)]
    return header


@dataclass(frozen=True)
class Derived:
    """A property the table's statements write that no column holds (`is_secretary` of a post)."""

    name: str
    zh: str
    graph_type: str = "string"  # the bulk importer's type
    # read among the table's own columns on pages (a post's 书记职务), not after them with the rest
    with_columns: bool = False


# -- snapshots (shared/spec/snapshots.md) ------------------------------------------------------------

ENDED = "ended"  # stated completely: a row no longer listed ends the day before the snapshot
LEAVES = "leaves"  # households: one no longer listed leaves the roster (its LIVES_IN ends)
RECORD = "record"  # added and updated only: fingerprints of every row spare re-reading unchanged ones
HISTORY = "history"  # added only, millions of rows: the scope's fingerprints read a chunk at a time


def iso(value) -> str:
    """A date of a snapshot row as text ('' for none)."""
    return value.isoformat() if value else ""


def key_row(parts: tuple, needed: int) -> tuple[str, ...] | None:
    """A snapshot row from its parts, or None when one of the first `needed` is missing."""
    if any(not p for p in parts[:needed]):
        return None
    return tuple(p or "" for p in parts)


# (label, key) → how a change names that entity (a name and its key, or the key alone)
Namer = Callable[[str, str], str]


@dataclass(frozen=True)
class Snapshot:
    """What a snapshot does to the table's rows it no longer lists, and how its changes read."""

    policy: str
    order: int = 0  # ENDED: the table's place in the plan and in `changes` (the spec's order)
    listed_always: bool = False  # `changes` lists the table even when a snapshot changed none of it
    # ENDED and LEAVES: a row's key columns as text, as `changes` records them (None: the row lacks a
    # part of its key), what names one relationship among them, the label each position names, and
    # the row as a phrase (without its start date, which callers add in their own way)
    row: Callable[[dict], tuple | None] | None = None
    identity: Callable[[tuple], tuple] = lambda row: row
    row_labels: tuple[str | None, ...] = ()
    phrase: Callable[[list, Namer], str] | None = None

    def __post_init__(self):
        assert self.policy in (ENDED, LEAVES, RECORD, HISTORY), self.policy
        assert (self.policy in (ENDED, LEAVES)) == (self.row is not None), self.policy


# -- tables ------------------------------------------------------------------------------------------

# (row values) → [(column, message)]: rules across the columns of one row of a table
RowRules = Callable[[dict], list]


@dataclass(frozen=True)
class Table:
    name: str
    zh: str
    columns: tuple[Column, ...]
    key: str | None = None  # the unique key column of a node table; None for relationship tables
    # relationship tables: the columns that name one relationship (what the load MERGEs on); a row
    # that repeats them is a duplicate, like a repeated key of a node table
    rel_key: tuple[str, ...] = ()
    # what it writes: one step per statement of cypher/load/, in the order they run
    steps: tuple[Step, ...] = ()
    snapshot: Snapshot = Snapshot(RECORD)
    # node tables: the reference kinds a column of another table may name it by, each with the
    # constraint on the target (a level, "unit", "party") or None
    referenced_as: tuple[tuple[str, str | None], ...] = ()
    # node labels its nodes may carry besides their own, with the word pages use for each
    label_words: tuple[tuple[str, str], ...] = ()
    derived: tuple[Derived, ...] = ()
    # the column whose values tell which county a snapshot covers when the roster has no regions
    scope_column: str | None = None
    row_rules: RowRules | None = None
    # (column, reference kind, values) → the kind this row's reference names (None: not checked)
    reference_rule: Callable[[str, str, dict], "str | None"] | None = None
    # relationship tables whose rows name one relationship by some of rel_key only
    rel_key_of: Callable[[dict], tuple[str, ...]] | None = None

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def is_node_table(self) -> bool:
        return self.key is not None
