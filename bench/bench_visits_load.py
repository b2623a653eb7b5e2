"""Loading a county's visits (走访记录) as a user loads them: peak memory and time of `bangfu load`.

    .venv/bin/python bench/bench_visits_load.py [--households 100000] [--per-household 12]

A county keeps about 12 visits per household a year, so a county of 1,000,000 households has about
12,000,000 visit rows: the loader must stream them (issue 19: peak RSS under 1 GB). This generates
the county (`county_dir`, var/bench/county-N), writes a visits file from its help pairs (each helper
visits each household about `--per-household` times a year, a few by phone, dates spread over 2026)
into var/bench/visits-N/visits.csv, starts a throw-away Neo4j (var/bench/db-visits-N), loads the
county in-process (not measured), then runs `/usr/bin/time -v bangfu load var/bench/visits-N` as a
subprocess and reports its wall time, rows per second and peak RSS (Maximum resident set size), then
a second, identical load (nothing changes: idempotent).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import re
import subprocess
import time

from benchlib import (
    BENCH,
    REPO,
    county_dir,
    env_str,
    load_average,
    machine,
    own_code,
    running_server,
    save,
    uptime,
)

from graph.connection import Graph  # noqa: E402
from graph.schema import init_schema  # noqa: E402
from graph.tables import TABLES_BY_NAME  # noqa: E402
from loaders.api import load_roster  # noqa: E402

YEAR_START = dt.date(2026, 1, 1)


def write_visits(county, out, per_household: int, seed: int = 1) -> int:
    """visits.csv from the county's help pairs: about `per_household` visits per household a year."""
    rng = random.Random(seed)
    with open(county / "help_pairs.csv", encoding="utf-8-sig", newline="") as fh:
        pairs = [(r[0], r[1]) for r in list(csv.reader(fh))[1:]]
    households = len({h for _, h in pairs})
    per_pair = max(1, round(per_household * households / len(pairs)))
    out.mkdir(parents=True, exist_ok=True)
    header = [c.zh for c in TABLES_BY_NAME["visits"].columns]
    rows = 0
    with open(out / "visits.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")
        for person, household in pairs:
            days = rng.sample(range(365), per_pair)
            for day in sorted(days):
                kind = "电话" if rng.random() < 0.1 else "入户"
                date = (YEAR_START + dt.timedelta(days=day)).isoformat()
                fh.write(f"{person},{household},{date},{kind},政策宣讲\n")
                rows += 1
    return rows


def timed_load(env: dict, folder) -> tuple[float, int, str]:
    cmd = ["/usr/bin/time", "-v", str(REPO / ".venv" / "bin" / "bangfu"), "load", str(folder)]
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=own_code(env), cwd=BENCH, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-4000:], flush=True)
        raise SystemExit(f"bangfu load failed ({proc.returncode})")
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return seconds, rss_kb, " ".join(cmd)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--households", type=int, default=100_000)
    ap.add_argument("--per-household", type=int, default=12)
    ap.add_argument("--heap", default=env_str("BENCH_HEAP", "2g"))
    ap.add_argument("--pagecache", default=env_str("BENCH_PAGECACHE", "2g"))
    args = ap.parse_args()

    county = county_dir(args.households)
    visits = BENCH / f"visits-{args.households}"
    t = time.perf_counter()
    rows = write_visits(county, visits, args.per_household)
    print(f"wrote {rows:,} visits to {visits} in {time.perf_counter() - t:.1f} s", flush=True)
    results = {
        "households": args.households,
        "visit_rows": rows,
        "machine": machine(),
        "heap": args.heap,
        "pagecache": args.pagecache,
    }
    data = BENCH / f"db-visits-{args.households}"
    with running_server(data, heap=args.heap, pagecache=args.pagecache) as s:
        with Graph.connect(s) as graph:
            init_schema(graph)
            t = time.perf_counter()
            report = load_roster(graph, [county], progress=False, user="bench")
            assert report.written and report.validation.ok
            results["county_load_seconds"] = round(time.perf_counter() - t, 1)
            print(f"county loaded in {results['county_load_seconds']} s", flush=True)
        env = dict(os.environ)
        for var in ("NEO4J_DATABASE", "BANGFU_CONFIG", "BANGFU_HOME", "BANGFU_BOLT_PORT"):
            env.pop(var, None)
        env["NEO4J_URI"], env["NEO4J_USER"] = s.neo4j.local_uri, "neo4j"
        env["NEO4J_PASSWORD"] = s.neo4j.password_file.read_text().strip()
        for run in ("first", "again"):
            results[f"uptime_before_{run}"] = uptime()
            seconds, rss_kb, command = timed_load(env, visits)
            results["command"] = command
            results[run] = {
                "seconds": round(seconds, 1),
                "rows_per_second": round(rows / seconds),
                "peak_rss_kb": rss_kb,
                "peak_rss_mib": round(rss_kb / 1024),
                "load_average_after": load_average(),
            }
            print(run, results[run], flush=True)
        with Graph.connect(s) as graph:
            results["visited"] = graph.read("MATCH ()-[r:VISITED]->() RETURN count(r) AS c")[0]["c"]
    print("saved", save(f"visits-load-{args.households}", results))


if __name__ == "__main__":
    main()
