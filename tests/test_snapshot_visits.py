"""A snapshot skips the visits (走访记录, history) it lists as the graph holds them, by their fingerprints
(loaders/fingerprint.py), and still finds every repeated visit, at the row an ordinary load names."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from loaders.api import load_roster
from loaders.demo.months import generate_months
from loaders.snapshot import SnapshotRequest
from tests.helpers.rosters import read_table, write_table


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    return generate_months(tmp_path_factory.mktemp("months"), 300, 2, seed=3, as_of=dt.date(2026, 11, 30))


def test_unchanged_visits_are_skipped_and_repeats_still_found(graph, months, tmp_path):
    first = load_roster(graph, [months.folders[0]], progress=False, snapshot=SnapshotRequest(months.dates[0]))
    assert first.written and first.validation.ok
    held = graph.read("MATCH ()-[v:VISITED]->() RETURN count(v) AS n, count(v.row_hash) AS hashed")[0]
    assert held["n"] == held["hashed"] > 1000

    nov = tmp_path / "nov"
    shutil.copytree(months.folders[1], nov)
    header, rows = read_table(nov, "visits")
    # a visit first in the file naming what a later, unchanged row names (that one is the repeat), and
    # one at the end repeating an unchanged row (with another note)
    repeated = [dict(rows[5], note="补录"), *rows, dict(rows[20], note="重复录入")]
    write_table(nov, "visits", header, repeated)

    snap = load_roster(graph, [nov], progress=False, snapshot=SnapshotRequest(months.dates[1]), dry_run=True)
    ordinary = load_roster(graph, [nov], progress=False, dry_run=True)
    skipped = snap.unchanged_by_table()["visits"]
    assert 0.8 * len(repeated) < skipped < len(repeated)
    assert ordinary.unchanged_by_table().get("visits", 0) == 0
    # the same problems, in the same order, as when every row is read
    assert [p.render() for p in snap.validation.errors] == [p.render() for p in ordinary.validation.errors]
    found = {(p.row, p.message.split("：")[0]) for p in snap.validation.errors}
    assert (8, "与第 2 行重复") in found  # rows[5] is row 8 now, after the row put first
    assert (len(repeated) + 1, "与第 23 行重复") in found  # rows[20] is row 23
    assert len(snap.validation.errors) == 2

    # loaded: only the new visits are written; the graph then holds every row of the month
    nov_clean = tmp_path / "nov-clean"
    shutil.copytree(months.folders[1], nov_clean)
    loaded = load_roster(graph, [nov_clean], progress=False, snapshot=SnapshotRequest(months.dates[1]))
    assert loaded.written and loaded.validation.ok
    _, listed = read_table(nov_clean, "visits")
    now = graph.read("MATCH ()-[v:VISITED]->() RETURN count(v) AS n, count(v.row_hash) AS hashed")[0]
    assert now["n"] == now["hashed"] >= len(listed)
    assert loaded.unchanged_by_table()["visits"] + months.changed[0]["visits_added"] == len(listed)
