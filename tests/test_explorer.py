"""The explorer's JSON endpoints (webapp/explorer.py) through Flask's test client on the sample county
and the real Neo4j: suggestions by pinyin initials with what tells namesakes apart, counts before
expanding, the per-click and on-screen caps, colours by rules, paths, saved views (per user, shared
as a link, audited, masked for whoever opens them) and the exports with their legend.

A second 彭海 (another unit, no help pairs) is planted so that two namesakes must be told apart."""

from __future__ import annotations

import base64
import re

import pytest

from graph import clock
from graph.rules import run_check
from loaders.api import load_roster
from tests.helpers.pii import Findings
from tests.helpers.web import client_for, csrf_token, load_sample, make_app
from webapp.results_cache import ResultsCache

PERSON = "P00213"  # 彭海: six help pairs, all from 2026-11-12
NAMESAKE = "P09901"  # planted: another 彭海, at another unit
GAP_VILLAGE = "419902101201"  # 丁寨村: no first secretary in a key village
JSON = {"Accept": "application/json"}
# the smallest valid PNG (1×1, white)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)


@pytest.fixture(scope="module")
def loaded(session_graph, sample_dir, tmp_path_factory):
    load_sample(session_graph, sample_dir)
    folder = tmp_path_factory.mktemp("namesake")
    (folder / "people.csv").write_text(
        f"人员编号,姓名,性别,职级,工作单位代码\n{NAMESAKE},彭海,男,乡科级,U005\n", encoding="utf-8"
    )
    assert load_roster(session_graph, [folder], progress=False).written
    from graph import search

    search.refresh(session_graph)
    return session_graph


@pytest.fixture(scope="module")
def personal_data():
    found = Findings()
    yield found
    found.assert_none()


@pytest.fixture
def app(loaded, neo4j_settings, tmp_path, personal_data):
    return make_app(loaded, neo4j_settings, tmp_path, personal_data)


def element_id(graph, label: str, key: str, value: str) -> str:
    return graph.read(f"MATCH (n:{label} {{{key}: $v}}) RETURN elementId(n) AS id", {"v": value})[0]["id"]


def post_json(client, url: str, body: dict, page: str = "/explorer"):
    return client.post(url, json=body, headers={**JSON, "X-CSRFToken": csrf_token(client, page)})


def test_suggestions_by_pinyin_initials_tell_namesakes_apart(app):
    data = client_for(app, "viewer1").get("/explorer/suggest?q=ph", headers=JSON).get_json()
    groups = {g["kind"]: g for g in data["groups"]}
    assert groups["Person"]["kind_name"] == "人员"
    pengs = [i for i in groups["Person"]["items"] if i["name"] == "彭海"]
    assert {p["key"] for p in pengs} == {PERSON, NAMESAKE}
    contexts = {p["key"]: p["context"] for p in pengs}
    assert contexts[PERSON] != contexts[NAMESAKE] and all(contexts.values())
    assert all(p["id"] and p["kind"] == "person" for p in pengs)
    # kinds come in a fixed order: regions before people before households
    order = ["County", "Township", "Village", "Person", "Household", "PartyOrg", "Unit", "Enterprise"]
    kinds = [g["kind"] for g in data["groups"]]
    assert kinds == sorted(kinds, key=order.index)
    assert client_for(app, "viewer1").get("/explorer/suggest?q=", headers=JSON).get_json()["groups"] == []


def test_counts_then_expand_help_pairs(app, loaded):
    viewer = client_for(app, "viewer1")
    peng = element_id(loaded, "Person", "person_id", PERSON)
    counts = viewer.get(f"/explorer/counts?id={peng}", headers=JSON).get_json()["counts"]
    helps = [c for c in counts if c["type"] == "HELPS"]
    assert helps == [{"type": "HELPS", "outgoing": True, "name": "结对帮扶", "n": 6}]
    data = viewer.get(f"/explorer/expand?id={peng}&type=HELPS&dir=out&have=1", headers=JSON).get_json()
    households = [n for n in data["nodes"] if n["label"] == "Household"]
    assert len(households) == 6 and data["total"] == 6 and data["message"] is None
    assert len(data["edges"]) == 6 and all(e["type"] == "HELPS" and e["from"] == peng for e in data["edges"])
    centre = next(n for n in data["nodes"] if n["id"] == peng)
    assert centre["style"] == "PersonHelper" and centre["flag"] == "帮扶责任人"
    assert all(n["style"] in ("Household", "HouseholdNoHelper") for n in households)
    # the person's id number and phone are masked for a viewer
    assert "*" in centre["properties"]["id_number"] and "*" in centre["properties"]["phone"]
    # the wrong direction has nothing; an unknown type is refused in Chinese, without a trace
    assert viewer.get(f"/explorer/expand?id={peng}&type=HELPS&dir=in", headers=JSON).get_json()["total"] == 0
    bad = viewer.get(f"/explorer/expand?id={peng}&type=NOPE", headers=JSON)
    assert bad.status_code == 400 and "未知的关系类型" in bad.get_json()["error"]["message"]


