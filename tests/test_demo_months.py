"""`bangfu demo generate --months N`: monthly snapshots that load cleanly, whose turnover is exactly what
the snapshot loads find, deterministic for a seed."""

from __future__ import annotations

import csv
import datetime as dt
import filecmp

import pytest

from loaders.api import load_roster
from loaders.demo.months import generate_months, month_ends
from loaders.demo.output import TABLES
from loaders.snapshot import SnapshotRequest


def test_month_ends():
    assert month_ends(dt.date(2026, 12, 1), 3) == [
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 31),
        dt.date(2026, 11, 30),
    ]
    assert month_ends(dt.date(2026, 2, 28), 2) == [dt.date(2026, 1, 31), dt.date(2026, 2, 28)]


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    out = tmp_path_factory.mktemp("months")
    return generate_months(out, 1500, 3, seed=7, as_of=dt.date(2026, 11, 30))


def test_same_seed_same_files(months, tmp_path):
    again = generate_months(tmp_path, 1500, 3, seed=7, as_of=dt.date(2026, 11, 30))
    for a, b in zip(months.folders, again.folders):
        names = sorted(p.name for p in a.iterdir())
        assert names == sorted(p.name for p in b.iterdir())
        assert names == sorted(f"{t}.csv" for t in TABLES)  # every table (monitoring.md's two: a header)
        match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
        assert not mismatch and not errors


@pytest.mark.slow
def test_each_month_loads_and_its_turnover_is_what_the_snapshot_finds(graph, months):
    first = load_roster(graph, [months.folders[0]], progress=False, snapshot=SnapshotRequest(months.dates[0]))
    assert first.written and first.validation.ok and first.exit_code == 0
    for date, folder, changed in zip(months.dates[1:], months.folders[1:], months.changed):
        report = load_roster(graph, [folder], progress=False, snapshot=SnapshotRequest(date))
        assert report.validation.ok, report.validation.errors[:5]
        assert report.written and report.exit_code == 0, report.refused
        plan = report.snapshot
        assert plan.households_removed and len(plan.households_removed) == changed["households_vanished"]
        assert len(plan.households_added) == changed["households_appeared"] == changed["households_joined"]
        for table in ("help_pairs", "assignments", "posts", "reserve_cadres"):
            diff = plan.tables[table]
            assert len(diff.ended) == changed[f"{table}_vanished"], table
            assert len(diff.started) == changed[f"{table}_appeared"], table
        assert changed["help_pairs_vanished"] >= changed["help_pairs_of_transferred"] > 0
        # about 2 % of the rows changed, most of them read again; the rest were skipped
        fingerprinted = {t: n for t, n in report.unchanged_by_table().items() if n}
        rows = sum(n for t, n in report.rows_by_table().items() if t in fingerprinted)
        unchanged = sum(fingerprinted.values())
        assert 0.9 * rows < unchanged < rows
        # visits too (history: the scope's fingerprints): every visit the month before listed is
        # skipped, only the month's new ones are read and written
        assert fingerprinted["visits"] == report.rows_by_table()["visits"] - changed["visits_added"]
    # visits accumulate: every month adds about one a household, and none is ended or lost
    visits = graph.read("MATCH ()-[w:VISITED]->() RETURN count(w) AS n, max(w.date) AS last")[0]
    added = [c["visits_added"] for c in months.changed]
    assert all(a > 1000 for a in added)  # about one a household a month (1,500 households)
    assert visits["n"] == months.first.rows["visits"] + sum(added)
    assert visits["last"].to_native() > months.dates[-2]
    # households that joined are on the roster from their month on
    joined = graph.read(
        "MATCH (h:Household)-[l:LIVES_IN]->() WHERE l.start IS NOT NULL "
        "RETURN min(l.start) AS first, count(*) AS n"
    )[0]
    assert joined["n"] == sum(c["households_joined"] for c in months.changed)
    assert joined["first"].to_native() == months.dates[1]


def _rows(folder, table: str) -> list[dict]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_monitoring_cases_move_through_the_cycle(months):
    """防止返贫监测 across the snapshots (monitoring.md): a clue of one month is identified (with a help
    measure) or dismissed in a later one, and risks are eliminated (their measures ended that day);
    rows are records: none vanishes while its household stays, and its key never changes."""
    first, last = months.folders[0], months.folders[-1]
    before = {(m["户编号"], m["线索日期"]): m for m in _rows(first, "monitoring")}
    after = {(m["户编号"], m["线索日期"]): m for m in _rows(last, "monitoring")}
    households = {h["户编号"]: h for h in _rows(last, "households")}
    assert {k for k in before if k[0] in households} <= set(after)
    new = {k: m for k, m in after.items() if k not in before}
    # (less those of households that left the roster since)
    assert 0 < len(new) <= sum(c["monitoring_clues"] for c in months.changed)
    # clues of a later month, decided within days: identified (with a measure) or dismissed
    measures = _rows(last, "measures")
    measured = {x["户编号"] for x in measures}
    identified = [m for m in new.values() if m["识别日期"]]
    assert identified and all(m["户编号"] in measured for m in identified)
    assert all(m["监测类型"] and m["风险类型"] for m in identified)
    assert all(
        households[m["户编号"]]["户状态"] == "监测对象" for m in identified if m["户编号"] in households
    )
    for m in identified:
        days = (dt.date.fromisoformat(m["识别日期"]) - dt.date.fromisoformat(m["线索日期"])).days
        assert 0 < days
    # clues waiting in the first month are decided later
    waiting = [k for k, m in before.items() if not m["识别日期"] and not m["核实不纳入日期"] and k in after]
    assert any(after[k]["识别日期"] or after[k]["核实不纳入日期"] for k in waiting)
    # risks eliminated in a later month, on a case monitored in the first; its measures end that day
    eliminated = [
        k for k, m in after.items() if m["风险消除日期"] and k in before and not before[k]["风险消除日期"]
    ]
    assert eliminated
    assert len(eliminated) <= sum(c["monitoring_eliminated"] for c in months.changed)
    for hid, clue in eliminated:
        day = after[(hid, clue)]["风险消除日期"]
        assert day > months.dates[0].isoformat()
        assert all(x["结束日期"] and x["结束日期"] <= day for x in measures if x["户编号"] == hid)
