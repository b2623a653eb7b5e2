"""Attacks on the real web app (Flask test client, real Neo4j, the sample county): Cypher injection
through every parameter, write attempts in the analysts' Cypher editor, CSRF, session fixation and
replay, path traversal in exports and uploads, oversized uploads, and role escalation on every
endpoint of `app.url_map` (so an endpoint added later is attacked too).

After each attack: no 500, no Python internals in the answer, and the graph unchanged (a digest of
every node, relationship and property, the audit log aside). Every response is also scanned for
unmasked personal data (tests/helpers/pii.py).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.helpers.web import (  # noqa: F401
    assert_clean,
    client_for,
    csrf_token,
    findings,
    fingerprint,
    load_sample,
    make_app,
)

PAYLOADS = [
    "' OR 1=1 //",
    "x'}) DETACH DELETE n //",
    "\\u0027}) MATCH (n) DETACH DELETE n //",
    "\u0027) MATCH (n) SET n.pwned = true //",
    "$param",
    "1; MATCH (n) DETACH DELETE n",
    "`) CREATE (:Pwned) //",
    "a\x00b",
    "9" * 40,
    "-1e309",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "Ω" * 5000,
]
# request arguments any page or API reads (pages.py, api.py, entities.py, queries.py, admin.py)
ARG_NAMES = (
    "q",
    "limit",
    "kind",
    "key",
    "id",
    "type",
    "label",
    "depth",
    "as_of",
    "region",
    "level",
    "rule",
    "severity",
    "township",
    "page",
    "action",
    "user",
    "run",
    "next",
)
PATH_DEFAULTS = {
    "kind": "region",
    "key": "419902101201",
    "name": "village_roster",
    "fmt": "csv",
    "token": "0" * 32,
    "filename": "x.css",
}
PUBLIC_ENDPOINTS = {"static", "assets.vendored", "health.healthz", "auth.login", "auth.logout", "api.openapi"}


@pytest.fixture(scope="module")
def loaded(sample_web_county):
    return sample_web_county


@pytest.fixture(scope="module")
def app(loaded, neo4j_settings, tmp_path_factory, findings):  # noqa: F811
    return make_app(loaded, neo4j_settings, tmp_path_factory.mktemp("home"), findings)


@pytest.fixture(scope="module")
def clients(app):
    return {role: client_for(app, f"{role}1") for role in ("viewer", "analyst", "admin")}


@pytest.fixture
def unchanged(loaded):
    """Fails the test when the graph changed while it ran."""
    before = fingerprint(loaded)
    yield
    assert fingerprint(loaded) == before, "图谱被修改了"


def no_reflected_script(response) -> str:
    """A payload echoed into an HTML page must come out escaped (JSON answers are not HTML)."""
    body = assert_clean(response)
    if response.mimetype == "text/html":
        assert "<script>alert(1)</script>" not in body, response.request.full_path
    return body


def _url(rule, values: dict) -> str:
    path = rule.rule
    for arg in rule.arguments:
        value = str(values.get(arg, "1"))  # an argument of a route added later: any value will do
        path = re.sub(r"<(?:\w+(?:\([^)]*\))?:)?" + arg + ">", value, path)
    return path


def _get_rules(app):
    return [
        r
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and r.endpoint not in ("static", "assets.vendored", "auth.logout")
    ]


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


# -- Cypher injection -------------------------------------------------------------------------------


@pytest.mark.slow
def test_injection_every_saved_query_parameter(app, clients, unchanged):
    from webapp.queries import runner

    with app.app_context():
        catalogue = runner().catalogue
    viewer, analyst = clients["viewer"], clients["analyst"]
    requests = 0
    for query in catalogue:
        for param in query.params:
            for payload in PAYLOADS:
                qs = f"{param.name}={_quote(payload)}"
                for client, url in (
                    (viewer, f"/queries/{query.name}?run=1&{qs}"),
                    (viewer, f"/api/queries/{query.name}?{qs}"),
                    (viewer, f"/queries/{query.name}/graph?{qs}"),
                    (analyst, f"/queries/{query.name}/export/csv?{qs}"),
                ):
                    no_reflected_script(client.get(url))
                    requests += 1
    assert requests > 1000


@pytest.mark.slow
def test_injection_every_get_endpoint_and_argument(app, clients, unchanged):
    """Every GET route, as admin (who reaches them all): each path argument, then all arguments at once."""
    admin = clients["admin"]
    rules = _get_rules(app)
    assert len(rules) >= 20
    for rule in rules:
        for payload in PAYLOADS:
            args = "&".join(f"{name}={_quote(payload)}" for name in ARG_NAMES)
            no_reflected_script(admin.get(_url(rule, PATH_DEFAULTS) + "?" + args))
            for arg in rule.arguments:
                url = _url(rule, {**PATH_DEFAULTS, arg: _quote(payload)})
                assert "root:x:0:0" not in no_reflected_script(admin.get(url))


def test_injection_search_entities_neighbourhood_gaps(clients, unchanged):
    viewer = clients["viewer"]
    for payload in PAYLOADS:
        p = _quote(payload)
        for url in (
            f"/search?q={p}",
            f"/api/search?q={p}&limit={p}",
            f"/e/person/{p}",
            f"/e/{p}/P00001",
            f"/api/entities/household/{p}",
            f"/api/entities/{p}/x",
            f"/api/graph/neighbourhood?kind=person&key={p}&depth={p}&type={p}&label={p}",
            f"/api/graph/neighbourhood?id={p}&id={p}",
            f"/gaps?rule={p}&severity={p}&township={p}",
            f"/gaps?as_of={p}",
            f"/api/check?rule={p}",
            f"/api/check?region={p}",
            f"/api/coverage?level={p}&region={p}",
            f"/coverage?region={p}&level={p}",
            f"/explorer?kind={p}&key={p}",
        ):
            no_reflected_script(viewer.get(url))
    # the search still works, and a quote in a name is just text
    assert "廖利利" in assert_clean(viewer.get("/search?q=" + _quote("廖利利")))
    assert assert_clean(viewer.get("/api/search?q=" + _quote("廖' OR 1=1 //"))) is not None


def test_injection_posted_ids_and_forms(clients, unchanged):
    analyst = clients["analyst"]
    token = csrf_token(analyst, "/cypher")
    for payload in PAYLOADS:
        for fmt in ("html", "graphml", "svg"):
            assert_clean(
                analyst.post(
                    f"/export/nodes/{fmt}", data={"ids": payload + "," + payload, "csrf_token": token}
                )
            )


# -- the analysts' Cypher editor --------------------------------------------------------------------

WRITES = [
    "CREATE (n:Pwned) RETURN n",
    "create (:Pwned)",
    "CReaTe (:Pwned)",
    "MERGE (n:Pwned {x: 1}) RETURN n",
    "MATCH (n:Person) SET n.name = 'x' RETURN n",
    "MATCH (n:Person) SET n:Pwned RETURN n",
    "MATCH (n:Person) SET n += {pwned: true}",
    "MATCH (n:Person) WITH n LIMIT 1 DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Person) REMOVE n.name RETURN n",
    "MATCH (n:Person) REMOVE n:Person RETURN n",
    "FOREACH (x IN [1] | CREATE (:Pwned))",
    "CALL db.createLabel('Pwned')",
    "CALL db.createProperty('pwned')",
    "CALL db.createRelationshipType('PWNED')",
    "CALL db.clearQueryCaches()",
    "CALL db.awaitIndexes(1)",
    "CALL dbms.security.createUser('eve', 'secret-password', false)",
    "CALL dbms.killQueries(['query-1'])",
    "CALL apoc.create.node(['Pwned'], {}) YIELD node RETURN node",
    "CALL apoc.cypher.runWrite('CREATE (:Pwned)', {})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "CALL apoc.load.json('file:///etc/passwd')",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "load\ncsv from 'file:///etc/passwd' as row return row",
    "LOAD/* */CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS",
    "MATCH (n) CALL (n) { SET n.pwned = 1 } IN TRANSACTIONS",
    "MATCH (n) CALL (n) { SET n.pwned = 1 } IN 2 CONCURRENT TRANSACTIONS",
    "MATCH (n) WITH n LIMIT 1 CALL { CREATE (:Pwned) } RETURN 1",
    "RETURN 1; CREATE (:Pwned)",
    "MATCH (n) RETURN n LIMIT 1; MATCH (n) DETACH DELETE n",
    "/* hi */ CREATE (:Pwned)",
    "MATCH (n) // a comment\nCREATE (:Pwned)",
    "MATCH (n) WITH n AS x SET n.pwned = 1",
    "CYPHER runtime=slotted CREATE (:Pwned)",
    "EXPLAIN CREATE (:Pwned)",
    "PROFILE MATCH (n) DETACH DELETE n",
    "CREATE INDEX pwned FOR (n:Pwned) ON (n.x)",
    "DROP INDEX search_text IF EXISTS",
    "DROP CONSTRAINT person_id IF EXISTS",
    "CREATE DATABASE pwned",
    "STOP DATABASE neo4j",
    "SHOW USERS",
    "ALTER USER neo4j SET PASSWORD 'pwned-password'",
    "GRANT ROLE admin TO eve",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "USE system CREATE USER eve SET PASSWORD 'secret-password'",
    "ＣＲＥＡＴＥ (:Pwned)",
]


def test_cypher_editor_refuses_every_write(app, clients, loaded, unchanged):
    analyst = clients["analyst"]
    token = csrf_token(analyst, "/cypher")
    for text in WRITES:
        response = analyst.post("/cypher", data={"cypher": text, "csrf_token": token})
        body = assert_clean(response, allowed=(200,))
        assert 'id="query-error"' in body, (text, body[-800:])
    assert loaded.read("MATCH (n:Pwned) RETURN count(n) AS n")[0]["n"] == 0
    # and a read still runs
    body = assert_clean(
        analyst.post(
            "/cypher", data={"cypher": "MATCH (v:Village) RETURN count(v) AS n", "csrf_token": token}
        ),
        allowed=(200,),
    )
    assert 'id="query-error"' not in body


def test_cypher_editor_hides_password_hashes(clients):
    """Analysts read the whole graph, but never the accounts' password hashes."""
    analyst = clients["analyst"]
    token = csrf_token(analyst, "/cypher")
    for text in (
        "MATCH (u:AppUser) RETURN u",
        "MATCH (u:AppUser) RETURN u.password_hash AS h",
        "MATCH (u:AppUser) RETURN properties(u) AS p",
        "MATCH (u:AppUser) RETURN [u] AS us",
        "MATCH (u) WHERE u.password_hash IS NOT NULL RETURN u{.*} AS m",
    ):
        body = assert_clean(
            analyst.post("/cypher", data={"cypher": text, "csrf_token": token}), allowed=(200,)
        )
        assert "scrypt:" not in body and "pbkdf2:" not in body, text


