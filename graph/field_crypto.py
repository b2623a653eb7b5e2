"""Field-level encryption of id and phone numbers: what the graph is to hold instead of the clear number.

Per value three things (`Sealed`): a masked display form (`graph.masking`, shown without decrypting), a
keyed hash for exact look-up and for the duplicate and reference checks (HMAC, so that the 10^8 phone
numbers of one prefix cannot be tried against it without the key), and the ciphertext (an AEAD: a
changed byte is refused, never decrypted to something else).

Two suites, one setting: 国密 SM4-GCM with HMAC-SM3 (GB/T 32907, GB/T 32905; what GB/T 39786-2021
expects), and AES-256-GCM with HMAC-SHA256 where SM4 is not wanted or not available. Both come from
the `cryptography` package (its OpenSSL provides SM4 and SM3; `available()` says whether this one
does); no cryptography of our own.

The key lives in a file outside the database and its backups (`var/keys/pii.key`, mode 0600, folder
0700; graph/pii.py says where). Losing it loses the numbers: there is no other way back to them.

The nonce is synthetic (SIV-style): the keyed hash of the number, so the same number under the same
key always gives the same ciphertext. That reveals only what the look-up hash reveals anyway (which
values are equal), and keeps the graph deterministic: reloading an unchanged roster changes no
property (snapshots see no change), and the roster round trip gives the very same graph. GCM's one
rule, never one nonce for two different plaintexts under one key, holds because the nonce is derived
from the plaintext.

Ciphertexts name their key (`<key id>:<base64 of nonce|ciphertext|tag>`), so a rotated keyring still
opens values sealed under an older key until they have been sealed anew.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from graph.errors import BangfuError

SUITES = ("sm4-gcm", "aes-256-gcm")
SUITE_NAMES = {"sm4-gcm": "国密 SM4-GCM + HMAC-SM3", "aes-256-gcm": "AES-256-GCM + HMAC-SHA256"}
KEY_BYTES = {"sm4-gcm": 16, "aes-256-gcm": 32}
MAC_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_FILE = "pii.key"
FORMAT = "bangfu-pii-keyring"


class KeyFileError(BangfuError):
    """A key file missing, unreadable or not matching the data; the message says what to do."""


def _algorithm(suite: str, key: bytes):
    return algorithms.SM4(key) if suite == "sm4-gcm" else algorithms.AES(key)


def _digest(suite: str):
    return hashes.SM3() if suite == "sm4-gcm" else hashes.SHA256()


def available(suite: str) -> bool:
    """Whether this installation's OpenSSL offers the suite (SM4 in GCM mode, SM3)."""
    try:
        encrypt(suite, bytes(KEY_BYTES[suite]), bytes(NONCE_BYTES), b"x")
        keyed_hash(suite, bytes(MAC_BYTES), "x")
    except UnsupportedAlgorithm:
        return False
    return True


