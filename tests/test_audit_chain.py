"""The audit log's hash chain (graph/audit_chain.py) against the real Neo4j: `bangfu audit verify` exits
0 on an untouched log, and 1, naming the entry in Chinese, after any property of one entry is changed,
added or removed straight in Neo4j, after an entry is deleted or inserted, and after the tail is cut
(caught by the head kept in the chain node, or by the anchor written outside the database with a
backup). Concurrent writers append one after the other; the log written before the chain is chained
once by `db init`."""

from __future__ import annotations

import dataclasses
import json
import threading

import pytest
from click.testing import CliRunner

from graph import audit, audit_chain
from graph.cli.audit import audit_group
from graph.context import AppContext
from graph.schema import init_schema

ENTRIES = 6


@pytest.fixture
def settings(neo4j_settings, tmp_path):
    return dataclasses.replace(neo4j_settings, home=tmp_path)


@pytest.fixture
def logged(graph):
    for i in range(ENTRIES):
        audit.record(graph, f"user{i}", "login", {"n": i, "路径": "/甲"}, remote_addr=f"10.0.0.{i}")
    return graph


def _verify(settings) -> tuple[int, str]:
    app = AppContext(settings)
    try:
        result = CliRunner().invoke(audit_group, ["verify"], obj=app, catch_exceptions=False)
    finally:
        app.close()
    return result.exit_code, result.output


def _tampered(settings, *words) -> str:
    code, output = _verify(settings)
    assert code == 1, output
    assert "审计日志已被篡改" in output
    for word in words:
        assert word in output, output
    return output


def test_untouched_log_verifies(logged, settings):
    code, output = _verify(settings)
    assert code == 0, output
    assert f"共 {ENTRIES} 条记录" in output
    rows = logged.read(
        "MATCH (e:AuditEvent) RETURN e.seq AS seq, e.prev_hash AS prev, e.hash AS h ORDER BY e.seq"
    )
    assert [r["seq"] for r in rows] == list(range(1, ENTRIES + 1))
    assert rows[0]["prev"] == "" and all(b["prev"] == a["h"] for a, b in zip(rows, rows[1:]))
    assert audit_chain.head(logged) == {"seq": ENTRIES, "hash": rows[-1]["h"]}
    assert audit.events(logged)[0]["username"] == f"user{ENTRIES - 1}"  # the log page reads as before


def test_empty_log_verifies(graph, settings):
    assert _verify(settings) == (0, "审计日志完好：共 0 条记录，哈希链连续，与 0 个备份时的链头一致。\n")


@pytest.mark.parametrize(
    "change",
    [
        "SET e.detail = e.detail + ' '",
        "SET e.username = 'someone_else'",
        "SET e.action = 'logout'",
        "SET e.remote_addr = '10.9.9.9'",
        "SET e.at = e.at + duration('PT1S')",
        "SET e.note = 'x'",
        "REMOVE e.remote_addr",
        "SET e.seq = 30",
        "SET e.prev_hash = 'x'",
        "SET e.hash = 'x'",
        "SET e:Changed",
    ],
)
def test_any_changed_property_is_reported(logged, settings, change):
    logged.write(f"MATCH (e:AuditEvent {{seq: 3}}) {change}")
    if change == "SET e:Changed":  # labels are not properties: the entry still reads the same
        assert _verify(settings)[0] == 0
        return
    _tampered(settings, "第 3 条")


def test_the_same_values_written_anew_are_no_change(logged, settings):
    logged.write("MATCH (e:AuditEvent {seq: 3}) SET e.at = datetime(toString(e.at)), e.detail = e.detail")
    assert _verify(settings)[0] == 0


def test_a_changed_entry_with_its_hash_recomputed_breaks_the_next_link(logged, settings):
    props = logged.read("MATCH (e:AuditEvent {seq: 3}) RETURN properties(e) AS p")[0]["p"]
    props["detail"] = "{}"
    props["hash"] = audit_chain.entry_hash(props)
    logged.write("MATCH (e:AuditEvent {seq: 3}) SET e = $p", {"p": props})
    _tampered(settings, "第 4 条记录与前一条不相连")


