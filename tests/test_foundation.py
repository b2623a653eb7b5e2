"""The local Neo4j and the connection layer, against real servers (never a mocked driver)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cypher
from graph import server
from graph.connection import Graph
from graph.errors import AuthenticationFailed, DatabaseUnavailable, ServerError
from graph.schema import SCHEMA_VERSION, _has_nothing_to_do, init_schema, schema_version
from graph.settings import load_settings

REPO = Path(__file__).resolve().parent.parent


def _bangfu(*args, env=None, cwd=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bangfu", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=300,
    )


def test_server_binds_loopback_with_auth(neo4j_settings):
    neo = neo4j_settings.neo4j
    st = server.status(neo)
    assert st.running and st.pid
    mode = stat.S_IMODE(os.stat(neo.password_file).st_mode)
    assert mode == 0o600, oct(mode)
    # listening on loopback only: the local addresses of listening sockets on that port
    assert _listen_addresses(neo.bolt_port) == {"127.0.0.1"}


def _listen_addresses(port: int) -> set[str]:
    """Local addresses of sockets LISTENing on `port`, read from /proc (IPv4 and IPv6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr_hex, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:
                continue
            if len(addr_hex) == 8:
                found.add(".".join(str(b) for b in reversed(bytes.fromhex(addr_hex))))
            elif addr_hex.upper() == "0000000000000000FFFF00000100007F":
                found.add("127.0.0.1")  # IPv4-mapped loopback
            else:
                words = [bytes.fromhex(addr_hex[i : i + 8])[::-1].hex() for i in range(0, 32, 8)]
                found.add("ipv6:" + "".join(words))
    return found


def test_second_start_refused(neo4j_settings):
    with pytest.raises(ServerError, match="已在运行"):
        server.start(neo4j_settings.neo4j)


def test_wrong_password_is_a_clear_error(neo4j_settings):
    neo = neo4j_settings.with_neo4j(uri=neo4j_settings.neo4j.local_uri, password="wrong-password")
    with pytest.raises(AuthenticationFailed, match="用户名或密码错误"):
        Graph.connect(neo)
    default = neo4j_settings.with_neo4j(uri=neo4j_settings.neo4j.local_uri, password="neo4j")
    with pytest.raises(AuthenticationFailed):
        Graph.connect(default)
    # the server locks the user after repeated failures: that too is a plain message
    with pytest.raises(AuthenticationFailed, match="用户名或密码错误|暂时锁定"):
        Graph.connect(neo)
    _wait_for_auth_unlock(neo4j_settings)


def _wait_for_auth_unlock(settings, limit_s: float = 30.0) -> None:
    """Neo4j locks a user for a few seconds after failed logins; later tests need it open again."""
    deadline = time.monotonic() + limit_s
    while True:
        try:
            Graph.connect(settings).close()
            return
        except AuthenticationFailed:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def test_auth_required_without_credentials(neo4j_settings):
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError

    driver = GraphDatabase.driver(neo4j_settings.neo4j.local_uri, auth=None)
    try:
        with pytest.raises(AuthError):
            driver.execute_query("RETURN 1")
    finally:
        driver.close()


def test_server_down_is_a_clear_error(neo4j_settings):
    neo = neo4j_settings.with_neo4j(uri=f"bolt://127.0.0.1:{server.free_port()}", password="x")
    with pytest.raises(DatabaseUnavailable, match="无法连接"):
        Graph.connect(neo)


def test_cli_messages_not_tracebacks(neo4j_settings):
    result = _bangfu(
        "db", "status", env={"NEO4J_URI": neo4j_settings.neo4j.local_uri, "NEO4J_PASSWORD": "wrong"}
    )
    assert result.returncode == 1
    assert "用户名或密码错误" in result.stderr and "Traceback" not in result.stderr
    _wait_for_auth_unlock(neo4j_settings)


def test_schema_init_idempotent(graph):
    before = graph.run_admin("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name")
    indexes_before = graph.run_admin("SHOW INDEXES YIELD name RETURN name ORDER BY name")
    report = init_schema(graph)
    assert (report.constraints_added, report.indexes_added, report.version_changed) == (0, 0, False)
    assert graph.run_admin("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name") == before
    assert graph.run_admin("SHOW INDEXES YIELD name RETURN name ORDER BY name") == indexes_before
    assert schema_version(graph) == SCHEMA_VERSION
    assert graph.read("MATCH (v:SchemaVersion) RETURN count(v) AS n")[0]["n"] == 1


def test_schema_init_on_empty_database_creates_everything(graph):
    graph.run_admin("MATCH (n) DETACH DELETE n")
    for row in graph.run_admin("SHOW CONSTRAINTS YIELD name RETURN name"):
        graph.run_admin(f"DROP CONSTRAINT {row['name']}")  # names come from the server, not a user
    for row in graph.run_admin("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"):
        graph.run_admin(f"DROP INDEX {row['name']} IF EXISTS")
    report = init_schema(graph)
    assert report.constraints_added >= 8 and report.indexes_added >= 5 and report.version_changed
    with pytest.raises(Exception):
        graph.write("CREATE (:Person {person_id: 'P1'}), (:Person {person_id: 'P1'})")


def test_schema_init_recreates_what_is_missing_and_drops_what_is_obsolete(graph):
    """init skips the statements with nothing to do: a missing index among present ones still comes
    back, and an index the schema drops is still dropped."""
    graph.run_admin("DROP INDEX person_name")
    graph.run_admin("CREATE INDEX assigned_role IF NOT EXISTS FOR ()-[r:ASSIGNED_TO]-() ON (r.role)")
    report = init_schema(graph)
    names = {row["name"] for row in graph.run_admin("SHOW INDEXES YIELD name")}
    assert report.indexes_added == 1 and "person_name" in names and "assigned_role" not in names


def test_every_schema_statement_is_named_so_init_can_skip_it():
    """A statement init cannot recognise would run on every init (a schema transaction each): each
    create is skipped exactly when its own name exists, each drop exactly when its name is absent."""
    for statement in cypher.statements("schema/schema"):
        if statement.upper().startswith("CREATE"):
            own = statement.split(" IF NOT EXISTS")[0].split()[-1]
            skipped_when, run_when = {own}, set()
        else:
            own = statement.split(" IF EXISTS")[0].split()[-1]
            skipped_when, run_when = set(), {own}
        assert _has_nothing_to_do(statement, skipped_when), statement
        assert not _has_nothing_to_do(statement, run_when), statement


def test_neo4j_uri_is_honoured_with_routing_scheme(neo4j_settings):
    """NEO4J_URI wins over the local server; neo4j:// (routing) works against it, reads route."""
    password = neo4j_settings.neo4j.password_file.read_text().strip()
    env = {
        "NEO4J_URI": f"neo4j://127.0.0.1:{neo4j_settings.neo4j.bolt_port}",
        "NEO4J_PASSWORD": password,
        "NEO4J_DATABASE": "neo4j",
        "BANGFU_BOLT_PORT": str(server.free_port()),
    }
    settings = load_settings(env=env)
    assert settings.neo4j.is_external and settings.neo4j.database == "neo4j"
    with Graph.connect(settings) as g:
        assert g.read("RETURN 1 AS x") == [{"x": 1}]
        g.write("MERGE (t:UriProbe {id: 1})")
        assert g.read("MATCH (t:UriProbe) RETURN count(t) AS n") == [{"n": 1}]
        g.write("MATCH (t:UriProbe) DELETE t")
    result = _bangfu("db", "status", env=env)
    assert result.returncode == 0, result.stderr
    assert "外部" in result.stdout and "Neo4j/5.26" in result.stdout
    result = _bangfu("db", "start", env=env)
    assert result.returncode == 1 and "NEO4J_URI" in result.stderr


def test_unknown_database_is_a_clear_error(neo4j_settings):
    password = neo4j_settings.neo4j.password_file.read_text().strip()
    settings = neo4j_settings.with_neo4j(
        uri=neo4j_settings.neo4j.local_uri, password=password, database="nosuchdb"
    )
    with Graph.connect(settings, verify=False) as g:
        with pytest.raises(Exception, match="nosuchdb"):
            g.read("RETURN 1")


@pytest.mark.server
def test_start_stop_status_lifecycle_and_port_taken(tmp_path, neo4j_settings):
    """A second server of our own: start, status, refuse a taken port, stop cleanly, restart keeps data."""
    neo = neo4j_settings.neo4j.__class__(
        data_dir=tmp_path / "n2",
        dist_dir=neo4j_settings.neo4j.dist_dir,
        bolt_port=server.free_port(),
        heap="512m",
        pagecache="128m",
    )
    env = {"BANGFU_HOME": str(tmp_path), "BANGFU_BOLT_PORT": str(neo4j_settings.neo4j.bolt_port)}
    # the fixture's port is taken: a plain-words refusal
    taken = _bangfu("db", "start", env={**env, "BANGFU_HOME": str(tmp_path / "other")})
    assert taken.returncode == 1 and "已被其他程序占用" in taken.stderr, taken.stderr
    assert server.status(neo).running is False
    result = server.start(neo, install_if_needed=False)
    try:
        assert server.status(neo).running
        first_password = neo.password_file.read_text()
        with Graph.connect(neo) as g:
            g.write("CREATE (:Keep {v: 42})")
        assert server.stop(neo) is True
        assert server.status(neo).running is False
        assert server.stop(neo) is False
        log = server.console_log(neo).read_text()
        assert "BANGFU-NEO4J STOPPED" in log  # shut down by its hook, not killed
        server.start(neo, install_if_needed=False)
        assert neo.password_file.read_text() == first_password
        with Graph.connect(neo) as g:
            assert g.read("MATCH (k:Keep) RETURN k.v AS v") == [{"v": 42}]
    finally:
        server.stop(neo)
    assert result.pid


def test_settings_file_sets_the_export_limit_and_names_an_unknown_setting(tmp_path):
    cfg = tmp_path / "bangfu.toml"
    cfg.write_text("export_max_nodes = 300\nload_batch_size = 1000\n", encoding="utf-8")
    settings = load_settings(cfg, env={})
    assert (settings.export_max_nodes, settings.load_batch_size) == (300, 1000)
    cfg.write_text("export_max_node = 300\n", encoding="utf-8")  # a typo must not be ignored silently
    with pytest.raises(ValueError, match="export_max_node"):
        load_settings(cfg, env={})


def test_server_config_and_jvm_options_reach_the_local_server(tmp_path, session_graph):
    """[neo4j] server_config and jvm_options (lists in the file, tuples in Settings) are what the
    local server runs with: the test server's own keep query plans across wipes (tests/helpers/graphs.py)."""
    cfg = tmp_path / "bangfu.toml"
    cfg.write_text(
        '[neo4j]\njvm_options = ["-XX:TieredStopAtLevel=1"]\n'
        'server_config = ["dbms.cypher.min_replan_interval=1h"]\n',
        encoding="utf-8",
    )
    neo = load_settings(cfg, env={}).neo4j
    assert neo.jvm_options == ("-XX:TieredStopAtLevel=1",)
    assert neo.server_config == ("dbms.cypher.min_replan_interval=1h",)
    rows = session_graph.run_admin(
        "CALL dbms.listConfig('dbms.cypher.statistics_divergence_threshold') YIELD name, value "
        "RETURN name, value"
    )
    assert [r["value"] for r in rows] == ["1.0"]
