"""Saved queries in the browser: the list by category, a form per query, results shown as the query
declares (table, graph or bar chart), exports, and the analysts' read-only Cypher editor, from which
a query is saved as a stored query (常用查询 kept in Neo4j: graph/queries/stored.py), edited by its
author or an admin, retired and restored by admins, its versions shown.

Everything runs through graph.queries.QueryRunner, the same runner as `bangfu query run`.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, flash, g, jsonify, redirect, render_template, request, url_for

from graph import audit, pii, vocabulary
from graph.errors import BangfuError, DatabaseUnavailable
from graph.queries import export as result_export
from graph.queries import stored
from graph.queries.header import CATEGORIES, PARAM_TYPE_NAMES, parse_query_file
from graph.queries.runner import QueryRunner
from webapp import page_cache
from webapp import results_cache as results
from webapp.admission import gated
from webapp.auth import login_required
from webapp.context import graph, settings
from webapp.downloads import DOWNLOAD_ROLE, send_bytes, temp_export
from webapp.graphjson import LABEL_NAMES, TYPE_NAMES, caption, entity_ref, plain, primary_label
from webapp.regions import region_choices

bp = Blueprint("queries", __name__)
TABLE_FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
GRAPH_FORMATS = ("html", "graphml", "gexf", "png", "svg", "graph.json")
MAX_FORM_PARAMS = 20
RECENT_STORED = 8  # the stored queries shown above the categories, newest first


def runner() -> QueryRunner:
    from flask import current_app

    cached = current_app.extensions.get("bangfu_query_runner")
    if cached is None:
        cached = current_app.extensions["bangfu_query_runner"] = QueryRunner(graph(), settings())
    if not g.get("bangfu_stored_checked"):  # stored queries saved since (here or by another process)
        cached.refresh_stored()
        g.bangfu_stored_checked = True
    return cached


def _form_params(query) -> dict[str, str]:
    """The query's parameters as given in the request (unknown names ignored, empty means default)."""
    names = {p.name for p in query.params}
    return {k: v for k, v in request.args.items() if k in names and v.strip() != ""}


def _ring(unmasked: bool):
    """The key that opens the sealed numbers, for an unmasked export only (graph/pii.py)."""
    return pii.keyring(settings()) if unmasked else None


def _unmasked() -> bool:
    return request.args.get("unmasked") == "1" and g.user.can("admin")


def _run(query, params):
    """The query's result (a masked one kept per data version: results_cache.query_result), audited
    every time it is asked for, kept or not."""
    unmasked = _unmasked()
    result = (
        gated(lambda: runner().run(query, params, unmasked=True))
        if unmasked
        else results.query_result(runner(), query, params)
    )
    audit.record(
        graph(),
        g.user.username,
        "query",
        {
            "query": query.name,
            "params": {k: str(v) for k, v in params.items()},
            "unmasked": unmasked,
            "rows": len(result.rows),
        },
        request.remote_addr,
    )
    return result


@bp.route("/queries")
@login_required()
def index():
    catalogue = runner().catalogue
    admin = g.user.can("admin")
    retired = [r for r in stored.records(graph(), with_retired=True) if r.retired] if admin else []
    recent = sorted(
        (q for q in catalogue if q.source == "stored"),
        key=lambda q: str(q.extra.get("updated_at") or ""),
        reverse=True,
    )[:RECENT_STORED]
    return render_template(
        "queries.html",
        categories=catalogue.by_category(),
        recent=recent,
        retired=retired,
        problems=catalogue.problems if admin else [],
    )


def _may_edit(query) -> bool:
    """May this user change the stored query (its author, an analyst still, or an admin)?"""
    if query.source != "stored" or not g.user.can("analyst"):
        return False
    return g.user.can("admin") or query.extra.get("author") == g.user.username


