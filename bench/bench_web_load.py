"""Web load benchmark: N concurrent viewers on the overview, the gaps page and a saved query, with
analysts running saved queries with random parameters alongside if asked; server CPU per request.

End to end, on loopback, bounded in time:
1. a county: `--roster DIR` (e.g. the sample county), or `--households N`, generated like
   `bangfu demo generate` into var/bench/county-N (kept for the next run);
2. its own Neo4j under var/bench/db-web-TAG (loaded once; `--reload` loads again): schema, load,
   search text, one recorded check (the 整改台账 a county that loads snapshots has), and a viewer and
   an analyst account for the load generator;
3. cold and warm probes, one request at a time on a separate app instance (Flask test client, same
   database): for each page the wall time and the CPU seconds of the app (process time) and of Neo4j
   (its process's CPU time) of the first request after the cache was emptied (cold: the first
   request after a load; each page is opened once before, so that Neo4j has planned its queries, as
   on a server that has run for a while) and the median of 5 more (warm);
4. the web app under waitress as `bangfu serve` runs it (its cache warmer too, when the code has
   one), in `--processes` processes of `--threads` threads sharing one listening socket, on a free
   port; one viewer opens the three pages until each answers in under a second three times in a row
   in every process (the time it takes is reported: a cold start);
5. locust, headless (bench/locustfile_web.py): `--users` viewers and `--analysts` analysts, spawned at
   `--spawn-rate` per second, for `--duration` seconds; each logs in, then opens pages with a think
   time between;
6. prints requests, failures and p50/p95/p99 per page, the app's CPU per request per page (its
   threads' CPU time), the CPU of the app processes, of Neo4j and of locust per request, the load
   average, and saves everything (JSON) under var/bench/results/. Exit status 1 when a request failed.

The 2-minute runs of BENCHMARKS.md:
    .venv/bin/python bench/bench_web_load.py --households 100000 --users 50 --duration 120
    .venv/bin/python bench/bench_web_load.py --households 100000 --users 50 --analysts 10 --duration 120
A smoke run on the sample county:
    .venv/bin/python bench/bench_web_load.py --roster ../shared/sample/roster --users 50 --duration 15
`--tag before` labels a run of another checkout's code (run this file from that checkout, with
BENCH_DIR pointing at the same var/bench) so that the two are compared on the same database.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import math
import os
import random
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchlib import BENCH, REPO, county_dir, load_average, machine, running_server, save, uptime

from graph import (
    clock,
    search,  # noqa: E402
)
from graph import server as neo4j_server  # noqa: E402
from graph.connection import Graph  # noqa: E402
from graph.schema import init_schema  # noqa: E402

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile_web.py"
PAGES = ("overview", "gaps", "saved query", "analyst query")
TICKS = os.sysconf("SC_CLK_TCK")
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    src = p.add_mutually_exclusive_group()
    src.add_argument("--households", type=int, default=100000, help="generated county size (default 100000)")
    src.add_argument("--roster", type=Path, help="load this roster folder instead (e.g. the sample county)")
    p.add_argument("--users", type=int, default=50, help="viewers")
    p.add_argument(
        "--analysts", type=int, default=0, help="analysts running saved queries with random parameters"
    )
    p.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second")
    p.add_argument("--duration", type=int, default=120, help="seconds of load (after all users started)")
    p.add_argument("--wait", default="1,3", help="think time between pages, 'min,max' seconds")
    p.add_argument(
        "--threads", type=int, default=8, help="waitress worker threads per process (bangfu serve's default)"
    )
    p.add_argument("--processes", type=int, default=1, help="waitress processes sharing the listening socket")
    p.add_argument("--no-probe", action="store_true", help="skip the cold/warm probes")
    p.add_argument("--tag", default="", help="a label saved with the results (e.g. before / after)")
    p.add_argument("--heap", default=os.environ.get("BENCH_HEAP", "4g"))
    p.add_argument("--pagecache", default=os.environ.get("BENCH_PAGECACHE", "4g"))
    p.add_argument("--reload", action="store_true", help="load the county again even if its database exists")
    return p.parse_args(argv)


def _prepare(graph: Graph, roster: Path, reload: bool) -> dict:
    from loaders.api import load_roster

    loaded = graph.read("MATCH (h:Household) RETURN count(h) AS n")[0]["n"]
    if reload or not loaded:
        t = time.perf_counter()
        init_schema(graph)
        report = load_roster(graph, [roster], progress=False)
        if not report.written:
            raise SystemExit(f"loading {roster} failed: {report.validation.errors[:3]}")
        search.refresh(graph)
        print(f"loaded {roster} in {time.perf_counter() - t:.1f} s", flush=True)
    if not graph.read("MATCH (r:CheckRun) RETURN count(r) AS n")[0]["n"]:
        # a county that loads monthly snapshots has a recorded check (整改台账): the overview shows it

        from graph.ledger import record_check
        from graph.settings import Settings

        t = time.perf_counter()
        run = record_check(graph, clock.today(), Settings().rules, Settings().ledger, user="bench")
        print(f"recorded a check ({run.seen} findings) in {time.perf_counter() - t:.1f} s", flush=True)
    counts = graph.read(
        "MATCH (h:Household) WITH count(h) AS households "
        "MATCH (v:Village) RETURN households, count(v) AS villages"
    )[0]
    return counts


def _bench_user(graph: Graph, name: str, role: str, password: str | None = None) -> tuple[str, str]:
    from webapp import users

    password = password or secrets.token_urlsafe(16)
    if users.get_user(graph, name) is None:
        users.add_user(graph, name, role, password)
    else:
        users.set_password(graph, name, password)
    return name, password


def _saved_query(graph: Graph) -> str:
    """The saved query staff open for one village: its responsibility roster (村责任落实花名册)."""
    code = graph.read("MATCH (v:Village)<-[:LIVES_IN]-(:Household) RETURN v.code AS c ORDER BY c LIMIT 1")[0][
        "c"
    ]
    return f"/queries/village_roster?run=1&village={code}"


def _pool(graph: Graph) -> dict[str, list[str]]:
    """Candidates for the analysts' random parameters."""

    def codes(query):
        return [r["c"] for r in graph.read(query)]

    pool = {
        "village": codes("MATCH (v:Village) RETURN v.code AS c"),
        "township": codes("MATCH (t:Township) RETURN t.code AS c"),
        "helper": codes("MATCH (p:Person)-[:HELPS]->() RETURN DISTINCT p.person_id AS c"),
        "household": codes("MATCH (h:Household) RETURN h.household_id AS c"),
        "unit": codes("MATCH (u:Unit) RETURN u.code AS c"),
    }
    pool["region"] = pool["township"] + pool["village"]
    return pool


