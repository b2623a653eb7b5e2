"""Personal data: no page, export or API answer for a non-admin (nor for an admin who did not ask)
holds an unmasked id number or mobile number; an admin's unmasked views and exports are audited.

Every response of this module goes through tests/helpers/pii.py's scanner (the `findings` fixture asserts at
the end of the module that it found nothing); the crawl below opens every page, API answer and export
a viewer and an analyst can reach on the sample county, every saved query included.
"""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import Workbook

from tests.helpers.pii import Findings, find_in_text, find_unmasked
from tests.helpers.web import assert_clean, client_for, csrf_token, findings, load_sample, make_app  # noqa: F401

HOUSEHOLD, HEAD_ID = "4199021012010001", "41990219660423622X"
PERSON, PERSON_ID, PERSON_PHONE = "P00001", "419902196910285070", "18507069464"
VILLAGE, TOWNSHIP = "419902101201", "419902101000"
ENTITY_DEFAULTS = {
    "person": PERSON,
    "household": HOUSEHOLD,
    "region": "419902000000",
    "township": TOWNSHIP,
    "village": VILLAGE,
}
TABLE_FORMATS = ("csv", "xlsx", "json", "graph.json")
GRAPH_FORMATS = ("html", "graphml", "gexf", "svg")


# -- the scanner itself -----------------------------------------------------------------------------


def test_scanner_finds_what_it_must_and_nothing_else():
    assert find_in_text(f"户主 {HEAD_ID}，电话 {PERSON_PHONE}") == [HEAD_ID, PERSON_PHONE]
    assert find_in_text(f"<td>{PERSON_ID}</td>") == [PERSON_ID]
    assert find_in_text('{"id_number":"41990219660423622x"}') == ["41990219660423622x"]
    for clean in (
        "4199**********622X",
        "185****9464",
        "4199021012010001",  # masked, a household number
        "419902196910285071",  # wrong check digit
        "92419902GL3XL2FN9P",
        "1234567890123",
        "21850706946",
        "x18507069464",
        "185070694641",
        "419902101201",
        "-192.14270713053",
    ):
        assert find_in_text(clean) == [], clean
    escaped = json.dumps({"p": f"电话{PERSON_PHONE}"}, ensure_ascii=True).encode()
    assert find_unmasked(escaped, "application/json") == [PERSON_PHONE]
    wb = Workbook()
    wb.active.append(["户主", HEAD_ID])
    buf = io.BytesIO()
    wb.save(buf)
    assert find_unmasked(
        buf.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ) == [HEAD_ID]
    assert find_unmasked(PERSON_PHONE.encode(), "image/png") == []
    f = Findings()
    f.check("viewer1", "viewer", "/x", HEAD_ID.encode(), "text/html")
    f.check("admin1", "admin", "/x?unmasked=1", HEAD_ID.encode(), "text/html")
    assert len(f.items) == 1
    with pytest.raises(AssertionError):
        f.assert_none()


# -- the crawl --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded(sample_web_county):
    return sample_web_county


@pytest.fixture(scope="module")
def app(loaded, neo4j_settings, tmp_path_factory, findings):  # noqa: F811
    return make_app(loaded, neo4j_settings, tmp_path_factory.mktemp("home"), findings)


def _query_args(app, query) -> dict[str, str]:
    from webapp.queries import runner

    with app.app_context():
        choices = runner().param_choices(query)
    args = {}
    for p in query.params:
        if p.name in choices and choices[p.name]:
            args[p.name] = choices[p.name][0]["value"]
        elif p.type in ENTITY_DEFAULTS:
            args[p.name] = "P00002" if p.name == "person_b" else ENTITY_DEFAULTS[p.type]
        elif p.required and p.type == "date":  # monitoring.md's "since": a required date
            args[p.name] = "2026-01-01"
        elif p.required:
            args[p.name] = "赖"
    return args


