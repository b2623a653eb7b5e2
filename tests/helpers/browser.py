"""Headless Chromium for tests and benchmarks: Debian's /usr/bin/chromium driven by playwright.

Never `playwright install` (no browser download here): `make browser` installs Debian's chromium.
`blocked_page(browser)` gives a page that refuses every request that is not a file:// or data: URL
and counts them, so a test can assert that a page made no network request at all. Chromium finds
the project's CJK font (the pylopdf-fonts-zh-cn package) through a fontconfig file made here, so
Chinese labels render without any system CJK font.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.helpers.web import PASSWORD

CHROMIUM = Path(os.environ.get("BANGFU_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ALLOWED_SCHEMES = ("file:", "data:", "blob:", "about:")


def chromium_missing() -> str | None:
    """Why the browser cannot run here (for pytest.skip), or None."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "未安装 playwright（pip install -e '.[test]'）"
    if not CHROMIUM.exists():
        return f"找不到 {CHROMIUM}（运行 make browser 安装 Debian 的 chromium）"
    return None


def _fontconfig(folder: Path) -> Path:
    from graph.export.fonts import font_dirs

    conf = folder / "fonts.conf"
    dirs = "".join(f"<dir>{d}</dir>" for d in font_dirs())
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"{dirs}<cachedir>{folder / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return conf


@contextmanager
def launch_browser(**kwargs) -> Iterator:
    """A playwright Browser on Debian's chromium (closed, with playwright, on exit)."""
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bangfu-chromium-"))
    env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(folder))}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), args=ARGS, headless=True, env=env, **kwargs
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class BlockedPage:
    """A page whose non-file requests are aborted and recorded in `blocked`."""

    def __init__(self, page):
        self.page = page
        self.blocked: list[str] = []
        page.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(ALLOWED_SCHEMES):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def blocked_page(browser, *, width: int = 1400, height: int = 900) -> BlockedPage:
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    return BlockedPage(context.new_page())


def scan_responses(page, findings, username: str, role: str) -> None:
    """Scan every response the page receives for unmasked personal data (tests/helpers/pii.py).

    The body is read in the listener, while the browser still holds it; responses without one
    (redirects, aborted requests, downloads) are skipped here and covered by the test-client crawl.
    """

    def _on_response(response) -> None:
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 — no body to read (redirect, download, aborted request)
            return
        findings.check(username, role, response.url, body, response.headers.get("content-type"))

    page.on("response", _on_response)


def text_lines(page, selector: str) -> list[tuple[str, int]]:
    """Each element matching `selector`: its text and the number of lines it takes on screen (the
    distinct tops of its text's line boxes; 0 when empty), to tell whether a cell wraps."""
    return [
        tuple(x)
        for x in page.eval_on_selector_all(
            selector,
            """els => els.map(el => {
                const range = document.createRange();
                range.selectNodeContents(el);
                const boxes = [...range.getClientRects()].filter(r => r.width > 0);
                return [el.innerText, new Set(boxes.map(r => Math.round(r.top))).size];
            })""",
        )
    ]


class Session:
    """A logged-in browser page on a live bangfu (`base`) that refuses, and records in `outside`, any
    request to another host; page errors are kept in `errors`; every response is scanned for
    unmasked personal data into `findings` (tests/helpers/pii.py)."""

    def __init__(
        self,
        browser,
        base: str,
        username: str,
        findings,
        *,
        password: str | None = None,
        width: int = 1400,
        height: int = 1000,
        next_path: str = "/",
        timeout_ms: float = 90_000,
    ):
        self.base = base
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.page = self.context.new_page()
        # a wait that fails is a failure whatever its length; a long one keeps a loaded machine from
        # failing a page that is only slow (a first page after login on a busy CI runner)
        self.page.set_default_timeout(timeout_ms)
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        scan_responses(self.page, findings, username, username.rstrip("0123456789"))
        self.page.goto(base + "/login" + (f"?next={next_path}" if next_path != "/" else ""))
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password or PASSWORD.format(username))
        self.page.click("button[type=submit]", no_wait_after=True)
        self.page.wait_for_url(base + next_path)

    def _route(self, route):
        if route.request.url.startswith(self.base) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, path: str, shot: Path | None = None):
        response = self.page.goto(self.base + path)
        if shot is not None:
            self.page.screenshot(path=str(shot), full_page=True)
        return response

    def close(self) -> None:
        self.context.close()


@contextmanager
def live_server(app) -> Iterator[str]:
    """`app` served by waitress on a free loopback port, in a thread; yields its base URL."""
    import threading

    import waitress

    from graph.server import free_port

    port = free_port()
    server = waitress.create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
