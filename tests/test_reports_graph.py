"""Report facts in the real Neo4j: proposed facts with their source, candidates from the sample county,
check/coverage unchanged by anything proposed, idempotent reload, and confirm/reject turning facts into
ordinary graph data (or not)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graph import search
from graph.coverage import run_coverage
from graph.rules import run_check
from graph.settings import RuleSettings
from loaders.api import load_roster
from loaders.reports import confirm as rc
from loaders.reports.write import ReportError, load_report

AS_OF = dt.date(2026, 11, 22)
TEXT = (
    "云溪县委常委、组织部长冯春到孙红乡丁寨村调研，联系电话18464680097，身份证号419902198507269141。\n"
    "在贫困户廖利利家中，该乡党委书记王晓明说：“我是你的帮扶责任人。”\n"
    "同日，县水利局局长田亮蓉到丁湾村走访。\n"
)


@pytest.fixture
def sample(graph, sample_dir, tmp_path):
    assert load_roster(graph, [sample_dir / "roster"], progress=False).written
    search.refresh(graph)
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return graph, path


def outputs(graph):
    check = run_check(graph, AS_OF, RuleSettings())
    return (
        json.dumps(check["violations"], sort_keys=True, default=str),
        [
            json.dumps(run_coverage(graph, level, AS_OF)["rows"], sort_keys=True, default=str)
            for level in ("county", "township", "village")
        ],
    )


def facts(graph, kind=None):
    rows = graph.read(
        "MATCH (f:ProposedFact)-[:FROM]->(d:SourceDocument) "
        "RETURN f {.*} AS f, d.name AS doc ORDER BY f.doc_start"
    )
    return [r["f"] for r in rows if kind is None or r["f"]["kind"] == kind]


def fact_where(graph, kind, **payload):
    for f in facts(graph, kind):
        p = json.loads(f["payload"])
        if all(p.get(k) == v for k, v in payload.items()):
            return f
    raise AssertionError(f"no {kind} {payload}")


def test_load_report_proposes_with_source_and_candidates(sample):
    graph, path = sample
    before = outputs(graph)
    [result] = load_report(graph, [path], user="test")
    assert result.created == len(facts(graph)) > 0
    assert outputs(graph) == before  # nothing proposed counts in check or coverage

    f = fact_where(graph, "person_post", person="冯春", title="组织部长")
    assert f["status"] == "proposed"
    # numbers in a report's sentence are masked before they reach the graph (same length: spans hold)
    assert "184****0097" in f["sentence"] and "4199**********9141" in f["sentence"]
    assert "18464680097" not in f["sentence"] and "419902198507269141" not in f["sentence"]
    assert f["sentence"][f["span_start"] : f["span_end"]] == "云溪县委常委、组织部长冯春"
    assert TEXT[f["doc_start"] : f["doc_end"]] == "云溪县委常委、组织部长冯春"
    cands = json.loads(f["candidates"])
    assert {"label": "Person", "key": "P00002"} in [
        {"label": c["label"], "key": c["key"]} for c in cands["person"]
    ]
    assert any(c["key"] == "D002" for c in cands["organization"])  # 中共云溪县委组织部 starts with 云溪县

    village = fact_where(graph, "place", name="丁寨村")
    assert [c["key"] for c in json.loads(village["candidates"])["region"]] == ["419902101201"]
    # 田亮蓉 is not in the roster; 田亮荣 sounds the same: offered as a pinyin candidate, not chosen
    tian = fact_where(graph, "person_post", person="田亮蓉")
    assert [(c["key"], c["how"]) for c in json.loads(tian["candidates"])["person"]] == [
        ("P00003", "拼音相同")
    ]
    assert fact_where(graph, "help", helper="王晓明", helped="廖利利")

    again = load_report(graph, [path], user="test")
    assert again[0].created == 0 and graph.read("MATCH (d:SourceDocument) RETURN count(d) AS n")[0]["n"] == 1


def test_confirm_and_reject(sample):
    graph, path = sample
    load_report(graph, [path])
    before = outputs(graph)

    # an existing person and organization: the roster's post is kept, nothing duplicated
    f = fact_where(graph, "person_post", person="冯春", title="组织部长")
    done = rc.confirm(
        graph,
        f["fact_id"],
        rc.Decision(
            {"title": "组织部长"},
            {
                "person": rc.Choice("existing", "Person", "P00002"),
                "organization": rc.Choice("existing", "Organization", "D002"),
            },
        ),
        "admin1",
    )
    assert done["relationship"] == "HOLDS_POST" and done["already_in_graph"]
    assert (
        graph.read(
            "MATCH (:Person {person_id:'P00002'})-[h:HOLDS_POST {title:'组织部长'}]->() RETURN count(h) AS n"
        )[0]["n"]
        == 1
    )

    # a new person and a new party committee
    f = fact_where(graph, "person_post", person="王晓明")
    rc.confirm(
        graph,
        f["fact_id"],
        rc.Decision(
            {"person": "王晓明", "title": "党委书记", "organization": "孙红乡"},
            {
                "person": rc.Choice("new", "Person", "R0001", "王晓明"),
                "organization": rc.Choice("new", "Organization", "D901", "中共孙红乡委员会", kind="党委"),
            },
        ),
        "admin1",
    )
    row = graph.read(
        "MATCH (p:Person {person_id:'R0001'})-[h:HOLDS_POST]->(o:Organization:PartyOrg {code:'D901'}) "
        "MATCH (p)-[:SOURCE]->(f:ProposedFact {status:'confirmed'})-[:FROM]->(d:SourceDocument) "
        "RETURN h.title AS title, h.source_fact AS src, f.fact_id AS fid, f.decided_by AS by, d.name AS doc"
    )
    assert row == [
        {"title": "党委书记", "src": f["fact_id"], "fid": f["fact_id"], "by": "admin1", "doc": "report.txt"}
    ]

    # the help relation becomes an ordinary HELPS pair: coverage now counts it
    h = fact_where(graph, "help", helper="王晓明", helped="廖利利")
    done = rc.confirm(
        graph,
        h["fact_id"],
        rc.Decision(
            {},
            {
                "helper": rc.Choice("existing", "Person", "R0001"),
                "helped": rc.Choice("existing", "Household", "4199021012010001"),
            },
        ),
        "admin1",
    )
    assert done["relationship"] == "HELPS"
    assert outputs(graph) != before

    # a place confirmed against its region: a SOURCE link, no new region
    place = fact_where(graph, "place", name="丁寨村")
    rc.confirm(
        graph,
        place["fact_id"],
        rc.Decision({}, {"region": rc.Choice("existing", "Region", "419902101201")}),
        "admin1",
    )
    assert graph.read(
        "MATCH (:Region:Village {code:'419902101201'})-[:SOURCE]->(f:ProposedFact) RETURN f.fact_id AS id"
    ) == [{"id": place["fact_id"]}]

    # reject: status only, nothing else changes; a decided fact cannot be decided again
    tian = fact_where(graph, "person_post", person="田亮蓉")
    nodes = graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    rc.reject(graph, tian["fact_id"], "admin1", "人名不确定")
    assert fact_where(graph, "person_post", person="田亮蓉")["status"] == "rejected"
    assert graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == nodes
    with pytest.raises(rc.ReviewError, match="已经处理过"):
        rc.reject(graph, tian["fact_id"], "admin1")


def test_confirm_refuses_bad_choices(sample):
    graph, path = sample
    load_report(graph, [path])
    f = fact_where(graph, "person_post", person="冯春", title="组织部长")
    with pytest.raises(rc.ReviewError, match="已存在"):
        rc.confirm(
            graph,
            f["fact_id"],
            rc.Decision({}, {"person": rc.Choice("new", "Person", "P00002", "冯春")}),
            "a",
        )
    with pytest.raises(rc.ReviewError, match="没有编号"):
        rc.confirm(
            graph, f["fact_id"], rc.Decision({}, {"person": rc.Choice("existing", "Person", "NOPE")}), "a"
        )
    with pytest.raises(rc.ReviewError, match="只能是"):
        rc.confirm(
            graph, f["fact_id"], rc.Decision({}, {"person": rc.Choice("existing", "Household", "x")}), "a"
        )
    assert fact_where(graph, "person_post", person="冯春", title="组织部长")["status"] == "proposed"


def test_unreadable_report_is_a_chinese_error(tmp_path, graph):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00garbage\xff")
    with pytest.raises(ReportError, match="编码"):
        load_report(graph, [bad])
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(ReportError, match="空"):
        load_report(graph, [empty])