@bp.route("/queries/<name>")
@login_required()
def query_page(name: str):
    query = runner().catalogue.get(name)
    may_edit = _may_edit(query)
    params = _form_params(query)
    result = error = None
    if request.args.get("run") == "1":
        try:
            result = _run(query, params)
        except BangfuError as exc:
            error = exc.message
    chart = _chart(result, query.display) if result is not None and query.display.kind == "bar" else None

    def render():
        return render_template(
            "query.html",
            query=query,
            info=query.describe(),
            params=params,
            choices=results.query_choices(runner(), query),
            regions=region_choices() if any(p.type in ("region", "village") for p in query.params) else None,
            result=result,
            error=error,
            chart=chart,
            cell=result_export.web_cell_text,
            graph_formats=GRAPH_FORMATS,
            table_formats=tuple(TABLE_FORMATS),
            may_edit=may_edit,
        )

    # the rendered page is kept too (per data version, role and query string, and for a stored query
    # its version and whether this user may edit it); a failed run is not
    kept_as = f"{request.endpoint}@{query.revision}@{int(may_edit)}"
    keep = error is None and not g.get("bangfu_waited_s")  # a page saying how long one waited is theirs
    return page_cache.page(render, name=kept_as) if keep else render()


def _chart(result, display) -> list[dict] | None:
    if not result.rows or display.x not in result.columns or display.y not in result.columns:
        return None
    xs, ys = result.column(display.x), result.column(display.y)
    values = [(str(x), float(y or 0)) for x, y in zip(xs, ys)][:60]
    top = max((v for _, v in values), default=0) or 1
    return [{"label": x, "value": v, "share": v / top} for x, v in values]


@bp.route("/queries/<name>/export/<fmt>")
@login_required(DOWNLOAD_ROLE)
def query_export(name: str, fmt: str):
    query = runner().catalogue.get(name)
    if fmt not in TABLE_FORMATS and fmt not in GRAPH_FORMATS:
        abort(404)
    params = _form_params(query)
    result = _run(query, params)
    unmasked = result.masked is False
    audit.record(
        graph(),
        g.user.username,
        "export_unmasked" if unmasked else "export",
        {"query": name, "format": fmt, "params": params},
        request.remote_addr,
    )
    filename = f"{query.title}.{fmt if fmt != 'graph.json' else 'graph.json'}"
    return _send_result(result, fmt, filename, unmasked, {p.name: p.label for p in query.params})


def _send_result(result, fmt: str, filename: str, unmasked: bool, labels: dict | None = None):
    if fmt in TABLE_FORMATS:
        data = result_export.export(result, fmt, labels)
        return Response(
            data, mimetype=TABLE_FORMATS[fmt], headers={"Content-Disposition": _disposition(filename)}
        )
    if fmt == "graph.json":
        return Response(
            result_export.to_graph_json(result),
            mimetype="application/json",
            headers={"Content-Disposition": _disposition(filename)},
        )
    if not result.has_graph:
        raise BangfuError("该查询结果里没有节点或关系，不能导出为关系图；请导出为表格。")
    from graph.export import export_subgraph
    from graph.export.select import from_query_result

    with temp_export(f"graph.{fmt}") as tmp:
        sub = from_query_result(result)
        export_subgraph(sub, fmt, tmp, max_nodes=_max_nodes(), unmasked=unmasked, ring=_ring(unmasked))
        data = tmp.read_bytes()
    return send_bytes(data, filename)


def _max_nodes() -> int:
    return getattr(settings(), "export_max_nodes", 1500)


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"export\"; filename*=UTF-8''{quote(filename)}"


@bp.route("/queries/<name>/graph")
@login_required()
def query_graph(name: str):
    """The result's nodes and relationships in the in-page graph view's JSON."""
    query = runner().catalogue.get(name)
    result = _run(query, _form_params(query))
    return jsonify(result_graph_json(result))


