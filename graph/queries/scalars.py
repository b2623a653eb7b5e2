"""A parameter's value of a scalar type (string, int, float, date, bool, strings) from text or a
Python value, with a Chinese reason when it is not one. Its own module, below both users: the query
header checks a parameter's default with it (graph/queries/header.py), the runner every value
(graph/queries/params.py).
"""

from __future__ import annotations

import math
import re
from typing import Any

from graph import clock
from graph.values import parse_date, parse_yesno

MAX_TEXT = 1000
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def convert_scalar(p_type: str, value: Any) -> Any:
    """string/int/float/date/bool/strings (and entity keys as text); ValueError with a Chinese reason."""
    if p_type == "int":
        if isinstance(value, bool):
            raise ValueError("应为整数")
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                raise ValueError(f"“{value}”不是整数") from None
        if not INT_MIN <= number <= INT_MAX:  # Neo4j integers are 64-bit; the driver would crash
            raise ValueError(f"“{str(value).strip()[:30]}”超出整数范围")
        return number
    if p_type == "float":
        if isinstance(value, bool):
            raise ValueError("应为数字")
        try:
            number = float(str(value).strip()) if not isinstance(value, (int, float)) else float(value)
        except ValueError:
            raise ValueError(f"“{value}”不是数字") from None
        if not math.isfinite(number):
            raise ValueError(f"“{value}”不是有限的数字")
        return number
    if p_type == "date":
        if hasattr(value, "to_native"):
            value = value.to_native()
        if isinstance(value, str) and value.strip().lower() in ("today", "今天"):
            return clock.today()
        return parse_date(value)
    if p_type == "bool":
        return parse_yesno(value)
    if p_type == "strings":  # a list of words: a list, or text separated by 、 , ， or spaces
        items = value if isinstance(value, (list, tuple)) else re.split(r"[、,，\s]+", str(value))
        words = [w for w in (convert_scalar("string", i) for i in items if str(i).strip())]
        if not words:
            raise ValueError("不能为空")
        return list(dict.fromkeys(words))
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise ValueError(f"文字太长（超过 {MAX_TEXT} 字）")
    if not value:
        raise ValueError("不能为空")
    return value