# -- measuring ------------------------------------------------------------------------------------


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used, all its threads."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


class PageMeter:
    """WSGI middleware: requests and CPU seconds of the thread serving them, per benchmark page."""

    def __init__(self, app, saved_query: str):
        self.app, self.saved_query = app, saved_query
        self.cpu: dict[str, float] = {}
        self.requests: dict[str, int] = {}
        self._lock = threading.Lock()

    def classify(self, path: str, query: str) -> str:
        if path == "/":
            return "overview"
        if path == "/gaps":
            return "gaps"
        if path.startswith("/queries/"):
            return "saved query" if f"{path}?{query}" == self.saved_query else "analyst query"
        if path == "/login":
            return "login"
        return "other"

    def __call__(self, environ, start_response):
        name = self.classify(environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
        started = time.thread_time()
        try:
            return self.app(environ, start_response)
        finally:
            used = time.thread_time() - started
            with self._lock:
                self.cpu[name] = self.cpu.get(name, 0.0) + used
                self.requests[name] = self.requests.get(name, 0) + 1

    def dump(self) -> dict:
        with self._lock:
            return {"cpu_s": dict(self.cpu), "requests": dict(self.requests)}


def _login(client, username: str, password: str) -> None:
    token = TOKEN_RE.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit(f"probe login failed: {response.status_code}")


def _probe(settings, home: Path, neo4j_pid: int, pages: list[tuple[str, str, str]], accounts: dict) -> dict:
    """Cold and warm cost of single requests, on an app instance of its own."""
    from webapp import create_app

    app = create_app(dataclasses.replace(settings, home=home))
    cache = app.extensions["bangfu_results"]
    clients = {}
    for role, (user, password) in accounts.items():
        clients[role] = app.test_client()
        _login(clients[role], user, password)

    def one(client, path):
        wall, cpu, db = time.perf_counter(), time.process_time(), proc_cpu(neo4j_pid)
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"probe {path}: {response.status_code}")
        return {
            "wall_ms": (time.perf_counter() - wall) * 1000,
            "app_cpu_ms": (time.process_time() - cpu) * 1000,
            "neo4j_cpu_ms": (proc_cpu(neo4j_pid) - db) * 1000,
            "bytes": len(response.data),
        }

    for name, role, path in pages:  # Neo4j plans every query once: a server that runs for days has
        cache.clear()  # its plans; "cold" here is the first request after a load
        one(clients[role], path)
    out = {}
    for name, role, path in pages:
        cache.clear()
        cold = one(clients[role], path)
        warm = [one(clients[role], path) for _ in range(5)]
        out[name] = {
            "path": path,
            "cold": {k: round(v, 1) for k, v in cold.items()},
            "warm": {k: round(statistics.median(w[k] for w in warm), 1) for k in cold},
        }
    app.extensions["bangfu_graph"].close()
    return out


