"""The responsibility rules evaluated on a generated roster's CSV files, in plain Python and
independently of Neo4j: what a generated county's planted gaps must be, to check both the generator
and (through Neo4j) the rules."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

from loaders.demo.output import HEADERS
from loaders.demo.planting import RULES

AS_OF = dt.date(2026, 11, 22)

SECRETARY_TITLES = {"书记", "支部书记", "党支部书记", "党总支书记", "村党支部书记", "村党组织书记"}
VOCAB = {
    ("regions", "层级"): {"县区", "乡镇", "村"},
    ("organizations", "类型"): {
        "党委",
        "党工委",
        "党总支",
        "党支部",
        "机关",
        "事业单位",
        "国有企业",
        "金融机构",
        "村委会",
        "其他",
    },
    ("people", "性别"): {"男", "女"},
    ("people", "政治面貌"): {"中共党员", "中共预备党员", "共青团员", "民主党派", "群众"},
    ("people", "职级"): {"县处级", "乡科级", "一般干部", "村干部", "其他"},
    ("assignments", "责任类型"): {
        "第一书记",
        "工作队长",
        "工作队员",
        "包村干部",
        "挂点领导",
        "党建联系人",
        "党建指导员",
        "责任组长",
        "责任组员",
        "包村单位",
    },
    ("households", "户状态"): {"未脱贫", "已脱贫", "监测对象", "已销户"},
    ("households", "户类型"): {"一般户", "低保户", "特困供养户"},
    ("households", "主要致贫原因"): {
        "因病",
        "因残",
        "因学",
        "因灾",
        "缺土地",
        "缺水",
        "缺技术",
        "缺劳力",
        "缺资金",
        "交通条件落后",
        "自身发展动力不足",
        "其他",
    },
    ("enterprises", "类型"): {
        "龙头企业",
        "农民专业合作社",
        "扶贫车间",
        "产业基地",
        "光伏电站",
        "家庭农场",
        "其他",
    },
    ("enterprise_links", "带贫方式"): {"务工就业", "入股分红", "土地流转", "订单收购", "技能培训", "其他"},
    ("benefits", "项目"): {
        "教育资助",
        "医疗救助",
        "危房改造",
        "光伏收益",
        "小额信贷",
        "雨露计划",
        "产业奖补",
        "公益岗位",
        "兜底保障",
        "其他",
    },
    ("visits", "方式"): {"入户", "电话", "视频", "其他"},
    ("reserve_cadres", "来源"): {"致富能手", "农民党员", "复转军人", "大学毕业生", "返乡创业", "其他"},
    ("talents", "类型"): {"乡贤", "在外人才", "返乡创业"},
    ("inspections", "对象类型"): {"村", "人员", "单位"},
    ("inspections", "方式"): {"暗访", "交叉互查", "专项督查", "到岗检查"},
    ("inspections", "结果"): {"合格", "发现问题"},
    ("evaluations", "角色"): {"第一书记", "村党组织书记", "工作队长"},
    ("evaluations", "等次"): {"优秀", "称职", "基本称职", "不称职", "好", "较好", "一般", "差"},
    ("village_indicators", "党群服务中心"): {"示范", "达标", "不达标"},
    ("monitoring", "线索来源"): {"农户申报", "干部排查", "部门预警"},
    ("monitoring", "监测类型"): {"脱贫不稳定户", "边缘易致贫户", "突发严重困难户"},
    ("measures", "措施类型"): {
        "产业帮扶",
        "就业帮扶",
        "公益岗位",
        "健康帮扶",
        "教育帮扶",
        "住房安全",
        "饮水安全",
        "综合保障",
        "金融帮扶",
        "其他",
    },
}
REQUIRED = {
    "regions": ["区划代码", "名称", "层级"],
    "organizations": ["组织代码", "名称", "类型"],
    "people": ["人员编号", "姓名"],
    "posts": ["人员编号", "组织代码", "职务"],
    "assignments": ["责任类型", "村代码"],
    "households": ["户编号", "户主姓名", "村代码", "家庭人口", "户状态"],
    "help_pairs": ["帮扶责任人编号", "户编号"],
    "enterprises": ["主体编号", "名称", "类型", "所在村代码"],
    "enterprise_links": ["主体编号", "户编号", "带贫方式"],
    "benefits": ["户编号", "项目"],
    "visits": ["帮扶责任人编号", "户编号", "走访日期", "方式"],
    "reserve_cadres": ["人员编号", "村代码"],
    "talents": ["人员编号", "家乡村代码", "类型"],
    "inspections": ["督查编号", "日期", "督查单位代码", "对象类型", "对象编号", "方式", "结果"],
    "evaluations": ["人员编号", "年度", "角色", "等次"],
    "village_indicators": ["村代码", "年度"],
    "monitoring": ["户编号", "线索日期", "线索来源"],
    "measures": ["户编号", "措施类型", "开始日期"],
}
KEYS = {
    "regions": "区划代码",
    "organizations": "组织代码",
    "people": "人员编号",
    "households": "户编号",
    "enterprises": "主体编号",
    "inspections": "督查编号",
}
YES = {"是", "Y", "y", "yes", "true", "1"}


def read(folder: Path) -> dict[str, list[dict[str, str]]]:
    """Every table of the folder (a table without a file is empty, as a county that does not keep it)."""
    out = {}
    for t in HEADERS:
        path = folder / f"{t}.csv"
        if not path.exists():
            out[t] = []
            continue
        with open(path, encoding="utf-8", newline="") as f:
            out[t] = list(csv.DictReader(f))
    return out


def d(s: str) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def active(row, start_col, end_col, day):
    s, e = d(row[start_col]), d(row[end_col])
    return (s is None or s <= day) and (e is None or e >= day)


# -- a small, independent evaluator of coverage-rules.md (defaults) --------------------------------
def evaluate(r, as_of: dt.date) -> dict[str, set[str]]:
    people = {p["人员编号"]: p for p in r["people"]}
    villages = {x["区划代码"]: x for x in r["regions"] if x["层级"] == "村"}
    hh = {h["户编号"]: h for h in r["households"]}
    in_scope = {k for k, h in hh.items() if h["户状态"] != "已销户"}
    needy = defaultdict(int)
    scope_by_village = defaultdict(int)
    for k in in_scope:
        scope_by_village[hh[k]["村代码"]] += 1
        if hh[k]["户状态"] in ("未脱贫", "监测对象"):
            needy[hh[k]["村代码"]] += 1
    poor = {v for v, x in villages.items() if x["贫困村"] in YES}
    weak = {v for v, x in villages.items() if x["软弱涣散"] in YES}
    key = poor | weak | {v for v in villages if needy[v] >= 20}

    act = defaultdict(set)  # (village, role) -> people (or units) active at as_of
    for a in r["assignments"]:
        if active(a, "开始日期", "结束日期", as_of):
            act[(a["村代码"], a["责任类型"])].add(a["人员编号"] or a["单位代码"])
    out = {rule: set() for rule in RULES}
    for v in villages:
        fs = act[(v, "第一书记")]
        if v in key and not fs:
            out["first_secretary"].add(v)
        for p in fs:
            if people[p]["政治面貌"] != "中共党员":
                out["first_secretary_party_member"].add(p)
        leaders = act[(v, "工作队长")]
        if v in poor and (not leaders or len(leaders | act[(v, "工作队员")]) < 3):
            out["work_team"].add(v)
        contacts = act[(v, "包村干部")]
        if scope_by_village[v] and not any(
            people[p]["职级"] in ("县处级", "乡科级") or p in contacts for p in act[(v, "责任组长")]
        ):
            out["responsibility_group"].add(v)
        if not contacts:
            out["village_contact"].add(v)
        if v in weak and not any(people[p]["职级"] == "县处级" for p in act[(v, "挂点领导")]):
            out["leader_point"].add(v)
        if v not in key and not fs and not act[(v, "党建联系人")] and not act[(v, "党建指导员")]:
            out["party_liaison"].add(v)
        if v in poor and not act[(v, "包村单位")]:
            out["contracting_unit"].add(v)
    branches = {
        o["组织代码"]: o["所在区划代码"]
        for o in r["organizations"]
        if o["类型"] in ("党支部", "党总支") and o["所在区划代码"] in villages
    }
    has_secretary = {
        branches[p["组织代码"]]
        for p in r["posts"]
        if p["组织代码"] in branches
        and re.sub(r"\s", "", p["职务"]) in SECRETARY_TITLES
        and active(p, "任职日期", "离任日期", as_of)
    }
    out["branch_secretary"] = set(villages) - has_secretary
    load = defaultdict(set)
    covered = set()
    for hp in r["help_pairs"]:
        if hp["户编号"] in in_scope and active(hp, "开始日期", "结束日期", as_of):
            covered.add(hp["户编号"])
            load[hp["帮扶责任人编号"]].add(hp["户编号"])
    out["help_pair"] = in_scope - covered
    out["cadre_load"] = {p for p, hs in load.items() if len(hs) > 5}
    for a in r["assignments"]:
        if (
            a["责任类型"] in ("第一书记", "工作队长")
            and active(a, "开始日期", "结束日期", as_of)
            and a["结束日期"]
        ):
            end = d(a["结束日期"])
            if end <= as_of + dt.timedelta(days=30):
                nxt = end + dt.timedelta(days=1)
                if not any(
                    b["村代码"] == a["村代码"]
                    and b["责任类型"] == a["责任类型"]
                    and active(b, "开始日期", "结束日期", nxt)
                    for b in r["assignments"]
                ):
                    out["expiring"].add(a["村代码"])
    _activity_rules(r, out, as_of, villages, in_scope, branches)
    return {rule: out.get(rule, set()) for rule in RULES}


VISIT_DAYS, VISIT_KINDS, MIN_INCOME = 90, {"入户"}, 5.0
GRADE_ALIASES = {"好": "优秀", "较好": "称职", "一般": "基本称职", "差": "不称职"}
VISIT_KIND_ALIASES = {"home": "入户", "phone": "电话", "video": "视频", "other": "其他"}


def _activity_rules(r, out, as_of, villages, in_scope, branches) -> None:
    """The five rules of activity-tables.md (defaults), gated per county on their table's rows."""
    parent = {x["区划代码"]: x["上级代码"] for x in r["regions"]}

    def county(village):
        return parent.get(parent.get(village, ""), "")

    village_of = {h["户编号"]: h["村代码"] for h in r["households"]}
    helpers = defaultdict(set)
    for hp in r["help_pairs"]:
        if hp["户编号"] in in_scope and active(hp, "开始日期", "结束日期", as_of):
            helpers[hp["户编号"]].add(hp["帮扶责任人编号"])
    window = as_of - dt.timedelta(days=VISIT_DAYS - 1)
    visited = set()
    keeps_visits = set()
    for w in r["visits"]:
        keeps_visits.add(county(village_of.get(w["户编号"], "")))
        if (
            VISIT_KIND_ALIASES.get(w["方式"].strip().lower(), w["方式"]) in VISIT_KINDS
            and window <= d(w["走访日期"]) <= as_of
        ):
            visited.add((w["帮扶责任人编号"], w["户编号"]))
    out["visit_overdue"] = {
        h
        for h, ps in helpers.items()
        if county(village_of[h]) in keeps_visits and not any((p, h) in visited for p in ps)
    }

    keeps_reserve = {county(x["村代码"]) for x in r["reserve_cadres"]}
    reserve = {x["村代码"] for x in r["reserve_cadres"] if active(x, "入库日期", "出库日期", as_of)}
    out["reserve_cadre"] = {v for v in villages if county(v) in keeps_reserve and v not in reserve}

    latest = {}
    for e in r["evaluations"]:
        k = (e["人员编号"], e["角色"])
        if k not in latest or int(e["年度"]) > latest[k][0]:
            latest[k] = (int(e["年度"]), GRADE_ALIASES.get(e["等次"], e["等次"]))
    holds = set()
    for a in r["assignments"]:
        if a["责任类型"] in ("第一书记", "工作队长") and active(a, "开始日期", "结束日期", as_of):
            holds.add((a["人员编号"], a["责任类型"]))
    for p in r["posts"]:
        if (
            p["组织代码"] in branches
            and re.sub(r"\s", "", p["职务"]) in SECRETARY_TITLES
            and active(p, "任职日期", "离任日期", as_of)
        ):
            holds.add((p["人员编号"], "村党组织书记"))
    out["evaluation_unfit"] = {
        p for (p, role), (_, g) in latest.items() if g == "不称职" and (p, role) in holds
    }

    keeps_indicators = {county(x["村代码"]) for x in r["village_indicators"]}
    income, center = {}, {}
    for x in r["village_indicators"]:
        v, year = x["村代码"], int(x["年度"])
        if x["集体经营性收入（万元）"] and year > income.get(v, (0, 0))[0]:
            income[v] = (year, float(x["集体经营性收入（万元）"]))
        if x["党群服务中心"] and year > center.get(v, (0, ""))[0]:
            center[v] = (year, x["党群服务中心"])
    gated = {v for v in villages if county(v) in keeps_indicators}
    out["collective_income"] = {v for v in gated if v not in income or income[v][1] < MIN_INCOME}
    out["service_center"] = {v for v in gated if center.get(v, (0, ""))[1] == "不达标"}
    _monitoring_rules(r, out, as_of, county, village_of)


