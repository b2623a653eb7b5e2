"""The demo roster, end to end: loaded by the real loader into Neo4j, the real `check` finds exactly the
gaps that the small independent evaluator of tests/test_demo_generate.py finds in the CSV files, and
every rule finds something."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.rulebook import RULES_BY_ID
from graph.rules import rule_params, run_check, run_rule
from graph.schema import init_schema
from graph.settings import RuleSettings
from loaders.api import load_roster
from loaders.demo.generate import generate
from loaders.demo.planting import RULES
from tests.helpers.demo_rules import evaluate, read
from tests.helpers.graphs import wipe
from tests.helpers.kept_visits import FORGET_KEPT_VISITS, FORGET_SINGLE_DATES

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


@pytest.mark.slow
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


def _visit_overdue(graph, as_of: dt.date, region: str | None, settings: RuleSettings) -> list[dict]:
    return run_rule(graph, RULES_BY_ID["visit_overdue"], rule_params(as_of, settings, region))


@pytest.mark.slow
def test_visit_overdue_from_the_help_pairs_agrees_with_regions_and_visits(demo):
    # the whole graph starts from the help pairs (relationship-type index), a region from its villages,
    # and a household whose kept latest visits cannot answer (removed here) from its visits: the same
    # findings every way, on a generated county with a year of visits, at dates today and earlier
    graph, _ = demo
    counties = [
        r["code"] for r in graph.read("MATCH (c:Region) WHERE NOT (c)-[:PART_OF]->() RETURN c.code AS code")
    ]
    cases = [
        (AS_OF - dt.timedelta(days=days), RuleSettings(visit_days=span))
        for days in (0, 45, 200)
        for span in (30, 90)
    ]
    whole = [_visit_overdue(graph, as_of, None, s) for as_of, s in cases]
    assert all(whole) and len({len(w) for w in whole}) > 1
    for (as_of, s), found in zip(cases, whole):
        by_county = sorted(
            (v for c in counties for v in _visit_overdue(graph, as_of, c, s)), key=lambda v: v["subject_id"]
        )
        assert by_county == found
    try:
        graph.write(FORGET_KEPT_VISITS)  # help pairs that keep nothing (a work report's)
        assert [_visit_overdue(graph, as_of, None, s) for as_of, s in cases] == whole
        init_schema(graph)
        graph.write(FORGET_SINGLE_DATES)  # a graph of schema 10: the lists only
        assert [_visit_overdue(graph, as_of, None, s) for as_of, s in cases] == whole
    finally:
        init_schema(graph)  # the schema's migration keeps them again
    assert [_visit_overdue(graph, as_of, None, s) for as_of, s in cases] == whole