def test_viewer_and_anonymous_have_no_cypher_editor(app, clients, unchanged):
    viewer = clients["viewer"]
    token = csrf_token(viewer, "/")
    assert viewer.post("/cypher", data={"cypher": "CREATE (:Pwned)", "csrf_token": token}).status_code == 403
    anonymous = app.test_client()
    assert anonymous.post("/cypher", data={"cypher": "CREATE (:Pwned)"}).status_code in (400, 302)


# -- CSRF -------------------------------------------------------------------------------------------


def _post_rules(app):
    return [r for r in app.url_map.iter_rules() if "POST" in r.methods]


def test_every_post_endpoint_needs_a_csrf_token(app, loaded, unchanged):
    rules = _post_rules(app)
    assert {r.endpoint for r in rules} >= {
        "auth.login",
        "auth.logout",
        "queries.cypher_editor",
        "queries.export_nodes",
        "admin.upload",
        "admin.upload_load",
        "admin.users_page",
    }
    admin = client_for(app, "admin1")
    other = client_for(app, "analyst1")
    foreign_token = csrf_token(other, "/")
    events_before = loaded.read("MATCH (e:AuditEvent) RETURN count(e) AS n")[0]["n"]
    users_before = loaded.read("MATCH (u:AppUser) RETURN count(u) AS n")[0]["n"]
    uploads = Path(app.extensions["bangfu_settings"].home) / "uploads"
    uploads_before = sorted(uploads.iterdir()) if uploads.exists() else []
    form = {
        "cypher": "MATCH (n) RETURN n LIMIT 1",
        "ids": "x",
        "username": "csrf-victim",
        "role": "admin",
        "skip_invalid": "1",
        "files": (io.BytesIO(b"a,b\n1,2\n"), "regions.csv"),
    }
    for rule in rules:
        url = _url(rule, PATH_DEFAULTS)
        for token in (None, foreign_token, "forged-token"):
            data = {
                k: (io.BytesIO(b"a,b\n1,2\n"), "regions.csv") if k == "files" else v for k, v in form.items()
            }
            if token:
                data["csrf_token"] = token
            response = admin.post(url, data=data, content_type="multipart/form-data")
            body = assert_clean(response, allowed=(400,))
            assert "CSRF" in body, (url, token, body[:300])
    assert loaded.read("MATCH (e:AuditEvent) RETURN count(e) AS n")[0]["n"] == events_before
    assert loaded.read("MATCH (u:AppUser) RETURN count(u) AS n")[0]["n"] == users_before
    assert (sorted(uploads.iterdir()) if uploads.exists() else []) == uploads_before
    assert admin.get("/").status_code == 200  # logout without a token did not log out


