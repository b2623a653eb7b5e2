"""Id and phone numbers in the graph: sealed on the way in, opened only in the app for an admin.

The one place that knows how a personal number is stored. A property that holds an id or phone
number (graph/masking.py decides by its name: the roster's `id_number`, `head_id_number`, `phone`, and
any extra column such as 联系电话) holds its masked display form; beside it `<key>_hash` holds the keyed
hash (exact look-up, search by a full number) and `<key>_cipher` the ciphertext (graph/field_crypto.py).
The clear number is never written: the loaders seal each batch (`seal_rows`), the admin-import path
writes the same sealed values, `db init` seals a graph written before (`seal_existing`, schema 10),
`bangfu keys rotate` re-seals under a new key (`rotate`). Readers get masking for free (the display
form is already masked); an admin's unmasked page, query or export opens the ciphertexts in the app
(`reveal`); everyone else never sees the companions (`conceal`).

The key file lives in `keys_dir` (<home>/keys unless `key_dir` or BANGFU_KEY_DIR says otherwise:
several homes of one database must share one key), outside the database and its backups.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import cypher
from graph import field_crypto
from graph.connection import Graph
from graph.elements import GNode, GPath, GRel
from graph.field_crypto import KeyFileError, Keyring
from graph.masking import is_id_key, is_phone_key, mask_value

HASH = "_hash"
CIPHER = "_cipher"
BATCH = 5000
KEY_DIR_VARIABLE = "BANGFU_KEY_DIR"

LOSS_WARNING = (
    "警告：身份证号与电话在图谱中只以密文保存，密钥是唯一能解开它们的东西。"
    "丢失密钥 = 永久丢失这些号码（数据库备份也救不回来）。"
    "请立即用 `bangfu keys backup 文件` 备份密钥，并与数据库备份分开保管。"
)


# -- where the key is ----------------------------------------------------------------------------------


def keys_dir(settings) -> Path:
    """The key file's folder: the setting `key_dir`, else BANGFU_KEY_DIR, else <home>/keys."""
    chosen = getattr(settings, "key_dir", None) or os.environ.get(KEY_DIR_VARIABLE)
    return Path(chosen) if chosen else Path(settings.home) / "keys"


def create_key(settings) -> tuple[Keyring, bool]:
    """The keyring, created (mode 0600) when there is none: `db init`, install.sh. (ring, created)."""
    return field_crypto.create(keys_dir(settings), settings.pii_suite)


def keyring(settings) -> Keyring:
    """The keyring; a Chinese KeyFileError saying what to do when it is missing or open to others."""
    return field_crypto.load(keys_dir(settings))


def keyring_if_any(settings) -> Keyring | None:
    """The keyring, or None where there is no key file yet (a search then finds no number)."""
    if not field_crypto.key_file(keys_dir(settings)).exists():
        return None
    return keyring(settings)


def ring_for_write(graph: Graph, settings) -> Keyring:
    """The keyring a load seals with. A new installation whose graph holds no person or household yet
    gets its key here (as `db init` would make it); a graph that holds them never gets a new key
    silently: its numbers were sealed under the lost one, or are waiting for `db init` to seal them."""
    if not field_crypto.key_file(keys_dir(settings)).exists():
        if not graph.read(cypher.load("pii/any_people"))[0]["any"]:
            return create_key(settings)[0]
    return keyring(settings)


def fingerprint_key(ring: Keyring | None) -> bytes:
    """The key of the rows' fingerprints (loaders/fingerprint.py): derived from the current key's hash
    key, so a fingerprint cannot be tried against guessed numbers either. b"" without a key (a dry
    run on a new installation: nothing in the graph to compare with)."""
    if ring is None:
        return b""
    return bytes.fromhex(field_crypto.keyed_hash(ring.current.suite, ring.current.mac_key, "row-fingerprint"))


# -- which properties ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def kind_of(key: str | None) -> str | None:
    """'id' or 'phone' for a property that holds such a number; None for any other (companions too).

    Kept per key name: a load asks it for every property of every row (3.5 million times for a
    100,000-household county, a tenth of the loader's time before it was kept, BENCHMARKS.md)."""
    if is_companion(key):
        return None
    if is_id_key(key):
        return "id"
    if is_phone_key(key):
        return "phone"
    return None


@functools.lru_cache(maxsize=4096)
def is_companion(key: str | None) -> bool:
    return bool(key) and (key.endswith(HASH) or key.endswith(CIPHER)) and _base_kind(key) is not None


def _base_kind(key: str) -> str | None:
    base = key.removesuffix(HASH) if key.endswith(HASH) else key.removesuffix(CIPHER)
    return "id" if is_id_key(base) else "phone" if is_phone_key(base) else None


