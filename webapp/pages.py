"""The pages staff use: overview, gaps, coverage, search and the audit log.

Every figure comes from the same functions as `bangfu check` and `bangfu coverage` (graph.rules,
graph.coverage), so the web app and the command line can never disagree.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, g, render_template, request, url_for

import cypher
from graph import audit, pii, vocabulary
from graph import search as graph_search
from graph.changes import last_snapshot_summary
from graph.ledger.store import figures as ledger_figures
from graph.ledger.store import village_ranking
from graph.rules import RULES, RULES_BY_ID
from graph.rules_export import check_xlsx
from webapp import results_cache as results
from webapp import users
from webapp.auth import login_required
from webapp.charts import trend_svg
from webapp.context import graph, settings
from webapp.downloads import DOWNLOAD_ROLE, send_bytes, temp_export
from webapp.forms import as_of_arg, int_arg, text_arg
from webapp.page_cache import cached
from webapp.records.monitoring import overview_monitoring

bp = Blueprint("pages", __name__)
GAPS_PER_PAGE = 100
NO_VILLAGE = "不属某村的人员"  # 责任缺口 of people (first secretaries, cadres' load) group under this
RANKING_SIZE = 10  # 问题最多的村 on the overview and the ledger page

NAV = [
    ("pages.overview", "总览"),
    ("pages.gaps", "责任缺口"),
    ("pages.coverage", "帮扶覆盖"),
    ("ledger.index", "整改台账"),
    ("changes.index", "变动"),
    ("pages.search", "搜索"),
    ("entities.explorer", "关系图"),
    ("queries.index", "常用查询"),
]
ADMIN_NAV = [
    ("admin.upload", "导入花名册"),
    ("review.index", "报告审核"),
    ("admin.audit_log", "审计日志"),
    ("admin.users_page", "用户"),
]


@bp.app_context_processor
def _nav():
    items = list(NAV)
    user = g.get("user")
    if user is not None and user.can("admin"):
        items += ADMIN_NAV
    from flask import current_app

    items = [(e, label) for e, label in items if e in current_app.view_functions]
    return {"nav_items": items}


@bp.route("/")
@login_required()
@cached
def overview():
    as_of = as_of_arg()
    return render_template(
        "overview.html", **results.value("overview", (as_of,), lambda: overview_figures(as_of))
    )


def overview_figures(as_of: dt.date) -> dict:
    """Everything the overview shows at `as_of`, its charts drawn: kept per data version for every role
    (webapp/warm.py computes today's after each change of the data)."""
    figures = graph().read(cypher.load("app/overview_counts"))[0]
    check = results.check(as_of)
    townships = results.coverage("township", as_of)["rows"]
    distribution = results.distribution(as_of)["rows"]
    worst = graph().read(cypher.load("app/worst_villages"), {"as_of": as_of, "limit": 10})
    last_snapshot = last_snapshot_summary(graph())
    ledger = ledger_figures(graph(), as_of)
    ranking = village_ranking(graph(), as_of, limit=RANKING_SIZE) if ledger else []
    by_rule = {r.id: 0 for r in RULES}
    for v in check["violations"]:
        by_rule[v["rule"]] += 1
    cadres = sum(r["cadres"] for r in distribution)
    helped = sum(r["cadres"] * r["households"] for r in distribution)
    return dict(
        figures=figures,
        check=check,
        townships=townships,
        distribution=distribution,
        worst=worst,
        by_rule=by_rule,
        rules=RULES,
        cadres=cadres,
        avg_load=(helped / cadres if cadres else None),
        as_of=as_of,
        monitoring=overview_monitoring(graph(), as_of, settings().rules.monitor_identify_days),
        last_snapshot=last_snapshot,
        ledger=ledger,
        ranking=ranking,
        ledger_chart=trend_svg(
            ledger["series"],
            left_key="open",
            left_label="未销号问题",
            right_key="coverage",
            right_label="结对帮扶覆盖率",
        )
        if ledger
        else None,
    )


def _gap_filters():
    rule_ids = [r for r in request.args.getlist("rule") if r in RULES_BY_ID] or None
    severity = request.args.get("severity") if request.args.get("severity") in ("error", "warning") else None
    township = text_arg("township", 20)
    return rule_ids, severity, township


def _gap_filter_words(township: str | None, severity: str | None) -> list[str]:
    """The gaps page's filters in words, for the Excel title (the rules are named by check_xlsx)."""
    words = []
    if township:
        found = graph().read(cypher.load("app/townships"))
        name = next((t["name"] for t in found if t["code"] == township), township)
        words.append(f"乡镇 {name}")
    if severity:
        words.append("级别 " + ("错误" if severity == "error" else "警告"))
    return words


def _gaps_result(as_of: dt.date):
    rule_ids, severity, township = _gap_filters()
    result = results.check(as_of, rules=rule_ids, region=township)
    if severity:  # a new dict: the cached result is shared
        result = {**result, "violations": [v for v in result["violations"] if v["severity"] == severity]}
    return result, rule_ids, severity, township


def _gap_village(v: dict) -> tuple[str, str, str | None]:
    """(township, village name, village code) a violation belongs to; people by no village."""
    path = v.get("region_path") or []
    if v["subject_type"] == "village":
        return (path[-2] if len(path) > 1 else "", v["subject_name"], v["subject_id"])
    if v["subject_type"] == "household" and len(path) >= 3:
        return (path[-2], path[-1], v["subject_id"][:12])
    return ("", NO_VILLAGE, None)


def _gap_order(v: dict) -> tuple:
    township, village, code = _gap_village(v)
    return (code is None, township, code or "", v["severity"] != "error", v["rule"], v["subject_id"])


def _gap_groups(shown: list[dict], per_village: dict) -> list[dict]:
    """The page's violations by village, each group with its village's count over all pages."""
    groups: list[dict] = []
    for v in shown:
        key = _gap_village(v)
        if not groups or groups[-1]["key"] != key:
            township, name, code = key
            groups.append(
                {
                    "key": key,
                    "township": township,
                    "name": name,
                    "code": code,
                    "total": per_village[key],
                    "rows": [],
                }
            )
        groups[-1]["rows"].append(v)
    return groups


@bp.route("/gaps")
@login_required()
@cached
def gaps():
    as_of = as_of_arg()
    result, rule_ids, severity, township = _gaps_result(as_of)
    townships = graph().read(cypher.load("app/townships"))
    # a county of 100,000 households has thousands of violations: a page of them, all in the Excel export
    per_page = int_arg("per_page", GAPS_PER_PAGE, 10, 1000)
    grouped = sorted(result["violations"], key=_gap_order)
    pages = max(1, -(-len(grouped) // per_page))
    page = min(int_arg("page", 1, 1, 10**6), pages)
    shown = grouped[(page - 1) * per_page : page * per_page]
    per_village: dict = {}
    for v in grouped:
        per_village[_gap_village(v)] = per_village.get(_gap_village(v), 0) + 1
    args = {k: v for k, v in request.args.to_dict(flat=False).items() if k != "page"}
    return render_template(
        "gaps.html",
        result=result,
        shown=shown,
        page=page,
        pages=pages,
        first_index=(page - 1) * per_page,
        page_args=args,
        groups=_gap_groups(shown, per_village),
        villages_listed=sum(1 for key in per_village if key[2]),
        rules=RULES,
        rules_by_id=RULES_BY_ID,
        selected_rules=rule_ids or [],
        severity=severity,
        township=township,
        townships=townships,
        as_of=as_of,
    )


@bp.route("/gaps.xlsx")
@login_required(DOWNLOAD_ROLE)
def gaps_xlsx():
    as_of = as_of_arg()
    result, rule_ids, severity, township = _gaps_result(as_of)
    with temp_export("gaps.xlsx") as tmp:
        check_xlsx(result, tmp, rules=rule_ids, filters=_gap_filter_words(township, severity))
        data = tmp.read_bytes()
    audit.record(
        graph(),
        g.user.username,
        "export",
        {"what": "gaps.xlsx", "as_of": as_of.isoformat(), "rules": rule_ids, "township": township},
        request.remote_addr,
    )
    return send_bytes(data, f"责任缺口-{as_of.isoformat()}.xlsx")


@bp.route("/coverage")
@login_required()
@cached
def coverage():
    as_of = as_of_arg()
    region = text_arg("region", 20)
    level = request.args.get("level") or ("township" if region is None else "village")
    if level not in ("county", "township", "village"):
        level = "township"
    result = results.coverage(level, as_of, region=region)
    distribution = results.distribution(as_of, region=region)
    path = graph().read(cypher.load("app/region_path"), {"code": region})[0]["path"] if region else []
    counties = results.coverage("county", as_of)["rows"] if region is None else []
    return render_template(
        "coverage.html",
        result=result,
        distribution=distribution["rows"],
        level=level,
        region=region,
        path=path,
        counties=counties,
        as_of=as_of,
    )


@bp.route("/search")
@login_required()
def search():
    q = text_arg("q", 50) or ""
    results = (
        graph_search.search(
            graph(), q, limit=int_arg("limit", 50, 1, 200), ring=pii.keyring_if_any(settings())
        )
        if q
        else []
    )
    return render_template("search.html", q=q, results=results)


def entity_url(kind: str, key: str) -> str:
    return url_for("entities.entity", kind=kind, key=key)


@bp.app_template_global()
def entity_link(kind: str | None, key: str | None) -> str:
    return entity_url(kind, key) if kind and key else "#"


# One colour scale for coverage on every page (bars, figures, tables): a county counts 99% as done.
COVERAGE_SCALE = ((0.99, "good", "≥ 99%"), (0.90, "warn", "90%–99%"), (0.0, "bad", "< 90%"))


@bp.app_template_filter()
def coverage_level(value) -> str:
    """good, warn or bad for a share (nothing for none), by COVERAGE_SCALE."""
    if value is None:
        return ""
    return next(level for floor, level, _ in COVERAGE_SCALE if value >= floor)


@bp.app_template_global()
def coverage_scale() -> list[tuple[str, str]]:
    return [(level, words) for _, level, words in COVERAGE_SCALE]


@bp.app_template_global()
def can_download() -> bool:
    """Whether the signed-in user may download files (DOWNLOAD_ROLE): the pages show export buttons by it."""
    user = g.get("user")
    return user is not None and user.can(DOWNLOAD_ROLE)


@bp.app_template_global()
def actor(user: str | None) -> str:
    """Who did it (经办): a web account's name, or 命令行 for a load or change made with `bangfu`."""
    if "accounts" not in g:
        g.accounts = {u["username"] for u in users.list_users(graph())}
    return users.actor_name(graph(), user, g.accounts)


@bp.app_template_filter()
def pct(value) -> str:
    return vocabulary.percent(value)


# -- the vocabulary in templates (graph/vocabulary.py): words for properties, values as people read them


@bp.app_template_filter()
def show(value) -> str:
    """是/否, dates as dates, whole numbers without .0, — for nothing."""
    return vocabulary.value_text(value)


@bp.app_template_global()
def word(key: str, owner: str | None = None) -> str:
    """The Chinese word for a property (of a label or relationship type when `owner` is given)."""
    return vocabulary.property_name(key, owner)


@bp.app_template_global()
def ref_word(owner: str, column: str) -> str:
    """The word for what a roster reference column points at (上级组织, 所在村, 负责人 …)."""
    return vocabulary.reference_word(owner, column)


@bp.app_template_global()
def label_word(label: str) -> str:
    return vocabulary.label_name(label)


@bp.app_template_global()
def type_word(rel_type: str) -> str:
    return vocabulary.type_name(rel_type)


@bp.app_template_filter()
def state_word(state: str) -> str:
    from webapp.records.common import STATE_WORDS

    return STATE_WORDS.get(state, state)
