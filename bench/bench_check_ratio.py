"""`check` with every rule against `check --rule help_pair` on the same server (issue 31).

    .venv/bin/python bench/bench_check_ratio.py [--households 100000] [--runs 3] [--warmup 0]
        [--as-of 2026-11-30] [--each-rule]

The issue's target: all rules at most 1.5 × help_pair alone, warm medians, side by side. The county
(var/bench/county-N, made by `bangfu demo generate -n N --as-of AS_OF`, which writes a year of visits)
is loaded once into var/bench/db-N (bench_rules.py's database, reused); then the server is started,
`db init` brings the schema up to date, each is run once cold (and `--warmup` times more, unmeasured:
the server compiles what it runs often), and `--runs` warm runs of the two alternate, so both see the
same machine. The load average is read before each run. Each rule alone (warm median of `--runs`)
names the slow ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from bench_rules import ensure_loaded
from benchlib import BENCH, load_average, machine, median, running_server, save, uptime

from graph.connection import Graph
from graph.rules import RULES, rule_params, run_check, run_rule
from graph.schema import init_schema
from graph.settings import RuleSettings


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--households", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--warmup",
        type=int,
        default=0,
        help="unmeasured runs of each after the cold one (the JVM compiles the plans)",
    )
    ap.add_argument("--as-of", default="2026-11-30")
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--pagecache", default="2g")
    ap.add_argument("--each-rule", action="store_true", help="also time each rule alone")
    args = ap.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    rules = RuleSettings()
    ensure_loaded(args.households, args.heap, args.pagecache)
    out: dict = {"machine": machine(), "households": args.households, "as_of": as_of, "runs": args.runs}
    data = BENCH / f"db-{args.households}"
    with running_server(data, heap=args.heap, pagecache=args.pagecache, fresh=False) as s:
        with Graph.connect(s) as graph:
            out["init_s"] = timed(lambda: init_schema(graph))

            def every_rule() -> None:
                run_check(graph, as_of, rules)

            def help_pair() -> None:
                run_check(graph, as_of, rules, rules=["help_pair"])

            out["cold"] = {"all_s": timed(every_rule), "help_pair_s": timed(help_pair)}
            for _ in range(args.warmup):
                every_rule()
                help_pair()
            out["warmup"] = args.warmup
            alls, hps, loads = [], [], []
            for _ in range(args.runs):
                loads.append(load_average())
                alls.append(timed(every_rule))
                hps.append(timed(help_pair))
            loads.append(load_average())
            out.update(all_s=alls, help_pair_s=hps, load_averages=loads, uptime=uptime())
            out["all_median_s"], out["help_pair_median_s"] = median(alls), median(hps)
            out["ratio"] = out["all_median_s"] / out["help_pair_median_s"]
            print(f"check, all rules: {alls} s (median {out['all_median_s']:.2f})", flush=True)
            print(f"help_pair: {hps} s (median {out['help_pair_median_s']:.2f})", flush=True)
            print(f"ratio {out['ratio']:.2f}; load averages {loads}", flush=True)
            if args.each_rule:
                params = rule_params(as_of, rules, None)
                out["rules_median_s"] = {
                    rule.id: median([timed(lambda: run_rule(graph, rule, params)) for _ in range(args.runs)])
                    for rule in RULES
                }
                for rid, secs in sorted(out["rules_median_s"].items(), key=lambda kv: -kv[1]):
                    print(f"  {rid:<30} {secs * 1000:9.1f} ms", flush=True)
    save(f"check-ratio-{args.households}", out)


if __name__ == "__main__":
    main()
