"""Finding unmasked personal data in what the web app sends: id numbers and mobile numbers.

Used by the security tests, the page tests and the browser tests alike: every response a non-admin
receives (and every response an admin receives without asking for unmasked data) goes through
`find_unmasked`. A finding is an 18-character citizen id number whose GB 11643 check character is
right (`stdnum.cn.ric`), or an 11-digit mobile number `1[3-9]xxxxxxxxx`, standing alone (not part of
a longer run of digits or letters). Masked forms (`4199**********622X`, `185****9464`) never match.

Bodies are read as what the user would see: HTML, JSON (its strings decoded, so \\u escapes hide
nothing), CSV, SVG/GraphML/GEXF text, and .xlsx workbooks cell by cell.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

from stdnum.cn import ric

# not inside a longer run of digits or letters, nor the fraction of a decimal number (a layout
# coordinate `-192.14270713053` in an exported GraphML is not a phone number)
ID_RE = re.compile(r"(?<![0-9A-Za-z])(?<!\d\.)(\d{17}[0-9Xx])(?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<![0-9A-Za-z])(?<!\d\.)(1[3-9]\d{9})(?![0-9A-Za-z])")
XLSX_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",)
SKIPPED_TYPES = (
    "image/png",
    "application/javascript",
    "text/javascript",
    "text/css",
    "font/",
    "application/font",
    "image/x-icon",
)


def _valid_id(text: str) -> bool:
    try:
        return ric.calc_check_digit(text) == text[17].upper()  # it reads the first 17 characters
    except Exception:  # noqa: BLE001 — not a number stdnum understands: not an id number
        return False


def find_in_text(text: str) -> list[str]:
    """Unmasked id numbers (valid check character) and mobile numbers in a text."""
    found = [m.group(1) for m in ID_RE.finditer(text) if _valid_id(m.group(1))]
    found += [m.group(1) for m in MOBILE_RE.finditer(text)]
    return found


def _xlsx_text(body: bytes) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    cells = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells.extend(str(v) for v in row if v is not None)
    wb.close()
    return "\n".join(cells)


def _docx_text(body: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(body))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def body_text(body: bytes, content_type: str | None) -> str | None:
    """What a body says, as text (None: a picture, a script or a font, which hold no records)."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if any(ctype.startswith(t) for t in SKIPPED_TYPES):
        return None
    if body[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(body)):
        names = zipfile.ZipFile(io.BytesIO(body)).namelist()
        if "word/document.xml" in names:  # the 通报 (Word)
            return _docx_text(body)
        return _xlsx_text(body)
    if ctype in XLSX_TYPES:
        return _xlsx_text(body)
    text = body.decode("utf-8", errors="replace")
    if ctype.endswith("json"):
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


def find_unmasked(body: bytes, content_type: str | None) -> list[str]:
    text = body_text(body, content_type)
    return [] if text is None else find_in_text(text)


def session_user(app, client) -> tuple[str | None, str | None]:
    """(username, role) of the client's signed session cookie, or (None, None)."""
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    if cookie is None:
        return None, None
    data = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    return data.get("username"), data.get("role")


def exempt(role: str | None, url: str) -> bool:
    """An admin who asked for unmasked data may get it (and it is audited elsewhere)."""
    return role == "admin" and "unmasked=1" in url


class Findings:
    """Every unmasked value seen, with where: collected across a test module, asserted empty."""

    def __init__(self):
        self.items: list[tuple[str, str, str]] = []
        self.checked = 0

    def check(self, who: str | None, role: str | None, url: str, body: bytes, content_type: str | None):
        if exempt(role, url):
            return
        self.checked += 1
        for value in find_unmasked(body, content_type):
            self.items.append((who or "(未登录)", url, value))

    def assert_none(self) -> None:
        assert not self.items, "未脱敏的个人信息：" + "; ".join(
            f"{w} {u}: {v}" for w, u, v in self.items[:20]
        )


def scanning_client_class(findings: Findings):
    """A FlaskClient class whose every response is scanned (set it as `app.test_client_class`)."""
    from flask.testing import FlaskClient

    class ScanningClient(FlaskClient):
        def open(self, *args, **kwargs):
            response = super().open(*args, **kwargs)
            app = self.application
            try:
                username, role = session_user(app, self)
            except Exception:  # noqa: BLE001 — a cookie the app would refuse too: nobody logged in
                username, role = None, None
            request = response.request
            url = request.full_path if request is not None else str(args[0] if args else "")
            findings.check(username, role, url, response.get_data(), response.content_type)
            return response

    return ScanningClient
