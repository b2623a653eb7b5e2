"""Personal data never in clear in the graph (issue 29, graph/pii.py), against the real Neo4j.

On a county the other tests have not seen (generated, seed 29, with an extra phone column): every
string property of every node and relationship, read straight from Neo4j, holds no clear id or phone
number of the roster — after a load, a reload with changed numbers (change records), and a snapshot
load; a reload of the same roster changes nothing; `bangfu export roster` writes the clear numbers;
search by a full id or phone number finds its owner (by hash); an admin's unmasked entity page opens
them (a viewer's does not); `db init` seals a county loaded in clear by an older bangfu (backup
notice, batches, resumable, idempotent) and it reads the same afterwards; `keys rotate` (resumable),
`keys backup`/`restore`, `keys status`. The module uses a key of its own (BANGFU_KEY_DIR), so that
rotating it leaves the session's key alone.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import re
import shutil
from pathlib import Path

import pytest

from graph import field_crypto, pii
from graph import search as graph_search
from graph.masking import is_id_key, is_phone_key
from graph.schema import SCHEMA_VERSION, init_schema, schema_version
from graph.settings import Settings
from loaders.api import load_roster
from loaders.demo.generate import generate
from loaders.fingerprint import fingerprint, layout
from loaders.reading import find_tables, open_table
from loaders.snapshot import SnapshotRequest
from tests.helpers.cli import run_bangfu, server_env
from tests.helpers.graphs import wipe
from tests.helpers.roundtrip import AS_OF, assert_same, snapshot

EXTRA = "紧急联系电话"  # an unknown roster column: kept as extra_紧急联系电话, a phone by its name
NUMBER_RE = re.compile(r"\d[\dXx-]{6,}")


@pytest.fixture(scope="module", autouse=True)
def own_key(tmp_path_factory):
    """This module's key folder (rotation must not touch the session's key)."""
    saved = os.environ.get(pii.KEY_DIR_VARIABLE)
    os.environ[pii.KEY_DIR_VARIABLE] = str(tmp_path_factory.mktemp("keys"))
    yield Path(os.environ[pii.KEY_DIR_VARIABLE])
    if saved is None:
        os.environ.pop(pii.KEY_DIR_VARIABLE, None)
    else:
        os.environ[pii.KEY_DIR_VARIABLE] = saved


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("county29") / "roster"
    generate(out, 300, seed=29, as_of=AS_OF)
    path = out / "households.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[0].append(EXTRA)
    for i, row in enumerate(rows[1:]):
        row.append(f"15{i:09d}" if i % 3 else "")
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return out


def roster_numbers(folder: Path) -> set[str]:
    """Every id and phone number in the roster's id and phone columns (by header, as masking reads them)."""
    found: set[str] = set()
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        personal = [i for i, h in enumerate(rows[0]) if is_id_key(h) or is_phone_key(h)]
        for row in rows[1:]:
            found.update(row[i].strip() for i in personal if i < len(row) and row[i].strip())
    return found


def clear_in_graph(graph, numbers: set[str]) -> list[tuple]:
    """(where, property, value) of every string property, of any node or relationship, that holds one."""
    digits_only = {n.replace("-", "") for n in numbers}
    hits = []
    query = (
        "MATCH (n) RETURN labels(n) AS where, properties(n) AS p "
        "UNION ALL MATCH ()-[r]->() RETURN [type(r)] AS where, properties(r) AS p"
    )
    for row in graph.read(query):
        for key, value in row["p"].items():
            for text in value if isinstance(value, list) else [value]:
                if not isinstance(text, str):
                    continue
                for token in NUMBER_RE.findall(text):
                    if any(n in token for n in numbers) or token.replace("-", "") in digits_only:
                        hits.append((row["where"], key, text))
    return hits


def load(graph, folder: Path, **kw):
    report = load_roster(graph, [folder], progress=False, today=AS_OF, **kw)
    assert report.written and report.validation.ok, [p.render() for p in report.validation.errors[:5]]
    return report