def test_caps_say_why_in_chinese(app, loaded):
    viewer = client_for(app, "viewer1")
    peng = element_id(loaded, "Person", "person_id", PERSON)
    full = viewer.get(f"/explorer/expand?id={peng}&type=HELPS&dir=out&have=2000", headers=JSON).get_json()
    assert full["nodes"] == [] and "最多显示 2000 个节点" in full["message"]
    almost = viewer.get(f"/explorer/expand?id={peng}&type=HELPS&dir=out&have=1998", headers=JSON).get_json()
    assert len([n for n in almost["nodes"] if n["label"] == "Household"]) == 2
    assert "共 6 个" in almost["message"] and "只显示了其中 2 个" in almost["message"]
    # a village's households: more than one click may add are cut at the per-click limit
    from webapp import explorer

    village = element_id(loaded, "Village", "code", GAP_VILLAGE)
    total = loaded.read(
        "MATCH (:Village {code: $c})<-[:LIVES_IN]-(h) RETURN count(h) AS n", {"c": GAP_VILLAGE}
    )[0]["n"]
    assert total > 3
    old = explorer.EXPAND_LIMIT
    explorer.EXPAND_LIMIT = 3
    try:
        cut = viewer.get(
            f"/explorer/expand?id={village}&type=LIVES_IN&dir=in&have=1", headers=JSON
        ).get_json()
    finally:
        explorer.EXPAND_LIMIT = old
    assert len([n for n in cut["nodes"] if n["label"] == "Household"]) == 3
    assert f"共 {total} 个，每次展开最多 3 个" in cut["message"]


def test_colours_follow_the_rules_at_today(app, loaded):
    today = clock.today()
    check = run_check(loaded, today, app.extensions["bangfu_settings"].rules)
    gap_villages = {v["subject_id"] for v in check["violations"] if v["subject_type"] == "village"}
    uncovered = [v["subject_id"] for v in check["violations"] if v["rule"] == "help_pair"]
    assert GAP_VILLAGE in gap_villages and uncovered
    villages = loaded.read("MATCH (v:Village) RETURN v.code AS code, elementId(v) AS id ORDER BY code")
    households = [element_id(loaded, "Household", "household_id", h) for h in uncovered[:3]]
    covered = element_id(loaded, "Household", "household_id", "4199021022120041")
    body = {"ids": [v["id"] for v in villages] + households + [covered]}
    data = post_json(client_for(app, "viewer1"), "/explorer/nodes", body).get_json()
    style = {n["id"]: n["style"] for n in data["nodes"]}
    for v in villages:
        assert style[v["id"]] == ("VillageGap" if v["code"] in gap_villages else "Village"), v
    assert {style[h] for h in households} == {"HouseholdNoHelper"} and style[covered] == "Household"
    assert {"Village", "VillageGap"} <= set(style.values())


def test_nodes_never_returns_accounts_or_audit(app, loaded):
    ids = [
        r["id"]
        for r in loaded.read(
            "MATCH (n) WHERE n:AppUser OR n:AuditEvent OR n:AuditChain RETURN elementId(n) AS id LIMIT 20"
        )
    ]
    data = post_json(client_for(app, "analyst1"), "/explorer/nodes", {"ids": ids}).get_json()
    assert ids and data["nodes"] == []
    refused = post_json(client_for(app, "viewer1"), "/explorer/nodes", {"ids": "not a list"})
    assert refused.status_code == 400 and "列表" in refused.get_json()["error"]["message"]


def test_path_between_two_people(app, loaded):
    # two helpers of households in the same village meet within a few steps
    pair = loaded.read(
        "MATCH (a:Person {person_id: $p})-[:HELPS]->(:Household)-[:LIVES_IN]->(v:Village)"
        "<-[:LIVES_IN]-(:Household)<-[:HELPS]-(b:Person) WHERE a <> b "
        "RETURN elementId(a) AS a, elementId(b) AS b LIMIT 1",
        {"p": PERSON},
    )[0]
    viewer = client_for(app, "viewer1")
    data = viewer.get(f"/explorer/paths?from={pair['a']}&to={pair['b']}", headers=JSON).get_json()
    assert data["paths"] and all(p[0] == pair["a"] and p[-1] == pair["b"] for p in data["paths"])
    assert all(len(p) - 1 <= 4 for p in data["paths"]) and "最短路径" in data["message"]
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    # the planted namesake helps no one and works at a unit: still related, through the unit or region
    same = viewer.get(f"/explorer/paths?from={pair['a']}&to={pair['a']}", headers=JSON)
    assert same.status_code == 400 and "不同" in same.get_json()["error"]["message"]


