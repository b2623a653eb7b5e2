"""Web app accounts and hardening, against the real Neo4j: login, roles, CSRF, headers, outages."""

from __future__ import annotations

import dataclasses
import re

import pytest

from graph import server
from graph.connection import Graph
from webapp import create_app, users


@pytest.fixture
def app(graph, neo4j_settings, tmp_path):
    settings = dataclasses.replace(neo4j_settings, home=tmp_path)
    users.add_user(graph, "viewer1", "viewer", "viewer-password-1")
    users.add_user(graph, "analyst1", "analyst", "analyst-password-1")
    users.add_user(graph, "admin1", "admin", "admin-password-1")
    return create_app(settings, graph=graph)


def _csrf(client, path="/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(client, username, password):
    token = _csrf(client)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def test_login_required_and_roles(app, graph):
    client = app.test_client()
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert login(client, "viewer1", "viewer-password-1").status_code == 302
    page = client.get("/")
    assert page.status_code == 200 and "总览" in page.get_data(as_text=True)
    events = graph.read("MATCH (e:AuditEvent {action: 'login'}) RETURN e.username AS u")
    assert {"u": "viewer1"} in events


def test_wrong_password_and_rate_limit(app, graph):
    client = app.test_client()
    for _ in range(5):
        response = login(client, "viewer1", "wrong-password")
        assert response.status_code == 401
        assert "用户名或密码错误" in response.get_data(as_text=True)
    response = login(client, "viewer1", "viewer-password-1")  # right password, but locked for now
    assert response.status_code == 429 and "次数过多" in response.get_data(as_text=True)
    failed = graph.read("MATCH (e:AuditEvent {action: 'login_failed'}) RETURN count(e) AS n")[0]["n"]
    assert failed == 5


def test_csrf_required(app):
    client = app.test_client()
    response = client.post("/login", data={"username": "viewer1", "password": "viewer-password-1"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True) and "Traceback" not in response.get_data(as_text=True)


def test_session_fixation_and_cookie_flags(app):
    client = app.test_client()
    client.get("/login")
    before = client.get_cookie("bangfu_session")
    response = login(client, "viewer1", "viewer-password-1")
    cookie_header = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("bangfu_session=")][0]
    assert "HttpOnly" in cookie_header and "SameSite=Lax" in cookie_header
    after = client.get_cookie("bangfu_session")
    assert before is None or before.value != after.value


def test_security_headers(app):
    response = app.test_client().get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "http" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    page = response.get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_open_redirect_refused(app):
    client = app.test_client()
    token = _csrf(client)
    response = client.post(
        "/login?next=https://evil.example/x",
        data={"username": "viewer1", "password": "viewer-password-1", "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_disabled_user_is_logged_out(app, graph):
    client = app.test_client()
    login(client, "analyst1", "analyst-password-1")
    assert client.get("/").status_code == 200
    users.set_role(graph, "analyst1", "analyst", disabled=True)
    assert client.get("/").status_code == 302


def test_first_admin_and_password_rules(graph):
    created = users.ensure_first_admin(graph)
    assert created and created[0] == "admin"
    assert users.authenticate(graph, "admin", created[1]).role == "admin"
    assert users.ensure_first_admin(graph) is None
    with pytest.raises(Exception, match="至少"):
        users.add_user(graph, "short", "viewer", "123")
    with pytest.raises(Exception, match="角色"):
        users.add_user(graph, "x1", "root", "long-enough-password")
    stored = graph.read("MATCH (u:AppUser {username: 'admin'}) RETURN u.password_hash AS h")[0]["h"]
    assert created[1] not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_database_down_gives_friendly_page(neo4j_settings, tmp_path):
    settings = dataclasses.replace(neo4j_settings, home=tmp_path).with_neo4j(
        uri=f"bolt://127.0.0.1:{server.free_port()}", password="x"
    )
    app = create_app(settings, graph=Graph.connect(settings, verify=False, max_retry_time=1.0))
    client = app.test_client()
    response = client.get("/login")
    assert response.status_code == 200  # the login page needs no database
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "数据库暂时不可用" in response.get_data(as_text=True)
    token = _csrf(client)
    response = client.post("/login", data={"username": "a", "password": "b", "csrf_token": token})
    assert response.status_code == 503 and "Traceback" not in response.get_data(as_text=True)


def _backdate(client, key: str, seconds: int) -> None:
    with client.session_transaction() as sess:
        sess[key] -= seconds


def test_idle_session_ends_after_the_setting(app, graph, neo4j_settings, tmp_path):
    client = app.test_client()
    login(client, "viewer1", "viewer-password-1")
    assert client.get("/").status_code == 200
    _backdate(client, "seen", 29 * 60)  # 29 minutes idle: still in, and the clock starts again
    assert client.get("/").status_code == 200
    with client.session_transaction() as sess:
        assert sess["seen"] >= sess["login_at"]
    _backdate(client, "seen", 31 * 60)
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "超过 30 分钟未操作" in client.get("/login").get_data(as_text=True)
    assert client.get("/api/coverage").status_code == 401  # the session is gone, not just hidden
    # the setting: 5 minutes
    short = create_app(
        dataclasses.replace(neo4j_settings, home=tmp_path, session_idle_minutes=5), graph=graph
    )
    client = short.test_client()
    login(client, "viewer1", "viewer-password-1")
    _backdate(client, "seen", 6 * 60)
    assert client.get("/").status_code == 302


def test_session_ends_eight_hours_after_login_however_busy(app):
    client = app.test_client()
    login(client, "viewer1", "viewer-password-1")
    _backdate(client, "login_at", 8 * 3600 + 60)  # seen just now: busy, but logged in 8 hours ago
    assert client.get("/").status_code == 302
    assert "登录已超过 8 小时" in client.get("/login").get_data(as_text=True)


def test_secure_cookies_setting(app, graph, neo4j_settings, tmp_path):
    client = app.test_client()
    response = login(client, "viewer1", "viewer-password-1")
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("bangfu_session=")][0]
    assert "Secure" not in cookie  # plain HTTP on the office network by default
    secure = create_app(dataclasses.replace(neo4j_settings, home=tmp_path, secure_cookies=True), graph=graph)
    client = secure.test_client()
    page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login",
        base_url="https://localhost",
        data={"username": "viewer1", "password": "viewer-password-1", "csrf_token": token},
    )
    assert response.status_code == 302  # over https, without a Referer (our Referrer-Policy sends none)
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("bangfu_session=")][0]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_behind_a_proxy_the_client_address_is_the_forwarded_one(graph, neo4j_settings, tmp_path):
    """With `proxy_hops = 1` (nginx in front) the audit log and the login limit see the client's
    address from X-Forwarded-For; without it, a forwarded header is ignored (it could be forged)."""
    users.add_user(graph, "viewer1", "viewer", "viewer-password-1")
    for hops, expected in ((1, "10.1.2.3"), (0, "127.0.0.1")):
        app = create_app(dataclasses.replace(neo4j_settings, home=tmp_path, proxy_hops=hops), graph=graph)
        client = app.test_client()
        headers = {"X-Forwarded-For": "10.1.2.3", "X-Forwarded-Proto": "https"}
        page = client.get("/login", headers=headers).get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = {"username": "viewer1", "password": "wrong-password-1", "csrf_token": token}
        assert client.post("/login", data=data, headers=headers).status_code == 401
        rows = graph.read(
            "MATCH (e:AuditEvent {action: 'login_failed'}) "
            "RETURN e.remote_addr AS addr ORDER BY e.seq DESC LIMIT 1"
        )
        assert rows[0]["addr"] == expected
