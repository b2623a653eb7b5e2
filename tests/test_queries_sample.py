"""Every shipped saved query on the shared sample roster (loaded once with the real loader), with its
defaults and with non-default parameters; exact answers worked out by hand from the CSVs in
shared/sample/roster/ (as-of date 2026-11-22, the date of the sample's expected outputs).
"""

from __future__ import annotations

import json

import pytest

from graph.queries import QueryRunner, load_catalogue
from graph.queries.export import to_csv, to_graph_json, to_json, to_xlsx

AS_OF = "2026-11-22"
SUNHONG, WULAO = "419902101000", "419902102000"
PEOPLE_P00029 = "秦军宇"

# query → (required parameters only, non-default parameters)
CASES = {
    "township_first_secretaries": ({"township": "孙红乡"}, {"township": WULAO, "as_of": "2026-10-01"}),
    "cadre_households": ({"person": "P00028"}, {"person": "P00017", "as_of": AS_OF, "active_only": "是"}),
    "unit_footprint": ({"unit": "U007"}, {"unit": "云溪县教育局", "as_of": AS_OF}),
    "household_chain": ({"household": "4199021012010001"}, {"household": "4199021012040001", "as_of": AS_OF}),
    "weak_villages": ({}, {"region": SUNHONG, "as_of": AS_OF}),
    "enterprise_lifts": ({}, {"mode": "务工就业", "year": "2020", "min_income": "1000", "kind": "龙头企业"}),
    "poverty_causes": ({}, {"status": "监测对象", "region": "419902000000"}),
    "causes_by_village": ({"township": SUNHONG}, {"township": "吴老乡"}),
    "monitored_households": ({}, {"region": WULAO, "as_of": AS_OF}),
    "multi_village_cadres": ({}, {"min_villages": "3", "role": "责任组员", "as_of": AS_OF}),
    "expiring_first_secretaries": ({}, {"days": "60", "as_of": AS_OF, "region": "云溪县"}),
    "township_village_coverage": ({"township": SUNHONG}, {"township": WULAO, "as_of": AS_OF}),
    "people_shortest_path": (
        {"person_a": "P00002", "person_b": "P00104"},
        {"person_a": "P00028", "person_b": "P00133"},
    ),
    "village_roster": ({"village": "丁寨村"}, {"village": "419902101204", "as_of": AS_OF}),
    "unpaired_households": ({"region": SUNHONG}, {"region": WULAO, "as_of": AS_OF}),
    "units_by_villages": ({}, {"as_of": AS_OF, "top": "2"}),
    "benefits_by_program": ({}, {"year": "2020"}),
    "party_branches": ({}, {"region": SUNHONG, "as_of": AS_OF}),
    "person_profile": ({"person": "P00002"}, {"person": "唐成"}),
    "cadre_load_ranking": ({}, {"region": WULAO, "as_of": AS_OF, "top": "3"}),
    "households_by_status": ({}, {"region": "丁寨村"}),
    "township_overview": ({}, {"as_of": AS_OF}),
    "people_search": ({"name": "冯"}, {"name": "冯春", "rank": "县处级"}),
}


@pytest.fixture(scope="module")
def sample_runner(sample_county, neo4j_settings):
    return QueryRunner(sample_county, neo4j_settings)


def records(runner, name, params):
    return runner.run(name, params).records()


def test_every_shipped_query_has_cases(neo4j_settings):
    """Here, or (the queries about the six activity tables) in tests/test_queries_activity.py, or (the
    monitoring tables') in tests/test_monitoring.py."""
    from tests.test_monitoring import MONITORING_CASES
    from tests.test_queries_activity import ACTIVITY_CASES

    shipped = {q.name for q in load_catalogue(neo4j_settings) if q.source == "shipped"}
    assert shipped == set(CASES) | set(ACTIVITY_CASES) | set(MONITORING_CASES)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("which", [0, 1], ids=["defaults", "non-default"])
