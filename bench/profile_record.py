"""Where the time of recording a check goes (issue 16): each statement of `record_check` timed on its own.

    .venv/bin/python bench/profile_record.py [--households 1000000] [--rounds 1]

Uses the database bench_ledger.py loaded (var/bench/db-ledger-N; never loads nor deletes it), empties
the ledger, then records a check as of D (the first record: every finding created) and as of D + 31
days (a month later: every finding seen again), and prints the seconds per statement (the `.cypher`
file it runs; `run_check` and `run_coverage` as a whole) and per call, so a change to one statement
shows in its own line. The real `record_check` runs: statements are timed by a Graph that notes the
time of every query it runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from collections import defaultdict

from bench_ledger import AS_OF, _empty_ledger
from benchlib import BENCH, running_server

import cypher
import graph.ledger.record as record_module
from graph.connection import Graph
from graph.settings import LedgerSettings, RuleSettings

_NAMES = {
    p.read_text(encoding="utf-8"): str(p.relative_to(cypher.CYPHER_DIR).with_suffix(""))
    for p in cypher.CYPHER_DIR.rglob("*.cypher")
}


class TimedGraph(Graph):
    """A Graph that adds the seconds of each query to `times[name]` (name: its .cypher file)."""

    times: dict[str, list[float]]

    def _timed(self, query, call):
        t = time.perf_counter()
        try:
            return call()
        finally:
            self.times[_NAMES.get(query, query.strip().splitlines()[0][:60])].append(time.perf_counter() - t)

    def read_records(self, query, params=None, *, timeout=None):
        return self._timed(
            query, lambda: super(TimedGraph, self).read_records(query, params, timeout=timeout)
        )

    def write(self, query, params=None):
        return self._timed(query, lambda: super(TimedGraph, self).write(query, params))

    def write_returning(self, query, params=None):
        return self._timed(query, lambda: super(TimedGraph, self).write_returning(query, params))


def _wrapped(name, fn, times):
    def timed(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            times[name].append(time.perf_counter() - t)

    return timed


def _report(title: str, total: float, times: dict[str, list[float]]) -> None:
    print(f"{title}: {total:.2f} s", flush=True)
    for name, spent in sorted(times.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {sum(spent):8.2f} s  {len(spent):4d} calls  {name}", flush=True)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--households", type=int, default=1_000_000)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--heap", default=os.environ.get("BENCH_HEAP", "4g"))
    p.add_argument("--pagecache", default=os.environ.get("BENCH_PAGECACHE", "4g"))
    args = p.parse_args(argv)
    data_dir = BENCH / f"db-ledger-{args.households}"
    if not data_dir.exists():
        raise SystemExit(f"{data_dir} is missing: run bench/bench_ledger.py first")
    with running_server(data_dir, heap=args.heap, pagecache=args.pagecache, fresh=False) as settings:
        plain = Graph.connect(settings)
        graph = TimedGraph(plain.driver, plain.database, plain.uri)
        rules, ledger = RuleSettings(), LedgerSettings()
        try:
            t = time.perf_counter()
            record_module.run_check(plain, AS_OF, rules)
            print(f"check (warm-up): {time.perf_counter() - t:.2f} s", flush=True)
            for r in range(args.rounds):
                _empty_ledger(plain)
                for label, as_of in (
                    ("first record", AS_OF),
                    ("a month later", AS_OF + dt.timedelta(days=31)),
                ):
                    graph.times = defaultdict(list)
                    originals = record_module.run_check, record_module.run_coverage
                    record_module.run_check = _wrapped("run_check", originals[0], graph.times)
                    record_module.run_coverage = _wrapped("run_coverage", originals[1], graph.times)
                    try:
                        t = time.perf_counter()
                        run = record_module.record_check(graph, as_of, rules, ledger, user="bench")
                        total = time.perf_counter() - t
                    finally:
                        record_module.run_check, record_module.run_coverage = originals
                    _report(
                        f"round {r + 1}, {label} ({run.seen} seen, {run.created} created, "
                        f"{run.closed} closed, {run.reopened} reopened)",
                        total,
                        graph.times,
                    )
        finally:
            plain.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
