"""What the web app keeps between requests (webapp/results_cache.py, webapp/page_cache.py), on the
sample county in the real Neo4j, through Flask's test client.

Each kind of change to the data — a load, a snapshot, a report decision, an action on the ledger —
shows on the next request; a kept page never shows a viewer an unmasked number, and nothing kept holds
one; twenty requests on a cold cache compute once; each person sees their own name and CSRF token in a
kept page; assets carry content hashes and long lifetimes; HTML and JSON go out compressed.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import re
import threading

import pytest

from graph import clock, pii
from graph.ledger import edit, record_check
from graph.rules import run_check
from graph.schema import init_schema
from graph.settings import Settings
from loaders.api import load_roster
from loaders.reports import confirm as rc
from loaders.reports.write import load_report
from loaders.snapshot import SnapshotRequest
from tests.helpers.graphs import session_ring, wipe
from tests.helpers.pii import Findings, find_in_text
from tests.helpers.web import PASSWORD, add_users, client_for, load_sample, make_app, text
from webapp import users, warm

AS_OF = "2026-11-22"
HOUSEHOLDS = r'<span class="num">(\d+)</span><span class="label">在册帮扶对象户'
COVERED = r'id="fig-coverage".*?（(\d+) 户已落实）'


@pytest.fixture(scope="module")
def personal_data():
    """Every response of this module, scanned for unmasked id and phone numbers (tests/helpers/pii.py)."""
    found = Findings()
    yield found
    found.assert_none()


def _with_second_viewer(graph):
    users.add_user(graph, "viewer2", "viewer", PASSWORD.format("viewer2"))
    return graph


@pytest.fixture(scope="module")
def loaded(sample_web_county):
    """The shared sample county (with viewer2), for the tests that only read (they come first in this
    file: the tests that change the data load their own county afterwards)."""
    return sample_web_county


@pytest.fixture
def app(loaded, neo4j_settings, tmp_path, personal_data):
    """An app of its own per test: its cache starts empty."""
    return make_app(loaded, neo4j_settings, tmp_path, personal_data)


@pytest.fixture
def county(session_graph, sample_dir):
    """The sample county loaded anew, for a test that changes it."""
    return _with_second_viewer(load_sample(session_graph, sample_dir))


@pytest.fixture
def county_app(county, neo4j_settings, tmp_path, personal_data):
    return make_app(county, neo4j_settings, tmp_path, personal_data)


def cache(app):
    return app.extensions["bangfu_results"]


def figure(page: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}".*?<span class="num">([^<]+)</span>', page, re.S).group(1)


def ledger_total(page: str) -> int:
    """How many findings the ledger page says its filters give (共 N 个)."""
    return int(re.search(r"共 (\d+) 个", page).group(1))


def kept_page(client, app, url: str) -> str:
    """The page, asked twice: the second answer must come from the cache (the test is about what it keeps)."""
    text(client.get(url))
    hits = cache(app).hits["page"]
    again = text(client.get(url))
    assert cache(app).hits["page"] == hits + 1
    return again


# -- masking -----------------------------------------------------------------------------------------


def test_kept_pages_never_show_a_viewer_an_unmasked_number(app, loaded):
    admin, viewer, analyst = (
        client_for(app, "admin1"),
        client_for(app, "viewer1"),
        client_for(app, "analyst1"),
    )
    person, village = [
        loaded.read(
            # an assignment active today (the roster's default as-of): a person may also have ended
            # ones elsewhere, and which of their villages came first used to be left to chance
            "MATCH (p:Person)-[a:ASSIGNED_TO]->(v:Village) "
            "WHERE p.phone IS NOT NULL AND p.id_number IS NOT NULL "
            "AND (a.start IS NULL OR a.start <= date()) AND (a.end IS NULL OR a.end >= date()) "
            "RETURN p {id: p.person_id, .phone, .phone_cipher} AS p, v.code AS v "
            "ORDER BY p.person_id, v.code LIMIT 1"
        )[0][k]
        for k in "pv"
    ]
    household = loaded.read(
        "MATCH (h:Household)-[:LIVES_IN]->(:Village {code: $v}) WHERE h.head_id_number IS NOT NULL "
        "RETURN h.household_id AS id, h {.head_id_number, .head_id_number_cipher} AS h ORDER BY id LIMIT 1",
        {"v": village},
    )[0]
    # the graph holds them sealed (graph/pii.py): the clear numbers an admin's page opens
    ring = session_ring()
    person["phone"] = pii.open_value(ring, "phone", person)
    household["number"] = pii.open_value(ring, "head_id_number", household["h"])
    pages = [
        (f"/e/person/{person['id']}", person["phone"]),
        (f"/e/household/{household['id']}", household["number"]),
        (f"/queries/village_roster?run=1&village={village}", person["phone"]),
        (f"/e/region/{village}", None),
    ]
    for url, secret in pages:
        # the admin asks first, unmasked (audited): that page is the admin's alone, never kept …
        unmasked = f"{url}{'&' if '?' in url else '?'}unmasked=1"
        if secret:
            shown = text(admin.get(unmasked))
            assert secret in shown, (url, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", shown))[-1500:])
        # … the same page for a viewer, an analyst and the admin without asking: masked, and then kept
        for client in (viewer, analyst, admin):
            for _ in range(2):
                page = text(client.get(url))
                assert not find_in_text(page) and (secret is None or secret not in page), url
        # asking again unmasked is not answered from what was kept masked
        if secret:
            shown = text(admin.get(unmasked))
            assert secret in shown, (url, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", shown))[-1500:])

    kept = [v for (name, _, _), (_, v) in cache(app)._entries.items() if name in ("page", "json")]
    assert len(kept) >= 3 * len(pages)
    for value in kept:
        assert not find_in_text(value) and person["phone"] not in value and household["number"] not in value
    for (name, _, _), (_, result) in cache(app)._entries.items():
        if name == "query":
            assert result.masked and person["phone"] not in json.dumps(result.rows, default=str)


def test_pages_are_kept_per_role(app):
    admin, viewer = client_for(app, "admin1"), client_for(app, "viewer1")
    assert 'id="record-check"' in kept_page(admin, app, "/ledger")  # the admin's form
    assert 'id="record-check"' not in kept_page(viewer, app, "/ledger")  # not from the admin's page


def test_each_person_sees_their_own_name_and_token(app):
    one, two = client_for(app, "viewer1"), client_for(app, "viewer2")
    first = text(one.get(f"/?as_of={AS_OF}"))
    second = text(two.get(f"/?as_of={AS_OF}"))
    assert cache(app).computed["page"] == 1 and cache(app).hits["page"] == 1
    assert "viewer1（查看员）" in first and "viewer2" not in first
    assert "viewer2（查看员）" in second and "viewer1" not in second
    assert "bangfu-user-" not in first + second and "bangfu-csrf-" not in first + second
    # the logout form of the kept page carries this session's token: it works
    token = re.search(r'name="csrf_token" value="([^"]+)"', second).group(1)
    assert two.post("/logout", data={"csrf_token": token}).status_code == 302
    assert two.get("/").status_code == 302  # logged out
    assert one.get("/").status_code == 200  # the other one is not


# -- a cold cache under concurrent requests -------------------------------------------------------------


def test_a_cold_cache_under_20_concurrent_requests_computes_once(app):
    clients = [client_for(app, "viewer1") for _ in range(20)]
    start = threading.Barrier(len(clients))
    answers: list = [None] * len(clients)

    def ask(i):
        start.wait()
        response = clients[i].get(f"/?as_of={AS_OF}")
        answers[i] = (response.status_code, figure(response.get_data(as_text=True), "fig-gaps"))

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [(200, "12")] * len(clients)
    computed = cache(app).computed
    assert (computed["page"], computed["overview"], computed["check"], computed["distribution"]) == (
        1,
        1,
        1,
        1,
    )
    assert computed["coverage"] == 1  # township coverage


def test_the_warmer_computes_today_s_overview_before_anyone_asks(app):
    warm.warm(app)
    assert cache(app).computed["overview"] == 1
    text(client_for(app, "viewer1").get("/"))
    assert cache(app).computed["overview"] == 1 and cache(app).computed["check"] == 1


def test_the_warmer_computes_again_before_the_time_limit(app):
    warmer = warm.Warmer(app)  # its steps, without its thread
    warmer.step()
    warmer.step()  # nothing changed: nothing computed
    assert (cache(app).computed["overview"], cache(app).computed["check"]) == (1, 1)
    warmer.warmed_at -= cache(app).max_age_s  # as if ten minutes had passed
    warmer.step()
    assert (cache(app).computed["overview"], cache(app).computed["check"]) == (2, 2)


# -- assets and compression ----------------------------------------------------------------------------


def test_assets_carry_content_hashes_and_long_lifetimes(app):
    viewer = client_for(app, "viewer1")
    page = text(viewer.get("/"))
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]{12})"', page).group(1)
    response = viewer.get(css)
    assert response.status_code == 200
    assert {"immutable", "max-age=31536000", "private"} <= set(
        response.headers["Cache-Control"].replace(" ", "").split(",")
    )
    assert "no-cache" in viewer.get("/static/app.css").headers["Cache-Control"]
    assert "no-cache" in viewer.get("/static/app.css?v=000000000000").headers["Cache-Control"]
    entity = text(viewer.get(f"/e/region/419902101201?as_of={AS_OF}"))
    vis = re.search(r'src="(/vendor/vis-network\.min\.js\?v=[0-9a-f]{12})"', entity).group(1)
    assert "immutable" in viewer.get(vis).headers["Cache-Control"]


def without_form_token(page):
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token" value=""', page)


def test_html_and_json_are_compressed(app):
    viewer = client_for(app, "viewer1")
    plain = text(viewer.get(f"/gaps?as_of={AS_OF}"))
    response = viewer.get(f"/gaps?as_of={AS_OF}", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
    assert len(response.data) < len(plain.encode()) / 3
    # the form token is signed with the second it was made in: two requests may differ there only
    assert without_form_token(gzip.decompress(response.data).decode()) == without_form_token(plain)
    api = viewer.get(f"/api/check?as_of={AS_OF}", headers={"Accept-Encoding": "gzip"})
    assert api.headers["Content-Encoding"] == "gzip" and api.mimetype == "application/json"
    assert json.loads(gzip.decompress(api.data)) == viewer.get(f"/api/check?as_of={AS_OF}").get_json()


# -- each kind of change shows on the next request --------------------------------------------------


def test_a_load_shows_on_the_next_request(county_app, county, sample_dir, tmp_path):
    app = county_app
    viewer = client_for(app, "viewer1")
    before = kept_page(viewer, app, f"/?as_of={AS_OF}")
    households = int(re.search(HOUSEHOLDS, before).group(1))

    # one more household in a village of the county
    with open(sample_dir / "roster" / "households.csv", encoding="utf-8", newline="") as fh:
        header, first = list(csv.reader(fh))[:2]
    row = dict(zip(header, first))
    row.update({"户编号": row["户编号"][:-4] + "9901", "户主姓名": "缓存测试", "户主身份证号": ""})
    folder = tmp_path / "more"
    folder.mkdir()
    with open(folder / "households.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerow([row[h] for h in header])
    assert load_roster(county, [folder], progress=False).written

    assert int(re.search(HOUSEHOLDS, text(viewer.get(f"/?as_of={AS_OF}"))).group(1)) == households + 1


def test_a_snapshot_shows_on_the_next_request(graph, neo4j_settings, tmp_path, sample_dir, personal_data):
    _with_second_viewer(graph)
    add_users(graph)
    snaps = sample_dir / "snapshots"
    assert load_roster(
        graph, [snaps / "2026-10-31"], progress=False, snapshot=SnapshotRequest(dt.date(2026, 10, 31))
    ).written
    app = make_app(graph, neo4j_settings, tmp_path, personal_data)
    viewer = client_for(app, "viewer1")
    url = "/?as_of=2026-11-30"
    before = kept_page(viewer, app, url)
    changes = kept_page(viewer, app, "/changes")
    assert "快照 2026-11-30" not in changes

    assert load_roster(
        graph, [snaps / "2026-11-30"], progress=False, snapshot=SnapshotRequest(dt.date(2026, 11, 30))
    ).written
    after = text(viewer.get(url))  # 624 covered on 2026-11-30: shared/sample/snapshots/expected.json
    assert (
        int(re.search(COVERED, before, re.S).group(1)) > int(re.search(COVERED, after, re.S).group(1)) == 624
    )
    assert 'id="last-snapshot"' in after and "2026-11-30" in after.split('id="last-snapshot"')[1][:200]
    assert "2026-11-30" in text(viewer.get("/changes"))


def test_a_report_decision_shows_on_the_next_request(county_app, county, tmp_path):
    app = county_app
    viewer = client_for(app, "viewer1")
    url = f"/?as_of={AS_OF}"
    before = int(re.search(COVERED, kept_page(viewer, app, url), re.S).group(1))

    # a work report says someone helps a household that has no helper; loading it changes nothing …
    check = run_check(county, dt.date.fromisoformat(AS_OF), Settings().rules, rules=["help_pair"])
    household = check["violations"][0]
    helper = county.read(
        "MATCH (p:Person)-[:HELPS]->() RETURN p.person_id AS id, p.name AS name ORDER BY id LIMIT 1"
    )[0]
    report = tmp_path / "report.txt"  # the help relation of tests/test_reports_graph.py
    report.write_text("在贫困户廖利利家中，该乡党委书记王晓明说：“我是你的帮扶责任人。”\n", encoding="utf-8")
    load_report(county, [report], user="admin1")
    assert int(re.search(COVERED, text(viewer.get(url)), re.S).group(1)) == before

    # … confirming it does, on the next request
    fact = county.read("MATCH (f:ProposedFact {kind: 'help'}) RETURN f.fact_id AS id")[0]["id"]
    rc.confirm(
        county,
        fact,
        rc.Decision(
            {},
            {
                "helper": rc.Choice("existing", "Person", helper["id"]),
                "helped": rc.Choice("existing", "Household", household["subject_id"]),
            },
        ),
        "admin1",
    )
    assert int(re.search(COVERED, text(viewer.get(url)), re.S).group(1)) == before + 1


def test_ledger_actions_show_on_the_next_request(county_app, county):
    app = county_app
    viewer, analyst = client_for(app, "viewer1"), client_for(app, "analyst1")
    today = clock.today()
    assert 'id="ledger-summary"' not in kept_page(viewer, app, "/")
    assert "还没有记录过检查" in kept_page(viewer, app, "/ledger")

    # recording a check (a CheckRun and its findings)
    settings = Settings()
    run = record_check(county, today, settings.rules, settings.ledger, user="admin1")
    page = kept_page(viewer, app, "/")
    opened = int(figure(page, "fig-ledger-open"))
    assert opened == run.seen > 0
    finding = county.read(
        "MATCH (f:Finding) WHERE f.subject_type = 'village' "
        "RETURN f.finding_id AS id, f.village_code AS village ORDER BY id LIMIT 1"
    )[0]
    finding_url = f"/ledger/f/{finding['id']}"
    village_url = f"/e/region/{finding['village']}"
    assert "待整改" in kept_page(viewer, app, finding_url)
    village = kept_page(viewer, app, village_url)
    ledger = kept_page(viewer, app, "/ledger")

    # a measure through the page (analyst): the finding, the ledger and the village file change
    page = text(analyst.get(finding_url))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = analyst.post(
        f"{finding_url}/note", data={"csrf_token": token, "text": "已选派第一书记，等待到岗"}
    )
    assert response.status_code == 302
    assert "已选派第一书记，等待到岗" in text(viewer.get(finding_url))
    assert text(viewer.get(village_url)) != village
    assert text(viewer.get("/ledger")) != ledger

    # a waiver (edit.py, as the admin's form does): one open finding fewer on the overview and in the
    # ledger's kept total
    open_total = ledger_total(kept_page(viewer, app, "/ledger?status=未销号"))
    edit.waive(county, finding["id"], "村已撤并", user="admin1")
    assert int(figure(text(viewer.get("/")), "fig-ledger-open")) == opened - 1
    assert ledger_total(text(viewer.get("/ledger?status=未销号"))) == open_total - 1 == opened - 1
    assert "已豁免" in text(viewer.get(finding_url))


def test_ledger_pages_share_what_every_page_shows(county_app, county):
    """Each page of the ledger lists its own findings, but the total, the townships' counts and the
    village ranking are the same on every page of the same filters: read once per data version (the
    counts' table, a thousand rows at a prefecture's size, rendered once too)."""
    settings = Settings()
    record_check(county, clock.today(), settings.rules, settings.ledger, user="admin1")
    viewer = client_for(county_app, "viewer1")
    for n in (1, 2, 3):
        assert "共" in text(viewer.get(f"/ledger?status=未销号&page={n}"))
    computed = cache(county_app).computed
    kept = ("page", "ledger_pages", "ledger_counts", "ledger_counts_table", "ledger_ranking")
    assert [computed[name] for name in kept] == [3, 1, 1, 1, 1]
    text(viewer.get("/ledger"))  # other filters: their own total, the same counts and ranking
    assert [computed[name] for name in kept[1:]] == [2, 1, 1, 1]


# -- the data version --------------------------------------------------------------------------------


def test_what_moves_the_data_version(graph, sample_dir, tmp_path):
    from webapp.results_cache import ResultsCache

    version = ResultsCache.data_version
    empty = version(graph)
    assert load_roster(graph, [sample_dir / "roster"], progress=False).written
    loaded = version(graph)
    assert loaded != empty
    settings = Settings()
    run = record_check(graph, dt.date(2026, 11, 22), settings.rules, settings.ledger, user="t")
    checked = version(graph)
    assert checked != loaded
    finding = graph.read("MATCH (f:Finding) RETURN f.finding_id AS id LIMIT 1")[0]["id"]
    edit.add_measure(graph, finding, "措施", user="t", date=dt.date(2026, 11, 23))
    measured = version(graph)
    assert measured != checked and run.seen
    edit.assign(graph, finding, user="t", due=dt.date(2027, 1, 1), reason="待乡镇党委换届后配备")
    assigned = version(graph)
    assert assigned != measured
    report = tmp_path / "r.txt"
    report.write_text("同日，县水利局局长田亮蓉到丁湾村走访。\n", encoding="utf-8")
    load_report(graph, [report], user="t")  # proposed facts: new nodes, no figure changes
    reported = version(graph)
    fact = graph.read("MATCH (f:ProposedFact) RETURN f.fact_id AS id LIMIT 1")[0]["id"]
    rc.reject(graph, fact, "t", "不确定")  # a decision: no node or relationship more or less
    assert version(graph) != reported
    wipe(graph)
    init_schema(graph)
    assert version(graph) == empty