def test_every_query_runs(sample_runner, name, which):
    result = sample_runner.run(name, CASES[name][which])
    assert result.rows, f"{name} returned nothing"
    assert not result.truncated
    query = sample_runner.catalogue.get(name)
    if query.display.kind == "graph":
        assert result.nodes and result.relationships
        json.loads(to_graph_json(result))
    if query.display.kind == "bar":
        assert {query.display.x, query.display.y} <= set(result.columns)
    # every export works on every result
    assert to_csv(result).startswith(b"\xef\xbb\xbf")
    json.loads(to_json(result))
    assert to_xlsx(result)[:2] == b"PK"


@pytest.mark.parametrize(
    "rule",
    [
        "first_secretary",
        "first_secretary_party_member",
        "work_team",
        "responsibility_group",
        "village_contact",
        "leader_point",
        "party_liaison",
        "branch_secretary",
        "contracting_unit",
        "help_pair",
        "cadre_load",
        "expiring",
    ],
)
def test_rules_as_saved_queries_match_expected_check(sample_runner, sample_dir, rule):
    expected = json.loads((sample_dir / "expected-check.json").read_text(encoding="utf-8"))
    want = sorted(v["subject_id"] for v in expected["violations"] if v["rule"] == rule)
    got = sorted(set(sample_runner.run("rule_" + rule, {"as_of": AS_OF}).column("subject_id")))
    assert got == want


def test_rule_with_non_default_threshold_and_region(sample_runner):
    # P00017 helps 12 households, the four next ones 5 each
    got = sample_runner.run("rule_cadre_load", {"as_of": AS_OF, "max_households_per_cadre": "4"})
    assert {"P00017", "P00010", "P00012", "P00015", "P00018"} <= set(got.column("subject_id"))
    got = sample_runner.run("rule_help_pair", {"as_of": AS_OF, "region": "孙红乡"})
    assert got.column("subject_id") == [
        "4199021012010044",
        "4199021012030007",
        "4199021012090013",
        "4199021012120024",
    ]


def test_township_first_secretaries(sample_runner):
    rows = records(sample_runner, "township_first_secretaries", {"township": "孙红乡", "as_of": AS_OF})
    assert len(rows) == 12  # every village of the township, with or without a first secretary
    got = {(r["村"], r["第一书记"], r["派出单位"], r["剩余天数"]) for r in rows if r["第一书记"]}
    assert got == {
        ("胡营村", "乔松平", "云溪县自然资源局", None),
        ("潘屯村", "傅宏", "云溪县教育局", None),
        ("金洼村", "邓芳峰", "云溪县教育局", None),
        ("常店村", "唐成", "云溪县人力资源和社会保障局", 12),
    }
    rows = records(sample_runner, "township_first_secretaries", CASES["township_first_secretaries"][1])
    assert {(r["村"], r["第一书记"]) for r in rows if r["第一书记"]} == {
        ("陈桥村", "唐成"),
        ("陆集村", "梁国"),
        ("程营村", "廖艳洋"),
        ("谢营村", "许浩海"),
        ("董坡村", "阎杰玉"),
        ("冯集村", "谭波荣"),
    }


def test_cadre_households(sample_runner):
    rows = records(sample_runner, "cadre_households", {"person": "P00028", "as_of": AS_OF})
    assert [r["户编号"] for r in rows] == [
        "4199021012010001",
        "4199021012010002",
        "4199021012010003",
        "4199021012010004",
    ]
    assert rows[0]["户状态"] == "未脱贫" and rows[0]["致贫原因"] == "交通条件落后" and rows[0]["在岗"]
    assert rows[1]["结对开始"].iso_format() == "2025-10-22"
    rows = records(sample_runner, "cadre_households", CASES["cadre_households"][1])
    assert len({r["户编号"] for r in rows if r["户状态"] != "已销户"}) == 12


