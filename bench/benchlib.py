"""What the load and rule benchmarks share: where data lives, a throw-away server, counts, machine facts.

Big files live under var/bench/ (git-ignored): generated counties in var/bench/county-N, server data
in var/bench/db-NAME. A server started here runs on a free port and is stopped by the caller's
`finally` (use `running_server`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph import server  # noqa: E402
from graph.connection import Graph  # noqa: E402
from graph.schema import init_schema  # noqa: E402
from graph.settings import load_settings  # noqa: E402

BENCH = Path(os.environ.get("BENCH_DIR", REPO / "var" / "bench"))
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


def own_code(env: dict) -> dict:
    """`env` for a `bangfu` the bench starts, so that it runs this checkout's code: a `git archive` copy
    of an older commit with its `.venv` linked to main's (an editable install of main) would otherwise
    time main's code under the copy's name."""
    return {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def env_str(name: str, default: str) -> str:
    return os.environ.get(name) or default


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def load_average() -> float:
    return os.getloadavg()[0]


def machine() -> dict:
    mem = 0
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(mem / (1 << 30), 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


# The day a generated county is "as of": fixed, so that a county generated on any day is the same one
# and the benches' checks of this day find its kept latest visits usable (a county generated as of a
# later day has visits after the check's day, which a check must then read one by one).
COUNTY_AS_OF = dt.date(2026, 11, 30)


def county_dir(households: int, seed: int = 1) -> Path:
    """A generated county of `households` households as of COUNTY_AS_OF (generated once, kept under
    var/bench)."""
    from loaders.demo.generate import generate

    out = BENCH / (f"county-{households}" if seed == 1 else f"county-{households}-s{seed}")
    if not (out / "households.csv").exists():
        t = time.perf_counter()
        generate(out, households, seed=seed, as_of=COUNTY_AS_OF)
        print(f"generated {out} in {time.perf_counter() - t:.1f} s", flush=True)
    return out


def bench_settings(data_dir: Path, heap: str, pagecache: str):
    base = load_settings(env={})
    return base.with_neo4j(
        uri=None,
        password=None,
        database=None,
        data_dir=data_dir,
        dist_dir=REPO / "var" / "neo4j-dist",
        bolt_port=server.free_port(),
        heap=heap,
        pagecache=pagecache,
    )


@contextlib.contextmanager
def running_server(
    data_dir: Path, *, heap: str, pagecache: str, fresh: bool = True, import_dir: Path | None = None
):
    """A local Neo4j on a free port with its data in `data_dir` (emptied first when fresh)."""
    if fresh and data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = bench_settings(data_dir, heap, pagecache)
    started = server.start(settings.neo4j, import_dir=import_dir)
    print(
        f"neo4j up on port {settings.neo4j.bolt_port} in {started.seconds:.1f} s "
        f"(heap {heap}, pagecache {pagecache}, data {data_dir})",
        flush=True,
    )
    try:
        yield settings
    finally:
        server.stop(settings.neo4j)


def wipe(graph: Graph) -> None:
    graph.run_admin("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")


def fresh_graph(graph: Graph) -> None:
    """An empty database with the schema of the graph model."""
    wipe(graph)
    init_schema(graph)


def element_counts(graph: Graph) -> tuple[int, int]:
    """(nodes, relationships) in the database, SchemaVersion excluded."""
    n = graph.read("MATCH (n) WHERE NOT n:SchemaVersion RETURN count(n) AS c")[0]["c"]
    r = graph.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    return n, r


def shape(graph: Graph) -> dict:
    """Nodes per label and relationships per type: to check that two loaders built the same graph."""
    labels = {
        r["l"]: r["c"]
        for r in graph.read(
            "MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:Load UNWIND labels(n) AS l "
            "WITH l WHERE l <> 'Searchable' RETURN l, count(*) AS c"
        )
    }
    types = {r["t"]: r["c"] for r in graph.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c")}
    return {"labels": dict(sorted(labels.items())), "types": dict(sorted(types.items()))}


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def save(name: str, data: dict) -> Path:
    out = BENCH / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}-{dt.datetime.now():%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(f"results: {path}", flush=True)
    return path
