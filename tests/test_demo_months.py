"""`bangfu demo generate --months N`: monthly snapshots that load cleanly, whose turnover is exactly what
the snapshot loads find, deterministic for a seed."""

from __future__ import annotations

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
        # (of the tables a snapshot fingerprints; the activity tables are read again whole)
        fingerprinted = {t: n for t, n in report.unchanged_by_table().items() if n}
        rows = sum(n for t, n in report.rows_by_table().items() if t in fingerprinted)
        unchanged = sum(fingerprinted.values())
        assert 0.9 * rows < unchanged < rows
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
