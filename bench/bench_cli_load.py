"""`bangfu load` of a big generated county, as a user runs it: a subprocess under /usr/bin/time -v.

    .venv/bin/python bench/bench_cli_load.py [--households 1000000]

Starts a throw-away local Neo4j (heap/pagecache 4g/4g by default) with its data in
var/bench/db-N, initialises the schema, runs `bangfu load var/bench/county-N` against it and reports
total time, graph elements per second and the loader's peak RSS (Maximum resident set size). The
loaded database is kept (with a marker file) so that bench/bench_rules.py can reuse it.
Environment variables (used by `make bench`): BENCH_CLI_HOUSEHOLDS, BENCH_HEAP, BENCH_PAGECACHE.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import time

from benchlib import (
    BENCH,
    REPO,
    county_dir,
    element_counts,
    env_int,
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

MARKER = "bangfu-loaded.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--households", type=int, default=env_int("BENCH_CLI_HOUSEHOLDS", 1_000_000))
    ap.add_argument("--heap", default=env_str("BENCH_HEAP", "4g"))
    ap.add_argument("--pagecache", default=env_str("BENCH_PAGECACHE", "4g"))
    args = ap.parse_args()

    county = county_dir(args.households)
    data = BENCH / f"db-{args.households}"
    results = {
        "households": args.households,
        "county": str(county),
        "machine": machine(),
        "heap": args.heap,
        "pagecache": args.pagecache,
    }
    with running_server(data, heap=args.heap, pagecache=args.pagecache) as settings:
        with Graph.connect(settings) as graph:
            init_schema(graph)
            before = sum(element_counts(graph))
        env = dict(os.environ)
        for var in ("NEO4J_DATABASE", "BANGFU_CONFIG", "BANGFU_HOME", "BANGFU_BOLT_PORT"):
            env.pop(var, None)
        # the CLI talks to this server as to any other one (NEO4J_URI): no settings file needed
        env["NEO4J_URI"], env["NEO4J_USER"] = settings.neo4j.local_uri, "neo4j"
        env["NEO4J_PASSWORD"] = settings.neo4j.password_file.read_text().strip()
        cmd = ["/usr/bin/time", "-v", str(REPO / ".venv" / "bin" / "bangfu"), "load", str(county)]
        results["command"] = " ".join(cmd[2:])
        results["uptime_before"] = uptime()
        print(results["uptime_before"], "\n$", results["command"], flush=True)
        t = time.perf_counter()
        proc = subprocess.run(cmd, env=own_code(env), cwd=BENCH, capture_output=True, text=True)
        seconds = time.perf_counter() - t
        results["uptime_after"] = uptime()
        results["load_average_after"] = load_average()
        print(proc.stdout[-3000:], proc.stderr[-4000:], flush=True)
        if proc.returncode != 0:
            raise SystemExit(f"bangfu load failed ({proc.returncode})")
        rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
        with Graph.connect(settings) as graph:
            nodes, rels = element_counts(graph)
        results.update(
            seconds=seconds,
            nodes=nodes,
            relationships=rels,
            elements=nodes + rels - before,
            elements_per_s=(nodes + rels - before) / seconds,
            max_rss_mib=rss_kb / 1024,
            time_v=proc.stderr[proc.stderr.rfind("Command being timed") :],
        )
        (data / MARKER).write_text(json.dumps({"households": args.households, "county": str(county)}))
    print(
        f"\nbangfu load {args.households:,} households: {seconds:.0f} s, {nodes:,} nodes + {rels:,} "
        f"relationships = {results['elements']:,} elements, {results['elements_per_s']:,.0f} elements/s, "
        f"peak RSS {results['max_rss_mib']:.0f} MiB",
        flush=True,
    )
    save(f"cli-load-{args.households}", results)


if __name__ == "__main__":
    main()
