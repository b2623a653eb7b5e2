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

import time
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, DatabaseError, Neo4jError, TransientError

from graph.connection import TIMEOUT_CODES, Graph
from graph.masking import hide_secrets, mask_value
from graph.queries.catalogue import Catalogue, load_catalogue
from graph.queries.errors import NotReadOnly, QueryFailed, QueryTimeout
from graph.queries.header import SavedQuery
from graph.queries.params import convert_params
from graph.queries.readonly import check_query_type, check_text
from graph.queries.result import QueryResult, from_neo4j
from graph.settings import QuerySettings, Settings


class QueryRunner:
    def __init__(self, graph: Graph, settings: Settings | None = None, catalogue: Catalogue | None = None):
        self.graph = graph
        self.settings = settings or Settings()
        self._catalogue = catalogue

    @property
    def limits(self) -> QuerySettings:
        return self.settings.queries

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self._catalogue = load_catalogue(self.settings)
        return self._catalogue

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
            summary = tx.run("EXPLAIN\n" + text, params).consume()
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
        try:
            with (
                self.graph._translated(),
                self.graph._session(default_access_mode=neo4j.READ_ACCESS) as session,
            ):
                keys, rows = session.execute_read(work)
        except QueryTimeout:  # graph.connection says so without the limit: say it with this run's
            raise self._timeout(seconds) from None
        except Neo4jError as exc:
            raise self._translate(exc, seconds) from None
        elapsed = time.monotonic() - started
        truncated = len(rows) > limit
        rows = [[hide_secrets(from_neo4j(v), k) for k, v in zip(keys, row)] for row in rows[:limit]]
        if not unmasked:
            rows = [[mask_value(v, k) for k, v in zip(keys, row)] for row in rows]
        return QueryResult(
            columns=keys,
            rows=rows,
            truncated=truncated,
            row_limit=limit,
            elapsed_s=elapsed,
            masked=not unmasked,
        )

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
                return QueryFailed(f"查询语句有误：{exc.message}")
            if "ParameterMissing" in code:
                return QueryFailed(f"查询缺少参数：{exc.message}")
            return QueryFailed(f"Neo4j 拒绝了该查询：{exc.message}")
        if isinstance(exc, (TransientError, DatabaseError)):
            return QueryFailed(f"查询运行出错（{code}）：{exc.message}")
        return QueryFailed(f"查询运行出错：{exc}")
