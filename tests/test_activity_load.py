"""Loading the six activity tables (shared/spec/activity-tables.md) into a real Neo4j.

One module fixture loads the activity sample once; the tests after it read that graph, validate bad
rosters against it (dry runs: references resolve in the graph, nothing is written) and, last, write a
few rows of their own (--skip-invalid, snapshots). Tests run in file order.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from graph.tables import ACTIVITY_TABLES, TABLES_BY_NAME
from loaders.api import load_roster
from tests.helpers.graphs import fresh

ACTIVITY_LABELS = ("Inspection", "Evaluation", "VillageIndicator")
ACTIVITY_TYPES = (
    "VISITED",
    "RESERVE_CADRE_OF",
    "TALENT_OF",
    "INSPECTED_BY",
    "INSPECTS",
    "EVALUATES",
    "EVALUATED_BY",
    "INDICATOR_OF",
)


def rows_of(folder: Path, table: str) -> list[dict]:
    """A table's rows keyed by English column names (the sample has Chinese headers)."""
    english = {c.zh: c.name for c in TABLES_BY_NAME[table].columns}
    with open(folder / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
        return [{english[k]: v for k, v in row.items()} for row in csv.DictReader(fh)]


def canonical(table: str, column: str, text: str) -> str:
    return TABLES_BY_NAME[table].column(column).vocab.lookup(text)


def expected(folder: Path) -> tuple[Counter, Counter]:
    """What the six tables must give, worked out from the CSVs themselves."""
    visits = rows_of(folder, "visits")
    reserve = rows_of(folder, "reserve_cadres")
    talents = rows_of(folder, "talents")
    inspections = rows_of(folder, "inspections")
    evaluations = rows_of(folder, "evaluations")
    indicators = rows_of(folder, "village_indicators")
    labels = Counter(
        {
            "Inspection": len({r["inspection_id"] for r in inspections}),
            "Evaluation": len({(r["person_id"], r["year"], r["role"]) for r in evaluations}),
            "VillageIndicator": len({(r["village_code"], r["year"]) for r in indicators}),
        }
    )
    rels = Counter(
        {
            "VISITED": len(
                {
                    (r["person_id"], r["household_id"], r["date"], canonical("visits", "kind", r["kind"]))
                    for r in visits
                }
            ),
            "RESERVE_CADRE_OF": len({(r["person_id"], r["village_code"], r["start_date"]) for r in reserve}),
            "TALENT_OF": len({(r["person_id"], r["home_village_code"]) for r in talents}),
            "INSPECTED_BY": len(inspections),
            "INSPECTS": len(inspections),
            "EVALUATES": len(evaluations),
            "EVALUATED_BY": sum(bool(r["unit_code"]) for r in evaluations),
            "INDICATOR_OF": len(indicators),
        }
    )
    return labels, rels


def activity_counts(graph) -> tuple[Counter, Counter]:
    labels = Counter(
        {
            r["l"]: r["c"]
            for r in graph.read(
                "MATCH (n) UNWIND labels(n) AS l WITH l WHERE l IN $labels RETURN l, count(*) AS c",
                {"labels": list(ACTIVITY_LABELS)},
            )
        }
    )
    rels = Counter(
        {
            r["t"]: r["c"]
            for r in graph.read(
                "MATCH ()-[r]->() WHERE type(r) IN $types RETURN type(r) AS t, count(*) AS c",
                {"types": list(ACTIVITY_TYPES)},
            )
        }
    )
    return labels, rels


@pytest.fixture(scope="module")
def roster(sample_dir) -> Path:
    return sample_dir / "activity" / "roster"


@pytest.fixture(scope="module")
def loaded(session_graph, roster):
    """The activity sample, loaded once into an empty graph."""
    graph = fresh(session_graph)
    report = load_roster(graph, [roster], batch_size=500, user="tester")
    assert report.validation.ok and report.written, [p.render() for p in report.validation.errors[:5]]
    return graph, report


# -- the sample ------------------------------------------------------------------------------------


def test_the_six_tables_load_with_counts_from_the_csvs(loaded, roster):
    graph, report = loaded
    labels, rels = activity_counts(graph)
    exp_labels, exp_rels = expected(roster)
    assert labels == exp_labels
    assert rels == exp_rels
    rows = report.rows_by_table()
    for table in ACTIVITY_TABLES:
        assert report.changes.rows_written[table] == rows[table] == len(rows_of(roster, table))
    assert not report.changes.unmatched


def test_values_are_typed_and_vocabularies_canonical(loaded):
    graph, _ = loaded
    visit = graph.read(
        "MATCH (:Person {person_id: 'P00017'})-[v:VISITED]->(:Household {household_id: '4199021012010001'}) "
        "WHERE v.date = date('2026-11-02') RETURN v.kind AS kind, v.note AS note, v.created_load AS load"
    )
    assert visit == [{"kind": "入户", "note": "政策宣讲", "load": visit[0]["load"]}] and visit[0]["load"]
    # the English alias `home` is stored as its Chinese word
    kinds = {r["k"] for r in graph.read("MATCH ()-[v:VISITED]->() RETURN DISTINCT v.kind AS k")}
    assert kinds <= {"入户", "电话", "视频", "其他"} and "入户" in kinds
    # the grade alias 差 is stored as 不称职, 较好 as 称职
    grades = graph.read(
        "MATCH (e:Evaluation)-[:EVALUATES]->(p:Person) WHERE e.evaluation_id IN $ids "
        "RETURN e.evaluation_id AS id, e.grade AS grade, e.year AS year, p.person_id AS person",
        {"ids": ["P00037|2025|第一书记", "P00051|2025|工作队长"]},
    )
    assert sorted((g["id"], g["grade"], g["year"], g["person"]) for g in grades) == [
        ("P00037|2025|第一书记", "不称职", 2025, "P00037"),
        ("P00051|2025|工作队长", "称职", 2025, "P00051"),
    ]
    assert {r["g"] for r in graph.read("MATCH (e:Evaluation) RETURN DISTINCT e.grade AS g")} <= {
        "优秀",
        "称职",
        "基本称职",
        "不称职",
    }
    inspection = graph.read(
        "MATCH (o:Organization)<-[:INSPECTED_BY]-(i:Inspection {inspection_id: 'DC2026001'})"
        "-[:INSPECTS]->(v:Village) "
        "RETURN i.date AS date, i.result AS result, i.subject_type AS type, v.code AS village, o.code AS unit"
    )
    assert [(r["date"].to_native(), r["result"], r["type"], r["village"], r["unit"]) for r in inspection] == [
        (dt.date(2026, 11, 2), "发现问题", "村", "419902101204", "D002")
    ]
    cadre = graph.read(
        "MATCH (:Person {person_id: 'P00018'})-[r:RESERVE_CADRE_OF]->(v:Village) "
        "RETURN r.start AS start, r.end AS end, r.source AS source, v.code AS village"
    )
    assert [(r["start"].to_native(), r["end"].to_native(), r["source"], r["village"]) for r in cadre] == [
        (dt.date(2023, 3, 1), dt.date(2026, 10, 13), "返乡创业", "419902101210")
    ]
    talent = graph.read(
        "MATCH (:Person {person_id: 'P00014'})-[t:TALENT_OF]->(v:Village) "
        "RETURN t.kind AS kind, t.amount AS amount, t.last_contact AS contact, v.code AS village"
    )
    assert [(r["kind"], r["amount"], r["contact"].to_native(), r["village"]) for r in talent] == [
        ("在外人才", 5000.0, dt.date(2026, 1, 26), "419902102208")
    ]
    indicators = graph.read(
        "MATCH (x:VillageIndicator)-[:INDICATOR_OF]->(v:Village {code: '419902101204'}) "
        "RETURN x.indicator_id AS id, x.year AS year, x.collective_income AS income, x.service_center AS sc "
        "ORDER BY year"
    )
    assert [(r["id"], r["year"], r["income"], r["sc"]) for r in indicators][:2] == [
        ("419902101204|2024", 2024, 27.6, "达标"),
        ("419902101204|2025", 2025, 3.2, "示范"),
    ]


def test_a_second_load_changes_nothing(loaded, roster):
    graph, _ = loaded
    before = activity_counts(graph)
    report = load_roster(graph, [roster], batch_size=500, user="tester")
    assert report.validation.ok and report.written
    assert activity_counts(graph) == before
    changes = report.changes
    assert not +changes.nodes_created and not +changes.rels_created and not +changes.rels_deleted
    assert not +changes.nodes_updated and not +changes.rels_updated and not +changes.properties_changed
