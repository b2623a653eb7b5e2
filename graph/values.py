"""Parsers for cell values: raw text (or a native Excel date) in, a typed value out.

Each parser raises ValueError with a Chinese message the user reads, so that the validator can
report every bad cell in the form `FILE:ROW:COLUMN: message` without knowing any format itself.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from graph import clock

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
)
# A datetime text as some exporters write a date cell ("2024-03-01 00:00:00").
_MIDNIGHT = re.compile(r"^(.+?)[ T]0{1,2}:00(:00(\.0+)?)?$")


def parse_date(value) -> dt.date:
    """2024-03-01, 2024/3/1, 2024.03.01, 20240301, 2024年3月1日, or a native date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():  # 2024-03-01: most cells
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass  # the patterns below give the message
    m = _MIDNIGHT.match(text)
    if m:
        text = m.group(1)
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            year, month, day = (int(g) for g in m.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"日期“{value}”不存在（{year}年{month}月{day}日）") from None
    raise ValueError(
        f"日期“{value}”无法识别，应写作 2024-03-01、2024/3/1、2024.03.01、20240301 或 2024年3月1日"
    )


_YES = {"是", "y", "yes", "true", "1"}
_NO = {"否", "n", "no", "false", "0"}


def parse_yesno(value) -> bool:
    """是/否, Y/N, yes/no, true/false, 1/0 (case-insensitive); empty is handled by the caller as no."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"“{value}”不是是/否值，应为 是/否、Y/N、yes/no、true/false 或 1/0")


def _number_text(value) -> str:
    text = str(value).strip().replace(",", "").replace("，", "")
    return text


def parse_int(value, minimum: int | None = None) -> int:
    """A whole number (`5`, or `5.0` as some exporters write it), not below `minimum`."""
    text = _number_text(value)
    try:
        number = float(text) if re.fullmatch(r"[+-]?\d+(\.0*)?", text) else None
    except ValueError:
        number = None
    if number is None:
        raise ValueError(f"“{value}”不是整数")
    result = int(number)
    if minimum is not None and result < minimum:
        raise ValueError(f"“{value}”应为不小于 {minimum} 的整数")
    return result


def parse_number(value) -> float:
    """A number ≥ 0 (money: 1200, 1200.50, 1,200)."""
    text = _number_text(value)
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
        raise ValueError(f"“{value}”不是数字")
    number = float(text)
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"“{value}”不是数字")
    if number < 0:
        raise ValueError(f"“{value}”不能为负数")
    return number


def parse_year(value) -> int:
    """A four-digit year between 1949 and 2100 (`2019`, `2019年`, `2019.0`)."""
    text = _number_text(value).rstrip("年").strip()
    m = re.fullmatch(r"(\d{4})(\.0*)?", text)
    if not m or not 1949 <= int(m.group(1)) <= 2100:
        raise ValueError(f"“{value}”不是有效年份（应为四位数字，如 2019）")
    return int(m.group(1))


def parse_id_number(value, today: dt.date | None = None) -> str:
    """An 18-character resident id (GB 11643): check digit and birth date verified, region part not.

    stdnum's full validate() is deliberately not used: it rejects real cards that keep old or
    abolished county codes (and raises KeyError on codes it does not know).
    """
    text = str(value).strip().replace(" ", "").upper()
    if len(text) != 18:
        raise ValueError(f"身份证号应为 18 位，实为 {len(text)} 位")
    if not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise ValueError("身份证号格式错误：前 17 位应为数字，末位为数字或 X")
    try:
        birth = ric.get_birth_date(text)
    except ValidationError:
        raise ValueError("身份证号中的出生日期不存在") from None
    if birth.year < 1900 or birth > (today or clock.today()):
        raise ValueError(f"身份证号中的出生日期 {birth.isoformat()} 不合理")
    if ric.calc_check_digit(text) != text[17]:
        raise ValueError("身份证号校验位错误")
    return text


def parse_credit_code(value) -> str:
    """An 18-character unified social credit code (GB 32100) with a verified check character."""
    text = str(value).strip().replace(" ", "").upper()
    if len(text) != 18:
        raise ValueError(f"统一社会信用代码应为 18 位，实为 {len(text)} 位")
    try:
        return uscc.validate(text)
    except ValidationError:
        raise ValueError("统一社会信用代码格式或校验位错误") from None


_MOBILE = re.compile(r"1\d{10}")
_FIXED = re.compile(r"0\d{2,3}-?\d{7,8}")


def parse_phone(value) -> str:
    """An 11-digit mobile number starting with 1, or a fixed line with area code (0371-12345678)."""
    text = str(value).strip().replace(" ", "")
    if _MOBILE.fullmatch(text) or _FIXED.fullmatch(text):
        return text
    raise ValueError(
        f"联系电话“{value}”无效：应为以 1 开头的 11 位手机号，或带区号的固定电话（如 0371-12345678）"
    )


def as_text(value) -> str:
    """A code or name as text (a native date as ISO text, for the rare date-formatted code cell)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
