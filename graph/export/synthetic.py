"""A made-up responsibility network of any size, built in memory (benchmarks, tests without Neo4j).

Follows docs/graph-model.md: a township with villages, each with a branch and its secretary, a
first secretary and a work team from county units, a contact cadre, households and help cadres.
"""

from __future__ import annotations

import datetime as dt
import random

from graph.elements import GNode, GRel
from graph.export.subgraph import Subgraph

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢"
    "蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟"
    "龙万段漕钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美玲桂兰霞平刚桂英建国志强春梅海燕红梅"
VILLAGE_WORDS = "丁湾陆坡胡营潘屯龚岗金洼石桥杨庄柳河桃园李寨马店高台新集"


def synthetic_region(target_nodes: int = 2000, *, seed: int = 1) -> Subgraph:
    rnd = random.Random(seed)
    sub = Subgraph(title=f"示例乡 责任网络（约 {target_nodes} 个节点，虚构数据）", kind="region")
    counter = {"n": 0}

    def name() -> str:
        return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.randint(1, 2)))

    def node(label: tuple, **props) -> GNode:
        counter["n"] += 1
        n = GNode(f"n{counter['n']}", label, props)
        sub.add_node(n)
        return n

    def rel(a: GNode, t: str, b: GNode, **props) -> None:
        sub.add_rel(GRel(f"r{len(sub.relationships) + 1}", t, a.id, b.id, props))

    def person(unit: GNode) -> GNode:
        i = counter["n"] + 1
        p = node(
            ("Person",),
            person_id=f"P{i:05d}",
            name=name(),
            gender=rnd.choice("男女"),
            id_number=f"4199021980{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}{rnd.randint(1000, 9999)}",
            phone=f"13{rnd.randint(100000000, 999999999)}",
            political_status="中共党员",
        )
        rel(p, "WORKS_AT", unit)
        return p

    town = node(("Region", "Township"), code="419902101000", name="示例乡", level="乡镇")
    units = [
        node(("Organization", "Unit"), code=f"U{i:03d}", name=f"县第{i}局", kind="机关") for i in range(1, 9)
    ]
    township_org = node(("Organization", "Unit"), code="T01G", name="示例乡人民政府", kind="机关")
    per_village = 2 + 1 + 3 + 1 + 1 + 26 + 9  # rough nodes a village brings
    villages = max(1, target_nodes // per_village)
    start = dt.date(2025, 1, 1)
    for v in range(villages * 2):
        vname = "".join(rnd.choice(VILLAGE_WORDS) for _ in range(2)) + "村"
        village = node(
            ("Region", "Village"),
            code=f"41990210{v + 1:04d}",
            name=vname,
            level="村",
            poor_village=v % 3 == 0,
            weak_org=v % 7 == 0,
        )
        rel(village, "PART_OF", town)
        branch = node(
            ("Organization", "PartyOrg"), code=f"B{v + 1:04d}", name=f"{vname}党支部", kind="党支部"
        )
        rel(branch, "GOVERNS", village)
        sec = person(township_org)
        rel(sec, "HOLDS_POST", branch, title="书记", is_secretary=True, start=start)
        unit = units[v % len(units)]
        rel(unit, "ASSIGNED_TO", village, role="包村单位", start=start)
        fs = person(unit)
        rel(fs, "ASSIGNED_TO", village, role="第一书记", start=start, unit_code=unit.get("code"))
        for role in ("工作队长", "工作队员", "工作队员"):
            rel(person(unit), "ASSIGNED_TO", village, role=role, start=start)
        rel(person(township_org), "ASSIGNED_TO", village, role="包村干部", start=start)
        helpers = [person(units[(v + k) % len(units)]) for k in range(9)]
        for h in range(26):
            hh = node(
                ("Household",),
                household_id=f"{village.get('code')}{h + 1:04d}",
                head_name=name(),
                head_id_number=(
                    f"41990219{rnd.randint(50, 99)}0{rnd.randint(1, 9)}1{rnd.randint(0, 9)}"
                    f"{rnd.randint(1000, 9999)}"
                ),
                size=rnd.randint(1, 6),
                status=rnd.choice(["已脱贫", "监测对象", "未脱贫"]),
            )
            rel(hh, "LIVES_IN", village)
            rel(helpers[h % len(helpers)], "HELPS", hh, start=start)
        if len(sub.nodes) >= target_nodes:
            break
    return sub