def test_csrf_token_bound_to_its_session(app):
    a, b = client_for(app, "admin1"), client_for(app, "admin1")
    token_a = csrf_token(a, "/admin/users")
    response = b.post(
        "/admin/users", data={"username": "never-made", "role": "viewer", "csrf_token": token_a}
    )
    assert response.status_code == 400


# -- sessions ---------------------------------------------------------------------------------------


def _session_cookie(client):
    cookie = client.get_cookie("bangfu_session")
    return cookie.value if cookie else None


def test_session_before_login_is_not_valid_after_login(app):
    victim = app.test_client()
    token_before = csrf_token(victim)
    cookie_before = _session_cookie(victim)
    assert cookie_before  # the login form put a CSRF token in a session
    response = victim.post(
        "/login",
        data={"username": "viewer1", "password": "viewer1-password-long", "csrf_token": token_before},
    )
    assert response.status_code == 302
    assert _session_cookie(victim) != cookie_before
    assert victim.get("/").status_code == 200
    # an attacker who planted (or read) the cookie from before the login is not logged in with it
    attacker = app.test_client()
    attacker.set_cookie("bangfu_session", cookie_before)
    response = attacker.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert attacker.get("/api/check").status_code == 401
    # and the CSRF token from before the login no longer passes for the victim's logged-in session
    response = victim.post("/logout", data={"csrf_token": token_before})
    assert response.status_code == 400 and victim.get("/").status_code == 200


