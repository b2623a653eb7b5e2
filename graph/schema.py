"""Creating the constraints and indexes the model needs, idempotently, and recording the version.

Bump SCHEMA_VERSION whenever cypher/schema/schema.cypher changes, so a database tells which schema
it was last initialised with (`bangfu db status`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cypher
from graph import audit_chain, pii
from graph.connection import Graph
from graph.field_crypto import Keyring

SCHEMA_VERSION = 11
# data written by an older schema, brought up to this one (idempotent; run by every init)
MIGRATIONS = (
    "schema/migrate_lives_in_start_key",
    "schema/migrate_last_visits",
    "schema/migrate_finding_sort_key",
)


@dataclass
class InitReport:
    constraints_added: int
    indexes_added: int
    version: int
    version_changed: bool


# `CREATE … <name> IF NOT EXISTS` and `DROP INDEX <name> IF EXISTS`: the statements' own names
_CREATE_NAMED = re.compile(r"^CREATE\s+(?:\w+\s+)?(?:CONSTRAINT|INDEX)\s+(\w+)\s+IF\s+NOT\s+EXISTS\b", re.I)
_DROP_NAMED = re.compile(r"^DROP\s+(?:CONSTRAINT|INDEX)\s+(\w+)\s+IF\s+EXISTS\b", re.I)


def _has_nothing_to_do(statement: str, existing: set[str]) -> bool:
    """A named create whose name exists, or a named drop whose name does not, is a no-op in Neo4j; each
    statement is a schema transaction of its own (5 ms), which every `db init`, every writer on an
    older database and every test on an emptied database would otherwise pay 47 times."""
    if match := _CREATE_NAMED.match(statement):
        return match.group(1) in existing
    if match := _DROP_NAMED.match(statement):
        return match.group(1) not in existing
    return False


def _existing_schema_names(graph: Graph) -> set[str]:
    names = {row["name"] for row in graph.run_admin("SHOW CONSTRAINTS YIELD name")}
    return names | {row["name"] for row in graph.run_admin("SHOW INDEXES YIELD name")}


def init_schema(graph: Graph, ring: Keyring | None = None, echo=None) -> InitReport:
    """Constraints, indexes, migrations. Schema 10 seals the clear id and phone numbers a graph written
    before holds (graph/pii.py) with `ring`; without one (a test's empty graph) a graph still holding
    clear numbers keeps the version below 10, so the next writer with the key seals them."""
    constraints = indexes = 0
    existing = _existing_schema_names(graph)
    for statement in cypher.statements("schema/schema"):
        if _has_nothing_to_do(statement, existing):
            continue
        counters = graph.write(statement)
        constraints += counters["constraints_added"]
        indexes += counters["indexes_added"]
    graph.run_admin("CALL db.awaitIndexes(300)")
    for name in MIGRATIONS:
        graph.run_admin(cypher.load(name))
    if ring is not None:
        pii.seal_existing(graph, ring, echo=echo)
    version = SCHEMA_VERSION if ring is not None or not pii.has_clear(graph) else SCHEMA_VERSION - 1
    counters = graph.write(cypher.load("schema/record_version"), {"version": version})
    audit_chain.chain_existing(graph)  # schema 9: the audit log written before the chain, chained once
    return InitReport(constraints, indexes, version, counters["properties_set"] > 0)


def schema_version(graph: Graph) -> int | None:
    rows = graph.read("MATCH (v:SchemaVersion {name: 'bangfu'}) RETURN v.version AS version")
    return rows[0]["version"] if rows else None


def ensure_schema(graph: Graph, ring: Keyring | None = None) -> None:
    """Writers (loads, report loads) need the constraints and indexes: without them every MERGE
    scans its label and two writers can create the same node. A database never initialised, or
    initialised by an older bangfu, gets them here; a current one costs one read."""
    version = schema_version(graph)
    if version is None or version < SCHEMA_VERSION:
        init_schema(graph, ring)
