"""防止返贫监测 on the pages (shared/spec/monitoring.md), on the monitoring sample (loaded once, shared):
a household's cases (clue → identified or dismissed → eliminated, days per step) and measures; a
village file's monitored households and waiting clues; the overview's figures. Risk types are shown
to analysts and admins, counted for viewers. Every response goes through the personal-data scanner
(tests/helpers/pii.py); no program word on these pages."""

from __future__ import annotations

import html
import re

import pytest

from tests.helpers.web import client_for, findings, make_app, page, table_rows  # noqa: F401

AS_OF = "2026-11-22"
TWO_CASES = "4199021022110039"  # 2023 clue identified, eliminated 2024-06-30; a clue of 2026-10-28 waiting
ELIMINATED_LATER = "4199021012010015"  # identified 2026-08-14, risk eliminated 2026-12-02 (after D)
DISMISSED = "4199021012010034"  # clue 2026-10-13, dismissed 2026-10-23
CHANGDIAN = "419902101212"  # 常店村: 120006 and 120003 monitored, 120012's clue waits 20 days
UNIT_U008 = "云溪县自然资源局"  # the unit answering for TWO_CASES' 2023 measure


@pytest.fixture(scope="module")
def app(monitoring_web_county, neo4j_settings, tmp_path_factory, findings):  # noqa: F811
    return make_app(monitoring_web_county, neo4j_settings, tmp_path_factory.mktemp("home"), findings)


@pytest.fixture(scope="module")
def viewer(app):
    return client_for(app, "viewer1")


@pytest.fixture(scope="module")
def analyst(app):
    return client_for(app, "analyst1")


def test_household_history_days_per_step(analyst):
    body = page(analyst, f"/e/household/{TWO_CASES}?as_of={AS_OF}")
    assert table_rows(body, "monitoring-table") == [
        # clue 2023-03-01 → identified 2023-03-10 (9 days) → eliminated 2024-06-30 (478 days monitored)
        ["2023-03-01", "农户申报", "2023-03-10 识别", "9", "突发严重困难户", "因人口负担重", "1"]
        + ["2024-06-30", "478", "已消除风险"],
        # the new clue has waited 25 days
        ["2026-10-28", "部门预警", "—", "已等待 25", "—", "—", "—", "—", "—", "待识别"],
    ]
    measures = table_rows(body, "measure-table")
    assert len(measures) == 1
    assert measures[0][:4] == ["产业帮扶", "是", "2023-04-01", "2024-06-30"] and measures[0][-1] == "已结束"
    assert measures[0][4] == UNIT_U008
    # before the second clue came, one case only
    body = page(analyst, f"/e/household/{TWO_CASES}?as_of=2026-10-01")
    assert [r[0] for r in table_rows(body, "monitoring-table")] == ["2023-03-01"]
    # before the first identification, that case was waiting
    body = page(analyst, f"/e/household/{TWO_CASES}?as_of=2023-03-05")
    assert table_rows(body, "monitoring-table") == [
        ["2023-03-01", "农户申报", "—", "已等待 4", "—", "因人口负担重", "1", "—", "—", "待识别"]
    ]


def test_household_steps_after_the_date_have_not_happened(analyst):
    body = page(analyst, f"/e/household/{ELIMINATED_LATER}?as_of={AS_OF}")
    row = table_rows(body, "monitoring-table")[0]
    assert row[2] == "2026-08-14 识别" and row[7] == "—" and row[8] == "已监测 100" and row[9] == "监测中"
    assert table_rows(body, "measure-table")[0][:2] == ["产业帮扶", "是"]
    body = page(analyst, f"/e/household/{ELIMINATED_LATER}?as_of=2026-12-05")
    row = table_rows(body, "monitoring-table")[0]
    assert row[7:] == ["2026-12-02", "110", "已消除风险"]
    row = table_rows(page(analyst, f"/e/household/{DISMISSED}?as_of={AS_OF}"), "monitoring-table")[0]
    assert row[2:4] == ["2026-10-23 核实不纳入", "10"] and row[-1] == "核实不纳入"


def test_household_without_monitoring(viewer):
    body = page(viewer, "/e/household/4199021012120012?as_of=2026-10-01")
    assert table_rows(body, "monitoring-table") == [["截至该日没有防止返贫监测线索。"]]
    assert table_rows(body, "measure-table") == [["截至该日没有帮扶措施。"]]