MONITOR_DAYS, DEVELOPMENTAL = 15, {"产业帮扶", "就业帮扶", "公益岗位"}


def _monitoring_rules(r, out, as_of, county, village_of) -> None:
    """The three rules of monitoring.md (defaults), gated per county on monitoring rows; households read
    in their village (every household of these rosters lives in one, from no date to no date)."""
    keeps = {county(village_of.get(m["户编号"], "")) for m in r["monitoring"]}
    rows = [m for m in r["monitoring"] if county(village_of.get(m["户编号"], "")) in keeps]
    limit = dt.timedelta(days=MONITOR_DAYS)
    kinds = defaultdict(set)
    for x in r["measures"]:
        if active(x, "开始日期", "结束日期", as_of):
            kinds[x["户编号"]].add(x["措施类型"])
    overdue, missing, dev = set(), set(), set()
    for m in rows:
        h, clue, ident = m["户编号"], d(m["线索日期"]), d(m["识别日期"])
        dismissed, gone = d(m["核实不纳入日期"]), d(m["风险消除日期"])
        if as_of - clue > limit and not (ident and ident <= as_of) and not (dismissed and dismissed <= as_of):
            overdue.add(h)
        monitored = ident and ident <= as_of and not (gone and gone <= as_of)
        if monitored and as_of - ident > limit:
            if not kinds[h]:
                missing.add(h)
            elif int(m["有劳动能力人数"] or 0) >= 1 and not kinds[h] & DEVELOPMENTAL:
                dev.add(h)
    out["monitor_identify_overdue"] = overdue
    out["monitor_measure_missing"] = missing
    out["monitor_dev_measure"] = dev
