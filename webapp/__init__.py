"""The bangfu web app: an app factory with blueprints, no module globals.

`create_app(settings)` wires the graph connection, security headers, CSRF protection, login, error
pages and the page blueprints. The driver is created without verifying the server, so the app starts
(and shows "数据库暂时不可用") while Neo4j is down, and recovers when it returns.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, g
from flask_wtf.csrf import CSRFProtect

from graph.connection import Graph
from graph.settings import Settings, load_settings


def _secret_key(settings: Settings) -> str:
    """A key kept in the data home (mode 0600), so sessions survive restarts."""
    path = Path(settings.home) / "webapp-secret-key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        import os

        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()


# A page waits this long for a database that restarts or a cluster that elects a leader, then says 503.
WEB_RETRY_SECONDS = 5.0


def create_app(
    settings: Settings | None = None, *, graph: Graph | None = None, config: dict | None = None
) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__)
    app.config.update(SECRET_KEY=_secret_key(settings), WTF_CSRF_TIME_LIMIT=8 * 3600, JSON_AS_ASCII=False)
    app.config.update(config or {})
    app.json.ensure_ascii = False
    app.extensions["bangfu_settings"] = settings
    app.extensions["bangfu_graph"] = graph or Graph.connect(
        settings, verify=False, max_retry_time=WEB_RETRY_SECONDS
    )

    from webapp import assets, compression, errors, page_cache, security
    from webapp.ratelimit import LoginLimiter
    from webapp.results_cache import ResultsCache

    security.install(app)
    errors.install(app)
    CSRFProtect(app)
    compression.install(app)
    assets.install(app)
    page_cache.install(app)
    app.extensions["bangfu_login_limiter"] = LoginLimiter()
    app.extensions["bangfu_results"] = ResultsCache()

    from webapp import admin, api, auth, changes, entities, explorer, health, ledger, pages, queries, review

    app.register_blueprint(assets.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(entities.bp)
    app.register_blueprint(explorer.bp)
    app.register_blueprint(changes.bp)
    app.register_blueprint(ledger.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(queries.bp)
    app.register_blueprint(api.bp)

    @app.before_request
    def _user():
        from flask import request

        if request.endpoint and (
            request.endpoint == "static" or request.endpoint.startswith(("assets.", "health."))
        ):
            g.user = None
            return
        auth.load_current_user()

    @app.context_processor
    def _template_globals():
        from webapp.users import ROLE_NAMES

        user = g.get("user")
        # a page rendered to be kept sees placeholders for the user's name and CSRF token (page_cache)
        return {"current_user": user, "role_names": ROLE_NAMES, **page_cache.template_overrides(user)}

    return app
