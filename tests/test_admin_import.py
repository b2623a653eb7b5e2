"""`bangfu export admin-import` + `bangfu db import` give the graph `bangfu load` gives.

The sample county with its activity and monitoring tables (shared/sample/monitoring/roster: the first
sample plus visits, reserve cadres, talents, inspections, evaluations and indicators, and 监测对象 and
帮扶措施) goes both ways: `bangfu load`
into the session server, the bulk importer into a private server of this module (its own data folder
and port). Then the counts per label and type,
every node's labels and properties, every relationship's properties (except load ids and times) and
the `check` output at 2026-11-22 must be equal.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from collections import Counter

import pytest
from click.testing import CliRunner

from bangfu.cli import cli
from graph import server
from graph.bulk_import import run_import
from graph.connection import Graph
from graph.errors import ServerError
from graph.import_folder import read_manifest
from graph.rules import run_check
from graph.schema import init_schema
from graph.settings import RuleSettings
from loaders.admin_import.export import AdminImportError, export_admin_import
from loaders.api import load_roster
from tests.helpers.graphs import session_ring, wipe

AS_OF = dt.date(2026, 11, 22)
# The ledger's own records (found at load time: 督查发现问题): compared by (rule, subject, status) and
# counts, not by their timestamps and ids.
LEDGER = ("Finding", "FindingEvent")
VARYING = {
    "created_load",
    "updated_load",
    "load_id",
    "started_at",
    "finished_at",
    "applied_at",
    "row_hash",
}  # row_hash: the fingerprint of the file row a load wrote (the importer writes none)


def _plain(value):
    return f"{type(value).__name__}:{value}"


def snapshot(graph: Graph) -> dict:
    labels = Counter(
        {r["l"]: r["c"] for r in graph.read("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS c")}
    )
    types = Counter(
        {r["t"]: r["c"] for r in graph.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c")}
    )
    key = (
        "coalesce(%s.code, %s.person_id, %s.household_id, %s.enterprise_id, %s.load_id, %s.name,"
        " %s.inspection_id, %s.evaluation_id, %s.indicator_id, %s.monitoring_id, %s.measure_id)"
    )
    nodes = sorted(
        json.dumps(
            [sorted(r["labels"]), {k: v for k, v in r["props"].items() if k not in VARYING}],
            sort_keys=True,
            default=_plain,
            ensure_ascii=False,
        )
        for r in graph.read(
            f"MATCH (n) WHERE NOT n:{' AND NOT n:'.join(LEDGER)} "
            "RETURN labels(n) AS labels, properties(n) AS props"
        )
    )
    rels = sorted(
        json.dumps(
            [
                r["type"],
                sorted(r["a"]),
                r["ka"],
                sorted(r["b"]),
                r["kb"],
                {k: v for k, v in r["props"].items() if k not in VARYING},
            ],
            sort_keys=True,
            default=_plain,
            ensure_ascii=False,
        )
        for r in graph.read(
            f"MATCH (a)-[r]->(b) WHERE NOT a:{' AND NOT a:'.join(LEDGER)} "
            "RETURN type(r) AS type, labels(a) AS a, labels(b) AS b, "
            f"{key % (('a',) * 11)} AS ka, {key % (('b',) * 11)} AS kb, "
            "properties(r) AS props"
        )
    )
    findings = sorted(
        (r["rule"], r["subject"], r["status"])
        for r in graph.read(
            "MATCH (f:Finding) RETURN f.rule AS rule, f.subject_id AS subject, f.status AS status"
        )
    )
    provenance = graph.read("MATCH (l:Load) RETURN l.load_id AS id")
    unprovenanced = graph.read(
        "MATCH (n) WHERE NOT n:Load AND NOT n:SchemaVersion AND NOT n:Finding AND NOT n:FindingEvent"
        " AND n.created_load IS NULL RETURN count(n) AS c"
    )[0]["c"]
    return {
        "labels": labels,
        "types": types,
        "nodes": nodes,
        "rels": rels,
        "findings": findings,
        "loads": len(provenance),
        "unprovenanced": unprovenanced,
        "check": run_check(graph, AS_OF, RuleSettings()),
    }


@pytest.fixture(scope="module")
def activity_roster(sample_dir, tmp_path_factory):
    """The monitoring sample (the activity sample with both monitoring tables), with inspections of a
    person and of a unit besides villages."""
    roster = tmp_path_factory.mktemp("activity") / "roster"
    shutil.copytree(sample_dir / "monitoring" / "roster", roster)
    with open(roster / "inspections.csv", "a", encoding="utf-8", newline="") as fh:
        fh.write("DC2026101,2026-11-03,D002,人员,P00017,到岗检查,发现问题,不在岗,到岗\n")
        fh.write("DC2026102,2026-11-04,D002,单位,U001,专项督查,合格,,\n")
    return roster


@pytest.fixture(scope="module")
def loaded_snapshot(session_graph, activity_roster):
    wipe(session_graph)
    init_schema(session_graph)
    report = load_roster(session_graph, [activity_roster], progress=False)
    assert report.ok and report.written
    return snapshot(session_graph)


@pytest.fixture(scope="module")
def private_settings(neo4j_settings, tmp_path_factory):
    """A second local server, only for this module: the importer needs it stopped and empty."""
    data = tmp_path_factory.mktemp("neo4j-bulk")
    settings = neo4j_settings.with_neo4j(data_dir=data, bolt_port=server.free_port())
    server.start(settings.neo4j)  # as after `bangfu db start`: an empty store exists
    server.stop(settings.neo4j)
    try:
        yield settings
    finally:
        try:
            server.stop(settings.neo4j)
        finally:
            shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="module")
def imported(private_settings, activity_roster, tmp_path_factory):
    out = tmp_path_factory.mktemp("admin-import") / "out"
    report = export_admin_import([activity_roster], out, progress=False, ring=session_ring())
    assert report.load.written and report.exit_code == 0
    result = run_import(private_settings, out)
    graph = Graph.connect(private_settings)
    yield result, graph, out
    graph.close()


@pytest.mark.server
def test_same_graph_as_bangfu_load(imported, loaded_snapshot):
    result, graph, out = imported
    got = snapshot(graph)
    assert got["labels"] == loaded_snapshot["labels"]
    assert got["types"] == loaded_snapshot["types"]
    assert got["labels"]["Searchable"] > 0 and got["labels"]["Load"] == 1
    assert got["nodes"] == loaded_snapshot["nodes"]  # incl. the Load node's files, checksums, summary
    assert got["rels"] == loaded_snapshot["rels"]
    assert got["findings"] == loaded_snapshot["findings"] and got["findings"]  # 督查发现问题, both ways
    assert got["unprovenanced"] == loaded_snapshot["unprovenanced"] == 0
    assert got["check"] == loaded_snapshot["check"]
    assert got["check"]["violations"]
    for label in ("Inspection", "Evaluation", "VillageIndicator", "Monitoring", "HelpMeasure"):
        assert got["labels"][label] > 0, label
    for rel in (
        "VISITED",
        "RESERVE_CADRE_OF",
        "TALENT_OF",
        "INSPECTS",
        "EVALUATES",
        "INDICATOR_OF",
        "MONITORING_OF",
        "MEASURE_FOR",
        "MEASURE_BY",
    ):
        assert got["types"][rel] > 0, rel
    # the monitoring sample's 33 rows of each table, and its three rules' findings both ways
    assert got["labels"]["Monitoring"] == got["labels"]["HelpMeasure"] == 33
    assert {v["rule"] for v in got["check"]["violations"]} >= {
        "monitor_identify_overdue",
        "monitor_measure_missing",
        "monitor_dev_measure",
    }
    assert result.nodes == sum(1 for _ in got["nodes"]) and result.relationships == len(got["rels"])
    manifest = read_manifest(out)
    assert sum(manifest["counts"]["nodes"].values()) == result.nodes - 1  # + SchemaVersion from db init


@pytest.mark.server
def test_schema_created_after_import(imported, session_graph, loaded_snapshot):
    """The importer of Community builds no index: `db import` runs `db init` afterwards."""
    _, graph, _ = imported

    def schema(g):
        return sorted(
            (r["name"], r["type"]) for r in g.read("SHOW CONSTRAINTS YIELD name, type RETURN name, type")
        )

    assert schema(graph) == schema(session_graph) and ("household_id", "UNIQUENESS") in schema(graph)
    indexes = {r["name"]: r["state"] for r in graph.read("SHOW INDEXES YIELD name, state RETURN name, state")}
    assert indexes["searchable_text"] == "ONLINE" and set(indexes.values()) == {"ONLINE"}
    hit = graph.read("MATCH (n:Searchable) WHERE n.search_text CONTAINS 'dzc' RETURN n.name AS name")
    assert "丁寨村" in {r["name"] for r in hit}


@pytest.mark.server
def test_refused_while_running_and_when_not_empty(imported, private_settings):
    _, _, out = imported
    with pytest.raises(ServerError, match="正在运行"):
        run_import(private_settings, out)
    server.stop(private_settings.neo4j)  # (the last test of the private server)
    with pytest.raises(ServerError, match="已有数据（1,?1\\d\\d 个节点）"):
        run_import(private_settings, out)


@pytest.mark.server
def test_external_uri_refused(private_settings, tmp_path):
    settings = private_settings.with_neo4j(uri="neo4j://db.example:7687", password="x")
    with pytest.raises(ServerError, match="neo4j-admin database import full"):
        run_import(settings, tmp_path)


def test_bad_roster_same_messages_nothing_written(sample_dir, tmp_path):
    """The problems are `bangfu load`'s (validated as into an empty graph), and no file is written."""
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["export", "admin-import", str(out), str(sample_dir / "bad-roster"), "--no-progress"]
    )
    assert result.exit_code == 1
    validation = load_roster(None, [sample_dir / "bad-roster"], dry_run=True).validation
    expected = [p.render() for p in validation.errors]
    assert expected and [line for line in result.stderr.splitlines() if line in expected] == expected
    assert "未写入任何数据" in result.stderr
    assert not out.exists()