def _save(client, loaded, name="彭海的帮扶户"):
    peng = element_id(loaded, "Person", "person_id", PERSON)
    houses = loaded.read(
        "MATCH (:Person {person_id: $p})-[:HELPS]->(h) RETURN elementId(h) AS id", {"p": PERSON}
    )
    nodes = [{"id": peng, "x": 0, "y": 0}] + [
        {"id": h["id"], "x": 50.0 * i, "y": 80} for i, h in enumerate(houses)
    ]
    body = {"name": name, "nodes": nodes, "settings": {"hidden": ["Program"], "colour_by_rules": True}}
    response = post_json(client, "/explorer/views", body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json(), peng


def test_saved_views_are_per_user_until_shared(app, loaded):
    analyst, viewer = client_for(app, "analyst1"), client_for(app, "viewer1")
    version = ResultsCache.data_version(loaded)
    saved, peng = _save(analyst, loaded)
    assert ResultsCache.data_version(loaded) == version  # a saved view is app state, not data
    assert saved["link"] == f"/explorer/v/{saved['view_id']}" and saved["shared"] is False
    stored = loaded.read(
        "MATCH (v:SavedView {view_id: $i}) RETURN properties(v) AS p", {"i": saved["view_id"]}
    )[0]["p"]
    # ids and positions only: no property of a node (its name, its id number) is kept in the view
    assert set(stored) == {
        "view_id",
        "owner",
        "name",
        "shared",
        "node_ids",
        "xs",
        "ys",
        "settings",
        "created_at",
        "updated_at",
    }
    assert "彭海" not in str({k: v for k, v in stored.items() if k != "name"})
    mine = analyst.get("/explorer/views", headers=JSON).get_json()["views"]
    assert [v["name"] for v in mine if v["view_id"] == saved["view_id"]] == ["彭海的帮扶户"]
    assert saved["view_id"] not in str(viewer.get("/explorer/views", headers=JSON).get_json())
    # not shared: the viewer cannot open it, nor share it
    assert viewer.get(f"/explorer/views/{saved['view_id']}", headers=JSON).status_code == 404
    assert viewer.get(saved["link"]).status_code == 404
    assert post_json(viewer, f"/explorer/views/{saved['view_id']}/share", {}).status_code == 404
    # the owner reopens it at the saved positions
    own = analyst.get(f"/explorer/views/{saved['view_id']}", headers=JSON).get_json()
    assert len(own["nodes"]) == 7 and own["view"]["mine"] and own["view"]["settings"]["hidden"] == ["Program"]
    assert {(n["x"], n["y"]) for n in own["nodes"] if n["id"] == peng} == {(0, 0)}
    # shared: audited, and the viewer sees it, masked
    events = loaded.read("MATCH (e:AuditEvent {action: 'view_share'}) RETURN count(e) AS n")[0]["n"]
    assert (
        post_json(analyst, f"/explorer/views/{saved['view_id']}/share", {"shared": True}).status_code == 200
    )
    event = loaded.read(
        "MATCH (e:AuditEvent {action: 'view_share'}) "
        "RETURN e.username AS u, e.detail AS d ORDER BY e.at DESC LIMIT 1"
    )[0]
    assert (
        loaded.read("MATCH (e:AuditEvent {action: 'view_share'}) RETURN count(e) AS n")[0]["n"] == events + 1
    )
    assert event["u"] == "analyst1" and saved["view_id"] in event["d"]
    theirs = viewer.get(f"/explorer/views/{saved['view_id']}", headers=JSON).get_json()
    assert theirs["view"]["mine"] is False and theirs["view"]["owner"] == "analyst1"
    person = next(n for n in theirs["nodes"] if n["id"] == peng)
    assert "*" in person["properties"]["id_number"]
    assert viewer.get(saved["link"]).status_code == 200
    # saving under the same name replaces the view; deleting is the owner's only
    again, _ = _save(analyst, loaded)
    assert again["view_id"] == saved["view_id"]
    assert post_json(viewer, f"/explorer/views/{saved['view_id']}/delete", {}).status_code == 404
    assert post_json(analyst, f"/explorer/views/{saved['view_id']}/delete", {}).status_code == 200
    assert analyst.get(f"/explorer/views/{saved['view_id']}", headers=JSON).status_code == 404


def test_saving_needs_a_name_nodes_and_a_csrf_token(app, loaded):
    analyst = client_for(app, "analyst1")
    assert (
        "名字"
        in post_json(analyst, "/explorer/views", {"name": " ", "nodes": [{"id": "x"}]}).get_json()["error"][
            "message"
        ]
    )
    assert (
        "没有节点"
        in post_json(analyst, "/explorer/views", {"name": "空", "nodes": []}).get_json()["error"]["message"]
    )
    no_token = analyst.post("/explorer/views", json={"name": "a", "nodes": [{"id": "x"}]}, headers=JSON)
    assert no_token.status_code == 400
    assert loaded.read("MATCH (v:SavedView {name: 'a'}) RETURN count(v) AS n")[0]["n"] == 0


def test_exports_have_the_legend_and_are_audited(app, loaded):
    analyst = client_for(app, "analyst1")
    peng = element_id(loaded, "Person", "person_id", PERSON)
    village = element_id(loaded, "Village", "code", GAP_VILLAGE)
    token = csrf_token(analyst, "/explorer")
    view = (
        '{"title": "导出测试", "nodes": [{"id": "%s", "x": 10, "y": 20}, {"id": "%s", "x": -5, "y": 3}]}'
        % (peng, village)
    )
    before = loaded.read("MATCH (e:AuditEvent {action: 'export'}) RETURN count(e) AS n")[0]["n"]
    response = analyst.post("/explorer/export/html", data={"view": view, "csrf_token": token})
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    page = response.get_data(as_text=True)
    assert "图例" in page and "有未整改缺口的村" in page and "帮扶责任人" in page and "导出测试" in page
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", page)  # self-contained
    assert "vis.Network" in page and '"x": 10' in page.replace('"x":10', '"x": 10')
    png = analyst.post(
        "/explorer/export/png",
        data={
            "png": "data:image/png;base64," + base64.b64encode(PNG).decode(),
            "title": "图",
            "nodes": "2",
            "csrf_token": token,
        },
    )
    assert png.status_code == 200 and png.data == PNG
    assert loaded.read("MATCH (e:AuditEvent {action: 'export'}) RETURN count(e) AS n")[0]["n"] == before + 2
    junk = analyst.post(
        "/explorer/export/png", data={"png": "data:image/png;base64,AAAA", "csrf_token": token}
    )
    assert junk.status_code == 400 and "Traceback" not in junk.get_data(as_text=True)
    viewer = client_for(app, "viewer1")
    assert (
        viewer.post(
            "/explorer/export/html", data={"view": view, "csrf_token": csrf_token(viewer, "/explorer")}
        ).status_code
        == 403
    )


def test_entity_pages_open_in_the_explorer(app, loaded):
    viewer = client_for(app, "viewer1")
    page = viewer.get(f"/e/person/{PERSON}").get_data(as_text=True)
    assert f'href="/explorer?kind=person&amp;key={PERSON}">在关系图中打开</a>' in page
    explorer = viewer.get(f"/explorer?kind=person&key={PERSON}").get_data(as_text=True)
    assert f'data-start="{element_id(loaded, "Person", "person_id", PERSON)}"' in explorer
    assert "找不到要打开的对象" in viewer.get("/explorer?kind=person&key=NOPE").get_data(as_text=True)
    anonymous = app.test_client()
    assert anonymous.get("/explorer/suggest?q=ph").status_code == 302


def test_a_shared_view_keeps_exactly_the_relationships_on_screen(app, loaded):
    """Issue 28 §7: a view saved with some of the relationships among its nodes on screen reopens, by
    its shared link, with exactly those, each with its own words; other relationships among the same
    nodes (more help pairs, visits) are not drawn."""
    analyst, viewer = client_for(app, "analyst1"), client_for(app, "viewer1")
    rels = loaded.read(
        "MATCH (p:Person {person_id: $p})-[r]->(h:Household) "
        "RETURN elementId(p) AS p, elementId(h) AS h, elementId(r) AS r, type(r) AS type ORDER BY r",
        {"p": PERSON},
    )
    assert len(rels) >= 3
    shown = rels[:2]  # on screen: two of them
    nodes = [{"id": rels[0]["p"], "x": 0, "y": 0}] + [
        {"id": r["h"], "x": 40.0 * i, "y": 60} for i, r in enumerate(rels)
    ]
    body = {"name": "屏幕上的关系", "nodes": nodes, "edges": [r["r"] for r in shown], "settings": {}}
    saved = post_json(analyst, "/explorer/views", body).get_json()
    post_json(analyst, f"/explorer/views/{saved['view_id']}/share", {"shared": True})
    data = viewer.get(f"/explorer/views/{saved['view_id']}", headers=JSON).get_json()
    assert {e["id"] for e in data["edges"]} == {r["r"] for r in shown}
    from graph import vocabulary

    for e in data["edges"]:
        assert e["type_name"] == vocabulary.type_name(next(r["type"] for r in shown if r["r"] == e["id"]))
    assert len({n["id"] for n in data["nodes"]}) == len(nodes)
    # an edges list that is not one is refused
    bad = post_json(analyst, "/explorer/views", {**body, "edges": "all"})
    assert bad.status_code == 400 and "格式" in bad.get_json()["error"]["message"]
