"""`bangfu export roster` is a backup: loading its output into an empty graph gives the same graph.

Same node and relationship counts per label and type, the same property map on every node and every
relationship (load provenance and search text aside), the same `check` and `coverage` answers, and
the same entity pages. On the sample county (CSV and xlsx), on the sample with unknown columns
(kept as extra_<header> properties), and on a generated county of 2,000 households.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import audit
from graph.cli.export import export_group
from graph.context import AppContext
from graph.errors import BangfuError
from graph.roster_export import export_roster
from graph.schema import init_schema
from graph.tables import TABLES
from loaders.api import load_roster
from tests.helpers.graphs import session_ring, wipe
from tests.helpers.roundtrip import AS_OF, answers, assert_same, counts, snapshot
from tests.helpers.web import PASSWORD
from webapp import create_app, users


def reload(graph, folder_or_file: Path, today=AS_OF) -> None:
    wipe(graph)
    init_schema(graph)
    report = load_roster(graph, [folder_or_file], progress=False, today=today)
    assert report.written and report.validation.ok, [p.render() for p in report.validation.errors[:10]]


# -- entity pages ---------------------------------------------------------------------------------------


def _admin_client(graph, settings, tmp_path, admin=None):
    """A client logged in as an admin: `admin` (name, password) of the graph, else one added now."""
    app = create_app(dataclasses.replace(settings, home=tmp_path), graph=graph)
    if admin is None:
        admin = ("backup-admin", "backup-admin-password")
        users.add_user(graph, admin[0], "admin", admin[1])
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": admin[0], "password": admin[1], "csrf_token": token})
    assert response.status_code == 302
    return client


def _rows(table_html: str) -> list[str]:
    return sorted(
        re.sub(r"\s+", " ", html.unescape(row)).strip()
        for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", table_html, re.S)
    )


def page_tables(client, kind: str, key: str) -> dict:
    """Every table of the entity page's facts (the file above the picture), in page order, each by its
    id or heading, rows sorted (ties have no order)."""
    response = client.get(f"/e/{kind}/{key}?unmasked=1&as_of={AS_OF}")
    assert response.status_code == 200, (kind, key)
    page = response.get_data(as_text=True)
    facts = re.search(r'<article class="dossier".*?</article>', page, re.S).group(0)
    out = {}
    for i, (attrs, table) in enumerate(re.findall(r"<table\b([^>]*)>(.*?)</table>", facts, re.S)):
        name = re.search(r'(?:id|data-role)="([^"]+)"', attrs)
        out[f"{i}:{name.group(1) if name else ''}"] = _rows(table)
    for title, table in re.findall(
        r'<section class="relgroup">\s*<h3>(.*?)</h3>(.*?)</section>', facts, re.S
    ):
        out[re.sub(r"\s+", " ", title)] = _rows(table)
    assert any(out.values()), (kind, key)  # a page with facts to compare
    return out


def sample_entities(graph) -> list[tuple[str, str]]:
    chosen = []
    for kind, query, step in (
        ("region", "MATCH (n:Region) RETURN n.code AS k ORDER BY k", 1),
        ("organization", "MATCH (n:Organization) RETURN n.code AS k ORDER BY k", 3),
        ("person", "MATCH (n:Person) RETURN n.person_id AS k ORDER BY k", 10),
        ("household", "MATCH (n:Household) RETURN n.household_id AS k ORDER BY k", 25),
        ("enterprise", "MATCH (n:Enterprise) RETURN n.enterprise_id AS k ORDER BY k", 1),
    ):
        keys = [r["k"] for r in graph.read(query)]
        chosen += [(kind, k) for k in keys[::step]]
    return chosen


# -- the sample county ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_export(sample_web_county, neo4j_settings, tmp_path_factory):
    """The sample as loaded for the session (the shared county: search text and accounts are not
    roster data), its snapshot and entity pages, then exported as CSV and as xlsx."""
    graph = sample_web_county
    before = snapshot(graph)
    admin = ("admin1", PASSWORD.format("admin1"))
    client = _admin_client(graph, neo4j_settings, tmp_path_factory.mktemp("home"), admin)
    entities = sample_entities(graph)
    pages = {e: page_tables(client, *e) for e in entities}
    out = tmp_path_factory.mktemp("export")
    # small pages: paging is exercised
    report = export_roster(graph, out / "csv", "csv", page_size=7, ring=session_ring())
    xlsx = export_roster(graph, out / "备份.xlsx", "xlsx", page_size=50, ring=session_ring())
    return {
        "before": before,
        "pages": pages,
        "dir": out / "csv",
        "xlsx": xlsx.path,
        "report": report,
        "client": client,
    }


def test_sample_export_is_the_roster_format(sample_export, sample_dir):
    folder = sample_export["dir"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t.name}.csv" for t in TABLES)
    for table in TABLES:
        raw = (folder / f"{table.name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), table.name  # UTF-8 with BOM
        with open(folder / f"{table.name}.csv", encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == [c.zh for c in table.columns]
        source = sample_dir / "roster" / f"{table.name}.csv"
        if not source.exists():  # the activity tables: not in the first sample, a header alone
            assert rows == [[c.zh for c in table.columns]], table.name
            continue
        with open(source, encoding="utf-8-sig", newline="") as fh:
            original = list(csv.reader(fh))
        assert len(rows) == len(original), table.name
        assert sample_export["report"].rows[table.name] == len(rows) - 1
    households = (folder / "households.csv").read_text(encoding="utf-8-sig")
    assert re.search(r"\d{17}[\dX]", households)  # id numbers unmasked
    assert "*" not in households
    pairs = list(csv.DictReader(open(folder / "help_pairs.csv", encoding="utf-8-sig")))
    assert all(re.fullmatch(r"(\d{4}-\d{2}-\d{2})?", p["开始日期"]) for p in pairs)
    regions = list(csv.DictReader(open(folder / "regions.csv", encoding="utf-8-sig")))
    assert {r["层级"] for r in regions} == {"县区", "乡镇", "村"}
    assert {r["贫困村"] for r in regions if r["层级"] == "村"} == {"是", "否"}


def test_sample_round_trips_through_csv(sample_export, session_graph, neo4j_settings, tmp_path):
    reload(session_graph, sample_export["dir"])
    assert_same(sample_export["before"], snapshot(session_graph))
    client = _admin_client(session_graph, neo4j_settings, tmp_path)
    assert len(sample_export["pages"]) > 50
    for entity, tables in sample_export["pages"].items():
        assert page_tables(client, *entity) == tables, entity


def test_sample_round_trips_through_xlsx(sample_export, session_graph):
    reload(session_graph, sample_export["xlsx"])
    assert_same(sample_export["before"], snapshot(session_graph))


def test_activity_sample_round_trips_through_csv_and_xlsx(session_graph, sample_dir, tmp_path):
    """The six activity tables (shared/spec/activity-tables.md) come back too: visits, reserve cadres,
    talents, inspections (subjects of every type), evaluations (aliases stored canonically) and
    indicators, with the answers of check."""
    roster = tmp_path / "roster"
    shutil.copytree(sample_dir / "activity" / "roster", roster)
    with open(roster / "inspections.csv", "a", encoding="utf-8", newline="") as fh:  # subjects of each type
        fh.write("DC2026101,2026-11-03,D002,人员,P00017,到岗检查,发现问题,不在岗,到岗\n")
        fh.write("DC2026102,2026-11-04,D002,单位,U001,专项督查,合格,,\n")
    reload(session_graph, roster)
    before = snapshot(session_graph)
    labels, rels = before["counts"]
    assert labels["Inspection"] == 14 and labels["Evaluation"] == 25 and labels["VillageIndicator"] == 48
    assert rels["VISITED"] > 3000 and rels["RESERVE_CADRE_OF"] == 22 and rels["TALENT_OF"] == 10
    report = export_roster(session_graph, tmp_path / "out", "csv", page_size=7, ring=session_ring())
    assert report.rows["visits"] == rels["VISITED"] and report.rows["inspections"] == 14
    with open(tmp_path / "out" / "evaluations.csv", encoding="utf-8-sig", newline="") as fh:
        grades = {row["等次"] for row in csv.DictReader(fh)}
    assert grades <= {"优秀", "称职", "基本称职", "不称职"} and "不称职" in grades  # 差 written canonically
    xlsx = export_roster(session_graph, tmp_path / "活动.xlsx", "xlsx", page_size=50, ring=session_ring())
    reload(session_graph, tmp_path / "out")
    assert_same(before, snapshot(session_graph))
    reload(session_graph, xlsx.path)
    assert_same(before, snapshot(session_graph))


def test_monitoring_sample_round_trips_through_csv_and_xlsx(session_graph, sample_dir, tmp_path):
    """The monitoring tables (shared/spec/monitoring.md) come back: clues with their dates, several
    risk types in one cell, measures with their span and unit, and the answers of check."""
    reload(session_graph, sample_dir / "monitoring" / "roster")
    before = snapshot(session_graph)
    labels, rels = before["counts"]
    assert labels["Monitoring"] == 33 and labels["HelpMeasure"] == 33
    assert rels["MONITORING_OF"] == 33 and rels["MEASURE_FOR"] == 33 and rels["MEASURE_BY"] == 33
    assert {v["rule"] for v in before["check"]["violations"]} >= {
        "monitor_identify_overdue",
        "monitor_measure_missing",
        "monitor_dev_measure",
    }
    report = export_roster(session_graph, tmp_path / "out", "csv", page_size=7, ring=session_ring())
    assert report.rows["monitoring"] == 33 and report.rows["measures"] == 33
    with open(tmp_path / "out" / "monitoring.csv", encoding="utf-8-sig", newline="") as fh:
        risks = {row["风险类型"] for row in csv.DictReader(fh)}
    assert "因学、因灾" in risks  # the sample's 因灾、因学 in the vocabulary's order
    xlsx = export_roster(session_graph, tmp_path / "监测.xlsx", "xlsx", page_size=50, ring=session_ring())
    reload(session_graph, tmp_path / "out")
    assert_same(before, snapshot(session_graph))
    reload(session_graph, xlsx.path)
    assert_same(before, snapshot(session_graph))


@pytest.mark.slow
def test_extra_columns_come_back_under_their_header(session_graph, sample_dir, tmp_path):
    roster = tmp_path / "roster"
    shutil.copytree(sample_dir / "roster", roster)
    for table, header in (("households", "备注"), ("help_pairs", "帮扶措施"), ("regions", "备注")):
        path = roster / f"{table}.csv"
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        rows[0].append(header)
        for i, row in enumerate(rows[1:]):
            row.append(f"{header}{i}" if i % 3 == 0 else "")
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
    reload(session_graph, roster)
    before = snapshot(session_graph)
    assert (
        session_graph.read("MATCH ()-[r:HELPS]->() WHERE r.extra_帮扶措施 IS NOT NULL RETURN count(*) AS c")[
            0
        ]["c"]
        > 0
    )
    export_roster(session_graph, tmp_path / "out", "csv", ring=session_ring())
    with open(tmp_path / "out" / "households.csv", encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh))[-1] == "备注"
    reload(session_graph, tmp_path / "out")
    assert_same(before, snapshot(session_graph))


def _cli(graph, settings, *args):
    app = AppContext(settings)
    app._graph = graph
    return CliRunner().invoke(export_group, list(args), obj=app, catch_exceptions=True)


def test_cli_export_refuses_to_overwrite_and_is_audited(session_graph, neo4j_settings, sample_dir, tmp_path):
    reload(session_graph, sample_dir / "roster")
    out = tmp_path / "backup"
    result = _cli(session_graph, neo4j_settings, "roster", str(out))
    assert result.exit_code == 0, result.output
    assert "households：677 行" in result.output and "审计" in result.output
    events = audit.events(session_graph, action="export_unmasked")
    assert any(
        "花名册备份" in e["detail"]
        and str(out.resolve()) in e["detail"]
        and e["remote_addr"].startswith("命令行@")
        for e in events
    )
    again = _cli(session_graph, neo4j_settings, "roster", str(out))
    assert again.exit_code != 0 and isinstance(again.exception, BangfuError)
    assert "--overwrite" in again.exception.message
    assert _cli(session_graph, neo4j_settings, "roster", str(out), "--overwrite").exit_code == 0
    result = _cli(session_graph, neo4j_settings, "roster", str(tmp_path / "b.xlsx"), "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b.xlsx").stat().st_size > 0
    help_text = CliRunner().invoke(export_group, ["roster", "--help"]).output
    assert "管理员" in help_text and "审计" in help_text


# -- a generated county ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_generated_county_round_trips(session_graph, tmp_path):
    from loaders.demo.generate import generate

    generate(tmp_path / "demo", 2000, seed=8, as_of=AS_OF)
    reload(session_graph, tmp_path / "demo")
    before = {"counts": counts(session_graph), **answers(session_graph)}
    assert before["check"]["violations"]
    report = export_roster(session_graph, tmp_path / "out", "csv", page_size=500, ring=session_ring())
    assert report.rows["households"] == 2000
    reload(session_graph, tmp_path / "out")
    after = {"counts": counts(session_graph), **answers(session_graph)}
    assert after == before
