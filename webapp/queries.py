"""Saved queries in the browser: the list by category, a form per query, results shown as the query
declares (table, graph or bar chart), exports, and the analysts' read-only Cypher editor.

Everything runs through graph.queries.QueryRunner, the same runner as `bangfu query run`.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, jsonify, render_template, request

from graph import audit, vocabulary
from graph.errors import BangfuError
from graph.queries import export as result_export
from graph.queries.runner import QueryRunner
from webapp import page_cache
from webapp import results_cache as results
from webapp.auth import login_required
from webapp.context import graph, settings
from webapp.downloads import send_bytes, temp_export
from webapp.graphjson import LABEL_NAMES, TYPE_NAMES, caption, entity_ref, plain, primary_label

bp = Blueprint("queries", __name__)
TABLE_FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
GRAPH_FORMATS = ("html", "graphml", "gexf", "png", "svg", "graph.json")
MAX_FORM_PARAMS = 20


def runner() -> QueryRunner:
    from flask import current_app

    cached = current_app.extensions.get("bangfu_query_runner")
    if cached is None:
        cached = current_app.extensions["bangfu_query_runner"] = QueryRunner(graph(), settings())
    return cached


def _form_params(query) -> dict[str, str]:
    """The query's parameters as given in the request (unknown names ignored, empty means default)."""
    names = {p.name for p in query.params}
    return {k: v for k, v in request.args.items() if k in names and v.strip() != ""}


def _unmasked() -> bool:
    return request.args.get("unmasked") == "1" and g.user.can("admin")


def _run(query, params):
    """The query's result (a masked one kept per data version: results_cache.query_result), audited
    every time it is asked for, kept or not."""
    unmasked = _unmasked()
    result = (
        runner().run(query, params, unmasked=True)
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
    return render_template("queries.html", categories=runner().catalogue.by_category())


@bp.route("/queries/<name>")
@login_required()
def query_page(name: str):
    query = runner().catalogue.get(name)
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
            result=result,
            error=error,
            chart=chart,
            cell=result_export.web_cell_text,
            graph_formats=GRAPH_FORMATS,
            table_formats=tuple(TABLE_FORMATS),
        )

    # the rendered page is kept too (per data version, role and query string); a failed run is not
    return page_cache.page(render) if error is None else render()


def _chart(result, display) -> list[dict] | None:
    if not result.rows or display.x not in result.columns or display.y not in result.columns:
        return None
    xs, ys = result.column(display.x), result.column(display.y)
    values = [(str(x), float(y or 0)) for x, y in zip(xs, ys)][:60]
    top = max((v for _, v in values), default=0) or 1
    return [{"label": x, "value": v, "share": v / top} for x, v in values]


@bp.route("/queries/<name>/export/<fmt>")
@login_required("analyst")
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
    return _send_result(result, fmt, filename, unmasked)


def _send_result(result, fmt: str, filename: str, unmasked: bool):
    if fmt in TABLE_FORMATS:
        data = result_export.export(result, fmt)
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
        export_subgraph(from_query_result(result), fmt, tmp, max_nodes=_max_nodes(), unmasked=unmasked)
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
    result = error = None
    if request.method == "POST" and text.strip():
        try:
            result = runner().run_cypher(text, unmasked=False)
        except BangfuError as exc:
            error = exc.message
        audit.record(
            graph(), g.user.username, "cypher", {"cypher": text[:2000], "error": error}, request.remote_addr
        )
    return render_template(
        "cypher.html", text=text, result=result, error=error, cell=result_export.web_cell_text
    )


@bp.route("/export/graph/<fmt>")
@login_required("analyst")
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
        report = export_subgraph(sub, fmt, tmp, max_nodes=_max_nodes(), unmasked=unmasked)
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
@login_required("analyst")
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
