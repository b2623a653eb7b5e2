"""The saved queries about visits, reserve cadres, talents, inspections, evaluations and village
indicators, on the activity sample (shared/sample/activity/roster: the sample county with the six
tables, loaded once with the real loader). Exact answers worked out by hand from its CSV files
(as-of date 2026-11-22, the date of its expected check)."""

from __future__ import annotations

import json

import pytest

from graph.queries import QueryRunner
from graph.queries.export import to_csv, to_json, to_xlsx

AS_OF = "2026-11-22"
SUNHONG, WULAO = "419902101000", "419902102000"

# query → (required parameters only, non-default parameters)
ACTIVITY_CASES = {
    "households_not_visited": (
        {"township": "孙红乡"},
        {"township": WULAO, "days": "30", "kind": "入户", "as_of": AS_OF},
    ),
    "cadre_visits": ({}, {"person": "P00017", "start": "2026-01-01", "end": AS_OF, "region": SUNHONG}),
    "village_reserve_cadres": ({}, {"region": "孙红乡", "include_past": "是", "as_of": AS_OF}),
    "township_talents": ({"township": SUNHONG}, {"township": "吴老乡", "kind": "在外人才"}),
    "inspections_problems": ({}, {"open_only": "是", "end": AS_OF, "subject_type": "村", "region": SUNHONG}),
    "evaluation_grades": ({}, {"year": "2025", "grade": "不称职", "as_of": AS_OF}),
    "villages_income_band": ({}, {"year": "2025", "region": WULAO}),
}


@pytest.fixture(scope="module")
def runner(activity_county, neo4j_settings):
    return QueryRunner(activity_county, neo4j_settings)


def records(runner, name, params):
    return runner.run(name, params).records()


@pytest.mark.parametrize("name", sorted(ACTIVITY_CASES))
@pytest.mark.parametrize("which", [0, 1], ids=["defaults", "non-default"])
def test_every_activity_query_runs(runner, name, which):
    result = runner.run(name, ACTIVITY_CASES[name][which])
    assert result.rows, f"{name} returned nothing"
    assert not result.truncated
    assert to_csv(result).startswith(b"\xef\xbb\xbf")
    json.loads(to_json(result))
    assert to_xlsx(result)[:2] == b"PK"


def test_households_not_visited(runner):
    rows = records(runner, "households_not_visited", {"township": "孙红乡", "as_of": AS_OF})
    # the three with a helper are the visit_overdue households of the township (a home visit exactly
    # 90 days before is outside the window); the others have no helper and no visit at all
    assert [(r["户编号"], r["帮扶责任人"], r["距今天数"]) for r in rows] == [
        ("4199021012010044", [], None),
        ("4199021012030007", [], None),
        ("4199021012040006", ["罗凯晓"], 123),
        ("4199021012050021", ["谭春新"], 90),
        ("4199021012050040", ["郑洋文"], 171),
        ("4199021012090013", [], None),
        ("4199021012120024", [], None),
    ]
    # 30 days and home visits only: a household phoned 10 days before is listed, with that call
    rows = records(runner, "households_not_visited", ACTIVITY_CASES["households_not_visited"][1])
    phoned = next(r for r in rows if r["户编号"] == "4199021022100005")
    assert (phoned["最近走访方式"], phoned["最近走访人"], phoned["距今天数"]) == ("电话", "任伟", 10)
    assert len(rows) == 6


def test_cadre_visits(runner):
    rows = records(runner, "cadre_visits", {"person": "P00017", "end": AS_OF})
    assert [(r["姓名"], r["走访次数"], r["入户次数"], r["电联次数"], r["走访户数"]) for r in rows] == [
        ("熊燕", 72, 72, 0, 12)
    ]
    assert rows[0]["最近走访日期"].iso_format() == "2026-11-17"
    # no ranking: people in the order of their ids
    ids = [r["人员编号"] for r in records(runner, "cadre_visits", {"start": "2026-11-01", "end": AS_OF})]
    assert ids == sorted(ids) and len(ids) == 170


