"""Valid identifiers for fictional people and enterprises: the check characters of resident id numbers
(GB 11643), unified social credit codes (GB 32100) and organization codes (GB 11714), so that the
loader's checks accept the generated roster."""

from __future__ import annotations

from stdnum.cn import uscc as _uscc

RIC_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # weights of an id number's 17 digits
RIC_CHECK = "10X98765432"
ORGCODE_W = (3, 7, 9, 10, 5, 8, 4, 2)
ORGCODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 11714 body chars (kept in the USCC alphabet)


def ric_check(first17: str) -> str:
    """The GB 11643 check character of a resident id number's first 17 digits."""
    return RIC_CHECK[sum(int(c) * w for c, w in zip(first17, RIC_W)) % 11]


def uscc_check(first17: str) -> str:
    """The GB 32100 check character of a unified social credit code's first 17 characters."""
    return _uscc.calc_check_digit(first17)


def org_code(body8: str) -> str:
    """A GB 11714 organization code: 8 body characters and its check character."""
    total = sum(int(c, 36) * w for c, w in zip(body8, ORGCODE_W))
    c = 11 - total % 11
    return body8 + ("0" if c == 11 else "X" if c == 10 else str(c))