def test_output_folder_must_be_new_or_empty(sample_dir, tmp_path):
    (tmp_path / "x.txt").write_text("x")
    with pytest.raises(AdminImportError, match="已存在且不为空"):
        export_admin_import([sample_dir / "roster"], tmp_path, progress=False, ring=session_ring())
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def _rows(out, manifest, rel_type):
    """Relationship rows of the export as {header name: text}."""
    rows = []
    for group in manifest["relationships"]:
        if group["type"] != rel_type:
            continue
        header = next(csv.reader(open(out / group["header"], encoding="utf-8")))
        with open(out / group["data"], encoding="utf-8", newline="") as fh:
            rows += [dict(zip(header, fields)) for fields in csv.reader(fh)]
    return rows


def test_repeated_relationship_rows_are_refused_by_both_paths(session_graph, sample_dir, tmp_path):
    """A help pair given twice (a second file: another end date) names one relationship twice: a
    duplicate at the later row, refused the same way by both paths, and nothing written."""
    roster = tmp_path / "roster"
    shutil.copytree(sample_dir / "roster", roster)
    with open(roster / "help_pairs.csv", encoding="utf-8-sig", newline="") as fh:
        first = list(csv.reader(fh))[1]
    with open(roster / "结对帮扶.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["帮扶责任人编号", "户编号", "开始日期", "结束日期", "备注"])
        w.writerow([first[0], first[1], first[2], "2030-01-31", "复核"])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "admin-import", str(out), str(roster), "--no-progress"])
    assert result.exit_code == 1 and not out.exists()
    wipe(session_graph)
    init_schema(session_graph)
    loaded = load_roster(session_graph, [roster], progress=False)
    assert not loaded.written
    problems = [p.render() for p in loaded.validation.errors]
    assert problems == [
        "结对帮扶.csv:2:帮扶责任人编号: 与 help_pairs.csv 第 2 行重复：帮扶责任人编号、户编号、开始日期相同的"
        "结对帮扶只能有一行（重复的行会被合并，后一行覆盖前一行）；请合并或删除其中一行"
    ]
    assert [line for line in result.stderr.splitlines() if line in problems] == problems


def test_export_needs_no_database(sample_dir, tmp_path):
    """The export is files only (OUT: manifest, importer arguments, nodes/, relationships/)."""
    out = tmp_path / "out"
    report = export_admin_import([sample_dir / "roster"], out, progress=False, ring=session_ring())
    assert {p.name for p in out.iterdir()} == {"import.json", "import.args", "nodes", "relationships"}
    args = (out / "import.args").read_text(encoding="utf-8").splitlines()
    assert args[0] == "--array-delimiter=U+001F" and all(a.startswith("--") for a in args)
    assert report.load.changes.rows_written["households"] == 677
