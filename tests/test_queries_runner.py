"""Saved queries: header validation, parameters, read-only refusal, limits, masking, exports, CLI.

All on small hand-made graphs (Cypher CREATE in set-up) on the real test Neo4j.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from graph import clock, pii
from graph.cli.queries import query_group
from graph.context import AppContext
from graph.masking import mask_id, mask_phone, mask_value
from graph.queries import (
    NotReadOnly,
    ParameterError,
    QueryDefinitionError,
    QueryRunner,
    QueryTimeout,
    load_catalogue,
    parse_query_file,
)
from graph.queries.catalogue import SHIPPED_DIR
from graph.queries.export import to_csv, to_graph_json, to_json, to_xlsx
from graph.queries.readonly import check_query_type, check_text
from graph.queries.result import GNode
from graph.rules import RULES


def id_number(prefix17: str) -> str:
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return prefix17 + "10X98765432"[sum(int(c) * w for c, w in zip(prefix17, weights)) % 11]


ID1 = id_number("41990219800101123")
ID2 = id_number("41990219900202456")
HEAD1 = id_number("41990219600303789")

SMALL = """
CREATE (c:Region:County {code: '419900000000', name: '测试县', level: '县区'})
CREATE (t1:Region:Township {code: '419900101000', name: '甲乡', level: '乡镇'})-[:PART_OF]->(c)
CREATE (t2:Region:Township {code: '419900102000', name: '乙镇', level: '乡镇'})-[:PART_OF]->(c)
CREATE (v1:Region:Village {code: '419900101201', name: '一村', level: '村', poor_village: true,
       weak_org: true})-[:PART_OF]->(t1)
CREATE (v2:Region:Village {code: '419900101202', name: '二村', level: '村', poor_village: false,
       weak_org: false})-[:PART_OF]->(t1)
CREATE (v3:Region:Village {code: '419900102201', name: '三村', level: '村', poor_village: false,
       weak_org: false})-[:PART_OF]->(t2)
CREATE (u:Organization:Unit {code: 'U1', name: '水利局', kind: '机关'})
CREATE (b:Organization:PartyOrg {code: 'B1', name: '一村党支部', kind: '党支部'})-[:GOVERNS]->(v1)
CREATE (p1:Person {person_id: 'P1', name: '张三', rank: '县处级', political_status: '中共党员',
       id_number: $id1, phone: '13812345678'})
CREATE (p2:Person {person_id: 'P2', name: '李四', rank: '一般干部', political_status: '中共党员',
       id_number: $id2, phone: '0371-12345678'})
CREATE (p3:Person {person_id: 'P3', name: '王五', rank: '一般干部', political_status: '群众'})
CREATE (p4:Person {person_id: 'P4', name: '王五', rank: '村干部'})
CREATE (p2)-[:WORKS_AT]->(u)
CREATE (p1)-[:ASSIGNED_TO {role: '挂点领导', start: date('2025-01-01')}]->(v1)
CREATE (p2)-[:ASSIGNED_TO {role: '第一书记', unit_code: 'U1', start: date('2025-01-01'),
       end: date('2026-12-10')}]->(v1)
CREATE (u)-[:ASSIGNED_TO {role: '包村单位', start: date('2025-01-01')}]->(v1)
CREATE (p4)-[:HOLDS_POST {title: '书记', is_secretary: true, start: date('2024-01-01')}]->(b)
CREATE (h1:Household {household_id: 'H1', head_name: '赵一', head_id_number: $head1, size: 3,
       status: '未脱贫', cause: '因病'})-[:LIVES_IN]->(v1)
CREATE (h2:Household {household_id: 'H2', head_name: '钱二', size: 2, status: '监测对象',
       cause: '因学'})-[:LIVES_IN]->(v1)
CREATE (h3:Household {household_id: 'H3', head_name: '孙三', size: 4, status: '已脱贫',
       cause: '因病'})-[:LIVES_IN]->(v2)
CREATE (h4:Household {household_id: 'H4', head_name: '李四', size: 1, status: '已销户',
       cause: '缺劳力'})-[:LIVES_IN]->(v3)
