"""The HTML export in headless Chromium with the network blocked: it draws every node, offline.

Uses Debian's chromium through playwright (tests/helpers/browser.py); skipped where the browser is missing.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from graph.export import export_subgraph
from graph.export.select import biggest_township, region_network
from graph.export.synthetic import synthetic_region
from tests.helpers.browser import blocked_page, chromium_missing, launch_browser

AS_OF = dt.date(2026, 11, 22)

pytestmark = [
    pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or ""),
    pytest.mark.browser,
]


@pytest.fixture(scope="module")
def town_net(sample_county):
    session_graph = sample_county
    town = biggest_township(session_graph)
    return region_network(session_graph, town["code"], as_of=AS_OF)


@pytest.fixture(scope="module")
def browser():
    with launch_browser() as b:
        yield b


def open_export(browser, path):
    bp = blocked_page(browser)
    bp.page.goto(path.resolve().as_uri())
    bp.page.wait_for_function("window.bangfu && window.bangfu.drawn === true", timeout=30_000)
    return bp


def test_town_html_draws_every_node_offline(browser, town_net, tmp_path):
    report = export_subgraph(town_net, "html", tmp_path / "town.html", max_nodes=5000)
    bp = open_export(browser, report.path)
    try:
        counts = bp.page.evaluate("[bangfu.nodes.length, bangfu.edges.length]")
        assert counts == [len(town_net.nodes), len(town_net.relationships)]
        # every node has a position on the canvas (laid out in Python, physics off)
        positioned = bp.page.evaluate(
            "Object.values(bangfu.network.getPositions()).filter(p => isFinite(p.x) && isFinite(p.y)).length"
        )
        assert positioned == len(town_net.nodes)
        assert bp.page.evaluate("bangfu.network.physics.options.enabled") is False
        assert bp.blocked == []
        assert "责任网络" in bp.page.inner_text("#bangfu-head h1")
        legend = bp.page.inner_text("#bangfu-legend")
        assert "村" in legend and "干部" in legend and "户" in legend
        shot = tmp_path / "town.png"
        bp.page.screenshot(path=str(shot))
    finally:
        bp.page.context.close()
    assert shot.stat().st_size > 50_000


def _text_pixels(browser, text: str, font: str) -> np.ndarray:
    """A canvas drawing of `text` in the page (the way vis-network draws labels), as an array."""
    bp = blocked_page(browser, width=400, height=200)
    try:
        bp.page.set_content("<canvas id=c width=300 height=80></canvas>")
        data = bp.page.evaluate(
            """([text, font]) => { const c = document.getElementById('c'); const x = c.getContext('2d');
                 x.fillStyle = '#fff'; x.fillRect(0, 0, 300, 80); x.fillStyle = '#000';
                 x.font = '40px ' + font; x.fillText(text, 10, 55);
                 return Array.from(x.getImageData(0, 0, 300, 80).data.filter((_, i) => i % 4 == 0)); }""",
            [text, font],
        )
    finally:
        bp.page.context.close()
    return np.array(data).reshape(80, 300)


def test_browser_draws_chinese_labels_not_tofu(browser):
    from graph.export.html import FONT_FACE

    a = _text_pixels(browser, "帮扶", FONT_FACE)
    b = _text_pixels(browser, "图谱", FONT_FACE)
    assert (a < 128).sum() > 200 and (b < 128).sum() > 200
    assert (a != b).sum() > 300  # different characters, different glyphs (no tofu boxes)


def test_large_export_is_rolled_up_and_drawn(browser, tmp_path):
    sub = synthetic_region(2000)
    report = export_subgraph(sub, "html", tmp_path / "big.html", max_nodes=1500)
    assert report.rolled_up
    bp = open_export(browser, report.path)
    try:
        assert bp.page.evaluate("bangfu.nodes.length") == report.nodes
        assert "已汇总显示" in bp.page.inner_text("#bangfu-head")
        assert bp.blocked == []
    finally:
        bp.page.context.close()
