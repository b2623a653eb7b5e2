"""`bangfu db backup` / `restore` on a private local server (it is stopped and started, so it cannot be
the session's shared one): the restored graph equals the backed-up one, a bad archive is refused in
Chinese with the store untouched, and a remote server is sent to `bangfu export roster`."""

from __future__ import annotations

import dataclasses
import io
import json
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import audit, audit_chain, server
from graph import backup as backups
from graph.cli.db import db_group
from graph.connection import Graph
from graph.context import AppContext
from graph.errors import BangfuError
from graph.schema import SCHEMA_VERSION, init_schema
from loaders.api import load_roster
from tests.helpers.graphs import test_settings
from tests.helpers.roundtrip import AS_OF, answers, counts

pytestmark = [pytest.mark.slow, pytest.mark.server]  # starts and stops its own server several times


def _cli(settings, *args):
    app = AppContext(settings)
    try:
        return CliRunner().invoke(db_group, list(args), obj=app, catch_exceptions=True)
    finally:
        app.close()


def _state(settings) -> dict:
    with Graph.connect(settings) as graph:
        return {"counts": counts(graph), **answers(graph)}


def _refused(result, *words) -> str:
    assert result.exit_code != 0
    assert isinstance(result.exception, BangfuError), result.exception
    message = result.exception.message
    for word in words:
        assert word in message, message
    return message


@pytest.fixture(scope="module")
def private(tmp_path_factory, sample_dir):
    """A server of our own with the sample loaded, and a backup of it taken by the CLI."""
    home = tmp_path_factory.mktemp("backup-neo4j")
    settings = dataclasses.replace(test_settings(home), home=home)  # anchors of the audit log go here
    server.start(settings.neo4j)
    try:
        with Graph.connect(settings) as graph:
            init_schema(graph)
            report = load_roster(graph, [sample_dir / "roster"], progress=False, today=AS_OF)
            assert report.written
            for i in range(3):
                audit.record(graph, f"user{i}", "login")
        before = _state(settings)
        archive = tmp_path_factory.mktemp("backups") / "图谱备份.tar.gz"
        result = _cli(settings, "backup", str(archive))
        assert result.exit_code == 0, (result.output, result.exception)
        assert "先停止本地 Neo4j" in result.output and "已重新启动" in result.output
        assert server.running_pid(settings.neo4j) is not None
        yield {"settings": settings, "before": before, "archive": archive, "home": home}
    finally:
        server.stop(settings.neo4j)


def _change_graph(settings) -> dict:
    with Graph.connect(settings) as graph:
        graph.write("MATCH (h:Household) WITH h ORDER BY h.household_id LIMIT 50 DETACH DELETE h")
        graph.write("MATCH (:Person)-[r:ASSIGNED_TO {role: '第一书记'}]->() WITH r LIMIT 3 DELETE r")
        graph.write("CREATE (:Region:Village {code: '419902999999', name: '新村', level: '村'})")
    return _state(settings)


def test_manifest_describes_the_archive(private):
    archive = private["archive"]
    manifest = backups.read_manifest(archive)
    assert manifest["neo4j_version"] == private["settings"].neo4j.version
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["created_at"] and manifest["files"]
    assert any(name.startswith("databases/neo4j/neostore") for name in manifest["files"])
    assert any(name.startswith("transactions/neo4j/") for name in manifest["files"])
    assert all(len(f["sha256"]) == 64 for f in manifest["files"].values())
    assert archive.stat().st_mode & 0o077 == 0
    sha = Path(f"{archive}.sha256").read_text().split()[0]
    assert sha == backups.sha256_of(archive)
    # the audit log's head, outside the database: in the manifest, beside the archive, in the anchors
    with Graph.connect(private["settings"]) as graph:
        head = audit_chain.head(graph)
    assert head["seq"] == 3 and manifest["audit_head"] == head
    assert json.loads(Path(f"{archive}.audit").read_text()) == head
    assert audit_chain.read_anchors(private["home"])[0]["hash"] == head["hash"]
    again = _cli(private["settings"], "backup", str(archive))
    _refused(again, "--overwrite")


