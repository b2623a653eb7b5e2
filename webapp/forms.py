"""Reading request arguments the same way on every page: as-of dates, region codes, limits."""

from __future__ import annotations

import datetime as dt

from flask import request

from graph import clock
from graph.errors import UsageError


def _date(raw: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"{name}：日期格式应为 YYYY-MM-DD，而不是 {raw!r}。") from None


def date_arg(name: str, *, strict: bool = False, source=None) -> dt.date | None:
    """A date argument (a query string's, or `source`: a submitted form); an empty one is None. The
    API (strict) refuses `name=` with nothing in it (its description says a date)."""
    given = (request.args if source is None else source).get(name)
    raw = (given or "").strip()
    if strict and given is not None and not raw:
        raise UsageError(f"{name}：日期格式应为 YYYY-MM-DD，不能为空。")
    return _date(raw, name) if raw else None


def as_of_arg(*, strict: bool = False) -> dt.date:
    """The as-of date; none means today (pages also read an empty field as today)."""
    return date_arg("as_of", strict=strict) or clock.today()


def text_arg(name: str, max_len: int = 100, *, strict: bool = False) -> str | None:
    """The argument, stripped; pages cut it at `max_len`, the API (strict) refuses a longer one."""
    raw = (request.args.get(name) or "").strip()
    if strict and len(raw) > max_len:
        raise UsageError(f"参数 {name} 最长 {max_len} 个字符。")
    return raw[:max_len] or None


def int_arg(name: str, default: int, lo: int, hi: int, *, strict: bool = False) -> int:
    """The argument as an integer; pages clamp it to [lo, hi], the API (strict) refuses it outside."""
    try:
        value = int(request.args.get(name, default))
    except (TypeError, ValueError):
        raise UsageError(f"参数 {name} 应为整数。") from None
    if strict and not lo <= value <= hi:
        raise UsageError(f"参数 {name} 应在 {lo} 到 {hi} 之间。")
    return max(lo, min(hi, value))
