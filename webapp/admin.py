"""Admin pages: roster upload (validate, then confirm the load), the audit log, and accounts."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    render_template,
    request,
    session,
)
from werkzeug.utils import secure_filename

import cypher
from graph import audit
from graph.changes import names_for_rows
from graph.errors import BangfuError, UsageError
from graph.roster_export import header_row
from graph.tables import TABLES, TABLES_BY_NAME, table_for_name
from graph.values import parse_date
from loaders.changes_words import plan_groups
from loaders.snapshot import SnapshotRequest
from webapp import users
from webapp.auth import login_required
from webapp.context import graph, settings
from webapp.downloads import send_bytes, temp_export
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


def _snapshot_request(form) -> SnapshotRequest | None:
    """The snapshot the upload form asks for (a date, an optional scope, mass endings allowed), or None."""
    raw = (form.get("snapshot_date") or "").strip()
    if not raw:
        if (form.get("scope") or "").strip():
            raise UsageError("快照范围只用于快照导入：请同时填写快照日期（截至日期）。")
        return None
    try:
        date = parse_date(raw)
    except ValueError as exc:
        raise UsageError(f"快照日期无效：{exc}") from None
    scope = (form.get("scope") or "").strip()[:20] or None
    return SnapshotRequest(date, scope, form.get("allow_mass_end") == "1")


def _snapshot_session(request_: SnapshotRequest | None) -> dict | None:
    if request_ is None:
        return None
    return {
        "date": request_.date.isoformat(),
        "scope": request_.scope,
        "allow_mass_end": request_.allow_mass_end,
    }


def _snapshot_from_session(data: dict | None) -> SnapshotRequest | None:
    if not data:
        return None
    return SnapshotRequest(
        dt.date.fromisoformat(data["date"]), data.get("scope"), bool(data.get("allow_mass_end"))
    )


def _plan_view(report) -> list[dict] | None:
    plan = report.snapshot
    if plan is None:
        return None
    rows = {t: d.started + d.ended + d.closed for t, d in plan.tables.items()}
    rows["households"] = [[h] for h in plan.households_added + plan.households_removed]
    return plan_groups(plan, names_for_rows(graph(), rows))


KIND_WORDS = {
    "date": "日期",
    "yesno": "是/否",
    "int": "整数",
    "number": "数字",
    "year": "年份",
    "id_number": "身份证号",
    "phone": "电话",
    "credit_code": "统一社会信用代码",
}


def roster_tables() -> list[dict]:
    """The tables an upload may hold, from their declarations (graph/roster/): Chinese name, English
    file name, and each column's header, whether it is required and what it takes."""
    out = []
    for t in TABLES:
        columns = []
        for c in t.columns:
            takes = "、".join(c.vocab.values) if c.vocab else KIND_WORDS.get(c.kind, "")
            columns.append({"zh": c.zh, "required": c.required, "takes": takes})
        out.append({"name": t.name, "zh": t.zh, "columns": columns})
    return out


def _upload_form(status: int = 200):
    regions = graph().read(cypher.load("app/scope_choices"))
    page = render_template("upload.html", report=None, token=None, regions=regions, tables=roster_tables())
    return page, status


