"""The five rules of the activity tables and inspections in the ledger (shared/spec/activity-tables.md).

The activity sample against its expected check (all 17 rules), then a hand-made roster
(tests/data/activity_rules: county 甲县 with the six tables' cases, its neighbour 乙县 with none) for
each rule's both sides, the gating per county, the grade aliases, and inspections opening and
closing ledger findings. Module fixtures load each roster once; tests run in file order.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

import cypher
from graph.coverage import run_coverage
from graph.ledger import record_check
from graph.ledger.bulletin import write_bulletin
from graph.ledger.export import ledger_xlsx
from graph.ledger.inspections import sync_inspections
from graph.ledger.store import Filters, get_finding, history, list_findings
from graph.queries import QueryRunner
from graph.rules import RULES, RULES_BY_ID, rule_params, run_check, run_rule
from graph.schema import init_schema
from graph.settings import LedgerSettings, RuleSettings, load_settings
from loaders.api import load_roster
from tests.helpers.checks import visible_violations
from tests.helpers.graphs import fresh
from tests.helpers.kept_visits import FORGET_KEPT_VISITS, FORGET_SINGLE_DATES
from tests.helpers.web import add_users, client_for, make_app, text

AS_OF = dt.date(2026, 11, 22)
DATA = Path(__file__).resolve().parent / "data" / "activity_rules"
NEW_RULES = ("visit_overdue", "reserve_cadre", "evaluation_unfit", "collective_income", "service_center")
V = {i: f"4199811012{i:02d}" for i in range(1, 6)}  # 甲县's villages 一村 … 五村
VB = "419982101201"  # 乙县's only village


def load(graph, *folders: Path) -> None:
    report = load_roster(graph, list(folders), progress=False, today=AS_OF)
    assert report.ok and report.written, report.validation.errors[:3]


def flagged(graph, rule_id: str, as_of=AS_OF, region=None, **settings) -> list[str]:
    rows = run_rule(graph, RULES_BY_ID[rule_id], rule_params(as_of, RuleSettings(**settings), region))
    return [r["subject_id"] for r in rows]


# -- the activity sample ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def activity_sample(activity_county):
    return activity_county


def test_check_matches_expected_activity_check(activity_sample, sample_dir):
    expected = json.loads((sample_dir / "activity" / "expected-activity-check.json").read_text("utf-8"))
    got = run_check(activity_sample, AS_OF, RuleSettings())
    # the activity rules are the 13th to 17th; the monitoring rules (monitoring.md) follow, and say
    # nothing for this county, which keeps no monitoring table
    assert [r.id for r in RULES][12:17] == list(NEW_RULES) and len(RULES) == 20
    assert got["as_of"] == expected["as_of"]
    assert {k: got["settings"][k] for k in expected["settings"]} == expected["settings"]
    assert got["summary"] == expected["summary"]
    want = {(v["rule"], v["subject_id"]) for v in expected["violations"]}
    have = {(v["rule"], v["subject_id"]) for v in got["violations"]}
    assert sorted(have - want) == [] and sorted(want - have) == []
    assert visible_violations(got) == visible_violations(expected)


def test_coverage_unchanged_by_the_activity_tables(activity_sample, sample_dir):
    expected = json.loads((sample_dir / "expected-coverage-township.json").read_text("utf-8"))
    assert run_coverage(activity_sample, "township", AS_OF) == expected


def test_new_rules_as_saved_queries(activity_sample, sample_dir, neo4j_settings):
    expected = json.loads((sample_dir / "activity" / "expected-activity-check.json").read_text("utf-8"))
    runner = QueryRunner(activity_sample, neo4j_settings)
    for rule in NEW_RULES:
        want = sorted(v["subject_id"] for v in expected["violations"] if v["rule"] == rule)
        got = runner.run("rule_" + rule, {"as_of": AS_OF})
        assert sorted(set(got.column("subject_id"))) == want, rule
    # the visit kinds as text (a form), and a threshold that is not an integer
    got = runner.run("rule_visit_overdue", {"as_of": AS_OF, "visit_kinds": "入户、电话", "visit_days": "90"})
    assert set(got.column("message")) <= {"帮扶责任人90天内未入户/电话走访"}
    got = runner.run("rule_collective_income", {"as_of": AS_OF, "min_collective_income": "2.5"})
    assert got.column("subject_id") == ["419902102208"]  # 程营村: no income in any year


# -- the hand-made roster: first without the activity tables, then with them ------------------------


@pytest.fixture(scope="module")
def base_only(session_graph):
    fresh(session_graph)
    load(session_graph, DATA / "base")
    return session_graph


def test_no_table_no_warnings(base_only):
    # households with active help pairs and no visit, villages without reserve cadres or indicators
    for rule in ("visit_overdue", "reserve_cadre", "collective_income", "service_center", "evaluation_unfit"):
        assert flagged(base_only, rule) == [], rule
    # yet the same households and villages are flagged once the tables are loaded (test_visit_overdue …)
    assert len(base_only.read("MATCH (h:Household) RETURN h")) == 11


@pytest.fixture(scope="module")
def hand(base_only):
    load(base_only, DATA / "base", DATA / "activity")
    return base_only


def test_visit_overdue(hand):
    # H01: visited visit_days − 1 days before D (counts); H02: visit_days days before (does not);
    # H03: by phone only; H04: by someone who is not a helper; H07: after D; H09: by a former helper.
    # H05 has no active help pair, H06 one of its two helpers visited, H08 left the roster (已销户),
    # H10 visited on D (the kind written `home`). HB1 is in 乙县, which keeps no visits.
    assert flagged(hand, "visit_overdue") == ["H02", "H03", "H04", "H07", "H09"]
    assert flagged(hand, "visit_overdue", visit_kinds=("入户", "电话")) == ["H02", "H04", "H07", "H09"]
    assert flagged(hand, "visit_overdue", visit_days=91) == ["H03", "H04", "H07", "H09"]
    # a day later H01's visit is visit_days days old
    assert "H01" in flagged(hand, "visit_overdue", as_of=AS_OF + dt.timedelta(days=1))
    row = run_rule(hand, RULES_BY_ID["visit_overdue"], rule_params(AS_OF, RuleSettings(), None))[0]
    assert row["message"] == "帮扶责任人90天内未入户走访"
    assert row["region_path"] == ["甲县", "甲乡", "一村"] and row["subject_name"] == "户二"
    assert row["detail"]["helpers"] == ["帮扶甲"] and row["detail"]["last_visit"] == "2026-08-24"
    other = run_rule(
        hand, RULES_BY_ID["visit_overdue"], rule_params(AS_OF, RuleSettings(visit_days=30), None)
    )[0]
    assert other["message"] == "帮扶责任人30天内未入户走访"
    # asked for one township, the same findings as the whole county's in that township
    rule = RULES_BY_ID["visit_overdue"]
    whole = run_rule(hand, rule, rule_params(AS_OF, RuleSettings(), None))
    township = run_rule(hand, rule, rule_params(AS_OF, RuleSettings(), "419981101000"))
    assert township and township == [r for r in whole if r["region_path"][1] == "甲乡"]


def _latest_visits_from_the_visits(graph) -> dict:
    """Per help pair, the latest visit of each kind, worked out here from the VISITED relationships."""
    latest: dict = {}
    for row in graph.read(
        "MATCH (p:Person)-[r:HELPS]->(h:Household) OPTIONAL MATCH (p)-[x:VISITED]->(h) "
        "RETURN elementId(r) AS r, x.kind AS kind, x.date AS date"
    ):
        kinds = latest.setdefault(row["r"], {})
        if row["kind"] is not None:
            kinds[row["kind"]] = max(kinds.get(row["kind"], row["date"]), row["date"])
    return {
        r: (
            sorted(k),
            [k[kind] for kind in sorted(k)],
            max(k.values(), default=None),
            *(k.get(kind) for kind in ("入户", "电话", "视频", "其他")),
        )
        for r, k in latest.items()
    }


def _kept_latest_visits(graph) -> dict:
    rows = graph.read(
        "MATCH ()-[r:HELPS]->() "
        "RETURN elementId(r) AS r, r.last_visit_kinds AS kinds, r.last_visit_dates AS dates, "
        "r.latest_visit AS latest, r.last_home_visit AS home, r.last_phone_visit AS phone, "
        "r.last_video_visit AS video, r.last_other_visit AS other"
    )
    return {
        row["r"]: tuple(row[k] for k in ("kinds", "dates", "latest", "home", "phone", "video", "other"))
        for row in rows
    }


VISIT_CASES = (
    (AS_OF, {}),
    (AS_OF, {"visit_kinds": ("入户", "电话")}),
    (AS_OF, {"visit_days": 91}),
    (AS_OF + dt.timedelta(days=1), {}),
    (AS_OF + dt.timedelta(days=40), {"visit_days": 30}),
    (dt.date(2026, 9, 1), {}),  # before some of the visits: the kept dates cannot answer for those
)


def _visit_overdue_everywhere(graph) -> list:
    return [
        run_rule(graph, RULES_BY_ID["visit_overdue"], rule_params(as_of, RuleSettings(**s), None))
        for as_of, s in VISIT_CASES
    ]


def test_visit_overdue_reads_the_kept_latest_visits_with_the_same_result(hand):
    # every load that writes visits keeps each help pair's latest visit of each kind (the first load had
    # help pairs and no visits, the second the visits): they are what the visits say
    assert _kept_latest_visits(hand) == _latest_visits_from_the_visits(hand)
    assert any(kept[0] for kept in _kept_latest_visits(hand).values())
    kept = _visit_overdue_everywhere(hand)
    # without them (help pairs written by a work report, or before schema 10) the rule reads the visits
    hand.write(FORGET_KEPT_VISITS)
    assert _visit_overdue_everywhere(hand) == kept
    assert kept[0] and [r["subject_id"] for r in kept[0]] == ["H02", "H03", "H04", "H07", "H09"]
    # a load of the help pairs alone gives them back from the visits already in the graph
    load(hand, DATA / "base")
    assert _kept_latest_visits(hand) == _latest_visits_from_the_visits(hand)
    # and `db init` fills those of an older database
    hand.write(FORGET_KEPT_VISITS)
    init_schema(hand)
    assert _kept_latest_visits(hand) == _latest_visits_from_the_visits(hand)
    assert _visit_overdue_everywhere(hand) == kept
    # a graph of schema 10 keeps the lists only: the rule finds those pairs all the same, and `db init`
    # adds the single dates
    hand.write(FORGET_SINGLE_DATES)
    assert _visit_overdue_everywhere(hand) == kept
    init_schema(hand)
    assert _kept_latest_visits(hand) == _latest_visits_from_the_visits(hand)
    assert _visit_overdue_everywhere(hand) == kept
    # two help pairs left without them (a work report's) among pairs that keep them, one found, one not
    hand.write(
        FORGET_KEPT_VISITS.replace(
            "MATCH ()-[r:HELPS]->()",
            "MATCH ()-[r:HELPS]->(h:Household) WHERE h.household_id IN ['H01', 'H03']",
        )
    )
    assert _visit_overdue_everywhere(hand) == kept


def test_reserve_cadre(hand):
    # 一村: a cadre without dates; 二村: left the pool the day before D; 三村: leaves on D (still in);
    # 四村: joins the day after D; 五村: none. 乙县's 丙村 has none, but 乙县 keeps no reserve cadres.
    assert flagged(hand, "reserve_cadre") == [V[2], V[4], V[5]]


def test_evaluation_unfit(hand):
    # P11 不称职 in 2025 and in post; P12 不称职 in 2024 superseded by 称职 in 2025; P13 rated 差 (read
    # as 不称职); P14 不称职 but the assignment ended; P15 不称职 as 村党组织书记 and secretary of 四村's
    # branch; P16 不称职 as 工作队长 but holding only a 第一书记 assignment.
    assert flagged(hand, "evaluation_unfit") == ["P11", "P13", "P15"]
    grades = hand.read("MATCH (e:Evaluation)-[:EVALUATES]->(:Person {person_id: 'P13'}) RETURN e.grade AS g")
    assert grades == [{"g": "不称职"}]
    # as of 2024, before the 2025 ratings, P12's 2024 不称职 is the latest (a year after D's is not yet)
    assert flagged(hand, "evaluation_unfit", as_of=dt.date(2024, 12, 31)) == ["P12"]
    assert flagged(hand, "evaluation_unfit", region=V[1]) == ["P11"]


def test_collective_income(hand):
    # 一村 at the limit (5); 二村 4.99; 三村's latest year with a value says 3; 四村 10 (2025 empty);
    # 五村 no value in any year
    assert flagged(hand, "collective_income") == [V[2], V[3], V[5]]
    assert flagged(hand, "collective_income", min_collective_income=3) == [V[5]]


def test_service_center(hand):
    # 二村 不达标 in 2024, 达标 in 2025; 三村 不达标 in 2024 and empty in 2025; 四村 不达标 in 2025
    assert flagged(hand, "service_center") == [V[3], V[4]]


def test_gating_is_per_county(hand):
    # 乙县 has help pairs, a village and no row of the gated tables: no warning there, although 甲县
    # in the same graph has rows; asked for 乙县 alone, still none
    result = run_check(hand, AS_OF, RuleSettings(), rules=NEW_RULES)
    subjects = {v["subject_id"] for v in result["violations"]}
    assert VB not in subjects and "HB1" not in subjects
    assert run_check(hand, AS_OF, RuleSettings(), rules=NEW_RULES, region="419982000000")["violations"] == []
    township = run_check(hand, AS_OF, RuleSettings(), rules=["reserve_cadre"], region="419981101000")
    assert [v["subject_id"] for v in township["violations"]] == [V[2], V[4], V[5]]


def test_rule_settings_from_the_settings_file(tmp_path):
    path = tmp_path / "bangfu.toml"
    path.write_text(
        '[rules]\nvisit_days = 60\nvisit_kinds = ["入户", "phone"]\nmin_collective_income = 2.5\n',
        encoding="utf-8",
    )
    rules = load_settings(path, env={}).rules
    assert (rules.visit_days, rules.visit_kinds, rules.min_collective_income) == (60, ("入户", "电话"), 2.5)
    assert rules.as_dict()["visit_kinds"] == ["入户", "电话"]
    for line, word in (
        ("visit_days = 0", "visit_days"),
        ('visit_days = "90"', "visit_days"),
        ('visit_kinds = "入户"', "visit_kinds"),
        ('visit_kinds = ["上门"]', "上门"),
        ("visit_kinds = []", "visit_kinds"),
        ("min_collective_income = -1", "min_collective_income"),
        ("visit_weeks = 3", "visit_weeks"),
    ):
        path.write_text(f"[rules]\n{line}\n", encoding="utf-8")
        with pytest.raises(ValueError, match=word):
            load_settings(path, env={})
    path.write_text("[ledger.due_days]\ninspection = 10\n", encoding="utf-8")
    assert load_settings(path, env={}).ledger.due_days_for("inspection") == 10


# -- inspections in the ledger -------------------------------------------------------------------


def inspection_findings(graph) -> dict[str, dict]:
    found, _ = list_findings(graph, Filters(rules=("inspection",)), today=AS_OF, limit=100)
    return {f["finding_id"]: f for f in found}


def test_a_load_of_inspections_brings_them_into_the_ledger(hand):
    # the load of tests/data/activity_rules/activity wrote them, before any recorded check
    found = inspection_findings(hand)
    assert sorted(found) == [f"inspection:DC0{i}" for i in range(1, 6)]
    assert all(f.get("created_run") is None for f in found.values())
    assert found["inspection:DC01"]["status"] == "已销号"


def test_inspection_findings_after_a_recorded_check(hand):
    run = record_check(hand, AS_OF, RuleSettings(), LedgerSettings(), user="tester")
    found = inspection_findings(hand)
    # 发现问题: DC01–DC05; each a finding of its own, keyed by the inspection
    assert sorted(found) == [f"inspection:DC0{i}" for i in range(1, 6)]
    status = {k: f["status"] for k, f in found.items()}
    # DC01 (一村) is closed by DC06, a later 合格 of 一村: 复查合格销号
    assert status["inspection:DC01"] == "已销号"
    assert found["inspection:DC01"]["resolved_on"] == dt.date(2026, 10, 20)
    assert found["inspection:DC01"]["resolved_by_inspection"] == "DC06"
    # DC02 (二村): the later 合格 is of 四村; DC03 (三村): the 合格 are earlier or the same day
    assert status["inspection:DC02"] == status["inspection:DC03"] == "待整改"
    assert status["inspection:DC04"] == status["inspection:DC05"] == "待整改"
    one = found["inspection:DC02"]
    assert (one["subject_type"], one["subject_id"], one["subject_name"]) == ("village", V[2], "二村")
    assert one["first_found"] == dt.date(2026, 10, 5) and one["due"] == dt.date(2026, 11, 4)
    assert one["rule_title"] == "督查发现问题" and one["message"].startswith("走访记录缺失")
    assert (one["responsible_unit"], one["responsible_person"]) == ("OA2", "P20")  # 甲乡党委, its secretary
    assert (found["inspection:DC04"]["subject_type"], found["inspection:DC04"]["responsible_unit"]) == (
        "person",
        "OA3",
    )
    assert (found["inspection:DC05"]["subject_type"], found["inspection:DC05"]["responsible_unit"]) == (
        "unit",
        "OA3",
    )
    # the check takes on what the load brought in: 5 new (4 open), 1 closed
    assert run.created >= 5 and run.closed == 1
    assert {f["created_run"] for f in found.values()} == {run.run_id}
    assert get_finding(hand, "inspection:DC01")["status"] == "已销号"
    kinds = [e.get("kind") for e in history(hand, "inspection:DC01")]
    assert kinds == ["found", "close"]


def test_a_check_does_not_close_inspection_findings(hand):
    # a check of other rules, a later date: the inspections' findings stay as they were
    record_check(
        hand,
        AS_OF + dt.timedelta(days=1),
        RuleSettings(),
        LedgerSettings(),
        user="tester",
        rules=["help_pair"],
    )
    status = {k: f["status"] for k, f in inspection_findings(hand).items()}
    assert status["inspection:DC02"] == "待整改"
    again = sync_inspections(hand, LedgerSettings(), user="tester", as_of=AS_OF)
    assert (again.created, again.closed) == (0, 0)  # idempotent


def test_a_later_pass_of_the_same_subject_closes_it(hand):
    load(hand, DATA / "recheck")  # DC10: 二村 合格 on 2026-11-15; the load closes DC02's finding
    found = inspection_findings(hand)
    assert found["inspection:DC02"]["status"] == "已销号"
    assert found["inspection:DC02"]["resolved_on"] == dt.date(2026, 11, 15)
    assert found["inspection:DC03"]["status"] == "待整改"
    # the next recorded check takes the closing on as its own (the overview's "closed since")
    run = record_check(hand, AS_OF + dt.timedelta(days=2), RuleSettings(), LedgerSettings(), user="tester")
    assert get_finding(hand, "inspection:DC02")["resolved_by_run"] == run.run_id


def test_rule_settings_replace_keeps_tuple():
    assert replace(RuleSettings(), visit_kinds=("电话",)).as_dict()["visit_kinds"] == ["电话"]


def test_inspection_findings_in_the_ledger_pages_and_exports(hand, neo4j_settings, tmp_path):
    add_users(hand, ("analyst",))
    client = client_for(make_app(hand, neo4j_settings, tmp_path), "analyst1")
    page = text(client.get("/ledger?rule=inspection"))
    assert "督查发现问题：公示栏未更新" in page and "二村" in page
    for fid in ("inspection:DC03", "inspection:DC04", "inspection:DC05"):
        one = text(client.get(f"/ledger/f/{fid}"))
        assert "督查发现问题" in one and "督查编号 " + fid.split(":")[1] in one
    assert "/e/organization/OA3" in text(client.get("/ledger/f/inspection:DC05"))
    assert "复查合格销号" in text(client.get("/ledger/f/inspection:DC01"))
    # the Excel ledger: 问题 says what the inspection found
    found, _ = list_findings(hand, Filters(rules=("inspection",)), today=AS_OF, limit=100)
    sheet = load_workbook(ledger_xlsx(found, tmp_path / "ledger.xlsx", "台账")).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any(c.startswith("督查发现问题：公示栏未更新") for c in cells)
    # the 通报 lists the inspections' findings like the rules'
    write_bulletin(hand, AS_OF + dt.timedelta(days=2), tmp_path / "tb.docx")
    doc = Document(tmp_path / "tb.docx")
    words = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "督查发现问题" in words


def test_the_writers_of_kept_visits_compute_them_alike():
    # four statements keep a help pair's latest visits (docs/graph-model.md); Cypher has no functions,
    # so each holds the same subquery, and a change to one must be made to all
    def subquery(name: str) -> str:
        text = cypher.load(name)
        start = text.index("CALL (p, h) {")
        end = text.index("} AS kept", start)
        return textwrap.dedent(text[text.rindex("\n", 0, start) + 1 : end])

    copies = {
        name: subquery(name)
        for name in ("load/visits", "load/help_pairs", "load/visits_settle", "schema/migrate_last_visits")
    }
    assert len(set(copies.values())) == 1, copies
