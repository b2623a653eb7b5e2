"""A rule's rows come back many to a record (graph/connection.py, `Graph.read_many`): the same rows, with
the same values, as the rule's own query returns one to a record — for every rule, in batches of two so
that every batch boundary is crossed. The activity and monitoring samples between them give every rule
findings."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import graph.connection as connection
from graph.rules import RULES, rule_columns, rule_params
from graph.settings import RuleSettings

AS_OF = dt.date(2026, 11, 22)


def _key(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, default=str)


def _compare(graph, monkeypatch) -> dict[str, int]:
    monkeypatch.setattr(connection, "ROWS_PER_RECORD", 2)
    params = rule_params(AS_OF, RuleSettings(), None)
    found = {}
    for rule in RULES:
        one_to_a_record = graph.read_plain(rule.query, params)
        batched = graph.read_many(rule.query, rule_columns(rule), params)
        assert sorted(map(_key, batched)) == sorted(map(_key, one_to_a_record)), rule.id
        # the rulebook names the columns the query returns, in order
        assert all(tuple(row) == rule_columns(rule) for row in one_to_a_record), rule.id
        found[rule.id] = len(batched)
    return found


@pytest.fixture(scope="module")
def found_in_activity(activity_county):
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _compare(activity_county, monkeypatch)


def test_activity_sample_rows_in_batches(found_in_activity):
    assert sum(found_in_activity.values()) > 10


def test_monitoring_sample_rows_in_batches(found_in_activity, monitoring_county, monkeypatch):
    found = _compare(monitoring_county, monkeypatch)
    # every rule has rows somewhere, and some rule more than one batch
    assert [r.id for r in RULES if not (found[r.id] or found_in_activity[r.id])] == []
    assert max(found.values()) > 2 and max(found_in_activity.values()) > 2