def test_risk_types_for_analysts_counted_for_viewers(viewer, analyst):
    url = f"/e/household/{TWO_CASES}?as_of=2023-03-20"
    assert table_rows(page(analyst, url), "monitoring-table")[0][5] == "因人口负担重"
    seen = table_rows(page(viewer, url), "monitoring-table")[0][5]
    assert seen == "已记录 1 项"
    body = page(viewer, f"/e/region/{CHANGDIAN}?as_of={AS_OF}")
    assert "因灾" not in body and "因学" not in body and "已记录 2 项" in body
    body = page(analyst, f"/e/region/{CHANGDIAN}?as_of={AS_OF}")
    assert "因学、因灾" in body  # stored in the list's order


def test_village_monitored_households_and_waiting_clues(analyst):
    body = page(analyst, f"/e/region/{CHANGDIAN}?as_of={AS_OF}")
    monitored = table_rows(body, "monitored-table")
    assert [r[0] for r in monitored] == ["4199021012120003", "4199021012120006"]
    # 120003: identified 2026-08-14, 100 days, one 公益岗位 (developmental); 120006: no measure
    assert monitored[0][2:] == ["2026-08-14", "100", "突发严重困难户", "因学", "1", "公益岗位", "是"]
    assert monitored[1][2:] == ["2026-10-03", "50", "脱贫不稳定户", "因学、因灾", "1", "—", "否"]
    waiting = table_rows(body, "waiting-table")
    assert [w[0] for w in waiting] == ["4199021012120012"]
    assert waiting[0][2:] == ["2026-11-02", "农户申报", "20", "识别超时"]
    assert "截至该日监测对象 2 户，待识别线索 1 条" in body
    # on 2026-11-10 the clue had waited 8 days; 120043 (eliminated 2026-06-09) was monitored in May
    waiting = table_rows(page(analyst, f"/e/region/{CHANGDIAN}?as_of=2026-11-10"), "waiting-table")
    assert waiting[0][4:] == ["8", "未超时"]
    monitored = table_rows(page(analyst, f"/e/region/{CHANGDIAN}?as_of=2026-05-15"), "monitored-table")
    assert [r[0] for r in monitored] == ["4199021012120043"]
    assert monitored[0][-2:] == ["公益岗位、综合保障", "是"]


def test_overview_figures(viewer):
    body = page(viewer, f"/?as_of={AS_OF}")

    def figure(name: str) -> str:
        found = re.search(
            rf'id="fig-{name}"><span class="num">(\d+)</span><span class="label">(.*?)</span>', body
        )
        return found.group(1) + " " + html.unescape(found.group(2))

    assert figure("monitored") == "18 监测对象户"
    assert figure("waiting") == "4 待识别线索（最长已等待 25 天，超过 15 天的 3 条）"
    assert figure("identified") == "16 2026 年识别为监测对象的户"
    assert figure("eliminated") == "6 2026 年风险消除的户"
    body = page(viewer, "/?as_of=2025-12-31")
    assert re.search(r'id="fig-eliminated"><span class="num">2<', body)  # 050043 (2025-03-14), 080015 (11-24)


def test_no_program_words_on_monitoring_pages(viewer, monitoring_web_county):
    graph = monitoring_web_county
    keys = {r["k"] for r in graph.read("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey AS k")}
    types = {
        r["k"]
        for r in graph.read("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS k")
    }
    labels = {r["k"] for r in graph.read("CALL db.labels() YIELD label RETURN label AS k")}
    words = keys | types | labels | {"True", "False", "None", "monitor", "current", "past"}
    pattern = re.compile(
        r"(?<![A-Za-z0-9_])("
        + "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        + r")(?![A-Za-z0-9_])"
    )
    urls = (f"/e/household/{TWO_CASES}", f"/e/household/{ELIMINATED_LATER}", f"/e/region/{CHANGDIAN}", "/")
    for url in urls:
        body = page(viewer, f"{url}?as_of={AS_OF}")
        body = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", body)
        text = html.unescape(re.sub(r"<[^>]+>", " ", body))
        assert not pattern.findall(text), (url, sorted(set(pattern.findall(text))))


def test_the_picture_and_explorer_count_risk_types_for_viewers(viewer, analyst):
    url = f"/api/graph/neighbourhood?kind=household&key={TWO_CASES}&depth=1"

    def risks(client) -> list[str]:
        response = client.get(url)
        assert response.status_code == 200
        nodes = response.get_json()["nodes"]
        return sorted(n["properties"]["risks"] for n in nodes if "risks" in n["properties"])

    assert risks(analyst) == ["因人口负担重"]
    assert risks(viewer) == ["已记录 1 项"]
