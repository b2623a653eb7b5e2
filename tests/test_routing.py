"""Everything bangfu runs works through a `neo4j://` routing URI and a named database.

A cluster is reached through `neo4j://` (the driver asks a router for the routing table, sends
writes to the leader and reads to followers/read replicas). The embedded single server of the tests
answers those routing requests itself (its Bolt connector advertises 127.0.0.1:PORT), so the same
code path — routing driver, `database=` on every session, reads as read transactions — runs here:
load, check, coverage, a saved query and the web app's overview, configured only through the
environment a ministry's operator would set (NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE).
"""

from __future__ import annotations

import json
import re

import neo4j
import pytest
from click.testing import CliRunner

from bangfu.cli import cli
from graph.connection import Graph
from graph.errors import BangfuError
from graph.settings import load_settings
from tests.helpers.graphs import wipe
from webapp import create_app, users

AS_OF = "2026-11-22"


@pytest.fixture(scope="module")
def routing_env(neo4j_settings, session_graph, tmp_path_factory):
    wipe(session_graph)
    neo = neo4j_settings.neo4j
    home = tmp_path_factory.mktemp("home")
    return {
        "NEO4J_URI": f"neo4j://127.0.0.1:{neo.bolt_port}",
        "NEO4J_USER": "neo4j",
        "NEO4J_PASSWORD": neo.password_file.read_text(encoding="utf-8").strip(),
        "NEO4J_DATABASE": "neo4j",
        "BANGFU_HOME": str(home),
        "BANGFU_CONFIG": "",
    }


def run(env, *args):
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result


def test_settings_and_driver_are_routing(routing_env):
    settings = load_settings(env=routing_env)
    assert settings.neo4j.is_external and settings.neo4j.database == "neo4j"
    with Graph.connect(settings) as graph:
        assert isinstance(graph.driver, neo4j.Neo4jDriver)  # the routing driver, not a direct one
        table = graph.run_admin("CALL dbms.routing.getRoutingTable({}, 'neo4j') YIELD servers RETURN servers")
        roles = {s["role"] for s in table[0]["servers"]}
        assert roles == {"WRITE", "READ", "ROUTE"}


def test_load_check_coverage_query_through_neo4j_uri(routing_env, sample_dir):
    init = run(routing_env, "db", "init")
    assert init.exit_code == 0, init.output
    loaded = run(routing_env, "load", "--no-progress", str(sample_dir / "roster"))
    assert loaded.exit_code == 0, loaded.output + loaded.stderr
    assert "households：导入 677 行" in loaded.output

    checked = run(routing_env, "check", "--as-of", AS_OF, "--format", "json")
    assert checked.exit_code == 1  # error-severity gaps exist in the sample
    got = json.loads(checked.output)
    expected = json.loads((sample_dir / "expected-check.json").read_text(encoding="utf-8"))
    assert got["summary"] == expected["summary"]
    assert {(v["rule"], v["subject_id"]) for v in got["violations"]} == {
        (v["rule"], v["subject_id"]) for v in expected["violations"]
    }

    coverage = run(routing_env, "coverage", "--level", "township", "--as-of", AS_OF, "--format", "json")
    assert coverage.exit_code == 0, coverage.output
    want = json.loads((sample_dir / "expected-coverage-township.json").read_text(encoding="utf-8"))
    assert [r["code"] for r in json.loads(coverage.output)["rows"]] == [r["code"] for r in want["rows"]]

    query = run(routing_env, "query", "run", "households_by_status", "--format", "json")
    assert query.exit_code == 0, query.output
    rows = json.loads(query.output)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    assert sum(r["户数"] for r in rows) == 677


def test_web_overview_through_neo4j_uri(routing_env):
    settings = load_settings(env=routing_env)
    app = create_app(settings)  # connects by itself, through neo4j://
    graph = app.extensions["bangfu_graph"]
    assert graph.uri.startswith("neo4j://") and graph.database == "neo4j"
    users.add_user(graph, "viewer9", "viewer", "viewer9-password")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"username": "viewer9", "password": "viewer9-password", "csrf_token": token}
    )
    assert response.status_code == 302
    page = client.get(f"/?as_of={AS_OF}").get_data(as_text=True)
    gaps = re.search(r'id="fig-gaps".*?<span class="num">(\d+)</span>', page, re.S).group(1)
    assert int(gaps) == 12
    graph.close()


def test_unknown_database_is_a_clear_error(routing_env):
    """Community edition has one user database (and system): another name is refused, in Chinese."""
    env = dict(routing_env, NEO4J_DATABASE="province41")
    result = CliRunner().invoke(cli, ["check", "--as-of", AS_OF], env=env)
    assert isinstance(result.exception, BangfuError)  # printed by bangfu.cli.main without a traceback
    assert "不存在数据库 'province41'" in result.exception.message