CREATE (p3)-[:HELPS {start: date('2024-01-01')}]->(h1)
CREATE (p3)-[:HELPS {start: date('2024-01-01'), end: date('2025-01-01')}]->(h2)
CREATE (p2)-[:HELPS {start: date('2024-01-01')}]->(h3)
"""
AS_OF = "2026-11-22"


@pytest.fixture
def small(graph, neo4j_settings):
    # numbers written in clear, as before `bangfu db init` sealed them; the session's key exists (as
    # `db init` makes it) whichever module ran first, for the admin's unmasked runs
    pii.create_key(neo4j_settings)
    graph.write(SMALL, {"id1": ID1, "id2": ID2, "head1": HEAD1})
    return graph


@pytest.fixture
def runner(small, neo4j_settings):
    return QueryRunner(small, neo4j_settings)


def node_count(graph) -> int:
    return graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"]


# -- header ----------------------------------------------------------------------------------------
GOOD = """// @title: 测试
// @category: 人员
// @description: 第一行
//   第二行
// @param name: string | 姓名 | required
// @param n: int | 数量 | default=5 | min=1 | max=10
// @param d: date | 日期 | default=today
// @param s: string | 状态 | choices=甲,乙 | default=甲
// @display: bar x=名字 y=数
MATCH (p:Person) WHERE p.name = $name AND $n > 0 AND $d IS NOT NULL AND $s <> ''
RETURN p.name AS 名字, 1 AS 数
"""


def write_query(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


def test_header_parses(tmp_path):
    q = parse_query_file(write_query(tmp_path, "good", GOOD))
    assert (q.name, q.title, q.category, q.description) == ("good", "测试", "人员", "第一行第二行")
    assert [p.name for p in q.params] == ["name", "n", "d", "s"]
    n = q.param("n")
    assert (n.type, n.label, n.default, n.minimum, n.maximum) == ("int", "数量", 5, 1, 10)
    assert q.param("name").required and q.param("s").choices == ("甲", "乙")
    assert (q.display.kind, q.display.x, q.display.y) == ("bar", "名字", "数")


@pytest.mark.parametrize(
    "change, line, words",
    [
        (("// @category: 人员", "// @category: 人物"), 2, "分类“人物”无效"),
        (("// @title: 测试\n", ""), 1, "缺少 @title"),
        (
            ("// @param n: int | 数量 | default=5", "// @param n: integer | 数量 | default=5"),
            6,
            "类型“integer”无效",
        ),
        (("default=5 | min=1", "default=五 | min=1"), 6, "默认值“五”不是 int"),
        (("default=5 | min=1", "default=50 | min=1"), 6, "超出 min/max"),
        (("choices=甲,乙 | default=甲", "choices=甲,乙 | default=丙"), 8, "不在选项"),
        (("// @display: bar x=名字 y=数", "// @display: pie"), 9, "显示方式“pie”无效"),
        (("// @display: bar x=名字 y=数", "// @display: bar x=名称 y=数"), 9, "列“名称”不在查询的返回列"),
        (("//   第二行", "// 第二行"), 4, "表头行无法识别"),
        (("// @title: 测试", "// @titel: 测试"), 1, "未知的表头项 @titel"),
        (
            (
                "// @param name: string | 姓名 | required",
                "// @param name: string | 姓名 | required | default=x",
            ),
            5,
            "既是 required 又有默认值",
        ),
        (("// @param name: string | 姓名 | required", "// @param name: string"), 5, "需要类型和中文名"),
        (
            ("// @param name: string | 姓名 | required", "// @param Name: string | 姓名"),
            5,
            "参数名“Name”无效",
        ),
        (
            (
                "// @param s: string | 状态 | choices=甲,乙 | default=甲",
                "// @param s: string | 状态 | choices=@nowhere",
            ),
            8,
            "选项来源 @nowhere 不存在",
        ),
        (("AND $s <> ''", "AND $s <> '' AND $extra"), 10, "用到参数 $extra"),
        (("AND $s <> ''", ""), 8, "没有用到 $s"),
        (("// @category: 人员", "// @category: 人员\n// @title: 又一个"), 3, "@title 重复"),
    ],
)
def test_header_errors_name_file_and_line(tmp_path, change, line, words):
    old, new = change
    assert old in GOOD
    path = write_query(tmp_path, "bad", GOOD.replace(old, new, 1))
    with pytest.raises(QueryDefinitionError) as err:
        parse_query_file(path, choices_names=set())
    assert str(path) in err.value.message
    assert f"第 {line} 行" in err.value.message
    assert words in err.value.message


def test_params_in_strings_and_comments_are_not_uses(tmp_path):
    text = GOOD.replace("RETURN p.name AS 名字", "// $ghost in a comment\nRETURN p.name + '$ghost' AS 名字")
    assert parse_query_file(write_query(tmp_path, "ok", text)).name == "ok"


def test_bad_file_name(tmp_path):
    with pytest.raises(QueryDefinitionError, match="查询名“Bad-Name”无效"):
        parse_query_file(write_query(tmp_path, "Bad-Name", GOOD))


# -- catalogue -------------------------------------------------------------------------------------
def test_shipped_catalogue(neo4j_settings):
    cat = load_catalogue(neo4j_settings)
    shipped = [q for q in cat if q.source == "shipped"]
    rules = [q for q in cat if q.source == "rule"]
    assert len(shipped) >= 20
    assert [q.extra["rule_id"] for q in rules] == [r.id for r in RULES]  # one per rule, 17 with issue 19's
    assert cat.get("rule_visit_overdue").param("visit_kinds").default == ["入户"]
    assert cat.get("rule_first_secretary").param("many_households").default == 20
    assert {"townships", "villages", "units", "regions"} <= set(cat.choices)
    for q in shipped:
        assert q.path.parent == SHIPPED_DIR


def test_user_queries_sit_beside_shipped_ones(tmp_path, neo4j_settings):
    user = tmp_path / "mine"
    write_query(user, "my_people", GOOD)
    settings = replace(neo4j_settings, queries=replace(neo4j_settings.queries, user_dir=user))
    cat = load_catalogue(settings)
    assert cat.get("my_people").source == "user"
    assert cat.get("village_roster").source == "shipped"


@pytest.mark.parametrize("name", ["village_roster", "rule_help_pair"])
def test_user_query_never_overrides(tmp_path, neo4j_settings, name):
    user = tmp_path / "mine"
    path = write_query(user, name, GOOD)
    settings = replace(neo4j_settings, queries=replace(neo4j_settings.queries, user_dir=user))
    with pytest.raises(QueryDefinitionError) as err:
        load_catalogue(settings)
    assert str(path) in err.value.message and "不能覆盖" in err.value.message


def test_bad_user_query_names_file_and_line(tmp_path, neo4j_settings):
    user = tmp_path / "mine"
    path = write_query(user, "oops", GOOD.replace("@category: 人员", "@category: 其他"))
    settings = replace(neo4j_settings, queries=replace(neo4j_settings.queries, user_dir=user))
    with pytest.raises(QueryDefinitionError, match="第 2 行") as err:
        load_catalogue(settings)
    assert str(path) in err.value.message


def test_unknown_query(runner):
    with pytest.raises(Exception, match="没有名为“village_rooster”的保存查询"):
        runner.run("village_rooster")


# -- parameters ------------------------------------------------------------------------------------
def test_parameters_converted_by_type(runner):
    q, params = runner.prepare(
        "expiring_first_secretaries", {"days": "45", "as_of": "2026年11月22日", "region": "甲乡"}
    )
    assert params == {
        "days": 45,
        "role": "第一书记",
        "region": "419900101000",
        "as_of": dt.date(2026, 11, 22),
    }
    _, params = runner.prepare("cadre_households", {"person": "张三", "active_only": "是"})
    assert params["person"] == "P1" and params["active_only"] is True and params["as_of"] == clock.today()


@pytest.mark.parametrize(
    "name, params, words",
    [
        ("expiring_first_secretaries", {"days": "三十"}, "参数 天数（days） 的值无效：“三十”不是整数"),
        ("expiring_first_secretaries", {"days": "-1"}, "参数 天数（days） 不能小于 0"),
        ("expiring_first_secretaries", {"as_of": "2026-13-01"}, "参数 截至日期（as_of） 的值无效"),
        ("expiring_first_secretaries", {"role": "村长"}, "参数 责任类型（role） 的值“村长”不在可选范围内"),
        (
            "expiring_first_secretaries",
            {"region": "火星"},
            "参数 区划（县区/乡镇/村，空为全部）（region）：找不到区划“火星”",
        ),
        ("expiring_first_secretaries", {"dayz": "3"}, "没有参数 dayz"),
        ("cadre_households", {}, "缺少必填参数 帮扶责任人（编号或姓名）（person）"),
        ("cadre_households", {"person": "王五"}, "名称“王五”对应多个人员"),
        (
            "cadre_households",
            {"person": "P1", "active_only": "也许"},
            "参数 只看在岗结对（active_only） 的值无效",
        ),
        ("township_first_secretaries", {"township": "一村"}, "找不到乡镇“一村”"),
        ("enterprise_lifts", {"min_income": "abc"}, "参数 最低年增收（元）（min_income） 的值无效"),
    ],
)
def test_bad_parameters_are_clear_errors(runner, name, params, words):
    with pytest.raises(ParameterError) as err:
        runner.run(name, params)
    assert words in err.value.message


def test_choices_from_graph(runner):
    assert runner.choices("townships") == [
        {"value": "419900101000", "label": "甲乡"},
        {"value": "419900102000", "label": "乙镇"},
    ]
    q = runner.catalogue.get("township_first_secretaries")
    assert [c["value"] for c in runner.param_choices(q)["township"]] == ["419900101000", "419900102000"]


def test_injection_through_a_parameter_is_inert(runner, small):
    before = node_count(small)
    for evil in [
        "' OR 1=1 //",
        "x'}) DETACH DELETE n //",
        '") MATCH (n) DETACH DELETE n //',
        "张三' RETURN 1 UNION MATCH (n) DETACH DELETE n RETURN 1 AS x //",
    ]:
        assert runner.run("people_search", {"name": evil}).rows == []
    assert node_count(small) == before


# -- read only -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "CREATE (n:Person {name: 'x'})",
        "MATCH (n:Person) SET n.name = 'x'",
        "MERGE (n:Person {person_id: 'P9'}) RETURN n",
        "MATCH (n) DELETE n",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n:Person) REMOVE n.phone",
        "MATCH (n) FOREACH (x IN [1] | SET n.x = x)",
        "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS",
        "MATCH (n) CALL (n) { SET n.y = 1 } IN TRANSACTIONS",
        "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
        "load   csv with headers from 'http://x' as r return r",
        "CALL db.createLabel('X')",
        "CALL dbms.setConfigValue('a', 'b')",
        "CALL apoc.create.node(['X'], {})",
        "DROP INDEX foo",
        "CREATE INDEX bar FOR (n:Person) ON (n.name)",
        "SHOW TRANSACTIONS",
        "MATCH (n) RETURN n; MATCH (m) DELETE m",
        "EXPLAIN MATCH (n) RETURN n",
        "match (n) /* comment */ create (m)",
    ],
)
def test_writes_refused_before_running(runner, small, text):
    before = node_count(small)
    with pytest.raises(NotReadOnly):
        runner.run_cypher(text)
    assert node_count(small) == before


@pytest.mark.parametrize(
    "text",
    [
        "MATCH (n:Person) WHERE n.name <> 'CREATE (x)' RETURN n.name AS name ORDER BY name",
        "// DELETE everything\nMATCH (n:Person) RETURN n.name AS name ORDER BY name",
        "MATCH (n:Person) RETURN n.name AS set, {delete: 1} AS m ORDER BY m.delete",
        "MATCH (n:Person) WITH n CALL (n) { RETURN n.name AS nm } RETURN nm ORDER BY nm",
        "CALL db.labels() YIELD label RETURN label",
        "MATCH (n:Person) RETURN count(n) AS n;\n",
    ],
)
def test_reads_with_scary_words_run(runner, text):
    assert runner.run_cypher(text).rows


def test_explain_refuses_writes_the_text_check_missed(runner, small, monkeypatch):
    import graph.queries.runner as runner_module

    monkeypatch.setattr(runner_module, "check_text", lambda text: None)
    before = node_count(small)
    with pytest.raises(NotReadOnly, match="Neo4j 判定该查询为「(写入|读写)」"):
        runner.run_cypher("CREATE (n:Person {person_id: 'P99'})")
    with pytest.raises(NotReadOnly, match="读写"):
        runner.run_cypher("MATCH (n:Person) SET n.touched = true RETURN n")
    assert node_count(small) == before
    assert small.read("MATCH (n:Person) WHERE n.touched RETURN n") == []


def test_query_type_verdicts():
    check_query_type("r")
    for kind in ("rw", "w", "s", None):
        with pytest.raises(NotReadOnly):
            check_query_type(kind)


def test_text_check_is_pure():
    check_text("MATCH (a)-[r]->(b) WHERE a.start <= date() RETURN a.start AS start")
    with pytest.raises(NotReadOnly, match="MERGE"):
        check_text("UNWIND [1] AS x MERGE (n {x: x})")


def test_syntax_error_is_a_clear_error(runner):
    from graph.queries import QueryFailed

    with pytest.raises(QueryFailed, match="查询语句有误"):
        runner.run_cypher("MATCH (n RETURN n")


# -- limits ----------------------------------------------------------------------------------------
def test_time_limit_stops_a_slow_read(runner):
    with pytest.raises(QueryTimeout) as err:
        runner.run_cypher(
            "UNWIND range(1, 30000) AS a UNWIND range(1, 30000) AS b RETURN count(*) AS n", time_limit_s=1
        )
    assert err.value.message.startswith("查询超过时间限制 1 秒，已停止")


def test_time_limit_from_settings(small, neo4j_settings):
    settings = replace(neo4j_settings, queries=replace(neo4j_settings.queries, time_limit_s=1.5))
    with pytest.raises(QueryTimeout, match="查询超过时间限制 1.5 秒，已停止"):
        QueryRunner(small, settings).run_cypher(
            "UNWIND range(1, 30000) AS a UNWIND range(1, 30000) AS b RETURN count(*) AS n"
        )


def test_row_limit(runner, small, neo4j_settings):
    result = runner.run_cypher("UNWIND range(1, 50) AS i RETURN i", row_limit=10)
    assert result.column("i") == list(range(1, 11)) and result.truncated
    assert "超过 10 行的上限" in result.notice
    result = runner.run_cypher("UNWIND range(1, 10) AS i RETURN i", row_limit=10)
    assert len(result.rows) == 10 and not result.truncated and result.notice is None
    settings = replace(neo4j_settings, queries=replace(neo4j_settings.queries, row_limit=3))
    result = QueryRunner(small, settings).run("households_by_status")
    assert len(result.rows) == 3 and result.truncated


# -- masking ---------------------------------------------------------------------------------------
def test_mask_functions():
    assert mask_id("410102198001011234") == "4101**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0371-12345678") == "0371-******78"
    assert mask_phone("037112345678") == "0371-******78"
    assert mask_value({"a": [{"phone": "13812345678"}], "id_number": "X"}) == {
        "a": [{"phone": "138****5678"}],
        "id_number": "*",
    }


def test_masking_everywhere(runner):
    result = runner.run_cypher(
        "MATCH (p:Person {person_id: 'P1'}), (q:Person {person_id: 'P2'}), "
        "(h:Household {household_id: 'H1'}) "
        "RETURN p, p.id_number AS id_number, p.phone AS phone, q.phone AS 联系电话, "
        "p.id_number AS whatever, [p.phone, p.id_number] AS list, "
        "{card: p.id_number, phone: p.phone} AS map, "
        "h.head_id_number AS head_id_number, h"
    )
    row = result.records()[0]
    masked_id = ID1[:4] + "*" * 10 + ID1[-4:]
    assert row["p"].properties["id_number"] == masked_id
    assert row["p"].properties["phone"] == "138****5678"
    assert row["id_number"] == masked_id and row["whatever"] == masked_id
    assert row["phone"] == "138****5678" and row["联系电话"] == "0371-******78"
    assert row["list"] == ["138****5678", masked_id]
    assert row["map"] == {"card": masked_id, "phone": "138****5678"}
    assert row["head_id_number"] == HEAD1[:4] + "*" * 10 + HEAD1[-4:]
    assert row["h"].properties["head_id_number"] == row["head_id_number"]
    assert result.nodes[row["p"].id].properties["id_number"] == masked_id
    everything = json.dumps(json.loads(to_json(result)), ensure_ascii=False)
    assert ID1 not in everything and "13812345678" not in everything and HEAD1 not in everything
    plain = runner.run_cypher("MATCH (p:Person {person_id: 'P1'}) RETURN p, p.phone AS phone", unmasked=True)
    assert plain.rows[0][0].properties["id_number"] == ID1 and plain.rows[0][1] == "13812345678"
    assert not plain.masked


def test_masking_inside_paths_and_relationships(runner):
    result = runner.run("household_chain", {"household": "H3", "as_of": AS_OF})
    people = [n for n in result.nodes.values() if "Person" in n.labels]
    assert people and all(n.properties.get("phone") in (None, "0371-******78") for n in people)
    assert all(n.properties.get("id_number") in (None, ID2[:4] + "*" * 10 + ID2[-4:]) for n in people)


# -- results and exports ---------------------------------------------------------------------------
def test_graph_result_has_nodes_and_edges(runner):
    result = runner.run("household_chain", {"household": "赵一", "as_of": AS_OF})
    labels = {lab for n in result.nodes.values() for lab in n.labels}
    assert {"Household", "Village", "Township", "County", "Person", "Unit", "PartyOrg"} <= labels
    types = {r.type for r in result.relationships.values()}
    assert {"LIVES_IN", "PART_OF", "HELPS", "ASSIGNED_TO", "GOVERNS", "HOLDS_POST"} <= types
    names = {n.properties.get("name") for n in result.nodes.values()}
    assert {"王五", "李四", "张三", "水利局", "一村党支部", "甲乡", "测试县"} <= names
    g = json.loads(to_graph_json(result))
    ids = {n["id"] for n in g["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    assert len(g["edges"]) == len(result.relationships)


def test_exports(runner, tmp_path):
    result = runner.run("township_first_secretaries", {"township": "甲乡", "as_of": AS_OF})
    assert result.columns[:3] == ["村代码", "村", "第一书记"]
    rows = result.records()
    assert [(r["村"], r["第一书记"], r["派出单位"], r["剩余天数"]) for r in rows] == [
        ("一村", "李四", "水利局", 18),
        ("二村", None, None, None),
    ]
    data = to_csv(result)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:3] == ["村代码", "村", "第一书记"]
    assert table[1][5] == "0371-******78" and table[1][7] == "2026-12-10"
    doc = json.loads(to_json(result))
    assert doc["query"] == "township_first_secretaries" and doc["params"]["as_of"] == AS_OF
    assert doc["rows"][0]["任期结束"] == "2026-12-10" and doc["truncated"] is False
    path = tmp_path / "x.xlsx"
    path.write_bytes(to_xlsx(result))
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value.startswith(result.title) and ws.freeze_panes == "A3"  # the title row
    assert [c.value for c in ws[2]][:3] == ["村代码", "村", "第一书记"]
    assert ws.cell(3, 8).value.date() == dt.date(2026, 12, 10) and ws.cell(3, 8).number_format == "yyyy-mm-dd"
    assert ws.cell(3, 9).value == 18


def test_bar_chart_query(runner):
    result = runner.run("poverty_causes", {"region": "甲乡"})
    assert result.display.kind == "bar"
    assert [(r["致贫原因"], r["户数"]) for r in result.records()] == [("因病", 2), ("因学", 1)]
    result = runner.run("poverty_causes", {"status": "已销户"})
    assert [(r["致贫原因"], r["户数"]) for r in result.records()] == [("缺劳力", 1)]


def test_rules_run_as_saved_queries(runner):
    result = runner.run("rule_help_pair", {"as_of": AS_OF})
    assert result.column("subject_id") == ["H2"]
    result = runner.run("rule_first_secretary", {"as_of": "2027-01-01"})
    assert result.column("subject_id") == ["419900101201"]
    result = runner.run("rule_expiring", {"as_of": AS_OF, "expiring_days": "10"})
    assert result.rows == []
    result = runner.run("rule_expiring", {"as_of": AS_OF, "expiring_days": "20"})
    assert result.column("subject_id") == ["419900101201"]


# -- CLI -------------------------------------------------------------------------------------------
def cli(small, settings, *args):
    app = AppContext(settings)
    app._graph = small
    return CliRunner().invoke(query_group, list(args), obj=app, catch_exceptions=True)


def test_cli_list_show_run(small, neo4j_settings, tmp_path):
    out = cli(small, neo4j_settings, "list")
    assert out.exit_code == 0 and "township_first_secretaries" in out.output and "［规则］" in out.output
    out = cli(small, neo4j_settings, "show", "expiring_first_secretaries")
    assert out.exit_code == 0 and "days（天数，整数）：默认 30" in out.output
    out = cli(
        small,
        neo4j_settings,
        "run",
        "township_first_secretaries",
        "-p",
        "township=甲乡",
        "-p",
        f"as_of={AS_OF}",
    )
    assert out.exit_code == 0, out.output
    assert "李四" in out.output and "0371-******78" in out.output
    target = tmp_path / "r.csv"
    out = cli(
        small,
        neo4j_settings,
        "run",
        "township_first_secretaries",
        "-p",
        "township=419900101000",
        "--format",
        "csv",
        "-o",
        str(target),
        "--unmasked",
    )
    assert out.exit_code == 0 and target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "0371-12345678" in target.read_text(encoding="utf-8-sig")
    out = cli(
        small,
        neo4j_settings,
        "cypher",
        "MATCH (h:Household) WHERE h.size >= $n RETURN h.household_id AS id ORDER BY id",
        "-p",
        "n:int=3",
        "--format",
        "json",
    )
    assert out.exit_code == 0, out.output
    assert [r["id"] for r in json.loads(out.output)["rows"]] == ["H1", "H3"]


def test_cli_errors(small, neo4j_settings):
    from graph.errors import BangfuError

    out = cli(small, neo4j_settings, "cypher", "MATCH (n) DETACH DELETE n")
    assert isinstance(out.exception, NotReadOnly)
    out = cli(small, neo4j_settings, "run", "expiring_first_secretaries", "-p", "days=abc")
    assert isinstance(out.exception, BangfuError) and "days" in out.exception.message


def test_node_repr_in_table(runner):
    result = runner.run_cypher("MATCH (v:Village {code: '419900101201'}) RETURN v")
    assert isinstance(result.rows[0][0], GNode)
    from graph.cli.queries import render_table

    assert "村:一村" in render_table(result)


def test_describe_for_forms(neo4j_settings):
    d = load_catalogue(neo4j_settings).get("expiring_first_secretaries").describe()
    assert d["category"] == "人员" and d["display"]["kind"] == "table"
    days = next(p for p in d["params"] if p["name"] == "days")
    assert days == {
        "name": "days",
        "type": "int",
        "label": "天数",
        "required": False,
        "default": "30",
        "choices": None,
        "choices_query": None,
        "min": 0,
        "max": 3650,
    }
    json.dumps(d, ensure_ascii=False)


def test_cli_xlsx_and_graph_json(small, neo4j_settings, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = cli(
        small,
        neo4j_settings,
        "run",
        "village_roster",
        "-p",
        "village=一村",
        "-p",
        f"as_of={AS_OF}",
        "--format",
        "xlsx",
    )
    assert out.exit_code == 0, out.output
    ws = openpyxl.load_workbook(tmp_path / "village_roster.xlsx").active
    assert "筛选：村（代码或名称） " in ws["A1"].value  # the title row names the parameters by their labels
    assert {ws.cell(r, 1).value for r in range(3, ws.max_row + 1)} == {
        "包村单位",
        "挂点领导",
        "第一书记",
        "村党组织书记",
    }
    target = tmp_path / "g.json"
    out = cli(
        small,
        neo4j_settings,
        "run",
        "household_chain",
        "-p",
        "household=H1",
        "--format",
        "graph-json",
        "-o",
        str(target),
    )
    assert out.exit_code == 0, out.output
    g = json.loads(target.read_text(encoding="utf-8"))
    assert {"nodes", "edges"} == set(g) and g["edges"]


def test_cli_bad_user_query_is_reported(small, neo4j_settings, tmp_path):
    user = tmp_path / "mine"
    write_query(user, "oops", GOOD.replace("// @display: bar x=名字 y=数", "// @display: pie"))
    settings = replace(neo4j_settings, queries=replace(neo4j_settings.queries, user_dir=user))
    out = cli(small, settings, "list")
    assert isinstance(out.exception, QueryDefinitionError)
    assert "oops.cypher 第 9 行" in out.exception.message
