"""The audit log as a hash chain, so that changing, removing or inserting an entry shows.

Every `(:AuditEvent)` carries `seq` (1, 2, 3 …), `prev_hash` (the previous entry's `hash`, "" for the
first) and `hash`: the SHA-256 of all its other properties in a canonical form (sorted keys, times as
ISO text), so any property changed, added or removed changes it. One `(:AuditChain)` node holds the
head (last number and hash); an append locks it first, in the same transaction, so the web app's
threads and the CLI append one after the other and never fork the chain.

Someone with the database password could rewrite the whole chain from an edited entry on. That is why
the head is also written outside the database with each backup (`anchors.jsonl` under the home
folder, and `FILE.audit` beside the archive): `verify` checks every such anchor against the chain,
so a rewritten or cut chain no longer matches what was anchored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import neo4j

import cypher
from graph.connection import Graph

PAGE = 5000
ANCHORS = "anchors.jsonl"
# properties that are the chain itself, never part of what `hash` covers
HASH_KEY = "hash"


def _canonical(value):
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, float):
        return {"float": repr(value)}
    if hasattr(value, "iso_format"):  # neo4j temporal values
        return {type(value).__name__: value.iso_format()}
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return {type(value).__name__: str(value)}


def entry_hash(props: dict) -> str:
    """SHA-256 of every property but `hash` (which includes `seq` and `prev_hash`)."""
    body = {k: _canonical(v) for k, v in props.items() if k != HASH_KEY}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(graph: Graph, props: dict) -> None:
    """Write one entry at the end of the chain (`props` without `at`: the server's time is used)."""

    def work(tx: neo4j.ManagedTransaction) -> None:
        head = tx.run(cypher.load("audit/lock_head")).single()
        entry = {**props, "at": head["now"], "seq": head["seq"] + 1, "prev_hash": head["head"]}
        entry[HASH_KEY] = entry_hash(entry)
        tx.run(cypher.load("audit/append"), {"props": entry}).consume()

    graph.write_work(work)


def chain_existing(graph: Graph, batch: int = PAGE) -> int:
    """Chain the log written before the chain existed, oldest first, once (`db init`); idempotent.

    After it has run, the head says so, and an entry without a number is an insertion that `verify`
    reports, never one that a later `db init` would quietly chain."""
    if _legacy_done(graph):
        return 0
    chained = 0
    while True:
        todo = graph.read(cypher.load("audit/unchained"), {"limit": batch})
        if not todo:
            break

        def work(tx: neo4j.ManagedTransaction, todo=todo) -> None:
            head = tx.run(cypher.load("audit/lock_head")).single()
            seq, prev = head["seq"], head["head"]
            out = []
            for row in todo:
                seq += 1
                entry = {**row["props"], "seq": seq, "prev_hash": prev}
                prev = entry_hash(entry)
                out.append({"id": row["id"], "seq": seq, "prev_hash": entry["prev_hash"], "hash": prev})
            tx.run(cypher.load("audit/chain_existing"), {"rows": out, "seq": seq, "head": prev}).consume()

        graph.write_work(work)
        chained += len(todo)
    graph.write(cypher.load("audit/legacy_done"))
    return chained


def _legacy_done(graph: Graph) -> bool:
    rows = graph.read(cypher.load("audit/legacy_state"))
    return bool(rows and rows[0]["done"])


def head(graph: Graph) -> dict | None:
    """The stored head: {"seq": n, "hash": "…"}, or None before the first entry."""
    rows = graph.read(cypher.load("audit/head"))
    if not rows or not rows[0]["seq"]:
        return None
    return {"seq": rows[0]["seq"], "hash": rows[0]["head"]}


# -- anchors outside the database ---------------------------------------------------------------------


def anchors_file(home: Path) -> Path:
    return Path(home) / "audit" / ANCHORS


def write_anchor(home: Path, anchor: dict, *, backup: Path | None = None, restored: bool = False) -> None:
    """Append the head to HOME/audit/anchors.jsonl (and FILE.audit beside a backup).

    `restored`: the database was replaced by a backup's, whose head this is; anchors before it
    belong to the replaced log and are no longer checked."""
    path = anchors_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = dict(anchor)
    if backup is not None:
        line["backup"] = str(backup)
    if restored:
        line["restored"] = True
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
    if backup is not None and not restored:
        Path(f"{backup}.audit").write_text(json.dumps(anchor, ensure_ascii=False) + "\n", encoding="utf-8")


def read_anchors(home: Path) -> list[dict]:
    """The anchors still in force: those after the last restore (the restore's own included)."""
    path = anchors_file(home)
    if not path.exists():
        return []
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    last_restore = max((i for i, x in enumerate(lines) if x.get("restored")), default=0)
    return [x for x in lines[last_restore:] if x.get("seq")]


# -- verification -------------------------------------------------------------------------------------


@dataclass
class Verdict:
    entries: int
    problem: str | None = None  # the first entry that no longer matches, in Chinese

    @property
    def ok(self) -> bool:
        return self.problem is None


def _describe(props: dict) -> str:
    at = props.get("at")
    at = at.iso_format()[:19].replace("T", " ") if hasattr(at, "iso_format") else "时间不详"
    return f"{at}，用户“{props.get('username') or '（无）'}”，操作“{props.get('action') or '（无）'}”"


def _pages(graph: Graph) -> Iterator[dict]:
    after = 0
    while True:
        rows = graph.read(cypher.load("audit/page"), {"after": after, "limit": PAGE})
        yield from (r["props"] for r in rows)
        if len(rows) < PAGE:
            return
        after = rows[-1]["props"]["seq"]


def verify(graph: Graph, home: Path | None = None) -> Verdict:
    """Walk the chain; the first entry that was changed, removed or inserted, or a cut tail."""
    anchors = read_anchors(home) if home is not None else []
    wanted = {a["seq"] for a in anchors}
    dup = graph.read(cypher.load("audit/duplicates"))
    duplicate = dup[0]["seq"] if dup else None
    expected, prev, seen, problem = 1, "", 0, None
    hashes: dict[int, str] = {}
    for props in _pages(graph):
        seq = props.get("seq")
        seen += 1
        if problem is None:
            if duplicate is not None and seq == duplicate:
                problem = f"第 {seq} 条记录有两条同号的记录：其中一条是插入的（{_describe(props)}）。"
            elif seq != expected:
                problem = (
                    f"第 {expected} 条记录已被删除（第 {expected - 1} 条之后直接是第 {seq} 条）。"
                    if isinstance(seq, int) and seq > expected
                    else f"第 {expected} 条前后的编号不连续：记录被插入或改动（{_describe(props)}）。"
                )
            elif props.get("prev_hash") != prev:
                problem = (
                    f"第 {seq} 条记录与前一条不相连：前面的记录被删除、插入或改写（{_describe(props)}）。"
                )
            elif entry_hash(props) != props.get(HASH_KEY):
                problem = f"第 {seq} 条记录已被改动（{_describe(props)}）。"
        if isinstance(seq, int):
            if seq in wanted:
                hashes[seq] = props.get(HASH_KEY)
            expected, prev = seq + 1, props.get(HASH_KEY)
    if problem is None:
        loose = graph.read(cypher.load("audit/unchained"), {"limit": 1})
        if loose:
            if _legacy_done(graph):
                problem = f"有一条不在链中的记录，是插入的（{_describe(loose[0]['props'])}）。"
            else:
                problem = "审计日志中有尚未串链的旧记录：请先运行 `bangfu db init`。"
    if problem is None:
        stored = head(graph)
        last = (expected - 1, prev) if expected > 1 else None
        if (stored and (stored["seq"], stored["hash"]) != last) or (stored is None and last is not None):
            n = stored["seq"] if stored else 0
            problem = (
                f"日志末尾被截断：链头记录到第 {n} 条，日志中只剩 {expected - 1} 条。"
                if n > expected - 1
                else f"链头（第 {n} 条）与日志最后一条（第 {expected - 1} 条）不符：末尾的记录被删除或改动。"
            )
    if problem is None:
        for anchor in anchors:
            seq, where = anchor["seq"], anchor.get("backup") or "备份时"
            if seq not in hashes:
                problem = f"日志末尾被截断：{where} 记下的第 {seq} 条记录已不在日志中。"
                break
            if hashes[seq] != anchor.get("hash"):
                problem = f"第 {seq} 条记录与 {where} 记下的不一致：此前的日志被改写。"
                break
    return Verdict(seen, problem)