def result_graph_json(result) -> dict:
    """The result's nodes and relationships for the in-page view: English keys in `properties`, the
    words people read (graph/vocabulary.py) in `facts`; the runner has masked them already."""
    nodes = {}
    for nid, n in result.nodes.items():
        label = primary_label(n.labels)
        props = {k: plain(v) for k, v in n.properties.items() if not vocabulary.is_hidden(k)}
        ref = entity_ref(n.labels, n.properties)
        nodes[nid] = {
            "id": nid,
            "label": label,
            "label_name": vocabulary.label_name(label),
            "caption": caption(n.properties),
            "ref": list(ref) if ref else None,
            "properties": props,
            "facts": vocabulary.facts(props, vocabulary.owner_of(n.labels)),
        }
    edges = []
    for r in result.relationships.values():
        for end in (r.start, r.end):
            nodes.setdefault(
                end,
                {
                    "id": end,
                    "label": "",
                    "label_name": "",
                    "caption": "",
                    "ref": None,
                    "properties": {},
                    "facts": [],
                },
            )
        props = {k: plain(v) for k, v in r.properties.items() if not vocabulary.is_hidden(k)}
        edges.append(
            {
                "id": r.id,
                "from": r.start,
                "to": r.end,
                "type": r.type,
                "type_name": vocabulary.type_name(r.type),
                "caption": props.get("role") or props.get("title") or vocabulary.type_name(r.type),
                "properties": props,
                "facts": vocabulary.facts(props, r.type),
            }
        )
    return {
        "nodes": list(nodes.values()),
        "edges": edges,
        "truncated": result.truncated,
        "label_names": LABEL_NAMES,
        "type_names": TYPE_NAMES,
    }


@bp.route("/cypher", methods=["GET", "POST"])
@login_required("analyst")
def cypher_editor():
    text = request.form.get("cypher", "") if request.method == "POST" else ""
    editing = _editing(request.form.get("editing")) if request.method == "POST" else None
    result = error = None
    if request.method == "POST" and text.strip():
        try:
            result = _run_in_editor(text)
        except BangfuError as exc:
            if isinstance(exc, DatabaseUnavailable):
                raise
            error = exc.message
        audit.record(
            graph(), g.user.username, "cypher", {"cypher": text[:2000], "error": error}, request.remote_addr
        )
    return _editor_page(text, result=result, error=error, editing=editing)


def _run_in_editor(text: str):
    """Ad-hoc Cypher as today; a text with a header (or parameters declared in the save form) runs as
    the saved query it would be, its parameters at their defaults — so it can be tried before saving."""
    fields = _save_fields()
    if not stored.has_header(text) and not fields["params"]:
        return gated(lambda: runner().run_cypher(text, unmasked=False))
    trial = stored.HeaderFields(
        title=fields["title"] or "试运行",
        description=fields["description"] or "试运行",
        category=fields["category"] or "综合",
        params=tuple(fields["params"]),
    )
    composed, _ = stored.compose(text, trial)
    query = parse_query_file(
        Path("编辑器中的查询"),
        composed,
        name="editor",
        source="stored",
        choices_names=set(runner().catalogue.choices),
    )
    return gated(lambda: runner().run(query, {}, unmasked=False))


def shipped_params() -> dict[str, dict]:
    """How the shipped queries declare each parameter name (the most common declaration of a name):
    the editor's save form fills a parameter it finds with it, so that $region becomes a region
    choice (choices=@regions), $as_of a date defaulting to today, as in the shipped queries."""
    from collections import Counter

    seen: dict[str, Counter] = {}
    for query in runner().file_catalogue.queries.values():
        if query.source != "shipped":
            continue
        for p in query.params:
            choices = f"@{p.choices_query}" if p.choices_query else ",".join(p.choices or ())
            field = (p.type, p.label, p.required and not p.default_text, p.default_text or "", choices)
            seen.setdefault(p.name, Counter())[field] += 1
    out = {}
    for name, counts in seen.items():
        p_type, label, required, default, choices = counts.most_common(1)[0][0]
        out[name] = {
            "type": p_type,
            "label": label,
            "required": required,
            "default": default,
            "choices": choices,
        }
    return out


