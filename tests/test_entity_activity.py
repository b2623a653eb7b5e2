"""Entity pages on the activity sample (shared/sample/activity/roster, loaded once): a household's
visits, a village's reserve cadres, talents and yearly indicators, a person's evaluations and visits,
the inspections of a village; the as-of date moves them; personal data masked as everywhere (every
response goes through the scanner of tests/helpers/pii.py); no English word on these pages. The
last test reads a household page and a village page in headless Chromium (marked `browser`; it shares
the loaded sample with the others)."""

from __future__ import annotations

import html
import re

import pytest

from tests.helpers.browser import Session, chromium_missing, launch_browser, live_server
from tests.helpers.pii import Findings
from tests.helpers.web import add_users, client_for, findings, make_app, page, table_rows  # noqa: F401

AS_OF = "2026-11-22"
OVERDUE_HOUSEHOLD = "4199021012040006"  # one home visit, 2026-07-22, by its helper P00117
PHONED_HOUSEHOLD = "4199021022100005"  # its helper phoned on 2026-11-12
VILLAGE_LEFT = "419902101210"  # 张湾村: its reserve cadre left the pool on 2026-10-13
VILLAGE_JOINS = "419902101201"  # 丁寨村: its reserve cadre joins on 2026-12-02


@pytest.fixture(scope="module")
def loaded(activity_web_county):
    return activity_web_county


@pytest.fixture(scope="module")
def viewer(loaded, neo4j_settings, tmp_path_factory, findings):  # noqa: F811
    return client_for(make_app(loaded, neo4j_settings, tmp_path_factory.mktemp("home"), findings), "viewer1")


def test_household_visits(viewer):
    body = page(viewer, f"/e/household/{OVERDUE_HOUSEHOLD}?as_of={AS_OF}")
    assert table_rows(body, "visit-table") == [["2026-07-22", "入户", "罗凯晓", "是", "了解生产生活情况"]]
    assert "截至该日共 1 次" in body
    # before the visit, nothing yet
    body = page(viewer, f"/e/household/{OVERDUE_HOUSEHOLD}?as_of=2026-07-01")
    assert table_rows(body, "visit-table") == [["截至该日没有走访记录。"]]
    rows = table_rows(page(viewer, f"/e/household/{PHONED_HOUSEHOLD}?as_of={AS_OF}"), "visit-table")
    assert rows[0][:2] == ["2026-11-12", "电话"] and rows[0][4] == "电话回访"


def test_village_reserve_cadres_talents_indicators_inspections(viewer):
    body = page(viewer, f"/e/region/{VILLAGE_LEFT}?as_of={AS_OF}")
    cadres = table_rows(body, "reserve-table")
    assert len(cadres) == 1 and cadres[0][0] == "吕平红"
    assert cadres[0][2:] == ["返乡创业", "2023-03-01", "2026-10-13", "已出库"]
    assert "截至该日在库 0 人" in body
    assert table_rows(body, "talent-table") == [["石静", "乡贤", "深圳", "2026-05-05", "助销农产品", "5000"]]
    assert table_rows(body, "indicator-table") == [["2025", "8.5", "达标", "—"], ["2024", "2", "示范", "—"]]
    # before the cadre left, in the pool
    body = page(viewer, f"/e/region/{VILLAGE_LEFT}?as_of=2026-10-01")
    assert table_rows(body, "reserve-table")[0][-1] == "在库" and "截至该日在库 1 人" in body
    body = page(viewer, f"/e/region/{VILLAGE_JOINS}?as_of={AS_OF}")
    assert [r[-1] for r in table_rows(body, "reserve-table")] == ["未入库"]
    inspections = table_rows(body, "inspection-table")
    assert inspections[0][:2] == ["DC2026004", "2026-10-30"] and inspections[0][4:] == [
        "发现问题",
        "档卡资料不全",
        "资料",
        "未销号",
    ]


