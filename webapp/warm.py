"""Warming the cache: today's overview computed before anyone asks for it.

`bangfu serve` starts a `Warmer`: at start, and whenever the data version changes (a load from the
command line, a snapshot, a recorded check, a ledger action, a report decision: checked every
`interval` seconds, one cheap read), it computes what the overview and the gaps page need for today
(all twelve rules, coverage, the overview's figures), so the first person to open them after a load
does not wait for the rules. It goes through the same cache as requests (webapp/results_cache.py):
a request that arrives while it computes waits for that computation instead of starting another.
Kept values also have a time limit (`ResultsCache.max_age_s`, for writes made outside bangfu): before
today's run out, the warmer computes them again while requests are still answered with the kept ones,
so that nobody waits for the rules ten minutes after a load either.
A failure (the database is down) is logged and tried again at the next change.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from flask import Flask, g

from graph import clock
from webapp import results_cache

log = logging.getLogger(__name__)
INTERVAL_S = 10.0


def warm(app: Flask, as_of: dt.date | None = None, *, refresh: bool = False) -> tuple:
    """Compute (or find kept) today's overview, and with `refresh` compute it and everything it
    needs again although kept; returns the data version it is for."""
    from webapp.pages import overview_figures

    as_of = as_of or clock.today()
    with app.app_context():
        g.bangfu_refresh = refresh
        version = results_cache.current_version()
        results_cache.value("overview", (as_of,), lambda: overview_figures(as_of))
        return version


class Warmer(threading.Thread):
    def __init__(self, app: Flask, interval: float = INTERVAL_S):
        super().__init__(name="bangfu-warmer", daemon=True)
        self.app, self.interval = app, interval
        self.stopped = threading.Event()
        self.warmed: tuple | None = None  # (data version, date) last warmed
        self.warmed_at = 0.0  # time.monotonic() of that

    def run(self) -> None:
        while not self.stopped.is_set():
            self.step()
            self.stopped.wait(self.interval)

    def step(self) -> None:
        try:
            with self.app.app_context():
                current = (results_cache.current_version(), clock.today())
            # computed again a few intervals before the kept values reach their time limit
            ageing = (
                time.monotonic() - self.warmed_at
                > self.app.extensions["bangfu_results"].max_age_s - 3 * self.interval
            )
            if current != self.warmed or ageing:
                warm(self.app, current[1], refresh=current == self.warmed)
                self.warmed, self.warmed_at = current, time.monotonic()
        except Exception as exc:  # the database restarting, a rule over its limit: next time
            log.warning("预热缓存失败（下次数据变动或 %s 秒后重试）：%s", self.interval, exc)

    def stop(self) -> None:
        self.stopped.set()


def start(app: Flask, interval: float = INTERVAL_S) -> Warmer:
    warmer = Warmer(app, interval)
    warmer.start()
    return warmer
