"""`check` (all rules, run_check) and `coverage --level township` (run_coverage) at several sizes (issue 4).

    .venv/bin/python bench/bench_rules.py [--sizes 10000,100000,1000000] [--runs 5]

For each size a generated county (var/bench/county-N) is loaded with `load_roster` into its own
database var/bench/db-N (kept, with a marker file, so later runs and bench/bench_cli_load.py's 1M
database are reused). The server is then (re)started, so the first `check` and the first `coverage`
are cold (new JVM, empty page cache, no query plans; the operating system's file cache may still
hold the store files); then `--runs` warm runs of each, reporting the median, and the median of each
rule alone (run_rule) to name a slow rule.
Environment variables (used by `make bench`): BENCH_RULE_SIZES, BENCH_RUNS, BENCH_HEAP, BENCH_PAGECACHE.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time

from benchlib import (
    BENCH,
    county_dir,
    element_counts,
    env_int,
    env_str,
    load_average,
    machine,
    median,
    running_server,
    save,
    uptime,
)

from graph import clock
from graph.connection import Graph  # noqa: E402
from graph.coverage import run_coverage  # noqa: E402
from graph.rules import RULES, rule_params, run_check, run_rule  # noqa: E402
from graph.schema import init_schema  # noqa: E402
from graph.settings import RuleSettings  # noqa: E402
from loaders.api import load_roster  # noqa: E402

MARKER = "bangfu-loaded.json"


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def ensure_loaded(households: int, heap: str, pagecache: str) -> None:
    data = BENCH / f"db-{households}"
    marker = data / MARKER
    if marker.exists() and json.loads(marker.read_text()).get("households") == households:
        return
    county = county_dir(households)
    with running_server(data, heap=heap, pagecache=pagecache) as settings:
        with Graph.connect(settings) as graph:
            init_schema(graph)
            secs, report = timed(lambda: load_roster(graph, [county], progress=False))
            assert report.ok and report.written
            print(f"loaded {households:,} households in {secs:.0f} s", flush=True)
    marker.write_text(json.dumps({"households": households, "county": str(county)}))


def measure(households: int, runs: int, as_of: dt.date, heap: str, pagecache: str) -> dict:
    ensure_loaded(households, heap, pagecache)
    out: dict = {"households": households}
    settings_rules = RuleSettings()
    with running_server(BENCH / f"db-{households}", heap=heap, pagecache=pagecache, fresh=False) as settings:
        with Graph.connect(settings) as graph:
            init_schema(graph)  # a database kept from an earlier run gets the current schema
            nodes, rels = element_counts(graph)
            out.update(nodes=nodes, relationships=rels, uptime=uptime())
            print(
                f"\n== {households:,} households: {nodes:,} nodes, {rels:,} relationships ({out['uptime']})",
                flush=True,
            )
            out["check_cold_s"], result = timed(lambda: run_check(graph, as_of, settings_rules))
            out["violations"] = result["summary"]
            out["coverage_cold_s"], cov = timed(lambda: run_coverage(graph, "township", as_of))
            out["coverage_rows"] = len(cov["rows"])
            checks, covs = [], []
            for _ in range(runs):
                checks.append(timed(lambda: run_check(graph, as_of, settings_rules))[0])
                covs.append(timed(lambda: run_coverage(graph, "township", as_of))[0])
            out["check_warm_s"], out["coverage_warm_s"] = checks, covs
            out["check_median_s"], out["coverage_median_s"] = median(checks), median(covs)
            params = rule_params(as_of, settings_rules, None)
            out["rules_median_s"] = {}
            for rule in RULES:
                out["rules_median_s"][rule.id] = median(
                    [timed(lambda: run_rule(graph, rule, params))[0] for _ in range(max(3, runs // 2))]
                )
            print(
                f"check: cold {out['check_cold_s']:.2f} s, warm median {out['check_median_s']:.2f} s; "
                f"coverage township: cold {out['coverage_cold_s']:.2f} s, warm median "
                f"{out['coverage_median_s']:.2f} s",
                flush=True,
            )
            for rid, secs in sorted(out["rules_median_s"].items(), key=lambda kv: -kv[1]):
                print(f"  {rid:<30} {secs * 1000:9.1f} ms", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=env_str("BENCH_RULE_SIZES", "10000,100000,1000000"))
    ap.add_argument("--runs", type=int, default=env_int("BENCH_RUNS", 5))
    ap.add_argument("--as-of", default=os.environ.get("BENCH_AS_OF"))
    ap.add_argument("--heap", default=env_str("BENCH_HEAP", "4g"))
    ap.add_argument("--pagecache", default=env_str("BENCH_PAGECACHE", "4g"))
    args = ap.parse_args()
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else clock.today()
    results = {
        "machine": machine(),
        "heap": args.heap,
        "pagecache": args.pagecache,
        "runs": args.runs,
        "as_of": as_of,
        "uptime_before": uptime(),
        "sizes": [],
    }
    for n in [int(s) for s in args.sizes.split(",") if s]:
        results["sizes"].append(measure(n, args.runs, as_of, args.heap, args.pagecache))
    results["uptime_after"] = uptime()
    results["load_average_after"] = load_average()
    print("\nhouseholds   check cold  check median  coverage cold  coverage median")
    for r in results["sizes"]:
        print(
            f"{r['households']:>10,} {r['check_cold_s']:>11.2f} {r['check_median_s']:>13.2f} "
            f"{r['coverage_cold_s']:>14.2f} {r['coverage_median_s']:>16.2f}"
        )
    save("rules", results)


if __name__ == "__main__":
    main()
