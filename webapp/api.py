"""The JSON API under /api/: the same data as the pages (check, coverage, entities, search, saved
queries), for other office tools. It uses the web app's login session and roles; every answer is
JSON, errors included. `/api/openapi.json` describes it (OpenAPI 3.0)."""

from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, make_response, request

from graph import audit, pii
from graph import search as graph_search
from graph.errors import UsageError
from graph.queries import export as result_export
from graph.rules import RULES_BY_ID, check_region
from webapp import results_cache as results
from webapp.auth import login_required
from webapp.context import graph, settings
from webapp.forms import as_of_arg, date_arg, int_arg, text_arg
from webapp.graphjson import LABEL_NAMES, TYPE_NAMES
from webapp.page_cache import json_page

bp = Blueprint("api", __name__, url_prefix="/api")


def _region() -> str | None:
    """The `region` argument; a code that names no region is 404 (not found), not a bad request."""
    region = text_arg("region", 20, strict=True)
    try:
        check_region(graph(), region)
    except UsageError as exc:
        abort(make_response(jsonify({"error": {"status": 404, "message": exc.message}}), 404))
    return region


@bp.route("/check")
@login_required()
def check():
    rules = request.args.getlist("rule") or None
    if rules and any(r not in RULES_BY_ID for r in rules):
        raise UsageError(f"未知的规则：{', '.join(r for r in rules if r not in RULES_BY_ID)}")
    as_of = as_of_arg(strict=True)
    return json_page(lambda: results.check(as_of, rules=rules, region=_region()))


@bp.route("/coverage")
@login_required()
def coverage():
    level = request.args.get("level", "township")
    if level not in ("county", "township", "village"):
        raise UsageError("level 只能是 county、township 或 village。")
    as_of, region = as_of_arg(strict=True), _region()
    return json_page(
        lambda: {
            **results.coverage(level, as_of, region=region),
            "distribution": results.distribution(as_of, region=region)["rows"],
        }
    )


@bp.route("/search")
@login_required()
def search():
    q = text_arg("q", 50, strict=True) or ""
    limit = int_arg("limit", 20, 1, 200, strict=True)
    rows = graph_search.search(graph(), q, limit=limit, ring=pii.keyring_if_any(settings())) if q else []
    return jsonify(
        {
            "q": q,
            "results": [{k: r[k] for k in ("label", "kind_name", "key", "name", "detail")} for r in rows],
        }
    )


@bp.route("/suggest/<kind>")
@login_required()
def suggest(kind: str):
    """Type-ahead for the forms: people, units, villages or regions by name, pinyin or code, each
    with what tells namesakes apart (graph/names.py)."""
    from graph import names

    if kind not in names.KINDS:
        abort(make_response(jsonify({"error": {"status": 404, "message": f"没有“{kind}”这类提示。"}}), 404))
    q = text_arg("q", 50, strict=True) or ""
    return jsonify({"q": q, "suggestions": names.suggest(graph(), kind, q)})


@bp.route("/changes")
@login_required()
def changes():
    """What snapshot loads changed (`bangfu changes --format json`): a list, oldest first."""
    from graph.changes import snapshot_changes

    since, until = date_arg("since", strict=True), date_arg("until", strict=True)
    return jsonify({"snapshots": snapshot_changes(graph(), since, until, _region())})


@bp.route("/entities/<kind>/<path:key>")
@login_required()
def entity(kind: str, key: str):
    from webapp.entities import find_node
    from webapp.graphjson import node_json

    node = find_node(kind, key)
    return jsonify(node_json(node, unmasked=False))


@bp.route("/queries")
@login_required()
def queries():
    from webapp.queries import runner

    return jsonify({"queries": [q.describe() for q in runner().catalogue]})


@bp.route("/queries/<name>")
@login_required()
def run_query(name: str):
    from webapp.queries import runner

    query = runner().catalogue.get(name)
    names = {p.name for p in query.params}
    params = {k: v for k, v in request.args.items() if k in names and v.strip() != ""}
    result = results.query_result(runner(), query, params)
    audit.record(
        graph(), g.user.username, "query", {"query": name, "params": params, "api": True}, request.remote_addr
    )
    return jsonify(result_export.to_dict(result))


def _param(name, schema, description, required=False, where="query"):
    return {"name": name, "in": where, "required": required, "schema": schema, "description": description}


