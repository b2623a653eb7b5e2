"""The one runner for saved queries and ad-hoc Cypher, used by the CLI and the web app alike.

For every run, in this order:
1. parameters checked and converted by their declared types (ParameterError names the parameter);
2. the text refused unless it reads only (readonly.check_text);
3. in ONE read transaction with the settings' time limit: `EXPLAIN` first — Neo4j's query type must
   be 'r' — then the query, fetching at most row_limit + 1 rows (one more tells us it was cut);
4. values converted to GNode/GRel/GPath, password hashes hidden always (graph.masking.hide_secrets),
   and masked unless `unmasked=True` (the caller decides who may).
A run over the time limit raises QueryTimeout: "查询超过时间限制 N 秒，已停止".
"""

from __future__ import annotations

import re
import time
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, DatabaseError, Neo4jError, TransientError

from graph import pii
from graph.connection import TIMEOUT_CODES, Graph
from graph.elements import from_neo4j
from graph.masking import hide_secrets, mask_value
from graph.queries import stored
from graph.queries.catalogue import Catalogue, load_catalogue
from graph.queries.errors import NotReadOnly, QueryFailed, QueryTimeout
from graph.queries.header import SavedQuery
from graph.queries.params import convert_params
from graph.queries.readonly import check_query_type, check_text
from graph.queries.result import QueryResult
from graph.settings import QuerySettings, Settings

EXPLAIN_PREFIX = "EXPLAIN "  # on the query's own first line: Neo4j's line numbers are the text's
_WHERE_RE = re.compile(r"\s*\(line (\d+), column (\d+) \(offset: \d+\)\)")


