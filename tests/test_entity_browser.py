"""Entity pages in headless Chromium (Debian's, via playwright) on the sample county: a village with
every role filled and one with planted gaps, read off the page (roster, missing roles, open
violations); a person with six households; a household with past and present helpers; the as-of
selector moving the roster; one page of every entity kind with no English property name in what the
reader sees; and the village file printed to PDF on A4 (poppler's pdftotext and pdftoppm read it).

Screenshots of each page kind and of the printed file's first page go to $BANGFU_SCREENSHOTS (default:
a temporary folder); docs/screenshots/entity/ holds a run of them."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from tests.helpers.browser import chromium_missing, launch_browser, scan_responses
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
from tests.helpers.pii import Findings
from tests.helpers.web import PASSWORD
from webapp import create_app

pytestmark = [pytest.mark.browser]  # headless Chromium

PERSONAL_DATA = Findings()


@pytest.fixture(scope="module")
def live_app(entity_county, neo4j_settings, tmp_path_factory):
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    import waitress

    from graph.server import free_port

    session_graph = entity_county
    app = create_app(
        dataclasses.replace(neo4j_settings, home=tmp_path_factory.mktemp("webhome")), graph=session_graph
    )
    port = free_port()
    server = waitress.create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{port}", session_graph
    server.close()


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


@pytest.fixture
def viewer(live_app, browser):
    base, _ = live_app
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    outside, errors = [], []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith((base, "data:", "blob:"))
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    scan_responses(page, PERSONAL_DATA, "viewer1", "viewer")
    page.goto(base + "/login")
    page.fill("input[name=username]", "viewer1")
    page.fill("input[name=password]", PASSWORD.format("viewer1"))
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    yield page, base
    assert outside == [] and errors == [], (outside, errors)
    context.close()


def open_page(page, base: str, path: str, shot: Path | None = None):
    response = page.goto(base + path)
    assert response.status == 200, (path, response.status)
    if shot is not None:
        page.wait_for_selector("#graph[data-settled='1']", timeout=30000)
        page.screenshot(path=str(shot), full_page=True)
    return page


def group(page, name: str):
    return page.locator(f'tbody.role-group[data-group="{name}"]')


def members(page, name: str) -> list[str]:
    return [t.strip() for t in group(page, name).locator("td.who a").all_inner_texts()]


def test_village_with_every_role_filled(viewer, shots):
    page, base = viewer
    open_page(page, base, f"/e/region/{FILLED_VILLAGE}?as_of={AS_OF}", shots / "village-file.png")
    assert "陆集村 村责任落实档案" in page.locator("h1").inner_text()
    assert members(page, "第一书记") == ["梁国"]
    assert members(page, "驻村工作队") == ["梁国", "陈波", "吴华"]  # the leader first
    assert members(page, "包村单位") == ["云溪县卫生健康委员会"]
    assert members(page, "包村干部") == ["贺平"] and members(page, "村党组织书记") == ["魏洋"]
    states = {
        g.get_attribute("data-group"): g.get_attribute("data-state")
        for g in page.locator("tbody.role-group").all()
    }
    assert set(states.values()) <= {"filled", "none"} and list(states.values()).count("filled") == 6
    assert "已落实" in group(page, "第一书记").inner_text()
    assert page.locator("#violations tbody").inner_text().strip() == "截至该日没有发现问题。"
    assert page.locator("#flag-key").inner_text().startswith("是")


def test_village_with_planted_gaps(viewer, shots, sample_dir):
    page, base = viewer
    expected = json.loads((sample_dir / "expected-check.json").read_text(encoding="utf-8"))
    open_page(page, base, f"/e/region/{GAP_VILLAGE}?as_of={AS_OF}", shots / "village-file-gaps.png")
    first = group(page, "第一书记")
    assert first.get_attribute("data-state") == "gap"
    assert "缺" in first.inner_text() and "重点村未配备第一书记" in first.inner_text()
    assert "first_secretary" not in page.locator("body").inner_text()  # rule ids only in data-rule
    assert members(page, "驻村工作队") == ["何峰兰", "蒋海峰", "康利"]
    shown = {
        (r.get_attribute("data-rule"), r.get_attribute("data-subject"))
        for r in page.locator("#violations tbody tr[data-rule]").all()
    }
    mine = {
        (v["rule"], v["subject_id"])
        for v in expected["violations"]
        if v["subject_id"] == GAP_VILLAGE or v["subject_id"].startswith(GAP_VILLAGE)
    }
    assert mine and mine <= shown
    assert page.locator("#uncovered tbody tr[data-household]").count() == sum(
        1 for r, s in mine if r == "help_pair"
    )
    # another planted gap: a village whose work team is incomplete (a problem, not a missing role)
    open_page(page, base, f"/e/region/419902101205?as_of={AS_OF}")
    team = group(page, "驻村工作队")
    assert team.get_attribute("data-state") == "problem" and "贫困村驻村工作队不健全" in team.inner_text()
    open_page(page, base, f"/e/region/419902101212?as_of={AS_OF}")
    assert group(page, "包村单位").get_attribute("data-state") == "gap"
    assert group(page, "第一书记").locator("[data-rule=expiring]").count() == 1
    assert "任期即将届满" in group(page, "第一书记").inner_text()


def test_as_of_selector_moves_the_roster(viewer, shots):
    page, base = viewer
    earlier, later = HISTORY_DATES
    open_page(page, base, f"/e/region/{FILLED_VILLAGE}?as_of={later}")
    assert members(page, "第一书记") == ["秦军宇"]
    history = page.locator('table.history[data-role="第一书记"]').inner_text()
    assert "梁国" in history and "已结束" in history
    page.fill("#as-of", earlier)
    with page.expect_navigation():
        page.click("#as-of-form button[type=submit]")
    assert f"as_of={earlier}" in page.url
    assert page.locator("#as-of-shown").inner_text() == earlier
    assert members(page, "第一书记") == ["梁国"]  # the past first secretary, at the earlier date
    page.wait_for_selector("#graph[data-settled='1']", timeout=30000)
    page.screenshot(path=str(shots / "village-file-earlier.png"), full_page=True)


def test_person_with_six_households(viewer, shots):
    page, base = viewer
    open_page(page, base, f"/e/person/{PERSON_SIX}?as_of={AS_OF}", shots / "person-file.png")
    assert "彭海 干部档案" in page.locator("h1").inner_text()
    rows = page.locator("#household-table tbody tr[data-household]")
    assert rows.count() == 6
    assert "已销户" in page.locator("#household-table").inner_text()
    assert page.locator("#load-count").inner_text() == "5"
    assert "**********" in page.locator("#properties").inner_text()  # id number masked for a viewer


def test_household_with_past_and_present_helpers(viewer, shots):
    page, base = viewer
    open_page(page, base, f"/e/household/{PLANTED_HOUSEHOLD}?as_of={AS_OF}", shots / "household-file.png")
    states = {
        r.get_attribute("data-person"): (r.get_attribute("data-state"), r.inner_text())
        for r in page.locator("#helper-table tbody tr[data-person]").all()
    }
    assert set(states) == {PLANTED_PAST_HELPER[0], *PRESENT_HELPERS}
    assert states[PLANTED_PAST_HELPER[0]][0] == "past" and "已结束" in states[PLANTED_PAST_HELPER[0]][1]
    assert all(states[p][0] == "current" and "在岗" in states[p][1] for p in PRESENT_HELPERS)
    assert "丁寨村" in page.locator(".crumbs").inner_text()


def _english_words(graph) -> set[str]:
    keys = {r["k"] for r in graph.read("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey AS k")}
    labels = {r["k"] for r in graph.read("CALL db.labels() YIELD label RETURN label AS k")}
    types = {
        r["k"]
        for r in graph.read("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS k")
    }
    return keys | labels | types | {"True", "False", "None", "null"}


KIND_PAGES = [  # (screenshot name, path): one page of every entity kind
    ("county", "/e/region/419902000000"),
    ("township", "/e/region/419902101000"),
    ("village", f"/e/region/{GAP_VILLAGE}"),
    ("unit", "/e/organization/U002"),
    ("party-org", "/e/organization/B101201"),
    ("township-party-committee", "/e/organization/T01"),
    ("person", f"/e/person/{PERSON_SIX}"),
    ("household", f"/e/household/{PLANTED_HOUSEHOLD}"),
    ("household-benefits-links", "/e/household/4199021012090008"),
    ("enterprise", "/e/enterprise/E001"),
]


def test_every_entity_kind_reads_in_chinese(viewer, live_app, shots):
    page, base = viewer
    _, graph = live_app
    words = _english_words(graph)
    pattern = re.compile(
        r"(?<![A-Za-z0-9_])("
        + "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        + r")(?![A-Za-z0-9_])"
    )
    for name, path in KIND_PAGES:
        shot = shots / f"{name}.png" if name not in ("village", "person", "household") else None
        open_page(page, base, f"{path}?as_of={AS_OF}", shot)
        if shot is None:
            page.wait_for_selector("#graph[data-settled='1']", timeout=30000)
        page.click("#graph")  # a click on the picture fills the side panel (nothing selected: stays empty)
        text = page.locator("body").inner_text()
        assert not pattern.findall(text), (path, sorted(set(pattern.findall(text))))


def _poppler_missing() -> str | None:
    missing = [t for t in ("pdftotext", "pdftoppm", "pdfinfo") if shutil.which(t) is None]
    return f"缺少 {'、'.join(missing)}（make browser 安装 Debian 的 poppler-utils）" if missing else None


IDENTIFIER = re.compile(r"[A-Za-z]+_[A-Za-z_]+")  # a rule id or property key (first_secretary, head_name)


def printed(page, base: str, path: str, pdf: Path) -> list[str]:
    """The page printed to an A4 PDF as the browser prints it; each page's text in reading order, white
    space removed (a cell's text may wrap). Every page says 第 N 页 共 M 页 at its foot."""
    open_page(page, base, path)
    if page.locator("#graph").count():
        page.wait_for_selector("#graph[data-settled='1']", timeout=30000)
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2, info  # A4: 210 × 297 mm
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    texts = [
        "".join(
            subprocess.run(
                ["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        )
        for i in range(1, pages + 1)
    ]
    for i, text in enumerate(texts, start=1):
        assert f"第{i}页共{pages}页" in text, (path, i, text[-80:])
    whole = "\n".join(texts)
    assert not IDENTIFIER.search(whole), (path, IDENTIFIER.findall(whole)[:5])
    return texts


def test_village_file_prints_on_a4(viewer, shots, tmp_path):
    reason = _poppler_missing()
    if reason:
        pytest.skip(reason)
    page, base = viewer
    pdf = tmp_path / "village-file.pdf"
    texts = printed(page, base, f"/e/region/{FILLED_VILLAGE}?as_of={AS_OF}", pdf)
    pages = len(texts)
    assert 1 <= pages <= 4
    whole = "\n".join(texts)
    assert "陆集村村责任落实档案" in texts[0] and f"截至{AS_OF}" in texts[0]
    for word in ("常用查询", "退出", "关系网络", "打印"):  # no navigation, no buttons, no picture
        assert word not in whole, word
    # no role group is cut across pages: each group's members are on the page its name is on
    for name, people in (
        ("驻村工作队", ("梁国", "陈波", "吴华")),
        ("脱贫责任组", ("贺平", "白燕永", "何磊")),
    ):
        where = next(t for t in texts if name in t)
        assert all(p in where for p in people), name
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "110",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(shots / "village-file-print-page1"),
        ],
        check=True,
    )
    assert (shots / "village-file-print-page1.png").stat().st_size > 10000


def test_printed_pages_name_no_identifier_and_list_each_problem_once(viewer, shots, tmp_path):
    """The village file of a village with gaps, a cadre's 干部档案, a household page and a finding, as
    printed: 第 N 页 共 M 页 on every page, no rule id or property key, a plain heading, and each problem
    once (the roster refers to the numbered list)."""
    reason = _poppler_missing()
    if reason:
        pytest.skip(reason)
    page, base = viewer
    texts = printed(page, base, f"/e/region/{GAP_VILLAGE}?as_of={AS_OF}", tmp_path / "gaps.pdf")
    whole = "".join(texts)
    assert texts[0].startswith(
        "云溪县/孙红乡/丁寨村丁寨村村责任落实档案截至"
    )  # a plain heading: path, name, date
    assert f"·{GAP_VILLAGE}" not in whole
    assert whole.count("重点村未配备第一书记") == 1 and "见问题" in whole
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "110",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(tmp_path / "gaps.pdf"),
            str(shots / "village-file-gaps-print-page1"),
        ],
        check=True,
    )
    person = printed(page, base, f"/e/person/{PERSON_SIX}?as_of={AS_OF}", tmp_path / "person.pdf")
    assert person[0].startswith("彭海干部档案截至") and f"·{PERSON_SIX}" not in "".join(person)
    printed(page, base, f"/e/household/{PLANTED_HOUSEHOLD}?as_of={AS_OF}", tmp_path / "household.pdf")
