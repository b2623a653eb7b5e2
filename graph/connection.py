"""The one place that owns the Neo4j driver.

Every read goes through `execute_read` and every write through `execute_write`, so that in a cluster
(`neo4j://` routing) reads go to readers and the driver retries transient errors (leader changes,
deadlocks) by itself. Connection failures become BangfuError subclasses with Chinese messages, so
neither the CLI nor the web app ever shows a driver traceback.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable, SessionExpired

from graph.errors import AuthenticationFailed, BangfuError, DatabaseUnavailable, QueryTimeout
from graph.settings import Neo4jSettings, Settings

# a transaction stopped by its time limit (the driver's unit_of_work timeout, or the server's)
TIMEOUT_CODES = ("TransactionTimedOut", "Transaction.Terminated", "TransactionTerminated", "ExecutionTimeout")
COUNTER_NAMES = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "properties_set",
    "labels_added",
    "labels_removed",
    "indexes_added",
    "indexes_removed",
    "constraints_added",
    "constraints_removed",
)

# A query of many rows (a rule's findings, where the findings of a recorded check belong) is read many
# rows to a record, each row a list in the order of its columns: the Python driver spends ~35 µs of CPU
# on every record it receives (it reads each Bolt chunk with two socket reads, setting the socket's
# timeout before each): a check of 1,000,000 households (~133,000 findings) spent ~9 s of the process's
# CPU, on the cores Neo4j was answering on, where it now spends ~3.3 s (BENCHMARKS.md, eleventh session).
ROWS_PER_RECORD = 5000
ROWS_IN_BATCHES = """CALL () {{
{query}
}}
WITH [{columns}] AS row
WITH collect(row) AS rows
UNWIND range(0, size(rows) - 1, $rows_per_record) AS batch_start
RETURN rows[batch_start..batch_start + $rows_per_record] AS rows"""
COLUMN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def resolve_auth(neo: Neo4jSettings) -> tuple[str, tuple[str, str]]:
    """The URI and credentials to use: an external server's, or the local server's password file."""
    if neo.is_external:
        if not neo.password:
            raise BangfuError("已设置 NEO4J_URI，但未设置 NEO4J_PASSWORD。")
        return neo.uri, (neo.user, neo.password)
    try:
        password = neo.password_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise DatabaseUnavailable(
            f"本地 Neo4j 尚未初始化（找不到密码文件 {neo.password_file}）。"
            "请先运行 `bangfu db start`，或设置 NEO4J_URI 指向已有的服务器。"
        ) from None
    return neo.local_uri, ("neo4j", password)


def counters_of(summary: neo4j.ResultSummary) -> dict[str, int]:
    c = summary.counters
    return {name: getattr(c, name) for name in COUNTER_NAMES}


class Graph:
    """A connected database: managed read and write transactions with Chinese errors."""

    def __init__(self, driver: neo4j.Driver, database: str | None, uri: str):
        self.driver = driver
        self.database = database
        self.uri = uri

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def connect(
        cls, settings: Settings | Neo4jSettings, *, verify: bool = True, max_retry_time: float = 30.0
    ) -> "Graph":
        """`max_retry_time` bounds the retries of transient errors: long for loads and batch
        commands, short for the web app, where a person waits on the answer."""
        neo = settings.neo4j if isinstance(settings, Settings) else settings
        uri, auth = resolve_auth(neo)
        try:
            driver = GraphDatabase.driver(
                uri,
                auth=auth,
                max_transaction_retry_time=max_retry_time,
                connection_timeout=10.0,
                user_agent="bangfu",
                notifications_min_severity="OFF",
            )
        except ValueError as exc:
            raise BangfuError(f"Neo4j 地址无效：{uri}（{exc}）") from None
        graph = cls(driver, neo.database, uri)
        if verify:
            graph.verify()
        return graph

    def verify(self) -> None:
        with self._translated():
            self.driver.verify_connectivity()
            self.driver.verify_authentication()

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> "Graph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except AuthError:
            raise AuthenticationFailed(
                f"Neo4j（{self.uri}）拒绝登录：用户名或密码错误。"
                "请检查 NEO4J_USER / NEO4J_PASSWORD，或本地服务器的密码文件。"
            ) from None
        except (ServiceUnavailable, SessionExpired) as exc:
            raise DatabaseUnavailable(
                f"无法连接到 Neo4j（{self.uri}）：数据库未启动或网络不通。"
                "本地数据库请运行 `bangfu db start`；"
                f"详情：{exc}"
            ) from None
        except ClientError as exc:
            if any(code in (exc.code or "") for code in TIMEOUT_CODES):
                raise QueryTimeout(
                    "查询超过时间限制，已停止（设置项 [queries] time_limit_s）。"
                    "请缩小范围（如按区划）后再试，或调大时间限制。"
                ) from None
            if exc.code == "Neo.ClientError.Security.AuthenticationRateLimit":
                raise AuthenticationFailed(
                    f"Neo4j（{self.uri}）：密码错误次数过多，该用户已被暂时锁定，请稍候几秒再试。"
                ) from None
            if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise BangfuError(f"Neo4j 上不存在数据库 {self.database!r}。") from None
            raise

    def _session(self, **kwargs) -> neo4j.Session:
        return self.driver.session(database=self.database, **kwargs)

    def read(self, query: str, params: dict | None = None, *, timeout: float | None = None) -> list[dict]:
        """Rows as plain dicts (nodes become their property maps)."""
        return [r.data() for r in self.read_records(query, params, timeout=timeout)]

    def read_plain(
        self, query: str, params: dict | None = None, *, timeout: float | None = None
    ) -> list[dict]:
        """Rows as dicts of the values as the driver hands them, for results of plain values (numbers,
        text, dates, lists and maps of them): `read` walks every value looking for nodes to convert,
        which cost a ledger page of 200 findings more time than Neo4j took to answer it."""
        return [dict(r.items()) for r in self.read_records(query, params, timeout=timeout)]

    def read_many(
        self,
        query: str,
        columns: tuple[str, ...],
        params: dict | None = None,
        *,
        timeout: float | None = None,
    ) -> list[dict]:
        """Rows as `read_plain` gives them, for a query of many rows of plain values whose RETURN
        columns are `columns`, in order (names from the program, never from a user)."""
        if not all(COLUMN_NAME.fullmatch(c) for c in columns):
            raise ValueError(f"not column names: {columns!r}")
        batched = ROWS_IN_BATCHES.format(query=query, columns=", ".join(columns))
        records = self.read_records(
            batched, {**(params or {}), "rows_per_record": ROWS_PER_RECORD}, timeout=timeout
        )
        return [dict(zip(columns, values)) for record in records for values in record["rows"]]

    def read_records(
        self, query: str, params: dict | None = None, *, timeout: float | None = None
    ) -> list[neo4j.Record]:
        """Rows keeping Neo4j types: nodes, relationships and paths stay graph objects."""

        @neo4j.unit_of_work(timeout=timeout)
        def work(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
            return list(tx.run(query, params or {}))

        with self._translated(), self._session() as session:
            return session.execute_read(work)

    def write(self, query: str, params: dict | None = None) -> dict[str, int]:
        """One write transaction; returns the update counters."""

        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            return counters_of(tx.run(query, params or {}).consume())

        with self._translated(), self._session() as session:
            return session.execute_write(work)

    def write_returning(self, query: str, params: dict | None = None) -> tuple[list[dict], dict[str, int]]:
        """One write transaction that also returns rows (e.g. ids it created)."""

        def work(tx: neo4j.ManagedTransaction):
            result = tx.run(query, params or {})
            rows = [r.data() for r in result]
            return rows, counters_of(result.consume())

        with self._translated(), self._session() as session:
            return session.execute_write(work)

    def write_work(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        """Several statements in one managed write transaction (retried as a whole): all or nothing."""
        with self._translated(), self._session() as session:
            return session.execute_write(work)

    def write_batches(
        self, query: str, rows: Iterable[dict], batch_size: int, extra: dict[str, Any] | None = None
    ) -> dict[str, int]:
        """`UNWIND $rows` in transactions of `batch_size` rows; each batch commits on its own."""
        totals = dict.fromkeys(COUNTER_NAMES, 0)
        batch: list[dict] = []

        def flush() -> None:
            if batch:
                for k, v in self.write(query, {"rows": batch, **(extra or {})}).items():
                    totals[k] += v
                batch.clear()

        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                flush()
        flush()
        return totals

    def run_admin(self, query: str, params: dict | None = None) -> list[dict]:
        """Schema and system commands, which cannot run inside a managed transaction function."""
        with self._translated(), self._session() as session:
            result = session.run(query, params or {})
            return [r.data() for r in result]
