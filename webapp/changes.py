"""The 变动 page: what each snapshot load changed (the same data as `bangfu changes`), and its Excel."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, g, render_template, request

from graph import audit
from graph.changes import snapshot_changes
from graph.rules import check_region
from loaders.changes_report import changes_xlsx
from loaders.changes_words import change_lines, table_name
from webapp.auth import login_required
from webapp.context import graph
from webapp.downloads import DOWNLOAD_ROLE, send_bytes, temp_export
from webapp.forms import date_arg
from webapp.page_cache import cached
from webapp.regions import region_arg, region_choices, region_title

bp = Blueprint("changes", __name__)


def _filters() -> tuple[dt.date | None, dt.date | None, str | None]:
    return date_arg("since"), date_arg("until"), region_arg()


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
    return render_template(
        "changes.html",
        shown=shown,
        since=since,
        until=until,
        region=region,
        region_title=region_title(graph(), region),
        regions=region_choices(),
        args=request.args.to_dict(),
    )


@bp.route("/changes.xlsx")
@login_required(DOWNLOAD_ROLE)
def xlsx():
    since, until, region = _filters()
    items = snapshot_changes(graph(), since, until, region)
    with temp_export("changes.xlsx") as tmp:
        found = check_region(graph(), region)
        changes_xlsx(items, tmp, since=since, until=until, region_name=found["name"] if found else None)
        data = tmp.read_bytes()
    audit.record(
        graph(),
        g.user.username,
        "export",
        {"what": "changes.xlsx", "since": since, "until": until, "region": region},
        request.remote_addr,
    )
    return send_bytes(data, "快照变动.xlsx")
