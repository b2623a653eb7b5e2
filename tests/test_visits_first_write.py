"""Visits new to the graph are created, not merged (graph/roster/writes.py FirstWrite), with the same graph.

A first load's visits take the faster statement batch by batch, also when a household's visits are
spread over many batches and written side by side (a roster in date order); a batch that meets a visit
of an earlier load takes the usual one. Either way the help pairs keep the latest visit of each kind
(what visit_overdue reads), and a second load changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from loaders.api import load_roster
from tests.helpers.graphs import fresh

AS_OF = dt.date(2026, 11, 22)
BASE = Path(__file__).resolve().parent / "data" / "activity_rules" / "base"
HEADER = ["帮扶责任人编号", "户编号", "走访日期", "方式", "内容"]
PAIRS = [("P01", "H01"), ("P01", "H02"), ("P01", "H03"), ("P02", "H06"), ("P03", "H06"), ("P02", "H07")]
KINDS = ["入户", "电话", "视频"]
PAIR = "p.person_id + '>' + h.household_id + '@' + r.start_key AS pair"  # a help pair, readably


def visits_in_date_order(pairs, months) -> list[list[str]]:
    """Every pair visited each month in turn, kinds rotating: a household's visits in many batches."""
    rows = []
    for month in months:
        for i, (person, household) in enumerate(pairs):
            day = dt.date(2026, month, 1 + i)
            rows.append([person, household, day.isoformat(), KINDS[(month + i) % 3], f"第{month}月"])
    return rows


def roster_with_visits(folder: Path, rows) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "visits.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return folder


def load(graph, *folders, batch_size=2):
    report = load_roster(graph, list(folders), progress=False, today=AS_OF, batch_size=batch_size, writers=2)
    assert report.ok and report.written, report.validation.errors[:3]
    return report.changes


def kept_latest_visits(graph) -> dict:
    rows = graph.read(
        "MATCH (p:Person)-[r:HELPS]->(h:Household) "
        f"RETURN {PAIR}, r.last_visit_kinds AS kinds, r.last_visit_dates AS dates"
    )
    return {row["pair"]: (row["kinds"], [d.isoformat() for d in row["dates"]]) for row in rows}


def latest_visits_from_the_visits(graph) -> dict:
    latest: dict = {}
    for row in graph.read(
        "MATCH (p:Person)-[r:HELPS]->(h:Household) OPTIONAL MATCH (p)-[x:VISITED]->(h) "
        f"RETURN {PAIR}, x.kind AS kind, x.date AS date"
    ):
        kinds = latest.setdefault(row["pair"], {})
        if row["kind"] is not None:
            kinds[row["kind"]] = max(kinds.get(row["kind"], row["date"]), row["date"])
    return {pair: (sorted(k), [k[kind].isoformat() for kind in sorted(k)]) for pair, k in latest.items()}


def visits(graph) -> list[tuple]:
    rows = graph.read(
        "MATCH (p:Person)-[x:VISITED]->(h:Household) "
        "RETURN p.person_id AS p, h.household_id AS h, x.date AS date, x.kind AS kind, x.note AS note, "
        "x.row_hash IS NOT NULL AS hashed, x.created_load IS NOT NULL AS stamped, x.updated_load AS updated"
    )
    return sorted(
        (r["p"], r["h"], r["date"].isoformat(), r["kind"], r["note"], r["hashed"], r["stamped"], r["updated"])
        for r in rows
    )


@pytest.fixture(scope="module")
def base(session_graph):
    fresh(session_graph)
    load(session_graph, BASE)
    return session_graph


def test_a_first_load_creates_its_visits_and_keeps_the_latest_per_help_pair(base, tmp_path):
    first = visits_in_date_order(PAIRS, range(3, 10))  # 42 visits, 21 batches of two, two writers
    changes = load(base, roster_with_visits(tmp_path / "first", first))
    assert changes.first_written["visits"] == len(first) == changes.rels_created["VISITED"]
    assert changes.rels_updated["VISITED"] == 0
    written = visits(base)
    assert len(written) == len(first) and all(v[5] and v[6] and v[7] is None for v in written)
    assert {(v[0], v[1], v[2], v[3], v[4]) for v in written} == {tuple(r) for r in first}
    kept = kept_latest_visits(base)
    assert kept == latest_visits_from_the_visits(base)
    assert kept["P01>H01@2025-01-01"] == (
        ["入户", "电话", "视频"],
        ["2026-09-01", "2026-07-01", "2026-08-01"],
    )

    # the same roster again: every batch meets this first load's visits, and nothing changes
    again = load(base, roster_with_visits(tmp_path / "first", first))
    assert again.first_written["visits"] == 0
    assert again.rels_created["VISITED"] == 0 and again.rels_updated["VISITED"] == 0
    assert visits(base) == written and kept_latest_visits(base) == kept


def test_a_batch_that_meets_an_earlier_visit_is_merged(base, tmp_path):
    # H01–H07 were visited by the first load; H08 and H10 were not. One row a batch: the rows of
    # households visited before take the usual statement (a changed note updates), the others are new.
    later = [
        ["P01", "H01", "2026-10-20", "入户", "十月"],  # a new visit of a household visited before
        ["P01", "H01", "2026-09-01", "入户", "改过的内容"],  # a visit of the first load, its note changed
        ["P02", "H08", "2026-10-21", "入户", "第一次"],
        ["P02", "H10", "2026-11-01", "电话", "第一次"],
        ["P02", "H10", "2026-11-02", "入户", "第二次"],
    ]
    changes = load(base, roster_with_visits(tmp_path / "later", later), batch_size=1)
    assert changes.first_written["visits"] == 3
    assert changes.rels_created["VISITED"] == 4 and changes.rels_updated["VISITED"] == 1
    kept = kept_latest_visits(base)
    assert kept == latest_visits_from_the_visits(base)
    assert kept["P01>H01@2025-01-01"] == (
        ["入户", "电话", "视频"],
        ["2026-10-20", "2026-07-01", "2026-08-01"],
    )
    assert kept["P02>H10@2025-01-01"] == (["入户", "电话"], ["2026-11-02", "2026-11-01"])
    assert [v[4] for v in visits(base) if v[:4] == ("P01", "H01", "2026-09-01", "入户")] == ["改过的内容"]
    assert [v[7] is not None for v in visits(base) if v[:4] == ("P01", "H01", "2026-09-01", "入户")] == [True]


def test_a_load_that_stopped_half_way_is_completed_by_merging(base, tmp_path):
    # the visits of a household written by a load that did not finish (another load's id) are met by
    # the re-run, which merges them: no visit twice
    fresh(base)
    load(base, BASE)
    rows = visits_in_date_order(PAIRS[:2], range(3, 6))
    load(base, roster_with_visits(tmp_path / "half", rows[:3]))
    shutil.rmtree(tmp_path / "half")
    changes = load(base, roster_with_visits(tmp_path / "whole", rows), batch_size=len(rows))
    assert changes.first_written["visits"] == 0 and changes.rels_created["VISITED"] == len(rows) - 3
    assert len(visits(base)) == len(rows)
    assert kept_latest_visits(base) == latest_visits_from_the_visits(base)
