"""A deep page of open findings: SORT + SKIP over every open finding (the ledger's list before issue 31)
against keyset paging in the sort key's index, on the same server, one viewer (issue 31).

    .venv/bin/python bench/bench_ledger_page.py [--households 100000] [--runs 5] [--old FILE]

On bench_check_ratio.py's database var/bench/db-N: records a check as of --as-of when none is recorded
(every finding created), then asks for the last page of open findings (200 a page) `--runs` times each
way, alternating: with the old statement (--old: the list.cypher of the commit before, by SKIP) and
with today's (by the last key of the page before). Warm medians; the load average before each run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from benchlib import BENCH, load_average, machine, median, running_server, save

import cypher
from graph.connection import Graph
from graph.ledger import record_check
from graph.ledger.store import Filters, list_findings
from graph.schema import init_schema
from graph.settings import LedgerSettings, RuleSettings

PER_PAGE = 200


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--households", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--as-of", default="2026-11-30")
    ap.add_argument("--old", type=Path, required=True, help="the list.cypher that sorts and skips")
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--pagecache", default="2g")
    args = ap.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    today = as_of + dt.timedelta(days=1)
    old = args.old.read_text(encoding="utf-8")
    opened = Filters(statuses=("待整改", "整改中"))
    out: dict = {"machine": machine(), "households": args.households}
    data = BENCH / f"db-{args.households}"
    with running_server(data, heap=args.heap, pagecache=args.pagecache, fresh=False) as s:
        with Graph.connect(s) as graph:
            init_schema(graph)
            if not graph.read("MATCH (r:CheckRun) RETURN count(r) AS n")[0]["n"]:
                t = time.perf_counter()
                run = record_check(graph, as_of, RuleSettings(), LedgerSettings(), user="bench")
                out["record_s"] = time.perf_counter() - t
                print(f"recorded {run.created:,} findings in {out['record_s']:.1f} s", flush=True)
            _, total = list_findings(graph, opened, today=today, limit=1)
            last = (total - 1) // PER_PAGE  # the last page, counted from 0
            # the key before the last page: what the previous page's "next" link carries
            before_it = list_findings(graph, opened, today=today, skip=last * PER_PAGE - 1, limit=1)[0]
            edge = before_it[0]["sort_key"]
            params = {**opened.params(today), "skip": last * PER_PAGE, "limit": PER_PAGE}

            def by_skip() -> int:
                return len(graph.read(old, params))

            keyed = {**params, "skip": 0, "after": edge, "before": None}

            def by_key() -> int:  # the same statement's work: the page alone (the total is a second query)
                return len(graph.read(cypher.load("ledger/list"), keyed))

            assert by_skip() == by_key() > 0  # also warms both plans
            skips, keys, loads = [], [], []
            for _ in range(args.runs):
                loads.append(load_average())
                t = time.perf_counter()
                by_skip()
                skips.append(time.perf_counter() - t)
                t = time.perf_counter()
                by_key()
                keys.append(time.perf_counter() - t)
            out.update(open_findings=total, page=last + 1, skip_s=skips, key_s=keys, load_averages=loads)
            out["skip_median_s"], out["key_median_s"] = median(skips), median(keys)
            print(
                f"{total:,} open findings, page {last + 1}: SORT+SKIP median {median(skips) * 1000:.0f} ms "
                f"{[round(x * 1000) for x in skips]}, keyset median {median(keys) * 1000:.0f} ms "
                f"{[round(x * 1000) for x in keys]}; load averages {loads}",
                flush=True,
            )
            assert cypher.load("ledger/list") != old
            assert by_key() == len(list_findings(graph, opened, today=today, limit=PER_PAGE, after=edge)[0])
    save(f"ledger-page-{args.households}", out)


if __name__ == "__main__":
    main()
