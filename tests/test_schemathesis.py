"""schemathesis against the app's own OpenAPI document (/api/openapi.json), in process (WSGI),
logged in as a viewer, on the sample county: generated requests for every operation, valid and
invalid, must get no server error and answers that conform to the document (status codes, content
types, response schemas). Every answer is also scanned for unmasked personal data.

The number of examples per operation is bounded (BANGFU_SCHEMATHESIS_EXAMPLES, default 25) so the
whole module runs in well under a minute once Neo4j is up.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.helpers.pii import find_unmasked
from tests.helpers.web import client_for, make_app

EXAMPLES = int(os.environ.get("BANGFU_SCHEMATHESIS_EXAMPLES") or 25)


@pytest.fixture(scope="module")
def api_app(sample_web_county, neo4j_settings, tmp_path_factory):
    return make_app(sample_web_county, neo4j_settings, tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="module")
def viewer_cookie(api_app) -> str:
    client = client_for(api_app, "viewer1")
    return client.get_cookie("bangfu_session").value


@pytest.fixture(scope="module")
def api_schema(api_app, viewer_cookie):
    """The document, with the viewer's session as the value of its `session` security scheme: so
    schemathesis also sends requests without it and with a wrong one, and expects 401 for those."""
    from schemathesis.config import SchemathesisConfig

    config = SchemathesisConfig.from_dict({"auth": {"openapi": {"session": {"api_key": viewer_cookie}}}})
    return schemathesis.openapi.from_wsgi("/api/openapi.json", api_app, config=config)


def _operations(schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    return operations


# schemathesis' own pytest plumbing (`from_fixture`) does not run under pytest 9, so each operation's
# hypothesis strategy is driven here directly: the same generation, calls and checks.
@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_api_conforms_and_never_fails(api_schema, mode):
    seen = {}
    for operation in _operations(api_schema):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            # the answer as a client reads it: requests asks for compressed answers, and the in-process
            # (WSGI) call does not undo the compression a browser or requests would undo
            response = case.call_and_validate(headers={"Accept-Encoding": "identity"})
            assert response.status_code < 500
            content_type = (response.headers.get("content-type") or [""])[0]
            assert find_unmasked(response.content, content_type) == []
            seen.setdefault(operation.label, set()).add(response.status_code)

        run()
    assert len(seen) >= 7, seen
    if mode == GenerationMode.POSITIVE:  # logged in: answers with data (random keys name no entity: 404)
        answered = {label for label, statuses in seen.items() if 200 in statuses}
        assert answered >= {"GET /api/check", "GET /api/coverage", "GET /api/search", "GET /api/queries"}, (
            seen
        )
        assert not any(401 in statuses for statuses in seen.values()), seen  # the session was sent


def test_openapi_document_is_valid_and_public(api_app):
    response = api_app.test_client().get("/api/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"].startswith("3.")
    assert "session" in doc["components"]["securitySchemes"]
    # every /api/ route of the app is described (a new endpoint must be documented)
    routes = {
        r.rule.replace("<", "{").replace(">", "}").replace("{path:", "{")
        for r in api_app.url_map.iter_rules()
        if r.rule.startswith("/api/") and r.rule != "/api/openapi.json"
    }
    assert routes <= set(doc["paths"]), routes - set(doc["paths"])
