"""`/healthz`: whether the app can reach its graph, for a load balancer or a watchdog script.

No login: it tells only "ok" or "database unavailable" and the schema version, nothing about the data.
A stopped Neo4j raises DatabaseUnavailable, which the error handlers turn into 503 "数据库暂时不可用".
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from graph.schema import SCHEMA_VERSION, schema_version

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    found = schema_version(current_app.extensions["bangfu_graph"])
    status = "ok" if found == SCHEMA_VERSION else "schema_outdated"
    return jsonify({"status": status, "schema_version": found, "expected_schema_version": SCHEMA_VERSION})
