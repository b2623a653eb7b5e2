"""The web app keeps rule results between requests, and computes them again when the data changes."""

from __future__ import annotations

import datetime as dt

from graph.rules import run_check
from graph.settings import RuleSettings
from loaders.api import load_roster
from webapp.results_cache import ResultsCache


def test_cached_until_a_load_changes_the_data(graph, sample_dir, tmp_path):
    load_roster(graph, [sample_dir / "roster"], user="tester")
    cache = ResultsCache()
    calls = []
    as_of = dt.date(2026, 11, 22)

    def compute():
        calls.append(1)
        return run_check(graph, as_of, RuleSettings())

    first = cache.get(graph, "check", (as_of,), compute)
    again = cache.get(graph, "check", (as_of,), compute)
    assert again is first and len(calls) == 1
    other_day = cache.get(graph, "check", (dt.date(2026, 11, 23),), compute)
    assert len(calls) == 2 and other_day is not first

    # any new load (here: the help pairs again, which change nothing) may have changed the data → recomputed
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "help_pairs.csv").write_bytes((sample_dir / "roster" / "help_pairs.csv").read_bytes())
    load_roster(graph, [roster], user="tester")
    fresh = cache.get(graph, "check", (as_of,), compute)
    assert len(calls) == 3 and fresh is not first
    assert fresh == run_check(graph, as_of, RuleSettings())


def test_entries_expire(graph):
    cache = ResultsCache(max_age_s=0.0)
    calls = []
    cache.get(graph, "x", (), lambda: calls.append(1))
    cache.get(graph, "x", (), lambda: calls.append(1))
    assert len(calls) == 2


# -- one computation for many waiters (no database needed: the data version is given) ----------------


def _together(n, fn):
    import threading

    start = threading.Barrier(n)
    out = [None] * n

    def run(i):
        start.wait()
        try:
            out[i] = ("ok", fn())
        except Exception as exc:  # noqa: BLE001 — what each waiter got is the test
            out[i] = ("error", exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def _slow(calls, value=None, error=None):
    import time

    def compute():
        calls.append(1)
        time.sleep(0.3)  # long enough for every waiter to arrive while it runs
        if error:
            raise error
        return value

    return compute


def test_concurrent_requests_wait_for_one_computation():
    cache, calls = ResultsCache(), []
    out = _together(20, lambda: cache.get(None, "x", (1,), _slow(calls, {"v": 1}), version=("v1",)))
    assert len(calls) == 1 and cache.computed["x"] == 1
    assert all(kind == "ok" and value == {"v": 1} for kind, value in out)
    assert len({id(value) for _, value in out}) == 1  # the very same kept value


def test_waiters_get_the_leader_s_error_and_nothing_is_kept():
    cache, calls = ResultsCache(), []
    out = _together(
        10, lambda: cache.get(None, "x", (), _slow(calls, error=ValueError("超时")), version=("v1",))
    )
    assert len(calls) == 1 and all(kind == "error" and str(e) == "超时" for kind, e in out)
    assert cache.get(None, "x", (), lambda: "again", version=("v1",)) == "again"  # computed anew


def test_a_value_not_kept_is_computed_by_each_waiter_for_itself():
    cache, calls = ResultsCache(), []
    out = _together(
        5, lambda: cache.get(None, "x", (), _slow(calls, "mine"), version=("v1",), keep=lambda v: False)
    )
    assert [v for _, v in out] == ["mine"] * 5 and len(calls) == 5 and len(cache) == 0


def test_a_new_data_version_drops_the_older_entries():
    cache = ResultsCache()
    for i in range(3):
        cache.get(None, "x", (i,), lambda: i, version=("v1",))
    assert len(cache) == 3
    assert cache.get(None, "x", (0,), lambda: "new", version=("v2",)) == "new"
    assert len(cache) == 1


def test_a_refresh_computes_again_while_the_others_get_the_kept_value():
    import threading

    cache, started, release = ResultsCache(), threading.Event(), threading.Event()
    assert cache.get(None, "x", (), lambda: "old", version=("v1",)) == "old"

    def slow_new():
        started.set()
        release.wait(5)
        return "new"

    refresher = threading.Thread(
        target=lambda: cache.get(None, "x", (), slow_new, version=("v1",), refresh=True)
    )
    refresher.start()
    assert started.wait(5)
    assert cache.get(None, "x", (), lambda: "not this", version=("v1",)) == "old"  # no wait, no computation
    release.set()
    refresher.join()
    assert cache.get(None, "x", (), lambda: "not this", version=("v1",)) == "new"
    assert cache.computed["x"] == 2
