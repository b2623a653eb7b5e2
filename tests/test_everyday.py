"""Everyday tasks of a county user in few steps (issue 28), on a county the other tests have not seen:
a demo county generated here (`bangfu demo generate … --months 2`) and loaded month by month (`bangfu
demo load`), so that its two snapshots each recorded a check. The ranking of villages by open findings
(总览, 整改台账), responsibility by name, deadline extensions, 变动 by village."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from graph import search
from graph.ledger.store import OPEN, Filters, list_findings, village_ranking
from tests.helpers.graphs import fresh
from tests.helpers.pii import Findings
from tests.helpers.rosters import bangfu_runner
from tests.helpers.web import add_users, client_for, make_app, text

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def county(session_graph, neo4j_settings, tmp_path_factory):
    """A fresh demo county of 300 households and two monthly snapshots (seed 2811)."""
    fresh(session_graph)
    home = tmp_path_factory.mktemp("everyday")
    run = bangfu_runner(neo4j_settings, home)
    out = home / "county"
    made = run("demo", "generate", str(out), "--households", "300", "--seed", "2811", "--months", "2")
    assert made.returncode == 0, made.stderr[-500:]
    loaded = run("demo", "load", str(out))
    assert loaded.returncode == 0, loaded.stderr[-500:]
    search.refresh(session_graph)
    add_users(session_graph)
    return {"graph": session_graph, "run": run, "home": home}


@pytest.fixture(scope="module")
def personal_data():
    found = Findings()
    yield found
    found.assert_none()


@pytest.fixture(scope="module")
def app(county, neo4j_settings, personal_data):
    return make_app(county["graph"], neo4j_settings, county["home"] / "web", personal_data)


def open_findings(graph):
    return list_findings(graph, Filters(statuses=OPEN), today=TODAY, limit=100_000)[0]


# -- 1. 问题最多的村 ------------------------------------------------------------------------------------


def test_village_ranking_counts_open_findings_errors_and_overdue(county):
    graph = county["graph"]
    findings = [f for f in open_findings(graph) if f.get("village_code")]
    per_village = Counter(f["village_code"] for f in findings)
    ranking = village_ranking(graph, TODAY, limit=100)
    assert ranking and len(ranking) == len(per_village)
    assert {r["code"]: r["open"] for r in ranking} == dict(per_village)
    assert ranking[0]["open"] == max(per_village.values())
    assert [r["open"] for r in ranking] == sorted((r["open"] for r in ranking), reverse=True)
    top = ranking[0]
    mine = [f for f in findings if f["village_code"] == top["code"]]
    assert top["errors"] == sum(f["severity"] == "error" for f in mine)
    assert top["overdue"] == sum(f["due"] < TODAY for f in mine)
    assert top["village"] and top["township"]


def test_ranking_on_the_overview_and_the_ledger(app, county):
    top = village_ranking(county["graph"], TODAY, limit=1)[0]
    viewer = client_for(app, "viewer1")
    for path in ("/", "/ledger"):
        page = text(viewer.get(path))
        section = page[page.index('id="village-ranking"') :]
        first = re.search(r'<tr data-village="([^"]+)">.*?<a href="([^"]+)">([^<]+)</a>', section, re.S)
        assert first.group(1) == top["code"] and first.group(3) == top["village"], path
        assert first.group(2) == f"/e/region/{top['code']}"
    # its 查看问题 link lists exactly that village's open findings, and names the village
    page = text(viewer.get(f"/ledger?region={top['code']}&status=未销号"))
    assert top["village"] in page[page.index('id="ledger-region"') :][:300]
    shown = re.findall(r'<tr data-finding="([^"]+)"', page)
    assert len(shown) == top["open"]
