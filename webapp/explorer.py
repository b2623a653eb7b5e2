"""The explorer (关系图): start from a search box, expand one relationship type at a time with its
count shown first, colour by rules, save a view and share it as a link, find how two entities are
related, export what is on screen with its legend.

The page's JSON endpoints live here, under /explorer/ (the page's own calls, not the documented
/api/). What leaves the server is masked for the user asking (webapp/graphjson.py); a saved view
keeps node ids and positions only, never properties, so whoever opens it sees the nodes as they are
now, with their own masking. Sharing and exports are audited.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from pathlib import Path

from flask import Blueprint, abort, g, jsonify, render_template, request, url_for
from markupsafe import Markup

import cypher
from graph import audit, clock, vocabulary
from graph import search as graph_search
from graph.errors import BangfuError, UsageError
from webapp import results_cache as results
from webapp.assets import VENDORED
from webapp.auth import login_required
from webapp.context import graph
from webapp.downloads import DOWNLOAD_ROLE, send_bytes
from webapp.explorer_style import annotate, legend_json, villages_with_violations
from webapp.graphjson import LABEL_NAMES, TYPE_NAMES, edge_json, node_json

bp = Blueprint("explorer", __name__, url_prefix="/explorer")

MAX_ON_SCREEN = 2000  # nodes the explorer draws at most (a 1366×768 screen shows far fewer usefully)
MAX_VIEW_EDGES = 5000  # relationships a saved view keeps (those on screen)
EXPAND_LIMIT = 500  # nodes one expand click adds at most
SUGGESTIONS = 24
PATH_MAX_PATHS = 10
PATH_SECONDS = 5.0
VIEW_NAME_MAX = 60
PNG_MAX_BYTES = 20 * 1024 * 1024
KIND_ORDER = ("County", "Township", "Village", "Person", "Household", "PartyOrg", "Unit", "Enterprise")
# the kinds (most specific labels) the explorer may start from, as graph/search.py names them
SEARCH_KIND = {"County": "region", "Township": "region", "Village": "region", "PartyOrg": "organization"}
SEARCH_KIND.update(
    {"Unit": "organization", "Person": "person", "Household": "household", "Enterprise": "enterprise"}
)


def _json_error(message: str, status: int = 400):
    return jsonify({"error": {"status": status, "message": message}}), status


def _ids(values, limit: int = MAX_ON_SCREEN) -> list[str]:
    """Element ids from the browser: text only, bounded."""
    if not isinstance(values, list):
        raise UsageError("节点编号应为列表。")
    return [v for v in values if isinstance(v, str) and 0 < len(v) <= 100][:limit]


def _gap_villages(as_of: dt.date) -> set[str]:
    """Villages the rules find gaps in at the date: the cached check the gaps page shows."""
    return results.value(
        "explorer_gap_villages", (as_of,), lambda: villages_with_violations(results.check(as_of))
    )


def drawable(node_records, rel_lists, as_of: dt.date) -> dict:
    """Nodes (masked for the user, styled by the rules at the date) and relationships as the page draws
    them."""
    nodes = {n.element_id: node_json(n) for n in node_records}
    edges = {}
    for rels in rel_lists:
        for r in rels:
            if r.start_node.element_id in nodes and r.end_node.element_id in nodes:
                edges[r.element_id] = edge_json(r)
    styled = annotate(graph(), list(nodes.values()), as_of, _gap_villages(as_of))
    return {"nodes": styled, "edges": list(edges.values())}


def nodes_by_id(ids: list[str], as_of: dt.date) -> dict:
    records = graph().read_records(cypher.load("app/explorer_nodes"), {"ids": ids})
    return drawable([r["n"] for r in records], [r["rels"] for r in records], as_of)


def _start_id(kind: str | None, key: str | None) -> str | None:
    if not (kind and key):
        return None
    rows = graph().read_records(cypher.load("app/entity_node"), {"kind": kind, "key": key})
    return rows[0]["n"].element_id if rows else None


def render_explorer(*, kind: str | None = None, key: str | None = None, view: dict | None = None):
    start = _start_id(kind, key)
    return render_template(
        "explorer.html",
        start_id=start or "",
        start_missing=bool(kind and key and not start),
        view=view,
        legend=legend_json(),
        label_names=LABEL_NAMES,
        max_nodes=MAX_ON_SCREEN,
        as_of=clock.today(),  # what the drawing shows (and its exports' caption say)
    )


@bp.route("/v/<view_id>")
@login_required()
def open_view(view_id: str):
    """A saved view by its link: the owner's own, or one its owner shared."""
    return render_explorer(view=_readable_view(view_id))


# -- search, counts, expand, paths ---------------------------------------------------------------