@bp.route("/upload/template/<name>.xlsx")
@login_required("admin")
def upload_template(name: str):
    """An empty table in the roster format: its Chinese headers in row 1, from the declaration."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    table = TABLES_BY_NAME.get(name)
    if table is None:
        abort(404)
    wb = Workbook()
    ws = wb.active
    ws.title = table.zh[:31]
    ws.append(header_row(table, []))
    for i, cell in enumerate(ws[1], start=1):
        cell.font = Font(bold=True)
        ws.column_dimensions[cell.column_letter].width = max(10, 2 * len(str(cell.value)) + 4)
    ws.freeze_panes = "A2"
    with temp_export("template.xlsx") as tmp:
        wb.save(tmp)
        data = tmp.read_bytes()
    return send_bytes(data, f"{table.zh}.xlsx")


def _unknown_csv(names: list[str]) -> str | None:
    """The error for CSV files not named after a table (a workbook may hold tables as its sheets)."""
    unknown = [n for n in names if Path(n).suffix.lower() == ".csv" and table_for_name(Path(n).stem) is None]
    if not unknown:
        return None
    return (
        f"无法识别的文件：{'、'.join(unknown)}。文件名应为花名册的表名，如 帮扶对象.csv；"
        "可用的表名和各表的列见本页“花名册的表和列”，也可下载各表的模板填写。"
    )


@bp.route("/upload", methods=["GET", "POST"])
@login_required("admin")
def upload():
    from loaders.api import load_roster

    if request.method == "GET":
        return _upload_form()
    files = [f for f in request.files.getlist("files") if f and f.filename]
    if not files:
        flash("请选择要上传的花名册文件（.csv 或 .xlsx）。", "error")
        return _upload_form(400)
    try:
        snapshot = _snapshot_request(request.form)
    except UsageError as exc:
        flash(exc.message, "error")
        return _upload_form(400)
    token = uuid.uuid4().hex
    target = _uploads_root() / token
    target.mkdir(mode=0o700)
    for f in files:
        name = _upload_name(f.filename)
        if name is None:
            shutil.rmtree(target, ignore_errors=True)
            flash(
                f"不支持的文件：{secure_filename(f.filename) or '（无效文件名）'}"
                "（只接受 .csv 与 .xlsx；文件名不能含路径或控制字符，不超过 120 个字符）。",
                "error",
            )
            return _upload_form(400)
        f.save(target / name)
    unknown = _unknown_csv([p.name for p in target.iterdir()])
    if unknown:
        shutil.rmtree(target, ignore_errors=True)
        flash(unknown, "error")
        return _upload_form(400)
    try:
        report = load_roster(
            graph(),
            [target],
            dry_run=True,
            user=g.user.username,
            progress=False,
            snapshot=snapshot,
            settings=settings(),
        )
    except BangfuError as exc:  # no scope, no table found: say so on the form
        shutil.rmtree(target, ignore_errors=True)
        flash(exc.message, "error")
        return _upload_form(400)
    audit.record(
        graph(),
        g.user.username,
        "upload",
        {
            "files": sorted(p.name for p in target.iterdir()),
            "errors": len(report.validation.errors),
            "token": token,
            "snapshot": _snapshot_session(snapshot),
            "refused": report.refused,
        },
        request.remote_addr,
    )
    session["upload_token"] = token
    session["upload_snapshot"] = _snapshot_session(snapshot)
    rows = sum(report.rows_by_table().values())
    loadable = rows > sum(report.rejected_by_table().values())  # some row would be written
    return render_template(
        "upload.html",
        report=report,
        token=token,
        plan=_plan_view(report),
        loadable=loadable,
        table_names={t.name: t.zh for t in TABLES},
    )


@bp.route("/upload/<token>/load", methods=["POST"])
@login_required("admin")
def upload_load(token: str):
    from loaders.api import load_roster

    if session.get("upload_token") != token:
        abort(403)
    folder = _upload_dir(token)
    skip_invalid = request.form.get("skip_invalid") == "1"
    snapshot = _snapshot_from_session(session.get("upload_snapshot"))
    rejects = folder / "rejects"
    report = load_roster(
        graph(),
        [p for p in folder.iterdir() if p.is_file()],
        skip_invalid=skip_invalid,
        user=g.user.username,
        progress=False,
        rejects_dir=rejects,
        batch_size=settings().load_batch_size,
        writers=settings().load_writers,
        snapshot=snapshot,
        settings=settings(),
    )
    audit.record(
        graph(),
        g.user.username,
        "load",
        {
            "token": token,
            "load_id": report.load_id,
            "skip_invalid": skip_invalid,
            "snapshot": _snapshot_session(snapshot),
            "refused": report.refused,
            "changes": report.changes.as_dict() if report.written else None,
        },
        request.remote_addr,
    )
    session.pop("upload_token", None)
    session.pop("upload_snapshot", None)
    return render_template("upload_done.html", report=report, plan=_plan_view(report))


@bp.route("/audit")
@login_required("admin")
def audit_log():
    page = int_arg("page", 1, 1, 10000)
    action = text_arg("action", 30)
    username = text_arg("user", 64)
    events = audit.events(graph(), action=action, username=username, skip=(page - 1) * 100, limit=100)
    return render_template(
        "audit.html", events=events, page=page, action=action, username=username, actions=audit.ACTIONS
    )


@bp.route("/users", methods=["GET", "POST"])
@login_required("admin")
def users_page():
    created = None
    if request.method == "POST":
        username = (request.form.get("username") or "").strip()
        role = request.form.get("role") or "viewer"
        password = users.generate_password()
        users.add_user(graph(), username, role, password)
        audit.record(
            graph(), g.user.username, "user", {"created": username, "role": role}, request.remote_addr
        )
        created = (username, password)
    return render_template("users.html", users=users.list_users(graph()), roles=users.ROLES, created=created)
