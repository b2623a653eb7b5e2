"""One declaration per roster table (graph/roster/), everything else derived from it.

Each table's name is written as a string in at most two modules of graph/ and loaders/: its
declaration and at most one other (the demo generator and the report extractor aside: they write
rosters and read reports, not the model). The test lists, per table, the modules that name it. A
new table needs the files docs/adding-a-roster-table.md lists; the Cypher each declaration's policy
implies must exist, so a new table cannot forget one.
"""

from __future__ import annotations

import ast
from pathlib import Path

from graph.roster.model import ENDED, GRAPH_TYPES, RECORD
from graph.tables import TABLES, node_shape

REPO = Path(__file__).resolve().parent.parent
CYPHER = REPO / "cypher"
ASIDE = ("loaders/demo/", "loaders/reports/")
# The same word meaning something else: the number of households or people a village, a unit or a
# cadre group counts (a property of pictures, a column of coverage and of the cadre-load rule), a
# finding's measures. Listed so that the test still sees every other module that writes the word.
HOMONYMS = {
    "households": {
        "graph/coverage.py",
        "graph/export/html.py",
        "graph/export/picture.py",
        "graph/export/rollup.py",
        "graph/export/style.py",
        "graph/rulebook.py",
        "graph/rules_export.py",
        "graph/vocabulary.py",
    },
    # a finding's 整改措施 in the ledger, not the help measures (帮扶措施) of monitoring.md
    "measures": {"graph/ledger/export.py", "graph/ledger/store.py"},
    "people": {
        "graph/export/html.py",
        "graph/export/picture.py",
        "graph/export/rollup.py",
        "graph/export/style.py",
        "graph/vocabulary.py",
    },
}


def string_constants(source: str) -> set[str]:
    """Every string literal of a module's source (f-strings' literal parts too)."""
    return {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def modules_naming(names: set[str], roots=("graph", "loaders")) -> dict[str, set[str]]:
    """name → the modules (paths from the repository) that write it as a string."""
    found: dict[str, set[str]] = {name: set() for name in names}
    for root in roots:
        for path in sorted((REPO / root).rglob("*.py")):
            rel = path.relative_to(REPO).as_posix()
            if rel.startswith(ASIDE):
                continue
            for name in string_constants(path.read_text(encoding="utf-8")) & names:
                found[name].add(rel)
    return found


def test_each_table_is_named_by_its_declaration_and_at_most_one_other_module():
    found = modules_naming({t.name for t in TABLES})
    listing = []
    too_many = []
    for table in TABLES:
        modules = found[table.name] - HOMONYMS.get(table.name, set())
        listing.append(f"{table.name}: {', '.join(sorted(modules))}")
        if len(modules) > 2:
            too_many.append(table.name)
    print("\n".join(listing))  # shown with -s: per table, the modules that name it
    assert not too_many, "tables named in more than two modules:\n" + "\n".join(listing)
    for table in TABLES:
        declared_in = [m for m in found[table.name] if m.startswith("graph/roster/")]
        assert len(declared_in) == 1, (table.name, declared_in)


def test_the_homonyms_are_still_there():
    """The list of homonyms is kept true: a module that no longer writes the word leaves the list."""
    found = modules_naming(set(HOMONYMS))
    for name, modules in HOMONYMS.items():
        assert modules <= found[name], (name, sorted(modules - found[name]))


def test_the_check_sees_a_table_named_in_a_module():
    source = 'X = {"help_pairs": 1}\ndef f(t):\n    return t == "visits" or f"snapshot/{t}"\n'
    assert {"help_pairs", "visits"} <= string_constants(source)
    assert "snapshot/" in string_constants(source)


def test_every_table_has_the_cypher_its_declaration_implies():
    missing = []

    def need(name: str) -> None:
        if not (CYPHER / f"{name}.cypher").exists():
            missing.append(name)

    for table in TABLES:
        for step in table.steps:
            need(f"load/{step.cypher}")
        need(f"roster_export/{table.name}")
        need(f"roster_export/{table.name}_extras")
        if table.snapshot.policy == ENDED:
            for kind in ("state", "end", "lookup"):
                need(f"snapshot/{kind}_{table.name}")
        if table.snapshot.policy == RECORD:
            need(f"snapshot/hashes_{table.name}")
        if table.referenced_as:
            need(f"load/lookup_{table.name}")
    assert not missing, missing


def test_declarations_agree_with_each_other():
    """A property has one graph type whatever table writes it (the bulk importer types it by name);
    snapshot orders are distinct; every relationship a node table writes from a column has a word."""
    types: dict[str, set[str]] = {}
    for table in TABLES:
        for column in table.columns:
            types.setdefault(column.property, set()).add(GRAPH_TYPES.get(column.kind, "string"))
    assert not {p: t for p, t in types.items() if len(t) > 1}
    orders = [t.snapshot.order for t in TABLES if t.snapshot.policy == ENDED]
    assert len(orders) == len(set(orders))
    for table in TABLES:
        for step in table.steps:
            if step.pair:
                assert step.word or (step.needs and table.column(step.needs[0]).kind == "reference"), step
        if table.is_node_table:
            assert node_shape(table) is not None and node_shape(table).key == table.key
