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
