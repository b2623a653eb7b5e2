"""Locust users of the web load benchmark (bench/bench_web_load.py starts locust with this file).

Viewers log in as a viewer (the login form with its CSRF token, like a browser), then open, with a
think time between pages, the overview (总览), the gaps page (责任缺口) and one saved query with its
parameter (常用查询): the three pages staff open most. Analysts (`BENCH_WEB_ANALYSTS` of the users,
none by default) log in as analysts, each with an account of their own, and run saved queries with
random parameters — a random village, township, region, person, household or unit of the county
(`BENCH_WEB_POOL`: a JSON file of candidates, written by bench_web_load.py) — so that nearly every
one of their runs is new. A response counts as failed when it is not 200 or when it is not the
expected page (the session was lost, or the page says why there is no result: the start of its
message is the failure's name).

Settings from the environment (bench_web_load.py sets them): BENCH_WEB_USER, BENCH_WEB_PASSWORD,
BENCH_WEB_QUERY (path and query string of the viewers' saved query), BENCH_WEB_ANALYST,
BENCH_WEB_ANALYST_PASSWORD, BENCH_WEB_ANALYSTS (how many analysts), BENCH_WEB_POOL,
BENCH_WEB_WAIT ("min,max" seconds of think time, default "1,3"), BENCH_WEB_TIMEOUT (seconds, default 60),
BENCH_WEB_REQUESTS (a CSV file for every request: start, name, milliseconds, ok).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import urllib.parse

import locust_requests  # noqa: F401 — every request saved (BENCH_WEB_REQUESTS)
from locust import HttpUser, between, task

USER = os.environ.get("BENCH_WEB_USER", "bench")
PASSWORD = os.environ.get("BENCH_WEB_PASSWORD", "")
QUERY = os.environ.get("BENCH_WEB_QUERY", "/queries/township_overview?run=1")
ANALYST = os.environ.get("BENCH_WEB_ANALYST", "bench-analyst")
ANALYST_PASSWORD = os.environ.get("BENCH_WEB_ANALYST_PASSWORD", "")
ANALYSTS = int(os.environ.get("BENCH_WEB_ANALYSTS", "0"))
POOL_FILE = os.environ.get("BENCH_WEB_POOL", "")
WAIT = [float(x) for x in os.environ.get("BENCH_WEB_WAIT", "1,3").split(",")]
TIMEOUT = float(os.environ.get("BENCH_WEB_TIMEOUT", "60"))
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
ERROR_RE = re.compile(r'class="flash error"[^>]*>\s*([^<]*)')
# saved queries analysts run, with the kind of candidate each parameter takes
ANALYST_QUERIES = (
    ("village_roster", {"village": "village"}),
    ("township_first_secretaries", {"township": "township"}),
    ("township_village_coverage", {"township": "township"}),
    ("causes_by_village", {"township": "township"}),
    ("unpaired_households", {"region": "region"}),
    ("households_by_status", {"region": "region"}),
    ("weak_villages", {"region": "region"}),
    ("party_branches", {"region": "region"}),
    ("cadre_load_ranking", {"region": "township", "top": "top"}),
    ("cadre_households", {"person": "helper"}),
    ("person_profile", {"person": "helper"}),
    ("household_chain", {"household": "household"}),
    ("unit_footprint", {"unit": "unit"}),
)


def _pool() -> dict[str, list[str]]:
    if not POOL_FILE:
        return {}
    with open(POOL_FILE, encoding="utf-8") as fh:
        pool = json.load(fh)
    pool["top"] = [str(n) for n in (5, 10, 20, 50)]
    return pool


POOL = _pool()


class _LoggedIn(HttpUser):
    abstract = True
    wait_time = between(WAIT[0], WAIT[-1])
    username, password = USER, PASSWORD

    def on_start(self) -> None:
        page = self.client.get("/login", name="login form", timeout=TIMEOUT)
        token = TOKEN_RE.search(page.text).group(1)
        with self.client.post(
            "/login",
            data={"username": self.username, "password": self.password, "csrf_token": token},
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
            elif "/login" in response.url:
                response.failure("the login page (session lost)")
            elif marker not in response.text:
                said = ERROR_RE.search(response.text)  # the page's own message, cut to its start
                response.failure(f"not the expected page: {said.group(1)[:24] if said else '?'}")


class Viewer(_LoggedIn):
    weight = 1

    @task
    def overview(self) -> None:
        self._page("/", "overview", 'id="fig-gaps"')

    @task
    def gaps(self) -> None:
        self._page("/gaps", "gaps", "data-rule=")

    @task
    def saved_query(self) -> None:
        self._page(QUERY, "saved query", 'id="result-table"')


class Analyst(_LoggedIn):
    abstract = ANALYSTS <= 0  # locust takes fixed_count 0 as "by weight": no analysts at all then
    fixed_count = ANALYSTS  # exactly this many of the users
    password = ANALYST_PASSWORD
    _numbers = itertools.count(1)

    def on_start(self) -> None:
        # analysts 1..N each log in as an account of their own (bench-analyst-1 …): the web app's
        # analysis slots are counted per user, as they would be for ten colleagues
        self.username = f"{ANALYST}-{next(Analyst._numbers)}"
        super().on_start()

    @task
    def random_query(self) -> None:
        name, params = random.choice(ANALYST_QUERIES)
        args = {"run": "1", **{p: random.choice(POOL[kind]) for p, kind in params.items()}}
        # a graph query's page holds the graph's placeholder, a table or chart query its table
        self._page(f"/queries/{name}?{urllib.parse.urlencode(args)}", "analyst query", 'id="result-table"')