def test_poverty_causes(sample_runner):
    rows = records(sample_runner, "poverty_causes", {})
    assert sum(r["户数"] for r in rows) == 634  # in scope: 677 households less 43 closed
    assert (rows[0]["致贫原因"], rows[0]["户数"]) == ("因灾", 67)
    rows = records(sample_runner, "poverty_causes", CASES["poverty_causes"][1])
    assert sum(r["户数"] for r in rows) == 61
    assert (rows[0]["致贫原因"], rows[0]["户数"]) == ("因病", 8)


def test_households_by_status(sample_runner):
    rows = records(sample_runner, "households_by_status", {})
    assert [(r["户状态"], r["户数"], r["人口"]) for r in rows] == [
        ("未脱贫", 99, 340),
        ("监测对象", 61, 208),
        ("已脱贫", 474, 1646),
        ("已销户", 43, 155),
    ]


def test_monitored_households(sample_runner):
    rows = records(sample_runner, "monitored_households", {"as_of": AS_OF})
    assert len({r["户编号"] for r in rows}) == 61
    assert all(r["联系电话"] is None or "****" in r["联系电话"] for r in rows)


def test_multi_village_cadres(sample_runner):
    rows = records(sample_runner, "multi_village_cadres", {"as_of": AS_OF})
    assert len(rows) == 32
    assert (rows[0]["村数"], {rows[0]["人员编号"], rows[1]["人员编号"], rows[2]["人员编号"]}) == (
        6,
        {"P00140", "P00165", "P00166"},
    )
    rows = records(sample_runner, "multi_village_cadres", CASES["multi_village_cadres"][1])
    assert [(r["人员编号"], r["村数"]) for r in rows] == [
        ("P00137", 5),
        ("P00140", 5),
        ("P00141", 4),
        ("P00161", 4),
        ("P00162", 4),
        ("P00165", 4),
        ("P00138", 3),
        ("P00163", 3),
        ("P00164", 3),
        ("P00166", 3),
    ]


def test_expiring_first_secretaries(sample_runner):
    rows = records(sample_runner, "expiring_first_secretaries", {"as_of": AS_OF})
    assert [(r["村"], r["姓名"], r["剩余天数"]) for r in rows] == [
        ("常店村", "唐成", 12),
        ("陆集村", "梁国", 12),
    ]
    # 陆集村 has its next first secretary from 2026-12-05; 常店村 has nobody (the rule's one warning)
    assert [r["接续人选"] for r in rows] == [[], [PEOPLE_P00029]]
    rows = records(sample_runner, "expiring_first_secretaries", CASES["expiring_first_secretaries"][1])
    assert [r["村"] for r in rows] == ["常店村", "陆集村", "程营村"]


def test_township_village_coverage_matches_expected(sample_runner, sample_dir):
    expected = json.loads((sample_dir / "expected-coverage-village.json").read_text(encoding="utf-8"))
    want = {r["code"]: r for r in expected["rows"]}
    for township in (SUNHONG, WULAO):
        for r in records(sample_runner, "township_village_coverage", {"township": township, "as_of": AS_OF}):
            e = want[r["村代码"]]
            assert (r["在册户"], r["已落实户"], r["覆盖率"], r["帮扶干部"]) == (
                e["households_in_scope"],
                e["households_covered"],
                e["coverage"],
                e["cadres"],
            )


def test_unpaired_households(sample_runner):
    rows = records(sample_runner, "unpaired_households", {"region": "孙红乡", "as_of": AS_OF})
    assert [r["户编号"] for r in rows] == [
        "4199021012010044",
        "4199021012030007",
        "4199021012090013",
        "4199021012120024",
    ]
    assert all(r["户主身份证号"] is None or "**********" in r["户主身份证号"] for r in rows)
    rows = records(sample_runner, "unpaired_households", CASES["unpaired_households"][1])
    assert [r["户编号"] for r in rows] == [
        "4199021022060001",
        "4199021022060015",
        "4199021022110005",
        "4199021022120001",
    ]


