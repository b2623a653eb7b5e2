"""The 变动 page: what each snapshot load changed (the same data as `bangfu changes`), and its Excel."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, g, render_template, request

import cypher
from graph.changes import snapshot_changes
from graph.errors import UsageError
from loaders.changes_report import changes_xlsx
from loaders.changes_words import change_lines, table_name
from graph import audit
from webapp.auth import login_required
from webapp.context import graph
from webapp.downloads import send_bytes, temp_export
from webapp.forms import text_arg
from webapp.page_cache import cached

bp = Blueprint("changes", __name__)


def _date_arg(name: str) -> dt.date | None:
    raw = text_arg(name, 10)
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"日期格式应为 YYYY-MM-DD，而不是 {raw!r}。") from None


def _filters() -> tuple[dt.date | None, dt.date | None, str | None]:
    return _date_arg("since"), _date_arg("until"), text_arg("region", 20)


@bp.route("/changes")
@login_required()
@cached
def index():
    since, until, region = _filters()
    items = snapshot_changes(graph(), since, until, region)
    items.reverse()  # the latest snapshot first
    shown = [
        {
            "item": i,
            "groups": change_lines(i),
            "unlisted": [(table_name(t), i["counts"][t]["started"]) for t in i["unlisted_started"]],
        }
        for i in items
    ]
    regions = graph().read(cypher.load("app/scope_choices"))
    return render_template(
        "changes.html",
        shown=shown,
        since=since,
        until=until,
        region=region,
        regions=regions,
        args=request.args.to_dict(),
    )


@bp.route("/changes.xlsx")
@login_required()
def xlsx():
    since, until, region = _filters()
    items = snapshot_changes(graph(), since, until, region)
    with temp_export("changes.xlsx") as tmp:
        changes_xlsx(items, tmp)
        data = tmp.read_bytes()
    audit.record(
        graph(),
        g.user.username,
        "export",
        {"what": "changes.xlsx", "since": since, "until": until, "region": region},
        request.remote_addr,
    )
    return send_bytes(data, "快照变动.xlsx")
