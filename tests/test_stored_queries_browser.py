"""Stored queries in headless Chromium (Debian's, via playwright): an analyst writes a query with a
parameter in the Cypher editor, lets the page find its parameter, and saves it; a viewer finds it
under 常用查询 with its author, fills its form and runs it; a writing query cannot be saved and the
page says why. No request leaves the server; every response is scanned for unmasked personal data.
Screenshots go to $BANGFU_SCREENSHOTS (default: a temporary folder); docs/screenshots/queries/ holds
a run of them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.queries import stored
from tests.helpers.browser import Session as LoggedIn
from tests.helpers.browser import chromium_missing, launch_browser, live_server
from tests.helpers.pii import Findings
from tests.helpers.web import client_for, make_app

pytestmark = [pytest.mark.browser]

PERSONAL_DATA = Findings()
QUERY = """MATCH (v:Village)<-[:LIVES_IN]-(h:Household)
WHERE v.name CONTAINS $word
RETURN v.name AS 村名, count(h) AS 户数
ORDER BY 村名"""


@pytest.fixture(scope="module")
def live_app(sample_web_county, neo4j_settings, tmp_path_factory):
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    session_graph = sample_web_county
    app = make_app(session_graph, neo4j_settings, tmp_path_factory.mktemp("webhome"))
    for role in ("analyst1", "viewer1"):  # the overview each login lands on, computed before the clock runs
        client_for(app, role).get("/")
    with live_server(app) as base:
        yield base, session_graph


@pytest.fixture(scope="module")
def browser():
    with launch_browser() as b:
        yield b
    PERSONAL_DATA.assert_none()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("BANGFU_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_saved_in_the_editor_run_by_a_viewer_and_a_write_refused(live_app, browser, shots):
    base, graph = live_app
    analyst = LoggedIn(browser, base, "analyst1", PERSONAL_DATA, width=1366, height=768)
    page = analyst.page
    analyst.open("/cypher")
    page.fill("#cypher-text", QUERY)
    page.click("#save-query summary")
    page.fill("#save-name", "village_household_counts")
    page.fill("#save-title", "村名含关键字的村及户数")
    page.fill("#save-description", "村名含所填关键字的各村，及其帮扶对象户数。")
    page.select_option("select[name=category]", "村")
    page.click("#find-params")  # the page finds $word and fills the first parameter row
    first = page.locator("#param-rows tbody tr").first
    assert first.locator("input[name=p_name]").input_value() == "word"
    first.locator("input[name=p_label]").fill("村名关键字")
    first.locator("select[name=p_required]").select_option("1")
    page.evaluate("window.scrollTo(0, 0)")  # the sticky header stays on top in a full-page shot
    page.screenshot(path=str(shots / "analyst1-save-form.png"), full_page=True)
    page.click("#save-button")
    page.wait_for_url(base + "/queries/village_household_counts")
    assert "已保存为常用查询" in page.content()
    record = stored.get(graph, "village_household_counts")
    assert record is not None and record.author == "analyst1"
    assert "// @param word: string | 村名关键字 | required" in record.cypher

    # a writing query: refused, the message shown, nothing saved
    analyst.open("/cypher")
    page.fill("#cypher-text", "MATCH (v:Village)\nSET v.name = '改掉'\nRETURN v.name AS 村名")
    page.click("#save-query summary")
    page.fill("#save-name", "rename_villages")
    page.fill("#save-title", "改村名")
    page.fill("#save-description", "不应保存")
    page.click("#save-button")
    page.wait_for_selector("#save-error")
    message = page.inner_text("#save-error")
    assert "拒绝" in message and "SET" in message and "第 2 行" in message, message
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "analyst1-write-refused.png"), full_page=True)
    assert stored.get(graph, "rename_villages") is None
    assert not graph.read("MATCH (v:Village {name: '改掉'}) RETURN v LIMIT 1")
    assert analyst.outside == [] and analyst.errors == [], (analyst.outside, analyst.errors)
    analyst.close()

    viewer = LoggedIn(browser, base, "viewer1", PERSONAL_DATA, width=1366, height=768)
    page = viewer.page
    viewer.open("/queries")
    entry = page.locator("a[data-query=village_household_counts]")
    assert entry.inner_text() == "村名含关键字的村及户数"
    assert "analyst1 保存" in page.locator("li", has=entry).inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "viewer1-queries-list.png"), full_page=True)
    entry.click()
    page.fill("input[name=word]", "寨")
    page.click("#query-form button[type=submit]")
    page.wait_for_selector("#result-table")
    expected = graph.read(
        "MATCH (v:Village)<-[:LIVES_IN]-(h:Household) WHERE v.name CONTAINS '寨' "
        "RETURN v.name AS name, count(h) AS n ORDER BY name"
    )
    rows = page.locator("#result-table tbody tr")
    assert rows.count() == len(expected) > 0
    shown = [tuple(c.strip() for c in rows.nth(i).inner_text().split("\t")) for i in range(rows.count())]
    assert shown == [(r["name"], str(r["n"])) for r in expected]
    # the viewport, not full_page: Chromium draws the table's sticky header mid-table in a full-page shot
    page.screenshot(path=str(shots / "viewer1-stored-query-result.png"))
    assert viewer.open("/cypher").status == 403  # viewers have no editor, hence no save
    assert viewer.outside == [] and viewer.errors == [], (viewer.outside, viewer.errors)
    viewer.close()