def test_village_reserve_cadres(runner):
    rows = records(runner, "village_reserve_cadres", ACTIVITY_CASES["village_reserve_cadres"][1])
    assert len(rows) == 12  # every village of the township, with or without a reserve cadre
    got = {r["村"]: (r["姓名"], r["来源"], r["在库"]) for r in rows}
    assert got["丁寨村"] == ("阎海春", "返乡创业", False)  # joins only on 2026-12-02
    assert got["张湾村"] == ("吕平红", "返乡创业", False)  # left the pool on 2026-10-13
    assert got["胡营村"] == (None, None, None)  # none ever
    assert got["丁湾村"] == ("叶娟斌", "致富能手", True)
    # without the past ones, the villages with no active reserve cadre are the rule's
    rows = records(runner, "village_reserve_cadres", {"as_of": AS_OF})
    assert sorted(r["村代码"] for r in rows if r["姓名"] is None) == [
        "419902101201",
        "419902101204",
        "419902101210",
        "419902102208",
    ]


def test_township_talents(runner):
    rows = records(runner, "township_talents", {"township": "孙红乡"})
    assert [(r["村"], r["姓名"], r["类型"], r["反哺情况"], r["金额"]) for r in rows] == [
        ("丁寨村", "吴芳", "乡贤", "捐资修路", 0.0),
        ("丁湾村", "蒋海峰", "乡贤", "助销农产品", 5000.0),
        ("陆坡村", "姚峰", "返乡创业", "捐资修路", 0.0),
        ("胡营村", "赖超", "乡贤", "助销农产品", 0.0),
        ("曹岗村", "许松", "返乡创业", "介绍务工", 0.0),
        ("张湾村", "石静", "乡贤", "助销农产品", 5000.0),
    ]


def test_inspections_open_problems(runner):
    rows = records(runner, "inspections_problems", {"open_only": "是", "end": AS_OF})
    assert [(r["督查编号"], r["对象"], r["问题"], r["整改状态"]) for r in rows] == [
        ("DC2026001", "胡营村", "档卡资料不全", "未销号"),
        ("DC2026004", "丁寨村", "档卡资料不全", "未销号"),
        ("DC2026007", "苏屯村", "档卡资料不全", "未销号"),
        ("DC2026010", "陆坡村", "档卡资料不全", "未销号"),
    ]
    everything = records(runner, "inspections_problems", {"end": AS_OF})
    assert len(everything) == 12
    assert {r["结果"] for r in everything if r["整改状态"] is None} == {"合格"}


def test_first_secretaries_grades(runner):
    rows = records(runner, "evaluation_grades", ACTIVITY_CASES["evaluation_grades"][1])
    assert [(r["姓名"], r["等次"], r["在岗村"], r["仍在岗"]) for r in rows] == [
        ("许浩海", "不称职", ["谢营村"], True),
        ("傅宏", "不称职", ["潘屯村"], True),
    ]
    rows = records(runner, "evaluation_grades", {"as_of": AS_OF})
    assert len(rows) == 18 and [r["年度"] for r in rows] == sorted(r["年度"] for r in rows)
    # 梁国's 不称职 of 2024 is superseded by 称职 in 2025
    assert [r["等次"] for r in rows if r["姓名"] == "梁国"] == ["不称职", "称职"]


def test_villages_income_band(runner):
    rows = records(runner, "villages_income_band", {"band": "5万元以下"})
    assert [(r["村"], r["年度"], r["集体经营性收入万元"]) for r in rows] == [("胡营村", 2025, 3.2)]
    rows = records(runner, "villages_income_band", {"band": "无数据"})
    assert [r["村"] for r in rows] == ["程营村"]
    rows = records(runner, "villages_income_band", {})
    assert len(rows) == 24
