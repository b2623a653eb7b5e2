"""Test fixtures: a real Neo4j, started for the test session on a free port in a throw-away folder.

The Neo4j jars are installed once into the repository's `var/neo4j-dist` (as `make test` does) and
shared; the data directory is new for every session (in memory where the machine has /dev/shm) and
removed afterwards. The server starts in the background as soon as collection shows that a test needs
it, and is stopped at the session's end, even when tests fail. Nothing here mocks the driver. What
tests share besides fixtures lives in tests/helpers/.

Modules run in an order that shares work: first those that need no database (while the server
starts), then those that read a shared county (tests/helpers/counties.py), grouped so that each county
is loaded once, then the rest. Under pytest-xdist (`make test-fast` runs two workers, each a session
of its own with its own Neo4j, since Community has one user database) whole modules go to a worker in
that order (`--dist loadfile --no-loadscope-reorder`), so each worker still loads each county once or
twice; each worker's summary of its shared counties ends the run's report.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

import loaders.columnar
from graph import clock, pii
from graph.connection import Graph
from graph.schema import init_schema
from graph.settings import Settings
from tests.helpers.counties import LAYERS, ORDER, Counties
from tests.helpers.graphs import SAMPLE, TEST_TODAY, wipe
from tests.helpers.session_server import BackgroundServer
from tests.helpers.web import findings  # noqa: F401 — every module's scan for unmasked personal data

# "Today" for every test, the app and the CLI they run: the sample county's as-of date, whatever the
# machine's clock says (graph/clock.py). A test about "the default is today" compares with
# clock.today(), never with the machine's date.
os.environ[clock.TODAY_VARIABLE] = TEST_TODAY.isoformat()
# Every CSV a test loads is read as columns where it can be (loaders/columnar.py), however small: the
# row path it replaces is held beside it in tests/test_columnar_rows.py, and the CLI's own processes
# (tests that run `bangfu`) keep the size limit, so both ways are used by the suite.
loaders.columnar.MIN_BYTES = 0
# One key for the session's database (graph/pii.py), whatever home a test or a CLI run uses: made by the
# first load (an empty graph gets its key), in a folder of its own that goes with the session.
SESSION_KEYS = os.environ[pii.KEY_DIR_VARIABLE] = tempfile.mkdtemp(prefix="bangfu-test-keys-")

SERVER = pytest.StashKey[BackgroundServer]()
SHARED = pytest.StashKey[Counties]()
WORKER_REPORTS = pytest.StashKey[list[str]]()  # each xdist worker's sharing_report
COUNTY_FIXTURES = {f"{name}_county": rank for rank, name in enumerate(ORDER)}
# Modules that read a shared county but also change it (a load, a recorded check, a saved query): they
# run after the county's other readers, so that only the next county is loaded afresh. The run's
# report names the modules that changed a shared county; keep this list in step with it.
SHARED_COUNTY_WRITERS = {
    "tests/test_security_web.py",
    "tests/test_stored_queries.py",
    "tests/test_web_cache.py",
    "tests/test_webapp_pages.py",
    "tests/test_entity_pages.py",
    "tests/test_activity_rules.py",
    "tests/test_roster_roundtrip.py",  # exports the shared sample, then loads the exports
}
# Modules that create or drop an index or constraint: Neo4j then forgets every query plan it has made,
# and planning is most of the server's work in a test run (a check of the sample county: 0.7 s with
# its plans, 11 s without). They run after every other module. The run's report names the modules
# that changed the schema (SCHEMA_CHANGES); keep this list in step with it.
SCHEMA_CHANGERS = {"tests/test_foundation.py"}
SCHEMA_CHANGES = pytest.StashKey[list[str]]()


def pytest_configure(config) -> None:
    config.stash[SERVER] = BackgroundServer()


def pytest_collection_modifyitems(session, config, items) -> None:
    """Modules without the database first, then the shared counties' readers in ORDER (those that also
    change their county last), then the rest, and those that change the schema at the very end; the
    tests of a module keep their order."""

    def module_of(item) -> str:
        return item.nodeid.split("::")[0]

    fixtures: dict[str, set[str]] = {}
    for item in items:
        fixtures.setdefault(module_of(item), set()).update(item.fixturenames)

    def rank(names: set[str]) -> int:
        if "neo4j_settings" not in names:
            return -1
        return min((r for f, r in COUNTY_FIXTURES.items() if f in names), default=len(COUNTY_FIXTURES))

    by_module = {
        module: (module in SCHEMA_CHANGERS, rank(names), module in SHARED_COUNTY_WRITERS)
        for module, names in fixtures.items()
    }
    position = {module: i for i, module in enumerate(by_module)}
    items.sort(key=lambda item: (by_module[module_of(item)], position[module_of(item)]))


def pytest_collection_finish(session) -> None:
    if any("neo4j_settings" in item.fixturenames for item in session.items):
        session.config.stash[SERVER].begin()


def _summary(config) -> str:
    lines = [config.stash[SHARED].sharing_report()] if SHARED in config.stash else []
    if changed := config.stash.get(SCHEMA_CHANGES, []):
        lines.append("改动了数据库结构的模块（查询计划随之作废，应排在最后）：" + "、".join(changed))
    return "\n".join(lines)


def pytest_sessionfinish(session) -> None:
    """A pytest-xdist worker hands its summary to the controller, which prints it."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["sharing_report"] = _summary(session.config)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    report = getattr(node, "workeroutput", {}).get("sharing_report")
    if report:
        node.config.stash.setdefault(WORKER_REPORTS, []).append(f"{node.gateway.id}：{report}")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    for line in [_summary(config), *config.stash.get(WORKER_REPORTS, [])]:
        if line:
            terminalreporter.write_line(line)


