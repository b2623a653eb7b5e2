"""Stored queries (常用查询 saved from the web's Cypher editor, graph/queries/stored.py), through Flask's
test client on the sample county and the real Neo4j: saved by an analyst, listed and run by a viewer
with its form, downloaded, refused when it writes or does not parse or takes a shipped name, edited
by its author (not by another analyst), retired and restored by an admin, every step audited, and
listed by `bangfu query list`."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest

from graph import audit
from graph.queries import stored
from tests.helpers.cli import run_bangfu, server_env
from tests.helpers.pii import Findings
from tests.helpers.web import assert_clean, client_for, make_app, text

VILLAGES_BY_WORD = """MATCH (v:Village)
WHERE v.name CONTAINS $word
RETURN v.code AS 代码, v.name AS 村名
ORDER BY 代码"""

HOUSEHOLDS_OF_VILLAGE = """// @title: 一个村的户数
// @category: 户
// @description: 所选村的帮扶对象户数（按户状态）。
// @param village: village | 村 | required | choices=@villages
MATCH (v:Village {code: $village})<-[:LIVES_IN]-(h:Household)
RETURN h.status AS 户状态, count(h) AS 户数
ORDER BY 户状态
"""


@pytest.fixture(scope="module")
def loaded(sample_web_county):
    return sample_web_county  # with analyst2 (tests/helpers/web.py add_users)


@pytest.fixture(scope="module")
def personal_data():
    found = Findings()
    yield found
    found.assert_none()


@pytest.fixture(scope="module")
def app(loaded, neo4j_settings, tmp_path_factory, personal_data):
    return make_app(loaded, neo4j_settings, tmp_path_factory.mktemp("home"), personal_data)


def token_of(client, path="/cypher") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text(client.get(path))).group(1)


def save(client, name, cypher, *, title="按关键字找村", params=(), **fields):
    """POST the editor's save form; params: (name, type, label, required, default, choices) rows."""
    data = {
        "csrf_token": token_of(client),
        "cypher": cypher,
        "name": name,
        "title": title,
        "description": fields.pop("description", "村名含关键字的村。"),
        "category": fields.pop("category", "村"),
        "display": "table",
        **fields,
    }
    for key, index in (("p_name", 0), ("p_type", 1), ("p_label", 2), ("p_required", 3)):
        data[key] = [p[index] for p in params]
    data["p_default"] = [p[4] if len(p) > 4 else "" for p in params]
    data["p_choices"] = [p[5] if len(p) > 5 else "" for p in params]
    return client.post("/queries/save", data=data)


