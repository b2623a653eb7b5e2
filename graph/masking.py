"""Masking of personal data: id numbers and phone numbers are never shown whole by default.

`4101**********1234` keeps the first four and last four characters of an id number (region of issue
and check digit, useful for telling records apart, useless for impersonation); `138****5678` keeps a
mobile's network prefix and last four digits; a fixed line keeps its area code and last two digits.
"""
from __future__ import annotations

import re
from typing import Any

ID_PROPERTIES = frozenset({"id_number", "head_id_number"})
PHONE_PROPERTIES = frozenset({"phone"})
_ID_PATTERN = re.compile(r"^\d{17}[\dXx]$")
_MOBILE = re.compile(r"^1\d{10}$")
_FIXED = re.compile(r"^(0\d{2,3})-?(\d{7,8})$")


def mask_id_number(value: str) -> str:
    value = str(value)
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    value = str(value)
    if _MOBILE.match(value):
        return value[:3] + "****" + value[-4:]
    fixed = _FIXED.match(value)
    if fixed:
        area, number = fixed.groups()
        return f"{area}-{'*' * (len(number) - 2)}{number[-2:]}"
    return value[:2] + "*" * max(len(value) - 4, 0) + value[-2:] if len(value) > 4 else "*" * len(value)


def mask_property(key: str, value: Any) -> Any:
    if value is None or value == "":
        return value
    if key in ID_PROPERTIES:
        return mask_id_number(value)
    if key in PHONE_PROPERTIES:
        return mask_phone(value)
    return value


def mask_properties(props: dict[str, Any]) -> dict[str, Any]:
    return {k: mask_property(k, v) for k, v in props.items()}


def looks_like_id_number(value: Any) -> bool:
    return isinstance(value, str) and bool(_ID_PATTERN.match(value))
