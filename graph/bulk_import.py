"""`bangfu db import`: Neo4j's offline bulk importer for the local server, then the schema.

The importer (`neo4j-admin database import full`) builds a store directly from CSV files, without
transactions: the way to first-load a province or the country. It needs the server stopped and a new
or empty database, so this module refuses a running server, lets the launcher's `BangfuImport`
refuse a database with data, and afterwards starts the server and creates the constraints and
indexes (`bangfu db init`), which the importer of Community edition does not build.
"""

from __future__ import annotations

import getpass
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j.exceptions import Neo4jError

from graph import clock, server
from graph.connection import Graph
from graph.errors import ServerError
from graph.import_folder import importer_options, read_manifest
from graph.ledger.inspections import sync_inspections
from graph.schema import InitReport, init_schema
from graph.settings import Settings

# The imported load (the exporter writes one Load node) and whether it brought inspections.
IMPORTED_LOAD = (
    "CALL () { MATCH (l:Load) RETURN l.load_id AS load_id ORDER BY l.started_at DESC LIMIT 1 } "
    "RETURN load_id, EXISTS { MATCH (:Inspection) } AS has_inspections"
)
NOT_EMPTY = 3  # BangfuImport's exit code for a database that holds data
DATABASE = "neo4j"  # Community edition: the one user database (besides system)


@dataclass
class ImportResult:
    seconds: float  # the importer alone
    schema_seconds: float  # start + constraints and indexes
    nodes: int
    relationships: int
    schema: InitReport
    log: Path
    started: server.StartResult


def run_import(settings: Settings, out: Path) -> ImportResult:
    neo = settings.neo4j
    if neo.is_external:
        raise ServerError(
            f"已设置 NEO4J_URI（{neo.uri}）：bangfu db import 只用于本地 Neo4j。"
            "其他服务器或集群请在该服务器上运行 "
            f"neo4j-admin database import full，参数见 {Path(out) / 'import.args'}（见 docs/scaling.md）。"
        )
    pid = server.running_pid(neo)
    if pid:
        raise ServerError(
            f"本地 Neo4j 正在运行（进程 {pid}）：批量导入必须在数据库停止时进行。"
            "请先运行 bangfu db stop，导入完成后会自动启动。"
        )
    manifest = read_manifest(out)
    server.install(neo)
    data = neo.data_dir.resolve()
    (data / "logs").mkdir(parents=True, exist_ok=True)
    log = data / "logs" / "import.log"
    cmd = [
        "java",
        f"-Xmx{neo.heap}",
        "-XX:+UseG1GC",
        "-Dfile.encoding=UTF-8",
        "-cp",
        server.classpath(neo),
        "bangfu.BangfuImport",
        "--home",
        str(data),
        "--database",
        DATABASE,
        "--",
        f"--max-off-heap-memory={server._bytes(neo.pagecache)}",
        f"--report-file={data / 'logs' / 'import.report'}",
    ] + importer_options(manifest, Path(out).resolve())
    began = time.monotonic()
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=data)
    seconds = time.monotonic() - began
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode == NOT_EMPTY:
        count = text.split("BANGFU-IMPORT NOT-EMPTY", 1)[1].split()[0] if "NOT-EMPTY" in text else "?"
        raise ServerError(
            f"本地数据库已有数据（{count} 个节点）：批量导入只能导入新的或空的数据库，未做任何改动。"
            "增量数据请用 bangfu load；要重建请先备份，"
            "再换一个空的数据目录（bangfu.toml 的 [neo4j] data_dir）。"
        )
    if proc.returncode != 0:
        raise ServerError(
            f"批量导入失败（退出码 {proc.returncode}），数据库未启动。日志 {log} 的末尾：\n{_tail(text)}"
        )
    began = time.monotonic()
    started = server.start(neo)
    with Graph.connect(settings, max_retry_time=120.0) as graph:
        schema = _init_schema(graph)
        counts = graph.read(
            "CALL () { MATCH (n) RETURN count(n) AS nodes } "
            "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels"
        )[0]
        imported = graph.read(IMPORTED_LOAD)
        if imported and imported[0]["has_inspections"]:  # 督查发现问题 enter the ledger with every load
            sync_inspections(
                graph,
                settings.ledger,
                user=getpass.getuser(),
                as_of=clock.today(),
                load_id=imported[0]["load_id"],
            )
    return ImportResult(
        seconds, time.monotonic() - began, counts["nodes"], counts["rels"], schema, log, started
    )


def _init_schema(graph: Graph) -> InitReport:
    """`db init`; on a big import the indexes take longer to fill than `init_schema` waits for
    (db.awaitIndexes(300)): then wait for them here, however long, and record the version."""
    try:
        return init_schema(graph)
    except Neo4jError:
        while True:
            states = graph.read("SHOW INDEXES YIELD state RETURN collect(state) AS states")[0]["states"]
            if "FAILED" in states:
                raise ServerError("建立索引失败（SHOW INDEXES 中有 FAILED），请查看 Neo4j 日志。") from None
            if all(s == "ONLINE" for s in states):
                return init_schema(graph)
            time.sleep(10)


def _tail(text: str, lines: int = 40) -> str:
    useful = [line for line in text.splitlines() if not line.startswith((".", "-"))]
    return "\n".join(useful[-lines:])
