"""The review flow in headless Chromium: an admin opens 报告审核 from the nav, sees the sentence with the
span highlighted (and markup in the report shown as text), confirms one fact against the roster's person
and organization, rejects another, and the graph and the audit log show both decisions."""

from __future__ import annotations

import dataclasses
import json
import threading

import pytest

from graph import search
from loaders.api import load_roster
from loaders.reports.write import load_report
from tests.helpers.browser import chromium_missing, launch_browser
from webapp import create_app, users

pytestmark = [pytest.mark.browser]  # headless Chromium

TEXT = (
    "云溪县委常委、组织部长冯春到孙红乡丁寨村调研。\n"
    "同日，县水利局局长田亮蓉到丁湾村走访<script>alert(1)</script>。\n"
)


@pytest.fixture(scope="module")
def live_app(session_graph, neo4j_settings, sample_dir, tmp_path_factory):
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    import waitress

    from graph.schema import init_schema
    from graph.server import free_port
    from tests.helpers.graphs import wipe

    wipe(session_graph)
    init_schema(session_graph)
    load_roster(session_graph, [sample_dir / "roster"], progress=False)
    search.refresh(session_graph)
    users.add_user(session_graph, "admin1", "admin", "admin1-password")
    home = tmp_path_factory.mktemp("reviewhome")
    report = home / "云溪县工作简报.txt"
    report.write_text(TEXT, encoding="utf-8")
    load_report(session_graph, [report], user="test")
    app = create_app(dataclasses.replace(neo4j_settings, home=home), graph=session_graph)
    port = free_port()
    server = waitress.create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{port}", session_graph
    server.close()


def fact(graph, person, title):
    for row in graph.read("MATCH (f:ProposedFact {kind:'person_post'}) RETURN f {.*} AS f"):
        p = json.loads(row["f"]["payload"])
        if p["person"] == person and p["title"] == title:
            return row["f"]
    raise AssertionError((person, title))


def test_admin_confirms_and_rejects(live_app, tmp_path):
    base, graph = live_app
    outside, errors = [], []
    with launch_browser() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(base)
                else (outside.append(route.request.url), route.abort())
            ),
        )
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
        page.goto(base + "/login")
        page.fill("input[name=username]", "admin1")
        page.fill("input[name=password]", "admin1-password")
        page.click("button[type=submit]")
        page.wait_for_url(base + "/")
        page.click("nav.mainnav >> text=报告审核")
        page.wait_for_selector("section.review-fact")

        card = page.locator("section.review-fact", has=page.locator("h2", has_text="冯春：组织部长"))
        assert card.locator("p.sentence mark").inner_text() == "云溪县委常委、组织部长冯春"
        assert "云溪县工作简报.txt" in card.inner_text()
        # markup in a report is text, never HTML
        tian = page.locator("section.review-fact", has=page.locator("h2", has_text="田亮蓉：局长"))
        assert "<script>alert(1)</script>" in tian.locator("p.sentence").inner_text()
        assert tian.locator("p.sentence script").count() == 0
        page.screenshot(path=str(tmp_path / "review.png"), full_page=True)

        card.locator("select[name=person_choice]").select_option("existing:Person:P00002")
        card.locator("select[name=organization_choice]").select_option("existing:Organization:D002")
        card.locator("button[value=confirm]").click()
        page.wait_for_selector(".flash >> text=已写入任职关系")

        tian = page.locator("section.review-fact", has=page.locator("h2", has_text="田亮蓉：局长"))
        tian.locator("input[name=note]").fill("人名与花名册不符")
        tian.locator("button[value=reject]").click()
        page.wait_for_selector(".flash >> text=已驳回")
        assert (
            page.locator("section.review-fact", has=page.locator("h2", has_text="冯春：组织部长")).count()
            == 0
        )

        page.goto(base + "/admin/review/?status=confirmed")
        assert (
            page.locator("section.review-fact", has=page.locator("h2", has_text="冯春：组织部长")).count()
            == 1
        )
        page.goto(base + "/admin/audit")
        audit_text = page.inner_text("main")
        assert "确认报告事实" in audit_text and "驳回报告事实" in audit_text

    confirmed = fact(graph, "冯春", "组织部长")
    assert confirmed["status"] == "confirmed" and confirmed["decided_by"] == "admin1"
    assert (
        graph.read(
            "MATCH (p:Person {person_id:'P00002'})-[:SOURCE]->(f:ProposedFact {fact_id:$id}) "
            "MATCH (p)-[:HOLDS_POST {title:'组织部长'}]->(:Organization {code:'D002'}) RETURN count(*) AS n",
            {"id": confirmed["fact_id"]},
        )[0]["n"]
        == 1
    )
    rejected = fact(graph, "田亮蓉", "局长")
    assert rejected["status"] == "rejected" and rejected["note"] == "人名与花名册不符"
    assert graph.read("MATCH (p:Person {name:'田亮蓉'}) RETURN count(p) AS n")[0]["n"] == 0
    assert outside == [] and errors == []
