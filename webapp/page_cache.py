"""Rendered pages kept between requests, per data version, role and parameters.

A page that only reads (the overview, gaps, coverage, the ledger, entity files, a saved query's
result) is the same for everyone of one role until the data changes, except for three things that
belong to the person asking: their user name in the header, the CSRF token of the page's forms, and
messages flashed to them. The page is rendered once with a placeholder for the first two (random
per app, so no data can contain them) and kept in the results cache (webapp/results_cache.py) under
(endpoint, view arguments, query string, role, today, data version); each request fills in its own
name and token. A request with flashed messages waiting, or asking to see personal data unmasked
(admins, audited), is rendered for itself and not kept: what is kept is always the masked page of a
role, so nothing cached crosses roles or shows an unmasked number. As a safeguard a rendered page
that contains the real CSRF token of the request that rendered it (a template that reached the
token some other way) is not kept either.
"""

from __future__ import annotations

import functools
import logging
import secrets
from dataclasses import dataclass, replace
from typing import Any, Callable

from flask import Flask, Response, current_app, g, request, session
from markupsafe import escape

from graph import clock
from webapp import results_cache

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Holes:
    user: str
    csrf: str


def install(app: Flask) -> None:
    app.extensions["bangfu_page_holes"] = Holes(
        user=f"bangfu-user-{secrets.token_hex(8)}", csrf=f"bangfu-csrf-{secrets.token_hex(12)}"
    )


def _holes() -> Holes:
    return current_app.extensions["bangfu_page_holes"]


def rendering_for_cache() -> bool:
    return bool(g.get("bangfu_cached_render"))


def template_overrides(user) -> dict[str, Any]:
    """What templates see while a page is rendered to be kept: the user with a placeholder name (same
    role), and a placeholder CSRF token."""
    if user is None or not rendering_for_cache():
        return {}
    holes = _holes()
    return {"current_user": replace(user, username=holes.user), "csrf_token": lambda: holes.csrf}


def cacheable() -> bool:
    """A GET by a logged-in user with no flashed message waiting and no unmasked view asked for."""
    return (
        request.method == "GET"
        and g.get("user") is not None
        and "_flashes" not in session
        and request.args.get("unmasked") != "1"
    )


def page(render: Callable[[], Any], *, name: str | None = None) -> Any:
    """The page `render()` gives, kept per data version, role and request parameters when it can be."""
    if not cacheable():
        return render()
    key = (
        name or request.endpoint,
        tuple(sorted((request.view_args or {}).items())),
        tuple(sorted(request.args.items(multi=True))),
        g.user.role,
        clock.today(),
    )

    def compute():
        g.bangfu_cached_render = True
        try:
            return render()
        finally:
            g.bangfu_cached_render = False

    return _fill(results_cache.value("page", key, compute, keep=_shareable))


def cached(view: Callable) -> Callable:
    """A view whose page is kept (see `page`); put it below `login_required`."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        return page(lambda: view(*args, **kwargs))

    return wrapped


def _shareable(value: Any) -> bool:
    if not isinstance(value, str):
        return False  # a redirect, a response of its own: for its request only
    token = g.get("csrf_token")  # set by flask_wtf.csrf.generate_csrf when a page asks for it
    if token and token in value:
        log.warning("页面 %s 含有本次请求的 CSRF 令牌，未缓存", request.endpoint)
        return False
    return True


def _fill(value: Any) -> Any:
    """This request's own user name and CSRF token in a kept page."""
    if isinstance(value, tuple) and value and isinstance(value[0], str):
        return (_fill(value[0]), *value[1:])
    if not isinstance(value, str):
        return value
    holes = _holes()
    if holes.user in value:
        value = value.replace(holes.user, str(escape(g.user.username)))
    if holes.csrf in value:
        from flask_wtf.csrf import generate_csrf

        value = value.replace(holes.csrf, generate_csrf())
    return value


def json_page(compute: Callable[[], Any]) -> Response:
    """A JSON answer kept like a page: serialized once per data version, role and parameters."""

    def serialized():
        return current_app.json.dumps(compute())

    if not cacheable():
        body = serialized()
    else:
        key = (
            request.endpoint,
            tuple(sorted((request.view_args or {}).items())),
            tuple(sorted(request.args.items(multi=True))),
            g.user.role,
            clock.today(),
        )
        body = results_cache.value("json", key, serialized)
    return current_app.response_class(body + "\n", mimetype="application/json")
