"""Network picture exports (graph/export): selection on the sample county, every format, rollup, CLI.

The sample roster is loaded once for this module (load_roster on the session's Neo4j).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import warnings
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from graph.cli.export import export_group
from graph.context import AppContext
from graph.elements import GNode
from graph.errors import BangfuError
from graph.export import export_subgraph, prepare
from graph.export.fonts import cjk_font_path, font_properties, has_glyphs
from graph.export.rollup import rollup
from graph.export.select import biggest_township, find_node, neighbourhood, region_network
from graph.export.style import caption, mask_id, mask_phone, mask_props, tooltip
from graph.export.subgraph import Subgraph
from graph.export.synthetic import synthetic_region
from tests.helpers.graphs import session_ring

AS_OF = dt.date(2026, 11, 22)

# any external reference a browser would fetch: script/stylesheet/font/image sources and CSS urls
EXTERNAL_REF = re.compile(
    r"""(?:\bsrc\s*=\s*["']?\s*(?:https?:)?//)|(?:\bhref\s*=\s*["']?\s*(?:https?:)?//)|"""
    r"""(?:@import)|(?:url\(\s*["']?\s*(?:https?:)?//)""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def sample_graph(sample_county):
    return sample_county


@pytest.fixture(scope="module")
def township(sample_graph):
    town = biggest_township(sample_graph)
    assert town and town["households"] > 0
    return town


@pytest.fixture(scope="module")
def town_net(sample_graph, township):
    return region_network(sample_graph, township["code"], as_of=AS_OF)


def read_csv(sample_dir: Path, table: str) -> list[dict]:
    with open(sample_dir / "roster" / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# -- pure pieces ---------------------------------------------------------------------------------
def test_masking_formats():
    assert mask_id("410102199001011234") == "4101**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0371-12345678") == "0371-******78"
    props = {
        "id_number": "410102199001011234",
        "phone": "13812345678",
        "name": "张三",
        "extra_身份证号码": "410102199001011234",
    }
    masked = mask_props(props)
    assert masked == {
        "id_number": "4101**********1234",
        "phone": "138****5678",
        "name": "张三",
        "extra_身份证号码": "4101**********1234",
    }
    assert mask_props(props, unmasked=True) == props
    person = GNode("1", ("Person",), props)
    assert "4101**********1234" in tooltip(person) and "410102199001011234" not in tooltip(person)
    assert "410102199001011234" in tooltip(person, unmasked=True)


def test_subgraph_from_neo4j_objects(sample_graph):
    rows = sample_graph.read_records(
        "MATCH p = (h:Household)-[:LIVES_IN]->(v:Village) WITH p, h, v LIMIT 3 "
        "MATCH (x:Person)-[r:HELPS]->(h) RETURN p, x, r, [h] AS hs"
    )
    sub = Subgraph.from_values(rows)
    assert {"Household", "Village", "Person"} <= {label for n in sub.nodes.values() for label in n.labels}
    types = {r.type for r in sub.relationships.values()}
    assert types == {"LIVES_IN", "HELPS"}
    for rel in sub.relationships.values():
        assert rel.start in sub.nodes and rel.end in sub.nodes
    again = Subgraph(list(sub.nodes.values()), list(sub.relationships.values()))
    assert again.nodes.keys() == sub.nodes.keys()


def test_region_network_of_biggest_township(sample_graph, township, town_net, sample_dir):
    regions = read_csv(sample_dir, "regions")
    villages = {r["区划代码"] for r in regions if r["上级代码"] == township["code"] and r["层级"] == "村"}
    got = {n.get("code") for n in town_net.nodes.values() if "Village" in n.labels}
    assert got == villages
    households = [n for n in town_net.nodes.values() if "Household" in n.labels]
    assert len(households) == township["households"]
    roles = {r.get("role") for r in town_net.relationships.values() if r.type == "ASSIGNED_TO"}
    assert {"第一书记", "包村干部"} <= roles
    types = {r.type for r in town_net.relationships.values()}
    assert {"PART_OF", "GOVERNS", "LIVES_IN", "HELPS", "WORKS_AT", "ASSIGNED_TO"} <= types
    assert township["name"] in town_net.title


def test_neighbourhood_and_node_keys(sample_graph, sample_dir):
    person = read_csv(sample_dir, "people")[0]
    assert find_node(sample_graph, person["人员编号"])["name"] == person["姓名"]
    one = neighbourhood(sample_graph, person["人员编号"], 1)
    two = neighbourhood(sample_graph, person["人员编号"], 2)
    assert 1 < len(one) < len(two)
    assert one.focus in one.nodes
    household = read_csv(sample_dir, "households")[0]["户编号"]
    assert any(
        n.get("household_id") == household for n in neighbourhood(sample_graph, household, 1).nodes.values()
    )
    with pytest.raises(BangfuError, match="找不到主键"):
        find_node(sample_graph, "NO-SUCH-KEY")
    with pytest.raises(BangfuError, match="深度"):
        neighbourhood(sample_graph, person["人员编号"], 0)


# -- formats --------------------------------------------------------------------------------------
def test_html_is_self_contained_and_masked(town_net, tmp_path, sample_dir):
    report = export_subgraph(town_net, "html", tmp_path / "town.html", max_nodes=5000)
    text = report.path.read_text(encoding="utf-8")
    assert not EXTERNAL_REF.search(text), EXTERNAL_REF.search(text).group(0)
    assert "<script src" not in text and "<link" not in text
    assert report.nodes == len(town_net.nodes) and not report.rolled_up
    assert "vis.Network" in text and '"enabled": false' in text  # physics off
    people = {p["人员编号"]: p for p in read_csv(sample_dir, "people")}
    shown = [
        people[n.get("person_id")]
        for n in town_net.nodes.values()
        if n.get("person_id") in people and people[n.get("person_id")]["身份证号"]
    ]
    assert shown
    for p in shown:
        assert p["身份证号"] not in text and p["联系电话"] not in text
    assert mask_id(shown[0]["身份证号"]) in text
    raw = export_subgraph(
        town_net, "html", tmp_path / "raw.html", max_nodes=5000, unmasked=True, ring=session_ring()
    )
    assert shown[0]["身份证号"] in raw.path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_parse_back(town_net, tmp_path, fmt):
    report = export_subgraph(town_net, fmt, tmp_path / f"town.{fmt}", max_nodes=5000)
    g = nx.read_graphml(report.path) if fmt == "graphml" else nx.read_gexf(report.path)
    assert g.number_of_nodes() == len(town_net.nodes) == report.nodes
    assert g.number_of_edges() == len(town_net.relationships) == report.relationships
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    village = next(n for n in town_net.nodes.values() if "Village" in n.labels)
    assert village.get("name") in labels
    kinds = {d.get("kind") for _, d in g.nodes(data=True)}
    assert {"村", "户", "干部"} <= kinds
    starts = [d.get("start") for *_, d in g.edges(data=True) if d.get("start")]
    assert starts and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) for s in starts)  # dates as text
    ids = [d.get("id_number") for _, d in g.nodes(data=True) if d.get("id_number")]
    assert ids and all("*" in i for i in ids)


def _render_text(text: str, fontprops) -> np.ndarray:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 1), dpi=100)
    canvas = FigureCanvasAgg(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig.text(0.05, 0.3, text, fontproperties=fontprops, fontsize=28)
        canvas.draw()
    return np.asarray(canvas.buffer_rgba())[:, :, 0].astype(int)


def test_cjk_font_draws_glyphs_not_tofu():
    from matplotlib.font_manager import FontProperties

    path = cjk_font_path()
    assert path.is_file() and has_glyphs(path, "帮扶图谱第一书记驻村工作队")
    cjk = font_properties()
    tofu = FontProperties(family="DejaVu Sans")  # has no Chinese: draws boxes
    a, b = _render_text("帮扶", cjk), _render_text("图谱", cjk)
    ta, tb = _render_text("帮扶", tofu), _render_text("图谱", tofu)
    assert (ta != tb).sum() == 0  # tofu: every character the same box
    assert (a != b).sum() > 200  # real glyphs: different characters differ
    assert (a != ta).sum() > 200  # and differ from the tofu rendering
    assert (a < 128).sum() > 100  # ink was drawn


def test_png_and_svg_with_chinese(town_net, tmp_path):
    from PIL import Image

    text = "".join(caption(n) for n in town_net.nodes.values()) + town_net.title
    assert has_glyphs(cjk_font_path(), "".join(sorted(set(text) - set(" ()（）0123456789-.,，:"))))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = export_subgraph(town_net, "png", tmp_path / "town.png", max_nodes=5000)
        svg = export_subgraph(town_net, "svg", tmp_path / "town.svg", max_nodes=5000)
    missing = [
        str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)
    ]
    assert not missing, missing[:3]
    image = Image.open(png.path)
    assert image.format == "PNG" and min(image.size) > 600
    assert len(set(np.asarray(image.convert("L")).ravel().tolist())) > 20
    body = svg.path.read_text(encoding="utf-8")
    assert body.lstrip().startswith("<?xml") and "<svg" in body and "<path" in body
    assert "http://" not in body.replace("http://www.w3.org", "").replace("http://purl.org", "").replace(
        "http://creativecommons.org", ""
    ).replace("http://matplotlib.org", "")


def test_rollup_above_the_limit(tmp_path):
    sub = synthetic_region(2000)
    assert len(sub) >= 1900
    small = rollup(sub, 5000)
    assert small is sub
    rolled = rollup(sub, 1500)
    assert len(rolled) < 300 and rolled.notes and "已汇总" in rolled.notes[0]
    villages = [n for n in rolled.nodes.values() if "Village" in n.labels]
    households = sum(1 for n in sub.nodes.values() if "Household" in n.labels)
    assert sum(v.get("households", 0) for v in villages) == households
    assert not any("Household" in n.labels for n in rolled.nodes.values())
    groups = [n for n in rolled.nodes.values() if "CadreGroup" in n.labels]
    assert groups and sum(g.get("people") for g in groups) == sum(
        1 for n in sub.nodes.values() if "Person" in n.labels
    )
    for fmt in ("html", "png"):
        report = export_subgraph(sub, fmt, tmp_path / f"big.{fmt}", max_nodes=1500)
        assert report.rolled_up and report.selected_nodes == len(sub) and report.nodes == len(rolled)
    assert "已汇总显示" in (tmp_path / "big.html").read_text(encoding="utf-8")


def test_layout_is_stable_and_complete(town_net):
    drawn, pos = prepare(town_net, 5000)
    assert set(pos) == set(drawn.nodes)
    assert all(np.isfinite(x) and np.isfinite(y) for x, y in pos.values())
    assert prepare(town_net, 5000)[1] == pos
    distinct = {(round(x), round(y)) for x, y in pos.values()}
    assert len(distinct) > 0.95 * len(pos)


def test_export_errors(tmp_path):
    with pytest.raises(BangfuError, match="格式"):
        export_subgraph(synthetic_region(50), "pdf", tmp_path / "x.pdf")
    with pytest.raises(BangfuError, match="空"):
        export_subgraph(Subgraph(), "html", tmp_path / "x.html")


# -- CLI ------------------------------------------------------------------------------------------
def _cli(graph, settings, *args):
    app = AppContext(settings)
    app._graph = graph
    return CliRunner().invoke(export_group, list(args), obj=app, catch_exceptions=True)


def test_cli_export_graph(sample_graph, neo4j_settings, township, tmp_path, sample_dir):
    out = _cli(
        sample_graph,
        neo4j_settings,
        "graph",
        "--region",
        township["code"],
        "--as-of",
        AS_OF.isoformat(),
        "--output",
        str(tmp_path / "t.html"),
    )
    assert out.exit_code == 0, out.output
    assert "已导出" in out.output and (tmp_path / "t.html").stat().st_size > 100_000
    person = read_csv(sample_dir, "people")[0]["人员编号"]
    out = _cli(
        sample_graph,
        neo4j_settings,
        "graph",
        "--node",
        person,
        "--depth",
        "2",
        "--format",
        "svg",
        "-o",
        str(tmp_path / "p.svg"),
    )
    assert out.exit_code == 0, out.output
    out = _cli(
        sample_graph,
        neo4j_settings,
        "graph",
        "--region",
        township["code"],
        "--format",
        "graphml",
        "-o",
        str(tmp_path / "small.graphml"),
        "--max-nodes",
        "50",
    )
    assert out.exit_code == 0 and "已汇总" in out.output, out.output
    out = _cli(
        sample_graph,
        neo4j_settings,
        "graph",
        "--node",
        person,
        "--region",
        township["code"],
        "-o",
        str(tmp_path / "x.html"),
    )
    assert out.exit_code == 2 and "只选择一个" in out.output
    out = _cli(sample_graph, neo4j_settings, "graph", "--node", person, "-o", str(tmp_path / "x.doc"))
    assert out.exit_code == 2 and "--format" in out.output


def test_cli_export_saved_query(sample_graph, neo4j_settings, tmp_path, sample_dir):
    household = read_csv(sample_dir, "households")[0]["户编号"]
    out = _cli(
        sample_graph,
        neo4j_settings,
        "graph",
        "--query",
        "household_chain",
        "-p",
        f"household={household}",
        "-p",
        f"as_of={AS_OF}",
        "--format",
        "gexf",
        "-o",
        str(tmp_path / "q.gexf"),
    )
    assert out.exit_code == 0, out.output
    g = nx.read_gexf(tmp_path / "q.gexf")
    assert any(d.get("household_id") == household for _, d in g.nodes(data=True))


def test_pictures_at_print_resolution_with_title_date_and_legend(town_net, tmp_path):
    """A PNG twice a screen's resolution (220 dpi; --dpi chooses), and the HTML's caption says the
    same as the PNG's: the as-of date and the size, never starting with 图例."""
    import datetime as dt

    from PIL import Image

    from graph.export.caption import caption_line

    day = dt.date(2026, 11, 30)
    png = export_subgraph(town_net, "png", tmp_path / "print.png", max_nodes=5000, as_of=day)
    screen = export_subgraph(town_net, "png", tmp_path / "screen.png", max_nodes=5000, as_of=day, dpi=110)
    with Image.open(png.path) as big, Image.open(screen.path) as small:
        assert round(big.info["dpi"][0]) == 220
        assert big.size[0] >= 2 * small.size[0] - 2 and big.size[0] >= 1760  # 8 inches at 220 dpi at least
    html = export_subgraph(town_net, "html", tmp_path / "t.html", max_nodes=5000, as_of=day)
    text = html.path.read_text(encoding="utf-8")
    line = caption_line(html.nodes, html.relationships, day)
    assert line.startswith("截至 2026-11-30 · ") and not line.startswith("图例")
    assert f'id="caption">{line}' in text and "<strong>图例</strong>" in text and town_net.title in text
