"""Responsibility rules and coverage on small hand-made graphs (docs/graph-model.md), on a real Neo4j.

Every test builds its own graph with Cypher CREATE statements; D is the as-of date throughout.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graph.coverage import run_coverage, run_load_distribution
from graph.errors import UsageError
from graph.rules import RULES, RULES_BY_ID, rule_params, run_check, run_rule
from graph.settings import RuleSettings
from tests.helpers.cli import run_bangfu, server_env

D = dt.date(2026, 6, 15)
COUNTY, TOWN_A, TOWN_B = "419900000000", "419901000000", "419902000000"


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


# -- building blocks: each one Cypher CREATE ---------------------------------------------------------


def regions(graph, villages: dict[str, dict], town_b: dict[str, dict] | None = None) -> None:
    """A county with township A (`villages`) and township B (`town_b`); codes are the keys."""
    graph.write(
        "CREATE (c:Region:County {code: $county, name: '测试县', level: '县区'}) "
        "CREATE (a:Region:Township {code: $ta, name: '甲乡', level: '乡镇'})-[:PART_OF]->(c) "
        "CREATE (b:Region:Township {code: $tb, name: '乙乡', level: '乡镇'})-[:PART_OF]->(c) "
        "WITH a, b "
        "UNWIND $villages AS v "
        "WITH a, b, v, CASE v.town WHEN 'B' THEN b ELSE a END AS t "
        "CREATE (x:Region:Village {code: v.code, name: v.name, level: '村', "
        "        poor_village: v.poor, weak_org: v.weak})-[:PART_OF]->(t)",
        {
            "county": COUNTY,
            "ta": TOWN_A,
            "tb": TOWN_B,
            "villages": [
                {
                    "code": code,
                    "name": p.get("name", "村" + code[-3:]),
                    "town": town,
                    "poor": p.get("poor", False),
                    "weak": p.get("weak", False),
                }
                for town, group in (("A", villages), ("B", town_b or {}))
                for code, p in group.items()
            ],
        },
    )


def person(
    graph,
    pid: str,
    name: str | None = None,
    political_status: str | None = "中共党员",
    rank: str | None = "一般干部",
) -> None:
    graph.write(
        "CREATE (p:Person {person_id: $pid, name: $name}) SET p.political_status = $ps, p.rank = $rank",
        {"pid": pid, "name": name or "人" + pid, "ps": political_status, "rank": rank},
    )


def assign(graph, who: str, village: str, role: str, start=None, end=None) -> None:
    """A person role, or `包村单位` for a unit (`who` is then the unit's code)."""
    if role == "包村单位":
        match = (
            "MERGE (w:Organization:Unit {code: $who}) ON CREATE SET w.name = '单位' + $who, w.kind = '机关'"
        )
    else:
        match = "MATCH (w:Person {person_id: $who})"
    graph.write(
        match + " WITH w MATCH (v:Village {code: $village}) "
        "CREATE (w)-[a:ASSIGNED_TO {role: $role, start_key: coalesce(toString($start), '')}]->(v) "
        "SET a.start = $start, a.end = $end",
        {"who": who, "village": village, "role": role, "start": start, "end": end},
    )


def households(graph, village: str, prefix: str, statuses: list[str]) -> list[str]:
    ids = [f"{prefix}{i:03d}" for i in range(len(statuses))]
    graph.write(
        "MATCH (v:Village {code: $village}) "
        "UNWIND $rows AS row "
        "CREATE (h:Household {household_id: row.id, head_name: '户主' + row.id, size: 3, "
        "        status: row.status})-[:LIVES_IN]->(v)",
        {"village": village, "rows": [{"id": i, "status": s} for i, s in zip(ids, statuses)]},
    )
    return ids


def helps(graph, pid: str, hid: str, start=None, end=None) -> None:
    graph.write(
        "MATCH (p:Person {person_id: $pid}), (h:Household {household_id: $hid}) "
        "CREATE (p)-[r:HELPS {start_key: coalesce(toString($start), '')}]->(h) "
        "SET r.start = $start, r.end = $end",
        {"pid": pid, "hid": hid, "start": start, "end": end},
    )


def branch(graph, code: str, village: str, kind: str = "党支部") -> None:
    graph.write(
        "MATCH (v:Village {code: $village}) "
        "CREATE (o:Organization:PartyOrg {code: $code, name: '支部' + $code, kind: $kind})"
        "-[:GOVERNS]->(v) CREATE (o)-[:LOCATED_IN]->(v)",
        {"code": code, "village": village, "kind": kind},
    )


def post(graph, pid: str, org: str, title: str, start=None, end=None) -> None:
    is_secretary = title.replace(" ", "") in {
        "书记",
        "支部书记",
        "党支部书记",
        "党总支书记",
        "村党支部书记",
        "村党组织书记",
    }
    graph.write(
        "MATCH (p:Person {person_id: $pid}), (o:Organization {code: $org}) "
        "CREATE (p)-[r:HOLDS_POST {title: $title, is_secretary: $sec, "
        "        start_key: coalesce(toString($start), '')}]->(o) "
        "SET r.start = $start, r.end = $end",
        {"pid": pid, "org": org, "title": title, "sec": is_secretary, "start": start, "end": end},
    )


def flagged(graph, rule_id: str, as_of=D, region=None, **settings) -> dict[str, dict]:
    rows = run_rule(graph, RULES_BY_ID[rule_id], rule_params(as_of, RuleSettings(**settings), region))
    ids = [r["subject_id"] for r in rows]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    for r in rows:
        assert r["rule"] == rule_id and r["message"]
        assert isinstance(r["region_path"], list)
    return {r["subject_id"]: r for r in rows}


def V(n: int, town: str = "1") -> str:
    return f"41990{town}000{n:03d}"


# -- rules ----------------------------------------------------------------------------------------


def test_first_secretary(graph):
    regions(
        graph,
        {
            V(1): {"poor": True},
            V(2): {"weak": True},
            V(3): {},
            V(4): {},
            V(5): {"poor": True},
            V(6): {"poor": True},
            V(7): {"poor": True},
            V(8): {"poor": True},
            V(9): {},
        },
    )
    for pid in ("P1", "P2", "P3", "P4", "P5"):
        person(graph, pid)
    assign(graph, "P1", V(2), "第一书记")  # open both ends: active
    households(graph, V(3), "H3", ["未脱贫"] * 12 + ["监测对象"] * 8 + ["已脱贫"] * 3)  # exactly 20 needy
    households(graph, V(4), "H4", ["未脱贫"] * 19 + ["已脱贫"] * 5 + ["已销户"] * 4)  # one fewer
    assign(graph, "P2", V(5), "第一书记", start=day(1))  # starts tomorrow
    assign(graph, "P3", V(6), "第一书记", start=day(-700), end=day(-1))  # ended yesterday
    assign(graph, "P4", V(7), "第一书记", start=D, end=D)  # both bounds inclusive
    assign(graph, "P5", V(8), "工作队长")  # another role does not count
    got = flagged(graph, "first_secretary")
    assert set(got) == {V(1), V(3), V(5), V(6), V(8)}
    assert got[V(1)]["region_path"] == ["测试县", "甲乡", "村001"]
    assert got[V(1)]["message"] == "重点村未配备第一书记"
    assert got[V(1)]["subject_type"] == "village" and got[V(1)]["subject_name"] == "村001"
    # the threshold is a setting
    assert V(4) in flagged(graph, "first_secretary", many_households=19)
    assert V(3) not in flagged(graph, "first_secretary", many_households=21)


def test_first_secretary_party_member(graph):
    regions(graph, {V(1): {}, V(2): {}}, {V(1, "2"): {}, V(2, "2"): {}})
    person(graph, "P1", political_status="中共党员")
    person(graph, "P2", political_status="中共预备党员")
    person(graph, "P3", political_status="群众")
    person(graph, "P4", political_status=None)
    person(graph, "P5", political_status="群众")
    assign(graph, "P1", V(1), "第一书记")
    assign(graph, "P2", V(2), "第一书记", start=day(-10))
    assign(graph, "P3", V(1), "第一书记", end=day(-1))  # ended yesterday
    assign(graph, "P4", V(1, "2"), "第一书记")  # two villages: one violation
    assign(graph, "P4", V(2, "2"), "第一书记", start=day(-5))
    assign(graph, "P5", V(2), "工作队员")  # not a first secretary
    got = flagged(graph, "first_secretary_party_member")
    assert set(got) == {"P2", "P4"}
    assert got["P2"]["subject_type"] == "person" and got["P2"]["region_path"] == []
    assert got["P2"]["message"] == "第一书记不是中共党员"
    assert sorted(got["P4"]["detail"]["villages"]) == ["村001", "村002"]
    assert set(flagged(graph, "first_secretary_party_member", region=TOWN_A)) == {"P2"}
    assert set(flagged(graph, "first_secretary_party_member", region=V(1, "2"))) == {"P4"}


def test_work_team(graph):
    regions(graph, {V(n): {"poor": n != 6} for n in range(1, 8)})
    for n in range(1, 20):
        person(graph, f"P{n}")
    # V1: leader + 2 members: complete
    assign(graph, "P1", V(1), "工作队长")
    assign(graph, "P2", V(1), "工作队员")
    assign(graph, "P3", V(1), "工作队员")
    # V2: leader + 1 member: too small
    assign(graph, "P4", V(2), "工作队长")
    assign(graph, "P5", V(2), "工作队员")
    # V3: three members, no leader
    for pid in ("P6", "P7", "P8"):
        assign(graph, pid, V(3), "工作队员")
    # V4: leader, one member listed twice, one ended yesterday, one starting tomorrow: 2 people
    assign(graph, "P9", V(4), "工作队长")
    assign(graph, "P10", V(4), "工作队员", start=day(-100))
    assign(graph, "P10", V(4), "工作队员", start=day(-50))
    assign(graph, "P11", V(4), "工作队员", end=day(-1))
    assign(graph, "P12", V(4), "工作队员", start=day(1))
    # V5: the leader is also listed as a member; with two more that makes 3 distinct
    assign(graph, "P13", V(5), "工作队长")
    assign(graph, "P13", V(5), "工作队员")
    assign(graph, "P14", V(5), "工作队员")
    assign(graph, "P15", V(5), "工作队员")
    # V6: not a poor village, no team: fine.  V7: poor, leader only ended yesterday, two members
    assign(graph, "P16", V(7), "工作队长", end=day(-1))
    assign(graph, "P17", V(7), "工作队员")
    assign(graph, "P18", V(7), "工作队员")
    got = flagged(graph, "work_team")
    assert set(got) == {V(2), V(3), V(4), V(7)}
    assert got[V(4)]["detail"] == {"team_leaders": 1, "team_size": 2}
    assert got[V(3)]["message"] == "贫困村驻村工作队不健全"
    assert set(flagged(graph, "work_team", min_team_size=2)) == {V(3), V(7)}


def test_responsibility_group(graph):
    regions(graph, {V(n): {} for n in range(1, 9)})
    for n in range(1, 9):
        households(graph, V(n), f"H{n}", ["已销户"] if n == 5 else ["已脱贫", "未脱贫"])
    person(graph, "P1", rank="县处级")
    person(graph, "P2", rank="一般干部")
    person(graph, "P3", rank="一般干部")
    person(graph, "P4", rank="一般干部")
    person(graph, "P7", rank="乡科级")
    person(graph, "P8", rank="一般干部")
    assign(graph, "P1", V(1), "责任组长")  # rank qualifies
    assign(graph, "P2", V(2), "责任组长")
    assign(graph, "P2", V(2), "包村干部")  # contact of same village
    assign(graph, "P3", V(3), "责任组长")
    assign(graph, "P3", V(1), "包村干部")  # contact elsewhere
    assign(graph, "P4", V(4), "责任组长")
    assign(graph, "P4", V(4), "包村干部", end=day(-1))
    # V5: only a closed household, no leader: nothing to answer for.  V6: no leader at all
    assign(graph, "P7", V(7), "责任组长", end=day(-1))  # ended yesterday
    assign(graph, "P8", V(8), "责任组员")
    assign(graph, "P8", V(8), "包村干部")  # member, not leader
    got = flagged(graph, "responsibility_group")
    assert set(got) == {V(3), V(4), V(6), V(7), V(8)}
    assert got[V(6)]["message"] == "村脱贫责任组缺少合格组长"


def test_village_contact(graph):
    regions(graph, {V(n): {} for n in range(1, 6)})
    for n in range(1, 6):
        person(graph, f"P{n}")
    assign(graph, "P1", V(1), "包村干部")
    assign(graph, "P2", V(2), "包村干部", start=day(1))  # starts tomorrow
    assign(graph, "P4", V(4), "包村干部", start=day(-30), end=D)  # ends today: still active
    assign(graph, "P5", V(5), "挂点领导")  # another role
    assert set(flagged(graph, "village_contact")) == {V(2), V(3), V(5)}
    assert set(flagged(graph, "village_contact", region=V(3))) == {V(3)}
    assert set(flagged(graph, "village_contact", region=TOWN_B)) == set()


def test_leader_point(graph):
    regions(graph, {V(1): {"weak": True}, V(2): {"weak": True}, V(3): {"weak": True}, V(4): {}})
    person(graph, "L1", rank="县处级")
    person(graph, "L2", rank="乡科级")
    person(graph, "L3", rank="县处级")
    assign(graph, "L1", V(1), "挂点领导")
    assign(graph, "L2", V(2), "挂点领导")
    assign(graph, "L3", V(3), "挂点领导", end=day(-1))
    got = flagged(graph, "leader_point")
    assert set(got) == {V(2), V(3)}
    assert got[V(2)]["message"] == "软弱涣散村无县处级挂点领导"


def test_party_liaison(graph):
    regions(
        graph,
        {
            V(1): {},
            V(2): {},
            V(3): {},
            V(4): {},
            V(5): {"poor": True},
            V(6): {},
            V(7): {},
            V(8): {},
            V(9): {"weak": True},
        },
    )
    for n in range(1, 9):
        person(graph, f"P{n}")
    assign(graph, "P1", V(1), "党建联系人")
    assign(graph, "P2", V(2), "党建指导员")
    assign(graph, "P3", V(3), "第一书记")
    households(graph, V(6), "H6", ["未脱贫"] * 10 + ["监测对象"] * 10)  # exactly 20 needy: key
    households(graph, V(7), "H7", ["未脱贫"] * 19 + ["已脱贫"] * 6)  # 19 needy: not key
    assign(graph, "P8", V(8), "党建联系人", start=day(1))  # starts tomorrow
    got = flagged(graph, "party_liaison")
    assert set(got) == {V(4), V(7), V(8)}
    assert got[V(4)]["message"] == "非重点村未明确党建联系人"
    assert set(flagged(graph, "party_liaison", many_households=30)) == {V(4), V(6), V(7), V(8)}


def test_branch_secretary(graph):
    regions(graph, {V(n): {} for n in range(1, 7)})
    for n in range(1, 7):
        person(graph, f"P{n}")
    branch(graph, "B1", V(1))
    post(graph, "P1", "B1", "党支部书记", start=day(-400))
    branch(graph, "B2", V(2), "党总支")
    post(graph, "P2", "B2", "书记", end=day(-1))
    branch(graph, "B3", V(3))
    post(graph, "P3", "B3", "副书记")
    # V4: no branch at all
    branch(graph, "B5", V(5))
    post(graph, "P5", "B5", "书记", start=day(1))
    branch(graph, "B6", V(6), "党总支")
    post(graph, "P6", "B6", "村党组织书记", start=D)
    got = flagged(graph, "branch_secretary")
    assert set(got) == {V(2), V(3), V(4), V(5)}
    assert got[V(4)]["message"] == "村党组织书记空缺"
    assert got[V(4)]["detail"]["has_branch"] is False and got[V(3)]["detail"]["has_branch"] is True


def test_contracting_unit(graph):
    regions(
        graph,
        {V(1): {"poor": True}, V(2): {"poor": True}, V(3): {"poor": True}, V(4): {}, V(5): {"poor": True}},
    )
    person(graph, "P5")
    assign(graph, "U1", V(1), "包村单位", start=day(-300))
    assign(graph, "U2", V(2), "包村单位", end=day(-1))
    assign(graph, "P5", V(5), "包村干部")  # a person's role is not a contracting unit
    got = flagged(graph, "contracting_unit")
    assert set(got) == {V(2), V(3), V(5)}
    assert got[V(3)]["message"] == "贫困村无包村单位"


def test_help_pair(graph):
    regions(graph, {V(1): {}}, {V(1, "2"): {}})
    h = households(graph, V(1), "H", ["未脱贫", "已销户", "已脱贫", "未脱贫", "监测对象", "监测对象"])
    hb = households(graph, V(1, "2"), "HB", ["未脱贫"])
    person(graph, "P1")
    helps(graph, "P1", h[0])  # active
    # h[1] closed, no pair: out of scope.  h[2] exited, no pair: still in scope
    helps(graph, "P1", h[3], start=day(1))  # starts tomorrow
    helps(graph, "P1", h[4], end=day(-1))
    helps(graph, "P1", h[4], start=day(-1))  # one of two active
    helps(graph, "P1", h[5], start=day(-300), end=day(-1))  # ended yesterday
    got = flagged(graph, "help_pair")
    assert set(got) == {h[2], h[3], h[5], hb[0]}
    assert got[h[2]]["subject_type"] == "household"
    assert got[h[2]]["subject_name"] == "户主" + h[2]
    assert got[h[2]]["region_path"] == ["测试县", "甲乡", "村001"]
    assert got[h[2]]["message"] == "帮扶对象未落实帮扶责任人"
    assert set(flagged(graph, "help_pair", region=TOWN_B)) == {hb[0]}


def test_cadre_load(graph):
    regions(graph, {V(1): {}}, {V(1, "2"): {}})
    ha = households(graph, V(1), "HA", ["未脱贫"] * 9 + ["已销户"])
    hb = households(graph, V(1, "2"), "HB", ["已脱贫"] * 4)
    for pid in ("P1", "P2", "P3", "P4"):
        person(graph, pid)
    for hid in ha[:6]:
        helps(graph, "P1", hid)  # 6 > 5
    for hid in ha[:5]:
        helps(graph, "P2", hid)  # 5 active ...
    helps(graph, "P2", ha[9])  # ... + a closed household
    helps(graph, "P2", ha[6], end=day(-1))  # ... + one ended yesterday
    helps(graph, "P2", ha[7], start=day(1))  # ... + one starting tomorrow
    for hid in ha[:5]:
        helps(graph, "P3", hid)
    helps(graph, "P3", ha[0], start=day(-100))  # same household twice: 5 distinct
    for hid in ha[:3] + hb[:3]:
        helps(graph, "P4", hid)  # 3 + 3 across townships
    hc = households(graph, V(1), "HC", ["未脱贫"] * 7)
    person(graph, "P5")
    for hid in hc:
        helps(graph, "P5", hid)  # 7 pairs in date, of which
    moved = "MATCH (:Household {household_id: $id})-[l:LIVES_IN]->() SET l.start = $start, l.end = $end"
    graph.write(moved, {"id": hc[0], "start": None, "end": day(-1)})  # one left the roster yesterday
    graph.write(moved, {"id": hc[1], "start": day(1), "end": None})  # one is on it from tomorrow: 5
    got = flagged(graph, "cadre_load")
    assert set(got) == {"P1", "P4"}
    assert got["P1"]["message"] == "帮扶户数6超过上限"
    assert got["P1"]["subject_type"] == "person" and got["P1"]["region_path"] == []
    assert got["P4"]["detail"]["households"] == 6
    # restricted to township B: only P4 helps there, and its load is still counted over the whole graph
    got_b = flagged(graph, "cadre_load", region=TOWN_B)
    assert set(got_b) == {"P4"} and got_b["P4"]["detail"]["households"] == 6
    by_four = flagged(graph, "cadre_load", max_households_per_cadre=4)
    assert set(by_four) == {"P1", "P2", "P3", "P4", "P5"} and by_four["P5"]["detail"]["households"] == 5


def test_expiring(graph):
    regions(graph, {V(n): {} for n in range(1, 11)})
    for n in range(1, 20):
        person(graph, f"P{n}")
    # V1: successor starts the day after the predecessor ends: not flagged
    assign(graph, "P1", V(1), "第一书记", start=day(-700), end=day(10))
    assign(graph, "P2", V(1), "第一书记", start=day(11))
    # V2: ends exactly D+30, nobody after: flagged (inclusive)
    assign(graph, "P3", V(2), "第一书记", start=day(-700), end=day(30))
    # V3: ends D+31: outside the window
    assign(graph, "P4", V(3), "第一书记", end=day(31))
    # V4: team leader ending today: flagged
    assign(graph, "P5", V(4), "工作队长", end=D)
    # V5: successor only after a gap: flagged
    assign(graph, "P6", V(5), "第一书记", end=day(5))
    assign(graph, "P7", V(5), "第一书记", start=day(12))
    # V6: ended yesterday: not active, not flagged
    assign(graph, "P8", V(6), "第一书记", end=day(-1))
    # V7: another open assignment of the same role covers the day after
    assign(graph, "P9", V(7), "第一书记", end=day(10))
    assign(graph, "P10", V(7), "第一书记")
    # V8: team leader ends, only a first secretary follows: a different role, flagged
    assign(graph, "P11", V(8), "工作队长", end=day(3))
    assign(graph, "P12", V(8), "第一书记", start=day(4))
    # V9: both roles end with no successor: one violation naming both
    assign(graph, "P13", V(9), "工作队长", end=day(7))
    assign(graph, "P14", V(9), "第一书记", end=day(7))
    # V10: other roles are not watched
    assign(graph, "P15", V(10), "包村干部", end=day(3))
    got = flagged(graph, "expiring")
    assert set(got) == {V(2), V(4), V(5), V(8), V(9)}
    assert got[V(2)]["message"] == "第一书记任期即将届满且无接续安排"
    assert got[V(4)]["message"] == "工作队长任期即将届满且无接续安排"
    assert got[V(9)]["message"] == "第一书记、工作队长任期即将届满且无接续安排"
    assert got[V(2)]["detail"]["end_dates"] == [day(30).isoformat()]
    assert set(flagged(graph, "expiring", expiring_days=5)) == {V(4), V(5), V(8)}


# -- check and coverage JSON --------------------------------------------------------------------------


def _small_county(graph) -> dict[str, list[str]]:
    """Two townships: A with a poor village and a plain one, B with an empty village."""
    regions(
        graph, {V(1): {"poor": True, "name": "甲村"}, V(2): {"name": "乙村"}}, {V(1, "2"): {"name": "丙村"}}
    )
    h1 = households(graph, V(1), "H1", ["未脱贫", "已脱贫", "已销户", "监测对象"])
    h2 = households(graph, V(2), "H2", ["已脱贫", "未脱贫"])
    for pid in ("P1", "P2", "P3", "P4", "P5"):
        person(graph, pid)
    person(graph, "P6", political_status="群众")
    helps(graph, "P1", h1[0])
    helps(graph, "P1", h1[1])
    helps(graph, "P1", h1[2])
    helps(graph, "P2", h1[3], end=day(-1))
    for hid in h2:
        helps(graph, "P2", hid)
    assign(graph, "P6", V(1), "第一书记", end=day(20))  # not a party member, expiring
    assign(graph, "P3", V(2), "包村干部")
    assign(graph, "P3", V(2), "责任组长")
    return {"A": h1, "B": h2}


def test_check_json_shape(graph):
    _small_county(graph)
    result = run_check(graph, D, RuleSettings())
    assert list(result) == ["as_of", "settings", "summary", "violations"]
    assert result["as_of"] == "2026-06-15"
    assert result["settings"] == {
        "many_households": 20,
        "min_team_size": 3,
        "max_households_per_cadre": 5,
        "expiring_days": 30,
        "visit_days": 90,
        "visit_kinds": ["入户"],
        "min_collective_income": 5,
        "monitor_identify_days": 15,
        "monitor_measure_days": 15,
    }
    assert result["summary"] == {
        "villages": 3,
        "villages_with_gaps": 3,
        "households_in_scope": 5,
        "households_covered": 4,
        "help_pair_coverage": 0.8,
    }
    order = {r.id: i for i, r in enumerate(RULES)}
    keys = [(order[v["rule"]], v["subject_id"]) for v in result["violations"]]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    for v in result["violations"]:
        assert {
            "rule",
            "severity",
            "subject_type",
            "subject_id",
            "subject_name",
            "region_path",
            "message",
        } <= set(v)
        assert v["severity"] == RULES_BY_ID[v["rule"]].severity
    got = {(v["rule"], v["subject_id"]) for v in result["violations"]}
    assert ("first_secretary_party_member", "P6") in got
    assert ("expiring", V(1)) in got
    assert ("help_pair", "H1003") in got
    assert ("work_team", V(1)) in got and ("contracting_unit", V(1)) in got
    assert ("village_contact", V(1, "2")) in got
    assert not any(
        v["subject_id"] == V(2) and v["rule"] in ("village_contact", "responsibility_group")
        for v in result["violations"]
    )
    json.dumps(result, ensure_ascii=False)  # serialisable

    # selected rules and a region
    only = run_check(graph, D, RuleSettings(), rules=["expiring", "help_pair"], region=TOWN_A)
    assert [(v["rule"], v["subject_id"]) for v in only["violations"]] == [
        ("help_pair", "H1003"),
        ("expiring", V(1)),
    ]
    # a household subject is not a village; the expiring warning does not count
    assert only["summary"] == {
        "villages": 2,
        "villages_with_gaps": 0,
        "households_in_scope": 5,
        "households_covered": 4,
        "help_pair_coverage": 0.8,
    }
    # warnings alone do not make a gap
    warn = run_check(graph, D, RuleSettings(), rules=["expiring"])
    assert warn["summary"]["villages_with_gaps"] == 0
    # nothing in scope: coverage null
    empty = run_check(graph, D, RuleSettings(), region=TOWN_B)
    assert empty["summary"]["households_in_scope"] == 0
    assert empty["summary"]["help_pair_coverage"] is None


def test_check_rejects_unknown_rule_and_region(graph):
    _small_county(graph)
    with pytest.raises(UsageError):
        run_check(graph, D, RuleSettings(), rules=["no_such_rule"])
    with pytest.raises(UsageError):
        run_check(graph, D, RuleSettings(), region="000000000000")


def test_coverage(graph):
    _small_county(graph)
    # P1 also helps two households elsewhere (township B gets a village with households)
    graph.write(
        "MATCH (t:Township {code: $tb}) "
        "CREATE (v:Region:Village {code: '419902000002', name: '丁村', level: '村', "
        "        poor_village: false, weak_org: false})-[:PART_OF]->(t)",
        {"tb": TOWN_B},
    )
    hx = households(graph, "419902000002", "HX", ["未脱贫", "未脱贫"])
    for hid in hx:
        helps(graph, "P1", hid)
    # and one more that left the roster yesterday: neither in scope nor in P1's load
    (gone,) = households(graph, "419902000002", "HY", ["未脱贫"])
    helps(graph, "P1", gone)
    graph.write(
        "MATCH (:Household {household_id: $id})-[l:LIVES_IN]->() SET l.end = $end",
        {"id": gone, "end": day(-1)},
    )
    town = run_coverage(graph, "township", D)
    assert list(town) == ["as_of", "level", "rows"] and town["level"] == "township"
    assert town["rows"] == [
        {
            "code": TOWN_A,
            "name": "甲乡",
            "households_in_scope": 5,
            "households_covered": 4,
            "coverage": 0.8,
            "cadres": 2,
            "max_load": 4,
        },
        {
            "code": TOWN_B,
            "name": "乙乡",
            "households_in_scope": 2,
            "households_covered": 2,
            "coverage": 1.0,
            "cadres": 1,
            "max_load": 4,
        },
    ]
    village = run_coverage(graph, "village", D)
    assert [r["code"] for r in village["rows"]] == [V(1), V(2), V(1, "2"), "419902000002"]
    empty = village["rows"][2]
    assert empty == {
        "code": V(1, "2"),
        "name": "丙村",
        "households_in_scope": 0,
        "households_covered": 0,
        "coverage": None,
        "cadres": 0,
        "max_load": 0,
    }
    v1 = village["rows"][0]
    # P1 helps 2 in-scope households here but 4 over the whole graph; P2's pair here ended
    assert (v1["households_in_scope"], v1["households_covered"], v1["cadres"], v1["max_load"]) == (3, 2, 1, 4)
    assert village["rows"][1]["coverage"] == 1.0 and village["rows"][1]["max_load"] == 2
    county = run_coverage(graph, "county", D)
    assert county["rows"] == [
        {
            "code": COUNTY,
            "name": "测试县",
            "households_in_scope": 7,
            "households_covered": 6,
            "coverage": 0.8571,
            "cadres": 2,
            "max_load": 4,
        }
    ]
    assert [r["code"] for r in run_coverage(graph, "village", D, region=TOWN_B)["rows"]] == [
        V(1, "2"),
        "419902000002",
    ]
    with pytest.raises(UsageError):
        run_coverage(graph, "county", D, region=TOWN_A)
    with pytest.raises(UsageError):
        run_coverage(graph, "province", D)
    dist = run_load_distribution(graph, D)
    assert dist["rows"] == [{"households": 2, "cadres": 1}, {"households": 4, "cadres": 1}]
    assert run_load_distribution(graph, D, region=TOWN_B)["rows"] == [{"households": 4, "cadres": 1}]


# -- the CLI (`bangfu` as a user runs it, against the test server: tests/helpers/cli.py) ---------------


def _bangfu(neo4j_settings, tmp_path, *args):
    return run_bangfu(*args, env=server_env(neo4j_settings), cwd=tmp_path)


def test_cli_check_exit_codes_and_formats(graph, neo4j_settings, tmp_path):
    from openpyxl import load_workbook

    _small_county(graph)
    as_of = ["--as-of", D.isoformat()]
    # only a warning: exit 0, readable table
    warn = _bangfu(neo4j_settings, tmp_path, "check", *as_of, "--rule", "expiring")
    assert warn.returncode == 0, warn.stderr
    assert "任期即将届满" in warn.stdout and "警告" in warn.stdout
    # errors: exit 1; JSON is run_check's result exactly
    full = _bangfu(neo4j_settings, tmp_path, "check", *as_of, "--format", "json")
    assert full.returncode == 1, full.stderr
    assert json.loads(full.stdout) == run_check(graph, D, RuleSettings())
    assert "甲村" in full.stdout  # ensure_ascii=False
    assert "Received notification" not in full.stderr  # no driver chatter for people
    # thresholds from flags
    flags = _bangfu(
        neo4j_settings,
        tmp_path,
        "check",
        *as_of,
        "--format",
        "json",
        "--rule",
        "cadre_load",
        "--max-households-per-cadre",
        "1",
        "--expiring-days",
        "10",
    )
    assert flags.returncode == 0, flags.stderr
    body = json.loads(flags.stdout)
    assert body["settings"]["max_households_per_cadre"] == 1 and body["settings"]["expiring_days"] == 10
    assert {v["subject_id"] for v in body["violations"]} == {"P1", "P2"}
    # bad usage: exit 2
    for bad in (["--rule", "no_such_rule"], ["--as-of", "2026-02-30"], ["--region", "123"]):
        r = _bangfu(neo4j_settings, tmp_path, "check", *bad)
        assert r.returncode == 2, (bad, r.stdout, r.stderr)
    # xlsx: a summary sheet and one per rule, printable
    out = tmp_path / "check.xlsx"
    x = _bangfu(neo4j_settings, tmp_path, "check", *as_of, "--format", "xlsx", "--output", str(out))
    assert x.returncode == 1, x.stderr
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 1 + len(RULES)
    ws = wb[wb.sheetnames[1 + [r.id for r in RULES].index("expiring")]]  # a sheet with rows
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows.replace("$", "") == "2:2" and ws["A2"].value == "村代码"
    assert ws.column_dimensions["A"].width >= 12


def test_cli_coverage(graph, neo4j_settings, tmp_path):
    from openpyxl import load_workbook

    _small_county(graph)
    as_of = ["--as-of", D.isoformat()]
    r = _bangfu(neo4j_settings, tmp_path, "coverage", "--level", "village", *as_of, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == run_coverage(graph, "village", D)
    t = _bangfu(neo4j_settings, tmp_path, "coverage", "--level", "township", *as_of)
    assert t.returncode == 0 and "甲乡" in t.stdout and "80.0%" in t.stdout and "负担分布" in t.stdout
    out = tmp_path / "cov.xlsx"
    x = _bangfu(
        neo4j_settings,
        tmp_path,
        "coverage",
        "--level",
        "township",
        *as_of,
        "--format",
        "xlsx",
        "-o",
        str(out),
    )
    assert x.returncode == 0, x.stderr
    assert load_workbook(out).sheetnames == ["覆盖率", "负担分布"]
    bad = _bangfu(neo4j_settings, tmp_path, "coverage", "--level", "province")
    assert bad.returncode == 2


def test_summary_same_with_or_without_help_pair_rule(graph):
    from graph.rules import summary

    _small_county(graph)
    for region in (None, TOWN_A, TOWN_B, V(1)):
        result = run_check(graph, D, RuleSettings(), region=region)
        slow = summary(graph, D, region, result["violations"], help_pair_checked=False)
        assert result["summary"] == slow, region