def test_saved_from_the_editor_listed_for_a_viewer_runs_and_downloads(app, loaded):
    analyst = client_for(app, "analyst1")
    editor = text(analyst.get("/cypher"))
    assert "保存为常用查询" in editor and 'id="save-button"' in editor
    response = save(analyst, "villages_by_word", VILLAGES_BY_WORD, params=[("word", "string", "关键字", "1")])
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    assert response.headers["Location"].endswith("/queries/villages_by_word")

    viewer = client_for(app, "viewer1")
    listing = text(viewer.get("/queries"))
    assert 'data-query="villages_by_word"' in listing and "analyst1 保存" in listing
    page = text(viewer.get("/queries/villages_by_word"))
    assert 'name="word"' in page and "analyst1 保存" in page and "第 1 版" in page
    assert 'id="edit-query"' not in page and 'id="retire-query"' not in page  # a viewer

    expected = loaded.read(
        "MATCH (v:Village) WHERE v.name CONTAINS '寨' RETURN v.code AS code, v.name AS name ORDER BY code"
    )
    assert expected
    page = text(viewer.get("/queries/villages_by_word?run=1&word=寨"))
    shown = re.findall(r"<tr><td>(\d{12})</td><td>([^<]+)</td></tr>", page)
    assert shown == [(r["code"], r["name"]) for r in expected]
    assert viewer.get("/queries/villages_by_word/export/csv?run=1&word=寨").status_code == 403  # analysts

    download = analyst.get("/queries/villages_by_word/export/csv?run=1&word=寨")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(download.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["代码", "村名"] and rows[1:] == [[r["code"], r["name"]] for r in expected]
    assert analyst.get("/queries/villages_by_word/export/xlsx?run=1&word=寨").status_code == 200
    # a required parameter left out: said on the page, nothing crashes
    page = text(viewer.get("/queries/villages_by_word?run=1"))
    assert 'id="query-error"' in page and "word" in page

    api = viewer.get("/api/queries").get_json()["queries"]
    listed = next(q for q in api if q["name"] == "villages_by_word")
    assert listed["source"] == "stored" and listed["author"] == "analyst1" and listed["version"] == 1

    events = audit.events(loaded, action="query_save")
    assert any('"query": "villages_by_word"' in e["detail"] for e in events)


def test_a_header_written_in_the_editor_is_the_header(app, loaded):
    analyst = client_for(app, "analyst1")
    response = save(analyst, "village_household_count", HOUSEHOLDS_OF_VILLAGE, title="", description="")
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    viewer = client_for(app, "viewer1")
    page = text(viewer.get("/queries/village_household_count"))
    assert "一个村的户数" in page and '<select name="village">' in page  # the choices of @villages
    village = "419902101201"
    counts = {
        r["status"]: r["n"]
        for r in loaded.read(
            "MATCH (:Village {code: $v})<-[:LIVES_IN]-(h:Household) RETURN h.status AS status, count(h) AS n",
            {"v": village},
        )
    }
    page = text(viewer.get(f"/queries/village_household_count?run=1&village={village}"))
    shown = dict(re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", page))
    assert {k: int(v) for k, v in shown.items()} == counts and counts


WRITING = {
    "CREATE": "MATCH (v:Village) CREATE (x:Pwned {name: v.name}) RETURN count(x) AS n",
    "MERGE": "MERGE (x:Pwned {name: 'a'}) RETURN x",
    "SET": "MATCH (v:Village)\nSET v.name = 'x'\nRETURN v.name AS 名",
    "DELETE": "MATCH (n) DETACH DELETE n",
    "REMOVE": "MATCH (v:Village) REMOVE v.name RETURN count(v) AS n",
    "FOREACH": "MATCH (v:Village) WITH collect(v) AS vs FOREACH (v IN vs | SET v.x = 1) RETURN 1 AS n",
    "CALL subquery writing": (
        "MATCH (v:Village)\nCALL (v) {\n  CREATE (:Pwned {v: v.code})\n}\nRETURN count(*) AS n"
    ),
    "IN TRANSACTIONS": "MATCH (n) CALL (n) { SET n.x = 1 } IN TRANSACTIONS RETURN count(*) AS n",
    "LOAD CSV": "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "apoc": "CALL apoc.create.node(['Pwned'], {}) YIELD node RETURN node",
    "two statements": "MATCH (v:Village) RETURN v.name AS 名; MATCH (n) DETACH DELETE n",
    "db procedure": "CALL db.createLabel('Pwned') RETURN 1 AS n",
}


@pytest.mark.parametrize("kind", sorted(WRITING))
def test_a_writing_query_cannot_be_saved(app, loaded, kind):
    analyst = client_for(app, "analyst1")
    name = "w_" + re.sub(r"\W+", "_", kind.lower()).strip("_")
    before = loaded.read("MATCH (n) WHERE NOT n:AuditEvent RETURN count(n) AS n")[0]["n"]
    response = save(analyst, name, WRITING[kind])
    body = assert_clean(response)
    assert response.status_code == 400
    message = re.search(r'id="save-error">([^<]+)<', body).group(1)
    assert ("拒绝" in message or "只能运行一条" in message) and f"常用查询 {name}" in message, message
    if kind == "SET":
        assert "第 2 行" in message
    assert stored.get(loaded, name) is None
    assert loaded.read("MATCH (n) WHERE NOT n:AuditEvent RETURN count(n) AS n")[0]["n"] == before
    assert "Pwned" not in {r["label"] for r in loaded.read("CALL db.labels() YIELD label RETURN label")}
    refused = audit.events(loaded, action="query_save_refused")
    assert any(f'"query": "{name}"' in e["detail"] for e in refused)
    assert WRITING[kind].splitlines()[0] in html.unescape(
        body
    )  # the text is kept in the editor to be corrected


def test_a_query_that_does_not_parse_is_refused_where_it_fails(app, loaded):
    analyst = client_for(app, "analyst1")
    response = save(analyst, "broken", "MATCH (v:Village)\nWHERE v.name = 'x'\nRETRN v.name AS 名")
    message = re.search(r'id="save-error">([^<]+)<', assert_clean(response)).group(1)
    assert response.status_code == 400 and "查询语句有误（第 3 行第 1 列）" in message, message
    # the header is checked as the shipped files' is: an undeclared $parameter, said with its line
    response = save(analyst, "undeclared", "MATCH (v:Village)\nWHERE v.code = $village\nRETURN v.name AS 名")
    message = re.search(r'id="save-error">([^<]+)<', assert_clean(response)).group(1)
    assert "$village" in message and "第 2 行" in message, message  # of the text as written
    response = save(analyst, "no_title", "MATCH (v:Village) RETURN v.name AS 名", title="")
    assert "缺少 @title" in re.search(r'id="save-error">([^<]+)<', assert_clean(response)).group(1)
    assert stored.get(loaded, "broken") is None and stored.get(loaded, "undeclared") is None


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("village_roster", "自带查询"),
        ("rule_help_pair", "rule_"),
        ("villages", "选项来源"),
    ],
)
def test_a_name_in_use_or_not_a_slug_is_refused(app, loaded, name, said):
    analyst = client_for(app, "analyst1")
    response = save(analyst, name, "MATCH (v:Village) RETURN v.name AS 名 LIMIT 3")
    message = re.search(r'id="save-error">([^<]+)<', assert_clean(response)).group(1)
    assert response.status_code == 400 and said in message, message
    assert stored.get(loaded, name) is None


