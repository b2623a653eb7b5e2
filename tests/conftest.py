"""Test fixtures: a real Neo4j, started for the test session on a free port in a throw-away folder.

The Neo4j jars are installed once into the repository's `var/neo4j-dist` (as `make test` does) and
shared; the data directory is new for every session and removed afterwards. The server is stopped in
the fixture's teardown, so it stops even when tests fail. Nothing here mocks the driver. What tests
share besides fixtures lives in tests/helpers/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from graph import clock, server
from graph.connection import Graph
from graph.schema import init_schema
from graph.settings import Settings
from tests.helpers.graphs import SAMPLE, TEST_TODAY, test_settings, wipe

# "Today" for every test, the app and the CLI they run: the sample county's as-of date, whatever the
# machine's clock says (graph/clock.py). A test about "the default is today" compares with
# clock.today(), never with the machine's date.
os.environ[clock.TODAY_VARIABLE] = TEST_TODAY.isoformat()


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory) -> Settings:
    """Settings pointing at a local Neo4j that runs for the whole test session."""
    data_dir = tmp_path_factory.mktemp("neo4j")
    settings = test_settings(data_dir)
    server.start(settings.neo4j)
    try:
        yield settings
    finally:
        try:
            server.stop(settings.neo4j)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def session_graph(neo4j_settings) -> Graph:
    graph = Graph.connect(neo4j_settings)
    yield graph
    graph.close()


@pytest.fixture
def graph(session_graph) -> Graph:
    """A Graph on an empty database with the schema initialised."""
    wipe(session_graph)
    init_schema(session_graph)
    return session_graph


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    if not SAMPLE.exists():
        pytest.fail(f"找不到样例数据 {SAMPLE}（设置 BANGFU_SHARED 指向 shared/ 目录）")
    return SAMPLE