def test_units_by_villages(sample_runner):
    rows = records(sample_runner, "units_by_villages", {"as_of": AS_OF})
    assert [(r["单位代码"], r["包村数"]) for r in rows[:2]] == [("U002", 2), ("U004", 2)] or [
        (r["单位代码"], r["包村数"]) for r in rows[:2]
    ] == [("U004", 2), ("U002", 2)]
    assert {r["单位代码"]: r["包村数"] for r in rows if r["包村数"]} == {
        "U002": 2,
        "U004": 2,
        "U007": 1,
        "U008": 1,
        "U003": 1,
        "U006": 1,
    }
    assert len(records(sample_runner, "units_by_villages", {"as_of": AS_OF, "top": "2"})) == 2


def test_benefits_by_program(sample_runner):
    rows = records(sample_runner, "benefits_by_program", {})
    assert (rows[0]["项目"], rows[0]["户数"], rows[0]["金额合计"]) == ("危房改造", 59, 245200.0)
    assert sum(r["人次"] for r in rows) == 326
    rows = records(sample_runner, "benefits_by_program", {"year": "2020"})
    assert [(r["项目"], r["金额合计"]) for r in rows[:2]] == [("产业奖补", 64200.0), ("危房改造", 62400.0)]
    rows = records(sample_runner, "benefits_by_program", {"region": "孙红乡"})
    assert (sum(r["人次"] for r in rows), sum(r["金额合计"] for r in rows)) == (159, 602400.0)
    rows = records(sample_runner, "benefits_by_program", {"region": "孙红乡", "year": "2020"})
    assert (sum(r["人次"] for r in rows), sum(r["金额合计"] for r in rows)) == (45, 162400.0)


def test_enterprise_lifts(sample_runner):
    rows = records(sample_runner, "enterprise_lifts", {})
    assert len(rows) == 48
    rows = records(sample_runner, "enterprise_lifts", {"mode": "务工就业", "min_income": "20000"})
    assert {(r["主体编号"], r["户编号"], r["年增收"]) for r in rows} == {
        ("E001", "4199021022070004", 24000.0),
        ("E003", "4199021012090005", 24000.0),
    }


def test_weak_villages(sample_runner):
    rows = records(sample_runner, "weak_villages", {"as_of": AS_OF})
    assert [r["村"] for r in rows] == ["丁寨村", "金洼村", "曹岗村", "常店村", "陈桥村"]
    by = {r["村"]: r for r in rows}
    assert by["丁寨村"]["挂点领导"] == ["冯春（县处级）"] and by["金洼村"]["挂点领导"] == ["丁浩（乡科级）"]
    assert by["丁寨村"]["村党组织书记"] and by["丁寨村"]["责任组长"]


def test_household_chain_graph(sample_runner):
    result = sample_runner.run("household_chain", {"household": "4199021012010001", "as_of": AS_OF})
    names = {n.properties.get("name") for n in result.nodes.values()}
    assert {"丁寨村", "孙红乡", "云溪县"} <= names
    helpers = {n.properties["person_id"] for n in result.nodes.values() if "Person" in n.labels}
    assert {"P00028", "P00140", "P00133", "P00091", "P00002", "P00143"} <= helpers
    assert "P00104" not in helpers  # the first secretary whose term ended on 2026-10-28


def test_people_shortest_path(sample_runner):
    rows = records(sample_runner, "people_shortest_path", {"person_a": "P00002", "person_b": "P00104"})
    assert rows[0]["步数"] == 2  # both assigned to 丁寨村


def test_people_search_masks(sample_runner):
    rows = records(sample_runner, "people_search", {"name": "冯春", "rank": "县处级"})
    assert [(r["人员编号"], r["联系电话"], r["身份证号"]) for r in rows] == [
        ("P00002", "184****0097", "4199**********9141")
    ]
    plain = sample_runner.run("people_search", {"name": "冯春"}, unmasked=True).records()
    assert plain[0]["联系电话"] == "18464680097" and plain[0]["身份证号"] == "419902198507269141"