def test_logged_out_cookie_cannot_be_replayed(app, loaded):
    from webapp import users

    users.add_user(loaded, "leaver", "viewer", "leaver-password-long")
    client = client_for(app, "leaver")
    stolen = _session_cookie(client)
    assert client.post("/logout", data={"csrf_token": csrf_token(client, "/")}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("bangfu_session", stolen)
    assert replay.get("/").status_code == 302
    assert replay.get("/api/search?q=x").status_code == 401


def test_password_change_ends_sessions(app, loaded):
    from webapp import users

    users.add_user(loaded, "changer", "viewer", "changer-password-1")
    client = app.test_client()
    client.post(
        "/login",
        data={"username": "changer", "password": "changer-password-1", "csrf_token": csrf_token(client)},
    )
    assert client.get("/").status_code == 200
    users.set_password(loaded, "changer", "changer-password-2")
    assert client.get("/").status_code == 302


def test_forged_session_cookie_refused(app):
    client = app.test_client()
    client.set_cookie("bangfu_session", "eyJ1c2VybmFtZSI6ImFkbWluMSIsInJvbGUiOiJhZG1pbiJ9.AAAAAA.forged")
    assert client.get("/").status_code == 302


# -- path traversal ---------------------------------------------------------------------------------

TRAVERSALS = [
    "../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/etc/passwd",
    "/etc/passwd",
    "..\\..\\etc\\passwd",
    "....//....//etc/passwd",
    "%252e%252e%252fetc%252fpasswd",
    "a%00.csv",
]


def test_path_traversal_in_downloads(clients, unchanged):
    analyst = clients["analyst"]
    for t in TRAVERSALS:
        for url in (
            f"/export/graph/html?key={t}",
            f"/export/graph/{t}?key=419902101201",
            f"/queries/{t}/export/csv",
            f"/queries/village_roster/export/{t}",
            f"/vendor/{t}",
            f"/static/{t}",
            f"/e/region/{t}",
            f"/api/entities/region/{t}",
            f"/gaps.xlsx?township={t}",
            f"/admin/upload/{t}/load",
        ):
            body = assert_clean(analyst.get(url))
            assert "root:x:0:0" not in body, url


def test_export_filename_cannot_break_headers(clients):
    """A key with a line break must not split the response headers (nor crash the export)."""
    analyst = clients["analyst"]
    response = analyst.get("/export/graph/html?key=" + _quote("4199\r\nSet-Cookie: pwned=1"))
    assert_clean(response)
    assert "pwned" not in " ".join(response.headers.getlist("Set-Cookie"))


UPLOAD_NAMES = [
    "../../evil.csv",
    "/tmp/evil.csv",
    "..\\..\\evil.csv",
    "C:\\evil.csv",
    "evil\x00.csv",
    "evil.csv\x00.txt",
    "....//evil.csv",
    ".evil.csv",
    "evil\r\n.csv",
    "%2e%2e%2fevil.csv",
    "regions.csv/../../evil.csv",
    "a" * 300 + ".csv",
]


def test_path_traversal_in_uploads(app, loaded, tmp_path, unchanged):
    home = Path(app.extensions["bangfu_settings"].home)
    watched = [home.parent, Path("/tmp"), Path.cwd()]
    before = {p: {q.name for q in p.iterdir()} for p in watched}
    admin = client_for(app, "admin1")
    token = csrf_token(admin, "/admin/upload")
    content = "区划代码,名称,层级,上级代码,贫困村,软弱涣散,出列年份\n".encode("utf-8")
    for name in UPLOAD_NAMES:
        response = admin.post(
            "/admin/upload",
            data={"csrf_token": token, "files": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
        )
        assert_clean(response, allowed=(200, 400))
    for p in watched:
        new = {q.name for q in p.iterdir()} - before[p]
        assert not any("evil" in n for n in new), (p, new)
    for path in (home / "uploads").rglob("*"):
        assert path.resolve().is_relative_to((home / "uploads").resolve())
        assert "\x00" not in path.name and "/" not in path.name and not path.name.startswith(".")


# -- oversized uploads ------------------------------------------------------------------------------


def test_upload_limit_is_set_and_friendly(loaded, neo4j_settings, tmp_path, app):
    assert 0 < app.config["MAX_CONTENT_LENGTH"] <= 1024 * 1024 * 1024
    small = make_app(loaded, neo4j_settings, tmp_path, MAX_CONTENT_LENGTH=1024 * 1024)
    admin = client_for(small, "admin1")
    token = csrf_token(admin, "/admin/upload")
    big = io.BytesIO(b"a,b\n" + b"1,2\n" * (600 * 1024))
    response = admin.post(
        "/admin/upload",
        data={"csrf_token": token, "files": (big, "regions.csv")},
        content_type="multipart/form-data",
    )
    body = assert_clean(response, allowed=(413,))
    assert "上传的文件太大" in body and "MB" in body
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())


def test_upload_limit_from_settings(loaded, neo4j_settings, tmp_path):
    import dataclasses

    from webapp import create_app

    settings = dataclasses.replace(neo4j_settings, home=tmp_path, max_upload_mb=3)
    assert create_app(settings, graph=loaded).config["MAX_CONTENT_LENGTH"] == 3 * 1024 * 1024


# -- role escalation --------------------------------------------------------------------------------


def _required_role(app, endpoint):
    return getattr(app.view_functions[endpoint], "required_role", None)


def test_every_endpoint_is_guarded_or_known_public(app):
    public = {r.endpoint for r in app.url_map.iter_rules() if _required_role(app, r.endpoint) is None}
    assert public == PUBLIC_ENDPOINTS, f"未加 login_required 的新接口：{public - PUBLIC_ENDPOINTS}"


def test_role_escalation_refused_everywhere(app, clients, unchanged):
    from webapp.users import ROLES

    anonymous = app.test_client()
    tokens = {role: csrf_token(c, "/") for role, c in clients.items()}
    checked = 0
    for rule in app.url_map.iter_rules():
        required = _required_role(app, rule.endpoint)
        if required is None:
            continue
        url = _url(rule, PATH_DEFAULTS)
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = anonymous.open(
                url, method=method, data={"csrf_token": "x"} if method == "POST" else None
            )
            assert_clean(response, allowed=(302, 401, 400))
            if response.status_code == 302:
                assert "/login" in response.headers["Location"]
            elif response.status_code == 401:
                assert url.startswith("/api/")
            for role in ROLES[: ROLES.index(required)]:
                data = (
                    {
                        "csrf_token": tokens[role],
                        "cypher": "MATCH (n) RETURN n",
                        "ids": "x",
                        "username": "escalated",
                        "role": "admin",
                    }
                    if method == "POST"
                    else None
                )
                response = clients[role].open(url, method=method, data=data)
                assert_clean(response, allowed=(403,))
                checked += 1
    assert checked >= 12
    assert not app.extensions["bangfu_graph"].read("MATCH (u:AppUser {username: 'escalated'}) RETURN u")


def test_unmasked_is_admin_only(clients, loaded):
    """Viewers and analysts asking for unmasked data get it masked, and no unmasked view is logged."""
    before = loaded.read(
        "MATCH (e:AuditEvent) WHERE e.action IN ['view_unmasked', 'export_unmasked'] RETURN count(e) AS n"
    )[0]["n"]
    for role in ("viewer", "analyst"):
        client = clients[role]
        body = assert_clean(client.get("/e/household/4199021012010001?unmasked=1"), allowed=(200,))
        assert "41990219660423622X" not in body
        assert "41990219660423622X" not in assert_clean(
            client.get("/api/graph/neighbourhood?kind=household&key=4199021012010001&unmasked=1")
        )
        assert "41990219660423622X" not in assert_clean(
            client.get("/queries/household_chain?run=1&household=4199021012010001&unmasked=1")
        )
    export = clients["analyst"].get(
        "/queries/household_chain/export/csv?household=4199021012010001&unmasked=1"
    )
    assert "41990219660423622X" not in assert_clean(export, allowed=(200,))
    after = loaded.read(
        "MATCH (e:AuditEvent) WHERE e.action IN ['view_unmasked', 'export_unmasked'] RETURN count(e) AS n"
    )[0]["n"]
    assert after == before


def test_exports_leave_no_files_behind(clients):
    """Exported files (maybe unmasked) are sent from memory and their temporary folders removed."""
    import tempfile

    tmp = Path(tempfile.gettempdir())
    before = {p.name for p in tmp.glob("bangfu-*")}
    analyst, admin = clients["analyst"], clients["admin"]
    assert analyst.get("/export/graph/html?key=419902101201").status_code == 200
    assert analyst.get("/gaps.xlsx").status_code == 200
    assert admin.get("/export/graph/svg?key=419902101201&unmasked=1").status_code == 200
    assert analyst.get("/queries/village_roster/export/html?village=419902101201").status_code in (200, 400)
    after = {p.name for p in tmp.glob("bangfu-*")}
    assert not (after - before), after - before


def test_explorer_export_never_includes_accounts_or_audit(clients, loaded):
    """The explorer's export takes node ids from the browser: ids of accounts and audit events
    (guessable: element ids share the database's prefix) are ignored."""
    ids = [
        r["id"]
        for r in loaded.read("MATCH (n) WHERE n:AppUser OR n:AuditEvent RETURN elementId(n) AS id LIMIT 50")
    ]
    village = loaded.read("MATCH (v:Village {code: '419902101201'}) RETURN elementId(v) AS id")[0]["id"]
    assert ids
    analyst = clients["analyst"]
    token = csrf_token(analyst, "/explorer")
    for fmt in ("html", "graphml", "gexf", "svg"):
        response = analyst.post(
            f"/export/nodes/{fmt}", data={"ids": ",".join([village] + ids), "csrf_token": token}
        )
        body = assert_clean(response, allowed=(200,))
        assert response.headers["Content-Disposition"].startswith("attachment")
        for secret in ("scrypt:", "password", "AppUser", "AuditEvent", "login", "analyst1"):
            assert secret not in body, (fmt, secret)


def test_uploaded_rosters_are_private(app, sample_dir):
    admin = client_for(app, "admin1")
    token = csrf_token(admin, "/admin/upload")
    data = (sample_dir / "roster" / "regions.csv").read_bytes()
    response = admin.post(
        "/admin/upload",
        data={"csrf_token": token, "files": (io.BytesIO(data), "regions.csv")},
        content_type="multipart/form-data",
    )
    assert_clean(response, allowed=(200,))
    uploads = Path(app.extensions["bangfu_settings"].home) / "uploads"
    assert uploads.stat().st_mode & 0o077 == 0
    assert all(p.stat().st_mode & 0o077 == 0 for p in uploads.iterdir())
