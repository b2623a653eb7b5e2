"""Locust users of the web load benchmark (bench/bench_web_load.py starts locust with this file).

Each simulated user logs in as a viewer (the login form with its CSRF token, like a browser), then
opens, with a think time between pages, the overview (总览), the gaps page (责任缺口) and one saved
query with its parameter (常用查询): the three pages staff open most. A response counts as failed when
it is not 200 or when it is the login page (the session was lost).

Settings from the environment (bench_web_load.py sets them): BENCH_WEB_USER, BENCH_WEB_PASSWORD,
BENCH_WEB_QUERY (path and query string of the saved query), BENCH_WEB_WAIT ("min,max" seconds of
think time, default "1,3"), BENCH_WEB_TIMEOUT (seconds, default 60).
"""

from __future__ import annotations

import os
import re

from locust import HttpUser, between, task

USER = os.environ.get("BENCH_WEB_USER", "bench")
PASSWORD = os.environ.get("BENCH_WEB_PASSWORD", "")
QUERY = os.environ.get("BENCH_WEB_QUERY", "/queries/township_overview?run=1")
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
    def overview(self) -> None:
        self._page("/", "overview", 'id="fig-gaps"')

    @task
    def gaps(self) -> None:
        self._page("/gaps", "gaps", "data-rule=")

    @task
    def saved_query(self) -> None:
        self._page(QUERY, "saved query", 'id="result-table"')
