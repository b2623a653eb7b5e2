"""The findings ledger at scale (issue 16): recording a check against the check alone, and the ledger
page under concurrent viewers.

    .venv/bin/python bench/bench_ledger.py [--households 1000000] [--users 20] [--duration 120]

1. A generated county (var/bench/county-N, about 5 % of villages and households with gaps) in its
   own database (var/bench/db-ledger-N, loaded once), the ledger emptied;
2. `run_check` as of D, warm, three times (median), then `record_check` as of D (the first record:
   every finding created) and as of D + 31 days (a month later: every finding seen again), two rounds
   with the ledger emptied between; the ratio record ÷ check;
3. the web app under waitress, and locust: `--users` viewers on the ledger (first page, a random page
   of open findings, one township, a random finding) for `--duration` seconds, think time 1–3 s;
   p50/p95/p99 per page over the whole run, and over the requests that started a minute or more
   after the first (the cache warmer runs the overview's check in that minute). Results saved under
   var/bench/results/.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_web_load import _after_logins, _bench_user, _read_stats
from benchlib import BENCH, REPO, county_dir, load_average, machine, running_server, save, uptime

from graph.connection import Graph  # noqa: E402
from graph.ledger import record_check  # noqa: E402
from graph.rules import run_check  # noqa: E402
from graph.schema import init_schema  # noqa: E402
from graph.settings import LedgerSettings, RuleSettings  # noqa: E402

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile_ledger.py"
AS_OF = dt.date(2026, 11, 30)


def _args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--households", type=int, default=1_000_000)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--duration", type=int, default=120)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--heap", default=os.environ.get("BENCH_HEAP", "4g"))
    p.add_argument("--pagecache", default=os.environ.get("BENCH_PAGECACHE", "4g"))
    return p.parse_args(argv)


def _serve(app, threads: int):
    """The app under waitress in a thread, with the cache warmer `bangfu serve` starts."""
    import threading

    import waitress

    from webapp import warm

    warm.start(app)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads, ident="bangfu")
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def _empty_ledger(graph: Graph) -> None:
    graph.run_admin(
        "MATCH (n) WHERE n:Finding OR n:CheckRun OR n:FindingEvent "
        "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
    )


def _loaded(graph: Graph, roster: Path) -> None:
    from loaders.api import load_roster

    if graph.read("MATCH (h:Household) RETURN count(h) AS n")[0]["n"]:
        return
    init_schema(graph)
    t = time.perf_counter()
    report = load_roster(graph, [roster], progress=False)
    assert report.written, report.validation.errors[:3]
    print(f"loaded {roster} in {time.perf_counter() - t:.0f} s", flush=True)


def _time(fn) -> tuple[float, object]:
    t = time.perf_counter()
    value = fn()
    return time.perf_counter() - t, value


def _print_pages(pages: dict) -> None:
    for name, row in pages.items():
        print(
            f"{name:<20}{row['requests']:>8} requests {row['failures']:>4} failed"
            f"  p50 {row['p50_ms'] or 0:>6.0f}  p95 {row['p95_ms'] or 0:>6.0f}"
            f"  p99 {row['p99_ms'] or 0:>6.0f} ms"
        )


def main(argv=None) -> int:
    args = _args(argv)
    roster = county_dir(args.households)
    result = {
        "bench": "ledger",
        "households": args.households,
        "machine": machine(),
        "uptime_before": uptime(),
        "users": args.users,
        "duration_s": args.duration,
        "rounds": [],
    }
    data_dir = BENCH / f"db-ledger-{args.households}"
    with running_server(
        data_dir, heap=args.heap, pagecache=args.pagecache, fresh=not data_dir.exists()
    ) as settings:
        graph = Graph.connect(settings)
        try:
            _loaded(graph, roster)
            init_schema(graph)
            rules, ledger = RuleSettings(), LedgerSettings()
            if args.rounds:  # --rounds 0: the ledger as the last run left it, only the page
                run_check(graph, AS_OF, rules)  # warm
                checks = [_time(lambda: run_check(graph, AS_OF, rules))[0] for _ in range(3)]
                check_s = statistics.median(checks)
                print(
                    f"check: {', '.join(f'{c:.2f}' for c in checks)} s (median {check_s:.2f} s)", flush=True
                )
                for r in range(args.rounds):
                    _empty_ledger(graph)
                    first_s, first = _time(lambda: record_check(graph, AS_OF, rules, ledger, user="bench"))
                    later_s, later = _time(
                        lambda: record_check(
                            graph, AS_OF + dt.timedelta(days=31), rules, ledger, user="bench"
                        )
                    )
                    print(
                        f"round {r + 1}: first record {first_s:.2f} s ({first.created} findings created), "
                        f"a month later {later_s:.2f} s ({later.seen} seen, {later.created} new)",
                        flush=True,
                    )
                    result["rounds"].append(
                        {
                            "first_record_s": first_s,
                            "created": first.created,
                            "later_record_s": later_s,
                            "seen": later.seen,
                        }
                    )
                best_first = min(r["first_record_s"] for r in result["rounds"])
                best_later = min(r["later_record_s"] for r in result["rounds"])
                result.update(
                    check_s=check_s,
                    checks_s=checks,
                    first_record_s=best_first,
                    later_record_s=best_later,
                    first_ratio=best_first / check_s,
                    later_ratio=best_later / check_s,
                )
                print(
                    f"record ÷ check: first {best_first / check_s:.2f}, "
                    f"a month later {best_later / check_s:.2f}",
                    flush=True,
                )
            open_findings = graph.read(
                "MATCH (f:Finding) WHERE f.status IN ['待整改', '整改中'] RETURN count(f) AS n"
            )[0]["n"]
            townships = [
                r["c"] for r in graph.read("MATCH (t:Township) RETURN t.code AS c ORDER BY c LIMIT 50")
            ]
            findings = [
                r["f"]
                for r in graph.read("MATCH (f:Finding) RETURN f.finding_id AS f ORDER BY rand() LIMIT 200")
            ]
            result["open_findings"] = open_findings
            user, password = _bench_user(graph, "bench-ledger", "viewer")
            from webapp import create_app

            app = create_app(dataclasses.replace(settings, home=BENCH / f"web-home-ledger-{args.households}"))
            server, base = _serve(app, args.threads)
            try:
                env = {
                    **os.environ,
                    "BENCH_WEB_USER": user,
                    "BENCH_WEB_PASSWORD": password,
                    "BENCH_LEDGER_PAGES": str(max(1, open_findings // 200)),
                    "BENCH_LEDGER_TOWNSHIPS": ",".join(townships),
                    "BENCH_LEDGER_FINDINGS": ",".join(findings),
                }
                out = BENCH / "results"
                out.mkdir(parents=True, exist_ok=True)
                prefix = out / f"ledger-web-{args.households}-{time.strftime('%Y%m%dT%H%M%S')}"
                env["BENCH_WEB_REQUESTS"] = f"{prefix}_requests.csv"
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
                    "10",
                    "-t",
                    f"{args.duration + 2}s",
                    "--stop-timeout",
                    "30",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ]
                print(
                    f"{args.users} viewers on the ledger ({open_findings:,} open findings) for "
                    f"{args.duration} s",
                    flush=True,
                )
                subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
                result.update(_read_stats(prefix))
                # the same after the first minute (the cache warmer's check runs beside the viewers then)
                result["after_first_minute"] = _after_logins(Path(f"{prefix}_requests.csv"), skip_s=60)
            finally:
                server.close()
        finally:
            graph.close()
    result["load_after"] = load_average()
    _print_pages(result.get("pages", {}))
    after = result.get("after_first_minute") or {}
    if after:
        print(f"requests that started {after['since_first_request_s']} s or more after the first one:")
        _print_pages({name: row for name, row in after.items() if isinstance(row, dict)})
    save(f"ledger-{args.households}", result)
    return 1 if result.get("pages", {}).get("Aggregated", {}).get("failures") else 0


if __name__ == "__main__":
    sys.exit(main())
