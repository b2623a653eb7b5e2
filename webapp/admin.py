"""Admin pages: roster upload (validate, then confirm the load), the audit log, and accounts."""
from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request, session,
                   url_for)
from werkzeug.utils import secure_filename

from webapp import audit, users
from webapp.auth import login_required
from webapp.context import graph, settings
from webapp.forms import int_arg, text_arg

bp = Blueprint("admin", __name__, url_prefix="/admin")
ALLOWED_SUFFIXES = {".csv", ".xlsx"}


def _uploads_root() -> Path:
    """Uploaded rosters hold id numbers and phone numbers: only the server's user may read them."""
    root = Path(settings().home) / "uploads"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    root.chmod(0o700)
    return root


def _upload_dir(token: str) -> Path:
    if not token or not all(c in "0123456789abcdef" for c in token) or len(token) != 32:
        abort(404)
    path = _uploads_root() / token
    if not path.is_dir():
        abort(404)
    return path


def _upload_name(filename: str) -> str | None:
    """The name an uploaded file is saved under, or None when it cannot be a roster file.

    Chinese names (table names) are kept, but never a path: only the last component, no leading dots,
    no control characters (NUL, line breaks), at most 120 characters, and a .csv/.xlsx suffix."""
    name = Path(filename.replace("\\", "/")).name.lstrip(".")
    if not name or len(name) > 120 or any(ord(c) < 32 or ord(c) == 127 for c in name):
        return None
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES or name != Path(name).name:
        return None
    return name


@bp.route("/upload", methods=["GET", "POST"])
@login_required("admin")
def upload():
    from loaders.api import load_roster
    if request.method == "GET":
        return render_template("upload.html", report=None, token=None)
    files = [f for f in request.files.getlist("files") if f and f.filename]
    if not files:
        flash("请选择要上传的花名册文件（.csv 或 .xlsx）。", "error")
        return render_template("upload.html", report=None, token=None), 400
    token = uuid.uuid4().hex
    target = _uploads_root() / token
    target.mkdir(mode=0o700)
    for f in files:
        name = _upload_name(f.filename)
        if name is None:
            shutil.rmtree(target, ignore_errors=True)
            flash(f"不支持的文件：{secure_filename(f.filename) or '（无效文件名）'}（只接受 .csv 与 .xlsx；文件名不能含路径"
                  "或控制字符，不超过 120 个字符）。", "error")
            return render_template("upload.html", report=None, token=None), 400
        f.save(target / name)
    report = load_roster(graph(), [target], dry_run=True, user=g.user.username, progress=False)
    audit.record(graph(), g.user.username, "upload",
                 {"files": sorted(p.name for p in target.iterdir()), "errors": len(report.validation.errors),
                  "token": token}, request.remote_addr)
    session["upload_token"] = token
    return render_template("upload.html", report=report, token=token)


@bp.route("/upload/<token>/load", methods=["POST"])
@login_required("admin")
def upload_load(token: str):
    from loaders.api import load_roster
    if session.get("upload_token") != token:
        abort(403)
    folder = _upload_dir(token)
    skip_invalid = request.form.get("skip_invalid") == "1"
    rejects = folder / "rejects"
    report = load_roster(graph(), [p for p in folder.iterdir() if p.is_file()], skip_invalid=skip_invalid,
                         user=g.user.username, progress=False, rejects_dir=rejects,
                         batch_size=settings().load_batch_size,
                         writers=settings().load_writers)
    audit.record(graph(), g.user.username, "load",
                 {"token": token, "load_id": report.load_id, "skip_invalid": skip_invalid,
                  "changes": report.changes.as_dict() if report.written else None}, request.remote_addr)
    session.pop("upload_token", None)
    return render_template("upload_done.html", report=report)


@bp.route("/audit")
@login_required("admin")
def audit_log():
    page = int_arg("page", 1, 1, 10000)
    action = text_arg("action", 30)
    username = text_arg("user", 64)
    events = audit.events(graph(), action=action, username=username, skip=(page - 1) * 100, limit=100)
    return render_template("audit.html", events=events, page=page, action=action, username=username,
                           actions=audit.ACTIONS)


@bp.route("/users", methods=["GET", "POST"])
@login_required("admin")
def users_page():
    created = None
    if request.method == "POST":
        username = (request.form.get("username") or "").strip()
        role = request.form.get("role") or "viewer"
        password = users.generate_password()
        users.add_user(graph(), username, role, password)
        audit.record(graph(), g.user.username, "user", {"created": username, "role": role}, request.remote_addr)
        created = (username, password)
    return render_template("users.html", users=users.list_users(graph()), roles=users.ROLES, created=created)
