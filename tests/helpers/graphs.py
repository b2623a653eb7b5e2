"""The test database: settings for a server of the test run, emptying it, the sample's folders."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from graph import server
from graph.connection import Graph
from graph.schema import init_schema
from graph.settings import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent.parent
SHARED = Path(os.environ.get("BANGFU_SHARED", REPO.parent / "shared"))
SAMPLE = SHARED / "sample"
# the day the tests take for today: the sample county's as-of date (spec/README.md)
TEST_TODAY = dt.date(2026, 11, 22)
# the test server's JVM (BANGFU_TEST_JVM_OPTIONS overrides, for measuring)
TEST_JVM_OPTIONS = "-XX:TieredStopAtLevel=1"
# Tests empty the database and load a county again many times; by default each time the statistics
# change that much, Neo4j plans every query again (seconds of CPU for the rules alone). A test
# county is small enough for any plan, so plans are kept for the session. BANGFU_TEST_SERVER_CONFIG
# adds settings (space-separated), for measuring, e.g. the planner's internal.cypher.idp_solver_* ones.
TEST_SERVER_CONFIG = (
    "dbms.cypher.statistics_divergence_threshold=1.0",
    "dbms.cypher.min_replan_interval=1h",
)


def test_settings(data_dir: Path) -> Settings:
    """Settings for a local Neo4j with its data in `data_dir` on a free port, small memory; the
    environment's NEO4J_* (a user's server) is ignored: tests only ever use their own server."""
    base = load_settings(env={k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")})
    return base.with_neo4j(
        uri=None,
        password=None,
        database=None,
        data_dir=data_dir,
        dist_dir=REPO / "var" / "neo4j-dist",
        bolt_port=server.free_port(),
        heap="1g",
        pagecache="512m",
        jvm_options=tuple(os.environ.get("BANGFU_TEST_JVM_OPTIONS", TEST_JVM_OPTIONS).split()),
        server_config=TEST_SERVER_CONFIG + tuple(os.environ.get("BANGFU_TEST_SERVER_CONFIG", "").split()),
    )


test_settings.__test__ = False  # a helper, not a test


def wipe(graph: Graph) -> None:
    graph.run_admin("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")


def fresh(graph: Graph) -> Graph:
    """The database emptied, with the schema of the graph model."""
    wipe(graph)
    init_schema(graph)
    return graph


def session_ring():
    """The key of the test session's database (BANGFU_KEY_DIR, set by tests/conftest.py; made if the
    session has not made it yet): what `bangfu load` seals with and `export roster` opens with."""
    from graph import pii

    return pii.create_key(Settings())[0]