class QueryRunner:
    """Runs saved queries and ad-hoc Cypher. Without a `catalogue` given, its catalogue is the files'
    (loaded once) with the stored queries of `graph` (graph/queries/stored.py); `refresh_stored()`
    reads them again when they changed."""

    def __init__(self, graph: Graph, settings: Settings | None = None, catalogue: Catalogue | None = None):
        self.graph = graph
        self.settings = settings or Settings()
        self._catalogue = catalogue
        self._with_stored = catalogue is None
        self._files: Catalogue | None = None
        self._stamp: tuple | None = None

    @property
    def limits(self) -> QuerySettings:
        return self.settings.queries

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self.refresh_stored()
        return self._catalogue

    @property
    def file_catalogue(self) -> Catalogue:
        """Shipped, user-file and rule queries only (what a stored query may not be named like)."""
        if not self._with_stored:
            return self._catalogue
        if self._files is None:
            self._files = load_catalogue(self.settings)
        return self._files

    def refresh_stored(self) -> None:
        """The catalogue again with the stored queries, when they changed since it was built (one
        cheap read; the web app calls it once per request)."""
        if not self._with_stored:
            return
        stamp = stored.stamp(self.graph)
        if self._catalogue is None or stamp != self._stamp:
            records = stored.records(self.graph)
            self._catalogue, self._stamp = self.file_catalogue.with_stored(records), stamp

    # -- choices -----------------------------------------------------------------------------
    def choices(self, name: str) -> list[dict]:
        """Rows (value, label) of a choices source, for `choices=@name` (run like any query)."""
        path, text = self.catalogue.choices[name]
        result = self._execute(text, {}, unmasked=False)
        out = []
        for rec in result.records():
            value = rec.get("value")
            if value is not None:
                out.append({"value": str(value), "label": str(rec.get("label") or value)})
        return out

    def param_choices(self, query: SavedQuery) -> dict[str, list[dict]]:
        """Choices of each parameter that has them (for forms)."""
        out = {}
        for p in query.params:
            if p.choices is not None:
                out[p.name] = [{"value": c, "label": c} for c in p.choices]
            elif p.choices_query is not None:
                out[p.name] = self.choices(p.choices_query)
        return out

    # -- running -----------------------------------------------------------------------------
    def prepare(
        self, query: SavedQuery | str, params: dict[str, Any] | None = None
    ) -> tuple[SavedQuery, dict]:
        query = self.catalogue.get(query) if isinstance(query, str) else query
        return query, convert_params(query, params, self.graph, self.choices)

    def run(
        self,
        query: SavedQuery | str,
        params: dict[str, Any] | None = None,
        *,
        unmasked: bool = False,
        row_limit: int | None = None,
        time_limit_s: float | None = None,
    ) -> QueryResult:
        """Run a saved query (by name or object) with raw parameter values (text or typed)."""
        query, converted = self.prepare(query, params)
        result = self._execute(
            query.cypher, converted, unmasked=unmasked, row_limit=row_limit, time_limit_s=time_limit_s
        )
        result.name, result.title, result.params, result.display = (
            query.name,
            query.title,
            converted,
            query.display,
        )
        return result

    def run_cypher(
        self,
        text: str,
        params: dict[str, Any] | None = None,
        *,
        unmasked: bool = False,
        row_limit: int | None = None,
        time_limit_s: float | None = None,
    ) -> QueryResult:
        """Ad-hoc Cypher from an analyst: the same read-only checks, limits and masking."""
        result = self._execute(
            text, dict(params or {}), unmasked=unmasked, row_limit=row_limit, time_limit_s=time_limit_s
        )
        result.params = dict(params or {})
        return result

    def _execute(
        self,
        text: str,
        params: dict,
        *,
        unmasked: bool,
        row_limit: int | None = None,
        time_limit_s: float | None = None,
    ) -> QueryResult:
        check_text(text)
        text = text.rstrip().rstrip(";")  # a trailing `;`, as people paste from the Neo4j browser
        limit = self.limits.row_limit if row_limit is None else row_limit
        seconds = self.limits.time_limit_s if time_limit_s is None else time_limit_s

        @neo4j.unit_of_work(timeout=seconds)
        def work(tx: neo4j.ManagedTransaction):
            summary = tx.run(EXPLAIN_PREFIX + text, params).consume()
            check_query_type(summary.query_type)
            result = tx.run(text, params)
            keys = list(result.keys())
            rows = []
            for record in result:
                rows.append(list(record.values()))
                if len(rows) > limit:
                    break
            return keys, rows

        started = time.monotonic()
        keys, rows = self._read(work, seconds)
        elapsed = time.monotonic() - started
        truncated = len(rows) > limit
        rows = [[hide_secrets(from_neo4j(v), k) for k, v in zip(keys, row)] for row in rows[:limit]]
        if unmasked:  # sealed numbers of whole nodes and maps opened in the app (graph/pii.py)
            ring = pii.keyring(self.settings)
            rows = [[pii.reveal(v, ring) for v in row] for row in rows]
        else:
            rows = [[pii.conceal(mask_value(v, k)) for k, v in zip(keys, row)] for row in rows]
        return QueryResult(
            columns=keys,
            rows=rows,
            truncated=truncated,
            row_limit=limit,
            elapsed_s=elapsed,
            masked=not unmasked,
        )

    def explain(self, text: str) -> None:
        """Check `text` as a saved query must be, without running it: the text check, then Neo4j's
        plan (EXPLAIN, in a read transaction; missing parameters are fine) must parse and read only.
        NotReadOnly / QueryFailed carry the line (and column) when known."""
        check_text(text)
        text = text.rstrip().rstrip(";")
        seconds = self.limits.time_limit_s

        @neo4j.unit_of_work(timeout=seconds)
        def work(tx: neo4j.ManagedTransaction):
            return tx.run(EXPLAIN_PREFIX + text, {}).consume().query_type

        check_query_type(self._read(work, seconds))

    def _read(self, work, seconds: float):
        """`work` in one read transaction (read access mode), Neo4j's errors said in Chinese."""
        try:
            with (
                self.graph._translated(),
                self.graph._session(default_access_mode=neo4j.READ_ACCESS) as session,
            ):
                return session.execute_read(work)
        except QueryTimeout:  # graph.connection says so without the limit: say it with this run's
            raise self._timeout(seconds) from None
        except Neo4jError as exc:
            raise self._translate(exc, seconds) from None

    @staticmethod
    def _timeout(seconds: float) -> QueryTimeout:
        return QueryTimeout(f"查询超过时间限制 {seconds:g} 秒，已停止。请缩小范围（加条件或参数）后再试。")

    @classmethod
    def _translate(cls, exc: Neo4jError, seconds: float) -> Exception:
        code = exc.code or ""
        if any(c in code for c in TIMEOUT_CODES):
            return cls._timeout(seconds)
        if "AccessMode" in code or "ForbiddenDueToTransactionType" in code:
            return NotReadOnly("拒绝运行：该查询会修改数据库，只允许只读查询。")
        if isinstance(exc, ClientError):
            if "SyntaxError" in code:
                return cls._syntax_error(exc.message or "")
            if "ParameterMissing" in code:
                return cls._missing_parameters(exc.message or "")
            return QueryFailed(f"Neo4j 拒绝了该查询：{exc.message}")
        if isinstance(exc, (TransientError, DatabaseError)):
            return QueryFailed(f"查询运行出错（{code}）：{exc.message}")
        return QueryFailed(f"查询运行出错：{exc}")

    @staticmethod
    def _missing_parameters(message: str) -> QueryFailed:
        """The driver's 'Expected parameter(s): a, b' as the user can act on it (no driver words)."""
        names = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", message.split(":", 1)[-1]) if ":" in message else []
        shown = "、".join(f"${n}" for n in names) or "某些参数"
        return QueryFailed(
            f"查询用到参数 {shown}，但运行时没有它的值：请在“保存为常用查询”的参数表中声明它"
            "（可点“从查询中找出参数”），给它默认值，或不勾“必填”以便不填时按“全部”运行。"
        )

    @staticmethod
    def _syntax_error(message: str) -> QueryFailed:
        """Neo4j's syntax error with its place in the query's own text (the EXPLAIN prefix removed)."""
        m = _WHERE_RE.search(message)
        if m is None:
            return QueryFailed(f"查询语句有误：{message}")
        line, column = int(m.group(1)), int(m.group(2))
        if line == 1:
            column = max(1, column - len(EXPLAIN_PREFIX))
        first = message[: m.start()].splitlines()[0] if message[: m.start()].strip() else message
        return QueryFailed(f"查询语句有误（第 {line} 行第 {column} 列）：{first}", line, column)