def encrypt(suite: str, key: bytes, nonce: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    """ciphertext | tag."""
    enc = Cipher(_algorithm(suite, key), modes.GCM(nonce)).encryptor()
    if aad:
        enc.authenticate_additional_data(aad)
    return enc.update(plaintext) + enc.finalize() + enc.tag


def decrypt(suite: str, key: bytes, nonce: bytes, sealed: bytes, aad: bytes = b"") -> bytes:
    dec = Cipher(_algorithm(suite, key), modes.GCM(nonce, sealed[-TAG_BYTES:])).decryptor()
    if aad:
        dec.authenticate_additional_data(aad)
    return dec.update(sealed[:-TAG_BYTES]) + dec.finalize()


def keyed_hash(suite: str, key: bytes, text: str) -> str:
    mac = hmac.HMAC(key, _digest(suite))
    mac.update(text.encode("utf-8"))
    return mac.finalize().hex()


@dataclass(frozen=True)
class Key:
    key_id: str
    suite: str
    enc_key: bytes
    mac_key: bytes
    created_at: str

    def as_dict(self) -> dict:
        return {
            "key_id": self.key_id,
            "suite": self.suite,
            "enc_key": self.enc_key.hex(),
            "mac_key": self.mac_key.hex(),
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class Sealed:
    """What the graph holds for one number: `display` (masked), `hash` (look-up) and `cipher`."""

    display: str
    hash: str
    cipher: str


class Keyring:
    """The current key (sealing, hashing) and older ones (opening values not yet sealed anew)."""

    def __init__(self, keys: list[Key]):
        if not keys:
            raise KeyFileError("密钥文件中没有密钥。")
        self.keys = keys
        self.by_id = {k.key_id: k for k in keys}

    @property
    def current(self) -> Key:
        return self.keys[-1]

    def lookup_hash(self, kind: str, clear: str) -> str:
        """The keyed hash of a normalised number; `kind` ("id"/"phone") keeps the two apart."""
        key = self.current
        return keyed_hash(key.suite, key.mac_key, f"{kind}:{clear}")

    def seal(self, kind: str, clear: str, display: str) -> Sealed:
        key = self.current
        nonce = bytes.fromhex(keyed_hash(key.suite, key.mac_key, f"nonce:{kind}:{clear}"))[:NONCE_BYTES]
        body = encrypt(key.suite, key.enc_key, nonce, clear.encode("utf-8"), kind.encode())
        cipher = f"{key.key_id}:{base64.b64encode(nonce + body).decode('ascii')}"
        return Sealed(display, self.lookup_hash(kind, clear), cipher)

    def open(self, kind: str, cipher: str) -> str:
        key_id, _, data = cipher.partition(":")
        key = self.by_id.get(key_id)
        if key is None:
            raise KeyFileError(
                f"密文所用的密钥（{key_id}）不在密钥文件中：请用 `bangfu keys restore` 恢复当时的密钥备份。"
            )
        try:
            raw = base64.b64decode(data, validate=True)
            return decrypt(
                key.suite, key.enc_key, raw[:NONCE_BYTES], raw[NONCE_BYTES:], kind.encode()
            ).decode()
        except (InvalidTag, ValueError):
            raise KeyFileError(f"密文校验失败（密钥 {key_id}）：数据被改动，或密钥文件不是当时的。") from None

    def as_dict(self) -> dict:
        return {"format": FORMAT, "version": 1, "keys": [k.as_dict() for k in self.keys]}


def new_key(suite: str) -> Key:
    if suite not in SUITES:
        raise KeyFileError(f"不支持的加密算法“{suite}”：可选 {'、'.join(SUITES)}。")
    if not available(suite):
        raise KeyFileError(
            f"本机的 OpenSSL 不提供 {SUITE_NAMES[suite]}：请改用 aes-256-gcm，或升级 OpenSSL。"
        )
    return Key(
        key_id=secrets.token_hex(4),
        suite=suite,
        enc_key=secrets.token_bytes(KEY_BYTES[suite]),
        mac_key=secrets.token_bytes(MAC_BYTES),
        created_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    )


# -- the key file ------------------------------------------------------------------------------------


def key_file(keys_dir: Path) -> Path:
    """The key file in its folder (`graph.pii.keys_dir`: <home>/keys unless set otherwise)."""
    return Path(keys_dir) / KEY_FILE


def _write_private(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    tmp = path.with_name(f".{path.name}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
    os.replace(tmp, path)


def _parse(text: str, where: Path) -> Keyring:
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError
        keys = [
            Key(
                k["key_id"],
                k["suite"],
                bytes.fromhex(k["enc_key"]),
                bytes.fromhex(k["mac_key"]),
                k["created_at"],
            )
            for k in data["keys"]
        ]
        if any(k.suite not in SUITES or len(k.enc_key) != KEY_BYTES[k.suite] for k in keys):
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KeyFileError(f"{where} 不是 bangfu 的密钥文件，或已损坏。") from None
    return Keyring(keys)


def create(keys_dir: Path, suite: str) -> tuple[Keyring, bool]:
    """The keyring in KEYS_DIR, created (mode 0600) if there is none; (keyring, created)."""
    path = key_file(keys_dir)
    if path.exists():
        return load(keys_dir), False
    ring = Keyring([new_key(suite)])
    _write_private(path, ring.as_dict())
    return ring, True


def load(keys_dir: Path) -> Keyring:
    path = key_file(keys_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyFileError(
            f"找不到密钥文件 {path}：身份证号与电话以它加密，没有它无法读出。"
            "新安装请运行 `bangfu db init`；已有数据请用 `bangfu keys restore 备份文件` 恢复密钥。"
        ) from None
    if path.stat().st_mode & 0o077:
        raise KeyFileError(f"密钥文件 {path} 可被其他用户读取：请运行 chmod 600 {path}。")
    return _parse(text, path)


def backup(keys_dir: Path, target: Path) -> None:
    """A copy of the keyring (mode 0600); keep it apart from the database backups."""
    target = Path(target)
    if target.exists():
        raise KeyFileError(f"{target} 已存在；换一个文件名。")
    _write_private(target, load(keys_dir).as_dict())


def restore(keys_dir: Path, source: Path) -> Keyring:
    """Put a keyring backup back; refuses one that lacks a key of the current keyring."""
    source = Path(source)
    try:
        ring = _parse(source.read_text(encoding="utf-8"), source)
    except FileNotFoundError:
        raise KeyFileError(f"找不到密钥备份 {source}。") from None
    path = key_file(keys_dir)
    if path.exists():
        missing = set(load(keys_dir).by_id) - set(ring.by_id)
        if missing:
            raise KeyFileError(
                f"密钥备份 {source} 缺少正在使用的密钥（{'、'.join(sorted(missing))}），"
                "恢复后将无法解密，已拒绝。"
            )
    _write_private(path, ring.as_dict())
    return ring
