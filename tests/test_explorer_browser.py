"""The explorer in headless Chromium (Debian's, via playwright) on the sample county, at 1366×768:
an analyst types pinyin initials, picks a person with the keyboard, expands their help pairs from the
count button, saves the view and shares it; a viewer opens the link and sees it masked; the analyst
exports it to PNG and to one self-contained HTML file (opened offline: it draws with no request);
"两者如何关联" between two people.

Screenshots go to $BANGFU_SCREENSHOTS (default: a temporary folder); docs/screenshots/explorer/ holds
a run of them."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from tests.helpers.browser import Session, blocked_page, chromium_missing, launch_browser, live_server
from tests.helpers.pii import Findings
from webapp import create_app

pytestmark = [pytest.mark.browser]

PERSONAL_DATA = Findings()
PERSON = "P00213"  # 彭海: six help pairs
OTHER = "P00044"  # 田斌超: helps a household of 丁寨村
SIZE = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def live_app(sample_web_county, neo4j_settings, tmp_path_factory):
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    session_graph = sample_web_county
    app = create_app(
        dataclasses.replace(neo4j_settings, home=tmp_path_factory.mktemp("webhome")), graph=session_graph
    )
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


def session(browser, base, username) -> Session:
    # straight to the explorer (not the overview, whose figures are not this test's), patient on a
    # machine shared with other suites
    return Session(browser, base, username, PERSONAL_DATA, next_path="/explorer", timeout_ms=90_000, **SIZE)


def settled(page, nodes: int | None = None):
    """Wait for a drawing at rest (with `nodes` nodes). Selectors, not page functions: the page's CSP
    forbids the eval a string predicate needs."""
    count = f"[data-nodes='{nodes}']" if nodes is not None else ""
    page.wait_for_selector(f"#graph[data-settled='1']{count}", timeout=30000)


def choose(page, box: str, typed: str, wanted: str):
    """Type into a search box and pick the suggestion containing `wanted` with ↓ and Enter."""
    page.fill(box, "")
    page.type(box, typed, delay=30)
    listbox = "#" + page.get_attribute(box, "aria-controls")
    page.wait_for_selector(f"{listbox} [role=option]", timeout=10000)
    options = page.locator(f"{listbox} [role=option]").all_inner_texts()
    index = next(i for i, text in enumerate(options) if wanted in text)
    for _ in range(index + 1):
        page.press(box, "ArrowDown")
    assert wanted in page.locator(f"{listbox} [aria-selected=true]").inner_text()
    page.press(box, "Enter")


def test_search_expand_save_share_export(live_app, browser, shots, tmp_path):
    base, graph = live_app
    s = session(browser, base, "analyst1")
    page = s.page
    s.open("/explorer")
    settled(page, 0)
    page.focus("#explorer-search")
    page.type("#explorer-search", "ph", delay=30)
    page.wait_for_selector("#explorer-suggestions [role=option]")
    groups = page.locator("#explorer-suggestions li.group").all_inner_texts()
    assert "人员" in groups
    person = page.locator("#explorer-suggestions [role=option]", has_text=PERSON)
    assert (
        "彭海" in person.inner_text() and "·" in person.inner_text()
    )  # name, id and what tells namesakes apart
    page.press("#explorer-search", "ArrowDown")
    page.screenshot(path=str(shots / "search-suggestions.png"))
    page.fill("#explorer-search", "")
    choose(page, "#explorer-search", "ph", PERSON)
    settled(page, 1)
    assert "彭海" in page.locator("#selected-title").inner_text()
    helps = page.locator("#expand-buttons button[data-type=HELPS][data-dir=out]")
    assert helps.inner_text() == "结对帮扶 → 6"  # the count before expanding
    helps.focus()
    page.keyboard.press("Enter")  # the expand buttons work from the keyboard
    settled(page, 7)
    assert "新增 6 个节点" in page.locator("#explorer-status").inner_text()
    assert page.locator("#legend .legend-item", has_text="有未整改缺口的村").count() == 1
    # the whole explorer fits a 1366×768 screen: no horizontal scrolling, the drawing in view
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZE["width"]
    box = page.locator("#graph").bounding_box()
    assert box["y"] + box["height"] <= SIZE["height"] and box["height"] > 300
    page.screenshot(path=str(shots / "expanded-with-legend.png"))

    page.click("#views-box summary")
    page.fill("#view-name", "彭海结对帮扶")
    page.click("#view-save")
    page.wait_for_selector("#explorer-status:has-text('已保存')")
    page.click("#view-share")
    page.wait_for_selector("#view-link-row:not([hidden])")
    link = page.input_value("#view-link")
    assert re.fullmatch(re.escape(base) + r"/explorer/v/[\w-]+", link), link
    assert graph.read(
        "MATCH (e:AuditEvent {action: 'view_share', username: 'analyst1'}) RETURN count(e) AS n"
    )[0]["n"]

    with page.expect_download() as png_download:
        page.click("#export-png")
    png = tmp_path / "view.png"
    png_download.value.save_as(png)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 5000
    from PIL import Image

    with Image.open(png) as img:
        width, height = img.size
        box = page.locator("#graph canvas").bounding_box()
        assert height > box["height"]  # the legend below the drawing
        assert width >= 2 * box["width"]  # print resolution: at least twice the screen's pixels
    with page.expect_download() as html_download:
        page.click("#export-html")
    html = tmp_path / "view.html"
    html_download.value.save_as(html)
    text = html.read_text(encoding="utf-8")
    assert (
        "图例" in text and "帮扶责任人" in text and not re.search(r"<script[^>]+src=|<link[^>]+href=", text)
    )
    assert re.search(r'id="caption">截至 \d{4}-\d{2}-\d{2} · 7 个节点', text)  # the PNG's caption too
    offline = blocked_page(browser)
    offline.page.goto(html.as_uri())
    offline.page.wait_for_selector("body[data-drawn='7']")
    assert offline.blocked == []  # self-contained: it draws with no request at all
    offline.page.context.close()
    assert s.outside == [] and s.errors == [], (s.outside, s.errors)
    s.close()

    v = session(browser, base, "viewer1")
    v.page.goto(link)
    settled(v.page, 7)
    assert "彭海结对帮扶" in v.page.locator("#view-current").inner_text()
    assert "analyst1 分享" in v.page.locator("#view-current").inner_text()
    person_id = graph.read("MATCH (p:Person {person_id: $p}) RETURN elementId(p) AS id", {"p": PERSON})[0][
        "id"
    ]
    v.page.evaluate(f"window.bangfuExplorer.select('{person_id}')")
    v.page.click("#explorer-selected details summary")
    facts = v.page.locator("#selected-facts").inner_text()
    assert "身份证号" in facts and "*" in facts  # the viewer's own masking
    assert v.page.locator("#export-png").count() == 0  # exports are for analysts
    v.page.screenshot(path=str(shots / "shared-view-as-viewer.png"))
    assert v.outside == [] and v.errors == [], (v.outside, v.errors)
    v.close()


def test_path_between_two_people(live_app, browser, shots):
    base, graph = live_app
    s = session(browser, base, "viewer1")
    page = s.page
    s.open("/explorer")
    settled(page, 0)
    page.click("#path-box summary")
    choose(page, "#path-a", "ph", PERSON)
    choose(page, "#path-b", "tbc", OTHER)
    page.click("#path-find")
    page.wait_for_selector("#graph[data-paths]:not([data-paths='']):not([data-paths='0'])", timeout=20000)
    settled(page)
    assert "条最短路径" in page.locator("#explorer-status").inner_text()
    assert int(page.get_attribute("#graph", "data-nodes")) >= 3
    page.screenshot(path=str(shots / "path-view.png"))
    assert s.outside == [] and s.errors == [], (s.outside, s.errors)
    s.close()
