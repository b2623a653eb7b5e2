"""防止返贫致贫: the monitoring and help-measure tables and their three rules (shared/spec/monitoring.md).

The monitoring sample against its expected check (all 20 rules), then a hand-made roster
(tests/data/monitoring_rules: county 甲县 with a case on each side of every boundary, its neighbour
乙县 with none) for each rule, then located errors for every bad cell and cross-field rule, strict and
--skip-invalid, a second load and a snapshot. Module fixtures load each roster once; tests run in
file order.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from graph.queries import QueryRunner
from graph.roster.vocabularies import DEVELOPMENTAL_MEASURES
from graph.rulebook import RULES, RULES_BY_ID
from graph.rules import rule_params, run_check, run_rule
from graph.settings import RuleSettings, load_settings
from loaders.api import load_roster
from loaders.snapshot import SnapshotRequest
from tests.helpers.checks import visible_violations
from tests.helpers.graphs import fresh

AS_OF = dt.date(2026, 11, 22)
DATA = Path(__file__).resolve().parent / "data" / "monitoring_rules"
MONITOR_RULES = ("monitor_identify_overdue", "monitor_measure_missing", "monitor_dev_measure")


def load(graph, *folders: Path, **options):
    report = load_roster(graph, list(folders), progress=False, today=AS_OF, **options)
    assert report.ok and report.written, [p.render() for p in report.validation.errors[:5]]
    return report


def flagged(graph, rule_id: str, as_of=AS_OF, region=None, **settings) -> list[str]:
    rows = run_rule(graph, RULES_BY_ID[rule_id], rule_params(as_of, RuleSettings(**settings), region))
    return [r["subject_id"] for r in rows]


def monitoring_counts(graph) -> dict:
    return graph.read(
        "RETURN COUNT { (:Monitoring) } AS monitoring, COUNT { (:HelpMeasure) } AS measures, "
        "COUNT { ()-[:MONITORING_OF]->() } AS monitoring_of, COUNT { ()-[:MEASURE_FOR]->() } AS measure_for, "
        "COUNT { ()-[:MEASURE_BY]->() } AS measure_by"
    )[0]


# -- the monitoring sample -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(session_graph, sample_dir):
    graph = fresh(session_graph)
    load(graph, sample_dir / "monitoring" / "roster")
    return graph


def test_check_matches_expected_monitoring_check(sample, sample_dir):
    expected = json.loads((sample_dir / "monitoring" / "expected-monitoring-check.json").read_text("utf-8"))
    got = run_check(sample, AS_OF, RuleSettings())
    assert [r.id for r in RULES][-3:] == list(MONITOR_RULES) and len(RULES) == 20
    assert got["as_of"] == expected["as_of"]
    assert got["settings"] == expected["settings"]
    assert got["summary"] == expected["summary"]
    want = {(v["rule"], v["subject_id"]) for v in expected["violations"]}
    have = {(v["rule"], v["subject_id"]) for v in got["violations"]}
    assert sorted(have - want) == [] and sorted(want - have) == []
    assert visible_violations(got) == visible_violations(expected)


def test_the_sample_loads_typed_and_canonical(sample):
    counts = monitoring_counts(sample)
    assert counts == {
        "monitoring": 33,
        "measures": 33,
        "monitoring_of": 33,
        "measure_for": 33,
        "measure_by": 33,
    }
    row = sample.read(
        "MATCH (m:Monitoring {monitoring_id: '4199021012120006|2026-09-23'})-[:MONITORING_OF]->(h:Household) "
        "RETURN m.clue_date AS clue, m.identified_date AS identified, m.risks AS risks, m.labor AS labor, "
        "m.source AS source, m.category AS category, h.household_id AS household"
    )[0]
    assert row["clue"].to_native() == dt.date(2026, 9, 23) and row["identified"].to_native() == dt.date(
        2026, 10, 3
    )
    assert (row["risks"], row["labor"], row["source"], row["category"], row["household"]) == (
        "因学、因灾",  # 因灾、因学 in the vocabulary's order
        1,
        "部门预警",
        "脱贫不稳定户",
        "4199021012120006",
    )
    measure = sample.read(
        "MATCH (o:Organization)<-[:MEASURE_BY]-(x:HelpMeasure)-[:MEASURE_FOR]->(h:Household "
        "{household_id: '4199021022050023'}) RETURN x.kind AS kind, x.start AS start, x.end AS end, "
        "x.note AS note, o.code AS unit"
    )
    assert [
        (m["kind"], m["start"].to_native(), m["end"].to_native(), m["note"], m["unit"]) for m in measure
    ] == [("产业帮扶", dt.date(2026, 5, 16), dt.date(2026, 11, 17), "养牛", "D002")]


def test_a_second_load_changes_nothing(sample, sample_dir):
    before = monitoring_counts(sample)
    report = load(sample, sample_dir / "monitoring" / "roster")
    changes = report.changes
    assert monitoring_counts(sample) == before
    assert not +changes.nodes_created and not +changes.rels_created and not +changes.rels_deleted
    assert not +changes.nodes_updated and not +changes.properties_changed


def test_monitoring_rules_as_saved_queries(sample, sample_dir, neo4j_settings):
    expected = json.loads((sample_dir / "monitoring" / "expected-monitoring-check.json").read_text("utf-8"))
    runner = QueryRunner(sample, neo4j_settings)
    for rule in MONITOR_RULES:
        want = sorted(v["subject_id"] for v in expected["violations"] if v["rule"] == rule)
        got = runner.run("rule_" + rule, {"as_of": AS_OF})
        assert sorted(set(got.column("subject_id"))) == want, rule
    # a longer time limit from the form: the clue of 2026-11-06 (16 days) is no longer late
    got = runner.run("rule_monitor_identify_overdue", {"as_of": AS_OF, "monitor_identify_days": "16"})
    assert "4199021022100038" not in got.column("subject_id")


# the shipped saved queries about the monitoring tables: (defaults, other parameters), each gives rows
SUNHONG = "419902101000"
MONITORING_CASES = {
    "monitor_clues_waiting": ({}, {"region": SUNHONG, "as_of": AS_OF}),
    "monitor_by_category_risk": ({}, {"as_of": AS_OF}),
    "monitor_labor_no_dev_measure": ({}, {"region": "419902102000", "as_of": AS_OF}),
    "monitor_measures_by_kind": ({}, {"as_of": dt.date(2025, 12, 31)}),
    "monitor_eliminated": ({"since": dt.date(2026, 1, 1)}, {"since": dt.date(2024, 1, 1), "until": AS_OF}),
    "monitor_identify_time": ({"since": dt.date(2026, 1, 1)}, {"since": dt.date(2023, 1, 1), "until": AS_OF}),
}


@pytest.mark.parametrize("name", sorted(MONITORING_CASES))
@pytest.mark.parametrize("which", [0, 1], ids=["defaults", "non-default"])
def test_every_monitoring_query_runs_on_the_sample(sample, neo4j_settings, name, which):
    result = QueryRunner(sample, neo4j_settings).run(name, MONITORING_CASES[name][which])
    assert result.rows and not result.truncated, name
    assert not any("因" in str(c) for c in result.columns)


def test_the_rule_keeps_the_spec_list_of_developmental_measures():
    text = RULES_BY_ID["monitor_dev_measure"].query
    listed = re.search(r"k IN \[([^\]]*)\]", text).group(1)
    assert tuple(x.strip().strip("'") for x in listed.split(",")) == DEVELOPMENTAL_MEASURES


# -- the hand-made roster: first without the monitoring tables, then with them ---------------------


@pytest.fixture(scope="module")
def base_only(session_graph):
    graph = fresh(session_graph)
    load(graph, DATA / "base")
    return graph


def test_no_table_no_warnings(base_only):
    # 20 households of status 监测对象 and not a row of monitoring or measures: none of the three rules
    assert run_check(base_only, AS_OF, RuleSettings(), rules=MONITOR_RULES)["violations"] == []
    assert len(base_only.read("MATCH (h:Household {status: '监测对象'}) RETURN h")) == 20


@pytest.fixture(scope="module")
def hand(base_only):
    load(base_only, DATA / "base", DATA / "monitoring")
    return base_only


def test_monitor_identify_overdue(hand):
    # M01's clue is 15 days old (not late; identified before for an older clue), M02's 16; M03 dismissed;
    # M04 identified and M05 dismissed only after D; M06's clue comes after D; M07's new clue waits
    # although an older one was identified and eliminated
    assert flagged(hand, "monitor_identify_overdue") == ["M02", "M04", "M05", "M07"]
    assert "M01" in flagged(hand, "monitor_identify_overdue", as_of=AS_OF + dt.timedelta(days=1))
    assert flagged(hand, "monitor_identify_overdue", monitor_identify_days=16) == ["M04", "M05", "M07"]
    row = run_rule(hand, RULES_BY_ID["monitor_identify_overdue"], rule_params(AS_OF, RuleSettings(), None))[0]
    assert row["message"] == "识别超时" and row["subject_name"] == "监02"
    assert row["region_path"] == ["甲县", "甲乡", "一村"]
    assert row["detail"] == {"clue_date": "2026-11-06", "waited_days": 16}


def test_monitor_measure_missing(hand):
    # M08 identified 15 days before D (not yet), M09 16 days; M10's measure ended the day before D,
    # M11's ends on D (active); M12 eliminated before D, M13 only after; M14's measure starts after D;
    # M04 is identified only after D
    assert flagged(hand, "monitor_measure_missing") == ["M09", "M10", "M13", "M14"]
    assert flagged(hand, "monitor_measure_missing", monitor_measure_days=14) == [
        "M08",
        "M09",
        "M10",
        "M13",
        "M14",
    ]
    assert "M08" in flagged(hand, "monitor_measure_missing", as_of=AS_OF + dt.timedelta(days=1))
    assert "M11" in flagged(hand, "monitor_measure_missing", as_of=AS_OF + dt.timedelta(days=1))
    row = run_rule(hand, RULES_BY_ID["monitor_measure_missing"], rule_params(AS_OF, RuleSettings(), None))[0]
    assert row["message"] == "帮扶措施未落实"
    assert row["detail"] == {"identified_date": "2026-11-06", "days_since_identified": 16}


def test_monitor_dev_measure(hand):
    # M15 labor 1 and only 健康帮扶; M16 a 公益岗位 (developmental); M17 no labor; M18's 就业帮扶 ended
    # before D; M19 identified 15 days before D (not yet); M01 says nothing of labor
    assert flagged(hand, "monitor_dev_measure") == ["M15", "M18"]
    assert "M19" in flagged(hand, "monitor_dev_measure", as_of=AS_OF + dt.timedelta(days=1))
    assert flagged(hand, "monitor_dev_measure", monitor_measure_days=14) == ["M15", "M18", "M19"]
    row = run_rule(hand, RULES_BY_ID["monitor_dev_measure"], rule_params(AS_OF, RuleSettings(), None))[0]
    assert row["message"] == "有劳动力未落实开发式帮扶"
    assert row["detail"] == {"labor": 1, "measure_kinds": ["健康帮扶"]}


def test_region_and_gating(hand):
    result = run_check(hand, AS_OF, RuleSettings(), rules=MONITOR_RULES)
    assert "MB1" not in {v["subject_id"] for v in result["violations"]}
    assert (
        run_check(hand, AS_OF, RuleSettings(), rules=MONITOR_RULES, region="419982000000")["violations"] == []
    )
    second = run_check(hand, AS_OF, RuleSettings(), rules=MONITOR_RULES, region="419981101202")
    assert [(v["rule"], v["subject_id"]) for v in second["violations"]] == [
        ("monitor_measure_missing", "M13"),
        ("monitor_measure_missing", "M14"),
        ("monitor_dev_measure", "M15"),
        ("monitor_dev_measure", "M18"),
    ]


def test_the_monitoring_saved_queries(hand, neo4j_settings):
    runner = QueryRunner(hand, neo4j_settings)
    waiting = runner.run("monitor_clues_waiting", {"as_of": AS_OF})
    assert waiting.column("户编号") == ["M04", "M05", "M07", "M02", "M01"]  # the longest wait first
    assert waiting.column("已等待天数") == [52, 52, 33, 16, 15]
    assert runner.run("monitor_labor_no_dev_measure", {"as_of": AS_OF}).column("户编号") == [
        "M15",
        "M18",
        "M19",
    ]
    eliminated = runner.run("monitor_eliminated", {"since": dt.date(2026, 1, 1), "until": AS_OF})
    assert eliminated.column("户编号") == ["M12"] and eliminated.column("监测天数") == [61]
    timing = runner.run("monitor_identify_time", {"since": dt.date(2026, 1, 1), "until": AS_OF})
    assert (timing.column("乡镇"), timing.column("识别户次"), timing.column("中位天数")) == (
        ["甲乡"],
        [12],
        [12],
    )
    assert timing.column("最长天数") == [13]
    risks = runner.run("monitor_by_category_risk", {"as_of": AS_OF})
    counts = {(r[1], r[2], r[3]): r[4] for r in risks.rows}
    assert counts[("甲乡", "脱贫不稳定户", "因病")] == 7 and counts[("甲乡", "突发严重困难户", "其他")] == 1
    kinds = runner.run("monitor_measures_by_kind", {"as_of": AS_OF})
    assert [(r[2], r[3], r[4]) for r in kinds.rows] == [("健康帮扶", 6, 6), ("公益岗位", 1, 1)]


def test_the_settings_file_and_its_checks(tmp_path):
    path = tmp_path / "bangfu.toml"
    path.write_text("[rules]\nmonitor_identify_days = 10\nmonitor_measure_days = 30\n", encoding="utf-8")
    rules = load_settings(path, env={}).rules
    assert (rules.monitor_identify_days, rules.monitor_measure_days) == (10, 30)
    for line in ("monitor_identify_days = -1", 'monitor_measure_days = "15"'):
        path.write_text(f"[rules]\n{line}\n", encoding="utf-8")
        with pytest.raises(ValueError, match=line.split(" ")[0]):
            load_settings(path, env={})


def test_findings_go_to_the_ledger_with_the_township_committee(hand):
    from graph.ledger import record_check
    from graph.ledger.store import Filters, list_findings
    from graph.settings import LedgerSettings

    record_check(hand, AS_OF, RuleSettings(), LedgerSettings(), user="tester", rules=list(MONITOR_RULES))
    findings, _ = list_findings(hand, Filters(), today=AS_OF)
    assert {(f["rule"], f["subject_id"]) for f in findings} == {
        (v["rule"], v["subject_id"])
        for v in run_check(hand, AS_OF, RuleSettings(), rules=MONITOR_RULES)["violations"]
    }
    assert {f["responsible_unit"] for f in findings} == {"OA2"}  # 中共甲乡委员会


# -- located errors, strict and --skip-invalid ---------------------------------------------------

BAD = {
    "monitoring": (
        "户编号,线索日期,线索来源,识别日期,核实不纳入日期,监测类型,风险类型,有劳动能力人数,风险消除日期",
        [
            ("M01", "2026-11-10", "农户申报", "2026-11-09", "", "脱贫不稳定户", "", "", ""),
            ("M02", "2026-10-10", "农户申报", "2026-10-20", "2026-10-21", "脱贫不稳定户", "", "", ""),
            ("M03", "2026-10-10", "农户申报", "", "", "", "", "", "2026-11-01"),
            ("M04", "2026-09-10", "农户申报", "2026-09-20", "", "脱贫不稳定户", "", "", "2026-09-19"),
            ("M05", "2026-09-10", "农户申报", "2026-09-20", "", "", "", "", ""),
            ("M06", "2026-09-10", "群众举报", "", "", "", "", "", ""),
            ("M07", "2026-09-10", "农户申报", "2026-09-20", "", "一般户", "", "", ""),
            ("M08", "2026-09-10", "农户申报", "2026-09-20", "", "脱贫不稳定户", "因病、因穷", "", ""),
            ("M09", "2026-09-10", "农户申报", "2026-09-20", "", "脱贫不稳定户", "因病", "-1", ""),
            ("H-NOPE", "2026-09-10", "农户申报", "", "", "", "", "", ""),
            ("M10", "", "农户申报", "", "", "", "", "", ""),
            ("M11", "2026-09-10", "rounds", "2026-09-20", "", "边缘易致贫户", "因病;因残", "2", ""),
        ],
    ),
    "measures": (
        "户编号,措施类型,开始日期,结束日期,责任单位代码,内容",
        [
            ("M01", "产业帮扶", "2026-10-01", "2026-09-30", "OA3", ""),
            ("M02", "养殖补贴", "2026-10-01", "", "OA3", ""),
            ("M03", "产业帮扶", "", "", "OA3", ""),
            ("M04", "产业帮扶", "2026-10-01", "", "U999", ""),
            ("H-NOPE", "产业帮扶", "2026-10-01", "", "", ""),
            ("M05", "就业帮扶", "2026-10-01", "", "OA3", ""),
            ("M05", "就业帮扶", "2026-10-01", "", "OA3", "又一行"),
        ],
    ),
}
EXPECTED_ERRORS = {
    ("monitoring.csv", 2, "识别日期"): "识别日期 2026-11-09 早于线索日期 2026-11-10",
    ("monitoring.csv", 3, "核实不纳入日期"): "识别日期和核实不纳入日期只能填一个",
    ("monitoring.csv", 4, "风险消除日期"): "没有识别日期",
    ("monitoring.csv", 5, "风险消除日期"): "风险消除日期 2026-09-19 早于识别日期 2026-09-20",
    ("monitoring.csv", 6, "监测类型"): "填了识别日期，监测类型必填",
    ("monitoring.csv", 7, "线索来源"): "“群众举报”不是允许的值，可选：农户申报、干部排查、部门预警",
    ("monitoring.csv", 8, "监测类型"): "“一般户”不是允许的值",
    ("monitoring.csv", 9, "风险类型"): "“因穷”不是允许的值",
    ("monitoring.csv", 10, "有劳动能力人数"): "",
    ("monitoring.csv", 11, "户编号"): "帮扶对象户“H-NOPE”不存在",
    ("monitoring.csv", 12, "线索日期"): "必填项为空",
    ("measures.csv", 2, "结束日期"): "早于开始日期",
    ("measures.csv", 3, "措施类型"): "“养殖补贴”不是允许的值",
    ("measures.csv", 4, "开始日期"): "必填项为空",
    ("measures.csv", 5, "责任单位代码"): "“U999”不存在",
    ("measures.csv", 6, "户编号"): "帮扶对象户“H-NOPE”不存在",
    ("measures.csv", 8, "户编号"): "与第 7 行重复",
}
GOOD_ROWS = {"monitoring": {13}, "measures": {7}}


def write_bad_roster(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, (header, rows) in BAD.items():
        lines = [header] + [",".join(r) for r in rows]
        (folder / f"{table}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_every_bad_cell_and_cross_field_rule_is_located(hand, tmp_path):
    before = monitoring_counts(hand)
    report = load_roster(hand, [write_bad_roster(tmp_path / "bad")], dry_run=True)
    assert not report.validation.ok and not report.written and report.exit_code == 1
    found = {(p.file, p.row, p.column): p.message for p in report.validation.errors}
    assert set(found) == set(EXPECTED_ERRORS), sorted(set(found) ^ set(EXPECTED_ERRORS))
    for where, part in EXPECTED_ERRORS.items():
        assert part in found[where], (where, found[where])
    rendered = [p.render() for p in report.validation.errors]
    assert any(r.startswith("monitoring.csv:3:") and "核实不纳入日期" in r for r in rendered), rendered[:3]
    rejected = {c.table.name: set(c.rejected) for c in report.validation.checks}
    for table, (_, rows) in BAD.items():
        assert set(range(2, len(rows) + 2)) - rejected[table] == GOOD_ROWS[table], table
    assert monitoring_counts(hand) == before
    strict = load_roster(hand, [tmp_path / "bad"], user="tester")
    assert not strict.written and strict.exit_code == 1 and monitoring_counts(hand) == before


def test_skip_invalid_loads_the_good_rows(hand, tmp_path):
    before = monitoring_counts(hand)
    report = load_roster(
        hand, [write_bad_roster(tmp_path / "bad")], skip_invalid=True, rejects_dir=tmp_path / "rejects"
    )
    assert report.written and report.ok
    after = monitoring_counts(hand)
    assert after["monitoring"] == before["monitoring"] + 1 and after["measures"] == before["measures"] + 1
    m11 = hand.read(
        "MATCH (m:Monitoring {monitoring_id: 'M11|2026-09-10'}) "
        "RETURN m.source AS s, m.risks AS r, m.labor AS l"
    )
    assert m11 == [{"s": "干部排查", "r": "因病、因残", "l": 2}]


def test_a_snapshot_keeps_records_it_no_longer_lists(hand, tmp_path):
    """Both tables are records: a snapshot adds and updates by key, never ends or removes a row."""
    folder = tmp_path / "snap"
    folder.mkdir()
    (folder / "monitoring.csv").write_text(
        "户编号,线索日期,线索来源,识别日期,监测类型,有劳动能力人数\n"
        "M02,2026-11-06,干部排查,2026-11-20,边缘易致贫户,1\n",  # M02 identified: no longer late
        encoding="utf-8",
    )
    (folder / "measures.csv").write_text(
        "户编号,措施类型,开始日期\nM09,就业帮扶,2026-11-21\n", encoding="utf-8"
    )
    before = monitoring_counts(hand)
    report = load_roster(hand, [folder], today=AS_OF, snapshot=SnapshotRequest(AS_OF), progress=False)
    assert report.written, report.refused or [p.render() for p in report.validation.errors[:3]]
    after = monitoring_counts(hand)
    assert after["monitoring"] == before["monitoring"] and after["measures"] == before["measures"] + 1
    assert "M02" not in flagged(hand, "monitor_identify_overdue")
    assert "M09" not in flagged(hand, "monitor_measure_missing")
    assert "M10" in flagged(hand, "monitor_measure_missing")  # its rows, not listed, stay as they were