def personal_keys(keys) -> list[str]:
    """Of `keys`, those holding personal numbers and their companions (change records keep no values)."""
    return sorted(k for k in keys if kind_of(k) or is_companion(k))


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# -- sealing -------------------------------------------------------------------------------------------


def sealed_props(ring: Keyring, key: str, value) -> dict:
    """The properties that stand for one value of personal property `key` (all None for no value)."""
    kind = kind_of(key)
    if value is None or _text(value) == "":
        return {key: None, key + HASH: None, key + CIPHER: None}
    clear = _text(value)
    sealed = ring.seal(kind, clear, mask_value(clear, key))
    return {key: sealed.display, key + HASH: sealed.hash, key + CIPHER: sealed.cipher}


def seal_props(ring: Keyring, props: dict) -> dict:
    """`props` with every personal number replaced by its sealed properties (a new dict)."""
    out = dict(props)
    for key in [k for k in props if kind_of(k)]:
        out.update(sealed_props(ring, key, props[key]))
    return out


def seal_rows(ring: Keyring, rows: list[dict]) -> None:
    """A loader's statement rows (`props` maps of nodes and relationships), sealed in place."""
    for row in rows:
        props = row.get("props")
        if props and any(kind_of(k) for k in props):
            row["props"] = seal_props(ring, props)


# -- reading -------------------------------------------------------------------------------------------


def _map_walk(value: Any, on_map: Callable[[dict, bool], Any]) -> Any:
    """A copy of a result value with `on_map(props, collapse)` applied to every property map (maps,
    nodes, relationships, paths; nested lists and maps). `collapse`: a plain map, which may stand for
    one sealed value (`sealed_pair`); a node's or relationship's properties stay a map."""
    if isinstance(value, list):
        return [_map_walk(v, on_map) for v in value]
    if isinstance(value, tuple):
        return tuple(_map_walk(v, on_map) for v in value)
    if isinstance(value, dict):
        return on_map({k: _map_walk(v, on_map) for k, v in value.items()}, True)
    if isinstance(value, GNode):
        return GNode(value.id, value.labels, on_map(dict(value.properties), False))
    if isinstance(value, GRel):
        return GRel(value.id, value.type, value.start, value.end, on_map(dict(value.properties), False))
    if isinstance(value, GPath):
        return GPath(
            tuple(_map_walk(n, on_map) for n in value.nodes),
            tuple(_map_walk(r, on_map) for r in value.relationships),
        )
    return value


def sealed_pair(props: dict) -> str | None:
    """The personal key of a map that is one sealed value and nothing else: what a query returns
    as `p {.phone, .phone_cipher} AS 联系电话` so that one column can be shown masked (the display
    form) or, for an admin, opened. None for any other map."""
    bases = [k for k in props if kind_of(k)]
    if len(bases) != 1 or (bases[0] + CIPHER) not in props:
        return None
    return bases[0] if set(props) <= {bases[0], bases[0] + HASH, bases[0] + CIPHER} else None


def _conceal_map(props: dict, collapse: bool = False):
    base = sealed_pair(props) if collapse else None
    if base is not None:
        return props[base]
    return {k: v for k, v in props.items() if not is_companion(k)}


def conceal(value: Any) -> Any:
    """A copy without the hash and ciphertext companions: nobody needs to see them, masked or not."""
    return _map_walk(value, _conceal_map)


def open_props(ring: Keyring, props: dict) -> dict:
    """A property map with each sealed number opened (the clear number under its own key)."""
    out = _conceal_map(props)
    for key, value in props.items():
        if key.endswith(CIPHER) and value and is_companion(key):
            base = key.removesuffix(CIPHER)
            out[base] = ring.open(_base_kind(key), value)
    return out


def reveal(value: Any, ring: Keyring) -> Any:
    """A copy with every sealed number opened, for an admin who asked (and was audited)."""

    def on_map(props: dict, collapse: bool):
        base = sealed_pair(props) if collapse else None
        opened = open_props(ring, props)
        return opened[base] if base is not None else opened

    return _map_walk(value, on_map)


def open_value(ring: Keyring, key: str, record: dict):
    """The clear value of personal property `key` of a record (`n {.*}`): opened from its ciphertext;
    a value never sealed (a graph not yet migrated) as it is."""
    cipher = record.get(key + CIPHER)
    return ring.open(kind_of(key), cipher) if cipher else record.get(key)


def lookup_hashes(ring: Keyring, text: str) -> dict:
    """The hashes a full id or phone number is looked up by (graph/search.py)."""
    clear = text.strip().upper()
    return {"id_hash": ring.lookup_hash("id", clear), "phone_hash": ring.lookup_hash("phone", clear)}


# -- the graph written before, and rotation --------------------------------------------------------------