def _completed(field: stored.ParamField, known: dict[str, dict]) -> stored.ParamField:
    """A row left as the form offers it (文字, nothing else filled) takes the shipped declaration of
    its name; a row the user filled in stays as it is."""
    declared = known.get(field.name)
    untouched = field.type == "string" and not (
        field.label or field.default or field.choices or field.required
    )
    if declared is None or not untouched:
        return field
    return stored.ParamField(field.name, **declared)


def _save_fields() -> dict:
    """The save form's fields as submitted (parameters: one row each, empty rows left out)."""
    form = request.form
    rows = zip(
        form.getlist("p_name"),
        form.getlist("p_type"),
        form.getlist("p_label"),
        form.getlist("p_required"),
        form.getlist("p_default"),
        form.getlist("p_choices"),
    )
    known = shipped_params()
    params = [
        _completed(stored.ParamField(name.strip(), p_type, label, required == "1", default, choices), known)
        for name, p_type, label, required, default, choices in list(rows)[:MAX_FORM_PARAMS]
        if name.strip()
    ]
    return {
        "name": form.get("name", "").strip(),
        "title": form.get("title", "").strip(),
        "description": form.get("description", "").strip(),
        "category": form.get("category", "").strip(),
        "display": form.get("display", "table").strip(),
        "params": params,
    }


def _editing(name: str | None):
    """The stored query being edited (its author or an admin), or None."""
    if not name:
        return None
    record = stored.get(graph(), name)
    if record is None or record.retired:
        abort(404)
    if not stored.may_edit(record, g.user.username, admin=g.user.can("admin")):
        abort(403)
    return record


def _editor_page(text: str, *, result=None, error=None, editing=None, save_error=None, status=200):
    fields = _save_fields() if request.method == "POST" else {"params": [], "display": "table"}
    return (
        render_template(
            "cypher.html",
            text=text,
            result=result,
            error=error,
            cell=result_export.web_cell_text,
            editing=editing,
            save=fields,
            save_error=save_error,
            param_rows=max(3, len(fields["params"]) + 1),
            categories=CATEGORIES,
            types=PARAM_TYPE_NAMES,
            has_header=stored.has_header(text),
            known_params=shipped_params(),
        ),
        status,
    )


@bp.route("/queries/save", methods=["POST"])
@login_required("analyst")
def save_query():
    """Save the editor's query as a new stored query (refused with a located message: nothing saved)."""
    text = request.form.get("cypher", "")
    fields = _save_fields()
    header = stored.HeaderFields(
        title=fields["title"],
        description=fields["description"],
        category=fields["category"] or "综合",
        display=fields["display"],
        params=tuple(fields["params"]),
    )
    try:
        query = stored.create(
            runner(), fields["name"], text, header, user=g.user.username, remote_addr=request.remote_addr
        )
    except BangfuError as exc:
        if isinstance(exc, DatabaseUnavailable):
            raise
        return _editor_page(text, save_error=exc.message, status=400)
    flash(f"已保存为常用查询“{query.title}”，所有人都能在常用查询中看到并运行。")
    return redirect(url_for("queries.query_page", name=query.name))


@bp.route("/queries/<name>/edit", methods=["GET", "POST"])
@login_required("analyst")
def edit_query(name: str):
    """A stored query in the editor, by its author or an admin; saving makes a new version."""
    record = _editing(name)
    if request.method == "GET":
        return _editor_page(record.cypher, editing=record)
    text = request.form.get("cypher", "")
    try:
        expected = int(request.form.get("version", ""))
    except ValueError:
        abort(400)
    try:
        version = stored.update(
            runner(),
            name,
            text,
            user=g.user.username,
            admin=g.user.can("admin"),
            expected_version=expected,
            remote_addr=request.remote_addr,
        )
    except BangfuError as exc:
        if isinstance(exc, DatabaseUnavailable):
            raise
        return _editor_page(text, editing=record, save_error=exc.message, status=400)
    flash(f"已保存常用查询 {name} 的第 {version} 版。")
    return redirect(url_for("queries.query_page", name=name))


