"""Login, logout and the role checks every other view relies on."""

from __future__ import annotations

import functools
import time
from urllib.parse import urlparse

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from graph import audit
from webapp.context import graph
from webapp.security import SESSION_HOURS
from webapp.users import ROLES, User, authenticate, end_sessions, get_user

bp = Blueprint("auth", __name__)


# the last-seen time in the session is renewed at most this often (each renewal sends a new cookie)
SEEN_RESOLUTION_S = 60


def _expired(now: float) -> str | None:
    """Why the session has ended by time, or None: idle too long, or too long since login."""
    idle = current_app.extensions["bangfu_settings"].session_idle_minutes * 60
    seen, login_at = session.get("seen"), session.get("login_at")
    if not isinstance(seen, (int, float)) or not isinstance(login_at, (int, float)):
        return "会话已失效，请重新登录。"
    if now - seen > idle:
        return f"超过 {idle // 60} 分钟未操作，已自动退出，请重新登录。"
    if now - login_at > SESSION_HOURS * 3600:
        return f"登录已超过 {SESSION_HOURS} 小时，请重新登录。"
    return None


def load_current_user() -> None:
    g.user = None
    username = session.get("username")
    if username:
        now = time.time()
        why = _expired(now)
        user = None if why else get_user(graph(), username)
        if (
            why
            or user is None
            or session.get("role") != user.role
            or session.get("epoch") != user.session_epoch
        ):
            # idle or too old; disabled, deleted, role changed, logged out elsewhere, new password
            session.clear()
            if why:
                flash(why, "info")
        else:
            g.user = user
            if now - session["seen"] >= SEEN_RESOLUTION_S:
                session["seen"] = int(now)


def login_required(role: str = "viewer"):
    assert role in ROLES

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if g.get("user") is None:
                if request.path.startswith("/api/"):
                    abort(401)
                return redirect(url_for("auth.login", next=request.full_path))
            if not g.user.can(role):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator


def _safe_next(target: str | None) -> str:
    if not target:
        return url_for("pages.overview")
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("pages.overview")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        username = (request.form.get("username") or "").strip()
        password = request.form.get("password") or ""
        limiter = current_app.extensions["bangfu_login_limiter"]
        addr = request.remote_addr or ""
        wait = limiter.retry_after(username, addr)
        if wait > 0:
            flash(f"登录失败次数过多，请 {int(wait) + 1} 秒后再试。", "error")
            return render_template("login.html", username=username), 429
        user = authenticate(graph(), username, password)
        if user is None:
            limiter.failed(username, addr)
            audit.record(graph(), username, "login_failed", remote_addr=addr)
            flash("用户名或密码错误。", "error")
            return render_template("login.html", username=username), 401
        limiter.succeeded(username, addr)
        session.clear()  # a fresh session on login: no fixation
        session.permanent = True
        session["username"] = user.username
        session["role"] = user.role
        session["epoch"] = user.session_epoch
        session["login_at"] = session["seen"] = int(time.time())
        audit.record(graph(), user.username, "login", remote_addr=addr)
        return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", username="")


@bp.route("/logout", methods=["POST"])
def logout():
    if g.get("user"):
        end_sessions(graph(), g.user.username)  # a copy of the cookie is worthless from now on
        audit.record(graph(), g.user.username, "logout", remote_addr=request.remote_addr)
    session.clear()
    flash("已退出登录。", "info")
    return redirect(url_for("auth.login"))


def current_user() -> User | None:
    return g.get("user")
