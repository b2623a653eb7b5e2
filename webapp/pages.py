"""The pages staff use. Each view asks the graph through named Cypher and renders a template."""
from __future__ import annotations

from flask import Blueprint, render_template

import cypher
from webapp.auth import login_required
from webapp.context import graph

bp = Blueprint("pages", __name__)


@bp.route("/")
@login_required()
def overview():
    figures = graph().read(cypher.load("app/overview_counts"))[0]
    return render_template("overview.html", figures=figures)


@bp.route("/healthz")
def healthz():
    """Liveness for monitoring: 200 when the database answers, 503 otherwise (no login needed)."""
    graph().read("RETURN 1 AS ok")
    return {"status": "ok"}
