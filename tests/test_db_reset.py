"""Starting over, on private local servers (they are stopped, emptied and started, so they cannot be the
session's shared one): `bangfu db reset` backs up and empties, and `bangfu db start` repairs a data
folder that no longer matches the password file instead of failing to log in (issue 21)."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil

import pytest
from click.testing import CliRunner

from graph import audit, audit_chain, server
from graph import backup as backups
from graph.cli.db import db_group
from graph.connection import Graph
from graph.context import AppContext
from graph.schema import init_schema
from tests.helpers.graphs import test_settings
from webapp import users

pytestmark = [pytest.mark.slow, pytest.mark.server]  # each test starts and stops its own server several times


def _settings(home):
    """Test settings whose home (backups, first-admin.txt) is the server's folder, not the repository's
    var/."""
    return dataclasses.replace(test_settings(home), home=home)


def _cli(settings, *args, input: str | None = None):
    app = AppContext(settings)
    try:
        return CliRunner().invoke(db_group, list(args), obj=app, input=input, catch_exceptions=True)
    finally:
        app.close()


def _marks(settings) -> list[str]:
    with Graph.connect(settings) as graph:
        return sorted(r["name"] for r in graph.read("MATCH (m:TestMark) RETURN m.name AS name"))


def _mark(settings, name: str) -> None:
    with Graph.connect(settings) as graph:
        graph.write("CREATE (:TestMark {name: $name})", {"name": name})


def test_start_repairs_a_data_folder_deleted_by_hand_or_copied_from_elsewhere(tmp_path):
    home = tmp_path / "a"
    settings = _settings(home)
    neo = settings.neo4j
    # reset of a server that never ran: nothing to back up; it is started (schema, audit) and stopped again
    result = _cli(settings, "reset", "--yes")
    assert result.exit_code == 0, (result.output, result.exception)
    assert "无需备份" in result.output and "Neo4j 已停止" in result.output, result.output
    assert server.running_pid(neo) is None and not (home / "backups").exists()

    # what a new user tried: delete the data folder, keep the password file, start again
    shutil.rmtree(home / "data")
    result = _cli(settings, "start")
    try:
        assert result.exit_code == 0, (result.output, result.exception)
        assert "已不存在" in result.output and "bangfu db reset" in result.output, result.output
        assert _marks(settings) == []  # a new, empty database that accepts our password
        _mark(settings, "second")
    finally:
        server.stop(neo)

    # another installation's data folder (its own password file and marker) given this store
    other = tmp_path / "b"
    shutil.copytree(home, other)
    password = "another-installations-password"
    (other / "password").write_text(password + "\n")
    (other / server.PASSWORD_MARKER).write_text(hashlib.sha256(password.encode()).hexdigest() + "\n")
    copied = _settings(other)
    result = _cli(copied, "start")
    try:
        assert result.exit_code == 0, (result.output, result.exception)
        assert "来自别处或被替换过" in result.output, result.output
        assert _marks(copied) == ["second"]
    finally:
        server.stop(copied.neo4j)


def test_reset_backs_up_then_empties_and_the_backup_restores(tmp_path):
    settings = _settings(tmp_path / "home")
    neo = settings.neo4j
    server.start(neo)
    try:
        with Graph.connect(settings) as graph:
            init_schema(graph)
            users.add_user(graph, "zhangsan", "analyst", "Zhangsan-2024-pw")
            for _ in range(3):
                audit.record(graph, "zhangsan", "login")
            audit_chain.write_anchor(settings.home, audit_chain.head(graph))  # as a backup does
        _mark(settings, "data")
        settings.first_admin_file.parent.mkdir(parents=True, exist_ok=True)
        settings.first_admin_file.write_text("用户名：admin\n密码：old\n")

        refused = _cli(settings, "reset", input="n\n")
        assert refused.exit_code != 0 and "确定吗" in refused.output, refused.output
        assert _marks(settings) == ["data"]

        archive = tmp_path / "清空前.tar.gz"
        result = _cli(settings, "reset", "--yes", "--backup", str(archive))
        assert result.exit_code == 0, (result.output, result.exception)
        assert f"已备份到 {archive}" in result.output and "网页账号已一并清空" in result.output
        assert server.running_pid(neo) is not None  # it was running: it runs again
        assert backups.read_manifest(archive)["files"]
        assert not settings.first_admin_file.exists()  # the account it named is gone
        with Graph.connect(settings) as graph:
            assert (
                graph.read(
                    "MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:AuditEvent AND NOT n:AuditChain "
                    "RETURN count(n) AS c"
                )[0]["c"]
                == 0
            )
            assert audit_chain.verify(graph, settings.home).ok  # the old log's anchors no longer apply
            events = graph.read("MATCH (e:AuditEvent) RETURN e.action AS action, e.detail AS detail")
            assert [e["action"] for e in events] == ["db_reset"] and str(archive) in events[0]["detail"]
            assert users.list_users(graph) == []

        restored = _cli(settings, "restore", str(archive), "--stop")
        assert restored.exit_code == 0, (restored.output, restored.exception)
        assert _marks(settings) == ["data"]
        with Graph.connect(settings) as graph:
            assert [u["username"] for u in users.list_users(graph)] == ["zhangsan"]
    finally:
        server.stop(neo)
