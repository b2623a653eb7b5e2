"""What one ledger page reads, part by part, on bench_ledger.py's database (issue 31): the page itself
(first, by number in the middle and at the end of the open findings, and after the kept edges of
those pages; one township's first page), the total with the page edges for its filters, the counts
per township, the village ranking and the townships list; one viewer, warm medians.

    .venv/bin/python bench/bench_ledger_parts.py [--households 1000000] [--runs 5]

Run bench/bench_ledger.py first (it loads var/bench/db-ledger-N and records a check).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from benchlib import BENCH, running_server, uptime

import cypher
from graph.connection import Graph
from graph.ledger.store import (
    Filters,
    counts_by_township,
    page_of_findings,
    pages_of_findings,
    village_ranking,
)

TODAY = dt.date(2026, 11, 30)
OPEN = Filters(statuses=("待整改", "整改中"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--households", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--heap", default="4g")
    ap.add_argument("--pagecache", default="4g")
    args = ap.parse_args()
    data_dir = BENCH / f"db-ledger-{args.households}"
    with running_server(data_dir, heap=args.heap, pagecache=args.pagecache, fresh=False) as settings:
        graph = Graph.connect(settings)
        print(uptime(), flush=True)
        paging = pages_of_findings(graph, OPEN, today=TODAY)
        open_findings = paging.total
        print(f"{open_findings:,} open findings", flush=True)
        middle, last = (open_findings // 2) // 200 * 200, (open_findings - 1) // 200 * 200
        # the township in the middle of the ledger's order: the most findings in front of it
        towns = [r["code"] for r in graph.read(cypher.load("app/townships"))]
        town = sorted(towns)[len(towns) // 2]
        in_town = Filters(township=town)
        parts = {
            "first page": lambda: page_of_findings(graph, Filters(), today=TODAY),
            "open page 1": lambda: page_of_findings(graph, OPEN, today=TODAY),
            f"open page by number (skip {middle:,})": lambda: page_of_findings(
                graph, OPEN, today=TODAY, skip=middle
            ),
            f"open page by number (skip {last:,})": lambda: page_of_findings(
                graph, OPEN, today=TODAY, skip=last
            ),
            f"open page by its kept edge (page {middle // 200 + 1:,})": lambda: page_of_findings(
                graph, OPEN, today=TODAY, after=paging.after(middle // 200 + 1)
            ),
            f"open page by its kept edge (page {last // 200 + 1:,})": lambda: page_of_findings(
                graph, OPEN, today=TODAY, after=paging.after(last // 200 + 1)
            ),
            f"one township's first page ({town})": lambda: page_of_findings(graph, in_town, today=TODAY),
            "one township's total and page edges": lambda: pages_of_findings(graph, in_town, today=TODAY),
            "total and page edges of open findings": lambda: pages_of_findings(graph, OPEN, today=TODAY),
            "total and page edges of all findings": lambda: pages_of_findings(graph, Filters(), today=TODAY),
            "counts by township": lambda: counts_by_township(graph, TODAY),
            "village ranking": lambda: village_ranking(graph, TODAY, limit=10),
            "townships": lambda: graph.read(cypher.load("app/townships")),
        }
        for name, read in parts.items():
            read()  # planned and warm
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                read()
                times.append(time.perf_counter() - t)
            runs = ", ".join(f"{x * 1000:.0f}" for x in times)
            print(f"{name:40} median {statistics.median(times) * 1000:6.0f} ms ({runs})", flush=True)
        print(uptime(), flush=True)


if __name__ == "__main__":
    main()
