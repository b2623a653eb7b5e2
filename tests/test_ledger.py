"""The findings ledger (shared/spec/ledger.md) on the sample county's snapshots, against
shared/sample/snapshots/expected-ledger.json, and what people do to findings."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest

from graph import connection
from graph.ledger import LedgerError, edit, record, record_check
from graph.ledger.store import Filters, figures, get_finding, history, list_findings, pages_of_findings
from graph.schema import init_schema
from graph.settings import LedgerSettings, RuleSettings, Settings
from loaders.api import load_roster
from loaders.snapshot import SnapshotRequest
from tests.helpers.graphs import wipe
from tests.helpers.rosters import bangfu_runner

OCT, NOV, DEC = dt.date(2026, 10, 31), dt.date(2026, 11, 30), dt.date(2026, 12, 31)
TODAY = dt.date(2026, 12, 1)
REPO = Path(__file__).resolve().parent.parent


def snapshot(graph, folder, date, settings=None):
    report = load_roster(graph, [folder], progress=False, snapshot=SnapshotRequest(date), settings=settings)
    assert report.written and report.exit_code == 0, report.refused or report.validation.errors[:3]
    return report


def keys(findings):
    return sorted([f["rule"], f["subject_id"]] for f in findings)


def everything(graph):
    return list_findings(graph, Filters(), today=TODAY, limit=10_000)[0]


@pytest.fixture(scope="module")
def ledger(session_graph, sample_dir):
    wipe(session_graph)
    init_schema(session_graph)
    snaps = sample_dir / "snapshots"
    first = snapshot(session_graph, snaps / "2026-10-31", OCT)
    second = snapshot(session_graph, snaps / "2026-11-30", NOV)
    return {"graph": session_graph, "first": first, "second": second, "snaps": snaps}


def test_each_snapshot_records_a_check(ledger):
    first, second = ledger["first"].recorded, ledger["second"].recorded
    assert (first.as_of, first.scope, first.created, first.closed) == (OCT, "419902000000", 20, 0)
    assert (second.as_of, second.created, second.closed, second.reopened) == (NOV, 7, 3, 0)
    runs = ledger["graph"].read("MATCH (r:CheckRun) RETURN r.load_id AS l ORDER BY r.as_of")
    assert [r["l"] for r in runs] == [ledger["first"].load_id, ledger["second"].load_id]


def test_ledger_matches_expected(ledger, sample_dir):
    want = json.loads((sample_dir / "snapshots" / "expected-ledger.json").read_text(encoding="utf-8"))
    findings = everything(ledger["graph"])
    still_open = [f for f in findings if f["first_found"] == OCT and f["status"] in ("待整改", "整改中")]
    closed = [f for f in findings if f["status"] == "已销号" and f["resolved_on"] == NOV]
    new = [f for f in findings if f["first_found"] == NOV]
    assert keys(still_open) == want["found_2026-10-31_still_open"]
    assert keys(closed) == want["resolved_on_2026-11-30"]
    assert keys(new) == want["new_on_2026-11-30"]
    assert all(f["last_seen"] == NOV for f in still_open + new)
    assert all(f["resolved_by_run"] == ledger["second"].recorded.run_id for f in closed)


def test_default_responsibility_and_due(ledger):
    graph = ledger["graph"]
    village = get_finding(graph, "first_secretary:419902101209")
    assert village["responsible_unit"] and village["unit_name"].endswith("委员会")  # the township's 党委
    assert village["township"] == "孙红乡" and village["due"] == OCT + dt.timedelta(days=30)
    household = get_finding(graph, "help_pair:4199021022060001")
    assert household["township"] == "吴老乡" and household["unit_name"] == "中共吴老乡委员会"
    person = get_finding(graph, "cadre_load:P00017")
    assert person.get("responsible_person") is None and person["responsible_unit"]  # the person's work unit
    secretary = graph.read(
        "MATCH (:Organization {code: $u})<-[p:HOLDS_POST]-(s:Person) "
        "WHERE p.is_secretary RETURN s.person_id AS s",
        {"u": village["responsible_unit"]},
    )
    assert village["responsible_person"] in {r["s"] for r in secretary}


def test_overview_figures(ledger):
    now = figures(ledger["graph"], TODAY)
    open_now = [f for f in everything(ledger["graph"]) if f["status"] in ("待整改", "整改中")]
    assert now["open"] == len(open_now) == 24
    assert (now["new"], now["closed"], now["run"]["as_of"], now["previous"]["as_of"]) == (7, 3, NOV, OCT)
    assert now["overdue"] == sum(1 for f in open_now if f["due"] < TODAY) == 17
    assert [s["as_of"] for s in now["series"]] == [OCT, NOV]
    assert [s["open"] for s in now["series"]] == [20, 24]
    assert now["series"][1]["coverage"] == 0.9842
    october = figures(ledger["graph"], dt.date(2026, 11, 10))
    assert october["run"]["as_of"] == OCT and october["previous"] is None and october["new"] == 20
    assert figures(ledger["graph"], dt.date(2026, 10, 1)) is None
    wulao = figures(ledger["graph"], TODAY, region="419902102000")
    assert wulao["open"] == 5


def test_filters_and_pages(ledger):
    graph = ledger["graph"]
    wulao, total = list_findings(graph, Filters(township="419902102000"), today=TODAY)
    assert total == 5 and all(f["township"] == "吴老乡" for f in wulao)
    page, total = list_findings(graph, Filters(statuses=("待整改", "整改中")), today=TODAY, skip=10, limit=5)
    assert total == 24 and len(page) == 5
    overdue, total = list_findings(graph, Filters(overdue=True, rules=("help_pair",)), today=TODAY)
    assert total == 6 and all(f["rule"] == "help_pair" and f["overdue"] for f in overdue)
    region, _ = list_findings(graph, Filters(region="419902101201"), today=TODAY, limit=100)
    assert {f["subject_id"] for f in region} == {"419902101201", "4199021012010044"}
    with pytest.raises(LedgerError, match="未知的状态"):
        list_findings(graph, Filters(statuses=("完成",)), today=TODAY)


def _pages(graph, filters, size):
    """Every page of `size` findings, forwards with the last key of each, then back from the last page
    with the first key of each (the pages before the last)."""
    forwards, after = [], None
    while True:
        page, _ = list_findings(graph, filters, today=TODAY, limit=size, after=after)
        if not page:
            break
        forwards.append(page)
        after = page[-1]["sort_key"]
    backwards, before = [], forwards[-1][0]["sort_key"]
    while True:
        page, _ = list_findings(graph, filters, today=TODAY, limit=size, before=before)
        if not page:
            break
        backwards.insert(0, page)
        before = page[0]["sort_key"]
    return forwards, backwards


def test_pages_read_in_the_ledger_order_by_their_edges(ledger):
    graph = ledger["graph"]
    findings = everything(graph)
    # township (none last), the rule's order, the subject: what each finding's sort key spells
    order = sorted(findings, key=lambda f: (f.get("township_code") or "~", f["rule_order"], f["subject_id"]))
    assert [f["finding_id"] for f in findings] == [f["finding_id"] for f in order]
    assert any(f.get("township_code") is None for f in findings) and len({f["rule"] for f in findings}) > 3
    for filters in (Filters(), Filters(statuses=("待整改", "整改中")), Filters(township="419902102000")):
        every = list_findings(graph, filters, today=TODAY, limit=10_000)[0]
        forwards, backwards = _pages(graph, filters, 4)
        ids = [[f["finding_id"] for f in page] for page in forwards]
        assert sum(ids, []) == [f["finding_id"] for f in every]
        assert ids[:-1] == [[f["finding_id"] for f in page] for page in backwards] and len(ids) > 1
        # a page number alone still counts from the start
        skipped = list_findings(graph, filters, today=TODAY, skip=4, limit=4)[0]
        assert [f["finding_id"] for f in skipped] == ids[1]
        # or starts after its edge, as the web's pager does: the total and every page's edge in one read
        paging = pages_of_findings(graph, filters, today=TODAY, per_page=4)
        assert paging.total == len(every) and len(paging.edges) == (len(every) - 1) // 4
        assert paging.after(1) is None and paging.after(len(ids) + 1) is None
        for n in range(2, len(ids) + 1):
            page = list_findings(graph, filters, today=TODAY, limit=4, after=paging.after(n))[0]
            assert [f["finding_id"] for f in page] == ids[n - 1], n
    # findings recorded before schema 10 get their key from `db init`
    graph.write("MATCH (f:Finding) REMOVE f.sort_key")
    init_schema(graph)
    assert everything(graph) == findings


def test_the_ledger_page_links_carry_the_page_edges(ledger, neo4j_settings, tmp_path, monkeypatch):
    from tests.helpers.web import add_users, client_for, make_app, text
    from webapp import ledger as ledger_pages

    monkeypatch.setattr(ledger_pages, "PER_PAGE", 5)
    graph = ledger["graph"]
    add_users(graph, ("viewer",))
    client = client_for(make_app(graph, neo4j_settings, tmp_path), "viewer1")
    open_findings = list_findings(graph, Filters(statuses=("待整改", "整改中")), today=TODAY)[0]
    every = [f["finding_id"] for f in open_findings]
    url, seen, links = "/ledger?status=未销号", [], []
    while url:
        page = text(client.get(url))
        assert "共 24 个" in page
        seen += [fid for fid in every if f'/ledger/f/{fid}"' in page and fid not in seen]
        found = re.search(r'rel="next" href="([^"]+)"', page)
        url = html.unescape(found.group(1)) if found else None
        links.append(url)
    assert seen == every and len(links) == 5 and "after=" in links[0] and "status=" in links[0]
    # back from the last page with the first edge of each
    back = re.search(r'rel="prev" href="([^"]+)"', page).group(1)
    assert "before=" in back and "第 16–20 个（第 4/5 页）" in text(client.get(html.unescape(back)))
    # a page number alone (a bookmark) shows the same page
    assert "第 16–20 个（第 4/5 页）" in text(client.get("/ledger?status=未销号&page=4"))


def test_a_finding_that_comes_back_is_the_same_finding_reopened(ledger, tmp_path):
    """P00017's twelve pairs come back in December (the November roster was wrong): cadre_load is
    seen again: one finding, open again, reopened once."""
    graph = ledger["graph"]
    third = snapshot(graph, ledger["snaps"] / "2026-10-31", DEC)
    assert third.recorded.reopened >= 1
    finding = get_finding(graph, "cadre_load:P00017", TODAY)
    assert finding["status"] == "待整改" and finding["reopened"] == 1 and finding["first_found"] == OCT
    assert finding.get("resolved_on") is None and finding["last_seen"] == DEC
    kinds = [e["kind"] for e in history(graph, "cadre_load:P00017")]
    assert kinds[0] == "found" and kinds.count("close") == 1 and kinds[-1] in ("reopen", "seen")
    assert (
        graph.read("MATCH (f:Finding {rule: 'cadre_load', subject_id: 'P00017'}) RETURN count(f) AS n")[0][
            "n"
        ]
        == 1
    )


def test_an_older_check_is_refused(ledger):
    with pytest.raises(LedgerError, match="不能记录截至 2026-11-15"):
        record_check(ledger["graph"], dt.date(2026, 11, 15), RuleSettings(), LedgerSettings(), user="t")


# -- what people do ---------------------------------------------------------------------------------------


def _state(graph, fid):
    return graph.read(
        "MATCH (f:Finding {finding_id: $id}) RETURN properties(f) AS p, "
        "COUNT { (f)-[:HAS_EVENT]->() } AS events",
        {"id": fid},
    )[0]


def test_measures_assignments_and_waivers(ledger):
    graph = ledger["graph"]
    fid = next(
        f["finding_id"]
        for f in everything(graph)
        if f["status"] == "待整改" and f["subject_type"] == "village"
    )
    assert (
        edit.add_measure(graph, fid, "已报请乡党委选派包村干部", user="analyst1", date=dt.date(2026, 12, 1))
        == "整改中"
    )
    person = graph.read("MATCH (p:Person) RETURN p.person_id AS p ORDER BY p LIMIT 1")[0]["p"]
    edit.assign(graph, fid, user="analyst1", person=person, due=dt.date(2026, 12, 20), reason="等待换届")
    f = get_finding(graph, fid, TODAY)
    assert f["responsible_person"] == person and f["due"] == dt.date(2026, 12, 20) and not f["overdue"]
    before = _state(graph, fid)
    for call, message in (
        (lambda: edit.add_measure(graph, "nope:1", "x", user="a"), "找不到问题"),
        (lambda: edit.add_measure(graph, fid, "  ", user="a"), "不能为空"),
        (lambda: edit.assign(graph, fid, user="a", due=dt.date(2026, 1, 1)), "早于问题发现日期"),
        (lambda: edit.assign(graph, fid, user="a", person="P99999"), "不存在"),
        (lambda: edit.assign(graph, fid, user="a", unit="NOPE"), "不存在"),
        (lambda: edit.assign(graph, fid, user="a"), "至少给出"),
        (lambda: edit.waive(graph, fid, "", user="admin1"), "豁免理由不能为空"),
        (lambda: edit.unwaive(graph, fid, user="admin1"), "没有被豁免"),
    ):
        with pytest.raises(LedgerError, match=message):
            call()
    assert _state(graph, fid) == before  # refused: nothing changed
    closed = next(f for f in everything(graph) if f["status"] == "已销号")
    with pytest.raises(LedgerError, match=f"已于 {closed['resolved_on']} 销号"):
        edit.assign(graph, closed["finding_id"], user="a", due=TODAY)
    with pytest.raises(LedgerError, match="只有待整改或整改中的问题可以豁免"):
        edit.waive(graph, closed["finding_id"], "已撤并", user="admin1")
    edit.waive(graph, fid, "该村正在撤并，不再配备包村干部", user="admin1")
    assert get_finding(graph, fid)["status"] == "已豁免"
    # a waived finding stays waived when a check sees it again
    run = record_check(graph, DEC, RuleSettings(), LedgerSettings(), user="t")
    assert get_finding(graph, fid)["status"] == "已豁免" and run.seen
    assert edit.unwaive(graph, fid, user="admin1", reason="撤并取消") == "整改中"
    kinds = [e["kind"] for e in history(graph, fid)]
    assert {"measure", "assign", "waive", "unwaive"} <= set(kinds)
    audited = graph.read(
        "MATCH (e:AuditEvent) WHERE e.action STARTS WITH 'ledger_' AND e.detail CONTAINS $id "
        "RETURN collect(e.action) AS a",
        {"id": fid},
    )[0]["a"]
    assert {"ledger_note", "ledger_assign", "ledger_waive", "ledger_unwaive"} <= set(audited)


# -- on a graph of their own ------------------------------------------------------------------------------


def test_due_days_per_rule_and_a_region_check(graph, sample_dir):
    settings = Settings(ledger=LedgerSettings(30, (("help_pair", 10),)))
    assert load_roster(graph, [sample_dir / "roster"], progress=False).written
    record_check(graph, OCT, settings.rules, settings.ledger, user="t")
    assert get_finding(graph, "help_pair:4199021022060001")["due"] == OCT + dt.timedelta(days=10)
    assert get_finding(graph, "branch_secretary:419902102208")["due"] == OCT + dt.timedelta(days=30)
    # a check of one township closes nothing elsewhere, even for rules it did not find there
    graph.run_admin(
        "MATCH (:Person)-[r:HOLDS_POST]->(:PartyOrg)-[:GOVERNS]->(:Village {code: '419902101208'}) DELETE r"
    )
    run = record_check(graph, NOV, settings.rules, settings.ledger, user="t", scope="419902102000")
    assert run.closed == 0
    assert get_finding(graph, "branch_secretary:419902101208")["status"] == "待整改"
    assert get_finding(graph, "cadre_load:P00017")["status"] == "待整改"  # a person found county-wide


PLACED = ("finding_id", "village_code", "scope", "township_code", "responsible_unit", "responsible_person")


def test_findings_written_in_small_batches_are_placed_as_in_one(graph, sample_dir, monkeypatch):
    """Where a batch's findings belong is read while the batch before it is written (record.py,
    `_placed_ahead`): in batches of three, every finding is written once, each with its own village,
    township and responsibility, as in one batch."""
    assert load_roster(graph, [sample_dir / "roster"], progress=False).written
    settings = Settings()
    whole = record_check(graph, OCT, settings.rules, settings.ledger, user="t")
    in_one = [{k: f.get(k) for k in PLACED} for f in everything(graph)]
    graph.run_admin("MATCH (n) WHERE n:Finding OR n:CheckRun OR n:FindingEvent DETACH DELETE n")
    monkeypatch.setattr(record, "BATCH", 3)
    monkeypatch.setattr(connection, "ROWS_PER_RECORD", 2)  # the places, and the rules' rows, two to a record
    small = record_check(graph, OCT, settings.rules, settings.ledger, user="t")
    assert (small.created, small.seen) == (whole.created, whole.seen) and whole.created > 3 * 3
    assert [{k: f.get(k) for k in PLACED} for f in everything(graph)] == in_one
    assert graph.read("MATCH (:Finding)-[s:SEEN_BY]->() RETURN count(s) AS n")[0]["n"] == whole.created


def test_cli(graph, sample_dir, neo4j_settings, tmp_path):
    run = bangfu_runner(neo4j_settings, tmp_path, "ledger_due_days = 15")

    assert load_roster(graph, [sample_dir / "roster"], progress=False).written
    checked = run("check", "--record", "--as-of", "2026-11-22", "--format", "json")
    assert checked.returncode == 1 and "已记录检查" in checked.stderr
    expected = json.loads((sample_dir / "expected-check.json").read_text(encoding="utf-8"))["violations"]
    assert len(json.loads(checked.stdout)["violations"]) == len(expected)
    listed = json.loads(run("ledger", "list", "--format", "json").stdout)
    assert listed["total"] == len(expected) and listed["findings"][0]["due"] == "2026-12-07"
    fid = "help_pair:4199021012010044"
    assert run("ledger", "note", fid, "已安排干部入户", "--date", "2026-11-25").returncode == 0
    assert run("ledger", "assign", fid, "--due", "2026-12-31").returncode == 2  # 延期 needs a reason
    assert run("ledger", "assign", fid, "--due", "2026-12-31", "--reason", "待结对").returncode == 0
    bad = run("ledger", "assign", fid, "--due", "2026-01-01")
    assert bad.returncode == 2 and "早于问题发现日期" in bad.stderr
    assert run("ledger", "waive", fid, "--reason", "").returncode == 2
    assert run("ledger", "show", "nope:1").returncode == 2
    shown = run("ledger", "show", fid)
    assert shown.returncode == 0 and "已安排干部入户" in shown.stdout and "整改中" in shown.stdout
    open_only = json.loads(
        run("ledger", "list", "--status", "未销号", "--overdue", "--format", "json").stdout
    )
    assert all(f["status"] in ("待整改", "整改中") for f in open_only["findings"])
    xlsx = tmp_path / "l.xlsx"
    assert run("ledger", "list", "--format", "xlsx", "-o", str(xlsx)).returncode == 0
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert [c.value for c in sheet[2]] == [
        "序号",
        "乡镇",
        "村/对象",
        "问题",
        "发现日期",
        "责任单位",
        "责任人",
        "整改时限",
        "整改措施",
        "状态",
        "销号日期",
    ]
    assert sheet.max_row == 2 + len(expected)