# -- serving --------------------------------------------------------------------------------------


def _serve(settings, home: Path, processes: int, threads: int, saved_query: str, stats_dir: Path):
    """`processes` waitress processes (forked) serving the app on one listening socket."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    port = sock.getsockname()[1]
    pids = []
    for i in range(processes):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                _serve_child(settings, home, threads, saved_query, sock, stats_dir / f"worker-{i}.json")
                code = 0
            finally:
                os._exit(code)
        pids.append(pid)
    sock.close()
    return pids, f"http://127.0.0.1:{port}"


def _serve_child(settings, home, threads, saved_query, sock, stats_file: Path) -> None:
    import logging

    import waitress

    from webapp import create_app

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth" under load: noise here
    app = create_app(dataclasses.replace(settings, home=home))
    try:
        from webapp import warm  # the cache warmer `bangfu serve` starts (when the code has one)

        warm.start(app)
    except ImportError:
        pass
    meter = PageMeter(app, saved_query)

    def stop(*_):
        stats_file.write_text(json.dumps(meter.dump()), encoding="utf-8")
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    server = waitress.create_server(meter, sockets=[sock], threads=threads, ident="bangfu")
    server.run()


def _wait_ready(base: str, timeout: float = 60.0) -> float:
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/login", timeout=30) as r:
                r.read()
            return time.perf_counter() - t
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _warm_up(
    base: str, user: tuple[str, str], paths: list[str], processes: int, timeout: float = 600.0
) -> float:
    """Open the benchmark's pages as one viewer until every one answers in under a second several
    times in a row (every process has its cache warm): the load starts on a server that has been
    up for a while, as `bangfu serve` is after its first minute. Returns the seconds it took."""
    import http.cookiejar
    import urllib.parse
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(base + "/login", timeout=300) as r:
        token = TOKEN_RE.search(r.read().decode("utf-8")).group(1)
    form = urllib.parse.urlencode({"username": user[0], "password": user[1], "csrf_token": token}).encode()
    opener.open(base + "/login", data=form, timeout=300).read()
    started = time.monotonic()
    fast = 0
    while fast < 3 * processes * len(paths):
        for path in paths:
            t = time.perf_counter()
            with opener.open(base + path, timeout=300) as r:
                r.read()
            fast = fast + 1 if time.perf_counter() - t < 1.0 else 0
        if time.monotonic() - started > timeout:
            raise SystemExit(f"the server did not become warm in {timeout:.0f} s")
    return time.monotonic() - started


def _stop_workers(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for pid in pids:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


# -- results --------------------------------------------------------------------------------------


def _read_stats(prefix: Path) -> dict:
    rows = {}
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = row["Name"]
            rows[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": _num(row["50%"]),
                "p95_ms": _num(row["95%"]),
                "p99_ms": _num(row["99%"]),
                "max_ms": _num(row["Max Response Time"]),
                "rps": float(row["Requests/s"] or 0),
            }
    failures = []
    path = Path(f"{prefix}_failures.csv")
    if path.exists():
        with path.open(newline="", encoding="utf-8") as fh:
            failures = [dict(r) for r in csv.DictReader(fh)]
    return {"pages": rows, "failures": failures}


def _percentile(values: list[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _after_logins(path: Path, skip_s: float = 0.0) -> dict:
    """Percentiles per page of the requests that started after the last login had been answered: the
    pages people use all day, without the 50 logins of the first seconds (scrypt on purpose, about 60
    ms of CPU each) in front of them; and not before `skip_s` seconds after the first request (the
    ledger bench's first minute, when the cache warmer runs the check). The locustfiles write every
    request (start, name, ms, ok: bench/locust_requests.py)."""
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [(float(r["start"]), r["name"], float(r["ms"]), r["ok"] == "1") for r in csv.DictReader(fh)]
    logins = [start + ms / 1000 for start, name, ms, _ in rows if name == "login"]
    if not logins:
        return {}
    since = max(max(logins), min(r[0] for r in rows) + skip_s)
    out = {"since_first_request_s": round(since - min(r[0] for r in rows), 1)}
    for name in sorted({r[1] for r in rows} - {"login", "login form"}):
        times = [ms for start, n, ms, _ in rows if n == name and start >= since]
        if times:
            out[name] = {
                "requests": len(times),
                "failures": sum(1 for start, n, _, ok in rows if n == name and start >= since and not ok),
                **{f"p{q}_ms": round(_percentile(times, q / 100), 1) for q in (50, 95, 99)},
                "max_ms": round(max(times), 1),
            }
    return out


def _num(text: str):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _report(result: dict) -> None:
    stats = result
    print(
        f"\n{'page':<14}{'requests':>10}{'failures':>10}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'max ms':>9}{'app CPU ms/req':>16}"
    )
    cpu = result.get("server_cpu", {}).get("per_page_ms", {})
    for name in (*PAGES, "login", "Aggregated"):
        row = stats["pages"].get(name)
        if row:
            per = cpu.get(name)
            print(
                f"{name:<14}{row['requests']:>10}{row['failures']:>10}{row['rps']:>8.1f}"
                f"{row['p50_ms'] or 0:>9.0f}{row['p95_ms'] or 0:>9.0f}{row['p99_ms'] or 0:>9.0f}"
                f"{row['max_ms'] or 0:>9.0f}{'' if per is None else f'{per:>16.1f}'}"
            )
    after = result.get("after_logins") or {}
    if after:
        print(f"after the last login ({after['since_first_request_s']} s after the first request):")
        for name, row in after.items():
            if isinstance(row, dict):
                print(
                    f"  {name:<12}{row['requests']:>10}{row['failures']:>10}{'':>8}"
                    f"{row['p50_ms']:>9.0f}{row['p95_ms']:>9.0f}{row['p99_ms']:>9.0f}{row['max_ms']:>9.0f}"
                )
    for f in stats["failures"][:10]:
        print(f"FAILED {f.get('Method')} {f.get('Name')}: {f.get('Error')} ×{f.get('Occurrences')}")
    s = result.get("server_cpu")
    if s:
        print(
            f"CPU per request over the run: app processes {s['app_ms_per_request']:.1f} ms, "
            f"Neo4j {s['neo4j_ms_per_request']:.1f} ms, locust {s['locust_ms_per_request']:.1f} ms "
            f"({s['requests']} requests; CPU seconds: app {s['app_s']:.0f}, Neo4j {s['neo4j_s']:.0f}, "
            f"locust {s['locust_s']:.0f} of {s['wall_s'] * (os.cpu_count() or 1):.0f} available)"
        )
    if result.get("probe"):
        print(
            f"\n{'probe':<16}{'cold wall':>10}{'app CPU':>9}{'Neo4j':>8}"
            f"{'warm wall':>11}{'app CPU':>9}{'Neo4j':>8}  ms"
        )
        for name, p in result["probe"].items():
            c, w = p["cold"], p["warm"]
            print(
                f"{name:<16}{c['wall_ms']:>10.0f}{c['app_cpu_ms']:>9.0f}{c['neo4j_cpu_ms']:>8.0f}"
                f"{w['wall_ms']:>11.0f}{w['app_cpu_ms']:>9.0f}{w['neo4j_cpu_ms']:>8.0f}"
            )


def main(argv=None) -> int:
    args = _args(argv)
    roster = args.roster.resolve() if args.roster else county_dir(args.households)
    tag = f"roster-{roster.parent.name}-{roster.name}" if args.roster else f"{args.households}"
    result = {
        "bench": "web_load",
        "tag": args.tag,
        "code": str(REPO),
        "roster": str(roster),
        "users": args.users,
        "analysts": args.analysts,
        "duration_s": args.duration,
        "spawn_rate": args.spawn_rate,
        "wait_s": args.wait,
        "threads": args.threads,
        "processes": args.processes,
        "machine": machine(),
        "load_before": load_average(),
        "uptime_before": uptime(),
    }
    data_dir = BENCH / f"db-web-{tag}"
    fresh = args.reload or not data_dir.exists()
    with running_server(data_dir, heap=args.heap, pagecache=args.pagecache, fresh=fresh) as settings:
        graph = Graph.connect(settings)
        neo4j_pid = neo4j_server.running_pid(settings.neo4j)
        try:
            result["county"] = _prepare(graph, roster, reload=fresh)
            viewer = _bench_user(graph, "bench-viewer", "viewer")
            analyst = _bench_user(graph, "bench-analyst", "analyst")
            # each analyst logs in as someone of their own (the query slots are counted per user); they
            # share the probe analyst's password
            for i in range(1, args.analysts + 1):
                _bench_user(graph, f"bench-analyst-{i}", "analyst", analyst[1])
            query = _saved_query(graph)
            pool = _pool(graph)
            home = BENCH / f"web-home-{tag}"
            out = BENCH / "results"
            out.mkdir(parents=True, exist_ok=True)
            stamp = time.strftime("%Y%m%dT%H%M%S")
            pool_file = out / f"web-pool-{tag}.json"
            pool_file.write_text(json.dumps(pool), encoding="utf-8")
            if not args.no_probe:
                rnd = random.Random(7)
                village = rnd.choice(pool["village"])
                pages = [
                    ("overview", "viewer", "/"),
                    ("gaps", "viewer", "/gaps"),
                    ("saved query", "viewer", query),
                    (
                        "analyst query",
                        "analyst",
                        f"/queries/township_village_coverage?run=1&township={rnd.choice(pool['township'])}",
                    ),
                    ("ledger", "viewer", "/ledger"),
                    ("village file", "viewer", f"/e/region/{village}"),
                    ("coverage", "viewer", "/coverage"),
                ]
                print("probing single requests, cold and warm …", flush=True)
                result["probe"] = _probe(
                    settings, home, neo4j_pid, pages, {"viewer": viewer, "analyst": analyst}
                )
            stats_dir = out / f"web-workers-{tag}-{stamp}"
            stats_dir.mkdir()
            pids, base = _serve(settings, home, args.processes, args.threads, query, stats_dir)
            try:
                result["login_page_s"] = round(_wait_ready(base), 3)  # the server answers
                result["warm_up_s"] = round(_warm_up(base, viewer, ["/", "/gaps", query], args.processes), 1)
                print(f"server warm after {result['warm_up_s']} s", flush=True)
                prefix = out / f"web-load-{tag}-{stamp}"
                env = {
                    **os.environ,
                    "BENCH_WEB_USER": viewer[0],
                    "BENCH_WEB_PASSWORD": viewer[1],
                    "BENCH_WEB_ANALYST": analyst[0],
                    "BENCH_WEB_ANALYST_PASSWORD": analyst[1],
                    "BENCH_WEB_ANALYSTS": str(args.analysts),
                    "BENCH_WEB_POOL": str(pool_file),
                    "BENCH_WEB_QUERY": query,
                    "BENCH_WEB_WAIT": args.wait,
                    "BENCH_WEB_REQUESTS": f"{prefix}_requests.csv",
                }
                users = args.users + args.analysts
                ramp = users / args.spawn_rate
                cmd = [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    "--host",
                    base,
                    "-u",
                    str(users),
                    "-r",
                    str(args.spawn_rate),
                    "-t",
                    f"{int(args.duration + ramp + 0.999)}s",
                    "--stop-timeout",
                    "30",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ]
                who = f"{args.users} viewers" + (f" and {args.analysts} analysts" if args.analysts else "")
                print(
                    f"{who} on {base} "
                    f"({args.processes} process(es) × {args.threads} threads) for {args.duration} s "
                    f"(+{ramp:.0f} s ramp-up): /, /gaps, {query}",
                    flush=True,
                )
                app_before = sum(proc_cpu(p) for p in pids)
                neo4j_before = proc_cpu(neo4j_pid)
                children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.perf_counter()
                locust = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
                result["wall_s"] = round(time.perf_counter() - t, 1)
                children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
                app_s = sum(proc_cpu(p) for p in pids) - app_before
                neo4j_s = proc_cpu(neo4j_pid) - neo4j_before
                locust_s = (
                    children_after.ru_utime
                    + children_after.ru_stime
                    - children_before.ru_utime
                    - children_before.ru_stime
                )
                result["load_end_of_run"] = load_average()
                if not Path(f"{prefix}_stats.csv").exists():
                    print(locust.stdout[-3000:], locust.stderr[-3000:], sep="\n")
                    raise SystemExit(f"locust did not run (exit {locust.returncode})")
                result.update(_read_stats(prefix))
                result["after_logins"] = _after_logins(Path(f"{prefix}_requests.csv"))
                result["saved_query"] = query
            finally:
                _stop_workers(pids)
            meters = [
                json.loads(f.read_text(encoding="utf-8")) for f in sorted(stats_dir.glob("worker-*.json"))
            ]
            cpu, counts = {}, {}
            for m in meters:
                for k, v in m["cpu_s"].items():
                    cpu[k] = cpu.get(k, 0.0) + v
                for k, v in m["requests"].items():
                    counts[k] = counts.get(k, 0) + v
            requests = result["pages"].get("Aggregated", {}).get("requests", 0) or 1
            result["server_cpu"] = {
                "per_page_ms": {k: round(cpu[k] / counts[k] * 1000, 1) for k in cpu if counts.get(k)},
                "per_page_requests": counts,
                "requests": requests,
                "wall_s": result["wall_s"],
                "app_s": round(app_s, 1),
                "neo4j_s": round(neo4j_s, 1),
                "locust_s": round(locust_s, 1),
                "app_ms_per_request": round(app_s / requests * 1000, 1),
                "neo4j_ms_per_request": round(neo4j_s / requests * 1000, 1),
                "locust_ms_per_request": round(locust_s / requests * 1000, 1),
            }
        finally:
            graph.close()
    result["load_after"] = load_average()
    result["uptime_after"] = uptime()
    _report(result)
    save(f"web-load-{tag}{'-' + args.tag if args.tag else ''}", result)
    failed = result["pages"].get("Aggregated", {}).get("failures", 1)
    print(
        f"\n{'no failed request' if not failed else f'{failed} failed requests'}; "
        f"load average {result['load_before']:.1f} before, {result['load_end_of_run']:.1f} at the end of the "
        f"load, {result['load_after']:.1f} after"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
