"""The rules and coverage on the shared sample roster, loaded by the real loader, against the expected
outputs in shared/sample (as-of 2026-11-22)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graph.coverage import run_coverage
from graph.rules import run_check
from graph.settings import RuleSettings
from tests.helpers.checks import visible_violations

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def sample_graph(sample_county):
    return sample_county


def _expected(sample_dir, name):
    return json.loads((sample_dir / name).read_text(encoding="utf-8"))


def test_check_matches_expected(sample_graph, sample_dir):
    expected = _expected(sample_dir, "expected-check.json")
    got = run_check(sample_graph, AS_OF, RuleSettings())
    assert got["as_of"] == expected["as_of"]
    # the first-round sample's settings are the first twelve rules'; the activity rules add theirs
    assert {k: got["settings"][k] for k in expected["settings"]} == expected["settings"]
    assert got["summary"] == expected["summary"]
    want = {(v["rule"], v["subject_id"]) for v in expected["violations"]}
    have = {(v["rule"], v["subject_id"]) for v in got["violations"]}
    assert sorted(have - want) == [] and sorted(want - have) == []
    # the same order, and the same visible fields
    assert visible_violations(got) == visible_violations(expected)


@pytest.mark.parametrize("level", ["township", "village"])
def test_coverage_matches_expected(sample_graph, sample_dir, level):
    expected = _expected(sample_dir, f"expected-coverage-{level}.json")
    assert run_coverage(sample_graph, level, AS_OF) == expected


def test_region_restricts_check(sample_graph):
    town = run_check(sample_graph, AS_OF, RuleSettings(), region="419902102000")
    assert town["summary"]["villages"] == 12
    for v in town["violations"]:
        if v["subject_type"] in ("village", "household"):
            assert v["region_path"][1] == "吴老乡"
    cov = run_coverage(sample_graph, "township", AS_OF, region="419902102000")
    assert [r["code"] for r in cov["rows"]] == ["419902102000"]
    assert cov["rows"][0]["households_in_scope"] == town["summary"]["households_in_scope"]
