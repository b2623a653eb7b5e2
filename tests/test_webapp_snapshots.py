"""Snapshot loads through the web app: the upload form's date and scope, the dry-run plan shown before
the admin confirms, the refusal of a cut file, the 变动 page, its Excel, the API and the overview."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from tests.helpers.graphs import fresh
from tests.helpers.pii import Findings
from tests.helpers.web import add_users, client_for, make_app, text


@pytest.fixture(scope="module")
def empty(session_graph):
    fresh(session_graph)
    add_users(session_graph, ("viewer", "admin"))
    return session_graph


@pytest.fixture(scope="module")
def personal_data():
    found = Findings()
    yield found
    found.assert_none()


@pytest.fixture(scope="module")
def app(empty, neo4j_settings, tmp_path_factory, personal_data):
    return make_app(empty, neo4j_settings, tmp_path_factory.mktemp("home"), personal_data)


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def upload(client, folder, **form):
    token = _csrf(text(client.get("/admin/upload")))
    files = [(io.BytesIO(p.read_bytes()), p.name) for p in sorted(folder.glob("*.csv"))]
    response = client.post(
        "/admin/upload",
        data={"csrf_token": token, "files": files, **form},
        content_type="multipart/form-data",
    )
    return response, token


def confirm(client, page, token):
    action = re.search(r'action="(/admin/upload/[0-9a-f]{32}/load)"', page).group(1)
    return text(client.post(action, data={"csrf_token": token}))


def test_snapshots_through_the_web(app, sample_dir):
    snaps = sample_dir / "snapshots"
    admin, viewer = client_for(app, "admin1"), client_for(app, "viewer1")
    form = text(admin.get("/admin/upload"))
    assert 'name="snapshot_date"' in form and 'name="scope"' in form and 'name="allow_mass_end"' in form

    response, token = upload(admin, snaps / "2026-10-31", snapshot_date="2026-10-31")
    page = text(response)
    assert 'id="snapshot-plan"' in page and "这是该范围的第一次快照" in page
    assert "导入完成" in confirm(admin, page, token)

    # the next month: the plan names what ends and starts before anything is written
    response, token = upload(admin, snaps / "2026-11-30", snapshot_date="2026-11-30")
    page = text(response)
    assert "上一次快照截至 2026-10-31" in page
    assert "结束（快照中缺少） <b>13</b>" in page and "开始 <b>3</b>" in page
    assert "熊燕 帮扶" in page and "移出名册 <b>1</b>" in page
    assert "变动" in page and 'id="confirm-load"' in page
    assert "快照 2026-11-30" not in text(viewer.get("/changes"))  # a dry run wrote nothing
    done = confirm(admin, page, token)
    assert "导入完成" in done and 'id="snapshot-plan"' in done

    # a cut month is refused with the table named, and there is nothing to confirm
    response, token = upload(admin, snaps / "bad-2026-11-30", snapshot_date="2026-11-30")
    page = text(response)
    assert 'id="snapshot-refused"' in page and "help_pairs" in page and 'id="confirm-load"' not in page
    # an older month too
    response, _ = upload(admin, snaps / "2026-10-31", snapshot_date="2026-10-31")
    assert "早于已导入的快照" in text(response)
    # a scope that is no region: the form again, with the reason
    response, _ = upload(admin, snaps / "2026-11-30", snapshot_date="2026-11-30", scope="nope")
    assert response.status_code == 400 and "不是已知的区划代码" in response.get_data(as_text=True)
    response, _ = upload(admin, snaps / "2026-11-30", snapshot_date="2026-13-01")
    assert response.status_code == 400 and "快照日期无效" in response.get_data(as_text=True)

    # everyone sees what changed
    page = text(viewer.get("/changes"))
    assert "快照 2026-11-30" in page and "结对帮扶 结束" in page and "徐磊燕户" in page
    page = text(viewer.get("/changes?region=419902102000&since=2026-11-01"))
    assert "无变化" in page and "熊燕" not in page
    assert viewer.get("/changes?since=2026-99-01").status_code == 400
    assert viewer.get("/changes.xlsx?since=2026-11-30").status_code == 403  # downloads: DOWNLOAD_ROLE
    sheet = load_workbook(io.BytesIO(admin.get("/changes.xlsx?since=2026-11-30").data)).active
    assert sheet.max_row == 2 + 23
    api = viewer.get("/api/changes?since=2026-11-30").get_json()
    assert [s["snapshot"] for s in api["snapshots"]] == ["2026-11-30"]
    assert sorted(api["snapshots"][0]["households_added"]) == ["4199021012019001"]
    overview = text(viewer.get("/?as_of=2026-11-30"))
    card = re.search(r'id="last-snapshot".*?</section>', overview, re.S).group(0)
    assert "截至 2026-11-30" in card and "结对帮扶开始 <b>3</b>、结束 <b>13</b>" in card
    assert "帮扶对象新增 <b>1</b> 户、移出 <b>1</b> 户" in card
    # viewers do not load
    assert viewer.get("/admin/upload").status_code in (302, 403)
