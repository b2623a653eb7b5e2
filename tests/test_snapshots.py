"""Snapshot loads (shared/spec/snapshots.md) on the sample county's two months, against
shared/sample/snapshots/expected*.json, and the guards: cut files, older dates, scopes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from graph.changes import last_snapshot_summary, snapshot_changes
from graph.coverage import run_coverage
from graph.rules import run_check
from graph.schema import init_schema
from graph.settings import RuleSettings
from loaders.api import load_roster
from loaders.snapshot import SnapshotRefused, SnapshotRequest
from tests.helpers.checks import visible_violations
from tests.helpers.graphs import wipe
from tests.helpers.rosters import bangfu_runner, read_table, write_table

OCT, NOV = dt.date(2026, 10, 31), dt.date(2026, 11, 30)
TOWN_SUNHONG, TOWN_WULAO = "419902101000", "419902102000"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def snaps(sample_dir) -> Path:
    return sample_dir / "snapshots"


@pytest.fixture(scope="module")
def expected(snaps) -> dict:
    return json.loads((snaps / "expected.json").read_text(encoding="utf-8"))


def snapshot(graph, folder, date, **kw):
    scope = kw.pop("scope", None)
    allow = kw.pop("allow_mass_end", False)
    return load_roster(
        graph,
        [folder],
        progress=False,
        snapshot=SnapshotRequest(date, scope=scope, allow_mass_end=allow),
        **kw,
    )


def fresh(graph):
    wipe(graph)
    init_schema(graph)


def assert_check(graph, as_of, want):
    got = run_check(graph, as_of, RuleSettings())
    assert got["summary"] == want["check"]["summary"]
    assert visible_violations(got) == want["check"]["violations"]
    assert run_coverage(graph, "township", as_of) == want["coverage_township"]


BOOKKEEPING = ["Load", "CheckRun", "Finding", "FindingEvent", "AuditEvent", "AuditChain", "SchemaVersion"]


def graph_state(graph) -> tuple:
    """The data a refused (or repeated) snapshot must leave alone: nodes, relationships and their
    properties, without the records of loads and checks (a repeated snapshot is a load, and records
    a check, that happened)."""
    nodes = graph.read(
        "MATCH (n) WHERE none(l IN labels(n) WHERE l IN $b) RETURN count(n) AS n, sum(size(keys(n))) AS p",
        {"b": BOOKKEEPING},
    )[0]
    rels = graph.read(
        "MATCH (a)-[r]->() WHERE none(l IN labels(a) WHERE l IN $b) "
        "RETURN count(r) AS n, sum(size(keys(r))) AS p, count(r.end) AS ends",
        {"b": BOOKKEEPING},
    )[0]
    return tuple(nodes.values()) + tuple(rels.values())


@pytest.fixture(scope="module")
def two_months(session_graph, snaps):
    """The sample county loaded as the snapshot of 2026-10-31 and then of 2026-11-30."""
    fresh(session_graph)
    first = snapshot(session_graph, snaps / "2026-10-31", OCT)
    assert first.written and first.exit_code == 0, first.refused or first.validation.errors
    oct_check = run_check(session_graph, OCT, RuleSettings())
    oct_coverage = run_coverage(session_graph, "township", OCT)
    second = snapshot(session_graph, snaps / "2026-11-30", NOV)
    assert second.written and second.exit_code == 0, second.refused or second.validation.errors
    return {
        "graph": session_graph,
        "first": first,
        "second": second,
        "oct_check": oct_check,
        "oct_coverage": oct_coverage,
    }


def test_the_second_snapshot_reads_only_what_changed(two_months, snaps):
    """Rows the graph holds as they are (their fingerprint) are neither parsed nor written again: all
    but the new rows, and the rows ended before the date (history: not among the scope's active rows)."""
    report = two_months["second"]
    rows, unchanged = report.rows_by_table(), report.unchanged_by_table()
    _, pairs = read_table(snaps / "2026-11-30", "help_pairs")
    history = [p for p in pairs if p["end_date"] and p["end_date"] < NOV.isoformat()]
    assert len(history) == 2
    assert unchanged["help_pairs"] == rows["help_pairs"] - 3 - len(history)
    assert unchanged["households"] == rows["households"] - 1
    assert unchanged["people"] == rows["people"] and unchanged["benefits"] == rows["benefits"]
    assert report.changes.rows_written["help_pairs"] == 3 + len(history)
    assert not two_months["first"].unchanged_by_table()


def test_after_the_first_snapshot(two_months, expected):
    want = expected["after-2026-10-31"]
    assert two_months["oct_check"]["summary"] == want["check"]["summary"]
    assert visible_violations(two_months["oct_check"]) == want["check"]["violations"]
    assert two_months["oct_coverage"] == want["coverage_township"]


def test_after_both_snapshots(two_months, expected):
    assert_check(two_months["graph"], NOV, expected["after-2026-11-30"])


def test_an_earlier_date_after_both_gives_the_earlier_state(two_months, expected):
    assert_check(two_months["graph"], dt.date(2026, 11, 15), expected["after-2026-11-30-as-of-2026-11-15"])


def test_changes_of_the_second_snapshot(two_months, snaps):
    want = json.loads((snaps / "expected-changes.json").read_text(encoding="utf-8"))
    items = snapshot_changes(two_months["graph"], since=NOV, until=NOV)
    assert len(items) == 1
    got = items[0]
    assert got["snapshot"] == want["snapshot"]
    for kind in ("ended", "started"):
        assert list(got[kind]) == list(want[kind])  # the spec's table order
        for table in want[kind]:
            assert sorted(got[kind][table]) == sorted(want[kind][table]), (kind, table)
    assert got["households_removed"] == want["households_removed"]
    assert got["households_added"] == want["households_added"]
    assert got["names"]["Person"]["P00017"] == "熊燕"
    # the Load node records the snapshot
    load = two_months["graph"].read(
        "MATCH (l:Load {load_id: $id}) "
        "RETURN l.snapshot_date AS d, l.scope AS s, l.ended AS e, l.removed AS r",
        {"id": two_months["second"].load_id},
    )[0]
    assert (load["d"].iso_format(), load["s"], load["e"], load["r"]) == ("2026-11-30", "419902000000", 16, 1)
    summary = last_snapshot_summary(two_months["graph"])
    assert summary["snapshot"] == "2026-11-30"
    assert summary["counts"]["help_pairs"] == {"started": 3, "ended": 13, "closed": 0}
    assert summary["counts"]["households"] == {"added": 1, "removed": 1}


def test_first_snapshot_counts_what_it_starts_without_listing_it(two_months):
    first = snapshot_changes(two_months["graph"], until=OCT)[0]
    assert first["unlisted_started"] == ["help_pairs", "assignments", "posts"]
    assert first["started"]["help_pairs"] == [] and first["counts"]["help_pairs"]["started"] == 683
    assert first["households_added"] == []  # the baseline: every household, not listed


def test_region_filter_of_changes(two_months):
    wulao = snapshot_changes(two_months["graph"], since=NOV, region=TOWN_WULAO)[0]
    assert all(not rows for rows in wulao["ended"].values()) and not wulao["households_removed"]
    sunhong = snapshot_changes(two_months["graph"], since=NOV, region=TOWN_SUNHONG)[0]
    assert len(sunhong["ended"]["help_pairs"]) == 13 and sunhong["households_removed"] == ["4199021012010006"]


def test_loading_the_second_again_changes_nothing(two_months, snaps, expected):
    graph = two_months["graph"]
    before = graph_state(graph)
    again = snapshot(graph, snaps / "2026-11-30", NOV)
    assert again.written and again.exit_code == 0
    plan = again.snapshot
    assert all(not d.started and not d.ended and not d.closed for d in plan.tables.values())
    assert not plan.households_added and not plan.households_removed
    c = again.changes
    for counter in (
        c.nodes_created,
        c.nodes_updated,
        c.rels_created,
        c.rels_updated,
        c.rels_deleted,
        c.properties_changed,
        c.snapshot_ended,
    ):
        assert not any(counter.values()), counter
    assert graph_state(graph) == before
    assert_check(graph, NOV, expected["after-2026-11-30"])


def loads_and_checks(graph) -> tuple:
    return tuple(
        graph.read(
            "MATCH (l:Load) WITH count(l) AS loads MATCH (r:CheckRun) RETURN loads, count(r) AS checks"
        )[0].values()
    )


def test_cut_snapshot_is_refused_and_writes_nothing(two_months, snaps):
    graph = two_months["graph"]
    before, records = graph_state(graph), loads_and_checks(graph)
    report = snapshot(graph, snaps / "bad-2026-11-30", NOV)
    assert report.exit_code == 2 and not report.written
    assert "help_pairs" in report.refused and "snapshot_max_end_share" in report.refused
    assert "households" not in report.refused.split("超过设置")[0]
    assert graph_state(graph) == before
    dry = snapshot(graph, snaps / "bad-2026-11-30", NOV, dry_run=True)
    assert dry.exit_code == 2 and len(dry.snapshot.tables["help_pairs"].ended) > 300
    assert graph_state(graph) == before and loads_and_checks(graph) == records


def test_older_snapshot_after_a_newer_one_is_refused(two_months, snaps):
    graph = two_months["graph"]
    before, records = graph_state(graph), loads_and_checks(graph)
    report = snapshot(graph, snaps / "2026-10-31", OCT)
    assert report.exit_code == 2 and not report.written
    assert "2026-10-31" in report.refused and "2026-11-30" in report.refused
    # a township of the county cannot go back either
    town = snapshot(graph, snaps / "2026-10-31", OCT, scope=TOWN_WULAO)
    assert town.exit_code == 2 and "早于已导入的快照" in town.refused
    assert graph_state(graph) == before and loads_and_checks(graph) == records


# -- on a graph of their own ---------------------------------------------------------------------------


def test_mass_end_allowed_is_recorded(graph, snaps):
    assert snapshot(graph, snaps / "2026-10-31", OCT).written
    report = snapshot(graph, snaps / "bad-2026-11-30", NOV, allow_mass_end=True)
    assert report.written and report.exit_code == 0 and report.snapshot.mass_end_allowed
    allowed = graph.read("MATCH (l:Load {load_id: $id}) RETURN l.allow_mass_end AS a", {"id": report.load_id})
    assert allowed[0]["a"] is True


def test_a_township_snapshot_ends_rows_of_that_township_only(graph, snaps, tmp_path):
    assert snapshot(graph, snaps / "2026-10-31", OCT).written
    header, pairs = read_table(snaps / "2026-10-31", "help_pairs")
    _, households = read_table(snaps / "2026-10-31", "households")
    village_of = {h["household_id"]: h["village_code"] for h in households}
    sunhong = [p for p in pairs if village_of[p["household_id"]].startswith("419902101")]
    dropped = [p for p in sunhong if p["person_id"] == "P00017"]
    assert dropped and len(dropped) < 0.2 * len(sunhong)
    folder = tmp_path / "town"
    write_table(folder, "help_pairs", header, [p for p in sunhong if p["person_id"] != "P00017"])
    active = (
        "MATCH (:Township {code: $t})<-[:PART_OF]-(:Village)<-[:LIVES_IN]-(:Household)<-[r:HELPS]-() "
        "WHERE r.end IS NULL OR r.end >= $d RETURN count(r) AS n"
    )
    wulao_before = graph.read(active, {"t": TOWN_WULAO, "d": NOV})[0]["n"]
    sunhong_before = graph.read(active, {"t": TOWN_SUNHONG, "d": NOV})[0]["n"]
    # help pairs alone: no regions table, and every household in one county, but the scope is narrower
    report = snapshot(graph, folder, NOV, scope=TOWN_SUNHONG)
    assert report.written, report.refused
    assert len(report.snapshot.tables["help_pairs"].ended) == len(dropped)
    assert "assignments" not in report.snapshot.tables  # not in the roster: nothing ended
    assert graph.read(active, {"t": TOWN_WULAO, "d": NOV})[0]["n"] == wulao_before
    assert graph.read(active, {"t": TOWN_SUNHONG, "d": NOV})[0]["n"] == sunhong_before - len(dropped)
    ended = graph.read(
        "MATCH (:Person {person_id: 'P00017'})-[r:HELPS]->() RETURN collect(DISTINCT r.end) AS e"
    )
    assert [d.to_native() for d in ended[0]["e"]] == [dt.date(2026, 11, 29)]
    # the same file as the county's snapshot would have ended the whole other township: refused
    county = snapshot(graph, folder, dt.date(2026, 12, 31), dry_run=True)
    assert county.exit_code == 2 and "help_pairs" in county.refused


def test_default_scope_needs_one_county(graph, snaps, tmp_path):
    folder = tmp_path / "two"
    header, regions = read_table(snaps / "2026-10-31", "regions")
    write_table(
        folder, "regions", header, regions + [{**regions[0], "code": "419903000000", "name": "另一县"}]
    )
    with pytest.raises(SnapshotRefused, match="--scope"):
        snapshot(graph, folder, OCT)
    with pytest.raises(SnapshotRefused, match="不是已知的区划代码"):
        snapshot(graph, snaps / "2026-10-31", OCT, scope="419999999999")


def test_a_household_that_leaves_and_comes_back(graph, snaps, tmp_path):
    """Removed by one snapshot, listed again by a later one: off the roster in between, on it before
    and after; its status change is recorded as a property change."""
    assert snapshot(graph, snaps / "2026-10-31", OCT).written
    assert snapshot(graph, snaps / "2026-11-30", NOV).written
    gone = "4199021012010006"
    header, households = read_table(snaps / "2026-10-31", "households")
    back = next(h for h in households if h["household_id"] == gone)
    _, nov_households = read_table(snaps / "2026-11-30", "households")
    dec = tmp_path / "dec"
    changed = [
        dict(h, status="已脱贫", exit_year="2026") if h["household_id"] == "4199021012010001" else h
        for h in nov_households
    ]
    write_table(dec, "households", header, changed + [back])
    report = snapshot(graph, dec, dt.date(2026, 12, 31))
    assert report.written and report.snapshot.households_added == [gone]

    def in_scope(day):
        return run_check(graph, day, RuleSettings(), rules=["help_pair"])["summary"]["households_in_scope"]

    assert (
        in_scope(dt.date(2026, 11, 15)),
        in_scope(dt.date(2026, 12, 15)),
        in_scope(dt.date(2027, 1, 5)),
    ) == (634, 634, 635)
    spans = graph.read(
        "MATCH (:Household {household_id: $h})-[l:LIVES_IN]->() "
        "RETURN l.start_key AS k, l.end AS e ORDER BY k",
        {"h": gone},
    )
    assert [(s["k"], s["e"] and s["e"].iso_format()) for s in spans] == [
        ("", "2026-11-29"),
        ("2026-12-31", None),
    ]
    dec_item = snapshot_changes(graph, since=dt.date(2026, 12, 31))[0]
    status = [
        c for c in dec_item["properties"] if c["key"] == "4199021012010001" and c["property"] == "status"
    ]
    assert status == [
        {
            "label": "Household",
            "key": "4199021012010001",
            "property": "status",
            "old": "未脱贫",
            "new": "已脱贫",
        }
    ]
    # the same December roster again: nothing
    again = snapshot(graph, dec, dt.date(2026, 12, 31))
    assert not again.snapshot.households_added and not any(again.changes.properties_changed.values())


def test_a_row_changed_by_another_load_is_read_again(graph, snaps, tmp_path):
    """An ordinary load between two snapshots changes a household: the next snapshot, which lists the
    household as it was, is not fooled by the fingerprint and writes it back."""
    assert snapshot(graph, snaps / "2026-10-31", OCT).written
    header, households = read_table(snaps / "2026-10-31", "households")
    target = next(h for h in households if h["status"] == "未脱贫")
    fix = tmp_path / "fix"
    write_table(fix, "households", header, [dict(target, status="已脱贫", exit_year="2026")])
    assert load_roster(graph, [fix], progress=False).written
    status = "MATCH (h:Household {household_id: $h}) RETURN h.status AS s"
    assert graph.read(status, {"h": target["household_id"]})[0]["s"] == "已脱贫"
    again = snapshot(graph, snaps / "2026-10-31", OCT)
    assert again.written and again.unchanged_by_table()["households"] == len(households) - 1
    assert graph.read(status, {"h": target["household_id"]})[0]["s"] == "未脱贫"


def test_personal_values_are_not_recorded(graph, snaps, tmp_path):
    assert snapshot(graph, snaps / "2026-10-31", OCT).written
    header, people = read_table(snaps / "2026-10-31", "people")
    person = next(p for p in people if p["phone"])
    folder = tmp_path / "people"
    write_table(folder, "people", header, [dict(person, phone="13800138000")])
    report = load_roster(graph, [folder], progress=False)
    assert report.written and report.changes.properties_changed["Person"] == 1
    rows = graph.read(
        "MATCH (c:Change {kind: 'property', key: $k}) RETURN c.property AS p, c.old AS o, c.new AS n",
        {"k": person["person_id"]},
    )
    assert rows == [{"p": "phone", "o": None, "n": None}]


def test_cli_snapshot_and_changes(graph, snaps, neo4j_settings, tmp_path):
    run = bangfu_runner(neo4j_settings, tmp_path, "snapshot_max_end_share = 0.25")

    ok = run("load", "--snapshot", "2026-10-31", str(snaps / "2026-10-31"))
    assert ok.returncode == 0, ok.stderr
    assert "这是该范围的第一次快照" in ok.stdout
    dry = run("load", "--snapshot", "2026/11/30", "--dry-run", str(snaps / "2026-11-30"))
    assert dry.returncode == 0 and "将结束 13" in dry.stdout and "4199021012010006" in dry.stdout
    bad = run("load", "--snapshot", "2026-11-30", str(snaps / "bad-2026-11-30"))
    assert bad.returncode == 2 and "help_pairs" in bad.stderr and "0.25" in bad.stderr
    assert run("load", "--scope", TOWN_WULAO, str(snaps / "2026-11-30")).returncode == 2  # --scope alone
    assert run("load", "--snapshot", "2026-11-31", str(snaps / "2026-11-30")).returncode == 2
    assert run("load", "--snapshot", "2026-11-30", str(snaps / "2026-11-30")).returncode == 0
    text = run("changes", "--since", "2026-11-01")
    assert text.returncode == 0 and "熊燕 帮扶" in text.stdout and "移出 1" in text.stdout
    data = json.loads(run("changes", "--format", "json").stdout)
    assert [i["snapshot"] for i in data] == ["2026-10-31", "2026-11-30"]
    xlsx = tmp_path / "c.xlsx"
    assert run("changes", "--format", "xlsx", "-o", str(xlsx)).returncode == 0
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert [c.value for c in sheet[2]][:6] == ["快照日期", "范围", "导入批次", "变动", "表", "内容"]
    assert sheet.max_row == 2 + 13 + 3 + 2 + 2 + 1 + 1 + 1
    assert run("changes", "--region", "nope").returncode == 2
