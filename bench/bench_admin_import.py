"""First load of a big county-set two ways: the bulk importer path vs `bangfu load`.

    .venv/bin/python bench/bench_admin_import.py --households 200000
    .venv/bin/python bench/bench_admin_import.py --households 5000000 --heap 8g --pagecache 8g

(a) admin import: `bangfu export admin-import OUT COUNTY` (a subprocess under /usr/bin/time -v: time
    and peak RSS), then `bangfu db import OUT` into a stopped, empty throw-away server (the importer,
    then start and `db init`); both timed, as a user runs them.
(b) `bangfu load COUNTY` (subprocess under /usr/bin/time -v) into an empty throw-away server with the
    schema initialised, through NEO4J_URI as any server.

Both graphs must have the same counts per label and relationship type (checked). Elements = nodes +
relationships (Load and SchemaVersion included). The county is `bangfu demo generate OUT
--households N --seed 1`, generated once under var/bench/county-N; server data in var/bench/db-*.
`--only admin` or `--only load` runs one side. Results: var/bench/results/admin-import-N-*.json.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import time

from benchlib import (
    BENCH,
    REPO,
    bench_settings,
    county_dir,
    element_counts,
    env_int,
    env_str,
    load_average,
    machine,
    own_code,
    running_server,
    save,
    shape,
    uptime,
)

from graph import server  # noqa: E402
from graph.connection import Graph  # noqa: E402
from graph.schema import init_schema  # noqa: E402

BANGFU = str(REPO / ".venv" / "bin" / "bangfu")


def _timed(cmd: list[str], env: dict) -> tuple[float, float, str]:
    """Run under /usr/bin/time -v: (seconds, peak RSS MiB, stdout)."""
    print(uptime(), "\n$", " ".join(cmd), flush=True)
    t = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-v"] + cmd, env=own_code(env), cwd=BENCH, capture_output=True, text=True
    )
    seconds = time.perf_counter() - t
    print(proc.stdout[-2500:], proc.stderr[-1500:], flush=True)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[1]} failed ({proc.returncode})")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) / 1024
    return seconds, rss, proc.stdout


def _env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    for var in (
        "NEO4J_URI",
        "NEO4J_USER",
        "NEO4J_PASSWORD",
        "NEO4J_DATABASE",
        "BANGFU_CONFIG",
        "BANGFU_HOME",
        "BANGFU_BOLT_PORT",
    ):
        env.pop(var, None)
    env.update(extra or {})
    return env


def run_admin(county, households: int, heap: str, pagecache: str) -> dict:
    out = BENCH / f"admin-import-{households}"
    data = BENCH / f"db-admin-{households}"
    for path in (out, data):
        if path.exists():
            shutil.rmtree(path)
    data.mkdir(parents=True)
    export_s, export_rss, _ = _timed(
        [BANGFU, "export", "admin-import", str(out), str(county), "--no-progress"], _env()
    )
    files_mb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    # `bangfu db import` as a user runs it, with a bangfu.toml pointing at the throw-away data folder
    settings = bench_settings(data, heap, pagecache)
    config = data.parent / f"bangfu-admin-{households}.toml"
    config.write_text(
        f'home = "{data}"\n[neo4j]\ndata_dir = "{data}"\ndist_dir = "{REPO / "var" / "neo4j-dist"}"\n'
        f'bolt_port = {settings.neo4j.bolt_port}\nheap = "{heap}"\npagecache = "{pagecache}"\n',
        encoding="utf-8",
    )
    try:
        import_s, import_rss, stdout = _timed(
            [BANGFU, "--config", str(config), "db", "import", str(out)], _env()
        )
        importer_s = float(re.search(r"批量导入完成：用时 ([\d.]+) 秒", stdout).group(1))
        schema_s = float(re.search(r"索引 \d+ 个（用时 ([\d.]+) 秒）", stdout).group(1))
        with Graph.connect(settings) as graph:
            nodes, rels = element_counts(graph)  # Load included, SchemaVersion not (as for bangfu load)
            got = shape(graph)
    finally:
        server.stop(settings.neo4j)
    seconds = export_s + import_s
    elements = nodes + rels
    return {
        "export_s": export_s,
        "export_rss_mib": export_rss,
        "files_mb": files_mb,
        "db_import_s": import_s,
        "importer_s": importer_s,
        "start_and_schema_s": schema_s,
        "seconds": seconds,
        "nodes": nodes,
        "relationships": rels,
        "elements": elements,
        "elements_per_s": elements / seconds,
        "shape": got,
    }


def run_load(county, households: int, heap: str, pagecache: str) -> dict:
    data = BENCH / f"db-load-{households}"
    with running_server(data, heap=heap, pagecache=pagecache) as settings:
        with Graph.connect(settings) as graph:
            init_schema(graph)
        env = _env(
            {
                "NEO4J_URI": settings.neo4j.local_uri,
                "NEO4J_USER": "neo4j",
                "NEO4J_PASSWORD": settings.neo4j.password_file.read_text().strip(),
            }
        )
        seconds, rss, _ = _timed([BANGFU, "load", str(county), "--no-progress"], env)
        with Graph.connect(settings) as graph:
            nodes, rels = element_counts(graph)
            got = shape(graph)
    elements = nodes + rels
    return {
        "seconds": seconds,
        "rss_mib": rss,
        "nodes": nodes,
        "relationships": rels,
        "elements": elements,
        "elements_per_s": elements / seconds,
        "shape": got,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--households", type=int, default=env_int("BENCH_ADMIN_HOUSEHOLDS", 200_000))
    ap.add_argument("--heap", default=env_str("BENCH_HEAP", "4g"))
    ap.add_argument("--pagecache", default=env_str("BENCH_PAGECACHE", "4g"))
    ap.add_argument("--only", default="admin,load", help="admin, load or both (comma-separated)")
    args = ap.parse_args()
    only = args.only.split(",")

    t = time.perf_counter()
    county = county_dir(args.households)
    results = {
        "households": args.households,
        "county": str(county),
        "machine": machine(),
        "heap": args.heap,
        "pagecache": args.pagecache,
        "generate_s": time.perf_counter() - t,
        "rows": sum(1 for p in county.glob("*.csv") for _ in open(p, encoding="utf-8-sig")) - 10,
        "uptime_before": uptime(),
    }
    if "admin" in only:
        results["admin"] = run_admin(county, args.households, args.heap, args.pagecache)
    if "load" in only:
        results["load"] = run_load(county, args.households, args.heap, args.pagecache)
    results["uptime_after"], results["load_average_after"] = uptime(), load_average()

    print(f"\n{args.households:,} households, {results['rows']:,} roster rows")
    if "admin" in results:
        a = results["admin"]
        print(
            f"admin import: export {a['export_s']:.1f} s (peak RSS {a['export_rss_mib']:.0f} MiB, "
            f"{a['files_mb']:.0f} MB of files) + db import {a['db_import_s']:.1f} s (importer "
            f"{a['importer_s']:.1f} s, start + schema {a['start_and_schema_s']:.1f} s) "
            f"= {a['seconds']:.1f} s; "
            f"{a['elements']:,} elements, {a['elements_per_s']:,.0f} elements/s"
        )
    if "load" in results:
        b = results["load"]
        print(
            f"bangfu load: {b['seconds']:.1f} s (peak RSS {b['rss_mib']:.0f} MiB); "
            f"{b['elements']:,} elements, "
            f"{b['elements_per_s']:,.0f} elements/s"
        )
    if "admin" in results and "load" in results:
        same = results["admin"]["shape"] == results["load"]["shape"]
        results["same_shape"] = same
        results["ratio"] = results["admin"]["elements_per_s"] / results["load"]["elements_per_s"]
        print(
            f"admin import ÷ bangfu load: {results['ratio']:.1f}× elements/s; same counts per label and "
            f"type: {same}"
        )
        if not same:
            print("shapes differ:", results["admin"]["shape"], results["load"]["shape"])
    save(f"admin-import-{args.households}", results)


if __name__ == "__main__":
    main()
