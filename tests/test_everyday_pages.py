"""Everyday pages on the shared sample county (issue 28, points 6–10): coverage coloured by one scale
with its legend, one rule for viewers' downloads, the upload page's tables and templates, saving a query
from the editor, the long 责任缺口 page; and, in Chromium at 1366×768, what only a browser shows (the
size of the township chart's text, the colour of the entity legend's swatches)."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from graph.roster.households import HOUSEHOLDS
from graph.roster_export import header_row
from graph.tables import TABLES
from tests.helpers.pii import Findings
from tests.helpers.web import client_for, make_app, text
from webapp.pages import coverage_level

AS_OF = "2026-11-22"


@pytest.fixture(scope="module")
def app(sample_web_county, neo4j_settings, tmp_path_factory, findings):
    return make_app(sample_web_county, neo4j_settings, tmp_path_factory.mktemp("web"), findings)


# -- 10. coverage coloured by one scale; one rule for downloads ----------------------------------------


def test_coverage_is_coloured_by_one_scale(app):
    assert [coverage_level(v) for v in (1.0, 0.99, 0.95, 0.90, 0.8999, 0.0, None)] == [
        "good",
        "good",
        "warn",
        "warn",
        "bad",
        "bad",
        "",
    ]
    viewer = client_for(app, "viewer1")
    for path in (f"/?as_of={AS_OF}", f"/coverage?as_of={AS_OF}"):
        page = text(viewer.get(path))
        bars = re.findall(r'class="bar (\w+)"><title>\S+ ([\d.]+)%</title>', page)
        assert bars, path
        for level, share in bars:
            assert level == coverage_level(float(share) / 100), (path, level, share)
        legend = re.search(r'<p class="legend coverage-legend">(.*?)</p>', page).group(1)
        assert re.findall(r'class="level-(\w+)"', legend) == ["good", "warn", "bad"] and "90%–99%" in legend
    page = text(viewer.get(f"/?as_of={AS_OF}"))
    figure = re.search(r'class="figure (\w*)" id="fig-coverage"><span class="num">([\d.]+)%', page)
    assert figure.group(1) == coverage_level(float(figure.group(2)) / 100)


DOWNLOADS = (
    (f"/gaps.xlsx?as_of={AS_OF}", "/gaps", "export-xlsx"),
    ("/changes.xlsx", "/changes", "changes-xlsx"),
    ("/ledger.xlsx", "/ledger", "ledger-xlsx"),
)


def test_one_rule_for_viewers_downloads(app):
    """Every download needs DOWNLOAD_ROLE (docs/security.md): a viewer gets 403 and no button, an
    analyst the file and the button, for 责任缺口, 变动 and 整改台账 alike."""
    viewer, analyst = client_for(app, "viewer1"), client_for(app, "analyst1")
    for download, page, button in DOWNLOADS:
        assert viewer.get(download).status_code == 403, download
        assert f'id="{button}"' not in text(viewer.get(page))
        response = analyst.get(download)
        assert response.status_code == 200 and response.data[:2] == b"PK", download
        assert f'id="{button}"' in text(analyst.get(page))
    assert viewer.get(f"/ledger/bulletin.docx?as_of={AS_OF}").status_code == 403


@pytest.mark.browser
def test_chart_text_and_legend_swatches_in_a_browser(app):
    """At 1366×768: the township chart's words at least 13 px on screen; every swatch of an entity
    page's legend painted in its kind's colour (not transparent)."""
    from tests.helpers.browser import Session, chromium_missing, launch_browser, live_server

    if chromium_missing():
        pytest.skip(chromium_missing())
    with live_server(app) as base, launch_browser() as browser:
        s = Session(browser, base, "viewer1", Findings(), width=1366, height=768)
        s.open(f"/?as_of={AS_OF}")
        sizes = s.page.eval_on_selector_all(
            "svg.coverage-chart text", "ts => ts.map(t => t.getBoundingClientRect().height)"
        )
        assert sizes and min(sizes) >= 13, sizes
        s.open("/e/region/419902101201")
        s.page.wait_for_selector("#legend .legend-item")
        colours = s.page.eval_on_selector_all(
            "#legend .legend-item",
            "els => els.map(e => getComputedStyle(e, '::before').backgroundColor)",
        )
        assert colours and all(c not in ("rgba(0, 0, 0, 0)", "transparent") for c in colours), colours
        assert len(set(colours)) == len(colours)
        assert s.errors == [] and s.outside == []
        s.close()


# -- 9. upload: the tables and their templates, nothing to confirm when nothing would load --------------


def _post_files(client, files):
    page = text(client.get("/admin/upload"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = {"csrf_token": token, "files": [(io.BytesIO(body), name) for name, body in files]}
    return client.post("/admin/upload", data=data, content_type="multipart/form-data")


def test_upload_lists_tables_and_offers_their_templates(app):
    admin = client_for(app, "admin1")
    page = text(admin.get("/admin/upload"))
    section = page[page.index('id="roster-tables"') :]
    for table in TABLES:
        assert f"<b>{table.zh}</b>" in section
        assert all(c.zh in section for c in table.columns)
        response = admin.get(f"/admin/upload/template/{table.name}.xlsx")
        assert response.status_code == 200 and f"{table.zh}.xlsx" in unquote(
            response.headers["Content-Disposition"]
        )
        sheet = load_workbook(io.BytesIO(response.data)).active
        assert [c.value for c in sheet[1]] == header_row(table, []) and sheet.max_row == 1
    assert admin.get("/admin/upload/template/nothing.xlsx").status_code == 404
    assert client_for(app, "viewer1").get(f"/admin/upload/template/{TABLES[0].name}.xlsx").status_code == 403


def test_upload_of_an_unknown_file_is_told_on_the_form(app):
    response = _post_files(client_for(app, "admin1"), [("名单.csv", "姓名\n张三\n".encode())])
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'name="files"' in page and 'id="roster-tables"' in page  # the form again, not a bare page
    assert "无法识别的文件：名单.csv" in page and "帮扶对象.csv" in page


def test_nothing_to_confirm_when_every_row_fails(app):
    headers = header_row(HOUSEHOLDS, []) + ["备注信息"]
    rows = [",".join(headers)] + [",".join(["坏"] * len(headers))] * 3
    response = _post_files(client_for(app, "admin1"), [("帮扶对象.csv", "\n".join(rows).encode())])
    page = text(response)
    assert 'id="upload-errors"' in page and 'id="nothing-to-load"' in page
    assert 'id="confirm-load"' not in page and "确认导入" not in page
    results = page[page.index("校验结果") : page.index("upload-errors")]
    assert f"<td>{HOUSEHOLDS.zh}</td>" in results and ">households<" not in results
    assert "备注信息" in page and "extra_" not in page


# -- 6. the long 责任缺口 page: paged with counts, grouped by village, no column repeating another ------


def test_gaps_paged_and_grouped_by_village(app, sample_dir):
    import json

    expected = json.loads((sample_dir / "expected-check.json").read_text(encoding="utf-8"))["violations"]
    viewer = client_for(app, "viewer1")
    seen, totals, order, url = [], {}, [], f"/gaps?as_of={AS_OF}&per_page=10"
    while url:
        page = text(viewer.get(url))
        assert f"共 {len(expected)} 条问题" in re.search(r'id="gaps-count">(.*?)</p>', page, re.S).group(1)
        head = re.search(r"<thead>(.*?)</thead>", page[page.index('id="violations"') :], re.S).group(1)
        assert re.findall(r"<th>(.*?)</th>", head) == ["级别", "对象", "问题"]  # no 规则 beside 说明
        for group in re.findall(r'<tbody class="village-group">(.*?)</tbody>', page, re.S):
            village = re.search(r'data-village="(\d+)"', group)
            rows = re.findall(r'data-rule="([a-z_]+)" data-subject="([^"]+)"', group)
            seen += rows
            total = int(re.search(r"(\d+) 条", group).group(1))
            key = village.group(1) if village else None
            if village:  # the village's name opens the village; its rows are the village or its households
                assert f'href="/e/region/{key}"' in group
                assert all(subject[:12] == key for _, subject in rows)
            if not order or order[-1] != key:
                order.append(key)
            totals[key] = (total, totals.get(key, (0, 0))[1] + len(rows))
        nxt = re.search(r'rel="next" href="([^"]+)"', page)
        url = nxt.group(1).replace("&amp;", "&") if nxt else None
    assert sorted(seen) == sorted((v["rule"], v["subject_id"]) for v in expected)
    assert all(total == counted for total, counted in totals.values())
    assert len(order) == len(set(order))  # each village once, in one run of rows
    assert order[-1] is None  # people who belong to no village last