def _qs(args: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(args)


@pytest.mark.slow
@pytest.mark.parametrize("username", ["viewer1", "analyst1", "admin1"])
def test_crawl_finds_no_unmasked_personal_data(app, loaded, findings, username):  # noqa: F811
    from webapp.queries import runner

    client = client_for(app, username)
    checked_before = findings.checked
    people = [
        r["k"]
        for r in loaded.read(
            "MATCH (p:Person) WHERE p.phone IS NOT NULL RETURN p.person_id AS k ORDER BY k LIMIT 15"
        )
    ]
    households = [
        r["k"] for r in loaded.read("MATCH (h:Household) RETURN h.household_id AS k ORDER BY k LIMIT 15")
    ]
    urls = [
        "/",
        "/gaps",
        "/gaps?severity=error",
        "/coverage",
        f"/coverage?region={TOWNSHIP}&level=village",
        "/search?q=" + "廖利利",
        "/search?q=lll",
        "/search?q=P0000",
        "/search?q=4199021",
        "/explorer",
        f"/explorer?kind=region&key={VILLAGE}",
        "/queries",
        "/api/check",
        "/api/coverage?level=village",
        "/api/search?q=" + "廖",
        "/api/queries",
        f"/api/graph/neighbourhood?kind=region&key={VILLAGE}&depth=3&limit=2000",
        f"/api/graph/neighbourhood?kind=household&key={HOUSEHOLD}&depth=2",
        f"/e/region/{VILLAGE}",
        f"/e/region/{TOWNSHIP}",
    ]
    urls += [f"/e/person/{k}" for k in people] + [f"/api/entities/person/{k}" for k in people]
    urls += [f"/e/household/{k}" for k in households] + [f"/api/entities/household/{k}" for k in households]
    urls += [f"/api/graph/neighbourhood?kind=person&key={k}&depth=2" for k in people[:5]]
    # the explorer's own JSON: suggestions, counts and expansions of people (their households)
    person_ids = [
        r["id"]
        for r in loaded.read(
            "MATCH (p:Person) WHERE p.person_id IN $ks RETURN elementId(p) AS id", {"ks": people}
        )
    ]
    urls += ["/explorer/suggest?q=" + "廖", "/explorer/suggest?q=P000", "/explorer/views"]
    urls += [f"/explorer/counts?id={i}" for i in person_ids[:5]]
    urls += [f"/explorer/expand?id={i}&type={t}&dir=out" for i in person_ids for t in ("HELPS", "WORKS_AT")]
    with app.app_context():
        catalogue = list(runner().catalogue)
    for query in catalogue:
        qs = _qs(_query_args(app, query))
        urls += [
            f"/queries/{query.name}?run=1&{qs}",
            f"/api/queries/{query.name}?{qs}",
            f"/queries/{query.name}/graph?{qs}",
        ]
        if username != "viewer1":
            urls += [f"/queries/{query.name}/export/{fmt}?{qs}" for fmt in TABLE_FORMATS + GRAPH_FORMATS]
    if username != "viewer1":
        urls += ["/gaps.xlsx"] + [f"/export/graph/{fmt}?key={VILLAGE}&depth=2" for fmt in GRAPH_FORMATS]
        urls += [f"/export/graph/{fmt}?key={HOUSEHOLD}&depth=2" for fmt in GRAPH_FORMATS]
    statuses = {}
    for url in urls:
        response = client.get(url)
        assert_clean(response, allowed=(200, 400))  # 400: a graph export of a table-only result
        statuses[url] = response.status_code
    if username != "viewer1":
        ids = [
            r["id"]
            for r in loaded.read(
                "MATCH (h:Household)-[r]-(m) WHERE h.household_id IN $ks RETURN DISTINCT elementId(m) AS id "
                "UNION MATCH (h:Household) WHERE h.household_id IN $ks RETURN elementId(h) AS id",
                {"ks": households},
            )
        ]
        token = csrf_token(client, "/explorer")
        placed = json.dumps({"nodes": [{"id": i, "x": 0, "y": 0} for i in ids]})
        assert_clean(
            client.post("/explorer/export/html", data={"view": placed, "csrf_token": token}), allowed=(200,)
        )
        for fmt in GRAPH_FORMATS:
            assert_clean(
                client.post(f"/export/nodes/{fmt}", data={"ids": ",".join(ids), "csrf_token": token}),
                allowed=(200,),
            )
        body = assert_clean(
            client.post(
                "/cypher",
                data={
                    "cypher": "MATCH (h:Household) RETURN h, h.head_id_number AS idn, h.head_name LIMIT 50",
                    "csrf_token": token,
                },
            ),
            allowed=(200,),
        )
        assert "**********" in body  # the id numbers are there, masked
    # everything answered with data, except pictures of results that have no nodes (400, by design)
    ids = [
        r["id"]
        for r in loaded.read(
            "MATCH (h:Household) WHERE h.household_id IN $ks RETURN elementId(h) AS id", {"ks": households}
        )
    ]
    assert_clean(
        client.post(
            "/explorer/nodes", json={"ids": ids}, headers={"X-CSRFToken": csrf_token(client, "/explorer")}
        ),
        allowed=(200,),
    )
    refused = [
        u
        for u, code in statuses.items()
        if code != 200 and not any(f"/export/{fmt}?" in u for fmt in GRAPH_FORMATS)
    ]
    assert not refused, refused
    assert findings.checked - checked_before >= len(urls)


# -- admins: unmasked on request, audited -----------------------------------------------------------


def _audit_count(graph, action: str) -> int:
    return graph.read("MATCH (e:AuditEvent {action: $a}) RETURN count(e) AS n", {"a": action})[0]["n"]


def test_admin_unmasked_views_and_exports_are_audited(app, loaded):
    admin = client_for(app, "admin1")
    # without asking: masked for admins too
    assert HEAD_ID not in assert_clean(admin.get(f"/e/household/{HOUSEHOLD}"), allowed=(200,))
    views = _audit_count(loaded, "view_unmasked")
    page = assert_clean(admin.get(f"/e/household/{HOUSEHOLD}?unmasked=1"), allowed=(200,))
    assert HEAD_ID in find_unmasked(page.encode(), "text/html")  # the scanner sees real unmasked pages
    assert _audit_count(loaded, "view_unmasked") == views + 1
    api = admin.get(f"/api/graph/neighbourhood?kind=person&key={PERSON}&unmasked=1")
    assert PERSON_PHONE in api.get_data(as_text=True)
    assert _audit_count(loaded, "view_unmasked") == views + 2

    exports = _audit_count(loaded, "export_unmasked")
    csv = admin.get(f"/queries/village_roster/export/csv?village={VILLAGE}&unmasked=1")
    assert find_unmasked(csv.get_data(), csv.content_type)  # the cadres' phone numbers, in full
    xlsx = admin.get(f"/queries/village_roster/export/xlsx?village={VILLAGE}&unmasked=1")
    assert find_unmasked(xlsx.get_data(), xlsx.content_type)
    graph_export = admin.get(f"/export/graph/html?key={PERSON}&depth=1&unmasked=1")
    assert graph_export.status_code == 200
    assert _audit_count(loaded, "export_unmasked") == exports + 3
    details = [
        json.loads(r["d"])
        for r in loaded.read(
            "MATCH (e:AuditEvent {action: 'export_unmasked'}) RETURN e.detail AS d ORDER BY e.at DESC LIMIT 3"
        )
    ]
    assert {d.get("query") or d.get("node") for d in details} == {"village_roster", PERSON}
    # a masked admin export is audited as a plain export, and holds nothing unmasked
    masked = admin.get(f"/queries/village_roster/export/csv?village={VILLAGE}")
    assert masked.status_code == 200 and find_unmasked(masked.get_data(), masked.content_type) == []
    assert _audit_count(loaded, "export_unmasked") == exports + 3
