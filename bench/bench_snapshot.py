"""A county's first load against the next month's snapshot, side by side in one run (issue 14).

    .venv/bin/python bench/bench_snapshot.py [--households 100000] [--rounds 2]

Generates one county (`bangfu demo generate --counties 1 --months 2`: the second month differs from the
first by the turnover of loaders/demo/months.py, about 2 % of the rows) under var/bench/months-N, then,
each round on a fresh throw-away database: the first month's load (as a snapshot: the county's first),
then the second month's snapshot, both run as a user runs them (`bangfu load --snapshot`, a subprocess
under /usr/bin/time -v: wall time and the loader's peak RSS). An ordinary first load of the first month
(`bangfu load`, no snapshot) is timed too, on its own fresh database, as the loader's usual baseline.
Each figure keeps its best round. Environment: BENCH_SNAPSHOT_HOUSEHOLDS, BENCH_ROUNDS, BENCH_HEAP,
BENCH_PAGECACHE.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import time

from benchlib import BENCH, REPO, env_int, env_str, machine, own_code, running_server, save, uptime

from graph.connection import Graph  # noqa: E402
from graph.schema import init_schema  # noqa: E402

LAST_MONTH = dt.date(2026, 11, 30)


def months_dir(households: int) -> tuple[list[dt.date], list]:
    from loaders.demo.months import generate_months

    out = BENCH / f"months-{households}"
    dates = [dt.date(2026, 10, 31), LAST_MONTH]
    folders = [out / d.isoformat() for d in dates]
    if not all((f / "households.csv").exists() for f in folders):
        t = time.perf_counter()
        generate_months(out, households, 2, seed=1, as_of=LAST_MONTH, counties=1)
        print(f"generated {out} in {time.perf_counter() - t:.1f} s", flush=True)
    return dates, folders


def run_cli(settings, *args) -> dict:
    env = dict(os.environ)
    for var in ("NEO4J_DATABASE", "BANGFU_CONFIG", "BANGFU_HOME", "BANGFU_BOLT_PORT"):
        env.pop(var, None)
    env["NEO4J_URI"], env["NEO4J_USER"] = settings.neo4j.local_uri, "neo4j"
    env["NEO4J_PASSWORD"] = settings.neo4j.password_file.read_text().strip()
    cmd = [
        "/usr/bin/time",
        "-v",
        str(REPO / ".venv" / "bin" / "bangfu"),
        "load",
        "--no-progress",
        *map(str, args),
    ]
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=own_code(env), cwd=BENCH, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-3000:], flush=True)
        raise SystemExit(f"bangfu load failed ({proc.returncode})")
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", proc.stderr).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", proc.stderr).group(1))
    print(
        f"$ bangfu load {' '.join(map(str, args))}: {seconds:.1f} s (loader CPU {user + system:.1f} s, "
        f"peak RSS {rss_kb / 1024:.0f} MiB)",
        flush=True,
    )
    return {
        "command": "bangfu load " + " ".join(map(str, args)),
        "seconds": seconds,
        "loader_cpu_s": user + system,
        "max_rss_mib": rss_kb / 1024,
        "stdout_tail": proc.stdout[-1500:],
    }


def fresh(settings) -> None:
    with Graph.connect(settings) as graph:
        graph.run_admin("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
        init_schema(graph)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--households", type=int, default=env_int("BENCH_SNAPSHOT_HOUSEHOLDS", 100_000))
    ap.add_argument("--rounds", type=int, default=env_int("BENCH_ROUNDS", 2))
    ap.add_argument("--heap", default=env_str("BENCH_HEAP", "4g"))
    ap.add_argument("--pagecache", default=env_str("BENCH_PAGECACHE", "4g"))
    ap.add_argument("--no-ordinary", action="store_true", help="skip the ordinary first load")
    args = ap.parse_args()
    dates, folders = months_dir(args.households)
    results = {
        "households": args.households,
        "machine": machine(),
        "heap": args.heap,
        "pagecache": args.pagecache,
        "rounds": [],
        "uptime_before": uptime(),
    }
    print(results["uptime_before"], flush=True)
    with running_server(
        BENCH / f"db-snapshot-{args.households}", heap=args.heap, pagecache=args.pagecache
    ) as settings:
        for r in range(args.rounds):
            fresh(settings)
            first = run_cli(settings, "--snapshot", dates[0], folders[0])
            second = run_cli(settings, "--snapshot", dates[1], folders[1])
            ordinary = None
            if not args.no_ordinary:
                fresh(settings)
                ordinary = run_cli(settings, folders[0])
            results["rounds"].append(
                {"first_snapshot": first, "next_snapshot": second, "ordinary_first": ordinary}
            )
    results["uptime_after"] = uptime()
    best = {
        k: min(r[k]["seconds"] for r in results["rounds"] if r[k])
        for k in results["rounds"][0]
        if results["rounds"][0][k]
    }
    results["best"] = best
    ratio = best["next_snapshot"] / best["first_snapshot"]
    results["ratio_next_to_first_snapshot"] = ratio
    line = (
        f"\n{args.households:,} households: first load (snapshot) {best['first_snapshot']:.1f} s, "
        f"next month's snapshot {best['next_snapshot']:.1f} s: {ratio:.2f} of the first"
    )
    if "ordinary_first" in best:
        results["ratio_next_to_ordinary_first"] = best["next_snapshot"] / best["ordinary_first"]
        line += (
            f"; ordinary first load {best['ordinary_first']:.1f} s "
            f"({results['ratio_next_to_ordinary_first']:.2f})"
        )
    print(line, flush=True)
    save(f"snapshot-{args.households}", results)


if __name__ == "__main__":
    main()
