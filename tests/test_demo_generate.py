"""`bangfu demo generate`: the fictional roster obeys the contract and gives every rule something to find.

Pure Python, no database. The rules are re-derived here from coverage-rules.md in a few lines (and that
small evaluator is itself checked against the shared sample's expected-check.json), so the planted gaps
are proven at the as-of date, not just claimed by the generator.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import pytest
from stdnum.cn import ric, uscc

from graph import clock
from graph.errors import UsageError
from loaders.demo.generate import generate
from loaders.demo.output import HEADERS
from loaders.demo.planting import RULES
from tests.helpers.demo_rules import AS_OF, DEVELOPMENTAL, KEYS, REQUIRED, VOCAB, active, d, evaluate, read
from tests.helpers.graphs import SHARED


@pytest.mark.parametrize(
    ("sample", "expected_file"),
    [
        ("", "expected-check.json"),  # the rules of coverage-rules.md
        ("activity", "expected-activity-check.json"),  # all 17, the five of activity-tables.md among them
        ("monitoring", "expected-monitoring-check.json"),  # all 20, the three of monitoring.md among them
    ],
)
def test_evaluator_agrees_with_the_samples(sample, expected_file):
    folder = SHARED / "sample" / sample if sample else SHARED / "sample"
    if not (folder / expected_file).exists():
        pytest.skip(f"no sample {folder}")
    expected = json.loads((folder / expected_file).read_text(encoding="utf-8"))
    got = evaluate(read(folder / "roster"), dt.date.fromisoformat(expected["as_of"]))
    want = {rule: set() for rule in RULES}
    for v in expected["violations"]:
        want[v["rule"]].add(v["subject_id"])
    assert got == want


# -- generation -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    res = generate(out, 1500, seed=7, as_of=AS_OF)
    return out, res, read(out)


def test_same_seed_same_files(tmp_path, small):
    out, res, _ = small
    again = generate(tmp_path / "a", 1500, seed=7, as_of=AS_OF)
    generate(tmp_path / "b", 1500, seed=8, as_of=AS_OF)
    for t in HEADERS:
        assert (out / f"{t}.csv").read_bytes() == (tmp_path / "a" / f"{t}.csv").read_bytes(), t
    assert (out / "households.csv").read_bytes() != (tmp_path / "b" / "households.csv").read_bytes()
    assert again.rows == res.rows


@pytest.mark.parametrize("n", [1, 7, 301, 2345])
def test_household_count_is_exact(tmp_path, n):
    res = generate(tmp_path, n, seed=n, as_of=AS_OF)
    assert res.rows["households"] == n
    with open(tmp_path / "households.csv", encoding="utf-8") as f:
        assert sum(1 for _ in f) == n + 1


def test_a_county_too_large_for_its_township_codes_is_refused(tmp_path):
    """1,000,000 households in one county need some 1,000 townships, past the codes 101–999 (this
    once wrote 13-digit village codes and a roster the loader refused); the message says what to do."""
    with pytest.raises(UsageError, match=r"超过乡镇代码能编的 899 个.*--counties"):
        generate(tmp_path / "one", 1_000_000, seed=1, as_of=AS_OF, counties=1)
    with open(tmp_path / "one" / "households.csv", encoding="utf-8") as f:
        assert sum(1 for _ in f) == 1  # refused before the first row


def test_rows_obey_the_roster_contract(small):
    out, res, r = small
    for t, header in HEADERS.items():
        with open(out / f"{t}.csv", encoding="utf-8") as f:
            assert next(csv.reader(f)) == header
        for i, row in enumerate(r[t], start=2):
            assert None not in row and all(v is not None for v in row.values()), (t, i)
            for col in REQUIRED[t]:
                assert row[col].strip(), (t, i, col)
            for (tt, col), allowed in VOCAB.items():
                if tt == t and row[col]:
                    assert row[col] in allowed, (t, i, col, row[col])
            for col, v in row.items():
                if v and ("日期" in col):
                    dt.date.fromisoformat(v)
                if v and col in ("年份", "出列年份", "脱贫年份", "年度"):
                    assert 2000 <= int(v) <= AS_OF.year
    for t, (sc, ec) in {
        "posts": ("任职日期", "离任日期"),
        "assignments": ("开始日期", "结束日期"),
        "help_pairs": ("开始日期", "结束日期"),
    }.items():
        for row in r[t]:
            if row[sc] and row[ec]:
                assert row[sc] <= row[ec], (t, row)
    for t, col in KEYS.items():
        keys = [row[col] for row in r[t]]
        assert len(keys) == len(set(keys)), t

    regions = {x["区划代码"]: x for x in r["regions"]}
    up = {"乡镇": "县区", "村": "乡镇"}
    for x in r["regions"]:
        assert re.fullmatch(r"\d{12}", x["区划代码"])
        if x["层级"] != "县区":
            assert regions[x["上级代码"]]["层级"] == up[x["层级"]]
            assert x["区划代码"].startswith(x["上级代码"][: 6 if x["层级"] == "乡镇" else 9])
    villages = {c for c, x in regions.items() if x["层级"] == "村"}
    orgs = {o["组织代码"] for o in r["organizations"]}
    people = {p["人员编号"]: p for p in r["people"]}
    hh = {h["户编号"] for h in r["households"]}
    ents = {e["主体编号"] for e in r["enterprises"]}
    for o in r["organizations"]:
        assert not o["上级组织代码"] or o["上级组织代码"] in orgs
        assert not o["所在区划代码"] or o["所在区划代码"] in regions
    for p in r["people"]:
        assert re.fullmatch(r"P\d{5,}", p["人员编号"])
        assert not p["工作单位代码"] or p["工作单位代码"] in orgs
        idn = p["身份证号"]
        assert len(idn) == 18 and ric.calc_check_digit(idn) == idn[-1], idn
        ric.get_birth_date(idn)
        assert (int(idn[16]) % 2 == 1) == (p["性别"] == "男")
        assert re.fullmatch(r"1[3-9]\d{9}|0\d{2,3}-?[2-9]\d{6,7}", p["联系电话"]), p["联系电话"]
    for p in r["posts"]:
        assert p["人员编号"] in people and p["组织代码"] in orgs
    for a in r["assignments"]:
        assert a["村代码"] in villages
        if a["责任类型"] == "包村单位":
            assert a["单位代码"] in orgs and not a["人员编号"]
        else:
            assert a["人员编号"] in people
            assert not a["单位代码"] or a["单位代码"] in orgs
    sizes = []
    for h in r["households"]:
        assert re.fullmatch(h["村代码"] + r"\d{4}", h["户编号"]) and h["村代码"] in villages
        idn = h["户主身份证号"]
        assert ric.calc_check_digit(idn) == idn[-1]
        ric.get_birth_date(idn)
        sizes.append(int(h["家庭人口"]))
        assert 1 <= sizes[-1] <= 7
    assert 3.4 <= sum(sizes) / len(sizes) <= 4.0
    pairs = set()
    for hp in r["help_pairs"]:
        assert hp["帮扶责任人编号"] in people and hp["户编号"] in hh
        assert (hp["帮扶责任人编号"], hp["户编号"]) not in pairs
        pairs.add((hp["帮扶责任人编号"], hp["户编号"]))
    for e in r["enterprises"]:
        assert re.fullmatch(r"E\d{3,}", e["主体编号"]) and e["所在村代码"] in villages
        assert not e["统一社会信用代码"] or uscc.is_valid(e["统一社会信用代码"]), e["统一社会信用代码"]
        assert not e["负责人编号"] or e["负责人编号"] in people
        assert not e["党组织代码"] or e["党组织代码"] in orgs
    links = set()
    for link in r["enterprise_links"]:
        assert link["主体编号"] in ents and link["户编号"] in hh
        assert float(link["年增收（元）"]) >= 0
        assert (link["主体编号"], link["户编号"]) not in links
        links.add((link["主体编号"], link["户编号"]))
    for b in r["benefits"]:
        assert b["户编号"] in hh and float(b["金额（元）"]) >= 0
    # the six activity tables: references resolve, keys are unique, nothing after the as-of date but
    # reserve cadres who join later
    visits = set()
    for w in r["visits"]:
        assert w["帮扶责任人编号"] in people and w["户编号"] in hh
        assert d(w["走访日期"]) <= AS_OF
        key = (w["帮扶责任人编号"], w["户编号"], w["走访日期"], w["方式"])
        assert key not in visits, key
        visits.add(key)
    for x in r["reserve_cadres"]:
        assert x["人员编号"] in people and x["村代码"] in villages
    assert len({(x["人员编号"], x["家乡村代码"]) for x in r["talents"]}) == len(r["talents"])
    subjects = {"村": villages, "人员": set(people), "单位": orgs}
    for i in r["inspections"]:
        assert i["督查单位代码"] in orgs and i["对象编号"] in subjects[i["对象类型"]]
        assert (i["结果"] == "发现问题") == bool(i["问题"])
    assert len({(e["人员编号"], e["年度"], e["角色"]) for e in r["evaluations"]}) == len(r["evaluations"])
    for e in r["evaluations"]:
        assert e["人员编号"] in people and e["评议单位代码"] in orgs
    assert len({(x["村代码"], x["年度"]) for x in r["village_indicators"]}) == len(r["village_indicators"])
    # about 12 visits a household a year (households with a helper; pairs that started this year
    # have fewer)
    assert 9 * len(hh) < len(r["visits"]) < 15 * len(hh)


def test_every_rule_finds_something(small):
    _, res, r = small
    found = evaluate(r, AS_OF)
    for rule in RULES:
        assert found[rule], f"no planted gap for {rule}"
        assert res.planted[rule] >= 1
    # gaps stay a minority: most households are covered, most villages have a contact cadre
    n_scope = sum(1 for h in r["households"] if h["户状态"] != "已销户")
    assert 0.02 * n_scope < len(found["help_pair"]) < 0.15 * n_scope
    cadres = {hp["帮扶责任人编号"] for hp in r["help_pairs"]}
    assert 0.01 * len(cadres) < len(found["cadre_load"]) < 0.15 * len(cadres)
    # about 3.2 households a help cadre, as in the reports
    assert 2.6 < n_scope / len(cadres) < 4.0
    n_villages = sum(1 for x in r["regions"] if x["层级"] == "村")
    assert len(found["village_contact"]) < 0.3 * n_villages


ACTIVITY_RULES = ("visit_overdue", "reserve_cadre", "evaluation_unfit", "collective_income", "service_center")


def test_activity_gaps_are_exactly_the_planted_ones(small):
    """The five activity rules find as many subjects as were planted (nothing found by accident), and
    the near misses next to their edges are there and not flagged."""
    _, res, r = small
    found = evaluate(r, AS_OF)
    for rule in ACTIVITY_RULES:
        assert len(found[rule]) == res.planted[rule] >= 1, rule
    helpers = {}
    for hp in r["help_pairs"]:
        if not hp["结束日期"]:
            helpers.setdefault(hp["户编号"], set()).add(hp["帮扶责任人编号"])
    last_home = {}
    for w in r["visits"]:
        if w["方式"] == "入户" and w["帮扶责任人编号"] in helpers.get(w["户编号"], ()):
            last_home[w["户编号"]] = max(last_home.get(w["户编号"], ""), w["走访日期"])
    day = {n: (AS_OF - dt.timedelta(days=n)).isoformat() for n in (89, 90)}
    at_89 = {h for h, last in last_home.items() if last == day[89]}
    at_90 = {h for h, last in last_home.items() if last == day[90]}
    assert at_89 and not at_89 & found["visit_overdue"]
    assert at_90 and at_90 <= found["visit_overdue"]
    # a household visited (at home, recently) only by someone who is not its helper is flagged
    others = {
        w["户编号"]
        for w in r["visits"]
        if w["走访日期"] >= day[89] and w["帮扶责任人编号"] not in helpers.get(w["户编号"], ())
    }
    assert others & found["visit_overdue"]
    incomes = {x["村代码"]: x["集体经营性收入（万元）"] for x in r["village_indicators"]}  # the latest year
    assert any(v == "5.0" and c not in found["collective_income"] for c, v in incomes.items())
    grades = {}
    for e in r["evaluations"]:
        grades.setdefault(e["人员编号"], []).append((e["年度"], e["等次"]))
    superseded = [p for p, g in grades.items() if [x for _, x in sorted(g)] == ["不称职", "称职"]]
    assert superseded and not set(superseded) & found["evaluation_unfit"]


MONITOR_RULES = ("monitor_identify_overdue", "monitor_measure_missing", "monitor_dev_measure")


def test_monitoring_gaps_are_exactly_the_planted_ones(small):
    """The three rules of monitoring.md find as many households as were planted, some exactly one day
    past the 15-day edge; the near misses on the edge are there and not flagged."""
    _, res, r = small
    found = evaluate(r, AS_OF)
    for rule in MONITOR_RULES:
        assert len(found[rule]) == res.planted[rule] >= 1, rule
    ago = {n: (AS_OF - dt.timedelta(days=n)).isoformat() for n in (15, 16)}
    kinds = {}
    for x in r["measures"]:
        if active(x, "开始日期", "结束日期", AS_OF):
            kinds.setdefault(x["户编号"], set()).add(x["措施类型"])
    waiting = {
        m["线索日期"]: m["户编号"] for m in r["monitoring"] if not m["识别日期"] and not m["核实不纳入日期"]
    }
    assert waiting[ago[15]] not in found["monitor_identify_overdue"]
    assert waiting[ago[16]] in found["monitor_identify_overdue"]
    identified = {}
    for m in r["monitoring"]:
        if m["识别日期"] and not m["风险消除日期"]:
            identified.setdefault(m["识别日期"], []).append(m)
    on_edge = identified[ago[15]]
    # identified exactly 15 days ago: one with no measure yet, one able to work with a 非开发式 one only
    assert any(m["户编号"] not in kinds for m in on_edge)
    assert any(
        int(m["有劳动能力人数"]) >= 1 and kinds.get(m["户编号"]) and not kinds[m["户编号"]] & DEVELOPMENTAL
        for m in on_edge
    )
    assert not {m["户编号"] for m in on_edge} & (
        found["monitor_measure_missing"] | found["monitor_dev_measure"]
    )
    past = {m["户编号"] for m in identified[ago[16]]}
    assert past & found["monitor_measure_missing"] and past & found["monitor_dev_measure"]
    # nobody able to work, only 兜底-type help, identified long ago: not flagged
    no_labor = [
        m["户编号"]
        for m in r["monitoring"]
        if m["有劳动能力人数"] == "0"
        and m["识别日期"] < ago[16]
        and not m["风险消除日期"]
        and kinds.get(m["户编号"])
        and not kinds[m["户编号"]] & DEVELOPMENTAL
    ]
    assert no_labor and not set(no_labor) & found["monitor_dev_measure"]
    # the whole cycle is there: dismissed clues, eliminated risks (with the measures they had), waiting
    assert any(m["核实不纳入日期"] for m in r["monitoring"])
    assert any(m["风险消除日期"] for m in r["monitoring"])
    assert len(waiting) > 2
    # every monitoring row's household is in the roster; the 监测对象 households have a case
    households = {h["户编号"]: h for h in r["households"]}
    assert all(m["户编号"] in households for m in r["monitoring"] + r["measures"])
    cased = {m["户编号"] for m in r["monitoring"]}
    assert all(h in cased for h, x in households.items() if x["户状态"] == "监测对象")
    # the tables' keys are unique (household and clue date; household, kind and start)
    keys = [(m["户编号"], m["线索日期"]) for m in r["monitoring"]]
    assert len(keys) == len(set(keys))
    keys = [(x["户编号"], x["措施类型"], x["开始日期"]) for x in r["measures"]]
    assert len(keys) == len(set(keys))


def test_monitoring_at_a_larger_scale(tmp_path):
    """Both tables scale with the households (about one row of each for every six to eight)."""
    res = generate(tmp_path, 20000, seed=3, as_of=AS_OF)
    assert 20000 / 10 < res.rows["monitoring"] < 20000 / 4
    assert 20000 / 10 < res.rows["measures"] < 20000 / 4
    assert all(res.planted[rule] >= 1 for rule in MONITOR_RULES)


def test_tiny_roster_still_finds_every_rule(tmp_path):
    generate(tmp_path, 300, seed=11, as_of=AS_OF, gap_share=0.0)
    found = evaluate(read(tmp_path), AS_OF)
    assert all(found[rule] for rule in RULES), {k for k, v in found.items() if not v}


def test_expiring_near_miss_is_not_flagged(small):
    """A term ending within 30 days whose successor starts the day after is present and not a gap."""
    _, _, r = small
    rows = r["assignments"]
    flagged = evaluate(r, AS_OF)["expiring"]
    near = set()
    for a in rows:
        if a["责任类型"] in ("第一书记", "工作队长") and a["结束日期"]:
            end = d(a["结束日期"])
            if AS_OF <= end <= AS_OF + dt.timedelta(days=30) and active(a, "开始日期", "结束日期", AS_OF):
                if any(
                    b["村代码"] == a["村代码"]
                    and b["责任类型"] == a["责任类型"]
                    and d(b["开始日期"]) == end + dt.timedelta(days=1)
                    for b in rows
                ):
                    near.add((a["村代码"], a["责任类型"]))
    assert near
    # the village may be flagged for the other role, never for this one
    for v, role in near:
        other = "工作队长" if role == "第一书记" else "第一书记"
        if v in flagged:
            assert any(a["村代码"] == v and a["责任类型"] == other for a in rows)


def test_future_and_ended_assignments_exist(small):
    _, _, r = small
    starts = [d(a["开始日期"]) for a in r["assignments"] if a["开始日期"]]
    ends = [d(a["结束日期"]) for a in r["assignments"] if a["结束日期"]]
    assert any(s > AS_OF for s in starts)
    assert any(e < AS_OF for e in ends)


def test_default_as_of_is_today(tmp_path):
    res = generate(tmp_path, 200, seed=1)
    assert res.as_of == clock.today()
    found = evaluate(read(tmp_path), res.as_of)
    assert all(found[rule] for rule in RULES)


def test_cli_generate(tmp_path):
    from click.testing import CliRunner

    from bangfu.cli import cli

    res = CliRunner().invoke(
        cli,
        [
            "demo",
            "generate",
            str(tmp_path / "out"),
            "--households",
            "400",
            "--seed",
            "3",
            "--gap-share",
            "0.1",
            "--as-of",
            "2026-11-22",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "400 户" in res.output
    found = evaluate(read(tmp_path / "out"), AS_OF)
    assert all(found[rule] for rule in RULES)
    bad = CliRunner().invoke(
        cli, ["demo", "generate", str(tmp_path / "x"), "--households", "10", "--as-of", "22/11/2026"]
    )
    assert bad.exit_code != 0


def test_the_loaders_validator_accepts_it(small):
    """The real input contract: the loader's own validation (a dry run, no database) finds nothing."""
    api = pytest.importorskip("loaders.api")
    out, _, _ = small
    report = api.load_roster(None, [out], dry_run=True, today=AS_OF)
    assert report.validation.errors == []
