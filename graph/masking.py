"""Masking of id numbers and phone numbers, wherever they sit: pages, query results, exports.

The one masking module of the project (queries, web pages and network pictures all use it).

- id numbers (properties/columns `id_number`, `head_id_number`, 身份证号 …): `4101**********1234`
  (first 4 and last 4 kept); in any other place, a text that *is* an id number (18 characters with a
  valid GB 11643 check character) is masked the same way;
- phone numbers (`phone`, 联系电话 …): mobiles `138****5678` (first 3, last 4); fixed lines keep the
  area code and the last 2 digits (`0371-******78`); elsewhere a text that is exactly a mobile number
  is masked.
Masking walks nodes, relationships, paths, maps, lists and plain columns alike. Whether a caller may
see unmasked values is the caller's decision (admins only); `mask_value` is what everyone else gets.
"""

from __future__ import annotations

import re
from typing import Any

from graph.elements import GNode, GPath, GRel

ID_KEYS = {"id_number", "head_id_number", "身份证号", "户主身份证号", "证件号码", "身份证号码"}
PHONE_KEYS = {"phone", "mobile", "telephone", "联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"}

_ID_RE = re.compile(r"^\d{17}[\dXx]$")
_MOBILE_RE = re.compile(r"^(?:\+?86[- ]?)?(1\d{2})(\d{4})(\d{4})$")
_FIXED_RE = re.compile(r"^(0\d{2,3})([- ]?)(\d{3,4})(\d{4})$")
_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def is_valid_id(text: str) -> bool:
    if not _ID_RE.match(text):
        return False
    total = sum(int(c) * w for c, w in zip(text[:17], _WEIGHTS))
    return "10X98765432"[total % 11] == text[17].upper()


# beside a personal property, its keyed hash and ciphertext (graph/pii.py): not numbers to mask
SEALED_SUFFIXES = ("_hash", "_cipher")


def is_id_key(key: str | None) -> bool:
    key = (key or "").removeprefix("extra_")
    return (
        bool(key)
        and not key.endswith(SEALED_SUFFIXES)
        and (key in ID_KEYS or key.endswith("id_number") or "身份证" in key or key.endswith("证件号码"))
    )


def is_phone_key(key: str | None) -> bool:
    key = (key or "").removeprefix("extra_")
    return (
        bool(key)
        and not key.endswith(SEALED_SUFFIXES)
        and (
            key in PHONE_KEYS
            or key.endswith("phone")
            or key.endswith("mobile")
            or "电话" in key
            or "手机" in key
        )
    )


def mask_id(text: str) -> str:
    text = str(text)
    if "*" in text:  # masked already (the graph holds the display form: graph/pii.py)
        return text
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def mask_phone(text: str) -> str:
    text = str(text)
    if "*" in text:  # masked already (the graph holds the display form: graph/pii.py)
        return text
    compact = text.strip()
    m = _MOBILE_RE.match(compact)
    if m:
        return f"{m.group(1)}****{m.group(3)}"
    m = _FIXED_RE.match(compact)
    if m:
        number = m.group(3) + m.group(4)
        return f"{m.group(1)}-{'*' * (len(number) - 2)}{number[-2:]}"
    digits = len(compact)
    if digits <= 4:
        return "*" * digits
    return "*" * (digits - 2) + compact[-2:]


def _mask_text(key: str | None, text: str) -> str:
    if is_id_key(key):
        return mask_id(text)
    if is_phone_key(key):
        return mask_phone(text)
    stripped = text.strip()
    if is_valid_id(stripped):
        return mask_id(stripped)
    if _MOBILE_RE.match(stripped) and stripped.isdigit():
        return mask_phone(stripped)
    return text


# an id or mobile number inside free text (a report's sentence), not part of a longer run
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d{9})(?![0-9A-Za-z])")


def mask_in_text(text: str) -> str:
    """Free text with every id number (valid check character) and mobile number in it masked; the
    masked forms keep their length, so offsets into the text stay right (graph/pii.py: no clear
    number is written to the graph, a report's sentences included)."""
    text = _ID_IN_TEXT.sub(
        lambda m: mask_id(m.group(1)) if is_valid_id(m.group(1).upper()) else m.group(1), text
    )
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(1)), text)


def _walk(value: Any, key: str | None, leaf) -> Any:
    """A copy of a result value (plain values, lists, maps, graph values of graph/elements.py) with `leaf(key,
    value)` applied to every scalar; `key` is the name of the property or map entry it sits under."""
    if isinstance(value, list):
        return [_walk(v, key, leaf) for v in value]
    if isinstance(value, tuple):
        return tuple(_walk(v, key, leaf) for v in value)
    if isinstance(value, dict):
        return {k: _walk(v, k, leaf) for k, v in value.items()}
    if isinstance(value, GNode):
        return GNode(value.id, value.labels, _walk(value.properties, None, leaf))
    if isinstance(value, GRel):
        return GRel(value.id, value.type, value.start, value.end, _walk(value.properties, None, leaf))
    if isinstance(value, GPath):
        return GPath(
            tuple(_walk(n, None, leaf) for n in value.nodes),
            tuple(_walk(r, None, leaf) for r in value.relationships),
        )
    return leaf(key, value)


def _mask_leaf(key: str | None, value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _mask_text(key, value)
    if isinstance(value, (int, float)) and (is_id_key(key) or is_phone_key(key)):
        return _mask_text(key, str(value))
    return value


def mask_value(value: Any, key: str | None = None) -> Any:
    """A masked copy of a result value (plain values, lists, maps, and graph values of result.py)."""
    return _walk(value, key, _mask_leaf)


def mask_properties(props: dict[str, Any]) -> dict[str, Any]:
    """A masked copy of a property map."""
    return mask_value(dict(props))


# -- secrets: never shown, to anyone ------------------------------------------------------------
# The web app's accounts live in the same graph (:AppUser). Analysts may read the whole graph with
# ad-hoc Cypher, but a password hash is nobody's business: the property is hidden wherever it turns
# up, and so is any text shaped like a werkzeug password hash (an aliased or copied value).
SECRET_KEYS = {"password_hash"}
HIDDEN_SECRET = "（已隐藏）"
_HASH_RE = re.compile(r"^(scrypt|pbkdf2)(:[\w-]+)*\$[^$]+\$[0-9a-f]{32,}$")


def _hide_leaf(key: str | None, value: Any) -> Any:
    if key in SECRET_KEYS and value is not None:
        return HIDDEN_SECRET
    if isinstance(value, str) and _HASH_RE.match(value):
        return HIDDEN_SECRET
    return value


def hide_secrets(value: Any, key: str | None = None) -> Any:
    """A copy of a result value with password hashes replaced by （已隐藏）, for every caller."""
    return _walk(value, key, _hide_leaf)