def _context_line(row: dict) -> str:
    bits = []
    if row["label"] == "Person":
        bits += row["roles"] + row["posts"]
        if row["unit"]:
            bits.append(row["unit"])
    elif row["label"] == "Household":
        bits.append(row["household_village"] or "")
    elif row["label"] == "Region":
        bits.append(row["region_parent"] or "")
    else:
        bits.append(row["place"] or "")
    return " · ".join(b for b in bits if b)


@bp.route("/suggest")
@login_required()
def suggest():
    """Matches for what was typed so far (names, codes, pinyin, initials), grouped by kind, each with
    what tells namesakes apart: village, unit, role."""
    q = (request.args.get("q") or "").strip()[:40]
    if not q:
        return jsonify({"q": q, "groups": []})
    found = graph_search.search(graph(), q, limit=SUGGESTIONS)
    context = {
        (r["label"], r["key"]): r
        for r in graph().read(
            cypher.load("app/explorer_context"),
            {"rows": [{"label": r["label"], "key": r["key"]} for r in found], "as_of": clock.today()},
        )
    }
    groups: dict[str, list[dict]] = {}
    for r in found:
        ctx = context.get((r["label"], r["key"]))
        if ctx is None:
            continue
        detail = r["detail"] if r["detail"] and r["label"] in ("Person", "Household") else None
        groups.setdefault(r["kind_label"], []).append(
            {
                "id": ctx["id"],
                "name": r["name"] or r["key"],
                "key": r["key"],
                "kind": SEARCH_KIND.get(r["kind_label"], r["label"].lower()),
                "detail": detail,
                "context": _context_line(ctx),
            }
        )
    ordered = sorted(groups, key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER))
    return jsonify(
        {
            "q": q,
            "groups": [
                {"kind": k, "kind_name": vocabulary.label_name(k), "items": groups[k]} for k in ordered
            ],
        }
    )


@bp.route("/nodes", methods=["POST"])
@login_required()
def nodes():
    """Nodes by id, as they are now and masked for the user (a chosen suggestion, a view reopened)."""
    body = request.get_json(silent=True) or {}
    ids = _ids(body.get("ids") or [])
    return jsonify(nodes_by_id(ids, clock.today()))


@bp.route("/counts")
@login_required()
def counts():
    """How many neighbours each relationship type and direction would add, before expanding."""
    node_id = (request.args.get("id") or "")[:100]
    rows = graph().read(cypher.load("app/explorer_counts"), {"id": node_id})
    return jsonify(
        {
            "id": node_id,
            "counts": [
                {
                    "type": r["type"],
                    "outgoing": r["outgoing"],
                    "name": vocabulary.type_name(r["type"]),
                    "n": r["n"],
                }
                for r in rows
                if r["type"] in TYPE_NAMES
            ],
        }
    )


@bp.route("/expand")
@login_required()
def expand():
    """One node's neighbours along one relationship type and direction, bounded by the per-click limit
    and by the room left on screen (`have`: nodes already drawn)."""
    node_id = (request.args.get("id") or "")[:100]
    rel_type = request.args.get("type") or ""
    if rel_type not in TYPE_NAMES:
        return _json_error("未知的关系类型。")
    outgoing = request.args.get("dir") != "in"
    try:
        have = max(0, int(request.args.get("have") or 0))
    except ValueError:
        return _json_error("参数 have 应为整数。")
    room = min(EXPAND_LIMIT, MAX_ON_SCREEN - have)
    total = sum(
        r["n"]
        for r in graph().read(cypher.load("app/explorer_counts"), {"id": node_id})
        if r["type"] == rel_type and r["outgoing"] == outgoing
    )
    if room <= 0:
        return jsonify(
            {
                "nodes": [],
                "edges": [],
                "total": total,
                "message": f"画面上最多显示 {MAX_ON_SCREEN} 个节点，已达上限。请先移除一些节点再展开。",
            }
        )
    records = graph().read_records(
        cypher.load("app/explorer_expand"),
        {"id": node_id, "type": rel_type, "outgoing": outgoing, "limit": room},
    )
    centre = graph().read_records(cypher.load("app/explorer_nodes"), {"ids": [node_id]})
    data = drawable(
        [r["m"] for r in records] + [c["n"] for c in centre], [[r["r"] for r in records]], clock.today()
    )
    data["total"] = total
    data["message"] = None
    if total > len(records):
        why = "每次展开最多" if room == EXPAND_LIMIT else f"画面上最多 {MAX_ON_SCREEN} 个节点，本次只能再加"
        data["message"] = (
            f"共 {total} 个，{why} {room} 个，只显示了其中 {len(records)} 个（最新的关系在前）。"
        )
    return jsonify(data)


