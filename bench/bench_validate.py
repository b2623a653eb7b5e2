"""Checking a generated county's rows, without a database: the loader's own CPU before anything is
written (issue 32), per table, for one code or several side by side.

    .venv/bin/python bench/bench_validate.py [--households 100000] [--runs 2] [--code DIR ...]

Each run is a fresh process (`validate(…, keep_rows=True)` as a load calls it, every reference answered
by the roster itself): process CPU seconds, per table, and peak RSS. With `--code` (repeatable) the
same runs use each given checkout in turn, alternating (before, after, before, after …), so that a
machine whose speed drifts over minutes (a shared host) weighs on both alike; a checkout made with
`git worktree add /tmp/before <commit>` is one. Without it, this checkout.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from benchlib import county_dir, env_int, load_average, machine, median, save, uptime

REPO = Path(__file__).resolve().parent.parent

# run in a child process with the checkout to time first on its path
CHILD = """
import datetime as dt, json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from loaders.reading import find_tables
import loaders.validate as V
assert V.__file__.startswith(sys.argv[1]), V.__file__
tables = {}
check_table = V.Validator._check_table
def timed(self, table, checks):
    started = time.process_time()
    check_table(self, table, checks)
    tables[table.name] = [round(time.process_time() - started, 2), sum(c.rows for c in checks)]
V.Validator._check_table = timed
started = time.process_time()
validation = V.validate(find_tables([sys.argv[2]]), keep_rows=True, today=dt.date(2026, 11, 30))
cpu = time.process_time() - started
validation.close()
print(json.dumps({"cpu": cpu, "errors": len(validation.errors), "tables": tables,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: Path, county: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(code), str(county)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--households", type=int, default=env_int("BENCH_HOUSEHOLDS", 100_000))
    ap.add_argument("--runs", type=int, default=2, help="runs of each code")
    ap.add_argument("--code", action="append", type=Path, help="a checkout to time (repeatable)")
    args = ap.parse_args()
    codes = [c.resolve() for c in (args.code or [REPO])]
    county = county_dir(args.households)
    results: dict = {"households": args.households, "county": str(county), "machine": machine(), "runs": []}
    print(uptime(), flush=True)
    for n in range(args.runs):
        for code in codes:
            r = run(code, county)
            r.update(code=str(code), run=n + 1, load_average=load_average())
            results["runs"].append(r)
            print(
                f"{code}  run {n + 1}: CPU {r['cpu']:.1f} s, peak RSS {r['peak_rss_mib']:.0f} MiB, "
                f"load {r['load_average']:.2f}",
                flush=True,
            )
    print(uptime())
    print(f"\n{'table':<20}" + "".join(f"{c.name[:18]:>20}" for c in codes) + "   (median CPU seconds)")
    names = list(results["runs"][0]["tables"])
    for name in names + ["(all)"]:
        cells = []
        for code in codes:
            runs = [r for r in results["runs"] if r["code"] == str(code)]
            if name == "(all)":
                cells.append(median([r["cpu"] for r in runs]))
            else:
                cells.append(median([r["tables"][name][0] for r in runs]))
        rows = results["runs"][0]["tables"][name][1] if name != "(all)" else ""
        print(f"{name:<20}" + "".join(f"{c:>20.2f}" for c in cells) + f"   {rows:>10}")
    save(f"validate-{args.households}", results)


if __name__ == "__main__":
    main()
