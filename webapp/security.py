"""HTTP hardening every response gets: a strict Content-Security-Policy (own origin only, no inline
script), no framing, no sniffing, no referrer leaks, and no caching of pages with personal data."""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


SESSION_HOURS = 8  # from login, however busy the session (webapp/auth.py checks it on the server too)


def _max_upload_bytes(app: Flask) -> int:
    settings = app.extensions.get("bangfu_settings")
    return int(getattr(settings, "max_upload_mb", 200)) * 1024 * 1024


def install(app: Flask) -> None:
    settings = app.extensions.get("bangfu_settings")
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="bangfu_session",
        # behind a TLS reverse proxy (deploy/nginx): the cookie never travels over plain HTTP
        SESSION_COOKIE_SECURE=bool(getattr(settings, "secure_cookies", False)),
        PERMANENT_SESSION_LIFETIME=SESSION_HOURS * 3600,
        # Flask-WTF's extra HTTPS check wants a Referer, which our Referrer-Policy (no-referrer) never
        # lets a browser send; the CSRF token bound to the session and SameSite=Lax stay in force
        WTF_CSRF_SSL_STRICT=False,
        # larger requests (roster uploads) are refused with 413 before anything is read or written
        MAX_CONTENT_LENGTH=app.config.get("MAX_CONTENT_LENGTH") or _max_upload_bytes(app),
    )

    hops = int(getattr(settings, "proxy_hops", 0) or 0)
    if hops:  # behind nginx: the client's address (audit, login limit) and https come from the proxy
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if (
            not response.headers.get("Cache-Control")
            and response.mimetype != "text/css"
            and response.mimetype != "application/javascript"
        ):
            response.headers["Cache-Control"] = "no-store"
        return response