@dataclass
class Progress:
    sealed: dict[str, int] = field(default_factory=dict)  # property → values sealed
    scrubbed: int = 0  # change records that lost their values

    @property
    def total(self) -> int:
        return sum(self.sealed.values())


def graph_personal_keys(graph: Graph) -> list[str]:
    """Every property key of the database that holds personal numbers (companions left out)."""
    rows = graph.read("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey")
    return sorted(r["propertyKey"] for r in rows if kind_of(r["propertyKey"]))


def has_clear(graph: Graph) -> bool:
    """Whether any node or relationship still holds a number not sealed."""
    for key in graph_personal_keys(graph):
        for what in ("nodes", "rels"):
            params = {"key": key, "cipher": key + CIPHER, "limit": 1}
            if graph.read(cypher.load(f"pii/clear_{what}"), params):
                return True
    return False


def seal_existing(graph: Graph, ring: Keyring, batch: int = BATCH, echo=None) -> Progress:
    """Seal every clear number of the graph, batch by batch (each its own transaction); resumable
    and idempotent: what is sealed is skipped. Change records lose any personal value they held, and
    the rows' unkeyed fingerprints go (loaders/fingerprint.py: the next snapshot reads in full)."""
    progress = Progress()
    keys = graph_personal_keys(graph)
    if has_clear(graph):  # first, so that a migration stopped half-way still drops them when re-run
        graph.run_admin(cypher.load("pii/drop_fingerprints"))
        graph.run_admin(cypher.load("pii/drop_rel_fingerprints"))
    for key in keys:
        for what in ("nodes", "rels"):
            params = {"key": key, "cipher": key + CIPHER, "limit": batch}
            while rows := graph.read(cypher.load(f"pii/clear_{what}"), params):
                updates = [{"id": r["id"], "props": sealed_props(ring, key, r["value"])} for r in rows]
                graph.write(cypher.load(f"pii/set_{what}"), {"rows": updates})
                progress.sealed[key] = progress.sealed.get(key, 0) + len(rows)
                if echo:
                    echo(f"已加密 {key}：{progress.sealed[key]} 个")
    if keys:
        rows, _ = graph.write_returning(cypher.load("pii/scrub_changes"), {"keys": personal_keys_all(keys)})
        progress.scrubbed = rows[0]["scrubbed"]
    return progress


def personal_keys_all(keys: list[str]) -> list[str]:
    return sorted({c for k in keys for c in (k, k + HASH, k + CIPHER)})


def rotate(settings, graph: Graph, batch: int = BATCH, echo=None) -> tuple[Keyring, Progress, bool]:
    """A new key, then every value re-sealed under it, batch by batch. Resumable: when values sealed
    under an older key remain (a rotation that stopped), it completes that rotation instead of making
    yet another key. Older keys stay in the key file (backups made before still open). (ring,
    progress, new key made)."""
    ring = keyring(settings)
    fresh = not _stale_remaining(graph, ring)
    if fresh:
        ring = Keyring([*ring.keys, field_crypto.new_key(settings.pii_suite)])
        field_crypto._write_private(field_crypto.key_file(keys_dir(settings)), ring.as_dict())
    progress = Progress()
    key_id = ring.current.key_id
    for key in graph_personal_keys(graph):
        kind = kind_of(key)
        for what in ("nodes", "rels"):
            params = {"cipher": key + CIPHER, "key_id": key_id, "limit": batch}
            while rows := graph.read(cypher.load(f"pii/stale_{what}"), params):
                updates = []
                for r in rows:
                    clear = ring.open(kind, r["cipher"])
                    updates.append({"id": r["id"], "props": sealed_props(ring, key, clear)})
                graph.write(cypher.load(f"pii/set_{what}"), {"rows": updates})
                progress.sealed[key] = progress.sealed.get(key, 0) + len(rows)
                if echo:
                    echo(f"已换用新密钥 {key}：{progress.sealed[key]} 个")
    return ring, progress, fresh


def _stale_remaining(graph: Graph, ring: Keyring) -> bool:
    for key in graph_personal_keys(graph):
        for what in ("nodes", "rels"):
            params = {"cipher": key + CIPHER, "key_id": ring.current.key_id, "limit": 1}
            if graph.read(cypher.load(f"pii/stale_{what}"), params):
                return True
    return False


def key_use(graph: Graph) -> dict[str, int]:
    """How many values each key sealed (bangfu keys status)."""
    counts: dict[str, int] = {}
    for key in graph_personal_keys(graph):
        for row in graph.read(cypher.load("pii/key_ids"), {"cipher": key + CIPHER}):
            counts[row["key_id"]] = counts.get(row["key_id"], 0) + row["values"]
    return counts


__all__ = ["KeyFileError", "LOSS_WARNING"]
