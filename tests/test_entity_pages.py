"""Entity pages on the sample county, through Flask's test client and the real Neo4j: the village's
responsibility file against the roster files and expected-check.json, the cadre's record, the
household's helpers, the as-of date, and no English property name on any page of any entity kind.

Every response goes through the personal-data scanner (tests/helpers/pii.py, the `findings` fixture)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re

import pytest

from graph.roster.vocabularies import SECRETARY_TITLES
from tests.helpers.entity_sample import (
    AS_OF,
    FILLED_VILLAGE,
    GAP_VILLAGE,
    HISTORY_DATES,
    PERSON_SIX,
    PLANTED_HOUSEHOLD,
    PLANTED_PAST_HELPER,
    PRESENT_HELPERS,
)
from tests.helpers.web import client_for, findings, make_app, page  # noqa: F401
from webapp.records.village import BRANCH_SECRETARY, ROLE_GROUPS


@pytest.fixture(scope="module")
def loaded(entity_county):
    return entity_county


@pytest.fixture(scope="module")
def app(loaded, neo4j_settings, tmp_path_factory, findings):  # noqa: F811
    return make_app(loaded, neo4j_settings, tmp_path_factory.mktemp("home"), findings)


@pytest.fixture(scope="module")
def viewer(app):
    return client_for(app, "viewer1")


def visible_text(body: str) -> str:
    """What a reader sees: no tags, scripts, styles or attribute values."""
    body = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def role_groups(body: str) -> dict[str, dict]:
    groups = {}
    for name, state, inner in re.findall(
        r'<tbody class="role-group \w+" data-group="([^"]+)" data-state="(\w+)">(.*?)</tbody>', body, re.S
    ):
        groups[html.unescape(name)] = {
            "state": state,
            "members": set(re.findall(r'data-member="([^"]+)"', inner)),
            "rules": set(re.findall(r'data-rule="([a-z_]+)"', inner)),
        }
    return groups


def violation_rows(body: str, table: str = "violations") -> set[tuple[str, str]]:
    inner = re.search(rf'<table[^>]*id="{table}".*?</table>', body, re.S).group(0)
    return set(re.findall(r'data-rule="([a-z_]+)" data-subject="([^"]+)"', inner))


def rows(sample_dir, table: str) -> list[dict]:
    with open(sample_dir / "roster" / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def active(row: dict, start: str, end: str, on: str) -> bool:
    return (not row[start] or row[start] <= on) and (not row[end] or row[end] >= on)


def expected_roster(sample_dir, village: str, on: str) -> dict[str, set[str]]:
    """Who fills each role group of `village` on date `on`, read from the roster files themselves."""
    people: dict[str, set[str]] = {g.name: set() for g in ROLE_GROUPS}
    group_of = {role: g.name for g in ROLE_GROUPS for role in g.roles}
    for a in rows(sample_dir, "assignments"):
        if a["村代码"] == village and active(a, "开始日期", "结束日期", on):
            people[group_of[a["责任类型"]]].add(a["人员编号"] or a["单位代码"])
    branches = {
        o["组织代码"]
        for o in rows(sample_dir, "organizations")
        if o["所在区划代码"] == village and o["类型"] in ("党支部", "党总支")
    }
    for p in rows(sample_dir, "posts"):
        if (
            p["组织代码"] in branches
            and "".join(p["职务"].split()) in SECRETARY_TITLES
            and active(p, "任职日期", "离任日期", on)
        ):
            people[BRANCH_SECRETARY].add(p["人员编号"])
    return people


def villages(sample_dir) -> list[str]:
    return [r["区划代码"] for r in rows(sample_dir, "regions") if r["层级"] == "村"]


def test_village_roster_is_the_roster_files(viewer, sample_dir):
    """Every village of the county: each role group lists exactly who the roster files say is active."""
    for code in villages(sample_dir):
        groups = role_groups(page(viewer, f"/e/region/{code}?as_of={AS_OF}"))
        assert list(groups) == [g.name for g in ROLE_GROUPS], code
        expected = expected_roster(sample_dir, code, AS_OF)
        assert {name: g["members"] for name, g in groups.items()} == expected, code


def test_filled_village_has_every_role_it_needs_and_no_violation(viewer, sample_dir):
    body = page(viewer, f"/e/region/{FILLED_VILLAGE}?as_of={AS_OF}")
    groups = role_groups(body)
    assert all(g["state"] in ("filled", "none") for g in groups.values()), groups
    filled = {name for name, g in groups.items() if g["state"] == "filled"}
    assert filled == {"包村单位", "第一书记", "驻村工作队", "包村干部", "脱贫责任组", "村党组织书记"}
    assert violation_rows(body) == set()
    assert "陆集村 村责任落实档案" in body and "贫困村" in visible_text(body)


def test_gaps_and_open_violations_are_expected_check(viewer, sample_dir):
    """Every village: the planted gaps of expected-check.json are marked on the role they concern (a gap
    when nobody fills it), listed among the open violations, and its unpaired households listed."""
    expected = json.loads((sample_dir / "expected-check.json").read_text(encoding="utf-8"))
    rule_group = {g.rule: g.name for g in ROLE_GROUPS}
    seen_gaps = 0
    for code in villages(sample_dir):
        body = page(viewer, f"/e/region/{code}?as_of={AS_OF}")
        groups = role_groups(body)
        shown = violation_rows(body)
        village_rules = {
            v["rule"]
            for v in expected["violations"]
            if v["subject_type"] == "village" and v["subject_id"] == code
        }
        unpaired = {
            v["subject_id"]
            for v in expected["violations"]
            if v["rule"] == "help_pair" and v["subject_id"].startswith(code)
        }
        assert {(r, code) for r in village_rules} | {("help_pair", h) for h in unpaired} <= shown, code
        assert {s for r, s in shown if r == "help_pair"} == unpaired, code
        uncovered = re.search(r'<table[^>]*id="uncovered".*?</table>', body, re.S).group(0)
        assert set(re.findall(r'data-household="(\d+)"', uncovered)) == unpaired, code
        for rule in village_rules - {"expiring"}:
            group = groups[rule_group[rule]]
            assert rule in group["rules"], (code, rule)
            assert group["state"] == ("gap" if not group["members"] else "problem"), (code, rule)
            seen_gaps += group["state"] == "gap"
        gaps = {name for name, g in groups.items() if g["state"] == "gap"}
        assert gaps == {
            rule_group[r] for r in village_rules if r in rule_group and not groups[rule_group[r]]["members"]
        }
    assert seen_gaps >= 8  # the sample plants gaps of most rules


def test_gap_village_file(viewer):
    body = page(viewer, f"/e/region/{GAP_VILLAGE}?as_of={AS_OF}")
    groups = role_groups(body)
    assert groups["第一书记"]["state"] == "gap" and groups["第一书记"]["rules"] == {"first_secretary"}
    text = visible_text(body)
    assert re.search(r"缺口\s*：\s*重点村未配备第一书记", text) and "见问题" in text  # on paper: a reference
    assert not re.search(r"[a-z]+_[a-z]+", text), re.findall(r"[a-z]+_[a-z]+", text)[:5]  # no rule id
    assert "是：贫困村；软弱涣散村" in text  # why it is key
    assert 'id="ledger-empty"' in body  # no check recorded yet: nothing in the ledger
    assert ("first_secretary", GAP_VILLAGE) in violation_rows(body)


def test_coverage_figures_are_expected_coverage(viewer, sample_dir):
    expected = json.loads((sample_dir / "expected-coverage-village.json").read_text(encoding="utf-8"))
    for row in expected["rows"]:
        body = page(viewer, f"/e/region/{row['code']}?as_of={AS_OF}")
        assert re.search(r'id="cov-in-scope">(\d+)<', body).group(1) == str(row["households_in_scope"])
        assert re.search(r'id="cov-covered">(\d+)<', body).group(1) == str(row["households_covered"])


def test_as_of_moves_the_roster(viewer, sample_dir):
    earlier, later = HISTORY_DATES
    before = role_groups(page(viewer, f"/e/region/{FILLED_VILLAGE}?as_of={earlier}"))
    after_body = page(viewer, f"/e/region/{FILLED_VILLAGE}?as_of={later}")
    after = role_groups(after_body)
    assert (
        before["第一书记"]["members"]
        == expected_roster(sample_dir, FILLED_VILLAGE, earlier)["第一书记"]
        == {"P00033"}
    )
    assert (
        after["第一书记"]["members"]
        == expected_roster(sample_dir, FILLED_VILLAGE, later)["第一书记"]
        == {"P00029"}
    )
    history = re.search(
        r'<table class="data history[^"]*" data-role="第一书记">.*?</table>', after_body, re.S
    ).group(0)
    assert "梁国" in history and "已结束" in visible_text(history) and "秦军宇" in history


def test_person_with_six_households(viewer, loaded):
    body = page(viewer, f"/e/person/{PERSON_SIX}?as_of={AS_OF}")
    helped = re.search(r'<table[^>]*id="household-table".*?</table>', body, re.S).group(0)
    households = set(re.findall(r'data-household="(\d+)"', helped))
    expected = {
        r["h"]
        for r in loaded.read(
            "MATCH (:Person {person_id: $p})-[:HELPS]->(h) RETURN h.household_id AS h", {"p": PERSON_SIX}
        )
    }
    assert households == expected and len(households) == 6
    in_scope = loaded.read(
        "MATCH (:Person {person_id: $p})-[:HELPS]->(h) WHERE h.status <> '已销户' RETURN count(h) AS n",
        {"p": PERSON_SIX},
    )[0]["n"]
    assert re.search(r'id="load-count">(\d+)<', body).group(1) == str(in_scope) == "5"
    assert "干部档案" in body and "已销户" in visible_text(helped)


def test_person_named_by_a_rule(viewer, sample_dir):
    expected = json.loads((sample_dir / "expected-check.json").read_text(encoding="utf-8"))
    for v in (v for v in expected["violations"] if v["subject_type"] == "person"):
        body = page(viewer, f"/e/person/{v['subject_id']}?as_of={AS_OF}")
        assert (v["rule"], v["subject_id"]) in violation_rows(body)
    # a village's expiring term names its holder: 唐成 (P00103), 常店村's first secretary until 2026-12-04
    expiring = next(v for v in expected["violations"] if v["rule"] == "expiring")
    assert ("expiring", expiring["subject_id"]) in violation_rows(
        page(viewer, f"/e/person/P00103?as_of={AS_OF}")
    )
    assert not any(
        r == "expiring" for r, _ in violation_rows(page(viewer, f"/e/person/P00033?as_of={AS_OF}"))
    )


def test_household_with_past_and_present_helpers(viewer):
    body = page(viewer, f"/e/household/{PLANTED_HOUSEHOLD}?as_of={AS_OF}")
    helpers = dict(re.findall(r'data-person="(P\d+)" data-state="(\w+)"', body))
    assert helpers == {PLANTED_PAST_HELPER[0]: "past", **{p: "current" for p in PRESENT_HELPERS}}
    text = visible_text(body)
    assert PLANTED_PAST_HELPER[2] in text and "已结束" in text and "在岗" in text
    assert "户主身份证号" in text and "**********" in text  # masked for a viewer


def _english_words(graph) -> set[str]:
    keys = {r["k"] for r in graph.read("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey AS k")}
    labels = {r["k"] for r in graph.read("CALL db.labels() YIELD label RETURN label AS k")}
    types = {
        r["k"]
        for r in graph.read("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS k")
    }
    return keys | labels | types | {"True", "False", "None", "null"}


def _entities(graph) -> list[tuple[str, str, str]]:
    """(label, kind, key) for every entity kind of the county: every region, organization and
    enterprise, and every fifth person and household (in key order)."""
    queries = {
        "region": "MATCH (n:Region) RETURN labels(n) AS l, n.code AS k ORDER BY k",
        "organization": "MATCH (n:Organization) RETURN labels(n) AS l, n.code AS k ORDER BY k",
        "enterprise": "MATCH (n:Enterprise) RETURN labels(n) AS l, n.enterprise_id AS k ORDER BY k",
        "person": "MATCH (n:Person) RETURN labels(n) AS l, n.person_id AS k ORDER BY k",
        "household": "MATCH (n:Household) RETURN labels(n) AS l, n.household_id AS k ORDER BY k",
    }
    found = []
    for kind, query in queries.items():
        got = graph.read(query)
        step = 5 if kind in ("person", "household") else 1
        found += [
            (next(x for x in r["l"] if x not in ("Region", "Organization", "Searchable")), kind, r["k"])
            for r in got[::step]
        ]
    return found


@pytest.mark.slow
def test_no_english_property_name_on_any_entity_page(app, loaded):
    admin = client_for(app, "admin1")  # admins see everything viewers do, and the unmasking link
    words = _english_words(loaded)
    pattern = re.compile(
        r"(?<![A-Za-z0-9_])("
        + "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        + r")(?![A-Za-z0-9_])"
    )
    entities = _entities(loaded)
    kinds = {label for label, _, _ in entities}
    assert {"County", "Township", "Village", "PartyOrg", "Unit", "Person", "Household", "Enterprise"} <= kinds
    found = {}
    for label, kind, key in entities:
        text = visible_text(page(admin, f"/e/{kind}/{key}?as_of={AS_OF}"))
        hits = sorted(set(pattern.findall(text)))
        if hits:
            found[f"{label} {key}"] = hits
    assert not found, found
    assert len(entities) > 150


def test_search_and_explorer_speak_the_vocabulary(viewer):
    text = visible_text(page(viewer, f"/search?q={PERSON_SIX}"))
    assert "人员" in text and "职级：" in text
    text = visible_text(page(viewer, "/search?q=cun"))
    assert "村" in text and not re.search(
        r"(?<![A-Za-z])(Region|Village|level|rank|status)(?![A-Za-z])", text
    )
    data = viewer.get(f"/api/graph/neighbourhood?kind=region&key={GAP_VILLAGE}").get_json()
    person = next(n for n in data["nodes"] if n["label"] == "Person")
    assert "rank" in person["properties"] or "name" in person["properties"]  # the API keeps English keys
    words = [w for w, _ in person["facts"]]
    assert "姓名" in words and not any(re.search(r"[A-Za-z]", w) for w in words)
    edge = data["edges"][0]
    assert all(not re.search(r"[A-Za-z]", w) for w, _ in edge["facts"])


def test_unknown_as_of_is_a_clear_error(viewer):
    response = viewer.get(f"/e/region/{GAP_VILLAGE}?as_of=yesterday")
    assert response.status_code == 400 and "日期" in response.get_data(as_text=True)


def test_village_file_lists_its_ledger_items(viewer, loaded):
    """Once a check is recorded, the village file lists its open findings, its households' too."""
    from graph.ledger import record_check
    from graph.settings import LedgerSettings, RuleSettings

    record_check(loaded, dt.date.fromisoformat(AS_OF), RuleSettings(), LedgerSettings(), user="t")
    body = page(viewer, f"/e/region/{GAP_VILLAGE}?as_of={AS_OF}")
    # each problem once: the violations the check sees carry their ledger item (status, due, who)
    table = re.search(r'id="violations".*?</table>', body, re.S).group(0)
    text = visible_text(table)
    assert "重点村未配备第一书记" in text and "帮扶对象未落实帮扶责任人" in text and "待整改" in text
    assert "/ledger/f/first_secretary:" in table
    assert 'id="ledger-items"' not in body and "台账中本村未销号的问题都已列在上表" in body