def test_person_evaluations_and_visits(viewer):
    body = page(viewer, f"/e/person/P00037?as_of={AS_OF}")
    # the 差 of 2025 is read as 不称职
    assert [r[:3] for r in table_rows(body, "evaluation-table")] == [
        ["2025", "第一书记", "不称职"],
        ["2024", "第一书记", "称职"],
    ]
    body = page(viewer, f"/e/person/P00017?as_of={AS_OF}")
    assert re.search(r'共走访 <strong id="visit-count">72</strong> 次、12 户', body)
    assert '<span id="visit-latest">2026-11-17</span>' in body
    rows = table_rows(body, "person-visit-table")
    assert len(rows) == 72 and rows[0][0] == "2026-11-17"
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), reverse=True)
    # an earlier as-of date counts only the visits until then
    body = page(viewer, "/e/person/P00017?as_of=2026-07-01")
    count = int(re.search(r'id="visit-count">(\d+)<', body).group(1))
    assert 0 < count < 72


def test_no_english_words_on_activity_pages(viewer, loaded):
    keys = {r["k"] for r in loaded.read("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey AS k")}
    types = {
        r["k"]
        for r in loaded.read(
            "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS k"
        )
    }
    labels = {r["k"] for r in loaded.read("CALL db.labels() YIELD label RETURN label AS k")}
    words = keys | types | labels | {"True", "False", "None"}
    pattern = re.compile(
        r"(?<![A-Za-z0-9_])("
        + "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        + r")(?![A-Za-z0-9_])"
    )
    for url in (
        f"/e/household/{OVERDUE_HOUSEHOLD}",
        f"/e/region/{VILLAGE_LEFT}",
        "/e/person/P00017",
        "/e/person/P00037",
        "/e/organization/D002",
    ):
        body = page(viewer, f"{url}?as_of={AS_OF}")
        body = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", body)
        text = html.unescape(re.sub(r"<[^>]+>", " ", body))
        assert not pattern.findall(text), (url, sorted(set(pattern.findall(text))))


def test_no_ranking_and_no_location(viewer):
    """The pages show what was done; they do not compare people or show where anyone was."""
    body = page(viewer, f"/e/region/{VILLAGE_LEFT}?as_of={AS_OF}")
    for word in ("排名", "排行", "定位", "照片", "经纬度"):
        assert word not in body


@pytest.mark.browser
def test_household_and_village_pages_in_chromium(loaded, neo4j_settings, tmp_path_factory):
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    personal = Findings()
    app = make_app(loaded, neo4j_settings, tmp_path_factory.mktemp("browser-home"))
    with live_server(app) as base, launch_browser() as browser:
        s = Session(browser, base, "viewer1", personal)
        assert s.open(f"/e/household/{PHONED_HOUSEHOLD}?as_of={AS_OF}").status == 200
        visits = s.page.locator("#visit-table tbody tr")
        assert visits.count() == 1  # one call by its helper
        assert visits.first.locator("td").all_inner_texts()[:2] == ["2026-11-12", "电话"]
        assert "走访记录" in s.page.locator("#visits h2").inner_text()

        assert s.open(f"/e/region/{VILLAGE_LEFT}?as_of={AS_OF}").status == 200
        cadre = s.page.locator("#reserve-table tbody tr").first.locator("td").all_inner_texts()
        assert cadre[0] == "吕平红" and cadre[2] == "返乡创业" and cadre[-1] == "已出库"
        talents = s.page.locator("#talent-table tbody tr")
        assert talents.count() == 1 and "石静" in talents.inner_text()
        years = s.page.locator("#indicator-table tbody tr td:first-child").all_inner_texts()
        assert years == ["2025", "2024"]
        assert "8.5" in s.page.locator("#indicator-table").inner_text()
        # the as-of selector moves the pool: on 2026-10-01 the cadre was still in it
        s.page.fill("#as-of", "2026-10-01")
        s.page.click("#as-of-form button[type=submit]")
        s.page.wait_for_url("**as_of=2026-10-01**")
        assert s.page.locator("#reserve-table tbody tr").first.locator("td").last.inner_text() == "在库"
        assert s.outside == [] and s.errors == [], (s.outside, s.errors)
        s.close()
    personal.assert_none()
