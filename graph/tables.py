"""The roster format (shared/spec/roster-format.md) as data: every table, in the order they load.

Each table is declared once, in graph/roster/ (one module per group of tables: its columns, key,
references, load statements, snapshot policy, words); this module puts them in dependency order and
answers what is asked of all of them. Everything else — the loader's steps, the snapshot's lists, the
bulk importer's types, the words of pages and changes, the roster export — is derived from the
declarations (docs/adding-a-roster-table.md).
"""

from __future__ import annotations

from graph.roster.activity import TABLES as ACTIVITY
from graph.roster.assignments import ASSIGNMENTS
from graph.roster.enterprises import ENTERPRISE_LINKS, ENTERPRISES
from graph.roster.households import BENEFITS, HELP_PAIRS, HOUSEHOLDS
from graph.roster.model import Table
from graph.roster.monitoring import TABLES as MONITORING
from graph.roster.organizations import ORGANIZATIONS, PEOPLE, POSTS
from graph.roster.regions import REGIONS
from graph.roster.writes import NodeShape, Step

# Dependency order: a table only references tables before it (or itself: regions, organizations).
TABLES: tuple[Table, ...] = (
    REGIONS,
    ORGANIZATIONS,
    PEOPLE,
    HOUSEHOLDS,
    ENTERPRISES,
    POSTS,
    ASSIGNMENTS,
    HELP_PAIRS,
    ENTERPRISE_LINKS,
    BENEFITS,
    *ACTIVITY,
    *MONITORING,
)
TABLES_BY_NAME = {t.name: t for t in TABLES}
# the six tables of shared/spec/activity-tables.md
ACTIVITY_TABLES = tuple(t.name for t in ACTIVITY)
TABLE_ORDER = tuple(t.name for t in TABLES)

# what each table writes, one step per statement of cypher/load/, tables in load order
STEPS: dict[str, tuple[Step, ...]] = {t.name: t.steps for t in TABLES}
ALL_STEPS: tuple[Step, ...] = tuple(step for t in TABLES for step in t.steps)


def node_shape(table: Table) -> NodeShape | None:
    """The nodes a node table writes (its first step's), or None for a relationship table."""
    shapes = [s.writes for s in table.steps if isinstance(s.writes, NodeShape)]
    return shapes[0] if shapes else None


def node_labels(table: Table) -> tuple[str, ...]:
    """Every label a table's nodes may carry (its own first), for the words of pages."""
    shape = node_shape(table)
    return (shape.label, *(label for label, _ in table.label_words)) if shape else ()


# the tables whose nodes carry each label (their own MERGE label)
NODE_TABLE_OF_LABEL: dict[str, Table] = {
    shape.label: t for t in TABLES if (shape := node_shape(t)) is not None
}

# What a reference may point at: (table holding the key, graph label, constraint on the target).
REFERENCE_TARGETS: dict[str, tuple[str, str, str | None]] = {
    kind: (t.name, node_shape(t).label, constraint) for t in TABLES for kind, constraint in t.referenced_as
}


def relationship_key_columns(table: Table, values: dict) -> tuple[str, ...]:
    """The columns that name one relationship of this row (an assignment names its person, or for
    包村单位 its unit: its declaration says so)."""
    return table.rel_key_of(values) if table.rel_key_of else table.rel_key


def relationship_key(table: Table, values: dict) -> tuple | None:
    """What names one relationship of a relationship table's row (what the load MERGEs on), or None
    when a part it needs is missing (that row has a problem of its own)."""
    parts = []
    for name in relationship_key_columns(table, values):
        value = values.get(name)
        if value is None and table.column(name).required:
            return None
        parts.append(value.isoformat() if hasattr(value, "isoformat") else value)
    return tuple(parts)


def table_for_name(name: str) -> Table | None:
    """The table a file stem or sheet name stands for (English, case-insensitive, or Chinese)."""
    text = name.strip().strip("\u3000").strip()
    for t in TABLES:
        if text.lower() == t.name or text == t.zh:
            return t
    return None
