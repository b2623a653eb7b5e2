"""报告审核: admins confirm, edit or reject the facts `bangfu load-report` proposed.

Each fact shows its sentence with the span highlighted (everything escaped, the span in `<mark>`), the
candidates the loader found in the graph, and a form: fields to edit, for each role an existing node, a
new one or none. Confirming runs `loaders.reports.confirm` (one transaction); every decision is audited.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from markupsafe import Markup, escape

import cypher
from graph import audit, vocabulary
from graph import search as graph_search
from loaders.reports import confirm as rc
from loaders.reports.match import ROLE_LABELS
from loaders.reports.write import KIND_NAMES, fact_label
from webapp.auth import login_required
from webapp.context import graph
from webapp.forms import int_arg, text_arg

bp = Blueprint("review", __name__, url_prefix="/admin/review")

STATUS_NAMES = {"proposed": "待审核", "confirmed": "已确认", "rejected": "已驳回"}
ROLE_NAMES = {
    "person": "人员",
    "organization": "组织",
    "region": "区划",
    "enterprise": "带贫主体",
    "household": "帮扶对象户",
    "helper": "帮扶方",
    "helped": "被帮扶方",
}
LABEL_NAMES = {
    label: vocabulary.label_name(label)
    for label in ("Person", "Organization", "Region", "Enterprise", "Household")
}
FIELD_NAMES = {
    "person": "姓名",
    "title": "职务",
    "organization": "单位/地方",
    "name": "名称",
    "level": "层级",
    "head_name": "户主",
    "helper": "帮扶方",
    "helper_kind": "帮扶方类别",
    "helped": "被帮扶方",
    "helped_kind": "被帮扶方类别",
}
PAGE = 50


def highlighted(sentence: str, start: int, end: int) -> Markup:
    """The sentence, escaped, with the span in <mark>."""
    start, end = max(0, min(start, len(sentence))), max(0, min(end, len(sentence)))
    return Markup("{}<mark>{}</mark>{}").format(
        escape(sentence[:start]), escape(sentence[start:end]), escape(sentence[end:])
    )


def _view(row: dict) -> dict:
    f = row["fact"]
    payload = json.loads(f.get("payload") or "{}")
    cands = json.loads(f.get("candidates") or "{}")
    return {
        **f,
        "doc_name": row["doc_name"],
        "doc_id": row["doc_id"],
        "payload_obj": payload,
        "kind_name": KIND_NAMES.get(f["kind"], f["kind"]),
        "status_name": STATUS_NAMES.get(f["status"], f["status"]),
        "marked": highlighted(f.get("sentence") or "", f.get("span_start") or 0, f.get("span_end") or 0),
        "roles": [
            {
                "role": r,
                "role_name": ROLE_NAMES[r],
                "candidates": cands.get(r, []),
                "labels": [(lbl, LABEL_NAMES[lbl]) for lbl in ROLE_LABELS[r]],
            }
            for r in rc.ROLES.get(f["kind"], ())
        ],
        "fields": [
            (k, FIELD_NAMES.get(k, k), payload.get(k, "")) for k in rc.PAYLOAD_FIELDS.get(f["kind"], ())
        ],
        "result_obj": json.loads(f["result"]) if f.get("result") else None,
    }


@bp.route("/")
@login_required("admin")
def index():
    status = text_arg("status", 20) or "proposed"
    if status not in STATUS_NAMES and status != "all":
        status = "proposed"
    kind = text_arg("kind", 20)
    if kind not in KIND_NAMES:
        kind = None
    page = int_arg("page", 1, 1, 10000)
    rows = graph().read(
        cypher.load("reports/facts_list"),
        {
            "status": None if status == "all" else status,
            "kind": kind,
            "doc_id": text_arg("doc", 32),
            "skip": (page - 1) * PAGE,
            "limit": PAGE + 1,
        },
    )
    counts = {}
    for r in graph().read(cypher.load("reports/facts_counts")):
        counts[r["status"]] = counts.get(r["status"], 0) + r["n"]
    return render_template(
        "review.html",
        facts=[_view(r) for r in rows[:PAGE]],
        more=len(rows) > PAGE,
        page=page,
        status=status,
        kind=kind,
        counts=counts,
        statuses=STATUS_NAMES,
        kinds=KIND_NAMES,
        party_kinds=rc.PARTY_KINDS,
        unit_kinds=rc.UNIT_KINDS,
        enterprise_kinds=rc.ENTERPRISE_KINDS,
        levels=list(rc.REGION_LEVELS),
    )


def _decision(form, kind: str) -> rc.Decision:
    payload = {k: form.get(f"f_{k}", "") for k in rc.PAYLOAD_FIELDS[kind]}
    choices = {}
    for role in rc.ROLES[kind]:
        raw = form.get(f"{role}_choice", "none")
        mode, _, rest = raw.partition(":")
        if mode == "existing":
            label, _, key = rest.partition(":")
            choices[role] = rc.Choice("existing", label, key)
        elif mode == "new":
            choices[role] = rc.Choice(
                "new",
                rest,
                form.get(f"{role}_key", ""),
                form.get(f"{role}_name", ""),
                form.get(f"{role}_kind", ""),
                form.get(f"{role}_level", ""),
                form.get(f"{role}_parent", ""),
            )
        else:
            choices[role] = rc.Choice()
    return rc.Decision(payload, choices, form.get("note", ""))


@bp.route("/<fact_id>", methods=["POST"])
@login_required("admin")
def decide(fact_id: str):
    if not (0 < len(fact_id) <= 64 and fact_id.isalnum()):
        abort(404)
    action = request.form.get("action")
    back = url_for(
        "review.index", status=request.args.get("status") or None, kind=request.args.get("kind") or None
    )
    try:
        if action == "reject":
            done = rc.reject(graph(), fact_id, g.user.username, request.form.get("note", ""))
            audit.record(graph(), g.user.username, "review_reject", done, request.remote_addr)
            flash(f"已驳回：{done.get('label') or fact_id}", "ok")
        elif action == "confirm":
            rows = graph().read(cypher.load("reports/fact_get"), {"fact_id": fact_id})
            if not rows:
                abort(404)
            done = rc.confirm(graph(), fact_id, _decision(request.form, rows[0]["kind"]), g.user.username)
            graph_search.refresh(graph())  # new people, regions … become searchable at once
            audit.record(graph(), g.user.username, "review_confirm", done, request.remote_addr)
            what = {"HOLDS_POST": "已写入任职关系", "HELPS": "已写入帮扶关系"}.get(
                done["relationship"] or "",
                "已确认（作为提及保留）" if done["mention_only"] else "已确认并关联到图谱",
            )
            flash(f"{what}：{fact_label(done['kind'], done['payload'])}", "ok")
        else:
            abort(400)
    except rc.ReviewError as exc:
        flash(exc.message, "error")
    return redirect(back + f"#fact-{fact_id}")
