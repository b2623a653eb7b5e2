"""Analysts' queries run in a small pool of their own, so that viewers' pages stay fast beside them.

The web server has a fixed number of threads (waitress, `bangfu serve --threads`), and Neo4j has two
cores here. Ten analysts trying new queries at once would hold every thread and most of the CPU, and
the viewers' overview would wait behind them. So a query an analyst or admin sends to Neo4j (the
editor, a saved query's result that is not kept yet, its export and graph) first takes one of a few
slots: at most `analyst_slots` run at once, one per user (`analyst_per_user`), at most
`analyst_queue` wait for a slot (each at most `analyst_wait_s`), and everyone beyond that is told at
once that the analysis queue is full, with when to try again, instead of holding a server thread.
Whoever waited is told how long. Viewers never take a slot; the query time limit still applies to
every query.

The slots are counted in this process's memory on purpose: they protect this server's threads and
reset with it, and hold nothing worth keeping.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app, g

from graph.errors import BangfuError
from webapp.context import settings


class AnalysisBusy(BangfuError):
    """No slot for an analyst's query now; the page says when to try again (HTTP 503, Retry-After)."""

    def __init__(self, message: str, retry_after_s: int):
        super().__init__(message)
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class Limits:
    slots: int = 2
    per_user: int = 1
    queue: int = 4
    wait_s: float = 10.0


@dataclass
class Admission:
    """What the page tells the analyst: how long the query waited for its slot (0 when it did not)."""

    waited_s: float = 0.0


class AnalystGate:
    def __init__(self, limits: Limits):
        self.limits = limits
        self._lock = threading.Condition()
        self._running: Counter[str] = Counter()
        self._waiting = 0

    def _busy(self) -> int:
        return sum(self._running.values())

    @contextmanager
    def admit(self, username: str):
        """A slot for the duration of the block, or AnalysisBusy without waiting when the user already
        has their queries running or the queue is full, or after `wait_s` without a free slot."""
        limits = self.limits
        started = time.monotonic()
        with self._lock:
            if self._running[username] >= limits.per_user:
                raise AnalysisBusy(
                    f"您已有 {self._running[username]} 个查询正在运行（每人同时最多 {limits.per_user} 个），"
                    "请等它完成后再试。",
                    retry_after_s=max(1, round(limits.wait_s)),
                )
            if self._busy() >= limits.slots and self._waiting >= limits.queue:
                raise AnalysisBusy(
                    f"分析查询繁忙：{self._busy()} 个正在运行，{self._waiting} 个在排队"
                    f"（同时最多运行 {limits.slots} 个、排队 {limits.queue} 个），请稍后再试。",
                    retry_after_s=max(1, round(limits.wait_s)),
                )
            self._waiting += 1
            try:
                deadline = started + limits.wait_s
                while self._busy() >= limits.slots:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise AnalysisBusy(
                            f"分析查询繁忙：已排队等候 {limits.wait_s:g} 秒仍无空位"
                            f"（同时最多运行 {limits.slots} 个），请稍后再试。",
                            retry_after_s=max(1, round(limits.wait_s)),
                        )
                    self._lock.wait(left)
            finally:
                self._waiting -= 1
            self._running[username] += 1
        try:
            yield Admission(waited_s=time.monotonic() - started)
        finally:
            with self._lock:
                self._running[username] -= 1
                if not self._running[username]:
                    del self._running[username]
                self._lock.notify()


def analyst_gate() -> AnalystGate:
    """The app's one pool of slots for analysts' queries, made on first use from `[queries]`."""
    gate = current_app.extensions.get("bangfu_analyst_gate")
    if gate is None:
        q = settings().queries
        limits = Limits(q.analyst_slots, q.analyst_per_user, q.analyst_queue, q.analyst_wait_s)
        gate = current_app.extensions.setdefault("bangfu_analyst_gate", AnalystGate(limits))
    return gate


def gated(run):
    """`run()` in a slot when the request's user is an analyst or admin; a viewer's run as it is. How
    long it waited is kept on the request (`g.bangfu_waited_s`) for the page to say."""
    user = g.get("user")
    if user is None or not user.can("analyst"):
        return run()
    with analyst_gate().admit(user.username) as admission:
        result = run()
    if admission.waited_s >= 0.5:
        g.bangfu_waited_s = admission.waited_s
    return result
