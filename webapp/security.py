"""HTTP hardening every response gets: a strict Content-Security-Policy (own origin only, no inline
script), no framing, no sniffing, no referrer leaks, and no caching of pages with personal data."""

from __future__ import annotations

from flask import Flask, Response

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def _max_upload_bytes(app: Flask) -> int:
    settings = app.extensions.get("bangfu_settings")
    return int(getattr(settings, "max_upload_mb", 200)) * 1024 * 1024


def install(app: Flask) -> None:
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="bangfu_session",
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        # larger requests (roster uploads) are refused with 413 before anything is read or written
        MAX_CONTENT_LENGTH=app.config.get("MAX_CONTENT_LENGTH") or _max_upload_bytes(app),
    )

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
