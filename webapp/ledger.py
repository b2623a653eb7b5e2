"""整改台账 pages: the ledger with filters and counts, each finding with its history and the forms
to act on it (analysts: measures, responsibility, due date; admins: waivers and recording a check),
the Excel ledger and the monthly 通报."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from markupsafe import Markup

import cypher
from graph import audit, clock
from graph.errors import UsageError
from graph.ledger import edit, record_check
from graph.ledger.bulletin import NO_TOWNSHIP, write_bulletin
from graph.ledger.export import (
    EVENT_WORDS,
    due_text,
    filter_words,
    ledger_xlsx,
    measures_text,
    person_text,
    problem_text,
    status_text,
    subject_text,
    unit_text,
)
from graph.ledger.record import LedgerError
from graph.ledger.store import (
    STATUSES,
    Filters,
    counts_by_township,
    get_finding,
    history,
    page_of_findings,
    pages_of_findings,
    village_ranking,
)
from graph.rulebook import FINDING_KINDS, FINDING_TITLES
from graph.rules import RULES_BY_ID, check_region
from graph.spreadsheet import sheet_title
from webapp import results_cache as results
from webapp.auth import login_required
from webapp.context import graph, settings
from webapp.downloads import DOWNLOAD_ROLE, send_bytes, temp_export
from webapp.forms import as_of_arg, date_arg, int_arg, text_arg
from webapp.page_cache import cached

bp = Blueprint("ledger", __name__)
PER_PAGE = 200
OPEN_CHOICE = "未销号"
EXPORT_LIMIT = 1_000_000
RANKING_SIZE = 10
CURSOR_LENGTH = 200  # a finding's sort key: township code, rule order, subject id


def _region_named(code: str | None) -> dict | None:
    """The region a `region=` filter names (code and name), for the heading; None for none."""
    return check_region(graph(), code) if code else None


def _filters() -> Filters:
    status = text_arg("status", 10)
    statuses = ("待整改", "整改中") if status == OPEN_CHOICE else ((status,) if status in STATUSES else None)
    rule = text_arg("rule", 40)
    return Filters(
        statuses,
        (rule,) if rule in FINDING_TITLES else None,
        text_arg("township", 20),
        text_arg("region", 20),
        request.args.get("overdue") == "1",
    )


def _form_date(name: str) -> dt.date | None:
    return date_arg(name, source=request.form)


@bp.app_template_global()
def finding_words():
    """What templates need to say a finding in words (graph/ledger/export.py)."""
    return {
        "subject": subject_text,
        "problem": problem_text,
        "unit": unit_text,
        "person": person_text,
        "status": status_text,
        "due": due_text,
        "measures": measures_text,
        "events": EVENT_WORDS,
    }


@bp.route("/ledger")
@login_required()
@cached
def index():
    today = clock.today()
    filters = _filters()
    page = int_arg("page", 1, 1, 10**6)
    # what every page of the same filters shows (each a walk over all findings: seconds at a
    # prefecture's 140,000 open ones) is kept per data version, not read again for every page; the
    # total comes with the pages' edges (the last sort key of each page)
    paging = results.value(
        "ledger_pages",
        (filters, today),
        lambda: pages_of_findings(graph(), filters, today=today, per_page=PER_PAGE),
    )
    # a page is read from the index after its edge, however deep: the next and previous links carry
    # the edge of the page they leave, a page number (the pager, a bookmark) finds it in the kept edges
    after, before = text_arg("after", CURSOR_LENGTH), text_arg("before", CURSOR_LENGTH)
    if not after and not before:
        after = paging.after(page)
        skip = 0 if after or page == 1 else (page - 1) * PER_PAGE  # past the last page: nothing
    else:
        skip = 0
    findings = page_of_findings(
        graph(),
        filters,
        today=today,
        skip=skip,
        limit=PER_PAGE,
        after=after,
        before=None if after else before,
    )
    total = paging.total
    pages = max(1, -(-total // PER_PAGE))
    args = {k: v for k, v in request.args.to_dict().items() if k not in ("page", "after", "before")}
    return render_template(
        "ledger.html",
        findings=findings,
        total=total,
        page=page,
        pages=pages,
        args=args,
        counts_table=results.value("ledger_counts_table", (today,), lambda: _counts_table(today)),
        ranking=results.value(
            "ledger_ranking", (today,), lambda: village_ranking(graph(), today, limit=RANKING_SIZE)
        ),
        region=_region_named(text_arg("region", 20)),
        statuses=STATUSES,
        open_choice=OPEN_CHOICE,
        rules=FINDING_KINDS,
        townships=results.value("townships", (), lambda: graph().read(cypher.load("app/townships"))),
        status=text_arg("status", 10),
        rule=text_arg("rule", 40),
        township=text_arg("township", 20),
        overdue=request.args.get("overdue") == "1",
        first_index=(page - 1) * PER_PAGE,
        first_key=findings[0]["sort_key"] if findings else None,
        last_key=findings[-1]["sort_key"] if findings else None,
        today=today,
    )


def _counts_table(today: dt.date) -> Markup:
    """The townships' counts as HTML: the same on every page of the ledger, whatever its filters, and
    a thousand rows at a prefecture's size (most of a page), so rendered once per data version."""
    counts = results.value("ledger_counts", (today,), lambda: counts_by_township(graph(), today))
    return Markup(
        render_template("_ledger_counts.html", counts=counts, statuses=STATUSES, no_township=NO_TOWNSHIP)
    )