@bp.route("/paths")
@login_required()
def paths():
    """两者如何关联: the shortest paths (at most 6 steps, a few seconds) between two nodes."""
    a, b = (request.args.get("from") or "")[:100], (request.args.get("to") or "")[:100]
    if not a or not b:
        return _json_error("请先选定两个对象。")
    if a == b:
        return _json_error("请选择两个不同的对象。")
    try:
        records = graph().read_records(
            cypher.load("app/explorer_paths"),
            {"from": a, "to": b, "max_paths": PATH_MAX_PATHS},
            timeout=PATH_SECONDS,
        )
    except BangfuError:
        return jsonify(
            {
                "nodes": [],
                "edges": [],
                "paths": [],
                "message": "查找超时：两者之间关系太多，请换两个更具体的对象再试。",
            }
        )
    found = [r["path"] for r in records]
    if not found:
        return jsonify({"nodes": [], "edges": [], "paths": [], "message": "6 步以内没有找到两者之间的关联。"})
    data = drawable(
        [n for p in found for n in p.nodes], [list(p.relationships) for p in found], clock.today()
    )
    data["paths"] = [[n.element_id for n in p.nodes] for p in found]
    data["message"] = f"找到 {len(found)} 条最短路径，每条 {len(found[0].relationships)} 步。"
    return jsonify(data)


# -- saved views ---------------------------------------------------------------------------------


def _readable_view(view_id: str) -> dict:
    rows = graph().read(cypher.load("app/view_get"), {"view_id": view_id[:64]})
    if not rows:
        abort(404)
    view = rows[0]
    if view["owner"] != g.user.username and not view["shared"]:
        abort(404)  # not "forbidden": whether a view exists is not told to others
    return view


def view_link(view_id: str) -> str:
    return url_for("explorer.open_view", view_id=view_id)


@bp.route("/views")
@login_required()
def views():
    rows = graph().read(cypher.load("app/view_list"), {"owner": g.user.username})
    for r in rows:
        r["link"] = view_link(r["view_id"])
    return jsonify({"views": rows})


@bp.route("/views", methods=["POST"])
@login_required()
def save_view():
    """Save what is on screen under a name (the same name replaces the user's earlier view)."""
    body = request.get_json(silent=True) or {}
    name = " ".join(str(body.get("name") or "").split())[:VIEW_NAME_MAX]
    if not name:
        return _json_error("请给视图起个名字。")
    placed = body.get("nodes")
    if not isinstance(placed, list) or not placed:
        return _json_error("画面上没有节点，无法保存。")
    ids, xs, ys = [], [], []
    for p in placed[:MAX_ON_SCREEN]:
        if not isinstance(p, dict) or not isinstance(p.get("id"), str) or len(p["id"]) > 100:
            return _json_error("视图数据格式不对。")
        try:
            x, y = float(p.get("x") or 0), float(p.get("y") or 0)
        except (TypeError, ValueError):
            return _json_error("视图数据格式不对。")
        ids.append(p["id"])
        xs.append(round(x, 1))
        ys.append(round(y, 1))
    shown_edges = body.get("edges")  # absent (an older page): every relationship among the nodes
    if shown_edges is not None and (
        not isinstance(shown_edges, list)
        or not all(isinstance(e, str) and len(e) <= 100 for e in shown_edges)
    ):
        return _json_error("视图数据格式不对。")
    settings = body.get("settings") if isinstance(body.get("settings"), dict) else {}
    settings = {
        "hidden": [k for k in settings.get("hidden") or [] if isinstance(k, str)][:40],
        "colour_by_rules": bool(settings.get("colour_by_rules", True)),
    }
    row = graph().write_returning(
        cypher.load("app/view_save"),
        {
            "owner": g.user.username,
            "name": name,
            "view_id": secrets.token_urlsafe(12),
            "node_ids": ids,
            "edge_ids": None if shown_edges is None else shown_edges[:MAX_VIEW_EDGES],
            "xs": xs,
            "ys": ys,
            "settings": json.dumps(settings, ensure_ascii=False),
        },
    )[0][0]
    return jsonify(
        {"view_id": row["view_id"], "name": name, "shared": row["shared"], "link": view_link(row["view_id"])}
    )


@bp.route("/views/<view_id>")
@login_required()
def view_data(view_id: str):
    """A view's nodes as they are now (masked for whoever opens it) at the saved positions."""
    view = _readable_view(view_id)
    data = nodes_by_id(view["node_ids"], clock.today())
    if view.get("edge_ids") is not None:  # exactly the relationships that were on screen
        kept = set(view["edge_ids"])
        data["edges"] = [e for e in data["edges"] if e["id"] in kept]
    positions = {i: (x, y) for i, x, y in zip(view["node_ids"], view["xs"], view["ys"])}
    for n in data["nodes"]:
        n["x"], n["y"] = positions.get(n["id"], (0, 0))
    data["view"] = {
        "view_id": view["view_id"],
        "name": view["name"],
        "owner": view["owner"],
        "shared": view["shared"],
        "mine": view["owner"] == g.user.username,
        "settings": json.loads(view["settings"] or "{}"),
        "missing": len(view["node_ids"]) - len(data["nodes"]),
        "link": view_link(view["view_id"]),
    }
    return jsonify(data)