@pytest.fixture(scope="module")
def loaded(session_graph, county):
    wipe(session_graph)
    init_schema(session_graph)
    load(session_graph, county)
    return session_graph


def test_numbers_are_never_in_clear(loaded, county):
    numbers = roster_numbers(county)
    assert len(numbers) > 400 and any("-" in n for n in numbers)  # ids, mobiles, fixed lines, the extra
    assert clear_in_graph(loaded, numbers) == []
    person = loaded.read("MATCH (p:Person {person_id: 'P00001'}) RETURN properties(p) AS p")[0]["p"]
    assert re.fullmatch(r"\d{4}\*{10}[\dX]{4}", person["id_number"])  # the display form, masked
    assert len(person["id_number_hash"]) == 64 and person["id_number_cipher"].count(":") == 1
    head = loaded.read(
        "MATCH (h:Household) WHERE h.extra_紧急联系电话 IS NOT NULL RETURN properties(h) AS p LIMIT 1"
    )[0]["p"]
    assert "****" in head["extra_紧急联系电话"] and head["extra_紧急联系电话_cipher"]
    assert schema_version(loaded) == SCHEMA_VERSION


def test_row_fingerprints_are_keyed(loaded, county):
    """A row's fingerprint covers its clear numbers: keyed, it cannot be tried against guessed ones."""
    source = next(s for s in find_tables([county]).sources if s.table.name == "people")
    table_file = open_table(source)
    row, cells = next(iter(table_file.rows()))
    key = pii.fingerprint_key(pii.keyring(Settings()))
    stored = loaded.read("MATCH (p:Person {person_id: $k}) RETURN p.row_hash AS h", {"k": cells[0]})[0]["h"]
    assert stored == fingerprint(layout(table_file), cells, key) != fingerprint(layout(table_file), cells)


def test_reload_changes_nothing_and_changes_keep_no_numbers(loaded, county, tmp_path):
    again = load(loaded, county)
    assert (
        sum(again.changes.nodes_updated.values()) == 0 and sum(again.changes.properties_changed.values()) == 0
    )
    changed = tmp_path / "changed"
    shutil.copytree(county, changed)
    people = changed / "people.csv"
    text = people.read_text(encoding="utf-8-sig")
    first = text.splitlines()[1].split(",")
    new_phone = "13912345678"
    people.write_text(text.replace(first[-1], new_phone, 1), encoding="utf-8-sig")
    report = load(loaded, changed)
    assert report.changes.properties_changed["Person"] == 1  # the phone; its hash and ciphertext are derived
    records = loaded.read(
        "MATCH (c:Change {kind: 'property', key: $key}) "
        "RETURN c.property AS property, c.old AS old, c.new AS new",
        {"key": first[0]},
    )
    assert records == [{"property": "phone", "old": None, "new": None}]
    # a snapshot load of the changed county, one day later: still nothing in clear anywhere
    load(loaded, changed, snapshot=SnapshotRequest(AS_OF))
    assert clear_in_graph(loaded, roster_numbers(county) | {new_phone}) == []
    ring = pii.keyring(Settings())
    hit = graph_search.search(loaded, new_phone, ring=ring)
    assert hit[0]["key"] == first[0] and hit[0]["label"] == "Person"
    load(loaded, county)  # back to the county as generated, for the tests below