def test_restore_gives_back_the_backed_up_graph_and_refuses_bad_archives(private, tmp_path):
    settings, archive = private["settings"], private["archive"]
    changed = _change_graph(settings)
    assert changed["counts"] != private["before"]["counts"]
    assert changed["check"] != private["before"]["check"]

    # running server: refused without --stop
    _refused(_cli(settings, "restore", str(archive)), "正在运行", "--stop")
    # a truncated archive: refused before the server is stopped; the store is untouched
    truncated = tmp_path / "截断.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    pid = server.running_pid(settings.neo4j)
    _refused(_cli(settings, "restore", str(truncated), "--stop"), "损坏或不完整", "保持不变")
    assert server.running_pid(settings.neo4j) == pid
    assert _state(settings) == changed
    assert not list(private["home"].glob(".restore-*"))

    result = _cli(settings, "restore", str(archive), "--stop")
    assert result.exit_code == 0, (result.output, result.exception)
    assert "已从" in result.output and "已重新启动" in result.output
    assert _state(settings) == private["before"]
    assert settings.neo4j.password_file.exists()
    # the restored log verifies: the anchors start again from the archive's head
    assert audit_chain.read_anchors(private["home"])[0]["restored"]
    with Graph.connect(settings) as graph:
        assert audit_chain.verify(graph, private["home"]).ok
    assert not list(private["home"].glob(".restore-*"))


def _rewrite(archive: Path, out: Path, *, manifest=None, member=None, extra: tarfile.TarInfo | None = None):
    """A copy of `archive` with the manifest changed, one store file's bytes changed, or a member added."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for info in src:
            data = src.extractfile(info).read() if info.isfile() else None
            if info.name == backups.MANIFEST and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
                info.size = len(data)
            elif member is not None and info.name == member:
                data = bytes([data[0] ^ 0xFF]) + data[1:]
            dst.addfile(info, io.BytesIO(data) if data is not None else None)
        if extra is not None:
            dst.addfile(extra, io.BytesIO(b"x" * extra.size))


def test_mismatched_or_tampered_archives_are_refused(private, tmp_path):
    settings, archive = private["settings"], private["archive"]
    stopped = dataclasses.replace(settings.neo4j, data_dir=tmp_path / "elsewhere")  # never touched
    cases = []
    older = tmp_path / "older.tar.gz"
    _rewrite(archive, older, manifest=lambda m: {**m, "neo4j_version": "4.4.30"})
    cases.append((older, "Neo4j 4.4.30"))
    newer = tmp_path / "newer.tar.gz"
    _rewrite(archive, newer, manifest=lambda m: {**m, "schema_version": SCHEMA_VERSION + 1})
    cases.append((newer, "升级 bangfu"))
    other = tmp_path / "other.tar.gz"
    _rewrite(archive, other, manifest=lambda m: {**m, "format": "something-else"})
    cases.append((other, "不是 bangfu 的数据库备份"))
    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(archive, tampered, member="store/databases/neo4j/neostore.nodestore.db")
    cases.append((tampered, "校验值不符"))
    escape = tarfile.TarInfo("store/../../../outside.txt")
    escape.size = 3
    traversal = tmp_path / "traversal.tar.gz"
    _rewrite(archive, traversal, extra=escape)
    cases.append((traversal, "不应出现的条目"))
    for bad, words in cases:
        with pytest.raises(backups.BackupError, match=words):
            backups.restore(stopped, bad, code_schema_version=SCHEMA_VERSION, echo=lambda _: None)
        assert not (tmp_path / "outside.txt").exists()
        assert not (stopped.data_dir / "data").exists()


def test_restore_onto_a_new_home(private, tmp_path):
    """The backup opens on another installation (another system database, another password)."""
    settings = test_settings(tmp_path / "new-home")
    result = _cli(settings, "restore", str(private["archive"]))
    assert result.exit_code == 0, (result.output, result.exception)
    assert "bangfu db start" in result.output
    server.start(settings.neo4j)
    try:
        assert _state(settings) == private["before"]
    finally:
        server.stop(settings.neo4j)


def test_remote_server_is_not_ours_to_back_up(tmp_path):
    settings = test_settings(tmp_path).with_neo4j(uri="neo4j://db.example:7687", password="x")
    for args in (("backup", str(tmp_path / "b.tar.gz")), ("restore", str(tmp_path / "b.tar.gz"))):
        message = _refused(_cli(settings, *args), "NEO4J_URI", "bangfu export roster")
        assert "远程服务器的备份由该服务器负责" in message
    assert not (tmp_path / "b.tar.gz").exists()
