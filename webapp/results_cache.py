"""Rule and coverage results kept between requests until the graph's data changes.

The overview and gaps pages run all twelve rules (≈ 1 s at 100,000 households, 3 s at 1,000,000);
fifty staff opening them at a meeting would queue behind each other for the same answer. The data
changes only through loads and report decisions, so a result is kept under the key of its arguments
and the graph's data version (cypher/app/data_version.cypher: one cheap read per request), and
computed again when that version moves. A time limit bounds staleness from writes made outside
bangfu. Lives on the app (`app.extensions`), not in a module global.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any, Callable

import cypher
from graph.connection import Graph

MAX_ENTRIES = 256
MAX_AGE_S = 600.0


class ResultsCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, max_age_s: float = MAX_AGE_S):
        self.max_entries, self.max_age_s = max_entries, max_age_s
        self._entries: OrderedDict[tuple, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Lock] = {}

    @staticmethod
    def data_version(graph: Graph) -> tuple:
        row = graph.read(cypher.load("app/data_version"))[0]
        return tuple(row[k] for k in ("loads", "last_load", "decisions", "last_decision"))

    def get(self, graph: Graph, name: str, args: tuple, compute: Callable[[], Any]) -> Any:
        """`compute()`'s result for (name, args) at the graph's current data version.

        Concurrent requests for the same missing entry wait for one computation instead of each
        running it."""
        key = (name, args, self.data_version(graph))
        hit = self._fresh(key)
        if hit is not None:
            return hit[1]
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            hit = self._fresh(key)
            if hit is not None:
                return hit[1]
            value = compute()
            with self._lock:
                self._entries[key] = (time.monotonic(), value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
                self._computing.pop(key, None)
            return value

    def _fresh(self, key: tuple):
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and time.monotonic() - hit[0] > self.max_age_s:
                del self._entries[key]
                return None
            return hit

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# -- what the pages and the API ask for (the results are shared between requests: read them only) ----


def _cache():
    from flask import current_app

    return current_app.extensions["bangfu_results"]


def check(as_of, rules=None, region=None) -> dict:
    from graph.rules import run_check
    from webapp.context import graph, settings

    rule_settings = settings().rules
    key = (as_of, tuple(rules) if rules else None, region, repr(rule_settings))
    return _cache().get(
        graph(), "check", key, lambda: run_check(graph(), as_of, rule_settings, rules=rules, region=region)
    )


def coverage(level: str, as_of, region=None) -> dict:
    from graph.coverage import run_coverage
    from webapp.context import graph

    return _cache().get(
        graph(),
        "coverage",
        (level, as_of, region),
        lambda: run_coverage(graph(), level, as_of, region=region),
    )


def distribution(as_of, region=None) -> dict:
    from graph.coverage import run_load_distribution
    from webapp.context import graph

    return _cache().get(
        graph(), "distribution", (as_of, region), lambda: run_load_distribution(graph(), as_of, region=region)
    )