@bp.route("/ledger.xlsx")
@login_required(DOWNLOAD_ROLE)
def xlsx():
    today = clock.today()
    filters = _filters()
    findings = page_of_findings(graph(), filters, today=today, limit=EXPORT_LIMIT)
    found = check_region(graph(), filters.township) if filters.township else None
    title = sheet_title("问题整改台账", as_of=today, filters=filter_words(filters, found and found["name"]))
    with temp_export("ledger.xlsx") as tmp:
        ledger_xlsx(findings, tmp, title)
        data = tmp.read_bytes()
    audit.record(
        graph(),
        g.user.username,
        "export",
        {"what": "ledger.xlsx", **request.args.to_dict()},
        request.remote_addr,
    )
    return send_bytes(data, f"整改台账-{today}.xlsx")


@bp.route("/ledger/bulletin.docx")
@login_required(DOWNLOAD_ROLE)
def bulletin():
    as_of = as_of_arg()
    region = text_arg("region", 20)
    found = check_region(graph(), region)
    with temp_export("bulletin.docx") as tmp:
        write_bulletin(
            graph(),
            as_of,
            tmp,
            region=region,
            region_name=found["name"] if found else None,
            settings=settings().bulletin,
        )
        data = tmp.read_bytes()
    audit.record(
        graph(), g.user.username, "bulletin", {"as_of": as_of, "region": region}, request.remote_addr
    )
    return send_bytes(data, f"整改情况通报-{as_of}.docx")


@bp.route("/ledger/record", methods=["POST"])
@login_required("admin")
def record():
    as_of = _form_date("as_of") or clock.today()
    s = settings()
    run = record_check(
        graph(), as_of, s.rules, s.ledger, user=g.user.username, timeout=s.queries.time_limit_s
    )
    flash(
        f"已记录截至 {as_of} 的检查：问题 {run.seen} 个，新发现 {run.created}，销号 {run.closed}"
        + (f"，反弹 {run.reopened}" if run.reopened else "")
        + "。"
    )
    return redirect(url_for("ledger.index"))


@bp.route("/ledger/f/<path:finding_id>")
@login_required()
@cached
def finding(finding_id: str):
    try:
        item = get_finding(graph(), finding_id)
    except LedgerError:
        abort(404)
    return render_template(
        "finding.html",
        f=item,
        events=history(graph(), finding_id),
        rule=RULES_BY_ID.get(item["rule"]),
        today=clock.today(),
    )


def _act(finding_id: str, action, done: str):
    """Run an action on a finding; a refusal is shown on the finding's page, nothing changed."""
    try:
        get_finding(graph(), finding_id)
    except LedgerError:
        abort(404)
    try:
        action()
        flash(done)
    except (LedgerError, UsageError) as exc:
        flash(exc.message, "error")
    return redirect(url_for("ledger.finding", finding_id=finding_id))


@bp.route("/ledger/f/<path:finding_id>/note", methods=["POST"])
@login_required("analyst")
def note(finding_id: str):
    return _act(
        finding_id,
        lambda: edit.add_measure(
            graph(),
            finding_id,
            request.form.get("text", ""),
            user=g.user.username,
            date=_form_date("date"),
            remote_addr=request.remote_addr,
        ),
        "已记录整改措施。",
    )


@bp.route("/ledger/f/<path:finding_id>/assign", methods=["POST"])
@login_required("analyst")
def assign(finding_id: str):
    return _act(
        finding_id,
        lambda: edit.assign(
            graph(),
            finding_id,
            user=g.user.username,
            person=request.form.get("person"),
            unit=request.form.get("unit"),
            due=_form_date("due"),
            reason=request.form.get("reason"),
            clear_person=request.form.get("no_person") == "1",
            remote_addr=request.remote_addr,
        ),
        "已调整责任人与时限。",
    )


@bp.route("/ledger/f/<path:finding_id>/waive", methods=["POST"])
@login_required("admin")
def waive(finding_id: str):
    return _act(
        finding_id,
        lambda: edit.waive(
            graph(),
            finding_id,
            request.form.get("reason", ""),
            user=g.user.username,
            remote_addr=request.remote_addr,
        ),
        "已豁免。",
    )


@bp.route("/ledger/f/<path:finding_id>/unwaive", methods=["POST"])
@login_required("admin")
def unwaive(finding_id: str):
    return _act(
        finding_id,
        lambda: edit.unwaive(
            graph(),
            finding_id,
            user=g.user.username,
            reason=request.form.get("reason"),
            remote_addr=request.remote_addr,
        ),
        "已取消豁免。",
    )
