"""What web tests share: the sample county loaded once, accounts for each role, an app whose every
response is scanned for unmasked personal data, logged-in clients, a page's text, and a fingerprint
of the graph that tells whether anything at all was written (nodes, labels, relationships and every
property)."""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import re

import pytest

from graph import search
from loaders.api import load_roster
from tests.helpers.pii import Findings, scanning_client_class
from webapp import create_app, users

ROLES = ("viewer", "analyst", "admin")
PASSWORD = "{}-password-long"
# Labels the app itself writes while serving (the audit log and its chain's head): everything else
# must stay as it is.
APP_LABELS = ("AuditEvent", "AuditChain")


def add_users(graph, roles=ROLES) -> None:
    """viewer1, analyst1, admin1 (for the roles given), each with the password PASSWORD names."""
    for role in roles:
        users.add_user(graph, f"{role}1", role, PASSWORD.format(f"{role}1"))


def load_sample(session_graph, sample_dir):
    from tests.helpers.graphs import fresh

    fresh(session_graph)
    report = load_roster(session_graph, [sample_dir / "roster"], progress=False)
    assert report.written
    search.refresh(session_graph)
    add_users(session_graph)
    return session_graph


def make_app(graph, neo4j_settings, home, findings: Findings | None = None, **config):
    app = create_app(dataclasses.replace(neo4j_settings, home=home), graph=graph, config=config or None)
    if findings is not None:
        app.test_client_class = scanning_client_class(findings)
    return app


def csrf_token(client, path="/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def client_for(app, username: str | None, password: str | None = None):
    """A test client logged in as `username` (None: not logged in)."""
    client = app.test_client()
    if username is None:
        return client
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": password or PASSWORD.format(username),
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def text(response) -> str:
    """The page of a 200 response (anything else fails with the start of the body)."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def fingerprint(graph) -> dict:
    """Counts and a digest of every node and relationship with its properties (audit events aside)."""
    rows = graph.read(
        "MATCH (n) WHERE none(l IN labels(n) WHERE l IN $skip) "
        "RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props",
        {"skip": list(APP_LABELS)},
    )
    rels = graph.read(
        "MATCH (a)-[r]->(b) WHERE none(l IN labels(a) + labels(b) WHERE l IN $skip) "
        "RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS a, elementId(b) AS b, "
        "properties(r) AS props",
        {"skip": list(APP_LABELS)},
    )
    digest = hashlib.sha256()
    for row in sorted(rows, key=lambda r: r["id"]) + sorted(rels, key=lambda r: r["id"]):
        digest.update(json.dumps(row, sort_keys=True, default=str, ensure_ascii=False).encode())
    return {"nodes": len(rows), "relationships": len(rels), "digest": digest.hexdigest()}


def assert_clean(response, allowed=(200, 302, 308, 400, 401, 403, 404, 405, 413)) -> str:
    """No server error and no Python internals in the page."""
    body = response.get_data().decode("utf-8", errors="replace")  # exports are binary
    assert response.status_code in allowed, (response.status_code, response.request.full_path, body[:300])
    for marker in ("Traceback", 'File "/', "werkzeug.exceptions", "neo4j.exceptions", "Neo.ClientError"):
        assert marker not in body, (response.request.full_path, body[:500])
    return body


@pytest.fixture(scope="module")
def findings():
    found = Findings()
    yield found
    found.assert_none()


def page(client, url: str) -> str:
    """The page at `url`, which must answer 200 (a failure names the url and the start of the body)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:500])
    return response.get_data(as_text=True)


def table_rows(body: str, table: str) -> list[list[str]]:
    """The visible cells of the body rows of the table with id `table`, spaces collapsed."""
    inner = re.search(rf'<table[^>]*id="{table}".*?<tbody>(.*?)</tbody>', body, re.S).group(1)
    return [
        [
            re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", cell))).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", inner, re.S)
    ]