def test_a_deleted_entry_is_reported(logged, settings):
    logged.write("MATCH (e:AuditEvent {seq: 2}) DELETE e")
    _tampered(settings, "第 2 条记录已被删除")


def test_a_deleted_last_entry_is_reported(logged, settings):
    logged.write(f"MATCH (e:AuditEvent {{seq: {ENTRIES}}}) DELETE e")
    _tampered(settings, "末尾")


def test_an_inserted_entry_is_reported(logged, settings):
    logged.write(
        "CREATE (:AuditEvent {at: datetime(), username: 'ghost', action: 'login', detail: '', "
        "remote_addr: ''})"
    )
    _tampered(settings, "插入", "ghost")


def test_an_inserted_copy_with_a_number_is_reported(logged, settings):
    logged.write(
        "MATCH (e:AuditEvent {seq: 4}) CREATE (c:AuditEvent) SET c = properties(e), c.username = 'ghost'"
    )
    _tampered(settings, "第 4 条", "插入")


def test_a_cut_and_rewritten_tail_is_caught_by_the_anchor_outside(logged, settings):
    audit_chain.write_anchor(settings.home, audit_chain.head(logged))  # as `bangfu db backup` does
    assert _verify(settings)[0] == 0
    # the last two entries removed and the head moved back, as someone with the password could
    last = logged.read("MATCH (e:AuditEvent {seq: $s}) RETURN e.hash AS h", {"s": ENTRIES - 2})[0]["h"]
    logged.write("MATCH (e:AuditEvent) WHERE e.seq > $s DELETE e", {"s": ENTRIES - 2})
    logged.write("MATCH (h:AuditChain) SET h.seq = $s, h.head = $h", {"s": ENTRIES - 2, "h": last})
    _tampered(settings, "截断", f"第 {ENTRIES} 条")
    # a restore to an older backup starts the anchors anew from that backup's head
    audit_chain.write_anchor(settings.home, {"seq": ENTRIES - 2, "hash": last}, restored=True)
    assert _verify(settings)[0] == 0


def test_concurrent_writers_append_one_after_the_other(graph, settings):
    def write(worker: int) -> None:
        for i in range(15):
            audit.record(graph, f"w{worker}", "query", {"i": i})

    threads = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seqs = graph.read("MATCH (e:AuditEvent) RETURN e.seq AS s ORDER BY s")
    assert [r["s"] for r in seqs] == list(range(1, 91))
    assert _verify(settings)[0] == 0


def test_db_init_chains_the_log_written_before_the_chain_once(graph, settings):
    graph.write("MATCH (v:SchemaVersion) REMOVE v.audit_chained")  # a database of schema 8
    graph.write(
        "UNWIND range(1, 7) AS i CREATE (:AuditEvent {at: datetime() - duration({minutes: 10 - i}), "
        "username: 'old' + i, action: 'login', detail: '', remote_addr: ''})"
    )
    assert _verify(settings)[0] == 1  # not chained yet: says to run db init
    assert audit_chain.chain_existing(graph, batch=3) == 7  # in batches
    init_schema(graph)  # idempotent: nothing more to chain
    audit.record(graph, "new", "login")
    code, output = _verify(settings)
    assert code == 0 and "共 8 条" in output, output
    names = graph.read("MATCH (e:AuditEvent) RETURN e.username AS u ORDER BY e.seq")
    assert [r["u"] for r in names] == [f"old{i}" for i in range(1, 8)] + ["new"]  # oldest first
    graph.write("CREATE (:AuditEvent {at: datetime(), username: 'late', action: 'login'})")
    init_schema(graph)  # a later init never chains an insertion
    _tampered(settings, "插入", "late")


def test_anchor_command_writes_the_head_outside(logged, settings, tmp_path):
    app = AppContext(settings)
    try:
        archive = tmp_path / "备份.tar.gz"
        result = CliRunner().invoke(audit_group, ["anchor", "--backup", str(archive)], obj=app)
    finally:
        app.close()
    assert result.exit_code == 0 and f"第 {ENTRIES} 条" in result.output, result.output
    head = audit_chain.head(logged)
    assert audit_chain.read_anchors(settings.home) == [{**head, "backup": str(archive)}]
    assert json.loads((tmp_path / "备份.tar.gz.audit").read_text()) == head