def test_export_roster_writes_the_clear_numbers(loaded, county, neo4j_settings, tmp_path):
    env = server_env(neo4j_settings, tmp_path / "home")
    result = run_bangfu("export", "roster", tmp_path / "out", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert roster_numbers(tmp_path / "out") == roster_numbers(county)
    header = (tmp_path / "out" / "households.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.endswith(EXTRA) and "_cipher" not in header and "_hash" not in header


def test_search_by_full_number(loaded, county):
    ring = pii.keyring(Settings())
    with (county / "people.csv").open(encoding="utf-8-sig", newline="") as fh:
        person = next(csv.DictReader(fh))
    with (county / "households.csv").open(encoding="utf-8-sig", newline="") as fh:
        household = next(csv.DictReader(fh))
    found = graph_search.search(loaded, person["身份证号"], ring=ring)
    assert [(r["label"], r["key"]) for r in found] == [("Person", person["人员编号"])]
    found = graph_search.search(loaded, household["户主身份证号"], ring=ring)
    assert [(r["label"], r["key"]) for r in found] == [("Household", household["户编号"])]
    assert graph_search.search(loaded, person["身份证号"]) == []  # no key, no number search
    assert graph_search.search(loaded, person["身份证号"][:10], ring=ring) == []  # never by a fragment


def test_entity_page_unmasked_only_for_an_admin(loaded, county, neo4j_settings, tmp_path, own_key):
    from tests.test_roster_roundtrip import _admin_client

    with (county / "people.csv").open(encoding="utf-8-sig", newline="") as fh:
        person = next(csv.DictReader(fh))
    client = _admin_client(loaded, dataclasses.replace(neo4j_settings, key_dir=own_key), tmp_path)
    masked = client.get(f"/e/person/{person['人员编号']}").get_data(as_text=True)
    assert person["身份证号"] not in masked and person["身份证号"][-4:] in masked
    assert "_cipher" not in masked and "_hash" not in masked
    opened = client.get(f"/e/person/{person['人员编号']}?unmasked=1").get_data(as_text=True)
    assert person["身份证号"] in opened and person["联系电话"] in opened
    search = client.get(f"/search?q={person['身份证号']}").get_data(as_text=True)
    assert f"/e/person/{person['人员编号']}" in search


# -- a county loaded in clear by an older bangfu -----------------------------------------------------------


def unseal(graph) -> int:
    """The graph as an older bangfu left it: clear numbers, no companions, schema 9, a change record
    that kept a clear number."""
    ring = pii.keyring(Settings())
    opened = 0
    for key in pii.graph_personal_keys(graph):
        rows = graph.read(
            "MATCH (n) WHERE n[$c] IS NOT NULL RETURN elementId(n) AS id, n[$c] AS c", {"c": key + pii.CIPHER}
        )
        updates = [
            {
                "id": r["id"],
                "props": {
                    key: ring.open(pii.kind_of(key), r["c"]),
                    key + "_hash": None,
                    key + pii.CIPHER: None,
                },
            }
            for r in rows
        ]
        graph.write(
            "UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id SET n += row.props", {"rows": updates}
        )
        opened += len(rows)
    graph.write("MATCH (v:SchemaVersion) SET v.version = 9")
    graph.write(
        "CREATE (:Change {kind: 'property', label: 'Person', key: 'P00001', property: 'phone', "
        "old: '13000000001', new: '13000000002'})"
    )
    return opened


def test_db_init_seals_a_clear_county(loaded, county, neo4j_settings, tmp_path):
    numbers = roster_numbers(county)
    sealed = snapshot(loaded)
    assert unseal(loaded) > 400 and clear_in_graph(loaded, numbers)
    assert pii.has_clear(loaded)

    class Stop(Exception):
        pass

    def crash_after_two(message: str) -> None:  # a migration stopped half-way (batches of 50)
        calls.append(message)
        if len(calls) == 2:
            raise Stop

    calls: list[str] = []
    with pytest.raises(Stop):
        pii.seal_existing(loaded, pii.keyring(Settings()), batch=50, echo=crash_after_two)
    assert pii.has_clear(loaded)

    env = server_env(neo4j_settings, tmp_path / "home")
    result = run_bangfu("db", "init", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "正在分批加密" in result.stdout and "无法自动备份" in result.stderr
    )  # not a server bangfu runs here
    assert schema_version(loaded) == SCHEMA_VERSION and not pii.has_clear(loaded)
    unkeyed = "MATCH (n) WHERE n.row_hash IS NOT NULL RETURN count(n) AS c"
    assert loaded.read(unkeyed)[0]["c"] == 0  # fingerprints of before were unkeyed: gone
    assert clear_in_graph(loaded, numbers | {"13000000001", "13000000002"}) == []
    assert_same(sealed, snapshot(loaded))  # reads the same as when it was loaded sealed
    again = run_bangfu("db", "init", env=env, cwd=tmp_path)
    assert again.returncode == 0 and "（无变化）" in again.stdout and "正在分批加密" not in again.stdout


# -- the key ----------------------------------------------------------------------------------------------


def test_keys_rotate_backup_restore_status(loaded, county, neo4j_settings, tmp_path, own_key):
    env = server_env(neo4j_settings, tmp_path / "home")
    before = snapshot(loaded)
    old = pii.keyring(Settings()).current.key_id
    status = run_bangfu("keys", "status", env=env, cwd=tmp_path)
    assert status.returncode == 0 and f"密钥 {old}（当前）" in status.stdout

    class Stop(Exception):
        pass

    def stop_at_first(message: str) -> None:
        raise Stop

    with pytest.raises(Stop):  # a rotation that stopped after its first batch
        pii.rotate(Settings(), loaded, batch=40, echo=stop_at_first)
    new = pii.keyring(Settings()).current.key_id
    assert new != old and set(pii.key_use(loaded)) == {old, new}
    result = run_bangfu("keys", "rotate", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"继续上次未完成的更换：密钥 {new}" in result.stdout  # resumed, no third key
    assert set(pii.key_use(loaded)) == {new}
    assert len(pii.keyring(Settings()).keys) == 2
    after = snapshot(loaded)
    assert after["check"] == before["check"] and after["counts"] == before["counts"]
    changed = [k for k in before["nodes"] if before["nodes"][k] != after["nodes"][k]]
    assert changed and all(
        {p for p in before["nodes"][k] if before["nodes"][k][p] != after["nodes"][k].get(p)}
        <= {p for p in before["nodes"][k] if pii.is_companion(p)}
        for k in changed
    )  # only hashes and ciphertexts changed
    with (county / "people.csv").open(encoding="utf-8-sig", newline="") as fh:
        person = next(csv.DictReader(fh))
    found = graph_search.search(loaded, person["身份证号"], ring=pii.keyring(Settings()))
    assert [r["key"] for r in found] == [person["人员编号"]]
    assert load(loaded, county).changes.properties_changed.total() == 0  # reload after rotation: no change
    audit = loaded.read("MATCH (e:AuditEvent {action: 'keys_rotate'}) RETURN e.detail AS d")
    assert audit and new in audit[-1]["d"]

    copy = tmp_path / "密钥备份.json"
    assert run_bangfu("keys", "backup", copy, env=env, cwd=tmp_path).returncode == 0
    assert copy.stat().st_mode & 0o777 == 0o600
    field_crypto.key_file(own_key).unlink()  # the key lost
    lost = run_bangfu("export", "roster", tmp_path / "lost", env=env, cwd=tmp_path)
    assert lost.returncode != 0 and "找不到密钥文件" in lost.stderr
    with pytest.raises(field_crypto.KeyFileError, match="找不到密钥文件"):  # never a new key for a full graph
        load_roster(loaded, [county], progress=False, today=AS_OF)
    restored = run_bangfu("keys", "restore", copy, env=env, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    out = run_bangfu("export", "roster", tmp_path / "out", env=env, cwd=tmp_path)
    assert out.returncode == 0 and roster_numbers(tmp_path / "out") == roster_numbers(county)


def test_a_new_key_is_made_with_its_warning(neo4j_settings, tmp_path):
    """`db init` makes the key (0600 in a 0700 folder) and says that losing it loses the numbers."""
    env = {**server_env(neo4j_settings, tmp_path / "home"), "BANGFU_KEY_DIR": str(tmp_path / "keys")}
    result = run_bangfu("db", "init", env=env, cwd=tmp_path)
    assert "已建立加密密钥" in result.stdout and "丢失密钥" in result.stderr
    key = tmp_path / "keys" / field_crypto.KEY_FILE
    assert key.stat().st_mode & 0o777 == 0o600 and key.parent.stat().st_mode & 0o777 == 0o700
    settings = dataclasses.replace(Settings(), key_dir=tmp_path / "keys")
    assert pii.keyring(settings).current.suite == "sm4-gcm"