@bp.route("/queries/<name>/retire", methods=["POST"])
@login_required("admin")
def retire_query(name: str):
    return _set_retired(name, True, "已停用常用查询 {}（不再列出，可在常用查询页恢复）。")


@bp.route("/queries/<name>/restore", methods=["POST"])
@login_required("admin")
def restore_query(name: str):
    return _set_retired(name, False, "已恢复常用查询 {}。")


def _set_retired(name: str, retired: bool, done: str):
    try:
        stored.set_retired(runner(), name, retired, user=g.user.username, remote_addr=request.remote_addr)
        flash(done.format(name))
    except stored.StoredQueryRefused as exc:
        flash(exc.message, "error")
    return redirect(url_for("queries.index"))


@bp.route("/queries/<name>/history")
@login_required("analyst")
def query_history(name: str):
    """Every version of a stored query (retired ones too, for admins), newest first."""
    record = stored.get(graph(), name)
    if record is None or (record.retired and not g.user.can("admin")):
        abort(404)
    return render_template("query_history.html", record=record, versions=stored.history(graph(), name))


@bp.route("/export/graph/<fmt>")
@login_required(DOWNLOAD_ROLE)
def export_neighbourhood(fmt: str):
    """What the explorer shows, as a file: the neighbourhood of one entity to depth N."""
    from graph.export import FORMATS, export_subgraph
    from graph.export.select import neighbourhood

    if fmt not in FORMATS:
        abort(404)
    key = (request.args.get("key") or "").strip()[:40]
    try:
        depth = max(1, min(3, int(request.args.get("depth", 1))))
    except ValueError:
        depth = 1
    if not key:
        abort(400)
    unmasked = _unmasked()
    sub = neighbourhood(graph(), key, depth)
    with temp_export(f"graph.{fmt}") as tmp:
        ring = _ring(unmasked)
        report = export_subgraph(sub, fmt, tmp, max_nodes=_max_nodes(), unmasked=unmasked, ring=ring)
        data = tmp.read_bytes()
    audit.record(
        graph(),
        g.user.username,
        "export_unmasked" if unmasked else "export",
        {"node": key, "depth": depth, "format": fmt, "nodes": report.nodes},
        request.remote_addr,
    )
    return send_bytes(data, f"关系图-{key}.{fmt}")


@bp.route("/export/nodes/<fmt>", methods=["POST"])
@login_required(DOWNLOAD_ROLE)
def export_nodes(fmt: str):
    """Exactly what is on screen in the explorer: the nodes shown and the relationships among them."""
    import cypher
    from graph.export import FORMATS, Subgraph, export_subgraph

    if fmt not in FORMATS:
        abort(404)
    ids = [i for i in (request.form.get("ids") or "").split(",") if i][:5000]
    if not ids:
        raise BangfuError("画面上没有节点可导出。")
    records = graph().read_records(cypher.load("app/subgraph_of_ids"), {"ids": ids})
    values = []
    for rec in records:
        values.append(rec["n"])
        values.extend(rec["rels"])
    sub = Subgraph.from_values(values, title="关系图（导出自浏览器）")
    with temp_export(f"graph.{fmt}") as tmp:
        report = export_subgraph(sub, fmt, tmp, max_nodes=_max_nodes(), unmasked=False)
        data = tmp.read_bytes()
    audit.record(
        graph(),
        g.user.username,
        "export",
        {"explorer_nodes": len(ids), "format": fmt, "nodes": report.nodes},
        request.remote_addr,
    )
    return send_bytes(data, f"关系图.{fmt}")