def test_a_stored_name_cannot_be_saved_twice(app, loaded):
    analyst = client_for(app, "analyst1")
    # a comment of its own above the query stays a comment below the header built from the form
    first = "// 前三个村\nMATCH (v:Village) RETURN v.name AS 名 LIMIT 3"
    assert save(analyst, "first_three", first, description="").status_code == 302
    assert stored.get(loaded, "first_three").cypher.endswith("\n\n" + first + "\n")
    response = save(client_for(app, "analyst2"), "first_three", "MATCH (v:Village) RETURN v.code AS 代码")
    assert response.status_code == 400 and "已被常用查询" in response.get_data(as_text=True)
    assert stored.get(loaded, "first_three").author == "analyst1"


def test_viewers_cannot_save(app, loaded):
    viewer = client_for(app, "viewer1")
    token = token_of(viewer, "/queries")
    response = viewer.post(
        "/queries/save", data={"csrf_token": token, "cypher": "MATCH (v) RETURN v", "name": "v_try"}
    )
    assert response.status_code == 403 and stored.get(loaded, "v_try") is None


def without_token(page: str) -> str:
    return re.sub(r'(name="csrf_token" value=|name="csrf-token" content=)"[^"]*"', r"\1", page)


def test_author_edits_own_another_analyst_cannot_and_pages_follow(app, loaded):
    author = client_for(app, "analyst1")
    assert (
        save(
            author, "village_names", VILLAGES_BY_WORD, params=[("word", "string", "关键字", "1")]
        ).status_code
        == 302
    )
    viewer = client_for(app, "viewer1")
    before = text(viewer.get("/queries/village_names?run=1&word=村"))
    assert "村名" in before and "名称" not in before
    kept = app.extensions["bangfu_results"]
    hits = kept.hits["page"]
    # the same page; only its form token is signed anew (it carries the second it was made)
    assert without_token(text(viewer.get("/queries/village_names?run=1&word=村"))) == without_token(before)
    assert kept.hits["page"] == hits + 1  # the page is kept in the web caches …

    other = client_for(app, "analyst2")
    assert other.get("/queries/village_names/edit").status_code == 403
    token = token_of(other)
    refused = other.post(
        "/queries/village_names/edit",
        data={"csrf_token": token, "cypher": "MATCH (v:Village) RETURN 1 AS x", "version": "1"},
    )
    assert refused.status_code == 403
    page = text(client_for(app, "analyst2").get("/queries/village_names"))
    assert 'id="edit-query"' not in page

    page = text(author.get("/queries/village_names"))
    assert 'id="edit-query"' in page
    edit = text(author.get("/queries/village_names/edit"))
    assert "// @title: 按关键字找村" in edit and "// @param word: string | 关键字 | required" in edit
    current = re.search(r'<textarea name="cypher"[^>]*>([^<]*)</textarea>', edit).group(1)
    new_text = html.unescape(current).replace("AS 村名", "AS 名称")
    response = author.post(
        "/queries/village_names/edit",
        data={"csrf_token": token_of(author), "cypher": new_text, "version": "1"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    after = text(viewer.get("/queries/village_names?run=1&word=村"))
    assert "<th>名称</th>" in after and "第 2 版" in after  # … and the edit is noticed

    # an edit started from version 1 again is refused: someone saved since
    stale = author.post(
        "/queries/village_names/edit",
        data={"csrf_token": token_of(author), "cypher": new_text + "\n// again", "version": "1"},
    )
    assert stale.status_code == 400 and "已被 analyst1 修改" in stale.get_data(as_text=True)

    history = text(author.get("/queries/village_names/history"))
    assert 'id="version-1"' in history and 'id="version-2"' in history
    assert "AS 村名" in history and "AS 名称" in history
    assert client_for(app, "viewer1").get("/queries/village_names/history").status_code == 403
    edits = audit.events(loaded, action="query_edit")
    assert any('"query": "village_names"' in e["detail"] and '"version": 2' in e["detail"] for e in edits)
    refused = audit.events(loaded, action="query_save_refused", username="analyst1")
    assert any('"action": "edit"' in e["detail"] for e in refused)


def test_admin_edits_retires_and_restores_any(app, loaded):
    analyst = client_for(app, "analyst2")
    assert (
        save(analyst, "retire_me", "MATCH (v:Village) RETURN count(v) AS 村数", title="村数").status_code
        == 302
    )
    admin = client_for(app, "admin1")
    page = text(admin.get("/queries/retire_me"))
    assert 'id="edit-query"' in page and 'id="retire-query"' in page
    edit = text(admin.get("/queries/retire_me/edit"))
    current = re.search(r'<textarea name="cypher"[^>]*>([^<]*)</textarea>', edit).group(1)
    response = admin.post(
        "/queries/retire_me/edit",
        data={
            "csrf_token": token_of(admin),
            "cypher": html.unescape(current).replace("村数", "村的数量"),
            "version": "1",
        },
    )
    assert response.status_code == 302
    record = stored.get(loaded, "retire_me")
    assert record.version == 2 and record.updated_by == "admin1" and record.author == "analyst2"

    assert (
        analyst.post("/queries/retire_me/retire", data={"csrf_token": token_of(analyst)}).status_code == 403
    )
    response = admin.post("/queries/retire_me/retire", data={"csrf_token": token_of(admin)})
    assert response.status_code == 302
    viewer = client_for(app, "viewer1")
    assert 'data-query="retire_me"' not in text(viewer.get("/queries"))
    assert viewer.get("/queries/retire_me").status_code == 404
    assert analyst.get("/queries/retire_me/edit").status_code == 404
    listing = text(admin.get("/queries"))
    assert 'id="retired-queries"' in listing and 'data-restore="retire_me"' in listing
    assert stored.get(loaded, "retire_me").retired  # kept
    assert len(stored.history(loaded, "retire_me")) == 2

    response = admin.post("/queries/retire_me/restore", data={"csrf_token": token_of(admin)})
    assert response.status_code == 302
    assert 'data-query="retire_me"' in text(viewer.get("/queries"))
    assert "村的数量" in text(viewer.get("/queries/retire_me?run=1"))
    for action in ("query_retire", "query_restore"):
        assert any('"query": "retire_me"' in e["detail"] for e in audit.events(loaded, action=action))


def test_the_editor_runs_a_query_with_a_header_at_its_defaults(app):
    analyst = client_for(app, "analyst1")
    page = text(
        analyst.post(
            "/cypher",
            data={
                "csrf_token": token_of(analyst),
                "cypher": VILLAGES_BY_WORD,
                "p_name": ["word"],
                "p_type": ["string"],
                "p_label": ["关键字"],
                "p_required": [""],
                "p_default": ["寨"],
                "p_choices": [""],
            },
        )
    )
    assert 'id="result-table"' in page and "寨" in page and 'id="query-error"' not in page


def test_query_list_on_the_command_line_shows_stored_ones(app, loaded, neo4j_settings, tmp_path):
    analyst = client_for(app, "analyst1")
    assert (
        save(
            analyst, "cli_villages", VILLAGES_BY_WORD, params=[("word", "string", "关键字", "1")]
        ).status_code
        == 302
    )
    env = server_env(neo4j_settings, tmp_path)
    listed = run_bangfu("query", "list", env=env, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"cli_villages\s+按关键字找村［常用·analyst1］", listed.stdout)
    ran = run_bangfu(
        "query", "run", "cli_villages", "-p", "word=寨", "--format", "csv", env=env, cwd=tmp_path
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[0] == "代码,村名" and "寨" in ran.stdout


def test_a_stored_query_that_became_unusable_is_left_out_and_named_to_admins(app, loaded):
    """A name a shipped query took later (an upgrade) or a text that no longer parses never stops the
    catalogue: the query is left out, and admins are told."""
    written = (
        "CREATE (:StoredQuery {name: $name, title: 't', cypher: $cypher, author: 'x', "
        "version: 1, changes: 1})"
    )
    loaded.write(
        written,
        {
            "name": "village_roster",
            "cypher": "// @title: 冒名\n// @category: 村\n"
            "// @description: d\nMATCH (v:Village) RETURN v.name AS 名",
        },
    )
    loaded.write(
        written,
        {
            "name": "lost_choices",
            "cypher": "// @title: 旧\n// @category: 村\n// @description: d\n"
            "// @param v: village | 村 | choices=@gone\nMATCH (x:Village {code: $v}) RETURN x.name AS 名",
        },
    )
    try:
        viewer = text(client_for(app, "viewer1").get("/queries"))
        assert 'data-query="lost_choices"' not in viewer and "冒名" not in viewer and "未列出" not in viewer
        admin = text(client_for(app, "admin1").get("/queries"))
        assert "常用查询 village_roster（x 保存）与自带查询或选项来源重名" in admin
        assert "常用查询 lost_choices 第 4 行" in admin and "@gone" in admin
        page = text(client_for(app, "viewer1").get("/queries/village_roster"))
        assert "村责任落实花名册" in page  # the shipped one, untouched
        assert 'data-retire="lost_choices"' in admin  # the admin can put it away from there
        client = client_for(app, "admin1")
        response = client.post("/queries/lost_choices/retire", data={"csrf_token": token_of(client)})
        assert response.status_code == 302 and stored.get(loaded, "lost_choices").retired
        assert "常用查询 lost_choices 第 4 行" not in text(client.get("/queries"))
    finally:
        loaded.write("MATCH (q:StoredQuery) WHERE q.name IN ['village_roster', 'lost_choices'] DELETE q")


def test_export_and_import_of_stored_queries_on_the_command_line(app, loaded, neo4j_settings, tmp_path):
    analyst = client_for(app, "analyst1")
    assert (
        save(
            analyst, "exported_one", VILLAGES_BY_WORD, params=[("word", "string", "关键字", "1")]
        ).status_code
        == 302
    )
    env = server_env(neo4j_settings, tmp_path)
    out = tmp_path / "stored"
    done = run_bangfu("query", "export-stored", out, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    exported = out / "exported_one.cypher"
    assert exported.read_text(encoding="utf-8") == stored.get(loaded, "exported_one").cypher

    exported.write_text(exported.read_text(encoding="utf-8").replace("AS 村名", "AS 村"), encoding="utf-8")
    (out / "imported_new.cypher").write_text(
        "// @title: 村数\n// @category: 村\n// @description: 全部村的个数。\n"
        "MATCH (v:Village) RETURN count(v) AS 村数\n",
        encoding="utf-8",
    )
    (out / "imported_write.cypher").write_text(
        "// @title: 写\n// @category: 村\n// @description: 不应导入。\n"
        "MATCH (v:Village) SET v.x = 1 RETURN v\n",
        encoding="utf-8",
    )
    done = run_bangfu("query", "import-stored", out, "--as", "admin1", env=env, cwd=tmp_path)
    assert done.returncode == 1  # one refused, said on stderr; the others saved
    assert "imported_write" in done.stderr and "SET" in done.stderr
    assert "exported_one：已存为第 2 版" in done.stdout and "imported_new：已新建" in done.stdout
    assert stored.get(loaded, "exported_one").updated_by == "admin1"
    assert stored.get(loaded, "imported_new").author == "admin1"
    assert stored.get(loaded, "imported_write") is None


# -- issue 28 §8: saving from the editor in few steps --------------------------------------------------


def test_a_chinese_name_the_shipped_widgets_and_no_contradiction(app, loaded):
    """A Chinese name gets a slug for the URL; a parameter left as the form offers it takes the shipped
    queries' declaration of its name ($region: the grouped region choice); 必填 with a default is no
    error; a parameter the query uses but nobody declared is said in Chinese, never the driver's words."""
    analyst = client_for(app, "analyst1")
    editor = text(analyst.get("/cypher"))
    known = json.loads(html.unescape(re.search(r"data-known='([^']+)'", editor).group(1)))
    assert known["region"]["type"] == "region" and known["region"]["choices"] == "@regions"
    assert known["as_of"] == {**known["as_of"], "type": "date", "default": "today"}
    cypher_text = (
        "MATCH (v:Village)-[:PART_OF*0..2]->(r:Region) WHERE $region IS NULL OR r.code = $region "
        "RETURN DISTINCT v.name AS 村 ORDER BY 村 LIMIT 5"
    )
    response = save(analyst, "各村名单", cypher_text, title="各村名单", params=[("region", "string", "", "")])
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    assert response.headers["Location"].endswith("/queries/ge_cun_ming_dan")
    record = stored.get(loaded, "ge_cun_ming_dan")
    assert record.title == "各村名单" and "// @param region: region |" in record.cypher
    page = text(analyst.get("/queries/ge_cun_ming_dan"))
    form = page[page.index('id="query-form"') :]
    assert re.search(r'<select name="region"[^>]*>.*?<optgroup label="', form, re.S)
    # the same Chinese name again: a free slug, not a refusal
    response = save(analyst, "各村名单", cypher_text, title="各村名单", params=[("region", "string", "", "")])
    assert response.headers["Location"].endswith("/queries/ge_cun_ming_dan_2")
    # 必填 and a default chosen together in the form
    township = loaded.read("MATCH (t:Township) RETURN t.code AS code ORDER BY code LIMIT 1")[0]["code"]
    response = save(
        analyst,
        "",
        "MATCH (v:Village)-[:PART_OF]->(:Township {code: $township}) RETURN v.name AS 村",
        title="乡镇的村",
        params=[("township", "township", "乡镇", "1", township, "@townships")],
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    # a parameter nobody declared: run in the editor, and saved
    undeclared = "MATCH (t:Township {code: $township}) RETURN t.name AS 乡镇"
    page = analyst.post("/cypher", data={"csrf_token": token_of(analyst), "cypher": undeclared})
    body = page.get_data(as_text=True)
    assert "Expected parameter" not in body and "$township" in body
    response = save(analyst, "", undeclared, title="未声明参数")
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Expected parameter" not in body and "township" in body
