"""The web app in headless Chromium (Debian's, via playwright): each role logs in and opens every page
on the sample county; a saved query runs with a parameter; a file is exported; a viewer sees masked id
numbers and cannot reach admin pages; no request leaves the server. Screenshots go to
$BANGFU_SCREENSHOTS (default: a temporary folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph import pii
from tests.helpers.browser import Session as LoggedIn
from tests.helpers.browser import chromium_missing, launch_browser, live_server
from tests.helpers.graphs import session_ring
from tests.helpers.pii import Findings
from tests.helpers.web import make_app

pytestmark = [pytest.mark.browser]  # headless Chromium

AS_OF = "2026-11-22"
# every response any session of this module receives, scanned for unmasked id and phone numbers
PERSONAL_DATA = Findings()


@pytest.fixture(scope="module")
def live_app(sample_web_county, neo4j_settings, tmp_path_factory):
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    session_graph = sample_web_county
    app = make_app(session_graph, neo4j_settings, tmp_path_factory.mktemp("webhome"))
    with live_server(app) as base:
        yield base, session_graph


@pytest.fixture(scope="module")
def browser():
    with launch_browser() as b:
        yield b
    PERSONAL_DATA.assert_none()
    assert PERSONAL_DATA.checked > 50


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("BANGFU_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def Session(browser, base: str, username: str):  # noqa: N802 — a logged-in page, as tests/helpers/browser.py
    return LoggedIn(browser, base, username, PERSONAL_DATA)


PAGES = [
    ("overview", f"/?as_of={AS_OF}"),
    ("gaps", f"/gaps?as_of={AS_OF}"),
    ("coverage", f"/coverage?as_of={AS_OF}"),
    ("coverage-township", f"/coverage?as_of={AS_OF}&region=419902101000&level=village"),
    ("search", "/search?q=cun"),
    ("village", "/e/region/419902101201"),
    ("queries", "/queries"),
    ("explorer", "/explorer?kind=region&key=419902101201"),
]


@pytest.mark.parametrize("role", ["viewer1", "analyst1", "admin1"])
def test_every_page_for_every_role(live_app, browser, shots, role):
    base, graph = live_app
    s = Session(browser, base, role)
    for name, path in PAGES:
        response = s.open(
            path, shots / f"{role}-{name}.png" if role == "admin1" or name == "overview" else None
        )
        assert response.status == 200, (path, response.status)
        assert "Traceback" not in s.page.content()
    person = graph.read("MATCH (p:Person)-[:HELPS]->() RETURN p.person_id AS k ORDER BY k LIMIT 1")[0]["k"]
    household = graph.read("MATCH (h:Household) RETURN h.household_id AS k ORDER BY k LIMIT 1")[0]["k"]
    unit = graph.read("MATCH (u:Unit) RETURN u.code AS k ORDER BY k LIMIT 1")[0]["k"]
    branch = graph.read("MATCH (o:PartyOrg)-[:GOVERNS]->() RETURN o.code AS k ORDER BY k LIMIT 1")[0]["k"]
    enterprise = graph.read("MATCH (e:Enterprise) RETURN e.enterprise_id AS k ORDER BY k LIMIT 1")[0]["k"]
    for kind, key in (
        ("person", person),
        ("household", household),
        ("organization", unit),
        ("organization", branch),
        ("enterprise", enterprise),
    ):
        assert (
            s.open(
                f"/e/{kind}/{key}", shots / f"{role}-entity-{kind}-{key}.png" if role == "admin1" else None
            ).status
            == 200
        )
    admin_status = s.open("/admin/audit").status
    assert admin_status == (200 if role == "admin1" else 403)
    if role == "admin1":
        s.page.screenshot(path=str(shots / "admin1-audit.png"), full_page=True)
        assert s.open("/admin/upload", shots / "admin1-upload.png").status == 200
        assert s.open("/admin/users", shots / "admin1-users.png").status == 200
    assert s.outside == [], s.outside
    assert s.errors == [], s.errors
    s.context.close()


def test_graph_view_draws_and_settles(live_app, browser, shots):
    base, _ = live_app
    s = Session(browser, base, "viewer1")
    s.open("/explorer?kind=region&key=419902101201")
    s.page.wait_for_selector("#graph[data-settled='1'][data-nodes='1']", timeout=20000)
    s.page.click("#expand-buttons button[data-type=LIVES_IN][data-dir=in]")  # the village's households
    s.page.wait_for_selector("#graph[data-settled='1']:not([data-nodes='1'])", timeout=20000)
    drawn = int(s.page.get_attribute("#graph", "data-nodes"))
    assert drawn > 5
    s.page.screenshot(path=str(shots / "viewer1-explorer-settled.png"), full_page=True)
    assert s.outside == []


def test_saved_query_with_parameter_and_export(live_app, browser, shots):
    base, _ = live_app
    s = Session(browser, base, "analyst1")
    s.open("/queries/township_first_secretaries")
    s.page.select_option("select[name=township]", "419902102000")
    s.page.click("#query-form button[type=submit]")
    s.page.wait_for_selector("#result-table")
    assert "township=419902102000" in s.page.url
    rows = s.page.locator("#result-table tbody tr").count()
    assert rows >= 1
    s.page.screenshot(path=str(shots / "analyst1-query.png"), full_page=True)
    with s.page.expect_download() as download:
        s.page.click("text=XLSX")
    path = download.value.path()
    assert Path(path).read_bytes()[:2] == b"PK"
    s.open(f"/gaps?as_of={AS_OF}")
    with s.page.expect_download() as download:
        s.page.click("#export-xlsx")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"
    assert s.outside == []


def test_region_typed_with_suggestions_where_villages_are_many(live_app, browser, shots, monkeypatch):
    """A prefecture's graph (here: the sample with webapp/regions.py's limit lowered) offers a region
    field with suggestions instead of a drop-down: the townships before anything is typed, a village
    by its name; what the suggestion fills in runs the query."""
    from webapp import regions

    base, graph = live_app
    village = graph.read(
        "MATCH (v:Village {code: '419902101201'})-[:PART_OF]->(t:Township) "
        "RETURN v.name AS name, t.name AS town"
    )[0]
    monkeypatch.setattr(regions, "SELECT_MAX", 3)
    s = Session(browser, base, "analyst1")
    s.open("/queries/households_by_status")
    assert s.page.locator("#query-form select[name=region]").count() == 0
    field = "#query-form input[name=region]"
    offered = s.page.locator("#region-choices option").evaluate_all("os => os.map(o => o.label)")
    assert f"{village['town']}（全乡镇）" in offered
    s.page.type(field, village["name"], delay=50)
    wanted = f"{village['name']}（419902101201）"
    s.page.wait_for_selector(f"#region-choices option[value='{wanted}']", state="attached")
    label = s.page.get_attribute(f"#region-choices option[value='{wanted}']", "label")
    assert village["town"] in label
    s.page.fill(field, wanted)
    s.page.click("#query-form button[type=submit]")
    s.page.wait_for_selector("#result-table")
    assert s.page.locator("#query-error").count() == 0
    assert s.page.input_value(field) == wanted
    s.page.screenshot(path=str(shots / "analyst1-region-field.png"), full_page=True)
    assert s.outside == [] and s.errors == []
    s.close()


def test_viewer_sees_masked_id_numbers_and_no_admin(live_app, browser, shots):
    base, graph = live_app
    row = graph.read(
        "MATCH (p:Person) WHERE p.id_number IS NOT NULL RETURN p.person_id AS k, "
        "p {.id_number, .id_number_cipher} AS p ORDER BY k LIMIT 1"
    )[0]
    row["idn"] = pii.open_value(session_ring(), "id_number", row["p"])  # the graph holds it sealed
    s = Session(browser, base, "viewer1")
    s.open(f"/e/person/{row['k']}?unmasked=1", shots / "viewer1-person-masked.png")
    content = s.page.content()
    assert row["idn"] not in content
    assert row["idn"][:4] + "*" * 10 + row["idn"][-4:] in content
    for path in ("/admin/upload", "/admin/users", "/admin/audit", "/cypher"):
        assert s.open(path).status == 403
    assert "导入花名册" not in s.open("/").text()
