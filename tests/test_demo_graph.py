"""The demo roster, end to end: loaded by the real loader into Neo4j, the real `check` finds exactly the
gaps that the small independent evaluator of tests/test_demo_generate.py finds in the CSV files, and
every rule finds something."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.rules import run_check
from graph.schema import init_schema
from graph.settings import RuleSettings
from loaders.api import load_roster
from loaders.demo import RULES, generate
from tests.helpers.demo_rules import evaluate, read
from tests.helpers.graphs import wipe

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo(session_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("demo-graph")
    generate(out, 2500, seed=21, as_of=AS_OF)
    wipe(session_graph)
    init_schema(session_graph)
    report = load_roster(session_graph, [out], progress=False, today=AS_OF)
    assert report.ok, report.validation.errors[:5]
    return session_graph, out


def test_check_finds_the_planted_gaps(demo):
    graph, out = demo
    got = run_check(graph, AS_OF, RuleSettings())
    have = {rule: set() for rule in RULES}
    for v in got["violations"]:
        have[v["rule"]].add(v["subject_id"])
    want = evaluate(read(out), AS_OF)
    for rule in RULES:
        assert have[rule], f"check found nothing for {rule}"
        assert sorted(have[rule] ^ want[rule]) == [], rule