def pytest_unconfigure(config) -> None:
    config.stash[SERVER].end()
    shutil.rmtree(SESSION_KEYS, ignore_errors=True)  # the session's key goes with its database


@pytest.fixture(scope="session")
def neo4j_settings(pytestconfig) -> Settings:
    """Settings pointing at the local Neo4j that runs for the whole test session."""
    return pytestconfig.stash[SERVER].ready()


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


def _schema(graph: Graph) -> set[tuple]:
    """The indexes and constraints, by name and id (a dropped and re-created one has a new id); not the
    two lookup indexes every new database has."""
    return {
        (row["name"], row["id"])
        for show in (
            "SHOW INDEXES YIELD name, id, type WHERE type <> 'LOOKUP' RETURN name, id",
            "SHOW CONSTRAINTS YIELD name, id",
        )
        for row in graph.run_admin(show)
    }


@pytest.fixture(scope="module", autouse=True)
def schema_watch(request):
    """For a module that uses the database: whether it created or dropped an index or constraint
    (ignoring the session's first schema, made on the empty database), for the run's report."""
    module = request.node
    if not any(
        "neo4j_settings" in item.fixturenames
        for item in request.session.items
        if item.getparent(pytest.Module) is module
    ):
        yield
        return
    graph = request.getfixturevalue("session_graph")
    before = _schema(graph)
    yield
    if before and _schema(graph) != before:
        request.config.stash.setdefault(SCHEMA_CHANGES, []).append(request.module.__name__)


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    if not SAMPLE.exists():
        pytest.fail(f"找不到样例数据 {SAMPLE}（设置 BANGFU_SHARED 指向 shared/ 目录）")
    return SAMPLE


@pytest.fixture(scope="session")
def counties(session_graph, sample_dir, pytestconfig) -> Counties:
    shared = Counties(session_graph, sample_dir)
    pytestconfig.stash[SHARED] = shared  # its summary ends the run's report
    return shared


def _county_fixture(name: str):
    """The module-scoped fixture `<name>_county`: a shared county for a module that only reads it."""

    def county(counties, request) -> Graph:
        with counties.reading(name, request.module.__name__) as graph:
            yield graph

    county.__doc__ = LAYERS[name].about
    return pytest.fixture(scope="module", name=f"{name}_county")(county)


# sample_county, sample_web_county, entity_county, activity_county, activity_web_county,
# monitoring_county, monitoring_web_county
for _name in LAYERS:
    globals()[f"{_name}_county"] = _county_fixture(_name)