@bp.route("/views/<view_id>/share", methods=["POST"])
@login_required()
def share_view(view_id: str):
    """Share one's own view as a link (audited), or stop sharing it."""
    body = request.get_json(silent=True) or {}
    shared = bool(body.get("shared", True))
    rows = graph().write_returning(
        cypher.load("app/view_share"), {"view_id": view_id[:64], "owner": g.user.username, "shared": shared}
    )[0]
    if not rows:
        abort(404)
    audit.record(
        graph(),
        g.user.username,
        "view_share" if shared else "view_unshare",
        {"view": rows[0]["name"], "view_id": view_id},
        request.remote_addr,
    )
    return jsonify({"view_id": view_id, "shared": shared, "link": view_link(view_id)})


@bp.route("/views/<view_id>/delete", methods=["POST"])
@login_required()
def delete_view(view_id: str):
    rows = graph().write_returning(
        cypher.load("app/view_delete"), {"view_id": view_id[:64], "owner": g.user.username}
    )[0]
    if not rows or not rows[0]["deleted"]:
        abort(404)
    return jsonify({"deleted": view_id})


# -- exports -------------------------------------------------------------------------------------


def _vis_inline(name: str) -> Markup:
    text = Path(VENDORED[name]()).read_text(encoding="utf-8")
    tag = "script" if name.endswith(".js") else "style"
    return Markup(text.replace(f"</{tag}", f"<\\/{tag}"))


@bp.route("/export/html", methods=["POST"])
@login_required(DOWNLOAD_ROLE)
def export_html():
    """What is on screen as one self-contained HTML file (vis-network inlined, nothing linked): the
    nodes as they are now, masked, at their positions on screen, coloured and with the legend."""
    try:
        body = json.loads(request.form.get("view") or "{}")
    except ValueError:
        raise UsageError("导出数据格式不对。") from None
    placed = body.get("nodes") if isinstance(body, dict) else None
    if not isinstance(placed, list) or not placed:
        raise UsageError("画面上没有节点可导出。")
    positions = {}
    for p in placed[:MAX_ON_SCREEN]:
        if isinstance(p, dict) and isinstance(p.get("id"), str):
            try:
                positions[p["id"]] = (float(p.get("x") or 0), float(p.get("y") or 0))
            except (TypeError, ValueError):
                raise UsageError("导出数据格式不对。") from None
    data = nodes_by_id(list(positions), clock.today())
    for n in data["nodes"]:
        n["x"], n["y"] = positions[n["id"]]
    title = " ".join(str(body.get("title") or "关系图").split())[:VIEW_NAME_MAX] or "关系图"
    page = render_template(
        "explorer_export.html",
        title=title,
        data=data,
        legend=legend_json(),
        vis_js=_vis_inline("vis-network.min.js"),
        vis_css=_vis_inline("vis-network.css"),
        exported_on=clock.today(),
    )
    audit.record(
        graph(),
        g.user.username,
        "export",
        {"explorer_view": title, "format": "html", "nodes": len(data["nodes"])},
        request.remote_addr,
    )
    return send_bytes(page.encode("utf-8"), f"{title}.html")


@bp.route("/export/png", methods=["POST"])
@login_required(DOWNLOAD_ROLE)
def export_png():
    """The picture the page drew (the drawing and its legend, on a canvas) sent back as a download, so
    that the export is audited like every other."""
    raw = request.form.get("png") or ""
    prefix = "data:image/png;base64,"
    if not raw.startswith(prefix):
        raise UsageError("导出数据格式不对。")
    try:
        data = base64.b64decode(raw[len(prefix) :], validate=True)
    except ValueError:
        raise UsageError("导出数据格式不对。") from None
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or len(data) > PNG_MAX_BYTES:
        raise UsageError("导出数据不是 PNG 图片。")
    title = " ".join((request.form.get("title") or "关系图").split())[:VIEW_NAME_MAX] or "关系图"
    try:
        nodes_drawn = int(request.form.get("nodes") or 0)
    except ValueError:
        nodes_drawn = 0
    audit.record(
        graph(),
        g.user.username,
        "export",
        {"explorer_view": title, "format": "png", "nodes": nodes_drawn},
        request.remote_addr,
    )
    return send_bytes(data, f"{title}.png")
