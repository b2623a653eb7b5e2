"""Web load benchmark: N concurrent viewers on the overview, the gaps page and a saved query.

End to end, on loopback, bounded in time:
1. a county: `--roster DIR` (e.g. the sample county), or `--households N`, generated like
   `bangfu demo generate` into var/bench/county-N (kept for the next run);
2. its own Neo4j under var/bench/db-web-TAG (loaded once; `--reload` loads again), schema, load,
   search text, and a viewer account for the load generator;
3. the web app under waitress (as `bangfu serve`, `--threads` worker threads) on a free port;
4. locust, headless (bench/locustfile_web.py): `--users` users, spawned at `--spawn-rate` per second,
   for `--duration` seconds; each logs in, then opens the three pages with a think time between;
5. prints requests, failures and p50/p95/p99 per page and overall, and saves them (JSON) under
   var/bench/results/. Exit status 1 when any request failed.

The 2-minute run of the issue (BENCHMARKS.md):
    .venv/bin/python bench/bench_web_load.py --households 100000 --users 50 --duration 120
A smoke run on the sample county:
    .venv/bin/python bench/bench_web_load.py --roster ../shared/sample/roster --users 50 --duration 15
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from benchlib import BENCH, REPO, county_dir, load_average, machine, running_server, save, uptime

from graph import search  # noqa: E402
from graph.connection import Graph  # noqa: E402
from graph.schema import init_schema  # noqa: E402
from graph.server import free_port  # noqa: E402

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile_web.py"
PAGES = ("overview", "gaps", "saved query")


def _args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    src = p.add_mutually_exclusive_group()
    src.add_argument("--households", type=int, default=100000, help="generated county size (default 100000)")
    src.add_argument("--roster", type=Path, help="load this roster folder instead (e.g. the sample county)")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second")
    p.add_argument("--duration", type=int, default=120, help="seconds of load (after all users started)")
    p.add_argument("--wait", default="1,3", help="think time between pages, 'min,max' seconds")
    p.add_argument("--threads", type=int, default=8, help="waitress worker threads (bangfu serve's default)")
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
    counts = graph.read(
        "MATCH (h:Household) WITH count(h) AS households "
        "MATCH (v:Village) RETURN households, count(v) AS villages"
    )[0]
    return counts


def _bench_user(graph: Graph) -> tuple[str, str]:
    from webapp import users

    name, password = "bench-viewer", secrets.token_urlsafe(16)
    if users.get_user(graph, name) is None:
        users.add_user(graph, name, "viewer", password)
    else:
        users.set_password(graph, name, password)
    return name, password


def _saved_query(graph: Graph) -> str:
    """The saved query staff open for one village: its responsibility roster (村责任落实花名册)."""
    code = graph.read("MATCH (v:Village)<-[:LIVES_IN]-(:Household) RETURN v.code AS c ORDER BY c LIMIT 1")[0][
        "c"
    ]
    return f"/queries/village_roster?run=1&village={code}"


def _serve(app, threads: int):
    import logging

    import waitress

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth" under load: noise here
    port = free_port()
    server = waitress.create_server(app, host="127.0.0.1", port=port, threads=threads, ident="bangfu")
    threading.Thread(target=server.run, daemon=True, name="waitress").start()
    return server, f"http://127.0.0.1:{port}"


def _timed_get(url: str) -> float:
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as r:
        r.read()
    return time.perf_counter() - t


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


def _num(text: str):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _report(stats: dict) -> None:
    print(
        f"\n{'page':<14}{'requests':>10}{'failures':>10}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'max ms':>9}"
    )
    for name in (*PAGES, "login", "Aggregated"):
        row = stats["pages"].get(name)
        if row:
            print(
                f"{name:<14}{row['requests']:>10}{row['failures']:>10}{row['rps']:>8.1f}"
                f"{row['p50_ms'] or 0:>9.0f}{row['p95_ms'] or 0:>9.0f}{row['p99_ms'] or 0:>9.0f}"
                f"{row['max_ms'] or 0:>9.0f}"
            )
    for f in stats["failures"][:10]:
        print(f"FAILED {f.get('Method')} {f.get('Name')}: {f.get('Error')} ×{f.get('Occurrences')}")


def main(argv=None) -> int:
    args = _args(argv)
    roster = args.roster.resolve() if args.roster else county_dir(args.households)
    tag = f"roster-{roster.parent.name}-{roster.name}" if args.roster else f"{args.households}"
    result = {
        "bench": "web_load",
        "roster": str(roster),
        "users": args.users,
        "duration_s": args.duration,
        "spawn_rate": args.spawn_rate,
        "wait_s": args.wait,
        "threads": args.threads,
        "machine": machine(),
        "load_before": load_average(),
        "uptime_before": uptime(),
    }
    data_dir = BENCH / f"db-web-{tag}"
    fresh = args.reload or not data_dir.exists()
    with running_server(data_dir, heap=args.heap, pagecache=args.pagecache, fresh=fresh) as settings:
        graph = Graph.connect(settings)
        try:
            result["county"] = _prepare(graph, roster, reload=fresh)
            user, password = _bench_user(graph)
            query = _saved_query(graph)
            from webapp import create_app

            home = BENCH / f"web-home-{tag}"
            app = create_app(dataclasses.replace(settings, home=home))
            server, base = _serve(app, args.threads)
            try:
                result["login_page_s"] = round(_timed_get(base + "/login"), 3)  # the server answers
                env = {
                    **os.environ,
                    "BENCH_WEB_USER": user,
                    "BENCH_WEB_PASSWORD": password,
                    "BENCH_WEB_QUERY": query,
                    "BENCH_WEB_WAIT": args.wait,
                }
                out = BENCH / "results"
                out.mkdir(parents=True, exist_ok=True)
                prefix = out / f"web-load-{tag}-{time.strftime('%Y%m%dT%H%M%S')}"
                ramp = args.users / args.spawn_rate
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
                    str(args.users),
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
                print(
                    f"{args.users} users on {base} for {args.duration} s (+{ramp:.0f} s ramp-up): "
                    f"/, /gaps, {query}",
                    flush=True,
                )
                t = time.perf_counter()
                locust = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
                result["wall_s"] = round(time.perf_counter() - t, 1)
                if not Path(f"{prefix}_stats.csv").exists():
                    print(locust.stdout[-3000:], locust.stderr[-3000:], sep="\n")
                    raise SystemExit(f"locust did not run (exit {locust.returncode})")
                result.update(_read_stats(prefix))
                result["saved_query"] = query
            finally:
                server.close()
        finally:
            graph.close()
    result["load_after"] = load_average()
    _report(result)
    save(f"web-load-{tag}", result)
    failed = result["pages"].get("Aggregated", {}).get("failures", 1)
    print(
        f"\n{'no failed request' if not failed else f'{failed} failed requests'}; "
        f"load average {result['load_before']:.1f} before, {result['load_after']:.1f} after"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