KEY_SCHEMA = {"type": "string", "minLength": 1, "maxLength": 40, "pattern": r"\S"}  # not blank
AS_OF = _param("as_of", {"type": "string", "format": "date"}, "截至日期（默认今天）")
REGION = _param("region", {"type": "string", "maxLength": 20}, "区划代码：只看该区划")
ERROR = {
    "description": "错误",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
OK = {"description": "成功", "content": {"application/json": {"schema": {"type": "object"}}}}


def _op(summary, params=()):
    return {
        "get": {
            "summary": summary,
            "parameters": list(params),
            "responses": {"200": OK, "400": ERROR, "401": ERROR, "403": ERROR, "404": ERROR, "503": ERROR},
        }
    }


@bp.route("/openapi.json")
def openapi():
    """The API's description; public, like a Datasette's /-/metadata (it holds no data)."""
    doc = {
        "openapi": "3.0.3",
        "info": {
            "title": "帮扶图谱 API",
            "version": "1",
            "description": "需先在 /login 登录（会话 Cookie）。",
        },
        "paths": {
            "/api/check": _op(
                "责任落实检查（check）",
                [AS_OF, REGION, _param("rule", {"type": "string", "enum": list(RULES_BY_ID)}, "规则编号")],
            ),
            "/api/coverage": _op(
                "结对帮扶覆盖（coverage）",
                [
                    AS_OF,
                    REGION,
                    _param("level", {"type": "string", "enum": ["county", "township", "village"]}, "层级"),
                ],
            ),
            "/api/changes": _op(
                "快照变动：每次快照开始、结束、新增、移出了什么，改了哪些属性",
                [
                    _param("since", {"type": "string", "format": "date"}, "从该快照日期起"),
                    _param("until", {"type": "string", "format": "date"}, "到该快照日期止"),
                    REGION,
                ],
            ),
            "/api/search": _op(
                "按名称、代码、拼音搜索",
                [
                    _param("q", {"type": "string", "maxLength": 50}, "搜索词"),
                    _param("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "条数"),
                ],
            ),
            "/api/suggest/{kind}": _op(
                "表单输入提示：按姓名/名称、拼音或编号找人员、单位、村或区划（重名者附工作单位和职务，村附所在乡镇）",
                [
                    _param(
                        "kind",
                        {"type": "string", "enum": ["people", "units", "villages", "regions"]},
                        "类别",
                        True,
                        "path",
                    ),
                    _param("q", {"type": "string", "maxLength": 50}, "已输入的文字"),
                ],
            ),
            "/api/entities/{kind}/{key}": _op(
                "一个实体（个人信息脱敏）",
                [
                    _param(
                        "kind",
                        {
                            "type": "string",
                            "enum": ["region", "person", "household", "organization", "enterprise"],
                        },
                        "类别",
                        True,
                        "path",
                    ),
                    _param("key", KEY_SCHEMA, "编号或代码", True, "path"),
                ],
            ),
            "/api/queries": _op("保存的查询列表"),
            "/api/queries/{name}": _op(
                "运行一个保存的查询（参数按查询声明，作为查询字符串给出）",
                [_param("name", {"type": "string", "maxLength": 80}, "查询名", True, "path")],
            ),
            "/api/graph/neighbourhood": _op(
                "一个实体的邻域（关系图数据）",
                [
                    _param(
                        "kind",
                        {
                            "type": "string",
                            "enum": ["region", "person", "household", "organization", "enterprise"],
                        },
                        "类别",
                        True,
                    ),
                    _param("key", KEY_SCHEMA, "编号或代码", True),
                    _param("depth", {"type": "integer", "minimum": 1, "maximum": 3}, "深度"),
                    _param("limit", {"type": "integer", "minimum": 1, "maximum": 2000}, "最多节点数"),
                    _param(
                        "type",
                        {"type": "array", "items": {"type": "string", "enum": list(TYPE_NAMES)}},
                        "只沿这些关系类型（可重复）",
                    ),
                    _param(
                        "label",
                        {"type": "array", "items": {"type": "string", "enum": list(LABEL_NAMES)}},
                        "只要这些标签的节点（可重复）",
                    ),
                ],
            ),
        },
        "security": [{"session": []}],
        "components": {
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "bangfu_session",
                    "description": "登录后浏览器保存的会话 Cookie",
                }
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
                        }
                    },
                }
            },
        },
    }
    return jsonify(doc)
