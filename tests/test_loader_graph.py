"""Loading rosters into a real Neo4j (the `graph` fixture: empty database, schema initialised)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from graph.tables import ACTIVITY_TABLES, TABLES, TABLES_BY_NAME
from loaders.api import load_roster
from tests.helpers.cli import run_bangfu

# the tables of the first sample (shared/sample/roster); the activity tables have a sample of their own
# the first round's ten tables: neither the activity tables nor monitoring.md's two
MONITORING_TABLES = ("monitoring", "measures")
FIRST_TABLES = tuple(t for t in TABLES if t.name not in ACTIVITY_TABLES and t.name not in MONITORING_TABLES)
PROVENANCE = {"created_load", "updated_load", "row_hash"}  # row_hash: the raw row's fingerprint (file shape)


def read_csv(folder: Path, table: str) -> list[dict]:
    with open(folder / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def counts(graph) -> tuple[Counter, Counter]:
    labels = Counter()
    for row in graph.read(
        "MATCH (n) WHERE NOT n:SchemaVersion UNWIND labels(n) AS l RETURN l, count(*) AS c"
    ):
        labels[row["l"]] = row["c"]
    rels = Counter(
        {r["t"]: r["c"] for r in graph.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c")}
    )
    return labels, rels


def expected_counts(folder: Path) -> tuple[Counter, Counter]:
    """What the sample roster must give, worked out from the CSVs themselves."""
    regions = read_csv(folder, "regions")
    orgs = read_csv(folder, "organizations")
    people = read_csv(folder, "people")
    households = read_csv(folder, "households")
    enterprises = read_csv(folder, "enterprises")
    posts = read_csv(folder, "posts")
    assignments = read_csv(folder, "assignments")
    pairs = read_csv(folder, "help_pairs")
    links = read_csv(folder, "enterprise_links")
    benefits = read_csv(folder, "benefits")
    level = {r["区划代码"]: r["层级"] for r in regions}
    party = {"党委", "党工委", "党总支", "党支部"}
    labels = Counter(
        {
            "Region": len(regions),
            "County": sum(r["层级"] == "县区" for r in regions),
            "Township": sum(r["层级"] == "乡镇" for r in regions),
            "Village": sum(r["层级"] == "村" for r in regions),
            "Organization": len(orgs),
            "PartyOrg": sum(o["类型"] in party for o in orgs),
            "Unit": sum(o["类型"] not in party for o in orgs),
            "Person": len(people),
            "Household": len(households),
            "Enterprise": len(enterprises),
            "Program": len({b["项目"] for b in benefits}),
            "Load": 1,
        }
    )
    # the search index label (graph/search.py) on every named kind
    labels["Searchable"] = sum(
        labels[k] for k in ("Region", "Organization", "Person", "Household", "Enterprise")
    )
    rels = Counter(
        {
            "PART_OF": sum(bool(r["上级代码"]) for r in regions),
            "REPORTS_TO": sum(bool(o["上级组织代码"]) for o in orgs),
            "LOCATED_IN": sum(bool(o["所在区划代码"]) for o in orgs) + len(enterprises),
            "GOVERNS": sum(
                o["类型"] in ("党支部", "党总支") and level.get(o["所在区划代码"]) == "村" for o in orgs
            ),
            "WORKS_AT": sum(bool(p["工作单位代码"]) for p in people),
            "HOLDS_POST": len({(p["人员编号"], p["组织代码"], p["职务"], p["任职日期"]) for p in posts}),
            "ASSIGNED_TO": len(
                {
                    (a["责任类型"], a["村代码"], a["人员编号"], a["单位代码"], a["开始日期"])
                    for a in assignments
                }
            ),
            "HELPS": len({(p["帮扶责任人编号"], p["户编号"], p["开始日期"]) for p in pairs}),
            "LIVES_IN": len(households),
            "MANAGES": sum(bool(e["负责人编号"]) for e in enterprises),
            "HAS_PARTY_ORG": sum(bool(e["党组织代码"]) for e in enterprises),
            "LIFTS": len({(x["主体编号"], x["户编号"], x["带贫方式"], x["年份"]) for x in links}),
            "RECEIVES": len({(b["户编号"], b["项目"], b["年份"]) for b in benefits}),
        }
    )
    return labels, +rels


NODE_KEYS = ("code", "person_id", "household_id", "enterprise_id", "name")


def _key(props: dict) -> str:
    for k in NODE_KEYS:
        if k in props:
            return str(props[k])
    return "?"


def dump(graph) -> tuple[list, list]:
    """Every node and relationship but Load/SchemaVersion, without provenance, in a canonical order."""
    nodes = graph.read(
        "MATCH (n) WHERE NOT n:Load AND NOT n:SchemaVersion "
        "RETURN labels(n) AS labels, properties(n) AS props"
    )
    rels = graph.read(
        "MATCH (a)-[r]->(b) "
        "RETURN type(r) AS type, properties(a) AS a, properties(b) AS b, properties(r) AS props"
    )

    def clean(props):
        return sorted((k, str(v)) for k, v in props.items() if k not in PROVENANCE)

    return (
        sorted((sorted(n["labels"]), clean(n["props"])) for n in nodes),
        sorted((r["type"], _key(r["a"]), _key(r["b"]), clean(r["props"])) for r in rels),
    )


@pytest.fixture(scope="module")
def sample(sample_dir) -> Path:
    return sample_dir


@pytest.mark.parametrize("writers", [1, 3])  # one at a time, and batches side by side (loaders/write.py)
def test_sample_loads_exact_counts_and_second_load_changes_nothing(graph, sample, writers):
    roster = sample / "roster"
    report = load_roster(graph, [roster], batch_size=100, user="tester", writers=writers)
    assert report.validation.ok and report.written and report.exit_code == 0
    labels, rels = counts(graph)
    exp_labels, exp_rels = expected_counts(roster)
    assert labels == exp_labels
    assert rels == exp_rels
    assert report.changes.nodes_created["Household"] == exp_labels["Household"]
    assert report.changes.rels_created["HELPS"] == exp_rels["HELPS"]
    assert not report.changes.unmatched

    load = graph.read("MATCH (l:Load) RETURN l")[0]["l"]
    assert load["user"] == "tester" and load["mode"] == "strict" and load["finished_at"]
    assert len(load["files"]) == 10 == len(load["checksums"])
    assert json.loads(load["row_counts"])["households.csv"] == exp_labels["Household"]
    # properties as the graph model says
    v = graph.read("MATCH (v:Village {code: '419902101201'}) RETURN v")[0]["v"]
    assert v["poor_village"] is True and v["weak_org"] is True and v["exit_year"] == 2019
    h = graph.read("MATCH (h:Household {household_id: '4199021012010001'}) RETURN h")[0]["h"]
    assert h["size"] == 5 and h["status"] == "未脱贫" and h["created_load"] == report.load_id
    r = graph.read(
        "MATCH (:Person {person_id: 'P00104'})-[r:ASSIGNED_TO {role: '第一书记'}]->"
        "(:Village {code: '419902101201'}) RETURN properties(r) AS r"
    )[0]["r"]
    assert (
        r["start"] == dt.date(2024, 11, 22) and r["end"] == dt.date(2026, 10, 28) and r["unit_code"] == "U007"
    )
    assert graph.read("MATCH ()-[r:HOLDS_POST {is_secretary: true}]->() RETURN count(r) AS c")[0]["c"] > 0

    before = dump(graph)
    again = load_roster(graph, [roster], batch_size=7, writers=writers)
    assert again.written
    assert dump(graph) == before
    assert counts(graph) == (exp_labels + Counter({"Load": 1}), exp_rels)
    c = again.changes
    assert not any(c.nodes_created.values()) and not any(c.nodes_updated.values())
    assert (
        not any(c.rels_created.values())
        and not any(c.rels_updated.values())
        and not any(c.rels_deleted.values())
    )
    assert graph.read("MATCH (n) WHERE n.updated_load IS NOT NULL RETURN count(n) AS c")[0]["c"] == 0


@pytest.mark.slow
def test_rows_in_random_order_written_side_by_side_give_the_same_graph(graph, sample, tmp_path):
    """Concurrent writers lock shared nodes in whatever order the rows come: a roster whose
    households, people and help pairs are shuffled, written in small batches three at a time, gives
    the graph the ordered roster gives."""
    import random
    import shutil

    roster = sample / "roster"
    load_roster(graph, [roster], batch_size=100, writers=1)
    want = dump(graph)
    shuffled = tmp_path / "shuffled"
    shutil.copytree(roster, shuffled)
    for table in ("households", "people", "help_pairs", "benefits"):
        lines = (shuffled / f"{table}.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
        body = [line if line.endswith("\n") else line + "\n" for line in lines[1:]]
        random.Random(table).shuffle(body)
        (shuffled / f"{table}.csv").write_text("".join(lines[:1] + body), encoding="utf-8")
    graph.write("MATCH (n) WHERE NOT n:SchemaVersion DETACH DELETE n")
    report = load_roster(graph, [shuffled], batch_size=20, writers=3)
    assert report.written and not report.changes.unmatched
    assert dump(graph) == want


def test_bad_roster_reports_everything_and_writes_nothing(graph, sample):
    report = load_roster(graph, [sample / "bad-roster"])
    expected = {
        (e["file"], e["row"], e["column"]) for e in json.loads((sample / "expected-errors.json").read_text())
    }
    assert {(p.file, p.row, p.column) for p in report.validation.errors} == expected
    assert not report.written and report.exit_code == 1
    assert graph.read("MATCH (n) WHERE NOT n:SchemaVersion RETURN count(n) AS c")[0]["c"] == 0


def test_skip_invalid_loads_the_rest_and_keeps_rejects_unchanged(graph, sample, tmp_path):
    bad = sample / "bad-roster"
    report = load_roster(graph, [bad], skip_invalid=True, rejects_dir=tmp_path / "rej")
    assert report.written and report.exit_code == 0
    v = report.validation
    rejected = {c.display: c.rejected for c in v.checks}
    # cascades: the rejected village's households and everything that points at rejected rows
    assert ("households.csv", 47) in {(p.file, p.row) for p in v.cascaded}
    hh_rejected = set(rejected["households.csv"])
    assert {4, 8, 12, 16, 679} <= hh_rejected
    labels, _ = counts(graph)
    households = read_csv(bad, "households")
    assert labels["Household"] == len(households) - len(hh_rejected)
    for display, rows in rejected.items():
        if not rows:
            continue
        table = display.removesuffix(".csv")
        with open(bad / display, encoding="utf-8-sig", newline="") as fh:
            original = list(csv.reader(fh))
        with open(tmp_path / "rej" / f"{table}.rejects.csv", encoding="utf-8-sig", newline="") as fh:
            written = list(csv.reader(fh))
        assert written[0] == original[0] + ["原行号", "错误原因"]
        assert [w[:-2] for w in written[1:]] == [original[r - 1] for r in sorted(rows)]
        assert [int(w[-2]) for w in written[1:]] == sorted(rows)
        assert all(w[-1] for w in written[1:])
    # nothing lost: every data row is either in the graph's counts or in a rejects file
    assert (tmp_path / "rej" / "summary.txt").exists()
    pairs_ok = len(read_csv(bad, "help_pairs")) - len(rejected["help_pairs.csv"])
    assert counts(graph)[1]["HELPS"] == pairs_ok


def test_later_roster_references_graph(graph, sample, tmp_path):
    roster = sample / "roster"
    base = tmp_path / "base"
    base.mkdir()
    for t in FIRST_TABLES:
        if t.name not in ("help_pairs",):
            (base / f"{t.name}.csv").write_bytes((roster / f"{t.name}.csv").read_bytes())
    assert load_roster(graph, [base]).written
    later = tmp_path / "later"
    later.mkdir()
    lines = (roster / "help_pairs.csv").read_text(encoding="utf-8").splitlines()
    (later / "结对帮扶.csv").write_text(
        "\n".join(lines + ["P99999,4199021012010001,2024-01-01,"]) + "\n", encoding="utf-8"
    )
    report = load_roster(graph, [later])
    assert [(p.file, p.row, p.column) for p in report.validation.errors] == [
        ("结对帮扶.csv", len(lines) + 1, "帮扶责任人编号")
    ]
    (later / "结对帮扶.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = load_roster(graph, [later])
    assert report.written
    assert counts(graph)[1]["HELPS"] == expected_counts(roster)[1]["HELPS"]


# -- the same roster in every accepted shape -----------------------------------------------------------


def _cell(value: str, column):
    """As a person would type it into Excel: numbers as numbers, dates as dates, long ids as text."""
    if value == "":
        return None
    if column is not None and column.kind == "date":
        return dt.datetime.strptime(value, "%Y-%m-%d").date()
    if value.isdigit() and not value.startswith("0") and len(value) <= 15:
        return int(value)
    return value


def _english(table, headers):
    return [TABLES_BY_NAME[table].column(_col(table, h).name).name if _col(table, h) else h for h in headers]


def _col(table, header):
    for c in TABLES_BY_NAME[table].columns:
        if c.zh == header:
            return c
    return None


def _fill_sheet(ws, table, rows):
    headers = rows[0]
    columns = [_col(table, h) for h in headers]
    ws.append(headers)
    for row in rows[1:]:
        ws.append([_cell(v, c) for v, c in zip(row, columns)])
        for cell, c in zip(ws[ws.max_row], columns):
            if c is not None and c.kind == "date" and cell.value is not None:
                cell.number_format = "yyyy/m/d"


def _variants(roster: Path, tmp: Path) -> dict[str, list[Path]]:
    data = {}
    for t in FIRST_TABLES:
        with open(roster / f"{t.name}.csv", encoding="utf-8", newline="") as fh:
            data[t.name] = list(csv.reader(fh))
    out = {}
    # GB18030 CSV, Chinese file names
    gb = tmp / "gb"
    gb.mkdir()
    for t in FIRST_TABLES:
        with open(gb / f"{t.zh}.csv", "w", encoding="gb18030", newline="") as fh:
            csv.writer(fh).writerows(data[t.name])
    out["gb18030"] = [gb]
    # English headers, with required marks and full-width spaces; mixed Chinese/English on odd tables
    en = tmp / "en"
    en.mkdir()
    for i, t in enumerate(FIRST_TABLES):
        headers = _english(t.name, data[t.name][0])
        if i % 2:
            headers = [h if j % 2 else data[t.name][0][j] for j, h in enumerate(headers)]
        headers = [f"\u3000{h} *" for h in headers]
        with open(en / f"{t.name}.csv", "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows([headers] + data[t.name][1:])
    out["english"] = [en]
    # .xlsx per table (openpyxl), mixed with CSV in one folder
    xl = tmp / "xlsx"
    xl.mkdir()
    for i, t in enumerate(FIRST_TABLES):
        if i % 3 == 2:
            with open(xl / f"{t.name}.csv", "w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows(data[t.name])
            continue
        wb = openpyxl.Workbook()
        _fill_sheet(wb.active, t.name, data[t.name])
        wb.save(xl / f"{t.zh if i % 2 else t.name}.xlsx")
    out["xlsx-files"] = [xl]
    # one workbook, a sheet per table, plus a sheet that is not a table
    book = tmp / "名册.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本工作簿为测试用"])
    for i, t in enumerate(FIRST_TABLES):
        _fill_sheet(wb.create_sheet(t.zh if i % 2 else t.name), t.name, data[t.name])
    wb.save(book)
    out["workbook"] = [book]
    return out


@pytest.mark.slow
def test_every_shape_loads_to_the_same_graph(graph, sample, tmp_path):
    from graph.schema import init_schema
    from tests.helpers.graphs import wipe

    roster = sample / "roster"
    assert load_roster(graph, [roster]).written
    reference = dump(graph)
    for name, paths in _variants(roster, tmp_path).items():
        wipe(graph)
        init_schema(graph)
        report = load_roster(graph, paths)
        assert report.validation.errors == [], (name, [p.render() for p in report.validation.errors[:5]])
        assert report.written, name
        got = dump(graph)
        assert got[0] == reference[0], name
        assert got[1] == reference[1], name
        if name == "workbook":
            assert any("说明" in n for n in report.validation.notices)


def test_cli_load(graph, sample, neo4j_settings, tmp_path, monkeypatch):
    env = {"BANGFU_HOME": str(neo4j_settings.home), "BANGFU_BOLT_PORT": str(neo4j_settings.neo4j.bolt_port)}
    cfg = tmp_path / "bangfu.toml"
    cfg.write_text(
        f'[neo4j]\ndata_dir = "{neo4j_settings.neo4j.data_dir}"\n'
        f'dist_dir = "{neo4j_settings.neo4j.dist_dir}"\n',
        encoding="utf-8",
    )
    env["BANGFU_CONFIG"] = str(cfg)
    repo = Path(__file__).resolve().parent.parent

    def run(*args):
        return run_bangfu("load", *args, env=env, cwd=repo)

    bad = run(str(sample / "bad-roster"))
    assert bad.returncode == 1, bad.stderr
    assert "households.csv:4:户状态:" in bad.stderr and "未写入任何数据" in bad.stderr
    dry = run(str(sample / "roster"), "--dry-run")
    assert dry.returncode == 0 and "试运行" in dry.stdout
    ok = run(str(sample / "roster"))
    assert ok.returncode == 0, ok.stderr
    assert "Household 新建" in ok.stdout
    usage = run()
    assert usage.returncode == 2
