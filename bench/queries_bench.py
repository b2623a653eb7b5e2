"""Time every saved query (shipped and rules) on a generated demo roster of N households.

    .venv/bin/python bench/queries_bench.py 100000

Starts a throw-away local Neo4j on a free port (removed afterwards), generates the roster with
`loaders.demo.generate`, loads it, then runs each query with its defaults (required parameters picked
from the graph) and, where it has an optional region, limited to one township. Prints seconds, rows
and whether the row limit cut the result.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from conftest import _test_settings  # noqa: E402

from graph import server  # noqa: E402
from graph.connection import Graph  # noqa: E402
from graph.queries import QueryRunner  # noqa: E402
from graph.schema import init_schema  # noqa: E402
from loaders.api import load_roster  # noqa: E402
from loaders.demo import generate  # noqa: E402

AS_OF = dt.date(2026, 11, 22)
PICK = """
MATCH (t:Township) WITH t LIMIT 1
MATCH (t)<-[:PART_OF]-(v:Village) WITH t, v LIMIT 1
MATCH (u:Unit)-[:ASSIGNED_TO]->() WITH t, v, u LIMIT 1
MATCH (p:Person)-[:HELPS]->(h:Household) WITH t, v, u, p, h LIMIT 1
MATCH (q:Person)-[:ASSIGNED_TO]->() WHERE q <> p WITH t, v, u, p, h, q LIMIT 1
RETURN t.code AS t, v.code AS v, u.code AS u, p.person_id AS p, h.household_id AS h, q.person_id AS q
"""


def main(households: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="bangfu-qbench-"))
    settings = _test_settings(work / "neo4j")
    server.start(settings.neo4j)
    try:
        generate(work / "roster", households, as_of=AS_OF)
        graph = Graph.connect(settings)
        init_schema(graph)
        started = time.time()
        assert load_roster(graph, [work / "roster"], today=AS_OF).ok
        print(f"loaded {households} households in {time.time() - started:.1f} s")
        pick = graph.read(PICK)[0]
        values = {
            "township": pick["t"],
            "village": pick["v"],
            "unit": pick["u"],
            "person": pick["p"],
            "household": pick["h"],
            "person_a": pick["p"],
            "person_b": pick["q"],
            "region": pick["t"],
            "name": "王",
        }
        runner = QueryRunner(graph, settings)
        for query in runner.catalogue:
            base = {p.name: values[p.name] for p in query.params if p.required}
            if query.param("as_of"):
                base["as_of"] = AS_OF.isoformat()
            variants = [("default", base)]
            region = query.param("region")
            if region is not None and not region.required:
                variants.append(("township", {**base, "region": pick["t"]}))
            for label, params in variants:
                started = time.time()
                result = runner.run(query, params)
                print(
                    f"{query.name:36s} {label:9s} {time.time() - started:6.2f} s  rows {len(result.rows):6d}"
                    + ("  (cut at row limit)" if result.truncated else "")
                )
    finally:
        server.stop(settings.neo4j)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or ["10000"]:
        main(int(n))
