"""Time `check` (all rules) and `coverage` on a generated demo roster of N households.

    .venv/bin/python bench/rules_bench.py [--synthetic] 10000 [1000000 ...]

Starts a throw-away local Neo4j on a free port (removed afterwards), generates the roster with
`loaders.demo.generate` and loads it with `loaders.api.load_roster` (or, with --synthetic, writes
bench/synthetic_graph.py's graph straight in Cypher: the only way to reach 1,000,000 households in
minutes), then runs every rule, `check` and coverage per level three times each, printing the best.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from synthetic_graph import build  # noqa: E402

from graph import server  # noqa: E402
from graph.connection import Graph  # noqa: E402
from graph.coverage import run_coverage  # noqa: E402
from graph.rules import RULES, rule_params, run_check, run_rule  # noqa: E402
from graph.schema import init_schema  # noqa: E402
from graph.settings import RuleSettings, load_settings  # noqa: E402
from loaders.api import load_roster  # noqa: E402
from loaders.demo import generate  # noqa: E402

AS_OF = dt.date(2026, 11, 22)
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


def best(fn, n=3):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main(sizes: list[int], synthetic: bool = False) -> None:
    work = Path(tempfile.mkdtemp(prefix="bangfu-bench-"))
    base = load_settings(env={})
    settings = base.with_neo4j(
        uri=None,
        password=None,
        database=None,
        data_dir=work / "neo4j",
        dist_dir=REPO / "var" / "neo4j-dist",
        bolt_port=server.free_port(),
        heap="4g",
        pagecache="4g",
    )
    server.start(settings.neo4j)
    try:
        graph = Graph.connect(settings)
        for n in sizes:
            graph.run_admin("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
            init_schema(graph)
            out = work / f"roster-{n}"
            t = time.perf_counter()
            if synthetic:
                build(graph, n)
                t_gen = 0.0
            else:
                generate(out, n, seed=1, as_of=AS_OF)
            t_gen = time.perf_counter() - t
            t = time.perf_counter()
            if not synthetic:
                report = load_roster(graph, [out], progress=False, batch_size=settings.load_batch_size)
                assert report.ok, "load failed"
            t_load = time.perf_counter() - t
            print(f"\n== {n:,} households (generate {t_gen:.1f} s, load {t_load:.1f} s)")
            params = rule_params(AS_OF, RuleSettings(), None)
            for rule in RULES:
                secs, rows = best(lambda: run_rule(graph, rule, params))
                print(f"  {rule.id:<30} {secs * 1000:9.1f} ms  {len(rows):>7} violations")
            secs, result = best(lambda: run_check(graph, AS_OF, RuleSettings()))
            print(f"  {'check (all rules + summary)':<30} {secs * 1000:9.1f} ms  {result['summary']}")
            for level in ("county", "township", "village"):
                secs, cov = best(lambda: run_coverage(graph, level, AS_OF))
                print(f"  {'coverage ' + level:<30} {secs * 1000:9.1f} ms  {len(cov['rows'])} rows")
        graph.close()
    finally:
        server.stop(settings.neo4j)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    main([int(a) for a in args if a != "--synthetic"] or [10000], synthetic="--synthetic" in args)
