"""What pages need, kept between requests until the graph's data changes.

The overview and gaps pages run all twelve rules (≈ 1 s at 100,000 households, 3 s at 1,000,000);
fifty staff opening them at a meeting would queue behind each other for the same answer. The data
changes only through loads (ordinary or snapshot), recorded checks, actions on ledger findings and
report decisions, and each of these moves a counter of cypher/app/data_version.cypher (one cheap read,
once per request). So a value — rule results, coverage, query results, the overview's figures,
rendered pages (webapp/page_cache.py) — is kept under its name, its arguments and that data version,
and computed again when the version moves; entries of older versions are dropped as soon as a newer
version is seen. A time limit bounds staleness from writes made outside bangfu.

When many requests ask for the same missing value at once (a cold cache at the start of a meeting,
the first minute after a load), one of them computes it and the others wait for its answer (or its
error) instead of each running it. Lives on the app (`app.extensions`), not in a module global.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from concurrent.futures import Future
from typing import Any, Callable

import cypher
from graph import clock
from graph.connection import Graph

MAX_ENTRIES = 512
MAX_AGE_S = 600.0
VERSION_KEYS = (
    "loads",
    "last_load",
    "checks",
    "last_check",
    "finding_events",
    "decisions",
    "graph_nodes",
    "relationships",
)
_MISSING = object()
_NOT_SHARED = object()  # the leader's value may not be shared (a redirect, a page that held a secret)


class ResultsCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, max_age_s: float = MAX_AGE_S):
        self.max_entries, self.max_age_s = max_entries, max_age_s
        self._entries: OrderedDict[tuple, tuple[float, Any]] = OrderedDict()
        self._flights: dict[tuple, Future] = {}
        self._lock = threading.Lock()
        self._latest_version: tuple | None = None
        self.computed: Counter[str] = Counter()  # computations per name: what tests and benchmarks count
        self.hits: Counter[str] = Counter()

    @staticmethod
    def data_version(graph: Graph) -> tuple:
        row = graph.read(cypher.load("app/data_version"))[0]
        return tuple(row[k] for k in VERSION_KEYS)

    def get(
        self,
        graph: Graph | None,
        name: str,
        args: tuple,
        compute: Callable[[], Any],
        *,
        version: tuple | None = None,
        keep: Callable[[Any], bool] | None = None,
        refresh: bool = False,
    ) -> Any:
        """`compute()`'s result for (name, args) at the graph's data version (`version` when the
        caller read it already). Concurrent requests for the same missing entry wait for one
        computation. A value `keep` refuses is returned to its caller only; the others that waited
        for it compute their own. `refresh` computes the value again although it is kept (the warmer,
        before the time limit runs out): meanwhile the others are answered with the kept one."""
        version = self.data_version(graph) if version is None else version
        key = (name, args, version)
        with self._lock:
            self._see(version)
            value = _MISSING if refresh else self._fresh(key)
            if value is not _MISSING:
                self.hits[name] += 1
                return value
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = self._flights[key] = Future()
        if not leader:
            value = flight.result()  # the leader's answer, or its exception raised here
            return compute() if value is _NOT_SHARED else value
        try:
            value = compute()
        except BaseException as exc:
            with self._lock:
                self._flights.pop(key, None)
            flight.set_exception(exc)
            raise
        shared = keep is None or keep(value)
        with self._lock:
            self._flights.pop(key, None)
            self.computed[name] += 1
            if shared:
                self._entries[key] = (time.monotonic(), value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        flight.set_result(value if shared else _NOT_SHARED)
        return value

    def _see(self, version: tuple) -> None:
        """A new data version makes every entry of the older ones useless: free them now."""
        if version != self._latest_version:
            self._latest_version = version
            for key in [k for k in self._entries if k[2] != version]:
                del self._entries[key]

    def _fresh(self, key: tuple):
        hit = self._entries.get(key)
        if hit is None:
            return _MISSING
        if time.monotonic() - hit[0] > self.max_age_s:
            del self._entries[key]
            return _MISSING
        self._entries.move_to_end(key)
        return hit[1]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


# -- what the pages and the API ask for (the values are shared between requests: read them only) ----


def _cache() -> ResultsCache:
    from flask import current_app

    return current_app.extensions["bangfu_results"]


def current_version() -> tuple:
    """The data version, read once per request (or app context), so that everything one page shows
    comes from the same version."""
    from flask import g

    from webapp.context import graph

    version = g.get("bangfu_data_version")
    if version is None:
        version = g.bangfu_data_version = ResultsCache.data_version(graph())
    return version


def value(
    name: str, args: tuple, compute: Callable[[], Any], *, keep: Callable[[Any], bool] | None = None
) -> Any:
    """Any value kept per data version: `compute()` runs once per (name, args, version). Within
    `webapp.warm.warm(refresh=True)` every value asked for is computed again."""
    from flask import g

    return _cache().get(
        None, name, args, compute, version=current_version(), keep=keep, refresh=bool(g.get("bangfu_refresh"))
    )


def check(as_of, rules=None, region=None) -> dict:
    from graph.rules import run_check
    from webapp.context import graph, settings

    rule_settings = settings().rules
    key = (as_of, tuple(rules) if rules else None, region, repr(rule_settings))
    return value("check", key, lambda: run_check(graph(), as_of, rule_settings, rules=rules, region=region))


def coverage(level: str, as_of, region=None) -> dict:
    from graph.coverage import run_coverage
    from webapp.context import graph

    return value(
        "coverage", (level, as_of, region), lambda: run_coverage(graph(), level, as_of, region=region)
    )


def distribution(as_of, region=None) -> dict:
    from graph.coverage import run_load_distribution
    from webapp.context import graph

    return value(
        "distribution", (as_of, region), lambda: run_load_distribution(graph(), as_of, region=region)
    )


def query_choices(runner, query) -> dict[str, list[dict]]:
    """The choices of a saved query's form (every village of the county, …): one read per data version
    (and per version of a stored query, whose parameters an edit may change)."""
    return value("choices", (query.name, query.revision), lambda: runner.param_choices(query))


def query_result(runner, query, params: dict[str, str]):
    """A saved query's masked result for its raw parameters. Unmasked results are never kept: the
    caller runs those itself. Defaults such as as_of=today depend on the day, hence the date; a stored
    query's text changes with its version (graph/queries/stored.py), hence the revision. Only a run
    that reaches Neo4j takes an analyst's slot (webapp/admission.py), never a kept result."""
    from webapp.admission import gated

    key = (query.name, query.revision, tuple(sorted(params.items())), clock.today())
    return value("query", key, lambda: gated(lambda: runner.run(query, params)))
