"""Every page of the web app on the sample county, through Flask's test client and the real Neo4j.

The overview and gaps pages must show the same figures as `check` and `coverage`.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re

import pytest

from graph import pii
from graph.coverage import run_coverage
from graph.rules import run_check
from tests.helpers.graphs import session_ring
from tests.helpers.pii import Findings
from tests.helpers.web import client_for, make_app, text

AS_OF = "2026-11-22"


@pytest.fixture(scope="module")
def loaded(sample_web_county):
    return sample_web_county


@pytest.fixture(scope="module")
def personal_data():
    """Every response of this module, scanned for unmasked id and phone numbers (tests/helpers/pii.py)."""
    found = Findings()
    yield found
    found.assert_none()


@pytest.fixture
def app(loaded, neo4j_settings, tmp_path, personal_data):
    return make_app(loaded, neo4j_settings, tmp_path, personal_data)


def test_overview_matches_check(app, loaded):
    page = text(client_for(app, "viewer1").get(f"/?as_of={AS_OF}"))
    check = run_check(loaded, dt.date.fromisoformat(AS_OF), loaded_settings(app).rules)
    gaps = re.search(r'id="fig-gaps".*?<span class="num">(\d+)</span>', page, re.S).group(1)
    assert int(gaps) == check["summary"]["villages_with_gaps"] == 12
    coverage = re.search(r'id="fig-coverage".*?<span class="num">([\d.]+)%</span>', page, re.S).group(1)
    assert coverage == f"{check['summary']['help_pair_coverage'] * 100:.1f}"
    for row in run_coverage(loaded, "township", dt.date.fromisoformat(AS_OF))["rows"]:
        assert row["name"] in page
    # a county that keeps no monitoring rows has no 防止返贫监测 figures (tests/test_monitoring_pages.py)
    assert 'id="monitoring-summary"' not in page and "防止返贫监测" not in page


def loaded_settings(app):
    return app.extensions["bangfu_settings"]


def test_gaps_page_lists_every_violation_and_filters(app, sample_dir):
    expected = json.loads((sample_dir / "expected-check.json").read_text(encoding="utf-8"))
    client = client_for(app, "viewer1")
    page = text(client.get(f"/gaps?as_of={AS_OF}"))
    shown = set(re.findall(r'data-rule="([a-z_]+)" data-subject="([^"]+)"', page))
    assert shown == {(v["rule"], v["subject_id"]) for v in expected["violations"]}
    page = text(client.get(f"/gaps?as_of={AS_OF}&rule=help_pair&severity=error"))
    shown = set(re.findall(r'data-rule="([a-z_]+)" data-subject="([^"]+)"', page))
    assert shown == {(v["rule"], v["subject_id"]) for v in expected["violations"] if v["rule"] == "help_pair"}
    # in pages: every violation exactly once over the pages, and the filters kept in the page links
    seen, url = [], f"/gaps?as_of={AS_OF}&per_page=10"
    while url:
        page = text(client.get(url))
        seen += re.findall(r'data-rule="([a-z_]+)" data-subject="([^"]+)"', page)
        assert len(re.findall(r'data-rule="', page)) <= 10
        nxt = re.search(r'rel="next" href="([^"]+)"', page)
        url = html.unescape(nxt.group(1)) if nxt else None
        if url:
            assert "per_page=10" in url and f"as_of={AS_OF}" in url
    assert len(seen) == len(expected["violations"]) > 10
    assert set(seen) == {(v["rule"], v["subject_id"]) for v in expected["violations"]}
    township = expected["violations"][0]["subject_id"][:9] + "000"
    page = text(client.get(f"/gaps?as_of={AS_OF}&township={township}"))
    assert "data-rule=" in page
    assert client.get(f"/gaps.xlsx?as_of={AS_OF}").status_code == 403  # a viewer reads; analysts download
    response = client_for(app, "analyst1").get(f"/gaps.xlsx?as_of={AS_OF}")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(response.data))
    assert len(wb.sheetnames) >= 2


def test_coverage_drilldown(app, sample_dir):
    expected = json.loads((sample_dir / "expected-coverage-township.json").read_text(encoding="utf-8"))
    client = client_for(app, "viewer1")
    page = text(client.get(f"/coverage?as_of={AS_OF}&level=township"))
    for row in expected["rows"]:
        assert row["name"] in page and str(row["households_in_scope"]) in page
    first = expected["rows"][0]["code"]
    page = text(client.get(f"/coverage?as_of={AS_OF}&region={first}&level=village"))
    villages = json.loads((sample_dir / "expected-coverage-village.json").read_text(encoding="utf-8"))["rows"]
    in_township = [v for v in villages if v["code"].startswith(first[:9])]
    assert in_township and all(v["name"] in page for v in in_township)


def test_search_by_pinyin_initials_and_partial_name(app, loaded):
    person = loaded.read(
        "MATCH (p:Person) WHERE size(p.name) >= 2 RETURN p.name AS name, p.person_id AS id "
        "ORDER BY p.person_id LIMIT 1"
    )[0]
    from pypinyin import Style, lazy_pinyin

    initials = "".join(s[0] for s in lazy_pinyin(person["name"], style=Style.NORMAL))
    client = client_for(app, "viewer1")
    page = text(client.get(f"/search?q={initials}"))
    assert person["id"] in page
    page = text(client.get(f"/search?q={person['name'][1:]}"))
    assert person["id"] in page
    page = text(client.get("/search?q=' OR 1=1 //"))
    assert "没有找到" in page


@pytest.mark.parametrize(
    "kind,query",
    [
        ("region", "MATCH (n:Village) RETURN n.code AS k ORDER BY k LIMIT 1"),
        ("region", "MATCH (n:Township) RETURN n.code AS k ORDER BY k LIMIT 1"),
        ("person", "MATCH (n:Person)-[:HELPS]->() RETURN n.person_id AS k ORDER BY k LIMIT 1"),
        ("household", "MATCH (n:Household) RETURN n.household_id AS k ORDER BY k LIMIT 1"),
        ("organization", "MATCH (n:Unit) RETURN n.code AS k ORDER BY k LIMIT 1"),
        ("organization", "MATCH (n:PartyOrg)-[:GOVERNS]->() RETURN n.code AS k ORDER BY k LIMIT 1"),
        ("enterprise", "MATCH (n:Enterprise) RETURN n.enterprise_id AS k ORDER BY k LIMIT 1"),
    ],
)
def test_entity_pages_and_neighbourhood(app, loaded, kind, query):
    key = loaded.read(query)[0]["k"]
    client = client_for(app, "viewer1")
    page = text(client.get(f"/e/{kind}/{key}"))
    assert key in page and 'id="graph"' in page
    data = client.get(f"/api/graph/neighbourhood?kind={kind}&key={key}&depth=2").get_json()
    assert len(data["nodes"]) > 1 and data["edges"]
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])


def test_personal_data_masked_for_viewer_and_audited_for_admin(app, loaded):
    row = loaded.read(
        "MATCH (p:Person) WHERE p.id_number IS NOT NULL AND p.phone IS NOT NULL "
        "RETURN p.person_id AS id, p {.id_number, .id_number_cipher, .phone, .phone_cipher} AS p LIMIT 1"
    )[0]
    ring = session_ring()  # the graph holds the numbers sealed (graph/pii.py); the clear ones:
    row["idn"], row["phone"] = (pii.open_value(ring, key, row["p"]) for key in ("id_number", "phone"))
    viewer = client_for(app, "viewer1")
    page = text(viewer.get(f"/e/person/{row['id']}?unmasked=1"))
    assert row["idn"] not in page and row["phone"] not in page
    assert row["idn"][:4] + "*" * 10 + row["idn"][-4:] in page
    data = viewer.get(f"/api/graph/neighbourhood?kind=person&key={row['id']}").get_data(as_text=True)
    assert row["idn"] not in data and row["phone"] not in data
    admin = client_for(app, "admin1")
    assert row["idn"] not in text(admin.get(f"/e/person/{row['id']}"))
    assert row["idn"] in text(admin.get(f"/e/person/{row['id']}?unmasked=1"))
    audited = loaded.read(
        "MATCH (e:AuditEvent {action: 'view_unmasked', username: 'admin1'}) RETURN count(e) AS n"
    )
    assert audited[0]["n"] >= 1


def test_viewer_cannot_reach_admin_pages(app):
    viewer = client_for(app, "viewer1")
    for path in ("/admin/upload", "/admin/audit", "/admin/users"):
        assert viewer.get(path).status_code == 403
    admin = client_for(app, "admin1")
    assert "审计日志" in text(admin.get("/admin/audit"))
    assert "viewer1" in text(admin.get("/admin/users"))


def test_unknown_entity_is_404_page(app):
    response = client_for(app, "viewer1").get("/e/person/NOPE")
    assert response.status_code == 404 and "找不到" in response.get_data(as_text=True)
    assert client_for(app, "viewer1").get("/e/bogus/x").status_code == 404


def test_upload_validates_then_loads(app, loaded, sample_dir, tmp_path):
    admin = client_for(app, "admin1")
    page = admin.get("/admin/upload").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    bad = (sample_dir / "bad-roster" / "regions.csv").read_bytes()
    response = admin.post(
        "/admin/upload",
        data={"csrf_token": token, "files": (io.BytesIO(bad), "regions.csv")},
        content_type="multipart/form-data",
    )
    page = text(response)
    assert 'id="upload-errors"' in page and "regions.csv" in page
    good = (sample_dir / "roster" / "regions.csv").read_bytes()
    response = admin.post(
        "/admin/upload",
        data={"csrf_token": token, "files": (io.BytesIO(good), "regions.csv")},
        content_type="multipart/form-data",
    )
    page = text(response)
    assert 'id="upload-ok"' in page
    action = re.search(r'action="(/admin/upload/[0-9a-f]{32}/load)"', page).group(1)
    page = text(admin.post(action, data={"csrf_token": token}))
    assert "导入完成" in page
    # path traversal in a file name is neutralised, other suffixes refused
    response = admin.post(
        "/admin/upload",
        data={"csrf_token": token, "files": (io.BytesIO(b"x"), "../../etc/passwd")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert admin.post("/admin/upload/../../etc/load", data={"csrf_token": token}).status_code in (403, 404)


def test_saved_queries_pages_and_exports(app, loaded):
    viewer = client_for(app, "viewer1")
    page = text(viewer.get("/queries"))
    names = re.findall(r'data-query="([a-z0-9_]+)"', page)
    assert len(names) >= 20
    page = text(viewer.get("/queries/township_first_secretaries"))
    assert "<form" in page
    page = text(viewer.get("/queries/township_first_secretaries?run=1&township=419902101000"))
    assert 'id="result-table"' in page
    assert (
        viewer.get("/queries/township_first_secretaries/export/csv?run=1&township=419902101000").status_code
        == 403
    )
    analyst = client_for(app, "analyst1")
    response = analyst.get("/queries/township_first_secretaries/export/xlsx?run=1&township=419902101000")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    response = analyst.get("/queries/township_first_secretaries/export/csv?run=1&township=419902101000")
    assert response.data.startswith("\ufeff".encode())
    hh = loaded.read("MATCH (h:Household) RETURN h.household_id AS k ORDER BY k LIMIT 1")[0]["k"]
    page = text(viewer.get(f"/queries/household_chain?run=1&household={hh}"))
    assert 'id="graph"' in page
    data = viewer.get(f"/queries/household_chain/graph?household={hh}").get_json()
    assert data["nodes"] and data["edges"]
    response = analyst.get(f"/queries/household_chain/export/html?household={hh}")
    assert response.status_code == 200 and b"https://" not in response.data.split(b"<script")[0]


def test_cypher_editor_is_read_only_and_analyst_only(app, loaded):
    viewer = client_for(app, "viewer1")
    assert viewer.get("/cypher").status_code == 403
    analyst = client_for(app, "analyst1")
    page = text(analyst.get("/cypher"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    page = text(
        analyst.post(
            "/cypher", data={"csrf_token": token, "cypher": "MATCH (v:Village) RETURN count(v) AS n"}
        )
    )
    assert "24" in page
    before = loaded.read("MATCH (n) WHERE NOT n:AuditEvent RETURN count(n) AS n")[0]["n"]
    page = analyst.post(
        "/cypher", data={"csrf_token": token, "cypher": "MATCH (n) DETACH DELETE n"}
    ).get_data(as_text=True)
    assert 'id="query-error"' in page
    assert loaded.read("MATCH (n) WHERE NOT n:AuditEvent RETURN count(n) AS n")[0]["n"] == before


def test_explorer_export_of_nodes_on_screen(app, loaded):
    analyst = client_for(app, "analyst1")
    page = text(analyst.get("/explorer?kind=region&key=419902101201"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = analyst.get("/api/graph/neighbourhood?kind=region&key=419902101201").get_json()
    ids = ",".join(n["id"] for n in data["nodes"])
    response = analyst.post("/export/nodes/graphml", data={"csrf_token": token, "ids": ids})
    assert response.status_code == 200
    import networkx as nx

    g = nx.read_graphml(io.BytesIO(response.data))
    assert g.number_of_nodes() == len(data["nodes"])


def test_api_and_openapi(app, sample_dir):
    anonymous = app.test_client()
    assert anonymous.get("/api/check").status_code == 401
    assert anonymous.get("/api/check").get_json()["error"]["status"] == 401
    doc = anonymous.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.") and "/api/check" in doc["paths"]
    viewer = client_for(app, "viewer1")
    expected = json.loads((sample_dir / "expected-check.json").read_text(encoding="utf-8"))
    got = viewer.get(f"/api/check?as_of={AS_OF}").get_json()
    assert got["summary"] == expected["summary"]
    cov = viewer.get(f"/api/coverage?as_of={AS_OF}&level=village").get_json()
    expected_cov = json.loads((sample_dir / "expected-coverage-village.json").read_text(encoding="utf-8"))
    assert cov["rows"] == expected_cov["rows"]
    bad = viewer.get("/api/check?as_of=yesterday")
    assert bad.status_code == 400 and "日期" in bad.get_json()["error"]["message"]
    assert viewer.get("/api/queries").get_json()["queries"]
    assert viewer.get("/api/search?q=cun").status_code == 200
