"""Locust users of the ledger benchmark (bench/bench_ledger.py starts locust with this file).

Each simulated user logs in as a viewer, then, with a think time between pages, opens the ledger
(整改台账: its first page, a random page of the open findings, one township's findings) and the page
of a random finding. Settings from the environment: BENCH_WEB_USER, BENCH_WEB_PASSWORD,
BENCH_LEDGER_PAGES (pages of open findings), BENCH_LEDGER_TOWNSHIPS and BENCH_LEDGER_FINDINGS
(comma-separated), BENCH_WEB_WAIT ("min,max" seconds), BENCH_WEB_TIMEOUT, BENCH_WEB_REQUESTS (a CSV
file for every request).
"""

from __future__ import annotations

import os
import random
import re
import urllib.parse

import locust_requests  # noqa: F401 — every request saved (BENCH_WEB_REQUESTS)
from locust import HttpUser, between, task

USER = os.environ.get("BENCH_WEB_USER", "bench")
PASSWORD = os.environ.get("BENCH_WEB_PASSWORD", "")
PAGES = int(os.environ.get("BENCH_LEDGER_PAGES", "1"))
TOWNSHIPS = [t for t in os.environ.get("BENCH_LEDGER_TOWNSHIPS", "").split(",") if t]
FINDINGS = [f for f in os.environ.get("BENCH_LEDGER_FINDINGS", "").split(",") if f]
WAIT = [float(x) for x in os.environ.get("BENCH_WEB_WAIT", "1,3").split(",")]
TIMEOUT = float(os.environ.get("BENCH_WEB_TIMEOUT", "60"))
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class Viewer(HttpUser):
    wait_time = between(WAIT[0], WAIT[-1])

    def on_start(self) -> None:
        page = self.client.get("/login", name="login form", timeout=TIMEOUT)
        token = TOKEN_RE.search(page.text).group(1)
        with self.client.post(
            "/login",
            data={"username": USER, "password": PASSWORD, "csrf_token": token},
            name="login",
            allow_redirects=False,
            timeout=TIMEOUT,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login: {response.status_code}")

    def _page(self, path: str, name: str, marker: str) -> None:
        with self.client.get(path, name=name, timeout=TIMEOUT, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif "/login" in response.url or marker not in response.text:
                response.failure("not the expected page (session lost?)")

    @task
    def ledger(self) -> None:
        self._page("/ledger", "ledger", 'id="findings"')

    @task
    def open_findings(self) -> None:
        page = random.randint(1, max(1, PAGES))
        self._page(
            f"/ledger?status={urllib.parse.quote('未销号')}&page={page}", "ledger open page", 'id="findings"'
        )

    @task
    def township(self) -> None:
        if TOWNSHIPS:
            self._page(f"/ledger?township={random.choice(TOWNSHIPS)}", "ledger township", 'id="findings"')

    @task
    def finding(self) -> None:
        if FINDINGS:
            fid = urllib.parse.quote(random.choice(FINDINGS), safe=":")
            self._page(f"/ledger/f/{fid}", "finding", 'id="finding-history"')
